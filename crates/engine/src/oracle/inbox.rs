//! The inbox: every unanswered inbound interaction, most urgent first.
//!
//! Priority adds up plain reasons, each shown to the user: a complaint or a
//! question needs an answer; a true fan, evangelist or unhappy person
//! matters more; waiting past one hour (40% of people expect an answer by
//! then) and past a day (79% do) raises it; a stock phrase lowers it.

use super::Snapshot;
use rapport_core::ladder::{Label, Stage};
use rapport_core::{InteractionId, PersonId, Timestamp};
use serde::Serialize;

/// Who wrote an inbox item.
#[derive(Debug, Clone, Serialize)]
pub struct InboxPerson {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Handle on the item's channel.
    pub handle: String,
    /// Their rung.
    pub stage: Stage,
    /// Their labels.
    pub labels: Vec<Label>,
}

/// One unanswered interaction.
#[derive(Debug, Clone, Serialize)]
pub struct InboxItem {
    /// Interaction id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Platform id.
    pub external_id: String,
    /// Kind.
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Minutes since it was written.
    pub waiting_minutes: i64,
    /// Higher is more urgent.
    pub priority: i32,
    /// Why it has that priority.
    pub reasons: Vec<String>,
    /// Its answer target in minutes.
    pub target_minutes: i64,
    /// When the target passes (RFC 3339).
    pub due_at: String,
    /// Whether it has passed.
    pub past_target: bool,
    /// The author.
    pub person: InboxPerson,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// What the analyzer read in the text.
    pub analysis: Option<rapport_store::AnalysisRow>,
}

/// Unanswered inbound interactions as of `now`, most urgent first.
pub fn inbox(snap: &Snapshot, now: i64, limit: usize) -> Vec<InboxItem> {
    let people: std::collections::HashMap<_, _> = snap.people.iter().map(|p| (p.id, p)).collect();
    let mut items: Vec<InboxItem> = snap
        .interactions
        .iter()
        .zip(&snap.answered_at)
        .filter(|(i, answered)| !i.from_brand && i.kind.is_conversational() && answered.is_none())
        .filter_map(|(i, _)| {
            let p = people.get(&i.person)?;
            let a = snap.assessments.get(&i.person)?;
            let mut priority = 0;
            let mut reasons = Vec::new();
            // What the analyzer and the word lists read (`Signals::read`).
            let complaint = i.signals.complaint();
            let question = i.signals.question();
            let generic = i.signals.generic();
            if complaint {
                priority += 40;
                reasons.push("complaint".to_string());
            } else if question {
                priority += 30;
                reasons.push("question".to_string());
            }
            for (label, weight) in [
                (Label::TrueFan, 20),
                (Label::Evangelist, 15),
                (Label::Detractor, 15),
                (Label::Influencer, 10),
            ] {
                if a.labels.contains(&label) {
                    priority += weight;
                    reasons.push(label.as_str().replace('_', " "));
                }
            }
            let waiting = ((now - i.at) / 60).max(0);
            if waiting > 24 * 60 {
                priority += 20;
            } else if waiting > 60 {
                priority += 10;
            }
            // One hour for true fans, evangelists and influencers, and
            // for a detractor's complaint (not a stock phrase); a day for
            // the rest.
            let fast = a
                .labels
                .iter()
                .any(|l| matches!(l, Label::TrueFan | Label::Evangelist | Label::Influencer))
                || (complaint && !generic && a.labels.contains(&Label::Detractor));
            let target = if fast { 3_600 } else { 86_400 };
            reasons.push(rapport_core::priority::target_words(i.at, now, target).to_string());
            if generic {
                priority -= 30;
                reasons.push("stock phrase".to_string());
            }
            Some(InboxItem {
                id: i.id,
                channel: i.channel.clone(),
                external_id: i.external_id.clone(),
                kind: i.kind.as_str().to_string(),
                text: i.text.clone(),
                created_at: Timestamp(i.at).to_rfc3339(),
                waiting_minutes: waiting,
                priority,
                reasons,
                target_minutes: target / 60,
                due_at: Timestamp(i.at + target).to_rfc3339(),
                past_target: i.at + target < now,
                person: InboxPerson {
                    id: p.id,
                    name: p.name.clone(),
                    handle: p
                        .identities
                        .iter()
                        .find(|d| d.id == i.identity)
                        .map(|d| d.handle.clone())
                        .unwrap_or_default(),
                    stage: a.stage,
                    labels: a.labels.clone(),
                },
                post_id: i.post_id.clone(),
                url: i.url.clone(),
                analysis: i.analysis.clone(),
            })
        })
        .collect();
    // Most urgent first; then the longest waiting (by the moment they
    // were written), then by id.
    items.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(a.created_at.cmp(&b.created_at))
            .then(a.id.cmp(&b.id))
    });
    items.truncate(limit);
    items
}
