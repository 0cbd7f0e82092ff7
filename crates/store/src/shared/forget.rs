//! Forgetting a person in one transaction (schema migration 14); what
//! goes and what stays is described in [`crate::privacy`].
//!
//! The derived state moves with the rows, as every writer's does: the
//! person's messages leave their threads, answers and the queue through
//! [`Derived::remove_messages`] and [`Derived::erasing`], which keeps the
//! report's days as they were and the difference as erased figures, so
//! `check_derived` (the kept state against a rebuild from the remaining
//! rows plus the erased figures) still finds nothing; the verdict leaves
//! the ladder's figures through [`super::scores::erase`].
//!
//! Forgotten identities (`channel:handle`) and emails are kept as salted
//! hashes ([`super::privacy::digest`]); [`Suppressed`] is how a batch
//! being written recognises their records.

use super::derived::Derived;
use super::privacy::{digest, salt};
use crate::privacy::Erasure;
use crate::sql::{args, Db, DbExt, Dialect};
use crate::StoreError;
use rapport_core::{PersonId, Record};
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
    pub fn load(db: &dyn Db) -> Result<Option<Suppressed>, StoreError> {
        let any: bool = db.scalar("SELECT EXISTS (SELECT 1 FROM forgotten_key)", args![])?;
        if !any {
            return Ok(None);
        }
        let mut keys = HashSet::new();
        db.each("SELECT hash FROM forgotten_key", args![], |r| {
            keys.insert(r.get::<String>(0)?);
            Ok(())
        })?;
        Ok(Some(Suppressed {
            salt: salt(db)?,
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
    db: &dyn Db,
    salt: &str,
    kind: &str,
    value: &str,
    erasure: Option<i64>,
    at: i64,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO forgotten_key (hash, kind, erasure_id, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        args![digest(salt, kind, value), kind, erasure, at],
    )?;
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
    fn read(db: &dyn Db, person: PersonId) -> Result<Subject, StoreError> {
        let brand: Option<bool> =
            db.scalar_opt("SELECT is_brand FROM person WHERE id = ?1", args![person.0])?;
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
        let identities = db.rows(
            "SELECT id, channel, handle FROM identity WHERE person_id = ?1",
            args![person.0],
            |r| {
                Ok(Identity {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    handle: r.get(2)?,
                })
            },
        )?;
        let mut emails = BTreeSet::new();
        for sql in [
            "SELECT address FROM email WHERE person_id = ?1",
            "SELECT email FROM identity WHERE person_id = ?1 AND email IS NOT NULL",
            "SELECT email FROM orders WHERE person_id = ?1 AND email IS NOT NULL",
        ] {
            db.each(sql, args![person.0], |r| {
                emails.insert(r.get::<String>(0)?);
                Ok(())
            })?;
        }
        Ok(Subject {
            person,
            people: super::views::merged_into(db, person)?,
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
pub fn forget(db: &dyn Db, person: PersonId, by: &str, at: i64) -> Result<Erasure, StoreError> {
    let who = Subject::read(db, person)?;
    let reserved = who.people.iter().copied().max().unwrap_or(person.0);
    let id: i64 = db.scalar(
        "INSERT INTO erasure (person_id, reserved_through, at, by_actor, identities, emails,
             interactions, orders)
         VALUES (?1, ?2, ?3, ?4, 0, 0, 0, 0) RETURNING id",
        args![person.0, reserved, at, by],
    )?;
    let mut e = Erasure {
        id,
        person,
        identities: who.identities.len() as u64,
        emails: who.emails.len() as u64,
        interactions: 0,
        replies_blanked: 0,
        orders: 0,
        touches: 0,
        mentions: 0,
    };
    keep_keys(db, &who, e.id, at)?;
    // Their messages leave the derived state with them (see `Derived`).
    let messages = messages_of(db, person)?;
    e.replies_blanked = blank_replies(db, &messages)?;
    let ids: Vec<i64> = messages.iter().map(|m| m.0).collect();
    let mut derived = Derived::erasing();
    e.interactions = derived.remove_messages(db, &ids)?;
    e.orders = anonymise_orders(db, &who)?;
    e.touches = erase_team_rows(db, &who)?;
    e.mentions = erase_identities(db, &who)?;
    super::scores::erase(db, person)?;
    db.execute("DELETE FROM person WHERE id = ?1", args![person.0])?;
    derived.flush(db)?;
    for p in &who.people {
        db.execute("DELETE FROM person_dirty WHERE person_id = ?1", args![p])?;
        db.execute("DELETE FROM ladder_claim WHERE person_id = ?1", args![p])?;
    }
    forget_requests(db, &who.people, &who.emails)?;
    e.mentions += scrub(db, &who.needles())?;
    db.execute(
        "UPDATE erasure SET identities = ?2, emails = ?3, interactions = ?4, orders = ?5
         WHERE id = ?1",
        args![
            e.id,
            whole(e.identities),
            whole(e.emails),
            whole(e.interactions),
            whole(e.orders)
        ],
    )?;
    Ok(e)
}

/// A count as the integer column that keeps it.
fn whole(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Keeps the salted hashes of the subject's identities and emails.
fn keep_keys(db: &dyn Db, who: &Subject, erasure: i64, at: i64) -> Result<(), StoreError> {
    let salt = salt(db)?;
    for i in &who.identities {
        let key = identity_key(&i.channel, &i.handle);
        keep_key(db, &salt, IDENTITY, &key, Some(erasure), at)?;
    }
    for e in &who.emails {
        keep_key(db, &salt, EMAIL, e, Some(erasure), at)?;
    }
    Ok(())
}

/// Their orders stay for the revenue figures, without email or owner;
/// returns how many changed.
fn anonymise_orders(db: &dyn Db, who: &Subject) -> Result<u64, StoreError> {
    let mut n = db.execute(
        "UPDATE orders SET email = NULL, person_id = NULL WHERE person_id = ?1",
        args![who.person.0],
    )? as u64;
    for e in &who.emails {
        n += db.execute("UPDATE orders SET email = NULL WHERE email = ?1", args![e])? as u64;
        // Nothing is sent to a forgotten address anyway (its messages
        // went with them); the unsubscribe note would only keep it. The
        // address is lowered here, as SQLite's `lower` lowers (A-Z
        // only), so both databases compare the same; PostgreSQL's
        // `lower` of a "C" column lowers A-Z only too.
        let lower = e.to_ascii_lowercase();
        db.execute("DELETE FROM unsubscribed WHERE address = ?1", args![lower])?;
        db.execute(
            "DELETE FROM outbox WHERE lower(recipient) = ?1",
            args![lower],
        )?;
    }
    Ok(n)
}

/// Links, merge journal entries, cohort places, outbox messages and touches of the
/// subject's ids go; returns how many touches went.
fn erase_team_rows(db: &dyn Db, who: &Subject) -> Result<u64, StoreError> {
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
            db.execute(sql, args![p])?;
        }
        touches += db.execute("DELETE FROM touch WHERE person_id = ?1", args![p])? as u64;
    }
    Ok(touches)
}

/// Their identities and emails go, with the link suggestions naming them
/// and the handles bios named; others' bios that named a handle of theirs
/// lose it. Returns how many bios changed.
fn erase_identities(db: &dyn Db, who: &Subject) -> Result<u64, StoreError> {
    let mut bios = 0;
    for i in &who.identities {
        db.execute(
            "DELETE FROM link_suggestion WHERE identity_id = ?1 OR other_identity_id = ?1",
            args![i.id],
        )?;
        db.execute("DELETE FROM bio_handle WHERE identity_id = ?1", args![i.id])?;
        let namers: Vec<i64> = db.rows(
            "SELECT identity_id FROM bio_handle WHERE channel = ?1 AND handle = ?2",
            args![i.channel, i.handle],
            |r| r.get(0),
        )?;
        for namer in namers {
            let bio: Option<String> = db
                .scalar_opt::<Option<String>>(
                    "SELECT bio FROM identity WHERE id = ?1",
                    args![namer],
                )?
                .flatten();
            let Some(bio) = bio else { continue };
            let clean = replace_ignoring_ascii_case(&bio, &i.handle, ERASED);
            if clean != bio {
                db.execute(
                    "UPDATE identity SET bio = ?1 WHERE id = ?2",
                    args![clean, namer],
                )?;
                bios += 1;
            }
        }
        db.execute(
            "DELETE FROM bio_handle WHERE channel = ?1 AND handle = ?2",
            args![i.channel, i.handle],
        )?;
    }
    db.execute(
        "DELETE FROM email WHERE person_id = ?1",
        args![who.person.0],
    )?;
    db.execute(
        "DELETE FROM identity WHERE person_id = ?1",
        args![who.person.0],
    )?;
    Ok(bios)
}

/// The person's messages: id, channel, external id.
fn messages_of(db: &dyn Db, person: PersonId) -> Result<Vec<(i64, String, String)>, StoreError> {
    db.rows(
        "SELECT i.id, i.channel, i.external_id FROM identity d
         JOIN interaction i ON i.identity_id = d.id WHERE d.person_id = ?1 ORDER BY i.id",
        args![person.0],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Empties the words of the shop's replies to `messages`; returns how
/// many were emptied.
fn blank_replies(db: &dyn Db, messages: &[(i64, String, String)]) -> Result<u64, StoreError> {
    let mut n = 0;
    for (_, channel, external_id) in messages {
        let replies: Vec<i64> = db.rows(
            "SELECT id FROM interaction
             WHERE channel = ?1 AND in_reply_to = ?2 AND from_brand = 1",
            args![channel, external_id],
            |r| r.get(0),
        )?;
        for r in replies {
            n += db.execute(
                "UPDATE interaction_text SET text = '' WHERE interaction_id = ?1 AND text <> ''",
                args![r],
            )? as u64;
        }
    }
    Ok(n)
}

/// Privacy requests about the person keep their topic, time and outcome
/// but lose whom they named, their body and any export.
fn forget_requests(
    db: &dyn Db,
    people: &[i64],
    emails: &BTreeSet<String>,
) -> Result<(), StoreError> {
    for e in emails {
        db.execute(
            "UPDATE privacy_request SET customer_email = NULL, customer_id = NULL, payload = '',
                 export = NULL
             WHERE lower(customer_email) = ?1",
            args![e],
        )?;
    }
    for p in people {
        db.execute(
            "UPDATE privacy_request SET customer_email = NULL, customer_id = NULL, payload = '',
                 export = NULL
             WHERE person_id = ?1",
            args![p],
        )?;
    }
    Ok(())
}

/// Free-text columns where others may have named the person, by table,
/// with the two columns that find a row (the one key twice where one
/// is enough): every one is searched for each forgotten handle (as
/// `@handle`) and email.
const FREE_TEXT: &[(&str, &str, [&str; 2])] = &[
    (
        "interaction_text",
        "text",
        ["interaction_id", "interaction_id"],
    ),
    ("identity", "bio", ["id", "id"]),
    ("identity", "display_name", ["id", "id"]),
    ("inbox_note", "text", ["id", "id"]),
    (
        "inbox_state",
        "reply_text",
        ["interaction_id", "interaction_id"],
    ),
    ("outbox", "body", ["id", "id"]),
    ("touch", "note", ["id", "id"]),
    ("cohort_member", "opener", ["cohort_id", "person_id"]),
    ("link", "detail", ["id", "id"]),
    ("link_suggestion", "detail", ["id", "id"]),
    ("merge_journal", "gone_name", ["link_id", "link_id"]),
    ("privacy_request", "payload", ["id", "id"]),
    ("audit", "detail", ["id", "id"]),
    ("audit", "target", ["id", "id"]),
];

/// Whether `column`, lowered, holds placeholder `?i`: SQLite's `instr`,
/// PostgreSQL's `strpos` (both count from 1, 0 when absent). `lower`
/// lowers A-Z only on both (PostgreSQL's text columns are "C").
fn contains_sql(dialect: Dialect, column: &str, i: usize) -> String {
    match dialect {
        Dialect::Sqlite => format!("instr(lower({column}), ?{i}) > 0"),
        Dialect::Postgres => format!("strpos(lower({column}), ?{i}) > 0"),
    }
}

/// Replaces every `needle` (ASCII case ignored) in the free-text columns
/// by [`ERASED`]; returns how many rows changed. Each column is read once
/// for all the needles (the messages' words are the largest table there
/// is).
fn scrub(db: &dyn Db, needles: &[String]) -> Result<u64, StoreError> {
    let lower: Vec<String> = needles
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| n.to_ascii_lowercase())
        .collect();
    if lower.is_empty() {
        return Ok(0);
    }
    let needles: Vec<&dyn crate::sql::Arg> =
        lower.iter().map(|n| n as &dyn crate::sql::Arg).collect();
    let mut changed = 0;
    for (table, column, [a, b]) in FREE_TEXT {
        let any: Vec<String> = (1..=lower.len())
            .map(|i| contains_sql(db.dialect(), column, i))
            .collect();
        let hits: Vec<(i64, i64, String)> = db.rows(
            &format!(
                "SELECT {a}, {b}, {column} FROM {table} WHERE {column} IS NOT NULL AND ({})",
                any.join(" OR ")
            ),
            &needles,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (ka, kb, text) in hits {
            let clean = lower.iter().fold(text.clone(), |t, n| {
                replace_ignoring_ascii_case(&t, n, ERASED)
            });
            if clean != text {
                db.execute(
                    &format!("UPDATE {table} SET {column} = ?1 WHERE {a} = ?2 AND {b} = ?3"),
                    args![clean, ka, kb],
                )?;
                changed += 1;
            }
        }
    }
    Ok(changed)
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
    db: &dyn Db,
    order_ids: &[String],
    emails: &[String],
    at: i64,
) -> Result<u64, StoreError> {
    let salt = salt(db)?;
    let mut all: BTreeSet<String> = emails.iter().map(|e| e.trim().to_lowercase()).collect();
    let mut n = 0;
    for id in order_ids {
        let email: Option<Option<String>> = db.opt(
            "SELECT email FROM orders WHERE order_id = ?1",
            args![id],
            |r| r.get(0),
        )?;
        if let Some(Some(e)) = email {
            all.insert(e);
        }
        n += db.execute(
            "UPDATE orders SET email = NULL, person_id = NULL
             WHERE order_id = ?1 AND (email IS NOT NULL OR person_id IS NOT NULL)",
            args![id],
        )? as u64;
    }
    all.retain(|e| !e.is_empty());
    for e in &all {
        keep_key(db, &salt, EMAIL, e, None, at)?;
    }
    let needles: Vec<String> = all.into_iter().collect();
    scrub(db, &needles)?;
    Ok(n)
}

/// The people the orders `order_ids` belong to (each once, in order).
pub fn order_owners(db: &dyn Db, order_ids: &[String]) -> Result<Vec<PersonId>, StoreError> {
    let mut out: Vec<PersonId> = Vec::new();
    for id in order_ids {
        let owner: Option<i64> = db.scalar_opt(
            "SELECT person_id FROM orders WHERE order_id = ?1 AND person_id IS NOT NULL",
            args![id],
        )?;
        if let Some(p) = owner.map(PersonId) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
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

#[cfg(test)]
mod on_both {
    use super::*;
    use rapport_core::{Email, Order, Timestamp};

    fn order(email: &str) -> Record {
        Record::Order(Order {
            order_id: "o9".into(),
            email: Some(Email::parse(email).expect("email")),
            total: 1.0,
            currency: "EUR".into(),
            created_at: Timestamp(0),
            items: vec![],
            status: "paid".into(),
        })
    }

    crate::per_backend! {
        fn a_redaction_erases_the_orders_emails_wherever_they_were_written(db) {
            db.with_db(|db| {
                db.execute_batch(
                    "INSERT INTO person (id, name, is_brand, created_at)
                         VALUES (1, 'Shop', 1, 0), (2, 'Bob', 0, 0);
                     INSERT INTO orders (order_id, person_id, email, total, currency,
                                         created_at, status, items)
                         VALUES ('o1', 2, 'bob@example.org', 40.0, 'EUR', 0, 'paid', '[]'),
                                ('o2', 2, NULL, 5.0, 'EUR', 0, 'paid', '[]');
                     INSERT INTO cohort (id, planned_at, size) VALUES (1, 0, 1);
                     INSERT INTO cohort_member (cohort_id, person_id, position, stage_at_plan,
                                                affinity, opener)
                         VALUES (1, 2, 0, 'casual', 0.5, 'Hi BOB@example.org and carol@example.org');
                     INSERT INTO audit (at, actor, action, target, detail)
                         VALUES (0, 'cli', 'person_view', 'person:2', 'mailed Bob@Example.org'),
                                (0, 'cli', 'person_view', 'person:3', 'nothing');",
                )?;
                assert!(Suppressed::load(db)?.is_none());
                let ids = ["o2".to_string(), "o1".to_string(), "o7".to_string()];
                assert_eq!(order_owners(db, &ids)?, vec![PersonId(2)]);
                let n = redact_orders(db, &["o1".into()], &[" Carol@Example.org ".into()], 5)?;
                assert_eq!(n, 1);
                assert_eq!(order_owners(db, &["o1".into()])?, Vec::new());
                let opener: String = db.scalar("SELECT opener FROM cohort_member", args![])?;
                assert_eq!(opener, "Hi [erased] and [erased]");
                let details: Vec<String> =
                    db.rows("SELECT detail FROM audit ORDER BY id", args![], |r| r.get(0))?;
                assert_eq!(details, vec!["mailed [erased]", "nothing"]);
                let suppressed = Suppressed::load(db)?.expect("keys kept");
                assert!(suppressed.holds(&order("carol@example.org")));
                assert!(suppressed.holds(&order("bob@example.org")));
                assert!(!suppressed.holds(&order("dan@example.org")));
                // Again: nothing more changes, no key is kept twice.
                assert_eq!(redact_orders(db, &["o1".into()], &[], 6)?, 0);
                let keys: i64 = db.scalar("SELECT count(*) FROM forgotten_key", args![])?;
                assert_eq!(keys, 2);
                assert!(matches!(
                    forget(db, PersonId(1), "test", 7),
                    Err(StoreError::Refused(_))
                ));
                assert!(matches!(
                    forget(db, PersonId(9_999), "test", 7),
                    Err(StoreError::PersonNotFound(_))
                ));
                Ok(())
            })
            .expect("redact");
        }
    }
}
