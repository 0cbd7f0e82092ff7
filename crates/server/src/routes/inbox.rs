//! `/api/inbox`: unanswered messages, most urgent first, and what the team
//! does with them. Recording a reply, marking an item handled or snoozing
//! it takes it out of the queue; assigning it and leaving notes do not.

use super::{ApiJson, ApiQuery};
use crate::auth::CurrentUser;
use crate::model::{AssignRequest, ErrorBody, NoteRequest, ReplyRequest, SnoozeRequest};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::{InteractionId, Timestamp};
use rapport_engine::views::inbox::{HistoryEntry, InboxItem, InboxPage, InboxQuery};
use rapport_engine::{FilledReply, Replied};
use rapport_store::InboxAction;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(reply))
        .routes(routes!(saved_replies))
        .routes(routes!(handled))
        .routes(routes!(assign))
        .routes(routes!(snooze))
        .routes(routes!(notes))
        .routes(routes!(reopen))
        .routes(routes!(history))
}

/// Brings a handled or snoozed item back to the queue.
#[utoipa::path(post, path = "/api/inbox/{id}/reopen", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<InboxItem>, ApiError> {
    act(&state, &user, parse_id(&id)?, InboxAction::Reopen)
        .await
        .map(Json)
}

/// What the team did with an item (replied, handled, assigned, snoozed,
/// noted, reopened, decided about its alert), by whom and when, oldest
/// first.
#[utoipa::path(get, path = "/api/inbox/{id}/history", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 400, body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    item_history(&state, parse_id(&id)?).await.map(Json)
}

/// The history of item `id` (shared with the dashboard).
pub(crate) async fn item_history(state: &AppState, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.inbox_history(InteractionId(id))?)).await
}

/// A page of the open queue as `q` asks, `assigned=me` meaning `user`
/// (shared with the dashboard).
pub(crate) async fn queue(
    state: &AppState,
    user: &CurrentUser,
    q: InboxQuery,
) -> Result<InboxPage, ApiError> {
    let engine = state.engine.clone();
    let me = user.user.email.clone();
    let id = user.user.id;
    blocking(move || {
        let last = match q.since.as_deref() {
            Some("last_visit") => engine.store().last_visit(id)?,
            _ => None,
        };
        Ok::<_, ApiError>(engine.inbox(&q, Some(&me), last)?)
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
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.inbox_item(InteractionId(id))?))
        .await?
        .ok_or_else(|| not_found(id))
}

/// Records `action` on item `id` by `user` and returns the item.
pub(crate) async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    action: InboxAction,
) -> Result<InboxItem, ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.act(InteractionId(id), action, &actor)?))
        .await?
        .ok_or_else(|| not_found(id))
}

/// Unanswered inbound interactions still in the queue, most urgent first.
#[utoipa::path(get, path = "/api/inbox", tag = "inbox", params(InboxQuery),
    responses((status = 200, body = InboxPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    queue(&state, &user, q).await.map(Json)
}

/// One unanswered interaction with the team's state (also when it has
/// left the queue).
#[utoipa::path(get, path = "/api/inbox/{id}", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<InboxItem>, ApiError> {
    item(&state, parse_id(&id)?).await.map(Json)
}

/// Replies as the shop: the reply is stored as the shop's message at once
/// (the item is answered and leaves the queue), and goes out on the
/// message's channel when that channel is connected — else it is recorded
/// as posted by the team. An `Idempotency-Key` header makes a repeated
/// request the same reply.
#[utoipa::path(post, path = "/api/inbox/{id}/reply", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 128 visible ASCII characters; the same key is the same reply")),
    request_body = ReplyRequest,
    responses((status = 200, body = Replied), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<ReplyRequest>,
) -> Result<Json<Replied>, ApiError> {
    let key = match headers.get("idempotency-key") {
        Some(v) => Some(
            v.to_str()
                .map_err(|_| ApiError::BadRequest("Idempotency-Key must be ASCII".into()))?
                .to_string(),
        ),
        None => None,
    };
    send_reply(&state, &user, parse_id(&id)?, body.text, key)
        .await
        .map(Json)
}

/// Writes `user`'s reply to message `id` (shared with the dashboard).
pub(crate) async fn send_reply(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    text: String,
    key: Option<String>,
) -> Result<Replied, ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || {
        Ok::<_, ApiError>(engine.reply(InteractionId(id), &text, &actor, key.as_deref())?)
    })
    .await?
    .ok_or_else(|| ApiError::NotFound {
        code: "interaction_not_found",
        message: format!("no interaction #{id}"),
    })
}

/// The saved replies for the item, in its language, with the person's
/// name and product or topic filled in: pick one, edit it, send it.
#[utoipa::path(get, path = "/api/inbox/{id}/replies", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = Vec<FilledReply>), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn saved_replies(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<FilledReply>>, ApiError> {
    filled(&state, parse_id(&id)?).await.map(Json)
}

/// The saved replies for item `id` (shared with the dashboard).
pub(crate) async fn filled(state: &AppState, id: i64) -> Result<Vec<FilledReply>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.saved_replies(InteractionId(id))?))
        .await?
        .ok_or_else(|| not_found(id))
}

/// Marks the item handled without a reply; it leaves the queue.
#[utoipa::path(post, path = "/api/inbox/{id}/handled", tag = "inbox",
    params(("id" = i64, Path, description = "Interaction id")),
    responses((status = 200, body = InboxItem), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
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
        (None, Some(m)) if m > 0 && m <= 10 * 365 * 24 * 60 => now + m * 60,
        _ => {
            return Err(ApiError::BadRequest(
                "give `until` (RFC 3339) or a positive number of `minutes` (at most ten years)"
                    .into(),
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
