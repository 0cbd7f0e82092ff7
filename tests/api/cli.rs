//! `rapport user add` and `rapport token create` against a running server.

use crate::helpers::{
    blocking, error_code, generated_shop, import_beside, rapport_command, spawn_app,
};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::Write;
use std::process::{Output, Stdio};

fn rapport(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = rapport_command(db, args)
        .stdin(Stdio::piped())
        .spawn()
        .expect("run rapport");
    // A command that refuses its arguments may exit before reading stdin;
    // the broken pipe that leaves is not the test's concern.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

rapport_store::both! {
#[tokio::test]
async fn a_user_added_on_the_command_line_gets_a_working_token() {
    let app = spawn_app().await;
    let out = rapport(
        &app.db,
        &[
            "user",
            "add",
            "Ops@Example.org",
            "--role",
            "agent",
            "--password-stdin",
        ],
        "a long passphrase\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = rapport(&app.db, &["token", "create", "ops@example.org"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("rpt_"), "{token}");
    // Only its hash is stored.
    let tokens = blocking(|| app.store.api_tokens()).unwrap();
    assert!(tokens
        .iter()
        .all(|t| !token.is_empty() && t.prefix.len() < token.len()));

    let me: Value = app.get("/api/me", &token).await.json().await.unwrap();
    assert_eq!(me["email"], "ops@example.org");
    assert_eq!(me["role"], "agent");
    assert!(app
        .login("ops@example.org", "a long passphrase")
        .await
        .is_ok());

    let out = rapport(
        &app.db,
        &["--json", "token", "create", "ops@example.org"],
        "",
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["token"].as_str().unwrap().starts_with("rpt_"));
    let r = app.get("/api/me", "rpt_0000").await;
    assert_eq!(error_code(r).await, "unauthorized");
}

#[tokio::test]
async fn bad_user_and_token_commands_exit_2_and_say_why() {
    let app = spawn_app().await;
    for (args, stdin, says) in [
        (
            vec![
                "user",
                "add",
                "x@example.org",
                "--role",
                "boss",
                "--password-stdin",
            ],
            "a long passphrase",
            "role",
        ),
        (
            vec![
                "user",
                "add",
                "x@example.org",
                "--role",
                "agent",
                "--password-stdin",
            ],
            "short\n",
            "8 characters",
        ),
        (
            vec![
                "user",
                "add",
                "agent@example.org",
                "--role",
                "agent",
                "--password-stdin",
            ],
            "a long passphrase",
            "already exists",
        ),
        (
            vec![
                "user",
                "add",
                "not-an-email",
                "--role",
                "agent",
                "--password-stdin",
            ],
            "a long passphrase",
            "email",
        ),
        (vec!["token", "create", "nobody@example.org"], "", "no user"),
    ] {
        let out = rapport(&app.db, &args, stdin);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let r = app.get("/api/people", "").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_import_on_the_command_line_and_one_over_http_run_at_once() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let text = generated_shop(&app.db, &dir.path().join("shop.jsonl"), 600, 8000, 9);
    let (mut mine, mut theirs) = (String::new(), String::new());
    for (i, line) in text.lines().enumerate() {
        let part = if i % 2 == 0 { &mut mine } else { &mut theirs };
        part.push_str(line);
        part.push('\n');
    }
    let file = dir.path().join("half.jsonl");
    std::fs::write(&file, &mine).unwrap();
    let before = blocking(|| app.store.counts()).unwrap().interactions;
    // The command line writes small batches while the server stores the
    // other half from one request.
    let cli = import_beside(&app.db, &file);
    let r = app
        .client
        .post(app.url("/api/imports?format=jsonl"))
        .bearer_auth(&app.agent_token)
        .body(theirs.clone())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let summary: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["rejected"], 0, "{summary}");
    let cli = cli.wait_with_output().unwrap();
    assert!(
        cli.status.success(),
        "the command line's import failed beside the server's: {}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let interactions = text
        .lines()
        .filter(|l| !l.contains(r#""kind":"order""#))
        .count() as u64;
    assert_eq!(
        blocking(|| app.store.counts()).unwrap().interactions,
        before + interactions,
        "every interaction of both halves stored once"
    );
}
}

/// The command line's JSON answer to `args` on the server's database.
fn cli_json(db: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = rapport(db, &all, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

rapport_store::both! {
#[tokio::test]
async fn the_command_line_and_the_api_answer_alike_on_one_database() {
    let app = spawn_app().await;
    // The team closes one item over the API first: both must leave it out.
    let api = |path: &'static str| {
        let app = &app;
        async move {
            let r = app.get(path, &app.viewer_token).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            r.json::<Value>().await.unwrap()
        }
    };
    let first = api("/api/inbox?limit=1").await["items"][0]["id"].clone();
    let r = app
        .client
        .post(app.url(&format!("/api/inbox/{first}/handled")))
        .bearer_auth(&app.agent_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let ids = |items: &Value| -> Vec<i64> {
        items
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| i["id"].as_i64().expect("an id"))
            .collect()
    };
    let inbox = api("/api/inbox?limit=1000").await;
    let cli_inbox = cli_json(&app.db, &["inbox", "--limit", "1000"]);
    assert!(!ids(&inbox["items"]).is_empty());
    assert!(!ids(&inbox["items"]).contains(&first.as_i64().unwrap()));
    assert_eq!(
        ids(&cli_inbox),
        ids(&inbox["items"]),
        "inbox: same items, same order"
    );
    assert_eq!(inbox["total"].as_u64(), Some(ids(&cli_inbox).len() as u64));

    let people = api("/api/people?limit=1000").await;
    let cli_people = cli_json(&app.db, &["people", "--limit", "1000"]);
    assert!(ids(&people["items"]).len() > 1, "{people}");
    assert_eq!(
        ids(&cli_people),
        ids(&people["items"]),
        "people: same list, same order"
    );
    let fans = api("/api/people?label=true_fan&limit=1000").await;
    let cli_fans = cli_json(
        &app.db,
        &["people", "--label", "true_fan", "--limit", "1000"],
    );
    assert_eq!(ids(&cli_fans), ids(&fans["items"]));

    let report = api("/api/report").await;
    let cli_report = cli_json(&app.db, &["report"]);
    for part in ["meaningful", "vanity", "per_channel", "goal", "detractors"] {
        assert!(!report[part].is_null(), "{part}");
        assert_eq!(cli_report[part], report[part], "report: {part}");
    }
}
}
