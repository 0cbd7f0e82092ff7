//! Uploading a file on the Settings page, and the list of recent imports
//! (`GET /api/imports`).

use crate::helpers::{hidden_field, spawn_app, TestApp, PASSWORD};
use reqwest::{header, Response, StatusCode};
use serde_json::Value;

const BOUNDARY: &str = "----rapport-test-7MA4YWxkTrZu0gW";

/// A browser's `multipart/form-data` body with the form's fields.
fn multipart(csrf: Option<&str>, format: &str, file: &str, contents: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut field = |name: &str, value: &str| {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    };
    if let Some(c) = csrf {
        field("csrf", c);
    }
    field("format", format);
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{contents}\r\n--{BOUNDARY}--\r\n"
    ));
    body.into_bytes()
}

async fn upload(app: &TestApp, session: &str, body: Vec<u8>) -> Response {
    app.client
        .post(app.url("/settings/imports"))
        .header(header::COOKIE, session)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

const FILE: &str = concat!(
    r#"{"channel":"instagram","external_id":"u1","kind":"comment","author":{"handle":"mai","display_name":"มาย"},"text":"หมวกกันน็อครุ่นนี้มีไซส์ L ไหมคะ","created_at":"2026-10-07T10:00:00Z"}"#,
    "\n",
    r#"{"channel":"instagram","kind":"comment"}"#,
    "\n",
    r#"{"channel":"instagram","external_id":"c1","kind":"comment","author":{"handle":"anna.rides"},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-02T09:14:00Z"}"#,
    "\n"
);

rapport_store::both! {
#[tokio::test]
async fn an_agent_uploads_a_file_and_sees_the_summary_with_the_rejected_line() {
    let app = spawn_app().await;
    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let page = app.page(&session, "/settings").await;
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains("None yet."));
    let csrf = hidden_field(&page, "csrf").unwrap();
    let r = upload(
        &app,
        &session,
        multipart(Some(&csrf), "jsonl", "เพิ่มเติม.jsonl", FILE),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<b>เพิ่มเติม.jsonl</b> (jsonl): <b>1</b> imported, 1 duplicates, 0 skipped, <b>1</b> rejected."),
        "{html}"
    );
    assert!(
        html.contains("<li>line 2: "),
        "the rejection names its line"
    );
    // The new comment is in the inbox, in Thai.
    assert!(app
        .inbox()
        .await
        .iter()
        .any(|i| i["text"] == "หมวกกันน็อครุ่นนี้มีไซส์ L ไหมคะ"));
    // And in the list of recent imports, as the API shows it.
    let log: Value = app
        .get("/api/imports", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["kept_in"], "database");
    let last = &log["items"][0];
    assert_eq!(
        (
            last["file"].as_str(),
            last["via"].as_str(),
            last["by"].as_str()
        ),
        (
            Some("เพิ่มเติม.jsonl"),
            Some("dashboard"),
            Some("agent@example.org")
        )
    );
    assert_eq!(last["summary"]["rejections"][0]["line"], 2);
}

#[tokio::test]
async fn an_upload_without_its_csrf_token_or_by_a_viewer_is_refused() {
    let app = spawn_app().await;
    let agent = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    let r = upload(&app, &agent, multipart(None, "jsonl", "a.jsonl", FILE)).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = upload(
        &app,
        &agent,
        multipart(Some("forged"), "jsonl", "a.jsonl", FILE),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let viewer = app
        .login("viewer@example.org", PASSWORD)
        .await
        .ok()
        .unwrap();
    let page = app.page(&viewer, "/settings").await;
    assert!(
        !page.contains("action=\"/settings/imports\""),
        "no form for viewers"
    );
    let csrf = hidden_field(&page, "csrf").unwrap();
    let r = upload(
        &app,
        &viewer,
        multipart(Some(&csrf), "jsonl", "a.jsonl", FILE),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let log: Value = app
        .get("/api/imports", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"].as_array().unwrap().len(), 0, "nothing ran");
}

#[tokio::test]
async fn an_unknown_format_is_shown_as_a_problem_and_api_imports_are_listed() {
    let app = spawn_app().await;
    let session = app.login("admin@example.org", PASSWORD).await.ok().unwrap();
    let csrf = hidden_field(&app.page(&session, "/settings").await, "csrf").unwrap();
    let r = upload(
        &app,
        &session,
        multipart(Some(&csrf), "myspace", "a.txt", "hello"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Nothing was imported: unknown format"),
        "{html}"
    );
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(FILE)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let log: Value = app
        .get("/api/imports", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the failed upload is not an import");
    assert_eq!(
        (items[0]["via"].as_str(), items[0]["file"].as_str()),
        (Some("api"), Some("body"))
    );
    assert_eq!(items[0]["summary"]["imported"], 1);
    let page = app.page(&session, "/settings").await;
    assert!(page.contains("class=\"list recent-imports blocks\""), "the recent imports are listed");
}
}
