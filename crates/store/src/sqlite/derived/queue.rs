//! The inbox queue: every unanswered inbound message with the fixed
//! parts of its priority ([`rapport_core::priority`]). A message joins
//! when it arrives unanswered and leaves when it is answered; its rank
//! follows its words (re-analysis) and its author's labels (the ladder).
//! `inbox_count` is kept by triggers (migration 12).

use rapport_core::ladder::Label;
use rapport_core::priority;
use rapport_core::signals::Signals;
use rusqlite::{params, OptionalExtension, Transaction};

/// What an author's labels weigh in the queue: the points they add to
/// each message's rank, and whether their messages earn the short answer
/// target (every message of a VIP, a detractor's complaints:
/// [`priority::fast`]). The queue's `vip` column holds that per message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Weight {
    /// Points added to the rank.
    pub weight: i64,
    /// A true fan, evangelist or influencer.
    pub vip: bool,
    /// A detractor.
    pub detractor: bool,
}

/// The author's weight from their stored verdict (none yet: nothing).
fn weight_of(tx: &Transaction<'_>, person: i64) -> Result<Weight, rusqlite::Error> {
    Ok(tx
        .prepare_cached("SELECT queue_weight, vip, labels FROM person_score WHERE person_id = ?1")?
        .query_row([person], |r| {
            Ok(Weight {
                weight: r.get(0)?,
                vip: r.get(1)?,
                detractor: r.get::<_, u8>(2)? & Label::Detractor.bit() != 0,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// Queues message `id` of `person` written at `at`.
pub fn insert(
    tx: &Transaction<'_>,
    id: i64,
    person: i64,
    at: i64,
    signals: Signals,
) -> Result<(), rusqlite::Error> {
    let w = weight_of(tx, person)?;
    let base = priority::base(signals);
    let fast = priority::fast(w.vip, w.detractor, base);
    tx.prepare_cached(
        "INSERT INTO inbox_queue (interaction_id, person_id, at, base, rank, vip, generic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (interaction_id) DO UPDATE SET person_id = excluded.person_id,
             at = excluded.at, base = excluded.base, rank = excluded.rank, vip = excluded.vip,
             generic = excluded.generic",
    )?
    .execute(params![
        id,
        person,
        at,
        base,
        base + w.weight,
        fast,
        signals.generic()
    ])?;
    Ok(())
}

/// Takes message `id` out of the queue (answered).
pub fn remove(tx: &Transaction<'_>, id: i64) -> Result<(), rusqlite::Error> {
    tx.prepare_cached("DELETE FROM inbox_queue WHERE interaction_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Message `id` was read again: its words give `signals` now (and a
/// detractor's message may have become a complaint, or stopped being one).
pub fn rebase(tx: &Transaction<'_>, id: i64, signals: Signals) -> Result<(), rusqlite::Error> {
    let base = priority::base(signals);
    tx.prepare_cached(
        "UPDATE inbox_queue SET generic = ?2 WHERE interaction_id = ?1 AND generic <> ?2",
    )?
    .execute(params![id, signals.generic()])?;
    let person: Option<i64> = tx
        .prepare_cached(
            "SELECT person_id FROM inbox_queue WHERE interaction_id = ?1 AND base <> ?2",
        )?
        .query_row(params![id, base], |r| r.get(0))
        .optional()?;
    let Some(person) = person else {
        return Ok(());
    };
    let w = weight_of(tx, person)?;
    tx.prepare_cached(
        "UPDATE inbox_queue SET rank = rank - base + ?1, base = ?1, vip = ?3
         WHERE interaction_id = ?2",
    )?
    .execute(params![base, id, priority::fast(w.vip, w.detractor, base)])?;
    Ok(())
}

/// `person`'s labels now weigh `w`.
pub fn reweigh(tx: &Transaction<'_>, person: i64, w: Weight) -> Result<(), rusqlite::Error> {
    // `vip` per message: the author's VIP flag, or a detractor's
    // complaint ([`priority::fast`]).
    tx.prepare_cached(
        "UPDATE inbox_queue SET rank = base + ?1, vip = (?2 OR (?4 AND base = ?5))
         WHERE person_id = ?3 AND (rank <> base + ?1 OR vip <> (?2 OR (?4 AND base = ?5)))",
    )?
    .execute(params![
        w.weight,
        w.vip,
        person,
        w.detractor,
        priority::COMPLAINT
    ])?;
    Ok(())
}

/// Every queued message takes its author's stored weight (after the
/// whole ladder was judged again): all back to their words' part, then
/// the people whose labels weigh (a few in ten) by their own rows.
pub fn reweigh_all(tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
    tx.execute_batch("UPDATE inbox_queue SET rank = base, vip = 0 WHERE rank <> base OR vip <> 0")?;
    let weighed: Vec<(i64, Weight)> = tx
        .prepare(
            "SELECT person_id, queue_weight, vip, labels FROM person_score
             WHERE queue_weight <> 0 OR vip <> 0",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                Weight {
                    weight: r.get(1)?,
                    vip: r.get(2)?,
                    detractor: r.get::<_, u8>(3)? & Label::Detractor.bit() != 0,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    for (person, w) in weighed {
        reweigh(tx, person, w)?;
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
