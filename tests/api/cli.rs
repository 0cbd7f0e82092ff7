//! `rapport user add` and `rapport token create` against a running server.

use crate::helpers::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn rapport(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env("RAPPORT_DB", db)
        .env_remove("RAPPORT_LOG")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rapport");
    // A command that refuses its arguments may exit before reading stdin;
    // the broken pipe that leaves is not the test's concern.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

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
    let tokens = app.store.api_tokens().unwrap();
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
