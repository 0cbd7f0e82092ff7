//! The ladder replayed over time: where a person stood at each moment of
//! their history, and how many people stood on each rung week by week.
//!
//! The ladder judges a history *as of* a moment ([`ladder::assess`]), so
//! replaying it is cutting the history at that moment and judging again.
//! A verdict can change only when something happens (an activity, an
//! order) or when an activity leaves the [`ladder::WINDOW_DAYS`] window;
//! [`moments`] lists exactly those instants, so a replay over them sees
//! every change, at the instant it happened.
//!
//! A person's stage history, the alerts ("became a detractor", "slipped
//! from fan") and the ladder's weekly movement all read this one replay.

use crate::ladder::{self, Assessment, History, Stage};
use crate::trends::{week_start, WEEK};
use crate::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

pub use ladder::upto;

/// Every instant up to `as_of` at which the verdict on `h` can change:
/// each activity and order, the second after each activity leaves the
/// window, and `as_of` itself; ascending, without repeats.
pub fn moments(h: &History, as_of: i64) -> Vec<i64> {
    let mut out: Vec<i64> = ladder::change_moments(h).filter(|&t| t <= as_of).collect();
    out.push(as_of);
    out.sort_unstable();
    out.dedup();
    out
}

/// One verdict in a replay, from `at` until the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// When this verdict started (seconds since the epoch).
    pub at: i64,
    /// The verdict.
    pub assessment: Assessment,
}

/// Replays `h` up to `as_of`: the first verdict and every later one whose
/// stage or labels differ from the one before. Empty for an empty history.
pub fn replay(h: &History, as_of: i64) -> Vec<Step> {
    if h.activities.is_empty() && h.purchases.is_empty() {
        return Vec::new();
    }
    let ordered = h.in_order();
    let mut out: Vec<Step> = Vec::new();
    for t in moments(h, as_of) {
        let a = ladder::assess_upto(&ordered, t);
        let changed = out
            .last()
            .is_none_or(|s| s.assessment.stage != a.stage || s.assessment.labels != a.labels);
        if changed {
            out.push(Step {
                at: t,
                assessment: a,
            });
        }
    }
    out
}

/// A step of a replay as it is kept: from `at` on, `stage` and the
/// labels' bits ([`crate::ladder::Label::bits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// When this verdict started (seconds since the epoch).
    pub at: i64,
    /// The stage from then on.
    pub stage: Stage,
    /// The labels from then on, as bits.
    pub labels: u8,
}

/// The marks of a replay's steps.
pub fn marks(steps: &[Step]) -> Vec<Mark> {
    steps
        .iter()
        .map(|s| Mark {
            at: s.at,
            stage: s.assessment.stage,
            labels: crate::ladder::Label::bits(&s.assessment.labels),
        })
        .collect()
}

/// What one person's marks add to the people per stage at each week's end
/// ([`stages_weekly`]): per week (its Monday), +1 for the stage entered
/// and -1 for the stage left. Summed over everyone and over the weeks up
/// to one, they give that week's counts.
pub fn stage_deltas(marks: &[Mark]) -> Vec<(i64, Stage, i64)> {
    let mut out = Vec::new();
    let mut before: Option<Stage> = None;
    for m in marks {
        if before == Some(m.stage) {
            continue;
        }
        let week = week_start(m.at);
        if let Some(b) = before {
            out.push((week, b, -1));
        }
        out.push((week, m.stage, 1));
        before = Some(m.stage);
    }
    out
}

/// The weeks (their Mondays) in which one person's marks make them a fan
/// (`.1`) or an evangelist (`.2`) as [`crate::trends::weekly`] counts
/// gains: not so at the week's start, so at its end (a week's end is the
/// next Monday 00:00; a mark at that instant counts for the week ending).
pub fn gains(marks: &[Mark]) -> Vec<(i64, bool, bool)> {
    let evangelist = crate::ladder::Label::Evangelist.bit();
    let fan = |m: &Mark| m.stage == Stage::Fan;
    let preaches = |m: &Mark| m.labels & evangelist != 0;
    // The flags in force at `t`: the last mark at or before it.
    let at = |t: i64| -> (bool, bool) {
        let n = marks.partition_point(|m| m.at <= t);
        n.checked_sub(1)
            .map_or((false, false), |i| (fan(&marks[i]), preaches(&marks[i])))
    };
    let mut weeks: Vec<i64> = marks.iter().map(|m| week_start(m.at - 1)).collect();
    weeks.dedup();
    let mut out = Vec::new();
    for w in weeks {
        let (f0, e0) = at(w);
        let (f1, e1) = at(w + WEEK);
        let (f, e) = (f1 && !f0, e1 && !e0);
        if f || e {
            out.push((w, f, e));
        }
    }
    out
}

/// How many people stood on each rung at the end of one week.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageWeek {
    /// Monday of the week (RFC 3339).
    pub week_start: String,
    /// People per stage at the week's end (the last week: as of `to`),
    /// counting only people known by then.
    pub stages: BTreeMap<Stage, u64>,
}

/// People per stage at the end of every week from the week of `from` to
/// the week of `to`.
pub fn stages_weekly(histories: &[History], from: i64, to: i64) -> Vec<StageWeek> {
    if to < from {
        return Vec::new();
    }
    let first = week_start(from);
    let n = ((week_start(to) - first) / WEEK + 1) as usize;
    let ends: Vec<i64> = (1..=n)
        .map(|i| (first + i as i64 * WEEK - 1).min(to))
        .collect();
    let mut counts: Vec<BTreeMap<Stage, u64>> = vec![BTreeMap::new(); n];
    for h in histories {
        for (w, &end) in ends.iter().enumerate() {
            let cut = upto(h, end);
            if cut.activities.is_empty() && cut.purchases.is_empty() {
                continue;
            }
            *counts[w]
                .entry(ladder::assess(&cut, end).stage)
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(w, stages)| StageWeek {
            week_start: Timestamp(first + w as i64 * WEEK).to_rfc3339(),
            stages,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::{Activity, Label};
    use crate::ladder::{DECAY_STEP_DAYS, DOWNGRADE_GRACE_DAYS};
    use crate::Kind;

    // 2026-01-05 was a Monday.
    const MON: i64 = 1_767_571_200;
    const DAY: i64 = 86_400;

    fn said(text: &str, at: i64) -> Activity {
        Activity {
            kind: Kind::Comment,
            signals: crate::signals::Signals::read(text, None),
            at,
            post_id: Some("p".into()),
        }
    }

    fn specific(at: i64) -> Activity {
        said(
            &format!("The gravel tyre number {at} rolls fast on the Alb"),
            at,
        )
    }

    #[test]
    fn a_fan_who_goes_quiet_slips_a_grace_period_after_the_evidence_fades() {
        let h = History {
            // The sixth a day after the others: a fan by words talks with
            // the shop on more than one day.
            activities: (0..6)
                .map(|i| specific(MON + i * 60 + if i == 5 { DAY } else { 0 }))
                .collect(),
            ..History::default()
        };
        let as_of = MON + 130 * DAY;
        let steps = replay(&h, as_of);
        let stages: Vec<Stage> = steps.iter().map(|s| s.assessment.stage).collect();
        assert_eq!(stages.first(), Some(&Stage::Casual));
        assert!(stages.contains(&Stage::Fan), "{stages:?}");
        assert_eq!(stages.last(), Some(&Stage::Casual));
        let fan = steps
            .iter()
            .position(|s| s.assessment.stage == Stage::Fan)
            .unwrap_or(0);
        let dropped = &steps[fan + 1];
        // Once the last of the six comments (written a day and 300 s
        // after the first) is in its second month they are worth 6 × 0.9
        // = 5.4 points, below a fan's 5.45; the stage drops a grace period
        // later.
        let last = MON + DAY + 300;
        assert_eq!(
            dropped.at,
            last + (DECAY_STEP_DAYS + DOWNGRADE_GRACE_DAYS) * DAY + 1
        );
        assert_eq!(dropped.assessment.stage, Stage::Engaged);
    }

    #[test]
    fn a_label_appears_at_the_activity_that_earns_it() {
        let h = History {
            activities: vec![
                said("Does the trail tyre fit a 29er?", MON),
                said("Still waiting for my refund", MON + DAY),
            ],
            ..History::default()
        };
        let steps = replay(&h, MON + 2 * DAY);
        let first_detractor = steps
            .iter()
            .find(|s| s.assessment.labels.contains(&Label::Detractor))
            .map(|s| s.at);
        assert_eq!(first_detractor, Some(MON + DAY));
        assert!(replay(&History::default(), MON).is_empty());
    }

    /// Weekly stage counts and gains summed from each person's marks equal
    /// those replayed from the histories at every week's end.
    #[test]
    fn marks_add_up_to_the_weekly_replays() {
        let mut histories = Vec::new();
        for p in 0..12i64 {
            let activities = (0..(p % 7 + 1))
                .map(|i| {
                    let text = if p % 4 == 0 {
                        "My order arrived broken again".to_string()
                    } else if p % 3 == 0 {
                        format!("Told my friends to buy the gravel tyre {i} here, go try it")
                    } else {
                        format!("The gravel tyre number {i} rolls fast on the Alb")
                    };
                    said(&text, MON + p * 3 * DAY + i * 4 * DAY + p * 7)
                })
                .collect();
            histories.push(History {
                activities,
                ..History::default()
            });
        }
        let to = MON + 140 * DAY + 5;
        let weekly = stages_weekly(&histories, MON, to);
        let mut deltas: BTreeMap<(i64, Stage), i64> = BTreeMap::new();
        let mut fans: BTreeMap<i64, u64> = BTreeMap::new();
        let mut evangelists: BTreeMap<i64, u64> = BTreeMap::new();
        for h in &histories {
            let m = marks(&replay(h, to));
            for (w, st, d) in stage_deltas(&m) {
                *deltas.entry((w, st)).or_default() += d;
            }
            for (w, f, e) in gains(&m) {
                *fans.entry(w).or_default() += u64::from(f);
                *evangelists.entry(w).or_default() += u64::from(e);
            }
        }
        for (n, week) in weekly.iter().enumerate() {
            let start = MON + n as i64 * WEEK;
            for st in Stage::ALL {
                let sum: i64 = deltas
                    .range((i64::MIN, st)..=(start, Stage::Fan))
                    .filter(|((_, s), _)| *s == st)
                    .map(|(_, d)| d)
                    .sum();
                assert_eq!(
                    week.stages.get(&st).copied().unwrap_or(0) as i64,
                    sum,
                    "week {n} {st:?}"
                );
            }
        }
        let rows: Vec<crate::report::Row> = Vec::new();
        let trend = crate::trends::weekly(&rows, &histories, MON, to);
        assert!(trend
            .iter()
            .any(|w| w.fans_gained > 0 || w.evangelists_gained > 0));
        for (n, w) in trend.iter().enumerate() {
            let start = MON + n as i64 * WEEK;
            assert_eq!(
                w.fans_gained,
                fans.get(&start).copied().unwrap_or(0),
                "fans {n}"
            );
            assert_eq!(
                w.evangelists_gained,
                evangelists.get(&start).copied().unwrap_or(0),
                "evangelists {n}"
            );
        }
    }

    #[test]
    fn weekly_stages_count_people_known_by_each_week_end() {
        let early = History {
            activities: vec![said("Does the tyre fit a 29er?", MON + DAY)],
            ..History::default()
        };
        let late = History {
            activities: vec![said("Which helmet size for a 58 cm head?", MON + 8 * DAY)],
            ..History::default()
        };
        let w = stages_weekly(&[early, late], MON, MON + 9 * DAY);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].week_start, "2026-01-05T00:00:00Z");
        assert_eq!(w[0].stages.get(&Stage::Casual), Some(&1));
        assert_eq!(w[1].stages.get(&Stage::Casual), Some(&2));
        assert!(stages_weekly(&[], MON, MON - 1).is_empty());
    }
}
