//! The outbox's rows (SQLite's migration 16); see [`crate::outbox`] for
//! the rules (tokens, telling the same reply).

use crate::outbox::{
    Courtesy, FeedbackCandidate, MessageKind, NewMessage, NewReply, OutboxFilter, OutboxRow,
    OutboxState, ReminderCandidate, Settle, LOCAL_PREFIX,
};
use crate::sql::{args, Arg, Db, DbExt, Dialect, Row};
use crate::{OrderRow, StoreError};
use rapport_core::signals::Signals;
use rapport_core::{InteractionId, PersonId, Said};

/// The columns [`row`] reads, in order.
macro_rules! columns {
    () => {
        "SELECT id, key, kind, channel, state, person_id, parent_id, interaction_id,
         order_id, recipient, subject, body, language, created_by, created_at, due_at, attempts,
         claimed_at, sent_at, external_id, last_error FROM outbox "
    };
}

fn corrupt(column: &'static str, found: &str) -> StoreError {
    StoreError::Corrupt {
        table: "outbox",
        column,
        reason: format!("unknown value {found:?}"),
    }
}

fn row(r: &dyn Row) -> Result<OutboxRow, StoreError> {
    let kind = r.text(2)?;
    let state = r.text(4)?;
    Ok(OutboxRow {
        id: r.get(0)?,
        key: r.get(1)?,
        kind: MessageKind::parse(kind).ok_or_else(|| corrupt("kind", kind))?,
        channel: r.get(3)?,
        state: OutboxState::parse(state).ok_or_else(|| corrupt("state", state))?,
        person: r.get::<Option<i64>>(5)?.map(PersonId),
        parent: r.get::<Option<i64>>(6)?.map(InteractionId),
        interaction: r.get::<Option<i64>>(7)?.map(InteractionId),
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
    })
}

/// A count or limit as the databases store it.
fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The message with this id.
pub fn one(db: &dyn Db, id: i64) -> Result<Option<OutboxRow>, StoreError> {
    db.opt(concat!(columns!(), "WHERE id = ?1"), args![id], row)
}

/// The message with this key.
pub fn by_key(db: &dyn Db, key: &str) -> Result<Option<OutboxRow>, StoreError> {
    db.opt(concat!(columns!(), "WHERE key = ?1"), args![key], row)
}

/// Messages per state (see [`crate::outbox::per_state`]).
pub fn counts(db: &dyn Db) -> Result<Vec<(OutboxState, u64)>, StoreError> {
    let rows = db.rows(
        "SELECT state, count(*) FROM outbox GROUP BY state",
        args![],
        |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
    )?;
    crate::outbox::per_state(rows)
}

/// A page of messages, newest first, and how many match.
pub fn page(
    db: &dyn Db,
    filter: &OutboxFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<OutboxRow>, u64), StoreError> {
    // Only the filters given are written (eight statements at most), so
    // each can use its index.
    let state = filter.state.map(OutboxState::as_str);
    let person = filter.person.map(|p| p.0);
    let parent = filter.parent.map(|p| p.0);
    let mut clauses = Vec::new();
    let mut values: Vec<&dyn Arg> = Vec::new();
    if let Some(s) = &state {
        values.push(s);
        clauses.push(format!("state = ?{}", values.len()));
    }
    if let Some(p) = &person {
        values.push(p);
        clauses.push(format!("person_id = ?{}", values.len()));
    }
    if let Some(p) = &parent {
        values.push(p);
        clauses.push(format!("parent_id = ?{}", values.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let total: i64 = db.scalar(&format!("SELECT count(*) FROM outbox {filter}"), &values)?;
    let n = values.len();
    let (limit, offset) = (clamp(limit), clamp(offset));
    values.push(&limit);
    values.push(&offset);
    let rows = db.rows(
        &format!(
            "{}{filter} ORDER BY created_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
            columns!(),
            n + 1,
            n + 2
        ),
        &values,
        row,
    )?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Queued messages due at `now`, soonest first.
pub fn due(db: &dyn Db, now: i64, limit: u64) -> Result<Vec<OutboxRow>, StoreError> {
    db.rows(
        concat!(
            columns!(),
            "WHERE state = 'queued' AND due_at <= ?1 ORDER BY due_at, id LIMIT ?2"
        ),
        args![now, clamp(limit)],
        row,
    )
}

/// Messages taken by a sender before `before` and never settled.
pub fn stale(db: &dyn Db, before: i64) -> Result<Vec<OutboxRow>, StoreError> {
    db.rows(
        concat!(
            columns!(),
            "WHERE state = 'sending' AND claimed_at < ?1 ORDER BY id"
        ),
        args![before],
        row,
    )
}

/// Stores a reply's outbox row (the interaction was written just before,
/// in the same transaction).
pub fn insert_reply(
    db: &dyn Db,
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
    db.scalar(
        "INSERT INTO outbox (key, kind, channel, state, person_id, parent_id, interaction_id,
                             recipient, subject, body, language, created_by, created_at, due_at)
         VALUES (?1, 'reply', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
         RETURNING id",
        args![
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
        ],
    )
}

/// The person and channel of message `parent`, which a reply to it is
/// sent to.
pub fn reply_target(
    db: &dyn Db,
    parent: InteractionId,
) -> Result<Option<(PersonId, String)>, StoreError> {
    db.opt(
        "SELECT d.person_id, i.channel FROM interaction i
         JOIN identity d ON d.id = i.identity_id WHERE i.id = ?1",
        args![parent.0],
        |r| Ok((PersonId(r.get(0)?), r.get(1)?)),
    )
}

/// The id of the stored interaction `external_id` on `channel`.
pub fn stored_id(
    db: &dyn Db,
    channel: &str,
    external_id: &str,
) -> Result<InteractionId, StoreError> {
    Ok(InteractionId(db.scalar(
        "SELECT id FROM interaction WHERE channel = ?1 AND external_id = ?2",
        args![channel, external_id],
    )?))
}

/// Queues a rule's message unless its key is already stored; returns its
/// id when it was new.
pub fn insert_message(db: &dyn Db, m: &NewMessage) -> Result<Option<i64>, StoreError> {
    db.scalar_opt(
        "INSERT INTO outbox (key, kind, channel, state, person_id, order_id,
             recipient, subject, body, language, created_by, created_at, due_at)
         VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?6, ?7, ?8, ?9, 'rapport', ?10, ?11)
         ON CONFLICT DO NOTHING RETURNING id",
        args![
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
        ],
    )
}

/// Takes a queued message for sending; false when another sender took
/// it first (or it is no longer queued).
pub fn claim(db: &dyn Db, id: i64, at: i64) -> Result<bool, StoreError> {
    Ok(db.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = ?2
         WHERE id = ?1 AND state = 'queued'",
        args![id, at],
    )? == 1)
}

/// Sets a message's state and last error.
fn set_state(
    db: &dyn Db,
    id: i64,
    state: OutboxState,
    error: Option<&str>,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE outbox SET state = ?2, last_error = ?3 WHERE id = ?1",
        args![id, state.as_str(), error],
    )?;
    Ok(())
}

/// Records how an attempt ended. A sent reply takes the platform's id as
/// its interaction's external id, unless an import stored that id first
/// (the reply came back before the platform's answer was written down):
/// then the local copy stays as it is and the row names both.
pub fn settle(db: &dyn Db, id: i64, outcome: &Settle, at: i64) -> Result<bool, StoreError> {
    let Some(row) = one(db, id)? else {
        return Ok(false);
    };
    match outcome {
        Settle::Sent { external_id, url } => {
            db.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?2, external_id = ?3,
                                   last_error = NULL
                 WHERE id = ?1",
                args![id, at, external_id],
            )?;
            if let Some(interaction) = row.interaction {
                let taken: bool = db.scalar(
                    "SELECT EXISTS (SELECT 1 FROM interaction
                                    WHERE channel = ?1 AND external_id = ?2)",
                    args![row.channel, external_id],
                )?;
                if taken {
                    set_state(
                        db,
                        id,
                        OutboxState::Sent,
                        Some(&Said::CopyImportedFirst.stored()),
                    )?;
                } else {
                    db.execute(
                        "UPDATE interaction SET external_id = ?2, url = COALESCE(?3, url)
                         WHERE id = ?1 AND external_id LIKE 'rapport:%'",
                        args![interaction.0, external_id, url],
                    )?;
                }
            }
        }
        Settle::Retry { error, at: when } => {
            db.execute(
                "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = ?3 WHERE id = ?1",
                args![id, when, error],
            )?;
        }
        Settle::Later { reason, at: when } => {
            db.execute(
                "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = ?3
                 WHERE id = ?1 AND state IN ('queued', 'sending')",
                args![id, when, reason.stored()],
            )?;
        }
        Settle::Failed { error } => set_state(db, id, OutboxState::Failed, Some(error))?,
        Settle::Unsure { reason } => {
            set_state(db, id, OutboxState::Unsure, Some(&reason.stored()))?;
        }
        Settle::Cancelled { reason } => {
            set_state(db, id, OutboxState::Cancelled, Some(&reason.stored()))?;
        }
    }
    Ok(true)
}

/// A person's decision on a failed, unsure or queued message: send it
/// (again) now, or never. Returns false when the message is not in a
/// state that allows it.
pub fn decide(db: &dyn Db, id: i64, send: bool, by: &str, at: i64) -> Result<bool, StoreError> {
    let n = if send {
        db.execute(
            "UPDATE outbox SET state = 'queued', due_at = ?2, last_error = NULL
             WHERE id = ?1 AND state IN ('failed', 'unsure')",
            args![id, at],
        )?
    } else {
        db.execute(
            "UPDATE outbox SET state = 'cancelled', last_error = ?2
             WHERE id = ?1 AND state IN ('queued', 'failed', 'unsure')",
            args![id, Said::CancelledBy { by: by.to_string() }.stored()],
        )?
    };
    Ok(n == 1)
}

/// The local copy of the shop's reply that an imported record from the
/// shop is: same channel and parent, and the same words (the platform
/// may add a mention before them). When found, the local copy takes the
/// platform's id and the record is a duplicate of it.
pub fn adopt(
    db: &dyn Db,
    channel: &str,
    in_reply_to: &str,
    external_id: &str,
    text: &str,
    url: Option<&str>,
) -> Result<bool, StoreError> {
    let local: Vec<(i64, String)> = db.rows(
        "SELECT i.id, t.text FROM interaction i
         JOIN interaction_text t ON t.interaction_id = i.id
         WHERE i.channel = ?1 AND i.in_reply_to = ?2 AND i.from_brand = 1
           AND i.external_id LIKE 'rapport:%'
         ORDER BY i.id",
        args![channel, in_reply_to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let words = crate::outbox::normalise(text);
    let Some((id, _)) = local.into_iter().find(|(_, t)| {
        let mine = crate::outbox::normalise(t);
        !mine.is_empty() && (words == mine || words.ends_with(&mine))
    }) else {
        return Ok(false);
    };
    db.execute(
        "UPDATE interaction SET external_id = ?2, url = COALESCE(?3, url) WHERE id = ?1",
        args![id, external_id, url],
    )?;
    db.execute(
        "UPDATE outbox SET external_id = ?2, state = CASE WHEN state = 'recorded' THEN 'recorded'
                                                         ELSE 'sent' END,
                           sent_at = COALESCE(sent_at, created_at)
         WHERE interaction_id = ?1 AND state IN ('recorded', 'unsure', 'sending', 'sent')",
        args![id, external_id],
    )?;
    Ok(true)
}

/// Whether `external_id` names a reply no platform has named yet.
pub fn is_local(external_id: &str) -> bool {
    external_id.starts_with(LOCAL_PREFIX)
}

/// An order read from `order_id, person_id, email, total, currency,
/// created_at, status, items` at the start of a row.
fn order_row(r: &dyn Row) -> Result<OrderRow, StoreError> {
    Ok(OrderRow {
        order_id: r.get(0)?,
        person: r.get::<Option<i64>>(1)?.map(PersonId),
        email: r.get(2)?,
        total: r.get(3)?,
        currency: r.get(4)?,
        at: r.get(5)?,
        status: r.get(6)?,
        items: serde_json::from_str(r.text(7)?).map_err(|e| StoreError::Corrupt {
            table: "orders",
            column: "items",
            reason: e.to_string(),
        })?,
    })
}

/// Orders placed in `[from, to]` with an email and status `paid`, whose
/// feedback request is not queued yet, oldest first.
pub fn feedback_candidates(
    db: &dyn Db,
    from: i64,
    to: i64,
    limit: u64,
) -> Result<Vec<FeedbackCandidate>, StoreError> {
    db.rows(
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
        args![from, to, clamp(limit)],
        |r| {
            Ok(FeedbackCandidate {
                order: order_row(r)?,
                name: r.get(8)?,
                language: r.get(9)?,
            })
        },
    )
}

/// Feedback requests sent at or before `before` whose reminder is not
/// queued yet.
pub fn reminder_candidates(
    db: &dyn Db,
    before: i64,
    limit: u64,
) -> Result<Vec<ReminderCandidate>, StoreError> {
    let requests = db.rows(
        concat!(
            columns!(),
            "WHERE kind = 'feedback' AND state = 'sent' AND sent_at <= ?1 AND order_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.key = 'reminder:' || outbox.order_id)
             ORDER BY sent_at, id LIMIT ?2"
        ),
        args![before, clamp(limit)],
        row,
    )?;
    // The first item's title, read from the items' JSON by each
    // database's own functions.
    let about = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT p.name, json_extract(o.items, '$[0].title') FROM orders o
             LEFT JOIN person p ON p.id = o.person_id WHERE o.order_id = ?1"
        }
        Dialect::Postgres => {
            "SELECT p.name, o.items::jsonb -> 0 ->> 'title' FROM orders o
             LEFT JOIN person p ON p.id = o.person_id WHERE o.order_id = ?1"
        }
    };
    requests
        .into_iter()
        .map(|request| {
            let (name, product) = db
                .opt(about, args![request.order_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .unwrap_or((None, None));
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
    db: &dyn Db,
    person: Option<PersonId>,
    address: Option<&str>,
    since: i64,
) -> Result<Courtesy, StoreError> {
    let address = address.map(str::to_lowercase);
    let unsubscribed = match &address {
        Some(a) => db.scalar(
            "SELECT EXISTS (SELECT 1 FROM unsubscribed WHERE address = ?1)",
            args![a],
        )?,
        None => false,
    };
    let last_sent: Option<i64> = db.scalar(
        "SELECT max(sent_at) FROM outbox
         WHERE kind IN ('feedback', 'reminder') AND state = 'sent'
           AND ((CAST(?1 AS BIGINT) IS NOT NULL AND person_id = ?1)
                OR (CAST(?2 AS TEXT) IS NOT NULL AND lower(recipient) = ?2))",
        args![person.map(|p| p.0), address],
    )?;
    let (open_complaint, wrote_since) = match person {
        Some(p) => (
            db.scalar(
                "SELECT EXISTS (SELECT 1 FROM inbox_queue q
                                JOIN interaction i ON i.id = q.interaction_id
                                LEFT JOIN inbox_state s ON s.interaction_id = q.interaction_id
                                WHERE q.person_id = ?1 AND (i.signals & ?2) != 0
                                  AND s.handled_at IS NULL AND s.replied_at IS NULL)",
                args![p.0, i64::from(Signals::COMPLAINT)],
            )?,
            db.scalar(
                "SELECT EXISTS (SELECT 1 FROM interaction i
                                JOIN identity d ON d.id = i.identity_id
                                WHERE d.person_id = ?1 AND i.from_brand = 0 AND i.created_at > ?2)",
                args![p.0, since],
            )?,
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

/// The token of `address`'s unsubscribe link: a hash of the database's
/// outbox secret and the address.
pub fn unsubscribe_token(db: &dyn Db, address: &str) -> Result<String, StoreError> {
    let secret: String = db.scalar("SELECT secret FROM outbox_secret WHERE id = 1", args![])?;
    Ok(crate::outbox::unsubscribe_token(&secret, address))
}

/// Records that `address` wants no more mail, when `token` is its
/// token; false otherwise.
pub fn unsubscribe(
    db: &dyn Db,
    address: &str,
    token: &str,
    source: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let wanted = unsubscribe_token(db, address)?;
    if !crate::outbox::same_token(&wanted, token) {
        return Ok(false);
    }
    let address = address.to_lowercase();
    db.execute(
        "INSERT INTO unsubscribed (address, at, source) VALUES (?1, ?2, ?3)
         ON CONFLICT DO NOTHING",
        args![address, at, source],
    )?;
    // What is queued for them goes at once.
    db.execute(
        "UPDATE outbox SET state = 'cancelled', last_error = ?2
         WHERE lower(recipient) = ?1 AND state = 'queued' AND kind != 'reply'",
        args![address, Said::Unsubscribed.stored()],
    )?;
    Ok(true)
}
