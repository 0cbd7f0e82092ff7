//! `/api/inbox`: unanswered messages, most urgent first, and what the team
//! does with them. Recording a reply, marking an item handled or snoozing
//! it takes it out of the queue; assigning it and leaving notes do not.

use super::{ApiJson, ApiQuery};
use crate::auth::CurrentUser;
use crate::model::{
    AssignRequest, ErrorBody, InboxItem, InboxPage, InboxQuery, ItemState, Note, NoteRequest,
    ReplyRequest, SnoozeRequest,
};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::{InteractionId, Timestamp};
use rapport_store::{InboxAction, InboxStateRow};
use std::collections::HashMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(reply))
        .routes(routes!(handled))
        .routes(routes!(assign))
        .routes(routes!(snooze))
        .routes(routes!(notes))
}

/// Longest reply or note accepted, in characters.
const MAX_TEXT: usize = 20_000;

fn rfc3339(t: i64) -> String {
    Timestamp(t).to_rfc3339()
}

fn item_state(s: &InboxStateRow, now: i64) -> ItemState {
    ItemState {
        reply_text: s.reply_text.clone(),
        replied_at: s.replied_at.map(rfc3339),
        replied_by: s.replied_by.clone(),
        handled_at: s.handled_at.map(rfc3339),
        handled_by: s.handled_by.clone(),
        assigned_to: s.assigned_to.clone(),
        snoozed_until: s.snoozed_until.map(rfc3339),
        notes: s
            .notes
            .iter()
            .map(|n| Note {
                author: n.author.clone(),
                text: n.text.clone(),
                created_at: rfc3339(n.created_at),
            })
            .collect(),
        closed: s.is_closed(now),
    }
}

/// One page of the open queue and its size.
pub(crate) struct Queue {
    /// The page, most urgent first, each item with the team's state.
    pub items: Vec<InboxItem>,
    /// Open items in all (matching the filter).
    pub total: usize,
}

/// A page of the open queue: `offset` and `limit` over the items still in
/// it, optionally only those assigned to `assigned`. The team's states
/// (one per item someone acted on) are read and placed in the queue by
/// position; the queue itself is not walked, so a page costs the states
/// plus the page however long the queue.
pub(crate) async fn queue(
    state: &AppState,
    assigned: Option<String>,
    offset: usize,
    limit: usize,
) -> Result<Queue, ApiError> {
    let (engine, store) = (state.engine.clone(), state.store.clone());
    blocking(move || {
        let inbox = engine.inbox()?;
        let states: HashMap<i64, InboxStateRow> = store
            .inbox_states()?
            .into_iter()
            .map(|s| (s.interaction.0, s))
            .collect();
        let now = now();
        let (total, page) = match assigned.as_deref() {
            None => {
                let mut closed: Vec<usize> = states
                    .values()
                    .filter(|s| s.is_closed(now))
                    .filter_map(|s| inbox.position(s.interaction.0))
                    .collect();
                closed.sort_unstable();
                let total = inbox.len() - closed.len();
                (total, inbox.open_page(&closed, offset, limit))
            }
            Some(who) => {
                let mut mine: Vec<usize> = states
                    .values()
                    .filter(|s| {
                        !s.is_closed(now)
                            && s.assigned_to
                                .as_deref()
                                .is_some_and(|a| a.eq_ignore_ascii_case(who))
                    })
                    .filter_map(|s| inbox.position(s.interaction.0))
                    .collect();
                mine.sort_unstable();
                let page = mine.iter().skip(offset).take(limit).copied().collect();
                (mine.len(), page)
            }
        };
        let items = page
            .into_iter()
            .map(|n| {
                let mut item = inbox.items()[n].clone();
                item.state = states.get(&item.id).map(|s| item_state(s, now));
                item
            })
            .collect();
        Ok(Queue { items, total })
    })
    .await
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound {
        code: "inbox_item_not_found",
        message: format!("no unanswered interaction #{id}"),
    }
}

fn parse_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::BadRequest(format!("{raw:?} is not an interaction id")))
}

/// One item (open or closed) with the team's state.
pub(crate) async fn item(state: &AppState, id: i64) -> Result<InboxItem, ApiError> {
    let (engine, store) = (state.engine.clone(), state.store.clone());
    blocking(move || {
        let mut item = engine
            .inbox()?
            .get(id)
            .cloned()
            .ok_or_else(|| not_found(id))?;
        item.state = store
            .inbox_state(InteractionId(id))?
            .map(|s| item_state(&s, now()));
        Ok(item)
    })
    .await
}

/// Records `action` on item `id` by `user` and returns the item.
pub(crate) async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: InboxAction,
) -> Result<InboxItem, ApiError> {
    match &action {
        InboxAction::Reply(t) | InboxAction::Note(t) if t.trim().is_empty() => {
            return Err(ApiError::BadRequest("text must not be empty".into()))
        }
        InboxAction::Reply(t) | InboxAction::Note(t) if t.chars().count() > MAX_TEXT => {
            return Err(ApiError::BadRequest(format!(
                "text is longer than {MAX_TEXT} characters"
            )))
        }
        _ => {}
    }
    let (engine, store) = (state.engine.clone(), state.store.clone());
    let actor = user.user.email.clone();
    let mut action = action;
    if let InboxAction::Assign(Some(to)) = &mut action {
        if to == "me" {
            *to = actor.clone();
        }
    }
    blocking(move || {
        let mut item = engine
            .inbox()?
            .get(id)
            .cloned()
            .ok_or_else(|| not_found(id))?;
        if let InboxAction::Assign(Some(to)) = &mut action {
            let user = store
                .user_by_email(to)?
                .ok_or_else(|| ApiError::BadRequest(format!("no user {to:?} to assign to")))?;
            *to = user.email;
        }
        let s = store.apply_inbox_action(InteractionId(id), &action, &actor, now())?;
        tracing::info!(target: "server::inbox", interaction = id, by = %actor, ?action, "inbox action");
        item.state = Some(item_state(&s, now()));
        Ok(item)
    })
    .await
}

/// Unanswered inbound interactions still in the queue, most urgent first.
#[utoipa::path(get, path = "/api/inbox", tag = "inbox", params(InboxQuery),
    responses((status = 200, body = InboxPage), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    let assigned = q.assigned.map(|who| {
        if who == "me" {
            user.user.email.clone()
        } else {
            who
        }
    });
    let limit = q.limit.unwrap_or(50).min(1000);
    let offset = q.offset.unwrap_or(0);
    let page = queue(&state, assigned, offset, limit).await?;
    Ok(Json(InboxPage {
        total: page.total,
        items: page.items,
        limit,
        offset,
    }))
}

/// One unanswered interaction with the team's state (also when it has
/// left the queue).
#[utoipa::path(get, path = "/api/inbox/{id}", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = InboxItem), (status = 404, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<InboxItem>, ApiError> {
    item(&state, parse_id(&id)?).await.map(Json)
}

/// Records the reply the team posted on the platform; the item leaves the queue.
#[utoipa::path(post, path = "/api/inbox/{id}/reply", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")), request_body = ReplyRequest,
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReplyRequest>,
) -> Result<Json<InboxItem>, ApiError> {
    act(&state, &user, parse_id(&id)?, InboxAction::Reply(body.text))
        .await
        .map(Json)
}

/// Marks the item handled without a reply; it leaves the queue.
#[utoipa::path(post, path = "/api/inbox/{id}/handled", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = InboxItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn handled(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<InboxItem>, ApiError> {
    act(&state, &user, parse_id(&id)?, InboxAction::Handled)
        .await
        .map(Json)
}

/// Assigns the item to a user (`me` for the caller) or, with null, to no one.
#[utoipa::path(post, path = "/api/inbox/{id}/assign", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")), request_body = AssignRequest,
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<Json<InboxItem>, ApiError> {
    let to = body.to.filter(|t| !t.trim().is_empty());
    act(&state, &user, parse_id(&id)?, InboxAction::Assign(to))
        .await
        .map(Json)
}

/// Turns a snooze request into a time: `until` (RFC 3339) or `minutes` from now.
pub(crate) fn snooze_until(body: &SnoozeRequest, now: i64) -> Result<i64, ApiError> {
    let until = match (&body.until, body.minutes) {
        (Some(t), _) => Timestamp::parse(t)
            .map_err(|e| ApiError::BadRequest(format!("until {t:?}: {e}")))?
            .secs(),
        (None, Some(m)) if m > 0 => now + m * 60,
        _ => {
            return Err(ApiError::BadRequest(
                "give `until` (RFC 3339) or a positive number of `minutes`".into(),
            ))
        }
    };
    if until <= now {
        return Err(ApiError::BadRequest(
            "snooze until a time in the future".into(),
        ));
    }
    Ok(until)
}

/// Hides the item until a time; it comes back to the queue then.
#[utoipa::path(post, path = "/api/inbox/{id}/snooze", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")), request_body = SnoozeRequest,
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn snooze(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SnoozeRequest>,
) -> Result<Json<InboxItem>, ApiError> {
    let until = snooze_until(&body, now())?;
    act(&state, &user, parse_id(&id)?, InboxAction::Snooze(until))
        .await
        .map(Json)
}

/// Adds a note for the team; the item stays in the queue.
#[utoipa::path(post, path = "/api/inbox/{id}/notes", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")), request_body = NoteRequest,
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn notes(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NoteRequest>,
) -> Result<Json<InboxItem>, ApiError> {
    act(&state, &user, parse_id(&id)?, InboxAction::Note(body.text))
        .await
        .map(Json)
}
