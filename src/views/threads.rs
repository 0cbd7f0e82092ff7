//! Conversations: the messages that share a thread root, with who wrote
//! them and whether the shop answered.
//!
//! The roots and answers come from the snapshot (threading runs once per
//! channel in [`rapport_core::threads`]); this view only groups by them.
//! A thread is named `CHANNEL:ROOT`, its root's external id on that
//! channel, since external ids are unique only within a channel.

use super::Snapshot;
use rapport_core::{InteractionId, PersonId, Timestamp};
use rapport_store::AnalysisRow;
use serde::Serialize;
use std::collections::HashMap;

/// One person taking part in a thread.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadPerson {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
}

/// A thread in the list.
#[derive(Debug, Clone, Serialize)]
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
    /// Its first message (RFC 3339).
    pub started_at: String,
    /// Its latest message (RFC 3339).
    pub last_activity_at: String,
    /// Messages in all.
    pub message_count: usize,
    /// Inbound messages (people's words to the shop).
    pub inbound: usize,
    /// Of those, not answered.
    pub unanswered: usize,
    /// Every inbound message has an answer.
    pub answered: bool,
    /// The people who wrote in it (the shop left out).
    pub people: Vec<ThreadPerson>,
    /// The first inbound words.
    pub text: String,
}

/// One message of a thread.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadMessage {
    /// Interaction id.
    pub id: InteractionId,
    /// Platform id.
    pub external_id: String,
    /// The message it answers.
    pub in_reply_to: Option<String>,
    /// Kind.
    pub kind: String,
    /// Words.
    pub text: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Written by the shop.
    pub from_brand: bool,
    /// The author's person (`null` for the shop).
    pub person: Option<PersonId>,
    /// The author's name.
    pub author: String,
    /// The author's handle on the channel.
    pub handle: String,
    /// For inbound words: when the shop first answered (RFC 3339).
    pub answered_at: Option<String>,
    /// Inbound words the shop has not answered.
    pub unanswered: bool,
    /// What the analyzer read.
    pub analysis: Option<AnalysisRow>,
}

/// One thread with its messages, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadView {
    /// The summary.
    #[serde(flatten)]
    pub summary: ThreadSummary,
    /// The messages, oldest first.
    pub messages: Vec<ThreadMessage>,
}

/// Every thread of a snapshot, most recently active first, and where to
/// find each one's messages.
pub struct Threads {
    /// The threads with inbound words, latest activity first.
    pub list: Vec<ThreadSummary>,
    /// Per thread key: its messages (indexes into the snapshot), in order.
    members: HashMap<String, Vec<usize>>,
    /// Per interaction: its thread's key.
    of: HashMap<InteractionId, String>,
    /// Per listed thread's key: its place in `list`.
    position: HashMap<String, usize>,
}

impl Threads {
    /// The key of the thread `key` names: `CHANNEL:ROOT` itself, or an
    /// interaction id (the thread that message belongs to).
    pub fn resolve(&self, key: &str) -> Option<&str> {
        if let Ok(id) = key.parse::<i64>() {
            return self.of.get(&InteractionId(id)).map(String::as_str);
        }
        self.members.get_key_value(key).map(|(k, _)| k.as_str())
    }
}

fn key(channel: &str, root: &str) -> String {
    format!("{channel}:{root}")
}

/// Groups the snapshot's messages into threads.
pub fn threads(snap: &Snapshot) -> Threads {
    let mut members: HashMap<String, Vec<usize>> = HashMap::new();
    for (n, i) in snap.interactions.iter().enumerate() {
        members
            .entry(key(&i.channel, &snap.roots[n]))
            .or_default()
            .push(n);
    }
    for idx in members.values_mut() {
        idx.sort_by_key(|&n| (snap.interactions[n].at, snap.interactions[n].id));
    }
    let names: HashMap<PersonId, &str> = snap
        .people
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let mut list: Vec<(i64, ThreadSummary)> = members
        .iter()
        .filter_map(|(k, idx)| {
            let rows = || {
                idx.iter()
                    .map(|&n| (&snap.interactions[n], snap.answered_at[n]))
            };
            let inbound: Vec<_> = rows()
                .filter(|(i, _)| !i.from_brand && i.kind.is_conversational())
                .collect();
            let first_inbound = inbound.first()?.0;
            let first = &snap.interactions[*idx.first()?];
            let last = &snap.interactions[*idx.last()?];
            let unanswered = inbound.iter().filter(|(_, a)| a.is_none()).count();
            let mut people: Vec<ThreadPerson> = Vec::new();
            for (i, _) in rows().filter(|(i, _)| !i.from_brand) {
                if !people.iter().any(|p| p.id == i.person) {
                    let name = names.get(&i.person).copied().unwrap_or_default();
                    people.push(ThreadPerson {
                        id: i.person,
                        name: name.to_string(),
                    });
                }
            }
            let root = k
                .strip_prefix(first.channel.as_str())
                .and_then(|r| r.strip_prefix(':'))
                .unwrap_or(k)
                .to_string();
            Some((
                last.at,
                ThreadSummary {
                    key: k.clone(),
                    channel: first.channel.clone(),
                    root,
                    first_id: first.id,
                    post_id: rows().find_map(|(i, _)| i.post_id.clone()),
                    started_at: Timestamp(first.at).to_rfc3339(),
                    last_activity_at: Timestamp(last.at).to_rfc3339(),
                    message_count: idx.len(),
                    inbound: inbound.len(),
                    unanswered,
                    answered: unanswered == 0,
                    people,
                    text: first_inbound.text.clone(),
                },
            ))
        })
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.key.cmp(&b.1.key)));
    let of = members
        .iter()
        .flat_map(|(k, idx)| idx.iter().map(|&n| (snap.interactions[n].id, k.clone())))
        .collect();
    let list: Vec<ThreadSummary> = list.into_iter().map(|(_, s)| s).collect();
    let position = list
        .iter()
        .enumerate()
        .map(|(n, t)| (t.key.clone(), n))
        .collect();
    Threads {
        list,
        members,
        of,
        position,
    }
}

/// The thread `key` names (`CHANNEL:ROOT` or an interaction id in it),
/// with its messages, or `None` when there is no such thread with
/// inbound words.
pub fn thread(snap: &Snapshot, all: &Threads, key: &str) -> Option<ThreadView> {
    let k = all.resolve(key)?;
    let summary = all.list.get(*all.position.get(k)?)?.clone();
    let people: HashMap<PersonId, &rapport_store::PersonRow> =
        snap.people.iter().map(|p| (p.id, p)).collect();
    let shop_handle = snap
        .profile
        .channels
        .get(&summary.channel)
        .cloned()
        .unwrap_or_default();
    let messages = all.members.get(k)?.iter().map(|&n| {
        let i = &snap.interactions[n];
        let answered = snap.answered_at[n];
        let inbound = !i.from_brand && i.kind.is_conversational();
        let author = (!i.from_brand).then(|| people.get(&i.person)).flatten();
        ThreadMessage {
            id: i.id,
            external_id: i.external_id.clone(),
            in_reply_to: i.in_reply_to.clone(),
            kind: i.kind.as_str().to_string(),
            text: i.text.clone(),
            created_at: Timestamp(i.at).to_rfc3339(),
            from_brand: i.from_brand,
            person: (!i.from_brand).then_some(i.person),
            author: match author {
                Some(p) => p.name.clone(),
                None if i.from_brand => snap.profile.name.clone(),
                None => String::new(),
            },
            handle: match author {
                Some(p) => p
                    .identities
                    .iter()
                    .find(|d| d.id == i.identity)
                    .map(|d| d.handle.clone())
                    .unwrap_or_default(),
                None => shop_handle.clone(),
            },
            answered_at: answered
                .filter(|_| inbound)
                .map(|t| Timestamp(t).to_rfc3339()),
            unanswered: inbound && answered.is_none(),
            analysis: i.analysis.clone(),
        }
    });
    Some(ThreadView {
        messages: messages.collect(),
        summary,
    })
}
