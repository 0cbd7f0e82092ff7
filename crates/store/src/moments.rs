//! Moments a person should act on, found in the messages as they are
//! stored (the engine's alerts show them beside the unanswered words and
//! the ladder's changes):
//!
//! - `bought_question`: a question that names something the person
//!   already bought;
//! - `repeat_complaint`: a second complaint within 30 days;
//! - `detractor_public`: a detractor writing where others read it;
//! - `influencer_mention`: an influencer whose audience suits the shop
//!   mentioning, commenting on or sharing it (questions and complaints
//!   are the unanswered alerts' already);
//! - `follow_up`: the shop answered a question or complaint (in the last
//!   [`FOLLOW_UP_WITHIN`]): the next day, ask how it went.
//!
//! A moment tied to a person's message is done when that message is
//! answered or handled; a follow-up when the person writes again or a
//! team member marks it done.

use rapport_core::{InteractionId, PersonId};
use serde::Serialize;

/// What a moment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MomentKind {
    /// A question naming something the person bought.
    BoughtQuestion,
    /// A second complaint within 30 days.
    RepeatComplaint,
    /// A detractor writing where others read it.
    DetractorPublic,
    /// An aligned influencer mentioning, commenting on or sharing the shop.
    InfluencerMention,
    /// The day after the shop answered a question or complaint.
    FollowUp,
}

impl MomentKind {
    /// Every kind.
    pub const ALL: [MomentKind; 5] = [
        MomentKind::BoughtQuestion,
        MomentKind::RepeatComplaint,
        MomentKind::DetractorPublic,
        MomentKind::InfluencerMention,
        MomentKind::FollowUp,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MomentKind::BoughtQuestion => "bought_question",
            MomentKind::RepeatComplaint => "repeat_complaint",
            MomentKind::DetractorPublic => "detractor_public",
            MomentKind::InfluencerMention => "influencer_mention",
            MomentKind::FollowUp => "follow_up",
        }
    }

    /// The kind stored as `s`.
    pub fn parse(s: &str) -> Option<MomentKind> {
        MomentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How long after the message a moment is due: an hour, or the next day
/// for a follow-up.
pub fn due_after(kind: MomentKind) -> i64 {
    match kind {
        MomentKind::FollowUp => 86_400,
        _ => 3_600,
    }
}

/// Complaints this close together make a repeat.
pub const REPEAT_WITHIN: i64 = 30 * 86_400;

/// How far back from the verdicts' moment a message can still make a
/// moment (older ones are past acting on): the scan is given
/// `as_of - MOMENTS_WITHIN`.
pub const MOMENTS_WITHIN: i64 = 30 * 86_400;

/// A follow-up is worth it this long after the answer, no longer.
pub const FOLLOW_UP_WITHIN: i64 = 7 * 86_400;

/// One open moment.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentRow {
    /// Row id.
    pub id: i64,
    /// What it is.
    pub kind: MomentKind,
    /// Who.
    pub person: PersonId,
    /// The message (for a follow-up: the shop's answer).
    pub interaction: InteractionId,
    /// When it happened.
    pub at: i64,
    /// When a person should act by.
    pub due_at: i64,
    /// What was found (the product asked about).
    pub detail: String,
}

/// Open moments of one kind: how many, and how many are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MomentCount {
    /// The kind.
    pub kind: MomentKind,
    /// Open.
    pub open: u64,
    /// Open and due.
    pub due: u64,
}

/// What a person decided about an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Dealt with.
    Done,
    /// Not now: back at this moment (seconds).
    Snoozed(i64),
    /// Not worth acting on.
    Dismissed,
}

impl Decision {
    /// The stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Done => "done",
            Decision::Snoozed(_) => "snoozed",
            Decision::Dismissed => "dismissed",
        }
    }

    /// The decision stored as `state` (its [`Decision::as_str`]) and
    /// `until` (a snooze's end); anything else reads as done.
    pub fn from_stored(state: &str, until: Option<i64>) -> Decision {
        match (state, until) {
            ("snoozed", Some(t)) => Decision::Snoozed(t),
            ("dismissed", _) => Decision::Dismissed,
            _ => Decision::Done,
        }
    }

    /// When a snooze ends (stored beside the state).
    pub fn until(&self) -> Option<i64> {
        match self {
            Decision::Snoozed(t) => Some(*t),
            _ => None,
        }
    }
}

/// A decision about an alert on a person's place on the ladder, kept with
/// the cause it was made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertDecisionRow {
    /// The watched kind (`detractor`, `falling`, `fell`, `mismatch`).
    pub kind: String,
    /// Who.
    pub person: PersonId,
    /// What was decided.
    pub decision: Decision,
    /// The cause it was decided on; another cause raises the alert again.
    pub cause: String,
    /// Why, if given.
    pub reason: Option<String>,
    /// Who decided.
    pub actor: String,
    /// When.
    pub at: i64,
}
