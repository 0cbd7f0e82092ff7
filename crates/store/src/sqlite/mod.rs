//! The embedded SQLite store: one file, WAL, migrations applied on open.

mod read;
mod schema;
mod store;
mod write;

pub use store::SqliteStore;
