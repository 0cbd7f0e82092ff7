//! Moments (schema migration 16); see [`crate::moments`].

use crate::moments::{
    due_after, AlertDecisionRow, Decision, MomentCount, MomentKind, MomentRow, FOLLOW_UP_WITHIN,
    MOMENTS_WITHIN, REPEAT_WITHIN,
};
use crate::sql::{args, Db, DbExt, Dialect};
use crate::StoreError;
use rapport_core::ladder::{Label, MISALIGNED_BELOW};
use rapport_core::signals::Signals;
use rapport_core::{InteractionId, PersonId};

/// Finds the moments in the messages stored since the last scan (those
/// written at or after `since`; older ones are past acting on), closes
/// those whose cause is dealt with, and returns how many were found.
pub fn scan(db: &dyn Db, since: i64, now: i64) -> Result<u64, StoreError> {
    let through: i64 = db.scalar("SELECT through FROM moment_state WHERE id = 1", args![])?;
    let last: i64 = db.scalar("SELECT coalesce(max(id), 0) FROM interaction", args![])?;
    let mut found = 0u64;
    if last > through {
        found += found_by_sql(db, through, last, since)?;
        found += bought_questions(db, through, last, since)?;
        db.execute(
            "UPDATE moment_state SET through = ?1 WHERE id = 1",
            args![last],
        )?;
    }
    close(db, now)?;
    Ok(found)
}

/// The messages stored in `(through, last]` (`?1`, `?2`) and written at
/// or after `since` (`?3`), with their author's person and verdict: the
/// joins, then the condition.
const NEW_FROM: &str = "interaction i JOIN identity d ON d.id = i.identity_id
     LEFT JOIN person_score s ON s.person_id = d.person_id";
const NEW_WHERE: &str = "i.id > ?1 AND i.id <= ?2 AND i.created_at >= ?3";

/// `INSERT … SELECT` of new moments, the rows in message order (`ORDER
/// BY i.id` in `select`) so that both databases number them alike:
/// `OR IGNORE` on SQLite (no
/// statement journal, which `ON CONFLICT` costs it), `ON CONFLICT DO
/// NOTHING` on PostgreSQL. `select` is the rest of the statement, after
/// the columns.
fn insert_new(dialect: Dialect, select: &str) -> String {
    let (or_ignore, do_nothing) = match dialect {
        Dialect::Sqlite => (" OR IGNORE", ""),
        Dialect::Postgres => ("", " ON CONFLICT DO NOTHING"),
    };
    format!(
        "INSERT{or_ignore} INTO moment (kind, person_id, interaction_id, at, due_at) {select}{do_nothing}"
    )
}

fn insert(dialect: Dialect, kind: MomentKind, condition: &str) -> String {
    insert_new(
        dialect,
        &format!(
            "SELECT '{}', d.person_id, i.id, i.created_at, i.created_at + {}
             FROM {NEW_FROM} WHERE {NEW_WHERE} {condition}
             ORDER BY i.id",
            kind.as_str(),
            due_after(kind)
        ),
    )
}

fn found_by_sql(db: &dyn Db, through: i64, last: i64, since: i64) -> Result<u64, StoreError> {
    let complaint = Signals::COMPLAINT;
    let question = Signals::QUESTION | Signals::COMPLAINT;
    let detractor = Label::Detractor.bit();
    let influencer = Label::Influencer.bit();
    let public = "i.kind IN ('comment', 'reply', 'mention', 'review') AND i.channel != 'email'";
    let dialect = db.dialect();
    let statements = [
        insert(
            dialect,
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
            dialect,
            MomentKind::DetractorPublic,
            &format!("AND i.from_brand = 0 AND (s.labels & {detractor}) != 0 AND {public}"),
        ),
        insert(
            dialect,
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
        insert_new(
            dialect,
            &format!(
                "SELECT '{kind}', pd.person_id, i.id, i.created_at, i.created_at + {due}
                 FROM {NEW_FROM}
                 JOIN interaction p ON p.channel = i.channel AND p.external_id = i.in_reply_to
                 JOIN identity pd ON pd.id = p.identity_id
                 WHERE {NEW_WHERE} AND i.from_brand = 1 AND p.from_brand = 0
                   AND (p.signals & {question}) != 0
                   AND i.created_at >= ?3 + {skip}
                 ORDER BY i.id",
                kind = MomentKind::FollowUp.as_str(),
                due = due_after(MomentKind::FollowUp),
                skip = MOMENTS_WITHIN - FOLLOW_UP_WITHIN,
            ),
        ),
    ];
    let mut n = 0;
    for sql in statements {
        n += db.execute(&sql, args![through, last, since])? as u64;
    }
    Ok(n)
}

/// The titles of a person's ordered items as a JSON array (`?` is the
/// person's column), in each database's own JSON functions.
fn titles_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "(SELECT json_group_array(json_extract(x.value, '$.title'))
              FROM orders o, json_each(o.items) x WHERE o.person_id = d.person_id)"
        }
        // Orders in the order they were stored, items in theirs: the
        // order SQLite's scan of the person's orders gives.
        Dialect::Postgres => {
            "(SELECT CAST(json_agg(x.item ->> 'title' ORDER BY o.id, x.n) AS TEXT)
              FROM orders o, json_array_elements(CAST(o.items AS json)) WITH ORDINALITY x (item, n)
              WHERE o.person_id = d.person_id)"
        }
    }
}

/// Questions from people with orders whose words name an item they
/// bought (a word of its title, four letters or more).
fn bought_questions(db: &dyn Db, through: i64, last: i64, since: i64) -> Result<u64, StoreError> {
    let question = Signals::QUESTION;
    let sql = format!(
        "SELECT i.id, d.person_id, i.created_at, t.text, {titles}
         FROM {NEW_FROM} JOIN interaction_text t ON t.interaction_id = i.id
         WHERE {NEW_WHERE} AND i.from_brand = 0 AND (i.signals & {question}) != 0
           AND EXISTS (SELECT 1 FROM orders o WHERE o.person_id = d.person_id)
         ORDER BY i.id",
        titles = titles_sql(db.dialect()),
    );
    let rows: Vec<(i64, i64, i64, String, Option<String>)> =
        db.rows(&sql, args![through, last, since], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
    let mut n = 0;
    for (id, person, at, text, titles) in rows {
        let titles: Vec<Option<String>> = titles
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default();
        if let Some(title) = named(&text, titles.into_iter().flatten()) {
            n += db.execute(
                "INSERT INTO moment (kind, person_id, interaction_id, at, due_at, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                args![
                    MomentKind::BoughtQuestion.as_str(),
                    person,
                    id,
                    at,
                    at + due_after(MomentKind::BoughtQuestion),
                    title
                ],
            )? as u64;
        }
    }
    Ok(n)
}

/// The first of `titles` a word of which (four letters or more) `text`
/// says, case ignored.
fn named(text: &str, mut titles: impl Iterator<Item = String>) -> Option<String> {
    let said = text.to_lowercase();
    titles.find(|title| {
        title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .any(|w| said.contains(&w.to_lowercase()))
    })
}

/// Closes the open moments whose cause is dealt with: the message was
/// answered, replied to or handled; for a follow-up, the person wrote
/// again.
fn close(db: &dyn Db, now: i64) -> Result<(), StoreError> {
    db.execute(
        "UPDATE moment SET done_at = ?1, done_by = 'answered'
         WHERE done_at IS NULL AND kind != 'follow_up'
           AND (EXISTS (SELECT 1 FROM interaction i
                        WHERE i.id = moment.interaction_id AND i.answered_at IS NOT NULL)
                OR EXISTS (SELECT 1 FROM inbox_state s
                           WHERE s.interaction_id = moment.interaction_id
                             AND (s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL)))",
        args![now],
    )?;
    db.execute(
        "UPDATE moment SET done_at = ?1, done_by = 'they wrote again'
         WHERE done_at IS NULL AND kind = 'follow_up'
           AND EXISTS (SELECT 1 FROM identity d JOIN interaction i ON i.identity_id = d.id
                       WHERE d.person_id = moment.person_id AND i.from_brand = 0
                         AND i.created_at > moment.at)",
        args![now],
    )?;
    Ok(())
}

/// How many moments of each kind are open, and due at `now`.
pub fn counts(db: &dyn Db, now: i64) -> Result<Vec<MomentCount>, StoreError> {
    let mut out = Vec::new();
    db.each(
        "SELECT kind, count(*), sum(CASE WHEN due_at <= ?1 THEN 1 ELSE 0 END) FROM moment
         WHERE done_at IS NULL AND coalesce(snoozed_until, 0) <= ?1 GROUP BY kind",
        args![now],
        |r| {
            if let Some(kind) = MomentKind::parse(r.text(0)?) {
                out.push(MomentCount {
                    kind,
                    open: u64::try_from(r.get::<i64>(1)?).unwrap_or(0),
                    due: u64::try_from(r.get::<i64>(2)?).unwrap_or(0),
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Open moments of `kind` due in `[lo, hi]`, soonest first.
pub fn page(
    db: &dyn Db,
    now: i64,
    kind: MomentKind,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<MomentRow>, StoreError> {
    db.rows(
        "SELECT id, person_id, interaction_id, at, due_at, detail FROM moment
         WHERE done_at IS NULL AND kind = ?1 AND due_at BETWEEN ?2 AND ?3
           AND coalesce(snoozed_until, 0) <= ?5
         ORDER BY due_at, person_id, id LIMIT ?4",
        args![
            kind.as_str(),
            lo,
            hi,
            i64::try_from(limit).unwrap_or(i64::MAX),
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
    )
}

/// Records `decision` about open moment `id` by `by`; false when there is
/// none open.
pub fn decide(
    db: &dyn Db,
    id: i64,
    decision: &Decision,
    reason: Option<&str>,
    by: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let changed = match decision {
        Decision::Done | Decision::Dismissed => db.execute(
            "UPDATE moment SET done_at = ?2, done_by = ?3, dismissed = ?4, reason = ?5
             WHERE id = ?1 AND done_at IS NULL",
            args![id, at, by, *decision == Decision::Dismissed, reason],
        )?,
        Decision::Snoozed(until) => db.execute(
            "UPDATE moment SET snoozed_until = ?2, reason = ?3
             WHERE id = ?1 AND done_at IS NULL",
            args![id, until, reason],
        )?,
    };
    Ok(changed == 1)
}

/// Every decision about a ladder alert.
pub fn decisions(db: &dyn Db) -> Result<Vec<AlertDecisionRow>, StoreError> {
    db.rows(
        "SELECT kind, person_id, state, until, cause, reason, actor, at FROM alert_decision",
        args![],
        |r| {
            Ok(AlertDecisionRow {
                kind: r.get(0)?,
                person: PersonId(r.get(1)?),
                decision: Decision::from_stored(r.text(2)?, r.get(3)?),
                cause: r.get(4)?,
                reason: r.get(5)?,
                actor: r.get(6)?,
                at: r.get(7)?,
            })
        },
    )
}

/// Stores a decision about a ladder alert, replacing an earlier one about
/// the same kind and person (the latest one counts).
pub fn decide_alert(db: &dyn Db, d: &AlertDecisionRow) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO alert_decision (kind, person_id, state, until, cause, reason, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (kind, person_id) DO UPDATE SET
             state = excluded.state, until = excluded.until, cause = excluded.cause,
             reason = excluded.reason, actor = excluded.actor, at = excluded.at",
        args![
            d.kind,
            d.person.0,
            d.decision.as_str(),
            d.decision.until(),
            d.cause,
            d.reason,
            d.actor,
            d.at
        ],
    )?;
    Ok(())
}

/// Marks open moment `id` done by `by`; false when there is none open.
pub fn done(db: &dyn Db, id: i64, by: &str, at: i64) -> Result<bool, StoreError> {
    Ok(db.execute(
        "UPDATE moment SET done_at = ?2, done_by = ?3 WHERE id = ?1 AND done_at IS NULL",
        args![id, at, by],
    )? == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::per_backend! {
        fn moments_are_found_in_new_messages_and_closed_when_answered(db) {
            let complaint = i64::from(Signals::COMPLAINT);
            let question = i64::from(Signals::QUESTION);
            let day = 86_400;
            let found = db
                .with_db(|db| {
                    db.execute_batch(
                        "INSERT INTO person (id, name, is_brand, created_at)
                             VALUES (1, 'Shop', 1, 0), (2, 'Anna', 0, 0);
                         INSERT INTO identity (id, person_id, channel, handle)
                             VALUES (10, 1, 'instagram', 'shop'), (20, 2, 'instagram', 'anna');
                         INSERT INTO orders (order_id, person_id, total, currency, created_at,
                                             status, items)
                             VALUES ('o1', 2, 40.0, 'EUR', 0, 'paid',
                                     '[{\"title\": \"Gravel King tyre\"}, {\"sku\": \"x\"}]');",
                    )?;
                    db.execute(
                        "INSERT INTO person_score (person_id, stage, assessment, labels)
                         VALUES (2, 'engaged', '{}', ?1)",
                        args![Label::Detractor.bit()],
                    )?;
                    let put = |id: i64, identity: i64, at: i64, signals: i64, reply: Option<&str>,
                               text: &str| {
                        db.execute(
                            "INSERT INTO interaction (id, channel, external_id, kind, identity_id,
                                 created_at, in_reply_to, from_brand, signals)
                             VALUES (?1, 'instagram', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            args![
                                id,
                                format!("e{id}"),
                                if reply.is_some() { "reply" } else { "comment" },
                                identity,
                                at,
                                reply,
                                identity == 10,
                                signals
                            ],
                        )?;
                        db.execute(
                            "INSERT INTO interaction_text (interaction_id, text) VALUES (?1, ?2)",
                            args![id, text],
                        )
                    };
                    put(1, 20, 1_000, complaint, None, "late again")?;
                    put(2, 20, 2_000, complaint, None, "still late")?;
                    put(3, 20, 3_000, question, None, "is the GRAVEL one tubeless?")?;
                    put(4, 10, 25 * day, 0, Some("e3"), "yes it is")?;
                    let n = scan(db, 0, 30 * day)?;
                    // Nothing new: a second scan finds nothing.
                    let again = scan(db, 0, 30 * day)?;
                    db.execute(
                        "INSERT INTO inbox_state (interaction_id, replied_at) VALUES (1, 5)",
                        args![],
                    )?;
                    scan(db, 0, 31 * day)?;
                    let rows = db.rows(
                        "SELECT kind, interaction_id, detail, done_by FROM moment
                         ORDER BY kind, interaction_id",
                        args![],
                        |r| {
                            Ok((
                                r.get::<String>(0)?,
                                r.get::<i64>(1)?,
                                r.get::<String>(2)?,
                                r.get::<Option<String>>(3)?,
                            ))
                        },
                    )?;
                    let counts = counts(db, 31 * day)?;
                    Ok((n, again, rows, counts))
                })
                .expect("scan");
            let (n, again, rows, counts) = found;
            let row = |k: &str, i: i64, d: &str, by: Option<&str>| {
                (k.to_string(), i, d.to_string(), by.map(str::to_string))
            };
            assert_eq!(
                rows,
                vec![
                    row("bought_question", 3, "Gravel King tyre", None),
                    row("detractor_public", 1, "", Some("answered")),
                    row("detractor_public", 2, "", None),
                    row("detractor_public", 3, "", None),
                    row("follow_up", 4, "", None),
                    row("repeat_complaint", 2, "", None),
                ]
            );
            assert_eq!((n, again), (6, 0));
            let open: u64 = counts.iter().map(|c| c.open).sum();
            let due: u64 = counts.iter().map(|c| c.due).sum();
            assert_eq!((open, due), (5, 5));
        }
    }
}
