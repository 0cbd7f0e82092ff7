//! The schema, as an ordered list of migrations. A database records how
//! many it has applied in `PRAGMA user_version`; opening applies the rest.
//!
//! Interactions point at identities, identities at people: merging two
//! people moves identities, never rewrites interactions, so a merge can be
//! undone exactly.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    // 1: people, identities, emails, interactions, orders, links.
    "
    CREATE TABLE person (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        is_brand   INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE identity (
        id           INTEGER PRIMARY KEY,
        person_id    INTEGER NOT NULL,
        channel      TEXT NOT NULL,
        handle       TEXT NOT NULL,
        display_name TEXT,
        email        TEXT,
        followers    INTEGER,
        bio          TEXT,
        UNIQUE (channel, handle)
    );
    CREATE INDEX identity_person ON identity (person_id);
    CREATE TABLE email (
        address   TEXT PRIMARY KEY,
        person_id INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX email_person ON email (person_id);
    CREATE TABLE interaction (
        id          INTEGER PRIMARY KEY,
        channel     TEXT NOT NULL,
        external_id TEXT NOT NULL,
        kind        TEXT NOT NULL,
        identity_id INTEGER NOT NULL,
        text        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        in_reply_to TEXT,
        post_id     TEXT,
        url         TEXT,
        from_brand  INTEGER NOT NULL,
        UNIQUE (channel, external_id)
    );
    CREATE INDEX interaction_identity ON interaction (identity_id);
    CREATE TABLE orders (
        id         INTEGER PRIMARY KEY,
        order_id   TEXT NOT NULL UNIQUE,
        person_id  INTEGER,
        email      TEXT,
        total      REAL NOT NULL,
        currency   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status     TEXT NOT NULL,
        items      TEXT NOT NULL
    );
    CREATE INDEX orders_person ON orders (person_id);
    CREATE TABLE link (
        id         INTEGER PRIMARY KEY,
        person_id  INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        detail     TEXT NOT NULL,
        confidence REAL NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX link_person ON link (person_id);
    ",
    // 2: what the analyzer read in each text.
    "
    CREATE TABLE analysis (
        interaction_id       INTEGER PRIMARY KEY,
        language             TEXT NOT NULL,
        sentiment            TEXT NOT NULL,
        sentiment_confidence REAL NOT NULL,
        intent               TEXT NOT NULL,
        intents              TEXT NOT NULL,
        topics               TEXT NOT NULL,
        specificity          REAL NOT NULL,
        generic              INTEGER NOT NULL
    );
    ",
];

/// Applies the migrations the database has not seen yet.
///
/// The version is read inside an immediate (write-locked) transaction, so
/// two processes opening a new database at once do not both migrate it.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let supported = MIGRATIONS.len() as i64;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let applied: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if applied > supported {
        return Err(StoreError::TooNew {
            found: applied,
            supported,
        });
    }
    for sql in MIGRATIONS.iter().skip(applied as usize) {
        tx.execute_batch(sql)?;
    }
    if applied < supported {
        tx.pragma_update(None, "user_version", supported)?;
    }
    tx.commit()?;
    Ok(())
}
