//! `POST /api/imports?format=FORMAT`: a file in the request body, imported
//! exactly as `rapport import FORMAT` would; `GET /api/imports`: the
//! latest imports, by any server; `GET /api/jobs/{id}`: how a queued job
//! stands.
//!
//! An upload is queued as an `import` job (the store's job queue, see
//! `rapport_engine::jobs`) and run by whichever worker claims it: this
//! server's own, another server's or a `rapport worker`. The request
//! waits for the job up to [`crate::Config::import_wait`], polling its
//! row; done by then, it answers as an import run in the request would
//! (200 and the summary, or 400 for a file the format cannot read);
//! otherwise 202 with the job's id and where to ask about it. The list of
//! recent imports is read from the job table, so it is the same on every
//! server and survives restarts.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::{ErrorBody, ImportAccepted, ImportLog, ImportQuery, ImportRecord, JobView};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rapport_core::Timestamp;
use rapport_engine::import::Summary;
use rapport_engine::Engine;
use rapport_store::{JobRow, JobState};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router(max_bytes: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import, recent))
        .layer(DefaultBodyLimit::max(max_bytes))
        .routes(routes!(job))
}

/// How many recent imports are listed.
pub const KEPT: usize = 20;

/// What an import job is about, stored beside it for the list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct About {
    by: String,
    format: String,
    file: String,
    via: String,
}

/// Where an upload ended up.
pub(crate) enum Uploaded {
    /// Its job finished within the wait.
    Done(ImportRecord),
    /// Its job is still queued or running.
    Queued(i64),
}

/// Queues `body` as an import in `format` by `user` and waits for it a
/// while; shared with the dashboard's upload form.
pub(crate) async fn run(
    state: &AppState,
    user: &CurrentUser,
    format: String,
    file: String,
    via: &str,
    body: Bytes,
) -> Result<Uploaded, ApiError> {
    Engine::format(&format)?;
    let about = About {
        by: user.user.email.clone(),
        format: format.clone(),
        file,
        via: via.to_string(),
    };
    let engine = state.engine.clone();
    let about_json = serde_json::to_string(&about).map_err(ApiError::internal)?;
    let id = blocking(move || {
        Ok::<_, ApiError>(engine.queue_import_bytes(
            &format,
            "body",
            body.to_vec(),
            Some(about_json),
        )?)
    })
    .await?;
    tracing::info!(target: "server::imports", job = id, by = %user.user.email, via, "import queued over HTTP");
    let Some(row) = wait_for(state, id, state.config.import_wait).await? else {
        return Ok(Uploaded::Queued(id));
    };
    match row.state {
        JobState::Done => Ok(Uploaded::Done(record(&row).ok_or_else(|| {
            ApiError::internal(format!("import job {id} left no summary"))
        })?)),
        // Failed for good: the input's fault (the worker retries others).
        _ => Err(ApiError::BadRequest(
            row.outcome
                .unwrap_or_else(|| "the import failed".to_string()),
        )),
    }
}

/// Job `id` once it is done or failed for good, polling its row until
/// `wait` has passed (`None` then).
async fn wait_for(state: &AppState, id: i64, wait: Duration) -> Result<Option<JobRow>, ApiError> {
    let until = tokio::time::Instant::now() + wait;
    let mut pause = Duration::from_millis(10);
    loop {
        let engine = state.engine.clone();
        let row = blocking(move || Ok::<_, ApiError>(engine.job(id)?)).await?;
        let Some(row) = row else {
            return Err(ApiError::internal(format!("import job {id} is gone")));
        };
        if matches!(row.state, JobState::Done | JobState::Failed) {
            return Ok(Some(row));
        }
        if tokio::time::Instant::now() + pause > until {
            return Ok(None);
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(200));
    }
}

/// A finished import job as listed; `None` for one not done.
fn record(row: &JobRow) -> Option<ImportRecord> {
    if row.state != JobState::Done {
        return None;
    }
    let about: About = row
        .about
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or_default();
    let (summary, reasons) = report(row.outcome.as_deref()?)?;
    Some(ImportRecord {
        job: row.id,
        at: Timestamp(row.finished_at.unwrap_or(row.created_at)).to_rfc3339(),
        by: about.by,
        format: about.format,
        file: about.file,
        via: about.via,
        summary,
        reasons,
    })
}

/// A job's report as the API shows it, and for an import the reasons of
/// its rejections typed (kept beside the summary, see
/// [`rapport_engine::jobs::TYPED_REASONS`]; none in older reports).
pub(crate) fn report(outcome: &str) -> Option<(serde_json::Value, Vec<rapport_core::Said>)> {
    let mut summary: serde_json::Value = serde_json::from_str(outcome).ok()?;
    let typed = summary
        .as_object_mut()
        .and_then(|o| o.remove(rapport_engine::jobs::TYPED_REASONS))
        .and_then(|t| serde_json::from_value(t).ok())
        .unwrap_or_default();
    Some((summary, typed))
}

/// The latest imports done, newest first (by any server).
pub(crate) async fn latest(state: &AppState) -> Result<Vec<ImportRecord>, ApiError> {
    let engine = state.engine.clone();
    let rows = blocking(move || Ok::<_, ApiError>(engine.recent_jobs("import", KEPT)?)).await?;
    Ok(rows.iter().filter_map(record).collect())
}

/// Imports the body. Valid records are stored even when others are
/// rejected; the answer lists the rejections with their lines. The import
/// runs as a job; when it is not done within the server's wait (15 s
/// unless set otherwise) the answer is 202 with the job to ask about.
#[utoipa::path(post, path = "/api/imports", tag = "imports", params(ImportQuery),
    request_body(content = String, description = "The file, e.g. JSON Lines or CSV", content_type = "application/octet-stream"),
    responses((status = 200, body = Summary),
        (status = 202, body = ImportAccepted, description = "Queued, not done yet: ask GET /api/jobs/{id}"),
        (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ImportQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let limit = state.config.max_import_bytes;
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) => ApiError::TooLarge(limit),
        other => ApiError::BadRequest(other.body_text()),
    })?;
    Ok(
        match run(&state, &user, q.format, "body".to_string(), "api", body).await? {
            Uploaded::Done(r) => Json(r.summary).into_response(),
            Uploaded::Queued(id) => {
                let url = format!("/api/jobs/{id}");
                (
                    StatusCode::ACCEPTED,
                    [(header::LOCATION, url.clone())],
                    Json(ImportAccepted {
                        job: id,
                        state: JobState::Queued,
                        url,
                    }),
                )
                    .into_response()
            }
        },
    )
}

/// The latest imports done (API and dashboard, by any server sharing the
/// database), newest first.
#[utoipa::path(get, path = "/api/imports", tag = "imports",
    responses((status = 200, body = ImportLog), (status = 401, body = ErrorBody)))]
async fn recent(State(state): State<AppState>) -> Result<Json<ImportLog>, ApiError> {
    Ok(Json(ImportLog {
        items: latest(&state).await?,
        kept_in: "database".to_string(),
    }))
}

/// A queued job (an upload's import, a re-analysis, …): where it is and,
/// once done, what it reported — for an import, the summary `POST
/// /api/imports` answers with. Admins and agents.
#[utoipa::path(get, path = "/api/jobs/{id}", tag = "imports",
    params(("id" = i64, Path, description = "Job id")),
    responses((status = 200, body = JobView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn job(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<JobView>, ApiError> {
    if !user.role().can_write() {
        return Err(ApiError::Forbidden(
            "only admins and agents may see jobs".into(),
        ));
    }
    let not_found = || ApiError::NotFound {
        code: "job_not_found",
        message: format!("no job #{id}"),
    };
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let engine = state.engine.clone();
    let row = blocking(move || Ok::<_, ApiError>(engine.job(id)?))
        .await?
        .ok_or_else(not_found)?;
    let done = row.state == JobState::Done;
    Ok(Json(JobView {
        id: row.id,
        kind: row.kind,
        state: row.state,
        attempts: row.attempts,
        created_at: Timestamp(row.created_at).to_rfc3339(),
        finished_at: row.finished_at.map(|t| Timestamp(t).to_rfc3339()),
        summary: if done {
            row.outcome.as_deref().and_then(report).map(|r| r.0)
        } else {
            None
        },
        error: if done { None } else { row.outcome },
    }))
}
