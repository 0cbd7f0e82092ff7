//! Influencers: people with an influencer's reach, beside how well what
//! they talk about matches the shop's topics and values, with what the
//! shop gave them and asked of them (`GET /api/influencers`, the
//! Influencers page).
//!
//! They are ranked by *fit*, reach × alignment (both 0..=1): a large
//! audience that follows someone for other things is worth less to the
//! shop than a smaller one that shares its topics, and neither half alone
//! says so. The store orders by the same product, so pages stay exact
//! however many influencers there are.

use super::people::PersonSummary;
use super::touches;
use crate::EngineError;
use rapport_core::ladder::{self, Label, MISALIGNED_BELOW};
use rapport_core::touch::Ledger;
use rapport_core::Said;
use rapport_store::views::{PeopleFilter, PeopleSort};
use rapport_store::Store;
use serde::{Deserialize, Serialize};

/// One influencer: reach beside alignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InfluencerView {
    /// The person.
    pub person: PersonSummary,
    /// Reach × alignment, 0..=1: how much of their audience the shop's
    /// topics reach through them.
    pub fit: f64,
    /// Reach, 0..=1 on a log scale.
    pub reach: f64,
    /// Alignment with the shop's interests, 0..=1.
    pub alignment: f64,
    /// Why they fit or not, in one line, in the words they wrote
    /// ("talks about gravel and repair — the shop's topics; 42k
    /// followers").
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub why: Said,
    /// Alignment below [`MISALIGNED_BELOW`].
    pub mismatch: bool,
    /// What their audience follows them for, when it is not the shop's
    /// topics.
    #[serde(serialize_with = "rapport_core::said::english_opt")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub warning: Option<Said>,
    /// What the shop gave them and asked of them (value first?).
    pub touches: Ledger,
}

/// A page of the influencers, in the order asked for (best fit first by
/// default).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Influencers {
    /// Alignment below which an influencer is a mismatch.
    pub misaligned_below: f64,
    /// The order used: `fit`, `reach` or `alignment`.
    pub sort: InfluencerSort,
    /// The influencers on this page.
    pub items: Vec<InfluencerView>,
    /// Influencers in all.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
}

/// The orders of the influencers, each largest first (ties: larger
/// reach, then id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InfluencerSort {
    /// Reach × alignment.
    #[default]
    Fit,
    /// Reach alone.
    Reach,
    /// Alignment alone.
    Alignment,
}

impl InfluencerSort {
    /// Every order.
    pub const ALL: [InfluencerSort; 3] = [
        InfluencerSort::Fit,
        InfluencerSort::Reach,
        InfluencerSort::Alignment,
    ];

    /// Its name in a query.
    pub fn as_str(self) -> &'static str {
        match self {
            InfluencerSort::Fit => "fit",
            InfluencerSort::Reach => "reach",
            InfluencerSort::Alignment => "alignment",
        }
    }

    /// The store's order of the people.
    fn people(self) -> PeopleSort {
        match self {
            InfluencerSort::Fit => PeopleSort::Fit,
            InfluencerSort::Reach => PeopleSort::Reach,
            InfluencerSort::Alignment => PeopleSort::Alignment,
        }
    }
}

/// Order and paging for influencers.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InfluencersQuery {
    /// `fit` (default: reach × alignment), `reach` or `alignment`, each
    /// largest first.
    pub sort: Option<String>,
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

    /// The order asked for (an empty `sort` is the default).
    pub fn order(&self) -> Result<InfluencerSort, EngineError> {
        match self.sort.as_deref().map(str::trim) {
            None | Some("") => Ok(InfluencerSort::default()),
            Some(raw) => InfluencerSort::ALL
                .into_iter()
                .find(|s| s.as_str() == raw)
                .ok_or_else(|| {
                    EngineError::bad(format!("sort {raw:?}: expected fit, reach or alignment"))
                }),
        }
    }
}

/// A page of the people labelled influencer in `sort` order.
pub fn influencers(
    store: &dyn Store,
    sort: InfluencerSort,
    offset: u64,
    limit: u64,
) -> Result<Influencers, EngineError> {
    let filter = PeopleFilter {
        stage: None,
        label: Some(Label::Influencer),
    };
    let (briefs, total) = store.people_page(&filter, sort.people(), offset, limit)?;
    let mut items = Vec::with_capacity(briefs.len());
    for b in briefs {
        let alignment = b.assessment.scores.alignment.unwrap_or(0.0);
        let reach = b.assessment.scores.reach;
        let mismatch = alignment < MISALIGNED_BELOW;
        let t = &b.assessment.tally;
        let warning = mismatch.then(|| ladder::mismatch_line(t.followers, &t.elsewhere, alignment));
        let why = ladder::fit_line(t, alignment);
        let ledger = touches::ledger(&store.touches_of(b.id)?);
        items.push(InfluencerView {
            // The store's order: the same product of the same numbers.
            fit: reach * alignment,
            reach,
            alignment,
            why,
            mismatch,
            warning,
            touches: ledger,
            person: PersonSummary::from(b),
        });
    }
    Ok(Influencers {
        misaligned_below: MISALIGNED_BELOW,
        sort,
        items,
        total,
        limit,
        offset,
    })
}
