//! Cohorts, influencers and the shop profile.

use super::{Ledger, PersonSummary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// One member of a cohort, with their progress.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CohortMember {
    /// The person, as `GET /api/people` lists them (`null` if forgotten).
    pub person: Option<PersonSummary>,
    /// Person id.
    pub person_id: i64,
    /// The opener to write to them.
    pub opener: String,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// Affinity with the shop's topics when planned.
    pub affinity: f64,
    /// Their stage when planned.
    pub stage_at_plan: String,
    /// `planned`, `contacted`, `answered`, `moved_up` or `graduated`.
    pub status: String,
    /// First shop message after the plan (RFC 3339).
    pub contacted_at: Option<String>,
    /// Their first words after that.
    pub answered_at: Option<String>,
    /// When first seen above the planned stage.
    pub moved_up_at: Option<String>,
    /// When first seen as a fan.
    pub graduated_at: Option<String>,
}

/// A cohort with its members' progress.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cohort {
    /// Cohort id.
    pub id: i64,
    /// When it was planned (RFC 3339).
    pub planned_at: String,
    /// Some member has not graduated yet.
    pub open: bool,
    /// Members, in plan order.
    pub members: Vec<CohortMember>,
}

/// `GET /api/cohorts` (as `rapport cohort show --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cohorts {
    /// Every cohort, oldest first.
    pub cohorts: Vec<Cohort>,
}

/// One member of a plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanMember {
    /// The person (`null` if forgotten).
    pub person: Option<PersonSummary>,
    /// The opener to write to them.
    pub opener: String,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// Affinity with the shop's topics.
    pub affinity: f64,
    /// Their progress.
    pub status: String,
}

/// `POST /api/cohorts/plan` (as `rapport cohort plan --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CohortPlan {
    /// The cohort the members belong to.
    pub cohort_id: Option<i64>,
    /// A new cohort was planned (false: the open one stands).
    pub new: bool,
    /// Its members.
    pub members: Vec<PlanMember>,
}

/// Options of `POST /api/cohorts/plan`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// How many people to cultivate at once (default 5, 1 to 50).
    pub size: Option<usize>,
}

/// One influencer: reach beside alignment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Influencer {
    /// The person.
    pub person: PersonSummary,
    /// Reach, 0..=1 on a log scale.
    pub reach: f64,
    /// Alignment of their interests with the shop's, 0..=1.
    pub alignment: f64,
    /// Large reach, low alignment: their audience follows them for something else.
    pub mismatch: bool,
    /// The warning to show when `mismatch`.
    pub warning: Option<String>,
    /// What the shop gave them and asked of them: did giving come first?
    pub touches: Ledger,
}

/// `GET /api/influencers`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Influencers {
    /// Alignment below which reach comes with a warning.
    pub misaligned_below: f64,
    /// People labelled influencer, largest reach first.
    pub items: Vec<Influencer>,
}

/// The shop's profile.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Profile {
    /// The shop's name.
    pub name: String,
    /// Revenue the shop wants per year.
    pub revenue_goal: f64,
    /// ISO 4217 code of the goal.
    pub currency: String,
    /// What the shop posts and sells about.
    #[serde(default)]
    pub topics: Vec<String>,
    /// What the shop stands for.
    #[serde(default)]
    pub values: Vec<String>,
    /// The shop's own handle per channel.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// Exchange rates into `currency`.
    #[serde(default)]
    pub rates: BTreeMap<String, f64>,
}

/// The body of `PUT /api/profile`: the whole profile. `name`,
/// `revenue_goal` and `currency` are required, the rest default to empty;
/// unknown fields are refused.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    /// The shop's name (not empty).
    pub name: String,
    /// Revenue the shop wants per year (a number, at least 0).
    pub revenue_goal: f64,
    /// ISO 4217 code of the goal (three letters).
    pub currency: String,
    /// What the shop posts and sells about (words, any language).
    #[serde(default)]
    pub topics: Vec<String>,
    /// What the shop stands for.
    #[serde(default)]
    pub values: Vec<String>,
    /// The shop's own handle per channel.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// Exchange rates into `currency` (three-letter code → a number, at least 0).
    #[serde(default)]
    pub rates: BTreeMap<String, f64>,
}

/// `GET /api/profile` (as `rapport profile show --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProfileShown {
    /// The profile file.
    pub path: String,
    /// Read from that file (false: the built-in default).
    pub from_file: bool,
    /// The profile.
    pub profile: Profile,
}
