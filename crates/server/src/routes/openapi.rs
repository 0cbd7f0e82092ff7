//! `GET /api/openapi.json`: the OpenAPI 3 description of every `/api` route.

use crate::state::AppState;
use axum::{Extension, Json};
use std::sync::Arc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The document's frame; paths are added by the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rapport API",
        description = "Who your true fans are, who needs an answer now, and whether the shop \
                       builds relationships. Authenticate with `Authorization: Bearer TOKEN` \
                       (`rapport token create EMAIL`) or a dashboard session cookie; \
                       session-authenticated writes need the `X-CSRF-Token` header \
                       (its value is in `GET /api/me`). Errors are `{\"code\",\"message\"}`."
    ),
    // Served beside the API, not under it (see `crate::metrics`), so
    // described here rather than by a router.
    paths(crate::metrics::scrape),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "people", description = "The ladder and one person's story"),
        (name = "inbox", description = "Unanswered messages and what the team does with them"),
        (name = "outbox", description = "What the shop sends: replies, feedback requests, reminders, digests"),
        (name = "threads", description = "Conversations, message by message"),
        (name = "search", description = "People and messages by their words"),
        (name = "alerts", description = "What needs a person's attention, and by when"),
        (name = "cohorts", description = "Who to cultivate next and how they are doing"),
        (name = "report", description = "Meaningful metrics beside vanity metrics"),
        (name = "analyze", description = "The text analyzer, and what the shop taught it"),
        (name = "imports", description = "Bringing data in"),
        (name = "privacy", description = "A person's data exported or erased; the audit log (admins)"),
        (name = "meta", description = "The caller, this document, and the operators' metrics")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// The OpenAPI 3 document of this API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3 document", content_type = "application/json")))]
async fn openapi_json(Extension(doc): Extension<Arc<Document>>) -> Json<Document> {
    Json((*doc).clone())
}
