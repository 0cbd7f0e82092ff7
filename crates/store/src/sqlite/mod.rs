//! The embedded SQLite store: one file, WAL, migrations applied on open.

pub(crate) mod audit;
pub(crate) mod cohorts;
pub(crate) mod corrections;
// Written once for both databases; still reached here by its old name.
pub(crate) use crate::shared::derived;
pub(crate) mod forget;
pub(crate) mod links;
pub(crate) mod moments;
pub(crate) mod outbox;
pub(crate) mod privacy;
pub(crate) mod read;
mod schema;
pub(crate) mod scores;
mod store;
pub(crate) mod write;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
