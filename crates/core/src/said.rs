//! The sentences the engine says to the team, as data.
//!
//! An inbox item's reasons, an alert's reason, a line of a person's
//! evidence, why someone fits the shop or was picked for a cohort: each
//! is a [`Said`], a closed set of sentence kinds with typed arguments
//! (counts, moments, stages, channels, stretches of time). Two readers
//! write them out:
//!
//! - [`Said`]'s `Display` writes the English every command, the JSON API
//!   and the oracle have always written (the API and CONTRACT rely on
//!   those strings, so the English here is fixed text, checked by tests
//!   against the sentences written before this type existed);
//! - the dashboard asks [`Said::key`] and [`Said::args`] and writes the
//!   sentence from its Fluent catalogue in the user's language, each
//!   argument as that language writes it (see `rapport_server::i18n`).
//!
//! A stored sentence (a verdict's evidence) keeps its kind and arguments
//! (`{"key":"orders","n":2,...}`); one stored before sentences had a kind
//! reads back as [`Said::Verbatim`] and is shown as written until the
//! person is judged again.
//!
//! # Layout
//!
//! - [`Said`]: every sentence kind, its English and its arguments.
//! - [`Arg`]: an argument as a language writer needs it.
//! - [`Money`]: an amount in a currency.
//! - [`english`], [`english_all`], [`english_opt`]: serde helpers that
//!   write sentences as their English strings in JSON views.
//! - [`lenient`]: reads stored sentences, old strings included.

use crate::ladder::{Label, Stage};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in a currency: `129.90 EUR`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// The amount.
    pub amount: f64,
    /// The currency code, upper case.
    pub currency: String,
}

/// A sentence the engine says to the team: which one, with what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "key", rename_all = "kebab-case")]
pub enum Said {
    // ---- Why an inbox item has its priority (`rapport_core::priority`).
    /// `complaint`.
    Complaint,
    /// `question`.
    Question,
    /// The author's label: `true fan`.
    Label {
        /// The label.
        label: Label,
    },
    /// `stock phrase`.
    StockPhrase,
    /// `waiting 3 days, past the 1-hour target`.
    WaitingPast {
        /// Seconds waited.
        waited: i64,
        /// The target, in seconds.
        target: i64,
    },
    /// `waiting 20 min, 40 min left of the 1-hour target`.
    WaitingLeft {
        /// Seconds waited.
        waited: i64,
        /// Seconds left.
        left: i64,
        /// The target, in seconds.
        target: i64,
    },
    /// `answered after 5 h`.
    AnsweredAfter {
        /// Seconds it waited.
        waited: i64,
    },
    /// The answer-target rule: `1 h for true fans, …; 24 h for everyone
    /// else.`
    TargetRule {
        /// The short target, in seconds.
        fast: i64,
        /// The long target, in seconds.
        other: i64,
    },

    // ---- Why an alert was raised (`views::alerts`).
    /// `Complaint from a detractor on instagram: waiting 3 days, past the
    /// 1-hour target.`
    Unanswered {
        /// A complaint (else a question).
        complaint: bool,
        /// The label that earns the short target.
        vip: Option<Label>,
        /// Where.
        channel: String,
        /// How it stands against its target ([`Said::WaitingPast`] or
        /// [`Said::WaitingLeft`]).
        waiting: Box<Said>,
    },
    /// `Became a detractor on 2026-11-02: 3 complaints against 1 word of
    /// praise.`
    BecameDetractor {
        /// When (seconds since the epoch).
        on: i64,
        /// Why ([`Said::Detractor`]).
        why: Box<Said>,
    },
    /// `A fan, quiet since …, who will slip to engaged on … unless they
    /// hear from the shop.`
    FanFalling {
        /// Their latest activity.
        quiet: i64,
        /// The stage they will be at.
        to: Stage,
        /// When.
        on: i64,
    },
    /// `Was a fan until …, now engaged: fewer specific words in the last
    /// 90 days.`
    FanFell {
        /// When they fell.
        until: i64,
        /// Their stage now.
        now: Stage,
        /// The ladder's window, in days.
        days: i64,
    },
    /// `Large reach, other interests: …` ([`Said::Mismatch`]).
    OtherInterests {
        /// The mismatch.
        why: Box<Said>,
    },
    /// `Asks on instagram about Trail tyre 29, which they bought: …`
    BoughtQuestion {
        /// Where.
        channel: String,
        /// What they bought.
        product: String,
    },
    /// `A second complaint within 30 days, on x: …`
    RepeatComplaint {
        /// Where.
        channel: String,
    },
    /// `A detractor wrote where others read it, on x: …`
    DetractorPublic {
        /// Where.
        channel: String,
    },
    /// `An influencer whose audience suits the shop wrote about it on x: …`
    InfluencerMention {
        /// Where.
        channel: String,
    },
    /// `The shop answered them on x yesterday: ask how it went.`
    FollowUp {
        /// Where.
        channel: String,
        /// How long ago, in seconds; `None`: yesterday.
        ago: Option<i64>,
    },

    // ---- A person's evidence (`rapport_core::ladder`).
    /// `3 specific comments in the last 90 days`.
    SpecificComments {
        /// How many.
        n: u64,
        /// The window, in days.
        days: i64,
    },
    /// `2 replies in conversations with the shop`.
    Conversations {
        /// How many.
        n: u64,
    },
    /// `talked with others under the shop's posts 3 times`.
    PeerTalk {
        /// How many times.
        n: u64,
    },
    /// `2 orders, 129.90 EUR + 30360.00 THB`, with what they are worth in
    /// the shop's currency when another is involved.
    Orders {
        /// How many.
        n: u64,
        /// Totals per currency, largest first.
        amounts: Vec<Money>,
        /// Their worth in the shop's currency, when another is involved.
        worth: Option<Money>,
        /// Some currency had no rate and was left out of `worth`.
        unrated: bool,
    },
    /// `recommended or shared the shop 2 times`.
    Recommended {
        /// How many times.
        n: u64,
    },
    /// `41200 followers`.
    Followers {
        /// How many.
        n: u64,
    },
    /// `3 complaints against 1 word of praise`.
    Detractor {
        /// Complaints.
        complaints: u64,
        /// Words of praise.
        praise: u64,
    },
    /// `4 of 5 comments are stock phrases, under 3 different posts`.
    StockPhrases {
        /// Stock phrases.
        stock: u64,
        /// Comments.
        of: u64,
        /// Posts they were under.
        posts: u64,
    },
    /// `follows or likes the shop, no comments yet`.
    FollowsOnly,
    /// `no interactions with the shop yet`.
    NoInteractions,
    /// `was fan until recently; stages drop 30 days after the evidence
    /// goes (now engaged)`.
    WasUntilRecently {
        /// The stage held.
        was: Stage,
        /// The grace period, in days.
        days: i64,
        /// The stage the evidence gives now.
        now: Stage,
    },
    /// `412k followers, but talks about cars and golf, not the shop's
    /// topics (alignment 0.12)`.
    Mismatch {
        /// Followers.
        followers: u64,
        /// What they talk about instead.
        elsewhere: Vec<String>,
        /// Alignment, two decimals.
        alignment: f64,
    },
    /// `42k followers (reach 0.77), alignment 0.81: shares the shop's
    /// gravel, rides`.
    Aligned {
        /// Followers.
        followers: u64,
        /// Reach, two decimals.
        reach: f64,
        /// Alignment, two decimals.
        alignment: f64,
        /// Their own words on the shop's topics (none: `interests`).
        common: Vec<String>,
    },

    // ---- Why an influencer fits (`ladder::fit_line`).
    /// `talks about cars, not the shop's topics; 412k followers`.
    FitElsewhere {
        /// What they talk about.
        elsewhere: Vec<String>,
        /// Followers.
        followers: u64,
    },
    /// `alignment 0.55 with the shop's topics; 42k followers`.
    FitAlignment {
        /// Alignment, two decimals.
        alignment: f64,
        /// Followers.
        followers: u64,
    },
    /// `talks about gravel and repair — the shop's topics; 42k followers`.
    FitShared {
        /// Their own words.
        common: Vec<String>,
        /// Followers.
        followers: u64,
    },

    // ---- A detractor's recovery (`views::person`).
    /// `Recovery (3 complaints): complained … → answered … → resolved … →
    /// after: positive — recovered`.
    Recovery {
        /// Complaints in all.
        complaints: u64,
        /// The latest complaint.
        complained: i64,
        /// When the shop answered it.
        answered: Option<i64>,
        /// Their first non-complaint since.
        resolved: Option<i64>,
        /// Sentiments since, oldest first (`positive`, `neutral`,
        /// `negative`).
        after: Vec<String>,
        /// Whether they recovered.
        recovered: bool,
    },

    // ---- Why a person was picked for a cohort (`rapport_core::cohort`).
    /// Clauses joined by `; `, the first capitalized, ended by a period.
    Clauses {
        /// The clauses.
        parts: Vec<Said>,
    },
    /// `engaged: …` (a line of evidence).
    EngagedBy {
        /// The evidence.
        evidence: Box<Said>,
    },
    /// `writes about gravel, repair (40% of their comments on the shop's
    /// topics)`.
    WritesAbout {
        /// The shared topics (up to three).
        topics: Vec<String>,
        /// Percent of their comments on the shop's topics (written with
        /// no decimals).
        percent: f64,
    },
    /// `the shop has never answered them`.
    NeverAnswered,
    /// `the shop last answered them 12 days ago`.
    LastAnswered {
        /// Days ago.
        days: i64,
    },
    /// `a question of theirs is still open`.
    QuestionOpen,

    // ---- What the team did with an inbox item (its history).
    /// `reply (sent)`, `assign ana@…`: an entry of the audit log, as
    /// [`Said::parse_audit`] reads it.
    Did {
        /// `alert ` for a decision about the item's alert, else empty.
        alert: bool,
        /// The action (`reply`, `handled`, `assign`, `unassign`,
        /// `snooze`, `note`, `reopen`, `done`, `snoozed`, `dismissed`).
        action: String,
        /// What follows the action word, as logged (`(sent)`, an email,
        /// `until …`).
        detail: String,
    },

    /// A sentence kept as written: one stored before sentences had a
    /// kind, or one this type has no kind for.
    Verbatim {
        /// The words.
        text: String,
    },
}

/// An argument of a sentence, as a writer of a language needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// A count: plural forms choose by it.
    Count(u64),
    /// A number with this many decimals.
    Decimal(f64, usize),
    /// A stretch of time in seconds: `3 days`.
    Span(i64),
    /// An answer target in seconds, by its name: `1-hour`.
    Target(i64),
    /// A day (seconds since the epoch): `2026-11-02`.
    Day(i64),
    /// A moment to the minute, or not yet: `2026-11-02 09:14`.
    Moment(Option<i64>),
    /// A stage.
    Stage(Stage),
    /// A label.
    Label(Label),
    /// A closed set's value shown through its `prefix-value` message
    /// (`delivery`, `sent`).
    Word(&'static str, &'a str),
    /// A follower count as people say it: `412k`.
    Short(u64),
    /// A value of a closed set, for a selector (`complaint`, `none`).
    Code(&'a str),
    /// Words as written (a channel, a product, someone's words).
    Text(&'a str),
    /// Words as prose, `a, b and c`; empty: the message named.
    List(&'a [String], &'static str),
    /// Words joined by commas; empty: the message named.
    Joined(&'a [String], &'static str),
    /// Closed-set values (`prefix-value` messages) joined by commas;
    /// empty: the message named.
    Codes(&'a [String], &'static str, &'static str),
    /// Amounts joined by ` + `.
    Amounts(&'a [Money]),
    /// One amount, or none.
    Money(Option<&'a Money>),
    /// A sentence inside this one.
    Nested(&'a Said),
    /// Sentences joined by `; `.
    Clauses(&'a [Said]),
}

/// `45 min`, `5 h`, `3 days`: the unit a stretch of time is said in, and
/// how many of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanUnit {
    /// Minutes (under an hour).
    Min,
    /// Hours (under two days).
    Hours,
    /// Days.
    Days,
}

/// A stretch of `secs` seconds as people say it: its unit and count.
pub fn span_parts(secs: i64) -> (SpanUnit, i64) {
    let m = secs.max(0) / 60;
    match m {
        ..=59 => (SpanUnit::Min, m),
        60..=2879 => (SpanUnit::Hours, m / 60),
        _ => (SpanUnit::Days, m / 1440),
    }
}

/// An answer target of `secs` seconds by its name's unit and count:
/// `1-hour`, `24-hour`, `30-minute`, `3-day`.
pub fn target_parts(secs: i64) -> (SpanUnit, i64) {
    let m = secs.max(0) / 60;
    if m % 1440 == 0 && m > 2880 {
        (SpanUnit::Days, m / 1440)
    } else if m % 60 == 0 {
        (SpanUnit::Hours, m / 60)
    } else {
        (SpanUnit::Min, m)
    }
}

/// A stretch of time as people say it in English: `45 min`, `5 h`,
/// `3 days`.
pub fn span(secs: i64) -> String {
    match span_parts(secs) {
        (SpanUnit::Min, n) => format!("{n} min"),
        (SpanUnit::Hours, n) => format!("{n} h"),
        (SpanUnit::Days, n) => format!("{n} days"),
    }
}

fn target_name(secs: i64) -> String {
    match target_parts(secs) {
        (SpanUnit::Min, n) => format!("{n}-minute"),
        (SpanUnit::Hours, n) => format!("{n}-hour"),
        (SpanUnit::Days, n) => format!("{n}-day"),
    }
}

fn day(t: i64) -> String {
    crate::Timestamp(t).to_rfc3339().chars().take(10).collect()
}

fn moment(t: Option<i64>) -> String {
    t.map_or("not yet".to_string(), |t| {
        let s = crate::Timestamp(t).to_rfc3339();
        s[..16.min(s.len())].replace('T', " ")
    })
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Words as prose: `a`, `a and b`, `a, b and c` (`none` for no words).
pub fn listed(words: &[String], none: &str) -> String {
    match words {
        [] => none.to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn amounts(a: &[Money]) -> String {
    a.iter()
        .map(|m| format!("{:.2} {}", m.amount, m.currency))
        .collect::<Vec<_>>()
        .join(" + ")
}

impl Said {
    /// How a message written at `at` stands against its `target` at
    /// `now` (seconds): waiting past it, or with time left.
    pub fn waiting(at: i64, now: i64, target: i64) -> Said {
        let waited = (now - at).max(0);
        if waited > target {
            Said::WaitingPast { waited, target }
        } else {
            Said::WaitingLeft {
                waited,
                left: target - waited,
                target,
            }
        }
    }

    /// An entry of the audit log about an inbox item (`reply (sent)`,
    /// `assign ana@shop`, `snooze until …`), read once into its action
    /// and the rest; `alert` when it is about the item's alert.
    pub fn parse_audit(alert: bool, detail: &str) -> Said {
        let (action, rest) = detail.split_once(' ').unwrap_or((detail, ""));
        Said::Did {
            alert,
            action: action.to_string(),
            detail: rest.to_string(),
        }
    }

    /// The sentence as text to store, read back by [`from_stored`].
    pub fn stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.to_string())
    }

    /// The sentence's kind, as its Fluent message is named after it
    /// (`said-{key}`).
    pub fn key(&self) -> &'static str {
        match self {
            Said::Complaint => "complaint",
            Said::Question => "question",
            Said::Label { .. } => "label",
            Said::StockPhrase => "stock-phrase",
            Said::WaitingPast { .. } => "waiting-past",
            Said::WaitingLeft { .. } => "waiting-left",
            Said::AnsweredAfter { .. } => "answered-after",
            Said::TargetRule { .. } => "target-rule",
            Said::Unanswered { .. } => "unanswered",
            Said::BecameDetractor { .. } => "became-detractor",
            Said::FanFalling { .. } => "fan-falling",
            Said::FanFell { .. } => "fan-fell",
            Said::OtherInterests { .. } => "other-interests",
            Said::BoughtQuestion { .. } => "bought-question",
            Said::RepeatComplaint { .. } => "repeat-complaint",
            Said::DetractorPublic { .. } => "detractor-public",
            Said::InfluencerMention { .. } => "influencer-mention",
            Said::FollowUp { .. } => "follow-up",
            Said::SpecificComments { .. } => "specific-comments",
            Said::Conversations { .. } => "conversations",
            Said::PeerTalk { .. } => "peer-talk",
            Said::Orders { .. } => "orders",
            Said::Recommended { .. } => "recommended",
            Said::Followers { .. } => "followers",
            Said::Detractor { .. } => "detractor",
            Said::StockPhrases { .. } => "stock-phrases",
            Said::FollowsOnly => "follows-only",
            Said::NoInteractions => "no-interactions",
            Said::WasUntilRecently { .. } => "was-until-recently",
            Said::Mismatch { .. } => "mismatch",
            Said::Aligned { .. } => "aligned",
            Said::FitElsewhere { .. } => "fit-elsewhere",
            Said::FitAlignment { .. } => "fit-alignment",
            Said::FitShared { .. } => "fit-shared",
            Said::Recovery { .. } => "recovery",
            Said::Clauses { .. } => "clauses",
            Said::EngagedBy { .. } => "engaged-by",
            Said::WritesAbout { .. } => "writes-about",
            Said::NeverAnswered => "never-answered",
            Said::LastAnswered { .. } => "last-answered",
            Said::QuestionOpen => "question-open",
            Said::Did { .. } => "did",
            Said::Verbatim { .. } => "verbatim",
        }
    }

    /// The sentence's arguments by the names its messages use.
    pub fn args(&self) -> Vec<(&'static str, Arg<'_>)> {
        use Arg::*;
        let code = |b: bool, yes: &'static str, no: &'static str| Code(if b { yes } else { no });
        match self {
            Said::Complaint
            | Said::Question
            | Said::StockPhrase
            | Said::FollowsOnly
            | Said::NoInteractions
            | Said::NeverAnswered
            | Said::QuestionOpen => Vec::new(),
            Said::Label { label } => vec![("label", Label(*label))],
            Said::WaitingPast { waited, target } => {
                vec![("waited", Span(*waited)), ("target", Target(*target))]
            }
            Said::WaitingLeft {
                waited,
                left,
                target,
            } => vec![
                ("waited", Span(*waited)),
                ("left", Span(*left)),
                ("target", Target(*target)),
            ],
            Said::AnsweredAfter { waited } => vec![("waited", Span(*waited))],
            Said::TargetRule { fast, other } => {
                vec![("fast", Span(*fast)), ("other", Span(*other))]
            }
            Said::Unanswered {
                complaint,
                vip,
                channel,
                waiting,
            } => vec![
                ("what", code(*complaint, "complaint", "question")),
                (
                    "vip",
                    Code(vip.map_or("none", crate::ladder::Label::as_str)),
                ),
                ("channel", Text(channel)),
                ("waiting", Nested(waiting)),
            ],
            Said::BecameDetractor { on, why } => vec![("day", Day(*on)), ("why", Nested(why))],
            Said::FanFalling { quiet, to, on } => vec![
                ("quiet", Day(*quiet)),
                ("stage", Stage(*to)),
                ("day", Day(*on)),
            ],
            Said::FanFell { until, now, days } => vec![
                ("day", Day(*until)),
                ("stage", Stage(*now)),
                ("days", Count(*days as u64)),
            ],
            Said::OtherInterests { why } => vec![("why", Nested(why))],
            Said::BoughtQuestion { channel, product } => {
                vec![("channel", Text(channel)), ("product", Text(product))]
            }
            Said::RepeatComplaint { channel }
            | Said::DetractorPublic { channel }
            | Said::InfluencerMention { channel } => vec![("channel", Text(channel))],
            Said::FollowUp { channel, ago } => vec![
                ("channel", Text(channel)),
                ("when", code(ago.is_some(), "ago", "yesterday")),
                ("ago", Span(ago.unwrap_or(0))),
            ],
            Said::SpecificComments { n, days } => {
                vec![("n", Count(*n)), ("days", Count(*days as u64))]
            }
            Said::Conversations { n }
            | Said::PeerTalk { n }
            | Said::Recommended { n }
            | Said::Followers { n } => vec![("n", Count(*n))],
            Said::Orders {
                n,
                amounts,
                worth,
                unrated,
            } => vec![
                ("n", Count(*n)),
                ("amounts", Amounts(amounts)),
                ("converted", code(worth.is_some(), "yes", "no")),
                ("worth", Money(worth.as_ref())),
                ("unrated", code(*unrated, "yes", "no")),
            ],
            Said::Detractor { complaints, praise } => {
                vec![
                    ("complaints", Count(*complaints)),
                    ("praise", Count(*praise)),
                ]
            }
            Said::StockPhrases { stock, of, posts } => vec![
                ("stock", Count(*stock)),
                ("of", Count(*of)),
                ("posts", Count(*posts)),
            ],
            Said::WasUntilRecently { was, days, now } => vec![
                ("was", Stage(*was)),
                ("days", Count(*days as u64)),
                ("stage", Stage(*now)),
            ],
            Said::Mismatch {
                followers,
                elsewhere,
                alignment,
            } => vec![
                ("followers", Short(*followers)),
                ("elsewhere", List(elsewhere, "said-other-things")),
                ("alignment", Decimal(*alignment, 2)),
            ],
            Said::Aligned {
                followers,
                reach,
                alignment,
                common,
            } => vec![
                ("followers", Short(*followers)),
                ("reach", Decimal(*reach, 2)),
                ("alignment", Decimal(*alignment, 2)),
                ("common", Joined(common, "said-interests")),
            ],
            Said::FitElsewhere {
                elsewhere,
                followers,
            } => vec![
                ("elsewhere", List(elsewhere, "said-other-things")),
                ("followers", Short(*followers)),
            ],
            Said::FitAlignment {
                alignment,
                followers,
            } => vec![
                ("alignment", Decimal(*alignment, 2)),
                ("followers", Short(*followers)),
            ],
            Said::FitShared { common, followers } => vec![
                ("common", List(common, "said-nothing")),
                ("followers", Short(*followers)),
            ],
            Said::Recovery {
                complaints,
                complained,
                answered,
                resolved,
                after,
                recovered,
            } => vec![
                ("n", Count(*complaints)),
                ("complained", Moment(Some(*complained))),
                ("answered", Moment(*answered)),
                ("resolved", Moment(*resolved)),
                ("after", Codes(after, "sentiment", "said-nothing-yet")),
                ("recovered", code(*recovered, "yes", "no")),
            ],
            Said::Clauses { parts } => vec![("parts", Clauses(parts))],
            Said::EngagedBy { evidence } => vec![("evidence", Nested(evidence))],
            Said::WritesAbout { topics, percent } => vec![
                ("topics", Joined(topics, "said-nothing")),
                ("percent", Decimal(*percent, 0)),
            ],
            Said::LastAnswered { days } => vec![("days", Count((*days).max(0) as u64))],
            Said::Did {
                alert,
                action,
                detail,
            } => {
                // `reply (sent)`, `snooze until 2026-…`: the state and the
                // moment as the log wrote them.
                let state = detail.trim_start_matches('(').trim_end_matches(')');
                let until = detail
                    .strip_prefix("until ")
                    .and_then(|t| crate::Timestamp::parse(t).ok())
                    .map(|t| t.0);
                vec![
                    ("alert", code(*alert, "yes", "no")),
                    ("action", Code(action)),
                    ("detail", Text(detail)),
                    ("state", Word("delivery", state)),
                    ("until", Moment(until)),
                ]
            }
            Said::Verbatim { text } => vec![("text", Text(text))],
        }
    }
}

impl fmt::Display for Said {
    /// The sentence in English, as the CLI and the API write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Said::Complaint => "complaint".to_string(),
            Said::Question => "question".to_string(),
            Said::Label { label } => label.as_str().replace('_', " "),
            Said::StockPhrase => "stock phrase".to_string(),
            Said::WaitingPast { waited, target } => format!(
                "waiting {}, past the {} target",
                span(*waited),
                target_name(*target)
            ),
            Said::WaitingLeft {
                waited,
                left,
                target,
            } => format!(
                "waiting {}, {} left of the {} target",
                span(*waited),
                span(*left),
                target_name(*target)
            ),
            Said::AnsweredAfter { waited } => format!("answered after {}", span(*waited)),
            Said::TargetRule { fast, other } => format!(
                "{} for true fans, evangelists, influencers and detractors' complaints; {} for everyone else.",
                span(*fast),
                span(*other)
            ),
            Said::Unanswered {
                complaint,
                vip,
                channel,
                waiting,
            } => {
                let what = if *complaint { "Complaint" } else { "Question" };
                let from = vip.map_or(String::new(), |l| {
                    let who = l.as_str().replace('_', " ");
                    let a = if who.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    };
                    format!(" from {a} {who}")
                });
                format!("{what}{from} on {channel}: {waiting}.")
            }
            Said::BecameDetractor { on, why } => {
                format!("Became a detractor on {}: {why}.", day(*on))
            }
            Said::FanFalling { quiet, to, on } => format!(
                "A fan, quiet since {}, who will slip to {} on {} unless they hear from the shop.",
                day(*quiet),
                to.as_str(),
                day(*on)
            ),
            Said::FanFell { until, now, days } => format!(
                "Was a fan until {}, now {}: fewer specific words in the last {days} days.",
                day(*until),
                now.as_str()
            ),
            Said::OtherInterests { why } => format!("Large reach, other interests: {why}."),
            Said::BoughtQuestion { channel, product } => format!(
                "Asks on {channel} about {product}, which they bought: an answer from a person, now."
            ),
            Said::RepeatComplaint { channel } => {
                format!("A second complaint within 30 days, on {channel}: call or write personally.")
            }
            Said::DetractorPublic { channel } => format!(
                "A detractor wrote where others read it, on {channel}: answer in public, kindly."
            ),
            Said::InfluencerMention { channel } => format!(
                "An influencer whose audience suits the shop wrote about it on {channel}: say thanks."
            ),
            Said::FollowUp { channel, ago } => format!(
                "The shop answered them on {channel} {}: ask how it went.",
                ago.map_or("yesterday".to_string(), |s| format!("{} ago", span(s)))
            ),
            Said::SpecificComments { n, days } => format!(
                "{} in the last {days} days",
                plural(*n, "specific comment", "specific comments")
            ),
            Said::Conversations { n } => format!(
                "{} with the shop",
                plural(*n, "reply in a conversation", "replies in conversations")
            ),
            Said::PeerTalk { n } => format!(
                "talked with others under the shop's posts {}",
                plural(*n, "time", "times")
            ),
            Said::Orders {
                n,
                amounts: a,
                worth,
                unrated,
            } => {
                let line = format!("{}, {}", plural(*n, "order", "orders"), amounts(a));
                match worth {
                    None => line,
                    Some(w) => format!(
                        "{line} (≈ {:.2} {}{})",
                        w.amount,
                        w.currency,
                        if *unrated {
                            ", currencies without a rate left out"
                        } else {
                            ""
                        }
                    ),
                }
            }
            Said::Recommended { n } => format!(
                "recommended or shared the shop {}",
                plural(*n, "time", "times")
            ),
            Said::Followers { n } => format!("{n} followers"),
            Said::Detractor { complaints, praise } => format!(
                "{} against {}",
                plural(*complaints, "complaint", "complaints"),
                plural(*praise, "word of praise", "words of praise")
            ),
            Said::StockPhrases { stock, of, posts } => format!(
                "{stock} of {of} comments are stock phrases, under {}",
                plural(*posts, "post", "different posts")
            ),
            Said::FollowsOnly => "follows or likes the shop, no comments yet".to_string(),
            Said::NoInteractions => "no interactions with the shop yet".to_string(),
            Said::WasUntilRecently { was, days, now } => format!(
                "was {} until recently; stages drop {days} days after the evidence goes (now {})",
                was.as_str(),
                now.as_str()
            ),
            Said::Mismatch {
                followers,
                elsewhere,
                alignment,
            } => format!(
                "{} followers, but talks about {}, not the shop's topics (alignment {alignment:.2})",
                crate::ladder::short_count(*followers),
                listed(elsewhere, "other things")
            ),
            Said::Aligned {
                followers,
                reach,
                alignment,
                common,
            } => format!(
                "{} followers (reach {reach:.2}), alignment {alignment:.2}: shares the shop's {}",
                crate::ladder::short_count(*followers),
                if common.is_empty() {
                    "interests".to_string()
                } else {
                    common.join(", ")
                }
            ),
            Said::FitElsewhere {
                elsewhere,
                followers,
            } => format!(
                "talks about {}, not the shop's topics; {} followers",
                listed(elsewhere, "other things"),
                crate::ladder::short_count(*followers)
            ),
            Said::FitAlignment {
                alignment,
                followers,
            } => format!(
                "alignment {alignment:.2} with the shop's topics; {} followers",
                crate::ladder::short_count(*followers)
            ),
            Said::FitShared { common, followers } => format!(
                "talks about {} — the shop's topics; {} followers",
                listed(common, ""),
                crate::ladder::short_count(*followers)
            ),
            Said::Recovery {
                complaints,
                complained,
                answered,
                resolved,
                after,
                recovered,
            } => format!(
                "Recovery ({complaints} complaints): complained {} → answered {} → resolved {} → after: {} — {}",
                moment(Some(*complained)),
                moment(*answered),
                moment(*resolved),
                if after.is_empty() {
                    "nothing yet".to_string()
                } else {
                    after.join(", ")
                },
                if *recovered {
                    "recovered"
                } else {
                    "not recovered"
                }
            ),
            Said::Clauses { parts } => {
                let mut line = parts
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
                if let Some(f) = line.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                line.push('.');
                line
            }
            Said::EngagedBy { evidence } => format!("engaged: {evidence}"),
            Said::WritesAbout { topics, percent } => format!(
                "writes about {} ({percent:.0}% of their comments on the shop's topics)",
                topics.join(", ")
            ),
            Said::NeverAnswered => "the shop has never answered them".to_string(),
            Said::LastAnswered { days } => {
                format!("the shop last answered them {days} days ago")
            }
            Said::QuestionOpen => "a question of theirs is still open".to_string(),
            Said::Did {
                alert,
                action,
                detail,
            } => {
                let mut s = String::new();
                if *alert {
                    s.push_str("alert ");
                }
                s.push_str(action);
                if !detail.is_empty() {
                    s.push(' ');
                    s.push_str(detail);
                }
                s
            }
            Said::Verbatim { text } => text.clone(),
        };
        f.write_str(&s)
    }
}

/// Writes a sentence as its English string (serde `serialize_with`).
pub fn english<S: serde::Serializer>(said: &Said, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(said)
}

/// Writes sentences as their English strings (serde `serialize_with`).
pub fn english_all<S: serde::Serializer>(said: &[Said], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(said.iter().map(ToString::to_string))
}

/// Writes a sentence, if any, as its English string (serde
/// `serialize_with`).
pub fn english_opt<S: serde::Serializer>(said: &Option<Said>, s: S) -> Result<S::Ok, S::Error> {
    match said {
        Some(x) => s.collect_str(x),
        None => s.serialize_none(),
    }
}

/// Reads stored sentences (serde `deserialize_with`): each a sentence
/// with its kind, or a plain string stored before sentences had one
/// (then [`Said::Verbatim`]).
pub fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Said>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Kind(Said),
        Text(String),
    }
    Ok(Vec::<Stored>::deserialize(d)?
        .into_iter()
        .map(|s| match s {
            Stored::Kind(k) => k,
            Stored::Text(text) => Said::Verbatim { text },
        })
        .collect())
}

/// A sentence stored as text ([`Said::stored`]): its kind and
/// arguments, or words stored before sentences had a kind (then
/// [`Said::Verbatim`]).
pub fn from_stored(text: &str) -> Said {
    serde_json::from_str(text).unwrap_or_else(|_| Said::Verbatim {
        text: text.to_string(),
    })
}

/// One sentence of every kind, with arguments that exercise its forms
/// (for the tests that check each language writes each kind).
pub fn samples() -> Vec<Said> {
    let at = 1_793_610_000; // 2026-11-02 09:00 UTC
    let evidence = Said::SpecificComments { n: 3, days: 90 };
    vec![
        Said::Complaint,
        Said::Question,
        Said::Label {
            label: Label::TrueFan,
        },
        Said::StockPhrase,
        Said::waiting(at, at + 3 * 86_400, 3_600),
        Said::waiting(at, at + 20 * 60, 3_600),
        Said::AnsweredAfter { waited: 5 * 3_600 },
        Said::TargetRule {
            fast: 3_600,
            other: 86_400,
        },
        Said::Unanswered {
            complaint: true,
            vip: Some(Label::Detractor),
            channel: "instagram".into(),
            waiting: Box::new(Said::waiting(at, at + 3 * 86_400, 3_600)),
        },
        Said::Unanswered {
            complaint: false,
            vip: None,
            channel: "x".into(),
            waiting: Box::new(Said::waiting(at, at + 5 * 3_600, 86_400)),
        },
        Said::BecameDetractor {
            on: at,
            why: Box::new(Said::Detractor {
                complaints: 3,
                praise: 1,
            }),
        },
        Said::FanFalling {
            quiet: at,
            to: Stage::Engaged,
            on: at + 10 * 86_400,
        },
        Said::FanFell {
            until: at,
            now: Stage::Engaged,
            days: 90,
        },
        Said::OtherInterests {
            why: Box::new(Said::Mismatch {
                followers: 412_000,
                elsewhere: vec!["cars".into(), "golf".into()],
                alignment: 0.12,
            }),
        },
        Said::BoughtQuestion {
            channel: "instagram".into(),
            product: "Trail tyre 29".into(),
        },
        Said::RepeatComplaint {
            channel: "x".into(),
        },
        Said::DetractorPublic {
            channel: "x".into(),
        },
        Said::InfluencerMention {
            channel: "youtube".into(),
        },
        Said::FollowUp {
            channel: "instagram".into(),
            ago: None,
        },
        Said::FollowUp {
            channel: "instagram".into(),
            ago: Some(3 * 86_400),
        },
        evidence.clone(),
        Said::SpecificComments { n: 1, days: 90 },
        Said::Conversations { n: 2 },
        Said::PeerTalk { n: 1 },
        Said::Orders {
            n: 2,
            amounts: vec![
                Money {
                    amount: 129.9,
                    currency: "EUR".into(),
                },
                Money {
                    amount: 360.0,
                    currency: "THB".into(),
                },
            ],
            worth: Some(Money {
                amount: 139.26,
                currency: "EUR".into(),
            }),
            unrated: false,
        },
        Said::Orders {
            n: 1,
            amounts: vec![Money {
                amount: 64.95,
                currency: "EUR".into(),
            }],
            worth: None,
            unrated: false,
        },
        Said::Recommended { n: 2 },
        Said::Followers { n: 412 },
        Said::Detractor {
            complaints: 2,
            praise: 1,
        },
        Said::StockPhrases {
            stock: 4,
            of: 5,
            posts: 3,
        },
        Said::FollowsOnly,
        Said::NoInteractions,
        Said::WasUntilRecently {
            was: Stage::Fan,
            days: 30,
            now: Stage::Engaged,
        },
        Said::Mismatch {
            followers: 412_000,
            elsewhere: vec!["cars".into(), "golf".into(), "watches".into()],
            alignment: 0.12,
        },
        Said::Aligned {
            followers: 42_000,
            reach: 0.77,
            alignment: 0.81,
            common: vec!["gravel".into(), "rides".into()],
        },
        Said::FitElsewhere {
            elsewhere: vec!["cars".into()],
            followers: 412_000,
        },
        Said::FitAlignment {
            alignment: 0.55,
            followers: 42_000,
        },
        Said::FitShared {
            common: vec!["gravel".into(), "repair".into()],
            followers: 42_000,
        },
        Said::Recovery {
            complaints: 3,
            complained: at,
            answered: Some(at + 3_600),
            resolved: None,
            after: vec!["positive".into()],
            recovered: true,
        },
        Said::Clauses {
            parts: vec![
                Said::EngagedBy {
                    evidence: Box::new(evidence),
                },
                Said::WritesAbout {
                    topics: vec!["gravel".into(), "repair".into()],
                    percent: 40.0,
                },
                Said::LastAnswered { days: 12 },
                Said::QuestionOpen,
            ],
        },
        Said::Clauses {
            parts: vec![Said::NeverAnswered],
        },
        Said::parse_audit(false, "assign ana@shop.example"),
        Said::parse_audit(true, "snoozed"),
        Said::parse_audit(false, "reply (sent)"),
        Said::parse_audit(false, "snooze until 2026-11-03T09:00:00Z"),
        Said::parse_audit(false, "handled"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(s: &Said) -> String {
        s.to_string()
    }

    #[test]
    fn each_sentence_reads_in_english_as_it_did_before_it_had_a_kind() {
        let s = samples();
        let want = [
            "complaint",
            "question",
            "true fan",
            "stock phrase",
            "waiting 3 days, past the 1-hour target",
            "waiting 20 min, 40 min left of the 1-hour target",
            "answered after 5 h",
            "1 h for true fans, evangelists, influencers and detractors' complaints; 24 h for everyone else.",
            "Complaint from a detractor on instagram: waiting 3 days, past the 1-hour target.",
            "Question on x: waiting 5 h, 19 h left of the 24-hour target.",
            "Became a detractor on 2026-11-02: 3 complaints against 1 word of praise.",
            "A fan, quiet since 2026-11-02, who will slip to engaged on 2026-11-12 unless they hear from the shop.",
            "Was a fan until 2026-11-02, now engaged: fewer specific words in the last 90 days.",
            "Large reach, other interests: 412k followers, but talks about cars and golf, not the shop's topics (alignment 0.12).",
            "Asks on instagram about Trail tyre 29, which they bought: an answer from a person, now.",
            "A second complaint within 30 days, on x: call or write personally.",
            "A detractor wrote where others read it, on x: answer in public, kindly.",
            "An influencer whose audience suits the shop wrote about it on youtube: say thanks.",
            "The shop answered them on instagram yesterday: ask how it went.",
            "The shop answered them on instagram 3 days ago: ask how it went.",
            "3 specific comments in the last 90 days",
            "1 specific comment in the last 90 days",
            "2 replies in conversations with the shop",
            "talked with others under the shop's posts 1 time",
            "2 orders, 129.90 EUR + 360.00 THB (≈ 139.26 EUR)",
            "1 order, 64.95 EUR",
            "recommended or shared the shop 2 times",
            "412 followers",
            "2 complaints against 1 word of praise",
            "4 of 5 comments are stock phrases, under 3 different posts",
            "follows or likes the shop, no comments yet",
            "no interactions with the shop yet",
            "was fan until recently; stages drop 30 days after the evidence goes (now engaged)",
            "412k followers, but talks about cars, golf and watches, not the shop's topics (alignment 0.12)",
            "42k followers (reach 0.77), alignment 0.81: shares the shop's gravel, rides",
            "talks about cars, not the shop's topics; 412k followers",
            "alignment 0.55 with the shop's topics; 42k followers",
            "talks about gravel and repair — the shop's topics; 42k followers",
            "Recovery (3 complaints): complained 2026-11-02 09:00 → answered 2026-11-02 10:00 → resolved not yet → after: positive — recovered",
            "Engaged: 3 specific comments in the last 90 days; writes about gravel, repair (40% of their comments on the shop's topics); the shop last answered them 12 days ago; a question of theirs is still open.",
            "The shop has never answered them.",
            "assign ana@shop.example",
            "alert snoozed",
            "reply (sent)",
            "snooze until 2026-11-03T09:00:00Z",
            "handled",
        ];
        assert_eq!(s.len(), want.len());
        for (said, want) in s.iter().zip(want) {
            assert_eq!(english(said), want, "{said:?}");
        }
    }

    #[test]
    fn a_sentence_is_stored_with_its_kind_and_read_back_the_same() {
        for s in samples() {
            let json = serde_json::to_string(&[&s]).expect("json");
            let mut d = serde_json::Deserializer::from_str(&json);
            let back = lenient(&mut d).expect("read");
            assert_eq!(back, vec![s.clone()], "{json}");
        }
    }

    #[test]
    fn a_sentence_stored_as_plain_words_reads_back_verbatim() {
        let mut d = serde_json::Deserializer::from_str(r#"["3 followers", {"key":"complaint"}]"#);
        let back = lenient(&mut d).expect("read");
        assert_eq!(
            back,
            vec![
                Said::Verbatim {
                    text: "3 followers".into()
                },
                Said::Complaint
            ]
        );
        assert_eq!(back[0].to_string(), "3 followers");
        assert_eq!(from_stored("picked 7").to_string(), "picked 7");
        let s = Said::LastAnswered { days: 3 };
        assert_eq!(from_stored(&s.stored()), s);
    }

    #[test]
    fn every_kind_has_a_sample_and_its_own_key() {
        fn walk(s: &Said, out: &mut std::collections::BTreeSet<&'static str>) {
            out.insert(s.key());
            for (_, a) in s.args() {
                match a {
                    Arg::Nested(n) => walk(n, out),
                    Arg::Clauses(parts) => parts.iter().for_each(|p| walk(p, out)),
                    _ => {}
                }
            }
        }
        let mut keys = std::collections::BTreeSet::new();
        for s in samples() {
            walk(&s, &mut keys);
        }
        // Every kind but the verbatim one, whose words are not the
        // engine's.
        assert_eq!(keys.len(), 42, "{keys:?}");
        assert!(!keys.contains("verbatim"));
    }

    #[test]
    fn spans_and_target_names_read_like_people_say_them() {
        assert_eq!(span(45 * 60), "45 min");
        assert_eq!(span(3_600), "1 h");
        assert_eq!(span(3 * 86_400), "3 days");
        assert_eq!(target_name(30 * 60), "30-minute");
        assert_eq!(target_name(3 * 86_400), "3-day");
        assert_eq!(target_name(86_400), "24-hour");
    }
}
