//! Every sentence kind the engine says to the team, with its arguments.

use super::import::{shorten, Container, JsonProblem, JsonType, Shape};
use crate::ladder::{Label, Stage};
use serde::{Deserialize, Serialize};

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
    /// `3 complaints against 1 word of praise, no orders`.
    Detractor {
        /// Complaints.
        complaints: u64,
        /// Words of praise.
        praise: u64,
        /// Paid or pending orders, when the line names them (not where
        /// an orders line stands beside it, nor in a verdict stored
        /// before they were named).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        orders: Option<u64>,
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
    /// `kept at fan for 30 days after the evidence for it went; today's
    /// evidence alone says engaged`: the stage shown is the one held.
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

    // ---- Why an outbox message waits or was not sent
    // (`rapport_engine::outbox`, the store's decisions).
    /// `the recipient unsubscribed`: the courtesy rules found the address
    /// unsubscribed when the message was due.
    RecipientUnsubscribed,
    /// `unsubscribed`: the address unsubscribed while it was queued.
    Unsubscribed,
    /// `they wrote to the shop after the request` (a reminder dropped).
    WroteSinceRequest,
    /// `at most one message per person in 14 days`.
    CapPerPerson {
        /// The cap, in days.
        days: i64,
    },
    /// `waits until their complaint is answered`.
    ComplaintOpen,
    /// `quiet hours (21:00–08:00 the recipient's time)`.
    QuietHours {
        /// The hour they begin.
        from: u8,
        /// The hour they end.
        until: u8,
    },
    /// `no sender is connected for mastodon`.
    NoSender {
        /// The channel.
        channel: String,
    },
    /// `the message it answers is gone (erased)`.
    ParentErased,
    /// `its sender stopped mid-send; sent again under the same key`.
    SentAgain,
    /// `its sender stopped mid-send; it may have left: send again or
    /// cancel`.
    MayHaveLeft,
    /// `cancelled by ana@shop.example`.
    CancelledBy {
        /// Who cancelled it.
        by: String,
    },
    /// `the platform's copy was imported before it was sent here`.
    CopyImportedFirst,

    // ---- Why an import rejected a record (`rapport_core::record`, the
    // import formats).
    /// ``field `created_at`: is missing``: the field at fault and why.
    BadField {
        /// The field's name (`author.handle`).
        field: String,
        /// What is wrong with it.
        why: Box<Said>,
    },
    /// `is missing`.
    IsMissing,
    /// `is empty`.
    IsEmpty,
    /// `is longer than 256 characters`.
    TooLongChars {
        /// The most it may have.
        max: u64,
    },
    /// `is longer than 512 bytes`.
    TooLongBytes {
        /// The most it may have.
        max: u64,
    },
    /// `contains ' ', which is not allowed here`.
    BadChar {
        /// The character.
        found: char,
    },
    /// `"anna@" is not an email address`.
    NotEmail {
        /// The value as given.
        value: String,
    },
    /// `"yesterday" is not an RFC 3339 timestamp (e.g. …)`.
    NotTimestamp {
        /// The value as given.
        value: String,
    },
    /// `"yesterday" is not a time this format knows (RFC 3339, e.g. …)`.
    NotATime {
        /// The value as given.
        value: String,
    },
    /// `"12,5x" is not a number`.
    NotANumber {
        /// The value as given.
        value: String,
    },
    /// `is not a finite number`.
    NotFinite,
    /// `is negative`.
    IsNegative,
    /// `"two" is not a count`.
    NotACount {
        /// The value as given.
        value: String,
    },
    /// `"maybe" is not true or false`.
    NotTrueOrFalse {
        /// The value as given.
        value: String,
    },
    /// `"EURO" is not a three-letter ISO 4217 code`.
    NotCurrency {
        /// The value as given.
        value: String,
    },
    /// `line is not valid UTF-8`.
    NotUtf8,
    /// `line 3 is not valid UTF-8; the invalid bytes were replaced with
    /// U+FFFD and the rest was read` (a whole JSON document).
    NotUtf8Replaced {
        /// The line of the first invalid byte.
        line: u64,
    },
    /// `malformed JSON: a value was expected (column 5)`.
    MalformedJson {
        /// What is wrong.
        problem: JsonProblem,
        /// The column, counted in the line the rejection names.
        column: u64,
    },
    /// `the JSON document starting here is malformed: … (line 3, column
    /// 5)`.
    DocumentMalformed {
        /// What is wrong.
        problem: JsonProblem,
        /// The line of the problem.
        line: u64,
        /// Its column.
        column: u64,
    },
    /// `expected a number, found a string ("lots")`.
    WrongType {
        /// What the field must be.
        expected: JsonType,
        /// What it is.
        found: JsonType,
        /// The value, for a scalar (trimmed).
        value: Option<String>,
    },
    /// `expected a Shopify order object, found an array`.
    WrongShape {
        /// What the document should have been.
        expected: Shape,
        /// What it is.
        found: JsonType,
    },
    /// `not a Mastodon status, …: none of the fields `content`, … is
    /// present`.
    NoneOfFields {
        /// What the document should have been.
        shape: Shape,
        /// The fields any one of which would have said so.
        fields: Vec<String>,
    },
    /// `is missing from a comment thread`.
    MissingFrom {
        /// What it is missing from.
        container: Container,
    },
    /// ``is missing, and so is `id_str` ``.
    MissingWithId {
        /// The id field.
        id: String,
    },
    /// `is missing, and so is the id: nothing identifies this as an
    /// interaction`.
    NothingIdentifies,
    /// `is missing (it identifies the message, so that importing it again
    /// finds the duplicate)`.
    MissingMessageId,
    /// `names no status of this response`.
    NamesNoStatus,
    /// `names no id`.
    NamesNoId,
    /// `names no address`.
    NamesNoAddress,
    /// `is not an array`.
    NotAnArray,
    /// `appears twice`.
    DuplicateField,
    /// `has a value this format cannot read`.
    UnreadableValue,
    /// `"shipped" is not one of paid, pending, refunded, cancelled`.
    NotOneOf {
        /// The value as given (trimmed).
        value: String,
        /// The values it may have.
        allowed: Vec<String>,
    },
    /// `unknown kind "poke"; expected one of comment, reply, …`.
    UnknownKind {
        /// The value as given (trimmed).
        value: String,
        /// The kinds there are.
        allowed: Vec<String>,
    },
    /// `elements nest more than 32 levels deep`.
    NestsTooDeep {
        /// The most levels read.
        max: u64,
    },
    /// `replies nest more than 32 levels deep`.
    RepliesTooDeep {
        /// The most levels read.
        max: u64,
    },
    /// `not a mail message: a message starts with header fields …`.
    NotMail,
    /// `not a mail message: no header fields`.
    NoHeaderFields,
    /// `is not UTF-8 text`.
    NotUtf8Text,
    /// `"13.10.2026" is not an RFC 2822 date (e.g. …)`.
    NotMailDate {
        /// The value as given (trimmed).
        value: String,
    },
    /// `unreadable CSV row: field 3 is not valid UTF-8`.
    UnreadableCsv {
        /// The header row (else a record's row).
        header: bool,
        /// The 1-based field whose bytes are not UTF-8, if that is why.
        field: Option<u64>,
    },
    /// ``CSV header has no `kind` column``.
    CsvNoKindColumn,

    /// A sentence kept as written: one stored before sentences had a
    /// kind, or one this type has no kind for.
    Verbatim {
        /// The words.
        text: String,
    },
}

/// Words with no kind of their own, kept as written.
impl From<String> for Said {
    fn from(text: String) -> Said {
        Said::Verbatim { text }
    }
}

/// Words with no kind of their own, kept as written.
impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::Verbatim {
            text: text.to_string(),
        }
    }
}

/// What is wrong with a value, as a sentence.
impl From<crate::ValueError> for Said {
    fn from(e: crate::ValueError) -> Said {
        use crate::ValueError as E;
        match e {
            E::Empty => Said::IsEmpty,
            E::TooLong { max } => Said::TooLongChars { max: max as u64 },
            E::BadChar { found } => Said::BadChar { found },
            E::NotEmail(value) => Said::NotEmail {
                value: shorten(&value),
            },
            E::NotTimestamp(value) => Said::NotTimestamp {
                value: shorten(&value),
            },
        }
    }
}

impl Said {
    /// ``field `name`: …``: what is wrong with a record's field.
    pub fn field(name: &str, why: Said) -> Said {
        Said::BadField {
            field: name.to_string(),
            why: Box::new(why),
        }
    }

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

    /// The sentence as text to store, read back by [`super::from_stored`].
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
            Said::RecipientUnsubscribed => "recipient-unsubscribed",
            Said::Unsubscribed => "unsubscribed",
            Said::WroteSinceRequest => "wrote-since-request",
            Said::CapPerPerson { .. } => "cap-per-person",
            Said::ComplaintOpen => "complaint-open",
            Said::QuietHours { .. } => "quiet-hours",
            Said::NoSender { .. } => "no-sender",
            Said::ParentErased => "parent-erased",
            Said::SentAgain => "sent-again",
            Said::MayHaveLeft => "may-have-left",
            Said::CancelledBy { .. } => "cancelled-by",
            Said::CopyImportedFirst => "copy-imported-first",
            Said::BadField { .. } => "bad-field",
            Said::IsMissing => "is-missing",
            Said::IsEmpty => "is-empty",
            Said::TooLongChars { .. } => "too-long-chars",
            Said::TooLongBytes { .. } => "too-long-bytes",
            Said::BadChar { .. } => "bad-char",
            Said::NotEmail { .. } => "not-email",
            Said::NotTimestamp { .. } => "not-timestamp",
            Said::NotATime { .. } => "not-a-time",
            Said::NotANumber { .. } => "not-a-number",
            Said::NotFinite => "not-finite",
            Said::IsNegative => "is-negative",
            Said::NotACount { .. } => "not-a-count",
            Said::NotTrueOrFalse { .. } => "not-true-or-false",
            Said::NotCurrency { .. } => "not-currency",
            Said::NotUtf8 => "not-utf8",
            Said::NotUtf8Replaced { .. } => "not-utf8-replaced",
            Said::MalformedJson { .. } => "malformed-json",
            Said::DocumentMalformed { .. } => "document-malformed",
            Said::WrongType { .. } => "wrong-type",
            Said::WrongShape { .. } => "wrong-shape",
            Said::NoneOfFields { .. } => "none-of-fields",
            Said::MissingFrom { .. } => "missing-from",
            Said::MissingWithId { .. } => "missing-with-id",
            Said::NothingIdentifies => "nothing-identifies",
            Said::MissingMessageId => "missing-message-id",
            Said::NamesNoStatus => "names-no-status",
            Said::NamesNoId => "names-no-id",
            Said::NamesNoAddress => "names-no-address",
            Said::NotAnArray => "not-an-array",
            Said::DuplicateField => "duplicate-field",
            Said::UnreadableValue => "unreadable-value",
            Said::NotOneOf { .. } => "not-one-of",
            Said::UnknownKind { .. } => "unknown-kind",
            Said::NestsTooDeep { .. } => "nests-too-deep",
            Said::RepliesTooDeep { .. } => "replies-too-deep",
            Said::NotMail => "not-mail",
            Said::NoHeaderFields => "no-header-fields",
            Said::NotUtf8Text => "not-utf8-text",
            Said::NotMailDate { .. } => "not-mail-date",
            Said::UnreadableCsv { .. } => "unreadable-csv",
            Said::CsvNoKindColumn => "csv-no-kind-column",
            Said::Verbatim { .. } => "verbatim",
        }
    }
}
