//! The dashboard's pages, through a real login.

use crate::helpers::{hidden_field, spawn_app, PASSWORD};
use reqwest::{header, StatusCode};

#[tokio::test]
async fn every_page_renders_for_a_signed_in_user_with_thai_and_german_text() {
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
            assert!(r.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("utf-8"));
            r.text().await.unwrap()
        }
    };
    let inbox = get("/").await;
    assert!(inbox.contains("ยางรุ่นนี้"), "Thai text on the inbox");
    assert!(
        inbox.contains("Habt ihr den Reifen"),
        "German text on the inbox"
    );
    assert!(inbox.contains("Record reply"));
    let person = get("/people/anna@example.org").await;
    assert!(person.contains("Anna") && person.contains("1001"));
    let ladder = get("/ladder").await;
    assert!(ladder.contains("<svg"));
    let report = get("/report").await;
    assert!(report.contains("Meaningful") && report.contains("Vanity"));
    assert_eq!(
        report.matches("<figure class=\"chart\">").count(),
        3,
        "answered share, first response and fans gained per week"
    );
    assert!(report.contains("Share of inbound answered, per week"));
    assert!(
        !report.contains("style="),
        "the CSP allows no style attributes"
    );
    assert!(ladder.contains("People per stage at the end of each week"));
    let alerts = get("/alerts").await;
    assert!(alerts.contains("Overdue"));
    let threads = get("/threads").await;
    assert!(threads.contains("ยางรุ่นนี้"));
    let settings = get("/settings").await;
    assert!(settings.contains("agent@example.org"));
    let css = app
        .client
        .get(app.url("/static/app.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.text().await.unwrap().contains("Noto Sans Thai"));
}

#[tokio::test]
async fn recording_a_reply_on_the_dashboard_moves_on_to_the_next_message() {
    let app = spawn_app().await;
    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let page = app
        .client
        .get(app.url("/"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_field(&page, "csrf").unwrap();
    let first = app.inbox().await[0]["id"].as_i64().unwrap();
    let r = app
        .client
        .post(app.url(&format!("/inbox/{first}/reply")))
        .header(header::COOKIE, &session)
        .form(&[
            ("csrf", csrf.as_str()),
            ("text", "Sorry! A new one is on its way."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/?done=reply");
    assert!(app.inbox().await.iter().all(|i| i["id"] != first));
}

#[tokio::test]
async fn only_admins_add_users_on_the_settings_page() {
    let app = spawn_app().await;
    for (who, status) in [
        ("agent@example.org", StatusCode::FORBIDDEN),
        ("admin@example.org", StatusCode::OK),
    ] {
        let session = app.login(who, PASSWORD).await.ok().unwrap();
        let page = app
            .client
            .get(app.url("/settings"))
            .header(header::COOKIE, &session)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_field(&page, "csrf").unwrap();
        let r = app
            .client
            .post(app.url("/settings/users"))
            .header(header::COOKIE, &session)
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "new@example.org"),
                ("role", "viewer"),
                ("password", "long enough password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), status, "{who}");
    }
    assert!(app
        .store
        .user_by_email("new@example.org")
        .unwrap()
        .is_some());
}
