//! A sentence's arguments as the writer of a language needs them.

use super::{Money, Said};
use crate::ladder::{Label, Stage};

/// An argument of a sentence, as a writer of a language needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// A count: plural forms choose by it.
    Count(u64),
    /// A position in a file (a line, a column): digits only, in every
    /// language, as an editor shows it.
    Position(u64),
    /// A number with this many decimals.
    Decimal(f64, usize),
    /// A stretch of time in seconds: `3 days`.
    Span(i64),
    /// An answer target in seconds, by its name: `1-hour`.
    Target(i64),
    /// An hour of the day, on the hour: `21:00`.
    Hour(u8),
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
    /// A value as a file gave it, quoted and escaped: `"12,5x"`.
    Quoted(&'a str),
    /// A character, quoted and escaped: `' '`.
    Char(char),
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
    /// Field names of a file, each in backticks, joined by commas: data,
    /// the same in every language.
    Fields(&'a [String]),
}

/// Field names in backticks joined by commas: `` `a`, `b` ``.
pub(super) fn ticked(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
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

impl Said {
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
            | Said::QuestionOpen
            | Said::RecipientUnsubscribed
            | Said::Unsubscribed
            | Said::WroteSinceRequest
            | Said::ComplaintOpen
            | Said::ParentErased
            | Said::SentAgain
            | Said::MayHaveLeft
            | Said::CopyImportedFirst
            | Said::IsMissing
            | Said::IsEmpty
            | Said::NotFinite
            | Said::IsNegative
            | Said::NotUtf8
            | Said::NothingIdentifies
            | Said::MissingMessageId
            | Said::NamesNoStatus
            | Said::NamesNoId
            | Said::NamesNoAddress
            | Said::NotAnArray
            | Said::DuplicateField
            | Said::UnreadableValue
            | Said::NotMail
            | Said::NoHeaderFields
            | Said::NotUtf8Text
            | Said::CsvNoKindColumn => Vec::new(),
            Said::NotUtf8Replaced { line } => vec![("line", Position(*line))],
            Said::MalformedJson { problem, column } => vec![
                ("problem", Word("said-json", problem.code())),
                ("column", Position(*column)),
            ],
            Said::DocumentMalformed {
                problem,
                line,
                column,
            } => vec![
                ("problem", Word("said-json", problem.code())),
                ("line", Position(*line)),
                ("column", Position(*column)),
            ],
            Said::WrongType {
                expected,
                found,
                value,
            } => vec![
                ("expected", Word("said-type", expected.code())),
                ("found", Word("said-type", found.code())),
                ("has", code(value.is_some(), "yes", "no")),
                ("value", Quoted(value.as_deref().unwrap_or_default())),
            ],
            Said::WrongShape { expected, found } => vec![
                ("expected", Word("said-shape", expected.code())),
                ("found", Word("said-type", found.code())),
            ],
            Said::NoneOfFields { shape, fields } => vec![
                ("shape", Word("said-shape", shape.code())),
                ("fields", Fields(fields)),
            ],
            Said::MissingFrom { container } => {
                vec![("container", Word("said-container", container.code()))]
            }
            Said::MissingWithId { id } => vec![("id", Text(id))],
            Said::NotOneOf { value, allowed } | Said::UnknownKind { value, allowed } => vec![
                ("value", Quoted(value)),
                ("allowed", Joined(allowed, "said-nothing")),
            ],
            Said::NestsTooDeep { max } | Said::RepliesTooDeep { max } => {
                vec![("max", Count(*max))]
            }
            Said::NotMailDate { value } => vec![("value", Quoted(value))],
            Said::UnreadableCsv { header, field } => vec![
                ("part", code(*header, "header", "row")),
                ("utf8", code(field.is_some(), "yes", "no")),
                ("field", Position(field.unwrap_or(0))),
            ],
            Said::BadField { field, why } => vec![("field", Text(field)), ("why", Nested(why))],
            Said::TooLongChars { max } | Said::TooLongBytes { max } => vec![("max", Count(*max))],
            Said::BadChar { found } => vec![("found", Char(*found))],
            Said::NotEmail { value }
            | Said::NotTimestamp { value }
            | Said::NotATime { value }
            | Said::NotANumber { value }
            | Said::NotACount { value }
            | Said::NotTrueOrFalse { value }
            | Said::NotCurrency { value } => vec![("value", Quoted(value))],
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
            Said::Detractor {
                complaints,
                praise,
                orders,
            } => {
                vec![
                    ("complaints", Count(*complaints)),
                    ("praise", Count(*praise)),
                    ("orders_named", code(orders.is_some(), "yes", "no")),
                    ("orders", Count(orders.unwrap_or(0))),
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
            Said::CapPerPerson { days } => vec![("days", Count((*days).max(0) as u64))],
            Said::QuietHours { from, until } => {
                vec![("from", Hour(*from)), ("until", Hour(*until))]
            }
            Said::NoSender { channel } => vec![("channel", Text(channel))],
            Said::CancelledBy { by } => vec![("by", Text(by))],
            Said::Verbatim { text } => vec![("text", Text(text))],
        }
    }
}
