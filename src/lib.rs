//! Rapport: a relationship engine for online shops.
//!
//! This crate is the command line over the library crates: it parses
//! arguments ([`cli`]), opens the store, and hands data to the views that
//! turn stored rows into people, an inbox and a report ([`views`]).
//!
//! # Layout
//!
//! - [`analysis`]: texts analyzed on their way into the store.
//! - [`cli`]: the command-line interface (clap).
//! - [`commands`]: one module per command.
//! - [`views`]: stored rows → ladder, inbox, person view, report.
//! - [`telemetry`]: logs to stderr.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod scoring;
pub mod telemetry;
pub mod views;

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

/// The exit code for an error: 2 when any cause is a [`UserError`].
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<UserError>()) {
        2
    } else {
        1
    }
}

/// Runs one command.
pub fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    commands::dispatch(cli)
}
