//! The inbox queue: every unanswered inbound message with the fixed
//! parts of its priority ([`rapport_core::priority`]). A message joins
//! when it arrives unanswered and leaves when it is answered; its rank
//! follows its words (re-analysis) and its author's labels (the ladder).
//! `inbox_count` is kept by triggers (migration 12), and with it the
//! open stock phrases per post, `stock_count` (migration 27): each row
//! carries its message's channel and post for them.

use crate::sql::{args, Db, DbExt};
use crate::StoreError;
use rapport_core::ladder::Label;
use rapport_core::priority;
use rapport_core::signals::Signals;

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

impl Weight {
    /// The weight of a stored verdict's `queue_weight`, `vip` and
    /// `labels`, read from columns `at`, `at + 1` and `at + 2` of `r`.
    fn read(r: &dyn crate::sql::Row, at: usize) -> Result<Weight, StoreError> {
        Ok(Weight {
            weight: r.get(at)?,
            vip: r.get(at + 1)?,
            detractor: r.get::<i64>(at + 2)? & i64::from(Label::Detractor.bit()) != 0,
        })
    }
}

/// The author's weight from their stored verdict (none yet: nothing).
fn weight_of(db: &dyn Db, person: i64) -> Result<Weight, StoreError> {
    Ok(db
        .opt(
            "SELECT queue_weight, vip, labels FROM person_score WHERE person_id = ?1",
            args![person],
            |r| Weight::read(r, 0),
        )?
        .unwrap_or_default())
}

/// Queues message `id` of `person` written at `at`.
pub fn insert(
    db: &dyn Db,
    id: i64,
    person: i64,
    at: i64,
    signals: Signals,
) -> Result<(), StoreError> {
    let w = weight_of(db, person)?;
    let base = priority::base(signals);
    let fast = priority::fast(w.vip, w.detractor, base);
    db.execute(
        "INSERT INTO inbox_queue
             (interaction_id, person_id, at, base, rank, vip, generic, channel, post_id, signals,
              language)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, i.channel, i.post_id, coalesce(i.signals, 0),
                a.language
         FROM interaction i LEFT JOIN analysis a ON a.interaction_id = i.id
         WHERE i.id = ?1
         ON CONFLICT (interaction_id) DO UPDATE SET person_id = excluded.person_id,
             at = excluded.at, base = excluded.base, rank = excluded.rank, vip = excluded.vip,
             generic = excluded.generic, channel = excluded.channel, post_id = excluded.post_id,
             signals = excluded.signals, language = excluded.language",
        args![
            id,
            person,
            at,
            base,
            base + w.weight,
            fast,
            signals.generic()
        ],
    )?;
    Ok(())
}

/// Takes message `id` out of the queue (answered).
pub fn remove(db: &dyn Db, id: i64) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM inbox_queue WHERE interaction_id = ?1",
        args![id],
    )?;
    Ok(())
}

/// Message `id` was read again: its words give `signals` now (and a
/// detractor's message may have become a complaint, or stopped being one).
pub fn rebase(db: &dyn Db, id: i64, signals: Signals) -> Result<(), StoreError> {
    let base = priority::base(signals);
    db.execute(
        "UPDATE inbox_queue SET generic = ?2 WHERE interaction_id = ?1 AND generic <> ?2",
        args![id, signals.generic()],
    )?;
    let person: Option<i64> = db.scalar_opt(
        "SELECT person_id FROM inbox_queue WHERE interaction_id = ?1 AND base <> ?2",
        args![id, base],
    )?;
    let Some(person) = person else {
        return Ok(());
    };
    let w = weight_of(db, person)?;
    db.execute(
        "UPDATE inbox_queue SET rank = rank - base + ?1, base = ?1, vip = ?3
         WHERE interaction_id = ?2",
        args![base, id, priority::fast(w.vip, w.detractor, base)],
    )?;
    Ok(())
}

/// `person`'s labels now weigh `w`.
pub fn reweigh(db: &dyn Db, person: i64, w: Weight) -> Result<(), StoreError> {
    // `vip` per message: the author's VIP flag, or a detractor's
    // complaint ([`priority::fast`]); flags are 0/1 integers, compared
    // as such (PostgreSQL has no integer truth).
    db.execute(
        "UPDATE inbox_queue
         SET rank = base + ?1,
             vip = CASE WHEN ?2 = 1 OR (?4 = 1 AND base = ?5) THEN 1 ELSE 0 END
         WHERE person_id = ?3
           AND (rank <> base + ?1
                OR vip <> CASE WHEN ?2 = 1 OR (?4 = 1 AND base = ?5) THEN 1 ELSE 0 END)",
        args![w.weight, w.vip, person, w.detractor, priority::COMPLAINT],
    )?;
    Ok(())
}

/// Every queued message takes its author's stored weight (after the
/// whole ladder was judged again): all back to their words' part, then
/// the people whose labels weigh (a few in ten) from their verdicts, in
/// one statement.
pub fn reweigh_all(db: &dyn Db) -> Result<(), StoreError> {
    db.execute(
        "UPDATE inbox_queue SET rank = base, vip = 0 WHERE rank <> base OR vip <> 0",
        args![],
    )?;
    db.execute(
        &from_verdicts("(s.queue_weight <> 0 OR s.vip <> 0)"),
        args![],
    )?;
    Ok(())
}

/// The queued messages of `people` take their authors' stored weight, as
/// [`reweigh`] with the weight of each one's verdict just stored: one
/// statement per list of people rather than one per person.
pub fn reweigh_stored(db: &dyn Db, people: &[i64]) -> Result<(), StoreError> {
    if people.is_empty() {
        return Ok(());
    }
    let sql = from_verdicts(&format!(
        "s.person_id IN ({})",
        super::super::rows::ids_in(db.dialect())
    ));
    for chunk in people.chunks(super::super::rows::IDS_PER_LIST) {
        let list = super::super::rows::id_list(chunk.iter().copied());
        db.execute(&sql, args![list])?;
    }
    Ok(())
}

/// [`reweigh`] of the queued messages of the people whose stored verdict
/// `s` meets `which` (which may read a list bound as `?1`), each by the
/// weight its verdict stores, where that changes anything. The label bit
/// and the complaint's base are the code's constants, written out.
fn from_verdicts(which: &str) -> String {
    let vip = format!(
        "CASE WHEN s.vip = 1 OR ((s.labels & {}) <> 0 AND inbox_queue.base = {})
              THEN 1 ELSE 0 END",
        Label::Detractor.bit(),
        priority::COMPLAINT
    );
    format!(
        "UPDATE inbox_queue SET rank = inbox_queue.base + s.queue_weight, vip = {vip}
         FROM person_score s
         WHERE s.person_id = inbox_queue.person_id AND {which}
           AND (inbox_queue.rank <> inbox_queue.base + s.queue_weight OR inbox_queue.vip <> {vip})"
    )
}

/// The messages of `identities` now belong to `person` (a merge or its
/// undoing moved those identities).
pub fn move_identities(db: &dyn Db, identities: &[i64], person: i64) -> Result<(), StoreError> {
    for identity in identities {
        db.execute(
            "UPDATE inbox_queue SET person_id = ?1
             WHERE interaction_id IN (SELECT id FROM interaction WHERE identity_id = ?2)",
            args![person, identity],
        )?;
    }
    Ok(())
}
