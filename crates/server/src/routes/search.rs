//! `/api/search`: people and messages by their words.

use super::ApiQuery;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_engine::views::search::{SearchQuery, SearchResults};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

/// Runs a search (shared with the dashboard).
pub(crate) async fn run(state: &AppState, q: SearchQuery) -> Result<SearchResults, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.search(&q)?)).await
}

/// People (by name, handle, display name or email) and messages (by their
/// words) matching every word of `q` — any three characters in a row, in
/// any script; case and Latin accents do not matter.
#[utoipa::path(get, path = "/api/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, ApiError> {
    run(&state, q).await.map(Json)
}
