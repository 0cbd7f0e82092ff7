//! Searching people and messages in any language.

use crate::helpers::{spawn_app, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn search(app: &crate::helpers::TestApp, q: &str) -> Value {
    let r = app
        .client
        .get(app.url("/api/search"))
        .query(&[("q", q)])
        .bearer_auth(&app.viewer_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{q}");
    r.json().await.unwrap()
}

fn texts(found: &Value) -> Vec<String> {
    found["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_string())
        .collect()
}

fn names(found: &Value) -> Vec<String> {
    found["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

rapport_store::both! {
#[tokio::test]
async fn search_finds_thai_german_names_handles_and_emails() {
    let app = spawn_app().await;
    // Thai has no spaces: a word inside a sentence is found.
    let thai = search(&app, "จักรยาน").await;
    assert_eq!(texts(&thai), vec!["ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ"]);
    assert_eq!(thai["messages"][0]["name"], "สมชาย ใจดี");
    // German: case and accents do not matter, and every word must match.
    let german = search(&app, "reifen ZOLL").await;
    assert_eq!(texts(&german).len(), 1);
    assert!(texts(&german)[0].starts_with("Habt ihr den Reifen"));
    assert!(texts(&search(&app, "Reifen Fahrrad").await).is_empty());
    assert_eq!(names(&search(&app, "muller").await), vec!["Klaus Müller"]);
    // People by handle and by email, with their stage.
    let by_handle = search(&app, "bob.bik").await;
    assert_eq!(names(&by_handle), vec!["Bob"]);
    assert!(by_handle["people"][0]["stage"].is_string());
    assert_eq!(names(&search(&app, "anna@example").await), vec!["Anna"]);
    // The shop's own replies are found too, marked as the shop's.
    let reply = search(&app, "Yes, it does").await;
    assert_eq!(reply["messages"][0]["from_brand"], true);
    // Under the shop's name and no person: the shop has no person page.
    assert_eq!(reply["messages"][0]["name"], "Trailwerk", "{reply}");
    assert!(reply["messages"][0]["person"].is_null(), "{reply}");
    let asked = search(&app, "fit 29er").await;
    assert_eq!(asked["messages"][0]["name"], "Anna", "{asked}");
    assert!(asked["messages"][0]["person"].is_i64(), "{asked}");
    // A message stored after a search is found by the next one.
    let more = r#"{"channel":"instagram","external_id":"c9","kind":"comment","author":{"handle":"lina.velo","display_name":"Lina"},"text":"Gibt es das Schlauchlos-Ventil einzeln?","created_at":"2026-10-07T10:00:00Z","post_id":"p1"}"#;
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(more)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        texts(&search(&app, "schlauchlos").await),
        vec!["Gibt es das Schlauchlos-Ventil einzeln?"]
    );
    assert_eq!(names(&search(&app, "lina.velo").await), vec!["Lina"]);
    // Too short to search: a 400 naming the parameter.
    let r = app.get("/api/search?q=ab", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().starts_with("q "),
        "{body}"
    );
}

#[tokio::test]
async fn a_forgotten_person_cannot_be_found() {
    let app = spawn_app().await;
    assert_eq!(names(&search(&app, "anna.rides").await), vec!["Anna"]);
    assert_eq!(texts(&search(&app, "fit 29er").await).len(), 1);
    let r = app
        .post(
            "/api/people/anna@example.org/forget",
            &app.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for q in ["anna.rides", "anna@example", "Anna", "fit 29er"] {
        let found = search(&app, q).await;
        assert!(
            names(&found).is_empty() && texts(&found).is_empty(),
            "{q}: {found}"
        );
    }
}

#[tokio::test]
async fn the_search_page_names_the_shop_on_its_replies_and_links_only_real_people() {
    let app = spawn_app().await;
    let session = app.login("viewer@example.org", PASSWORD).await.unwrap();
    // "does" finds Anna's question and the shop's answer.
    let html = app.page(&session, "/search?q=does").await;
    let start = html.find("search-messages").expect("the messages found");
    let messages = &html[start..];
    let shop = messages
        .split("<li class=\"shop\">")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the shop's reply");
    assert!(shop.contains("<b>Trailwerk</b> · shop"), "{shop}");
    assert!(!shop.contains("/people/"), "{shop}");
    let people: Vec<&str> = messages
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/people/"))
        .collect();
    assert_eq!(people.len(), 1, "{messages}");
    for href in people {
        // Asserts 200: every person linked has a page.
        app.page(&session, href).await;
    }
}

#[tokio::test]
async fn a_search_says_how_many_messages_match_when_it_shows_fewer() {
    let app = spawn_app().await;
    let all = search(&app, "does").await;
    let total = all["message_total"].as_u64().expect("message_total");
    assert_eq!(total, texts(&all).len() as u64, "{all}");
    assert!(total >= 2, "{all}");
    let r = app
        .client
        .get(app.url("/api/search"))
        .query(&[("q", "does"), ("limit", "1")])
        .bearer_auth(&app.viewer_token)
        .send()
        .await
        .unwrap();
    let one: Value = r.json().await.unwrap();
    assert_eq!(texts(&one).len(), 1);
    assert_eq!(one["message_total"], total, "{one}");
    let session = app.login("viewer@example.org", PASSWORD).await.unwrap();
    let html = app.page(&session, "/search?q=does&limit=1").await;
    assert!(
        html.contains(&format!("1 of {total}, the newest stored")),
        "{html}"
    );
    assert!(html.contains("href=\"/search?q=does&#38;limit=200\""), "{html}");
    let html = app.page(&session, "/search?q=does").await;
    assert!(!html.contains("limit=200"), "all shown, nothing more: {html}");
}
}
