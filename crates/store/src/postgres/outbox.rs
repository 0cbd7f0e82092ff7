//! The outbox's rows: the PostgreSQL side of `sqlite::outbox` (the rules
//! — tokens, telling the same reply — live in [`crate::outbox`]). Writing
//! a reply and adopting the platform's copy of one come with the batch
//! writer.

use crate::outbox::{
    Courtesy, FeedbackCandidate, MessageKind, NewMessage, OutboxFilter, OutboxRow, OutboxState,
    ReminderCandidate, Settle,
};
use crate::{OrderRow, StoreError};
use postgres::types::ToSql;
use postgres::{GenericClient, Row};
use rapport_core::{InteractionId, PersonId, Said};

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

fn row(r: &Row) -> Result<OutboxRow, StoreError> {
    let kind: String = r.try_get(2)?;
    let state: String = r.try_get(4)?;
    Ok(OutboxRow {
        id: r.try_get(0)?,
        key: r.try_get(1)?,
        kind: MessageKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        channel: r.try_get(3)?,
        state: OutboxState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        person: r.try_get::<_, Option<i64>>(5)?.map(PersonId),
        parent: r.try_get::<_, Option<i64>>(6)?.map(InteractionId),
        interaction: r.try_get::<_, Option<i64>>(7)?.map(InteractionId),
        order_id: r.try_get(8)?,
        recipient: r.try_get(9)?,
        subject: r.try_get(10)?,
        body: r.try_get(11)?,
        language: r.try_get(12)?,
        created_by: r.try_get(13)?,
        created_at: r.try_get(14)?,
        due_at: r.try_get(15)?,
        attempts: r.try_get(16)?,
        claimed_at: r.try_get(17)?,
        sent_at: r.try_get(18)?,
        external_id: r.try_get(19)?,
        last_error: crate::outbox::last_error(r.try_get(20)?),
    })
}

fn rows_where(
    c: &mut impl GenericClient,
    filter: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<OutboxRow>, StoreError> {
    c.query(&format!("SELECT {COLUMNS} FROM outbox {filter}"), params)?
        .iter()
        .map(row)
        .collect()
}

fn clamp(n: u64) -> i64 {
    n.min(i64::MAX as u64) as i64
}

/// The message with this id.
pub fn one(c: &mut impl GenericClient, id: i64) -> Result<Option<OutboxRow>, StoreError> {
    Ok(rows_where(c, "WHERE id = $1", &[&id])?.pop())
}

/// Messages per state (see [`crate::outbox::per_state`]).
pub fn counts(c: &mut impl GenericClient) -> Result<Vec<(OutboxState, u64)>, StoreError> {
    let rows = c
        .query("SELECT state, count(*) FROM outbox GROUP BY state", &[])?
        .iter()
        .map(|r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, i64>(1)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    crate::outbox::per_state(rows)
}

/// A page of messages, newest first, and how many match.
pub fn page(
    c: &mut impl GenericClient,
    filter: &OutboxFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<OutboxRow>, u64), StoreError> {
    let state = filter.state.map(|s| s.as_str());
    let person = filter.person.map(|p| p.0);
    let parent = filter.parent.map(|p| p.0);
    // Each filter applies when given (one statement for every mix).
    let clauses = "WHERE ($1::text IS NULL OR state = $1)
                     AND ($2::bigint IS NULL OR person_id = $2)
                     AND ($3::bigint IS NULL OR parent_id = $3)";
    let total: i64 = c
        .query_one(
            &format!("SELECT count(*) FROM outbox {clauses}"),
            &[&state, &person, &parent],
        )?
        .try_get(0)?;
    let rows = rows_where(
        c,
        &format!("{clauses} ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"),
        &[&state, &person, &parent, &clamp(limit), &clamp(offset)],
    )?;
    Ok((rows, total as u64))
}

/// Queued messages due at `now`, soonest first.
pub fn due(c: &mut impl GenericClient, now: i64, limit: u64) -> Result<Vec<OutboxRow>, StoreError> {
    rows_where(
        c,
        "WHERE state = 'queued' AND due_at <= $1 ORDER BY due_at, id LIMIT $2",
        &[&now, &clamp(limit)],
    )
}

/// Messages taken by a sender before `before` and never settled.
pub fn stale(c: &mut impl GenericClient, before: i64) -> Result<Vec<OutboxRow>, StoreError> {
    rows_where(
        c,
        "WHERE state = 'sending' AND claimed_at < $1 ORDER BY id",
        &[&before],
    )
}

/// Queues a rule's message unless its key is already stored; returns its
/// id when it was new.
pub fn insert_message(
    c: &mut impl GenericClient,
    m: &NewMessage,
) -> Result<Option<i64>, StoreError> {
    Ok(c.query_opt(
        "INSERT INTO outbox (key, kind, channel, state, person_id, order_id,
                 recipient, subject, body, language, created_by, created_at, due_at)
             VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, 'rapport', $10, $11)
             ON CONFLICT (key) DO NOTHING RETURNING id",
        &[
            &m.key,
            &m.kind.as_str(),
            &m.channel,
            &m.person.map(|p| p.0),
            &m.order_id,
            &m.recipient,
            &m.subject,
            &m.body,
            &m.language,
            &m.at,
            &m.due_at,
        ],
    )?
    .map(|r| r.try_get(0))
    .transpose()?)
}

/// Takes a queued message for sending; false when another sender took
/// it first (or it is no longer queued).
pub fn claim(c: &mut impl GenericClient, id: i64, at: i64) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = $2
         WHERE id = $1 AND state = 'queued'",
        &[&id, &at],
    )? == 1)
}

/// Sets a message's state and last error.
fn set_state(
    c: &mut impl GenericClient,
    id: i64,
    state: OutboxState,
    error: Option<&str>,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE outbox SET state = $2, last_error = $3 WHERE id = $1",
        &[&id, &state.as_str(), &error],
    )?;
    Ok(())
}

/// Records how an attempt ended (as `sqlite::outbox::settle`): a sent
/// reply takes the platform's id as its interaction's external id,
/// unless an import stored that id first.
pub fn settle(
    c: &mut impl GenericClient,
    id: i64,
    outcome: &Settle,
    at: i64,
) -> Result<bool, StoreError> {
    let Some(row) = one(c, id)? else {
        return Ok(false);
    };
    match outcome {
        Settle::Sent { external_id, url } => {
            c.execute(
                "UPDATE outbox SET state = 'sent', sent_at = $2, external_id = $3,
                                   last_error = NULL
                 WHERE id = $1",
                &[&id, &at, external_id],
            )?;
            if let Some(interaction) = row.interaction {
                let taken: bool = c
                    .query_one(
                        "SELECT EXISTS (SELECT 1 FROM interaction
                                        WHERE channel = $1 AND external_id = $2)",
                        &[&row.channel, external_id],
                    )?
                    .try_get(0)?;
                if taken {
                    set_state(
                        c,
                        id,
                        OutboxState::Sent,
                        Some(&Said::CopyImportedFirst.stored()),
                    )?;
                } else {
                    c.execute(
                        "UPDATE interaction SET external_id = $2, url = coalesce($3, url)
                         WHERE id = $1 AND external_id LIKE 'rapport:%'",
                        &[&interaction.0, external_id, url],
                    )?;
                }
            }
        }
        Settle::Retry { error, at: when } => {
            c.execute(
                "UPDATE outbox SET state = 'queued', due_at = $2, last_error = $3 WHERE id = $1",
                &[&id, when, error],
            )?;
        }
        Settle::Later { reason, at: when } => {
            c.execute(
                "UPDATE outbox SET state = 'queued', due_at = $2, last_error = $3
                 WHERE id = $1 AND state IN ('queued', 'sending')",
                &[&id, when, &reason.stored()],
            )?;
        }
        Settle::Failed { error } => set_state(c, id, OutboxState::Failed, Some(error))?,
        Settle::Unsure { reason } => set_state(c, id, OutboxState::Unsure, Some(&reason.stored()))?,
        Settle::Cancelled { reason } => {
            set_state(c, id, OutboxState::Cancelled, Some(&reason.stored()))?
        }
    }
    Ok(true)
}

/// A person's decision on a failed, unsure or queued message.
pub fn decide(
    c: &mut impl GenericClient,
    id: i64,
    send: bool,
    by: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let n = if send {
        c.execute(
            "UPDATE outbox SET state = 'queued', due_at = $2, last_error = NULL
             WHERE id = $1 AND state IN ('failed', 'unsure')",
            &[&id, &at],
        )?
    } else {
        c.execute(
            "UPDATE outbox SET state = 'cancelled', last_error = $2
             WHERE id = $1 AND state IN ('queued', 'failed', 'unsure')",
            &[&id, &Said::CancelledBy { by: by.to_string() }.stored()],
        )?
    };
    Ok(n == 1)
}

/// An order read from `order_id, person_id, email, total, currency,
/// created_at, status, items` at the start of a row.
pub fn order_row(r: &Row) -> Result<OrderRow, StoreError> {
    let items: String = r.try_get(7)?;
    Ok(OrderRow {
        order_id: r.try_get(0)?,
        person: r.try_get::<_, Option<i64>>(1)?.map(PersonId),
        email: r.try_get(2)?,
        total: r.try_get(3)?,
        currency: r.try_get(4)?,
        at: r.try_get(5)?,
        status: r.try_get(6)?,
        items: serde_json::from_str(&items).map_err(|e| StoreError::Corrupt {
            table: "orders",
            column: "items",
            reason: e.to_string(),
        })?,
    })
}

/// Paid orders placed in `[from, to]` with an email whose feedback
/// request is not queued yet, oldest first.
pub fn feedback_candidates(
    c: &mut impl GenericClient,
    from: i64,
    to: i64,
    limit: u64,
) -> Result<Vec<FeedbackCandidate>, StoreError> {
    c.query(
        "SELECT o.order_id, o.person_id, o.email, o.total, o.currency, o.created_at, o.status,
                o.items, p.name,
                (SELECT a.language FROM interaction i
                 JOIN identity d ON d.id = i.identity_id
                 JOIN analysis a ON a.interaction_id = i.id
                 WHERE d.person_id = o.person_id AND i.from_brand = 0
                   AND a.language IN ('en', 'de', 'th')
                 GROUP BY a.language ORDER BY count(*) DESC, a.language LIMIT 1)
         FROM orders o LEFT JOIN person p ON p.id = o.person_id
         WHERE o.created_at BETWEEN $1 AND $2 AND o.email IS NOT NULL AND o.email != ''
           AND o.status = 'paid'
           AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.key = 'feedback:' || o.order_id)
         ORDER BY o.created_at, o.order_id LIMIT $3",
        &[&from, &to, &clamp(limit)],
    )?
    .iter()
    .map(|r| {
        Ok(FeedbackCandidate {
            order: order_row(r)?,
            name: r.try_get(8)?,
            language: r.try_get(9)?,
        })
    })
    .collect()
}

/// Feedback requests sent at or before `before` whose reminder is not
/// queued yet.
pub fn reminder_candidates(
    c: &mut impl GenericClient,
    before: i64,
    limit: u64,
) -> Result<Vec<ReminderCandidate>, StoreError> {
    let requests = rows_where(
        c,
        "WHERE kind = 'feedback' AND state = 'sent' AND sent_at <= $1 AND order_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.key = 'reminder:' || outbox.order_id)
         ORDER BY sent_at, id LIMIT $2",
        &[&before, &clamp(limit)],
    )?;
    let about = c.prepare(
        "SELECT p.name, o.items::jsonb -> 0 ->> 'title' FROM orders o
         LEFT JOIN person p ON p.id = o.person_id WHERE o.order_id = $1",
    )?;
    requests
        .into_iter()
        .map(|request| {
            let (name, product) = match c.query_opt(&about, &[&request.order_id])? {
                Some(r) => (r.try_get(0)?, r.try_get(1)?),
                None => (None, None),
            };
            Ok(ReminderCandidate {
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
    c: &mut impl GenericClient,
    person: Option<PersonId>,
    address: Option<&str>,
    since: i64,
) -> Result<Courtesy, StoreError> {
    let address = address.map(str::to_lowercase);
    let unsubscribed = match &address {
        Some(a) => c
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM unsubscribed WHERE address = $1)",
                &[a],
            )?
            .try_get(0)?,
        None => false,
    };
    let last_sent: Option<i64> = c
        .query_one(
            "SELECT max(sent_at) FROM outbox
             WHERE kind IN ('feedback', 'reminder') AND state = 'sent'
               AND (($1::bigint IS NOT NULL AND person_id = $1)
                    OR ($2::text IS NOT NULL AND lower(recipient) = $2))",
            &[&person.map(|p| p.0), &address],
        )?
        .try_get(0)?;
    let (open_complaint, wrote_since) = match person {
        Some(p) => (
            c.query_one(
                "SELECT EXISTS (SELECT 1 FROM inbox_queue q
                                JOIN interaction i ON i.id = q.interaction_id
                                LEFT JOIN inbox_state s ON s.interaction_id = q.interaction_id
                                WHERE q.person_id = $1 AND (i.signals & $2) != 0
                                  AND s.handled_at IS NULL AND s.replied_at IS NULL)",
                &[&p.0, &i64::from(rapport_core::signals::Signals::COMPLAINT)],
            )?
            .try_get(0)?,
            c.query_one(
                "SELECT EXISTS (SELECT 1 FROM interaction i
                                JOIN identity d ON d.id = i.identity_id
                                WHERE d.person_id = $1 AND i.from_brand = 0
                                  AND i.created_at > $2)",
                &[&p.0, &since],
            )?
            .try_get(0)?,
        ),
        None => (false, false),
    };
    Ok(Courtesy {
        unsubscribed,
        last_sent,
        open_complaint,
        wrote_since,
    })
}

/// The token of `address`'s unsubscribe link.
pub fn unsubscribe_token(c: &mut impl GenericClient, address: &str) -> Result<String, StoreError> {
    let secret: String = c
        .query_one("SELECT secret FROM outbox_secret WHERE id = 1", &[])?
        .try_get(0)?;
    Ok(crate::outbox::unsubscribe_token(&secret, address))
}

/// Records that `address` wants no more mail, when `token` is its
/// token; false otherwise. What is queued for it goes at once.
pub fn unsubscribe(
    c: &mut impl GenericClient,
    address: &str,
    token: &str,
    source: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let wanted = unsubscribe_token(c, address)?;
    if !crate::outbox::same_token(&wanted, token) {
        return Ok(false);
    }
    let address = address.to_lowercase();
    c.execute(
        "INSERT INTO unsubscribed (address, at, source) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
        &[&address, &at, &source],
    )?;
    c.execute(
        "UPDATE outbox SET state = 'cancelled', last_error = $2
         WHERE lower(recipient) = $1 AND state = 'queued' AND kind != 'reply'",
        &[&address, &Said::Unsubscribed.stored()],
    )?;
    Ok(true)
}
