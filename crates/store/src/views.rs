//! What the engine's views read: rows the store answers per request, by
//! index, from the state every writer keeps current (see
//! `sqlite::derived`). Nothing here holds every person or interaction.

use crate::{IdentityRow, InteractionRow, LinkRow, OrderRow, PersonRow, ScoreRow};
use rapport_core::ladder::{Assessment, Label, Stage};
use rapport_core::replay::Mark;
use rapport_core::{InteractionId, PersonId};

/// A person as lists show them: their accounts and stored verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The person.
    pub id: PersonId,
    /// The best name known.
    pub name: String,
    /// Their accounts, `(channel, handle)`, oldest first.
    pub identities: Vec<(String, String)>,
    /// The ladder's stored verdict.
    pub assessment: Assessment,
}

/// The order of a list of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PeopleSort {
    /// Closest relationship first: stage, then engagement + loyalty +
    /// advocacy.
    #[default]
    Closeness,
    /// By name, without regard to case.
    Name,
    /// By id.
    Id,
    /// Highest engagement first.
    Engagement,
    /// Highest loyalty first.
    Loyalty,
    /// Highest advocacy first.
    Advocacy,
    /// Largest reach first.
    Reach,
    /// Highest lifetime value first.
    LifetimeValue,
    /// Best fit for an influencer first: reach × alignment (no alignment
    /// counts as 0). No index orders by it, so it sorts every person the
    /// filter lets through: meant for the influencers, a small set.
    Fit,
    /// Highest alignment with the shop's topics first (none: last). As
    /// [`PeopleSort::Fit`], sorted without an index.
    Alignment,
}

impl PeopleSort {
    /// Every order, by name.
    pub const ALL: [(&'static str, PeopleSort); 10] = [
        ("closeness", PeopleSort::Closeness),
        ("name", PeopleSort::Name),
        ("id", PeopleSort::Id),
        ("engagement", PeopleSort::Engagement),
        ("loyalty", PeopleSort::Loyalty),
        ("advocacy", PeopleSort::Advocacy),
        ("reach", PeopleSort::Reach),
        ("lifetime_value", PeopleSort::LifetimeValue),
        ("fit", PeopleSort::Fit),
        ("alignment", PeopleSort::Alignment),
    ];

    /// Whether an index gives this order (else every person the filter
    /// lets through is sorted).
    pub fn indexed(self) -> bool {
        !matches!(self, PeopleSort::Fit | PeopleSort::Alignment)
    }

    /// The order a name stands for.
    pub fn parse(name: &str) -> Option<PeopleSort> {
        PeopleSort::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
    }
}

/// Which people a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PeopleFilter {
    /// Only this stage.
    pub stage: Option<Stage>,
    /// Only people with this label.
    pub label: Option<Label>,
}

/// Everything stored about one person that their page shows.
#[derive(Debug, Clone)]
pub struct PersonRows {
    /// The person, their emails and accounts.
    pub person: PersonRow,
    /// Their stored verdict with its moments, once judged.
    pub score: Option<ScoreRow>,
    /// Their own interactions, in id order.
    pub own: Vec<InteractionRow>,
    /// The shop's replies to them, in id order.
    pub replies: Vec<InteractionRow>,
    /// Their orders, oldest first.
    pub orders: Vec<OrderRow>,
    /// Why their identities are joined.
    pub links: Vec<LinkRow>,
}

/// One unanswered inbound message in the queue, with its author.
#[derive(Debug, Clone)]
pub struct QueueItem {
    /// The message.
    pub interaction: InteractionRow,
    /// The part of its priority its words give.
    pub base: i64,
    /// `base` plus its author's labels' weight.
    pub rank: i64,
    /// It earns the short answer target: its author is a true fan,
    /// evangelist or influencer, or a detractor and it is a complaint
    /// ([`rapport_core::priority::fast`]).
    pub vip: bool,
    /// The author's name.
    pub name: String,
    /// The author's handle on the message's channel.
    pub handle: String,
    /// The author's stage.
    pub stage: Stage,
    /// The author's labels.
    pub labels: Vec<Label>,
    /// What the team did with it, read with it.
    pub state: Option<crate::InboxStateRow>,
}

/// Which queued messages a page of the inbox holds. Every part left
/// empty lets everything through; the parts combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Only messages assigned to this user (an email, any case).
    pub assigned: Option<String>,
    /// Only messages whose words give at least this base priority
    /// (alerts: questions and complaints that are not stock phrases).
    pub min_base: Option<i64>,
    /// Only messages on these channels.
    pub channels: Vec<String>,
    /// Only messages the analyzer read in this language.
    pub language: Option<String>,
    /// Only messages whose [`rapport_core::signals::Signals`] have one of
    /// these bits (0: any).
    pub signals_any: u8,
    /// Only messages whose signals have none of these bits.
    pub signals_none: u8,
    /// Only authors at this stage (its rank).
    pub stage: Option<u8>,
    /// Only authors with one of these labels (bits; 0: any).
    pub labels: u8,
    /// Only messages written after this moment.
    pub since: Option<i64>,
    /// Only messages past their answer target: `(short, long)` target in
    /// seconds.
    pub past_target: Option<(i64, i64)>,
    /// Only messages under this post.
    pub post: Option<String>,
}

impl QueueFilter {
    /// Whether the filter holds nothing but `min_base`: the queue's own
    /// order answers it without looking at each message.
    pub fn is_plain(&self) -> bool {
        QueueFilter {
            min_base: self.min_base,
            ..QueueFilter::default()
        } == *self
    }
}

/// The open stock phrases under one post: folded into one line of the
/// inbox, handled with one click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockGroup {
    /// The channel.
    pub channel: String,
    /// The post they answer (none: said outside any post).
    pub post: Option<String>,
    /// How many are open.
    pub count: u64,
    /// The oldest one's moment.
    pub first_at: i64,
    /// Up to three of them, oldest first.
    pub sample: Vec<InteractionId>,
}

/// How the queue's open messages are ordered: priority (rank plus the
/// waiting bonus at the moment asked) first, longest waiting next, then
/// id. The ordering key of one message.
pub type QueueKey = (std::cmp::Reverse<i64>, i64, i64);

/// One page of the queue.
#[derive(Debug, Clone, Default)]
pub struct QueuePage {
    /// The messages, most urgent first.
    pub items: Vec<QueueItem>,
    /// Open messages matching the filter in all.
    pub total: u64,
}

/// One thread as its list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadRow {
    /// Channel.
    pub channel: String,
    /// The root's external id.
    pub root: String,
    /// The first message's id.
    pub first_id: InteractionId,
    /// When it started and when it was last active (seconds).
    pub first_at: i64,
    /// When it was last active.
    pub last_at: i64,
    /// Messages in all.
    pub messages: i64,
    /// Inbound messages.
    pub inbound: i64,
    /// Of those, unanswered.
    pub unanswered: i64,
    /// The first shop post a message of it names.
    pub post_id: Option<String>,
    /// The first people who wrote in it, by their first message, with
    /// their names (a person since forgotten has an empty name).
    pub people: Vec<(PersonId, String)>,
    /// The first inbound words.
    pub text: String,
}

/// Which threads a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThreadFilter {
    /// Only this channel.
    pub channel: Option<String>,
    /// Only threads with (true) or without (false) unanswered words.
    pub unanswered: Option<bool>,
}

/// One thread with every message, each with its author's name and
/// handle (the shop's messages: empty).
#[derive(Debug, Clone)]
pub struct ThreadRows {
    /// The thread.
    pub thread: ThreadRow,
    /// Its messages by time, then id, each with the author's name and
    /// handle.
    pub messages: Vec<(InteractionRow, String, String)>,
}

/// The report's figures of one UTC day on one channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayFigures {
    /// Days since the epoch.
    pub day: i64,
    /// Inbound words.
    pub inbound: u64,
    /// Of those, answered.
    pub answered: u64,
    /// Specific inbound.
    pub specific: u64,
    /// Stock phrases.
    pub generic: u64,
    /// Recommendations, shares and referrals.
    pub recommendations: u64,
    /// Follows.
    pub follows: u64,
    /// Likes.
    pub likes: u64,
    /// Threads that became conversations (their second-latest exchange)
    /// that day.
    pub conversations: u64,
    /// Interactions of any kind, the shop's included.
    pub messages: u64,
}

/// A day's first responses on one channel: `(bucket, count)`, buckets
/// ascending.
pub type Histogram = Vec<(u16, u32)>;

/// What the report reads, from a day on.
#[derive(Debug, Clone, Default)]
pub struct ReportRows {
    /// Per channel and day, the figures (days ascending).
    pub days: Vec<(String, DayFigures)>,
    /// Per channel and day, how many first answers fell in each response-time
    /// bucket (`(bucket, count)`, buckets ascending).
    pub responses: Vec<(String, i64, Histogram)>,
    /// Per week (its Monday, seconds), fans and evangelists gained.
    pub gains: Vec<(i64, u64, u64)>,
    /// What the true fans paid (paid and pending orders) per currency
    /// (upper case), summed over them.
    pub fan_paid: Vec<(String, f64)>,
    /// True fans who paid in one of the currencies asked about.
    pub fans_valued: u64,
    /// Detractors, and of those recovered.
    pub detractors: (u64, u64),
    /// Stored counts of the verdicts (`all`, `stage:S`, `label:L`,
    /// `stage:S/label:L`).
    pub counts: std::collections::HashMap<String, u64>,
    /// The first and latest moment of any activity or order.
    pub extent: Option<(i64, i64)>,
}

/// One person whose verdict alerts about them, with what it says.
#[derive(Debug, Clone)]
pub struct WatchRow {
    /// The person as lists show them.
    pub brief: Brief,
    /// The stored moments (steps are not read).
    pub first_at: Option<i64>,
    /// Their latest activity or order.
    pub last_at: Option<i64>,
    /// See [`crate::Moments::detractor_since`].
    pub detractor_since: Option<i64>,
    /// See [`crate::Moments::falls_at`].
    pub falls_at: Option<i64>,
    /// See [`crate::Moments::falls_to`].
    pub falls_to: Option<Stage>,
    /// See [`crate::Moments::fell_at`].
    pub fell_at: Option<i64>,
}

/// The people alerts watch: detractors since `recent`, fans falling
/// before `horizon`, people who fell from fan since `recent`, and
/// influencers whose alignment is below `misaligned`.
#[derive(Debug, Clone, Copy)]
pub struct Watch {
    /// Oldest moment a label or fall counts as news.
    pub recent: i64,
    /// Latest fall of a fan to announce.
    pub horizon: i64,
    /// Alignment below which an influencer is a mismatch.
    pub misaligned: f64,
    /// The verdicts' moment: when a mismatch is due if the person has no
    /// activity.
    pub as_of: i64,
}

/// One kind of person [`Watch`] looks for, each with the moment it is
/// due and read in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Watched {
    /// Detractor since `recent` or later; due when they became one.
    Detractor,
    /// A fan whose fall comes before `horizon`; due at the fall.
    Falling,
    /// Fell below fan since `recent`; due when they fell.
    Fell,
    /// An influencer below `misaligned`; due at their first activity.
    Mismatch,
}

impl Watched {
    /// Every kind.
    pub const ALL: [Watched; 4] = [
        Watched::Detractor,
        Watched::Falling,
        Watched::Fell,
        Watched::Mismatch,
    ];
}

/// How many people one [`Watched`] kind holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchCount {
    /// The kind.
    pub kind: Watched,
    /// All of them.
    pub total: u64,
    /// Those due at or before the moment asked.
    pub due: u64,
}

/// A person's replay steps as stored.
pub type Steps = Vec<Mark>;

/// A person's stored identity rows, as the person page lists them.
pub type Identities = Vec<IdentityRow>;

/// The open queued messages of one kind of alert: words giving `base`,
/// by people who are VIPs (or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertGroup {
    /// The words' part of the priority.
    pub base: i64,
    /// Their authors get the one-hour target.
    pub vip: bool,
    /// Open messages (not closed by the team).
    pub open: u64,
    /// Of those, past their answer target at the moment asked.
    pub due: u64,
}

/// A queued message as alerts order it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertSlot {
    /// The message.
    pub id: InteractionId,
    /// When it was written.
    pub at: i64,
    /// Its author.
    pub person: PersonId,
}

/// The spans of the first-response buckets: (up to this many minutes,
/// buckets this many minutes wide). Beyond the last: one bucket.
const SPANS: [(i64, i64); 4] = [
    (4 * 60, 1),
    (48 * 60, 5),
    (14 * 24 * 60, 60),
    (365 * 24 * 60, 24 * 60),
];

/// The bucket of a first response time in seconds: exact to the minute
/// below four hours, to five minutes below two days, to the hour below
/// two weeks, to the day below a year; everything later in one bucket.
/// Percentiles read from buckets (their lower bounds) are exact to the
/// bucket.
pub fn bucket(secs: i64) -> u16 {
    let m = secs.max(0) / 60;
    let mut first = 0i64;
    let mut from = 0i64;
    for (upto, width) in SPANS {
        if m < upto {
            return (first + (m - from) / width) as u16;
        }
        first += (upto - from) / width;
        from = upto;
    }
    first as u16
}

/// The minutes a bucket stands for: its lower bound.
pub fn bucket_minutes(b: u16) -> f64 {
    let b = i64::from(b);
    let mut first = 0i64;
    let mut from = 0i64;
    for (upto, width) in SPANS {
        let n = (upto - from) / width;
        if b < first + n {
            return (from + (b - first) * width) as f64;
        }
        first += n;
        from = upto;
    }
    from as f64
}

/// The width in minutes of the bucket holding `minutes`.
pub fn bucket_width(minutes: f64) -> f64 {
    SPANS
        .iter()
        .find(|(upto, _)| minutes < *upto as f64)
        .map_or(f64::INFINITY, |(_, w)| *w as f64)
}

/// A day's first responses on one channel as stored: `(bucket, count)`
/// pairs in bucket order, six bytes each (little endian).
pub fn encode_histogram(h: &std::collections::BTreeMap<u16, u32>) -> Vec<u8> {
    let mut out = Vec::with_capacity(h.len() * 6);
    for (b, n) in h.iter().filter(|(_, n)| **n > 0) {
        out.extend_from_slice(&b.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
    }
    out
}

/// The pairs of [`encode_histogram`] (a damaged tail is ignored).
pub fn decode_histogram(raw: &[u8]) -> Vec<(u16, u32)> {
    raw.chunks_exact(6)
        .map(|c| {
            (
                u16::from_le_bytes([c[0], c[1]]),
                u32::from_le_bytes([c[2], c[3], c[4], c[5]]),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_exact_to_their_width_and_in_order() {
        assert_eq!(bucket(59), 0);
        assert_eq!(bucket(61), 1);
        assert_eq!(bucket_minutes(bucket(50 * 60 + 7)), 50.0);
        let mut last = 0;
        for secs in (0..400 * 86_400).step_by(613) {
            let b = bucket(secs);
            assert!(b >= last, "buckets never go back");
            last = b;
            let m = secs as f64 / 60.0;
            let lower = bucket_minutes(b);
            assert!(lower <= m && m - lower < bucket_width(m).min(1e9), "{secs}");
        }
    }

    #[test]
    fn histograms_round_trip() {
        let h: std::collections::BTreeMap<u16, u32> = [(0, 3), (7, 1), (900, 70_000)].into();
        let back: std::collections::BTreeMap<u16, u32> = decode_histogram(&encode_histogram(&h))
            .into_iter()
            .collect();
        assert_eq!(back, h);
    }
}

/// What a search found: people and messages, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRows {
    /// People whose name, handle, display name or address matches.
    pub people: Vec<PersonId>,
    /// Messages whose words match, newest first.
    pub messages: Vec<InteractionId>,
    /// How many messages match in all (`messages` holds at most the
    /// search's limit of them).
    pub message_total: u64,
}
