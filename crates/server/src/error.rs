//! Errors become HTTP in one place.
//!
//! Every `/api` failure is an [`ApiError`], answered as
//! `{"code": "...", "message": "..."}` with the status each variant's doc
//! names. Internal causes are logged and never sent.

use crate::model::ErrorBody;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rapport_engine::EngineError;
use rapport_store::StoreError;

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 `bad_request`: the request is malformed or names bad values.
    #[error("{0}")]
    BadRequest(String),
    /// 401 `unauthorized`: no valid session or token.
    #[error("sign in, or send Authorization: Bearer TOKEN")]
    Unauthorized,
    /// 401 `bad_signature`: a webhook whose signature is missing or wrong.
    #[error("missing or wrong webhook signature")]
    BadSignature,
    /// 403 `forbidden`: signed in, but the role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 403 `csrf_failed`: a session-authenticated write without the
    /// session's CSRF token.
    #[error("missing or wrong CSRF token (send X-CSRF-Token or the form's csrf field)")]
    Csrf,
    /// 404 with a specific code such as `person_not_found`.
    #[error("{message}")]
    NotFound {
        /// E.g. `person_not_found`, `inbox_item_not_found`.
        code: &'static str,
        /// What was not found.
        message: String,
    },
    /// 409 `conflict`: e.g. a user with that email exists.
    #[error("{0}")]
    Conflict(String),
    /// 413 `payload_too_large`.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// 503 `not_configured`: a feature the server was not given the
    /// settings for (e.g. a webhook without its secret).
    #[error("{0}")]
    NotConfigured(String),
    /// 429 `too_many_requests`: too many failed logins.
    #[error("too many failed attempts; wait a minute and try again")]
    TooManyRequests,
    /// 429 `too_many_requests`: the server is checking as many passwords
    /// as it will at once; try again in a moment.
    #[error("the server is busy checking other logins; try again in a moment")]
    Busy,
    /// 429 `too_many_requests` with `Retry-After`: this API token made
    /// more requests than its rate allows.
    #[error("too many requests with this token; slow down and retry after {} s", retry_after(*.0))]
    RateLimited(std::time::Duration),
    /// 503 `timeout`: handling the request took longer than the server's
    /// request timeout (seconds).
    #[error("the request took longer than {0} s and was given up")]
    Timeout(u64),
    /// 500 `internal`: logged with its cause; the caller sees only this.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The status and stable code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::BadSignature => (StatusCode::UNAUTHORIZED, "bad_signature"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Csrf => (StatusCode::FORBIDDEN, "csrf_failed"),
            ApiError::NotFound { code, .. } => (StatusCode::NOT_FOUND, code),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::TooManyRequests | ApiError::Busy | ApiError::RateLimited(_) => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
            }
            ApiError::NotConfigured(_) => (StatusCode::SERVICE_UNAVAILABLE, "not_configured"),
            ApiError::Timeout(_) => (StatusCode::SERVICE_UNAVAILABLE, "timeout"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// A 500 carrying `cause` for the log.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(cause.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::UserExists(_) => ApiError::Conflict(e.to_string()),
            StoreError::PersonNotFound(_) => ApiError::NotFound {
                code: "person_not_found",
                message: e.to_string(),
            },
            other => ApiError::internal(other),
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::BadInput(m) => ApiError::BadRequest(m),
            EngineError::Store(s) => ApiError::from(s),
            EngineError::Internal(m) => ApiError::Internal(m),
        }
    }
}

/// Whole seconds to wait, at least one (what `Retry-After` carries).
fn retry_after(wait: std::time::Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let ApiError::Internal(cause) = &self {
            tracing::error!(target: "server", %cause, "request failed");
        }
        let body = ErrorBody {
            code: code.to_string(),
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::RateLimited(wait) = self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after(wait)),
            );
        }
        response
    }
}
