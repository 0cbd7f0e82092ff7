//! The embedded SQLite store: one file, WAL, migrations applied on open.

pub(crate) mod corrections;
// Written once for both databases; still reached here by its old name.
pub(crate) use crate::shared::derived;
pub(crate) mod export;
pub(crate) mod links;
pub(crate) mod outbox;
pub(crate) mod read;
mod schema;
pub(crate) mod search;
mod store;
pub(crate) mod team;
pub(crate) mod views;
pub(crate) mod write;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
