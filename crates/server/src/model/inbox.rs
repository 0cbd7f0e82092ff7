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

/// The engine's queue: every unanswered inbound interaction, most urgent
/// first, with each one's place in it, so a page, a count or one item
/// costs what it returns and not the length of the queue.
#[derive(Debug, Default)]
pub struct Inbox {
    items: Vec<InboxItem>,
    position: std::collections::HashMap<i64, usize>,
}

impl Inbox {
    /// The queue of `items`, already in order.
    pub fn new(items: Vec<InboxItem>) -> Inbox {
        let position = items.iter().enumerate().map(|(n, i)| (i.id, n)).collect();
        Inbox { items, position }
    }

    /// Every item, most urgent first.
    pub fn items(&self) -> &[InboxItem] {
        &self.items
    }

    /// The item of interaction `id`, if it is in the queue.
    pub fn get(&self, id: i64) -> Option<&InboxItem> {
        self.items.get(self.position(id)?)
    }

    /// Where interaction `id` stands in the queue (0 is most urgent).
    pub fn position(&self, id: i64) -> Option<usize> {
        self.position.get(&id).copied()
    }

    /// How many items are in the queue.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the queue is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The queue's positions `offset..` leaving out `closed` (positions,
    /// ascending): at most `limit` of them, in order. Costs the closed
    /// positions plus the page, however long the queue.
    pub fn open_page(&self, closed: &[usize], offset: usize, limit: usize) -> Vec<usize> {
        // The position of the offset-th open item: every closed position
        // at or before it pushes it one further.
        let mut at = offset;
        let mut next = 0;
        while next < closed.len() && closed[next] <= at {
            at += 1;
            next += 1;
        }
        let mut page = Vec::with_capacity(limit.min(1000));
        while page.len() < limit && at < self.items.len() {
            if next < closed.len() && closed[next] == at {
                next += 1;
            } else {
                page.push(at);
            }
            at += 1;
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(n: i64) -> Inbox {
        let item = |id: i64| InboxItem {
            id,
            ..serde_json::from_value(serde_json::json!({
                "id": 0, "channel": "instagram", "external_id": "x", "kind": "comment",
                "text": "", "created_at": "2026-01-01T00:00:00Z", "waiting_minutes": 0,
                "priority": 0, "reasons": [],
                "person": {"id": 1, "name": "", "handle": "", "stage": "casual", "labels": []}
            }))
            .expect("an item")
        };
        Inbox::new((0..n).map(|id| item(id * 10)).collect())
    }

    /// Pages over the open items equal a plain filter-skip-take.
    #[test]
    fn open_pages_skip_closed_positions() {
        let q = queue(30);
        assert_eq!(q.position(70), Some(7));
        assert_eq!(q.get(70).map(|i| i.id), Some(70));
        assert!(q.get(71).is_none());
        let closed = [0, 1, 4, 5, 6, 13, 29];
        for offset in 0..32 {
            for limit in [0, 1, 3, 50] {
                let want: Vec<usize> = (0..30)
                    .filter(|p| !closed.contains(p))
                    .skip(offset)
                    .take(limit)
                    .collect();
                assert_eq!(
                    q.open_page(&closed, offset, limit),
                    want,
                    "{offset} {limit}"
                );
            }
        }
    }
}
