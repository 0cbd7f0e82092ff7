//! `rapport export-person PERSON` and `rapport forget PERSON [--yes]`.

use super::{Output, CLI_ACTOR};
use crate::cli::{ForgetArgs, PersonArgs};
use crate::user_error;
use anyhow::Context;
use rapport_engine::Engine;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// Prints everything held about the person as one JSON document (with or
/// without `--json`: the document is JSON).
pub fn export(engine: &Engine, args: &PersonArgs, out: Output) -> anyhow::Result<ExitCode> {
    let doc = engine.export_person(&args.key, CLI_ACTOR)?;
    out.print_json(&doc)?;
    Ok(ExitCode::SUCCESS)
}

/// Erases the person after a confirmation: `--yes`, or typing `yes` at a
/// terminal.
pub fn forget(engine: &Engine, args: &ForgetArgs, out: Output) -> anyhow::Result<ExitCode> {
    let id = engine.find(&args.key)?.ok_or_else(|| {
        user_error(format!(
            "no person matches {:?} (try an id, channel:handle, handle or email)",
            args.key
        ))
    })?;
    if !args.yes {
        confirm(id.0)?;
    }
    let erasure = engine.forget(&id.0.to_string(), CLI_ACTOR)?;
    if out.json {
        out.print_json(&erasure)?;
    } else {
        println!(
            "forgot person #{} (erasure #{}): {} identities, {} emails, {} interactions deleted, \
             {} shop replies emptied, {} orders kept without personal data, {} touches deleted, \
             {} mentions replaced",
            erasure.person.0,
            erasure.id,
            erasure.identities,
            erasure.emails,
            erasure.interactions,
            erasure.replies_blanked,
            erasure.orders,
            erasure.touches,
            erasure.mentions
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks at a terminal; refuses (exit 2) without one.
fn confirm(id: i64) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(user_error(format!(
            "--yes: forgetting person #{id} cannot be undone; pass --yes to confirm"
        )));
    }
    eprint!("Forget person #{id} for good? This cannot be undone. Type yes: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the confirmation")?;
    if line.trim() != "yes" {
        return Err(user_error(format!("person #{id} was not forgotten")));
    }
    Ok(())
}
