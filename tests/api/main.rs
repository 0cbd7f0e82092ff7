//! API tests: each starts the real server (the `rapport` views as its
//! engine) on 127.0.0.1:0 with a fresh database, and talks HTTP to it.
//! Each runs twice, on SQLite and on PostgreSQL (`rapport_store::both!`;
//! `helpers::spawn_app` makes the database on the test's store).

// The workspace denies `unwrap` outside tests; all of this is tests.
#![allow(clippy::unwrap_used)]

mod helpers;

#[path = "../common/db.rs"]
mod db;

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
mod scaleout;
mod search;
mod threads;
mod touches;
mod webhooks;
