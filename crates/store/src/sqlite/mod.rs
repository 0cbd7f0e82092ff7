//! The embedded SQLite store: one file, WAL, migrations applied on open.

pub(crate) mod audit;
pub(crate) mod cohorts;
// Written once for both databases; still reached here by its old name.
pub(crate) use crate::shared::derived;
pub(crate) mod forget;
pub(crate) mod moments;
pub(crate) mod privacy;
mod schema;
pub(crate) mod scores;
mod store;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
