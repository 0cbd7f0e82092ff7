//! Rapport's HTTP side: the JSON API under `/api`, the server-rendered
//! dashboard at `/`, and the authentication in front of both.
//!
//! [`app`] builds the router from an [`AppState`]; [`serve`] runs it on a
//! listener the caller bound (port 0 in tests) until a shutdown future
//! resolves — [`shutdown_signal`] waits for Ctrl-C or SIGTERM. Store and
//! engine calls block, so handlers run them on tokio's blocking pool.
//!
//! # Layout
//!
//! - [`state`]: the application state and its settings.
//! - [`engine`]: the relationship engine as the server sees it (a trait the
//!   binary implements with its views).
//! - [`auth`]: passwords, tokens, sessions, CSRF, the login rate limit and
//!   the middleware that guards every route.
//! - [`error`]: [`ApiError`], the one place errors become HTTP.
//! - [`model`]: what the API sends and receives (also its OpenAPI schemas).
//! - [`routes`]: the JSON API, one module per resource.
//! - [`pages`]: the dashboard, one module per page; templates in
//!   `templates/`, the stylesheet in `static/`.
//! - [`headers`]: security headers and request logging.
//! - [`charts`]: inline SVG charts (the dashboard and `report --html`).
//! - [`multipart`]: the dashboard's file uploads, read without IO.

pub mod auth;
pub mod charts;
pub mod engine;
pub mod error;
pub mod headers;
pub mod model;
pub mod multipart;
pub mod pages;
pub mod routes;
pub mod state;

pub use engine::{Engine, EngineError};
pub use error::ApiError;
pub use state::{AppState, Config, WebhookSecrets};

use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The whole application: `/health`, the login page, stylesheet and the
/// signed webhooks (`/webhooks/...`) in the open; the API and the dashboard behind [`auth::require`].
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
        .merge(pages::public_router())
        // Webhooks authenticate by signature, not by session or token.
        .merge(routes::webhooks::router())
        .merge(guarded)
        .layer(axum::middleware::from_fn(headers::security))
        .layer(axum::middleware::from_fn(headers::log))
        .with_state(state)
}

/// `GET /health`: 200 without authentication.
async fn health() -> &'static str {
    "ok"
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes the
/// requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(target: "server", "cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(target: "server", "cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!(target: "server", "shutting down");
}
