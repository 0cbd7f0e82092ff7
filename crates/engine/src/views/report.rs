//! The report: meaningful figures beside vanity ones, per channel and per
//! week, how many true fans the revenue goal needs, and detractors'
//! recovery (`rapport report`, `GET /api/report`, the Report page) —
//! read from the figures the writers keep per day and channel
//! ([`rapport_store::views::ReportRows`]), so any window costs the days
//! in it, not the interactions.
//!
//! Windows are whole UTC days: `30d` is today and the 29 days before,
//! `12w` the last 84 days. Median and 90th-percentile first response
//! times are read from buckets ([`rapport_store::views::bucket`]): exact
//! to the minute below four hours, to five minutes below two days, to
//! the hour below two weeks.

use crate::EngineError;
use rapport_core::goal::{self, Goal};
use rapport_core::profile::Profile;
use rapport_core::report::{ChannelFigures, Meaningful, Report, Vanity};
use rapport_core::trends::{week_start, Week, WEEK};
use rapport_core::Said;
use rapport_core::Timestamp;
use rapport_store::views::{bucket_minutes, DayFigures, ReportRows};
use rapport_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Seconds in a day.
const DAY: i64 = 86_400;
/// The longest window a report takes, in days (a hundred years).
const MAX_DAYS: i64 = 36_525;

/// Parses `all`, `30d` or `12w` into the start of the window (midnight
/// UTC, seconds) as of `now`, or `None` for all time.
pub fn parse_since(raw: &str, now: i64) -> Result<Option<i64>, EngineError> {
    let raw = raw.trim();
    if raw == "all" {
        return Ok(None);
    }
    let bad = || {
        EngineError::bad(format!(
            "since {raw:?}: expected `all` or a number of days or weeks like 30d or 12w"
        ))
    };
    let (num, per) = if let Some(n) = raw.strip_suffix('d') {
        (n, 1)
    } else if let Some(n) = raw.strip_suffix('w') {
        (n, 7)
    } else {
        return Err(bad());
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) || num.len() > 9 {
        return Err(bad());
    }
    let n: i64 = num.parse().map_err(|_| bad())?;
    let days = n * per;
    if days == 0 || days > MAX_DAYS {
        return Err(EngineError::bad(format!(
            "since {raw:?}: a window of 1 to {MAX_DAYS} days"
        )));
    }
    let today = now.div_euclid(DAY);
    Ok(Some((today - (days - 1)) * DAY))
}

/// Detractors and how many recovered.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Detractors {
    /// People labelled `detractor`.
    pub detractors: u64,
    /// Of those, recovered: their latest complaint was answered and their
    /// latest words since are positive or neutral.
    pub recovered: u64,
}

/// The report with the relationship engine's figures beside the contract's.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FullReport {
    /// The contract's report (`meaningful`, `vanity`, `per_channel`, …).
    #[serde(flatten)]
    pub base: Report,
    /// True fans needed for the revenue goal, against true fans now.
    pub goal: Goal,
    /// Detractors and recoveries.
    pub detractors: Detractors,
    /// Per calendar week: answers, first response, fans and evangelists
    /// gained.
    pub weekly: Vec<Week>,
    /// The answer-target rule and what is past it now.
    pub answer_targets: AnswerTargets,
}

/// The shop's answer targets and the messages past theirs now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerTargets {
    /// The rule in one sentence.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rule: Said,
    /// The short target, in minutes.
    pub fast_minutes: u32,
    /// The long target, in minutes.
    pub other_minutes: u32,
    /// Open messages past their target now.
    pub past_target: u64,
    /// The most urgent of those, with the inbox's words.
    pub most_urgent: Vec<PastTarget>,
}

/// One message past its answer target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PastTarget {
    /// The message.
    pub id: rapport_core::InteractionId,
    /// Its channel.
    pub channel: String,
    /// Who wrote it.
    pub name: String,
    /// Their handle there.
    pub handle: String,
    /// `waiting 3 days, past the 1-hour target`.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub words: Said,
}

/// Messages listed as the most urgent past their target.
const MOST_URGENT: u64 = 5;

/// The answer targets of `profile` and the open messages past them at
/// `now`, as the inbox reads them (`over_target`).
pub fn answer_targets(
    store: &dyn Store,
    profile: &Profile,
    now: i64,
) -> Result<AnswerTargets, EngineError> {
    let t = profile.answer_targets;
    let wanted = super::inbox::Wanted {
        filter: rapport_store::views::QueueFilter {
            past_target: Some((t.secs(true), t.secs(false))),
            ..Default::default()
        },
        limit: MOST_URGENT,
        ..Default::default()
    };
    let page = super::inbox::page(store, now, &wanted, t)?;
    Ok(AnswerTargets {
        rule: t.rule(),
        fast_minutes: t.fast_minutes,
        other_minutes: t.other_minutes,
        past_target: page.total,
        most_urgent: page
            .items
            .into_iter()
            .map(|i| PastTarget {
                words: rapport_core::priority::target_words(
                    i.created_at.0,
                    now,
                    i.target_minutes * 60,
                ),
                id: i.id,
                channel: i.channel,
                name: i.person.name,
                handle: i.person.handle,
            })
            .collect(),
    })
}

/// The window of a report.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// `all` (default), `30d`, `12w`, ….
    pub since: Option<String>,
}

/// Response-time buckets → the median and 90th percentile in minutes
/// (rounded to a tenth), as [`rapport_core::report::median`] and
/// [`rapport_core::report::percentile`] read sorted values.
fn percentiles(buckets: &Buckets) -> (Option<f64>, Option<f64>) {
    let n: u64 = buckets.0.iter().sum();
    if n == 0 {
        return (None, None);
    }
    // The value at 1-based rank `k`.
    let at = |k: u64| -> f64 {
        let mut seen = 0;
        for (b, &c) in buckets.0.iter().enumerate() {
            seen += c;
            if seen >= k {
                return bucket_minutes(b as u16);
            }
        }
        0.0
    };
    let median = if n % 2 == 1 {
        at(n / 2 + 1)
    } else {
        (at(n / 2) + at(n / 2 + 1)) / 2.0
    };
    let rank = ((0.9 * n as f64).ceil() as u64).clamp(1, n);
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    (Some(round1(median)), Some(round1(at(rank))))
}

/// First responses per bucket (the index), summed.
#[derive(Default)]
struct Buckets(Vec<u64>);

impl Buckets {
    fn add(&mut self, histogram: &[(u16, u32)]) {
        for &(b, n) in histogram {
            let b = usize::from(b);
            if b >= self.0.len() {
                self.0.resize(b + 1, 0);
            }
            self.0[b] += u64::from(n);
        }
    }
}

/// Figures summed over days.
#[derive(Default)]
struct Sum {
    d: DayFigures,
    buckets: Buckets,
}

impl Sum {
    fn add(&mut self, f: &DayFigures) {
        let d = &mut self.d;
        d.inbound += f.inbound;
        d.answered += f.answered;
        d.specific += f.specific;
        d.generic += f.generic;
        d.recommendations += f.recommendations;
        d.follows += f.follows;
        d.likes += f.likes;
        d.conversations += f.conversations;
        d.messages += f.messages;
    }

    fn figures(&self) -> (Meaningful, Vanity) {
        let d = &self.d;
        let (median, p90) = percentiles(&self.buckets);
        (
            Meaningful {
                inbound: d.inbound,
                answered: d.answered,
                answered_share: if d.inbound == 0 {
                    0.0
                } else {
                    d.answered as f64 / d.inbound as f64
                },
                median_first_response_minutes: median,
                p90_first_response_minutes: p90,
                conversations: d.conversations,
                specific_comments: d.specific,
                generic_comments: d.generic,
                recommendations: d.recommendations,
                true_fans: 0,
                evangelists: 0,
            },
            Vanity {
                followers: d.follows,
                likes: d.likes,
                comments: d.inbound,
            },
        )
    }
}

/// The full report over the window starting at `since` (seconds; `None`:
/// all time), with the ladder as of `as_of`.
pub fn report(
    store: &dyn Store,
    profile: &Profile,
    since: Option<i64>,
    as_of: i64,
    now: i64,
) -> Result<FullReport, EngineError> {
    let valued_currencies: Vec<String> = std::iter::once(profile.currency.clone())
        .chain(profile.rates.keys().cloned())
        .collect();
    // From the Monday of the window's first week: the weekly figures
    // count whole weeks.
    let rows: ReportRows = store.report_rows(
        since.map(|s| week_start(s).div_euclid(DAY)),
        &valued_currencies,
    )?;
    let count = |key: &str| rows.counts.get(key).copied().unwrap_or(0);
    let since_day = since.map_or(i64::MIN, |s| s.div_euclid(DAY));
    // The window, over all channels and per channel.
    let mut all = Sum::default();
    let mut channels: BTreeMap<&str, Sum> = BTreeMap::new();
    for (channel, f) in rows.days.iter().filter(|(_, f)| f.day >= since_day) {
        all.add(f);
        channels.entry(channel).or_default().add(f);
    }
    for (channel, day, histogram) in &rows.responses {
        if *day < since_day {
            continue;
        }
        all.buckets.add(histogram);
        if let Some(c) = channels.get_mut(channel.as_str()) {
            c.buckets.add(histogram);
        }
    }
    let (mut meaningful, vanity) = all.figures();
    meaningful.true_fans = count("label:true_fan");
    meaningful.evangelists = count("label:evangelist");
    let per_channel = channels
        .iter()
        .filter(|(_, s)| s.d.messages > 0)
        .map(|(c, s)| {
            let (meaningful, vanity) = s.figures();
            (c.to_string(), ChannelFigures { meaningful, vanity })
        })
        .collect();
    let base = Report {
        since: since.map(|s| Timestamp(s).to_rfc3339()),
        meaningful,
        vanity,
        per_channel,
    };
    let (first, _) = rows.extent.unwrap_or((as_of, as_of));
    let span_days = (as_of - first).max(0) as f64 / DAY as f64;
    let weekly = match rows.extent {
        None => Vec::new(),
        Some((first, _)) => weekly(&rows, since.unwrap_or(first).max(first), as_of),
    };
    Ok(FullReport {
        answer_targets: answer_targets(store, profile, now)?,
        base,
        goal: goal::goal_of_totals(
            profile,
            &rows.fan_paid,
            count("label:true_fan"),
            rows.fans_valued,
            span_days,
        ),
        detractors: Detractors {
            detractors: rows.detractors.0,
            recovered: rows.detractors.1,
        },
        weekly,
    })
}

/// Per calendar week from the week of `from` to the week of `to`:
/// inbound and answered (by the day the words were written), the median
/// first response, and the fans and evangelists gained.
fn weekly(rows: &ReportRows, from: i64, to: i64) -> Vec<Week> {
    if to < from {
        return Vec::new();
    }
    let first = week_start(from);
    let n = ((week_start(to) - first) / WEEK + 1) as usize;
    let mut weeks: Vec<Sum> = (0..n).map(|_| Sum::default()).collect();
    let slot = |day: i64| -> Option<usize> {
        let at = day * DAY;
        (at >= first)
            .then(|| ((at - first) / WEEK) as usize)
            .filter(|&w| w < n)
    };
    for (_, f) in &rows.days {
        if let Some(w) = slot(f.day) {
            weeks[w].add(f);
        }
    }
    for (_, day, histogram) in &rows.responses {
        if let Some(w) = slot(*day) {
            weeks[w].buckets.add(histogram);
        }
    }
    let gains: BTreeMap<i64, (u64, u64)> =
        rows.gains.iter().map(|&(w, f, e)| (w, (f, e))).collect();
    weeks
        .iter()
        .enumerate()
        .map(|(w, s)| {
            let start = first + w as i64 * WEEK;
            let (inbound, answered) = (s.d.inbound, s.d.answered);
            let (fans, evangelists) = gains.get(&start).copied().unwrap_or((0, 0));
            Week {
                week_start: Timestamp(start).to_rfc3339(),
                inbound,
                answered,
                answered_share: if inbound == 0 {
                    0.0
                } else {
                    (answered as f64 / inbound as f64 * 1000.0).round() / 1000.0
                },
                median_first_response_minutes: percentiles(&s.buckets).0,
                fans_gained: fans,
                evangelists_gained: evangelists,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_767_614_400; // 2026-01-05T12:00:00Z

    #[test]
    fn windows_are_whole_days_and_bad_ones_are_refused_not_panics() {
        assert_eq!(parse_since("all", NOW).ok(), Some(None));
        let day = NOW / DAY * DAY;
        assert_eq!(parse_since("1d", NOW).ok(), Some(Some(day)));
        assert_eq!(parse_since("30d", NOW).ok(), Some(Some(day - 29 * DAY)));
        assert_eq!(parse_since("2w", NOW).ok(), Some(Some(day - 13 * DAY)));
        for bad in [
            "é",
            "30",
            "d",
            "-3d",
            "0d",
            "99999999999999999999d",
            "3x",
            "1é",
            "9999999w",
        ] {
            assert!(
                matches!(parse_since(bad, NOW), Err(EngineError::BadInput(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn percentiles_from_buckets_follow_their_definitions() {
        // 1, 2, 3 and 10 minutes.
        let mut b = Buckets::default();
        b.add(&[(1, 1), (2, 1), (3, 1)]);
        b.add(&[(10, 1)]);
        assert_eq!(percentiles(&b), (Some(2.5), Some(10.0)));
        assert_eq!(percentiles(&Buckets::default()), (None, None));
    }
}
