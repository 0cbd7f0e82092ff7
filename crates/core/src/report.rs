//! Meaningful metrics beside vanity metrics.
//!
//! Meaningful: how many people spoke to the shop (inbound), what share got
//! an answer and how fast, how many real conversations happened, how many
//! comments were specific rather than stock phrases, and how many true fans
//! and evangelists the shop has. Vanity: followers, likes, comment counts —
//! shown so the difference is visible.

use crate::{signals, Kind};
use serde::Serialize;
use std::collections::BTreeMap;

/// One interaction, reduced to what the report reads.
#[derive(Debug, Clone)]
pub struct Row {
    /// The channel.
    pub channel: String,
    /// The kind.
    pub kind: Kind,
    /// Written by the shop.
    pub from_brand: bool,
    /// When, in seconds since the epoch.
    pub at: i64,
    /// For inbound interactions: when the shop first answered.
    pub answered_at: Option<i64>,
    /// What its words say.
    pub signals: signals::Signals,
}

impl Row {
    fn is_inbound(&self) -> bool {
        !self.from_brand && self.kind.is_conversational()
    }
}

/// The meaningful half of the report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Meaningful {
    /// Inbound interactions with words (comments, replies, mentions, messages, reviews).
    pub inbound: u64,
    /// Of those, answered by the shop.
    pub answered: u64,
    /// `answered / inbound`, 0 when there was nothing inbound.
    pub answered_share: f64,
    /// Median minutes to the first answer, over answered interactions.
    pub median_first_response_minutes: Option<f64>,
    /// 90th percentile (nearest rank) of the same.
    pub p90_first_response_minutes: Option<f64>,
    /// Threads with at least two exchanges.
    pub conversations: u64,
    /// Inbound comments specific to what they answer.
    pub specific_comments: u64,
    /// Inbound comments that are stock phrases.
    pub generic_comments: u64,
    /// Recommendations, shares and referrals.
    pub recommendations: u64,
    /// People labelled `true_fan`.
    pub true_fans: u64,
    /// People labelled `evangelist`.
    pub evangelists: u64,
}

/// The vanity half of the report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Vanity {
    /// Follow events.
    pub followers: u64,
    /// Likes.
    pub likes: u64,
    /// All inbound comments, specific or not.
    pub comments: u64,
}

/// One channel's figures.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ChannelFigures {
    /// Meaningful metrics on this channel (people counts stay global).
    pub meaningful: Meaningful,
    /// Vanity metrics on this channel.
    pub vanity: Vanity,
}

/// The whole report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// Start of the window (RFC 3339), or null for all time.
    pub since: Option<String>,
    /// Meaningful metrics.
    pub meaningful: Meaningful,
    /// Vanity metrics.
    pub vanity: Vanity,
    /// The same, per channel.
    pub per_channel: BTreeMap<String, ChannelFigures>,
}

/// Median of sorted values (mean of the middle two for an even count).
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Nearest-rank percentile of sorted values, `p` in 0..=100.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn figures<'a>(rows: impl Iterator<Item = &'a Row>) -> (Meaningful, Vanity) {
    let mut m = Meaningful::default();
    let mut v = Vanity::default();
    let mut minutes = Vec::new();
    for r in rows {
        match r.kind {
            Kind::Follow => v.followers += 1,
            Kind::Like => v.likes += 1,
            Kind::Share | Kind::Referral if !r.from_brand => m.recommendations += 1,
            _ => {}
        }
        if !r.is_inbound() {
            continue;
        }
        m.inbound += 1;
        v.comments += 1;
        if r.signals.generic() {
            m.generic_comments += 1;
        } else {
            m.specific_comments += 1;
            if r.signals.recommendation() {
                m.recommendations += 1;
            }
        }
        if let Some(a) = r.answered_at {
            m.answered += 1;
            minutes.push((a - r.at) as f64 / 60.0);
        }
    }
    minutes.sort_by(f64::total_cmp);
    m.answered_share = if m.inbound == 0 {
        0.0
    } else {
        m.answered as f64 / m.inbound as f64
    };
    m.median_first_response_minutes = median(&minutes).map(round1);
    m.p90_first_response_minutes = percentile(&minutes, 90.0).map(round1);
    (m, v)
}

/// People-level figures computed elsewhere (by the ladder and threads).
#[derive(Debug, Clone, Default)]
pub struct PeopleFigures {
    /// Threads with at least two exchanges, overall and per channel.
    pub conversations: BTreeMap<String, u64>,
    /// People labelled `true_fan`.
    pub true_fans: u64,
    /// People labelled `evangelist`.
    pub evangelists: u64,
}

/// Builds the report over rows at or after `since` (all rows when `None`).
pub fn build(rows: &[Row], people: &PeopleFigures, since: Option<i64>) -> Report {
    let in_window = |r: &&Row| since.is_none_or(|s| r.at >= s);
    let (mut meaningful, vanity) = figures(rows.iter().filter(in_window));
    meaningful.conversations = people.conversations.values().sum();
    meaningful.true_fans = people.true_fans;
    meaningful.evangelists = people.evangelists;

    let mut channels: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows.iter().filter(in_window) {
        channels.entry(r.channel.as_str()).or_default().push(r);
    }
    let per_channel = channels
        .into_iter()
        .map(|(ch, rs)| {
            let (mut m, v) = figures(rs.into_iter());
            m.conversations = people.conversations.get(ch).copied().unwrap_or(0);
            (
                ch.to_string(),
                ChannelFigures {
                    meaningful: m,
                    vanity: v,
                },
            )
        })
        .collect();

    Report {
        since: since.map(|s| crate::Timestamp(s).to_rfc3339()),
        meaningful,
        vanity,
        per_channel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: Kind, at: i64, answered_at: Option<i64>, text: &str) -> Row {
        Row {
            channel: "instagram".into(),
            kind,
            from_brand: false,
            at,
            answered_at,
            signals: signals::Signals::read(text, None),
        }
    }

    #[test]
    fn median_and_p90_follow_their_definitions() {
        assert_eq!(median(&[1.0, 2.0, 3.0, 10.0]), Some(2.5));
        assert_eq!(median(&[4.0]), Some(4.0));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&ten, 90.0), Some(9.0));
        assert_eq!(percentile(&[], 90.0), None);
    }

    #[test]
    fn a_hand_computed_case_matches() {
        let rows = vec![
            row(Kind::Comment, 0, Some(600), "Does it fit a 29er?"),
            row(Kind::Comment, 0, Some(3_600), "Which size for 1.80 m?"),
            row(Kind::Comment, 0, None, "Great post!"),
            row(Kind::Like, 0, None, ""),
            row(Kind::Follow, 0, None, ""),
        ];
        let r = build(&rows, &PeopleFigures::default(), None);
        assert_eq!(r.meaningful.inbound, 3);
        assert_eq!(r.meaningful.answered, 2);
        assert!((r.meaningful.answered_share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.meaningful.median_first_response_minutes, Some(35.0));
        assert_eq!(r.meaningful.p90_first_response_minutes, Some(60.0));
        assert_eq!(r.meaningful.generic_comments, 1);
        assert_eq!(
            r.vanity,
            Vanity {
                followers: 1,
                likes: 1,
                comments: 3
            }
        );
    }
}
