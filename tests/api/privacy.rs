//! Privacy on the real server: exports and erasure for admins only, the
//! audit log of who viewed what, token expiry, and the settings page's
//! user removal and token revocation.

use crate::helpers::{blocking, error_code, hidden_field, spawn_app, TestApp, PASSWORD, SHOP};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

/// The audit entries as `(actor, action, target, detail)`, newest first.
async fn audit(app: &TestApp) -> Vec<(String, String, String, String)> {
    let r = app.get("/api/audit?limit=500", &app.admin_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("actor"), s("action"), s("target"), s("detail"))
        })
        .collect()
}

/// A signed-in admin's session cookie and the CSRF token of its forms.
async fn admin_session(app: &TestApp) -> (String, String) {
    let session = app.login("admin@example.org", PASSWORD).await.unwrap();
    let page = app.page(&session, "/settings").await;
    let csrf = hidden_field(&page, "csrf").expect("settings forms carry the CSRF token");
    (session, csrf)
}

rapport_store::both! {
#[tokio::test]
async fn only_admins_export_forget_and_read_the_audit_log() {
    let app = spawn_app().await;
    for token in [&app.viewer_token, &app.agent_token] {
        for path in [
            "/api/people/anna@example.org/export",
            "/api/audit",
            "/api/privacy-requests",
        ] {
            let r = app.get(path, token).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "GET {path}");
            assert_eq!(error_code(r).await, "forbidden");
        }
        let r = app
            .post("/api/people/anna@example.org/forget", token, json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    // Nothing was exported or erased by those.
    assert!(audit(&app).await.is_empty());

    let r = app
        .get("/api/people/instagram:anna.rides/export", &app.admin_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["emails"], json!(["anna@example.org"]));
    assert_eq!(
        doc["interactions"][0]["text"],
        "Does the trail tyre fit a 29er?"
    );
    assert_eq!(doc["shop_replies"][0]["text"], "Yes, it does!");
    assert_eq!(doc["orders"][0]["order_id"], "1001");
    let id = doc["person"]["id"].as_i64().unwrap();

    let r = app
        .post(
            "/api/people/anna@example.org/forget",
            &app.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let erased: Value = r.json().await.unwrap();
    assert_eq!(erased["person"], id);
    assert_eq!(erased["interactions"], 1);
    assert_eq!(erased["orders"], 1);
    for path in [
        "/api/people/anna@example.org",
        "/api/people/instagram:anna.rides",
        &format!("/api/people/{id}"),
    ] {
        let r = app.get(path, &app.admin_token).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "GET {path}");
    }
    let r = app
        .post(
            "/api/people/anna@example.org/forget",
            &app.admin_token,
            json!({}),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "nobody to forget twice"
    );
    // The shop itself is no one to forget.
    let r = app
        .post("/api/people/trailwerk/forget", &app.admin_token, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let log = audit(&app).await;
    let target = format!("person:{id}");
    let mine: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e.2 == target)
        .map(|e| (e.0.as_str(), e.1.as_str()))
        .collect();
    assert_eq!(
        mine,
        [
            ("admin@example.org", "person.forget"),
            ("admin@example.org", "person.export")
        ]
    );
    // The report still counts her words.
    let report: Value = app
        .get("/api/report", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["meaningful"]["inbound"], 4, "{report:#}");
    assert_eq!(report["meaningful"]["answered"], 1, "{report:#}");
}

#[tokio::test]
async fn viewing_a_person_through_the_api_or_the_dashboard_is_audited() {
    let app = spawn_app().await;
    let r = app.get("/api/people/bob.bikes", &app.agent_token).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bob: Value = r.json().await.unwrap();
    let r = app
        .get("/api/people/bob.bikes/interactions", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let session = app.login("agent@example.org", PASSWORD).await.unwrap();
    app.page(&session, "/people/bob.bikes").await;
    // A person who does not exist is not a view of anyone.
    let r = app.get("/api/people/nobody", &app.agent_token).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let target = format!("person:{}", bob["id"]);
    let log = audit(&app).await;
    let views: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e.1 == "person.view")
        .map(|e| (e.0.as_str(), e.2.as_str()))
        .collect();
    assert_eq!(
        views,
        [
            ("agent@example.org", target.as_str()),
            ("viewer@example.org", target.as_str()),
            ("agent@example.org", target.as_str()),
        ]
    );
    assert!(log[0].3.contains("dashboard"), "{log:?}");
    // The log names no words of the person.
    assert!(log.iter().all(|e| !e.3.contains("broken")));
}

#[tokio::test]
async fn an_expired_or_revoked_token_is_refused_with_401() {
    let app = spawn_app().await;
    let user = blocking(|| app.store.user_by_email("agent@example.org"))
        .unwrap()
        .unwrap();
    let now = rapport_engine::now();
    let mut tokens = Vec::new();
    for expires in [now - 1, now + 3600] {
        let t = rapport_server::auth::new_api_token().unwrap();
        blocking(|| {
            app.store
                .create_api_token(user.id, &t.hash, &t.prefix, now - 10, Some(expires))
        })
        .unwrap();
        tokens.push(t.token);
    }
    let r = app.get("/api/inbox", &tokens[0]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(r).await, "unauthorized");
    assert_eq!(
        app.get("/api/inbox", &tokens[1]).await.status(),
        StatusCode::OK
    );
    // Revoked from the settings page: refused from then on.
    let (session, csrf) = admin_session(&app).await;
    let id = blocking(|| app.store.api_tokens())
        .unwrap()
        .into_iter()
        .find(|t| tokens[1].starts_with(&t.prefix) && t.expires_at == Some(now + 3600))
        .unwrap()
        .id;
    let r = app
        .post_form(
            &session,
            &format!("/settings/tokens/{id}/revoke"),
            &[("csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/inbox", &tokens[1]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let log = audit(&app).await;
    assert_eq!(log[0].1, "token.revoke");
    assert_eq!(log[0].2, format!("token:{id}"));
}

#[tokio::test]
async fn admins_remove_users_and_make_expiring_tokens_on_the_settings_page() {
    let app = spawn_app().await;
    let (session, csrf) = admin_session(&app).await;
    let page = app.page(&session, "/settings").await;
    assert!(
        page.contains("<th>expires</th>"),
        "tokens show their expiry"
    );
    let agent = blocking(|| app.store.user_by_email("agent@example.org"))
        .unwrap()
        .unwrap();
    let admin = blocking(|| app.store.user_by_email("admin@example.org"))
        .unwrap()
        .unwrap();
    let remove = |id: i64| format!("/settings/users/{id}/remove");
    assert!(page.contains(&format!("action=\"{}\"", remove(agent.id.0))));
    assert!(
        !page.contains(&format!("action=\"{}\"", remove(admin.id.0))),
        "no button to remove oneself"
    );
    // A token for a day.
    let r = app
        .post_form(
            &session,
            "/settings/tokens",
            &[
                ("csrf", csrf.as_str()),
                ("email", "viewer@example.org"),
                ("days", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let made = blocking(|| app.store.api_tokens())
        .unwrap()
        .into_iter()
        .max_by_key(|t| t.id)
        .unwrap();
    assert_eq!(made.user_email, "viewer@example.org");
    assert_eq!(made.expires_at, Some(made.created_at + 86_400));
    for days in ["0", "abc", "99999"] {
        let r = app
            .post_form(
                &session,
                "/settings/tokens",
                &[
                    ("csrf", csrf.as_str()),
                    ("email", "viewer@example.org"),
                    ("days", days),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "days {days}");
    }

    // Without the CSRF token nothing is removed.
    let r = app
        .post_form(&session, &remove(agent.id.0), &[("csrf", "forged")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/api/inbox", &app.agent_token).await.status(),
        StatusCode::OK
    );
    // An agent's session cannot remove anyone.
    let agent_session = app.login("agent@example.org", PASSWORD).await.unwrap();
    let agent_page = app.page(&agent_session, "/settings").await;
    let agent_csrf = hidden_field(&agent_page, "csrf").unwrap();
    assert!(!agent_page.contains("/remove\""));
    let r = app
        .post_form(
            &agent_session,
            &remove(admin.id.0),
            &[("csrf", agent_csrf.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The admin removes the agent: their token and session stop working.
    let r = app
        .post_form(&session, &remove(agent.id.0), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("Removed agent@example.org"), "{html}");
    assert_eq!(
        app.get("/api/inbox", &app.agent_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .client
        .get(app.url("/"))
        .header(header::COOKIE, &agent_session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "back to the login page");
    // An admin cannot remove themselves.
    let r = app
        .post_form(&session, &remove(admin.id.0), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let actions: Vec<String> = audit(&app).await.into_iter().map(|e| e.1).collect();
    assert_eq!(actions, ["user.remove", "token.create"]);
}

#[tokio::test]
async fn the_dashboard_forgets_a_person_only_with_the_box_ticked() {
    let app = spawn_app().await;
    let (session, csrf) = admin_session(&app).await;
    let page = app.page(&session, "/people/anna@example.org").await;
    let id = blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .unwrap()
        .0;
    assert!(page.contains(&format!("action=\"/people/{id}/forget\"")));
    assert!(page.contains(&format!("href=\"/api/people/{id}/export\"")));
    // Agents see no privacy section.
    let agent = app.login("agent@example.org", PASSWORD).await.unwrap();
    assert!(!app
        .page(&agent, "/people/anna@example.org")
        .await
        .contains("/forget\""));
    let forget = format!("/people/{id}/forget");
    let r = app
        .post_form(&session, &forget, &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_some());
    let r = app
        .post_form(
            &session,
            &forget,
            &[("csrf", csrf.as_str()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_none());
    // The shop's import of the same file skips her.
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(SHOP)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let s: Value = r.json().await.unwrap();
    assert_eq!(s["forgotten"], 2, "her comment and her order: {s:#}");
    assert_eq!(s["imported"], 0, "{s:#}");
    assert!(blocking(|| app.store.find_person("anna@example.org"))
        .unwrap()
        .is_none());
}
}
