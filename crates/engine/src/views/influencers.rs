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
use serde::{Deserialize, Serialize};

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

/// A page of the influencers, largest reach first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Influencers {
    /// Alignment below which an influencer is a mismatch.
    pub misaligned_below: f64,
    /// The influencers on this page.
    pub items: Vec<InfluencerView>,
    /// Influencers in all.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
}

/// Paging for influencers.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InfluencersQuery {
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// Default page size of influencers.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page size of influencers.
pub const MAX_LIMIT: u64 = 1000;

impl InfluencersQuery {
    /// `(offset, limit)`, the limit capped.
    pub fn paging(&self) -> (u64, u64) {
        (
            self.offset.unwrap_or(0),
            self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
        )
    }
}

/// A page of the people labelled influencer, largest reach first.
pub fn influencers(store: &dyn Store, offset: u64, limit: u64) -> Result<Influencers, EngineError> {
    let filter = PeopleFilter {
        stage: None,
        label: Some(Label::Influencer),
    };
    let (briefs, total) = store.people_page(&filter, PeopleSort::Reach, offset, limit)?;
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
        total,
        limit,
        offset,
    })
}
