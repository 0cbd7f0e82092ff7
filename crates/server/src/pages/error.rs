//! Errors on pages: the same [`ApiError`], shown as a page.

use crate::ApiError;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// A page handler's error.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(&self.0)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    status: u16,
    title: String,
    /// What the status means to the reader, in their language.
    says: Option<String>,
    /// The error's own words (English, as the API and the log give them).
    message: String,
    t: crate::i18n::Page,
}

/// An error as an HTML page with the error's status: the status and
/// what it means in the reader's language, then the error's own words as
/// details (English, as the API gives them, naming the parameter or the
/// path).
pub fn error_page(e: &ApiError) -> Response {
    let (status, _) = e.status_and_code();
    if let ApiError::Internal(cause) = e {
        tracing::error!(target: "server", %cause, "page failed");
    }
    let tr = crate::i18n::browser();
    let t = ErrorTemplate {
        status: status.as_u16(),
        title: tr
            .get(&format!("status-{}", status.as_u16()))
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_string()),
        says: tr.get(&format!("status-{}-says", status.as_u16())),
        message: e.to_string(),
        t: crate::i18n::Page(tr),
    };
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, e.to_string()).into_response(),
    }
}

/// The answer for an unknown path (after authentication): JSON under
/// `/api`, a page elsewhere.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let e = ApiError::NotFound {
        code: "not_found",
        message: format!("there is nothing at {}", uri.path()),
    };
    if uri.path().starts_with("/api/") {
        e.into_response()
    } else {
        error_page(&e)
    }
}

/// `Query<T>` for pages: a query that does not parse (`?limit=abc`) is
/// answered with the error page, status 400, naming the parameter, as
/// [`crate::routes::ApiQuery`] answers it under `/api`. Unlike the API,
/// a page takes parameters it does not read (links and forms carry
/// others' along).
#[derive(Debug, Clone)]
pub struct PageQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for PageQuery<T>
where
    axum::extract::Query<T>:
        axum::extract::FromRequestParts<S, Rejection = axum::extract::rejection::QueryRejection>,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, PageError> {
        Ok(PageQuery(crate::routes::query_as(parts, state).await?))
    }
}
