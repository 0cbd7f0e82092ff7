//! What the views read, kept current by every writer in the writer's own
//! transaction, so that no view reads the whole database and every write
//! shows in the next request.
//!
//! - each message's thread root and, for words said to the shop, when the
//!   shop first answered it (`interaction.root`, `interaction.answered_at`:
//!   the rule of [`rapport_core::threads`]);
//! - one row per thread ([`threads`]);
//! - the unanswered inbound messages as a queue with the fixed parts of
//!   their priority ([`queue`]);
//! - the report's figures per UTC day and channel, with first response
//!   times by bucket ([`rollups`]).
//!
//! # How it is kept
//!
//! A batch of writes goes through one [`Derived`]: each stored message
//! ([`Derived::inserted`]) gets its root from its parent (or names its
//! missing parent), its answer from the shop replies already in its thread,
//! and a shop reply answers the earlier words of the person it replies to.
//! Thread rows and day figures change by deltas, written once per batch by
//! [`Derived::flush`]. When a message arrives whose replies were stored
//! before it (threads join), or when people merge or part (answers are per
//! person), the threads concerned are rebuilt from their messages. A
//! property test checks that batches in any split and order end in the
//! state [`rebuild`] derives from everything at once.

pub mod queue;
pub mod rollups;
pub mod threads;

use crate::StoreError;
use rapport_core::signals::Signals;
use rapport_core::Kind;
use rollups::Rollups;
use rusqlite::{params, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use threads::{Delta, Row, Stored};

/// A message just stored, with its parent when that is stored too.
#[derive(Debug)]
pub struct New<'a> {
    /// The stored message (`answered_at` as yet unknown).
    pub message: Stored,
    /// Its channel.
    pub channel: &'a str,
    /// Its thread's root.
    pub root: &'a str,
    /// The message it replies to, when stored.
    pub parent: Option<&'a Stored>,
}

/// Changes gathered over one transaction.
#[derive(Debug, Default)]
pub struct Derived {
    threads: HashMap<(String, String), Delta>,
    /// Threads to rebuild from their messages, each with the roots of
    /// threads that joined it (their rows go).
    rebuild: BTreeMap<(String, String), BTreeSet<String>>,
    rollups: Rollups,
    /// People whose answers changed (their recovery may have).
    dirty: BTreeSet<i64>,
}

/// The root of a message given its parent: its own id when it starts a
/// thread, its parent's root, or the missing parent's id. A parent whose
/// root is this message (a cycle) leaves the message its own root.
pub fn root_of<'a>(
    external_id: &'a str,
    in_reply_to: Option<&'a str>,
    parent_root: Option<&'a str>,
) -> &'a str {
    match (in_reply_to, parent_root) {
        (None, _) => external_id,
        (Some(p), None) => p,
        (Some(_), Some(r)) if r == external_id => external_id,
        (Some(_), Some(r)) => r,
    }
}

impl Derived {
    /// Accounts for a message just stored (its `root` already written).
    pub fn inserted(&mut self, tx: &Transaction<'_>, new: New<'_>) -> Result<(), StoreError> {
        let New {
            mut message,
            channel,
            root,
            parent,
        } = new;
        let key = (channel.to_string(), root.to_string());
        // Messages stored before this one that named it as their missing
        // parent: the threads join under this message's root.
        let waiting: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interaction
                 WHERE channel = ?1 AND root = ?2 AND id <> ?3)",
            )?
            .query_row(params![channel, message.external_id, message.id], |r| {
                r.get(0)
            })?;
        if waiting {
            let joined = self.rebuild.entry(key.clone()).or_default();
            if root != message.external_id {
                tx.prepare_cached(
                    "UPDATE interaction SET root = ?1 WHERE channel = ?2 AND root = ?3",
                )?
                .execute(params![root, channel, message.external_id])?;
                joined.insert(message.external_id.clone());
                self.threads
                    .remove(&(channel.to_string(), message.external_id.clone()));
            }
        }
        if message.inbound() {
            message.answered_at = earliest_answer(tx, channel, root, &message)?;
            if let Some(a) = message.answered_at {
                tx.prepare_cached("UPDATE interaction SET answered_at = ?1 WHERE id = ?2")?
                    .execute(params![a, message.id])?;
                self.rollups.answer(message.at, a, channel, 1);
                self.dirty.insert(message.person);
            } else {
                queue::insert(tx, message.id, message.person, message.at, message.signals)?;
            }
        }
        let contribution = rollups::contribution(message.kind, message.from_brand, message.signals);
        self.rollups.day(message.at, channel, contribution, 1);
        let delta = self.threads.entry(key).or_default();
        delta.message(&message);
        if let Some(p) = parent {
            if threads::is_exchange(p, message.person, message.from_brand, message.kind) {
                delta.exchange(message.at);
            }
            if message.from_brand && !p.from_brand {
                self.sweep(tx, channel, root, p, message.at)?;
            }
        }
        Ok(())
    }

    /// A shop reply at `reply_at` to `parent` answers the parent's
    /// author's inbound words in the thread written no later than it.
    fn sweep(
        &mut self,
        tx: &Transaction<'_>,
        channel: &str,
        root: &str,
        parent: &Stored,
        reply_at: i64,
    ) -> Result<(), StoreError> {
        let mine: Vec<Stored> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {} FROM identity d JOIN interaction i ON i.identity_id = d.id
                 WHERE d.person_id = ?1 AND i.channel = ?2 AND i.root = ?3
                   AND i.from_brand = 0 AND i.created_at <= ?4",
                threads::STORED
            ))?;
            let rows = stmt.query_map(
                params![parent.person, channel, root, parent.at],
                threads::stored,
            )?;
            rows.collect::<Result<_, _>>()?
        };
        for m in mine.into_iter().filter(Stored::inbound) {
            let candidate = reply_at.max(m.at);
            if m.answered_at.is_none_or(|a| candidate < a) {
                self.answer(tx, channel, &m, Some(candidate))?;
                if m.answered_at.is_none() {
                    if let Some(d) = self
                        .threads
                        .get_mut(&(channel.to_string(), root.to_string()))
                    {
                        d.answered(1);
                    } else {
                        let mut d = Delta::default();
                        d.answered(1);
                        self.threads
                            .insert((channel.to_string(), root.to_string()), d);
                    }
                }
            }
        }
        Ok(())
    }

    /// Stores a new answer time for inbound `m` (as stored) and moves
    /// the figures, the queue and the author's recovery with it.
    fn answer(
        &mut self,
        tx: &Transaction<'_>,
        channel: &str,
        m: &Stored,
        new: Option<i64>,
    ) -> Result<(), StoreError> {
        if m.answered_at == new {
            return Ok(());
        }
        tx.prepare_cached("UPDATE interaction SET answered_at = ?1 WHERE id = ?2")?
            .execute(params![new, m.id])?;
        if let Some(old) = m.answered_at {
            self.rollups.answer(m.at, old, channel, -1);
        }
        if let Some(a) = new {
            self.rollups.answer(m.at, a, channel, 1);
        }
        match (m.answered_at, new) {
            (None, Some(_)) => queue::remove(tx, m.id)?,
            (Some(_), None) => queue::insert(tx, m.id, m.person, m.at, m.signals)?,
            _ => {}
        }
        self.dirty.insert(m.person);
        Ok(())
    }

    /// The threads `people` wrote in are rebuilt at the end (answers and
    /// exchanges are per person: a merge or its undoing changes them).
    pub fn people_changed(
        &mut self,
        tx: &Transaction<'_>,
        people: &[i64],
    ) -> Result<(), StoreError> {
        let mut stmt = tx.prepare_cached(
            "SELECT DISTINCT i.channel, i.root FROM identity d
             JOIN interaction i ON i.identity_id = d.id WHERE d.person_id = ?1",
        )?;
        for p in people {
            let rows = stmt.query_map([p], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for key in rows {
                self.rebuild.entry(key?).or_default();
            }
        }
        Ok(())
    }

    /// Message `id`'s words were read again: `old` signals became `new`.
    pub fn signals_changed(
        &mut self,
        tx: &Transaction<'_>,
        id: i64,
        old: Signals,
        new: Signals,
    ) -> Result<(), StoreError> {
        if old == new {
            return Ok(());
        }
        let row: Option<(String, String, i64, bool)> = {
            use rusqlite::OptionalExtension;
            tx.prepare_cached(
                "SELECT channel, kind, created_at, from_brand FROM interaction WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?
        };
        let Some((channel, kind, at, from_brand)) = row else {
            return Ok(());
        };
        let kind: Kind = kind.parse().map_err(|reason| StoreError::Corrupt {
            table: "interaction",
            column: "kind",
            reason,
        })?;
        self.rollups.day(
            at,
            &channel,
            rollups::contribution(kind, from_brand, old),
            -1,
        );
        self.rollups.day(
            at,
            &channel,
            rollups::contribution(kind, from_brand, new),
            1,
        );
        queue::rebase(tx, id, new)?;
        Ok(())
    }

    /// Writes what was gathered: thread rows, rebuilt threads, the day
    /// figures, and the people whose answers changed (to be judged again).
    pub fn flush(mut self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let deltas = std::mem::take(&mut self.threads);
        for ((channel, root), d) in deltas {
            if self.rebuild.contains_key(&(channel.clone(), root.clone())) {
                continue;
            }
            let before = threads::read(tx, &channel, &root)?;
            let old = before.as_ref().and_then(|r| r.exchange_second);
            if let Some(row) = Row::with(before, d) {
                self.rollups
                    .conversation(&channel, old, row.exchange_second);
                threads::write(tx, &channel, &root, &row)?;
            }
        }
        let rebuild = std::mem::take(&mut self.rebuild);
        for ((channel, root), joined) in rebuild {
            for gone in joined {
                if let Some(r) = threads::read(tx, &channel, &gone)? {
                    self.rollups.conversation(&channel, r.exchange_second, None);
                }
                threads::delete(tx, &channel, &gone)?;
            }
            self.rebuild_thread(tx, &channel, &root)?;
        }
        let Derived { rollups, dirty, .. } = self;
        rollups.flush(tx)?;
        let mut mark = tx.prepare_cached("INSERT OR IGNORE INTO person_dirty VALUES (?1)")?;
        for p in dirty {
            mark.execute([p])?;
        }
        Ok(())
    }

    /// Rebuilds one thread from its messages: answers, its row, its
    /// conversation.
    fn rebuild_thread(
        &mut self,
        tx: &Transaction<'_>,
        channel: &str,
        root: &str,
    ) -> Result<(), StoreError> {
        let msgs = threads::messages(tx, channel, root)?;
        let before = threads::read(tx, channel, root)?;
        let old = before.as_ref().and_then(|r| r.exchange_second);
        if msgs.is_empty() {
            threads::delete(tx, channel, root)?;
            self.rollups.conversation(channel, old, None);
            return Ok(());
        }
        let (statuses, exchanges) = threads::analyse(&msgs);
        for (m, s) in msgs.iter().zip(&statuses) {
            if m.inbound() {
                self.answer(tx, channel, m, s.answered_at)?;
            }
        }
        let answered: Vec<Option<i64>> = statuses.iter().map(|s| s.answered_at).collect();
        let times: Vec<i64> = exchanges.into_values().flatten().collect();
        let refs: Vec<&Stored> = msgs.iter().collect();
        if let Some(row) = Row::build(&refs, &answered, &times) {
            self.rollups.conversation(channel, old, row.exchange_second);
            threads::write(tx, channel, root, &row)?;
        }
        Ok(())
    }
}

/// When the shop first answered inbound `m` (just stored in thread
/// `root`): the earliest shop reply in the thread to words of the same
/// person written no earlier than `m`.
fn earliest_answer(
    tx: &Transaction<'_>,
    channel: &str,
    root: &str,
    m: &Stored,
) -> Result<Option<i64>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.created_at, p.created_at, pd.person_id, p.from_brand
         FROM interaction r
         JOIN interaction p ON p.channel = r.channel AND p.external_id = r.in_reply_to
         JOIN identity pd ON pd.id = p.identity_id
         WHERE r.channel = ?1 AND r.root = ?2 AND r.from_brand = 1",
    )?;
    let mut rows = stmt.query(params![channel, root])?;
    let mut best: Option<i64> = None;
    while let Some(r) = rows.next()? {
        let (reply_at, parent_at, person, brand): (i64, i64, i64, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if !brand && person == m.person && parent_at >= m.at {
            let a = reply_at.max(m.at);
            best = Some(best.map_or(a, |b| b.min(a)));
        }
    }
    Ok(best)
}

/// Derives everything from the stored messages at once: every root and
/// answer, every thread row, the queue and the day figures (the upgrade to
/// schema 12, and the reference the incremental path is tested against).
pub fn rebuild(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "DELETE FROM thread; DELETE FROM thread_count; DELETE FROM inbox_queue;
         DELETE FROM inbox_count; DELETE FROM report_day; DELETE FROM response_day;",
    )?;
    let channels: Vec<String> = {
        let mut stmt = tx.prepare("SELECT DISTINCT channel FROM interaction")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut rollups = Rollups::default();
    for channel in channels {
        let msgs: Vec<Stored> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {} FROM interaction i JOIN identity d ON d.id = i.identity_id
                 WHERE i.channel = ?1 ORDER BY i.id",
                threads::STORED
            ))?;
            let rows = stmt.query_map([&channel], threads::stored)?;
            rows.collect::<Result<_, _>>()?
        };
        let (statuses, exchanges) = threads::analyse(&msgs);
        let mut put =
            tx.prepare_cached("UPDATE interaction SET root = ?1, answered_at = ?2 WHERE id = ?3")?;
        let mut by_root: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, (m, s)) in msgs.iter().zip(&statuses).enumerate() {
            put.execute(params![s.root, s.answered_at, m.id])?;
            by_root.entry(s.root.as_str()).or_default().push(n);
            let c = rollups::contribution(m.kind, m.from_brand, m.signals);
            rollups.day(m.at, &channel, c, 1);
            if m.inbound() {
                match s.answered_at {
                    Some(a) => rollups.answer(m.at, a, &channel, 1),
                    None => queue::insert(tx, m.id, m.person, m.at, m.signals)?,
                }
            }
        }
        for (root, idx) in by_root {
            let refs: Vec<&Stored> = idx.iter().map(|&n| &msgs[n]).collect();
            let answered: Vec<Option<i64>> = idx.iter().map(|&n| statuses[n].answered_at).collect();
            let times = exchanges.get(root).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(row) = Row::build(&refs, &answered, times) {
                rollups.conversation(&channel, None, row.exchange_second);
                threads::write(tx, &channel, root, &row)?;
            }
        }
    }
    rollups.flush(tx)?;
    Ok(())
}

/// Every row of what is derived, as text, table by table (for comparing
/// what the writers kept with what [`rebuild`] derives).
fn dump(tx: &Transaction<'_>) -> Result<Vec<String>, StoreError> {
    let queries = [
        "SELECT 'interaction', id, root, answered_at FROM interaction ORDER BY id",
        "SELECT 'thread', channel, root, first_id, first_at, last_at, messages, inbound, unanswered,
                first_inbound_id, first_inbound_at, post_id, post_at, post_from_id,
                exchange_last, exchange_second, people
         FROM thread ORDER BY channel, root",
        "SELECT 'queue', interaction_id, person_id, at, base, rank, vip FROM inbox_queue
         ORDER BY interaction_id",
        "SELECT 'count', rank, base, vip, n FROM inbox_count WHERE n <> 0 ORDER BY rank, base, vip",
        "SELECT 'threads', channel, open, n FROM thread_count WHERE n <> 0 ORDER BY channel, open",
        "SELECT 'day', day, channel, inbound, answered, specific, generic, recommendations,
                follows, likes, conversations, messages
         FROM report_day
         WHERE inbound + answered + specific + generic + recommendations + follows + likes
               + conversations + messages <> 0
         ORDER BY day, channel",
        "SELECT 'response', day, channel, hex(histogram) FROM response_day ORDER BY day, channel",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = tx.prepare(q)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut line = Vec::with_capacity(n);
            for i in 0..n {
                line.push(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => "null".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                });
            }
            out.push(line.join("|"));
        }
    }
    Ok(out)
}

/// Compares what the writers kept with what [`rebuild`] derives from the
/// stored messages, changing nothing; returns the rows that differ (up to
/// `max`), kept first, derived second.
pub fn check(tx: &Transaction<'_>, max: usize) -> Result<Vec<String>, StoreError> {
    let kept = dump(tx)?;
    tx.execute_batch("SAVEPOINT derived_check")?;
    let derived = rebuild(tx).and_then(|()| dump(tx));
    tx.execute_batch("ROLLBACK TO derived_check; RELEASE derived_check")?;
    let derived = derived?;
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
        (kept.iter().collect(), derived.iter().collect());
    let mut out: Vec<String> = a
        .difference(&b)
        .map(|r| format!("kept:    {r}"))
        .chain(b.difference(&a).map(|r| format!("derived: {r}")))
        .collect();
    out.sort_by(|x, y| x[9..].cmp(&y[9..]));
    out.truncate(max);
    Ok(out)
}
