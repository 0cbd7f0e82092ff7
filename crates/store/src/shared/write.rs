//! Writing a batch: identities resolved, interactions and orders inserted
//! idempotently, people merged when an email shows two are one.

use super::derived::{self, threads, threads::Stored, Derived};
use super::rows::{in_statements, insert_rows};
use crate::shared::forget::Suppressed;
use crate::sql::{args, Arg, Db, DbExt, Dialect, Row};
use crate::{AnalysisRow, Outcome, Reading, StoreError};
use rapport_core::signals::Signals;
use rapport_core::{Author, Channel, Email, Interaction, InteractionId, Order, PersonId, Record};
use std::collections::HashMap;

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
    let out = records
        .iter()
        .enumerate()
        .map(|(n, r)| match r {
            // A forgotten person's records stay out, whatever file they
            // come from.
            _ if suppressed.is_some_and(|s| s.holds(r)) => Ok(Outcome::Forgotten),
            Record::Interaction(i) => interaction(
                db,
                known,
                &mut derived,
                i,
                readings.get(n),
                &mut added,
                &mut words,
            ),
            Record::Order(o) => order(db, o),
        })
        .collect::<Result<Vec<_>, _>>()?;
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

/// Stores (or replaces) the analysis of an interaction already stored,
/// and reads its signals again with it.
pub fn reanalysis(
    db: &dyn Db,
    derived: &mut Derived,
    id: InteractionId,
    a: &AnalysisRow,
) -> Result<(), StoreError> {
    analysis(db, id, a)?;
    let found: Option<(String, Option<u8>)> = db.opt(
        "SELECT t.text, i.signals FROM interaction_text t
         JOIN interaction i ON i.id = t.interaction_id WHERE t.interaction_id = ?1",
        args![id.0],
        |r| {
            let signals = match r.get::<Option<i64>>(1)? {
                Some(_) => Some(bits(r, 1)?),
                None => None,
            };
            Ok((r.get(0)?, signals))
        },
    )?;
    if let Some((text, old)) = found {
        // The reply bits come from the thread, not the words: keep them.
        let old = Signals::from_bits(old.unwrap_or(0));
        let new = Signals::from_bits(
            (old.bits() & !Signals::FROM_TEXT) | Signals::read(&text, Some(a.view())).bits(),
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

fn interaction<'a>(
    db: &dyn Db,
    known: &mut Known,
    derived: &mut Derived,
    i: &'a Interaction,
    reading: Option<&'a Reading>,
    added: &mut Vec<i64>,
    words: &mut Words<'a>,
) -> Result<Outcome, StoreError> {
    let identity = identity(
        db,
        known,
        derived,
        &i.channel,
        &i.author,
        i.from_brand,
        i.created_at.secs(),
        added,
    )?;
    let channel = i.channel.as_str();
    // The shop's reply written in Rapport, coming back from the platform
    // (or posted there by hand): the same interaction, now named.
    if let (true, Some(parent)) = (i.from_brand, &i.in_reply_to) {
        if !super::outbox::is_local(&i.external_id)
            && super::outbox::adopt(
                db,
                channel,
                parent,
                &i.external_id,
                &i.text,
                i.url.as_deref(),
            )?
        {
            return Ok(Outcome::Duplicate);
        }
    }
    let signals = match reading {
        Some(r) => r.signals,
        None => Signals::read(&i.text, None),
    };
    let parent = match &i.in_reply_to {
        Some(p) => parent_of(db, channel, p)?,
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
    // No id back: the interaction is stored already.
    let Some(id) = db.scalar_opt::<i64>(
        db.dialect().pick(
            "INSERT OR IGNORE INTO interaction
             (channel, external_id, kind, identity_id, created_at, in_reply_to, post_id, url,
              from_brand, signals, root)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             RETURNING id",
            "INSERT INTO interaction
             (channel, external_id, kind, identity_id, created_at, in_reply_to, post_id, url,
              from_brand, signals, root)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT DO NOTHING RETURNING id",
        ),
        args![
            channel,
            i.external_id,
            i.kind.as_str(),
            identity,
            i.created_at.secs(),
            i.in_reply_to,
            i.post_id,
            i.url,
            i.from_brand,
            signals.bits(),
            root,
        ],
    )?
    else {
        return Ok(Outcome::Duplicate);
    };
    let person = derived.person_of(db, identity)?;
    derived.inserted(
        db,
        derived::New {
            message: Stored {
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
            },
            channel,
            root,
            parent: parent.as_ref().map(|p| &p.message),
        },
    )?;
    words.texts.push((id, &i.text));
    if let Some(a) = reading.and_then(|r| r.analysis.as_ref()) {
        words.analyses.push((id, a));
    }
    Ok(Outcome::Imported)
}

/// A stored parent: the message, its thread's root and its author's
/// identity.
struct Parent {
    message: Stored,
    root: String,
    identity: i64,
}

/// The stored message `external_id` on `channel`, if any.
fn parent_of(db: &dyn Db, channel: &str, external_id: &str) -> Result<Option<Parent>, StoreError> {
    db.opt(
        concat!(
            "SELECT ",
            threads::stored_columns!(),
            ", i.root, i.identity_id FROM interaction i
             JOIN identity d ON d.id = i.identity_id
             WHERE i.channel = ?1 AND i.external_id = ?2"
        ),
        args![channel, external_id],
        |r| {
            Ok(Parent {
                message: threads::stored(r)?,
                root: r.get::<Option<String>>(10)?.unwrap_or_default(),
                identity: r.get(11)?,
            })
        },
    )
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
                attach_email(db, derived, PersonId(person), email, at)?;
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
    let person = match &author.email {
        Some(email) => person_by_email(db, email)?,
        None => None,
    };
    let person = match person {
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
    if let Some(email) = &author.email {
        attach_email(db, derived, person, email, at)?;
    }
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

fn new_person(db: &dyn Db, name: &str, brand: bool, at: i64) -> Result<PersonId, StoreError> {
    // Ids of merged-away people stay reserved, so undoing a merge can
    // bring a person back under their old id; so do erased people's, so
    // an old link or log line never names someone else.
    Ok(PersonId(db.scalar(
        "INSERT INTO person (id, name, is_brand, created_at)
         SELECT COALESCE(MAX(n), 0) + 1, CAST(?1 AS TEXT), CAST(?2 AS BIGINT),
                CAST(?3 AS BIGINT)
         FROM (SELECT max(id) AS n FROM person
               UNION ALL SELECT max(gone_id) FROM merge_journal
               UNION ALL SELECT max(reserved_through) FROM erasure) AS taken
         RETURNING id",
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
    person: PersonId,
    email: &Email,
    at: i64,
) -> Result<(), StoreError> {
    match person_by_email(db, email)? {
        None => {
            db.execute(
                "INSERT INTO email (address, person_id) VALUES (?1, ?2)",
                args![email.as_str(), person.0],
            )?;
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

fn order(db: &dyn Db, o: &Order) -> Result<Outcome, StoreError> {
    let person = match &o.email {
        Some(email) => Some(match person_by_email(db, email)? {
            Some(p) => p,
            None => {
                // A buyer we have not met socially yet is still a person.
                let name = email.as_str().split('@').next().unwrap_or("").to_string();
                let p = new_person(db, &name, false, o.created_at.secs())?;
                db.execute(
                    "INSERT INTO email (address, person_id) VALUES (?1, ?2)",
                    args![email.as_str(), p.0],
                )?;
                p
            }
        }),
        None => None,
    };
    let items = serde_json::to_string(&o.items).map_err(|e| StoreError::Corrupt {
        table: "orders",
        column: "items",
        reason: e.to_string(),
    })?;
    let n = db.execute(
        db.dialect().pick(
            "INSERT OR IGNORE INTO orders
             (order_id, person_id, email, total, currency, created_at, status, items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            "INSERT INTO orders
             (order_id, person_id, email, total, currency, created_at, status, items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT DO NOTHING",
        ),
        args![
            o.order_id,
            person.map(|p| p.0),
            o.email.as_ref().map(Email::as_str),
            o.total,
            o.currency,
            o.created_at.secs(),
            o.status,
            items,
        ],
    )?;
    if n == 0 {
        // A repeated order may carry a newer status (refunded, cancelled).
        db.execute(
            "UPDATE orders SET status = ?1 WHERE order_id = ?2 AND status <> ?1",
            args![o.status, o.order_id],
        )?;
    }
    Ok(if n == 1 {
        Outcome::Imported
    } else {
        Outcome::Duplicate
    })
}
