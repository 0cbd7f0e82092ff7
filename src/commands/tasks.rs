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
    let decision = [
        ("done", &args.done),
        ("snooze", &args.snooze),
        ("dismiss", &args.dismiss),
    ]
    .into_iter()
    .find_map(|(action, key)| key.as_ref().map(|k| (action, k)));
    if let Some((action, key)) = decision {
        // A bare number is a moment's, as the list showed them before keys.
        let key = if key.bytes().all(|b| b.is_ascii_digit()) {
            format!("moment:{key}")
        } else {
            key.clone()
        };
        let decided = engine.decide_alert(
            &key,
            action,
            args.minutes,
            args.reason.as_deref(),
            super::CLI_ACTOR,
        )?;
        if !decided {
            return Err(crate::user_error(format!(
                "--{action} {key}: no open alert of that key"
            )));
        }
        if out.json {
            out.print_json(&serde_json::json!({"key": key, "decided": action}))?;
        } else {
            println!("{key}: {action}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = AlertsQuery {
        due: Some(args.due),
        kind: None,
        limit: Some(args.limit),
        offset: Some(args.offset),
    };
    let offset = args.offset;
    let page = engine.alerts(&q)?;
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
        println!("      (--done / --snooze / --dismiss {})", a.key);
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
