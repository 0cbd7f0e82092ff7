//! The value-first log: `/api/touches`, the influencers' ledger and the
//! person page's form.

use crate::helpers::{blocking, error_code, hidden_field, spawn_app, TestApp, PASSWORD};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

/// Logs a touch as `token`; returns the answer's status and body.
async fn log(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let r = app.post("/api/touches", token, body).await;
    let status = r.status();
    (status, r.json().await.unwrap())
}

/// Everyone's touches, as a viewer reads them.
async fn all_touches(app: &TestApp) -> Vec<Value> {
    let r = app.get("/api/touches", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["touches"].as_array().unwrap().clone()
}

rapport_store::both! {
#[tokio::test]
async fn a_sample_logged_before_an_ask_makes_the_ledger_value_first() {
    let app = spawn_app().await;
    let (status, asked) = log(
        &app,
        &app.agent_token,
        json!({"person": "anna@example.org", "kind": "ask", "note": "Would you post a photo of the tyre?"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(asked["touch"]["kind"], "ask");
    assert_eq!(asked["touch"]["by"], "agent@example.org");
    assert_eq!(asked["ledger"]["value_first"], false, "only an ask so far");
    assert_eq!(asked["ledger"]["warning"], "asked before giving anything");

    let (status, given) = log(
        &app,
        &app.agent_token,
        json!({"person": "instagram:anna.rides", "kind": "sample", "note": "Sent a pair of trail tyres to try",
               "at": "2026-10-07T09:00:00Z"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{given}");
    assert_eq!(given["touch"]["at"], "2026-10-07T09:00:00Z");
    assert_eq!(given["touch"]["person"], asked["touch"]["person"]);
    let ledger = &given["ledger"];
    assert_eq!(
        (ledger["given"].as_u64(), ledger["asked"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(ledger["value_first"], true, "{ledger}");
    assert_eq!(ledger["warning"], Value::Null);
    assert!(
        ledger["last_at"].as_i64().unwrap() > 1_790_000_000,
        "the ask, logged now, is the latest: {ledger}"
    );

    // Oldest first: the earlier sample before the ask logged first.
    let r = app
        .get("/api/touches?person=anna@example.org", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let listed: Value = r.json().await.unwrap();
    let kinds: Vec<&str> = listed["touches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["sample", "ask"]);
    assert_eq!(listed["touches"][0]["name"], "Anna");
    assert_eq!(listed["ledger"], given["ledger"]);
    assert_eq!(all_touches(&app).await.len(), 2);
}

#[tokio::test]
async fn a_touch_of_an_unknown_kind_or_without_a_note_is_refused_naming_the_field() {
    let app = spawn_app().await;
    for (body, field) in [
        (
            json!({"person": "anna@example.org", "kind": "bribe", "note": "cash"}),
            "kind",
        ),
        (
            json!({"person": "anna@example.org", "kind": "gift", "note": "  "}),
            "note",
        ),
        (
            json!({"person": "anna@example.org", "kind": "gift", "note": "socks", "at": "last week"}),
            "at",
        ),
    ] {
        let r = app
            .post("/api/touches", &app.agent_token, body.clone())
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["code"], "bad_request");
        assert!(
            v["message"].as_str().unwrap().starts_with(field),
            "{field}: {v}"
        );
    }
    assert!(all_touches(&app).await.is_empty(), "nothing was stored");
}

#[tokio::test]
async fn a_touch_for_an_unknown_person_is_not_found() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/touches",
            &app.agent_token,
            json!({"person": "nobody@example.org", "kind": "gift", "note": "a cap"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "person_not_found");
    let r = app
        .get("/api/touches?person=nobody@example.org", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(r).await, "person_not_found");
    assert!(all_touches(&app).await.is_empty());
}

#[tokio::test]
async fn a_viewer_may_not_log_a_touch_and_nothing_is_stored() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/touches",
            &app.viewer_token,
            json!({"person": "anna@example.org", "kind": "gift", "note": "a cap"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(r).await, "forbidden");
    assert!(all_touches(&app).await.is_empty());
    assert!(blocking(|| app.store.touches()).unwrap().is_empty());
    // An admin may.
    let (status, _) = log(
        &app,
        &app.admin_token,
        json!({"person": "anna@example.org", "kind": "gift", "note": "a cap"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn the_influencers_api_and_page_show_each_ledger() {
    let app = spawn_app().await;
    let big = json!({"channel":"instagram","external_id":"inf1","kind":"comment","author":{"handle":"gravel.gear.tests","followers":420000,"bio":"Gravel rides, bikepacking and trail tyre tests"},"text":"Which tyre width do you run for gravel bikepacking?","created_at":"2026-11-01T10:00:00Z","post_id":"p1"});
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(big.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Read once, so the touch must invalidate what was computed.
    let before: Value = app
        .get("/api/influencers", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let ledger_of = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["person"]["identities"][0]["handle"] == "gravel.gear.tests")
            .map(|i| i["touches"].clone())
            .unwrap_or_else(|| panic!("the influencer is listed: {v:#}"))
    };
    assert_eq!(ledger_of(&before)["given"], 0);
    assert_eq!(ledger_of(&before)["value_first"], true);
    let (status, _) = log(
        &app,
        &app.agent_token,
        json!({"person": "instagram:gravel.gear.tests", "kind": "ask", "note": "Review our tyre?"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let after: Value = app
        .get("/api/influencers", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let ledger = ledger_of(&after);
    assert_eq!(
        (ledger["given"].as_u64(), ledger["asked"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(ledger["value_first"], false);
    assert_eq!(ledger["warning"], "asked before giving anything");
    assert!(
        ledger["last_at"].is_i64(),
        "seconds since the epoch: {ledger}"
    );

    let session = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    let page = app.page(&session, "/influencers").await;
    assert!(page.contains("given / asked"));
    assert!(page.contains("0 / 1"), "the ledger's counts are shown");
    assert!(page.contains("asked before giving anything"));
}

#[tokio::test]
async fn the_person_page_logs_a_touch_only_with_the_forms_csrf_token() {
    let app = spawn_app().await;
    let anna: Value = app
        .get("/api/people/anna@example.org", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let id = anna["id"].as_i64().unwrap();
    let viewer = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    let seen = app.page(&viewer, &format!("/people/{id}")).await;
    assert!(seen.contains("Given and asked"));
    assert!(!seen.contains("Log a touch"), "viewers get no form");

    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let page = app.page(&session, &format!("/people/{id}")).await;
    assert!(page.contains("Log a touch"));
    assert!(page.contains(&format!(r#"action="/people/{id}/touches""#)));
    assert!(page.contains("Nothing logged yet"));
    let csrf = hidden_field(&page, "csrf").unwrap();
    let note = "ส่งยางให้ลองฟรี — Reifen zum Testen geschickt";
    let post = |form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url(&format!("/people/{id}/touches")))
            .header(header::COOKIE, &session)
            .form(&form)
            .send()
    };
    let forged = post(vec![("kind", "sample".into()), ("note", note.into())])
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(
        all_touches(&app).await.is_empty(),
        "nothing stored without the token"
    );

    let r = post(vec![
        ("csrf", csrf),
        ("kind", "sample".into()),
        ("note", note.into()),
    ])
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        format!("/people/{id}?done=touch#touches").as_str()
    );
    let page = app
        .page(&session, &format!("/people/{id}?done=touch"))
        .await;
    assert!(page.contains("Touch logged."));
    assert!(page.contains(note), "Thai and German text render");
    assert!(page.contains("1 given, 0 asked: nothing asked yet."));
    assert!(page.contains("agent@example.org"));
    let stored = all_touches(&app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["by"], "agent@example.org");
}
}
