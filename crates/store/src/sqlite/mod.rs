//! The embedded SQLite store: one file, WAL, migrations applied on open.

// Written once for both databases; still reached here by its old name.
pub(crate) use crate::shared::derived;
mod schema;
mod store;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
