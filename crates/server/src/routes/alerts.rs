//! `GET /api/alerts`: alerts and follow-up tasks for humans, as
//! `rapport tasks --json` lists them, without what the team already
//! closed (a recorded reply, "handled", a snooze still running).

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::{DecideRequest, ErrorBody};
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
        .routes(routes!(decide_route))
}

/// Records `user`'s decision `action` about alert `key` (shared with the
/// dashboard); 404 when there is no such open alert.
pub(crate) async fn decide(
    state: &AppState,
    user: &CurrentUser,
    key: String,
    action: String,
    body: DecideRequest,
) -> Result<(), ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    let k = key.clone();
    let decided = blocking(move || {
        Ok::<_, ApiError>(engine.decide_alert(
            &k,
            &action,
            body.minutes,
            body.reason.as_deref(),
            &actor,
        )?)
    })
    .await?;
    if decided {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            code: "alert_not_found",
            message: format!("no open alert {key:?}"),
        })
    }
}

/// Decides about any alert by its `key`: `done` (dealt with), `snooze`
/// (back after `minutes`, default a day) or `dismiss` (not worth acting
/// on), with an optional `reason`. An unanswered message's alert is its
/// inbox item (done and dismiss mark it handled, snooze snoozes it); an
/// alert on a person's place on the ladder stays away until its cause
/// changes (a new fall, other interests) or the snooze ends. Audited.
#[utoipa::path(post, path = "/api/alerts/{key}/{action}", tag = "alerts",
    params(("key" = String, Path, description = "The alert's `key`"),
        ("action" = String, Path, description = "done, snooze or dismiss")),
    request_body(content = DecideRequest, description = "Optional"),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn decide_route(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((key, action)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<StatusCode, ApiError> {
    // The body is optional: none is no reason and the default snooze.
    let body: DecideRequest = if body.iter().all(u8::is_ascii_whitespace) {
        DecideRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| ApiError::BadRequest(format!("the body is not a decision: {e}")))?
    };
    decide(&state, &user, key, action, body).await?;
    Ok(StatusCode::NO_CONTENT)
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

/// Alerts: unanswered questions and complaints (due after the profile's
/// answer targets, by default 1 h for true fans, evangelists, influencers
/// and detractors' complaints; 24 h for everyone else), new detractors,
/// fans slipping down the ladder, influencers whose audience is about
/// something else, and the moments found in what people write (a question
/// about something they bought, a second complaint within 30 days, a
/// detractor in public, an aligned influencer's mention, a follow-up the
/// day after an answer). Overdue first, then by severity.
#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertsQuery),
    responses((status = 200, body = AlertPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<AlertPage>, ApiError> {
    open(&state, q).await.map(Json)
}
