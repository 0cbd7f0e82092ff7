//! `/api/corrections` and `POST /api/interactions/{id}/correction`: the
//! team corrects a reading in one call ("not a question", "this is a
//! recommendation", "negative"); the shop's analysis learns from it,
//! the message reads as corrected at once, and every stored text is read
//! again (see `rapport_engine::learning`).

use super::ApiJson;
use crate::auth::CurrentUser;
use crate::model::{CorrectionRequest, ErrorBody};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::InteractionId;
use rapport_engine::learning::CorrectionMade;
use rapport_store::{CorrectionRow, CorrectionSource};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(correct))
        .routes(routes!(list))
        .routes(routes!(undo))
}

fn parse_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::BadRequest(format!("{raw:?} is not {what} id")))
}

/// Corrects what the analyzer read in a message: `task` is `sentiment`
/// or `intent`, `label` a class of it (`negative`, `recommendation`) or a
/// class denied (`not_question`). A newer correction of the same message
/// replaces the older one about the same class (for sentiment: any).
/// Answers with the message's reading now.
#[utoipa::path(post, path = "/api/interactions/{id}/correction", tag = "analyze",
    params(("id" = i64, Path, description = "Interaction id")),
    request_body = CorrectionRequest,
    responses((status = 200, body = CorrectionMade), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CorrectionRequest>,
) -> Result<Json<CorrectionMade>, ApiError> {
    let id = parse_id(&id, "an interaction")?;
    made(&state, &user, id, body, CorrectionSource::Api)
        .await
        .map(Json)
}

/// Stores a correction of message `id` from `source` (shared with the
/// dashboard).
pub(crate) async fn made(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    body: CorrectionRequest,
    source: CorrectionSource,
) -> Result<CorrectionMade, ApiError> {
    let engine = state.engine.clone();
    let actor = user.user.email.clone();
    blocking(move || {
        Ok::<_, ApiError>(engine.correct(
            InteractionId(id),
            &body.task,
            &body.label,
            source,
            &actor,
        )?)
    })
    .await?
    .ok_or_else(|| ApiError::NotFound {
        code: "interaction_not_found",
        message: format!("no interaction #{id}"),
    })
}

/// Every correction and taught example, oldest first.
#[utoipa::path(get, path = "/api/corrections", tag = "analyze",
    responses((status = 200, body = Vec<CorrectionRow>), (status = 401, body = ErrorBody)))]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<CorrectionRow>>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.corrections()?))
        .await
        .map(Json)
}

/// Undoes a correction: the shop's analysis learns again without it and
/// the message (if it named one) reads as it would have.
#[utoipa::path(delete, path = "/api/corrections/{id}", tag = "analyze",
    params(("id" = i64, Path, description = "Correction id")),
    responses((status = 200, body = CorrectionMade), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn undo(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CorrectionMade>, ApiError> {
    let id = parse_id(&id, "a correction")?;
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.undo_correction(id)?))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound {
            code: "correction_not_found",
            message: format!("no correction #{id}"),
        })
}
