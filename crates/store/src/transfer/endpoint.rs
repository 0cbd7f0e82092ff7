//! One side of a move: a database opened by URL, migrated to this
//! build's schema, and held as one plain connection (no pool, no
//! writer's bookkeeping) that runs one transaction at a time.

use crate::sql::{Db, Dialect, PgDb};
use crate::{Location, StoreError};
use postgres::IsolationLevel;

/// A database to copy from or to.
pub enum Endpoint {
    /// A SQLite file.
    Sqlite(rusqlite::Connection),
    /// A PostgreSQL database.
    Postgres(postgres::Client),
}

impl Endpoint {
    /// Opens the database `url` names and brings its schema up to this
    /// build's, as every command does (so both sides of a move have the
    /// same tables and columns). A SQLite source must exist
    /// (`must_exist`): opening would otherwise make an empty one.
    pub fn open(url: &str, must_exist: bool) -> Result<Endpoint, StoreError> {
        let location = Location::of(url)?;
        if let Location::Sqlite(path) = location {
            if path.is_empty() || path == ":memory:" {
                return Err(StoreError::Refused(format!(
                    "{url}: a store in memory cannot be moved; name a file"
                )));
            }
            if must_exist && !std::path::Path::new(path).is_file() {
                return Err(StoreError::Refused(format!(
                    "{url}: no such SQLite database"
                )));
            }
        }
        // The store's own opening migrates (and reports an unreachable
        // server, a refused login or a schema newer than this build).
        drop(crate::open(url)?);
        Ok(match location {
            Location::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path)?;
                conn.busy_timeout(std::time::Duration::from_secs(10))?;
                conn.pragma_update(None, "cache_size", -64_000)?;
                Endpoint::Sqlite(conn)
            }
            Location::Postgres(url) => Endpoint::Postgres(crate::PgStore::connect(url)?),
        })
    }

    /// Which database this is.
    pub fn dialect(&self) -> Dialect {
        match self {
            Endpoint::Sqlite(_) => Dialect::Sqlite,
            Endpoint::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `f` in one read-only transaction: every query in it sees the
    /// same state, whatever is committed meanwhile.
    pub fn read<T>(
        &mut self,
        f: impl FnOnce(&dyn Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self {
            Endpoint::Sqlite(conn) => {
                // Deferred: the snapshot is taken at the first read (WAL
                // keeps it while writers commit).
                let tx = conn.transaction()?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            }
            Endpoint::Postgres(client) => {
                let mut tx = client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()?;
                let out = f(&PgDb::new(&mut tx))?;
                tx.commit()?;
                Ok(out)
            }
        }
    }

    /// Runs `f` in one write transaction and commits it; an error rolls
    /// it back.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&dyn Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self {
            Endpoint::Sqlite(conn) => {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            }
            Endpoint::Postgres(client) => {
                let mut tx = client.transaction()?;
                let out = f(&PgDb::new(&mut tx))?;
                tx.commit()?;
                Ok(out)
            }
        }
    }
}
