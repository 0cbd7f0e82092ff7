//! Full-text search (migration 18): one trigram FTS5 index over
//! messages, identities and people, written after the fact. Before each
//! search the people and identities changed since the last one are
//! rewritten (migration 23) and the messages stored since are added, in
//! batches: imports never pay for the index, and a search still sees
//! every write before it. Deletes reach the index at once (triggers), so
//! a forgotten person's words never wait for a search to leave it.

use crate::views::SearchRows;
use crate::StoreError;
use rapport_core::{InteractionId, PersonId};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;

/// Messages indexed per transaction while catching up.
const BATCH: i64 = 20_000;

/// Brings the index up to date: rewrites the people and identities
/// changed since the last search (migration 23), then adds the messages
/// stored since. Returns the rows written.
pub fn catch_up(conn: &mut Connection) -> Result<u64, StoreError> {
    let mut added = people(conn)?;
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let through: i64 = tx
            .query_row("SELECT through FROM search_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or(0);
        let last: Option<i64> = tx.query_row(
            "SELECT max(interaction_id) FROM (SELECT interaction_id FROM interaction_text
             WHERE interaction_id > ?1 ORDER BY interaction_id LIMIT ?2)",
            params![through, BATCH],
            |r| r.get(0),
        )?;
        let Some(last) = last else {
            return Ok(added);
        };
        added += tx.execute(
            "INSERT INTO search_index (rowid, body)
             SELECT interaction_id * 4, text FROM interaction_text
             WHERE interaction_id > ?1 AND interaction_id <= ?2",
            params![through, last],
        )? as u64;
        tx.execute("UPDATE search_state SET through = ?1 WHERE id = 1", [last])?;
        tx.commit()?;
    }
}

/// Rewrites the index rows of the people and identities in
/// `search_dirty`, in one transaction. A row whose source is gone (a
/// person merged away or forgotten) is only deleted.
fn people(conn: &mut Connection) -> Result<u64, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "DELETE FROM search_index WHERE rowid IN (SELECT row FROM search_dirty)",
        [],
    )?;
    let identities = tx.execute(
        "INSERT INTO search_index (rowid, body)
         SELECT d.id * 4 + 1,
                d.handle || ' ' || coalesce(d.display_name, '') || ' ' || coalesce(d.email, '')
         FROM search_dirty s JOIN identity d ON d.id = s.row / 4
         WHERE s.row % 4 = 1",
        [],
    )?;
    let people = tx.execute(
        "INSERT INTO search_index (rowid, body)
         SELECT p.id * 4 + 3, p.name || ' ' || coalesce(
             (SELECT group_concat(e.address, ' ') FROM email e WHERE e.person_id = p.id), '')
         FROM search_dirty s JOIN person p ON p.id = s.row / 4
         WHERE s.row % 4 = 3",
        [],
    )?;
    tx.execute("DELETE FROM search_dirty", [])?;
    tx.commit()?;
    Ok((identities + people) as u64)
}

/// The messages (newest first) and people matching `expr` (an FTS5
/// query), at most `limit` of each.
pub fn search(conn: &Connection, expr: &str, limit: u64) -> Result<SearchRows, StoreError> {
    let limit = limit.min(i64::MAX as u64) as i64;
    let mut messages = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rowid / 4 FROM search_index
             WHERE search_index MATCH ?1 AND rowid % 4 = 0 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![expr, limit], |r| r.get::<_, i64>(0))?;
        for id in rows {
            messages.push(InteractionId(id?));
        }
    }
    let mut people = Vec::new();
    let mut seen = HashSet::new();
    {
        // An identity's person, or the person; the newest rows first.
        let mut stmt = conn.prepare_cached(
            "SELECT CASE s.rowid % 4 WHEN 1 THEN d.person_id ELSE p.id END
             FROM search_index s
             LEFT JOIN identity d ON s.rowid % 4 = 1 AND d.id = s.rowid / 4
             LEFT JOIN person p ON s.rowid % 4 = 3 AND p.id = s.rowid / 4
             WHERE search_index MATCH ?1 AND s.rowid % 4 IN (1, 3)
             ORDER BY s.rowid DESC",
        )?;
        let rows = stmt.query_map(params![expr], |r| r.get::<_, Option<i64>>(0))?;
        for id in rows {
            let Some(id) = id? else { continue };
            if seen.insert(id) {
                people.push(PersonId(id));
                if people.len() as i64 >= limit {
                    break;
                }
            }
        }
    }
    Ok(SearchRows { people, messages })
}
