//! The inbox queue: every unanswered inbound message with the fixed
//! parts of its priority ([`rapport_core::priority`]). A message joins
//! when it arrives unanswered and leaves when it is answered; its rank
//! follows its words (re-analysis) and its author's labels (the ladder).
//! `inbox_count` is kept by triggers (migration 12).

use rapport_core::priority;
use rapport_core::signals::Signals;
use rusqlite::{params, OptionalExtension, Transaction};

/// The author's label weight and whether they are a VIP, from their
/// stored verdict (none yet: neither).
fn weight_of(tx: &Transaction<'_>, person: i64) -> Result<(i64, bool), rusqlite::Error> {
    Ok(tx
        .prepare_cached("SELECT queue_weight, vip FROM person_score WHERE person_id = ?1")?
        .query_row([person], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, false)))
}

/// Queues message `id` of `person` written at `at`.
pub fn insert(
    tx: &Transaction<'_>,
    id: i64,
    person: i64,
    at: i64,
    signals: Signals,
) -> Result<(), rusqlite::Error> {
    let (weight, vip) = weight_of(tx, person)?;
    let base = priority::base(signals);
    tx.prepare_cached(
        "INSERT INTO inbox_queue (interaction_id, person_id, at, base, rank, vip)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (interaction_id) DO UPDATE SET person_id = excluded.person_id,
             at = excluded.at, base = excluded.base, rank = excluded.rank, vip = excluded.vip",
    )?
    .execute(params![id, person, at, base, base + weight, vip])?;
    Ok(())
}

/// Takes message `id` out of the queue (answered).
pub fn remove(tx: &Transaction<'_>, id: i64) -> Result<(), rusqlite::Error> {
    tx.prepare_cached("DELETE FROM inbox_queue WHERE interaction_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Message `id` was read again: its words give `signals` now.
pub fn rebase(tx: &Transaction<'_>, id: i64, signals: Signals) -> Result<(), rusqlite::Error> {
    let base = priority::base(signals);
    tx.prepare_cached(
        "UPDATE inbox_queue SET rank = rank - base + ?1, base = ?1
         WHERE interaction_id = ?2 AND base <> ?1",
    )?
    .execute(params![base, id])?;
    Ok(())
}

/// `person`'s labels now weigh `weight` (and make them a VIP or not).
pub fn reweigh(
    tx: &Transaction<'_>,
    person: i64,
    weight: i64,
    vip: bool,
) -> Result<(), rusqlite::Error> {
    tx.prepare_cached(
        "UPDATE inbox_queue SET rank = base + ?1, vip = ?2
         WHERE person_id = ?3 AND (rank <> base + ?1 OR vip <> ?2)",
    )?
    .execute(params![weight, vip, person])?;
    Ok(())
}

/// Every queued message takes its author's stored weight (after the
/// whole ladder was judged again): all back to their words' part, then
/// the people whose labels weigh (a few in ten) by their own rows.
pub fn reweigh_all(tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
    tx.execute_batch("UPDATE inbox_queue SET rank = base, vip = 0 WHERE rank <> base OR vip <> 0")?;
    let weighed: Vec<(i64, i64, bool)> = tx
        .prepare(
            "SELECT person_id, queue_weight, vip FROM person_score
             WHERE queue_weight <> 0 OR vip <> 0",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (person, weight, vip) in weighed {
        reweigh(tx, person, weight, vip)?;
    }
    Ok(())
}

/// The messages of `identities` now belong to `person` (a merge or its
/// undoing moved those identities).
pub fn move_identities(
    tx: &Transaction<'_>,
    identities: &[i64],
    person: i64,
) -> Result<(), rusqlite::Error> {
    let mut stmt = tx.prepare_cached(
        "UPDATE inbox_queue SET person_id = ?1
         WHERE interaction_id IN (SELECT id FROM interaction WHERE identity_id = ?2)",
    )?;
    for identity in identities {
        stmt.execute(params![person, identity])?;
    }
    Ok(())
}
