//! `rapport audit [--limit N] [--offset N]`: the audit log, newest first.

use super::Output;
use crate::cli::AuditArgs;
use crate::commands::flagged;
use rapport_engine::privacy::AuditQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &AuditArgs, out: Output) -> anyhow::Result<ExitCode> {
    let page = engine
        .audit_log(&AuditQuery {
            offset: Some(args.offset),
            limit: Some(args.limit),
        })
        .map_err(flagged)?;
    if out.json {
        out.print_json(&page)?;
        return Ok(ExitCode::SUCCESS);
    }
    if page.entries.is_empty() {
        println!("the audit log is empty");
    }
    let zone = engine.profile()?.0.timezone;
    for e in &page.entries {
        println!(
            "#{} {} {} {} {}{}",
            e.id,
            e.at.local_text(zone),
            e.actor,
            e.action.as_str(),
            e.target,
            if e.detail.is_empty() {
                String::new()
            } else {
                format!(" — {}", e.detail)
            }
        );
    }
    if page.total > page.offset + page.entries.len() as u64 {
        eprintln!(
            "{} of {} entries; --offset {} shows older ones",
            page.entries.len(),
            page.total,
            page.offset + page.entries.len() as u64
        );
    }
    Ok(ExitCode::SUCCESS)
}
