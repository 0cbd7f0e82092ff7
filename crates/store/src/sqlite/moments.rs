//! Moments (schema migration 16); see [`crate::moments`].

use crate::moments::{
    due_after, MomentCount, MomentKind, MomentRow, FOLLOW_UP_WITHIN, MOMENTS_WITHIN, REPEAT_WITHIN,
};
use crate::StoreError;
use rapport_core::ladder::{Label, MISALIGNED_BELOW};
use rapport_core::signals::Signals;
use rapport_core::{InteractionId, PersonId};
use rusqlite::{params, Connection, Transaction};

/// Finds the moments in the messages stored since the last scan (those
/// written at or after `since`; older ones are past acting on), closes
/// those whose cause is dealt with, and returns how many were found.
pub fn scan(tx: &Transaction<'_>, since: i64, now: i64) -> Result<u64, StoreError> {
    let through: i64 = tx.query_row("SELECT through FROM moment_state WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let last: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM interaction", [], |r| {
        r.get(0)
    })?;
    let mut found = 0u64;
    if last > through {
        found += found_by_sql(tx, through, last, since)?;
        found += bought_questions(tx, through, last, since)?;
        tx.prepare_cached("UPDATE moment_state SET through = ?1 WHERE id = 1")?
            .execute([last])?;
    }
    close(tx, now)?;
    Ok(found)
}

/// The messages stored in `(through, last]` (`?1`, `?2`) and written at
/// or after `since` (`?3`), with their author's person and verdict: the
/// joins, then the condition.
const NEW_FROM: &str = "interaction i JOIN identity d ON d.id = i.identity_id
     LEFT JOIN person_score s ON s.person_id = d.person_id";
const NEW_WHERE: &str = "i.id > ?1 AND i.id <= ?2 AND i.created_at >= ?3";

fn insert(kind: MomentKind, select: &str) -> String {
    format!(
        "INSERT OR IGNORE INTO moment (kind, person_id, interaction_id, at, due_at)
         SELECT '{}', d.person_id, i.id, i.created_at, i.created_at + {}
         FROM {NEW_FROM} WHERE {NEW_WHERE} {select}",
        kind.as_str(),
        due_after(kind)
    )
}

fn found_by_sql(
    tx: &Transaction<'_>,
    through: i64,
    last: i64,
    since: i64,
) -> Result<u64, StoreError> {
    let complaint = Signals::COMPLAINT;
    let question = Signals::QUESTION | Signals::COMPLAINT;
    let detractor = Label::Detractor.bit();
    let influencer = Label::Influencer.bit();
    let public = "i.kind IN ('comment', 'reply', 'mention', 'review') AND i.channel != 'email'";
    let statements = [
        insert(
            MomentKind::RepeatComplaint,
            &format!(
                "AND i.from_brand = 0 AND (i.signals & {complaint}) != 0
                 AND EXISTS (SELECT 1 FROM identity e JOIN interaction j ON j.identity_id = e.id
                             WHERE e.person_id = d.person_id AND j.id != i.id AND j.from_brand = 0
                               AND (j.signals & {complaint}) != 0
                               AND j.created_at BETWEEN i.created_at - {REPEAT_WITHIN} AND i.created_at)"
            ),
        ),
        insert(
            MomentKind::DetractorPublic,
            &format!("AND i.from_brand = 0 AND (s.labels & {detractor}) != 0 AND {public}"),
        ),
        insert(
            MomentKind::InfluencerMention,
            &format!(
                "AND i.from_brand = 0 AND (s.labels & {influencer}) != 0
                 AND coalesce(s.alignment, 1.0) >= {MISALIGNED_BELOW}
                 AND (i.signals & {question}) = 0
                 AND i.kind IN ('comment', 'reply', 'mention', 'share', 'review')"
            ),
        ),
        // The shop's answers to questions and complaints: a follow-up for
        // the person who asked, the next day.
        format!(
            "INSERT OR IGNORE INTO moment (kind, person_id, interaction_id, at, due_at)
             SELECT '{kind}', pd.person_id, i.id, i.created_at, i.created_at + {due}
             FROM {NEW_FROM}
             JOIN interaction p ON p.channel = i.channel AND p.external_id = i.in_reply_to
             JOIN identity pd ON pd.id = p.identity_id
             WHERE {NEW_WHERE} AND i.from_brand = 1 AND p.from_brand = 0
               AND (p.signals & {question}) != 0
               AND i.created_at >= ?3 + {skip}",
            kind = MomentKind::FollowUp.as_str(),
            due = due_after(MomentKind::FollowUp),
            skip = MOMENTS_WITHIN - FOLLOW_UP_WITHIN,
        ),
    ];
    let mut n = 0;
    for sql in statements {
        n += tx
            .prepare_cached(&sql)?
            .execute(params![through, last, since])? as u64;
    }
    Ok(n)
}

/// Questions from people with orders whose words name an item they
/// bought (a word of its title, four letters or more).
fn bought_questions(
    tx: &Transaction<'_>,
    through: i64,
    last: i64,
    since: i64,
) -> Result<u64, StoreError> {
    let question = Signals::QUESTION;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT i.id, d.person_id, i.created_at, t.text,
                (SELECT json_group_array(json_extract(x.value, '$.title'))
                 FROM orders o, json_each(o.items) x WHERE o.person_id = d.person_id)
         FROM {NEW_FROM} JOIN interaction_text t ON t.interaction_id = i.id
         WHERE {NEW_WHERE} AND i.from_brand = 0 AND (i.signals & {question}) != 0
           AND EXISTS (SELECT 1 FROM orders o WHERE o.person_id = d.person_id)"
    ))?;
    let rows: Vec<(i64, i64, i64, String, Option<String>)> = stmt
        .query_map(params![through, last, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut n = 0;
    for (id, person, at, text, titles) in rows {
        let titles: Vec<Option<String>> = titles
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        let said = text.to_lowercase();
        let named = titles.into_iter().flatten().find(|title| {
            title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .any(|w| said.contains(&w.to_lowercase()))
        });
        if let Some(title) = named {
            n += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO moment (kind, person_id, interaction_id, at, due_at, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    MomentKind::BoughtQuestion.as_str(),
                    person,
                    id,
                    at,
                    at + due_after(MomentKind::BoughtQuestion),
                    title
                ])? as u64;
        }
    }
    Ok(n)
}

/// Closes the open moments whose cause is dealt with: the message was
/// answered, replied to or handled; for a follow-up, the person wrote
/// again.
fn close(tx: &Transaction<'_>, now: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE moment SET done_at = ?1, done_by = 'answered'
         WHERE done_at IS NULL AND kind != 'follow_up'
           AND (EXISTS (SELECT 1 FROM interaction i
                        WHERE i.id = moment.interaction_id AND i.answered_at IS NOT NULL)
                OR EXISTS (SELECT 1 FROM inbox_state s
                           WHERE s.interaction_id = moment.interaction_id
                             AND (s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL)))",
    )?
    .execute([now])?;
    tx.prepare_cached(
        "UPDATE moment SET done_at = ?1, done_by = 'they wrote again'
         WHERE done_at IS NULL AND kind = 'follow_up'
           AND EXISTS (SELECT 1 FROM identity d JOIN interaction i ON i.identity_id = d.id
                       WHERE d.person_id = moment.person_id AND i.from_brand = 0
                         AND i.created_at > moment.at)",
    )?
    .execute([now])?;
    Ok(())
}

/// How many moments of each kind are open, and due at `now`.
pub fn counts(conn: &Connection, now: i64) -> Result<Vec<MomentCount>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, count(*), sum(due_at <= ?1) FROM moment
         WHERE done_at IS NULL AND coalesce(snoozed_until, 0) <= ?1 GROUP BY kind",
    )?;
    let rows = stmt.query_map([now], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, open, due) = row?;
        if let Some(kind) = MomentKind::parse(&kind) {
            out.push(MomentCount {
                kind,
                open: open as u64,
                due: due as u64,
            });
        }
    }
    Ok(out)
}

/// Open moments of `kind` due in `[lo, hi]`, soonest first.
pub fn page(
    conn: &Connection,
    now: i64,
    kind: MomentKind,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<MomentRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, person_id, interaction_id, at, due_at, detail FROM moment
         WHERE done_at IS NULL AND kind = ?1 AND due_at BETWEEN ?2 AND ?3
           AND coalesce(snoozed_until, 0) <= ?5
         ORDER BY due_at, person_id, id LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![
            kind.as_str(),
            lo,
            hi,
            limit.min(i64::MAX as u64) as i64,
            now
        ],
        |r| {
            Ok(MomentRow {
                id: r.get(0)?,
                kind,
                person: PersonId(r.get(1)?),
                interaction: InteractionId(r.get(2)?),
                at: r.get(3)?,
                due_at: r.get(4)?,
                detail: r.get(5)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records `decision` about open moment `id` by `by`; false when there is
/// none open.
pub fn decide(
    tx: &Transaction<'_>,
    id: i64,
    decision: &crate::moments::Decision,
    reason: Option<&str>,
    by: &str,
    at: i64,
) -> Result<bool, StoreError> {
    use crate::moments::Decision;
    let changed = match decision {
        Decision::Done | Decision::Dismissed => tx
            .prepare_cached(
                "UPDATE moment SET done_at = ?2, done_by = ?3, dismissed = ?4, reason = ?5
                 WHERE id = ?1 AND done_at IS NULL",
            )?
            .execute(params![
                id,
                at,
                by,
                *decision == Decision::Dismissed,
                reason
            ])?,
        Decision::Snoozed(until) => tx
            .prepare_cached(
                "UPDATE moment SET snoozed_until = ?2, reason = ?3
                 WHERE id = ?1 AND done_at IS NULL",
            )?
            .execute(params![id, until, reason])?,
    };
    Ok(changed == 1)
}

/// Every decision about a ladder alert.
pub fn decisions(conn: &Connection) -> Result<Vec<crate::moments::AlertDecisionRow>, StoreError> {
    use crate::moments::{AlertDecisionRow, Decision};
    let mut stmt = conn.prepare_cached(
        "SELECT kind, person_id, state, until, cause, reason, actor, at FROM alert_decision",
    )?;
    let rows = stmt.query_map([], |r| {
        let state: String = r.get(2)?;
        let until: Option<i64> = r.get(3)?;
        Ok(AlertDecisionRow {
            kind: r.get(0)?,
            person: PersonId(r.get(1)?),
            decision: Decision::from_stored(&state, until),
            cause: r.get(4)?,
            reason: r.get(5)?,
            actor: r.get(6)?,
            at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Stores a decision about a ladder alert (the latest one counts).
pub fn decide_alert(
    tx: &Transaction<'_>,
    d: &crate::moments::AlertDecisionRow,
) -> Result<(), StoreError> {
    let until = d.decision.until();
    tx.prepare_cached(
        "INSERT OR REPLACE INTO alert_decision
             (kind, person_id, state, until, cause, reason, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        d.kind,
        d.person.0,
        d.decision.as_str(),
        until,
        d.cause,
        d.reason,
        d.actor,
        d.at
    ])?;
    Ok(())
}

/// Marks open moment `id` done by `by`; false when there is none open.
pub fn done(tx: &Transaction<'_>, id: i64, by: &str, at: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "UPDATE moment SET done_at = ?2, done_by = ?3 WHERE id = ?1 AND done_at IS NULL",
        )?
        .execute(params![id, at, by])?
        == 1)
}
