//! Privacy, for admins: `GET /api/people/{key}/export`,
//! `POST /api/people/{key}/forget`, `GET /api/privacy-requests` and the
//! audit log, `GET /api/audit`. Exports and erasures are written to the
//! audit log as the caller's.

use super::ApiQuery;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rapport_engine::privacy::{AuditPage, AuditQuery, PrivacyRequestView};
use rapport_store::Erasure;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export))
        .routes(routes!(forget))
        .routes(routes!(audit))
        .routes(routes!(requests))
}

/// Everything held about one person as one JSON document: identities,
/// emails, interactions with their analysis, the shop's replies, orders
/// with items, the team's notes and inbox state, touches, links, merges,
/// link suggestions, cohort places, privacy requests, the verdict and the
/// audit entries about them (admins).
#[utoipa::path(get, path = "/api/people/{key}/export", tag = "privacy",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, description = "The person's data (format `rapport.person-export.v1`)",
               content_type = "application/json"),
              (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    user.require_admin()?;
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    let doc = blocking(move || Ok::<_, ApiError>(engine.export_person(&key, &actor)?)).await?;
    Ok(Json(doc).into_response())
}

/// Forgets a person for good (admins): identities, messages, notes,
/// touches and the personal data of their orders go; the report's past
/// figures stay, and imports skip their records from then on.
#[utoipa::path(post, path = "/api/people/{key}/forget", tag = "privacy",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, body = Erasure), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn forget(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Json<Erasure>, ApiError> {
    user.require_admin()?;
    forget_person(&state, &user, key).await.map(Json)
}

/// Forgets the person `key` names as `user` (shared with the dashboard).
pub(crate) async fn forget_person(
    state: &AppState,
    user: &CurrentUser,
    key: String,
) -> Result<Erasure, ApiError> {
    user.require_admin()?;
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.forget(&key, &actor)?)).await
}

/// Who viewed, exported, erased or changed what, newest first (admins).
#[utoipa::path(get, path = "/api/audit", tag = "privacy", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn audit(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    user.require_admin()?;
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.audit_log(&q)?))
        .await
        .map(Json)
}

/// The privacy requests received by webhook, oldest first, with what was
/// done and a data request's export (admins).
#[utoipa::path(get, path = "/api/privacy-requests", tag = "privacy",
    responses((status = 200, body = Vec<PrivacyRequestView>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
async fn requests(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<PrivacyRequestView>>, ApiError> {
    user.require_admin()?;
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.privacy_requests()?))
        .await
        .map(Json)
}
