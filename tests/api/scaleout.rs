//! Several `rapport serve` processes on one database, as behind a load
//! balancer: nothing a request needs lives in one process's memory.
//! Each test starts real server processes (the built binary) on one
//! fresh database, SQLite and PostgreSQL alike (`scripts/pg` for the
//! latter), and sends requests to either.

use crate::helpers::{cookie, hidden_field, PASSWORD, SHOP};
use rapport_engine::Engine;
use rapport_store::testing::{Backend, TestDb};
use rapport_store::Role;
use reqwest::redirect::Policy;
use reqwest::{header, Client, StatusCode};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Each test body, once per store: the database is made and seeded
/// outside the async runtime (PostgreSQL's client blocks), then the
/// body runs in one.
macro_rules! on_both_stores {
    ($(async fn $name:ident($db:ident: &TestDb, $s:ident: Seeded) $body:block)*) => {
        $(
            mod $name {
                use super::*;

                async fn body($db: &TestDb, $s: Seeded) $body

                fn run(backend: Backend) {
                    let db = TestDb::new(backend);
                    let seeded = seed(&db);
                    tokio::runtime::Builder::new_multi_thread()
                        .enable_all()
                        .build()
                        .unwrap()
                        .block_on(body(&db, seeded));
                }

                #[test]
                fn sqlite() {
                    run(Backend::Sqlite);
                }

                #[test]
                fn postgres() {
                    run(Backend::Postgres);
                }
            }
        )*
    };
}

/// The shop, users and tokens the servers find in the database.
struct Seeded {
    agent_token: String,
    admin_token: String,
}

fn seed(db: &TestDb) -> Seeded {
    let store: std::sync::Arc<dyn rapport_store::Store> = std::sync::Arc::from(db.open().unwrap());
    let engine = Engine::new(store.clone(), db.dir().join("rapport.toml"));
    let summary = engine
        .import(
            rapport_ingest::Format::Jsonl,
            "shop",
            Box::new(SHOP.as_bytes()),
        )
        .unwrap();
    assert_eq!(summary.rejected, 0);
    let token = |email: &str, role: Role| {
        let hash = rapport_server::auth::hash_password(PASSWORD).unwrap();
        let user = store.create_user(email, role, &hash, 0).unwrap();
        let t = rapport_server::auth::new_api_token().unwrap();
        store
            .create_api_token(user.id, &t.hash, &t.prefix, 0, None)
            .unwrap();
        t.token
    };
    Seeded {
        agent_token: token("agent@example.org", Role::Agent),
        admin_token: token("admin@example.org", Role::Admin),
    }
}

/// A `rapport` process (server or worker), stopped when dropped.
struct Process {
    child: Child,
    base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rapport(db: &TestDb, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.current_dir(db.dir())
        .env("RAPPORT_DB", db.url())
        .env_remove("RAPPORT_LOG")
        .env_remove("RAPPORT_LOG_FORMAT")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// `rapport serve` on a free port with `extra` flags, once it answers.
async fn serve(db: &TestDb, extra: &[&str]) -> Process {
    serve_saying(db, extra, Stdio::null()).await
}

/// [`serve`] with its stderr sent to `stderr`.
async fn serve_saying(db: &TestDb, extra: &[&str], stderr: Stdio) -> Process {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut args = vec!["serve", "--addr", addr.as_str()];
    args.extend_from_slice(extra);
    let child = rapport(db, &args)
        .stderr(stderr)
        .spawn()
        .expect("start rapport serve");
    let server = Process {
        child,
        base: format!("http://{addr}"),
    };
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(format!("{}/health", server.base)).await {
            if r.status() == StatusCode::OK {
                return server;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn client() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

/// Logs in on `server`; the session cookie, or the failed answer's status.
async fn login(c: &Client, server: &Process, password: &str) -> Result<String, StatusCode> {
    let page = c
        .get(format!("{}/login", server.base))
        .send()
        .await
        .unwrap();
    let nonce = cookie(&page, "rapport_login").expect("login nonce");
    let csrf = hidden_field(&page.text().await.unwrap(), "csrf").expect("csrf");
    let r = c
        .post(format!("{}/login", server.base))
        .header(header::COOKIE, nonce)
        .form(&[
            ("email", "agent@example.org"),
            ("password", password),
            ("csrf", csrf.as_str()),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    match r.status() {
        StatusCode::SEE_OTHER => Ok(cookie(&r, "rapport_session").expect("session")),
        other => Err(other),
    }
}

async fn get(c: &Client, server: &Process, path: &str, token: &str) -> Value {
    let r = c
        .get(format!("{}{path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.json().await.unwrap()
}

async fn upload(c: &Client, server: &Process, token: &str, body: &str) -> reqwest::Response {
    c.post(format!("{}/api/imports?format=jsonl", server.base))
        .bearer_auth(token)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

const MORE: &str = concat!(
    r#"{"channel":"instagram","external_id":"s1","kind":"comment","author":{"handle":"mia"},"text":"Is the 27.5 tyre back in stock?","created_at":"2026-10-08T10:00:00Z"}"#,
    "\n",
    r#"{"channel":"instagram","kind":"comment"}"#,
    "\n"
);

on_both_stores! {
    async fn a_session_writes_and_uploads_on_one_server_are_seen_on_the_other(db: &TestDb, s: Seeded) {
        let (a, b) = (serve(db, &[]).await, serve(db, &[]).await);
        let c = client();

        // Logged in on A, the session works on B: pages, and a write
        // with the CSRF token A's page carries.
        let session = login(&c, &a, PASSWORD).await.expect("login on A");
        let page = c
            .get(format!("{}/settings", a.base))
            .header(header::COOKIE, &session)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let csrf = hidden_field(&page.text().await.unwrap(), "csrf").expect("csrf on A's page");
        let on_b = c
            .get(format!("{}/", b.base))
            .header(header::COOKIE, &session)
            .send()
            .await
            .unwrap();
        assert_eq!(on_b.status(), StatusCode::OK, "B knows A's session");

        let inbox = get(&c, &a, "/api/inbox", &s.agent_token).await;
        let items = inbox["items"].as_array().unwrap();
        assert!(items.len() >= 2, "{inbox}");
        let (first, second) = (items[0]["id"].as_i64().unwrap(), items[1]["id"].as_i64().unwrap());
        let handled = c
            .post(format!("{}/api/inbox/{first}/handled", b.base))
            .header(header::COOKIE, &session)
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(handled.status(), StatusCode::OK, "a write on B with A's CSRF token");
        // A's next read has it, at once.
        let inbox = get(&c, &a, "/api/inbox", &s.agent_token).await;
        assert!(
            inbox["items"].as_array().unwrap().iter().all(|i| i["id"] != first),
            "handled on B, still in A's inbox: {inbox}"
        );

        // An assignment on A shows on B's next read.
        let r = c
            .post(format!("{}/api/inbox/{second}/assign", a.base))
            .bearer_auth(&s.agent_token)
            .json(&json!({"to": "me"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let item = get(&c, &b, &format!("/api/inbox/{second}"), &s.agent_token).await;
        assert_eq!(item["state"]["assigned_to"], "agent@example.org", "{item}");

        // An upload on A is in B's recent imports, with the same summary.
        let r = upload(&c, &a, &s.agent_token, MORE).await;
        assert_eq!(r.status(), StatusCode::OK);
        let summary: Value = r.json().await.unwrap();
        assert_eq!((summary["imported"].as_u64(), summary["rejected"].as_u64()), (Some(1), Some(1)));
        let log = get(&c, &b, "/api/imports", &s.admin_token).await;
        assert_eq!(log["kept_in"], "database");
        let last = &log["items"][0];
        assert_eq!((last["via"].as_str(), last["by"].as_str()), (Some("api"), Some("agent@example.org")));
        assert_eq!(last["summary"], summary);
        let job = last["job"].as_i64().unwrap();
        let shown = get(&c, &b, &format!("/api/jobs/{job}"), &s.admin_token).await;
        assert_eq!((shown["state"].as_str(), &shown["summary"]), (Some("done"), &summary));
        // And the comment it brought is in B's inbox.
        let inbox = get(&c, &b, "/api/inbox", &s.agent_token).await;
        assert!(inbox["items"].as_array().unwrap().iter().any(|i| i["external_id"] == "s1"));
    }

    async fn failed_logins_and_a_tokens_requests_count_across_servers(db: &TestDb, s: Seeded) {
        let flags = ["--api-rate", "1", "--api-burst", "4"];
        let (a, b) = (serve(db, &flags).await, serve(db, &flags).await);
        let c = client();

        // Five failures, split between A and B, lock the account on both.
        for server in [&a, &b, &a, &b, &a] {
            assert_eq!(login(&c, server, "wrong").await, Err(StatusCode::UNAUTHORIZED));
        }
        assert_eq!(login(&c, &b, PASSWORD).await, Err(StatusCode::TOO_MANY_REQUESTS));
        assert_eq!(login(&c, &a, PASSWORD).await, Err(StatusCode::TOO_MANY_REQUESTS));

        // A burst of four, taken on A, leaves (next to) nothing on B.
        for _ in 0..4 {
            let r = c.get(format!("{}/api/me", a.base)).bearer_auth(&s.agent_token).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
        let mut refused = Vec::new();
        for _ in 0..4 {
            let r = c.get(format!("{}/api/me", b.base)).bearer_auth(&s.agent_token).send().await.unwrap();
            if r.status() == StatusCode::TOO_MANY_REQUESTS {
                refused.push(r.headers().get(header::RETRY_AFTER).cloned());
            }
        }
        // At one request a second, at most one came back meanwhile.
        assert!(refused.len() >= 3, "B let {} of 4 through", 4 - refused.len());
        assert!(refused.iter().all(|h| h.as_ref().is_some_and(|v| v == "1")), "{refused:?}");
        // Another token has its own bucket.
        let r = c.get(format!("{}/api/me", b.base)).bearer_auth(&s.admin_token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    async fn a_server_without_a_worker_has_its_uploads_done_by_a_worker_process(db: &TestDb, s: Seeded) {
        let b = serve(db, &["--no-worker", "--import-wait", "1"]).await;
        let c = client();

        // Nobody runs jobs yet: the upload answers 202 with its job.
        let r = upload(&c, &b, &s.agent_token, MORE).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        let location = r.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_string();
        let accepted: Value = r.json().await.unwrap();
        assert_eq!(accepted["state"], "queued");
        assert_eq!(accepted["url"], location.as_str());
        let waiting = get(&c, &b, &location, &s.agent_token).await;
        assert_eq!((waiting["kind"].as_str(), waiting["state"].as_str()), (Some("import"), Some("queued")));
        assert_eq!(waiting["summary"], Value::Null);

        // A worker process takes it.
        let child = rapport(db, &["worker", "--idle-ms", "100"]).spawn().expect("start rapport worker");
        let _worker = Process { child, base: String::new() };
        let started = Instant::now();
        let done = loop {
            let job = get(&c, &b, &location, &s.agent_token).await;
            if job["state"] == "done" {
                break job;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "still {job}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(done["summary"]["imported"], 1, "{done}");
        assert_eq!(done["summary"]["rejections"][0]["line"], 2, "{done}");

        // With the worker running, the next upload is answered in full.
        let r = upload(&c, &b, &s.agent_token, MORE).await;
        assert_eq!(r.status(), StatusCode::OK);
        let again: Value = r.json().await.unwrap();
        assert_eq!((again["imported"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(1)));
        let log = get(&c, &b, "/api/imports", &s.agent_token).await;
        assert_eq!(log["items"].as_array().unwrap().len(), 2, "{log}");
        // An unknown job is 404.
        let r = c.get(format!("{}/api/jobs/999999", b.base)).bearer_auth(&s.agent_token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }

    async fn after_an_upgrade_serve_answers_at_once_and_its_worker_reads_the_texts_again(db: &TestDb, s: Seeded) {
        let url = db.url();
        let signals = "SELECT CAST(coalesce(sum(signals), 0) AS BIGINT) FROM interaction";
        let read_now = crate::db::count(url, signals, None);
        // Readings as an older release might have stored them (every
        // comment a recommendation), in a store that records no version.
        crate::db::execute(
            url,
            "UPDATE interaction SET signals = signals | 2 WHERE kind = 'comment' AND from_brand = 0;
             DELETE FROM readings_state",
        );
        assert_ne!(crate::db::count(url, signals, None), read_now);
        let said = db.dir().join("serve.stderr");
        let log = std::fs::File::create(&said).unwrap();
        let server = serve_saying(db, &[], Stdio::from(log)).await;
        // It answered before reading anything again: the job does that.
        let stderr = std::fs::read_to_string(&said).unwrap();
        let job = stderr
            .split("in the background (job ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("no job named: {stderr}"));
        let c = client();
        let started = Instant::now();
        let done = loop {
            let j = get(&c, &server, &format!("/api/jobs/{job}"), &s.agent_token).await;
            if j["state"] == "done" {
                break j;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "still {j}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(done["kind"], "reanalyze", "{done}");
        // Every text read as this release reads it, and the version kept:
        // the next start reads nothing again.
        assert_eq!(crate::db::count(url, signals, None), read_now);
        let kept = "SELECT count(*) FROM readings_state WHERE version LIKE 'analyzer %'";
        assert_eq!(crate::db::count(url, kept, None), 1);
        drop(server);
        let said = db.dir().join("serve-again.stderr");
        let log = std::fs::File::create(&said).unwrap();
        let again = serve_saying(db, &[], Stdio::from(log)).await;
        let stderr = std::fs::read_to_string(&said).unwrap();
        assert!(!stderr.contains("read again"), "{stderr}");
        drop(again);
    }
}
