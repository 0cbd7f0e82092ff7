//! Detractors' recovery, read from the store: each person's words with
//! their mood, whether they complain, and when the shop answered.

use super::Snapshot;
use rapport_core::recovery::{self, Mood, Recovery, Said};
use rapport_core::{PersonId, Timestamp};
use serde::Serialize;
use std::collections::HashMap;

/// What the people `keep` picks wrote, as the recovery reads it (the
/// others' words are not copied).
pub fn said_by_person(
    snap: &Snapshot,
    keep: impl Fn(PersonId) -> bool,
) -> HashMap<PersonId, Vec<Said>> {
    let mut out: HashMap<PersonId, Vec<Said>> = HashMap::new();
    for (i, answered_at) in snap.interactions.iter().zip(&snap.answered_at) {
        if i.from_brand || !i.kind.is_conversational() || !keep(i.person) {
            continue;
        }
        // A complaint as the ladder counts it (see `Signals::read`).
        let complaint = i.signals.complaint();
        out.entry(i.person).or_default().push(Said {
            at: i.at,
            mood: Mood::of(
                &i.text,
                i.analysis.as_ref().map(|a| a.sentiment.as_str()),
                complaint,
            ),
            complaint,
            answered_at: *answered_at,
            text: i.text.clone(),
        });
    }
    out
}

/// A recovery timeline with readable times.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryView {
    /// Complaints in all.
    pub complaints: usize,
    /// The latest complaint (RFC 3339).
    pub complaint_at: String,
    /// Its words.
    pub complaint: String,
    /// When the shop answered it.
    pub answered_at: Option<String>,
    /// Their first non-complaint after the answer.
    pub resolved_at: Option<String>,
    /// Sentiment of what they wrote after the answer, oldest first.
    pub sentiment_after: Vec<Mood>,
    /// Answered, and the latest words since are positive or neutral.
    pub recovered: bool,
}

impl From<Recovery> for RecoveryView {
    fn from(r: Recovery) -> Self {
        let rfc = |t: i64| Timestamp(t).to_rfc3339();
        RecoveryView {
            complaints: r.complaints,
            complaint_at: rfc(r.complaint_at),
            complaint: r.complaint,
            answered_at: r.answered_at.map(rfc),
            resolved_at: r.resolved_at.map(rfc),
            sentiment_after: r.after,
            recovered: r.recovered,
        }
    }
}

/// One person's recovery timeline, if they ever complained.
pub fn recovery_of(snap: &Snapshot, id: PersonId) -> Option<RecoveryView> {
    let mut all = said_by_person(snap, |p| p == id);
    recovery::recovery(&all.remove(&id)?).map(RecoveryView::from)
}
