//! `rapport tasks [--due]`: follow-up tasks and alerts for humans, as the
//! dashboard's Alerts page and `GET /api/alerts` show them (see
//! [`rapport_engine::views::alerts`]). Items the team closed on the
//! dashboard (a recorded reply, "handled", a snooze still running) are
//! left out.

use super::Output;
use crate::cli::TasksArgs;
use rapport_engine::views::alerts::AlertsQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &TasksArgs, out: Output) -> anyhow::Result<ExitCode> {
    let q = AlertsQuery {
        due: Some(args.due),
        kind: None,
        limit: Some(u64::MAX),
        offset: None,
    };
    let (filter, _, _) = q.parse()?;
    let as_of = engine.as_of()?;
    let page = rapport_engine::views::alerts::page(
        engine.store(),
        engine.now()?,
        as_of,
        filter,
        0,
        u64::MAX,
    )?;
    let tasks = page.items;
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
