//! The report's figures per UTC day and channel (`report_day`) and the
//! first response times per day and channel as a histogram of buckets
//! (`response_day`, see [`crate::views::bucket`]): every change is a
//! delta, gathered per batch and written once.

use rapport_core::signals::Signals;
use rapport_core::Kind;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::HashMap;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// The UTC day (days since the epoch) of a moment.
pub fn day_of(at: i64) -> i64 {
    at.div_euclid(DAY)
}

pub use crate::views::bucket;
use crate::views::{decode_histogram, encode_histogram};

/// One day's figures on one channel (a delta while gathered).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Day {
    /// Inbound words.
    pub inbound: i64,
    /// Of those, answered.
    pub answered: i64,
    /// Inbound that is specific.
    pub specific: i64,
    /// Inbound that is a stock phrase.
    pub generic: i64,
    /// Recommendations, shares and referrals.
    pub recommendations: i64,
    /// Follow events.
    pub follows: i64,
    /// Likes.
    pub likes: i64,
    /// Threads whose second-latest exchange falls on that day.
    pub conversations: i64,
    /// Interactions of any kind, the shop's included.
    pub messages: i64,
}

/// What one interaction adds to its day, before any answer.
pub fn contribution(kind: Kind, from_brand: bool, signals: Signals) -> Day {
    let mut d = Day {
        messages: 1,
        ..Day::default()
    };
    match kind {
        Kind::Follow => d.follows = 1,
        Kind::Like => d.likes = 1,
        Kind::Share | Kind::Referral if !from_brand => d.recommendations = 1,
        _ => {}
    }
    if !from_brand && kind.is_conversational() {
        d.inbound = 1;
        if signals.generic() {
            d.generic = 1;
        } else {
            d.specific = 1;
            if signals.recommendation() {
                d.recommendations += 1;
            }
        }
    }
    d
}

impl Day {
    fn add(&mut self, o: Day, sign: i64) {
        self.inbound += sign * o.inbound;
        self.answered += sign * o.answered;
        self.specific += sign * o.specific;
        self.generic += sign * o.generic;
        self.recommendations += sign * o.recommendations;
        self.follows += sign * o.follows;
        self.likes += sign * o.likes;
        self.conversations += sign * o.conversations;
        self.messages += sign * o.messages;
    }

    fn is_zero(&self) -> bool {
        *self == Day::default()
    }
}

/// Deltas gathered over a batch.
#[derive(Debug, Default)]
pub struct Rollups {
    days: HashMap<(i64, String), Day>,
    responses: HashMap<(i64, String), std::collections::BTreeMap<u16, i64>>,
}

impl Rollups {
    /// Adds (`sign` 1) or takes away (-1) `d` on `channel` at moment `at`.
    pub fn day(&mut self, at: i64, channel: &str, d: Day, sign: i64) {
        self.days
            .entry((day_of(at), channel.to_string()))
            .or_default()
            .add(d, sign);
    }

    /// Counts (or, with -1, takes back) one answer: inbound written at
    /// `at`, first answered at `answered_at`.
    pub fn answer(&mut self, at: i64, answered_at: i64, channel: &str, sign: i64) {
        self.day(
            at,
            channel,
            Day {
                answered: 1,
                ..Day::default()
            },
            sign,
        );
        *self
            .responses
            .entry((day_of(at), channel.to_string()))
            .or_default()
            .entry(bucket(answered_at - at))
            .or_default() += sign;
    }

    /// Moves one conversation from `old` to `new` (either may be absent).
    pub fn conversation(&mut self, channel: &str, old: Option<i64>, new: Option<i64>) {
        if old == new {
            return;
        }
        let one = Day {
            conversations: 1,
            ..Day::default()
        };
        if let Some(t) = old {
            self.day(t, channel, one, -1);
        }
        if let Some(t) = new {
            self.day(t, channel, one, 1);
        }
    }

    /// Adds the figures erasures kept aside (`erased_day`,
    /// `erased_response`): the part of the report's days whose messages
    /// are gone.
    pub fn include_erased(&mut self, tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
        // Upgrading through schema 12 derives before the tables exist
        // (migration 14): nothing was erased then.
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erased_day')",
            [],
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(());
        }
        let mut stmt = tx.prepare(
            "SELECT day, channel, inbound, answered, specific, generic, recommendations,
                    follows, likes, conversations, messages FROM erased_day",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                Day {
                    inbound: r.get(2)?,
                    answered: r.get(3)?,
                    specific: r.get(4)?,
                    generic: r.get(5)?,
                    recommendations: r.get(6)?,
                    follows: r.get(7)?,
                    likes: r.get(8)?,
                    conversations: r.get(9)?,
                    messages: r.get(10)?,
                },
            ))
        })?;
        for row in rows {
            let (day, channel, d) = row?;
            self.days.entry((day, channel)).or_default().add(d, 1);
        }
        let mut stmt = tx.prepare("SELECT day, channel, bucket, n FROM erased_response")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u16>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (day, channel, bucket, n) = row?;
            *self
                .responses
                .entry((day, channel))
                .or_default()
                .entry(bucket)
                .or_default() += n;
        }
        Ok(())
    }

    /// Adds the day deltas, times `sign`, to the day rows of `table`
    /// (`report_day`, or `erased_day` which keeps what erasures took).
    fn add_days(
        &self,
        tx: &Transaction<'_>,
        table: &str,
        sign: i64,
    ) -> Result<(), rusqlite::Error> {
        let mut put = tx.prepare_cached(&format!(
            "INSERT INTO {table} (day, channel, inbound, answered, specific, generic,
                 recommendations, follows, likes, conversations, messages)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (day, channel) DO UPDATE SET
                 messages = messages + excluded.messages,
                 inbound = inbound + excluded.inbound,
                 answered = answered + excluded.answered,
                 specific = specific + excluded.specific,
                 generic = generic + excluded.generic,
                 recommendations = recommendations + excluded.recommendations,
                 follows = follows + excluded.follows,
                 likes = likes + excluded.likes,
                 conversations = conversations + excluded.conversations"
        ))?;
        for ((day, channel), d) in &self.days {
            if d.is_zero() {
                continue;
            }
            put.execute(params![
                day,
                channel,
                sign * d.inbound,
                sign * d.answered,
                sign * d.specific,
                sign * d.generic,
                sign * d.recommendations,
                sign * d.follows,
                sign * d.likes,
                sign * d.conversations,
                sign * d.messages
            ])?;
        }
        Ok(())
    }

    /// Keeps the deltas of an erasure aside instead of writing them: the
    /// days stay as they were, and the erased figures grow by what the
    /// erasure took away, so that the messages left plus the erased
    /// figures still add up to them.
    pub fn flush_erased(self, tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
        self.add_days(tx, "erased_day", -1)?;
        let mut put = tx.prepare_cached(
            "INSERT INTO erased_response (day, channel, bucket, n) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (day, channel, bucket) DO UPDATE SET n = n + excluded.n",
        )?;
        for ((day, channel), deltas) in &self.responses {
            for (bucket, d) in deltas {
                if *d != 0 {
                    put.execute(params![day, channel, bucket, -d])?;
                }
            }
        }
        tx.execute_batch(
            "DELETE FROM erased_day
             WHERE inbound = 0 AND answered = 0 AND specific = 0 AND generic = 0
               AND recommendations = 0 AND follows = 0 AND likes = 0
               AND conversations = 0 AND messages = 0;
             DELETE FROM erased_response WHERE n = 0;",
        )?;
        Ok(())
    }

    /// Writes the deltas.
    pub fn flush(self, tx: &Transaction<'_>) -> Result<(), rusqlite::Error> {
        self.add_days(tx, "report_day", 1)?;
        let mut get = tx
            .prepare_cached("SELECT histogram FROM response_day WHERE day = ?1 AND channel = ?2")?;
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO response_day (day, channel, histogram) VALUES (?1, ?2, ?3)",
        )?;
        let mut drop =
            tx.prepare_cached("DELETE FROM response_day WHERE day = ?1 AND channel = ?2")?;
        for ((day, channel), deltas) in &self.responses {
            if deltas.values().all(|d| *d == 0) {
                continue;
            }
            let stored: Option<Vec<u8>> = get
                .query_row(params![day, channel], |r| r.get(0))
                .optional()?;
            let mut h: std::collections::BTreeMap<u16, u32> =
                decode_histogram(stored.as_deref().unwrap_or(&[]))
                    .into_iter()
                    .collect();
            for (b, d) in deltas {
                let n = h.entry(*b).or_default();
                *n = (i64::from(*n) + d).clamp(0, i64::from(u32::MAX)) as u32;
            }
            h.retain(|_, n| *n > 0);
            if h.is_empty() {
                drop.execute(params![day, channel])?;
            } else {
                put.execute(params![day, channel, encode_histogram(&h)])?;
            }
        }
        Ok(())
    }
}
