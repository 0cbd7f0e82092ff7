//! Everything held about one person, read in one transaction (see
//! [`crate::privacy::PersonExport`]): every table that names the person,
//! their identities, emails or messages is read here, so what `forget`
//! erases and what this exports are the same set of rows.

use super::{read, team, views};
use crate::privacy::{
    ExportedCohortPlace, ExportedIdentity, ExportedInboxState, ExportedLink, ExportedMerge,
    ExportedMessage, ExportedNote, ExportedOrder, ExportedPerson, ExportedPrivacyRequest,
    ExportedStep, ExportedSuggestion, ExportedTouch, ExportedVerdict, PersonExport,
};
use crate::sql::{args, Db, DbExt};
use crate::{InteractionRow, StoreError};
use rapport_core::ladder::{Assessment, Label, Stage};
use rapport_core::signals::Signals;
use rapport_core::{IdentityId, InteractionId, PersonId, Timestamp};
use std::collections::HashMap;

fn corrupt(table: &'static str, column: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        reason: e.to_string(),
    }
}

/// The names of the signals set in `s`.
fn signal_names(s: Signals) -> Vec<&'static str> {
    [
        (Signals::GENERIC, "generic"),
        (Signals::RECOMMENDATION, "recommendation"),
        (Signals::COMPLAINT, "complaint"),
        (Signals::PRAISE, "praise"),
        (Signals::QUESTION, "question"),
        (Signals::CONVERSATION, "conversation"),
        (Signals::PEER, "peer"),
    ]
    .into_iter()
    .filter(|(bit, _)| s.bits() & bit != 0)
    .map(|(_, name)| name)
    .collect()
}

fn message(m: InteractionRow, identity: String) -> ExportedMessage {
    ExportedMessage {
        id: m.id,
        channel: m.channel,
        external_id: m.external_id,
        kind: m.kind,
        identity,
        text: m.text,
        created_at: Timestamp(m.at),
        in_reply_to: m.in_reply_to,
        post_id: m.post_id,
        url: m.url,
        from_brand: m.from_brand,
        answered_at: m.answered_at.map(Timestamp),
        signals: signal_names(m.signals),
        analysis: m.analysis,
    }
}

/// Everything about `person`, or `None` when there is no such person.
pub fn person_export(db: &dyn Db, person: PersonId) -> Result<Option<PersonExport>, StoreError> {
    let found: Option<(String, i64)> = db.opt(
        "SELECT name, created_at FROM person WHERE id = ?1 AND is_brand = 0",
        args![person.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((name, created_at)) = found else {
        return Ok(None);
    };
    let people = views::merged_into(db, person)?;
    let identities: Vec<ExportedIdentity> = db.rows(
        "SELECT id, channel, handle, display_name, email, followers, bio FROM identity
         WHERE person_id = ?1 ORDER BY id",
        args![person.0],
        |r| {
            Ok(ExportedIdentity {
                id: IdentityId(r.get(0)?),
                channel: r.get(1)?,
                handle: r.get(2)?,
                display_name: r.get(3)?,
                email: r.get(4)?,
                followers: r.get(5)?,
                bio: r.get(6)?,
            })
        },
    )?;
    let names: HashMap<i64, String> = identities
        .iter()
        .map(|i| (i.id.0, format!("{}:{}", i.channel, i.handle)))
        .collect();
    let emails: Vec<String> = db.rows(
        "SELECT address FROM email WHERE person_id = ?1 ORDER BY address",
        args![person.0],
        |r| r.get(0),
    )?;

    let own = read::interactions_of(db, person)?;
    let ids: Vec<i64> = own.iter().map(|m| m.id.0).collect();
    let shop_replies = replies_to(db, &own)?;
    let interactions = own
        .into_iter()
        .map(|m| {
            let identity = names.get(&m.identity.0).cloned().unwrap_or_default();
            message(m, identity)
        })
        .collect();

    Ok(Some(PersonExport {
        person: ExportedPerson {
            id: person,
            name,
            created_at: Timestamp(created_at),
        },
        identities,
        emails: emails.clone(),
        interactions,
        shop_replies,
        orders: orders_of(db, person)?,
        inbox: inbox_of(db, &ids)?,
        touches: touches_of(db, &people)?,
        links: links_of(db, &people)?,
        merges: merges_of(db, &people)?,
        link_suggestions: suggestions_of(db, person)?,
        cohorts: cohorts_of(db, &people)?,
        privacy_requests: requests_of(db, &people, &emails)?,
        verdict: verdict_of(db, person)?,
        audit: super::audit::about(db, &format!("person:{}", person.0))?,
    }))
}

/// The shop's replies to `own`, as stored (with their words).
fn replies_to(db: &dyn Db, own: &[InteractionRow]) -> Result<Vec<ExportedMessage>, StoreError> {
    let mut out = Vec::new();
    for m in own {
        let replies = read::interactions_where(
            db,
            "WHERE i.channel = ?1 AND i.in_reply_to = ?2 AND i.from_brand = 1",
            args![m.channel, m.external_id],
        )?;
        for r in replies {
            out.push(message(r, "shop".to_string()));
        }
    }
    out.sort_by_key(|m| m.id);
    Ok(out)
}

fn orders_of(db: &dyn Db, person: PersonId) -> Result<Vec<ExportedOrder>, StoreError> {
    db.rows(
        "SELECT order_id, email, total, currency, status, created_at, items FROM orders
         WHERE person_id = ?1 ORDER BY created_at, id",
        args![person.0],
        |r| {
            Ok(ExportedOrder {
                order_id: r.get(0)?,
                email: r.get(1)?,
                total: r.get(2)?,
                currency: r.get(3)?,
                status: r.get(4)?,
                created_at: Timestamp(r.get(5)?),
                items: serde_json::from_str(r.text(6)?)
                    .map_err(|e| corrupt("orders", "items", e))?,
            })
        },
    )
}

fn inbox_of(db: &dyn Db, ids: &[i64]) -> Result<Vec<ExportedInboxState>, StoreError> {
    let mut out = Vec::new();
    for &id in ids {
        let Some(s) = team::inbox_state(db, InteractionId(id))? else {
            continue;
        };
        out.push(ExportedInboxState {
            interaction: s.interaction,
            reply_text: s.reply_text,
            replied_at: s.replied_at.map(Timestamp),
            replied_by: s.replied_by,
            handled_at: s.handled_at.map(Timestamp),
            handled_by: s.handled_by,
            assigned_to: s.assigned_to,
            snoozed_until: s.snoozed_until.map(Timestamp),
            notes: s
                .notes
                .into_iter()
                .map(|n| ExportedNote {
                    author: n.author,
                    text: n.text,
                    created_at: Timestamp(n.created_at),
                })
                .collect(),
        });
    }
    Ok(out)
}

fn touches_of(db: &dyn Db, people: &[i64]) -> Result<Vec<ExportedTouch>, StoreError> {
    let mut out = Vec::new();
    for p in people {
        db.each(
            "SELECT kind, note, at, by_user, id FROM touch WHERE person_id = ?1 ORDER BY at, id",
            args![p],
            |r| {
                let at: i64 = r.get(2)?;
                out.push((
                    (at, r.get::<i64>(4)?),
                    ExportedTouch {
                        kind: r.get(0)?,
                        note: r.get(1)?,
                        at: Timestamp(at),
                        by: r.get(3)?,
                    },
                ));
                Ok(())
            },
        )?;
    }
    out.sort_by_key(|(key, _)| *key);
    Ok(out.into_iter().map(|(_, t)| t).collect())
}

fn links_of(db: &dyn Db, people: &[i64]) -> Result<Vec<ExportedLink>, StoreError> {
    let mut out = Vec::new();
    for p in people {
        db.each(
            "SELECT id, reason, detail, confidence, created_at FROM link WHERE person_id = ?1",
            args![p],
            |r| {
                out.push(ExportedLink {
                    id: r.get(0)?,
                    reason: r.get(1)?,
                    detail: r.get(2)?,
                    confidence: r.get(3)?,
                    at: Timestamp(r.get(4)?),
                });
                Ok(())
            },
        )?;
    }
    out.sort_by_key(|l| l.id);
    Ok(out)
}

fn merges_of(db: &dyn Db, people: &[i64]) -> Result<Vec<ExportedMerge>, StoreError> {
    let mut out: Vec<ExportedMerge> = Vec::new();
    for p in people {
        db.each(
            "SELECT link_id, keep_id, gone_id, gone_name, emails, undone_at FROM merge_journal
             WHERE keep_id = ?1 OR gone_id = ?1",
            args![p],
            |r| {
                let link: i64 = r.get(0)?;
                if out.iter().any(|m| m.link == link) {
                    return Ok(());
                }
                out.push(ExportedMerge {
                    link,
                    kept: PersonId(r.get(1)?),
                    merged: PersonId(r.get(2)?),
                    merged_name: r.get(3)?,
                    emails: serde_json::from_str(r.text(4)?)
                        .map_err(|e| corrupt("merge_journal", "emails", e))?,
                    undone_at: r.get::<Option<i64>>(5)?.map(Timestamp),
                });
                Ok(())
            },
        )?;
    }
    out.sort_by_key(|m| m.link);
    Ok(out)
}

fn suggestions_of(db: &dyn Db, person: PersonId) -> Result<Vec<ExportedSuggestion>, StoreError> {
    db.rows(
        "SELECT DISTINCT s.id, s.reason, s.detail, s.status, s.created_at FROM link_suggestion s
         JOIN identity d ON d.id = s.identity_id OR d.id = s.other_identity_id
         WHERE d.person_id = ?1 ORDER BY s.id",
        args![person.0],
        |r| {
            Ok(ExportedSuggestion {
                id: r.get(0)?,
                reason: r.get(1)?,
                detail: r.get(2)?,
                status: r.get(3)?,
                at: Timestamp(r.get(4)?),
            })
        },
    )
}

fn cohorts_of(db: &dyn Db, people: &[i64]) -> Result<Vec<ExportedCohortPlace>, StoreError> {
    let mut out = Vec::new();
    for p in people {
        db.each(
            "SELECT cohort_id, stage_at_plan, topic, opener, status FROM cohort_member
             WHERE person_id = ?1 ORDER BY cohort_id",
            args![p],
            |r| {
                out.push(ExportedCohortPlace {
                    cohort: r.get(0)?,
                    stage_at_plan: r.get(1)?,
                    topic: r.get(2)?,
                    opener: r.get(3)?,
                    status: r.get(4)?,
                });
                Ok(())
            },
        )?;
    }
    Ok(out)
}

fn requests_of(
    db: &dyn Db,
    people: &[i64],
    emails: &[String],
) -> Result<Vec<ExportedPrivacyRequest>, StoreError> {
    let mut out: Vec<ExportedPrivacyRequest> = Vec::new();
    for r in super::privacy::all(db)? {
        let named = r
            .request
            .customer_email
            .as_ref()
            .is_some_and(|e| emails.contains(&e.trim().to_lowercase()))
            || r.person.is_some_and(|p| people.contains(&p.0));
        if named {
            out.push(ExportedPrivacyRequest {
                id: r.id,
                source: r.request.source,
                topic: r.request.topic,
                received_at: Timestamp(r.request.received_at),
                status: r.status,
            });
        }
    }
    Ok(out)
}

fn verdict_of(db: &dyn Db, person: PersonId) -> Result<Option<ExportedVerdict>, StoreError> {
    let stored: Option<String> = db.scalar_opt(
        "SELECT assessment FROM person_score WHERE person_id = ?1",
        args![person.0],
    )?;
    let Some(json) = stored else {
        return Ok(None);
    };
    let assessment: Assessment =
        serde_json::from_str(&json).map_err(|e| corrupt("person_score", "assessment", e))?;
    let steps = db.rows(
        "SELECT at, stage, labels FROM stage_step WHERE person_id = ?1 ORDER BY at",
        args![person.0],
        |r| {
            let stage: i64 = r.get(1)?;
            Ok(ExportedStep {
                at: Timestamp(r.get(0)?),
                stage: Stage::from_rank(stage)
                    .ok_or_else(|| corrupt("stage_step", "stage", format!("no stage {stage}")))?,
                // Labels are a byte's bits.
                labels: Label::from_bits(r.get::<i64>(2)? as u8),
            })
        },
    )?;
    Ok(Some(ExportedVerdict { assessment, steps }))
}
