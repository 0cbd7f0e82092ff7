//! Queries. Each returns plain rows; nothing here interprets them.

use crate::{AnalysisRow, Counts, IdentityRow, InteractionRow, OrderRow, PersonRow, StoreError};
use rapport_core::signals::Signals;
use rapport_core::{IdentityId, InteractionId, Kind, PersonId};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

pub fn counts(conn: &Connection) -> Result<Counts, StoreError> {
    let one = |sql: &str| -> Result<u64, StoreError> {
        Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
    };
    Ok(Counts {
        people: one("SELECT count(*) FROM person WHERE is_brand = 0")?,
        identities: one("SELECT count(*) FROM identity")?,
        interactions: one("SELECT count(*) FROM interaction")?,
        orders: one("SELECT count(*) FROM orders")?,
    })
}

fn kind(raw: String) -> Result<Kind, StoreError> {
    raw.parse().map_err(|reason| StoreError::Corrupt {
        table: "interaction",
        column: "kind",
        reason,
    })
}

pub fn interactions(conn: &Connection) -> Result<Vec<InteractionRow>, StoreError> {
    interactions_where(conn, "", [])
}

/// The interactions of one person's identities, in id order.
pub fn interactions_of(
    conn: &Connection,
    person: PersonId,
) -> Result<Vec<InteractionRow>, StoreError> {
    interactions_where(
        conn,
        "WHERE i.identity_id IN (SELECT id FROM identity WHERE person_id = ?1)",
        [person.0],
    )
}

/// Interactions with their words and analysis, `filter` (a `WHERE`
/// clause over `i`, the interaction) applied, in id order.
pub fn interactions_where<P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<InteractionRow>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.id, i.channel, i.external_id, i.kind, d.person_id, i.identity_id, t.text,
                i.created_at, i.in_reply_to, i.post_id, i.url, i.from_brand,
                a.language, a.sentiment, a.sentiment_confidence, a.intent, a.intents, a.topics,
                a.specificity, a.generic, i.signals, i.root, i.answered_at
         FROM interaction i JOIN identity d ON d.id = i.identity_id
         JOIN interaction_text t ON t.interaction_id = i.id
         LEFT JOIN analysis a ON a.interaction_id = i.id
         {filter}
         ORDER BY i.id"
    ))?;
    let rows = stmt.query_map(params, |r| {
        Ok((
            InteractionRow {
                id: InteractionId(r.get(0)?),
                channel: r.get(1)?,
                external_id: r.get(2)?,
                kind: Kind::Comment,
                person: PersonId(r.get(4)?),
                identity: IdentityId(r.get(5)?),
                text: r.get(6)?,
                at: r.get(7)?,
                in_reply_to: r.get(8)?,
                post_id: r.get(9)?,
                url: r.get(10)?,
                from_brand: r.get(11)?,
                analysis: None,
                signals: Signals::default(),
                root: r.get::<_, Option<String>>(21)?.unwrap_or_default(),
                answered_at: r.get(22)?,
            },
            r.get::<_, Option<u8>>(20)?,
            r.get::<_, String>(3)?,
            match r.get::<_, Option<String>>(12)? {
                None => None,
                Some(language) => Some((
                    language,
                    r.get::<_, String>(13)?,
                    r.get::<_, f64>(14)?,
                    r.get::<_, String>(15)?,
                    r.get::<_, String>(16)?,
                    r.get::<_, String>(17)?,
                    r.get::<_, f64>(18)?,
                    r.get::<_, bool>(19)?,
                )),
            },
        ))
    })?;
    let list = |column: &'static str, raw: &str| -> Result<Vec<String>, StoreError> {
        serde_json::from_str(raw).map_err(|e| StoreError::Corrupt {
            table: "analysis",
            column,
            reason: e.to_string(),
        })
    };
    let mut out = Vec::new();
    for row in rows {
        let (mut row, stored, k, a) = row?;
        row.kind = kind(k)?;
        if let Some((
            language,
            sentiment,
            sentiment_confidence,
            intent,
            intents,
            topics,
            specificity,
            generic,
        )) = a
        {
            row.analysis = Some(AnalysisRow {
                language,
                sentiment,
                sentiment_confidence,
                intent,
                intents: list("intents", &intents)?,
                topics: list("topics", &topics)?,
                specificity,
                generic,
            });
        }
        row.signals = match stored {
            Some(bits) => Signals::from_bits(bits),
            None => Signals::read(&row.text, row.analysis.as_ref().map(AnalysisRow::view)),
        };
        out.push(row);
    }
    Ok(out)
}

pub fn people(conn: &Connection) -> Result<Vec<PersonRow>, StoreError> {
    let mut by_person: HashMap<i64, Vec<IdentityRow>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, person_id, channel, handle, display_name, email, followers, bio
         FROM identity ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(1)?,
            IdentityRow {
                id: IdentityId(r.get(0)?),
                channel: r.get(2)?,
                handle: r.get(3)?,
                display_name: r.get(4)?,
                email: r.get(5)?,
                followers: r.get::<_, Option<i64>>(6)?.map(|f| f.max(0) as u64),
                bio: r.get(7)?,
            },
        ))
    })?;
    for row in rows {
        let (person, identity) = row?;
        by_person.entry(person).or_default().push(identity);
    }
    let mut emails: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT person_id, address FROM email ORDER BY address")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (p, a) = row?;
        emails.entry(p).or_default().push(a);
    }
    let mut stmt = conn.prepare("SELECT id, name FROM person WHERE is_brand = 0 ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        out.push(PersonRow {
            id: PersonId(id),
            name,
            emails: emails.remove(&id).unwrap_or_default(),
            identities: by_person.remove(&id).unwrap_or_default(),
        });
    }
    Ok(out)
}

pub fn orders(conn: &Connection) -> Result<Vec<OrderRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT order_id, person_id, email, total, currency, created_at, status, items
         FROM orders ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], order_row)?;
    rows.map(|row| with_items(row?)).collect()
}

/// An order from the columns `order_id, person_id, email, total,
/// currency, created_at, status, items` (first, in that order), with its
/// items still JSON (see [`with_items`]).
pub fn order_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OrderRow, String)> {
    Ok((
        OrderRow {
            order_id: r.get(0)?,
            person: r.get::<_, Option<i64>>(1)?.map(PersonId),
            email: r.get(2)?,
            total: r.get(3)?,
            currency: r.get(4)?,
            at: r.get(5)?,
            status: r.get(6)?,
            items: Vec::new(),
        },
        r.get(7)?,
    ))
}

/// The order with its items read from their JSON.
pub fn with_items((mut order, items): (OrderRow, String)) -> Result<OrderRow, StoreError> {
    order.items = serde_json::from_str(&items).map_err(|e| StoreError::Corrupt {
        table: "orders",
        column: "items",
        reason: e.to_string(),
    })?;
    Ok(order)
}

pub fn find_person(conn: &Connection, key: &str) -> Result<Option<PersonId>, StoreError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        let found: Option<i64> = conn
            .query_row(
                "SELECT id FROM person WHERE id = ?1 AND is_brand = 0",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            return Ok(found.map(PersonId));
        }
    }
    if key.contains('@') && !key.starts_with('@') {
        let found: Option<i64> = conn
            .query_row(
                "SELECT person_id FROM email WHERE address = ?1",
                [key.to_lowercase()],
                |r| r.get(0),
            )
            .optional()?;
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
        Some(c) => conn
            .query_row(
                "SELECT person_id FROM identity WHERE channel = ?1 AND handle = ?2",
                params![c, handle],
                |r| r.get(0),
            )
            .optional()?,
        None => conn
            .query_row(
                "SELECT person_id FROM identity WHERE handle = ?1 ORDER BY id LIMIT 1",
                [handle],
                |r| r.get(0),
            )
            .optional()?,
    };
    Ok(found.map(PersonId))
}
