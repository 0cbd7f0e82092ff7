//! `rapport outbox`: the messages the shop sends and their states;
//! `outbox run` sends what is due (a server does it continuously);
//! `outbox retry|cancel ID` settle a failed or unsure one.

use super::Output;
use crate::cli::{OutboxArgs, OutboxCommand};
use rapport_engine::Engine;
use rapport_store::outbox::{OutboxFilter, OutboxState};
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &OutboxArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.action {
        Some(OutboxCommand::Run { now }) => {
            let now = match now {
                Some(raw) => rapport_engine::parse_time("now", raw).map_err(super::flagged)?,
                None => rapport_engine::now(),
            };
            let summary = engine.send_due(now)?;
            if out.json {
                out.print_json(&summary)?;
            } else {
                println!(
                    "sent {} · retrying {} · failed {} · unsure {} · cancelled {} · waiting {}",
                    summary.sent,
                    summary.retrying,
                    summary.failed,
                    summary.unsure,
                    summary.cancelled,
                    summary.waiting
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(OutboxCommand::Retry { id }) => decide(engine, *id, true, out),
        Some(OutboxCommand::Cancel { id }) => decide(engine, *id, false, out),
        None => list(engine, args, out),
    }
}

fn decide(engine: &Engine, id: i64, send: bool, out: Output) -> anyhow::Result<ExitCode> {
    let row = engine
        .decide_outbox(id, send, super::CLI_ACTOR)?
        .ok_or_else(|| crate::user_error(format!("no outbox message {id}")))?;
    if out.json {
        out.print_json(&row)?;
    } else {
        println!("message {id} is {} now", row.state.as_str());
    }
    Ok(ExitCode::SUCCESS)
}

fn list(engine: &Engine, args: &OutboxArgs, out: Output) -> anyhow::Result<ExitCode> {
    let state = match &args.state {
        Some(s) => Some(OutboxState::parse(s).ok_or_else(|| {
            crate::user_error(format!(
                "--state {s:?}: expected queued, sending, sent, failed, unsure, recorded or cancelled"
            ))
        })?),
        None => None,
    };
    let filter = OutboxFilter {
        state,
        ..Default::default()
    };
    let page = engine.outbox(&filter, 0, args.limit)?;
    if out.json {
        out.print_json(&page)?;
        return Ok(ExitCode::SUCCESS);
    }
    let connected = if page.connected.is_empty() {
        "none".to_string()
    } else {
        page.connected.join(", ")
    };
    println!("connected channels: {connected}");
    for m in &page.messages {
        println!(
            "#{:<5} {:<9} {:<9} {:<8} to {:<24} {}",
            m.id,
            m.state.as_str(),
            m.kind.as_str(),
            m.channel,
            super::one_line(m.recipient.as_deref().unwrap_or("-"), 24),
            super::one_line(&m.body, 60)
        );
        if let Some(e) = &m.last_error {
            println!("       {}", super::one_line(&e.to_string(), 100));
        }
    }
    if page.messages.is_empty() {
        println!("the outbox is empty");
    } else if page.total > page.messages.len() as u64 {
        println!(
            "({} of {} shown; --limit for more)",
            page.messages.len(),
            page.total
        );
    }
    Ok(ExitCode::SUCCESS)
}
