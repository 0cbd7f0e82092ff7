//! People, report, analyzer and imports.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

rapport_store::both! {
#[tokio::test]
async fn people_are_listed_with_stage_labels_scores_and_evidence() {
    let app = spawn_app().await;
    let v: Value = app
        .get("/api/people?limit=2", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["limit"], 2);
    assert!(v["total"].as_u64().unwrap() >= 4);
    let p = &v["items"][0];
    for field in [
        "id",
        "name",
        "identities",
        "stage",
        "labels",
        "scores",
        "evidence",
    ] {
        assert!(!p[field].is_null(), "{field} missing in {p}");
    }
    let v: Value = app
        .get("/api/people?sort=name&limit=100", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let r = app
        .get("/api/people?stage=superfan", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_person_is_found_by_handle_or_email_with_orders_and_interactions() {
    let app = spawn_app().await;
    let by_email: Value = app
        .get("/api/people/anna@example.org", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let by_handle: Value = app
        .get("/api/people/instagram:anna.rides", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_email["id"], by_handle["id"]);
    assert_eq!(by_email["orders"][0]["order_id"], "1001");
    let id = by_email["id"].as_i64().unwrap();
    let timeline: Value = app
        .get(&format!("/api/people/{id}/interactions"), &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"comment") && kinds.contains(&"reply"),
        "{kinds:?}"
    );
    let r = app
        .get("/api/people/nobody@example.org", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "person_not_found");
}

#[tokio::test]
async fn the_report_has_the_cli_shape() {
    let app = spawn_app().await;
    let v: Value = app
        .get("/api/report", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    for key in [
        "inbound",
        "answered_share",
        "median_first_response_minutes",
        "p90_first_response_minutes",
        "conversations",
        "true_fans",
        "evangelists",
    ] {
        assert!(
            v["meaningful"].get(key).is_some(),
            "meaningful.{key} in {v}"
        );
    }
    for key in ["followers", "likes", "comments"] {
        assert!(v["vanity"].get(key).is_some(), "vanity.{key}");
    }
    assert_eq!(v["meaningful"]["inbound"], 4);
    let r = app.get("/api/report?since=soon", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_analyzer_reads_german_and_thai() {
    let app = spawn_app().await;
    let v: Value = app
        .post(
            "/api/analyze",
            &app.viewer_token,
            json!({"text": "Der Reifen ist leider kaputt angekommen."}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["language"], "de");
    let v: Value = app
        .post(
            "/api/analyze",
            &app.viewer_token,
            json!({"text": "ยางรุ่นนี้ดีมากครับ ชอบมาก"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["language"], "th");
}

#[tokio::test]
async fn importing_over_http_stores_records_and_lists_rejections() {
    let app = spawn_app().await;
    let body = concat!(
        r#"{"channel":"instagram","external_id":"c9","kind":"comment","author":{"handle":"neu"},"text":"Wann kommt der Reifen wieder rein?","created_at":"2026-10-07T10:00:00Z"}"#,
        "\n",
        r#"{"channel":"instagram","kind":"comment"}"#,
        "\n"
    );
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let s: Value = r.json().await.unwrap();
    assert_eq!(s["imported"], 1);
    assert_eq!(s["rejected"], 1);
    assert_eq!(s["rejections"][0]["line"], 2);
    // The new message is in the inbox at once.
    assert!(app.inbox().await.iter().any(|i| i["external_id"] == "c9"));
    let r = app
        .client
        .post(app.url("/api/imports?format=myspace"))
        .bearer_auth(&app.agent_token)
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "bad_request");
}
}
