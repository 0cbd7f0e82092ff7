//! The outbox's rows (schema migration 16); see [`crate::outbox`].

use crate::outbox::{
    MessageKind, NewMessage, NewReply, OutboxFilter, OutboxRow, OutboxState, Settle, LOCAL_PREFIX,
};
use crate::StoreError;
use rapport_core::{InteractionId, PersonId, Said};
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

const COLUMNS: &str = "id, key, kind, channel, state, person_id, parent_id, interaction_id,
    order_id, recipient, subject, body, language, created_by, created_at, due_at, attempts,
    claimed_at, sent_at, external_id, last_error";

fn corrupt(column: &'static str, found: &str) -> StoreError {
    StoreError::Corrupt {
        table: "outbox",
        column,
        reason: format!("unknown value {found:?}"),
    }
}

fn row(r: &Row<'_>) -> rusqlite::Result<(OutboxRow, String, String)> {
    Ok((
        OutboxRow {
            id: r.get(0)?,
            key: r.get(1)?,
            kind: MessageKind::Reply,
            channel: r.get(3)?,
            state: OutboxState::Queued,
            person: r.get::<_, Option<i64>>(5)?.map(PersonId),
            parent: r.get::<_, Option<i64>>(6)?.map(InteractionId),
            interaction: r.get::<_, Option<i64>>(7)?.map(InteractionId),
            order_id: r.get(8)?,
            recipient: r.get(9)?,
            subject: r.get(10)?,
            body: r.get(11)?,
            language: r.get(12)?,
            created_by: r.get(13)?,
            created_at: r.get(14)?,
            due_at: r.get(15)?,
            attempts: r.get(16)?,
            claimed_at: r.get(17)?,
            sent_at: r.get(18)?,
            external_id: r.get(19)?,
            last_error: crate::outbox::last_error(r.get(20)?),
        },
        r.get(2)?,
        r.get(4)?,
    ))
}

fn finish((mut row, kind, state): (OutboxRow, String, String)) -> Result<OutboxRow, StoreError> {
    row.kind = MessageKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?;
    row.state = OutboxState::parse(&state).ok_or_else(|| corrupt("state", &state))?;
    Ok(row)
}

fn rows_where<P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    params: P,
) -> Result<Vec<OutboxRow>, StoreError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM outbox {filter}"))?
        .query_map(params, row)?
        .map(|r| finish(r?))
        .collect()
}

/// The message with this id.
pub fn one(conn: &Connection, id: i64) -> Result<Option<OutboxRow>, StoreError> {
    Ok(rows_where(conn, "WHERE id = ?1", [id])?.pop())
}

/// The message with this key.
pub fn by_key(conn: &Connection, key: &str) -> Result<Option<OutboxRow>, StoreError> {
    Ok(rows_where(conn, "WHERE key = ?1", [key])?.pop())
}

/// Messages per state (see [`crate::outbox::per_state`]).
pub fn counts(conn: &Connection) -> Result<Vec<(OutboxState, u64)>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT state, count(*) FROM outbox GROUP BY state")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    crate::outbox::per_state(rows)
}

/// A page of messages, newest first, and how many match.
pub fn page(
    conn: &Connection,
    filter: &OutboxFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<OutboxRow>, u64), StoreError> {
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(s) = filter.state {
        values.push(Value::Text(s.as_str().to_string()));
        clauses.push(format!("state = ?{}", values.len()));
    }
    if let Some(p) = filter.person {
        values.push(Value::Integer(p.0));
        clauses.push(format!("person_id = ?{}", values.len()));
    }
    if let Some(p) = filter.parent {
        values.push(Value::Integer(p.0));
        clauses.push(format!("parent_id = ?{}", values.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM outbox {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let n = values.len();
    values.push(Value::Integer(limit.min(i64::MAX as u64) as i64));
    values.push(Value::Integer(offset.min(i64::MAX as u64) as i64));
    let rows = rows_where(
        conn,
        &format!(
            "{filter} ORDER BY created_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        ),
        rusqlite::params_from_iter(values.iter()),
    )?;
    Ok((rows, total as u64))
}

/// Queued messages due at `now`, soonest first.
pub fn due(conn: &Connection, now: i64, limit: u64) -> Result<Vec<OutboxRow>, StoreError> {
    rows_where(
        conn,
        "WHERE state = 'queued' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2",
        params![now, limit.min(i64::MAX as u64) as i64],
    )
}

/// Messages taken by a sender before `before` and never settled.
pub fn stale(conn: &Connection, before: i64) -> Result<Vec<OutboxRow>, StoreError> {
    rows_where(
        conn,
        "WHERE state = 'sending' AND claimed_at < ?1 ORDER BY id",
        [before],
    )
}

/// Stores a reply's outbox row (the interaction was written just before,
/// in the same transaction).
pub fn insert_reply(
    tx: &Transaction<'_>,
    reply: &NewReply,
    person: PersonId,
    interaction: InteractionId,
    channel: &str,
    body: &str,
) -> Result<i64, StoreError> {
    let state = if reply.send {
        OutboxState::Queued
    } else {
        OutboxState::Recorded
    };
    tx.prepare_cached(
        "INSERT INTO outbox (key, kind, channel, state, person_id, parent_id, interaction_id,
                             recipient, subject, body, language, created_by, created_at, due_at)
         VALUES (?1, 'reply', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
    )?
    .execute(params![
        reply.key,
        channel,
        state.as_str(),
        person.0,
        reply.parent.0,
        interaction.0,
        reply.recipient,
        reply.subject,
        body,
        reply.language,
        reply.by,
        reply.at,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Queues a rule's message unless its key is already stored; returns its
/// id when it was new.
pub fn insert_message(tx: &Transaction<'_>, m: &NewMessage) -> Result<Option<i64>, StoreError> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO outbox (key, kind, channel, state, person_id, order_id,
                 recipient, subject, body, language, created_by, created_at, due_at)
             VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?6, ?7, ?8, ?9, 'rapport', ?10, ?11)",
        )?
        .execute(params![
            m.key,
            m.kind.as_str(),
            m.channel,
            m.person.map(|p| p.0),
            m.order_id,
            m.recipient,
            m.subject,
            m.body,
            m.language,
            m.at,
            m.due_at,
        ])?;
    Ok((n == 1).then(|| tx.last_insert_rowid()))
}

/// Takes a queued message for sending; false when another sender took
/// it first (or it is no longer queued).
pub fn claim(tx: &Transaction<'_>, id: i64, at: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = ?2
             WHERE id = ?1 AND state = 'queued'",
        )?
        .execute(params![id, at])?
        == 1)
}

/// Records how an attempt ended. A sent reply takes the platform's id as
/// its interaction's external id, unless an import stored that id first
/// (the reply came back before the platform's answer was written down):
/// then the local copy stays as it is and the row names both.
pub fn settle(
    tx: &Transaction<'_>,
    id: i64,
    outcome: &Settle,
    at: i64,
) -> Result<bool, StoreError> {
    let Some(row) = one(tx, id)? else {
        return Ok(false);
    };
    let set = |state: OutboxState, error: Option<&str>| -> Result<(), StoreError> {
        tx.prepare_cached("UPDATE outbox SET state = ?2, last_error = ?3 WHERE id = ?1")?
            .execute(params![id, state.as_str(), error])?;
        Ok(())
    };
    match outcome {
        Settle::Sent { external_id, url } => {
            tx.prepare_cached(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, external_id = ?3,
                                   last_error = NULL
                 WHERE id = ?1",
            )?
            .execute(params![id, at, external_id])?;
            if let Some(interaction) = row.interaction {
                let taken: bool = tx
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM interaction
                                        WHERE channel = ?1 AND external_id = ?2)",
                    )?
                    .query_row(params![row.channel, external_id], |r| r.get(0))?;
                if taken {
                    set(OutboxState::Sent, Some(&Said::CopyImportedFirst.stored()))?;
                } else {
                    tx.prepare_cached(
                        "UPDATE interaction SET external_id = ?2, url = coalesce(?3, url)
                         WHERE id = ?1 AND external_id LIKE 'rapport:%'",
                    )?
                    .execute(params![interaction.0, external_id, url])?;
                }
            }
        }
        Settle::Retry { error, at: when } => {
            tx.prepare_cached(
                "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = ?3 WHERE id = ?1",
            )?
            .execute(params![id, when, error])?;
        }
        Settle::Later { reason, at: when } => {
            tx.prepare_cached(
                "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = ?3
                 WHERE id = ?1 AND state IN ('queued', 'sending')",
            )?
            .execute(params![id, when, reason.stored()])?;
        }
        Settle::Failed { error } => set(OutboxState::Failed, Some(error))?,
        Settle::Unsure { reason } => set(OutboxState::Unsure, Some(&reason.stored()))?,
        Settle::Cancelled { reason } => set(OutboxState::Cancelled, Some(&reason.stored()))?,
    }
    Ok(true)
}

/// A person's decision on a failed, unsure or queued message: send it
/// (again) now, or never. Returns false when the message is not in a
/// state that allows it.
pub fn decide(
    tx: &Transaction<'_>,
    id: i64,
    send: bool,
    by: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let n = if send {
        tx.prepare_cached(
            "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = NULL
             WHERE id = ?1 AND state IN ('failed', 'unsure')",
        )?
        .execute(params![id, at])?
    } else {
        tx.prepare_cached(
            "UPDATE outbox SET state = 'cancelled', last_error = ?2
             WHERE id = ?1 AND state IN ('queued', 'failed', 'unsure')",
        )?
        .execute(params![
            id,
            Said::CancelledBy { by: by.to_string() }.stored()
        ])?
    };
    Ok(n == 1)
}

/// The local copy of the shop's reply that an imported record from the
/// shop is: same channel and parent, and the same words (the platform
/// may add a mention before them). When found, the local copy takes the
/// platform's id and the record is a duplicate of it.
pub fn adopt(
    tx: &Transaction<'_>,
    channel: &str,
    in_reply_to: &str,
    external_id: &str,
    text: &str,
    url: Option<&str>,
) -> Result<bool, StoreError> {
    let local: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT i.id, t.text FROM interaction i
             JOIN interaction_text t ON t.interaction_id = i.id
             WHERE i.channel = ?1 AND i.in_reply_to = ?2 AND i.from_brand = 1
               AND i.external_id LIKE 'rapport:%'
             ORDER BY i.id",
        )?
        .query_map(params![channel, in_reply_to], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let words = crate::outbox::normalise(text);
    let Some((id, _)) = local.into_iter().find(|(_, t)| {
        let mine = crate::outbox::normalise(t);
        !mine.is_empty() && (words == mine || words.ends_with(&mine))
    }) else {
        return Ok(false);
    };
    tx.prepare_cached(
        "UPDATE interaction SET external_id = ?2, url = coalesce(?3, url) WHERE id = ?1",
    )?
    .execute(params![id, external_id, url])?;
    tx.prepare_cached(
        "UPDATE outbox SET external_id = ?2, state = CASE WHEN state = 'recorded' THEN 'recorded'
                                                         ELSE 'sent' END,
                           sent_at = coalesce(sent_at, created_at)
         WHERE interaction_id = ?1 AND state IN ('recorded', 'unsure', 'sending', 'sent')",
    )?
    .execute(params![id, external_id])?;
    Ok(true)
}

/// Whether `external_id` names a reply no platform has named yet.
pub fn is_local(external_id: &str) -> bool {
    external_id.starts_with(LOCAL_PREFIX)
}

/// Orders placed in `[from, to]` with an email and status `paid`, whose
/// feedback request is not queued yet, oldest first.
pub fn feedback_candidates(
    conn: &Connection,
    from: i64,
    to: i64,
    limit: u64,
) -> Result<Vec<crate::outbox::FeedbackCandidate>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.order_id, o.person_id, o.email, o.total, o.currency, o.created_at, o.status,
                o.items, p.name,
                (SELECT a.language FROM interaction i
                 JOIN identity d ON d.id = i.identity_id
                 JOIN analysis a ON a.interaction_id = i.id
                 WHERE d.person_id = o.person_id AND i.from_brand = 0
                   AND a.language IN ('en', 'de', 'th')
                 GROUP BY a.language ORDER BY count(*) DESC, a.language LIMIT 1)
         FROM orders o LEFT JOIN person p ON p.id = o.person_id
         WHERE o.created_at BETWEEN ?1 AND ?2 AND o.email IS NOT NULL AND o.email != ''
           AND o.status = 'paid'
           AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.key = 'feedback:' || o.order_id)
         ORDER BY o.created_at, o.order_id LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![from, to, limit.min(i64::MAX as u64) as i64], |r| {
        Ok((
            super::read::order_row(r)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (order, name, language) = row?;
        out.push(crate::outbox::FeedbackCandidate {
            order: super::read::with_items(order)?,
            name,
            language,
        });
    }
    Ok(out)
}

/// Feedback requests sent at or before `before` whose reminder is not
/// queued yet.
pub fn reminder_candidates(
    conn: &Connection,
    before: i64,
    limit: u64,
) -> Result<Vec<crate::outbox::ReminderCandidate>, StoreError> {
    let requests = rows_where(
        conn,
        "WHERE kind = 'feedback' AND state = 'sent' AND sent_at <= ?1 AND order_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.key = 'reminder:' || outbox.order_id)
         ORDER BY sent_at, id LIMIT ?2",
        params![before, limit.min(i64::MAX as u64) as i64],
    )?;
    let mut about = conn.prepare_cached(
        "SELECT p.name, json_extract(o.items, '$[0].title') FROM orders o
         LEFT JOIN person p ON p.id = o.person_id WHERE o.order_id = ?1",
    )?;
    requests
        .into_iter()
        .map(|request| {
            let (name, product) = about
                .query_row([&request.order_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or((None, None));
            Ok(crate::outbox::ReminderCandidate {
                request,
                name,
                product,
            })
        })
        .collect()
}

/// What the courtesy rules need about `person` / `address`: `since` is
/// the moment "wrote since" counts from.
pub fn courtesy(
    conn: &Connection,
    person: Option<PersonId>,
    address: Option<&str>,
    since: i64,
) -> Result<crate::outbox::Courtesy, StoreError> {
    let address = address.map(str::to_lowercase);
    let unsubscribed = match &address {
        Some(a) => conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM unsubscribed WHERE address = ?1)")?
            .query_row([a], |r| r.get(0))?,
        None => false,
    };
    let last_sent: Option<i64> = conn
        .prepare_cached(
            "SELECT max(sent_at) FROM outbox
             WHERE kind IN ('feedback', 'reminder') AND state = 'sent'
               AND ((?1 IS NOT NULL AND person_id = ?1) OR (?2 IS NOT NULL AND lower(recipient) = ?2))",
        )?
        .query_row(params![person.map(|p| p.0), address], |r| r.get(0))?;
    let (open_complaint, wrote_since) = match person {
        Some(p) => (
            conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM inbox_queue q
                                JOIN interaction i ON i.id = q.interaction_id
                                LEFT JOIN inbox_state s ON s.interaction_id = q.interaction_id
                                WHERE q.person_id = ?1 AND (i.signals & ?2) != 0
                                  AND s.handled_at IS NULL AND s.replied_at IS NULL)",
            )?
            .query_row(
                params![p.0, i64::from(rapport_core::signals::Signals::COMPLAINT)],
                |r| r.get(0),
            )?,
            conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interaction i
                                JOIN identity d ON d.id = i.identity_id
                                WHERE d.person_id = ?1 AND i.from_brand = 0 AND i.created_at > ?2)",
            )?
            .query_row(params![p.0, since], |r| r.get(0))?,
        ),
        None => (false, false),
    };
    Ok(crate::outbox::Courtesy {
        unsubscribed,
        last_sent,
        open_complaint,
        wrote_since,
    })
}

/// The token of `address`'s unsubscribe link: a hash of the database's
/// outbox secret and the address.
pub fn unsubscribe_token(conn: &Connection, address: &str) -> Result<String, StoreError> {
    let secret: String =
        conn.query_row("SELECT secret FROM outbox_secret WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    Ok(crate::outbox::unsubscribe_token(&secret, address))
}

/// Records that `address` wants no more mail, when `token` is its
/// token; false otherwise.
pub fn unsubscribe(
    tx: &Transaction<'_>,
    address: &str,
    token: &str,
    source: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let wanted = unsubscribe_token(tx, address)?;
    if !crate::outbox::same_token(&wanted, token) {
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO unsubscribed (address, at, source) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![address.to_lowercase(), at, source])?;
    // What is queued for them goes at once.
    tx.prepare_cached(
        "UPDATE outbox SET state = 'cancelled', last_error = ?2
         WHERE lower(recipient) = ?1 AND state = 'queued' AND kind != 'reply'",
    )?
    .execute([address.to_lowercase(), Said::Unsubscribed.stored()])?;
    Ok(true)
}
