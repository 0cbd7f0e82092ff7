//! `/api/outbox`: the messages the shop sends (replies, feedback
//! requests, reminders, digests), their states, and a person's decision
//! on one that failed or may have left (`retry`, `cancel`).

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::{InteractionId, PersonId};
use rapport_engine::OutboxPage;
use rapport_store::outbox::{OutboxFilter, OutboxRow, OutboxState};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(retry))
        .routes(routes!(cancel))
}

/// Which messages to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only this state: queued, sending, sent, failed, unsure, recorded, cancelled.
    pub state: Option<String>,
    /// Only messages for this person.
    pub person: Option<i64>,
    /// Only replies to this interaction.
    pub parent: Option<i64>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// The page `q` asks for.
pub(crate) async fn listed(state: &AppState, q: OutboxQuery) -> Result<OutboxPage, ApiError> {
    let filter = OutboxFilter {
        state: match &q.state {
            Some(s) => Some(OutboxState::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "state {s:?}: expected queued, sending, sent, failed, unsure, recorded or cancelled"
                ))
            })?),
            None => None,
        },
        person: q.person.map(PersonId),
        parent: q.parent.map(InteractionId),
    };
    let engine = state.engine.clone();
    blocking(move || {
        Ok::<_, ApiError>(engine.outbox(&filter, q.offset.unwrap_or(0), q.limit.unwrap_or(50))?)
    })
    .await
}

/// Outgoing messages, newest first, with the connected channels.
#[utoipa::path(get, path = "/api/outbox", tag = "outbox", params(OutboxQuery),
    responses((status = 200, body = OutboxPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<OutboxQuery>,
) -> Result<Json<OutboxPage>, ApiError> {
    listed(&state, q).await.map(Json)
}

async fn decide(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    send: bool,
) -> Result<OutboxRow, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{id:?} is not a message id")))?;
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.decide_outbox(id, send, &actor)?))
        .await?
        .ok_or_else(|| ApiError::NotFound {
            code: "outbox_message_not_found",
            message: format!("no outbox message {id}"),
        })
}

/// Sends a failed or unsure message again (queued now).
#[utoipa::path(post, path = "/api/outbox/{id}/retry", tag = "outbox",
    params(("id" = i64, Path, description = "Outbox message id")),
    responses((status = 200, body = OutboxRow), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn retry(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<OutboxRow>, ApiError> {
    decide(&state, &user, &id, true).await.map(Json)
}

/// Never sends a queued, failed or unsure message.
#[utoipa::path(post, path = "/api/outbox/{id}/cancel", tag = "outbox",
    params(("id" = i64, Path, description = "Outbox message id")),
    responses((status = 200, body = OutboxRow), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<OutboxRow>, ApiError> {
    decide(&state, &user, &id, false).await.map(Json)
}
