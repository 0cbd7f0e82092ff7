//! Plain rows the store hands back. They carry no behaviour: the core
//! turns them into threads, ladders and reports.

use rapport_core::ladder::{Activity, Assessment, Purchase};
use rapport_core::signals::{self, Place, Signals};
use rapport_core::{IdentityId, InteractionId, Kind, OrderItem, PersonId};
use serde::Serialize;

/// How a store's pool of connections is used at one moment. SQLite's
/// pool holds the read connections (its one writer is apart);
/// PostgreSQL's every connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct PoolState {
    /// Connections open, in use or idle.
    pub open: u32,
    /// Of those, idle.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// How much is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Counts {
    /// People, the shop excluded.
    pub people: u64,
    /// Identities, the shop's included.
    pub identities: u64,
    /// Interactions.
    pub interactions: u64,
    /// Orders.
    pub orders: u64,
}

/// One identity of a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityRow {
    /// Row id.
    #[serde(skip)]
    pub id: IdentityId,
    /// Channel.
    pub channel: String,
    /// Handle on that channel.
    pub handle: String,
    /// Name shown there.
    pub display_name: Option<String>,
    /// Email, when known.
    pub email: Option<String>,
    /// Followers, when known.
    pub followers: Option<u64>,
    /// Profile text.
    pub bio: Option<String>,
}

/// A person and their identities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    /// Row id.
    pub id: PersonId,
    /// The best name known.
    pub name: String,
    /// Emails known for the person.
    pub emails: Vec<String>,
    /// Their accounts.
    pub identities: Vec<IdentityRow>,
}

/// One interaction as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionRow {
    /// Row id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Platform id.
    pub external_id: String,
    /// Kind.
    pub kind: Kind,
    /// The author's person.
    pub person: PersonId,
    /// The author's identity.
    pub identity: IdentityId,
    /// Words.
    pub text: String,
    /// Seconds since the epoch.
    pub at: i64,
    /// Parent's external id.
    pub in_reply_to: Option<String>,
    /// Shop post.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// Written by the shop.
    pub from_brand: bool,
    /// What the analyzer read, when the text was analyzed.
    pub analysis: Option<AnalysisRow>,
    /// What the ladder reads in it (stored at import; computed on read
    /// for rows stored before signals were kept).
    pub signals: Signals,
    /// Its thread's root (the root message's external id).
    pub root: String,
    /// For inbound words: when the shop first answered.
    pub answered_at: Option<i64>,
}

/// What the analyzer read in an interaction's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysisRow {
    /// ISO 639-1 code or `unknown`.
    pub language: String,
    /// `positive`, `neutral` or `negative`.
    pub sentiment: String,
    /// Probability of that sentiment.
    pub sentiment_confidence: f64,
    /// The primary intent.
    pub intent: String,
    /// Every intent, primary first.
    pub intents: Vec<String>,
    /// Topic words.
    pub topics: Vec<String>,
    /// 0..1, to the post it answers when known.
    pub specificity: f64,
    /// A stock phrase or emoji only.
    pub generic: bool,
}

/// What was read in one record on its way into the store: the
/// analyzer's reading of the words (none for orders and wordless texts)
/// and the signals the ladder keeps. Read before the store's transaction,
/// in parallel, so the single writer only writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The analyzer's reading.
    pub analysis: Option<AnalysisRow>,
    /// [`Signals::read`] of the words with that reading; the store adds
    /// the reply bits, which depend on the thread.
    pub signals: Signals,
}

impl Reading {
    /// The reading of `text` with the analyzer's `analysis` of it.
    pub fn of(text: &str, analysis: Option<AnalysisRow>) -> Reading {
        Reading::at(text, analysis, Place::COMMENT)
    }

    /// The reading of `text`, written at `place`, with the analyzer's
    /// `analysis` of it.
    pub fn at(text: &str, analysis: Option<AnalysisRow>, place: Place<'_>) -> Reading {
        let analysis = analysis.map(|a| a.placed(text, place).unwrap_or(a));
        let signals = Signals::read_at(text, analysis.as_ref().map(AnalysisRow::view), place);
        Reading { analysis, signals }
    }
}

/// An interaction's text as the analyzer needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRow {
    /// Row id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// The author's handle on the channel.
    pub handle: String,
    /// Words.
    pub text: String,
    /// The shop post it answers.
    pub post_id: Option<String>,
}

/// One order as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderRow {
    /// The shop's order id.
    pub order_id: String,
    /// The buyer, when the email is known.
    pub person: Option<PersonId>,
    /// Buyer email.
    pub email: Option<String>,
    /// Total.
    pub total: f64,
    /// Currency.
    pub currency: String,
    /// Seconds since the epoch.
    #[serde(skip)]
    pub at: i64,
    /// `paid`, `pending`, `refunded` or `cancelled`.
    pub status: String,
    /// Lines.
    pub items: Vec<OrderItem>,
}

/// Why two identities belong to one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRow {
    /// Row id (`rapport unlink --link ID` undoes a merge by it).
    pub id: i64,
    /// The merge this row records was undone (`rapport unlink`).
    pub undone: bool,
    /// The reason, e.g. `same_email`.
    pub reason: String,
    /// What matched, e.g. the email address.
    pub detail: String,
    /// 0..=1; deterministic rules give 1.
    pub confidence: f64,
    /// Seconds since the epoch.
    #[serde(skip)]
    pub at: i64,
}

/// A suggested link between two people, waiting for a human.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionRow {
    /// Row id (`rapport link accept|reject ID`).
    pub id: i64,
    /// The person whose identity gave the evidence.
    pub person: PersonId,
    /// That identity, `channel:handle`.
    pub identity: String,
    /// The person it points at.
    pub other_person: PersonId,
    /// The identity it points at, `channel:handle`.
    pub other_identity: String,
    /// The rule, e.g. `handle_in_bio`.
    pub reason: String,
    /// What matched.
    pub detail: String,
    /// 0..1, below the auto-merge threshold.
    pub confidence: f64,
    /// Seconds since the epoch.
    #[serde(skip)]
    pub at: i64,
}

/// What undoing a merge did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Unlinked {
    /// The link undone.
    pub link: i64,
    /// The person who had absorbed the other.
    pub keep: PersonId,
    /// The person recreated, with their old id.
    pub restored: PersonId,
}

impl AnalysisRow {
    /// This reading of `text` as the shop keeps it, written at `place`,
    /// when that differs ([`signals::placed_intents`]: no recommendation
    /// read from a handle alone).
    pub fn placed(&self, text: &str, place: Place<'_>) -> Option<AnalysisRow> {
        let intents = signals::placed_intents(text, &self.intents, place)?;
        Some(AnalysisRow {
            intent: intents[0].clone(),
            intents,
            ..self.clone()
        })
    }

    /// The parts of the reading the signal rules use.
    pub fn view(&self) -> signals::Analysis<'_> {
        signals::Analysis {
            intent: &self.intent,
            intents: &self.intents,
            sentiment: &self.sentiment,
            confidence: self.sentiment_confidence,
            generic: self.generic,
        }
    }
}

/// What the ladder reads about one person: their activities and orders
/// without the words (their [`Signals`] stand in for them), their reach
/// and the bio their largest audience reads.
#[derive(Debug, Clone)]
pub struct ScoreInput {
    /// The person.
    pub person: PersonId,
    /// Their interactions (not the shop's).
    pub activities: Vec<Activity>,
    /// Their orders.
    pub purchases: Vec<Purchase>,
    /// The largest follower count among their identities.
    pub followers: u64,
    /// The bio of the identity with the most followers.
    pub bio: Option<String>,
}

impl ScoreInput {
    /// No activity, no orders, no reach yet.
    pub fn new(person: PersonId) -> ScoreInput {
        ScoreInput {
            person,
            activities: Vec::new(),
            purchases: Vec::new(),
            followers: 0,
            bio: None,
        }
    }
}

/// One conversational interaction's topics as stored: the analyzer's
/// topics, or `None` and the text when it did not run.
pub type TopicRow = (Option<Vec<String>>, String);

/// The ladder's stored verdict on one person.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    /// The person.
    pub person: PersonId,
    /// The verdict.
    pub assessment: Assessment,
    /// The next moment the verdict changes with no new data (an activity
    /// leaves the window), seconds since the epoch.
    pub next_change: Option<i64>,
    /// The moments beside it that alerts and the weekly figures read.
    pub moments: Moments,
}

/// What the replay of a person's history says beside the verdict, kept
/// with it (all as of the verdict's moment; seconds since the epoch).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Moments {
    /// Every change of stage or labels, in order (the person's replay).
    pub steps: Vec<rapport_core::replay::Mark>,
    /// Their first activity (orders aside).
    pub first_at: Option<i64>,
    /// Their latest activity (orders aside).
    pub last_at: Option<i64>,
    /// When their `detractor` label last appeared (they carry it now).
    pub detractor_since: Option<i64>,
    /// For a fan: when they fall below fan if nothing new comes.
    pub falls_at: Option<i64>,
    /// The stage they fall to then.
    pub falls_to: Option<rapport_core::ladder::Stage>,
    /// For someone below fan now: when they last fell from fan.
    pub fell_at: Option<i64>,
    /// For a detractor: answered, and their latest words since are
    /// positive or neutral.
    pub recovered: bool,
}

/// What the stored verdicts were judged against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreState {
    /// The moment the verdicts are as of (the latest activity or order seen).
    pub as_of: i64,
    /// A fingerprint of the shop profile they were judged against.
    pub profile: String,
    /// The newest interaction (row id) the verdicts account for: people
    /// with interactions after it have data the verdicts have not seen.
    pub through: i64,
}

/// People whose data changed since their verdicts were stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Who, in id order.
    pub people: Vec<PersonId>,
    /// The newest interaction the list accounts for (the `through` of
    /// the verdicts judged from it).
    pub through: i64,
}

/// Something the shop gave a person, or asked of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchRow {
    /// Row id.
    pub id: i64,
    /// The person it was logged for (follow merges with
    /// [`crate::Store::merged_people`]).
    pub person: PersonId,
    /// `gift`, `sample`, `shoutout`, `feature`, `help`, `intro` or `ask`.
    pub kind: String,
    /// What it was.
    pub note: String,
    /// Seconds since the epoch.
    #[serde(skip)]
    pub at: i64,
    /// Who logged it, when known.
    pub by: Option<String>,
}
