//! `GET /api/cohorts`, `POST /api/cohorts/plan` and `GET /api/influencers`:
//! who to cultivate and who has reach.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_engine::views::cohorts::{CohortPlan, Cohorts, PlanQuery};
use rapport_engine::views::influencers::{Influencers, InfluencersQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(cohorts))
        .routes(routes!(plan))
        .routes(routes!(mark))
        .routes(routes!(influencers))
}

/// The largest cohort that can be planned at once.
pub const MAX_SIZE: usize = 50;

/// Every cohort with its members' progress, as `rapport cohort show --json`.
#[utoipa::path(get, path = "/api/cohorts", tag = "cohorts",
    responses((status = 200, body = Cohorts), (status = 401, body = ErrorBody)))]
async fn cohorts(State(state): State<AppState>) -> Result<Json<Cohorts>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.cohorts()?))
        .await
        .map(Json)
}

/// Plans the next people to cultivate (or returns the open cohort while it
/// holds enough), as `rapport cohort plan --json`. Writers only.
#[utoipa::path(post, path = "/api/cohorts/plan", tag = "cohorts", params(PlanQuery),
    responses((status = 200, body = CohortPlan), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn plan(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> Result<Json<CohortPlan>, ApiError> {
    plan_size(&state, q.size.unwrap_or(5)).await.map(Json)
}

/// Marks what happened with a member (shared with the dashboard); 404
/// when they are not a member of that cohort.
pub(crate) async fn mark_member(
    state: &AppState,
    user: &CurrentUser,
    cohort: i64,
    person: String,
    mark: String,
) -> Result<(), ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    let p = person.clone();
    let marked =
        blocking(move || Ok::<_, ApiError>(engine.mark_cohort_member(cohort, &p, &mark, &actor)?))
            .await?;
    if marked {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            code: "cohort_member_not_found",
            message: format!("{person:?} is not a member of cohort {cohort}"),
        })
    }
}

/// Marks what happened with a cohort member outside Rapport (a call, a
/// chat in the shop): `contacted`, `replied`, `moved_up` or `given_up`.
/// Timestamps already seen are kept and progress only moves forward; a
/// member given up on no longer holds the cohort open. Writers only.
#[utoipa::path(post, path = "/api/cohorts/{id}/members/{person}/{mark}", tag = "cohorts",
    params(("id" = i64, Path, description = "Cohort id"),
        ("person" = String, Path, description = "The member: id, channel:handle, handle or email"),
        ("mark" = String, Path, description = "contacted, replied, moved_up or given_up")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn mark(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path((id, person, mark)): axum::extract::Path<(String, String, String)>,
) -> Result<axum::http::StatusCode, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{id:?} is not a cohort id")))?;
    mark_member(&state, &user, id, person, mark).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Plans a cohort of `size` (shared with the dashboard).
pub(crate) async fn plan_size(state: &AppState, size: usize) -> Result<CohortPlan, ApiError> {
    if size == 0 || size > MAX_SIZE {
        return Err(ApiError::BadRequest(format!(
            "size must be between 1 and {MAX_SIZE}"
        )));
    }
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.plan_cohort(size)?)).await
}

/// People labelled influencer with fit (reach × alignment), reach,
/// alignment, why they fit and the mismatch warning, best fit first (or
/// by `sort`).
#[utoipa::path(get, path = "/api/influencers", tag = "people", params(InfluencersQuery),
    responses((status = 200, body = Influencers), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn influencers(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<InfluencersQuery>,
) -> Result<Json<Influencers>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.influencers(&q)?))
        .await
        .map(Json)
}
