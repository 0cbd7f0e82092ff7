//! One person's 360° view: `rapport person`.

use super::Snapshot;
use rapport_core::ladder::{History, Label, Scores, Stage};
use rapport_core::replay;
use rapport_core::{InteractionId, PersonId, Timestamp};
use rapport_store::{IdentityRow, LinkRow, OrderRow};
use serde::Serialize;
use std::collections::HashSet;

/// One entry of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// Interaction id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Kind.
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Written by the shop (a reply to this person).
    pub from_brand: bool,
    /// For the person's inbound words: when the shop first answered.
    pub answered_at: Option<String>,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// What the analyzer read in the text.
    pub analysis: Option<rapport_store::AnalysisRow>,
}

/// A change of stage.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StageChange {
    /// The new stage.
    pub stage: Stage,
    /// From when (RFC 3339).
    pub since: String,
}

/// Everything about one person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Emails.
    pub emails: Vec<String>,
    /// Accounts.
    pub identities: Vec<IdentityRow>,
    /// Why identities were joined.
    pub links: Vec<LinkRow>,
    /// Rung.
    pub stage: Stage,
    /// Labels.
    pub labels: Vec<Label>,
    /// Scores.
    pub scores: Scores,
    /// Why.
    pub evidence: Vec<String>,
    /// What they talk about most.
    pub interests: Vec<String>,
    /// Orders, oldest first.
    pub orders: Vec<OrderRow>,
    /// Their interactions and the shop's replies to them, oldest first.
    pub history: Vec<TimelineEntry>,
    /// How their stage changed.
    pub stage_history: Vec<StageChange>,
    /// Complaint → answer → resolution → sentiment after, if they ever
    /// complained.
    pub recovery: Option<super::recovery::RecoveryView>,
}

/// Builds the view of `id`, or `None` if no such person.
pub fn person(snap: &Snapshot, id: PersonId, links: Vec<LinkRow>) -> Option<PersonView> {
    let p = snap.people.iter().find(|p| p.id == id)?;
    let a = snap.assessments.get(&id)?;
    let mine: HashSet<(&str, &str)> = snap
        .interactions
        .iter()
        .filter(|i| i.person == id)
        .map(|i| (i.channel.as_str(), i.external_id.as_str()))
        .collect();
    let mut theirs: Vec<_> = snap
        .interactions
        .iter()
        .zip(&snap.answered_at)
        .filter(|(i, _)| {
            i.person == id
                || (i.from_brand
                    && i.in_reply_to
                        .as_deref()
                        .is_some_and(|p| mine.contains(&(i.channel.as_str(), p))))
        })
        .collect();
    // Oldest first by when it was written, the id breaking ties.
    theirs.sort_by_key(|(i, _)| (i.at, i.id));
    let history = theirs
        .into_iter()
        .map(|(i, answered)| TimelineEntry {
            id: i.id,
            channel: i.channel.clone(),
            kind: i.kind.as_str().to_string(),
            text: i.text.clone(),
            created_at: Timestamp(i.at).to_rfc3339(),
            from_brand: i.from_brand,
            answered_at: answered.map(|t| Timestamp(t).to_rfc3339()),
            post_id: i.post_id.clone(),
            url: i.url.clone(),
            analysis: i.analysis.clone(),
        })
        .collect();
    let h = snap.history_of(id);
    Some(PersonView {
        id,
        name: p.name.clone(),
        emails: p.emails.clone(),
        identities: p.identities.clone(),
        links,
        stage: a.stage,
        labels: a.labels.clone(),
        scores: a.scores.clone(),
        evidence: a.evidence_lines(),
        interests: crate::views::person::interests(
            snap.interactions.iter().filter(|i| i.person == id),
            snap.orders.iter().filter(|o| o.person == Some(id)),
            &snap.profile,
        ),
        orders: snap
            .orders
            .iter()
            .filter(|o| o.person == Some(id))
            .cloned()
            .collect(),
        history,
        stage_history: stage_history(&h, snap.as_of),
        recovery: super::recovery::recovery_of(snap, id),
    })
}

/// Replays the history (see [`rapport_core::replay`]): each change of
/// stage, at the moment it happened.
fn stage_history(h: &History, as_of: i64) -> Vec<StageChange> {
    let mut out: Vec<StageChange> = Vec::new();
    for step in replay::replay(h, as_of) {
        let stage = step.assessment.stage;
        if out.last().is_none_or(|c| c.stage != stage) {
            out.push(StageChange {
                stage,
                since: Timestamp(step.at).to_rfc3339(),
            });
        }
    }
    if out.is_empty() {
        out.push(StageChange {
            stage: Stage::Stranger,
            since: Timestamp(as_of).to_rfc3339(),
        });
    }
    out
}
