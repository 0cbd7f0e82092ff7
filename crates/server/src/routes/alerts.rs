//! `GET /api/alerts`: alerts and follow-up tasks for humans, as
//! `rapport tasks --json` lists them, without what the team already
//! closed (a recorded reply, "handled", a snooze still running).

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use rapport_engine::views::alerts::{AlertPage, AlertsQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(moment_done))
}

/// Marks moment `id` done by `user` (shared with the dashboard).
pub(crate) async fn done(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    if blocking(move || Ok::<_, ApiError>(engine.moment_done(id, &actor)?)).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            code: "moment_not_found",
            message: format!("no open moment {id}"),
        })
    }
}

/// Marks a moment alert (a follow-up, a question about a purchase, a
/// repeat complaint, a detractor in public, an influencer's mention) done;
/// its `moment` field names it. The others close by what happens (an
/// answer, the ladder).
#[utoipa::path(post, path = "/api/alerts/moments/{id}/done", tag = "alerts",
    params(("id" = i64, Path, description = "The alert's `moment`")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn moment_done(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::BadRequest(format!("{id:?} is not a moment id")))?;
    done(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A page of the open alerts as `q` asks (shared with the dashboard).
pub(crate) async fn open(state: &AppState, q: AlertsQuery) -> Result<AlertPage, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.alerts(&q)?)).await
}

/// How many open alerts are overdue (the dashboard's badge).
pub(crate) async fn overdue(state: &AppState) -> Result<u64, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.overdue_alerts()?)).await
}

/// Alerts: unanswered questions and complaints (due 1 h after arrival for
/// true fans, evangelists and influencers, 24 h for others), new
/// detractors, fans slipping down the ladder, influencers whose audience
/// is about something else, and the moments found in what people write
/// (a question about something they bought, a second complaint within
/// 30 days, a detractor in public, an aligned influencer's mention, a
/// follow-up the day after an answer). Overdue first, then by severity.
#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertsQuery),
    responses((status = 200, body = AlertPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<AlertPage>, ApiError> {
    open(&state, q).await.map(Json)
}
