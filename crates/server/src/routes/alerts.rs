//! `GET /api/alerts`: alerts and follow-up tasks for humans, as
//! `rapport tasks --json` lists them, without what the team already
//! closed (a recorded reply, "handled", a snooze still running).

use super::ApiQuery;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_engine::views::alerts::{AlertPage, AlertsQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
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
/// is about something else. Overdue first, then by severity.
#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertsQuery),
    responses((status = 200, body = AlertPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<AlertPage>, ApiError> {
    open(&state, q).await.map(Json)
}
