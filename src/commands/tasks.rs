//! `rapport tasks [--due]`: follow-up tasks and alerts for humans, as the
//! dashboard's Alerts page and `GET /api/alerts` show them (see
//! [`crate::views::alerts`]). Items the team closed on the dashboard (a
//! recorded reply, "handled", a snooze still running) are left out.

use super::{now, Output};
use crate::cli::TasksArgs;
use rapport_engine::snapshot::{alerts, Snapshot};
use rapport_store::Store;
use std::collections::HashSet;
use std::process::ExitCode;

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &TasksArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    let snap = Snapshot::load_with(store, profile)?;
    let now = now().max(snap.as_of);
    let closed: HashSet<i64> = store
        .inbox_states()?
        .into_iter()
        .filter(|s| s.is_closed(now))
        .map(|s| s.interaction.0)
        .collect();
    let tasks: Vec<alerts::Alert> = alerts::alerts(&snap, now)
        .into_iter()
        .filter(|a| a.interaction.is_none_or(|i| !closed.contains(&i.0)))
        .filter(|a| !args.due || a.overdue)
        .collect();
    if out.json {
        out.print_json(&tasks)?;
        return Ok(ExitCode::SUCCESS);
    }
    for a in &tasks {
        let mark = if a.overdue { "DUE " } else { "    " };
        println!(
            "{mark}{:<6} {:<19} {} (#{}) {}",
            a.severity.as_str(),
            a.kind.as_str(),
            super::one_line(&a.person.name, 30),
            a.person.id,
            a.interaction
                .map_or(String::new(), |i| format!("· interaction #{}", i.0))
        );
        println!("      {}", a.reason);
    }
    if tasks.is_empty() {
        println!(
            "{}",
            if args.due {
                "nothing is due"
            } else {
                "no tasks: nobody is waiting and nothing changed"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
