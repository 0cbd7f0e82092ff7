//! A time limit on every request: handling one — reading its body,
//! running the handler, building the answer — may take at most
//! [`crate::Config::request_timeout`]; past it the client gets 503
//! `timeout`. This bounds a client that sends a body byte by byte, which
//! the header timeout of [`crate::serve_with`] does not cover.
//!
//! Work already handed to the blocking pool (a store call, an import
//! batch) cannot be interrupted and runs to its end; only the answer is
//! given up. The default is generous for that reason: an import of the
//! largest accepted file must fit in it.

use crate::state::AppState;
use crate::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Answers 503 `timeout` when the rest of the stack takes longer than the
/// configured limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let within = state.config.request_timeout;
    match tokio::time::timeout(within, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::Timeout(within.as_secs()).into_response(),
    }
}
