//! Influencers: people with an influencer's reach, beside how well what
//! they talk about matches the shop's topics and values, with what the
//! shop gave them and asked of them (`GET /api/influencers`, the
//! Influencers page).

use super::people::PersonSummary;
use super::touches;
use crate::EngineError;
use rapport_core::ladder::{self, Label, MISALIGNED_BELOW};
use rapport_core::touch::Ledger;
use rapport_store::views::{PeopleFilter, PeopleSort};
use rapport_store::Store;
use serde::Serialize;

/// One influencer: reach beside alignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InfluencerView {
    /// The person.
    pub person: PersonSummary,
    /// Reach, 0..=1 on a log scale.
    pub reach: f64,
    /// Alignment with the shop's interests, 0..=1.
    pub alignment: f64,
    /// Alignment below [`MISALIGNED_BELOW`].
    pub mismatch: bool,
    /// What their audience follows them for, when it is not the shop's
    /// topics.
    pub warning: Option<String>,
    /// What the shop gave them and asked of them (value first?).
    pub touches: Ledger,
}

/// Every influencer, largest reach first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Influencers {
    /// Alignment below which an influencer is a mismatch.
    pub misaligned_below: f64,
    /// The influencers.
    pub items: Vec<InfluencerView>,
}

/// Every person labelled influencer, largest reach first.
pub fn influencers(store: &dyn Store) -> Result<Influencers, EngineError> {
    let filter = PeopleFilter {
        stage: None,
        label: Some(Label::Influencer),
    };
    let (briefs, _) = store.people_page(&filter, PeopleSort::Reach, 0, u64::MAX)?;
    let mut items = Vec::with_capacity(briefs.len());
    for b in briefs {
        let alignment = b.assessment.scores.alignment.unwrap_or(0.0);
        let mismatch = alignment < MISALIGNED_BELOW;
        let t = &b.assessment.tally;
        let warning = mismatch.then(|| ladder::mismatch_line(t.followers, &t.elsewhere, alignment));
        let ledger = touches::ledger(&store.touches_of(b.id)?);
        items.push(InfluencerView {
            reach: b.assessment.scores.reach,
            alignment,
            mismatch,
            warning,
            touches: ledger,
            person: PersonSummary::from(b),
        });
    }
    Ok(Influencers {
        misaligned_below: MISALIGNED_BELOW,
        items,
    })
}
