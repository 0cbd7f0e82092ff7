//! PostgreSQL's migrations. A database records how many it has applied
//! in `rapport_schema`; opening applies the rest, holding an advisory
//! lock so two processes opening a new database at once do not both
//! migrate it.
//!
//! Migration 1 is SQLite's schema as its migrations leave it (see
//! `sqlite::schema` for why each table, index and trigger is there);
//! later changes to the schema add a numbered migration here and one
//! there.

use crate::StoreError;
use postgres::Client;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_jobs.sql"),
    include_str!("migrations/0003_limits.sql"),
    include_str!("migrations/0004_inbox_counts.sql"),
    include_str!("migrations/0005_stock_counts.sql"),
    include_str!("migrations/0006_readings_state.sql"),
    include_str!("migrations/0007_queue_signals.sql"),
    include_str!("migrations/0008_counts_without_join.sql"),
    include_str!("migrations/0009_queue_language.sql"),
];

/// A fingerprint of the migrations this build knows (FNV-1a over their
/// text): the test databases' template is named after it, so a server
/// kept between runs never hands out a database migrated by other ones.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn fingerprint() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for sql in MIGRATIONS {
        for b in sql.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The advisory lock key migrations hold (any number unique to Rapport).
const MIGRATION_LOCK: i64 = 0x5241_5050_4f52_5401;

/// Applies the migrations the database has not seen yet.
pub fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS rapport_schema (
             id      BIGINT PRIMARY KEY CHECK (id = 1),
             version BIGINT NOT NULL
         );
         INSERT INTO rapport_schema (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;",
    )?;
    let applied: i64 = tx
        .query_one("SELECT version FROM rapport_schema WHERE id = 1", &[])?
        .try_get(0)?;
    let supported = MIGRATIONS.len() as i64;
    if applied > supported {
        return Err(StoreError::TooNew {
            found: applied,
            supported,
        });
    }
    for sql in MIGRATIONS.iter().skip(applied.max(0) as usize) {
        tx.batch_execute(sql)?;
    }
    if applied < supported {
        tx.execute(
            "UPDATE rapport_schema SET version = $1 WHERE id = 1",
            &[&supported],
        )?;
    }
    tx.commit()?;
    Ok(())
}
