//! Rapport's storage.
//!
//! Callers talk to the [`Store`] trait only, held as `Arc<dyn Store>`; the
//! SQLite implementation ([`SqliteStore`]) is the embedded default and a
//! PostgreSQL implementation can sit beside it without touching callers.
//! Every method takes `&self`: implementations own their connection
//! handling, so one store can be shared by an import, a server and a worker.
//!
//! Writes come in batches ([`Store::write_batch`]); a batch is one
//! transaction, so a crash never leaves half of one behind.
//!
//! # Layout
//!
//! - [`rows`]: the plain data the store returns.
//! - [`sqlite`]: the SQLite implementation, its schema and migrations.

pub mod rows;
pub mod sqlite;

pub use rows::*;
pub use sqlite::SqliteStore;

use rapport_core::{InteractionId, PersonId, Record};
use std::collections::HashMap;

/// Errors from a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one this build understands.
    #[error("unsupported database URL {0:?}: use sqlite://PATH (postgres:// is not built in yet)")]
    BadUrl(String),
    /// The database reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored value could not be read back.
    #[error("corrupt stored value in {table}.{column}: {reason}")]
    Corrupt {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The database's schema is newer than this build.
    #[error("the database schema is version {found}, newer than this build's {supported}")]
    TooNew {
        /// Found version.
        found: i64,
        /// Supported version.
        supported: i64,
    },
    /// No such person.
    #[error("no person matches {0:?}")]
    PersonNotFound(String),
}

/// What happened to one record of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored for the first time.
    Imported,
    /// Already stored (same `(channel, external_id)` or `order_id`).
    Duplicate,
}

/// Storage for people, identities, interactions and orders.
pub trait Store: Send + Sync {
    /// Stores a batch in one transaction: interactions (idempotent on
    /// `(channel, external_id)`) with their analyses, orders (idempotent on
    /// `order_id`), and the people and identities they imply. `analyses`
    /// is either empty or parallel to `records`. Returns one outcome per
    /// record.
    fn write_batch(
        &self,
        records: &[Record],
        analyses: &[Option<AnalysisRow>],
    ) -> Result<Vec<Outcome>, StoreError>;

    /// The texts of the shop's posts, by `(channel, external_id)`: the
    /// context that makes a comment specific or not.
    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError>;

    /// Interactions with text, in id order, after `after`, at most `limit`.
    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError>;

    /// Replaces the analyses of the given interactions, in one transaction.
    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError>;

    /// Counts of what is stored.
    fn counts(&self) -> Result<Counts, StoreError>;

    /// Every interaction, reduced for threading and reports, in id order.
    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError>;

    /// Every person who is not the shop, with their identities.
    fn people(&self) -> Result<Vec<PersonRow>, StoreError>;

    /// Every order, with the person it belongs to.
    fn orders(&self) -> Result<Vec<OrderRow>, StoreError>;

    /// Finds a person by id, `channel:handle`, bare handle, or email.
    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError>;

    /// Links recorded between a person's identities.
    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError>;
}

/// Opens the store a URL names: `sqlite://PATH` (or a bare path).
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        return Ok(Box::new(SqliteStore::open(path)?));
    }
    if let Some(path) = url.strip_prefix("sqlite:") {
        return Ok(Box::new(SqliteStore::open(path)?));
    }
    if url.contains("://") {
        return Err(StoreError::BadUrl(url.to_string()));
    }
    Ok(Box::new(SqliteStore::open(url)?))
}
