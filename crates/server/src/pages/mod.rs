//! The dashboard: server-rendered pages (askama templates in
//! `templates/`), plain forms, no scripts. Handlers are thin: they call
//! the same functions as the API and turn the result into a view model
//! with display-ready strings ([`view`]) for a template.

mod alerts;
mod cohorts;
mod error;
mod export;
mod inbox;
mod influencers;
mod ladder;
mod login;
mod person;
mod report;
mod search;
mod settings;
mod threads;
mod unsubscribe;
mod view;

pub use error::{error_page, not_found, PageError, PageQuery};

use crate::auth::CurrentUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

/// The stylesheet, compiled into the binary.
const CSS: &str = include_str!("../../static/app.css");

/// Pages that need a signed-in user.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(inbox::page))
        .route("/inbox.csv", get(export::inbox))
        .route("/inbox/stock/handled", post(inbox::stock_handled))
        .route("/inbox/{id}/{action}", post(inbox::action))
        .route("/people/{key}", get(person::page))
        .route("/people/{key}/touches", post(person::touch))
        .route("/people/{key}/forget", post(person::forget))
        .route("/people/{key}/correct/{id}", post(person::correct))
        .route("/threads", get(threads::list))
        .route("/threads/{key}", get(threads::page))
        .route("/alerts", get(alerts::page))
        .route(
            "/alerts/moments/{id}/done",
            axum::routing::post(alerts::moment_done),
        )
        .route("/alerts/{key}/{action}", post(alerts::decide))
        .route("/ladder", get(ladder::page))
        .route("/report", get(report::page))
        .route("/search", get(search::page))
        .route("/cohorts", get(cohorts::page))
        .route("/cohorts/plan", post(cohorts::plan))
        .route("/cohorts/{id}/members/{person}/{mark}", post(cohorts::mark))
        .route("/influencers", get(influencers::page))
        .route("/settings", get(settings::page))
        .route("/settings/users", post(settings::add_user))
        .route("/settings/users/{id}/remove", post(settings::remove_user))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/settings/profile", post(settings::save_profile))
        .route("/settings/me", post(settings::save_mine))
        // The upload's size is checked by the handler (and the CSRF check).
        .route(
            "/settings/imports",
            post(settings::import).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/logout", post(login::logout))
}

/// Pages open to everyone: the login page and the stylesheet.
pub fn public_router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::page).post(login::submit))
        .route(
            "/unsubscribe",
            get(unsubscribe::ask).post(unsubscribe::confirm),
        )
        .route("/static/app.css", get(stylesheet))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
}

/// A small icon, so browsers' automatic favicon requests find one.
const FAVICON: &str = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>\
<rect width='32' height='32' rx='7' fill='#2f6fde'/>\
<path d='M10 24V8h7a5 5 0 0 1 0 10h-7m7 0 6 6' stroke='#fff' stroke-width='3' fill='none'/></svg>";

async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// What every page's header shows.
#[derive(Debug, Clone)]
pub struct Nav {
    /// The signed-in user.
    pub email: String,
    /// Their role.
    pub role: &'static str,
    /// The session's CSRF token, for the page's forms.
    pub csrf: String,
    /// Which tab is open.
    pub active: &'static str,
    /// Whether the user may change things.
    pub can_write: bool,
    /// Whether the user is an admin.
    pub is_admin: bool,
    /// Overdue alerts, for the badge on the Alerts tab.
    pub alerts: u64,
    /// Whether every stored text is being read again (after an upgrade
    /// or a correction): readings and places change while it runs.
    pub rereading: bool,
    /// The user's language's messages.
    pub t: crate::i18n::Tr,
}

impl Nav {
    /// The user's language's messages as a template writes them.
    pub fn tx(&self) -> crate::i18n::Page {
        crate::i18n::Page(self.t)
    }

    /// The header for `user` with tab `active` open.
    pub fn new(user: &CurrentUser, active: &'static str) -> Nav {
        Nav {
            email: user.user.email.clone(),
            role: user.role().as_str(),
            csrf: user.csrf().to_string(),
            active,
            can_write: user.role().can_write(),
            is_admin: user.role() == rapport_store::Role::Admin,
            alerts: 0,
            rereading: false,
            t: crate::i18n::Tr::new(crate::i18n::Lang::for_user(
                user.user.language.as_deref(),
                user.accept_language.as_deref(),
            ))
            .in_zone(crate::i18n::zone()),
        }
    }
}

/// The header for `user` with tab `active` open, with the count of
/// overdue alerts and whether the texts are being read again, both asked
/// in one turn on the blocking pool. A failure to find either out leaves
/// the badge or the notice off rather than failing the page.
pub async fn nav(state: &AppState, user: &CurrentUser, active: &'static str) -> Nav {
    let mut nav = Nav::new(user, active);
    let engine = state.engine.clone();
    let asked = crate::state::blocking(move || {
        Ok::<_, crate::ApiError>((engine.overdue_alerts(), engine.rereading()))
    })
    .await;
    let (alerts, rereading) = match asked {
        Ok(both) => both,
        Err(e) => {
            tracing::warn!(target: "server", "reading the header: {e}");
            return nav;
        }
    };
    match alerts {
        Ok(n) => nav.alerts = n,
        Err(e) => tracing::warn!(target: "server", "counting alerts for the badge: {e}"),
    }
    match rereading {
        Ok(r) => nav.rereading = r,
        Err(e) => tracing::warn!(target: "server", "asking whether texts are read again: {e}"),
    }
    nav
}

/// Middleware: the request's `Accept-Language` as the browser's language
/// while it is answered, for the pages that have no signed-in user's
/// choice ([`crate::i18n::browser`]), and for a page (not the API, whose
/// moments are RFC 3339, nor a file or probe) the shop's time zone from
/// its profile, the zone every page writes moments in (UTC if the
/// profile cannot be read: the page then says why elsewhere, or the
/// settings do).
pub async fn browser_language(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = req.uri().path();
    let page = ![
        "/api/",
        "/static/",
        "/favicon",
        "/health",
        "/metrics",
        "/webhooks/",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    let zone = if !page {
        rapport_core::zone::Zone::utc()
    } else {
        state
            .engine
            .profile()
            .map_or_else(|_| rapport_core::zone::Zone::utc(), |(p, _)| p.timezone)
    };
    crate::i18n::with_browser(accept.as_deref(), zone, next.run(req)).await
}

/// Renders a template as an HTML answer.
pub fn render(t: &impl Template) -> Result<Response, PageError> {
    t.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| PageError(crate::ApiError::internal(format!("rendering a page: {e}"))))
}
