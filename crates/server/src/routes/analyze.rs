//! `POST /api/analyze`: one text through the analyzer.

use super::ApiJson;
use crate::model::{AnalysisResult, AnalyzeRequest, ErrorBody};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(analyze))
}

/// Longest text analyzed, in bytes.
const MAX_TEXT: usize = 100_000;

/// Language, sentiment, intents, topics and specificity of a text, as
/// `rapport analyze --json` prints them, read the shop's way: with what
/// it taught the analyzer, in the languages it hears (a text too short
/// to tell its language), and as a new message to the shop (under the
/// post `context`, when given) is stored. Changes nothing, so viewers may
/// call it too.
#[utoipa::path(post, path = "/api/analyze", tag = "analyze", request_body = AnalyzeRequest,
    responses((status = 200, body = AnalysisResult), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn analyze(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AnalyzeRequest>,
) -> Result<Json<AnalysisResult>, ApiError> {
    if body.text.len() > MAX_TEXT {
        return Err(ApiError::BadRequest(format!(
            "text is longer than {MAX_TEXT} bytes"
        )));
    }
    blocking(move || {
        // The shop's analysis: the shipped models and what it taught them.
        let analyzer = state.engine.shop_analyzer()?;
        let context = body.context.as_deref().map(|c| analyzer.context(c));
        let store = state.engine.store();
        let shop = store.shop_handles()?;
        let heard = rapport_engine::analysis::heard_by_shop(store)?;
        let a = analyzer.analyze_new(&body.text, context.as_ref(), &shop, &heard);
        state
            .engine
            .activity()
            .analysed(rapport_engine::activity::Analysed::Request, 1);
        Ok(AnalysisResult::from(&a))
    })
    .await
    .map(Json)
}
