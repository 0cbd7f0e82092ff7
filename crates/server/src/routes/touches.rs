//! `/api/touches`: the value-first log — what the shop gave a person (a
//! sample, a shout-out, help) and what it asked of them, and whether
//! giving came first.

use super::{ApiJson, ApiQuery};
use crate::auth::CurrentUser;
use crate::model::{ErrorBody, TouchQuery, TouchRequest};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rapport_engine::views::touches::{TouchKind, TouchList, TouchLogged};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add))
}

/// A touch to log, checked: a known kind, a time.
pub(crate) struct NewTouch {
    kind: TouchKind,
    note: String,
    at: Option<i64>,
}

impl NewTouch {
    /// Checks `kind` and `at` (RFC 3339); each error names its field (the
    /// engine checks the note).
    pub(crate) fn parse(kind: &str, note: &str, at: Option<&str>) -> Result<NewTouch, ApiError> {
        let kind = TouchKind::parse(kind)?;
        let at = at
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| rapport_engine::parse_time("at", t))
            .transpose()?;
        Ok(NewTouch {
            kind,
            note: note.to_string(),
            at,
        })
    }
}

/// The touches of the person `key` names (everyone's with `None`),
/// oldest first, and their ledger.
pub(crate) async fn listed(state: &AppState, key: Option<String>) -> Result<TouchList, ApiError> {
    if let Some(k) = &key {
        // An unknown person is a 404, not a bad request.
        super::find_person(state, k.clone()).await?;
    }
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.touches(key.as_deref())?)).await
}

/// Logs `t` for the person `key` names, by `user`; returns the touch and
/// the person's ledger with it.
pub(crate) async fn log(
    state: &AppState,
    user: &CurrentUser,
    key: String,
    t: NewTouch,
) -> Result<TouchLogged, ApiError> {
    super::find_person(state, key.clone()).await?;
    let engine = state.engine.clone();
    let by = user.user.email.clone();
    blocking(move || Ok::<_, ApiError>(engine.log_touch(&key, t.kind, &t.note, t.at, Some(&by))?))
        .await
}

/// Value-first touches, oldest first: everyone's, or one person's with
/// their ledger.
#[utoipa::path(get, path = "/api/touches", tag = "people", params(TouchQuery),
    responses((status = 200, body = TouchList), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TouchQuery>,
) -> Result<Json<TouchList>, ApiError> {
    let key = q.person.filter(|p| !p.trim().is_empty());
    listed(&state, key).await.map(Json)
}

/// Logs what the shop gave a person, or asked of them (agents and
/// admins); answers with the touch and the person's ledger.
#[utoipa::path(post, path = "/api/touches", tag = "people", request_body = TouchRequest,
    responses((status = 201, body = TouchLogged), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn add(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<TouchRequest>,
) -> Result<(StatusCode, Json<TouchLogged>), ApiError> {
    let t = NewTouch::parse(&body.kind, &body.note, body.at.as_deref())?;
    let logged = log(&state, &user, body.person, t).await?;
    Ok((StatusCode::CREATED, Json(logged)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touch_names_the_field_that_is_wrong() {
        let bad = |kind, at| match NewTouch::parse(kind, "x", at) {
            Err(ApiError::BadRequest(m)) => m,
            Ok(_) => panic!("{kind:?} {at:?} was accepted"),
            Err(e) => panic!("{e:?}"),
        };
        assert!(bad("bribe", None).starts_with("kind: unknown kind \"bribe\""));
        assert!(bad("sample", Some("yesterday")).starts_with("at: "));
        let ok = NewTouch::parse("gift", "socks", Some("2026-10-01T00:00:00Z")).expect("ok");
        assert_eq!(ok.kind, TouchKind::Gift);
        assert_eq!(
            ok.at,
            Some(
                rapport_core::Timestamp::parse("2026-10-01T00:00:00Z")
                    .expect("t")
                    .secs()
            )
        );
    }
}
