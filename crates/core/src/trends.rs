//! The report over time: one row per calendar week (Monday 00:00 UTC).
//!
//! Per week: inbound words, the share answered and the median first
//! response (of the inbound written that week), and the fans and
//! evangelists *gained* — people who are `fan` (or carry `evangelist`) at
//! the week's end and were not at its start, by replaying the ladder on
//! their history up to each boundary.

use crate::ladder::{self, History, Label, Stage};
use crate::report::{median, Row};
use crate::Timestamp;
use serde::Serialize;

/// Seconds in a week.
pub const WEEK: i64 = 7 * 86_400;
/// 1970-01-01 was a Thursday: Mondays are 3 days off the epoch grid.
const MONDAY_OFFSET: i64 = 3 * 86_400;

/// The Monday 00:00 UTC at or before `t`.
pub fn week_start(t: i64) -> i64 {
    (t + MONDAY_OFFSET).div_euclid(WEEK) * WEEK - MONDAY_OFFSET
}

/// One week's figures.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
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

/// Weekly figures from the week of `from` to the week of `to`.
pub fn weekly(rows: &[Row], histories: &[History], from: i64, to: i64) -> Vec<Week> {
    if to < from {
        return Vec::new();
    }
    let first = week_start(from);
    let n = ((week_start(to) - first) / WEEK + 1) as usize;
    let mut inbound = vec![0u64; n];
    let mut answered = vec![0u64; n];
    let mut minutes: Vec<Vec<f64>> = vec![Vec::new(); n];
    for r in rows {
        if r.from_brand || !r.kind.is_conversational() || r.at < first {
            continue;
        }
        let w = ((r.at - first) / WEEK) as usize;
        if w >= n {
            continue;
        }
        inbound[w] += 1;
        if let Some(a) = r.answered_at {
            answered[w] += 1;
            minutes[w].push((a - r.at) as f64 / 60.0);
        }
    }
    // Boundaries: the start of the first week, then each week's end (the
    // last one capped at `to`, so a running week reads as of now).
    let bounds: Vec<i64> = (0..=n)
        .map(|i| (first + i as i64 * WEEK).min(to.max(first)))
        .collect();
    let mut fans = vec![0u64; n];
    let mut evangelists = vec![0u64; n];
    for h in histories {
        let mut before = state(h, bounds[0]);
        for w in 0..n {
            let now = state(h, bounds[w + 1]);
            fans[w] += u64::from(now.0 && !before.0);
            evangelists[w] += u64::from(now.1 && !before.1);
            before = now;
        }
    }
    (0..n)
        .map(|w| {
            minutes[w].sort_by(f64::total_cmp);
            Week {
                week_start: Timestamp(first + w as i64 * WEEK).to_rfc3339(),
                inbound: inbound[w],
                answered: answered[w],
                answered_share: if inbound[w] == 0 {
                    0.0
                } else {
                    (answered[w] as f64 / inbound[w] as f64 * 1000.0).round() / 1000.0
                },
                median_first_response_minutes: median(&minutes[w])
                    .map(|m| (m * 10.0).round() / 10.0),
                fans_gained: fans[w],
                evangelists_gained: evangelists[w],
            }
        })
        .collect()
}

/// (is a fan, is an evangelist) as of `t`, from the history up to `t`.
fn state(h: &History, t: i64) -> (bool, bool) {
    let upto = History {
        activities: h.activities.iter().filter(|a| a.at <= t).cloned().collect(),
        purchases: h.purchases.iter().filter(|p| p.at <= t).cloned().collect(),
        followers: h.followers,
    };
    if upto.activities.is_empty() && upto.purchases.is_empty() {
        return (false, false);
    }
    let a = ladder::assess(&upto, t);
    (a.stage == Stage::Fan, a.labels.contains(&Label::Evangelist))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::Activity;
    use crate::Kind;

    // 2026-01-05 was a Monday.
    const MON: i64 = 1_767_571_200;

    #[test]
    fn weeks_start_on_monday_utc() {
        assert_eq!(week_start(MON), MON);
        assert_eq!(week_start(MON + 6 * 86_400 + 3_600), MON);
        assert_eq!(week_start(MON - 1), MON - WEEK);
    }

    fn row(at: i64, answered_at: Option<i64>) -> Row {
        Row {
            channel: "instagram".into(),
            kind: Kind::Comment,
            from_brand: false,
            at,
            answered_at,
            signals: crate::signals::Signals::read("Does the tyre fit?", None),
        }
    }

    #[test]
    fn a_hand_computed_two_week_case() {
        // Week 1: two inbound, one answered after 30 min. Week 2: one
        // inbound, answered after 10 min; a person posts their third and
        // sixth specific comment in week 2 (the sixth the next day: a fan
        // by words talks on more than one day) and becomes a fan there.
        let rows = vec![
            row(MON + 100, Some(MON + 100 + 1_800)),
            row(MON + 200, None),
            row(MON + WEEK + 50, Some(MON + WEEK + 650)),
        ];
        let said = |at: i64| Activity {
            kind: Kind::Comment,
            signals: crate::signals::Signals::read(
                &format!("The gravel tyre number {at} rolls fast on the Alb"),
                None,
            ),
            at,
            post_id: Some("p".into()),
        };
        let fan = History {
            activities: (0..6)
                .map(|i| said(MON + WEEK + 1_000 + i + if i == 5 { 86_400 } else { 0 }))
                .collect(),
            ..History::default()
        };
        let w = weekly(&rows, &[fan], MON, MON + WEEK + 2 * 86_400);
        assert_eq!(w.len(), 2);
        assert_eq!(
            (w[0].inbound, w[0].answered, w[0].answered_share),
            (2, 1, 0.5)
        );
        assert_eq!(w[0].median_first_response_minutes, Some(30.0));
        assert_eq!(
            (w[1].inbound, w[1].median_first_response_minutes),
            (1, Some(10.0))
        );
        assert_eq!((w[0].fans_gained, w[1].fans_gained), (0, 1));
        assert_eq!(w[0].week_start, "2026-01-05T00:00:00Z");
    }
}
