//! `rapport worker`, `rapport jobs` and `rapport import --queue`: the job
//! queue from the command line (see `rapport_engine::jobs`).

use super::Output;
use crate::cli::{JobsArgs, WorkerArgs};
use crate::user_error;
use rapport_engine::jobs::{Ran, Worker, KINDS};
use rapport_engine::Engine;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How often a worker that takes `send` queues an outbox round (one at a
/// time, whichever process queues it).
const SEND_EVERY: Duration = Duration::from_secs(5);

pub fn run(engine: &Engine, args: &WorkerArgs, out: Output) -> anyhow::Result<ExitCode> {
    if let Some(k) = args.kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
        return Err(user_error(format!(
            "--kinds: unknown job kind {k:?}; expected one of: {}",
            KINDS.join(", ")
        )));
    }
    let worker = Worker::here(args.kinds.clone(), args.lease);
    tracing::info!(target: "jobs", worker = %worker.name, "worker started");
    let sends = args.kinds.is_empty() || args.kinds.iter().any(|k| k == "send");
    let idle = Duration::from_millis(args.idle_ms.max(10));
    let mut next_send = Instant::now();
    let mut ran = 0u64;
    loop {
        if sends && !args.once && Instant::now() >= next_send {
            next_send = Instant::now() + SEND_EVERY;
            if let Err(e) = engine.queue_job("send", &serde_json::json!({}), Some("send")) {
                tracing::warn!(target: "jobs", "queueing an outbox round: {e}");
            }
        }
        match engine.work_once(&worker) {
            Ok(Some(r)) => {
                ran += 1;
                print_ran(&r, out)?;
            }
            Ok(None) if args.once => break,
            Ok(None) => std::thread::sleep(idle),
            // Run to the end of the queue, a failure ends the run.
            Err(e) if args.once => return Err(e.into()),
            // A worker outlives a database that is away for a while.
            Err(e) => {
                tracing::warn!(target: "jobs", "taking a job: {e}");
                std::thread::sleep(idle.max(Duration::from_secs(1)));
            }
        }
    }
    if !out.json {
        println!("ran {ran} jobs");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_ran(r: &Ran, out: Output) -> anyhow::Result<()> {
    if out.json {
        println!("{}", serde_json::to_string(r)?);
        return Ok(());
    }
    let how = match (&r.done, &r.error) {
        (Some(report), _) => format!("done {report}"),
        (None, Some(e)) => format!("failed: {e}"),
        (None, None) => "ended".into(),
    };
    let lost = if r.recorded {
        ""
    } else {
        " (no longer this worker's: not recorded)"
    };
    println!("job {} {} (try {}): {how}{lost}", r.id, r.kind, r.attempt);
    Ok(())
}

pub fn list(engine: &Engine, args: &JobsArgs, out: Output) -> anyhow::Result<ExitCode> {
    let store = engine.store();
    let jobs = store.jobs(args.limit.clamp(1, 500))?;
    let counts = store.job_counts()?;
    if out.json {
        out.print_json(&serde_json::json!({ "kinds": counts, "jobs": jobs }))?;
        return Ok(ExitCode::SUCCESS);
    }
    for c in &counts {
        println!(
            "{:<10} {} queued, {} running, {} failed{}",
            c.kind,
            c.queued,
            c.running,
            c.failed,
            c.oldest_queued
                .map(|t| format!(
                    ", oldest queued {}",
                    rapport_core::Timestamp(t).to_rfc3339()
                ))
                .unwrap_or_default()
        );
    }
    for j in &jobs {
        let outcome: String = j
            .outcome
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(80)
            .collect();
        println!(
            "{:>6} {:<10} {:<8} try {} {} {}",
            j.id,
            j.kind,
            j.state.as_str(),
            j.attempts,
            j.worker.as_deref().unwrap_or("-"),
            outcome
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport import --queue`: each file (or stdin) queued whole as an
/// import job.
pub fn queue_import(
    engine: &Engine,
    args: &crate::cli::ImportArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (format, paths) = (&args.format, &args.paths);
    let mut ids = Vec::new();
    for path in paths {
        let data = if path == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(path)
        }
        .map_err(|e| user_error(format!("{path}: cannot read: {e}")))?;
        let id = engine.queue_import(format, path, data, Some(args.batch_size))?;
        if !out.json {
            println!("queued {path} as job {id}");
        }
        ids.push(id);
    }
    if out.json {
        out.print_json(&serde_json::json!({ "jobs": ids }))?;
    }
    Ok(ExitCode::SUCCESS)
}
