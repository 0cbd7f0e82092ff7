//! The report's figures per UTC day and channel (`report_day`) and the
//! first response times per day and channel as a histogram of buckets
//! (`response_day`, see [`crate::views::bucket`]): every change is a
//! delta, gathered per batch and written once.

use crate::shared::rows::{in_statements, insert_rows};
use crate::sql::{args, Arg, Db, DbExt, Dialect};
use crate::StoreError;
use rapport_core::signals::Signals;
use rapport_core::Kind;
use std::collections::{BTreeMap, HashMap};

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
    responses: HashMap<(i64, String), BTreeMap<u16, i64>>,
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
    pub fn include_erased(&mut self, db: &dyn Db) -> Result<(), StoreError> {
        // Upgrading SQLite through schema 12 derives before the tables
        // exist (migration 14): nothing was erased then. PostgreSQL's
        // schema starts with them.
        if db.dialect() == Dialect::Sqlite {
            let exists: bool = db.scalar(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master
                                WHERE type = 'table' AND name = 'erased_day')",
                args![],
            )?;
            if !exists {
                return Ok(());
            }
        }
        let days = db.rows(
            "SELECT day, channel, inbound, answered, specific, generic, recommendations,
                    follows, likes, conversations, messages FROM erased_day",
            args![],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
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
            },
        )?;
        for (day, channel, d) in days {
            self.days.entry((day, channel)).or_default().add(d, 1);
        }
        let responses = db.rows(
            "SELECT day, channel, bucket, n FROM erased_response",
            args![],
            |r| {
                let bucket: i64 = r.get(2)?;
                let bucket = u16::try_from(bucket).map_err(|e| StoreError::Corrupt {
                    table: "erased_response",
                    column: "bucket",
                    reason: e.to_string(),
                })?;
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    bucket,
                    r.get::<i64>(3)?,
                ))
            },
        )?;
        for (day, channel, bucket, n) in responses {
            *self
                .responses
                .entry((day, channel))
                .or_default()
                .entry(bucket)
                .or_default() += n;
        }
        Ok(())
    }

    /// Adds the day deltas, times `sign`, to the day rows of `report_day`
    /// or, with `erased`, of `erased_day` (which keeps what erasures
    /// took).
    fn add_days(&self, db: &dyn Db, erased: bool, sign: i64) -> Result<(), StoreError> {
        // Columns named with their table on the right: PostgreSQL reads a
        // bare name there as either the stored row or `excluded`.
        let (head, tail) = if erased {
            (
                "INSERT INTO erased_day (day, channel, inbound, answered, specific, generic,
                     recommendations, follows, likes, conversations, messages) VALUES ",
                " ON CONFLICT (day, channel) DO UPDATE SET
                     messages = erased_day.messages + excluded.messages,
                     inbound = erased_day.inbound + excluded.inbound,
                     answered = erased_day.answered + excluded.answered,
                     specific = erased_day.specific + excluded.specific,
                     generic = erased_day.generic + excluded.generic,
                     recommendations = erased_day.recommendations + excluded.recommendations,
                     follows = erased_day.follows + excluded.follows,
                     likes = erased_day.likes + excluded.likes,
                     conversations = erased_day.conversations + excluded.conversations",
            )
        } else {
            (
                "INSERT INTO report_day (day, channel, inbound, answered, specific, generic,
                     recommendations, follows, likes, conversations, messages) VALUES ",
                " ON CONFLICT (day, channel) DO UPDATE SET
                     messages = report_day.messages + excluded.messages,
                     inbound = report_day.inbound + excluded.inbound,
                     answered = report_day.answered + excluded.answered,
                     specific = report_day.specific + excluded.specific,
                     generic = report_day.generic + excluded.generic,
                     recommendations = report_day.recommendations + excluded.recommendations,
                     follows = report_day.follows + excluded.follows,
                     likes = report_day.likes + excluded.likes,
                     conversations = report_day.conversations + excluded.conversations",
            )
        };
        // Each day once (they are keys), in a fixed order.
        let mut rows: Vec<(&i64, &String, [i64; 9])> = self
            .days
            .iter()
            .filter(|(_, d)| !d.is_zero())
            .map(|((day, channel), d)| {
                let n = [
                    d.inbound,
                    d.answered,
                    d.specific,
                    d.generic,
                    d.recommendations,
                    d.follows,
                    d.likes,
                    d.conversations,
                    d.messages,
                ];
                (day, channel, n.map(|x| sign * x))
            })
            .collect();
        rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for chunk in in_statements(&rows) {
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 11);
            for (day, channel, n) in chunk {
                values.push(day);
                values.push(channel);
                values.extend(n.iter().map(|x| x as &dyn Arg));
            }
            insert_rows(db, head, tail, 11, &values)?;
        }
        Ok(())
    }

    /// Keeps the deltas of an erasure aside instead of writing them: the
    /// days stay as they were, and the erased figures grow by what the
    /// erasure took away, so that the messages left plus the erased
    /// figures still add up to them.
    pub fn flush_erased(self, db: &dyn Db) -> Result<(), StoreError> {
        self.add_days(db, true, -1)?;
        for ((day, channel), deltas) in &self.responses {
            for (bucket, d) in deltas {
                if *d != 0 {
                    db.execute(
                        "INSERT INTO erased_response (day, channel, bucket, n)
                         VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (day, channel, bucket)
                         DO UPDATE SET n = erased_response.n + excluded.n",
                        args![day, channel, bucket, -d],
                    )?;
                }
            }
        }
        db.execute_batch(
            "DELETE FROM erased_day
             WHERE inbound = 0 AND answered = 0 AND specific = 0 AND generic = 0
               AND recommendations = 0 AND follows = 0 AND likes = 0
               AND conversations = 0 AND messages = 0;
             DELETE FROM erased_response WHERE n = 0;",
        )?;
        Ok(())
    }

    /// Writes the deltas.
    pub fn flush(self, db: &dyn Db) -> Result<(), StoreError> {
        self.add_days(db, false, 1)?;
        let mut keys: Vec<(&i64, &String)> = self
            .responses
            .iter()
            .filter(|(_, deltas)| deltas.values().any(|d| *d != 0))
            .map(|((day, channel), _)| (day, channel))
            .collect();
        keys.sort();
        if keys.is_empty() {
            return Ok(());
        }
        // The stored histograms of those days, read with one statement.
        let list = serde_json::to_string(&keys).map_err(|e| StoreError::Corrupt {
            table: "response_day",
            column: "channel",
            reason: e.to_string(),
        })?;
        let mut stored: HashMap<(i64, String), Vec<u8>> = HashMap::new();
        db.each(
            db.dialect().pick(
                "SELECT r.day, r.channel, r.histogram
                 FROM (SELECT json_extract(value, '$[0]') AS day,
                              json_extract(value, '$[1]') AS channel FROM json_each(?1)) n
                 JOIN response_day r ON r.day = n.day AND r.channel = n.channel",
                "SELECT r.day, r.channel, r.histogram
                 FROM (SELECT CAST(e->>0 AS BIGINT) AS day, e->>1 AS channel
                       FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                 JOIN response_day r ON r.day = n.day AND r.channel = n.channel",
            ),
            args![list],
            |r| {
                stored.insert((r.get(0)?, r.get(1)?), r.get(2)?);
                Ok(())
            },
        )?;
        let mut kept: Vec<(&i64, &String, Vec<u8>)> = Vec::new();
        for (day, channel) in keys {
            let Some(deltas) = self.responses.get(&(*day, channel.clone())) else {
                continue;
            };
            let was = stored.get(&(*day, channel.clone()));
            let mut h: BTreeMap<u16, u32> = decode_histogram(was.map_or(&[][..], Vec::as_slice))
                .into_iter()
                .collect();
            for (b, d) in deltas {
                let n = h.entry(*b).or_default();
                *n = u32::try_from((i64::from(*n) + d).clamp(0, i64::from(u32::MAX)))
                    .unwrap_or(u32::MAX);
            }
            h.retain(|_, n| *n > 0);
            if h.is_empty() {
                db.execute(
                    "DELETE FROM response_day WHERE day = ?1 AND channel = ?2",
                    args![day, channel],
                )?;
            } else {
                kept.push((day, channel, encode_histogram(&h)));
            }
        }
        for chunk in in_statements(&kept) {
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 3);
            for (day, channel, h) in chunk {
                values.extend([day as &dyn Arg, channel, h]);
            }
            insert_rows(
                db,
                "INSERT INTO response_day (day, channel, histogram) VALUES ",
                " ON CONFLICT (day, channel) DO UPDATE SET histogram = excluded.histogram",
                3,
                &values,
            )?;
        }
        Ok(())
    }
}
