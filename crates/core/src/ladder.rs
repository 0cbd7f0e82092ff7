//! Where a person stands with the shop, and why.
//!
//! Two axes, not one score: *loyalty* (buys again and talks to the shop:
//! `true_fan`) and *advocacy* (recommends, shares, brings friends:
//! `evangelist`), with `influencer`, `detractor` and `box_ticker` beside
//! them. The stage (`stranger → follower → casual → engaged → fan`) says how
//! close the relationship is. Every decision comes with sentences a person
//! can check against the timeline.
//!
//! This is the first version of the model: counts over a 90-day window with
//! fixed thresholds, listed as constants below.

use crate::said::{Money, Said};
use crate::signals;
use crate::Kind;
use serde::{Deserialize, Serialize};

/// The version of how people are judged (the rules and thresholds of
/// this module and of `recovery`). Raise it with any change that judges
/// someone differently: verdicts judged under another version are judged
/// again when the store is opened.
pub const RULES: &str = "2026-12-07.1";

/// Days of history that count toward engagement.
pub const WINDOW_DAYS: i64 = 90;
/// Specific comments in the window that make someone `engaged`.
pub const ENGAGED_SPECIFIC: usize = 3;
/// Specific comments in the window that make an engaged person a `fan` on
/// their own (without orders or recommendations).
pub const FAN_SPECIFIC: usize = 6;
/// How much a specific comment is worth each further month: Orbit's
/// monthly "love" decay. A comment counts 1 in its first 30 days, 0.9 in
/// the next 30, 0.81 in the last 30 of the window, then nothing.
pub const MONTHLY_DECAY: f64 = 0.9;
/// Days in one decay step.
pub const DECAY_STEP_DAYS: i64 = 30;
/// A reply in a conversation with the shop (the shop spoke to them and
/// they answered) counts this many specific comments: two-way talk is
/// what a relationship is made of.
pub const CONVERSATION_WEIGHT: f64 = 2.0;
/// A reply to another person under the shop's post counts this much:
/// they talk with others about the shop.
pub const PEER_WEIGHT: f64 = 1.5;
/// Points (decayed, weighted specific comments) that make someone
/// `engaged`: three specific comments of any age in the window
/// (3 × 0.81 = 2.43), or fewer with a real conversation. Thresholds sit
/// between the sums weights can make, so no verdict hangs on rounding.
pub const ENGAGED_POINTS: f64 = 2.35;
/// Points that make an engaged person a `fan` on their own: six specific
/// comments in the last month, or fewer with conversations — five
/// comments (5.0) are not enough, and old ones fade out of it.
pub const FAN_POINTS: f64 = 5.45;
/// Different days (UTC) with words that earn engagement that a fan by
/// words alone needs: one long conversation about a problem, however
/// warm, is support, not yet a relationship (on real care-desk
/// customers, a polite complainer's one evening of replies made a fan).
pub const FAN_DAYS: usize = 2;
/// Days a person keeps a higher stage after the evidence for it is gone:
/// upgrades are immediate, downgrades wait (a quiet month is not a
/// broken relationship).
pub const DOWNGRADE_GRACE_DAYS: i64 = 30;
/// Paid orders that, with real engagement, make a `true_fan`.
pub const TRUE_FAN_ORDERS: usize = 2;
/// Recommendations, shares or referrals that make an `evangelist`.
pub const EVANGELIST_ACTS: usize = 2;
/// Followers from which an account has the reach of an `influencer`.
pub const INFLUENCER_FOLLOWERS: u64 = 10_000;
/// Share of generic comments (of at least three) that marks a `box_ticker`.
pub const BOX_TICKER_SHARE: f64 = 0.6;
/// Complaints that, when they outweigh praise, mark a `detractor`. A
/// complaint is already clearly negative (the analyzer's complaint in a
/// negative mood, or a complaint word; see [`crate::signals`]), so one is
/// enough: on real customers who wrote to a care desk, waiting for a
/// second found 7 of 168 unhappy people (docs/MODEL.md).
pub const DETRACTOR_COMPLAINTS: usize = 1;

/// The ladder's rungs, from no relationship to a close one.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// No interaction with the shop.
    Stranger,
    /// Follows, likes or shares, but has not said anything.
    Follower,
    /// Has commented once or twice, or only generically.
    Casual,
    /// Comments specifically and regularly.
    Engaged,
    /// A close relationship: engaged and buying, recommending, or talking a lot.
    Fan,
}

impl Stage {
    /// Every stage, from no relationship to a close one.
    pub const ALL: [Stage; 5] = [
        Stage::Stranger,
        Stage::Follower,
        Stage::Casual,
        Stage::Engaged,
        Stage::Fan,
    ];

    /// The stage's place on the ladder, 0 (stranger) to 4 (fan).
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// The stage at a place on the ladder.
    pub fn from_rank(rank: i64) -> Option<Stage> {
        usize::try_from(rank)
            .ok()
            .and_then(|r| Stage::ALL.get(r))
            .copied()
    }

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Stranger => "stranger",
            Stage::Follower => "follower",
            Stage::Casual => "casual",
            Stage::Engaged => "engaged",
            Stage::Fan => "fan",
        }
    }

    /// Parses a contract name.
    pub fn parse(s: &str) -> Option<Stage> {
        [
            Stage::Stranger,
            Stage::Follower,
            Stage::Casual,
            Stage::Engaged,
            Stage::Fan,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// Labels on the axes beside the stage; a person may carry several.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Loyalty: engaged and buying again.
    TrueFan,
    /// Advocacy: recommends the shop, buying or not.
    Evangelist,
    /// Large reach.
    Influencer,
    /// Unhappy and saying so.
    Detractor,
    /// Comments often but generically.
    BoxTicker,
}

impl Label {
    /// Every label, in order.
    pub const ALL: [Label; 5] = [
        Label::TrueFan,
        Label::Evangelist,
        Label::Influencer,
        Label::Detractor,
        Label::BoxTicker,
    ];

    /// The label's bit in a stored set of labels.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The bits of a set of labels.
    pub fn bits(labels: &[Label]) -> u8 {
        labels.iter().fold(0, |b, l| b | l.bit())
    }

    /// The labels a stored set of bits holds, in order.
    pub fn from_bits(bits: u8) -> Vec<Label> {
        Label::ALL
            .into_iter()
            .filter(|l| bits & l.bit() != 0)
            .collect()
    }

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::TrueFan => "true_fan",
            Label::Evangelist => "evangelist",
            Label::Influencer => "influencer",
            Label::Detractor => "detractor",
            Label::BoxTicker => "box_ticker",
        }
    }

    /// Parses a contract name.
    pub fn parse(s: &str) -> Option<Label> {
        [
            Label::TrueFan,
            Label::Evangelist,
            Label::Influencer,
            Label::Detractor,
            Label::BoxTicker,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// One thing the person did, reduced to what the ladder reads.
#[derive(Debug, Clone)]
pub struct Activity {
    /// What it was.
    pub kind: Kind,
    /// What its words say (see [`signals::Signals::read`]).
    pub signals: signals::Signals,
    /// When, in seconds since the epoch.
    pub at: i64,
    /// The shop post it answers.
    pub post_id: Option<String>,
}

/// One of the person's orders.
#[derive(Debug, Clone)]
pub struct Purchase {
    /// Order total.
    pub total: f64,
    /// Currency code.
    pub currency: String,
    /// When, in seconds since the epoch.
    pub at: i64,
    /// `paid`, `pending`, `refunded` or `cancelled`.
    pub status: String,
}

/// Everything the ladder needs to know about one person.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Their interactions (not the shop's), any order.
    pub activities: Vec<Activity>,
    /// Their orders.
    pub purchases: Vec<Purchase>,
    /// The largest follower count among their identities.
    pub followers: u64,
}

/// The scores behind the decision, each in 0..=1.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Scores {
    /// How much specific conversation there is (saturates at the fan level).
    pub engagement: f64,
    /// Repeat buying (saturates at the true-fan level).
    pub loyalty: f64,
    /// Recommending and sharing (saturates at twice the evangelist level).
    pub advocacy: f64,
    /// Reach, on a log scale up to a million followers.
    pub reach: f64,
    /// Lifetime value of paid orders, in the shop's currency (converted
    /// with the profile's rates by [`with_value`]; orders in a currency
    /// without a rate are left out).
    pub lifetime_value: f64,
    /// How well their interests match the shop's topics and values, when
    /// the shop's profile was at hand (see [`with_alignment`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment: Option<f64>,
}

/// The ladder's verdict on one person.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assessment {
    /// Their rung.
    pub stage: Stage,
    /// Their labels, sorted.
    pub labels: Vec<Label>,
    /// The numbers behind it.
    pub scores: Scores,
    /// Why, in sentences (stored with their kinds; an old verdict's
    /// plain strings read back verbatim).
    #[serde(deserialize_with = "crate::said::lenient")]
    pub evidence: Vec<Said>,
    /// What was counted, for readers that need the facts rather than
    /// the sentences (alerts).
    #[serde(default)]
    pub tally: Tally,
}

impl Assessment {
    /// The evidence in English, as the CLI and the API write it.
    pub fn evidence_lines(&self) -> Vec<String> {
        self.evidence.iter().map(ToString::to_string).collect()
    }
}

/// What the ladder counted in a history.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Tally {
    /// Complaints, ever.
    pub complaints: usize,
    /// Words of praise, ever.
    pub praise: usize,
    /// Paid or pending orders, ever.
    #[serde(default)]
    pub orders: usize,
    /// The largest follower count among their identities.
    pub followers: u64,
    /// For an influencer who talks about other things than the shop:
    /// what (their three leading topics).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<String>,
    /// For an influencer who shares the shop's topics or values: up to
    /// three words they wrote that do, as they wrote them
    /// ([`crate::affinity::Alignment::words`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common: Vec<String>,
}

/// The evidence sentence of a detractor: what was read, with the orders
/// when `orders` names them (a detractor who buys is not one who never
/// did; `None` where an orders line stands beside it).
pub fn detractor_line(complaints: usize, praise: usize, orders: Option<usize>) -> Said {
    Said::Detractor {
        complaints: complaints as u64,
        praise: praise as u64,
        orders: orders.map(|n| n as u64),
    }
}

/// The evidence sentence of an influencer whose audience follows them for
/// something else.
pub fn mismatch_line(followers: u64, elsewhere: &[String], alignment: f64) -> Said {
    Said::Mismatch {
        followers,
        elsewhere: elsewhere.to_vec(),
        alignment,
    }
}

/// Why an influencer fits the shop, or does not, in one line: what they
/// talk about in their own words against the shop's topics, then their
/// audience — "talks about gravel and repair — the shop's topics; 42k
/// followers". Read from a verdict judged with the shop's profile
/// ([`with_alignment`]); a verdict judged before the words were kept
/// says only how well they align.
pub fn fit_line(tally: &Tally, alignment: f64) -> Said {
    let followers = tally.followers;
    if alignment < MISALIGNED_BELOW {
        Said::FitElsewhere {
            elsewhere: tally.elsewhere.clone(),
            followers,
        }
    } else if tally.common.is_empty() {
        Said::FitAlignment {
            alignment,
            followers,
        }
    } else {
        Said::FitShared {
            common: tally.common.clone(),
            followers,
        }
    }
}

/// What one activity is worth toward engagement as of `now`: specific
/// words in the window, weighted by kind of exchange, decayed by month.
/// A complaint is worth nothing: complaining, however often, is not the
/// engagement that makes a fan.
pub fn points(a: &Activity, now: i64) -> f64 {
    if !a.kind.is_conversational() || a.signals.generic() || a.signals.complaint() || a.at > now {
        return 0.0;
    }
    let age = now - a.at;
    if age > WINDOW_DAYS * 86_400 {
        return 0.0;
    }
    // A step ends the second after it is full, as the window does (see
    // `change_moments`): 30 days old is still the first month.
    let steps =
        ((age.max(1) - 1) / (DECAY_STEP_DAYS * 86_400)).min(WINDOW_DAYS / DECAY_STEP_DAYS - 1);
    let weight = if a.signals.conversation() {
        CONVERSATION_WEIGHT
    } else if a.signals.peer() {
        PEER_WEIGHT
    } else {
        1.0
    };
    weight * MONTHLY_DECAY.powi(steps as i32)
}

/// Every instant at which the verdict on `h` can change with no new data,
/// and the instants of the data itself: each activity and order (and the
/// same instants a grace period later, when a downgrade lands), and the
/// second after each decay step of each activity ends (the last one is
/// leaving the window). Unsorted, may repeat.
pub fn change_moments(h: &History) -> impl Iterator<Item = i64> + '_ {
    let grace = DOWNGRADE_GRACE_DAYS * 86_400;
    let step = DECAY_STEP_DAYS * 86_400;
    let steps = WINDOW_DAYS / DECAY_STEP_DAYS;
    h.activities
        .iter()
        .flat_map(move |a| {
            (0..=steps).map(move |k| if k == 0 { a.at } else { a.at + k * step + 1 })
        })
        .chain(h.purchases.iter().map(|p| p.at))
        .flat_map(move |t| [t, t + grace])
}

/// The history as it stood at `t`: activities and orders up to `t`.
pub fn upto(h: &History, t: i64) -> History {
    History {
        activities: h.activities.iter().filter(|a| a.at <= t).cloned().collect(),
        purchases: h.purchases.iter().filter(|p| p.at <= t).cloned().collect(),
        followers: h.followers,
    }
}

/// Places a person on the ladder as of `now` (seconds since the epoch).
///
/// The stage is the higher of today's and the one the evidence gave
/// [`DOWNGRADE_GRACE_DAYS`] ago: upgrades show at once, downgrades a
/// month after the evidence went.
pub fn assess(h: &History, now: i64) -> Assessment {
    judge(h.cut(), &h.in_order(), now)
}

/// [`assess`] of [`upto`]`(h, t)` for a history already in time order
/// ([`History::in_order`]), without copying it: every cut of it is a
/// prefix. A replay judges a history at every moment this way.
pub fn assess_upto(ordered: &History, t: i64) -> Assessment {
    judge(ordered.prefix(t), ordered, t)
}

/// A history as one verdict reads it: the activities and orders up to the
/// moment judged (in any order), and the reach.
#[derive(Clone, Copy)]
struct Cut<'a> {
    activities: &'a [Activity],
    purchases: &'a [Purchase],
    followers: u64,
}

impl History {
    fn cut(&self) -> Cut<'_> {
        Cut {
            activities: &self.activities,
            purchases: &self.purchases,
            followers: self.followers,
        }
    }

    /// The same history with its activities and orders in time order
    /// (ties kept as they were).
    pub fn in_order(&self) -> History {
        let mut h = self.clone();
        h.activities.sort_by_key(|a| a.at);
        h.purchases.sort_by_key(|p| p.at);
        h
    }

    /// What an in-order history held at `t`: a prefix of each list.
    fn prefix(&self, t: i64) -> Cut<'_> {
        Cut {
            activities: &self.activities[..self.activities.partition_point(|a| a.at <= t)],
            purchases: &self.purchases[..self.purchases.partition_point(|p| p.at <= t)],
            followers: self.followers,
        }
    }
}

/// Today's verdict on `first`, held up a grace period by the stage the
/// evidence gave then (read from `ordered`, the same history in time order).
fn judge(first: Cut<'_>, ordered: &History, now: i64) -> Assessment {
    let mut a = assess_now(first, now);
    let then = now - DOWNGRADE_GRACE_DAYS * 86_400;
    let earlier = assess_now(ordered.prefix(then), then).stage;
    if earlier > a.stage {
        a.evidence.push(Said::WasUntilRecently {
            was: earlier,
            days: DOWNGRADE_GRACE_DAYS,
            now: a.stage,
        });
        a.stage = earlier;
    }
    a
}

/// The verdict on today's evidence alone.
fn assess_now(h: Cut<'_>, now: i64) -> Assessment {
    let since = now - WINDOW_DAYS * 86_400;
    let recent = || h.activities.iter().filter(|a| a.at >= since && a.at <= now);
    let engagement: f64 = h.activities.iter().map(|a| points(a, now)).sum::<f64>() + 0.0;
    // What earns engagement (see [`points`]): complaints are counted
    // apart, on the detractor line, never as specific comments or talk.
    let earns = |a: &&Activity| {
        a.kind.is_conversational() && !a.signals.generic() && !a.signals.complaint()
    };
    let conversations = recent()
        .filter(|a| earns(a) && a.signals.conversation())
        .count();
    let peer_talk = recent()
        .filter(|a| earns(a) && !a.signals.conversation() && a.signals.peer())
        .count();

    let words: Vec<&Activity> = h
        .activities
        .iter()
        .filter(|a| a.kind.is_conversational())
        .collect();
    let generic: Vec<&&Activity> = words.iter().filter(|a| a.signals.generic()).collect();
    let specific_recent = recent().filter(earns).count();
    let generic_posts: std::collections::HashSet<&str> = generic
        .iter()
        .filter_map(|a| a.post_id.as_deref())
        .collect();
    let passive = h
        .activities
        .iter()
        .any(|a| matches!(a.kind, Kind::Like | Kind::Follow | Kind::Share));

    let advocacy_acts = h
        .activities
        .iter()
        .filter(|a| {
            matches!(a.kind, Kind::Referral | Kind::Share)
                || (a.kind.is_conversational() && a.signals.recommendation())
        })
        .count();
    let complaints = words.iter().filter(|a| a.signals.complaint()).count();
    let praise = words.iter().filter(|a| a.signals.praise()).count();
    let paid: Vec<&Purchase> = h
        .purchases
        .iter()
        .filter(|p| p.status == "paid" || p.status == "pending")
        .collect();
    // Per currency: never one amount of THB and EUR added up. The value
    // in one currency is set by [`with_value`] from the shop's rates.
    let per_currency = value_per_currency(&paid);
    let ltv: f64 = match per_currency.as_slice() {
        [(_, one)] => *one,
        _ => 0.0,
    };

    let box_ticker =
        words.len() >= 3 && (generic.len() as f64 / words.len() as f64) >= BOX_TICKER_SHARE;
    let engaged = !box_ticker && engagement >= ENGAGED_POINTS;
    let true_fan = paid.len() >= TRUE_FAN_ORDERS && engaged;
    let evangelist = advocacy_acts >= EVANGELIST_ACTS && !box_ticker;
    let detractor = complaints >= DETRACTOR_COMPLAINTS && complaints > praise;

    let talked_on: std::collections::HashSet<i64> = h
        .activities
        .iter()
        .filter(|a| points(a, now) > 0.0)
        .map(|a| a.at.div_euclid(86_400))
        .collect();
    let fan_by_words = engagement >= FAN_POINTS && talked_on.len() >= FAN_DAYS;

    // No one is a fan while their complaints outweigh their praise.
    let stage = if engaged
        && !detractor
        && (fan_by_words || !paid.is_empty() || advocacy_acts >= EVANGELIST_ACTS)
    {
        Stage::Fan
    } else if engaged {
        Stage::Engaged
    } else if !words.is_empty() {
        Stage::Casual
    } else if passive {
        Stage::Follower
    } else {
        Stage::Stranger
    };

    let mut labels = Vec::new();
    let mut evidence = Vec::new();
    if specific_recent > 0 {
        evidence.push(Said::SpecificComments {
            n: specific_recent as u64,
            days: WINDOW_DAYS,
        });
    }
    if conversations > 0 {
        evidence.push(Said::Conversations {
            n: conversations as u64,
        });
    }
    if peer_talk > 0 {
        evidence.push(Said::PeerTalk {
            n: peer_talk as u64,
        });
    }
    if !paid.is_empty() {
        evidence.push(order_line(paid.len(), &per_currency));
    }
    if true_fan {
        labels.push(Label::TrueFan);
    }
    if evangelist {
        labels.push(Label::Evangelist);
        evidence.push(Said::Recommended {
            n: advocacy_acts as u64,
        });
    }
    if h.followers >= INFLUENCER_FOLLOWERS {
        labels.push(Label::Influencer);
        evidence.push(Said::Followers { n: h.followers });
    }
    if detractor {
        labels.push(Label::Detractor);
        // Their orders have a line of their own above, when they have any.
        let orders = paid.is_empty().then_some(0);
        evidence.push(detractor_line(complaints, praise, orders));
    }
    if box_ticker {
        labels.push(Label::BoxTicker);
        evidence.push(Said::StockPhrases {
            stock: generic.len() as u64,
            of: words.len() as u64,
            posts: generic_posts.len() as u64,
        });
    }
    if evidence.is_empty() {
        evidence.push(match stage {
            Stage::Follower => Said::FollowsOnly,
            // They wrote, longer ago than the window.
            _ if !words.is_empty() => Said::SpecificComments {
                n: 0,
                days: WINDOW_DAYS,
            },
            _ => Said::NoInteractions,
        });
    }
    labels.sort();

    let sat = |n: f64, full: f64| (n / full).clamp(0.0, 1.0);
    Assessment {
        stage,
        labels,
        scores: Scores {
            engagement: (sat(engagement, FAN_POINTS) * 1000.0).round() / 1000.0,
            loyalty: sat(paid.len() as f64, TRUE_FAN_ORDERS as f64),
            advocacy: sat(advocacy_acts as f64, 2.0 * EVANGELIST_ACTS as f64),
            reach: reach(h.followers),
            lifetime_value: (ltv * 100.0).round() / 100.0,
            alignment: None,
        },
        evidence,
        tally: Tally {
            complaints,
            praise,
            orders: paid.len(),
            followers: h.followers,
            elsewhere: Vec::new(),
            common: Vec::new(),
        },
    }
}

/// Reach of an audience of `followers`: log10 of it over six, so a
/// million followers is 1 and every tenfold adds a sixth.
pub fn reach(followers: u64) -> f64 {
    ((followers as f64 + 1.0).log10() / 6.0).clamp(0.0, 1.0)
}

/// Alignment below which an influencer's reach comes with a warning: their
/// audience follows them for something else.
pub const MISALIGNED_BELOW: f64 = 0.4;

/// "412k", "1.2M": follower counts as people say them.
pub fn short_count(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_999 => format!("{}k", n / 1_000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// Paid orders' totals per currency (upper case), largest first.
fn value_per_currency(paid: &[&Purchase]) -> Vec<(String, f64)> {
    let mut per: Vec<(String, f64)> = Vec::new();
    for p in paid {
        let c = p.currency.to_ascii_uppercase();
        match per.iter_mut().find(|(k, _)| *k == c) {
            Some((_, v)) => *v += p.total,
            None => per.push((c, p.total)),
        }
    }
    for (_, v) in &mut per {
        // An empty float sum is -0.0; adding 0.0 makes it a plain zero.
        *v = (*v * 100.0).round() / 100.0 + 0.0;
    }
    per.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    per
}

/// `2 orders, 129.90 EUR + 30360.00 THB`.
fn order_line(orders: usize, per_currency: &[(String, f64)]) -> Said {
    Said::Orders {
        n: orders as u64,
        amounts: per_currency
            .iter()
            .map(|(c, v)| Money {
                amount: *v,
                currency: c.clone(),
            })
            .collect(),
        worth: None,
        unrated: false,
    }
}

/// Values the person's paid orders in the shop's currency with its rates
/// ([`crate::profile::Profile::convert`]): the lifetime value the list
/// sorts by, so an order of 30,360 THB counts as the 790 EUR it is worth.
/// Orders in a currency without a rate are left out of that value (the
/// evidence still names them). When a currency other than the shop's is
/// involved, the evidence says what the orders are worth in its currency.
pub fn with_value(a: &mut Assessment, h: &History, profile: &crate::profile::Profile) {
    let paid: Vec<&Purchase> = h
        .purchases
        .iter()
        .filter(|p| p.status == "paid" || p.status == "pending")
        .collect();
    if paid.is_empty() {
        return;
    }
    let per = value_per_currency(&paid);
    let value: f64 = per
        .iter()
        .filter_map(|(c, v)| profile.convert(*v, c))
        .sum::<f64>()
        + 0.0;
    a.scores.lifetime_value = (value * 100.0).round() / 100.0;
    if per.iter().any(|(c, _)| *c != profile.currency) {
        let line = order_line(paid.len(), &per);
        if let Some(Said::Orders { worth, unrated, .. }) =
            a.evidence.iter_mut().find(|e| **e == line)
        {
            *worth = Some(Money {
                amount: a.scores.lifetime_value,
                currency: profile.currency.clone(),
            });
            *unrated = !per.iter().all(|(c, _)| profile.convert(1.0, c).is_some());
        }
    }
}

/// Adds the alignment of the person's interests with the shop (from
/// [`crate::affinity::alignment`]) to an assessment: the score, and for an
/// influencer, evidence that shows reach beside alignment — with a warning
/// when the reach is large and the alignment low.
pub fn with_alignment(a: &mut Assessment, followers: u64, al: &crate::affinity::Alignment) {
    let score = (al.score * 100.0).round() / 100.0;
    a.scores.alignment = Some(score);
    if !a.labels.contains(&Label::Influencer) {
        return;
    }
    let plain = Said::Followers { n: followers };
    let line = if al.score < MISALIGNED_BELOW {
        a.tally.elsewhere = al.other.iter().take(3).cloned().collect();
        mismatch_line(followers, &a.tally.elsewhere, score)
    } else {
        // The person's own words, never the profile's stems.
        a.tally.common = al.words.iter().take(3).cloned().collect();
        Said::Aligned {
            followers,
            reach: a.scores.reach,
            alignment: score,
            common: a.tally.common.clone(),
        }
    };
    match a.evidence.iter_mut().find(|e| **e == plain) {
        Some(e) => *e = line,
        None => a.evidence.push(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn said(text: &str, days_ago: i64, post: &str) -> Activity {
        Activity {
            kind: Kind::Comment,
            signals: signals::Signals::read(text, None),
            at: NOW - days_ago * 86_400,
            post_id: Some(post.into()),
        }
    }

    fn paid(total: f64) -> Purchase {
        Purchase {
            total,
            currency: "EUR".into(),
            at: NOW - 86_400,
            status: "paid".into(),
        }
    }

    #[test]
    fn a_conversation_with_the_shop_counts_more_than_volume() {
        let talk = |days_ago: i64| Activity {
            signals: signals::Signals::read("Yes, the 29er one with the tubeless rim", None)
                .replying(true, false),
            ..said("", days_ago, "p1")
        };
        let plain = |days_ago: i64| said("The tubeless rim question again", days_ago, "p1");
        let two_plain = History {
            activities: vec![plain(3), plain(2)],
            ..History::default()
        };
        assert_eq!(assess(&two_plain, NOW).stage, Stage::Casual);
        let with_talk = History {
            activities: vec![plain(3), talk(2)],
            ..History::default()
        };
        let a = assess(&with_talk, NOW);
        assert_eq!(a.stage, Stage::Engaged, "{a:?}");
        assert!(
            a.evidence_lines()
                .iter()
                .any(|e| e.contains("conversation")),
            "{a:?}"
        );
    }

    #[test]
    fn old_comments_count_less_and_the_window_ends_them() {
        let at = |days_ago| said("The gravel frame climbs well", days_ago, "p1");
        // Six comments over two days (a fan by words talks on more than one).
        let now = History {
            activities: (0..6).map(|i| at(1 + i % 2)).collect(),
            ..History::default()
        };
        let month_two = History {
            activities: (0..6).map(|i| at(40 + i % 2)).collect(),
            ..History::default()
        };
        assert_eq!(assess(&now, NOW).stage, Stage::Fan);
        // 6 × 0.9 = 5.4 points: engaged, not a fan on comments alone.
        assert_eq!(assess_now(month_two.cut(), NOW).stage, Stage::Engaged);
        assert!(points(&at(40), NOW) < points(&at(1), NOW));
        assert_eq!(points(&at(91), NOW), 0.0);
        assert!((points(&at(70), NOW) - 0.81).abs() < 1e-9);
        // A step ends the second after it is full, at the moment
        // `change_moments` names.
        let a = at(0);
        let month = DECAY_STEP_DAYS * 86_400;
        assert_eq!(points(&a, NOW + month), 1.0);
        assert_eq!(points(&a, NOW + month + 1), MONTHLY_DECAY);
        assert!(change_moments(&History {
            activities: vec![a],
            ..History::default()
        })
        .any(|t| t == NOW + month + 1));
    }

    #[test]
    fn downgrades_wait_a_month_and_upgrades_do_not() {
        let h = History {
            activities: (0..6)
                .map(|i| said("The gravel frame climbs well", 55 + i % 2, "p1"))
                .collect(),
            ..History::default()
        };
        // In their second month the comments are worth 5.4 points, a fan's
        // no longer — but 30 days ago they were: still a fan, with a note.
        assert_eq!(assess_now(h.cut(), NOW).stage, Stage::Engaged);
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Fan);
        assert!(
            a.evidence_lines()
                .iter()
                .any(|e| e.starts_with("kept at fan for 30 days")),
            "{a:?}"
        );
        // Ten days later the grace period is over.
        assert_eq!(assess(&h, NOW + 10 * 86_400).stage, Stage::Engaged);
        // An upgrade shows at once.
        let mut more = h.clone();
        more.activities
            .push(said("And the tubeless rims too", 0, "p2"));
        more.activities.push(said("Ordered the bar bag", 0, "p2"));
        assert_eq!(assess_now(more.cut(), NOW).stage, Stage::Fan);
    }

    #[test]
    fn one_evening_of_support_talk_is_not_yet_a_fan() {
        // A question, then three replies in a conversation with the shop
        // the same evening: 1 + 3 × 2 = 7 points, a fan's worth, but on one
        // day. Engaged; the same talk over two days makes a fan.
        let evening = |second_day: bool| {
            let mut activities = vec![said("Any idea why the app sends these emails?", 2, "p1")];
            for i in 0..3 {
                let mut a = said(
                    &format!("Here are the links you asked for, number {i}, thanks for the help"),
                    2,
                    "p1",
                );
                a.at += 600 * (i + 1) + if second_day && i == 2 { 86_400 } else { 0 };
                a.signals = a.signals.replying(true, false);
                activities.push(a);
            }
            History {
                activities,
                ..History::default()
            }
        };
        let one = assess(&evening(false), NOW);
        assert!(one.scores.engagement >= 1.0, "{one:?}");
        assert_eq!(one.stage, Stage::Engaged, "{one:?}");
        assert_eq!(assess(&evening(true), NOW).stage, Stage::Fan);
    }

    #[test]
    fn nobody_is_a_stranger() {
        let a = assess(&History::default(), NOW);
        assert_eq!(a.stage, Stage::Stranger);
        assert!(a.labels.is_empty());
    }

    #[test]
    fn specific_comments_and_repeat_orders_make_a_true_fan() {
        let h = History {
            activities: vec![
                said("Does the trail tyre fit a 29er rim?", 3, "p1"),
                said(
                    "Rode the new gravel frame on the Alb, climbs beautifully",
                    10,
                    "p2",
                ),
                said("Which pressure do you run the 2.4 tyres at?", 20, "p3"),
            ],
            purchases: vec![paid(120.0), paid(120.0)],
            followers: 300,
        };
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Fan);
        assert_eq!(a.labels, vec![Label::TrueFan]);
        assert!(
            a.evidence_lines()
                .iter()
                .any(|e| e.contains("2 orders, 240.00 EUR")),
            "{:?}",
            a.evidence_lines()
        );
    }

    #[test]
    fn lifetime_value_is_in_the_shops_currency_and_never_adds_baht_to_euros() {
        let order = |total: f64, currency: &str| Purchase {
            currency: currency.to_string(),
            ..paid(total)
        };
        let profile = crate::profile::Profile::trailwerk();
        let value = |purchases: Vec<Purchase>| {
            let h = History {
                purchases,
                ..History::default()
            };
            let mut a = assess(&h, NOW);
            with_value(&mut a, &h, &profile);
            a
        };
        // 30,360 THB at 0.026 is 789.36 EUR: less than 2,015 EUR.
        let thai = value(vec![order(30_360.0, "THB")]);
        let german = value(vec![order(2_015.0, "EUR")]);
        assert_eq!(thai.scores.lifetime_value, 789.36);
        assert_eq!(german.scores.lifetime_value, 2_015.0);
        assert!(thai
            .evidence_lines()
            .contains(&"1 order, 30360.00 THB (≈ 789.36 EUR)".to_string()));
        assert!(german
            .evidence_lines()
            .contains(&"1 order, 2015.00 EUR".to_string()));
        // Two currencies: named apart, valued together in euros.
        let both = value(vec![order(100.0, "EUR"), order(1_000.0, "thb")]);
        assert_eq!(both.scores.lifetime_value, 126.0);
        assert!(
            both.evidence_lines()
                .contains(&"2 orders, 1000.00 THB + 100.00 EUR (≈ 126.00 EUR)".to_string()),
            "{:?}",
            both.evidence_lines()
        );
        // A currency without a rate is left out of the value, and said so.
        let odd = value(vec![order(50.0, "EUR"), order(900.0, "JPY")]);
        assert_eq!(odd.scores.lifetime_value, 50.0);
        assert!(odd
            .evidence_lines()
            .iter()
            .any(|e| e.ends_with("currencies without a rate left out)")));
    }

    #[test]
    fn the_same_stock_phrase_everywhere_is_box_ticking() {
        let h = History {
            activities: (0..6)
                .map(|i| said("Great post!", i, &format!("p{i}")))
                .collect(),
            ..History::default()
        };
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Casual);
        assert_eq!(a.labels, vec![Label::BoxTicker]);
    }

    #[test]
    fn old_comments_do_not_keep_someone_engaged() {
        let h = History {
            activities: (0..4)
                .map(|i| {
                    said(
                        "The frame geometry looks much slacker this year",
                        200 + i,
                        "p",
                    )
                })
                .collect(),
            ..History::default()
        };
        assert_eq!(assess(&h, NOW).stage, Stage::Casual);
    }

    #[test]
    fn a_large_misaligned_audience_is_flagged_in_the_evidence() {
        let h = History {
            activities: vec![said("Love the gravel tyre", 1, "p")],
            followers: 412_000,
            ..History::default()
        };
        let mut a = assess(&h, NOW);
        let al = crate::affinity::Alignment {
            score: 0.3,
            shared: vec!["gravel".into(), "sustainable".into()],
            other: vec!["crypto".into(), "fashion".into()],
            words: vec!["gravel".into(), "sustainable".into()],
        };
        with_alignment(&mut a, h.followers, &al);
        assert_eq!(a.scores.alignment, Some(0.3));
        assert!(
            a.evidence_lines().contains(
                &"412k followers, but talks about crypto and fashion, not the shop's topics (alignment 0.30)"
                    .to_string()
            ),
            "{:?}",
            a.evidence_lines()
        );
        let good = crate::affinity::Alignment { score: 0.65, ..al };
        let mut b = assess(&h, NOW);
        with_alignment(&mut b, h.followers, &good);
        assert!(
            b.evidence_lines().iter().any(|e| e
                == "412k followers (reach 0.94), alignment 0.65: shares the shop's gravel, sustainable"),
            "{:?}",
            b.evidence_lines()
        );
        assert_eq!(short_count(1_250_000), "1.2M");
        assert_eq!(
            fit_line(&a.tally, 0.3).to_string(),
            "talks about crypto and fashion, not the shop's topics; 412k followers"
        );
        assert_eq!(
            fit_line(&b.tally, 0.65).to_string(),
            "talks about gravel and sustainable — the shop's topics; 412k followers"
        );
        let old = Tally {
            followers: 42_000,
            ..Tally::default()
        };
        assert_eq!(
            fit_line(&old, 0.55).to_string(),
            "alignment 0.55 with the shop's topics; 42k followers"
        );
    }

    #[test]
    fn complaints_outweighing_praise_mark_a_detractor() {
        let h = History {
            activities: vec![
                said("My order arrived broken", 5, "p1"),
                said("Still waiting for my refund", 2, "p1"),
            ],
            ..History::default()
        };
        assert!(assess(&h, NOW).labels.contains(&Label::Detractor));
    }

    #[test]
    fn one_complaint_outweighing_praise_marks_a_detractor() {
        let one = |texts: &[&str]| History {
            activities: texts.iter().map(|t| said(t, 3, "p1")).collect(),
            ..History::default()
        };
        let labels = |texts: &[&str]| assess(&one(texts), NOW).labels;
        assert!(labels(&["Still waiting for my refund, this is ridiculous"])
            .contains(&Label::Detractor));
        assert!(
            labels(&["Seit zwei Wochen keine Antwort, echt enttäuschend"])
                .contains(&Label::Detractor)
        );
        // Praise as often keeps the balance; a question is no complaint.
        assert!(
            !labels(&["The parcel arrived late", "Love the new tyres, thanks!"])
                .contains(&Label::Detractor)
        );
        assert!(!labels(&["Does the trail tyre fit a 29er?"]).contains(&Label::Detractor));
    }

    #[test]
    fn complaints_alone_never_make_a_fan() {
        // Eight complaints in the last weeks, in conversations with the
        // shop too: a detractor, not engaged, not a fan.
        let mut activities: Vec<Activity> = (0..8)
            .map(|d| {
                said(
                    "Still waiting for my refund, this is ridiculous",
                    d + 1,
                    "p1",
                )
            })
            .collect();
        for a in activities.iter_mut().take(3) {
            a.signals = a.signals.replying(true, false);
        }
        let h = History {
            activities,
            ..History::default()
        };
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Casual);
        assert!(a.labels.contains(&Label::Detractor));
        // The evidence names what was read, and calls no complaint a
        // specific comment.
        assert_eq!(
            a.evidence_lines(),
            ["8 complaints against 0 words of praise, no orders"],
            "{:?}",
            a.evidence
        );
        assert_eq!((a.tally.complaints, a.tally.orders), (8, 0));
        // The same number of specific words that are not complaints make
        // a fan.
        let h = History {
            activities: (0..8)
                .map(|d| {
                    said(
                        "Rode the new gravel tyres on the Alb loop today",
                        d + 1,
                        "p1",
                    )
                })
                .collect(),
            ..History::default()
        };
        assert_eq!(assess(&h, NOW).stage, Stage::Fan);
        // Eight such words and a complaint no praise answers: engaged,
        // not a fan, until they say something kind.
        let mut activities: Vec<Activity> = (0..8)
            .map(|d| {
                said(
                    "Rode the new gravel tyres on the Alb loop today",
                    d + 2,
                    "p1",
                )
            })
            .collect();
        activities.push(said(
            "Still waiting for my refund, this is ridiculous",
            1,
            "p1",
        ));
        let mut h = History {
            activities,
            ..History::default()
        };
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Engaged);
        assert!(a.labels.contains(&Label::Detractor));
        h.activities
            .push(said("The new tyres are brilliant, thanks a lot!", 0, "p1"));
        let a = assess(&h, NOW);
        assert_eq!(a.stage, Stage::Fan, "{a:?}");
        assert!(!a.labels.contains(&Label::Detractor));
    }
}
