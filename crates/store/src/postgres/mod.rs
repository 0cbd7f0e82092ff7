//! The PostgreSQL store: the same `Store` as SQLite's, for a shop that
//! runs several servers and workers on one database server.
//!
//! # Layout
//!
//! - `store`: [`PgStore`], its connection pool, how reads and writes
//!   run (one transaction each; writers take turns, as on SQLite).
//! - `schema`: migrations, numbered apart from SQLite's (the first is
//!   SQLite's schema as its migrations leave it).
//! - one module per part of the store (`audit`, `cohorts`, …),
//!   each the PostgreSQL side of the SQLite module of the same name.
//!
//! # Still to come (issue 17)
//!
//! The batch writer, links and merges, corrections, the outbox, the
//! reads, views, search, the team and exports are written once in
//! `crate::shared` (`write`, `derived`, `links`, `corrections`,
//! `outbox`, `read`, `views`, `search`, `team`, `export`) and serve both
//! stores. What still answers [`crate::StoreError::NotYet`]: forgetting,
//! the ladder's passes and verdicts, moments, and what reads them (a
//! person's page and export). On SQLite that logic (`sqlite::forget`,
//! `sqlite::scores`) is Rust interleaved with SQL; the
//! way to bring it here without a second copy is a small connection
//! trait both drivers implement (statements written once, `?N`
//! placeholders becoming `$N`, rows read through one getter), moved
//! module by module with the SQLite tests green at each step and the
//! property tests (`kept_view_state_equals_the_state_derived_at_once`,
//! `importing_twice_changes_nothing`) run on both stores as the proof.

mod people;
mod schema;
mod store;

pub use store::PgStore;
