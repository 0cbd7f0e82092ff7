//! An upload's rejected lines on the dashboard read in the user's
//! language for every format's reasons (a JSON parser's error, a
//! platform document of the wrong shape, a Bluesky event, a mail, a CSV
//! header), while the API's summary keeps the English.

use crate::helpers::{hidden_field, spawn_app, TestApp, PASSWORD};
use reqwest::header;
use serde_json::Value;

const BOUNDARY: &str = "----rapport-test-rejections-0x7f";

fn multipart(csrf: &str, format: &str, contents: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n{format}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.{format}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{contents}\r\n--{BOUNDARY}--\r\n"
    )
    .into_bytes()
}

/// Uploads `contents` as `format` with the browser asking for `lang`;
/// the page's rejected lines, as text.
async fn rejected_lines(
    app: &TestApp,
    session: &str,
    lang: &str,
    format: &str,
    contents: &str,
) -> Vec<String> {
    let page = app
        .client
        .get(app.url("/settings"))
        .header(header::COOKIE, session)
        .header(header::ACCEPT_LANGUAGE, lang)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden_field(&page, "csrf").unwrap();
    let html = app
        .client
        .post(app.url("/settings/imports"))
        .header(header::COOKIE, session)
        .header(header::ACCEPT_LANGUAGE, lang)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(multipart(&csrf, format, contents))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let Some(start) = html.find("<ul class=\"rejections\">") else {
        panic!("{lang} {format}: no rejections shown: {html}")
    };
    let list = &html[start..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("<li>")
        .skip(1)
        .map(|li| {
            li.trim_end_matches("</li>")
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

/// Bad files of several formats, each rejected for a reason its format
/// words on its own.
const FILES: [(&str, &str); 7] = [
    (
        "jsonl",
        "{oops\n\
         {\"channel\":\"instagram\",\"external_id\":\"k1\",\"kind\":\"poke\",\"author\":{\"handle\":\"anna\"},\"created_at\":\"2026-11-02T09:00:00Z\"}\n\
         {\"channel\":\"instagram\",\"external_id\":\"k2\",\"kind\":\"comment\",\"from_brand\":\"ja\",\"author\":{\"handle\":\"anna\"},\"created_at\":\"2026-11-02T09:00:00Z\"}\n",
    ),
    ("mastodon", "42\n{\"foo\":1}\n{\"id\":\"1\",\"content\":\"hi\",\"account\":{\"followers_count\":[]}}\n"),
    (
        "bluesky",
        "{\"did\":\"did:plc:a\",\"kind\":\"commit\",\"commit\":{\"collection\":\"app.bsky.feed.post\",\"operation\":\"zap\"}}\n\
         {\"did\":\"did:plc:a\",\"kind\":\"commit\"}\n",
    ),
    ("eml", "hello there\n"),
    ("mbox", "From a@b.example Tue Oct  6 09:14:00 2026\nFrom: Anna\nMessage-ID: <a@b>\n\nhi\n"),
    ("csv", "channel,text\ninstagram,hi\n"),
    ("shopify-orders", "{\"orders\":5}\n[1]\n"),
];

/// English words a reason must not keep (the formats' own words —
/// field names, values, `JSON`, `CSV` — are allowed).
const ENGLISH: [&str; 16] = [
    "line ",
    "field ",
    "is missing",
    "is not",
    "not a ",
    "expected",
    "found",
    "malformed",
    "unknown",
    "mail message",
    "header",
    "names no",
    "an object",
    "a number",
    "an array",
    "column",
];

#[tokio::test]
async fn every_formats_rejections_read_in_german_and_thai_on_the_dashboard() {
    let app = spawn_app().await;
    let session = app.login("agent@example.org", PASSWORD).await.ok().unwrap();
    for (lang, line) in [("de-DE,de;q=0.9", "Zeile "), ("th-TH", "บรรทัด ")] {
        for (format, contents) in FILES {
            let lines = rejected_lines(&app, &session, lang, format, contents).await;
            assert!(!lines.is_empty(), "{lang} {format}");
            for l in &lines {
                assert!(l.starts_with(line), "{lang} {format}: {l}");
                for english in ENGLISH {
                    assert!(
                        !l.to_lowercase().contains(english),
                        "{lang} {format}: \"{l}\" keeps \"{english}\""
                    );
                }
            }
        }
    }
    // The API lists the same rejections in English, as the CLI prints
    // them.
    let log: Value = app
        .get("/api/imports", &app.viewer_token)
        .await
        .json()
        .await
        .unwrap();
    let reasons: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["summary"]["rejections"].as_array().unwrap())
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    for english in [
        "field `json`: malformed JSON: a key is not a string (column 2)",
        "expected a Shopify order or a response holding orders, found a number",
        "field `From`: names no address",
        "CSV header has no `kind` column",
        "field `commit.operation`: \"zap\" is not one of create, update, delete",
    ] {
        assert!(reasons.contains(&english), "{english} in {reasons:?}");
    }
}
