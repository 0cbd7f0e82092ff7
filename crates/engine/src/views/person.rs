//! One person's 360° view (`rapport person`, `GET /api/people/{key}`):
//! accounts and why they were linked, stage and labels with the evidence,
//! interests, orders, the timeline with the shop's replies, how their
//! stage changed, and a detractor's recovery — all read from that
//! person's rows.

use crate::scoring;
use crate::EngineError;
use rapport_core::ladder::{Label, Scores, Stage};
use rapport_core::profile::Profile;
use rapport_core::recovery::{self, Mood, Recovery};
use rapport_core::Said;
use rapport_core::{InteractionId, Kind, OrderItem, PersonId, Timestamp};
use rapport_nlp::interests::{Message, Shop};
use rapport_store::{AnalysisRow, IdentityRow, InteractionRow, LinkRow, OrderRow, Store};
use serde::Serialize;

/// What the analyzer read in a stored text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Analysis {
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

impl From<&AnalysisRow> for Analysis {
    fn from(a: &AnalysisRow) -> Self {
        Analysis {
            language: a.language.clone(),
            sentiment: a.sentiment.clone(),
            sentiment_confidence: a.sentiment_confidence,
            intent: a.intent.clone(),
            intents: a.intents.clone(),
            topics: a.topics.clone(),
            specificity: a.specificity,
            generic: a.generic,
        }
    }
}

/// One account of a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Identity {
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

impl From<IdentityRow> for Identity {
    fn from(i: IdentityRow) -> Self {
        Identity {
            channel: i.channel,
            handle: i.handle,
            display_name: i.display_name,
            email: i.email,
            followers: i.followers,
            bio: i.bio,
        }
    }
}

/// Why two identities belong to one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    /// Row id (`rapport unlink --link ID` undoes a merge by it).
    pub id: i64,
    /// The merge this row records was undone.
    pub undone: bool,
    /// The reason, e.g. `same_email`.
    pub reason: String,
    /// What matched, e.g. the email address.
    pub detail: String,
    /// 0..=1; deterministic rules give 1.
    pub confidence: f64,
}

impl From<LinkRow> for Link {
    fn from(l: LinkRow) -> Self {
        Link {
            id: l.id,
            undone: l.undone,
            reason: l.reason,
            detail: l.detail,
            confidence: l.confidence,
        }
    }
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// Stock-keeping unit.
    pub sku: String,
    /// Product title.
    pub title: String,
    /// Quantity.
    pub qty: u32,
    /// Unit price.
    pub price: f64,
}

impl From<OrderItem> for Line {
    fn from(i: OrderItem) -> Self {
        Line {
            sku: i.sku,
            title: i.title,
            qty: i.qty,
            price: i.price,
        }
    }
}

/// The state of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    /// Paid.
    Paid,
    /// Placed, not yet paid.
    Pending,
    /// Paid back.
    Refunded,
    /// Cancelled.
    Cancelled,
}

impl OrderStatus {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Paid => "paid",
            OrderStatus::Pending => "pending",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The status a stored name stands for (anything unknown is pending).
    pub fn parse(raw: &str) -> OrderStatus {
        match raw {
            "paid" => OrderStatus::Paid,
            "refunded" => OrderStatus::Refunded,
            "cancelled" => OrderStatus::Cancelled,
            _ => OrderStatus::Pending,
        }
    }
}

/// One order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    /// The shop's order id.
    pub order_id: String,
    /// The buyer.
    pub person: Option<PersonId>,
    /// Buyer email.
    pub email: Option<String>,
    /// Total.
    pub total: f64,
    /// Currency.
    pub currency: String,
    /// Paid, pending, refunded or cancelled.
    pub status: OrderStatus,
    /// Lines.
    pub items: Vec<Line>,
}

impl From<OrderRow> for Order {
    fn from(o: OrderRow) -> Self {
        Order {
            order_id: o.order_id,
            person: o.person,
            email: o.email,
            total: o.total,
            currency: o.currency,
            status: OrderStatus::parse(&o.status),
            items: o.items.into_iter().map(Line::from).collect(),
        }
    }
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// Interaction id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Kind.
    pub kind: Kind,
    /// Words.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
    /// Written by the shop (a reply to this person).
    pub from_brand: bool,
    /// For the person's inbound words: when the shop first answered.
    pub answered_at: Option<Timestamp>,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// What the analyzer read in the text.
    pub analysis: Option<Analysis>,
    /// For the shop's replies written in Rapport: who wrote it.
    pub sent_by: Option<String>,
    /// For those replies: where the message is on its way out.
    pub delivery: Option<rapport_store::outbox::OutboxState>,
    /// For those replies: the platform's error, if sending failed, or
    /// why it waits or was cancelled.
    #[serde(serialize_with = "rapport_core::said::english_opt")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub delivery_error: Option<Said>,
}

impl From<&InteractionRow> for TimelineEntry {
    fn from(i: &InteractionRow) -> Self {
        TimelineEntry {
            id: i.id,
            channel: i.channel.clone(),
            kind: i.kind,
            text: i.text.clone(),
            created_at: Timestamp(i.at),
            from_brand: i.from_brand,
            answered_at: i.answered_at.map(Timestamp),
            post_id: i.post_id.clone(),
            url: i.url.clone(),
            analysis: i.analysis.as_ref().map(Analysis::from),
            sent_by: None,
            delivery: None,
            delivery_error: None,
        }
    }
}

/// A change of stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageChange {
    /// The new stage.
    pub stage: Stage,
    /// From when.
    pub since: Timestamp,
}

/// A detractor's recovery timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryView {
    /// Complaints in all.
    pub complaints: usize,
    /// The latest complaint.
    pub complaint_at: Timestamp,
    /// Its words.
    pub complaint: String,
    /// When the shop answered it.
    pub answered_at: Option<Timestamp>,
    /// Their first non-complaint after the answer.
    pub resolved_at: Option<Timestamp>,
    /// Sentiment of what they wrote after the answer, oldest first.
    pub sentiment_after: Vec<Mood>,
    /// Answered, and the latest words since are positive or neutral.
    pub recovered: bool,
}

impl RecoveryView {
    /// The recovery as one line, as `rapport person` and the person page
    /// show it: `Recovery (3 complaints): complained 2026-10-03 10:00 →
    /// answered … → resolved … → after: positive — recovered`.
    pub fn line(&self) -> Said {
        rapport_core::recovery::line(
            self.complaints,
            self.complaint_at.0,
            self.answered_at.map(|t| t.0),
            self.resolved_at.map(|t| t.0),
            &self.sentiment_after,
            self.recovered,
        )
    }
}

impl From<Recovery> for RecoveryView {
    fn from(r: Recovery) -> Self {
        RecoveryView {
            complaints: r.complaints,
            complaint_at: Timestamp(r.complaint_at),
            complaint: r.complaint,
            answered_at: r.answered_at.map(Timestamp),
            resolved_at: r.resolved_at.map(Timestamp),
            sentiment_after: r.after,
            recovered: r.recovered,
        }
    }
}

/// Everything about one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonView {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Emails.
    pub emails: Vec<String>,
    /// Accounts.
    pub identities: Vec<Identity>,
    /// Why identities were joined.
    pub links: Vec<Link>,
    /// Rung.
    pub stage: Stage,
    /// Labels.
    pub labels: Vec<Label>,
    /// Scores.
    pub scores: Scores,
    /// Why.
    #[serde(serialize_with = "rapport_core::said::english_all")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub evidence: Vec<Said>,
    /// What they talk about most.
    pub interests: Vec<String>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
    /// Their interactions and the shop's replies to them, oldest first
    /// (by `created_at`, then id).
    pub history: Vec<TimelineEntry>,
    /// How their stage changed.
    pub stage_history: Vec<StageChange>,
    /// Complaint → answer → resolution → sentiment after, if they ever
    /// complained.
    pub recovery: Option<RecoveryView>,
}

/// The view of person `id` as of `as_of` (the verdicts' moment), or
/// `None` if there is no such person or they were never judged.
pub fn person(
    store: &dyn Store,
    id: PersonId,
    as_of: i64,
    profile: &Profile,
) -> Result<Option<PersonView>, EngineError> {
    let Some(rows) = store.person_rows(id)? else {
        return Ok(None);
    };
    let Some(score) = rows.score else {
        return Ok(None);
    };
    let mut timeline: Vec<&InteractionRow> = rows.own.iter().chain(&rows.replies).collect();
    // Oldest first by when it was written: ids follow the order rows were
    // imported, and an older export imported later (or a reply fetched
    // after the thread) would otherwise land out of time. The id breaks
    // ties, and the same row (in both lists) stays next to itself for the
    // dedup.
    timeline.sort_by_key(|i| (i.at, i.id));
    timeline.dedup_by_key(|i| i.id);
    let a = score.assessment;
    let filter = rapport_store::outbox::OutboxFilter {
        person: Some(id),
        ..Default::default()
    };
    let (sent, _) = store.outbox_page(&filter, 0, 1000)?;
    let history = timeline
        .into_iter()
        .map(|i| {
            let mut t = TimelineEntry::from(i);
            if let Some(m) = sent.iter().find(|m| m.interaction == Some(i.id)) {
                t.sent_by = Some(m.created_by.clone());
                t.delivery = Some(m.state);
                t.delivery_error = m.last_error.clone();
            }
            t
        })
        .collect();
    Ok(Some(PersonView {
        id,
        name: rows.person.name,
        emails: rows.person.emails,
        identities: rows
            .person
            .identities
            .into_iter()
            .map(Identity::from)
            .collect(),
        links: rows.links.into_iter().map(Link::from).collect(),
        stage: a.stage,
        labels: a.labels,
        scores: a.scores,
        evidence: a.evidence,
        interests: interests(&rows.own, &rows.orders, profile),
        orders: rows.orders.into_iter().map(Order::from).collect(),
        history,
        stage_history: stage_history(&score.moments.steps, as_of),
        recovery: recovery::recovery(&scoring::said(&rows.own)).map(RecoveryView::from),
    }))
}

/// What a person talks about and buys, as they would name it (see
/// [`rapport_nlp::interests`]): the products of their orders (those they
/// write about first), the shop's topics and values their specific
/// messages touch, in the words they wrote, and the key phrases that come
/// back in them. The person's page and the oracle's both read it here.
pub fn interests<'a>(
    own: impl IntoIterator<Item = &'a InteractionRow>,
    orders: impl IntoIterator<Item = &'a OrderRow>,
    profile: &Profile,
) -> Vec<String> {
    let messages: Vec<Message> = own
        .into_iter()
        .filter(|i| !i.from_brand && i.kind.is_conversational() && !i.signals.generic())
        .map(|i| Message {
            text: &i.text,
            language: i
                .analysis
                .as_ref()
                .map_or("unknown", |a| a.language.as_str()),
        })
        .collect();
    let bought: Vec<&str> = orders
        .into_iter()
        .flat_map(|o| &o.items)
        .map(|item| item.title.as_str())
        .collect();
    let words: Vec<String> = profile
        .topics
        .iter()
        .chain(&profile.values)
        .cloned()
        .collect();
    let shop = Shop {
        name: &profile.name,
        words: &words,
    };
    rapport_nlp::interests::interests(&messages, &bought, &shop)
}

/// Each change of stage in the stored replay, at the moment it happened
/// (before anything happened: a stranger as of `as_of`).
pub fn stage_history(steps: &[rapport_core::replay::Mark], as_of: i64) -> Vec<StageChange> {
    let mut out: Vec<StageChange> = Vec::new();
    for s in steps {
        if out.last().is_none_or(|c| c.stage != s.stage) {
            out.push(StageChange {
                stage: s.stage,
                since: Timestamp(s.at),
            });
        }
    }
    if out.is_empty() {
        out.push(StageChange {
            stage: Stage::Stranger,
            since: Timestamp(as_of),
        });
    }
    out
}
