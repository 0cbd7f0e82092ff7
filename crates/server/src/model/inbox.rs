//! The inbox and what the team does with it.

use super::Analysis;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Who wrote an inbox item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InboxPerson {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Handle on the item's channel.
    pub handle: String,
    /// Stage.
    pub stage: String,
    /// Labels.
    pub labels: Vec<String>,
}

/// A note on an inbox item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Note {
    /// Who wrote it.
    pub author: String,
    /// The note.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
}

/// What the team did with an item so far.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ItemState {
    /// The reply recorded for it.
    pub reply_text: Option<String>,
    /// When the reply was recorded (RFC 3339).
    pub replied_at: Option<String>,
    /// Who recorded it.
    pub replied_by: Option<String>,
    /// When it was marked handled (RFC 3339).
    pub handled_at: Option<String>,
    /// Who marked it handled.
    pub handled_by: Option<String>,
    /// Who is on it.
    pub assigned_to: Option<String>,
    /// Hidden until then (RFC 3339).
    pub snoozed_until: Option<String>,
    /// Notes, oldest first.
    pub notes: Vec<Note>,
    /// Whether the item is out of the queue now.
    pub closed: bool,
}

/// One unanswered inbound interaction (as `rapport inbox --json`, plus
/// the team's state).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InboxItem {
    /// Interaction id.
    pub id: i64,
    /// Channel.
    pub channel: String,
    /// Platform id.
    pub external_id: String,
    /// Kind.
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Minutes since it was written.
    pub waiting_minutes: i64,
    /// Higher is more urgent.
    pub priority: i32,
    /// Why it has that priority.
    pub reasons: Vec<String>,
    /// The author.
    pub person: InboxPerson,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link.
    pub url: Option<String>,
    /// What the analyzer read.
    pub analysis: Option<Analysis>,
    /// What the team did with it (absent until someone acts).
    #[serde(default)]
    pub state: Option<ItemState>,
    /// Further fields the engine adds (passed through as they are).
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Paging for `GET /api/inbox`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// At most this many (default 50, at most 1000).
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
    /// Only items assigned to this email (`me` for the caller).
    pub assigned: Option<String>,
}

/// One page of the inbox, most urgent first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InboxPage {
    /// The items.
    pub items: Vec<InboxItem>,
    /// Items in the queue in all.
    pub total: usize,
    /// The page size used.
    pub limit: usize,
    /// The offset used.
    pub offset: usize,
}

/// `POST /api/inbox/{id}/reply`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ReplyRequest {
    /// The reply the team posted on the platform.
    pub text: String,
}

/// `POST /api/inbox/{id}/assign`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AssignRequest {
    /// A user's email, `me`, or null to unassign.
    pub to: Option<String>,
}

/// `POST /api/inbox/{id}/snooze`: give `until` or `minutes`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SnoozeRequest {
    /// Hide until this time (RFC 3339).
    pub until: Option<String>,
    /// Hide for this many minutes.
    pub minutes: Option<i64>,
}

/// `POST /api/inbox/{id}/notes`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteRequest {
    /// The note.
    pub text: String,
}
