//! One person's 360° view.

use super::Scores;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One account of a person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Identity {
    /// Channel.
    pub channel: String,
    /// Handle.
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

/// Why two identities belong to one person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Link {
    /// E.g. `same_email`.
    pub reason: String,
    /// What matched.
    pub detail: String,
    /// 0..=1.
    pub confidence: f64,
}

/// One order line.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrderItem {
    /// Stock-keeping unit.
    #[serde(default)]
    pub sku: String,
    /// Product title.
    #[serde(default)]
    pub title: String,
    /// Quantity.
    #[serde(default)]
    pub qty: u32,
    /// Unit price.
    #[serde(default)]
    pub price: f64,
}

/// One order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// The shop's order id.
    pub order_id: String,
    /// The buyer.
    pub person: Option<i64>,
    /// Buyer email.
    pub email: Option<String>,
    /// Total.
    pub total: f64,
    /// Currency.
    pub currency: String,
    /// `paid`, `pending`, `refunded` or `cancelled`.
    pub status: String,
    /// Lines.
    #[serde(default)]
    pub items: Vec<OrderItem>,
}

/// What the analyzer read in a stored text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
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
    /// 0..1.
    pub specificity: f64,
    /// A stock phrase.
    pub generic: bool,
}

/// One entry of a person's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    /// Interaction id.
    pub id: i64,
    /// Channel.
    pub channel: String,
    /// Kind (`comment`, `reply`, `like`, ...).
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Written by the shop.
    pub from_brand: bool,
    /// For inbound words: when the shop first answered (RFC 3339).
    pub answered_at: Option<String>,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// What the analyzer read.
    pub analysis: Option<Analysis>,
}

/// A change of stage.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StageChange {
    /// The new stage.
    pub stage: String,
    /// From when (RFC 3339).
    pub since: String,
}

/// Everything about one person (as `rapport person --json`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonView {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Emails.
    pub emails: Vec<String>,
    /// Accounts.
    pub identities: Vec<Identity>,
    /// Why identities were joined.
    pub links: Vec<Link>,
    /// Stage.
    pub stage: String,
    /// Labels.
    pub labels: Vec<String>,
    /// Scores.
    pub scores: Scores,
    /// Why, in sentences.
    pub evidence: Vec<String>,
    /// What they talk about most.
    pub interests: Vec<String>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
    /// Their interactions and the shop's replies, oldest first.
    pub history: Vec<TimelineEntry>,
    /// How their stage changed.
    pub stage_history: Vec<StageChange>,
    /// Further fields the engine adds (passed through as they are).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
