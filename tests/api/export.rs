//! CSV exports: `GET /api/people.csv`, `/api/inbox.csv`, `/api/report.csv`,
//! the same bytes from `rapport people|inbox|report --csv`, and cells a
//! spreadsheet would run made harmless.

use crate::helpers::{blocking, error_code, rapport_command, spawn_app, TestApp};
use rapport_engine::views::export::{Export, InboxExport, PeopleExport};
use rapport_store::views::{PeopleFilter, PeopleSort, QueueFilter};
use reqwest::{header, StatusCode};
use serde_json::{json, Value};

/// A CSV download's body, checking its headers.
async fn download(app: &TestApp, path: &str, name: &str) -> String {
    let r = app.get(path, &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8",
        "{path}"
    );
    let disposition = r.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with(&format!("attachment; filename=\"rapport-{name}-"))
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    r.text().await.unwrap()
}

/// The header and rows of a CSV text.
fn rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (head, rows)
}

fn column(head: &[String], name: &str) -> usize {
    head.iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}: {head:?}"))
}

async fn json_of(app: &TestApp, path: &str) -> Value {
    let r = app.get(path, &app.viewer_token).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.unwrap()
}

/// Someone whose name and words are spreadsheet formulas.
async fn import_a_formula_writer(app: &TestApp) {
    let body = json!({"channel":"instagram","external_id":"evil1","kind":"comment","author":{"handle":"sheet.tricks","display_name":"=HYPERLINK(\"http://evil.example\",\"click\")"},"text":"@SUM(1+1) does the tyre fit?","created_at":"2026-10-07T10:00:00Z","post_id":"p1"})
        .to_string();
    let r = app.import_jsonl(body).await;
    assert_eq!(r.status(), StatusCode::OK);
}

rapport_store::both! {
#[tokio::test]
async fn the_people_csv_holds_everyone_the_filters_let_through_in_order() {
    let app = spawn_app().await;
    let text = download(&app, "/api/people.csv", "people").await;
    assert!(text.ends_with("\r\n"));
    let (head, all) = rows(&text);
    assert_eq!(
        head,
        [
            "id",
            "name",
            "stage",
            "labels",
            "accounts",
            "engagement",
            "loyalty",
            "advocacy",
            "reach",
            "alignment",
            "lifetime_value",
            "evidence"
        ]
    );
    // Every person, in the list's order, not one page of it.
    let list = json_of(&app, "/api/people?limit=1000").await;
    let ids: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].to_string())
        .collect();
    assert_eq!(all.len() as u64, list["total"].as_u64().unwrap());
    assert_eq!(all.iter().map(|r| r[0].clone()).collect::<Vec<_>>(), ids);
    let anna = all
        .iter()
        .find(|r| r[4].contains("instagram:anna.rides"))
        .unwrap();
    assert_eq!(anna[column(&head, "lifetime_value")], "129.9");

    // Filters and order as the JSON list takes them.
    let by_name = download(&app, "/api/people.csv?sort=name&stage=engaged", "people").await;
    let list = json_of(&app, "/api/people?sort=name&stage=engaged").await;
    let (_, named) = rows(&by_name);
    assert_eq!(named.len() as u64, list["total"].as_u64().unwrap());
    assert!(named.iter().all(|r| r[2] == "engaged"));
    let r = app
        .get("/api/people.csv?sort=shoe_size", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(r).await, "bad_request");

    // Read in chunks of two, the export is the same bytes.
    let chunked = blocking(|| {
        PeopleExport::new(PeopleFilter::default(), PeopleSort::Closeness)
            .chunked(2)
            .collect_all(app.store.as_ref())
    })
    .unwrap();
    assert_eq!(String::from_utf8(chunked).unwrap(), text);
}

#[tokio::test]
async fn the_inbox_csv_holds_every_open_item_with_the_inboxs_filters() {
    let app = spawn_app().await;
    let text = download(&app, "/api/inbox.csv", "inbox").await;
    let (head, all) = rows(&text);
    let page = json_of(&app, "/api/inbox?limit=1000").await;
    assert_eq!(all.len() as u64, page["total"].as_u64().unwrap());
    let ids: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].to_string())
        .collect();
    assert_eq!(
        all.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        ids,
        "most urgent first"
    );
    let (text_col, channel) = (column(&head, "text"), column(&head, "channel"));
    assert!(all
        .iter()
        .any(|r| r[text_col] == "ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ"));
    assert!(all
        .iter()
        .all(|r| r[column(&head, "past_target")] == "true"));

    let filtered = download(
        &app,
        "/api/inbox.csv?channel=mastodon,facebook&limit=1",
        "inbox",
    )
    .await;
    let (_, some) = rows(&filtered);
    let page = json_of(&app, "/api/inbox?channel=mastodon,facebook").await;
    assert_eq!(some.len() as u64, page["total"].as_u64().unwrap());
    assert!(some.len() >= 2, "limit is ignored: {some:?}");
    assert!(some
        .iter()
        .all(|r| r[channel] == "mastodon" || r[channel] == "facebook"));
    let r = app
        .get("/api/inbox.csv?intent=gossip", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Chunks of one add up to the same bytes (as of the same moment).
    let r = app.get("/api/inbox.csv", &app.viewer_token).await;
    let again = r.text().await.unwrap();
    let now = rapport_engine::now();
    let one_by_one = blocking(|| {
        InboxExport::new(QueueFilter::default(), now, Default::default())
            .chunked(1)
            .collect_all(app.store.as_ref())
    })
    .unwrap();
    assert_eq!(String::from_utf8(one_by_one).unwrap(), again);
}

#[tokio::test]
async fn the_report_csv_has_a_row_per_channel_a_total_and_a_row_per_week() {
    let app = spawn_app().await;
    let text = download(&app, "/api/report.csv", "report").await;
    let (head, all) = rows(&text);
    let report = json_of(&app, "/api/report").await;
    let channels: Vec<&String> = report["per_channel"].as_object().unwrap().keys().collect();
    let kind = |k: &str| {
        all.iter()
            .filter(|r| r[0] == k)
            .cloned()
            .collect::<Vec<_>>()
    };
    let per_channel = kind("channel");
    assert_eq!(
        per_channel.iter().map(|r| &r[1]).collect::<Vec<_>>(),
        channels
    );
    let total = kind("total");
    assert_eq!(total.len(), 1);
    let inbound = column(&head, "inbound");
    assert_eq!(
        total[0][inbound],
        report["meaningful"]["inbound"].to_string()
    );
    assert_eq!(
        total[0][column(&head, "likes")],
        report["vanity"]["likes"].to_string()
    );
    let weeks = kind("week");
    assert_eq!(weeks.len(), report["weekly"].as_array().unwrap().len());
    assert_eq!(
        weeks[0][column(&head, "week_start")],
        report["weekly"][0]["week_start"].as_str().unwrap()
    );
    assert!(weeks.iter().all(|w| w[column(&head, "likes")].is_empty()));
    // Rows come in that order: channels, the total, the weeks.
    let order: Vec<&str> = all.iter().map(|r| r[0].as_str()).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|k| ["channel", "total", "week"].iter().position(|x| x == k));
    assert_eq!(order, sorted);
    let r = app
        .get("/api/report.csv?since=fortnight", &app.viewer_token)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn imported_formulas_are_neutralised_in_every_export() {
    let app = spawn_app().await;
    import_a_formula_writer(&app).await;
    for (path, name) in [("/api/people.csv", "people"), ("/api/inbox.csv", "inbox")] {
        let text = download(&app, path, name).await;
        let (_, all) = rows(&text);
        let cells: Vec<&String> = all.iter().flatten().collect();
        assert!(
            cells.iter().any(|c| c.starts_with("'=HYPERLINK(")),
            "{path}: {text}"
        );
        assert!(
            cells
                .iter()
                .all(|c| !c.starts_with(['=', '+', '-', '@', '\t', '\r'])),
            "{path}: a cell a spreadsheet would run: {text}"
        );
        if name == "inbox" {
            assert!(cells.iter().any(|c| *c == "'@SUM(1+1) does the tyre fit?"));
        }
    }
}

#[tokio::test]
async fn the_cli_prints_the_same_csv_as_the_api() {
    let app = spawn_app().await;
    import_a_formula_writer(&app).await;
    let dir = app.dir().to_path_buf();
    let profile = dir.join("rapport.toml");
    let cases: [(&str, &[&str], &str); 4] = [
        ("/api/people.csv", &["people", "--csv"], "people"),
        (
            "/api/people.csv?label=influencer&sort=fit",
            &["people", "--csv", "--label", "influencer", "--sort", "fit"],
            "people",
        ),
        (
            "/api/inbox.csv?channel=instagram&stage=stranger",
            &[
                "inbox",
                "--csv",
                "--channel",
                "instagram",
                "--stage",
                "stranger",
            ],
            "inbox",
        ),
        ("/api/report.csv", &["report", "--csv"], "report"),
    ];
    for (path, args, name) in cases {
        let api = download(&app, path, name).await;
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--profile", profile.to_str().unwrap()]);
        let out = rapport_command(&app.db, &all).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            api,
            "rapport {args:?} against GET {path}"
        );
    }
    let out = rapport_command(&app.db, &["people", "--csv", "--sort", "height"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "bad input");
}
}

/// The `href` of the first "Download CSV" link in `html`, unescaped.
fn download_link(html: &str) -> String {
    let at = html.find("class=\"download\"").expect("a download link");
    let start = html[..at].rfind("href=\"").expect("its href") + 6;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&amp;", "&").replace("&#38;", "&")
}

rapport_store::both! {
#[tokio::test]
async fn the_dashboards_download_links_keep_the_pages_filters() {
    let app = spawn_app().await;
    let session = app
        .login("viewer@example.org", crate::helpers::PASSWORD)
        .await
        .ok()
        .unwrap();
    let fetch = |path: String| {
        let req = app
            .client
            .get(app.url(&path))
            .header(header::COOKIE, session.clone());
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(r.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
            r.text().await.unwrap()
        }
    };
    let inbox = app
        .page(&session, "/?channel=instagram&over=1&page=1")
        .await;
    let link = download_link(&inbox);
    assert_eq!(link, "/inbox.csv?channel=instagram&over=1");
    let from_page = fetch(link).await;
    let api = download(
        &app,
        "/api/inbox.csv?channel=instagram&over_target=true&stock=fold",
        "inbox",
    )
    .await;
    assert_eq!(from_page, api);
    assert!(!rows(&api).1.is_empty(), "{api}");

    let ladder = app.page(&session, "/ladder?stage=casual&sort=name").await;
    let link = download_link(&ladder);
    assert_eq!(link, "/api/people.csv?stage=casual&sort=name");
    assert_eq!(
        fetch(link).await,
        download(&app, "/api/people.csv?stage=casual&sort=name", "people").await
    );

    let report = app.page(&session, "/report?since=30d").await;
    let link = download_link(&report);
    assert_eq!(link, "/api/report.csv?since=30d");
    assert!(fetch(link).await.starts_with("row,channel,week_start,"));
}
}
