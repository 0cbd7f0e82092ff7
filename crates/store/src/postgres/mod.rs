//! The PostgreSQL store: the same `Store` as SQLite's, for a shop that
//! runs several servers and workers on one database server.
//!
//! # Layout
//!
//! - `store`: [`PgStore`], its connection pool, how reads and writes
//!   run (one transaction each; writers take turns, as on SQLite).
//! - `schema`: migrations, numbered apart from SQLite's (the first is
//!   SQLite's schema as its 22 migrations leave it).
//! - one module per part of the store (`team`, `cursors`, `audit`, …),
//!   each the PostgreSQL side of the SQLite module of the same name.

mod audit;
mod cohorts;
mod cursors;
mod moments;
mod outbox;
mod people;
mod privacy;
mod schema;
mod store;
mod team;

pub use store::PgStore;
