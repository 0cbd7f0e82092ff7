//! `POST /api/imports?format=FORMAT`: a file in the request body, imported
//! exactly as `rapport import FORMAT` would.

use super::ApiQuery;
use crate::model::{ErrorBody, ImportQuery, ImportSummary};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router(max_bytes: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(max_bytes))
}

/// Imports the body. Valid records are stored even when others are
/// rejected; the answer lists the rejections with their lines.
#[utoipa::path(post, path = "/api/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "The file, e.g. JSON Lines or CSV", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportSummary), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn import(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportSummary>, ApiError> {
    let limit = state.config.max_import_bytes;
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => ApiError::TooLarge(limit),
        other => ApiError::BadRequest(other.body_text()),
    })?;
    let engine = state.engine.clone();
    let summary = blocking(move || Ok::<_, ApiError>(engine.import(&q.format, &body)?)).await?;
    tracing::info!(target: "server::imports", imported = summary.imported, rejected = summary.rejected, "import over HTTP");
    Ok(Json(summary))
}
