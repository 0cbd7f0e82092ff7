//! `rapport touch add PERSON --kind KIND --note TEXT` and
//! `rapport touch list [PERSON]`: the value-first log.

use super::Output;
use crate::cli::{TouchArgs, TouchCommand};
use crate::user_error;
use rapport_core::{touch, PersonId, Timestamp};
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_store::Store;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct Logged {
    id: i64,
    person: PersonId,
    kind: String,
    at: String,
    ledger: touch::Ledger,
}

#[derive(Serialize)]
struct Entry {
    person: PersonId,
    name: String,
    kind: String,
    note: String,
    at: String,
}

#[derive(Serialize)]
struct Listed {
    touches: Vec<Entry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<touch::Ledger>,
}

fn find(store: &dyn Store, key: &str) -> anyhow::Result<PersonId> {
    store.find_person(key)?.ok_or_else(|| {
        user_error(format!(
            "no person matches {key:?} (try an id, channel:handle or email)"
        ))
    })
}

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &TouchArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    match &args.command {
        TouchCommand::Add {
            person,
            kind,
            note,
            at,
        } => {
            if !touch::is_kind(kind) {
                return Err(user_error(format!(
                    "--kind: unknown kind {kind:?}; expected one of: {}, {}",
                    touch::GIVING.join(", "),
                    touch::ASK
                )));
            }
            if note.trim().is_empty() {
                return Err(user_error("--note: say what was given or asked"));
            }
            let at = match at {
                Some(raw) => Timestamp::parse(raw)
                    .map_err(|e| user_error(format!("--at: {e}")))?
                    .secs(),
                None => super::now(),
            };
            let id = find(store, person)?;
            let row = store.add_touch(id, kind, note.trim(), at, None)?;
            let snap = Snapshot::load_with(store, profile)?;
            let logged = Logged {
                id: row,
                person: id,
                kind: kind.clone(),
                at: Timestamp(at).to_rfc3339(),
                ledger: views::ledger_of(&snap, snap.current(id)),
            };
            if out.json {
                out.print_json(&logged)?;
            } else {
                let l = &logged.ledger;
                println!(
                    "logged {} for #{}: {} given, {} asked{}",
                    logged.kind,
                    id,
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
            let snap = Snapshot::load_with(store, profile)?;
            let only = match person {
                Some(key) => Some(snap.current(find(store, key)?)),
                None => None,
            };
            let names: std::collections::HashMap<PersonId, &str> = snap
                .people
                .iter()
                .map(|p| (p.id, p.name.as_str()))
                .collect();
            let touches: Vec<Entry> = snap
                .touches
                .iter()
                .filter(|t| only.is_none_or(|p| t.person == p))
                .map(|t| Entry {
                    person: t.person,
                    name: names.get(&t.person).copied().unwrap_or("").to_string(),
                    kind: t.kind.clone(),
                    note: t.note.clone(),
                    at: Timestamp(t.at).to_rfc3339(),
                })
                .collect();
            let listed = Listed {
                touches,
                ledger: only.map(|p| views::ledger_of(&snap, p)),
            };
            if out.json {
                out.print_json(&listed)?;
            } else {
                for t in &listed.touches {
                    println!(
                        "{}  #{} {}  {:<8} {}",
                        t.at, t.person, t.name, t.kind, t.note
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
