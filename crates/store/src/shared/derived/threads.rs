//! One row per thread (`thread`): what the thread list shows and sorts
//! by, kept from deltas as messages arrive and rebuilt from the thread's
//! messages when threads join or people merge.

use crate::shared::rows::{in_statements, insert_rows};
use crate::sql::{self, args, Arg, Db, DbExt};
use crate::StoreError;
use rapport_core::signals::Signals;
use rapport_core::threads::{self, Message};
use rapport_core::{Kind, PersonId};
use std::collections::HashMap;

/// People a thread row remembers (the first to write in it).
pub const PEOPLE: usize = 20;

/// A stored message, as threading reads it.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Row id.
    pub id: i64,
    /// Platform id.
    pub external_id: String,
    /// The platform id it replies to.
    pub in_reply_to: Option<String>,
    /// Its author's person.
    pub person: i64,
    /// When.
    pub at: i64,
    /// Written by the shop.
    pub from_brand: bool,
    /// What it is.
    pub kind: Kind,
    /// When the shop first answered it, as stored.
    pub answered_at: Option<i64>,
    /// Its signals, as stored.
    pub signals: Signals,
    /// The shop post it answers.
    pub post_id: Option<String>,
}

impl Stored {
    /// Said to the shop, in words.
    pub fn inbound(&self) -> bool {
        !self.from_brand && self.kind.is_conversational()
    }

    fn message(&self) -> Message {
        Message {
            id: self.external_id.clone(),
            parent: self.in_reply_to.clone(),
            author: PersonId(self.person),
            at: self.at,
            from_brand: self.from_brand,
            conversational: self.kind.is_conversational(),
        }
    }
}

/// The columns [`stored`] reads, after `FROM interaction i JOIN identity d`,
/// as a literal for `concat!` (statements stay static, so each is
/// prepared once per connection).
macro_rules! stored_columns {
    () => {
        "i.id, i.external_id, i.in_reply_to, d.person_id, i.created_at,
         i.from_brand, i.kind, i.answered_at, coalesce(i.signals, 0), i.post_id"
    };
}
pub(crate) use stored_columns;

/// The columns [`stored`] reads, after `FROM interaction i JOIN identity d`.
pub const STORED: &str = stored_columns!();

/// Reads a row of [`STORED`] columns.
pub fn stored(r: &dyn sql::Row) -> Result<Stored, StoreError> {
    let kind = r.text(6)?.parse().map_err(|reason| StoreError::Corrupt {
        table: "interaction",
        column: "kind",
        reason,
    })?;
    let signals: i64 = r.get(8)?;
    Ok(Stored {
        id: r.get(0)?,
        external_id: r.get(1)?,
        in_reply_to: r.get(2)?,
        person: r.get(3)?,
        at: r.get(4)?,
        from_brand: r.get(5)?,
        kind,
        answered_at: r.get(7)?,
        // Signals are one byte of flags; anything above is not ours.
        signals: Signals::from_bits(u8::try_from(signals).map_err(|e| StoreError::Corrupt {
            table: "interaction",
            column: "signals",
            reason: e.to_string(),
        })?),
        post_id: r.get(9)?,
    })
}

/// Every message of one thread.
pub fn messages(db: &dyn Db, channel: &str, root: &str) -> Result<Vec<Stored>, StoreError> {
    db.rows(
        concat!(
            "SELECT ",
            stored_columns!(),
            " FROM interaction i JOIN identity d ON d.id = i.identity_id
             WHERE i.channel = ?1 AND i.root = ?2"
        ),
        args![channel, root],
        stored,
    )
}

/// What threading says of `msgs` (one channel, or one thread of it):
/// each one's root and first answer, and the moments of its exchanges
/// (replies to someone else's words), per root.
pub fn analyse(msgs: &[Stored]) -> (Vec<threads::Status>, HashMap<String, Vec<i64>>) {
    let plain: Vec<Message> = msgs.iter().map(Stored::message).collect();
    let statuses = threads::analyse(&plain);
    let index: HashMap<&str, usize> = msgs
        .iter()
        .enumerate()
        .map(|(n, m)| (m.external_id.as_str(), n))
        .collect();
    let mut exchanges: HashMap<String, Vec<i64>> = HashMap::new();
    for (n, m) in msgs.iter().enumerate() {
        let Some(&p) = m.in_reply_to.as_deref().and_then(|p| index.get(p)) else {
            continue;
        };
        if is_exchange(&msgs[p], m.person, m.from_brand, m.kind) {
            exchanges
                .entry(statuses[n].root.clone())
                .or_default()
                .push(m.at);
        }
    }
    (statuses, exchanges)
}

/// A reply to `parent` by `person` is an exchange: someone else's words
/// answered in words (the rule of [`threads::exchanges`]).
pub fn is_exchange(parent: &Stored, person: i64, from_brand: bool, kind: Kind) -> bool {
    let other = parent.person != person || parent.from_brand != from_brand;
    other && kind.is_conversational() && parent.kind.is_conversational()
}

/// One thread's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The first message: (when, id).
    pub first: (i64, i64),
    /// The latest message's time.
    pub last_at: i64,
    /// Messages in all.
    pub messages: i64,
    /// Inbound messages.
    pub inbound: i64,
    /// Of those, unanswered.
    pub unanswered: i64,
    /// The first inbound message: (when, id).
    pub first_inbound: Option<(i64, i64)>,
    /// The first message naming a shop post: (when, id, post).
    pub post: Option<(i64, i64, String)>,
    /// The latest exchange's time.
    pub exchange_last: Option<i64>,
    /// The second-latest exchange's time: from then on the thread is a
    /// conversation (two exchanges or more).
    pub exchange_second: Option<i64>,
    /// The first [`PEOPLE`] people who wrote in it: (when, message id,
    /// person), by their first message.
    pub people: Vec<(i64, i64, i64)>,
}

/// What messages arriving in one batch add to a thread.
#[derive(Debug, Clone, Default)]
pub struct Delta {
    /// Started by its root message in this batch: no row stored yet.
    fresh: bool,
    /// Holds words or a shop post (a thread of likes alone has no row:
    /// nobody can answer a like).
    talk: bool,
    messages: i64,
    inbound: i64,
    unanswered: i64,
    first: Option<(i64, i64)>,
    last_at: Option<i64>,
    first_inbound: Option<(i64, i64)>,
    post: Option<(i64, i64, String)>,
    exchanges: Vec<i64>,
    people: Vec<(i64, i64, i64)>,
}

fn earliest<T: Ord + Clone>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Delta {
    /// A delta for a thread; `fresh` when its root message starts it now.
    pub fn new(fresh: bool) -> Delta {
        Delta {
            fresh,
            ..Delta::default()
        }
    }

    /// Started in this batch by its root message (no row stored before).
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Holds words or a shop post.
    pub fn has_talk(&self) -> bool {
        self.talk
    }

    /// A message arrived (answered or not, as first judged).
    pub fn message(&mut self, m: &Stored) {
        self.messages += 1;
        self.talk |= m.kind.is_conversational() || m.kind == Kind::Post;
        let key = (m.at, m.id);
        self.first = earliest(self.first, Some(key));
        self.last_at = Some(self.last_at.map_or(m.at, |l| l.max(m.at)));
        if m.inbound() {
            self.inbound += 1;
            self.unanswered += i64::from(m.answered_at.is_none());
            self.first_inbound = earliest(self.first_inbound, Some(key));
        }
        if let Some(p) = &m.post_id {
            if self
                .post
                .as_ref()
                .is_none_or(|(at, id, _)| key < (*at, *id))
            {
                self.post = Some((m.at, m.id, p.clone()));
            }
        }
        if !m.from_brand {
            self.people.push((m.at, m.id, m.person));
        }
    }

    /// An inbound message of the thread was answered (+1) or lost its
    /// answer (-1): `unanswered` moves the other way.
    pub fn answered(&mut self, sign: i64) {
        self.unanswered -= sign;
    }

    /// An exchange at `at`.
    pub fn exchange(&mut self, at: i64) {
        self.exchanges.push(at);
    }
}

/// The two latest of some moments, latest first.
fn top_two(times: impl Iterator<Item = i64>) -> (Option<i64>, Option<i64>) {
    let mut v: Vec<i64> = times.collect();
    v.sort_unstable_by(|a, b| b.cmp(a));
    (v.first().copied(), v.get(1).copied())
}

/// Keeps the first [`PEOPLE`] people by their first message.
fn first_people(list: impl Iterator<Item = (i64, i64, i64)>) -> Vec<(i64, i64, i64)> {
    let mut first: HashMap<i64, (i64, i64)> = HashMap::new();
    for (at, id, person) in list {
        let e = first.entry(person).or_insert((at, id));
        *e = (*e).min((at, id));
    }
    let mut v: Vec<(i64, i64, i64)> = first
        .into_iter()
        .map(|(person, (at, id))| (at, id, person))
        .collect();
    v.sort_unstable();
    v.truncate(PEOPLE);
    v
}

impl Row {
    /// The row with a delta applied (`None`: a new thread).
    pub fn with(row: Option<Row>, d: Delta) -> Option<Row> {
        let Some(mut r) = row else {
            if !d.talk {
                return None;
            }
            let first = d.first?;
            let (last, second) = top_two(d.exchanges.iter().copied());
            return Some(Row {
                first,
                last_at: d.last_at.unwrap_or(first.0),
                messages: d.messages,
                inbound: d.inbound,
                unanswered: d.unanswered,
                first_inbound: d.first_inbound,
                post: d.post,
                exchange_last: last,
                exchange_second: second,
                people: first_people(d.people.into_iter()),
            });
        };
        r.messages += d.messages;
        r.inbound += d.inbound;
        r.unanswered += d.unanswered;
        if let Some(f) = d.first {
            r.first = r.first.min(f);
        }
        if let Some(l) = d.last_at {
            r.last_at = r.last_at.max(l);
        }
        r.first_inbound = earliest(r.first_inbound, d.first_inbound);
        if let Some(p) = d.post {
            if r.post
                .as_ref()
                .is_none_or(|(at, id, _)| (p.0, p.1) < (*at, *id))
            {
                r.post = Some(p);
            }
        }
        if !d.exchanges.is_empty() {
            let stored = [r.exchange_last, r.exchange_second];
            (r.exchange_last, r.exchange_second) =
                top_two(stored.into_iter().flatten().chain(d.exchanges));
        }
        if !d.people.is_empty() {
            r.people = first_people(r.people.into_iter().chain(d.people));
        }
        Some(r)
    }

    /// The row of a thread built from all its messages, with their
    /// answers and the thread's exchange moments.
    pub fn build(msgs: &[&Stored], answered: &[Option<i64>], exchanges: &[i64]) -> Option<Row> {
        let mut d = Delta::default();
        for (m, a) in msgs.iter().zip(answered) {
            let mut m = (*m).clone();
            m.answered_at = *a;
            d.message(&m);
        }
        d.exchanges = exchanges.to_vec();
        Row::with(None, d)
    }
}

/// The columns [`row`] reads from `thread`, as a literal for `concat!`.
macro_rules! row_columns {
    () => {
        "first_at, first_id, last_at, messages, inbound, unanswered,
         first_inbound_at, first_inbound_id, post_at, post_from_id, post_id,
         exchange_last, exchange_second, people"
    };
}

/// Reads a row of [`row_columns`].
fn row(r: &dyn sql::Row) -> Result<Row, StoreError> {
    let first_inbound = match (r.get::<Option<i64>>(6)?, r.get::<Option<i64>>(7)?) {
        (Some(at), Some(id)) => Some((at, id)),
        _ => None,
    };
    let post = match (
        r.get::<Option<i64>>(8)?,
        r.get::<Option<i64>>(9)?,
        r.get::<Option<String>>(10)?,
    ) {
        (Some(at), Some(id), Some(p)) => Some((at, id, p)),
        _ => None,
    };
    Ok(Row {
        first: (r.get(0)?, r.get(1)?),
        last_at: r.get(2)?,
        messages: r.get(3)?,
        inbound: r.get(4)?,
        unanswered: r.get(5)?,
        first_inbound,
        post,
        exchange_last: r.get(11)?,
        exchange_second: r.get(12)?,
        people: serde_json::from_str(r.text(13)?).unwrap_or_default(),
    })
}

/// The stored row of a thread.
pub fn read(db: &dyn Db, channel: &str, root: &str) -> Result<Option<Row>, StoreError> {
    db.opt(
        concat!(
            "SELECT ",
            row_columns!(),
            " FROM thread WHERE channel = ?1 AND root = ?2"
        ),
        args![channel, root],
        row,
    )
}

/// The stored rows of some threads, `(channel, root)` each, read with one
/// statement; a thread with no row is not in the answer.
pub fn read_many(
    db: &dyn Db,
    keys: &[(&str, &str)],
) -> Result<HashMap<(String, String), Row>, StoreError> {
    let mut out = HashMap::new();
    if keys.is_empty() {
        return Ok(out);
    }
    let list = serde_json::to_string(keys).map_err(|e| StoreError::Corrupt {
        table: "thread",
        column: "root",
        reason: e.to_string(),
    })?;
    db.each(
        db.dialect().pick(
            concat!(
                "SELECT ",
                row_columns!(),
                ", t.channel, t.root FROM (SELECT json_extract(value, '$[0]') AS channel,
                                                  json_extract(value, '$[1]') AS root
                                           FROM json_each(?1)) n
                 JOIN thread t ON t.channel = n.channel AND t.root = n.root"
            ),
            concat!(
                "SELECT ",
                row_columns!(),
                ", t.channel, t.root FROM (SELECT e->>0 AS channel, e->>1 AS root
                                           FROM jsonb_array_elements(
                                               CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                 JOIN thread t ON t.channel = n.channel AND t.root = n.root"
            ),
        ),
        args![list],
        |r| {
            out.insert((r.get(14)?, r.get(15)?), row(r)?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The head of the statement [`write`] and [`write_many`] run, before
/// the rows' values.
const WRITE_HEAD: &str = "INSERT INTO thread (channel, root, first_id, first_at, last_at, messages,
     inbound, unanswered, first_inbound_id, first_inbound_at, post_id, post_at,
     post_from_id, exchange_last, exchange_second, people) VALUES ";

/// Its tail: a stored row is replaced.
const WRITE_TAIL: &str = " ON CONFLICT (channel, root) DO UPDATE SET
     first_id = excluded.first_id, first_at = excluded.first_at,
     last_at = excluded.last_at, messages = excluded.messages,
     inbound = excluded.inbound, unanswered = excluded.unanswered,
     first_inbound_id = excluded.first_inbound_id,
     first_inbound_at = excluded.first_inbound_at, post_id = excluded.post_id,
     post_at = excluded.post_at, post_from_id = excluded.post_from_id,
     exchange_last = excluded.exchange_last, exchange_second = excluded.exchange_second,
     people = excluded.people";

/// Stores (replacing) the row of a thread.
pub fn write(db: &dyn Db, channel: &str, root: &str, r: &Row) -> Result<(), StoreError> {
    write_many(db, &[(channel, root, r)])
}

/// Stores (replacing) the rows of some threads, each thread once, a few
/// dozen to a statement.
pub fn write_many(db: &dyn Db, rows: &[(&str, &str, &Row)]) -> Result<(), StoreError> {
    /// A row's values not stored as they are in [`Row`].
    struct Flat<'a> {
        first_inbound: (Option<i64>, Option<i64>),
        post: (Option<&'a str>, Option<i64>, Option<i64>),
        people: String,
    }
    for chunk in in_statements(rows) {
        let flat: Vec<Flat<'_>> = chunk
            .iter()
            .map(|(_, _, r)| Flat {
                first_inbound: (r.first_inbound.map(|f| f.1), r.first_inbound.map(|f| f.0)),
                post: (
                    r.post.as_ref().map(|p| p.2.as_str()),
                    r.post.as_ref().map(|p| p.0),
                    r.post.as_ref().map(|p| p.1),
                ),
                people: serde_json::to_string(&r.people).unwrap_or_else(|_| "[]".into()),
            })
            .collect();
        let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 16);
        for ((channel, root, r), f) in chunk.iter().zip(&flat) {
            values.extend([
                channel as &dyn Arg,
                root,
                &r.first.1,
                &r.first.0,
                &r.last_at,
                &r.messages,
                &r.inbound,
                &r.unanswered,
                &f.first_inbound.0,
                &f.first_inbound.1,
                &f.post.0,
                &f.post.1,
                &f.post.2,
                &r.exchange_last,
                &r.exchange_second,
                &f.people,
            ]);
        }
        insert_rows(db, WRITE_HEAD, WRITE_TAIL, 16, &values)?;
    }
    Ok(())
}

/// Removes the row of a thread that joined another.
pub fn delete(db: &dyn Db, channel: &str, root: &str) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM thread WHERE channel = ?1 AND root = ?2",
        args![channel, root],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, at: i64, person: i64, brand: bool, post: Option<&str>) -> Stored {
        Stored {
            id,
            external_id: format!("e{id}"),
            in_reply_to: None,
            person,
            at,
            from_brand: brand,
            kind: Kind::Comment,
            answered_at: None,
            signals: Signals::default(),
            post_id: post.map(Into::into),
        }
    }

    /// A row kept from deltas in any order equals the row built at once.
    #[test]
    fn deltas_in_any_order_add_up_to_the_built_row() {
        let msgs: Vec<Stored> = (0..40)
            .map(|i| {
                m(
                    i,
                    1000 - (i * 7919) % 97,
                    i % 23,
                    i % 5 == 0,
                    (i % 3 == 1).then_some("p"),
                )
            })
            .collect();
        let refs: Vec<&Stored> = msgs.iter().collect();
        let answered = vec![None; msgs.len()];
        let ex = vec![5, 900, 40];
        let built = Row::build(&refs, &answered, &ex);
        for split in [1, 7, 13, 39] {
            let mut row = None;
            for (n, chunk) in msgs.chunks(split).rev().enumerate() {
                let mut d = Delta::default();
                for x in chunk {
                    d.message(x);
                }
                if n == 0 {
                    for &t in &ex {
                        d.exchange(t);
                    }
                }
                row = Row::with(row, d);
            }
            assert_eq!(row, built, "split {split}");
        }
        let b = built.expect("a row");
        assert_eq!(b.exchange_second, Some(40));
        assert_eq!(b.people.len(), PEOPLE.min(23));
    }
}
