//! `GET /api/report`: meaningful metrics beside vanity metrics.

use super::ApiQuery;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_engine::views::report::{FullReport, ReportQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

/// The report, as `rapport report --json` prints it.
#[utoipa::path(get, path = "/api/report", tag = "report", params(ReportQuery),
    responses((status = 200, body = FullReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<FullReport>, ApiError> {
    let engine = state.engine.clone();
    let since = q.since.unwrap_or_else(|| "all".to_string());
    blocking(move || Ok::<_, ApiError>(engine.report(&since)?))
        .await
        .map(Json)
}
