//! Writing a batch: identities resolved, interactions and orders inserted
//! idempotently, people merged when an email shows two are one.

use super::derived::{self, threads, threads::Stored, Derived};
use super::rows::{
    in_statements, insert_rows, insert_rows_returning, insert_rows_triggering, text_list,
    with_texts,
};
use crate::shared::forget::Suppressed;
use crate::sql::{args, Arg, Db, DbExt, Dialect, Row};
use crate::{AnalysisRow, Outcome, Reading, StoreError};
use rapport_core::signals::{Place, Signals};
use rapport_core::{
    Author, Channel, Email, Interaction, InteractionId, Kind, Order, PersonId, Record,
};
use std::collections::{HashMap, HashSet};

/// Writes `records` inside `db`'s transaction, returning one outcome per
/// record.
pub fn batch(
    db: &dyn Db,
    known: &mut Known,
    suppressed: Option<&Suppressed>,
    records: &[Record],
    readings: &[Reading],
) -> Result<Vec<Outcome>, StoreError> {
    let mut added = Vec::new();
    let mut words = Words::default();
    let mut derived = Derived::default();
    let kept = |r: &Record| !suppressed.is_some_and(|s| s.holds(r));
    let mut orders = Orders::default();
    let mut plan = Plan::read(db, known, &mut derived, records.iter().filter(|r| kept(r)))?;
    create_new(
        db,
        known,
        &mut derived,
        &mut plan.emails,
        records.iter().filter(|r| kept(r)),
        &mut added,
    )?;
    let mut out = records
        .iter()
        .enumerate()
        .map(|(n, r)| match r {
            // A forgotten person's records stay out, whatever file they
            // come from.
            _ if !kept(r) => Ok(Outcome::Forgotten),
            Record::Interaction(i) => interaction(
                db,
                known,
                &mut derived,
                &mut plan,
                i,
                readings.get(n),
                &mut added,
                &mut words,
            ),
            Record::Order(o) => orders.hold(db, &derived, &mut plan.emails, n, o),
        })
        .collect::<Result<Vec<_>, _>>()?;
    orders.write(db, &derived, &plan.emails, &mut out)?;
    known.missing.clear();
    derived.held.write(db)?;
    plan.close(db)?;
    words.write(db)?;
    let kept: Vec<&Record> = records
        .iter()
        .zip(&out)
        .filter(|(_, o)| **o != Outcome::Forgotten)
        .map(|(r, _)| r)
        .collect();
    extent(db, &kept)?;
    // Link suggestions (handles named in bios) for the identities the
    // batch added, once they are all written, in the same transaction.
    super::links::scan_new(db, &mut derived, &added, super::links::now())?;
    // Threads, answers, the queue and the report's days, in the batch's
    // transaction (see `derived`).
    derived.flush(db)?;
    Ok(out)
}

/// Widens the stored extent (first and latest moment of any activity or
/// order) to the batch's.
fn extent(db: &dyn Db, records: &[&Record]) -> Result<(), StoreError> {
    let times = records.iter().map(|r| match r {
        Record::Interaction(i) => i.created_at.secs(),
        Record::Order(o) => o.created_at.secs(),
    });
    let (Some(first), Some(last)) = (times.clone().min(), times.max()) else {
        return Ok(());
    };
    db.execute(
        "INSERT INTO extent (id, first_at, last_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET
             first_at = CASE WHEN excluded.first_at < extent.first_at
                             THEN excluded.first_at ELSE extent.first_at END,
             last_at = CASE WHEN excluded.last_at > extent.last_at
                            THEN excluded.last_at ELSE extent.last_at END",
        args![first, last],
    )?;
    Ok(())
}

fn json_list(
    table: &'static str,
    column: &'static str,
    v: &[String],
) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt {
        table,
        column,
        reason: e.to_string(),
    })
}

/// The shop's handles, read from the store at first need
/// ([`super::texts::shop_handles`]).
#[derive(Debug, Default)]
pub struct ShopHandles(Option<Vec<String>>);

impl ShopHandles {
    /// The handles.
    pub fn get(&mut self, db: &dyn Db) -> Result<&[String], StoreError> {
        if self.0.is_none() {
            self.0 = Some(super::texts::shop_handles(db)?);
        }
        Ok(self.0.as_deref().unwrap_or_default())
    }
}

/// Stores (or replaces) the analysis of an interaction already stored,
/// and reads its signals again with it.
pub fn reanalysis(
    db: &dyn Db,
    derived: &mut Derived,
    shop: &mut ShopHandles,
    id: InteractionId,
    a: &AnalysisRow,
) -> Result<(), StoreError> {
    type Found = (String, Option<u8>, Option<String>, Option<String>);
    let found: Option<Found> = db.opt(
        "SELECT t.text, i.signals, i.post_id, i.in_reply_to FROM interaction_text t
         JOIN interaction i ON i.id = t.interaction_id WHERE t.interaction_id = ?1",
        args![id.0],
        |r| {
            let signals = match r.get::<Option<i64>>(1)? {
                Some(_) => Some(bits(r, 1)?),
                None => None,
            };
            Ok((r.get(0)?, signals, r.get(2)?, r.get(3)?))
        },
    )?;
    let Some((text, old, post, parent)) = found else {
        return analysis(db, id, a);
    };
    let place = Place::of(post.as_deref(), parent.as_deref(), shop.get(db)?);
    // Read where it was written, unless the team said it recommends.
    let placed = match a.placed(&text, place) {
        Some(p) if !super::corrections::taught_recommendation(db, id.0)? => Some(p),
        _ => None,
    };
    let a = placed.as_ref().unwrap_or(a);
    analysis(db, id, a)?;
    // The reply bits come from the thread, not the words: keep them.
    let old = Signals::from_bits(old.unwrap_or(0));
    let new = Signals::from_bits(
        (old.bits() & !Signals::FROM_TEXT) | Signals::read_at(&text, Some(a.view()), place).bits(),
    );
    // The team's corrections of this message have the last word.
    let new = super::corrections::corrected_signals(db, id.0, new)?;
    if new != old {
        db.execute(
            "UPDATE interaction SET signals = ?1 WHERE id = ?2",
            args![new.bits(), id.0],
        )?;
        derived.signals_changed(db, id.0, old, new)?;
    }
    Ok(())
}

/// The words of a batch's new interactions and the analyzer's readings of
/// them, written after the batch's rows with one statement per
/// [`ROWS_PER_INSERT`](super::rows::ROWS_PER_INSERT) rows rather than two
/// statements per interaction.
#[derive(Default)]
struct Words<'a> {
    texts: Vec<(i64, &'a str)>,
    analyses: Vec<(i64, &'a AnalysisRow)>,
}

/// The analysis columns, as [`analysis`] and [`Words::write`] write them.
macro_rules! analysis_columns {
    () => {
        " INTO analysis
         (interaction_id, language, sentiment, sentiment_confidence, intent, intents, topics,
          specificity, generic) VALUES "
    };
}

/// What a stored analysis takes from a new one on PostgreSQL (SQLite's
/// `INSERT OR REPLACE`).
macro_rules! analysis_replaced {
    () => {
        " ON CONFLICT (interaction_id) DO UPDATE SET
         language = excluded.language, sentiment = excluded.sentiment,
         sentiment_confidence = excluded.sentiment_confidence, intent = excluded.intent,
         intents = excluded.intents, topics = excluded.topics,
         specificity = excluded.specificity, generic = excluded.generic"
    };
}

impl Words<'_> {
    fn write(&self, db: &dyn Db) -> Result<(), StoreError> {
        for chunk in in_statements(&self.texts) {
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 2);
            for (id, text) in chunk {
                values.push(id);
                values.push(text);
            }
            insert_rows(
                db,
                "INSERT INTO interaction_text (interaction_id, text) VALUES ",
                "",
                2,
                &values,
            )?;
        }
        for chunk in in_statements(&self.analyses) {
            let lists = chunk
                .iter()
                .map(|(_, a)| {
                    Ok((
                        json_list("analysis", "intents", &a.intents)?,
                        json_list("analysis", "topics", &a.topics)?,
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 9);
            for ((id, a), (intents, topics)) in chunk.iter().zip(&lists) {
                values.extend([
                    id as &dyn Arg,
                    &a.language,
                    &a.sentiment,
                    &a.sentiment_confidence,
                    &a.intent,
                    intents,
                    topics,
                    &a.specificity,
                    &a.generic,
                ]);
            }
            let (head, tail) = match db.dialect() {
                Dialect::Sqlite => (concat!("INSERT OR REPLACE", analysis_columns!()), ""),
                Dialect::Postgres => (concat!("INSERT", analysis_columns!()), analysis_replaced!()),
            };
            insert_rows(db, head, tail, 9, &values)?;
        }
        Ok(())
    }
}

/// Stores (or replaces) the analysis of one interaction.
pub fn analysis(db: &dyn Db, id: InteractionId, a: &AnalysisRow) -> Result<(), StoreError> {
    db.execute(
        db.dialect().pick(
            concat!(
                "INSERT OR REPLACE",
                analysis_columns!(),
                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ),
            concat!(
                "INSERT",
                analysis_columns!(),
                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                analysis_replaced!()
            ),
        ),
        args![
            id.0,
            a.language,
            a.sentiment,
            a.sentiment_confidence,
            a.intent,
            json_list("analysis", "intents", &a.intents)?,
            json_list("analysis", "topics", &a.topics)?,
            a.specificity,
            a.generic,
        ],
    )?;
    Ok(())
}

/// The queue rows of `ids` (messages read again) take their messages'
/// language (migration 30), a thousand to a statement.
pub fn queue_languages(db: &dyn Db, ids: &[InteractionId]) -> Result<(), StoreError> {
    let sql = super::rows::with_ids(
        db,
        "UPDATE inbox_queue SET language = a.language FROM analysis a
         WHERE a.interaction_id = inbox_queue.interaction_id
           AND inbox_queue.interaction_id IN ({ids})
           AND inbox_queue.language IS DISTINCT FROM a.language",
    );
    for chunk in ids.chunks(super::rows::IDS_PER_LIST) {
        db.execute(&sql, args![super::rows::id_list(chunk.iter().map(|i| i.0))])?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn interaction<'a>(
    db: &dyn Db,
    known: &mut Known,
    derived: &mut Derived,
    plan: &mut Plan,
    i: &'a Interaction,
    reading: Option<&'a Reading>,
    added: &mut Vec<i64>,
    words: &mut Words<'a>,
) -> Result<Outcome, StoreError> {
    let identity = identity(
        db,
        known,
        derived,
        &mut plan.emails,
        &i.channel,
        &i.author,
        i.from_brand,
        i.created_at.secs(),
        added,
    )?;
    plan.check(derived);
    let channel = i.channel.as_str();
    // The shop's reply written in Rapport, coming back from the platform
    // (or posted there by hand): the same interaction, now named.
    if let (true, Some(parent)) = (i.from_brand, &i.in_reply_to) {
        if !super::outbox::is_local(&i.external_id)
            && plan.may_adopt(channel, parent, derived.held.local)
        {
            // Adopting reads the local replies stored: none may be held.
            if derived.held.local {
                derived.held.write(db)?;
            }
            if super::outbox::adopt(
                db,
                channel,
                parent,
                &i.external_id,
                &i.text,
                i.url.as_deref(),
            )? {
                // A stored message took a new name: what the plan read
                // is no longer the whole story.
                plan.whole = false;
                return Ok(Outcome::Duplicate);
            }
        }
    }
    // Stored already (before the batch, or earlier in it).
    if plan.stored(db, derived, channel, &i.external_id)?.is_some() {
        return Ok(Outcome::Duplicate);
    }
    let signals = match reading {
        Some(r) => r.signals,
        None => Signals::read_at(
            &i.text,
            None,
            Place::of(
                i.post_id.as_deref(),
                i.in_reply_to.as_deref(),
                plan.shop.get(db)?,
            ),
        ),
    };
    let parent = match &i.in_reply_to {
        Some(p) => plan.stored(db, derived, channel, p)?,
        None => None,
    };
    let signals = match (&i.in_reply_to, &parent) {
        (Some(_), Some(p)) => {
            let (to_shop, to_peer) = reply_bits(p, identity);
            signals.replying(to_shop, to_peer)
        }
        _ => signals,
    };
    let root = derived::root_of(
        &i.external_id,
        i.in_reply_to.as_deref(),
        parent.as_ref().map(|p| p.root.as_str()),
    );
    let id = plan.next_id(db)?;
    let person = derived.person_of(db, identity)?;
    let message = Stored {
        id,
        external_id: i.external_id.clone(),
        in_reply_to: i.in_reply_to.clone(),
        person,
        at: i.created_at.secs(),
        from_brand: i.from_brand,
        kind: i.kind,
        answered_at: None,
        signals,
        post_id: i.post_id.clone(),
    };
    derived.held.push(Held {
        id,
        channel: channel.to_string(),
        external_id: i.external_id.clone(),
        kind: i.kind,
        identity,
        created_at: i.created_at.secs(),
        in_reply_to: i.in_reply_to.clone(),
        post_id: i.post_id.clone(),
        url: i.url.clone(),
        from_brand: i.from_brand,
        signals: signals.bits(),
        root: root.to_string(),
    });
    plan.add(
        channel,
        Parent {
            message: message.clone(),
            root: root.to_string(),
            identity,
        },
    );
    derived.inserted(derived::New {
        message,
        channel,
        root,
        parent: parent.as_ref().map(|p| &p.message),
    });
    words.texts.push((id, &i.text));
    if let Some(a) = reading.and_then(|r| r.analysis.as_ref()) {
        words.analyses.push((id, a));
    }
    Ok(Outcome::Imported)
}

/// A stored parent: the message, its thread's root and its author's
/// identity.
#[derive(Debug, Clone)]
struct Parent {
    message: Stored,
    root: String,
    identity: i64,
}

/// The columns [`parent`] reads, after `FROM interaction i JOIN identity
/// d`.
macro_rules! parent_columns {
    () => {
        concat!(threads::stored_columns!(), ", i.root, i.identity_id")
    };
}

/// Reads a row of [`parent_columns`].
fn parent(r: &dyn Row) -> Result<Parent, StoreError> {
    Ok(Parent {
        message: threads::stored(r)?,
        root: r.get::<Option<String>>(10)?.unwrap_or_default(),
        identity: r.get(11)?,
    })
}

/// The stored message `external_id` on `channel`, if any.
fn parent_of(db: &dyn Db, channel: &str, external_id: &str) -> Result<Option<Parent>, StoreError> {
    db.opt(
        concat!(
            "SELECT ",
            parent_columns!(),
            " FROM interaction i JOIN identity d ON d.id = i.identity_id
             WHERE i.channel = ?1 AND i.external_id = ?2"
        ),
        args![channel, external_id],
        parent,
    )
}

/// What a batch looks up, read for the whole batch with a few statements
/// before its first record rather than one or two per record — on
/// PostgreSQL each statement is a round trip to the server:
///
/// - the identities its records name that this store does not remember
///   yet (into [`Known`], and their people into [`Derived`]);
/// - the stored messages among those its records are or reply to, kept
///   here with every message the batch stores, so that whether a record
///   is stored already and what it replies to are answered from memory.
///
/// The messages the batch stores are held ([`Derived::held`]) and
/// written a few dozen to a statement. Whatever could make what was read
/// stale — a merge (a message's person), a reply adopted (a message's
/// name) — ends the plan: from then on every look-up writes what is held
/// and asks the database, as before.
struct Plan {
    /// Messages by `(channel, external id)`: those read at the start
    /// and those the batch stored.
    rows: HashMap<(String, String), Parent>,
    /// `rows` holds every stored message the batch can ask for.
    whole: bool,
    /// `(channel, external id)` of messages with a reply written in
    /// Rapport, among those the batch's shop replies answer.
    adoptable: HashSet<(String, String)>,
    /// Merges [`Derived`] had seen when the plan was last checked.
    merges: u64,
    /// The id the next stored message takes.
    next: Option<i64>,
    /// The shop's handles, for texts stored without a reading.
    shop: ShopHandles,
    /// Who holds the addresses the batch names.
    emails: Emails,
}

impl Plan {
    fn read<'r>(
        db: &dyn Db,
        known: &mut Known,
        derived: &mut Derived,
        records: impl Iterator<Item = &'r Record>,
    ) -> Result<Plan, StoreError> {
        let mut handles: Vec<[&str; 2]> = Vec::new();
        let mut messages: Vec<[&str; 2]> = Vec::new();
        let mut answered: Vec<[&str; 2]> = Vec::new();
        let mut addresses: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for r in records {
            let email = match r {
                Record::Interaction(i) => i.author.email.as_ref(),
                Record::Order(o) => o.email.as_ref(),
            };
            if let Some(e) = email {
                if seen.insert((3, e.as_str(), "")) {
                    addresses.push(e.as_str());
                }
            }
            let Record::Interaction(i) = r else { continue };
            let channel = i.channel.as_str();
            let handle = i.author.handle.as_str();
            if !known
                .identities
                .contains_key(&(channel.to_string(), handle.to_string()))
                && seen.insert((0, channel, handle))
            {
                handles.push([channel, handle]);
            }
            if let (true, Some(parent)) = (i.from_brand, i.in_reply_to.as_deref()) {
                if seen.insert((2, channel, parent)) {
                    answered.push([channel, parent]);
                }
            }
            for ext in std::iter::once(i.external_id.as_str()).chain(i.in_reply_to.as_deref()) {
                if seen.insert((1, channel, ext)) {
                    messages.push([channel, ext]);
                }
            }
        }
        if !handles.is_empty() {
            let list = pairs(&handles)?;
            let found: Vec<((String, String), KnownIdentity, i64)> = db.rows(
                db.dialect().pick(
                    "SELECT d.channel, d.handle, d.id, d.email, d.followers, d.person_id
                     FROM (SELECT json_extract(value, '$[0]') AS channel,
                                  json_extract(value, '$[1]') AS handle FROM json_each(?1)) n
                     JOIN identity d ON d.channel = n.channel AND d.handle = n.handle",
                    "SELECT d.channel, d.handle, d.id, d.email, d.followers, d.person_id
                     FROM (SELECT e->>0 AS channel, e->>1 AS handle
                           FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                     JOIN identity d ON d.channel = n.channel AND d.handle = n.handle",
                ),
                args![list],
                |r| {
                    Ok((
                        (r.get(0)?, r.get(1)?),
                        KnownIdentity {
                            id: r.get(2)?,
                            email: r.get(3)?,
                            followers: r.get(4)?,
                        },
                        r.get(5)?,
                    ))
                },
            )?;
            for (key, k, person) in found {
                derived.remember_person(k.id, person);
                known.remember(key, k);
            }
            for [channel, handle] in handles {
                let key = (channel.to_string(), handle.to_string());
                if !known.identities.contains_key(&key) {
                    known.missing.insert(key);
                }
            }
        }
        let mut rows = HashMap::new();
        if !messages.is_empty() {
            let list = pairs(&messages)?;
            let found: Vec<(String, Parent)> = db.rows(
                db.dialect().pick(
                    concat!(
                        "SELECT ",
                        parent_columns!(),
                        ", i.channel FROM (SELECT json_extract(value, '$[0]') AS channel,
                                                  json_extract(value, '$[1]') AS ext
                                           FROM json_each(?1)) n
                         JOIN interaction i ON i.channel = n.channel AND i.external_id = n.ext
                         JOIN identity d ON d.id = i.identity_id"
                    ),
                    concat!(
                        "SELECT ",
                        parent_columns!(),
                        ", i.channel FROM (SELECT e->>0 AS channel, e->>1 AS ext
                                           FROM jsonb_array_elements(
                                               CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                         JOIN interaction i ON i.channel = n.channel AND i.external_id = n.ext
                         JOIN identity d ON d.id = i.identity_id"
                    ),
                ),
                args![list],
                |r| Ok((r.get(12)?, parent(r)?)),
            )?;
            for (channel, p) in found {
                rows.insert((channel, p.message.external_id.clone()), p);
            }
        }
        // The messages the batch's shop replies answer that have a reply
        // written in Rapport: only those replies can be adopted.
        let mut adoptable = HashSet::new();
        if !answered.is_empty() {
            let list = pairs(&answered)?;
            db.each(
                db.dialect().pick(
                    "SELECT DISTINCT i.channel, i.in_reply_to
                     FROM (SELECT json_extract(value, '$[0]') AS channel,
                                  json_extract(value, '$[1]') AS parent FROM json_each(?1)) n
                     JOIN interaction i ON i.channel = n.channel AND i.in_reply_to = n.parent
                                       AND i.from_brand = 1
                     WHERE i.external_id LIKE 'rapport:%'",
                    "SELECT DISTINCT i.channel, i.in_reply_to
                     FROM (SELECT e->>0 AS channel, e->>1 AS parent
                           FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) AS e) n
                     JOIN interaction i ON i.channel = n.channel AND i.in_reply_to = n.parent
                                       AND i.from_brand = 1
                     WHERE i.external_id LIKE 'rapport:%'",
                ),
                args![list],
                |r| {
                    adoptable.insert((r.get(0)?, r.get(1)?));
                    Ok(())
                },
            )?;
        }
        Ok(Plan {
            rows,
            adoptable,
            whole: true,
            merges: derived.merges(),
            next: None,
            shop: ShopHandles::default(),
            emails: Emails::read(db, derived, &addresses)?,
        })
    }

    /// Whether a shop reply to `parent` may be one written in Rapport
    /// coming back (see [`super::outbox::adopt`]); `held_local`: the batch
    /// holds a reply with a local name.
    fn may_adopt(&self, channel: &str, parent: &str, held_local: bool) -> bool {
        !self.whole
            || held_local
            || self
                .adoptable
                .contains(&(channel.to_string(), parent.to_string()))
    }

    /// Ends the plan when people merged since it was last checked.
    fn check(&mut self, derived: &Derived) {
        if derived.merges() != self.merges {
            self.merges = derived.merges();
            self.whole = false;
        }
    }

    /// The stored message `external_id` on `channel`, if any.
    fn stored(
        &self,
        db: &dyn Db,
        derived: &mut Derived,
        channel: &str,
        external_id: &str,
    ) -> Result<Option<Parent>, StoreError> {
        if self.whole {
            return Ok(self
                .rows
                .get(&(channel.to_string(), external_id.to_string()))
                .cloned());
        }
        derived.held.write(db)?;
        parent_of(db, channel, external_id)
    }

    /// Remembers a message the batch stores.
    fn add(&mut self, channel: &str, p: Parent) {
        if self.whole {
            self.rows
                .insert((channel.to_string(), p.message.external_id.clone()), p);
        }
    }

    /// After the batch's messages are written: on PostgreSQL, the id
    /// column's own sequence goes past the ids given here, for the
    /// messages stored without one (the outbox's).
    fn close(&self, db: &dyn Db) -> Result<(), StoreError> {
        let Some(last) = self.next.map(|n| n - 1) else {
            return Ok(());
        };
        if db.dialect() == Dialect::Postgres {
            db.execute(
                "SELECT setval(pg_get_serial_sequence('interaction', 'id'), ?1)
                 WHERE ?1 > COALESCE(pg_sequence_last_value(
                     CAST(pg_get_serial_sequence('interaction', 'id') AS regclass)), 0)",
                args![last],
            )?;
        }
        Ok(())
    }

    /// The id of the next message stored: one past the largest stored,
    /// as SQLite gives a new row by itself (nothing else stores messages
    /// while a batch holds the write lock).
    fn next_id(&mut self, db: &dyn Db) -> Result<i64, StoreError> {
        let id = match self.next {
            Some(n) => n,
            None => db.scalar::<i64>("SELECT COALESCE(max(id), 0) FROM interaction", args![])? + 1,
        };
        self.next = Some(id + 1);
        Ok(id)
    }
}

/// Pairs as the JSON list the batch's look-ups take.
fn pairs(v: &[[&str; 2]]) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt {
        table: "interaction",
        column: "external_id",
        reason: e.to_string(),
    })
}

/// A message of the batch not yet written: its `interaction` row.
#[derive(Debug)]
pub struct Held {
    id: i64,
    channel: String,
    external_id: String,
    kind: Kind,
    identity: i64,
    created_at: i64,
    in_reply_to: Option<String>,
    post_id: Option<String>,
    url: Option<String>,
    from_brand: bool,
    signals: u8,
    root: String,
}

/// The messages a batch stored and has not written yet, written a few
/// dozen rows to a statement whenever something is about to read the
/// stored messages ([`Derived`] writes them before it reads any), and at
/// the end of the batch.
#[derive(Debug, Default)]
pub struct HeldMessages {
    rows: Vec<Held>,
    /// One of them has a local name (a reply written in Rapport).
    pub local: bool,
}

impl HeldMessages {
    fn push(&mut self, h: Held) {
        self.local |= super::outbox::is_local(&h.external_id);
        self.rows.push(h);
    }

    /// Writes what is held.
    pub fn write(&mut self, db: &dyn Db) -> Result<(), StoreError> {
        if self.rows.is_empty() {
            return Ok(());
        }
        for chunk in in_statements(&self.rows) {
            let kinds: Vec<&str> = chunk.iter().map(|h| h.kind.as_str()).collect();
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 12);
            for (h, kind) in chunk.iter().zip(&kinds) {
                values.extend([
                    &h.id as &dyn Arg,
                    &h.channel,
                    &h.external_id,
                    kind,
                    &h.identity,
                    &h.created_at,
                    &h.in_reply_to,
                    &h.post_id,
                    &h.url,
                    &h.from_brand,
                    &h.signals,
                    &h.root,
                ]);
            }
            insert_rows(
                db,
                "INSERT INTO interaction
                 (id, channel, external_id, kind, identity_id, created_at, in_reply_to, post_id,
                  url, from_brand, signals, root) VALUES ",
                "",
                12,
                &values,
            )?;
        }
        self.rows.clear();
        self.local = false;
        Ok(())
    }
}

/// Signal bits read from column `i`.
fn bits(r: &dyn Row, i: usize) -> Result<u8, StoreError> {
    let n: i64 = r.get(i)?;
    u8::try_from(n).map_err(|_| StoreError::Column {
        index: i,
        reason: format!("{n} is out of range for signal bits"),
    })
}

/// Whom a reply to `parent` by `author_identity` answers: the shop's
/// words (not its post: answering a post is commenting), or another
/// person's comment under a shop post.
fn reply_bits(parent: &Parent, author_identity: i64) -> (bool, bool) {
    let m = &parent.message;
    if m.from_brand {
        (m.kind != rapport_core::Kind::Post, false)
    } else {
        (
            false,
            m.post_id.is_some() && parent.identity != author_identity,
        )
    }
}

/// Whom a reply answers: the shop's words (not its post: answering a post
/// is commenting), or another person's comment under a shop post.
pub fn reply_kind(
    db: &dyn Db,
    channel: &str,
    parent: &str,
    author_identity: i64,
) -> Result<(bool, bool), StoreError> {
    let found: Option<(bool, String, Option<String>, i64)> = db.opt(
        "SELECT from_brand, kind, post_id, identity_id FROM interaction
         WHERE channel = ?1 AND external_id = ?2",
        args![channel, parent],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(match found {
        Some((true, kind, _, _)) => (kind != "post", false),
        Some((false, _, post, author)) => (false, post.is_some() && author != author_identity),
        None => (false, false),
    })
}

/// What this store has seen of identities, kept between batches so a
/// record from someone already known costs no look-up in the database.
/// Only facts that cannot go stale are kept: an identity's id never
/// changes (identities are never deleted or re-keyed: whatever comes to
/// delete them must [`Known::forget`]), an email is set once, a follower
/// count only grows (a larger count written elsewhere only makes the
/// guarded update a no-op).
///
/// Kept between batches only where one process writes the database
/// (SQLite); a store whose database other processes write too starts
/// each batch with an empty one, since another writer may delete an
/// identity it remembers.
#[derive(Default)]
pub struct Known {
    identities: HashMap<(String, String), KnownIdentity>,
    /// Identities the batch under way found not stored: stored only by
    /// the batch itself, which remembers them in `identities` when it
    /// does (cleared when the batch ends).
    missing: HashSet<(String, String)>,
}

struct KnownIdentity {
    id: i64,
    email: Option<String>,
    followers: Option<i64>,
}

impl Known {
    /// At most this many identities are remembered; past it the memory
    /// starts again (about 100 bytes each).
    const LIMIT: usize = 2_000_000;

    /// Forgets everything: after a batch that rolled back (its new
    /// identities were never stored).
    pub fn forget(&mut self) {
        self.identities = HashMap::new();
        self.missing = HashSet::new();
    }

    /// Remembers an identity read from the database.
    fn remember(&mut self, key: (String, String), k: KnownIdentity) {
        if self.identities.len() >= Known::LIMIT {
            self.forget();
        }
        self.identities.entry(key).or_insert(k);
    }
}

/// Finds or creates the identity behind `author` and returns its id; a
/// new identity's id is also pushed to `added`.
///
/// Identity rules applied here: one identity per `(channel, handle)`; an
/// identity carrying an email joins the person already known by that email;
/// when an email proves two people are one, they are merged.
#[allow(clippy::too_many_arguments)]
fn identity(
    db: &dyn Db,
    known: &mut Known,
    derived: &mut Derived,
    emails: &mut Emails,
    channel: &Channel,
    author: &Author,
    brand: bool,
    at: i64,
    added: &mut Vec<i64>,
) -> Result<i64, StoreError> {
    let key = (
        channel.as_str().to_string(),
        author.handle.as_str().to_string(),
    );
    let followers = author
        .followers
        .map(|f| i64::try_from(f).unwrap_or(i64::MAX));
    let remembered = match known.identities.get_mut(&key) {
        Some(k) => Some(k),
        None if known.missing.contains(&key) => None,
        None => {
            let found: Option<(i64, Option<String>, Option<i64>)> = db.opt(
                "SELECT id, email, followers FROM identity WHERE channel = ?1 AND handle = ?2",
                args![key.0, key.1],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            match found {
                Some((id, email, followers)) => {
                    if known.identities.len() >= Known::LIMIT {
                        known.forget();
                    }
                    Some(
                        known
                            .identities
                            .entry(key.clone())
                            .or_insert(KnownIdentity {
                                id,
                                email,
                                followers,
                            }),
                    )
                }
                None => None,
            }
        }
    };

    if let Some(k) = remembered {
        // Most records repeat what the identity already says; only news
        // costs a write. An email the identity already carries was
        // attached to its person when it was stored (and moves with
        // merges and their undoing), so it is not attached again.
        if let Some(email) = &author.email {
            if k.email.as_deref() != Some(email.as_str()) {
                db.execute(
                    "UPDATE identity SET email = ?1 WHERE id = ?2 AND email IS NULL",
                    args![email.as_str(), k.id],
                )?;
                let person: i64 =
                    db.scalar("SELECT person_id FROM identity WHERE id = ?1", args![k.id])?;
                attach_email(db, derived, emails, PersonId(person), email, at)?;
                if k.email.is_none() {
                    k.email = Some(email.as_str().to_string());
                }
            }
        }
        // Reach only grows in our records: a larger count seen anywhere wins.
        if let Some(f) = followers.filter(|f| k.followers.is_none_or(|known| known < *f)) {
            db.execute(
                "UPDATE identity SET followers = ?1
                 WHERE id = ?2 AND (followers IS NULL OR followers < ?1)",
                args![f, k.id],
            )?;
            k.followers = Some(f);
        }
        return Ok(k.id);
    }
    let owner = match &author.email {
        Some(email) => emails.owner(db, derived, email)?,
        None => None,
    };
    let person = match owner {
        Some(p) => p,
        None => {
            let name = author
                .display_name
                .clone()
                .unwrap_or_else(|| author.handle.as_str().to_string());
            new_person(db, &name, brand, at)?
        }
    };
    let id: i64 = db.scalar(
        "INSERT INTO identity (person_id, channel, handle, display_name, email, followers, bio)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        args![
            person.0,
            key.0,
            key.1,
            author.display_name,
            author.email.as_ref().map(Email::as_str),
            followers,
            author.bio,
        ],
    )?;
    added.push(id);
    derived.remember_person(id, person.0);
    // An email found on a person is theirs already; a new one is
    // attached to the new person.
    if let (Some(email), None) = (&author.email, owner) {
        attach_email(db, derived, emails, person, email, at)?;
    }
    known.missing.remove(&key);
    if known.identities.len() >= Known::LIMIT {
        known.forget();
    }
    known.identities.insert(
        key,
        KnownIdentity {
            id,
            email: author.email.as_ref().map(|e| e.as_str().to_string()),
            followers,
        },
    );
    Ok(id)
}

/// Who holds each email address a batch names (its authors' and its
/// buyers'): read in one statement when the batch starts, and kept as the
/// batch adds addresses, so no record asks the database. Trusted until
/// people merge (a merge moves addresses); from then on each look-up
/// asks the database, as an address the batch did not name does.
struct Emails {
    /// Address → its person; `None`: no one holds it.
    owners: HashMap<String, Option<i64>>,
    /// Merges [`Derived`] had seen when `owners` was read.
    merges: u64,
}

impl Emails {
    fn read(db: &dyn Db, derived: &Derived, addresses: &[&str]) -> Result<Emails, StoreError> {
        let mut owners: HashMap<String, Option<i64>> =
            addresses.iter().map(|a| (a.to_string(), None)).collect();
        for chunk in addresses.chunks(super::rows::IDS_PER_LIST) {
            db.each(
                &with_texts(
                    db,
                    "SELECT address, person_id FROM email WHERE address IN ({texts})",
                ),
                args![text_list(chunk)],
                |r| {
                    owners.insert(r.get(0)?, Some(r.get(1)?));
                    Ok(())
                },
            )?;
        }
        Ok(Emails {
            owners,
            merges: derived.merges(),
        })
    }

    /// The person who holds `email`, if anyone does.
    fn owner(
        &self,
        db: &dyn Db,
        derived: &Derived,
        email: &Email,
    ) -> Result<Option<PersonId>, StoreError> {
        match self.owners.get(email.as_str()) {
            Some(owner) if derived.merges() == self.merges => Ok(owner.map(PersonId)),
            _ => person_by_email(db, email),
        }
    }

    /// `person` now holds `address` (its row written).
    fn held(&mut self, address: &str, person: i64) {
        self.owners.insert(address.to_string(), Some(person));
    }
}

/// The name a buyer met only through an order goes by: their address's
/// local part.
fn buyer_name(email: &Email) -> &str {
    email.as_str().split('@').next().unwrap_or("")
}

/// Creates the people, identities and email addresses the batch's
/// `records` bring that the store lacks, before the records are written,
/// a few statements for all of them instead of three to five for each:
/// the same rows with the same ids as writing the records one at a time
/// would create, in the records' order. Stops before the first record
/// whose address a person other than its author's already holds (the two
/// merge, record by record, in the writing loop); whatever that record
/// and those after it bring new, the loop creates.
///
/// An address an identity gains (stored before, or new in the batch) is
/// its person's from that record on, and written here too; the loop
/// writes the identity's own column.
fn create_new<'r>(
    db: &dyn Db,
    known: &mut Known,
    derived: &mut Derived,
    emails: &mut Emails,
    records: impl Iterator<Item = &'r Record>,
    added: &mut Vec<i64>,
) -> Result<(), StoreError> {
    struct NewIdentity<'r> {
        key: (String, String),
        person: i64,
        author: &'r Author,
        email: Option<&'r str>,
        followers: Option<i64>,
    }
    if known.missing.is_empty() && emails.owners.values().all(Option::is_some) {
        return Ok(());
    }
    // (id, name, is_brand, created_at) of each new person.
    let mut people: Vec<(i64, &str, i64, i64)> = Vec::new();
    let mut identities: Vec<NewIdentity> = Vec::new();
    let mut addresses: Vec<(&str, i64)> = Vec::new();
    // The address each identity the batch names holds by now (the
    // stored identities' as stored, until the loop gives them one), and
    // the person of each the batch creates.
    let mut holds: HashMap<(String, String), (Option<String>, Option<i64>)> = HashMap::new();
    let mut next_person: Option<i64> = None;
    let mut person_id = |db: &dyn Db| -> Result<i64, StoreError> {
        let id = match next_person {
            Some(n) => n,
            None => next_person_id(db)?,
        };
        next_person = Some(id + 1);
        Ok(id)
    };
    for r in records {
        match r {
            Record::Interaction(i) => {
                let key = (
                    i.channel.as_str().to_string(),
                    i.author.handle.as_str().to_string(),
                );
                let email = i.author.email.as_ref();
                if known.missing.contains(&key) {
                    let owner =
                        email.and_then(|e| emails.owners.get(e.as_str()).copied().flatten());
                    let person = match owner {
                        Some(p) => p,
                        None => {
                            let id = person_id(db)?;
                            let name = i
                                .author
                                .display_name
                                .as_deref()
                                .unwrap_or(i.author.handle.as_str());
                            people.push((id, name, i64::from(i.from_brand), i.created_at.secs()));
                            if let Some(e) = email {
                                emails.held(e.as_str(), id);
                                addresses.push((e.as_str(), id));
                            }
                            id
                        }
                    };
                    known.missing.remove(&key);
                    holds.insert(
                        key.clone(),
                        (email.map(|e| e.as_str().to_string()), Some(person)),
                    );
                    identities.push(NewIdentity {
                        key,
                        person,
                        author: &i.author,
                        email: email.map(Email::as_str),
                        followers: i
                            .author
                            .followers
                            .map(|f| i64::try_from(f).unwrap_or(i64::MAX)),
                    });
                    continue;
                }
                let Some(e) = email else { continue };
                let (held, created) = match holds.get(&key) {
                    Some(h) => h.clone(),
                    None => match known.identities.get(&key) {
                        Some(k) => (k.email.clone(), None),
                        // Neither stored nor new: a record the loop
                        // handles otherwise (the store lost track).
                        None => break,
                    },
                };
                if held.as_deref() == Some(e.as_str()) {
                    continue;
                }
                // The loop attaches the address to this identity's person.
                let person = match (created, known.identities.get(&key)) {
                    (Some(p), _) => p,
                    (None, Some(k)) => derived.person_of(db, k.id)?,
                    (None, None) => break,
                };
                match emails.owners.get(e.as_str()).copied().flatten() {
                    Some(owner) if owner != person => break,
                    Some(_) => {}
                    None => {
                        emails.held(e.as_str(), person);
                        addresses.push((e.as_str(), person));
                    }
                }
                holds.insert(key, (Some(e.as_str().to_string()), Some(person)));
            }
            Record::Order(o) => {
                let Some(e) = &o.email else { continue };
                if emails.owners.get(e.as_str()).copied().flatten().is_none() {
                    let id = person_id(db)?;
                    people.push((id, buyer_name(e), 0, o.created_at.secs()));
                    emails.held(e.as_str(), id);
                    addresses.push((e.as_str(), id));
                }
            }
        }
    }
    for chunk in in_statements(&people) {
        let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 4);
        for (id, name, brand, at) in chunk {
            values.extend([id as &dyn Arg, name, brand, at]);
        }
        insert_rows_triggering(
            db,
            "INSERT INTO person (id, name, is_brand, created_at) VALUES ",
            "",
            4,
            &values,
        )?;
    }
    if !identities.is_empty() {
        let first = next_identity_ids(db, identities.len())?;
        let rows: Vec<(i64, &NewIdentity)> = (first..).zip(&identities).collect();
        for chunk in in_statements(&rows) {
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 8);
            for (id, n) in chunk {
                values.extend([
                    id as &dyn Arg,
                    &n.person,
                    &n.key.0,
                    &n.key.1,
                    &n.author.display_name,
                    &n.email,
                    &n.followers,
                    &n.author.bio,
                ]);
            }
            insert_rows_triggering(
                db,
                "INSERT INTO identity
                 (id, person_id, channel, handle, display_name, email, followers, bio) VALUES ",
                "",
                8,
                &values,
            )?;
        }
        for (id, n) in rows {
            added.push(id);
            derived.remember_person(id, n.person);
            if known.identities.len() >= Known::LIMIT {
                known.forget();
            }
            known.identities.insert(
                n.key.clone(),
                KnownIdentity {
                    id,
                    email: n.email.map(str::to_string),
                    followers: n.followers,
                },
            );
        }
    }
    for chunk in in_statements(&addresses) {
        let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 2);
        for (address, person) in chunk {
            values.extend([address as &dyn Arg, person]);
        }
        insert_rows_triggering(
            db,
            "INSERT INTO email (address, person_id) VALUES ",
            "",
            2,
            &values,
        )?;
    }
    // Orders stored before their buyer's address was known join them.
    for chunk in addresses.chunks(super::rows::IDS_PER_LIST) {
        let list: Vec<&str> = chunk.iter().map(|(a, _)| *a).collect();
        db.execute(
            &with_texts(
                db,
                "UPDATE orders SET person_id = (SELECT person_id FROM email
                                                WHERE address = orders.email)
                 WHERE person_id IS NULL AND email IN ({texts})",
            ),
            args![text_list(&list)],
        )?;
    }
    Ok(())
}

/// The largest person id taken (as `n`, one row each): a person's,
/// a merged-away person's or an erased person's.
macro_rules! person_ids_taken {
    () => {
        " FROM (SELECT max(id) AS n FROM person
                UNION ALL SELECT max(gone_id) FROM merge_journal
                UNION ALL SELECT max(reserved_through) FROM erasure) AS taken"
    };
}

/// The id the next new person takes: one past any person's, merged-away
/// person's or erased person's (see [`new_person`]).
fn next_person_id(db: &dyn Db) -> Result<i64, StoreError> {
    db.scalar(
        concat!("SELECT COALESCE(MAX(n), 0) + 1", person_ids_taken!()),
        args![],
    )
}

/// The first of `n` consecutive ids for new identities, as the store
/// would give them one at a time: on PostgreSQL from the id column's
/// sequence (moved past them), on SQLite one past the largest.
fn next_identity_ids(db: &dyn Db, n: usize) -> Result<i64, StoreError> {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    match db.dialect() {
        Dialect::Sqlite => db.scalar("SELECT COALESCE(max(id), 0) + 1 FROM identity", args![]),
        Dialect::Postgres => {
            let last: i64 = db.scalar(
                "SELECT setval(pg_get_serial_sequence('identity', 'id'),
                               nextval(pg_get_serial_sequence('identity', 'id')) + ?1 - 1)",
                args![n],
            )?;
            Ok(last - n + 1)
        }
    }
}

fn new_person(db: &dyn Db, name: &str, brand: bool, at: i64) -> Result<PersonId, StoreError> {
    // Ids of merged-away people stay reserved, so undoing a merge can
    // bring a person back under their old id; so do erased people's, so
    // an old link or log line never names someone else.
    Ok(PersonId(db.scalar(
        concat!(
            "INSERT INTO person (id, name, is_brand, created_at)
             SELECT COALESCE(MAX(n), 0) + 1, CAST(?1 AS TEXT), CAST(?2 AS BIGINT),
                    CAST(?3 AS BIGINT)",
            person_ids_taken!(),
            " RETURNING id"
        ),
        args![name, brand, at],
    )?))
}

fn person_by_email(db: &dyn Db, email: &Email) -> Result<Option<PersonId>, StoreError> {
    Ok(db
        .scalar_opt(
            "SELECT person_id FROM email WHERE address = ?1",
            args![email.as_str()],
        )?
        .map(PersonId))
}

/// Records that `person` uses `email`; if someone else already does, the
/// two are one person and are merged.
fn attach_email(
    db: &dyn Db,
    derived: &mut Derived,
    emails: &mut Emails,
    person: PersonId,
    email: &Email,
    at: i64,
) -> Result<(), StoreError> {
    match emails.owner(db, derived, email)? {
        None => {
            db.execute(
                "INSERT INTO email (address, person_id) VALUES (?1, ?2)",
                args![email.as_str(), person.0],
            )?;
            emails.held(email.as_str(), person.0);
            db.execute(
                "UPDATE orders SET person_id = ?1 WHERE email = ?2 AND person_id IS NULL",
                args![person.0, email.as_str()],
            )?;
        }
        Some(owner) if owner == person => {}
        Some(owner) => {
            let (keep, gone) = if owner.0 < person.0 {
                (owner, person)
            } else {
                (person, owner)
            };
            // A merge someone undid stays undone when the records come again.
            if !super::links::was_undone(db, keep, gone)? {
                super::links::merge(
                    db,
                    derived,
                    keep,
                    gone,
                    "same_email",
                    email.as_str(),
                    1.0,
                    at,
                )?;
            }
        }
    }
    Ok(())
}

/// The batch's orders, written after its records, 64 to a statement,
/// instead of one statement (and a look-up of the buyer) each.
#[derive(Default)]
struct Orders<'a> {
    /// Each order with its place among the batch's records.
    held: Vec<(usize, &'a Order)>,
}

impl<'a> Orders<'a> {
    /// Holds order `o`, the batch's record `n`; a buyer no one holds the
    /// address of becomes a person now, as the records before it were
    /// written. Its outcome is settled by [`Orders::write`].
    fn hold(
        &mut self,
        db: &dyn Db,
        derived: &Derived,
        emails: &mut Emails,
        n: usize,
        o: &'a Order,
    ) -> Result<Outcome, StoreError> {
        if let Some(email) = &o.email {
            if emails.owner(db, derived, email)?.is_none() {
                // A buyer we have not met socially yet is still a person.
                let p = new_person(db, buyer_name(email), false, o.created_at.secs())?;
                db.execute(
                    "INSERT INTO email (address, person_id) VALUES (?1, ?2)",
                    args![email.as_str(), p.0],
                )?;
                emails.held(email.as_str(), p.0);
            }
        }
        self.held.push((n, o));
        Ok(Outcome::Duplicate)
    }

    /// Writes the orders held and sets their outcomes in `out`: the first
    /// of an order id is imported unless it was stored, and the order
    /// ends with the status its last record gives (a repeated order may
    /// carry a newer one: refunded, cancelled). Each order joins the
    /// person who holds its address now, as one written earlier in the
    /// batch would have moved with any merge since.
    fn write(
        &self,
        db: &dyn Db,
        derived: &Derived,
        emails: &Emails,
        out: &mut [Outcome],
    ) -> Result<(), StoreError> {
        if self.held.is_empty() {
            return Ok(());
        }
        /// An order's row, as written.
        struct Row<'o> {
            n: usize,
            order: &'o Order,
            person: Option<i64>,
            email: Option<&'o str>,
            at: i64,
            items: String,
        }
        let mut seen: HashSet<&str> = HashSet::new();
        let mut last: HashMap<&str, &Order> = HashMap::new();
        let mut rows: Vec<Row> = Vec::new();
        for &(n, o) in &self.held {
            last.insert(&o.order_id, o);
            if !seen.insert(&o.order_id) {
                continue;
            }
            let person = match &o.email {
                Some(email) => emails.owner(db, derived, email)?.map(|p| p.0),
                None => None,
            };
            let items = serde_json::to_string(&o.items).map_err(|e| StoreError::Corrupt {
                table: "orders",
                column: "items",
                reason: e.to_string(),
            })?;
            rows.push(Row {
                n,
                order: o,
                person,
                email: o.email.as_ref().map(Email::as_str),
                at: o.created_at.secs(),
                items,
            });
        }
        let mut stored: HashSet<String> = HashSet::new();
        let columns = " INTO orders
             (order_id, person_id, email, total, currency, created_at, status, items) VALUES ";
        let (head, tail) = match db.dialect() {
            Dialect::Sqlite => (format!("INSERT OR IGNORE{columns}"), " RETURNING order_id"),
            Dialect::Postgres => (
                format!("INSERT{columns}"),
                " ON CONFLICT DO NOTHING RETURNING order_id",
            ),
        };
        for chunk in in_statements(&rows) {
            let mut values: Vec<&dyn Arg> = Vec::with_capacity(chunk.len() * 8);
            for r in chunk {
                let o = r.order;
                values.extend([
                    &o.order_id as &dyn Arg,
                    &r.person,
                    &r.email,
                    &o.total,
                    &o.currency,
                    &r.at,
                    &o.status,
                    &r.items,
                ]);
            }
            insert_rows_returning(db, &head, tail, 8, &values, |r| {
                stored.insert(r.get(0)?);
                Ok(())
            })?;
        }
        for Row { n, order: o, .. } in &rows {
            let new = stored.contains(&o.order_id);
            if new {
                out[*n] = Outcome::Imported;
            }
            let status = &last[o.order_id.as_str()].status;
            if !new || *status != o.status {
                db.execute(
                    "UPDATE orders SET status = ?1 WHERE order_id = ?2 AND status <> ?1",
                    args![status, o.order_id],
                )?;
            }
        }
        Ok(())
    }
}
