//! What the server needs from the relationship engine.
//!
//! The ladder, the inbox's priorities, a person's story and the report are
//! computed by the views in the `rapport` crate, which sits above this one
//! (the binary depends on the server, not the other way round). The binary
//! hands those views in behind this trait, so the server reuses them
//! instead of duplicating them, and tests can hand in the real thing too.
//!
//! Every method blocks (it reads the store and computes); the server calls
//! them on tokio's blocking pool.

use crate::model::{
    Alerts, CohortPlan, Cohorts, ImportSummary, Inbox, Influencers, PersonSummary, PersonView,
    ProfileShown, ProfileUpdate, Report, StageWeek, Thread, ThreadList, Touch,
};
use std::collections::HashSet;
use std::sync::Arc;

/// Why the engine could not answer.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The caller's input is wrong (unknown format, bad `since`, ...).
    #[error("{0}")]
    BadInput(String),
    /// Anything else; logged, never shown to the caller.
    #[error("{0}")]
    Internal(String),
}

/// The relationship engine as the server sees it.
pub trait Engine: Send + Sync + 'static {
    /// Everyone on the ladder, closest relationships first.
    fn people(&self) -> Result<Arc<Vec<PersonSummary>>, EngineError>;

    /// One person's 360° view, by id, `channel:handle`, handle or email.
    fn person(&self, key: &str) -> Result<Option<PersonView>, EngineError>;

    /// Every unanswered inbound interaction, most urgent first (before the
    /// team's own state — handled, snoozed — is applied).
    fn inbox(&self) -> Result<Arc<Inbox>, EngineError>;

    /// The report over `since` (`all`, `30d`, `12w`).
    fn report(&self, since: &str) -> Result<Report, EngineError>;

    /// Imports `body` in `format`, exactly as `rapport import` would.
    fn import(&self, format: &str, body: &[u8]) -> Result<ImportSummary, EngineError>;

    /// Every cohort with its members' progress, as `rapport cohort show`.
    fn cohorts(&self) -> Result<Cohorts, EngineError>;

    /// Plans the next `size` people to cultivate, as `rapport cohort plan`.
    fn plan_cohort(&self, size: usize) -> Result<CohortPlan, EngineError>;

    /// People labelled influencer, largest reach first.
    fn influencers(&self) -> Result<Influencers, EngineError>;

    /// The shop profile, as `rapport profile show`.
    fn profile(&self) -> Result<ProfileShown, EngineError>;

    /// Replaces the shop profile: validates it, writes the profile file
    /// the server was started with, and judges everyone against it from
    /// then on. An invalid profile is [`EngineError::BadInput`].
    fn set_profile(&self, profile: ProfileUpdate) -> Result<ProfileShown, EngineError>;

    /// Every thread with inbound words, latest activity first.
    fn threads(&self) -> Result<Arc<ThreadList>, EngineError>;

    /// One thread, by `CHANNEL:ROOT` or the id of a message in it.
    fn thread(&self, key: &str) -> Result<Option<Thread>, EngineError>;

    /// Alerts and follow-up tasks, overdue first (before the team's own
    /// state — replied, handled, snoozed — is applied). `overdue` is as
    /// of when they were computed; callers judge `due_at` again.
    fn alerts(&self) -> Result<Arc<Alerts>, EngineError>;

    /// For the badge on every page: how many alerts are due by `now`
    /// (seconds), leaving out those on the interactions in `closed`, if
    /// the alerts are computed already (the badge stays off until they
    /// are; no page waits for it), in time independent of how many there
    /// are.
    fn overdue_alerts(&self, _closed: &HashSet<i64>, _now: i64) -> Option<usize> {
        None
    }

    /// People per stage at the end of every week.
    fn ladder_weekly(&self) -> Result<Vec<StageWeek>, EngineError>;

    /// Every value-first touch, each under the person it belongs to
    /// today, oldest first.
    fn touches(&self) -> Result<Arc<Vec<Touch>>, EngineError>;

    /// Logs a touch for person `person` (`kind` and `note` already
    /// checked; `at` in seconds; `by` the user's email) and forgets the
    /// computed views, so the next read shows it. Returns the touch's id.
    fn log_touch(
        &self,
        person: i64,
        kind: &str,
        note: &str,
        at: i64,
        by: &str,
    ) -> Result<i64, EngineError>;
}
