//! The English of every sentence kind: the text the CLI, the JSON API
//! and the oracle write, as they wrote it before sentences had kinds.

use super::{span_parts, target_parts, Money, Said, SpanUnit};
use std::fmt;

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
            Said::Detractor {
                complaints,
                praise,
                orders,
            } => format!(
                "{} against {}{}",
                plural(*complaints, "complaint", "complaints"),
                plural(*praise, "word of praise", "words of praise"),
                match orders {
                    None => String::new(),
                    Some(0) => ", no orders".to_string(),
                    Some(n) => format!(", {}", plural(*n, "order", "orders")),
                }
            ),
            Said::StockPhrases { stock, of, posts } => format!(
                "{stock} of {of} comments are stock phrases, under {}",
                plural(*posts, "post", "different posts")
            ),
            Said::FollowsOnly => "follows or likes the shop, no comments yet".to_string(),
            Said::NoInteractions => "no interactions with the shop yet".to_string(),
            Said::WasUntilRecently { was, days, now } => format!(
                "kept at {} for {days} days after the evidence for it went; today's evidence alone says {}",
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
                "Recovery ({}): complained {} → answered {} → resolved {} → after: {} — {}",
                plural(*complaints, "complaint", "complaints"),
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
            Said::LastAnswered { days: 0 } => "the shop answered them today".to_string(),
            Said::LastAnswered { days: 1 } => {
                "the shop last answered them yesterday".to_string()
            }
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
            Said::RecipientUnsubscribed => "the recipient unsubscribed".to_string(),
            Said::Unsubscribed => "unsubscribed".to_string(),
            Said::WroteSinceRequest => "they wrote to the shop after the request".to_string(),
            Said::CapPerPerson { days } => {
                format!("at most one message per person in {days} days")
            }
            Said::ComplaintOpen => "waits until their complaint is answered".to_string(),
            Said::QuietHours { from, until } => {
                format!("quiet hours ({from:02}:00–{until:02}:00 the recipient's time)")
            }
            Said::NoSender { channel } => format!("no sender is connected for {channel}"),
            Said::ParentErased => "the message it answers is gone (erased)".to_string(),
            Said::SentAgain => {
                "its sender stopped mid-send; sent again under the same key".to_string()
            }
            Said::MayHaveLeft => {
                "its sender stopped mid-send; it may have left: send again or cancel".to_string()
            }
            Said::CancelledBy { by } => format!("cancelled by {by}"),
            Said::CopyImportedFirst => {
                "the platform's copy was imported before it was sent here".to_string()
            }
            Said::BadField { field, why } => format!("field `{field}`: {why}"),
            Said::IsMissing => "is missing".to_string(),
            Said::IsEmpty => "is empty".to_string(),
            Said::TooLongChars { max } => format!("is longer than {max} characters"),
            Said::TooLongBytes { max } => format!("is longer than {max} bytes"),
            Said::BadChar { found } => format!("contains {found:?}, which is not allowed here"),
            Said::NotEmail { value } => format!("{value:?} is not an email address"),
            Said::NotTimestamp { value } => {
                format!("{value:?} is not an RFC 3339 timestamp (e.g. 2026-10-02T09:14:00Z)")
            }
            Said::NotATime { value } => format!(
                "{value:?} is not a time this format knows (RFC 3339, e.g. 2026-10-02T09:14:00Z)"
            ),
            Said::NotANumber { value } => format!("{value:?} is not a number"),
            Said::NotFinite => "is not a finite number".to_string(),
            Said::IsNegative => "is negative".to_string(),
            Said::NotACount { value } => format!("{value:?} is not a count"),
            Said::NotTrueOrFalse { value } => format!("{value:?} is not true or false"),
            Said::NotCurrency { value } => {
                format!("{value:?} is not a three-letter ISO 4217 code")
            }
            Said::NotUtf8 => "line is not valid UTF-8".to_string(),
            Said::NotUtf8Replaced { line } => format!(
                "line {line} is not valid UTF-8; the invalid bytes were replaced with \
                 U+FFFD and the rest was read"
            ),
            Said::MalformedJson { problem, column } => {
                format!("malformed JSON: {} (column {column})", problem.english())
            }
            Said::DocumentMalformed {
                problem,
                line,
                column,
            } => format!(
                "the JSON document starting here is malformed: {} (line {line}, column {column})",
                problem.english()
            ),
            Said::WrongType {
                expected,
                found,
                value,
            } => {
                let mut s = format!("expected {}, found {}", expected.english(), found.english());
                if let Some(v) = value {
                    s.push_str(&format!(" ({v:?})"));
                }
                s
            }
            Said::WrongShape { expected, found } => {
                format!("expected {}, found {}", expected.english(), found.english())
            }
            Said::NoneOfFields { shape, fields } => format!(
                "not {}: none of the fields {} is present",
                shape.english(),
                super::args::ticked(fields)
            ),
            Said::MissingFrom { container } => {
                format!("is missing from {}", container.english())
            }
            Said::MissingWithId { id } => format!("is missing, and so is `{id}`"),
            Said::NothingIdentifies => {
                "is missing, and so is the id: nothing identifies this as an interaction"
                    .to_string()
            }
            Said::MissingMessageId => "is missing (it identifies the message, so that \
                                       importing it again finds the duplicate)"
                .to_string(),
            Said::NamesNoStatus => "names no status of this response".to_string(),
            Said::NamesNoId => "names no id".to_string(),
            Said::NamesNoAddress => "names no address".to_string(),
            Said::NotAnArray => "is not an array".to_string(),
            Said::DuplicateField => "appears twice".to_string(),
            Said::UnreadableValue => "has a value this format cannot read".to_string(),
            Said::NotOneOf { value, allowed } => {
                format!("{value:?} is not one of {}", allowed.join(", "))
            }
            Said::UnknownKind { value, allowed } => {
                format!("unknown kind {value:?}; expected one of {}", allowed.join(", "))
            }
            Said::NestsTooDeep { max } => format!("elements nest more than {max} levels deep"),
            Said::RepliesTooDeep { max } => format!("replies nest more than {max} levels deep"),
            Said::NotMail => "not a mail message: a message starts with header fields \
                              (`From:`, `Date:`, `Message-ID:` …)"
                .to_string(),
            Said::NoHeaderFields => "not a mail message: no header fields".to_string(),
            Said::NotUtf8Text => "is not UTF-8 text".to_string(),
            Said::NotMailDate { value } => format!(
                "{value:?} is not an RFC 2822 date (e.g. Tue, 06 Oct 2026 09:14:00 +0200)"
            ),
            Said::UnreadableCsv { header, field } => {
                let part = if *header { "header" } else { "row" };
                match field {
                    Some(n) => format!("unreadable CSV {part}: field {n} is not valid UTF-8"),
                    None => format!("unreadable CSV {part}"),
                }
            }
            Said::CsvNoKindColumn => "CSV header has no `kind` column".to_string(),
            Said::Verbatim { text } => text.clone(),
        };
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
