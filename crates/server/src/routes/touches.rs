//! `/api/touches`: the value-first log — what the shop gave a person (a
//! sample, a shout-out, help) and what it asked of them, and whether
//! giving came first.

use super::{ApiJson, ApiQuery};
use crate::auth::CurrentUser;
use crate::model::{ErrorBody, Ledger, Touch, TouchList, TouchLogged, TouchQuery, TouchRequest};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use rapport_core::{touch, Timestamp};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add))
}

/// Longest note accepted, in characters.
const MAX_NOTE: usize = 2_000;

/// A touch to log, checked: a known kind, a note, a time.
pub(crate) struct NewTouch {
    kind: String,
    note: String,
    at: i64,
}

impl NewTouch {
    /// Checks `kind`, `note` and `at` (RFC 3339, default `now`); each
    /// error names its field.
    pub(crate) fn parse(
        kind: &str,
        note: &str,
        at: Option<&str>,
        now: i64,
    ) -> Result<NewTouch, ApiError> {
        if !touch::is_kind(kind) {
            return Err(ApiError::BadRequest(format!(
                "kind {kind:?}: expected one of {}, {}",
                touch::GIVING.join(", "),
                touch::ASK
            )));
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(ApiError::BadRequest(
                "note: say what was given or asked".into(),
            ));
        }
        if note.chars().count() > MAX_NOTE {
            return Err(ApiError::BadRequest(format!(
                "note is longer than {MAX_NOTE} characters"
            )));
        }
        let at = match at.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Timestamp::parse(t)
                .map_err(|e| ApiError::BadRequest(format!("at {t:?}: {e}")))?
                .secs(),
            None => now,
        };
        Ok(NewTouch {
            kind: kind.to_string(),
            note: note.to_string(),
            at,
        })
    }
}

/// The ledger of `person`'s touches in `all`.
fn ledger_of(all: &[Touch], person: i64) -> Ledger {
    let theirs: Vec<(&str, i64)> = all
        .iter()
        .filter(|t| t.person == person)
        .filter_map(|t| Some((t.kind.as_str(), Timestamp::parse(&t.at).ok()?.secs())))
        .collect();
    touch::ledger(&theirs).into()
}

/// The touches of person `id` (everyone's with `None`), oldest first,
/// and their ledger.
pub(crate) async fn listed(state: &AppState, id: Option<i64>) -> Result<TouchList, ApiError> {
    let engine = state.engine.clone();
    let all = blocking(move || Ok::<_, ApiError>(engine.touches()?)).await?;
    Ok(TouchList {
        touches: all
            .iter()
            .filter(|t| id.is_none_or(|p| t.person == p))
            .cloned()
            .collect(),
        ledger: id.map(|p| ledger_of(&all, p)),
    })
}

/// Logs `t` for the person `key` names, by `user`; returns the touch and
/// the person's ledger with it.
pub(crate) async fn log(
    state: &AppState,
    user: &CurrentUser,
    key: String,
    t: NewTouch,
) -> Result<TouchLogged, ApiError> {
    let person = super::find_person(state, key).await?.id;
    let engine = state.engine.clone();
    let by = user.user.email.clone();
    blocking(move || {
        let id = engine.log_touch(person, &t.kind, &t.note, t.at, &by)?;
        // The engine recomputes on this read, so the ledger counts every
        // touch the store holds for them, merges followed.
        let all = engine.touches()?;
        let touch =
            all.iter().find(|x| x.id == id).cloned().ok_or_else(|| {
                ApiError::internal(format!("touch {id} is not in the engine's list"))
            })?;
        Ok(TouchLogged {
            ledger: ledger_of(&all, touch.person),
            touch,
        })
    })
    .await
}

/// Value-first touches, oldest first: everyone's, or one person's with
/// their ledger.
#[utoipa::path(get, path = "/api/touches", tag = "people", params(TouchQuery),
    responses((status = 200, body = TouchList), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TouchQuery>,
) -> Result<Json<TouchList>, ApiError> {
    let id = match q.person.filter(|p| !p.trim().is_empty()) {
        Some(key) => Some(super::find_person(&state, key).await?.id),
        None => None,
    };
    listed(&state, id).await.map(Json)
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
    let t = NewTouch::parse(&body.kind, &body.note, body.at.as_deref(), now())?;
    let logged = log(&state, &user, body.person, t).await?;
    Ok((StatusCode::CREATED, Json(logged)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touch_names_the_field_that_is_wrong() {
        let bad = |kind, note, at| match NewTouch::parse(kind, note, at, 100) {
            Err(ApiError::BadRequest(m)) => m,
            Ok(_) => panic!("{kind:?} {note:?} {at:?} was accepted"),
            Err(e) => panic!("{e:?}"),
        };
        assert!(bad("bribe", "x", None).starts_with("kind \"bribe\""));
        assert!(bad("sample", "  ", None).starts_with("note"));
        assert!(bad("sample", "x", Some("yesterday")).starts_with("at "));
        let ok = NewTouch::parse("ask", " post about us? ", None, 100).unwrap();
        assert_eq!((ok.note.as_str(), ok.at), ("post about us?", 100));
        let at = NewTouch::parse("gift", "socks", Some("2026-10-01T00:00:00Z"), 100).unwrap();
        assert_eq!(
            at.at,
            Timestamp::parse("2026-10-01T00:00:00Z").unwrap().secs()
        );
    }
}
