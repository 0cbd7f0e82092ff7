//! Meaningful metrics beside vanity metrics.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// The meaningful half of the report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Meaningful {
    /// Inbound interactions with words.
    pub inbound: u64,
    /// Of those, answered by the shop.
    pub answered: u64,
    /// `answered / inbound`.
    pub answered_share: f64,
    /// Median minutes to the first answer.
    pub median_first_response_minutes: Option<f64>,
    /// 90th percentile of the same.
    pub p90_first_response_minutes: Option<f64>,
    /// Threads with at least two exchanges.
    pub conversations: u64,
    /// Inbound comments specific to what they answer.
    pub specific_comments: u64,
    /// Inbound comments that are stock phrases.
    pub generic_comments: u64,
    /// Recommendations, shares and referrals.
    pub recommendations: u64,
    /// People labelled `true_fan`.
    pub true_fans: u64,
    /// People labelled `evangelist`.
    pub evangelists: u64,
}

/// The vanity half of the report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Vanity {
    /// Follow events.
    pub followers: u64,
    /// Likes.
    pub likes: u64,
    /// All inbound comments.
    pub comments: u64,
}

/// One channel's figures.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ChannelFigures {
    /// Meaningful metrics on this channel.
    pub meaningful: Meaningful,
    /// Vanity metrics on this channel.
    pub vanity: Vanity,
}

/// One week of the report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct WeekFigures {
    /// Monday of the week (RFC 3339).
    pub week_start: String,
    /// Inbound interactions with words written that week.
    pub inbound: u64,
    /// Of those, answered (at any time).
    pub answered: u64,
    /// `answered / inbound` (0 without inbound).
    pub answered_share: f64,
    /// Median minutes to the first answer of that week's answered inbound.
    pub median_first_response_minutes: Option<f64>,
    /// People who became fans during the week.
    pub fans_gained: u64,
    /// People who became evangelists during the week.
    pub evangelists_gained: u64,
}

/// The report (as `rapport report --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Report {
    /// Start of the window (RFC 3339), or null for all time.
    pub since: Option<String>,
    /// Meaningful metrics.
    pub meaningful: Meaningful,
    /// Vanity metrics.
    pub vanity: Vanity,
    /// The same, per channel.
    pub per_channel: BTreeMap<String, ChannelFigures>,
    /// Per calendar week (Monday, UTC) of the window.
    #[serde(default)]
    pub weekly: Vec<WeekFigures>,
    /// Further fields the engine adds (passed through as they are).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The window for `GET /api/report`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `all` (default) or a duration such as `30d` or `12w`.
    pub since: Option<String>,
}
