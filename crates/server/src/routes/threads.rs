//! `GET /api/threads` and `GET /api/threads/{root}`: conversations, the
//! most recently active first, and one conversation's messages in order.

use super::ApiQuery;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_engine::views::threads::{ThreadView, ThreadsPage, ThreadsQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

/// A page of threads as `q` asks (shared with the dashboard).
pub(crate) async fn page(state: &AppState, q: ThreadsQuery) -> Result<ThreadsPage, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.threads(&q)?)).await
}

/// One thread by `CHANNEL:ROOT` or the id of a message in it.
pub(crate) async fn find(state: &AppState, key: String) -> Result<ThreadView, ApiError> {
    let engine = state.engine.clone();
    let k = key.clone();
    blocking(move || Ok::<_, ApiError>(engine.thread(&k)?))
        .await?
        .ok_or_else(|| ApiError::NotFound {
            code: "thread_not_found",
            message: format!(
                "no conversation {key:?} (try CHANNEL:ROOT as GET /api/threads lists it, or a message id)"
            ),
        })
}

/// Conversations with people's words in them, latest activity first;
/// filter by channel and by whether every inbound message was answered.
#[utoipa::path(get, path = "/api/threads", tag = "threads", params(ThreadsQuery),
    responses((status = 200, body = ThreadsPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ThreadsQuery>,
) -> Result<Json<ThreadsPage>, ApiError> {
    page(&state, q).await.map(Json)
}

/// One conversation: its messages in order, each with its author (person
/// id, name, handle), time, whether the shop wrote it, whether it was
/// answered, and what the analyzer read.
#[utoipa::path(get, path = "/api/threads/{root}", tag = "threads",
    params(("root" = String, Path, description = "CHANNEL:ROOT (the `key` in the list), or the id of any message in the thread")),
    responses((status = 200, body = ThreadView), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    Path(root): Path<String>,
) -> Result<Json<ThreadView>, ApiError> {
    find(&state, root).await.map(Json)
}
