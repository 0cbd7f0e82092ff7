//! Cohorts: the people the shop chose to cultivate, a handful at a time
//! (schema migration 3). The engine decides who and reads their progress
//! from interactions; the store keeps the plan and the last progress seen.

use rapport_core::{PersonId, Said};
use serde::Serialize;

/// One member as planned.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCohortMember {
    /// Who.
    pub person: PersonId,
    /// Their stage when planned (`engaged`, …).
    pub stage_at_plan: String,
    /// Affinity with the shop's topics, 0..=1.
    pub affinity: f64,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// The opener.
    pub opener: String,
    /// Why this person, in a sentence (stored with its kind).
    pub why: Said,
    /// Their question still unanswered when planned: answer it first.
    pub question: Option<rapport_core::InteractionId>,
}

/// One member as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortMemberRow {
    /// Who.
    pub person: PersonId,
    /// Position in the plan, from 0.
    pub position: i64,
    /// Their stage when planned.
    pub stage_at_plan: String,
    /// Affinity with the shop's topics.
    pub affinity: f64,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// The opener.
    pub opener: String,
    /// `planned`, `contacted`, `answered`, `moved_up`, `graduated` or
    /// `given_up`.
    pub status: String,
    /// First shop message after the plan (seconds).
    pub contacted_at: Option<i64>,
    /// Their first words after that.
    pub answered_at: Option<i64>,
    /// When they were first seen above their planned stage.
    pub moved_up_at: Option<i64>,
    /// When they were first seen as a fan.
    pub graduated_at: Option<i64>,
    /// When the shop gave up on them.
    pub given_up_at: Option<i64>,
    /// Why this person, in a sentence (in English in JSON).
    #[serde(serialize_with = "rapport_core::said::english")]
    pub why: Said,
    /// Their question still unanswered when planned.
    pub question: Option<rapport_core::InteractionId>,
}

/// A cohort and its members.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// Row id.
    pub id: i64,
    /// When it was planned (seconds).
    pub planned_at: i64,
    /// Members, in plan order.
    pub members: Vec<CohortMemberRow>,
}

/// Progress seen for one member; timestamps already stored are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberProgress {
    /// The cohort.
    pub cohort: i64,
    /// The member.
    pub person: PersonId,
    /// New status name.
    pub status: String,
    /// See [`CohortMemberRow`].
    pub contacted_at: Option<i64>,
    /// See [`CohortMemberRow`].
    pub answered_at: Option<i64>,
    /// See [`CohortMemberRow`].
    pub moved_up_at: Option<i64>,
    /// See [`CohortMemberRow`].
    pub graduated_at: Option<i64>,
    /// See [`CohortMemberRow`].
    pub given_up_at: Option<i64>,
}
