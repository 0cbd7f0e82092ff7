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
//! What needs the database is settled for the whole batch by
//! [`Derived::flush`] with a few statements (on PostgreSQL each one is a
//! round trip): the batch's messages are written (held until then, see
//! [`HeldMessages`]), the replies' answers found, answer times written;
//! thread rows and day figures change by deltas, written once per batch. When a message arrives whose replies were stored
//! before it (threads join), or when people merge or part (answers are per
//! person), the threads concerned are rebuilt from their messages. Likes
//! and follows are never replied to on any platform: they are not looked
//! at as parents, and a thread of reactions alone has no row. A property
//! test checks that batches in any split and order end in the state
//! [`rebuild`] derives from everything at once.

pub mod queue;
pub mod rollups;
pub mod threads;

#[cfg(test)]
mod tests;

use crate::shared::rows::{in_statements, insert_rows};
use crate::shared::write::HeldMessages;
use crate::sql::{args, Arg, Db, DbExt, Dialect, Value};
use crate::StoreError;
use rapport_core::signals::Signals;
use rapport_core::Kind;
use rollups::Rollups;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use threads::{stored_columns, Delta, Row, Stored};

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

/// An inbound message stored in this transaction whose first answer is
/// settled when the transaction's writes are flushed.
#[derive(Debug, Clone)]
struct Pending {
    id: i64,
    channel: String,
    root: String,
    person: i64,
    at: i64,
    signals: Signals,
    /// As known so far (a shop reply later in the batch may have set it).
    answered_at: Option<i64>,
}

/// A thread (channel, root) and an author in it.
type ThreadAuthor<'a> = (&'a str, &'a str, i64);

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
    /// Every message stored, as `(id, channel, external id)`: checked at
    /// the flush for replies stored before what they answer.
    stored: Vec<(i64, String, String)>,
    /// The inbound messages stored, in order, and where each is by id.
    pending: Vec<Pending>,
    pending_at: HashMap<i64, usize>,
    /// Identity → person, for the batch (forgotten at a merge).
    persons: HashMap<i64, i64>,
    /// The batch's messages by `(channel, external id)`: root, person,
    /// time, written by the shop.
    batch: HashMap<(String, String), (String, i64, i64, bool)>,
    /// The batch's shop replies: channel, the parent's external id, time.
    replies: Vec<(String, String, i64)>,
    /// An erasure: what the transaction moves in the report's days is
    /// kept aside as erased figures instead (see [`Derived::erasing`]).
    erasing: bool,
    /// Messages stored but not written yet: written before anything here
    /// reads the stored messages.
    pub held: HeldMessages,
    /// Answer times to write: message, time, and whether it was
    /// unanswered before.
    answers: Vec<(i64, i64, bool)>,
    /// The shop replies to be settled at the flush ([`Derived::sweep_all`]):
    /// channel, root, the parent's person and time, the reply's time.
    sweeps: Vec<(String, String, i64, i64, i64)>,
    /// Merges (or their undoing) seen: what a batch read before one may
    /// name a person no longer there.
    merges: u64,
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
    /// Changes gathered over an erasure: the report's days stay as they
    /// are, and what the erasure would move in them is recorded as
    /// erased figures ([`rollups::Rollups::flush_erased`]), so a rebuild
    /// from the remaining messages plus those figures ends where the
    /// kept state is.
    pub fn erasing() -> Derived {
        Derived {
            erasing: true,
            ..Derived::default()
        }
    }

    /// Deletes the messages `ids` with their words, readings and the
    /// team's state of them, taking them out of their days, answers and
    /// the queue; the threads they were in are re-rooted (a reply whose
    /// parent is gone starts its own thread under the parent's id, as if
    /// the parent had never been stored) and rebuilt at the flush.
    /// Returns how many were deleted.
    pub fn remove_messages(&mut self, db: &dyn Db, ids: &[i64]) -> Result<u64, StoreError> {
        let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
        let mut removed = 0;
        for &id in ids {
            let Some((m, channel, root)) = db.opt(
                concat!(
                    "SELECT ",
                    stored_columns!(),
                    ", i.channel, i.root FROM interaction i
                     JOIN identity d ON d.id = i.identity_id WHERE i.id = ?1"
                ),
                args![id],
                |r| {
                    Ok((
                        threads::stored(r)?,
                        r.get::<String>(10)?,
                        r.get::<Option<String>>(11)?,
                    ))
                },
            )?
            else {
                continue;
            };
            let c = rollups::contribution(m.kind, m.from_brand, m.signals);
            self.rollups.day(m.at, &channel, c, -1);
            if m.inbound() {
                if let Some(a) = m.answered_at {
                    self.rollups.answer(m.at, a, &channel, -1);
                }
            }
            queue::remove(db, id)?;
            touched.insert((channel, root.unwrap_or_else(|| m.external_id.clone())));
            for sql in [
                "DELETE FROM analysis WHERE interaction_id = ?1",
                "DELETE FROM inbox_state WHERE interaction_id = ?1",
                "DELETE FROM inbox_note WHERE interaction_id = ?1",
                // Its words go with it (trigger `interaction_text_out`).
                "DELETE FROM interaction WHERE id = ?1",
            ] {
                db.execute(sql, args![id])?;
            }
            removed += 1;
        }
        for (channel, root) in touched {
            let msgs = threads::messages(db, &channel, &root)?;
            let (statuses, _) = threads::analyse(&msgs);
            for (m, s) in msgs.iter().zip(&statuses) {
                if s.root != root {
                    db.execute(
                        "UPDATE interaction SET root = ?1 WHERE id = ?2",
                        args![s.root, m.id],
                    )?;
                    self.rebuild
                        .entry((channel.clone(), s.root.clone()))
                        .or_default();
                }
            }
            self.rebuild.entry((channel, root)).or_default();
        }
        Ok(removed)
    }

    /// Accounts for a message just stored (its `root` already written).
    /// What needs the database — whether replies were stored before it,
    /// whether a shop reply stored earlier answers it, its place in the
    /// queue — is settled for the whole batch at [`Derived::flush`], a
    /// few statements per batch rather than per message; a shop reply
    /// answers the earlier words of the person it replies to at once.
    pub fn inserted(&mut self, new: New<'_>) {
        let New {
            message,
            channel,
            root,
            parent,
        } = new;
        // Likes and follows are never replied to: they start no thread
        // anyone joins, and need no row of their own.
        let reaction = matches!(message.kind, Kind::Like | Kind::Follow);
        let starts = root == message.external_id;
        if !reaction {
            self.stored
                .push((message.id, channel.to_string(), message.external_id.clone()));
            self.batch.insert(
                (channel.to_string(), message.external_id.clone()),
                (
                    root.to_string(),
                    message.person,
                    message.at,
                    message.from_brand,
                ),
            );
        }
        if let (true, Some(parent)) = (message.from_brand, &message.in_reply_to) {
            self.replies
                .push((channel.to_string(), parent.clone(), message.at));
        }
        if message.inbound() {
            self.pending_at.insert(message.id, self.pending.len());
            self.pending.push(Pending {
                id: message.id,
                channel: channel.to_string(),
                root: root.to_string(),
                person: message.person,
                at: message.at,
                signals: message.signals,
                answered_at: None,
            });
        }
        let contribution = rollups::contribution(message.kind, message.from_brand, message.signals);
        self.rollups.day(message.at, channel, contribution, 1);
        if reaction && starts {
            return;
        }
        let delta = self
            .threads
            .entry((channel.to_string(), root.to_string()))
            .or_insert_with(|| Delta::new(starts));
        delta.message(&message);
        if let Some(p) = parent {
            if threads::is_exchange(p, message.person, message.from_brand, message.kind) {
                delta.exchange(message.at);
            }
            if message.from_brand && !p.from_brand {
                self.sweeps.push((
                    channel.to_string(),
                    root.to_string(),
                    p.person,
                    p.at,
                    message.at,
                ));
            }
        }
    }

    /// What the batch's shop replies answer: each answers the words its
    /// parent's author said to the shop in the thread no later than the
    /// parent (at the reply's time, or when they were said if later).
    /// Answer times only move earlier, so the replies are settled together
    /// at the flush, one statement for the batch, once every message of
    /// the batch is written.
    fn sweep_all(&mut self, db: &dyn Db) -> Result<(), StoreError> {
        if self.sweeps.is_empty() {
            return Ok(());
        }
        let sweeps = std::mem::take(&mut self.sweeps);
        let list = json_list(&sweeps, "answered_at")?;
        // By the person's identities (a person writes little; a thread
        // can hold thousands): on SQLite, `+` keeps the thread index out;
        // on PostgreSQL a subquery fenced by `OFFSET 0` does (left to
        // itself the planner walks the thread: ten times slower at 10M
        // interactions, and slower as threads grow).
        let sql = match db.dialect() {
            Dialect::Sqlite => concat!(
                "SELECT ",
                stored_columns!(),
                ", min(max(n.reply_at, i.created_at)), i.channel, i.root
                 FROM (SELECT json_extract(value, '$[0]') AS channel,
                              json_extract(value, '$[1]') AS root,
                              json_extract(value, '$[2]') AS person,
                              json_extract(value, '$[3]') AS at,
                              json_extract(value, '$[4]') AS reply_at FROM json_each(?1)) n
                 JOIN identity d ON d.person_id = n.person
                 JOIN interaction i ON i.identity_id = d.id AND +i.channel = n.channel
                                   AND +i.root = n.root AND i.from_brand = 0
                                   AND +i.created_at <= n.at
                 GROUP BY i.id ORDER BY i.id"
            ),
            Dialect::Postgres => concat!(
                "SELECT ",
                stored_columns!(),
                ", min(greatest(n.reply_at, i.created_at)), i.channel, i.root
                 FROM (SELECT e->>0 AS channel, e->>1 AS root,
                              CAST(e->>2 AS BIGINT) AS person, CAST(e->>3 AS BIGINT) AS at,
                              CAST(e->>4 AS BIGINT) AS reply_at
                       FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                 JOIN identity d ON d.person_id = n.person
                 CROSS JOIN LATERAL (SELECT * FROM interaction x
                                     WHERE x.identity_id = d.id OFFSET 0) i
                 WHERE i.channel = n.channel AND i.root = n.root AND i.from_brand = 0
                   AND i.created_at <= n.at
                 GROUP BY i.id, i.external_id, i.in_reply_to, d.person_id, i.created_at,
                          i.from_brand, i.kind, i.answered_at, i.signals, i.post_id,
                          i.channel, i.root
                 ORDER BY i.id"
            ),
        };
        let mine: Vec<(Stored, i64, String, String)> = db.rows(sql, args![list], |r| {
            Ok((threads::stored(r)?, r.get(10)?, r.get(11)?, r.get(12)?))
        })?;
        for (m, candidate, channel, root) in mine {
            if !m.inbound() || m.answered_at.is_some_and(|a| candidate >= a) {
                continue;
            }
            self.answer(db, &channel, &m, Some(candidate))?;
            if let Some(&n) = self.pending_at.get(&m.id) {
                self.pending[n].answered_at = Some(candidate);
            }
            if m.answered_at.is_none() {
                self.threads.entry((channel, root)).or_default().answered(1);
            }
        }
        Ok(())
    }

    /// Stores a new answer time for inbound `m` (as stored) and moves
    /// the figures, the queue and the author's recovery with it.
    fn answer(
        &mut self,
        db: &dyn Db,
        channel: &str,
        m: &Stored,
        new: Option<i64>,
    ) -> Result<(), StoreError> {
        if m.answered_at == new {
            return Ok(());
        }
        match new {
            // Answered (or sooner): written with the others (see
            // [`Derived::write_answers`]).
            Some(at) => self.answers.push((m.id, at, m.answered_at.is_none())),
            // No longer answered (a thread rebuilt): at once, and queued
            // again.
            None => {
                self.write_answers(db)?;
                db.execute(
                    "UPDATE interaction SET answered_at = NULL WHERE id = ?1",
                    args![m.id],
                )?;
                queue::insert(db, m.id, m.person, m.at, m.signals)?;
            }
        }
        if let Some(old) = m.answered_at {
            self.rollups.answer(m.at, old, channel, -1);
        }
        if let Some(a) = new {
            self.rollups.answer(m.at, a, channel, 1);
        }
        self.dirty.insert(m.person);
        Ok(())
    }

    /// Writes the answer times gathered by [`Derived::answer`] — a few
    /// dozen to a statement rather than one each — and takes the messages
    /// answered for the first time out of the queue.
    fn write_answers(&mut self, db: &dyn Db) -> Result<(), StoreError> {
        if self.answers.is_empty() {
            return Ok(());
        }
        // The last time given to a message is the one it keeps.
        let mut last: HashMap<i64, (i64, bool)> = HashMap::new();
        for (id, at, first) in std::mem::take(&mut self.answers) {
            let e = last.entry(id).or_insert((at, first));
            *e = (at, e.1 || first);
        }
        let mut rows: Vec<(i64, i64)> = last.iter().map(|(id, (at, _))| (*id, *at)).collect();
        rows.sort_unstable();
        for chunk in in_statements(&rows) {
            let values: Vec<&dyn Arg> = chunk
                .iter()
                .flat_map(|(id, at)| [id as &dyn Arg, at as &dyn Arg])
                .collect();
            let groups = vec!["(CAST(? AS BIGINT), CAST(? AS BIGINT))"; chunk.len()].join(", ");
            db.execute(
                &format!(
                    "UPDATE interaction SET answered_at = v.column2 FROM (VALUES {groups}) AS v
                     WHERE interaction.id = v.column1"
                ),
                &values,
            )?;
        }
        let mut first: Vec<i64> = last
            .into_iter()
            .filter(|(_, (_, first))| *first)
            .map(|(id, _)| id)
            .collect();
        first.sort_unstable();
        for chunk in in_statements(&first) {
            let values: Vec<&dyn Arg> = chunk.iter().map(|id| id as &dyn Arg).collect();
            let list = vec!["?"; chunk.len()].join(", ");
            db.execute(
                &format!("DELETE FROM inbox_queue WHERE interaction_id IN ({list})"),
                &values,
            )?;
        }
        Ok(())
    }

    /// The threads `people` wrote in are rebuilt at the end (answers and
    /// exchanges are per person: a merge or its undoing changes them).
    pub fn people_changed(&mut self, db: &dyn Db, people: &[i64]) -> Result<(), StoreError> {
        self.held.write(db)?;
        self.persons.clear();
        self.merges += 1;
        for p in people {
            db.each(
                "SELECT DISTINCT i.channel, i.root FROM identity d
                 JOIN interaction i ON i.identity_id = d.id WHERE d.person_id = ?1",
                args![p],
                |r| {
                    self.rebuild.entry((r.get(0)?, r.get(1)?)).or_default();
                    Ok(())
                },
            )?;
        }
        Ok(())
    }

    /// Message `id`'s words were read again: `old` signals became `new`.
    pub fn signals_changed(
        &mut self,
        db: &dyn Db,
        id: i64,
        old: Signals,
        new: Signals,
    ) -> Result<(), StoreError> {
        if old == new {
            return Ok(());
        }
        let row: Option<(String, String, i64, bool)> = db.opt(
            "SELECT channel, kind, created_at, from_brand FROM interaction WHERE id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
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
        queue::rebase(db, id, new)?;
        Ok(())
    }

    /// Merges (or their undoing) seen so far.
    pub fn merges(&self) -> u64 {
        self.merges
    }

    /// Remembers the person of an identity read elsewhere (for the
    /// batch; a merge forgets).
    pub fn remember_person(&mut self, identity: i64, person: i64) {
        self.persons.insert(identity, person);
    }

    /// The person an identity belongs to (remembered for the batch; a
    /// merge forgets).
    pub fn person_of(&mut self, db: &dyn Db, identity: i64) -> Result<i64, StoreError> {
        if let Some(&p) = self.persons.get(&identity) {
            return Ok(p);
        }
        let p: i64 = db.scalar(
            "SELECT person_id FROM identity WHERE id = ?1",
            args![identity],
        )?;
        self.persons.insert(identity, p);
        Ok(p)
    }

    /// Writes what was gathered: threads joined by messages stored after
    /// their replies, the first answers of the inbound stored, thread
    /// rows, rebuilt threads, the queue, the day figures, and the people
    /// whose answers changed (to be judged again).
    pub fn flush(mut self, db: &dyn Db) -> Result<(), StoreError> {
        self.held.write(db)?;
        self.sweep_all(db)?;
        self.join_threads(db)?;
        // The stored rows of the threads this batch adds to (a thread
        // started in this batch has none).
        let stored: Vec<(&str, &str)> = self
            .threads
            .iter()
            .filter(|((channel, root), d)| {
                !d.is_fresh() && !self.rebuild.contains_key(&(channel.clone(), root.clone()))
            })
            .map(|((channel, root), _)| (channel.as_str(), root.as_str()))
            .collect();
        let mut rows = threads::read_many(db, &stored)?;
        let mut before: HashMap<(String, String), Option<Row>> = stored
            .iter()
            .map(|&(c, r)| {
                let key = (c.to_string(), r.to_string());
                let row = rows.remove(&key);
                (key, row)
            })
            .collect();
        // A thread with stored messages but no row (its messages were
        // likes, or it began under a message never imported) is rebuilt
        // from them once it holds words.
        for ((channel, root), row) in &before {
            let talk = self
                .threads
                .get(&(channel.clone(), root.clone()))
                .is_some_and(Delta::has_talk);
            if row.is_none() && talk {
                self.rebuild
                    .entry((channel.clone(), root.clone()))
                    .or_default();
            }
        }
        self.first_answers(db, &before)?;
        let deltas = std::mem::take(&mut self.threads);
        let mut written = Vec::new();
        for ((channel, root), d) in deltas {
            if self.rebuild.contains_key(&(channel.clone(), root.clone())) {
                continue;
            }
            let row = before.remove(&(channel.clone(), root.clone())).flatten();
            let old = row.as_ref().and_then(|r| r.exchange_second);
            if let Some(row) = Row::with(row, d) {
                self.rollups
                    .conversation(&channel, old, row.exchange_second);
                written.push((channel, root, row));
            }
        }
        // In a fixed order, so the same batch writes the same statements.
        written.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let refs: Vec<(&str, &str, &Row)> = written
            .iter()
            .map(|(c, r, row)| (c.as_str(), r.as_str(), row))
            .collect();
        threads::write_many(db, &refs)?;
        let rebuild = std::mem::take(&mut self.rebuild);
        for ((channel, root), joined) in rebuild {
            for gone in joined {
                if let Some(r) = threads::read(db, &channel, &gone)? {
                    self.rollups.conversation(&channel, r.exchange_second, None);
                }
                threads::delete(db, &channel, &gone)?;
            }
            self.rebuild_thread(db, &channel, &root)?;
        }
        self.write_answers(db)?;
        self.queue_pending(db)?;
        let Derived {
            rollups,
            dirty,
            erasing,
            ..
        } = self;
        if erasing {
            rollups.flush_erased(db)?;
        } else {
            rollups.flush(db)?;
        }
        let dirty: Vec<i64> = dirty.into_iter().collect();
        for chunk in in_statements(&dirty) {
            let values: Vec<&dyn Arg> = chunk.iter().map(|p| p as &dyn Arg).collect();
            insert_rows(
                db,
                "INSERT INTO person_dirty (person_id) VALUES ",
                " ON CONFLICT DO NOTHING",
                1,
                &values,
            )?;
        }
        Ok(())
    }

    /// Messages of this batch whose replies were stored before them (a
    /// reply names its missing parent as its root): their threads join
    /// under the message's root and are rebuilt.
    fn join_threads(&mut self, db: &dyn Db) -> Result<(), StoreError> {
        if self.stored.is_empty() {
            return Ok(());
        }
        let list = json_list(&self.stored, "external_id")?;
        // The batch's messages, passed as one JSON list.
        let sql = match db.dialect() {
            Dialect::Sqlite => {
                "SELECT n.id, n.channel, n.ext FROM (
                     SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS channel,
                            json_extract(value, '$[2]') AS ext FROM json_each(?1)) n
                 WHERE EXISTS (SELECT 1 FROM interaction i
                               WHERE i.channel = n.channel AND i.root = n.ext AND i.id < n.id)"
            }
            Dialect::Postgres => {
                "SELECT n.id, n.channel, n.ext FROM (
                     SELECT CAST(e->>0 AS BIGINT) AS id, e->>1 AS channel, e->>2 AS ext
                     FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                 WHERE EXISTS (SELECT 1 FROM interaction i
                               WHERE i.channel = n.channel AND i.root = n.ext AND i.id < n.id)"
            }
        };
        let hits: Vec<(i64, String, String)> =
            db.rows(sql, args![list], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for (id, channel, ext) in hits {
            let root: String =
                db.scalar("SELECT root FROM interaction WHERE id = ?1", args![id])?;
            let joined = self
                .rebuild
                .entry((channel.clone(), root.clone()))
                .or_default();
            if root != ext {
                db.execute(
                    "UPDATE interaction SET root = ?1 WHERE channel = ?2 AND root = ?3",
                    args![root, channel, ext],
                )?;
                joined.insert(ext.clone());
                self.threads.remove(&(channel, ext));
            }
        }
        Ok(())
    }

    /// Whether a thread of this batch is rebuilt (or joined another).
    fn rebuilt(&self, channel: &str, root: &str) -> bool {
        self.rebuild
            .iter()
            .any(|((c, r), joined)| c == channel && (r == root || joined.iter().any(|j| j == root)))
    }

    /// The first answers of the inbound messages of this batch from shop
    /// replies that came before them (a reply that came after answered
    /// them as it came). A reply answers words of its parent's author in
    /// the thread written no later than the parent: when the thread held
    /// nothing that recent before this batch (time-ordered data), only the
    /// batch's own messages can answer, and they are in memory; otherwise
    /// the store is asked, one statement for all such messages.
    fn first_answers(
        &mut self,
        db: &dyn Db,
        before: &HashMap<(String, String), Option<Row>>,
    ) -> Result<(), StoreError> {
        // The batch's shop replies by their parent's thread and author.
        let mut replied: HashMap<ThreadAuthor<'_>, Vec<(i64, i64)>> = HashMap::new();
        for (channel, parent, at) in &self.replies {
            if let Some((root, person, p_at, false)) =
                self.batch.get(&(channel.clone(), parent.clone()))
            {
                replied
                    .entry((channel.as_str(), root.as_str(), *person))
                    .or_default()
                    .push((*p_at, *at));
            }
        }
        let mut found: Vec<(i64, i64)> = Vec::new();
        let mut ask: Vec<(i64, &str, &str, i64, i64)> = Vec::new();
        for p in &self.pending {
            let key = (p.channel.clone(), p.root.clone());
            if self.rebuilt(&p.channel, &p.root) {
                continue;
            }
            if let Some(list) = replied.get(&(p.channel.as_str(), p.root.as_str(), p.person)) {
                if let Some(r) = list
                    .iter()
                    .filter(|(p_at, _)| *p_at >= p.at)
                    .map(|(_, r_at)| *r_at)
                    .min()
                {
                    found.push((p.id, r));
                }
            }
            let stored_since = match before.get(&key) {
                Some(Some(row)) => row.last_at >= p.at,
                // Fresh, or rebuilt: nothing stored before can answer.
                _ => false,
            };
            if stored_since {
                ask.push((p.id, p.channel.as_str(), p.root.as_str(), p.at, p.person));
            }
        }
        if !ask.is_empty() {
            let list = json_list(&ask, "root")?;
            // By the person's messages, as in `sweep_all` (on PostgreSQL
            // the planner would walk each thread: 0.97 s against 18 ms for
            // 2,000 messages at 6M interactions).
            let sql = match db.dialect() {
                Dialect::Sqlite => {
                    "SELECT n.id, min(r.created_at) FROM (
                         SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS channel,
                                json_extract(value, '$[2]') AS root, json_extract(value, '$[3]') AS at,
                                json_extract(value, '$[4]') AS person FROM json_each(?1)) n
                     JOIN identity d ON d.person_id = n.person
                     JOIN interaction p ON p.identity_id = d.id AND +p.channel = n.channel
                                       AND +p.root = n.root AND +p.created_at >= n.at
                                       AND p.from_brand = 0
                     JOIN interaction r ON r.channel = p.channel AND r.in_reply_to = p.external_id
                                       AND r.from_brand = 1
                     GROUP BY n.id"
                }
                Dialect::Postgres => {
                    "SELECT n.id, min(r.created_at) FROM (
                         SELECT CAST(e->>0 AS BIGINT) AS id, e->>1 AS channel, e->>2 AS root,
                                CAST(e->>3 AS BIGINT) AS at, CAST(e->>4 AS BIGINT) AS person
                         FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                     JOIN identity d ON d.person_id = n.person
                     CROSS JOIN LATERAL (SELECT * FROM interaction x
                                         WHERE x.identity_id = d.id OFFSET 0) p
                     JOIN interaction r ON r.channel = p.channel AND r.in_reply_to = p.external_id
                                       AND r.from_brand = 1
                     WHERE p.channel = n.channel AND p.root = n.root AND p.created_at >= n.at
                       AND p.from_brand = 0
                     GROUP BY n.id"
                }
            };
            db.each(sql, args![list], |r| {
                found.push((r.get(0)?, r.get(1)?));
                Ok(())
            })?;
        }
        for (id, reply) in found {
            let Some(&n) = self.pending_at.get(&id) else {
                continue;
            };
            let p = self.pending[n].clone();
            let candidate = reply.max(p.at);
            if p.answered_at.is_some_and(|a| a <= candidate) {
                continue;
            }
            let m = Stored {
                id: p.id,
                external_id: String::new(),
                in_reply_to: None,
                person: p.person,
                at: p.at,
                from_brand: false,
                kind: Kind::Comment,
                answered_at: p.answered_at,
                signals: p.signals,
                post_id: None,
            };
            self.answer(db, &p.channel, &m, Some(candidate))?;
            if p.answered_at.is_none() {
                self.threads
                    .entry((p.channel.clone(), p.root.clone()))
                    .or_default()
                    .answered(1);
            }
            self.pending[n].answered_at = Some(candidate);
        }
        Ok(())
    }

    /// Queues the inbound messages of this batch still unanswered, with
    /// their author's weight — one statement for the batch.
    fn queue_pending(&self, db: &dyn Db) -> Result<(), StoreError> {
        let open: Vec<(i64, i64, i64)> = self
            .pending
            .iter()
            .map(|p| {
                (
                    p.id,
                    rapport_core::priority::base(p.signals),
                    i64::from(p.signals.generic()),
                )
            })
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        let list = json_list(&open, "base")?;
        // `vip`: the author's VIP flag or a detractor's complaint
        // ([`rapport_core::priority::fast`]), as 0 or 1.
        let sql = match db.dialect() {
            Dialect::Sqlite => {
                "INSERT INTO inbox_queue
                     (interaction_id, person_id, at, base, rank, vip, generic, channel, post_id, signals,
                      language)
                 SELECT i.id, d.person_id, i.created_at, j.base,
                        j.base + coalesce(s.queue_weight, 0),
                        CASE WHEN coalesce(s.vip, 0) <> 0
                                  OR (j.base = ?2 AND (coalesce(s.labels, 0) & ?3) <> 0)
                             THEN 1 ELSE 0 END,
                        j.generic, i.channel, i.post_id, coalesce(i.signals, 0), a.language
                 FROM (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS base,
                              json_extract(value, '$[2]') AS generic
                       FROM json_each(?1)) j
                 JOIN interaction i ON i.id = j.id
                 JOIN identity d ON d.id = i.identity_id
                 LEFT JOIN person_score s ON s.person_id = d.person_id
                 LEFT JOIN analysis a ON a.interaction_id = i.id
                 WHERE i.answered_at IS NULL
                 ON CONFLICT (interaction_id) DO NOTHING"
            }
            Dialect::Postgres => {
                "INSERT INTO inbox_queue
                     (interaction_id, person_id, at, base, rank, vip, generic, channel, post_id, signals,
                      language)
                 SELECT i.id, d.person_id, i.created_at, j.base,
                        j.base + coalesce(s.queue_weight, 0),
                        CASE WHEN coalesce(s.vip, 0) <> 0
                                  OR (j.base = ?2 AND (coalesce(s.labels, 0) & ?3) <> 0)
                             THEN 1 ELSE 0 END,
                        j.generic, i.channel, i.post_id, coalesce(i.signals, 0), a.language
                 FROM (SELECT CAST(e->>0 AS BIGINT) AS id, CAST(e->>1 AS BIGINT) AS base,
                              CAST(e->>2 AS BIGINT) AS generic
                       FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) j
                 JOIN interaction i ON i.id = j.id
                 JOIN identity d ON d.id = i.identity_id
                 LEFT JOIN person_score s ON s.person_id = d.person_id
                 LEFT JOIN analysis a ON a.interaction_id = i.id
                 WHERE i.answered_at IS NULL
                 ON CONFLICT (interaction_id) DO NOTHING"
            }
        };
        db.execute(
            sql,
            args![
                list,
                rapport_core::priority::COMPLAINT,
                rapport_core::ladder::Label::Detractor.bit()
            ],
        )?;
        Ok(())
    }

    /// Rebuilds one thread from its messages: answers, its row, its
    /// conversation.
    fn rebuild_thread(&mut self, db: &dyn Db, channel: &str, root: &str) -> Result<(), StoreError> {
        // It reads the answers stored.
        self.write_answers(db)?;
        let msgs = threads::messages(db, channel, root)?;
        let before = threads::read(db, channel, root)?;
        let old = before.as_ref().and_then(|r| r.exchange_second);
        if msgs.is_empty() {
            threads::delete(db, channel, root)?;
            self.rollups.conversation(channel, old, None);
            return Ok(());
        }
        let (statuses, exchanges) = threads::analyse(&msgs);
        for (m, s) in msgs.iter().zip(&statuses) {
            if m.inbound() {
                self.answer(db, channel, m, s.answered_at)?;
            }
        }
        let answered: Vec<Option<i64>> = statuses.iter().map(|s| s.answered_at).collect();
        let times: Vec<i64> = exchanges.into_values().flatten().collect();
        let refs: Vec<&Stored> = msgs.iter().collect();
        match Row::build(&refs, &answered, &times) {
            Some(row) => {
                self.rollups.conversation(channel, old, row.exchange_second);
                threads::write(db, channel, root, &row)?;
            }
            None => {
                self.rollups.conversation(channel, old, None);
                threads::delete(db, channel, root)?;
            }
        }
        Ok(())
    }
}

/// Derives everything from the stored messages at once: every root and
/// answer, every thread row, the queue and the day figures — the stored
/// messages' plus the anonymous figures erasures kept ([`Derived::erasing`])
/// (the upgrade to schema 12, and the reference the incremental path is
/// tested against).
pub fn rebuild(db: &dyn Db) -> Result<(), StoreError> {
    db.execute_batch(
        "DELETE FROM thread; DELETE FROM thread_count; DELETE FROM inbox_queue;
         DELETE FROM inbox_count; DELETE FROM stock_count; DELETE FROM report_day;
         DELETE FROM response_day;",
    )?;
    let channels: Vec<String> =
        db.rows("SELECT DISTINCT channel FROM interaction", args![], |r| {
            r.get(0)
        })?;
    let mut rollups = Rollups::default();
    for channel in channels {
        let msgs: Vec<Stored> = db.rows(
            concat!(
                "SELECT ",
                stored_columns!(),
                " FROM interaction i JOIN identity d ON d.id = i.identity_id
                 WHERE i.channel = ?1 ORDER BY i.id"
            ),
            args![channel],
            threads::stored,
        )?;
        let (statuses, exchanges) = threads::analyse(&msgs);
        let mut by_root: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, (m, s)) in msgs.iter().zip(&statuses).enumerate() {
            db.execute(
                "UPDATE interaction SET root = ?1, answered_at = ?2 WHERE id = ?3",
                args![s.root, s.answered_at, m.id],
            )?;
            by_root.entry(s.root.as_str()).or_default().push(n);
            let c = rollups::contribution(m.kind, m.from_brand, m.signals);
            rollups.day(m.at, &channel, c, 1);
            if m.inbound() {
                match s.answered_at {
                    Some(a) => rollups.answer(m.at, a, &channel, 1),
                    None => queue::insert(db, m.id, m.person, m.at, m.signals)?,
                }
            }
        }
        for (root, idx) in by_root {
            let refs: Vec<&Stored> = idx.iter().map(|&n| &msgs[n]).collect();
            let answered: Vec<Option<i64>> = idx.iter().map(|&n| statuses[n].answered_at).collect();
            let times = exchanges.get(root).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(row) = Row::build(&refs, &answered, times) {
                rollups.conversation(&channel, None, row.exchange_second);
                threads::write(db, &channel, root, &row)?;
            }
        }
    }
    rollups.include_erased(db)?;
    rollups.flush(db)?;
    Ok(())
}

/// `items` as a JSON list, to pass a batch's worth of tuples to one
/// statement.
fn json_list<T: serde::Serialize>(items: &[T], column: &'static str) -> Result<String, StoreError> {
    serde_json::to_string(items).map_err(|e| StoreError::Corrupt {
        table: "interaction",
        column,
        reason: e.to_string(),
    })
}

/// Every row of what is derived, as text, table by table (for comparing
/// what the writers kept with what [`rebuild`] derives).
fn dump(db: &dyn Db) -> Result<Vec<String>, StoreError> {
    // Each query with its number of columns.
    let queries = [
        (
            "SELECT 'interaction', id, root, answered_at FROM interaction ORDER BY id",
            4,
        ),
        (
            "SELECT 'thread', channel, root, first_id, first_at, last_at, messages, inbound,
                    unanswered, first_inbound_id, first_inbound_at, post_id, post_at,
                    post_from_id, exchange_last, exchange_second, people
             FROM thread ORDER BY channel, root",
            17,
        ),
        (
            "SELECT 'queue', interaction_id, person_id, at, base, rank, vip, generic, channel,
                    post_id
             FROM inbox_queue ORDER BY interaction_id",
            10,
        ),
        (
            "SELECT 'count', rank, base, vip, n, stock FROM inbox_count
             WHERE n <> 0 OR stock <> 0
             ORDER BY rank, base, vip",
            6,
        ),
        (
            "SELECT 'stock', channel, has_post, post, n FROM stock_count WHERE n <> 0
             ORDER BY channel, has_post, post",
            5,
        ),
        (
            "SELECT 'threads', channel, open, n FROM thread_count WHERE n <> 0
             ORDER BY channel, open",
            4,
        ),
        (
            "SELECT 'day', day, channel, inbound, answered, specific, generic, recommendations,
                    follows, likes, conversations, messages
             FROM report_day
             WHERE inbound + answered + specific + generic + recommendations + follows + likes
                   + conversations + messages <> 0
             ORDER BY day, channel",
            12,
        ),
        (
            "SELECT 'response', day, channel, histogram FROM response_day ORDER BY day, channel",
            4,
        ),
    ];
    let mut out = Vec::new();
    for (q, columns) in queries {
        db.each(q, args![], |r| {
            let mut line = Vec::with_capacity(columns);
            for i in 0..columns {
                line.push(match r.value(i)? {
                    Value::Null => "null".to_string(),
                    Value::Int(v) => v.to_string(),
                    Value::Real(v) => v.to_string(),
                    Value::Text(t) => t.to_string(),
                    Value::Blob(b) => b.iter().map(|x| format!("{x:02X}")).collect(),
                });
            }
            out.push(line.join("|"));
            Ok(())
        })?;
    }
    Ok(out)
}

/// Compares what the writers kept with what [`rebuild`] derives from the
/// stored messages, changing nothing; returns the rows that differ (up to
/// `max`), kept first, derived second.
pub fn check(db: &dyn Db, max: usize) -> Result<Vec<String>, StoreError> {
    let kept = dump(db)?;
    // Both databases take savepoints alike; rolling back to one also
    // clears a failed statement on PostgreSQL.
    db.execute_batch("SAVEPOINT derived_check")?;
    let derived = rebuild(db).and_then(|()| dump(db));
    db.execute_batch("ROLLBACK TO SAVEPOINT derived_check; RELEASE SAVEPOINT derived_check")?;
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
