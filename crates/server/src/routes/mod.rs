//! The JSON API under `/api`, one module per resource, each with its own
//! `router()`. Routes are registered through `utoipa-axum`, so the
//! OpenAPI document is built from the same code that routes: a route
//! cannot exist without its description.

mod alerts;
mod analyze;
mod cohorts;
mod corrections;
mod export;
mod extract;
mod imports;
mod inbox;
mod me;
mod openapi;
mod outbox;
mod people;
mod privacy;
mod profile;
mod report;
mod search;
mod threads;
mod touches;
pub mod webhooks;

pub(crate) use alerts::{decide as decide_alert, done as moment_done, open as open_alerts};
pub(crate) use cohorts::{mark_member, plan_size};
pub(crate) use corrections::made as correction_made;
pub(crate) use export::{inbox_export, streamed};
pub(crate) use extract::{query_as, ApiJson, ApiQuery};
pub(crate) use imports::{latest as latest_imports, run as run_import, Uploaded};
pub(crate) use inbox::{
    act, filled as saved_replies, item as inbox_item, item_history, queue, send_reply, snooze_until,
};
pub(crate) use outbox::{listed as outbox_listed, OutboxQuery};

pub(crate) use people::{find as find_person, viewed as person_viewed};
pub(crate) use privacy::forget_person;
pub(crate) use profile::set as set_profile;
pub(crate) use search::run as search;
pub(crate) use threads::{find as find_thread, page as threads_page};
pub(crate) use touches::{listed as touches_of, log as log_touch, NewTouch};

use crate::state::AppState;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

fn build(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(people::router())
        .merge(privacy::router())
        .merge(inbox::router())
        .merge(outbox::router())
        .merge(report::router())
        .merge(export::router())
        .merge(cohorts::router())
        .merge(profile::router())
        .merge(threads::router())
        .merge(alerts::router())
        .merge(touches::router())
        .merge(search::router())
        .merge(analyze::router())
        .merge(corrections::router())
        .merge(imports::router(state.config.max_import_bytes))
        .merge(me::router())
        .merge(openapi::router())
}

/// Every `/api` route, with the OpenAPI document built from them.
pub fn router(state: &AppState) -> Router<AppState> {
    let (router, doc) = build(state).split_for_parts();
    router.layer(axum::Extension(std::sync::Arc::new(doc)))
}

/// The OpenAPI document alone (for tests and tooling).
pub fn openapi_document(state: &AppState) -> utoipa::openapi::OpenApi {
    build(state).split_for_parts().1
}
