//! Cohorts, influencers and the shop profile: API and pages.

use crate::helpers::{error_code, spawn_app, PASSWORD};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn cohorts_start_empty_and_a_plan_shows_up_in_them() {
    let app = spawn_app().await;
    let r = app.get("/api/cohorts", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let before: Value = r.json().await.unwrap();
    assert_eq!(before["cohorts"], json!([]));

    let r = app
        .post("/api/cohorts/plan", &app.agent_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let plan: Value = r.json().await.unwrap();
    assert!(plan["new"].is_boolean());
    let members = plan["members"].as_array().unwrap();
    assert!(members.len() <= 5);
    for m in members {
        assert!(m["opener"].is_string() && m["status"].is_string(), "{m}");
        assert!(m["affinity"].is_number());
    }

    let after: Value = app
        .get("/api/cohorts", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let cohorts = after["cohorts"].as_array().unwrap();
    if plan["new"] == json!(true) {
        assert_eq!(cohorts.len(), 1);
        let c = &cohorts[0];
        assert_eq!(c["id"], plan["cohort_id"]);
        assert!(c["planned_at"].is_string() && c["open"].is_boolean());
        assert_eq!(c["members"].as_array().unwrap().len(), members.len());
        for m in c["members"].as_array().unwrap() {
            assert!(m["person_id"].is_number() && m["stage_at_plan"].is_string());
        }
    } else {
        assert!(cohorts.is_empty());
        assert!(members.is_empty());
    }
}

#[tokio::test]
async fn planning_a_cohort_rejects_a_bad_size_and_viewers() {
    let app = spawn_app().await;
    let r = app
        .post("/api/cohorts/plan?size=0", &app.agent_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post("/api/cohorts/plan", &app.viewer_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "forbidden");
    let after: Value = app
        .get("/api/cohorts", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["cohorts"], json!([]), "the viewer planned nothing");
}

#[tokio::test]
async fn influencers_come_sorted_by_reach_with_alignment_and_warnings() {
    let app = spawn_app().await;
    // Two large accounts: one that talks about what the shop sells, one
    // that does not.
    let body = [
        json!({"channel":"instagram","external_id":"inf1","kind":"comment","author":{"handle":"gravel.gear.tests","followers":420000,"bio":"Gravel rides, bikepacking and trail tyre tests"},"text":"Which tyre width do you run for gravel bikepacking?","created_at":"2026-11-01T10:00:00Z","post_id":"p1"}),
        json!({"channel":"instagram","external_id":"inf2","kind":"comment","author":{"handle":"coin.lifestyle","followers":150000,"bio":"Crypto, fashion and luxury lifestyle"},"text":"Nice colours on that jacket","created_at":"2026-11-01T11:00:00Z","post_id":"p1"}),
    ]
    .iter()
    .map(ToString::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = app.get("/api/influencers", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert!(body["misaligned_below"].is_number());
    let items = body["items"].as_array().unwrap();
    let mut last = f64::INFINITY;
    for i in items {
        assert!(i["person"]["labels"]
            .as_array()
            .unwrap()
            .contains(&json!("influencer")));
        let reach = i["reach"].as_f64().unwrap();
        assert!(reach <= last);
        last = reach;
        assert!(i["alignment"].is_number());
        assert_eq!(i["mismatch"].as_bool().unwrap(), i["warning"].is_string());
    }
    let find = |handle: &str| {
        items
            .iter()
            .find(|i| i["person"]["identities"][0]["handle"] == handle)
            .unwrap_or_else(|| panic!("{handle} is listed: {body:#}"))
    };
    assert_eq!(find("gravel.gear.tests")["mismatch"], json!(false));
    assert_eq!(find("coin.lifestyle")["mismatch"], json!(true));
}

#[tokio::test]
async fn the_profile_is_the_built_in_one_without_a_file() {
    let app = spawn_app().await;
    let r = app.get("/api/profile", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["from_file"], json!(false));
    assert!(body["path"].as_str().unwrap().ends_with("rapport.toml"));
    let p = &body["profile"];
    assert_eq!(p["name"], json!("Trailwerk"));
    assert!(!p["topics"].as_array().unwrap().is_empty());
    assert!(p["values"].is_array() && p["revenue_goal"].is_number());
}

#[tokio::test]
async fn cohort_and_influencer_pages_render_for_a_signed_in_user() {
    let app = spawn_app().await;
    let session = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let get = |path: &'static str| {
        let req = app
            .client
            .get(app.url(path))
            .header(header::COOKIE, session.clone());
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.text().await.unwrap()
        }
    };
    let cohorts = get("/cohorts").await;
    assert!(cohorts.contains("Plan the next five"));
    assert!(cohorts.contains(r#"action="/cohorts/plan""#));
    assert!(cohorts.contains(r#"name="csrf""#));
    assert!(
        cohorts.contains(r#"href="/influencers""#),
        "in the navigation"
    );
    let influencers = get("/influencers").await;
    assert!(influencers.contains("<svg class=\"scatter\""));
    assert!(
        influencers.contains(r#"href="/cohorts""#),
        "in the navigation"
    );
    let settings = get("/settings").await;
    assert!(settings.contains("Shop profile") && settings.contains("Trailwerk"));
}
