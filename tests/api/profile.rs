//! `PUT /api/profile` and the Settings form that edits the profile.

use crate::helpers::{error_code, hidden_field, spawn_app, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn kettenblatt() -> Value {
    json!({
        "name": "Kettenblatt",
        "revenue_goal": 1000.0,
        "currency": "EUR",
        "topics": ["gravel", "Reifen", "ยาง"],
        "values": ["repair"],
        "channels": {"instagram": "@kettenblatt"},
        "rates": {"THB": 0.026}
    })
}

rapport_store::both! {
#[tokio::test]
async fn only_an_admin_may_replace_the_profile() {
    let app = spawn_app().await;
    for token in [&app.viewer_token, &app.agent_token] {
        let r = app.put("/api/profile", token, kettenblatt()).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(r).await, "forbidden");
    }
    let shown: Value = app
        .get("/api/profile", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["profile"]["name"], "Trailwerk", "nothing changed");
    assert_eq!(shown["from_file"], false);
}

#[tokio::test]
async fn an_admin_replaces_the_profile_the_file_holds_it_and_the_engine_uses_it() {
    let app = spawn_app().await;
    let r = app
        .put("/api/profile", &app.admin_token, kettenblatt())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let shown: Value = r.json().await.unwrap();
    assert_eq!(shown["from_file"], true);
    assert_eq!(shown["profile"]["channels"]["instagram"], "kettenblatt");
    assert_eq!(
        shown["profile"]["topics"],
        json!(["gravel", "reifen", "ยาง"])
    );
    let file = std::fs::read_to_string(shown["path"].as_str().unwrap()).unwrap();
    assert!(
        file.contains("Kettenblatt") && file.contains("ยาง"),
        "{file}"
    );
    let again: Value = app
        .get("/api/profile", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["profile"]["name"], "Kettenblatt");
    // The report's revenue goal is the new one.
    let report: Value = app
        .get("/api/report", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        report["goal"]["revenue_goal"], 1000.0,
        "{:#}",
        report["goal"]
    );
}

#[tokio::test]
async fn an_invalid_profile_is_a_400_that_names_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let mut bad_currency = kettenblatt();
    bad_currency["currency"] = json!("euro");
    let mut negative = kettenblatt();
    negative["revenue_goal"] = json!(-5);
    let mut typo = kettenblatt();
    typo["topic"] = json!(["gravel"]);
    let mut nameless = kettenblatt();
    nameless["name"] = json!("  ");
    let mut bad_rate = kettenblatt();
    bad_rate["rates"] = json!({"EURO": 1.0});
    for (body, needle) in [
        (bad_currency, "currency"),
        (negative, "revenue_goal"),
        (typo, "topic"),
        (nameless, "name"),
        (bad_rate, "EURO"),
    ] {
        let r = app.put("/api/profile", &app.admin_token, body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{needle}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["code"], "bad_request");
        assert!(v["message"].as_str().unwrap().contains(needle), "{v}");
    }
    let shown: Value = app
        .get("/api/profile", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["from_file"], false);
}

#[tokio::test]
async fn the_settings_form_saves_the_profile_for_admins_only() {
    let app = spawn_app().await;
    let admin = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let page = app.page(&admin, "/settings").await;
    assert!(page.contains("action=\"/settings/profile\""));
    let csrf = hidden_field(&page, "csrf").unwrap();
    let form = [
        ("csrf", csrf.as_str()),
        ("name", "Kettenblatt"),
        ("revenue_goal", "120 000"),
        ("currency", "chf"),
        ("topics", "gravel, Schotter"),
        ("values", ""),
        (
            "channels",
            "instagram = kettenblatt\nbluesky kettenblatt.bsky.social",
        ),
        ("rates", "EUR = 1.05"),
    ];
    let r = app.post_form(&admin, "/settings/profile", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Profile saved"));
    let shown: Value = app
        .get("/api/profile", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["profile"]["currency"], "CHF");
    assert_eq!(shown["profile"]["revenue_goal"], 120000.0);
    assert_eq!(
        shown["profile"]["channels"]["bluesky"],
        "kettenblatt.bsky.social"
    );

    // A problem is shown above the form and nothing is saved.
    let mut broken = form;
    broken[3] = ("currency", "euro");
    let r = app.post_form(&admin, "/settings/profile", &broken).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("The profile was not saved"));

    // An agent sees no form and may not post one.
    let agent = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let page = app.page(&agent, "/settings").await;
    assert!(!page.contains("action=\"/settings/profile\""));
    let csrf = hidden_field(&page, "csrf").unwrap();
    let r = app
        .post_form(
            &agent,
            "/settings/profile",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Mine"),
                ("revenue_goal", "1"),
                ("currency", "EUR"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
}

rapport_store::both! {
#[tokio::test]
async fn the_dashboard_writes_every_moment_in_the_shops_time_zone() {
    let app = spawn_app().await;
    let body = format!(
        "{}\n",
        json!({"channel":"x","external_id":"tz1","kind":"mention","author":{"handle":"sommer"},
               "text":"Zeitzonenprobe: does the gravel tyre fit?","created_at":"2026-07-15T22:30:00Z"}),
    );
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let admin = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let found = |page: &str| {
        let at = page.rfind("Zeitzonenprobe:").expect("the message is found");
        page[..at].to_string()
    };
    // The built-in shop is in Berlin: 22:30 UTC in July is 00:30 the
    // next day there (summer time).
    let page = app.page_in(&admin, "/search?q=Zeitzonenprobe", "en").await;
    assert!(found(&page).contains("2026-07-16 00:30"), "{page}");
    let settings = app.page(&admin, "/settings").await;
    assert!(
        settings.contains("Europe/Berlin"),
        "the settings name the zone"
    );
    // Bangkok is seven hours ahead all year; the API keeps UTC.
    let mut update = kettenblatt();
    update["timezone"] = json!("asia/bangkok");
    let r = app.put("/api/profile", &app.admin_token, update).await;
    assert_eq!(r.status(), StatusCode::OK);
    let shown: Value = r.json().await.unwrap();
    assert_eq!(shown["profile"]["timezone"], "Asia/Bangkok");
    let page = app.page_in(&admin, "/search?q=Zeitzonenprobe", "de").await;
    assert!(found(&page).contains("16.07.2026 05:30"), "{page}");
    let hits: Value = app
        .get("/api/search?q=Zeitzonenprobe", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert!(hits.to_string().contains("2026-07-15T22:30:00Z"), "{hits}");
    // A zone left out keeps the one set; an unknown one is a 400 naming
    // the field, and nothing changes.
    let r = app
        .put("/api/profile", &app.admin_token, kettenblatt())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let shown: Value = r.json().await.unwrap();
    assert_eq!(shown["profile"]["timezone"], "Asia/Bangkok");
    let mut bad = kettenblatt();
    bad["timezone"] = json!("Mars/Olympus");
    let r = app.put("/api/profile", &app.admin_token, bad).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.unwrap();
    assert!(v["message"].as_str().unwrap().contains("timezone"), "{v}");
    // The settings form sets it too.
    let page = app.page(&admin, "/settings").await;
    let csrf = hidden_field(&page, "csrf").unwrap();
    let r = app
        .post_form(
            &admin,
            "/settings/profile",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Kettenblatt"),
                ("revenue_goal", "1000"),
                ("currency", "EUR"),
                ("timezone", "UTC"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The page that answers the change is written in the new zone
    // already: the API tokens made a moment ago show their UTC minute.
    let answer = r.text().await.unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let minutes: Vec<String> = (0..3)
        .map(|m| rapport_core::Timestamp(now - 60 * m).to_rfc3339()[..16].replace('T', " "))
        .collect();
    assert!(
        minutes.iter().any(|m| answer.contains(m.as_str())),
        "one of {minutes:?} in {answer}"
    );
    let page = app.page_in(&admin, "/search?q=Zeitzonenprobe", "th").await;
    assert!(found(&page).contains("15/07/2569 22:30"), "{page}");
}
}
