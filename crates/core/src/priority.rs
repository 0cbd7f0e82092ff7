//! How urgent an unanswered message is, and how soon it should be
//! answered: one rule for the inbox's order, the alerts' due times and the
//! report.
//!
//! A priority adds up plain reasons, each shown to the team: a complaint
//! or a question needs an answer; a true fan, evangelist or unhappy person
//! matters more; waiting past one hour (40% of people expect an answer by
//! then) and past a day (79% do) raises it; a stock phrase lowers it. The
//! parts that do not move with the clock ([`base`] from the words,
//! [`label_weight`] from the author) are stored with each queued message;
//! [`waiting_bonus`] is added when the queue is read.

use crate::ladder::Label;
use crate::said::Said;
use crate::signals::Signals;
use serde::{Deserialize, Serialize};

/// Points for a complaint.
pub const COMPLAINT: i64 = 40;
/// Points for a question (not also a complaint).
pub const QUESTION: i64 = 30;
/// Points for a stock phrase ("great post!"): rarely worth an answer first.
pub const STOCK_PHRASE: i64 = -30;
/// Points per label of the author.
pub const LABEL_WEIGHTS: [(Label, i64); 4] = [
    (Label::TrueFan, 20),
    (Label::Evangelist, 15),
    (Label::Detractor, 15),
    (Label::Influencer, 10),
];
/// Points for waiting more than an hour.
pub const OVER_HOUR: i64 = 10;
/// Points for waiting more than a day (instead of [`OVER_HOUR`]).
pub const OVER_DAY: i64 = 20;
/// The default answer target for the people a slow answer costs most, in
/// seconds.
pub const VIP_TARGET: i64 = 3_600;
/// The default answer target for everyone else, in seconds.
pub const TARGET: i64 = 24 * 3_600;
/// The longest answer target a profile may set, in minutes (30 days).
pub const MAX_TARGET_MINUTES: u32 = 30 * 24 * 60;

/// The labels whose people get the short answer target for every message;
/// a [`Label::Detractor`] gets it for a complaint.
pub const VIP_LABELS: [Label; 3] = [Label::TrueFan, Label::Evangelist, Label::Influencer];

/// The shop's answer targets (`[answer_targets]` in the profile): how soon
/// a message should be answered. One rule, read by the inbox, the alerts,
/// the report and the CLI alike: the short target for every message of a
/// true fan, evangelist or influencer and for a detractor's complaint, the
/// long one for everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// Minutes for the people a slow answer costs most (default 60).
    pub fast_minutes: u32,
    /// Minutes for everyone else (default 1440, a day).
    pub other_minutes: u32,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fast_minutes: (VIP_TARGET / 60) as u32,
            other_minutes: (TARGET / 60) as u32,
        }
    }
}

impl Targets {
    /// The target in seconds for a message that earns the short one (or
    /// not).
    pub fn secs(self, fast: bool) -> i64 {
        i64::from(if fast {
            self.fast_minutes
        } else {
            self.other_minutes
        }) * 60
    }

    /// Whether the targets make sense: each from one minute to 30 days,
    /// the short one no longer than the other.
    pub fn check(&self) -> Result<(), String> {
        for (key, m) in [
            ("fast_minutes", self.fast_minutes),
            ("other_minutes", self.other_minutes),
        ] {
            if m == 0 || m > MAX_TARGET_MINUTES {
                return Err(format!(
                    "answer_targets.{key}: {m} is not a number of minutes from 1 to {MAX_TARGET_MINUTES}"
                ));
            }
        }
        if self.fast_minutes > self.other_minutes {
            return Err(format!(
                "answer_targets.fast_minutes: {} is longer than other_minutes ({})",
                self.fast_minutes, self.other_minutes
            ));
        }
        Ok(())
    }

    /// The rule in one sentence, as the report and settings show it.
    pub fn rule(&self) -> Said {
        Said::TargetRule {
            fast: self.secs(true),
            other: self.secs(false),
        }
    }
}

/// The part of a message's priority its words give.
pub fn base(signals: Signals) -> i64 {
    let mut p = if signals.complaint() {
        COMPLAINT
    } else if signals.question() {
        QUESTION
    } else {
        0
    };
    if signals.generic() {
        p += STOCK_PHRASE;
    }
    p
}

/// The part of a message's priority its author's labels give.
pub fn label_weight(labels: &[Label]) -> i64 {
    LABEL_WEIGHTS
        .iter()
        .filter(|(l, _)| labels.contains(l))
        .map(|(_, w)| w)
        .sum()
}

/// The first of the author's labels that earns the short target for
/// every message.
pub fn vip(labels: &[Label]) -> Option<Label> {
    labels.iter().find(|l| VIP_LABELS.contains(l)).copied()
}

/// Whether a message whose words give `base` earns its author the short
/// target: they are a VIP ([`vip`]), or a detractor and it is a complaint.
pub fn fast(vip: bool, detractor: bool, base: i64) -> bool {
    vip || (detractor && base == COMPLAINT)
}

/// The label that earns a message the short target, if one does.
pub fn fast_label(labels: &[Label], base: i64) -> Option<Label> {
    vip(labels).or_else(|| {
        fast(false, labels.contains(&Label::Detractor), base).then_some(Label::Detractor)
    })
}

/// The default answer target, in seconds, for a message that earns the
/// short target (or not).
pub fn target(fast: bool) -> i64 {
    Targets::default().secs(fast)
}

pub use crate::said::span;

/// How a message written at `at` stands against its target at `now`, in
/// the words the inbox, the alerts, the report and the CLI all use:
/// `waiting 3 days, past the 1-hour target` or `waiting 20 min, 40 min
/// left of the 1-hour target` ([`Said::waiting`]).
pub fn target_words(at: i64, now: i64, target: i64) -> Said {
    Said::waiting(at, now, target)
}

/// Minutes a message written at `at` has waited by `now` (never negative).
pub fn waiting_minutes(at: i64, now: i64) -> i64 {
    ((now - at) / 60).max(0)
}

/// The part of a message's priority its waiting gives.
pub fn waiting_bonus(waiting_minutes: i64) -> i64 {
    if waiting_minutes > 24 * 60 {
        OVER_DAY
    } else if waiting_minutes > 60 {
        OVER_HOUR
    } else {
        0
    }
}

/// The latest moment a message must have been written to have waited
/// more than a day at `now` (for [`OVER_DAY`]), and more than an hour
/// (for [`OVER_HOUR`]): `at <= cut` earns the bonus.
pub fn waiting_cuts(now: i64) -> (i64, i64) {
    // waiting > 1440 minutes ⇔ (now - at) / 60 ≥ 1441 ⇔ at ≤ now - 86_460.
    (now - (24 * 60 + 1) * 60, now - 61 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cuts_agree_with_the_bonus_at_every_second_around_them() {
        let now = 1_767_571_200;
        let (day, hour) = waiting_cuts(now);
        for at in (now - 90_000)..=now {
            let bonus = waiting_bonus(waiting_minutes(at, now));
            let by_cut = if at <= day {
                OVER_DAY
            } else if at <= hour {
                OVER_HOUR
            } else {
                0
            };
            assert_eq!(bonus, by_cut, "at {at}");
        }
    }

    #[test]
    fn words_and_labels_add_up() {
        let s = Signals::read("My order arrived broken, nobody answers", None);
        assert_eq!(base(s), COMPLAINT);
        assert_eq!(base(Signals::read("Great post!", None)), STOCK_PHRASE);
        assert_eq!(label_weight(&[Label::TrueFan, Label::Detractor]), 35);
        assert_eq!(
            vip(&[Label::Detractor, Label::Influencer]),
            Some(Label::Influencer)
        );
        assert_eq!(target(false), TARGET);
    }

    #[test]
    fn a_detractor_complaint_earns_the_short_target_and_nothing_else_of_theirs_does() {
        let d = [Label::Detractor];
        assert_eq!(fast_label(&d, COMPLAINT), Some(Label::Detractor));
        assert_eq!(fast_label(&d, QUESTION), None);
        assert_eq!(fast_label(&[Label::TrueFan], 0), Some(Label::TrueFan));
        assert!(fast(false, true, COMPLAINT));
        assert!(!fast(false, true, COMPLAINT + STOCK_PHRASE));
        assert!(!fast(false, false, COMPLAINT));
    }

    #[test]
    fn target_words_read_the_same_for_one_message_wherever_shown() {
        let at = 1_767_571_200;
        assert_eq!(
            target_words(at, at + 3 * 86_400, 3_600).to_string(),
            "waiting 3 days, past the 1-hour target"
        );
        assert_eq!(
            target_words(at, at + 20 * 60, 3_600).to_string(),
            "waiting 20 min, 40 min left of the 1-hour target"
        );
        assert_eq!(
            target_words(at, at + 5 * 3_600, 86_400).to_string(),
            "waiting 5 h, 19 h left of the 24-hour target"
        );
        assert_eq!(span(3 * 86_400), "3 days");
    }

    #[test]
    fn targets_are_checked() {
        assert!(Targets::default().check().is_ok());
        let t = Targets {
            fast_minutes: 0,
            other_minutes: 60,
        };
        assert!(t.check().unwrap_err().contains("fast_minutes"));
        let t = Targets {
            fast_minutes: 120,
            other_minutes: 60,
        };
        assert!(t.check().unwrap_err().contains("longer"));
        assert_eq!(
            Targets::default().rule().to_string(),
            "1 h for true fans, evangelists, influencers and detractors' complaints; 24 h for everyone else."
        );
    }
}
