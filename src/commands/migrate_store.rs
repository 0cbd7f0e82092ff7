//! `rapport migrate-store`: a whole store copied into an empty database,
//! then every table compared on both sides (see
//! `rapport_store::transfer`).

use super::Output;
use crate::cli::MigrateStoreArgs;
use anyhow::Context;
use rapport_store::transfer::{self, Check, Endpoint, Moved};
use rapport_store::StoreError;
use serde_json::json;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub fn run(args: &MigrateStoreArgs, out: Output) -> anyhow::Result<ExitCode> {
    let mut from = open("--from", &args.from, true)?;
    let mut to = open("--to", &args.to, false)?;
    let moved = if args.check_only {
        None
    } else {
        let mut shown = Instant::now();
        let mut progress = |table: &str, rows: u64, done: bool| {
            // A line per table copied, and every few seconds for a long one.
            if (done && rows > 0) || shown.elapsed() > Duration::from_secs(5) {
                eprintln!("{table}: {rows} rows{}", if done { "" } else { " so far" });
                shown = Instant::now();
            }
        };
        let moved = transfer::copy(&mut from, &mut to, &mut progress).map_err(|e| match e {
            // A target holding data is the caller's to fix.
            e @ StoreError::Refused(_) => crate::user_error(e.to_string()),
            e => anyhow::Error::new(e).context("copying the store"),
        })?;
        Some(moved)
    };
    let began = Instant::now();
    let checks = transfer::compare(&mut from, &mut to).context("comparing the two stores")?;
    let compared = began.elapsed().as_secs_f64();
    if out.json {
        let mut report = report(moved.as_ref(), &checks);
        report["compare_seconds"] = json!(compared);
        out.print_json(&report)?;
    } else {
        print(moved.as_ref(), &checks);
        println!(
            "compared {} tables on both sides in {compared:.1} s",
            checks.len()
        );
    }
    let differ: Vec<&str> = checks
        .iter()
        .filter(|c| !c.ok())
        .map(|c| c.table.as_str())
        .collect();
    if !differ.is_empty() {
        anyhow::bail!(
            "{} of {} tables differ between the two stores: {}",
            differ.len(),
            checks.len(),
            differ.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens one side; a URL that cannot be used or reached is the caller's
/// to fix (exit 2), named by its flag.
fn open(flag: &str, url: &str, must_exist: bool) -> anyhow::Result<Endpoint> {
    Endpoint::open(url, must_exist).map_err(|e| crate::user_error(format!("{flag}: {e}")))
}

fn per_second(rows: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        (rows as f64 / seconds).round()
    } else {
        0.0
    }
}

/// The JSON report: what was copied, and each table's rows and checksum
/// on both sides.
fn report(moved: Option<&Moved>, checks: &[Check]) -> serde_json::Value {
    let tables: Vec<serde_json::Value> = checks
        .iter()
        .map(|c| {
            json!({
                "table": c.table,
                "rows": c.from.rows,
                "checksum": c.from.hex(),
                "target_rows": c.to.rows,
                "target_checksum": c.to.hex(),
                "ok": c.ok(),
            })
        })
        .collect();
    let copied = moved.map(|m| {
        json!({
            "rows": m.rows(),
            "seconds": m.copy_seconds,
            "rows_per_second": per_second(m.rows(), m.copy_seconds),
            "tables": m.tables.iter().map(|(t, rows, seconds)| json!({
                "table": t, "rows": rows, "seconds": seconds,
            })).collect::<Vec<_>>(),
            "search_index": { "rows": m.search.0, "seconds": m.search.1 },
            "not_copied": m.left.iter().map(|(t, how)| json!({
                "table": t, "treatment": how.name(),
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "copied": copied,
        "tables": tables,
        "ok": checks.iter().all(Check::ok),
    })
}

/// The report for people: a line on the copy, then `table rows checksum
/// ok`, the target's side after an arrow where it differs.
fn print(moved: Option<&Moved>, checks: &[Check]) {
    if let Some(m) = moved {
        println!(
            "copied {} rows in {} tables in {:.1} s ({} rows/s); search index rebuilt: {} rows in {:.1} s",
            m.rows(),
            m.tables.len(),
            m.copy_seconds,
            per_second(m.rows(), m.copy_seconds),
            m.search.0,
            m.search.1
        );
    }
    let width = checks
        .iter()
        .map(|c| c.table.len())
        .max()
        .unwrap_or(5)
        .max(5);
    println!("{:width$}  {:>9}  {:16}  ok", "table", "rows", "checksum");
    for c in checks {
        let short = |s: &transfer::Sum| s.hex()[..16].to_string();
        let rows = if c.from.rows == c.to.rows {
            c.from.rows.to_string()
        } else {
            format!("{} → {}", c.from.rows, c.to.rows)
        };
        let sum = if c.from.digest == c.to.digest {
            short(&c.from)
        } else {
            format!("{} → {}", short(&c.from), short(&c.to))
        };
        let ok = if c.ok() { "ok" } else { "DIFFERS" };
        println!("{:width$}  {rows:>9}  {sum:16}  {ok}", c.table);
    }
    if let Some(m) = moved {
        let names = |how: transfer::Treatment| {
            m.left
                .iter()
                .filter(|(_, h)| *h == how)
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "not copied: {} (the search index, rebuilt on the target); {} (each database's own)",
            names(transfer::Treatment::Rebuilt),
            names(transfer::Treatment::Own)
        );
    }
}
