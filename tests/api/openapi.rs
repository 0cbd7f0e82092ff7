//! The OpenAPI document.

use crate::helpers::spawn_app;
use reqwest::StatusCode;
use serde_json::Value;

/// Every `/api` route the server has, with its methods.
const ROUTES: &[(&str, &str)] = &[
    ("/api/people", "get"),
    ("/api/people/{key}", "get"),
    ("/api/people/{key}/interactions", "get"),
    ("/api/ladder", "get"),
    ("/api/ladder/weekly", "get"),
    ("/api/inbox", "get"),
    ("/api/inbox/{id}", "get"),
    ("/api/inbox/{id}/reply", "post"),
    ("/api/inbox/{id}/replies", "get"),
    ("/api/inbox/{id}/handled", "post"),
    ("/api/inbox/{id}/assign", "post"),
    ("/api/inbox/{id}/snooze", "post"),
    ("/api/inbox/{id}/notes", "post"),
    ("/api/inbox/{id}/reopen", "post"),
    ("/api/inbox/{id}/history", "get"),
    ("/api/outbox", "get"),
    ("/api/outbox/{id}/retry", "post"),
    ("/api/outbox/{id}/cancel", "post"),
    ("/api/report", "get"),
    ("/api/cohorts", "get"),
    ("/api/cohorts/plan", "post"),
    ("/api/cohorts/{id}/members/{person}/{mark}", "post"),
    ("/api/influencers", "get"),
    ("/api/profile", "get"),
    ("/api/profile", "put"),
    ("/api/threads", "get"),
    ("/api/threads/{root}", "get"),
    ("/api/search", "get"),
    ("/api/alerts", "get"),
    ("/api/alerts/moments/{id}/done", "post"),
    ("/api/alerts/{key}/{action}", "post"),
    ("/api/touches", "get"),
    ("/api/touches", "post"),
    ("/api/analyze", "post"),
    ("/api/interactions/{id}/correction", "post"),
    ("/api/corrections", "get"),
    ("/api/corrections/{id}", "delete"),
    ("/api/imports", "post"),
    ("/api/imports", "get"),
    ("/api/jobs/{id}", "get"),
    ("/api/me", "get"),
    ("/api/openapi.json", "get"),
    ("/api/people/{key}/export", "get"),
    ("/api/people/{key}/forget", "post"),
    ("/api/audit", "get"),
    ("/api/privacy-requests", "get"),
    ("/api/people.csv", "get"),
    ("/api/inbox.csv", "get"),
    ("/api/report.csv", "get"),
    ("/metrics", "get"),
];

/// GET routes only admins may call (others get 403).
const ADMIN_ONLY: &[&str] = &[
    "/api/people/{key}/export",
    "/api/audit",
    "/api/privacy-requests",
    "/metrics",
];

rapport_store::both! {
#[tokio::test]
async fn openapi_json_lists_every_api_route() {
    let app = spawn_app().await;
    let r = app.get("/api/openapi.json", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in ROUTES {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} is not in openapi.json"
        );
    }
    assert_eq!(
        paths.len(),
        ROUTES
            .iter()
            .map(|(p, _)| p)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        "openapi.json lists routes this test does not know: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(
        doc["components"]["schemas"]["Ledger"]["properties"]["value_first"].is_object(),
        "the value-first ledger is described"
    );
}

#[tokio::test]
async fn every_documented_get_route_answers() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api/openapi.json", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        // A job needs an upload first (tests/api/scaleout.rs asks).
        if item.get("get").is_none() || path == "/api/jobs/{id}" {
            continue;
        }
        let concrete = path
            .replace("{key}", "anna@example.org")
            .replace("{root}", "instagram:c1")
            .replace("{id}", &app.inbox().await[0]["id"].to_string());
        // A search needs its words.
        let concrete = if path == "/api/search" {
            format!("{concrete}?q=tyre")
        } else {
            concrete
        };
        let token = if ADMIN_ONLY.contains(&path.as_str()) {
            let r = app.get(&concrete, &app.viewer_token).await;
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "GET {concrete} as a viewer"
            );
            &app.admin_token
        } else {
            &app.viewer_token
        };
        let r = app.get(&concrete, token).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {concrete}");
    }
}
}
