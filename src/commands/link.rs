//! `rapport link A B`, `rapport link suggestions|accept|reject|scan`,
//! `rapport unlink A B` / `rapport unlink --link ID`.

use super::{audit, now, Output};
use crate::cli::{LinkAction, LinkArgs, UnlinkArgs};
use crate::user_error;
use rapport_core::PersonId;
use rapport_store::AuditAction;
use rapport_store::{Store, StoreError};
use serde_json::json;
use std::process::ExitCode;

/// A store error, with the caller's mistakes as user errors (exit 2).
fn mistake(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::BadLink(m) => user_error(m),
        StoreError::PersonNotFound(k) => user_error(format!("no person matches {k:?}")),
        other => anyhow::Error::new(other),
    }
}

fn person(store: &dyn Store, key: &str) -> anyhow::Result<PersonId> {
    store.find_person(key)?.ok_or_else(|| {
        user_error(format!(
            "no person matches {key:?} (try an id, channel:handle or email)"
        ))
    })
}

pub fn run(store: &dyn Store, args: &LinkArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.action {
        Some(LinkAction::Suggestions) => return suggestions(store, out),
        Some(LinkAction::Accept { id }) => return decide(store, *id, true, out),
        Some(LinkAction::Reject { id }) => return decide(store, *id, false, out),
        Some(LinkAction::Scan) => {
            let n = store.scan_links(now())?;
            if out.json {
                out.print_json(&json!({ "new_suggestions": n }))?;
            } else {
                println!("{n} new link suggestions (see `rapport link suggestions`)");
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let (Some(a), Some(b)) = (&args.a, &args.b) else {
        return Err(user_error(
            "link needs two people: rapport link A B [--reason TEXT] (or: suggestions, accept ID, reject ID, scan)",
        ));
    };
    let keep = person(store, a)?;
    let gone = person(store, b)?;
    if keep == gone {
        return Err(user_error(format!(
            "{a:?} and {b:?} are already one person (#{})",
            keep.0
        )));
    }
    let detail = match &args.reason {
        Some(r) if !r.trim().is_empty() => r.trim().to_string(),
        Some(_) => return Err(user_error("--reason is empty")),
        None => format!("{a} is {b}"),
    };
    let link = store
        .link(keep, gone, "explicit", &detail, now())
        .map_err(mistake)?;
    audit(
        store,
        AuditAction::PersonLink,
        &format!("person:{}", keep.0),
        &format!("merged #{} (link #{link})", gone.0),
    )?;
    if out.json {
        out.print_json(&json!({
            "link": link, "person": keep.0, "merged": gone.0,
            "reason": "explicit", "detail": detail, "confidence": 1.0,
        }))?;
    } else {
        println!(
            "linked #{} into #{} (link #{link}; `rapport unlink --link {link}` undoes it)",
            gone.0, keep.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn suggestions(store: &dyn Store, out: Output) -> anyhow::Result<ExitCode> {
    let list = store.link_suggestions()?;
    if out.json {
        out.print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        println!("no open link suggestions");
    }
    for s in &list {
        println!(
            "#{} {} (#{}) ~ {} (#{}) — {} {:.2}: {}",
            s.id,
            s.identity,
            s.person.0,
            s.other_identity,
            s.other_person.0,
            s.reason,
            s.confidence,
            s.detail
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn decide(store: &dyn Store, id: i64, accept: bool, out: Output) -> anyhow::Result<ExitCode> {
    let link = store
        .decide_suggestion(id, accept, now())
        .map_err(mistake)?;
    if let Some(link) = link {
        audit(
            store,
            AuditAction::PersonLink,
            &format!("link:{link}"),
            &format!("accepted suggestion #{id}"),
        )?;
    }
    if out.json {
        out.print_json(&json!({
            "suggestion": id,
            "status": if accept { "accepted" } else { "rejected" },
            "link": link,
        }))?;
    } else if let Some(link) = link {
        println!("accepted suggestion #{id}: merged (link #{link})");
    } else {
        println!("rejected suggestion #{id}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn unlink(store: &dyn Store, args: &UnlinkArgs, out: Output) -> anyhow::Result<ExitCode> {
    let link = match (&args.link, &args.a, &args.b) {
        (Some(id), _, _) => *id,
        (None, Some(a), Some(b)) => {
            let keep = person(store, a)?;
            let found = match store.find_merge(keep, b)? {
                Some(l) => Some(l),
                // Either order: `unlink B A` names the same merge.
                None => match store.find_person(b)? {
                    Some(other) => store.find_merge(other, a)?,
                    None => None,
                },
            };
            found.ok_or_else(|| {
                user_error(format!(
                    "{a:?} and {b:?} were not linked (see the links in `rapport person {a}`)"
                ))
            })?
        }
        _ => return Err(user_error("unlink needs two people A B, or --link ID")),
    };
    let done = store.unlink(link, now()).map_err(mistake)?;
    audit(
        store,
        AuditAction::PersonUnlink,
        &format!("person:{}", done.keep.0),
        &format!("restored #{} (link #{})", done.restored.0, done.link),
    )?;
    if out.json {
        out.print_json(&done)?;
    } else {
        println!(
            "undid link #{}: #{} is separate from #{} again",
            done.link, done.restored.0, done.keep.0
        );
    }
    Ok(ExitCode::SUCCESS)
}
