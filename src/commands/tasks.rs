//! `rapport tasks [--due] [--limit N] [--offset N]`: follow-up tasks and
//! alerts for humans, a page at a time, as the dashboard's Alerts page
//! and `GET /api/alerts` show them (see [`rapport_engine::views::alerts`]).
//! Items the team closed on the dashboard (a recorded reply, "handled", a
//! snooze still running) are left out.

use super::Output;
use crate::cli::TasksArgs;
use rapport_engine::views::alerts::AlertsQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &TasksArgs, out: Output) -> anyhow::Result<ExitCode> {
    if let Some(id) = args.done {
        if !engine.moment_done(id, super::CLI_ACTOR)? {
            return Err(crate::user_error(format!(
                "--done {id}: no open moment of that id"
            )));
        }
        if !out.json {
            println!("moment {id} done");
        } else {
            out.print_json(&serde_json::json!({"done": id}))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = AlertsQuery {
        due: Some(args.due),
        kind: None,
        limit: Some(args.limit),
        offset: Some(args.offset),
    };
    let (filter, offset, limit) = q.parse()?;
    let as_of = engine.as_of()?;
    let page = rapport_engine::views::alerts::page(
        engine.store(),
        engine.now()?,
        as_of,
        filter,
        offset,
        limit,
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
        if let Some(m) = a.moment {
            println!("      (done: rapport tasks --done {m})");
        }
    }
    let shown = offset.saturating_add(tasks.len() as u64);
    if shown < page.total {
        println!(
            "({} of {} shown, {} overdue; --limit and --offset for more)",
            tasks.len(),
            page.total,
            page.overdue
        );
    }
    if tasks.is_empty() && page.total == 0 {
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
