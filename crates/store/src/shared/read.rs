//! Queries. Each returns plain rows; nothing here interprets them.

use crate::sql::{args, Arg, Db, DbExt, Row};
use crate::{AnalysisRow, Counts, IdentityRow, InteractionRow, OrderRow, PersonRow, StoreError};
use rapport_core::signals::Signals;
use rapport_core::{IdentityId, InteractionId, Kind, PersonId};
use std::collections::HashMap;

/// How many people (the shop is no one), identities, interactions and
/// orders are stored.
pub fn counts(db: &dyn Db) -> Result<Counts, StoreError> {
    let one = |sql: &str| -> Result<u64, StoreError> {
        Ok(db.scalar::<i64>(sql, args![])?.max(0) as u64)
    };
    Ok(Counts {
        people: one("SELECT count(*) FROM person WHERE is_brand = 0")?,
        identities: one("SELECT count(*) FROM identity")?,
        interactions: one("SELECT count(*) FROM interaction")?,
        orders: one("SELECT count(*) FROM orders")?,
    })
}

fn kind(raw: &str) -> Result<Kind, StoreError> {
    raw.parse().map_err(|reason| StoreError::Corrupt {
        table: "interaction",
        column: "kind",
        reason,
    })
}

/// Every interaction, in id order.
pub fn interactions(db: &dyn Db) -> Result<Vec<InteractionRow>, StoreError> {
    interactions_where(db, "", args![])
}

/// The interactions of one person's identities, in id order.
pub fn interactions_of(db: &dyn Db, person: PersonId) -> Result<Vec<InteractionRow>, StoreError> {
    interactions_where(
        db,
        "WHERE i.identity_id IN (SELECT id FROM identity WHERE person_id = ?1)",
        args![person.0],
    )
}

/// One interaction by id.
pub fn interaction(db: &dyn Db, id: InteractionId) -> Result<Option<InteractionRow>, StoreError> {
    Ok(interactions_where(db, "WHERE i.id = ?1", args![id.0])?.pop())
}

/// The stored list of an analysis column (JSON).
fn list(column: &'static str, raw: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(raw).map_err(|e| StoreError::Corrupt {
        table: "analysis",
        column,
        reason: e.to_string(),
    })
}

/// Interactions with their words and analysis, `filter` (a `WHERE`
/// clause over `i`, the interaction) applied, in id order.
pub fn interactions_where(
    db: &dyn Db,
    filter: &str,
    args: &[&dyn Arg],
) -> Result<Vec<InteractionRow>, StoreError> {
    let sql = format!(
        "SELECT i.id, i.channel, i.external_id, i.kind, d.person_id, i.identity_id, t.text,
                i.created_at, i.in_reply_to, i.post_id, i.url, i.from_brand,
                a.language, a.sentiment, a.sentiment_confidence, a.intent, a.intents, a.topics,
                a.specificity, a.generic, i.signals, i.root, i.answered_at
         FROM interaction i JOIN identity d ON d.id = i.identity_id
         JOIN interaction_text t ON t.interaction_id = i.id
         LEFT JOIN analysis a ON a.interaction_id = i.id
         {filter}
         ORDER BY i.id"
    );
    db.rows(&sql, args, |r| {
        let analysis = match r.get::<Option<String>>(12)? {
            None => None,
            Some(language) => Some(AnalysisRow {
                language,
                sentiment: r.get(13)?,
                sentiment_confidence: r.get(14)?,
                intent: r.get(15)?,
                intents: list("intents", r.text(16)?)?,
                topics: list("topics", r.text(17)?)?,
                specificity: r.get(18)?,
                generic: r.get(19)?,
            }),
        };
        let text: String = r.get(6)?;
        let signals = match r.get::<Option<i64>>(20)? {
            // Signals are a byte's bits.
            Some(bits) => Signals::from_bits(bits as u8),
            None => Signals::read(&text, analysis.as_ref().map(AnalysisRow::view)),
        };
        Ok(InteractionRow {
            id: InteractionId(r.get(0)?),
            channel: r.get(1)?,
            external_id: r.get(2)?,
            kind: kind(r.text(3)?)?,
            person: PersonId(r.get(4)?),
            identity: IdentityId(r.get(5)?),
            text,
            at: r.get(7)?,
            in_reply_to: r.get(8)?,
            post_id: r.get(9)?,
            url: r.get(10)?,
            from_brand: r.get(11)?,
            analysis,
            signals,
            root: r.get::<Option<String>>(21)?.unwrap_or_default(),
            answered_at: r.get(22)?,
        })
    })
}

/// An identity from the columns `id, channel, handle, display_name,
/// email, followers, bio` from column `at` on.
fn identity(r: &dyn Row, at: usize) -> Result<IdentityRow, StoreError> {
    Ok(IdentityRow {
        id: IdentityId(r.get(at)?),
        channel: r.get(at + 1)?,
        handle: r.get(at + 2)?,
        display_name: r.get(at + 3)?,
        email: r.get(at + 4)?,
        followers: r.get::<Option<i64>>(at + 5)?.map(|f| f.max(0) as u64),
        bio: r.get(at + 6)?,
    })
}

/// Everyone (not the shop) with their emails and accounts, in id order.
pub fn people(db: &dyn Db) -> Result<Vec<PersonRow>, StoreError> {
    let mut by_person: HashMap<i64, Vec<IdentityRow>> = HashMap::new();
    db.each(
        "SELECT person_id, id, channel, handle, display_name, email, followers, bio
         FROM identity ORDER BY id",
        args![],
        |r| {
            by_person
                .entry(r.get(0)?)
                .or_default()
                .push(identity(r, 1)?);
            Ok(())
        },
    )?;
    let mut emails: HashMap<i64, Vec<String>> = HashMap::new();
    db.each(
        "SELECT person_id, address FROM email ORDER BY address",
        args![],
        |r| {
            emails.entry(r.get(0)?).or_default().push(r.get(1)?);
            Ok(())
        },
    )?;
    db.rows(
        "SELECT id, name FROM person WHERE is_brand = 0 ORDER BY id",
        args![],
        |r| {
            let id: i64 = r.get(0)?;
            Ok(PersonRow {
                id: PersonId(id),
                name: r.get(1)?,
                emails: emails.remove(&id).unwrap_or_default(),
                identities: by_person.remove(&id).unwrap_or_default(),
            })
        },
    )
}

/// One person, their emails and accounts (the shop is no one's person).
pub fn person(db: &dyn Db, id: PersonId) -> Result<Option<PersonRow>, StoreError> {
    let Some(name) = db.scalar_opt::<String>(
        "SELECT name FROM person WHERE id = ?1 AND is_brand = 0",
        args![id.0],
    )?
    else {
        return Ok(None);
    };
    let emails = db.rows(
        "SELECT address FROM email WHERE person_id = ?1 ORDER BY address",
        args![id.0],
        |r| r.get(0),
    )?;
    let identities = db.rows(
        "SELECT id, channel, handle, display_name, email, followers, bio
         FROM identity WHERE person_id = ?1 ORDER BY id",
        args![id.0],
        |r| identity(r, 0),
    )?;
    Ok(Some(PersonRow {
        id,
        name,
        emails,
        identities,
    }))
}

/// Every order, oldest first.
pub fn orders(db: &dyn Db) -> Result<Vec<OrderRow>, StoreError> {
    db.rows(
        "SELECT order_id, person_id, email, total, currency, created_at, status, items
         FROM orders ORDER BY created_at, id",
        args![],
        order_row,
    )
}

/// A person's orders, oldest first.
pub fn orders_of(db: &dyn Db, id: PersonId) -> Result<Vec<OrderRow>, StoreError> {
    db.rows(
        "SELECT order_id, person_id, email, total, currency, created_at, status, items
         FROM orders WHERE person_id = ?1 ORDER BY created_at, id",
        args![id.0],
        order_row,
    )
}

/// An order from the columns `order_id, person_id, email, total,
/// currency, created_at, status, items` (first, in that order).
pub fn order_row(r: &dyn Row) -> Result<OrderRow, StoreError> {
    with_items((
        OrderRow {
            order_id: r.get(0)?,
            person: r.get::<Option<i64>>(1)?.map(PersonId),
            email: r.get(2)?,
            total: r.get(3)?,
            currency: r.get(4)?,
            at: r.get(5)?,
            status: r.get(6)?,
            items: Vec::new(),
        },
        r.text(7)?,
    ))
}

/// The order with its items read from their JSON.
fn with_items((mut order, items): (OrderRow, &str)) -> Result<OrderRow, StoreError> {
    order.items = serde_json::from_str(items).map_err(|e| StoreError::Corrupt {
        table: "orders",
        column: "items",
        reason: e.to_string(),
    })?;
    Ok(order)
}

/// The person `key` names: an id, an email address, `channel:handle` or
/// a bare handle (the first identity with it).
pub fn find_person(db: &dyn Db, key: &str) -> Result<Option<PersonId>, StoreError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        let found: Option<i64> = db.scalar_opt(
            "SELECT id FROM person WHERE id = ?1 AND is_brand = 0",
            args![id],
        )?;
        if found.is_some() {
            return Ok(found.map(PersonId));
        }
    }
    if key.contains('@') && !key.starts_with('@') {
        let found: Option<i64> = db.scalar_opt(
            "SELECT person_id FROM email WHERE address = ?1",
            args![key.to_lowercase()],
        )?;
        if found.is_some() {
            return Ok(found.map(PersonId));
        }
    }
    let (channel, handle) = match key.split_once(':') {
        Some((c, h)) => (Some(c.to_ascii_lowercase()), h),
        None => (None, key),
    };
    let handle = handle.trim_start_matches('@').to_lowercase();
    let found: Option<i64> = match channel {
        Some(c) => db.scalar_opt(
            "SELECT person_id FROM identity WHERE channel = ?1 AND handle = ?2",
            args![c, handle],
        )?,
        None => db.scalar_opt(
            "SELECT person_id FROM identity WHERE handle = ?1 ORDER BY id LIMIT 1",
            args![handle],
        )?,
    };
    Ok(found.map(PersonId))
}
