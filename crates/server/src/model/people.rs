//! The ladder as a list.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A channel and handle.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HandleRef {
    /// Channel, e.g. `instagram`.
    pub channel: String,
    /// Handle on that channel.
    pub handle: String,
}

/// The numbers behind a person's place on the ladder, each in 0..=1
/// except `lifetime_value`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Scores {
    /// Specific conversation.
    pub engagement: f64,
    /// Repeat buying.
    pub loyalty: f64,
    /// Recommending and sharing.
    pub advocacy: f64,
    /// Reach, on a log scale.
    pub reach: f64,
    /// Lifetime value of paid orders.
    pub lifetime_value: f64,
}

/// One person on the ladder (as `rapport people --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonSummary {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Their accounts.
    pub identities: Vec<HandleRef>,
    /// `stranger`, `follower`, `casual`, `engaged` or `fan`.
    pub stage: String,
    /// Any of `true_fan`, `evangelist`, `influencer`, `detractor`, `box_ticker`.
    pub labels: Vec<String>,
    /// The numbers behind it.
    pub scores: Scores,
    /// Why, in sentences.
    pub evidence: Vec<String>,
    /// Further fields the engine adds (passed through as they are).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Filters and paging for `GET /api/people`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Only this stage: stranger, follower, casual, engaged, fan.
    pub stage: Option<String>,
    /// Only people with this label: true_fan, evangelist, influencer, detractor, box_ticker.
    pub label: Option<String>,
    /// `closeness` (default: stage, then scores), `name`, `id`,
    /// `engagement`, `loyalty`, `advocacy`, `reach` or `lifetime_value`.
    pub sort: Option<String>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
}

/// One page of people.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeoplePage {
    /// People matching the filters, in the order asked for.
    pub items: Vec<PersonSummary>,
    /// How many match in all.
    pub total: usize,
    /// The page size used.
    pub limit: usize,
    /// The offset used.
    pub offset: usize,
}

/// How many people stand on one rung, and with which labels.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LadderRow {
    /// The stage.
    pub stage: String,
    /// People on it.
    pub people: usize,
    /// Of those, per label.
    pub labels: std::collections::BTreeMap<String, usize>,
}

/// People per stage and per label.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ladder {
    /// One row per stage, closest relationship first.
    pub stages: Vec<LadderRow>,
    /// People per label, over all stages.
    pub labels: std::collections::BTreeMap<String, usize>,
    /// Everyone.
    pub total: usize,
}

/// People per stage at the end of one week.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StageWeek {
    /// Monday of the week (RFC 3339).
    pub week_start: String,
    /// People per stage at the week's end (the running week: now),
    /// counting those known by then.
    pub stages: std::collections::BTreeMap<String, u64>,
}
