//! `GET /api/me`: who the caller is.

use crate::auth::{CurrentUser, Via};
use crate::model::{ErrorBody, Me};
use crate::state::AppState;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// Who is calling, plus the session's CSRF token for session callers.
#[utoipa::path(get, path = "/api/me", tag = "meta",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(user: CurrentUser) -> Json<Me> {
    let (via, csrf) = match &user.via {
        Via::Session { csrf, .. } => ("session", Some(csrf.clone())),
        Via::Token => ("token", None),
    };
    Json(Me {
        email: user.user.email.clone(),
        role: user.user.role.as_str().to_string(),
        via: via.to_string(),
        csrf,
    })
}
