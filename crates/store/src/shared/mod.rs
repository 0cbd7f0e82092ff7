//! The store's logic written once, over [`crate::sql::Db`], for both
//! databases: each module here serves `SqliteStore` and `PgStore` alike.
//!
//! Modules still written for one driver live in `sqlite/` and
//! `postgres/`; they move here as they are rewritten over `Db` (issue 17).
//! Code here that must still call an SQLite-only function reaches it
//! through [`Db::sqlite_tx`](crate::sql::Db::sqlite_tx) and answers
//! [`StoreError::NotYet`](crate::StoreError::NotYet) on PostgreSQL.

pub mod audit;
pub mod cohorts;
pub mod corrections;
pub mod cursors;
pub mod derived;
pub mod export;
pub mod forget;
pub mod jobs;
pub mod links;
pub mod moments;
pub mod outbox;
pub mod privacy;
pub mod read;
pub mod scores;
pub mod search;
pub mod team;
pub mod texts;
pub mod views;
pub mod write;
