//! `POST /api/analyze`: one text through the analyzer.

use super::ApiJson;
use crate::model::{AnalysisResult, AnalyzeRequest, ErrorBody};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(analyze))
}

/// Longest text analyzed, in bytes.
const MAX_TEXT: usize = 100_000;

/// Language, sentiment, intents, topics and specificity of a text, as
/// `rapport analyze --json` prints them. Changes nothing, so viewers may
/// call it too.
#[utoipa::path(post, path = "/api/analyze", tag = "analyze", request_body = AnalyzeRequest,
    responses((status = 200, body = AnalysisResult), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn analyze(ApiJson(body): ApiJson<AnalyzeRequest>) -> Result<Json<AnalysisResult>, ApiError> {
    if body.text.len() > MAX_TEXT {
        return Err(ApiError::BadRequest(format!(
            "text is longer than {MAX_TEXT} bytes"
        )));
    }
    blocking(move || {
        let analyzer = rapport_nlp::Analyzer::embedded()
            .map_err(|e| ApiError::internal(format!("loading the analyzer: {e}")))?;
        let a = analyzer.analyze_in_context(&body.text, body.context.as_deref());
        Ok(AnalysisResult::from(&a))
    })
    .await
    .map(Json)
}
