//! Rapport: a relationship engine for online shops.
//!
//! This crate is the command line over the library crates: it parses
//! arguments ([`cli`]), opens the store, asks the engine
//! (`rapport-engine`) and prints what it answers.
//!
//! # Layout
//!
//! - [`cli`]: the command-line interface (clap).
//! - [`commands`]: one module per command.
//! - [`report_html`]: `rapport report --html`.
//! - [`telemetry`]: logs to stderr.

pub mod cli;
pub mod commands;
pub mod report_html;
pub mod telemetry;

use std::fmt;
use std::process::ExitCode;

/// An error caused by the user's input or usage (exit code 2), as opposed
/// to a runtime failure (exit code 1).
#[derive(Debug)]
pub struct UserError(pub String);

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// Shorthand for a user error.
pub fn user_error(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UserError(msg.into()))
}

/// The exit code for an error: 2 when any cause is a [`UserError`] or
/// the engine's [`rapport_engine::EngineError::BadInput`].
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let bad_input = |e: &(dyn std::error::Error + 'static)| {
        e.is::<UserError>()
            || matches!(
                e.downcast_ref::<rapport_engine::EngineError>(),
                Some(rapport_engine::EngineError::BadInput(_))
            )
    };
    if err.chain().any(bad_input) {
        2
    } else {
        1
    }
}

/// Runs one command.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::dispatch(cli)
}
