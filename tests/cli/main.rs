//! CLI tests: run the built `rapport` binary in a temporary folder and check
//! exit codes, JSON on stdout and messages on stderr. Each runs twice, on
//! SQLite and on PostgreSQL (`rapport_store::both!`; `util::Dir::new`
//! makes the database on the test's store).

mod util;

#[path = "../common/db.rs"]
mod db;

mod analyzer;
mod cohort;
mod contract;
mod import;
mod jobs;
mod ladder;
mod learn;
mod link;
mod migrate;
mod moments;
mod outbox;
mod people;
mod privacy;
mod pull;
mod report;
mod tasks;
