//! One module per command; [`dispatch`] picks one.

mod analyze;
mod audit;
mod cohort;
mod demo;
mod eval;
mod generate;
mod import;
mod inbox;
mod learn;
mod link;
mod migrate_store;
mod outbox;
mod people;
mod person;
mod privacy;
pub mod profile;
mod pull;
mod report;
mod rescore;
mod search;
pub mod serve;
mod tasks;
mod token;
mod touch;
mod user;
mod worker;

use crate::cli::{Cli, Command};
use anyhow::Context;
use rapport_engine::upgrade::Reread;
use rapport_engine::{Engine, EngineError};
use rapport_store::Store;
use serde::Serialize;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the command `cli` names.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let out = Output { json: cli.json };
    let engine_by = |when: Reread| -> anyhow::Result<Engine> {
        let engine =
            Engine::new(open(&cli.db)?, &cli.profile).with_public_url(cli.public_url.clone());
        up_to_date(&engine, when)?;
        Ok(engine)
    };
    let engine = || engine_by(Reread::Now);
    match &cli.command {
        Command::Demo => demo::run(&engine()?, out),
        Command::Import(args) => import::run(&engine()?.with_brand(args.brand.clone()), args, out),
        Command::Pull(args) => pull::run(&engine()?.with_brand(args.brand.clone()), args, out),
        Command::Generate(args) => generate::run(args, out),
        Command::People(args) => people::run(&engine()?, args, out),
        Command::Person(args) => person::run(&engine()?, args, out),
        Command::Inbox(args) => match &args.action {
            Some(_) => inbox::run(&engine()?.with_senders(senders(&cli)?), args, out),
            None => inbox::run(&engine()?, args, out),
        },
        Command::Tasks(args) => tasks::run(&engine()?, args, out),
        Command::Report(args) => report::run(&engine()?, args, out),
        Command::Profile(args) => profile::run(&cli.profile, args, out),
        Command::Cohort(args) => cohort::run(&engine()?, args, out),
        Command::Analyze(args) => analyze::run(args, &cli.db, out),
        Command::Eval(args) => eval::run(args, &cli.db, out),
        Command::Reanalyze => import::reanalyze(&engine()?, out),
        Command::Learn(args) => learn::run(&engine()?, args, out),
        Command::Corrections => learn::list(&engine()?, out),
        Command::Rescore(args) => rescore::run(&engine()?, args, out),
        Command::Serve(args) => {
            // Its own worker reads the texts again while it serves; with
            // none, reading them first is the only way they get read.
            let when = if args.no_worker {
                Reread::Now
            } else {
                Reread::InBackground
            };
            serve::run(
                engine_by(when)?.with_senders(senders(&cli)?),
                args,
                cli.log_format,
            )
        }
        Command::Outbox(args) => outbox::run(&engine()?.with_senders(senders(&cli)?), args, out),
        Command::Link(args) => {
            let engine = engine()?;
            let code = link::run(engine.store(), args, out)?;
            rescore::update(&engine)?;
            Ok(code)
        }
        Command::Unlink(args) => {
            let engine = engine()?;
            let code = link::unlink(engine.store(), args, out)?;
            rescore::update(&engine)?;
            Ok(code)
        }
        Command::Touch(args) => touch::run(&engine()?, args, out),
        Command::Search(args) => search::run(&engine()?, args, out),
        Command::User(args) => user::run(&*open(&cli.db)?, args, out),
        Command::Token(args) => token::run(&*open(&cli.db)?, args, out),
        Command::ExportPerson(args) => privacy::export(&engine()?, args, out),
        Command::Forget(args) => privacy::forget(&engine()?, args, out),
        Command::Audit(args) => audit::run(&engine()?, args, out),
        Command::Worker(args) => worker::run(&engine()?.with_senders(senders(&cli)?), args, out),
        Command::Jobs(args) => worker::list(&engine()?, args, out),
        Command::MigrateStore(args) => migrate_store::run(args, out),
    }
}

/// Brings the store's readings and verdicts up to this build's when
/// another build made them (see [`rapport_engine::upgrade`]), saying so on
/// stderr: once after an upgrade, it can take a while (`serve` leaves the
/// reading to its worker and says so).
fn up_to_date(engine: &Engine, when: Reread) -> anyhow::Result<()> {
    let done = rapport_engine::upgrade::bring_up_to_date_by(engine, when)
        .context("bringing the store up to this release's readings")?;
    if let Some(job) = done.queued {
        eprintln!(
            "rapport: the store was made by another release: every text is being read again in the background (job {job}{}); until it ends, the readings are the old release's",
            if done.relearned { ", the shop's corrections learned again" } else { "" },
        );
    } else if done.any() {
        eprintln!(
            "rapport: the store was made by another release: {} texts read again, {} people judged again{} ({} ms)",
            done.reread,
            done.judged,
            if done.relearned { ", the shop's corrections learned again" } else { "" },
            done.millis
        );
    }
    Ok(())
}

/// The channels the configuration connects (`--secrets`, `--smtp-url`,
/// the environment); a configuration that cannot be read is the user's
/// to fix (exit 2).
fn senders(cli: &Cli) -> anyhow::Result<rapport_engine::outbox::Senders> {
    rapport_send::connect(&rapport_send::Config {
        secrets: cli.secrets.clone(),
        smtp_url: cli.smtp_url.clone(),
    })
    .map_err(|e| crate::user_error(e.to_string()))
}

/// An engine error about a value given with a flag, named as the flag
/// (`--since "é": …`); other errors pass as they are.
pub fn flagged(e: EngineError) -> anyhow::Error {
    match e {
        EngineError::BadInput(m) => crate::user_error(format!("--{m}")),
        other => other.into(),
    }
}

/// The embedded analyzer; a damaged model is a runtime failure.
pub fn analyzer() -> anyhow::Result<&'static rapport_nlp::Analyzer> {
    Ok(rapport_engine::import::analyzer()?)
}

fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    match rapport_store::open(url) {
        // A URL this build cannot use is a usage error (exit 2).
        Err(e @ rapport_store::StoreError::BadUrl(_)) => {
            Err(crate::user_error(format!("--db: {e}")))
        }
        other => other
            .map(Arc::from)
            .with_context(|| format!("opening database {url}")),
    }
}

/// The store `db` names, when it exists: a SQLite file that does not
/// exist is not created (`None`).
fn open_existing(db: &str) -> anyhow::Result<Option<Arc<dyn Store>>> {
    let path = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
        .unwrap_or(db);
    let is_file = !db.contains("://") || db.starts_with("sqlite:");
    if is_file && path != ":memory:" && !std::path::Path::new(path).exists() {
        return Ok(None);
    }
    open(db).map(Some)
}

/// Says on stderr that texts are read with what the shop taught in `db`.
fn say_taught(db: &str, layer: &rapport_nlp::shop_layer::ShopLayer) {
    use rapport_nlp::shop_layer::Task;
    eprintln!(
        "reading with what the shop taught in {db}: {} sentiment and {} intent examples (--shipped for the shipped models alone)",
        layer.examples(Task::Sentiment),
        layer.examples(Task::Intent)
    );
}

/// Who the audit log names for what the command line does.
pub const CLI_ACTOR: &str = "cli";

/// Adds an entry to the audit log as the command line's.
pub fn audit(
    store: &dyn Store,
    action: rapport_store::AuditAction,
    target: &str,
    detail: &str,
) -> anyhow::Result<()> {
    store
        .record_audit(&rapport_store::NewAudit {
            at: now(),
            actor: CLI_ACTOR.to_string(),
            action,
            target: target.to_string(),
            detail: detail.to_string(),
        })
        .context("writing the audit log")?;
    Ok(())
}

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Only JSON on stdout.
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON on stdout.
    pub fn print_json<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        println!("{}", serde_json::to_string_pretty(value)?);
        Ok(())
    }
}

pub use rapport_engine::now;

/// Writes an export's CSV to stdout, chunk by chunk as the store is read
/// (the same bytes as its `GET /api/….csv`).
pub fn print_csv(
    engine: &Engine,
    mut export: impl rapport_engine::views::export::Export,
) -> anyhow::Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = (|| -> std::io::Result<()> {
        while let Some(chunk) = export
            .next_chunk(engine.store())
            .map_err(std::io::Error::other)?
        {
            out.write_all(&chunk)?;
        }
        out.flush()
    })();
    match written {
        // A reader that stopped early (`| head`) is no failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `text` on one line in exactly `width` terminal cells: cut with `…`
/// when wider, padded with spaces when narrower. Cells, not characters:
/// "Katrin 🚵" takes nine and "วีรยุทธ" five, so `{:<24}` would not
/// line them up.
pub fn column(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    let mut used = 0;
    if flat.width() <= width {
        out = flat;
        used = out.width();
    } else {
        for c in flat.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            out.push(c);
            used += w;
        }
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// Cuts `text` to at most `max` characters on one line, for terminal lists.
pub fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::column;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn columns_are_as_wide_on_a_terminal_whatever_the_script() {
        for name in [
            "Katrin 🚵",
            "วีรยุทธ ทองดี",
            "Anna",
            "Ethan 🚵🚵🚵🚵🚵🚵🚵🚵🚵🚵",
            "",
        ] {
            assert_eq!(column(name, 12).width(), 12, "{name:?}");
        }
        assert_eq!(column("Katrin 🚵", 12), "Katrin 🚵   ");
        assert!(column("Ethan 🚵🚵🚵🚵🚵🚵🚵🚵🚵🚵", 12)
            .trim_end()
            .ends_with('…'));
    }
}
