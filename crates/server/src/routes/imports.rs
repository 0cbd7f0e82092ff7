//! `POST /api/imports?format=FORMAT`: a file in the request body, imported
//! exactly as `rapport import FORMAT` would; `GET /api/imports`: the
//! imports this server process ran.
//!
//! The store keeps what was imported, not a journal of imports, so the
//! list of recent imports lives in the server's memory ([`RecentImports`]):
//! it holds the last [`KEPT`] and starts empty at every start.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::{ErrorBody, ImportLog, ImportQuery, ImportRecord};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::Json;
use rapport_core::Timestamp;
use rapport_engine::import::Summary;
use rapport_engine::Engine;
use std::collections::VecDeque;
use std::sync::Mutex;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router(max_bytes: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import, recent))
        .layer(DefaultBodyLimit::max(max_bytes))
}

/// How many recent imports are kept.
pub const KEPT: usize = 20;

/// The last [`KEPT`] imports of this process, newest first.
#[derive(Default)]
pub struct RecentImports {
    inner: Mutex<VecDeque<ImportRecord>>,
}

impl RecentImports {
    fn push(&self, record: ImportRecord) {
        let mut q = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        q.push_front(record);
        q.truncate(KEPT);
    }

    /// The kept imports, newest first.
    pub fn list(&self) -> Vec<ImportRecord> {
        let q = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        q.iter().cloned().collect()
    }
}

/// Imports `body` in `format` as `user` and remembers it; shared with
/// the dashboard's upload form.
pub(crate) async fn run(
    state: &AppState,
    user: &CurrentUser,
    format: String,
    file: String,
    via: &str,
    body: Bytes,
) -> Result<ImportRecord, ApiError> {
    let engine = state.engine.clone();
    let f = Engine::format(&format)?;
    let summary = blocking(move || {
        Ok::<_, ApiError>(engine.import(f, "body", Box::new(std::io::Cursor::new(body)))?)
    })
    .await?;
    tracing::info!(target: "server::imports", imported = summary.imported, rejected = summary.rejected,
        by = %user.user.email, via, "import over HTTP");
    let record = ImportRecord {
        at: Timestamp(now()).to_rfc3339(),
        by: user.user.email.clone(),
        format,
        file,
        via: via.to_string(),
        summary,
    };
    state.imports.push(record.clone());
    Ok(record)
}

/// Imports the body. Valid records are stored even when others are
/// rejected; the answer lists the rejections with their lines.
#[utoipa::path(post, path = "/api/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "The file, e.g. JSON Lines or CSV", content_type = "application/octet-stream"),
    responses((status = 200, body = Summary), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Summary>, ApiError> {
    let limit = state.config.max_import_bytes;
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => ApiError::TooLarge(limit),
        other => ApiError::BadRequest(other.body_text()),
    })?;
    run(&state, &user, q.format, "body".to_string(), "api", body)
        .await
        .map(|r| Json(r.summary))
}

/// The imports this server process ran (API and dashboard), newest first;
/// kept in memory, so the list starts empty at every start.
#[utoipa::path(get, path = "/api/imports", tag = "imports",
    responses((status = 200, body = ImportLog), (status = 401, body = ErrorBody)))]
async fn recent(State(state): State<AppState>) -> Json<ImportLog> {
    Json(ImportLog {
        items: state.imports.list(),
        kept_in: "memory".to_string(),
    })
}
