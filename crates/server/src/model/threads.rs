//! Conversations: threads and their messages.

use super::Analysis;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One person taking part in a thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadPerson {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
}

/// A thread in the list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadSummary {
    /// `CHANNEL:ROOT`, the name `GET /api/threads/{root}` takes.
    pub key: String,
    /// Channel.
    pub channel: String,
    /// The root message's external id.
    pub root: String,
    /// Id of the first stored message (also accepted as `{root}`).
    pub first_id: i64,
    /// The shop post it hangs under.
    pub post_id: Option<String>,
    /// Its first message (RFC 3339).
    pub started_at: String,
    /// Its latest message (RFC 3339).
    pub last_activity_at: String,
    /// Messages in all.
    pub message_count: usize,
    /// People's words to the shop.
    pub inbound: usize,
    /// Of those, not answered.
    pub unanswered: usize,
    /// Every inbound message has an answer.
    pub answered: bool,
    /// Who wrote in it (the shop left out).
    pub people: Vec<ThreadPerson>,
    /// The first inbound words.
    pub text: String,
}

/// One message of a thread.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadMessage {
    /// Interaction id.
    pub id: i64,
    /// Platform id.
    pub external_id: String,
    /// The platform id of the message it answers.
    pub in_reply_to: Option<String>,
    /// Kind.
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Written by the shop.
    pub from_brand: bool,
    /// The author's person id (`null` for the shop).
    pub person: Option<i64>,
    /// The author's name.
    pub author: String,
    /// The author's handle on the channel.
    pub handle: String,
    /// For inbound words: when the shop first answered (RFC 3339).
    pub answered_at: Option<String>,
    /// Inbound words without an answer.
    pub unanswered: bool,
    /// What the analyzer read.
    pub analysis: Option<Analysis>,
}

/// `GET /api/threads/{root}`: one conversation, oldest message first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Thread {
    /// The summary.
    #[serde(flatten)]
    pub summary: ThreadSummary,
    /// The messages, oldest first.
    pub messages: Vec<ThreadMessage>,
}

/// Filters and paging for `GET /api/threads`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadsQuery {
    /// Only this channel.
    pub channel: Option<String>,
    /// `answered` (every inbound message answered) or `unanswered` (some not).
    pub status: Option<String>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
}

/// One page of threads, latest activity first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThreadsPage {
    /// The threads.
    pub items: Vec<ThreadSummary>,
    /// Threads matching the filters in all.
    pub total: usize,
    /// The page size used.
    pub limit: usize,
    /// The offset used.
    pub offset: usize,
}

/// The engine's threads, latest activity first, with the channels they
/// are on (the list's filter chips), counted once per computation.
#[derive(Debug, Default)]
pub struct ThreadList {
    /// Every thread with inbound words, latest activity first.
    pub items: Vec<ThreadSummary>,
    /// The channels of those threads, sorted.
    pub channels: Vec<String>,
}

impl ThreadList {
    /// The list of `items`, already in order.
    pub fn new(items: Vec<ThreadSummary>) -> ThreadList {
        let channels: std::collections::BTreeSet<&str> =
            items.iter().map(|t| t.channel.as_str()).collect();
        let channels = channels.into_iter().map(str::to_string).collect();
        ThreadList { items, channels }
    }
}
