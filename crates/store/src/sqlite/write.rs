//! Writing a batch: identities resolved, interactions and orders inserted
//! idempotently, people merged when an email shows two are one.

use crate::{AnalysisRow, Outcome, Reading, StoreError};
use rapport_core::signals::Signals;
use rapport_core::{Author, Channel, Email, Interaction, InteractionId, Order, PersonId, Record};
use rusqlite::{params, OptionalExtension, Transaction};

/// Writes `records` inside `tx`, returning one outcome per record.
pub fn batch(
    tx: &Transaction<'_>,
    records: &[Record],
    readings: &[Reading],
) -> Result<Vec<Outcome>, StoreError> {
    let mut added = Vec::new();
    let out = records
        .iter()
        .enumerate()
        .map(|(n, r)| match r {
            Record::Interaction(i) => interaction(tx, i, readings.get(n), &mut added),
            Record::Order(o) => order(tx, o),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Link suggestions (handles named in bios) for the identities the
    // batch added, once they are all written, in the same transaction.
    super::links::scan_new(tx, &added, super::links::now())?;
    Ok(out)
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
    tx: &Transaction<'_>,
    id: InteractionId,
    a: &AnalysisRow,
) -> Result<(), StoreError> {
    analysis(tx, id, a)?;
    let text: Option<String> = tx
        .prepare_cached("SELECT text FROM interaction WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
        .optional()?;
    if let Some(text) = text {
        // The reply bits come from the thread, not the words: keep them.
        tx.prepare_cached(
            "UPDATE interaction SET signals = (coalesce(signals, 0) & ~?1) | ?2 WHERE id = ?3",
        )?
        .execute(params![
            Signals::FROM_TEXT,
            Signals::read(&text, Some(a.view())).bits(),
            id.0
        ])?;
    }
    Ok(())
}

/// Stores (or replaces) the analysis of one interaction.
pub fn analysis(
    tx: &Transaction<'_>,
    id: InteractionId,
    a: &AnalysisRow,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO analysis
         (interaction_id, language, sentiment, sentiment_confidence, intent, intents, topics, specificity, generic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id.0,
        a.language,
        a.sentiment,
        a.sentiment_confidence,
        a.intent,
        json_list("analysis", "intents", &a.intents)?,
        json_list("analysis", "topics", &a.topics)?,
        a.specificity,
        a.generic,
    ])?;
    Ok(())
}

fn interaction(
    tx: &Transaction<'_>,
    i: &Interaction,
    reading: Option<&Reading>,
    added: &mut Vec<i64>,
) -> Result<Outcome, StoreError> {
    let identity = identity(
        tx,
        &i.channel,
        &i.author,
        i.from_brand,
        i.created_at.secs(),
        added,
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO interaction
         (channel, external_id, kind, identity_id, text, created_at, in_reply_to, post_id, url, from_brand, signals)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let signals = match reading {
        Some(r) => r.signals,
        None => Signals::read(&i.text, None),
    };
    let signals = match &i.in_reply_to {
        Some(parent) => {
            let (to_shop, to_peer) = reply_kind(tx, i.channel.as_str(), parent, identity)?;
            signals.replying(to_shop, to_peer)
        }
        None => signals,
    };
    let n = insert.execute(params![
        i.channel.as_str(),
        i.external_id,
        i.kind.as_str(),
        identity,
        i.text,
        i.created_at.secs(),
        i.in_reply_to,
        i.post_id,
        i.url,
        i.from_brand,
        signals.bits(),
    ])?;
    if n == 0 {
        return Ok(Outcome::Duplicate);
    }
    if let Some(a) = reading.and_then(|r| r.analysis.as_ref()) {
        analysis(tx, InteractionId(tx.last_insert_rowid()), a)?;
    }
    Ok(Outcome::Imported)
}

/// Whom a reply answers: the shop's words (not its post: answering a post
/// is commenting), or another person's comment under a shop post.
pub fn reply_kind(
    tx: &Transaction<'_>,
    channel: &str,
    parent: &str,
    author_identity: i64,
) -> Result<(bool, bool), StoreError> {
    let found: Option<(bool, String, Option<String>, i64)> = tx
        .prepare_cached(
            "SELECT from_brand, kind, post_id, identity_id FROM interaction
             WHERE channel = ?1 AND external_id = ?2",
        )?
        .query_row(params![channel, parent], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(match found {
        Some((true, kind, _, _)) => (kind != "post", false),
        Some((false, _, post, author)) => (false, post.is_some() && author != author_identity),
        None => (false, false),
    })
}

/// Finds or creates the identity behind `author` and returns its id; a
/// new identity's id is also pushed to `added`.
///
/// Identity rules applied here: one identity per `(channel, handle)`; an
/// identity carrying an email joins the person already known by that email;
/// when an email proves two people are one, they are merged.
fn identity(
    tx: &Transaction<'_>,
    channel: &Channel,
    author: &Author,
    brand: bool,
    at: i64,
    added: &mut Vec<i64>,
) -> Result<i64, StoreError> {
    let found: Option<(i64, i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, person_id, email FROM identity WHERE channel = ?1 AND handle = ?2",
        )?
        .query_row(params![channel.as_str(), author.handle.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;

    if let Some((id, person, known_email)) = found {
        if let Some(email) = &author.email {
            if known_email.is_none() {
                tx.prepare_cached("UPDATE identity SET email = ?1 WHERE id = ?2")?
                    .execute(params![email.as_str(), id])?;
            }
            attach_email(tx, PersonId(person), email, at)?;
        }
        if author.followers.is_some() {
            // Reach only grows in our records: a larger count seen anywhere wins.
            tx.prepare_cached(
                "UPDATE identity SET followers = ?1 WHERE id = ?2 AND (followers IS NULL OR followers < ?1)",
            )?
            .execute(params![author.followers.map(|f| f as i64), id])?;
        }
        return Ok(id);
    }

    let person = match &author.email {
        Some(email) => person_by_email(tx, email)?,
        None => None,
    };
    let person = match person {
        Some(p) => p,
        None => {
            let name = author
                .display_name
                .clone()
                .unwrap_or_else(|| author.handle.as_str().to_string());
            new_person(tx, &name, brand, at)?
        }
    };
    tx.prepare_cached(
        "INSERT INTO identity (person_id, channel, handle, display_name, email, followers, bio)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        person.0,
        channel.as_str(),
        author.handle.as_str(),
        author.display_name,
        author.email.as_ref().map(Email::as_str),
        author.followers.map(|f| f as i64),
        author.bio,
    ])?;
    let id = tx.last_insert_rowid();
    added.push(id);
    if let Some(email) = &author.email {
        attach_email(tx, person, email, at)?;
    }
    Ok(id)
}

fn new_person(
    tx: &Transaction<'_>,
    name: &str,
    brand: bool,
    at: i64,
) -> Result<PersonId, StoreError> {
    // Ids of merged-away people stay reserved, so undoing a merge can
    // bring a person back under their old id.
    tx.prepare_cached(
        "INSERT INTO person (id, name, is_brand, created_at) VALUES (
           1 + max(coalesce((SELECT max(id) FROM person), 0),
                   coalesce((SELECT max(gone_id) FROM merge_journal), 0)),
           ?1, ?2, ?3)",
    )?
    .execute(params![name, brand, at])?;
    Ok(PersonId(tx.last_insert_rowid()))
}

fn person_by_email(tx: &Transaction<'_>, email: &Email) -> Result<Option<PersonId>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT person_id FROM email WHERE address = ?1")?
        .query_row([email.as_str()], |r| r.get(0))
        .optional()?
        .map(PersonId))
}

/// Records that `person` uses `email`; if someone else already does, the
/// two are one person and are merged.
fn attach_email(
    tx: &Transaction<'_>,
    person: PersonId,
    email: &Email,
    at: i64,
) -> Result<(), StoreError> {
    match person_by_email(tx, email)? {
        None => {
            tx.prepare_cached("INSERT INTO email (address, person_id) VALUES (?1, ?2)")?
                .execute(params![email.as_str(), person.0])?;
            tx.prepare_cached(
                "UPDATE orders SET person_id = ?1 WHERE email = ?2 AND person_id IS NULL",
            )?
            .execute(params![person.0, email.as_str()])?;
        }
        Some(owner) if owner == person => {}
        Some(owner) => {
            let (keep, gone) = if owner.0 < person.0 {
                (owner, person)
            } else {
                (person, owner)
            };
            // A merge someone undid stays undone when the records come again.
            if !super::links::was_undone(tx, keep, gone)? {
                merge(tx, keep, gone, "same_email", email.as_str(), at)?;
            }
        }
    }
    Ok(())
}

/// Moves everything of `gone` to `keep` and records why; the merge is
/// journaled (see `links.rs`) so `rapport unlink` can undo it exactly.
fn merge(
    tx: &Transaction<'_>,
    keep: PersonId,
    gone: PersonId,
    reason: &str,
    detail: &str,
    at: i64,
) -> Result<(), StoreError> {
    super::links::merge(tx, keep, gone, reason, detail, 1.0, at).map(|_| ())
}

fn order(tx: &Transaction<'_>, o: &Order) -> Result<Outcome, StoreError> {
    let person = match &o.email {
        Some(email) => Some(match person_by_email(tx, email)? {
            Some(p) => p,
            None => {
                // A buyer we have not met socially yet is still a person.
                let name = email.as_str().split('@').next().unwrap_or("").to_string();
                let p = new_person(tx, &name, false, o.created_at.secs())?;
                tx.prepare_cached("INSERT INTO email (address, person_id) VALUES (?1, ?2)")?
                    .execute(params![email.as_str(), p.0])?;
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
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO orders (order_id, person_id, email, total, currency, created_at, status, items)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            o.order_id,
            person.map(|p| p.0),
            o.email.as_ref().map(Email::as_str),
            o.total,
            o.currency,
            o.created_at.secs(),
            o.status,
            items,
        ])?;
    if n == 0 {
        // A repeated order may carry a newer status (refunded, cancelled).
        tx.prepare_cached("UPDATE orders SET status = ?1 WHERE order_id = ?2 AND status <> ?1")?
            .execute(params![o.status, o.order_id])?;
    }
    Ok(if n == 1 {
        Outcome::Imported
    } else {
        Outcome::Duplicate
    })
}
