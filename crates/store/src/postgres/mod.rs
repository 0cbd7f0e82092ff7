//! The PostgreSQL store: the same `Store` as SQLite's, for a shop that
//! runs several servers and workers on one database server.
//!
//! # Layout
//!
//! - `store`: [`PgStore`], its connection pool, how reads and writes
//!   run (one transaction each; writers take turns, as on SQLite).
//! - `schema`: migrations, numbered apart from SQLite's (the first is
//!   SQLite's schema as its migrations leave it).
//! - one module per part of the store (`team`, `cursors`, `audit`, …),
//!   each the PostgreSQL side of the SQLite module of the same name.
//!
//! # Still to come (issue 17)
//!
//! The batch writer, links and merges, corrections and the outbox are
//! written once in `crate::shared` (`write`, `derived`, `links`,
//! `corrections`, `outbox`) and serve both stores. Much of what reads
//! what they write still answers [`crate::StoreError::NotYet`]:
//! forgetting and exports, the ladder's passes and verdicts, the views,
//! search and moments. On SQLite that logic (`sqlite::read`,
//! `sqlite::forget`, `sqlite::scores`) is Rust interleaved with SQL; the
//! way to bring it here without a second copy is a small connection
//! trait both drivers implement (statements written once, `?N`
//! placeholders becoming `$N`, rows read through one getter), moved
//! module by module with the SQLite tests green at each step and the
//! property tests (`kept_view_state_equals_the_state_derived_at_once`,
//! `importing_twice_changes_nothing`) run on both stores as the proof.

mod people;
mod schema;
mod store;
mod team;

pub use store::PgStore;
