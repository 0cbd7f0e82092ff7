//! `rapport migrate-store`: a shop with every kind of row moved from
//! SQLite to PostgreSQL and back answers as it did; the check at the
//! end catches one changed value; a target holding data and bad URLs are
//! refused.

use crate::util::{as_str, Dir};
use rapport_core::InteractionId;
use rapport_store::testing::{Backend, TestDb};
use rapport_store::{InboxAction, NewPrivacyRequest, NewSession, UserId};
use serde_json::Value;

/// Tables the shop built by [`shop`] must hold rows in, so the move is
/// shown to carry each kind.
const FILLED: &[&str] = &[
    "person",
    "identity",
    "email",
    "bio_handle",
    "interaction",
    "interaction_text",
    "analysis",
    "orders",
    "link",
    "merge_journal",
    "link_suggestion",
    "correction",
    "shop_layer",
    "app_user",
    "session",
    "api_token",
    "inbox_state",
    "inbox_note",
    "outbox",
    "job",
    "audit",
    "touch",
    "cohort",
    "cohort_member",
    "erasure",
    "forgotten_key",
    "privacy_request",
    "pull_cursor",
    "person_score",
    "thread",
    "inbox_queue",
    "report_day",
    "response_day",
    "moment",
    "alert_decision",
    "score_state",
    "privacy_salt",
    "outbox_secret",
];

/// The demo shop in the folder's SQLite file, and on top of it a user
/// with a session and a token, taught examples, a reply, a note, a
/// touch, a decided task, a planned cohort, a merge and its undoing, link
/// suggestions, a forgotten person, a queued import, a privacy request
/// and a pull cursor.
fn shop(dir: &Dir) {
    let ok = |args: &[&str]| {
        let r = dir.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r
    };
    ok(&["demo"]);
    let r = dir.run_with_stdin(
        &[
            "user",
            "add",
            "ana@shop.example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("a long passphrase\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    ok(&["token", "create", "ana@shop.example"]);
    let taught = dir.write(
        "taught.jsonl",
        &[
            r#"{"text":"Lieferung wieder spannend, mal sehen ob sie kommt","label":"negative"}"#,
            r#"{"text":"Die Lieferung bleibt spannend","label":"negative"}"#,
        ]
        .join("\n"),
    );
    ok(&["learn", "sentiment", "--input", as_str(&taught)]);
    let inbox = ok(&["inbox", "--json", "--limit", "5"]).json();
    let id = |i: usize| inbox[i]["id"].as_i64().expect("an inbox item's id");
    ok(&[
        "inbox",
        "reply",
        &id(0).to_string(),
        "Danke, ja: passt auf 29er!",
    ]);
    let people = ok(&["people", "--json", "--limit", "10"]).json();
    let person = |i: usize| people[i]["id"].to_string();
    ok(&[
        "touch",
        "add",
        &person(1),
        "--kind",
        "gift",
        "--note",
        "a sample tyre",
    ]);
    let tasks = ok(&["tasks", "--json", "--limit", "1000"]).json();
    let key = |prefixes: &[&str]| {
        tasks
            .as_array()
            .expect("tasks")
            .iter()
            .filter_map(|t| t["key"].as_str())
            .find(|k| prefixes.iter().any(|p| k.starts_with(p)))
            .expect("a task of that kind")
            .to_string()
    };
    ok(&["tasks", "--done", &key(&["moment:"])]);
    // A ladder alert: which kinds the demo has depends on the hour its
    // timeline ends at (a detractor is new for 30 days).
    ok(&[
        "tasks",
        "--dismiss",
        &key(&["detractor:", "falling:", "fell:", "mismatch:"]),
        "--reason",
        "talked it over",
    ]);
    ok(&["cohort", "plan"]);
    ok(&["link", &person(1), &person(2), "--reason", "same rider"]);
    ok(&["unlink", &person(1), &person(2)]);
    let bio = dir.write(
        "bio.jsonl",
        &[
            r#"{"channel":"instagram","external_id":"b1","kind":"comment","author":{"handle":"mia.trails"},"text":"Schöne Tour!","created_at":"2026-11-29T10:00:00Z"}"#,
            r#"{"channel":"mastodon","external_id":"b2","kind":"mention","author":{"handle":"mia@bikes.social","bio":"IG: @mia.trails"},"text":"@shop danke für den Tipp","created_at":"2026-11-29T11:00:00Z"}"#,
        ]
        .join("\n"),
    );
    ok(&["import", "jsonl", as_str(&bio)]);
    ok(&["link", "scan"]);
    // Someone who wrote neither message answered or noted above, nor is
    // linked or touched.
    let authors = [
        inbox[0]["person"]["id"].clone(),
        inbox[1]["person"]["id"].clone(),
    ];
    let gone = people
        .as_array()
        .expect("people")
        .iter()
        .map(|p| p["id"].clone())
        .find(|id| !authors.contains(id) && *id != people[1]["id"] && *id != people[2]["id"])
        .expect("someone to forget");
    ok(&["forget", &gone.to_string(), "--yes"]);
    let more = dir.write(
        "more.jsonl",
        r#"{"channel":"mastodon","external_id":"m1","kind":"mention","author":{"handle":"neu@bikes.social"},"text":"@shop neue Reifen?","created_at":"2026-11-30T10:00:00Z"}"#,
    );
    ok(&["import", "--queue", "jsonl", as_str(&more)]);
    ok(&["search", "Reifen"]);
    let store = rapport_store::open(&dir.db()).expect("open");
    store
        .create_session(&NewSession {
            token_hash: "ab".repeat(32),
            user: UserId(1),
            csrf: "csrf".into(),
            created_at: 1_780_000_000,
            expires_at: 1_790_000_000,
        })
        .expect("session");
    store
        .record_privacy_request(&NewPrivacyRequest {
            source: "shopify".into(),
            topic: "customers/data_request".into(),
            shop_domain: Some("trailwerk.example".into()),
            customer_email: Some("someone@example.org".into()),
            customer_id: Some("42".into()),
            delivery_id: Some("d-1".into()),
            payload: "{\"customer\":{\"id\":42}}".into(),
            received_at: 1_780_000_000,
        })
        .expect("privacy request");
    store
        .set_pull_cursor("mastodon:https://bikes.social", "110", 1_780_000_000)
        .expect("cursor");
    store
        .apply_inbox_action(
            InteractionId(id(1)),
            &InboxAction::Note("ask the workshop".into()),
            "ana@shop.example",
            1_780_000_000,
        )
        .expect("note");
}

/// `migrate-store --json` between two URLs, in `dir`.
fn migrate(dir: &Dir, from: &str, to: &str, more: &[&str]) -> crate::util::Run {
    let mut args = vec!["--json", "migrate-store", "--from", from, "--to", to];
    args.extend_from_slice(more);
    dir.run(&args)
}

/// Each table's rows in the report of a move.
fn rows(report: &Value) -> std::collections::HashMap<String, u64> {
    report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| {
            let name = t["table"].as_str().expect("name").to_string();
            (name, t["rows"].as_u64().expect("rows"))
        })
        .collect()
}

/// `answer` without how many minutes each message has waited: each
/// message's count turns at its own second, so two askings a few
/// seconds apart can differ in some of them.
fn steady(answer: &str) -> String {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("waiting_minutes");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(answer).expect("JSON");
    strip(&mut v);
    serde_json::to_string_pretty(&v).expect("JSON")
}

/// What a shop answers: the ladder, the report and the inbox.
fn answers(dir: &Dir, url: &str) -> Vec<String> {
    let ask = |args: &[&str]| {
        let mut all = vec!["--db", url, "--json"];
        all.extend_from_slice(args);
        let r = dir.run(&all);
        assert_eq!(r.code, 0, "{args:?} on {url}: {}", r.stderr);
        steady(&r.stdout)
    };
    vec![
        ask(&["people", "--limit", "1000"]),
        ask(&["report", "--since", "all"]),
        ask(&["inbox", "--limit", "200"]),
        ask(&["cohort", "show"]),
        ask(&["corrections"]),
        ask(&["search", "Reifen"]),
    ]
}

/// `url`'s answers equal `original`'s: asked after it, and once more of
/// the original after, so a day turning between two questions (how long
/// a message waits, in its reasons) is no difference.
fn same_answers(dir: &Dir, original: &str, url: &str) {
    let first = answers(dir, original);
    let moved = answers(dir, url);
    let again = answers(dir, original);
    for (i, answer) in moved.iter().enumerate() {
        if *answer != first[i] && *answer != again[i] {
            let line = answer
                .lines()
                .zip(first[i].lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let near = |text: &str| {
                text.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "answer {i} differs on {url} from line {line}:\n{}\nagainst the original's\n{}",
                near(answer),
                near(&first[i])
            );
        }
    }
}

#[test]
fn a_shop_moved_to_postgres_and_back_answers_as_before_and_the_check_catches_one_changed_value() {
    let dir = Dir::new();
    shop(&dir);
    let original = dir.db();
    let pg = TestDb::new(Backend::Postgres);
    let back = format!("sqlite://{}", dir.path("back.db").display());

    // SQLite → PostgreSQL: every table checked, every kind of row moved.
    let r = migrate(&dir, &original, pg.url(), &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let report = r.json();
    assert_eq!(report["ok"], true, "{report}");
    assert!(report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .all(|t| t["ok"] == true));
    let counted = rows(&report);
    for table in FILLED {
        assert!(
            counted[*table] > 0,
            "{table} is empty in the source: {counted:?}"
        );
    }
    let not_copied: Vec<&str> = report["copied"]["not_copied"]
        .as_array()
        .expect("not copied")
        .iter()
        .map(|t| t["table"].as_str().expect("name"))
        .collect();
    assert!(not_copied.contains(&"search_index") && not_copied.contains(&"search_state"));
    assert!(
        report["copied"]["search_index"]["rows"].as_u64() > Some(0),
        "{report}"
    );
    same_answers(&dir, &original, pg.url());

    // PostgreSQL → SQLite: the round trip holds the original's every row.
    let r = migrate(&dir, pg.url(), &back, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(rows(&r.json()), counted);
    let r = migrate(&dir, &original, &back, &["--check-only"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["copied"], Value::Null);
    same_answers(&dir, &original, &back);

    // A target holding data is refused, and left as it was.
    let r = migrate(&dir, &original, pg.url(), &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("not empty"), "{}", r.stderr);
    let r = migrate(&dir, &original, pg.url(), &["--check-only"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    // One stored value changed on the copy: the check names its table
    // and fails.
    let file = dir.path("back.db");
    let conn = rusqlite::Connection::open(&file).expect("open");
    // A reading's confidence, off in its last digits (no trigger watches
    // it: a changed order total would also mark its owner for the
    // ladder, a second table).
    let changed = conn
        .execute(
            "UPDATE analysis SET sentiment_confidence = sentiment_confidence + 1e-12
             WHERE interaction_id = (SELECT min(interaction_id) FROM analysis)",
            [],
        )
        .expect("change one value");
    assert_eq!(changed, 1);
    drop(conn);
    let r = migrate(&dir, &original, &back, &["--check-only"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let report = r.json();
    assert_eq!(report["ok"], false);
    let differ: Vec<&str> = report["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter(|t| t["ok"] == false)
        .map(|t| t["table"].as_str().expect("name"))
        .collect();
    assert_eq!(differ, ["analysis"]);
    assert!(
        r.stderr.contains("1 of ") && r.stderr.contains("differ"),
        "{}",
        r.stderr
    );
    let text = dir.run(&[
        "migrate-store",
        "--from",
        &original,
        "--to",
        &back,
        "--check-only",
    ]);
    assert_eq!(text.code, 1);
    let line = text
        .stdout
        .lines()
        .find(|l| l.starts_with("analysis "))
        .expect("a line for analysis");
    assert!(line.ends_with("DIFFERS") && line.contains(" → "), "{line}");
    assert!(text
        .stdout
        .lines()
        .any(|l| l.starts_with("person ") && l.ends_with(" ok")));
}

#[test]
fn sqlite_to_sqlite_copies_everything_and_says_so_in_a_table() {
    let dir = Dir::new();
    assert_eq!(dir.run(&["demo"]).code, 0);
    let copy = format!("sqlite://{}", dir.path("copy.db").display());
    let r = dir.run(&["migrate-store", "--from", &dir.db(), "--to", &copy]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let mut lines = r.stdout.lines();
    assert!(
        lines.next().expect("a summary").starts_with("copied "),
        "{}",
        r.stdout
    );
    let header: Vec<&str> = lines.next().expect("a header").split_whitespace().collect();
    assert_eq!(header, ["table", "rows", "checksum", "ok"]);
    let interaction = r
        .stdout
        .lines()
        .find(|l| l.starts_with("interaction "))
        .expect("interaction");
    let cells: Vec<&str> = interaction.split_whitespace().collect();
    assert_eq!((cells[1], cells[3]), ("3000", "ok"), "{interaction}");
    assert_eq!(cells[2].len(), 16);
    assert!(
        r.stdout.contains("not copied: search_index"),
        "{}",
        r.stdout
    );
}

rapport_store::per_backend! {
    fn bad_urls_and_missing_sources_are_refused_in_one_line(db) {
        let dir = Dir::new();
        assert_eq!(dir.run(&["demo"]).code, 0);
        let missing = format!("sqlite://{}", dir.path("nope.db").display());
        let cases: Vec<(Vec<String>, &str)> = vec![
            (vec![dir.db(), "mysql://u@localhost/shop".into()], "--to"),
            (vec!["ftp://example.org/x.db".into(), db.url().into()], "--from"),
            (vec![dir.db(), "postgres://nobody@127.0.0.1:1/none".into()], "--to"),
            (vec![missing.clone(), db.url().into()], "no such SQLite database"),
        ];
        for (urls, says) in cases {
            let r = dir.run(&["migrate-store", "--from", &urls[0], "--to", &urls[1]]);
            assert_eq!(r.code, 2, "{urls:?}: {}", r.stderr);
            assert_eq!(r.stderr.trim().lines().count(), 1, "{urls:?}: {}", r.stderr);
            assert!(r.stderr.starts_with("error: ") && r.stderr.contains(says), "{urls:?}: {}", r.stderr);
        }
        assert!(!dir.path("nope.db").exists());
    }
}
