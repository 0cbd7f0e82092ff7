//! The ladder as a list: `rapport people`.

use super::Snapshot;
use rapport_core::ladder::{Label, Scores, Stage};
use rapport_core::PersonId;
use serde::Serialize;

/// A channel and handle.
#[derive(Debug, Clone, Serialize)]
pub struct HandleRef {
    /// Channel.
    pub channel: String,
    /// Handle.
    pub handle: String,
}

/// One person on the ladder.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Their accounts.
    pub identities: Vec<HandleRef>,
    /// Their rung.
    pub stage: Stage,
    /// Their labels.
    pub labels: Vec<Label>,
    /// The numbers behind it.
    pub scores: Scores,
    /// Why.
    pub evidence: Vec<String>,
}

fn summary_of(snap: &Snapshot, p: &rapport_store::PersonRow) -> Option<PersonSummary> {
    let a = snap.assessments.get(&p.id)?;
    Some(PersonSummary {
        id: p.id,
        name: p.name.clone(),
        identities: p
            .identities
            .iter()
            .map(|i| HandleRef {
                channel: i.channel.clone(),
                handle: i.handle.clone(),
            })
            .collect(),
        stage: a.stage,
        labels: a.labels.clone(),
        scores: a.scores.clone(),
        evidence: a.evidence_lines(),
    })
}

/// People filtered by stage and label, closest relationships first.
pub fn people(
    snap: &Snapshot,
    stage: Option<Stage>,
    label: Option<Label>,
    limit: Option<usize>,
) -> Vec<PersonSummary> {
    let mut out: Vec<PersonSummary> = snap
        .people
        .iter()
        .filter_map(|p| {
            let a = snap.assessments.get(&p.id)?;
            if stage.is_some_and(|s| s != a.stage) || label.is_some_and(|l| !a.labels.contains(&l))
            {
                return None;
            }
            summary_of(snap, p)
        })
        .collect();
    let weight = |s: &Scores| s.engagement + s.loyalty + s.advocacy;
    out.sort_by(|a, b| {
        b.stage
            .cmp(&a.stage)
            .then(weight(&b.scores).total_cmp(&weight(&a.scores)))
            .then(a.id.cmp(&b.id))
    });
    if let Some(n) = limit {
        out.truncate(n);
    }
    out
}

/// One influencer: reach beside alignment.
#[derive(Debug, Clone, Serialize)]
pub struct InfluencerView {
    /// The person.
    pub person: PersonSummary,
    /// Reach × alignment.
    pub fit: f64,
    /// Reach, 0..=1 on a log scale.
    pub reach: f64,
    /// Alignment with the shop's interests, 0..=1.
    pub alignment: f64,
    /// Why they fit, from the verdict's tally.
    pub why: String,
    /// Alignment below [`rapport_core::ladder::MISALIGNED_BELOW`].
    pub mismatch: bool,
    /// The assessment's warning when `mismatch`.
    pub warning: Option<String>,
    /// What the shop gave them and asked of them (value first?).
    pub touches: rapport_core::touch::Ledger,
}

/// The value-first ledger of one person's touches.
pub fn ledger_of(snap: &Snapshot, person: PersonId) -> rapport_core::touch::Ledger {
    let theirs: Vec<(&str, i64)> = snap
        .touches
        .iter()
        .filter(|t| t.person == person)
        .map(|t| (t.kind.as_str(), t.at))
        .collect();
    rapport_core::touch::ledger(&theirs)
}

/// People labelled influencer, best fit (reach × alignment) first.
pub fn influencers(snap: &Snapshot) -> Vec<InfluencerView> {
    let mut out: Vec<InfluencerView> = people(snap, None, Some(Label::Influencer), None)
        .into_iter()
        .map(|p| {
            let alignment = p.scores.alignment.unwrap_or(0.0);
            let mismatch = alignment < rapport_core::ladder::MISALIGNED_BELOW;
            let warning = mismatch
                .then(|| {
                    p.evidence
                        .iter()
                        .find(|e| e.contains("not the shop's topics"))
                        .cloned()
                        .unwrap_or_else(|| {
                            format!("low alignment ({alignment:.2}): their audience follows them for something else")
                        })
                });
            let why = snap.assessments.get(&p.id).map_or_else(String::new, |a| {
                rapport_core::ladder::fit_line(&a.tally, alignment).to_string()
            });
            InfluencerView {
                touches: ledger_of(snap, p.id),
                fit: p.scores.reach * alignment,
                reach: p.scores.reach,
                alignment,
                why,
                mismatch,
                warning,
                person: p,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.fit
            .total_cmp(&a.fit)
            .then(b.reach.total_cmp(&a.reach))
            .then(a.person.id.cmp(&b.person.id))
    });
    out
}
