//! The PostgreSQL store: the same `Store` as SQLite's, for a shop that
//! runs several servers and workers on one database server.
//!
//! # Layout
//!
//! - `store`: [`PgStore`], its connection pool, how reads and writes
//!   run (one transaction each; writers take turns, as on SQLite).
//! - `schema`: migrations, numbered apart from SQLite's (the first is
//!   SQLite's schema as its migrations leave it).
//! - `people`: the touches, merges in force and order owners, still
//!   written apart from SQLite's own in `sqlite::store`.
//!
//! Everything else is `crate::shared`, written once over
//! [`crate::sql::Db`] for both stores; the store, CLI, API and property
//! tests run on both databases (`per_backend!`, `both!`, `scripts/pg`).

mod people;
mod schema;
mod store;

#[cfg(any(test, feature = "testing"))]
pub(crate) use schema::fingerprint;
pub use store::PgStore;
