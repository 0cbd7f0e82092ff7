//! The outbox: every message the shop sends through Rapport (a reply on
//! the person's channel, a feedback request, a reminder, a digest) is a
//! row here before anything leaves, keyed by an idempotency key, so a
//! request repeated, a process that dies or two processes sending at once
//! never send it twice.
//!
//! A row moves `queued → sending → sent`; a transient failure puts it back
//! to `queued` later, a permanent one (or too many attempts) to `failed`.
//! A process that dies after taking a row (`sending`) leaves it for a
//! later run to judge: channels that honour the key are sent again with
//! the same key; others become `unsure` and wait for a person, because the
//! message may have left. A reply on a channel Rapport cannot send on is
//! `recorded`: the team posted it themselves.
//!
//! A reply is also the shop's interaction from the moment it is written
//! (see [`crate::Store::queue_reply`]): its external id is
//! [`LOCAL_PREFIX`] and the key until the platform names it.

use rapport_core::{InteractionId, PersonId, Said};
use serde::Serialize;

/// External ids of the shop's replies that no platform has named yet.
pub const LOCAL_PREFIX: &str = "rapport:";

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MessageKind {
    /// A reply to a person's message, on its channel.
    Reply,
    /// A request for feedback some days after an order.
    Feedback,
    /// The one reminder of a feedback request.
    Reminder,
    /// A digest of what is overdue, for a team member.
    Digest,
}

impl MessageKind {
    /// Every kind.
    pub const ALL: [MessageKind; 4] = [
        MessageKind::Reply,
        MessageKind::Feedback,
        MessageKind::Reminder,
        MessageKind::Digest,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Reply => "reply",
            MessageKind::Feedback => "feedback",
            MessageKind::Reminder => "reminder",
            MessageKind::Digest => "digest",
        }
    }

    /// The kind stored as `s`.
    pub fn parse(s: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a message is on its way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OutboxState {
    /// Waiting to be sent at `due_at`.
    Queued,
    /// Taken by a sender; the platform has not yet answered.
    Sending,
    /// The platform took it (`external_id` names it there).
    Sent,
    /// Given up: a permanent error or too many attempts (`last_error`).
    Failed,
    /// A sender died while sending on a channel that cannot tell a
    /// repeat; it may have left. A person decides: send again or not.
    Unsure,
    /// Posted by the team outside Rapport (no channel connected); nothing
    /// to send.
    Recorded,
    /// Not sent, and will not be: a courtesy rule, an unsubscribe, an
    /// erasure, or a person's decision (`last_error` says which).
    Cancelled,
}

impl OutboxState {
    /// Every state.
    pub const ALL: [OutboxState; 7] = [
        OutboxState::Queued,
        OutboxState::Sending,
        OutboxState::Sent,
        OutboxState::Failed,
        OutboxState::Unsure,
        OutboxState::Recorded,
        OutboxState::Cancelled,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Unsure => "unsure",
            OutboxState::Recorded => "recorded",
            OutboxState::Cancelled => "cancelled",
        }
    }

    /// The state stored as `s`.
    pub fn parse(s: &str) -> Option<OutboxState> {
        OutboxState::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Messages per state, every state listed (zero or not), from `(state,
/// count)` rows as a `GROUP BY state` gives them.
pub fn per_state(
    rows: impl IntoIterator<Item = (String, i64)>,
) -> Result<Vec<(OutboxState, u64)>, crate::StoreError> {
    let mut counts: Vec<(OutboxState, u64)> = OutboxState::ALL.iter().map(|s| (*s, 0)).collect();
    for (state, n) in rows {
        let state = OutboxState::parse(&state).ok_or_else(|| crate::StoreError::Corrupt {
            table: "outbox",
            column: "state",
            reason: format!("unknown state {state:?}"),
        })?;
        if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == state) {
            slot.1 = n.max(0) as u64;
        }
    }
    Ok(counts)
}

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxRow {
    /// Row id.
    pub id: i64,
    /// The idempotency key: one message per key, ever.
    pub key: String,
    /// What it is.
    pub kind: MessageKind,
    /// The channel it goes out on (`email` for mail).
    pub channel: String,
    /// Where it is.
    pub state: OutboxState,
    /// The person it is for.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub person: Option<PersonId>,
    /// The message it answers (a reply's parent).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent: Option<InteractionId>,
    /// The shop's own interaction it became (replies).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub interaction: Option<InteractionId>,
    /// The order it is about (feedback requests and reminders).
    pub order_id: Option<String>,
    /// The address or handle it goes to.
    pub recipient: Option<String>,
    /// The subject (mail).
    pub subject: Option<String>,
    /// The words.
    pub body: String,
    /// Language of the words (`en`, `de`, `th`).
    pub language: Option<String>,
    /// Who wrote or approved it (a user's email), or `rapport` for
    /// messages the shop's rules queue.
    pub created_by: String,
    /// Seconds since the epoch.
    pub created_at: i64,
    /// Not sent before this moment.
    pub due_at: i64,
    /// Sending attempts so far.
    pub attempts: i64,
    /// When a sender last took it.
    pub claimed_at: Option<i64>,
    /// When the platform took it.
    pub sent_at: Option<i64>,
    /// The platform's id for it.
    pub external_id: Option<String>,
    /// The last error, why it waits, or why it was cancelled: the
    /// platform's words as [`Said::Verbatim`], the rules' and the team's
    /// as their sentence kinds (stored with them, shown as English in
    /// JSON).
    #[serde(serialize_with = "rapport_core::said::english_opt")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub last_error: Option<Said>,
}

/// A reply to write: the shop's interaction and its outbox row, at once.
#[derive(Debug, Clone)]
pub struct NewReply {
    /// The idempotency key.
    pub key: String,
    /// The message answered.
    pub parent: InteractionId,
    /// Whether a sender is connected for its channel (`queued`), or the
    /// team posts it themselves (`recorded`).
    pub send: bool,
    /// The address or handle it goes to.
    pub recipient: Option<String>,
    /// The subject (mail).
    pub subject: Option<String>,
    /// The reply's language.
    pub language: Option<String>,
    /// Who wrote it.
    pub by: String,
    /// When.
    pub at: i64,
}

/// A message the shop's rules queue (feedback requests, reminders,
/// digests).
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// The idempotency key.
    pub key: String,
    /// What it is.
    pub kind: MessageKind,
    /// The channel.
    pub channel: String,
    /// The person it is for.
    pub person: Option<PersonId>,
    /// The order it is about.
    pub order_id: Option<String>,
    /// The address it goes to.
    pub recipient: String,
    /// The subject.
    pub subject: Option<String>,
    /// The words.
    pub body: String,
    /// Their language.
    pub language: Option<String>,
    /// Not before.
    pub due_at: i64,
    /// When it was queued.
    pub at: i64,
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle {
    /// The platform took it and named it.
    Sent {
        /// The platform's id.
        external_id: String,
        /// Where it can be seen, if the platform says.
        url: Option<String>,
    },
    /// Try again at `at`.
    Retry {
        /// What went wrong.
        error: String,
        /// When to try again.
        at: i64,
    },
    /// Give up.
    Failed {
        /// What went wrong.
        error: String,
    },
    /// It may have left; a person decides.
    Unsure {
        /// Why.
        reason: Said,
    },
    /// Not to be sent.
    Cancelled {
        /// Why.
        reason: Said,
    },
    /// Back in the queue at `at` without an attempt counted (quiet hours,
    /// the cap on messages per person).
    Later {
        /// Why it waits.
        reason: Said,
        /// When to look again.
        at: i64,
    },
}

/// Which messages to list.
#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    /// Only this state.
    pub state: Option<OutboxState>,
    /// Only messages for this person.
    pub person: Option<PersonId>,
    /// Only replies to this message.
    pub parent: Option<InteractionId>,
}

/// An order old enough to ask its buyer about, with what the request
/// needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackCandidate {
    /// The order.
    pub order: crate::OrderRow,
    /// The buyer's name, when known.
    pub name: Option<String>,
    /// The language the buyer writes in most (`en`, `de`, `th`), when known.
    pub language: Option<String>,
}

/// What the courtesy rules need to know about one recipient.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Courtesy {
    /// The address asked for no more mail.
    pub unsubscribed: bool,
    /// When the shop's rules last sent them something.
    pub last_sent: Option<i64>,
    /// A complaint of theirs waits for an answer.
    pub open_complaint: bool,
    /// They wrote to the shop after the moment asked about.
    pub wrote_since: bool,
}

/// A feedback request sent long enough ago to remind, with what the
/// reminder needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderCandidate {
    /// The request.
    pub request: OutboxRow,
    /// The buyer's name, when known.
    pub name: Option<String>,
    /// The order's first item's title.
    pub product: Option<String>,
}

/// The token of `address`'s unsubscribe link: a hash of the database's
/// outbox `secret` and the address (any case).
pub fn unsubscribe_token(secret: &str, address: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("unsubscribe\n{secret}\n{}", address.to_lowercase()));
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `given` is the token `wanted`, compared whole and in constant
/// time (the token is the only key).
pub fn same_token(wanted: &str, given: &str) -> bool {
    wanted.len() == given.len()
        && wanted
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A stored `last_error`: a sentence with its kind; a reason stored as
/// its English before reasons had kinds, read back into its kind
/// ([`rapport_core::said::old_words`]), so old rows read in the user's
/// language too; or the platform's words as they are.
pub(crate) fn last_error(stored: Option<String>) -> Option<Said> {
    stored.map(|s| rapport_core::said::from_stored(&s))
}

/// Words without case, spacing or punctuation, for telling the same reply.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn the_same_words_match_whatever_the_platform_adds() {
        assert_eq!(
            normalise("@anna@bikes.social  Yes, it fits a 29er!"),
            normalise("Yes, it fits a 29er.")
        );
        assert_ne!(normalise("Yes, it fits"), normalise("No, it does not fit"));
    }
}
