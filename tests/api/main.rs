//! API tests: each starts the real server (the `rapport` views as its
//! engine) on 127.0.0.1:0 with a fresh SQLite database, and talks HTTP
//! to it.

// The workspace denies `unwrap` outside tests; all of this is tests.
#![allow(clippy::unwrap_used)]

mod helpers;

mod alerts;
mod auth;
mod cli;
mod cohorts;
mod connections;
mod corrections;
mod dashboard;
mod export;
mod imports;
mod inbox;
mod metrics;
mod openapi;
mod outbox;
mod people;
mod privacy;
mod profile;
mod rejection_languages;
mod search;
mod threads;
mod touches;
mod webhooks;
