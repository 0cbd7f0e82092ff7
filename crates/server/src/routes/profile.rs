//! `GET /api/profile` and `PUT /api/profile`: the shop's profile, read by
//! everyone and replaced by admins. A new profile is written to the file
//! the server was started with (`--profile`, default `rapport.toml`) and
//! judges everyone from then on.

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::model::ErrorBody;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_engine::profile::{ProfileUpdate, Shown};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(profile, replace))
}

/// Replaces the profile as `user` (admins only); shared with Settings.
pub(crate) async fn set(
    state: &AppState,
    user: &CurrentUser,
    update: ProfileUpdate,
) -> Result<Shown, ApiError> {
    user.require_admin()?;
    let engine = state.engine.clone();
    let by = user.user.email.clone();
    let shown = blocking(move || Ok::<_, ApiError>(engine.set_profile(&update)?)).await?;
    tracing::info!(target: "server::profile", %by, path = %shown.path, "profile replaced");
    Ok(shown)
}

/// The shop profile, as `rapport profile show --json`.
#[utoipa::path(get, path = "/api/profile", tag = "meta",
    responses((status = 200, body = Shown), (status = 401, body = ErrorBody)))]
async fn profile(State(state): State<AppState>) -> Result<Json<Shown>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.profile_shown()?))
        .await
        .map(Json)
}

/// Replaces the shop profile (admins only): checked as `rapport profile
/// set` checks each key, written to the server's profile file, and used
/// for every judgement from then on.
#[utoipa::path(put, path = "/api/profile", tag = "meta", request_body = ProfileUpdate,
    responses((status = 200, body = Shown), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn replace(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<ProfileUpdate>,
) -> Result<Json<Shown>, ApiError> {
    set(&state, &user, body).await.map(Json)
}
