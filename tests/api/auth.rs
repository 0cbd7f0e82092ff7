//! Who may call what.

use crate::helpers::{
    cookie, error_code, hidden_field, set_cookie, spawn_app, spawn_app_with, PASSWORD,
};
use rapport_server::{Config, ConnectionLimits};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

rapport_store::both! {
#[tokio::test]
async fn health_answers_without_authentication() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn api_without_credentials_answers_401_with_the_error_shape() {
    let app = spawn_app().await;
    for path in [
        "/api/people",
        "/api/inbox",
        "/api/report",
        "/api/openapi.json",
        "/api/nope",
    ] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(error_code(r).await, "unauthorized", "{path}");
    }
}

#[tokio::test]
async fn a_wrong_bearer_token_is_refused() {
    let app = spawn_app().await;
    let r = app.get("/api/people", "rpt_not-a-token").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "unauthorized");
}

#[tokio::test]
async fn pages_without_a_session_redirect_to_the_login_page() {
    let app = spawn_app().await;
    for path in ["/", "/ladder", "/report", "/settings", "/people/1"] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        let to = r.headers()[header::LOCATION].to_str().unwrap();
        assert!(to.starts_with("/login?next="), "{path} → {to}");
    }
}

#[tokio::test]
async fn a_token_reads_the_api() {
    let app = spawn_app().await;
    let r = app.get("/api/me", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["email"], "viewer@example.org");
    assert_eq!(me["role"], "viewer");
    assert_eq!(me["via"], "token");
    let r = app.get("/api/people", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = app
        .get("/api/me", &app.admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn a_viewer_cannot_write_and_gets_403() {
    let app = spawn_app().await;
    let id = app.inbox().await[0]["id"].as_i64().unwrap();
    for (path, body) in [
        (format!("/api/inbox/{id}/reply"), json!({"text": "Thanks!"})),
        (format!("/api/inbox/{id}/handled"), json!({})),
        (format!("/api/inbox/{id}/notes"), json!({"text": "hm"})),
    ] {
        let r = app.post(&path, &app.viewer_token, body).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(error_code(r).await, "forbidden");
    }
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.viewer_token)
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Reading still works, and so does the analyzer, which stores nothing.
    assert_eq!(
        app.inbox().await.iter().filter(|i| i["id"] == id).count(),
        1
    );
    let r = app
        .post(
            "/api/analyze",
            &app.viewer_token,
            json!({"text": "Love it!"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn login_sets_an_http_only_session_cookie_and_writes_need_its_csrf_token() {
    let app = spawn_app().await;
    let session = app
        .login("agent@example.org", PASSWORD)
        .await
        .unwrap_or_else(|r| panic!("login failed: {}", r.status()));

    // The session reads pages and the API.
    let page = app
        .client
        .get(app.url("/"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    let csrf = hidden_field(&html, "csrf").expect("forms carry the CSRF token");
    let me: Value = app
        .client
        .get(app.url("/api/me"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["via"], "session");
    assert_eq!(me["csrf"], csrf.as_str());

    let id = app.inbox().await[0]["id"].as_i64().unwrap();
    // A write without the token is refused, with it accepted.
    let forged = app
        .client
        .post(app.url(&format!("/api/inbox/{id}/handled")))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(forged).await, "csrf_failed");
    let form = app
        .post_form(
            &session,
            &format!("/inbox/{id}/note"),
            &[("csrf", "wrong"), ("text", "forged")],
        )
        .await;
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let ok = app
        .client
        .post(app.url(&format!("/api/inbox/{id}/handled")))
        .header(header::COOKIE, &session)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let ok = app
        .post_form(
            &session,
            &format!("/inbox/{id}/note"),
            &[("csrf", csrf.as_str()), ("text", "called them back")],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);

    // Logging out ends the session.
    let out = app
        .post_form(&session, "/logout", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let after = app
        .client
        .get(app.url("/api/me"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/login")).send().await.unwrap();
    let nonce = cookie(&page, "rapport_login").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let r = app
        .post_form(
            &nonce,
            "/login",
            &[
                ("email", "admin@example.org"),
                ("password", PASSWORD),
                ("csrf", csrf.as_str()),
                ("next", "/report"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/report");
    let c = set_cookie(&r, "rapport_session").unwrap();
    assert!(c.contains("HttpOnly"), "{c}");
    assert!(c.contains("SameSite=Lax"), "{c}");
}

#[tokio::test]
async fn login_never_redirects_to_another_host() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/login")).send().await.unwrap();
    let nonce = cookie(&page, "rapport_login").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let mut session = String::new();
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "/%2F%2Fevil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\r\nLocation: //evil.example",
    ] {
        let r = app
            .post_form(
                &nonce,
                "/login",
                &[
                    ("email", "admin@example.org"),
                    ("password", PASSWORD),
                    ("csrf", csrf.as_str()),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()[header::LOCATION], "/", "{next:?}");
        session = cookie(&r, "rapport_session").unwrap();
    }
    // A signed-in visit to the login page follows `next` the same way.
    for query in [
        "next=/%09/evil.example",
        "next=//evil.example",
        "next=/%5Cevil.example",
    ] {
        let r = app
            .client
            .get(app.url(&format!("/login?{query}")))
            .header(header::COOKIE, &session)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{query}");
        assert_eq!(r.headers()[header::LOCATION], "/", "{query}");
    }
    let r = app
        .client
        .get(app.url("/login?next=/people/1"))
        .header(header::COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[header::LOCATION], "/people/1");
}

#[tokio::test]
async fn a_login_form_without_its_nonce_is_refused() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("csrf", "made-up"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(cookie(&r, "rapport_session").is_none());
}

#[tokio::test]
async fn failed_logins_are_rate_limited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let r = app
            .login("agent@example.org", "wrong password")
            .await
            .unwrap_err();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let r = app.login("agent@example.org", PASSWORD).await.unwrap_err();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn parallel_wrong_passwords_are_checked_at_most_five_times() {
    // Thirty guesses at once: the limit must hold while all of them are
    // still being checked, not only after the first failures are counted.
    let app = spawn_app().await;
    let page = app.client.get(app.url("/login")).send().await.unwrap();
    let nonce = cookie(&page, "rapport_login").unwrap();
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").unwrap();
    let guesses: Vec<_> = (0..30)
        .map(|i| {
            let request = app
                .client
                .post(app.url("/login"))
                .header(header::COOKIE, &nonce)
                .form(&[
                    ("email", "agent@example.org".to_string()),
                    ("password", format!("guess number {i}")),
                    ("csrf", csrf.clone()),
                ]);
            tokio::spawn(async move { request.send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked, rapport_server::auth::MAX_FAILURES, "{statuses:?}");
    assert_eq!(checked + refused, statuses.len(), "{statuses:?}");
    // Within the window even the right password is refused.
    let r = app.login("agent@example.org", PASSWORD).await.unwrap_err();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_login_does_not_use_up_an_attempt() {
    let app = spawn_app().await;
    for _ in 0..rapport_server::auth::MAX_FAILURES + 2 {
        app.login("admin@example.org", PASSWORD)
            .await
            .unwrap_or_else(|r| panic!("login refused: {}", r.status()));
    }
    // Four failures still leave room for the right password.
    for _ in 0..rapport_server::auth::MAX_FAILURES - 1 {
        let r = app.login("admin@example.org", "nope").await.unwrap_err();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    assert!(app.login("admin@example.org", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/health", "/login", "/api/people"] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        let h = r.headers();
        assert!(
            h[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'self'"),
            "{path}"
        );
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert!(h.contains_key(header::REFERRER_POLICY), "{path}");
    }
}

#[tokio::test]
async fn a_second_login_page_keeps_the_first_forms_nonce() {
    // Browsers fetch /favicon.ico and open tabs; neither may void a form.
    let app = spawn_app().await;
    let first = app.client.get(app.url("/login")).send().await.unwrap();
    let nonce = cookie(&first, "rapport_login").unwrap();
    let csrf = hidden_field(&first.text().await.unwrap(), "csrf").unwrap();
    let second = app
        .client
        .get(app.url("/login"))
        .header(header::COOKIE, &nonce)
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie(&second, "rapport_login").as_deref(),
        Some(nonce.as_str())
    );
    let icon = app
        .client
        .get(app.url("/favicon.ico"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    let r = app
        .post_form(
            &nonce,
            "/login",
            &[
                ("email", "admin@example.org"),
                ("password", PASSWORD),
                ("csrf", csrf.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_token_past_its_rate_is_told_to_wait_and_other_tokens_are_not() {
    let config = Config {
        token_rate: rapport_server::auth::TokenRate {
            per_second: 2,
            burst: 5,
        },
        ..Config::default()
    };
    let app = spawn_app_with(config, ConnectionLimits::default()).await;
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..8 {
        let r = app.get("/api/me", &app.agent_token).await;
        statuses.push(r.status().as_u16());
        if r.status() == StatusCode::TOO_MANY_REQUESTS && refused.is_none() {
            refused = Some(r);
        }
    }
    // The burst passes; the rest of the eight (sent within a second or
    // two) find the bucket empty but for what trickled back.
    assert_eq!(&statuses[..5], &[200; 5], "{statuses:?}");
    assert!(statuses[5..].contains(&429), "{statuses:?}");
    let refused = refused.expect("a refusal");
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    assert_eq!(error_code(refused).await, "too_many_requests");
    // Another token has its own bucket.
    let r = app.get("/api/me", &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    // After the wait, the first token may go on.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let r = app.get("/api/me", &app.agent_token).await;
    assert_eq!(r.status(), StatusCode::OK);
}
}
