//! `/api/people`, `/api/people/{key}`, `/api/people/{key}/interactions`,
//! `/api/ladder` and `/api/ladder/weekly`.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::replay::StageWeek;
use rapport_core::PersonId;
use rapport_engine::views::people::{Ladder, PeoplePage, PeopleQuery};
use rapport_engine::views::person::{PersonView, TimelineEntry};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(interactions))
        .routes(routes!(ladder))
        .routes(routes!(ladder_weekly))
}

/// A page of people as `q` asks (shared with the dashboard).
pub(crate) async fn page(state: &AppState, q: PeopleQuery) -> Result<PeoplePage, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.people(&q)?)).await
}

/// Looks a person up by id, `channel:handle`, handle or email.
pub(crate) async fn find(state: &AppState, key: String) -> Result<PersonView, ApiError> {
    let engine = state.engine.clone();
    let k = key.clone();
    blocking(move || Ok::<_, ApiError>(engine.person(&k)?))
        .await?
        .ok_or_else(|| ApiError::NotFound {
            code: "person_not_found",
            message: format!(
                "no person matches {key:?} (try an id, channel:handle, handle or email)"
            ),
        })
}

/// People on the ladder, filtered by stage and label, sorted and paged.
#[utoipa::path(get, path = "/api/people", tag = "people", params(PeopleQuery),
    responses((status = 200, body = PeoplePage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Json<PeoplePage>, ApiError> {
    page(&state, q).await.map(Json)
}

/// One person's 360° view: identities and why they were linked, stage,
/// labels, scores with evidence, interests, orders, timeline, stage history.
#[utoipa::path(get, path = "/api/people/{key}", tag = "people",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, body = PersonView), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Json<PersonView>, ApiError> {
    let p = find(&state, key).await?;
    viewed(&state, &user, p.id, "GET /api/people").await?;
    Ok(Json(p))
}

/// Writes to the audit log that `user` viewed person `id` (`how`: where).
pub(crate) async fn viewed(
    state: &AppState,
    user: &CurrentUser,
    id: PersonId,
    how: &'static str,
) -> Result<(), ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.viewed(id, &actor, how)?)).await
}

/// A person's interactions and the shop's replies to them, oldest first.
#[utoipa::path(get, path = "/api/people/{key}/interactions", tag = "people",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, body = Vec<TimelineEntry>), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn interactions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Json<Vec<TimelineEntry>>, ApiError> {
    let p = find(&state, key).await?;
    viewed(&state, &user, p.id, "GET /api/people/{key}/interactions").await?;
    Ok(Json(p.history))
}

/// How many people stand on each rung, and with which labels.
#[utoipa::path(get, path = "/api/ladder", tag = "people",
    responses((status = 200, body = Ladder), (status = 401, body = ErrorBody)))]
async fn ladder(State(state): State<AppState>) -> Result<Json<Ladder>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.ladder()?))
        .await
        .map(Json)
}

/// People per stage at the end of every week, from the replays kept with
/// the verdicts: how the ladder moved over time.
#[utoipa::path(get, path = "/api/ladder/weekly", tag = "people",
    responses((status = 200, body = Vec<StageWeek>), (status = 401, body = ErrorBody)))]
async fn ladder_weekly(State(state): State<AppState>) -> Result<Json<Vec<StageWeek>>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.ladder_weekly()?))
        .await
        .map(Json)
}
