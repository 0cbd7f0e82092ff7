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
use crate::signals::Signals;

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
/// Answer target for the people a slow answer costs most, in seconds.
pub const VIP_TARGET: i64 = 3_600;
/// Answer target for everyone else, in seconds.
pub const TARGET: i64 = 24 * 3_600;

/// The labels whose people get the one-hour answer target.
pub const VIP_LABELS: [Label; 3] = [Label::TrueFan, Label::Evangelist, Label::Influencer];

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

/// The first of the author's labels that earns the one-hour target.
pub fn vip(labels: &[Label]) -> Option<Label> {
    labels.iter().find(|l| VIP_LABELS.contains(l)).copied()
}

/// The answer target, in seconds, for an author who is (or is not) one of
/// the [`VIP_LABELS`].
pub fn target(vip: bool) -> i64 {
    if vip {
        VIP_TARGET
    } else {
        TARGET
    }
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
}
