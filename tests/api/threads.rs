//! `GET /api/threads`, `GET /api/threads/{root}` and the thread page.

use crate::helpers::{error_code, spawn_app, PASSWORD};
use reqwest::StatusCode;
use serde_json::Value;

async fn threads(app: &crate::helpers::TestApp, query: &str) -> Value {
    let r = app
        .get(&format!("/api/threads{query}"), &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.json().await.unwrap()
}

fn keys(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect()
}

rapport_store::both! {
#[tokio::test]
async fn threads_come_latest_activity_first_and_filter_by_channel_and_answers() {
    let app = spawn_app().await;
    let all = threads(&app, "").await;
    assert_eq!(
        keys(&all),
        vec!["facebook:f1", "mastodon:m1", "instagram:c2", "instagram:c1"]
    );
    assert_eq!(all["total"], 4);
    let answered = threads(&app, "?status=answered").await;
    assert_eq!(keys(&answered), vec!["instagram:c1"]);
    assert_eq!(answered["items"][0]["message_count"], 2);
    assert_eq!(answered["items"][0]["unanswered"], 0);
    let waiting = threads(&app, "?status=unanswered&channel=instagram").await;
    assert_eq!(keys(&waiting), vec!["instagram:c2"]);
    let paged = threads(&app, "?limit=1&offset=1").await;
    assert_eq!(
        (keys(&paged), paged["total"].as_u64()),
        (vec!["mastodon:m1"], Some(4))
    );
    let bad = app
        .get("/api/threads?status=maybe", &app.viewer_token)
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(bad).await, "bad_request");
}

#[tokio::test]
async fn a_thread_lists_its_messages_in_order_with_authors_and_the_shop_reply() {
    let app = spawn_app().await;
    let r = app
        .get("/api/threads/instagram:c1", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["answered"], true);
    let m = t["messages"].as_array().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[0]["external_id"], "c1");
    assert_eq!(m[0]["author"], "Anna");
    assert_eq!(m[0]["handle"], "anna.rides");
    assert_eq!(m[0]["from_brand"], false);
    assert_eq!(m[0]["answered_at"], "2026-10-02T10:00:00Z");
    assert!(m[0]["analysis"]["language"].is_string(), "{:#}", m[0]);
    let anna: Value = app
        .get("/api/people/anna@example.org", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(m[0]["person"], anna["id"]);
    assert_eq!(m[1]["external_id"], "r1");
    assert_eq!(m[1]["from_brand"], true);
    assert_eq!(m[1]["in_reply_to"], "c1");
    assert!(m[1]["person"].is_null());
    // Any message's id names its thread too.
    let by_id: Value = app
        .get(&format!("/api/threads/{}", m[1]["id"]), &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_id["key"], "instagram:c1");
    let missing = app
        .get("/api/threads/instagram:nope", &app.viewer_token)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "thread_not_found");
}

#[tokio::test]
async fn the_thread_page_shows_thai_text_and_links_from_the_inbox_and_the_timeline() {
    let app = spawn_app().await;
    let session = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    let thai = app.page(&session, "/threads/facebook:f1").await;
    assert!(thai.contains("ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ"));
    assert!(thai.contains("สมชาย ใจดี") && thai.contains("unanswered"));
    let answered = app.page(&session, "/threads/instagram:c1").await;
    assert!(answered.contains("Yes, it does!") && answered.contains("every message answered"));
    let item = app.inbox().await[0]["id"].as_i64().unwrap();
    let inbox = app.page(&session, &format!("/?item={item}")).await;
    assert!(inbox.contains(&format!("href=\"/threads/{item}\"")));
    let person = app.page(&session, "/people/anna@example.org").await;
    assert!(person.contains("class=\"thread-link\""));
    let list = app.page(&session, "/threads?status=unanswered").await;
    assert!(list.contains("Habt ihr den Reifen") && !list.contains("Does the trail tyre fit"));
}
}
