//! The dashboard's pages, through a real login.

use crate::helpers::{blocking, hidden_field, spawn_app, PASSWORD};
use reqwest::{header, StatusCode};

rapport_store::both! {
#[tokio::test]
async fn every_page_says_so_while_the_texts_are_read_again() {
    let app = spawn_app().await;
    let session = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let notice = "Rapport is reading every stored message again";
    let before = app.page(&session, "/ladder").await;
    assert!(!before.contains(notice), "{before}");
    // A re-reading waits (held an hour, so the server's worker leaves
    // it be): every page carries the notice, in the user's language.
    let now = rapport_engine::now();
    let job = rapport_store::NewJob {
        kind: "reanalyze".into(),
        payload: "{}".into(),
        key: Some("reanalyze".into()),
        run_after: now + 3_600,
        about: None,
    };
    let queued = blocking(|| app.store.enqueue_job(&job, now)).unwrap();
    assert!(queued.is_some());
    for path in ["/", "/ladder", "/report", "/settings"] {
        let page = app.page(&session, path).await;
        assert!(
            page.contains(notice) && page.contains(r#"role="status""#),
            "{path}: {page}"
        );
    }
    let de = app.page_in(&session, "/ladder", "de").await;
    assert!(
        de.contains("liest gerade alle gespeicherten Nachrichten neu"),
        "{de}"
    );
}

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
    // An account known by its address (a review in the shop) is written
    // as the address, without an @ in front.
    let review = r#"{"channel":"shop","external_id":"rv1","kind":"review","author":{"handle":"anna@example.org","display_name":"Anna","email":"anna@example.org"},"text":"Great tyre, fits my 29er","created_at":"2026-10-09T10:00:00Z"}"#;
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(review)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let person = get("/people/anna@example.org").await;
    assert!(
        person.contains("shop anna@example.org") && !person.contains("@anna@example.org"),
        "{person}"
    );
    assert!(person.contains("instagram @anna.rides"), "{person}");
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
        .post_form(
            &session,
            &format!("/inbox/{first}/reply"),
            &[
                ("csrf", csrf.as_str()),
                ("text", "Sorry! A new one is on its way."),
            ],
        )
        .await;
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
            .post_form(
                &session,
                "/settings/users",
                &[
                    ("csrf", csrf.as_str()),
                    ("email", "new@example.org"),
                    ("role", "viewer"),
                    ("password", "long enough password"),
                ],
            )
            .await;
        assert_eq!(r.status(), status, "{who}");
    }
    assert!(blocking(|| app.store.user_by_email("new@example.org"))
        .unwrap()
        .is_some());
}
}

/// Inbound questions whose `url` fields hold what a hostile export might.
const HOSTILE_URLS: &str = r#"{"channel":"instagram","external_id":"u1","kind":"comment","author":{"handle":"mallory"},"text":"Is the rain jacket waterproof?","created_at":"2026-10-07T10:00:00Z","url":"javascript:alert(document.cookie)"}
{"channel":"instagram","external_id":"u2","kind":"comment","author":{"handle":"mallory.two"},"text":"Do you ship the helmet to Austria?","created_at":"2026-10-07T11:00:00Z","url":" JaVaScRiPt:alert(1)"}
{"channel":"instagram","external_id":"u3","kind":"comment","author":{"handle":"mallory.three"},"text":"Where is my parcel? Order 2002","created_at":"2026-10-07T12:00:00Z","url":"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="}
{"channel":"instagram","external_id":"u4","kind":"comment","author":{"handle":"mallory.four"},"text":"Can I return the gloves?","created_at":"2026-10-07T13:00:00Z","url":"vbscript:msgbox(1)"}
{"channel":"instagram","external_id":"u5","kind":"comment","author":{"handle":"mallory.five"},"text":"Is the bell loud enough for the city?","created_at":"2026-10-07T14:00:00Z","url":"/settings"}
{"channel":"instagram","external_id":"u6","kind":"comment","author":{"handle":"nina.rides"},"text":"Does the lamp fit a 31.8 bar?","created_at":"2026-10-07T15:00:00Z","url":"https://www.instagram.com/p/u6/"}
"#;

/// Every `href` value in `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

rapport_store::both! {
#[tokio::test]
async fn imported_urls_become_links_only_when_they_are_web_addresses() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(HOSTILE_URLS)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let summary: serde_json::Value = r.json().await.unwrap();
    assert_eq!(summary["imported"], 6, "{summary}");
    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let inbox = app.inbox().await;
    let mut seen = 0;
    for item in &inbox {
        let url = item["url"].as_str().unwrap_or("");
        if url.is_empty() {
            continue;
        }
        seen += 1;
        let id = item["id"].as_i64().unwrap();
        let html = app.page(&session, &format!("/?item={id}")).await;
        for href in hrefs(&html) {
            assert!(
                href.starts_with('/') && !href.starts_with("//") || href.starts_with("https://"),
                "item {id} ({url:?}) links to {href:?}"
            );
        }
        // The message's own links: the thread, and "Open on …" when linked.
        let start = html
            .find("<p class=\"links\">")
            .expect("the message's links");
        let end = start + html[start..].find("</p>").unwrap();
        let links = hrefs(&html[start..end]);
        let web = url.starts_with("https://");
        assert_eq!(links.contains(&url), web, "item {id}: {url:?} in {links:?}");
        assert_eq!(links.len(), if web { 2 } else { 1 }, "{links:?}");
        if !web {
            assert!(html[start..end].contains("not a web address"), "{url:?}");
        }
    }
    assert_eq!(seen, 6, "every imported question is in the inbox");
}

#[tokio::test]
async fn amounts_and_scores_are_written_as_the_language_writes_numbers() {
    let app = spawn_app().await;
    let session = app.login("viewer@example.org", PASSWORD).await.unwrap();
    // Anna's order: 129.90 EUR.
    let de = app
        .page_in(&session, "/people/anna@example.org", "de")
        .await;
    assert!(de.contains("129,90 EUR"), "{de}");
    assert!(
        !de.contains("129.90"),
        "no English decimal point in German: {de}"
    );
    let en = app
        .page_in(&session, "/people/anna@example.org", "en")
        .await;
    assert!(en.contains("129.90 EUR"), "{en}");
    let report = app.page_in(&session, "/report", "de").await;
    assert!(report.contains("250.000 EUR"), "the revenue goal: {report}");
    // The charts' weeks too: "07.09." in German, "09-07" in English.
    let week_labels = |html: &str, german: bool| -> usize {
        html.split("</text>")
            .filter_map(|t| t.rsplit('>').next())
            .filter(|l| {
                let b = l.as_bytes();
                let d = |i: usize| b[i].is_ascii_digit();
                if german {
                    b.len() == 6 && d(0) && d(1) && b[2] == b'.' && d(3) && d(4) && b[5] == b'.'
                } else {
                    b.len() == 5 && d(0) && d(1) && b[2] == b'-' && d(3) && d(4)
                }
            })
            .count()
    };
    assert!(week_labels(&report, true) > 0, "{report}");
    assert_eq!(week_labels(&report, false), 0, "{report}");
    let report = app.page_in(&session, "/report", "en").await;
    assert!(report.contains("250,000 EUR"), "the revenue goal: {report}");
    assert!(week_labels(&report, false) > 0, "{report}");
}

#[tokio::test]
async fn the_dashboard_speaks_the_users_language_else_the_browsers() {
    let app = spawn_app().await;
    let session = app.login("viewer@example.org", PASSWORD).await.unwrap();
    let get = |accept: &'static str| {
        let app = &app;
        let session = session.clone();
        async move {
            app.client
                .get(app.url("/settings"))
                .header(header::COOKIE, &session)
                .header(header::ACCEPT_LANGUAGE, accept)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // The browser's language, when the user chose none.
    let de = get("de-DE,de;q=0.9,en;q=0.5").await;
    assert!(de.contains(r#"<html lang="de">"#), "{de}");
    assert!(de.contains("Posteingang") && de.contains("Deine Einstellungen"));
    let en = get("fr-FR,fr;q=0.9").await;
    assert!(en.contains(r#"<html lang="en">"#) && en.contains(">Inbox<"));
    // The user's choice wins (a viewer may change their own settings),
    // and their daily mail is switched on.
    let csrf = hidden_field(&en, "csrf").unwrap();
    let r = app
        .post_form(
            &session,
            "/settings/me",
            &[
                ("csrf", csrf.as_str()),
                ("language", "th"),
                ("digest", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let th = get("de-DE").await;
    assert!(th.contains(r#"<html lang="th">"#), "{th}");
    assert!(th.contains("กล่องข้อความ"), "{th}");
    let saved = app.page(&session, "/settings?saved=me").await;
    assert!(saved.contains("บันทึกการตั้งค่าของคุณแล้ว"), "{saved}");
    let viewer = blocking(|| app.store.user_by_email("viewer@example.org"))
        .unwrap()
        .unwrap();
    assert_eq!(viewer.language.as_deref(), Some("th"));
    assert!(viewer.digest);
    // A language we do not have is refused.
    let r = app
        .post_form(
            &session,
            "/settings/me",
            &[("csrf", csrf.as_str()), ("language", "fr")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
}

#[tokio::test]
async fn a_page_asked_with_a_malformed_query_answers_with_the_error_page() {
    let app = spawn_app().await;
    let session = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    for (path, field) in [
        ("/search?q=tyre&limit=abc", "limit"),
        ("/?item=abc", "item"),
        ("/ladder?offset=many", "offset"),
    ] {
        let r = app.page_response(&session, path, None).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
        let kind = r.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_string();
        assert!(kind.starts_with("text/html"), "{path}: {kind}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("<html") && html.contains(field),
            "{path}: {html}"
        );
        assert!(
            html.contains("This address asks for something the page cannot read"),
            "{path}: {html}"
        );
    }
    // The error page speaks the browser's language, the details as the
    // API words them.
    for (lang, path, says) in [
        (
            "de-DE,de;q=0.9",
            "/ladder?offset=many",
            "Diese Adresse verlangt etwas",
        ),
        ("th", "/nowhere", "ไม่มีอะไรที่ที่อยู่นี้"),
    ] {
        let r = app.page_response(&session, path, Some(lang)).await;
        assert!(r.status().is_client_error(), "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains(says), "{lang} {path}: {html}");
        assert!(
            html.contains(&format!("lang=\"{}\"", &lang[..2])),
            "{lang} {path}: {html}"
        );
    }
    // Parameters it does not know are no error.
    app.page(&session, "/search?q=tyre&limit=5&unknown=1").await;
}
