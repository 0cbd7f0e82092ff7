//! The SQLite store handle.

use super::{read, schema, write};
use crate::{
    AnalysisRow, Counts, InteractionRow, LinkRow, OrderRow, Outcome, PersonRow, Store, StoreError,
    TextRow,
};
use rapport_core::{InteractionId, PersonId, Record};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A store in one SQLite file.
///
/// One connection behind a mutex: SQLite allows a single writer anyway,
/// and WAL lets readers in other processes go on while a batch is written.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    /// `:memory:` gives a private in-memory database.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers do not block the writer. NORMAL sync is durable
        // across application crashes, which is what a batch needs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -64_000)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (an open transaction rolls back on drop), so a poisoned lock is
        // safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store for SqliteStore {
    fn write_batch(
        &self,
        records: &[Record],
        analyses: &[Option<AnalysisRow>],
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let out = write::batch(&tx, records, analyses)?;
        tx.commit()?;
        Ok(out)
    }

    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError> {
        read::post_texts(&self.conn())
    }

    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError> {
        read::texts(&self.conn(), after, limit)
    }

    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for (id, a) in rows {
            write::analysis(&tx, *id, a)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        read::counts(&self.conn())
    }

    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError> {
        read::interactions(&self.conn())
    }

    fn people(&self) -> Result<Vec<PersonRow>, StoreError> {
        read::people(&self.conn())
    }

    fn orders(&self) -> Result<Vec<OrderRow>, StoreError> {
        read::orders(&self.conn())
    }

    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError> {
        read::find_person(&self.conn(), key)
    }

    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError> {
        read::links(&self.conn(), person)
    }
}
