//! Alerts and follow-up tasks for humans.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The person an alert is about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertPerson {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Their stage now.
    pub stage: String,
    /// Their labels now.
    pub labels: Vec<String>,
}

/// One alert (as `rapport tasks --json` lists them).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    /// `unanswered`, `new_detractor`, `fan_slipping` or `influencer_mismatch`.
    pub kind: String,
    /// `high`, `medium` or `low`.
    pub severity: String,
    /// Who.
    pub person: AlertPerson,
    /// The interaction it is about, if one.
    pub interaction: Option<i64>,
    /// Since when it is true (RFC 3339).
    pub since: String,
    /// When it should be dealt with by (RFC 3339): the answer target for
    /// unanswered words (1 h for true fans, evangelists and influencers,
    /// 24 h otherwise), the coming slip for a fan, else `since`.
    pub due_at: String,
    /// `due_at` has passed.
    pub overdue: bool,
    /// Why, in one sentence.
    pub reason: String,
}

/// Filters for `GET /api/alerts`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    /// Only alerts whose `due_at` has passed.
    pub due: Option<bool>,
    /// Only this kind.
    pub kind: Option<String>,
}

/// `GET /api/alerts`: overdue first, then by severity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertList {
    /// The alerts matching the filters.
    pub items: Vec<Alert>,
    /// How many of them are overdue.
    pub overdue: usize,
}
