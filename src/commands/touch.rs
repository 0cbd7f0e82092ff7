//! `rapport touch add PERSON --kind KIND --note TEXT` and
//! `rapport touch list [PERSON]`: the value-first log.

use super::Output;
use crate::cli::{TouchArgs, TouchCommand};
use rapport_engine::views::touches::{TouchKind, TouchList};
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &TouchArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.command {
        TouchCommand::Add {
            person,
            kind,
            note,
            at,
        } => {
            let kind = TouchKind::parse(kind).map_err(super::flagged)?;
            let at = at
                .as_deref()
                .map(|raw| rapport_engine::parse_time("at", raw))
                .transpose()
                .map_err(super::flagged)?;
            let logged = engine
                .log_touch(person, kind, note, at, None)
                .map_err(super::flagged)?;
            if out.json {
                out.print_json(&logged)?;
            } else {
                let l = &logged.ledger;
                println!(
                    "logged {} for #{}: {} given, {} asked{}",
                    logged.touch.kind.as_str(),
                    logged.touch.person,
                    l.given,
                    l.asked,
                    l.warning
                        .as_ref()
                        .map(|w| format!(" — {w}"))
                        .unwrap_or_default()
                );
            }
        }
        TouchCommand::List { person } => {
            let listed: TouchList = engine.touches(person.as_deref())?;
            if out.json {
                out.print_json(&listed)?;
            } else {
                for t in &listed.touches {
                    println!(
                        "{}  #{} {}  {:<8} {}",
                        t.at,
                        t.person,
                        t.name,
                        t.kind.as_str(),
                        t.note
                    );
                }
                if let Some(l) = &listed.ledger {
                    println!(
                        "{} given, {} asked{}",
                        l.given,
                        l.asked,
                        l.warning
                            .as_ref()
                            .map(|w| format!(" — {w}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
