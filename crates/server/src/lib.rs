//! Rapport's HTTP side: the JSON API under `/api`, the server-rendered
//! dashboard at `/`, and the authentication in front of both.
//!
//! [`app`] builds the router from an [`AppState`]; [`serve`] (or
//! [`serve_with`], with [`ConnectionLimits`]) runs it on a listener the
//! caller bound (port 0 in tests) until a shutdown future resolves —
//! [`shutdown_signal`] waits for Ctrl-C or SIGTERM. Store and engine calls
//! block, so handlers run them on tokio's blocking pool.
//!
//! # Layout
//!
//! - [`state`]: the application state and its settings.
//! - [`auth`]: passwords, tokens, sessions, CSRF, the login rate limit and
//!   the middleware that guards every route.
//! - [`error`]: [`ApiError`], the one place errors become HTTP.
//! - [`model`]: the HTTP-only types: request bodies and queries that are
//!   not the engine's, the error body, the caller (the views' types are
//!   the engine's own, `rapport_engine::views`).
//! - [`routes`]: the JSON API, one module per resource.
//! - [`pages`]: the dashboard, one module per page; templates in
//!   `templates/`, the stylesheet in `static/`.
//! - [`serve`](mod@serve): the accept loop with its header timeout and
//!   connection cap, and graceful shutdown.
//! - [`deadline`]: the time limit on each request.
//! - [`headers`]: security headers.
//! - [`metrics`]: `GET /metrics` for Prometheus, and each request's log
//!   line.
//! - [`charts`]: inline SVG charts (the dashboard and `report --html`).
//! - [`multipart`]: the dashboard's file uploads, read without IO.

pub mod auth;
pub mod charts;
pub mod deadline;
pub mod error;
pub mod headers;
pub mod i18n;
pub mod metrics;
pub mod model;
pub mod multipart;
pub mod pages;
pub mod routes;
pub mod serve;
pub mod state;

pub use error::ApiError;
pub use serve::{serve, serve_with, shutdown_signal, ConnectionLimits};
pub use state::{keep_audit_log, keep_working, AppState, Config, WebhookSecrets, SEND_EVERY};

use axum::routing::get;
use axum::Router;

/// The whole application: `/health`, the login page, stylesheet and the
/// signed webhooks (`/webhooks/...`) in the open; `/metrics` behind its
/// own token or an admin's (see [`metrics`]); the API and the dashboard
/// behind [`auth::require`].
pub fn app(state: AppState) -> Router {
    let guarded = Router::new()
        .merge(routes::router(&state))
        .merge(pages::router())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require,
        ));
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics::scrape))
        .merge(pages::public_router())
        // Webhooks authenticate by signature, not by session or token.
        .merge(routes::webhooks::router())
        .merge(guarded)
        // Inside the two below, so a timed-out request is logged and its
        // answer carries the security headers.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::browser_language,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            deadline::limit,
        ))
        .layer(axum::middleware::from_fn(headers::security))
        // Outermost, so every answer is counted and logged — and applied
        // to each route, so it sees the route's template (`MatchedPath`).
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::observe,
        ))
        .with_state(state)
}

/// `GET /health`: 200 without authentication.
async fn health() -> &'static str {
    "ok"
}
