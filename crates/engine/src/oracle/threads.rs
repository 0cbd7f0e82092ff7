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
/// find each one's messages and authors. Threads are numbered; the maps
/// hold numbers, so the index costs one key per thread, not per message.
pub struct Threads {
    /// The threads with inbound words, latest activity first.
    pub list: Vec<ThreadSummary>,
    /// Per thread number: its messages (indexes into the snapshot), in order.
    members: Vec<Vec<usize>>,
    /// Per thread number: its place in `list` (threads without inbound
    /// words are not listed).
    listed: Vec<Option<usize>>,
    /// Per key: the thread's number.
    number: HashMap<String, usize>,
    /// Per interaction: its thread's number.
    of: HashMap<InteractionId, usize>,
    /// Per person: their row in the snapshot's people.
    person_row: HashMap<PersonId, usize>,
}

impl Threads {
    /// The number of the thread `key` names: `CHANNEL:ROOT` itself, or an
    /// interaction id (the thread that message belongs to).
    fn resolve(&self, key: &str) -> Option<usize> {
        if let Ok(id) = key.parse::<i64>() {
            return self.of.get(&InteractionId(id)).copied();
        }
        self.number.get(key).copied()
    }
}

fn key(channel: &str, root: &str) -> String {
    format!("{channel}:{root}")
}

/// Groups the snapshot's messages into threads.
pub fn threads(snap: &Snapshot) -> Threads {
    let mut number: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut of = HashMap::with_capacity(snap.interactions.len());
    for (n, i) in snap.interactions.iter().enumerate() {
        let k = key(&i.channel, &snap.roots[n]);
        let t = match number.get(&k) {
            Some(&t) => t,
            None => {
                number.insert(k, members.len());
                members.push(Vec::new());
                members.len() - 1
            }
        };
        members[t].push(n);
        of.insert(i.id, t);
    }
    let mut keys = vec![String::new(); members.len()];
    for (k, &t) in &number {
        keys[t].clone_from(k);
    }
    for idx in &mut members {
        idx.sort_by_key(|&n| (snap.interactions[n].at, snap.interactions[n].id));
    }
    let person_row: HashMap<PersonId, usize> = snap
        .people
        .iter()
        .enumerate()
        .map(|(n, p)| (p.id, n))
        .collect();
    let name = |p: PersonId| {
        person_row
            .get(&p)
            .map_or("", |&n| snap.people[n].name.as_str())
    };
    let mut list: Vec<(i64, usize, ThreadSummary)> = members
        .iter()
        .enumerate()
        .filter_map(|(t, idx)| {
            let k = &keys[t];
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
            let mut seen = std::collections::HashSet::new();
            let people: Vec<ThreadPerson> = rows()
                .filter(|(i, _)| !i.from_brand && seen.insert(i.person))
                .take(20)
                .map(|(i, _)| ThreadPerson {
                    id: i.person,
                    name: name(i.person).to_string(),
                })
                .collect();
            let root = k
                .strip_prefix(first.channel.as_str())
                .and_then(|r| r.strip_prefix(':'))
                .unwrap_or(k)
                .to_string();
            Some((
                last.at,
                t,
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
    list.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.key.cmp(&b.2.key)));
    let mut listed = vec![None; members.len()];
    for (place, (_, t, _)) in list.iter().enumerate() {
        listed[*t] = Some(place);
    }
    Threads {
        list: list.into_iter().map(|(_, _, s)| s).collect(),
        members,
        listed,
        number,
        of,
        person_row,
    }
}

/// The thread `key` names (`CHANNEL:ROOT` or an interaction id in it),
/// with its messages, or `None` when there is no such thread with
/// inbound words.
pub fn thread(snap: &Snapshot, all: &Threads, key: &str) -> Option<ThreadView> {
    let t = all.resolve(key)?;
    let summary = all.list.get(all.listed[t]?)?.clone();
    let person = |p: PersonId| all.person_row.get(&p).map(|&n| &snap.people[n]);
    let shop_handle = snap
        .profile
        .channels
        .get(&summary.channel)
        .cloned()
        .unwrap_or_default();
    let messages = all.members[t].iter().map(|&n| {
        let i = &snap.interactions[n];
        let answered = snap.answered_at[n];
        let inbound = !i.from_brand && i.kind.is_conversational();
        let author = (!i.from_brand).then(|| person(i.person)).flatten();
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
