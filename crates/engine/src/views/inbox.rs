//! The inbox: every unanswered inbound message, most urgent first, with
//! its author and what the team did with it (`rapport inbox`,
//! `GET /api/inbox`, the dashboard's first page). The order is
//! [`rapport_core::priority`]'s: the fixed parts of each message's
//! priority are kept in the store's queue, the waiting bonus is added for
//! the moment asked, so a page costs what it shows.

use super::person::Analysis;
use crate::EngineError;
use rapport_core::ladder::{Label, Stage};
use rapport_core::{priority, InteractionId, Kind, PersonId, Timestamp};
use rapport_store::team::InboxStateRow;
use rapport_store::views::{QueueFilter, QueueItem};
use rapport_store::Store;
use serde::{Deserialize, Serialize};

/// Who wrote an inbox item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPerson {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Handle on the item's channel.
    pub handle: String,
    /// Their rung.
    pub stage: Stage,
    /// Their labels.
    pub labels: Vec<Label>,
}

/// A note on an inbox item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// Who wrote it.
    pub author: String,
    /// The note.
    pub text: String,
    /// When.
    pub created_at: Timestamp,
}

/// What the team did with an item so far.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemState {
    /// The reply recorded for it.
    pub reply_text: Option<String>,
    /// When the reply was recorded.
    pub replied_at: Option<Timestamp>,
    /// Who recorded it.
    pub replied_by: Option<String>,
    /// When it was marked handled.
    pub handled_at: Option<Timestamp>,
    /// Who marked it handled.
    pub handled_by: Option<String>,
    /// Who is on it.
    pub assigned_to: Option<String>,
    /// Hidden until then.
    pub snoozed_until: Option<Timestamp>,
    /// Notes, oldest first.
    pub notes: Vec<Note>,
    /// Whether the item is out of the queue now.
    pub closed: bool,
}

impl ItemState {
    /// The team's state of an item as of `now`.
    pub fn of(s: &InboxStateRow, now: i64) -> ItemState {
        ItemState {
            reply_text: s.reply_text.clone(),
            replied_at: s.replied_at.map(Timestamp),
            replied_by: s.replied_by.clone(),
            handled_at: s.handled_at.map(Timestamp),
            handled_by: s.handled_by.clone(),
            assigned_to: s.assigned_to.clone(),
            snoozed_until: s.snoozed_until.map(Timestamp),
            notes: s
                .notes
                .iter()
                .map(|n| Note {
                    author: n.author.clone(),
                    text: n.text.clone(),
                    created_at: Timestamp(n.created_at),
                })
                .collect(),
            closed: s.is_closed(now),
        }
    }
}

/// One unanswered inbound message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    /// Interaction id.
    pub id: InteractionId,
    /// Channel.
    pub channel: String,
    /// Platform id.
    pub external_id: String,
    /// Kind.
    pub kind: Kind,
    /// Words.
    pub text: String,
    /// When it was written.
    pub created_at: Timestamp,
    /// Minutes since it was written.
    pub waiting_minutes: i64,
    /// Higher is more urgent.
    pub priority: i64,
    /// Why it has that priority.
    pub reasons: Vec<String>,
    /// The author.
    pub person: InboxPerson,
    /// The shop post it answers.
    pub post_id: Option<String>,
    /// Link on the platform.
    pub url: Option<String>,
    /// What the analyzer read in the text.
    pub analysis: Option<Analysis>,
    /// What the team did with it (null until someone acts).
    pub state: Option<ItemState>,
}

/// The reasons and priority of a queued message at `now`.
fn reasons(q: &QueueItem, now: i64) -> (i64, i64, Vec<String>) {
    let s = q.interaction.signals;
    let mut reasons = Vec::new();
    if s.complaint() {
        reasons.push("complaint".to_string());
    } else if s.question() {
        reasons.push("question".to_string());
    }
    for (label, _) in priority::LABEL_WEIGHTS {
        if q.labels.contains(&label) {
            reasons.push(label.as_str().replace('_', " "));
        }
    }
    let waiting = priority::waiting_minutes(q.interaction.at, now);
    if waiting > 24 * 60 {
        reasons.push(format!(
            "waiting {} days (over the 24-hour target)",
            waiting / 1440
        ));
    } else if waiting > 60 {
        reasons.push(format!(
            "waiting {} h (over the 1-hour target)",
            waiting / 60
        ));
    }
    if s.generic() {
        reasons.push("stock phrase".to_string());
    }
    (q.rank + priority::waiting_bonus(waiting), waiting, reasons)
}

/// `45 min`, `3 h`, `2 days`.
fn span(minutes: i64) -> String {
    match minutes {
        ..=59 => format!("{} min", minutes.max(0)),
        60..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

/// The inbox item of a queued message at `now`, with the team's state.
pub fn item(q: QueueItem, state: Option<&InboxStateRow>, now: i64) -> InboxItem {
    let (priority, waiting_minutes, reasons) = reasons(&q, now);
    let i = q.interaction;
    InboxItem {
        id: i.id,
        channel: i.channel,
        external_id: i.external_id,
        kind: i.kind,
        created_at: Timestamp(i.at),
        text: i.text,
        waiting_minutes,
        priority,
        reasons,
        person: InboxPerson {
            id: i.person,
            name: q.name,
            handle: q.handle,
            stage: q.stage,
            labels: q.labels,
        },
        post_id: i.post_id,
        url: i.url,
        analysis: i.analysis.as_ref().map(Analysis::from),
        state: state.map(|s| ItemState::of(s, now)),
    }
}

/// Default page size of the inbox.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page size of the inbox.
pub const MAX_LIMIT: u64 = 1000;

/// Paging and filters for the inbox.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InboxQuery {
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
    /// Only items assigned to this email (`me` for the caller).
    pub assigned: Option<String>,
}

/// One page of the inbox, most urgent first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPage {
    /// The items.
    pub items: Vec<InboxItem>,
    /// Items in the queue in all (those the team closed left out).
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
}

/// A page of the open inbox at `now`; `assigned` keeps only one user's.
pub fn page(
    store: &dyn Store,
    now: i64,
    assigned: Option<String>,
    offset: u64,
    limit: u64,
) -> Result<InboxPage, EngineError> {
    let filter = QueueFilter {
        assigned,
        min_base: None,
    };
    let page = store.queue_page(now, &filter, offset, limit)?;
    let items = with_states(page.items, now);
    Ok(InboxPage {
        items,
        total: page.total,
        limit,
        offset,
    })
}

/// Inbox items of queued messages with the team's states.
fn with_states(queued: Vec<QueueItem>, now: i64) -> Vec<InboxItem> {
    queued
        .into_iter()
        .map(|mut q| {
            let state = q.state.take();
            item(q, state.as_ref(), now)
        })
        .collect()
}

/// One inbound message with its state: queued (open, or closed by the
/// team), or answered since — then read from the message itself, with no
/// waiting bonus (it waits no more) and the reason `answered`.
pub fn one(
    store: &dyn Store,
    id: InteractionId,
    now: i64,
) -> Result<Option<InboxItem>, EngineError> {
    if let Some(queued) = with_states(store.queue_items(&[id])?, now).pop() {
        return Ok(Some(queued));
    }
    let Some(m) = store.interaction(id)? else {
        return Ok(None);
    };
    let Some(answered) = m.answered_at.filter(|_| !m.from_brand) else {
        return Ok(None);
    };
    let Some(brief) = store.briefs(&[m.person])?.pop() else {
        return Ok(None);
    };
    let handle = crate::outbox::handle_of(store, &m)?.unwrap_or_default();
    let state = store.inbox_state(id)?;
    let waited = priority::waiting_minutes(m.at, answered);
    let mut item = InboxItem {
        id: m.id,
        channel: m.channel.clone(),
        external_id: m.external_id.clone(),
        kind: m.kind,
        text: m.text.clone(),
        created_at: Timestamp(m.at),
        waiting_minutes: 0,
        priority: 0,
        reasons: vec![format!("answered after {}", span(waited))],
        person: InboxPerson {
            id: brief.id,
            name: brief.name,
            handle,
            stage: brief.assessment.stage,
            labels: brief.assessment.labels,
        },
        post_id: m.post_id.clone(),
        url: m.url.clone(),
        analysis: m.analysis.as_ref().map(Analysis::from),
        state: state.as_ref().map(|s| ItemState::of(s, now)),
    };
    // Answered is closed, whatever the team's state says.
    match &mut item.state {
        Some(s) => s.closed = true,
        None => {
            let mut s = ItemState::of(&InboxStateRow::new(id), now);
            s.closed = true;
            item.state = Some(s);
        }
    }
    Ok(Some(item))
}
