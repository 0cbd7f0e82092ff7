//! The embedded SQLite store: one file, WAL, migrations applied on open.

mod audit;
mod cohorts;
mod corrections;
mod derived;
mod export;
mod forget;
mod links;
mod moments;
mod outbox;
mod privacy;
mod read;
mod schema;
mod scores;
mod search;
mod store;
mod team;
mod views;
mod write;

pub use schema::{migrate_to, migration_sql};
pub use store::SqliteStore;
