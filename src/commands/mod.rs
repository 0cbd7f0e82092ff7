//! One module per command; [`dispatch`] picks one.

mod analyze;
mod cohort;
mod demo;
mod eval;
mod generate;
mod import;
mod inbox;
mod link;
mod people;
mod person;
pub mod profile;
mod pull;
mod report;
mod rescore;
pub mod serve;
mod tasks;
mod token;
mod touch;
mod user;

use crate::cli::{Cli, Command};
use anyhow::Context;
use rapport_store::Store;
use serde::Serialize;
use std::process::ExitCode;

/// Runs the command `cli` names.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let out = Output { json: cli.json };
    match &cli.command {
        Command::Demo => demo::run(&*open(&cli.db)?, out),
        Command::Import(args) => import::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Pull(args) => pull::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Generate(args) => generate::run(args, out),
        Command::People(args) => people::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Person(args) => person::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Inbox(args) => inbox::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Tasks(args) => tasks::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Report(args) => report::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Profile(args) => profile::run(&cli.profile, args, out),
        Command::Cohort(args) => cohort::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Analyze(args) => analyze::run(args, out),
        Command::Eval(args) => eval::run(args, out),
        Command::Reanalyze => import::reanalyze(&*open(&cli.db)?, &cli.profile, out),
        Command::Rescore(args) => rescore::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::Serve(args) => serve::run(open(&cli.db)?, &cli.profile, args),
        Command::Link(args) => {
            let store = open(&cli.db)?;
            let code = link::run(&*store, args, out)?;
            rescore::update(&*store, &cli.profile)?;
            Ok(code)
        }
        Command::Unlink(args) => {
            let store = open(&cli.db)?;
            let code = link::unlink(&*store, args, out)?;
            rescore::update(&*store, &cli.profile)?;
            Ok(code)
        }
        Command::Touch(args) => touch::run(&*open(&cli.db)?, &cli.profile, args, out),
        Command::User(args) => user::run(&*open(&cli.db)?, args, out),
        Command::Token(args) => token::run(&*open(&cli.db)?, args, out),
    }
}

/// The embedded analyzer; a damaged model is a runtime failure.
pub fn analyzer() -> anyhow::Result<&'static rapport_nlp::Analyzer> {
    Ok(rapport_engine::import::analyzer()?)
}

fn open(url: &str) -> anyhow::Result<Box<dyn Store>> {
    match rapport_store::open(url) {
        // A URL this build cannot use is a usage error (exit 2).
        Err(e @ rapport_store::StoreError::BadUrl(_)) => {
            Err(crate::user_error(format!("--db: {e}")))
        }
        other => other.with_context(|| format!("opening database {url}")),
    }
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
