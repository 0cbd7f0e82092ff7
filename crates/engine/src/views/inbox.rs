//! The inbox: every unanswered inbound message, most urgent first, with
//! its author and what the team did with it (`rapport inbox`,
//! `GET /api/inbox`, the dashboard's first page). The order is
//! [`rapport_core::priority`]'s: the fixed parts of each message's
//! priority are kept in the store's queue, the waiting bonus is added for
//! the moment asked, so a page costs what it shows.

use super::person::Analysis;
use crate::EngineError;
use rapport_core::ladder::{Label, Stage};
use rapport_core::priority::{self, Targets};
use rapport_core::signals::Signals;
use rapport_core::Said;
use rapport_core::{InteractionId, Kind, PersonId, Timestamp};
use rapport_store::team::InboxStateRow;
use rapport_store::views::{QueueFilter, QueueItem};
use rapport_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
    #[serde(serialize_with = "rapport_core::said::english_all")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub reasons: Vec<Said>,
    /// Its answer target in minutes (the profile's `answer_targets`: the
    /// short one for true fans, evangelists, influencers and detractors'
    /// complaints).
    pub target_minutes: i64,
    /// When the target passes.
    pub due_at: Timestamp,
    /// Whether it has passed.
    pub past_target: bool,
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

/// The reasons, priority and waiting minutes of a queued message at `now`.
fn reasons(q: &QueueItem, now: i64, targets: Targets) -> (i64, i64, Vec<Said>) {
    let s = q.interaction.signals;
    let mut reasons = Vec::new();
    if s.complaint() {
        reasons.push(Said::Complaint);
    } else if s.question() {
        reasons.push(Said::Question);
    }
    for (label, _) in priority::LABEL_WEIGHTS {
        if q.labels.contains(&label) {
            reasons.push(Said::Label { label });
        }
    }
    let waiting = priority::waiting_minutes(q.interaction.at, now);
    reasons.push(priority::target_words(
        q.interaction.at,
        now,
        targets.secs(q.vip),
    ));
    if s.generic() {
        reasons.push(Said::StockPhrase);
    }
    (q.rank + priority::waiting_bonus(waiting), waiting, reasons)
}

/// The inbox item of a queued message at `now`, with the team's state.
pub fn item(q: QueueItem, state: Option<&InboxStateRow>, now: i64, targets: Targets) -> InboxItem {
    let (priority, waiting_minutes, reasons) = reasons(&q, now, targets);
    let target = targets.secs(q.vip);
    let due_at = q.interaction.at + target;
    let i = q.interaction;
    InboxItem {
        target_minutes: target / 60,
        due_at: Timestamp(due_at),
        past_target: due_at < now,
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

/// Paging and filters for the inbox. Filters combine (AND); a list
/// (comma-separated) lets any of its values through.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InboxQuery {
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
    /// Only items assigned to this email (`me` for the caller).
    pub assigned: Option<String>,
    /// Only these channels (`instagram,x`).
    pub channel: Option<String>,
    /// Only this language as the analyzer read it (`de`).
    pub language: Option<String>,
    /// Only these kinds of words: `question`, `complaint`, `praise`,
    /// `recommendation`, `stock` (a stock phrase).
    pub intent: Option<String>,
    /// Only authors at this stage (`fan`).
    pub stage: Option<String>,
    /// Only authors with one of these labels (`true_fan,detractor`).
    pub label: Option<String>,
    /// Only messages written after this moment (RFC 3339), or
    /// `last_visit`: since the caller's visit to the inbox before this one.
    pub since: Option<String>,
    /// Only messages past their answer target.
    pub over_target: Option<bool>,
    /// Stock phrases: `include` them among the items (the default),
    /// `fold` them into one group per post (`stock_groups`), or `only`.
    pub stock: Option<String>,
    /// Only messages under this post.
    pub post: Option<String>,
}

/// The open stock phrases under one post, folded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StockGroup {
    /// The channel.
    pub channel: String,
    /// The post they answer (null: outside any post).
    pub post_id: Option<String>,
    /// How many are open.
    pub count: u64,
    /// The oldest one's moment.
    pub first_at: Timestamp,
    /// Up to three of them, oldest first.
    pub sample: Vec<String>,
}

/// One page of the inbox, most urgent first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPage {
    /// The items.
    pub items: Vec<InboxItem>,
    /// Items matching the filters in all (those the team closed left out).
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
    /// With `stock=fold`: the stock phrases left out of `items`, one group
    /// per post, the largest first.
    pub stock_groups: Vec<StockGroup>,
}

/// How stock phrases are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stock {
    /// Among the other items.
    #[default]
    Include,
    /// Left out, counted per post.
    Fold,
    /// Nothing else.
    Only,
}

/// An inbox query checked: the store's filter, paging and how stock
/// phrases are shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wanted {
    /// What the store lets through.
    pub filter: QueueFilter,
    /// How stock phrases are listed.
    pub stock: Stock,
    /// Skip this many.
    pub offset: u64,
    /// At most this many.
    pub limit: u64,
}

impl InboxQuery {
    /// The query checked, with `me` as `caller`, `last_visit` as
    /// `last_visit`, and the answer targets of the profile. A value that
    /// cannot be one is a bad-input error naming the parameter.
    pub fn parse(
        &self,
        caller: Option<&str>,
        last_visit: Option<i64>,
        targets: Targets,
    ) -> Result<Wanted, EngineError> {
        let list = |raw: &Option<String>| -> Vec<String> {
            raw.as_deref()
                .unwrap_or("")
                .split(',')
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect()
        };
        let mut f = QueueFilter {
            assigned: self
                .assigned
                .clone()
                .filter(|a| !a.trim().is_empty())
                .map(|a| match (a.as_str(), caller) {
                    ("me", Some(c)) => c.to_string(),
                    _ => a,
                }),
            channels: list(&self.channel),
            language: list(&self.language).into_iter().next(),
            post: self.post.clone().filter(|p| !p.is_empty()),
            ..QueueFilter::default()
        };
        for intent in list(&self.intent) {
            f.signals_any |= match intent.as_str() {
                "question" => Signals::QUESTION,
                "complaint" => Signals::COMPLAINT,
                "praise" => Signals::PRAISE,
                "recommendation" => Signals::RECOMMENDATION,
                "stock" => Signals::GENERIC,
                other => {
                    return Err(EngineError::bad(format!(
                        "intent {other:?}: expected question, complaint, praise, recommendation or stock"
                    )))
                }
            };
        }
        if let Some(stage) = list(&self.stage).first() {
            let s = Stage::parse(stage).ok_or_else(|| {
                EngineError::bad(format!(
                    "stage {stage:?}: expected stranger, follower, engaged, customer, fan or true_fan"
                ))
            })?;
            f.stage = Some(s.rank());
        }
        for label in list(&self.label) {
            let l = Label::parse(&label).ok_or_else(|| {
                EngineError::bad(format!(
                    "label {label:?}: expected true_fan, evangelist, influencer, detractor or box_ticker"
                ))
            })?;
            f.labels |= l.bit();
        }
        f.since = match self.since.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("last_visit") => Some(last_visit.unwrap_or(i64::MIN)),
            Some(raw) => Some(crate::engine::parse_time("since", raw)?),
        };
        if self.over_target == Some(true) {
            f.past_target = Some((targets.secs(true), targets.secs(false)));
        }
        let stock = match self.stock.as_deref().map(str::trim) {
            None | Some("") | Some("include") => Stock::Include,
            Some("fold") => Stock::Fold,
            Some("only") => Stock::Only,
            Some(other) => {
                return Err(EngineError::bad(format!(
                    "stock {other:?}: expected include, fold or only"
                )))
            }
        };
        match stock {
            Stock::Include => {}
            Stock::Fold => f.signals_none |= Signals::GENERIC,
            Stock::Only => f.signals_any = Signals::GENERIC,
        }
        Ok(Wanted {
            filter: f,
            stock,
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
        })
    }
}

/// A page of the open inbox at `now`.
pub fn page(
    store: &dyn Store,
    now: i64,
    wanted: &Wanted,
    targets: Targets,
) -> Result<InboxPage, EngineError> {
    let page = store.queue_page(now, &wanted.filter, wanted.offset, wanted.limit)?;
    let items = with_states(page.items, now, targets);
    let stock_groups = if wanted.stock == Stock::Fold {
        let mut f = wanted.filter.clone();
        f.signals_none &= !Signals::GENERIC;
        let groups = store.stock_groups(now, &f)?;
        // Every group's samples in one read: a big shop has hundreds of
        // posts with stock phrases under them.
        let ids: Vec<InteractionId> = groups.iter().flat_map(|g| g.sample.clone()).collect();
        let mut texts: HashMap<InteractionId, String> = store
            .queue_items(&ids)?
            .into_iter()
            .map(|q| (q.interaction.id, q.interaction.text))
            .collect();
        groups
            .into_iter()
            .map(|g| StockGroup {
                sample: g.sample.iter().filter_map(|id| texts.remove(id)).collect(),
                channel: g.channel,
                post_id: g.post,
                count: g.count,
                first_at: Timestamp(g.first_at),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(InboxPage {
        items,
        total: page.total,
        limit: wanted.limit,
        offset: wanted.offset,
        stock_groups,
    })
}

/// Inbox items of queued messages with the team's states.
fn with_states(queued: Vec<QueueItem>, now: i64, targets: Targets) -> Vec<InboxItem> {
    queued
        .into_iter()
        .map(|mut q| {
            let state = q.state.take();
            item(q, state.as_ref(), now, targets)
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
    targets: Targets,
) -> Result<Option<InboxItem>, EngineError> {
    if let Some(queued) = with_states(store.queue_items(&[id])?, now, targets).pop() {
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
    let labels = &brief.assessment.labels;
    let fast = priority::fast(
        priority::vip(labels).is_some(),
        labels.contains(&Label::Detractor),
        priority::base(m.signals),
    );
    let target = targets.secs(fast);
    let mut item = InboxItem {
        id: m.id,
        channel: m.channel.clone(),
        external_id: m.external_id.clone(),
        kind: m.kind,
        text: m.text.clone(),
        created_at: Timestamp(m.at),
        waiting_minutes: 0,
        priority: 0,
        target_minutes: target / 60,
        due_at: Timestamp(m.at + target),
        past_target: m.at + target < answered,
        reasons: vec![Said::AnsweredAfter {
            waited: waited * 60,
        }],
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

/// One thing the team did with an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    /// When.
    pub at: Timestamp,
    /// Who (a user's email).
    pub actor: String,
    /// What: `reply (sent)`, `handled`, `assign ana@…`, `unassign`,
    /// `snooze until …`, `note`, `reopen`, or a decision about its alert
    /// (`alert done`, `alert snoozed`, `alert dismissed`).
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub what: Said,
}

/// What the team did with item `id`, oldest first, from the audit log.
pub fn history(store: &dyn Store, id: InteractionId) -> Result<Vec<HistoryEntry>, EngineError> {
    let mut out: Vec<(i64, HistoryEntry)> = Vec::new();
    for (target, alert) in [
        (format!("interaction:{}", id.0), false),
        (format!("alert:unanswered:{}", id.0), true),
    ] {
        for row in store.audit_about(&target)? {
            out.push((
                row.id,
                HistoryEntry {
                    at: row.at,
                    actor: row.actor,
                    what: Said::parse_audit(alert, &row.detail),
                },
            ));
        }
    }
    // The log's order is the order things happened.
    out.sort_by_key(|e| e.0);
    Ok(out.into_iter().map(|e| e.1).collect())
}
