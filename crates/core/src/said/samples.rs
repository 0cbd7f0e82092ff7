//! One sentence of every kind, with arguments that exercise its forms.

use super::import::{Container, JsonProblem, JsonType, Shape};
use super::{Money, Said};
use crate::ladder::{Label, Stage};

/// Why the outbox holds or cancels a message: one of each kind.
pub fn outbox_holds() -> Vec<Said> {
    vec![
        Said::RecipientUnsubscribed,
        Said::Unsubscribed,
        Said::WroteSinceRequest,
        Said::CapPerPerson { days: 14 },
        Said::ComplaintOpen,
        Said::QuietHours { from: 21, until: 8 },
        Said::NoSender {
            channel: "mastodon".into(),
        },
        Said::ParentErased,
        Said::SentAgain,
        Said::MayHaveLeft,
        Said::CancelledBy {
            by: "ana@shop.example".into(),
        },
        Said::CopyImportedFirst,
    ]
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
                orders: Some(0),
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
            orders: None,
        },
        Said::Detractor {
            complaints: 1,
            praise: 0,
            orders: Some(2),
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
        Said::Recovery {
            complaints: 1,
            complained: at,
            answered: Some(at + 3_600),
            resolved: Some(at + 7_200),
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
    .into_iter()
    .chain(outbox_holds())
    .chain([
        Said::BadField {
            field: "created_at".into(),
            why: Box::new(Said::IsMissing),
        },
        Said::IsEmpty,
        Said::TooLongChars { max: 256 },
        Said::TooLongBytes { max: 512 },
        Said::BadChar { found: ' ' },
        Said::NotEmail {
            value: "anna@".into(),
        },
        Said::NotTimestamp {
            value: "yesterday".into(),
        },
        Said::NotATime {
            value: "yesterday".into(),
        },
        Said::NotANumber {
            value: "12,5x".into(),
        },
        Said::NotFinite,
        Said::IsNegative,
        Said::NotACount {
            value: "two".into(),
        },
        Said::NotTrueOrFalse {
            value: "maybe".into(),
        },
        Said::NotCurrency {
            value: "EURO".into(),
        },
        Said::NotUtf8,
        Said::NotUtf8Replaced { line: 3 },
        Said::field(
            "json",
            Said::MalformedJson {
                problem: JsonProblem::ExpectedValue,
                column: 2,
            },
        ),
        Said::DocumentMalformed {
            problem: JsonProblem::Eof,
            line: 3,
            column: 5,
        },
        Said::field(
            "account.followers_count",
            Said::WrongType {
                expected: JsonType::Number,
                found: JsonType::String,
                value: Some("lots".into()),
            },
        ),
        Said::WrongType {
            expected: JsonType::Object,
            found: JsonType::List,
            value: None,
        },
        Said::WrongShape {
            expected: Shape::ShopifyOrder,
            found: JsonType::Number,
        },
        Said::NoneOfFields {
            shape: Shape::Mastodon,
            fields: vec!["content".into(), "account".into(), "type".into()],
        },
        Said::field(
            "snippet.topLevelComment",
            Said::MissingFrom {
                container: Container::CommentThread,
            },
        ),
        Said::MissingWithId {
            id: "id_str".into(),
        },
        Said::NothingIdentifies,
        Said::MissingMessageId,
        Said::NamesNoStatus,
        Said::NamesNoId,
        Said::NamesNoAddress,
        Said::NotAnArray,
        Said::DuplicateField,
        Said::UnreadableValue,
        Said::NotOneOf {
            value: "shipped".into(),
            allowed: vec![
                "paid".into(),
                "pending".into(),
                "refunded".into(),
                "cancelled".into(),
            ],
        },
        Said::UnknownKind {
            value: "poke".into(),
            allowed: vec!["comment".into(), "reply".into(), "order".into()],
        },
        Said::NestsTooDeep { max: 32 },
        Said::RepliesTooDeep { max: 32 },
        Said::NotMail,
        Said::NoHeaderFields,
        Said::NotUtf8Text,
        Said::NotMailDate {
            value: "13.10.2026 11:00".into(),
        },
        Said::UnreadableCsv {
            header: false,
            field: Some(3),
        },
        Said::UnreadableCsv {
            header: true,
            field: None,
        },
        Said::CsvNoKindColumn,
    ])
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::said::Arg;

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
            "Became a detractor on 2026-11-02: 3 complaints against 1 word of praise, no orders.",
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
            "1 complaint against 0 words of praise, 2 orders",
            "4 of 5 comments are stock phrases, under 3 different posts",
            "follows or likes the shop, no comments yet",
            "no interactions with the shop yet",
            "kept at fan for 30 days after the evidence for it went; today's evidence alone says engaged",
            "412k followers, but talks about cars, golf and watches, not the shop's topics (alignment 0.12)",
            "42k followers (reach 0.77), alignment 0.81: shares the shop's gravel, rides",
            "talks about cars, not the shop's topics; 412k followers",
            "alignment 0.55 with the shop's topics; 42k followers",
            "talks about gravel and repair — the shop's topics; 42k followers",
            "Recovery (3 complaints): complained 2026-11-02 09:00 → answered 2026-11-02 10:00 → resolved not yet → after: positive — recovered",
            "Recovery (1 complaint): complained 2026-11-02 09:00 → answered 2026-11-02 10:00 → resolved 2026-11-02 11:00 → after: positive — recovered",
            "Engaged: 3 specific comments in the last 90 days; writes about gravel, repair (40% of their comments on the shop's topics); the shop last answered them 12 days ago; a question of theirs is still open.",
            "The shop has never answered them.",
            "assign ana@shop.example",
            "alert snoozed",
            "reply (sent)",
            "snooze until 2026-11-03T09:00:00Z",
            "handled",
            "the recipient unsubscribed",
            "unsubscribed",
            "they wrote to the shop after the request",
            "at most one message per person in 14 days",
            "waits until their complaint is answered",
            "quiet hours (21:00–08:00 the recipient's time)",
            "no sender is connected for mastodon",
            "the message it answers is gone (erased)",
            "its sender stopped mid-send; sent again under the same key",
            "its sender stopped mid-send; it may have left: send again or cancel",
            "cancelled by ana@shop.example",
            "the platform's copy was imported before it was sent here",
            "field `created_at`: is missing",
            "is empty",
            "is longer than 256 characters",
            "is longer than 512 bytes",
            "contains ' ', which is not allowed here",
            "\"anna@\" is not an email address",
            "\"yesterday\" is not an RFC 3339 timestamp (e.g. 2026-10-02T09:14:00Z)",
            "\"yesterday\" is not a time this format knows (RFC 3339, e.g. 2026-10-02T09:14:00Z)",
            "\"12,5x\" is not a number",
            "is not a finite number",
            "is negative",
            "\"two\" is not a count",
            "\"maybe\" is not true or false",
            "\"EURO\" is not a three-letter ISO 4217 code",
            "line is not valid UTF-8",
            "line 3 is not valid UTF-8; the invalid bytes were replaced with U+FFFD and the rest was read",
            "field `json`: malformed JSON: a value was expected (column 2)",
            "the JSON document starting here is malformed: it ends in the middle of a value (line 3, column 5)",
            "field `account.followers_count`: expected a number, found a string (\"lots\")",
            "expected an object, found an array",
            "expected a Shopify order object, found a number",
            "not a Mastodon status, notification or thread context: none of the fields `content`, `account`, `type` is present",
            "field `snippet.topLevelComment`: is missing from a comment thread",
            "is missing, and so is `id_str`",
            "is missing, and so is the id: nothing identifies this as an interaction",
            "is missing (it identifies the message, so that importing it again finds the duplicate)",
            "names no status of this response",
            "names no id",
            "names no address",
            "is not an array",
            "appears twice",
            "has a value this format cannot read",
            "\"shipped\" is not one of paid, pending, refunded, cancelled",
            "unknown kind \"poke\"; expected one of comment, reply, order",
            "elements nest more than 32 levels deep",
            "replies nest more than 32 levels deep",
            "not a mail message: a message starts with header fields (`From:`, `Date:`, `Message-ID:` …)",
            "not a mail message: no header fields",
            "is not UTF-8 text",
            "\"13.10.2026 11:00\" is not an RFC 2822 date (e.g. Tue, 06 Oct 2026 09:14:00 +0200)",
            "unreadable CSV row: field 3 is not valid UTF-8",
            "unreadable CSV header",
            "CSV header has no `kind` column",
        ];
        assert_eq!(s.len(), want.len());
        for (said, want) in s.iter().zip(want) {
            assert_eq!(said.to_string(), want, "{said:?}");
        }
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
        assert_eq!(keys.len(), 96, "{keys:?}");
        assert!(!keys.contains("verbatim"));
    }
}
