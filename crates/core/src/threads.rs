//! Reply threads, answers and first-response times.
//!
//! The contract's definition, implemented here once: an inbound interaction
//! is *answered* when the shop replied to it, or to a later message of the
//! same person in the same thread; its first-response time runs from it to
//! the earliest such shop reply.
//!
//! A thread is the set of messages that share a root: follow `in_reply_to`
//! up until a message has no parent, or its parent was never imported (then
//! the parent's id names the thread).

use crate::PersonId;
use std::collections::HashMap;

/// One message of a channel, reduced to what threading needs.
#[derive(Debug, Clone)]
pub struct Message {
    /// External id, unique within the channel.
    pub id: String,
    /// External id of the message this one replies to.
    pub parent: Option<String>,
    /// Who wrote it.
    pub author: PersonId,
    /// When, in seconds since the epoch.
    pub at: i64,
    /// Written by the shop.
    pub from_brand: bool,
    /// Carries words that can be answered (comment, reply, mention, …).
    pub conversational: bool,
}

impl Message {
    /// Inbound: said to the shop by someone else, in words.
    pub fn is_inbound(&self) -> bool {
        !self.from_brand && self.conversational
    }
}

/// What threading found out about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The thread's root id.
    pub root: String,
    /// For inbound messages: when the shop first answered, if it did.
    pub answered_at: Option<i64>,
}

/// Threads and answers for every message of one channel, in input order.
pub fn analyse(msgs: &[Message]) -> Vec<Status> {
    let index: HashMap<&str, usize> = msgs
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let roots: Vec<String> = (0..msgs.len()).map(|i| root_of(msgs, &index, i)).collect();

    // Inbound messages per (thread, person), and the shop replies that
    // answer them: a shop reply to message P by person A answers every
    // inbound message of A in P's thread written no later than P.
    let mut inbound: HashMap<(&str, PersonId), Vec<usize>> = HashMap::new();
    for (i, m) in msgs.iter().enumerate() {
        if m.is_inbound() {
            inbound
                .entry((roots[i].as_str(), m.author))
                .or_default()
                .push(i);
        }
    }
    let mut replies: HashMap<(&str, PersonId), Vec<(i64, i64)>> = HashMap::new();
    for m in msgs.iter().filter(|m| m.from_brand) {
        let Some(&p) = m.parent.as_deref().and_then(|p| index.get(p)) else {
            continue;
        };
        let parent = &msgs[p];
        if parent.from_brand {
            continue;
        }
        replies
            .entry((roots[p].as_str(), parent.author))
            .or_default()
            .push((parent.at, m.at));
    }

    let mut answered: Vec<Option<i64>> = vec![None; msgs.len()];
    for (key, mut group) in inbound {
        let Some(mut reps) = replies.remove(&key) else {
            continue;
        };
        group.sort_by_key(|&i| msgs[i].at);
        reps.sort_unstable();
        // Sweep from the latest inbound message back, keeping the earliest
        // reply among those whose parent is no earlier than the message.
        // A reply stamped before the words it answers (clocks differ)
        // counts as answering at once: max(reply, message), per message.
        let mut best: Option<i64> = None;
        let mut r = reps.len();
        for &i in group.iter().rev() {
            let at = msgs[i].at;
            while r > 0 && reps[r - 1].0 >= at {
                r -= 1;
                let reply_at = reps[r].1;
                best = Some(best.map_or(reply_at, |b: i64| b.min(reply_at)));
            }
            answered[i] = best.map(|b| b.max(at));
        }
    }

    roots
        .into_iter()
        .zip(answered)
        .map(|(root, answered_at)| Status { root, answered_at })
        .collect()
}

fn root_of(msgs: &[Message], index: &HashMap<&str, usize>, start: usize) -> String {
    let mut cur = start;
    // A step limit keeps a malicious cycle (a replies to b replies to a)
    // from looping forever; the thread is then named by where we stopped.
    for _ in 0..10_000 {
        match msgs[cur].parent.as_deref() {
            None => return msgs[cur].id.clone(),
            Some(p) => match index.get(p) {
                Some(&next) if next != start => cur = next,
                Some(_) => return msgs[start].id.clone(),
                None => return p.to_string(),
            },
        }
    }
    msgs[cur].id.clone()
}

/// Counts the exchanges in each thread: replies whose parent was written by
/// someone else. A thread with two or more exchanges between a person and
/// the shop or other people is a real conversation. Only replies written
/// at or after `since` count, when given.
pub fn exchanges(
    msgs: &[Message],
    statuses: &[Status],
    since: Option<i64>,
) -> HashMap<String, u32> {
    let index: HashMap<&str, usize> = msgs
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let mut out: HashMap<String, u32> = HashMap::new();
    for (i, m) in msgs.iter().enumerate() {
        let Some(&p) = m.parent.as_deref().and_then(|p| index.get(p)) else {
            continue;
        };
        let parent = &msgs[p];
        if since.is_some_and(|s| m.at < s) {
            continue;
        }
        let other_speaker = parent.author != m.author || parent.from_brand != m.from_brand;
        if other_speaker && m.conversational && parent.conversational {
            *out.entry(statuses[i].root.clone()).or_default() += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: &str, parent: Option<&str>, author: i64, at: i64, brand: bool) -> Message {
        Message {
            id: id.into(),
            parent: parent.map(Into::into),
            author: PersonId(author),
            at,
            from_brand: brand,
            conversational: true,
        }
    }

    #[test]
    fn a_direct_shop_reply_answers_the_comment() {
        let m = [
            msg("c1", None, 1, 100, false),
            msg("r1", Some("c1"), 0, 160, true),
        ];
        let s = analyse(&m);
        assert_eq!(s[0].answered_at, Some(160));
        assert_eq!(s[1].root, "c1");
    }

    #[test]
    fn a_reply_to_a_later_message_answers_earlier_ones_of_the_same_person() {
        let m = [
            msg("c1", None, 1, 100, false),
            msg("c2", Some("c1"), 1, 200, false),
            msg("r", Some("c2"), 0, 500, true),
            msg("c3", Some("r"), 1, 600, false),
        ];
        let s = analyse(&m);
        assert_eq!(s[0].answered_at, Some(500));
        assert_eq!(s[1].answered_at, Some(500));
        assert_eq!(s[3].answered_at, None, "written after the reply");
    }

    #[test]
    fn a_reply_to_someone_else_answers_nobody_else() {
        let m = [
            msg("c1", None, 1, 100, false),
            msg("c2", Some("c1"), 2, 150, false),
            msg("r", Some("c2"), 0, 300, true),
        ];
        let s = analyse(&m);
        assert_eq!(s[0].answered_at, None);
        assert_eq!(s[1].answered_at, Some(300));
    }

    #[test]
    fn the_earliest_qualifying_reply_counts() {
        let m = [
            msg("c1", None, 1, 100, false),
            msg("r2", Some("c1"), 0, 900, true),
            msg("r1", Some("c1"), 0, 400, true),
        ];
        assert_eq!(analyse(&m)[0].answered_at, Some(400));
    }

    #[test]
    fn a_reply_stamped_early_answers_each_message_at_once() {
        // The shop's reply to c2 carries a time before c1 and c2.
        let m = [
            msg("c1", None, 1, 100, false),
            msg("c2", Some("c1"), 1, 300, false),
            msg("r", Some("c2"), 0, 50, true),
        ];
        let s = analyse(&m);
        assert_eq!(s[0].answered_at, Some(100));
        assert_eq!(s[1].answered_at, Some(300));
    }

    #[test]
    fn cycles_do_not_hang() {
        let m = [
            msg("a", Some("b"), 1, 1, false),
            msg("b", Some("a"), 2, 2, false),
        ];
        assert_eq!(analyse(&m).len(), 2);
    }

    #[test]
    fn exchanges_count_changes_of_speaker() {
        let m = [
            msg("c1", None, 1, 100, false),
            msg("r", Some("c1"), 0, 160, true),
            msg("c2", Some("r"), 1, 200, false),
        ];
        let s = analyse(&m);
        assert_eq!(exchanges(&m, &s, None).get("c1"), Some(&2));
    }
}
