//! Conversations: the threads with words said to the shop, latest
//! activity first, and one thread's messages in order (`GET
//! /api/threads`, the dashboard's Threads page). A thread is named
//! `CHANNEL:ROOT`, its root's external id on that channel (external ids
//! are unique only within a channel).

use super::person::Analysis;
use crate::EngineError;
use rapport_core::profile::Profile;
use rapport_core::{InteractionId, Kind, PersonId, Timestamp};
use rapport_store::views::{ThreadFilter, ThreadRow};
use rapport_store::Store;
use serde::{Deserialize, Serialize};

/// One person taking part in a thread.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadPerson {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
}

/// A thread in the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadSummary {
    /// `CHANNEL:ROOT`: how `GET /api/threads/{root}` names it.
    pub key: String,
    /// Channel.
    pub channel: String,
    /// The root's external id.
    pub root: String,
    /// The stored message the thread starts with.
    pub first_id: InteractionId,
    /// The shop post it hangs under, if any.
    pub post_id: Option<String>,
    /// Its first message.
    pub started_at: Timestamp,
    /// Its latest message.
    pub last_activity_at: Timestamp,
    /// Messages in all.
    pub message_count: u64,
    /// Inbound messages (people's words to the shop).
    pub inbound: u64,
    /// Of those, not answered.
    pub unanswered: u64,
    /// Every inbound message has an answer.
    pub answered: bool,
    /// The first people who wrote in it (up to 20; the shop left out).
    pub people: Vec<ThreadPerson>,
    /// The first inbound words.
    pub text: String,
}

impl From<ThreadRow> for ThreadSummary {
    fn from(t: ThreadRow) -> Self {
        ThreadSummary {
            key: format!("{}:{}", t.channel, t.root),
            channel: t.channel,
            root: t.root,
            first_id: t.first_id,
            post_id: t.post_id,
            started_at: Timestamp(t.first_at),
            last_activity_at: Timestamp(t.last_at),
            message_count: t.messages.max(0) as u64,
            inbound: t.inbound.max(0) as u64,
            unanswered: t.unanswered.max(0) as u64,
            answered: t.unanswered <= 0,
            people: t
                .people
                .into_iter()
                .map(|(id, name)| ThreadPerson { id, name })
                .collect(),
            text: t.text,
        }
    }
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadMessage {
    /// Interaction id.
    pub id: InteractionId,
    /// Platform id.
    pub external_id: String,
    /// The message it answers.
    pub in_reply_to: Option<String>,
    /// Kind.
    pub kind: Kind,
    /// Words.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
    /// Written by the shop.
    pub from_brand: bool,
    /// The author's person (`null` for the shop).
    pub person: Option<PersonId>,
    /// The author's name (the shop's for its messages).
    pub author: String,
    /// The author's handle on the channel.
    pub handle: String,
    /// For inbound words: when the shop first answered.
    pub answered_at: Option<Timestamp>,
    /// Inbound words the shop has not answered.
    pub unanswered: bool,
    /// What the analyzer read.
    pub analysis: Option<Analysis>,
}

/// One thread with its messages, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadView {
    /// The summary.
    #[serde(flatten)]
    pub summary: ThreadSummary,
    /// The messages, oldest first.
    pub messages: Vec<ThreadMessage>,
}

/// Default page size of the thread list.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page size of the thread list.
pub const MAX_LIMIT: u64 = 1000;

/// Filters and paging for the thread list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ThreadsQuery {
    /// Only this channel.
    pub channel: Option<String>,
    /// `answered` or `unanswered`.
    pub status: Option<String>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

impl ThreadsQuery {
    /// The query checked.
    pub fn parse(&self) -> Result<(ThreadFilter, u64, u64), EngineError> {
        let unanswered = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some("answered") => Some(false),
            Some("unanswered") => Some(true),
            Some(other) => {
                return Err(EngineError::bad(format!(
                    "status {other:?}: expected answered or unanswered"
                )))
            }
        };
        Ok((
            ThreadFilter {
                channel: self.channel.clone().filter(|c| !c.is_empty()),
                unanswered,
            },
            self.offset.unwrap_or(0),
            self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
        ))
    }
}

/// One page of threads.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadsPage {
    /// The threads, latest activity first.
    pub items: Vec<ThreadSummary>,
    /// How many match in all.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
    /// Every channel with threads (to filter by).
    pub channels: Vec<String>,
}

/// A page of threads.
pub fn page(
    store: &dyn Store,
    filter: &ThreadFilter,
    offset: u64,
    limit: u64,
) -> Result<ThreadsPage, EngineError> {
    let (rows, total) = store.thread_page(filter, offset, limit)?;
    Ok(ThreadsPage {
        items: rows.into_iter().map(ThreadSummary::from).collect(),
        total,
        limit,
        offset,
        channels: store.thread_channels()?,
    })
}

/// The thread `key` names (`CHANNEL:ROOT` or the id of a message in it),
/// with its messages; the shop's messages carry its name and handle
/// from `profile`.
pub fn thread(
    store: &dyn Store,
    key: &str,
    profile: &Profile,
) -> Result<Option<ThreadView>, EngineError> {
    let Some(rows) = store.thread_rows(key)? else {
        return Ok(None);
    };
    let shop_handle = profile
        .channels
        .get(&rows.thread.channel)
        .cloned()
        .unwrap_or_default();
    let messages = rows
        .messages
        .into_iter()
        .map(|(i, name, handle)| {
            let inbound = !i.from_brand && i.kind.is_conversational();
            ThreadMessage {
                id: i.id,
                external_id: i.external_id,
                in_reply_to: i.in_reply_to,
                kind: i.kind,
                text: i.text,
                created_at: Timestamp(i.at),
                from_brand: i.from_brand,
                person: (!i.from_brand).then_some(i.person),
                author: if i.from_brand {
                    profile.name.clone()
                } else {
                    name
                },
                handle: if i.from_brand {
                    shop_handle.clone()
                } else {
                    handle
                },
                answered_at: i.answered_at.filter(|_| inbound).map(Timestamp),
                unanswered: inbound && i.answered_at.is_none(),
                analysis: i.analysis.as_ref().map(Analysis::from),
            }
        })
        .collect();
    Ok(Some(ThreadView {
        summary: ThreadSummary::from(rows.thread),
        messages,
    }))
}
