//! `GET /api/people.csv`, `/api/inbox.csv` and `/api/report.csv`: the
//! people list, the inbox and the report as CSV downloads, with the
//! filters of their JSON routes. The bytes come from
//! [`rapport_engine::views::export`], as `rapport people|inbox|report
//! --csv` print them. Dashboard sessions may call these, so the pages
//! link to them directly.
//!
//! The query is checked first (a bad one is a 400 with the usual JSON
//! error); the rows then stream a chunk at a time, each chunk read on the
//! blocking pool, so a large list neither waits whole in memory nor
//! holds a worker between chunks. A store failure mid-way cuts the
//! download short (the status line is already sent), and is logged.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body::Frame;
use rapport_core::Timestamp;
use rapport_engine::views::export::{Export, CONTENT_TYPE};
use rapport_engine::views::inbox::InboxQuery;
use rapport_engine::views::people::PeopleQuery;
use rapport_engine::views::report::ReportQuery;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(people))
        .routes(routes!(inbox))
        .routes(routes!(report))
}

/// Chunks waiting to be sent (the reader stays this far ahead).
const AHEAD: usize = 4;

/// A response body fed chunk by chunk through a channel.
struct Chunks(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx).map(|c| c.map(|r| r.map(Frame::data)))
    }
}

/// `attachment; filename="rapport-NAME-YYYY-MM-DD.csv"`.
fn disposition(name: &str) -> String {
    let day = Timestamp(now()).to_rfc3339();
    format!(
        "attachment; filename=\"rapport-{name}-{}.csv\"",
        day.get(..10).unwrap_or("")
    )
}

/// A CSV download of `name` with `body`.
fn download(name: &str, body: Body) -> Response {
    (
        [
            (header::CONTENT_TYPE, CONTENT_TYPE.to_string()),
            (header::CONTENT_DISPOSITION, disposition(name)),
        ],
        body,
    )
        .into_response()
}

/// Streams `export` as the download `name`: each chunk is read on the
/// blocking pool and sent as soon as it is written; the reading stops
/// when the client goes away.
pub(crate) fn streamed(state: &AppState, name: &str, export: impl Export + 'static) -> Response {
    let (tx, rx) = mpsc::channel(AHEAD);
    let store = state.store.clone();
    let what = name.to_string();
    tokio::spawn(async move {
        let mut slot = Some(export);
        while let Some(mut export) = slot.take() {
            let store = store.clone();
            let step = blocking(move || {
                let chunk = export.next_chunk(store.as_ref());
                Ok::<_, ApiError>((export, chunk))
            })
            .await;
            let chunk = match step {
                Ok((back, chunk)) => {
                    slot = Some(back);
                    chunk
                }
                // The work itself did not run (the pool is shutting down).
                Err(e) => Err(rapport_engine::EngineError::internal(format!("{e:?}"))),
            };
            let sent = match chunk {
                Ok(Some(bytes)) => tx.send(Ok(Bytes::from(bytes))).await,
                Ok(None) => return,
                Err(e) => {
                    tracing::error!(export = %what, error = %e, "CSV export cut short");
                    let _ = tx
                        .send(Err(std::io::Error::other("the export failed")))
                        .await;
                    return;
                }
            };
            if sent.is_err() {
                return; // the client went away
            }
        }
    });
    download(name, Body::new(Chunks(rx)))
}

/// The people list as CSV: everyone matching `stage` and `label`, in
/// `sort` order (`limit` and `offset` are ignored). Columns: see
/// docs/FORMATS.md.
#[utoipa::path(get, path = "/api/people.csv", tag = "people", params(PeopleQuery),
    responses((status = 200, description = "CSV, one row per person", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn people(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Response, ApiError> {
    let engine = state.engine.clone();
    let export = blocking(move || Ok::<_, ApiError>(engine.people_csv(&q)?)).await?;
    Ok(streamed(&state, "people", export))
}

/// The open inbox as CSV: every item matching the filters of
/// `GET /api/inbox`, most urgent first (`limit` and `offset` are
/// ignored; `stock=fold` leaves stock phrases out).
#[utoipa::path(get, path = "/api/inbox.csv", tag = "inbox", params(InboxQuery),
    responses((status = 200, description = "CSV, one row per open item", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn inbox(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Response, ApiError> {
    let export = inbox_export(&state, &user, q).await?;
    Ok(streamed(&state, "inbox", export))
}

/// The inbox export `q` asks for, `assigned=me` meaning `user` and
/// `since=last_visit` their visit before this one (shared with the
/// dashboard).
pub(crate) async fn inbox_export(
    state: &AppState,
    user: &CurrentUser,
    q: InboxQuery,
) -> Result<rapport_engine::views::export::InboxExport, ApiError> {
    let engine = state.engine.clone();
    let me = user.user.email.clone();
    let id = user.user.id;
    blocking(move || {
        let last = match q.since.as_deref() {
            Some("last_visit") => engine.store().last_visit(id)?,
            _ => None,
        };
        Ok::<_, ApiError>(engine.inbox_csv(&q, Some(&me), last)?)
    })
    .await
}

/// The report as CSV: a row per channel, a total row and a row per week
/// (see docs/FORMATS.md).
#[utoipa::path(get, path = "/api/report.csv", tag = "report", params(ReportQuery),
    responses((status = 200, description = "CSV: channel rows, a total row, week rows", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let engine = state.engine.clone();
    let since = q.since.unwrap_or_else(|| "all".to_string());
    let bytes = blocking(move || Ok::<_, ApiError>(engine.report_csv(&since)?)).await?;
    Ok(download("report", Body::from(bytes)))
}
