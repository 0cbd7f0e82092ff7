//! The embedded SQLite store: one file, WAL, migrations applied on open.

// Written once for both databases; still reached here by its old name.
pub(crate) use crate::shared::derived;
pub(crate) mod export;
pub(crate) mod read;
mod schema;
pub(crate) mod search;
mod store;
pub(crate) mod team;
pub(crate) mod views;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
