//! The store's logic written once, over [`crate::sql::Db`], for both
//! databases: each module here serves `SqliteStore` and `PgStore` alike.
//!
//! What stays per driver is small: each store's handle (connections,
//! how reads and writes run, SQLite's writer and readers, PostgreSQL's
//! pool and writer lock), the schemas and migrations, and a few
//! statements that differ by database (full-text search, JSON lists, the
//! hot inserts' conflict clauses: SQLite's `OR IGNORE` spares it a
//! statement journal that `ON CONFLICT` costs), chosen by
//! [`Db::dialect`](crate::sql::Db::dialect) where they are used.

pub mod audit;
pub mod cohorts;
pub mod corrections;
pub mod cursors;
pub mod derived;
pub mod export;
pub mod forget;
pub mod jobs;
pub mod limits;
pub mod links;
pub mod moments;
pub mod outbox;
pub mod privacy;
pub mod read;
pub(crate) mod rows;
pub mod scores;
pub mod search;
pub mod team;
pub mod texts;
pub mod views;
pub mod write;
