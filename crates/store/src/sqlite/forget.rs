//! Forgetting a person in one transaction (schema migration 14); what
//! goes and what stays is described in [`crate::privacy`].
//!
//! The derived state moves with the rows, as every writer's does: the
//! person's messages leave their threads, answers and the queue through
//! [`Derived::remove_messages`] and [`Derived::erasing`], which keeps the
//! report's days as they were and the difference as erased figures, so
//! `check_derived` (the kept state against a rebuild from the remaining
//! rows plus the erased figures) still finds nothing; the verdict leaves
//! the ladder's figures through [`crate::shared::scores::erase`].
//!
//! Forgotten identities (`channel:handle`) and emails are kept as salted
//! hashes ([`super::privacy::digest`]); [`Suppressed`] is how a batch
//! being written recognises their records.

use super::derived::Derived;
use crate::privacy::Erasure;
use crate::shared::privacy::{digest, salt};
use crate::StoreError;
use rapport_core::{PersonId, Record};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashSet};

/// What replaces a forgotten handle or email in the text that remains.
pub const ERASED: &str = "[erased]";

/// The hash kind of an identity.
const IDENTITY: &str = "identity";
/// The hash kind of an email.
const EMAIL: &str = "email";

/// The forgotten keys, loaded for one batch.
pub struct Suppressed {
    salt: String,
    keys: HashSet<String>,
}

impl Suppressed {
    /// The forgotten keys, or `None` when nobody was ever forgotten (the
    /// common case: a batch then costs one look at an empty table).
    pub fn load(conn: &Connection) -> Result<Option<Suppressed>, StoreError> {
        let any: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM forgotten_key)")?
            .query_row([], |r| r.get(0))?;
        if !any {
            return Ok(None);
        }
        let mut stmt = conn.prepare_cached("SELECT hash FROM forgotten_key")?;
        let keys = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<HashSet<_>, _>>()?;
        Ok(Some(Suppressed {
            salt: salt(conn)?,
            keys,
        }))
    }

    fn has(&self, kind: &str, value: &str) -> bool {
        self.keys.contains(&digest(&self.salt, kind, value))
    }

    /// Whether `record` names a forgotten identity or email: its author's
    /// account or email, or an order's email.
    pub fn holds(&self, record: &Record) -> bool {
        match record {
            Record::Interaction(i) => {
                self.has(
                    IDENTITY,
                    &identity_key(i.channel.as_str(), i.author.handle.as_str()),
                ) || i
                    .author
                    .email
                    .as_ref()
                    .is_some_and(|e| self.has(EMAIL, e.as_str()))
            }
            Record::Order(o) => o
                .email
                .as_ref()
                .is_some_and(|e| self.has(EMAIL, e.as_str())),
        }
    }
}

fn identity_key(channel: &str, handle: &str) -> String {
    format!("{channel}:{handle}")
}

/// Keeps the salted hash of an identity or email.
fn keep_key(
    tx: &Transaction<'_>,
    salt: &str,
    kind: &str,
    value: &str,
    erasure: Option<i64>,
    at: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO forgotten_key (hash, kind, erasure_id, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![digest(salt, kind, value), kind, erasure, at])?;
    Ok(())
}

/// One of the person's identities.
struct Identity {
    id: i64,
    channel: String,
    handle: String,
}

/// Who is forgotten: the person, everyone merged into them (their ids
/// live on in touches, links and the journal), their identities and
/// every email known for them.
struct Subject {
    person: PersonId,
    people: Vec<i64>,
    identities: Vec<Identity>,
    emails: BTreeSet<String>,
}

impl Subject {
    /// The person `person`, unless there is none or it is the shop.
    fn read(tx: &Transaction<'_>, person: PersonId) -> Result<Subject, StoreError> {
        let brand: Option<bool> = tx
            .prepare_cached("SELECT is_brand FROM person WHERE id = ?1")?
            .query_row([person.0], |r| r.get(0))
            .optional()?;
        match brand {
            None => return Err(StoreError::PersonNotFound(person.0.to_string())),
            Some(true) => {
                return Err(StoreError::Refused(format!(
                    "#{} is the shop itself and cannot be forgotten",
                    person.0
                )))
            }
            Some(false) => {}
        }
        let identities: Vec<Identity> = {
            let mut stmt =
                tx.prepare_cached("SELECT id, channel, handle FROM identity WHERE person_id = ?1")?;
            let rows = stmt.query_map([person.0], |r| {
                Ok(Identity {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    handle: r.get(2)?,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut emails = BTreeSet::new();
        for sql in [
            "SELECT address FROM email WHERE person_id = ?1",
            "SELECT email FROM identity WHERE person_id = ?1 AND email IS NOT NULL",
            "SELECT email FROM orders WHERE person_id = ?1 AND email IS NOT NULL",
        ] {
            let mut stmt = tx.prepare_cached(sql)?;
            for e in stmt.query_map([person.0], |r| r.get::<_, String>(0))? {
                emails.insert(e?);
            }
        }
        Ok(Subject {
            person,
            people: super::views::merged_into(tx, person)?,
            identities,
            emails,
        })
    }

    /// The handles (as `@handle`) and emails to replace where others
    /// wrote them.
    fn needles(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .identities
            .iter()
            .filter(|i| i.handle.chars().count() >= 2)
            .map(|i| format!("@{}", i.handle))
            .collect();
        out.extend(self.emails.iter().cloned());
        out
    }
}

/// Erases `person` (and everyone merged into them); `by` is who asked.
pub fn forget(
    tx: &Transaction<'_>,
    person: PersonId,
    by: &str,
    at: i64,
) -> Result<Erasure, StoreError> {
    let who = Subject::read(tx, person)?;
    let reserved = who.people.iter().copied().max().unwrap_or(person.0);
    tx.prepare_cached(
        "INSERT INTO erasure (person_id, reserved_through, at, by_actor, identities, emails,
             interactions, orders)
         VALUES (?1, ?2, ?3, ?4, 0, 0, 0, 0)",
    )?
    .execute(params![person.0, reserved, at, by])?;
    let mut e = Erasure {
        id: tx.last_insert_rowid(),
        person,
        identities: who.identities.len() as u64,
        emails: who.emails.len() as u64,
        interactions: 0,
        replies_blanked: 0,
        orders: 0,
        touches: 0,
        mentions: 0,
    };
    keep_keys(tx, &who, e.id, at)?;
    // Their messages leave the derived state with them (see `Derived`).
    let messages = messages_of(tx, person)?;
    e.replies_blanked = blank_replies(tx, &messages)?;
    let ids: Vec<i64> = messages.iter().map(|m| m.0).collect();
    let mut derived = Derived::erasing();
    e.interactions = derived.remove_messages(tx, &ids)?;
    e.orders = anonymise_orders(tx, &who)?;
    e.touches = erase_team_rows(tx, &who)?;
    e.mentions = erase_identities(tx, &who)?;
    crate::shared::scores::erase(tx, person)?;
    tx.prepare_cached("DELETE FROM person WHERE id = ?1")?
        .execute([person.0])?;
    derived.flush(tx)?;
    for p in &who.people {
        tx.prepare_cached("DELETE FROM person_dirty WHERE person_id = ?1")?
            .execute([p])?;
        tx.prepare_cached("DELETE FROM ladder_claim WHERE person_id = ?1")?
            .execute([p])?;
    }
    forget_requests(tx, &who.people, &who.emails)?;
    e.mentions += scrub(tx, &who.needles())?;
    tx.prepare_cached(
        "UPDATE erasure SET identities = ?2, emails = ?3, interactions = ?4, orders = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        e.id,
        e.identities,
        e.emails,
        e.interactions,
        e.orders
    ])?;
    Ok(e)
}

/// Keeps the salted hashes of the subject's identities and emails.
fn keep_keys(tx: &Transaction<'_>, who: &Subject, erasure: i64, at: i64) -> Result<(), StoreError> {
    let salt = salt(tx)?;
    for i in &who.identities {
        let key = identity_key(&i.channel, &i.handle);
        keep_key(tx, &salt, IDENTITY, &key, Some(erasure), at)?;
    }
    for e in &who.emails {
        keep_key(tx, &salt, EMAIL, e, Some(erasure), at)?;
    }
    Ok(())
}

/// Their orders stay for the revenue figures, without email or owner;
/// returns how many changed.
fn anonymise_orders(tx: &Transaction<'_>, who: &Subject) -> Result<u64, StoreError> {
    let mut n = tx
        .prepare_cached("UPDATE orders SET email = NULL, person_id = NULL WHERE person_id = ?1")?
        .execute([who.person.0])? as u64;
    for e in &who.emails {
        n += tx
            .prepare_cached("UPDATE orders SET email = NULL WHERE email = ?1")?
            .execute([e])? as u64;
        // Nothing is sent to a forgotten address anyway (its messages
        // went with them); the unsubscribe note would only keep it.
        tx.prepare_cached("DELETE FROM unsubscribed WHERE address = lower(?1)")?
            .execute([e])?;
        tx.prepare_cached("DELETE FROM outbox WHERE lower(recipient) = lower(?1)")?
            .execute([e])?;
    }
    Ok(n)
}

/// Links, merge journal entries, cohort places, outbox messages and touches of the
/// subject's ids go; returns how many touches went.
fn erase_team_rows(tx: &Transaction<'_>, who: &Subject) -> Result<u64, StoreError> {
    let mut touches = 0;
    for p in &who.people {
        for sql in [
            "DELETE FROM link WHERE person_id = ?1",
            "DELETE FROM merge_journal WHERE keep_id = ?1 OR gone_id = ?1",
            "DELETE FROM cohort_member WHERE person_id = ?1",
            // Their messages in the outbox go, sent or not: nothing
            // more is sent to them.
            "DELETE FROM outbox WHERE person_id = ?1",
            // What the team decided about alerts on them, with reasons
            // that may name them, and the moments found in their words.
            "DELETE FROM alert_decision WHERE person_id = ?1",
            "DELETE FROM moment WHERE person_id = ?1",
        ] {
            tx.prepare_cached(sql)?.execute([p])?;
        }
        touches += tx
            .prepare_cached("DELETE FROM touch WHERE person_id = ?1")?
            .execute([p])? as u64;
    }
    Ok(touches)
}

/// Their identities and emails go, with the link suggestions naming them
/// and the handles bios named; others' bios that named a handle of theirs
/// lose it. Returns how many bios changed.
fn erase_identities(tx: &Transaction<'_>, who: &Subject) -> Result<u64, StoreError> {
    let mut bios = 0;
    for i in &who.identities {
        tx.prepare_cached(
            "DELETE FROM link_suggestion WHERE identity_id = ?1 OR other_identity_id = ?1",
        )?
        .execute([i.id])?;
        tx.prepare_cached("DELETE FROM bio_handle WHERE identity_id = ?1")?
            .execute([i.id])?;
        let namers: Vec<i64> = tx
            .prepare_cached(
                "SELECT identity_id FROM bio_handle WHERE channel = ?1 AND handle = ?2",
            )?
            .query_map(params![i.channel, i.handle], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for namer in namers {
            bios += scrub_row(tx, "identity", "bio", namer, &i.handle)?;
        }
        tx.prepare_cached("DELETE FROM bio_handle WHERE channel = ?1 AND handle = ?2")?
            .execute(params![i.channel, i.handle])?;
    }
    tx.prepare_cached("DELETE FROM email WHERE person_id = ?1")?
        .execute([who.person.0])?;
    tx.prepare_cached("DELETE FROM identity WHERE person_id = ?1")?
        .execute([who.person.0])?;
    Ok(bios)
}

/// The person's messages: id, channel, external id.
fn messages_of(
    tx: &Transaction<'_>,
    person: PersonId,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT i.id, i.channel, i.external_id FROM identity d
         JOIN interaction i ON i.identity_id = d.id WHERE d.person_id = ?1 ORDER BY i.id",
    )?;
    let rows = stmt.query_map([person.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Empties the words of the shop's replies to `messages`; returns how
/// many were emptied.
fn blank_replies(
    tx: &Transaction<'_>,
    messages: &[(i64, String, String)],
) -> Result<u64, StoreError> {
    let mut n = 0;
    let mut find = tx.prepare_cached(
        "SELECT id FROM interaction WHERE channel = ?1 AND in_reply_to = ?2 AND from_brand = 1",
    )?;
    let mut blank = tx.prepare_cached(
        "UPDATE interaction_text SET text = '' WHERE interaction_id = ?1 AND text <> ''",
    )?;
    for (_, channel, external_id) in messages {
        let replies: Vec<i64> = find
            .query_map(params![channel, external_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for r in replies {
            n += blank.execute([r])? as u64;
        }
    }
    Ok(n)
}

/// Privacy requests about the person keep their topic, time and outcome
/// but lose whom they named, their body and any export.
fn forget_requests(
    tx: &Transaction<'_>,
    people: &[i64],
    emails: &BTreeSet<String>,
) -> Result<(), StoreError> {
    let mut by_email = tx.prepare_cached(
        "UPDATE privacy_request SET customer_email = NULL, customer_id = NULL, payload = '',
             export = NULL
         WHERE lower(customer_email) = ?1",
    )?;
    for e in emails {
        by_email.execute([e])?;
    }
    let mut by_person = tx.prepare_cached(
        "UPDATE privacy_request SET customer_email = NULL, customer_id = NULL, payload = '',
             export = NULL
         WHERE person_id = ?1",
    )?;
    for p in people {
        by_person.execute([p])?;
    }
    Ok(())
}

/// Free-text columns where others may have named the person, by table:
/// every one is searched for each forgotten handle (as `@handle`) and
/// email.
const FREE_TEXT: &[(&str, &str)] = &[
    ("interaction_text", "text"),
    ("identity", "bio"),
    ("identity", "display_name"),
    ("inbox_note", "text"),
    ("inbox_state", "reply_text"),
    ("outbox", "body"),
    ("touch", "note"),
    ("cohort_member", "opener"),
    ("link", "detail"),
    ("link_suggestion", "detail"),
    ("merge_journal", "gone_name"),
    ("privacy_request", "payload"),
    ("audit", "detail"),
    ("audit", "target"),
];

/// Replaces every `needle` (ASCII case ignored) in the free-text columns
/// by [`ERASED`]; returns how many rows changed. Each column is read once
/// for all the needles (the messages' words are the largest table there
/// is).
fn scrub(tx: &Transaction<'_>, needles: &[String]) -> Result<u64, StoreError> {
    let lower: Vec<String> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.to_ascii_lowercase())
        .collect();
    if lower.is_empty() {
        return Ok(0);
    }
    let mut changed = 0;
    for (table, column) in FREE_TEXT {
        let any: Vec<String> = (1..=lower.len())
            .map(|i| format!("instr(lower({column}), ?{i}) > 0"))
            .collect();
        let hits: Vec<i64> = tx
            .prepare(&format!(
                "SELECT rowid FROM {table} WHERE {column} IS NOT NULL AND ({})",
                any.join(" OR ")
            ))?
            .query_map(rusqlite::params_from_iter(&lower), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for row in hits {
            let mut row_changed = 0;
            for needle in &lower {
                row_changed |= scrub_row(tx, table, column, row, needle)?;
            }
            changed += row_changed;
        }
    }
    Ok(changed)
}

/// Replaces `needle` in one row's column; 1 if it changed.
fn scrub_row(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    row: i64,
    needle: &str,
) -> Result<u64, StoreError> {
    let text: Option<String> = tx
        .prepare_cached(&format!("SELECT {column} FROM {table} WHERE rowid = ?1"))?
        .query_row([row], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(text) = text else {
        return Ok(0);
    };
    let clean = replace_ignoring_ascii_case(&text, needle, ERASED);
    if clean == text {
        return Ok(0);
    }
    tx.prepare_cached(&format!(
        "UPDATE {table} SET {column} = ?1 WHERE rowid = ?2"
    ))?
    .execute(params![clean, row])?;
    Ok(1)
}

/// `text` with every occurrence of `needle` replaced by `with`, letters
/// A-Z matched in either case (as SQLite's `lower` does).
pub fn replace_ignoring_ascii_case(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_string();
    }
    // ASCII lower-casing keeps every byte offset, so offsets found in the
    // lowered copy cut the original on the same character boundaries.
    let hay = text.to_ascii_lowercase();
    let pin = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(found) = hay[from..].find(&pin) {
        let start = from + found;
        out.push_str(&text[from..start]);
        out.push_str(with);
        from = start + pin.len();
    }
    out.push_str(&text[from..]);
    out
}

/// Anonymises orders by id (a redaction request's `orders_to_redact`)
/// and keeps the hashes of their emails and of `emails`, so old files do
/// not bring them back; returns how many orders changed.
pub fn redact_orders(
    tx: &Transaction<'_>,
    order_ids: &[String],
    emails: &[String],
    at: i64,
) -> Result<u64, StoreError> {
    let salt = salt(tx)?;
    let mut all: BTreeSet<String> = emails.iter().map(|e| e.trim().to_lowercase()).collect();
    let mut n = 0;
    for id in order_ids {
        let email: Option<Option<String>> = tx
            .prepare_cached("SELECT email FROM orders WHERE order_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(Some(e)) = email {
            all.insert(e);
        }
        n += tx
            .prepare_cached(
                "UPDATE orders SET email = NULL, person_id = NULL
                 WHERE order_id = ?1 AND (email IS NOT NULL OR person_id IS NOT NULL)",
            )?
            .execute([id])? as u64;
    }
    all.retain(|e| !e.is_empty());
    for e in &all {
        keep_key(tx, &salt, EMAIL, e, None, at)?;
    }
    let needles: Vec<String> = all.into_iter().collect();
    scrub(tx, &needles)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_ignores_ascii_case_and_keeps_other_text() {
        assert_eq!(
            replace_ignoring_ascii_case(
                "Thanks @Anna.Rides and @anna.rides!",
                "@anna.rides",
                "[x]"
            ),
            "Thanks [x] and [x]!"
        );
        assert_eq!(
            replace_ignoring_ascii_case("ยาง @anna ดี", "@anna", "[x]"),
            "ยาง [x] ดี"
        );
        assert_eq!(
            replace_ignoring_ascii_case("nothing", "@a", "[x]"),
            "nothing"
        );
        assert_eq!(replace_ignoring_ascii_case("abc", "", "[x]"), "abc");
    }
}
