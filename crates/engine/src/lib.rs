//! Rapport's relationship engine, between the store and its two faces (the
//! CLI and the HTTP server).
//!
//! Records come in through one pipeline ([`import`]): parsed by
//! `rapport-ingest`, read by the analyzer on the way (`rapport-nlp`),
//! stored in batches (`rapport-store`), and the ladder's stored verdicts
//! brought up to date ([`scoring`]). Every view the team reads — the
//! inbox, people and one person, threads, alerts, the report, cohorts,
//! influencers — is built by this crate from the store.
//!
//! # Layout
//!
//! - [`import`]: the one import pipeline.
//! - [`activity`]: what the engine did, counted for the metrics.
//! - [`analysis`]: texts analyzed on their way into the store.
//! - [`scoring`]: the ladder kept current in the store.
//! - [`learning`]: what the shop taught the analyzer, read into every text.
//! - [`profile`]: the shop's profile file and the shop's own accounts.
//! - [`outbox`]: the shop's replies and messages, sent once each.
//! - [`privacy`]: a person's data exported or erased on request, privacy
//!   requests from platforms, the audit log.
//! - [`demo`]: the bundled demo shop.
//! - [`views`]: every view, read from the store per request.
//! - `oracle` (tests only): the views as they were computed before, over a
//!   snapshot of the whole database, kept as the reference the store-backed
//!   views are checked against.

pub mod activity;
pub mod analysis;
pub mod demo;
mod engine;
mod error;
pub mod import;
pub mod jobs;
pub mod learning;
mod memo;
#[cfg(test)]
mod oracle;
pub mod outbox;
pub mod privacy;
pub mod profile;
pub mod scoring;
pub mod upgrade;
pub mod views;

pub use engine::{parse_time, Engine, FilledReply, OutboxPage, Replied, MAX_TEXT};
pub use error::EngineError;

pub use rapport_core::now;
