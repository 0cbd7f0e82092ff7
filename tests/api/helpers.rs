//! `spawn_app()`: a server on a free port over a fresh database holding a
//! small multilingual shop, plus users and tokens to call it with.
//!
//! The database is a SQLite file, or, in the PostgreSQL variant of a test
//! written with `rapport_store::both!`, a fresh database on the test
//! server ([`TestDb`]) that lives as long as the [`TestApp`]. The
//! PostgreSQL driver blocks on a runtime of its own, which cannot start
//! on the test's: a test body calls the store inside [`blocking`], never
//! directly.

use rapport_engine::outbox::Senders;
use rapport_engine::Engine;
use rapport_server::{AppState, Config, ConnectionLimits};
use rapport_store::testing::{current, Backend, TestDb};
use rapport_store::{Role, Store};
use reqwest::redirect::Policy;
use reqwest::{header, Response, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A small shop: a post, an answered question, an unanswered complaint,
/// a German question, a Thai comment, an order.
pub const SHOP: &str = r#"{"channel":"instagram","external_id":"p1","kind":"post","author":{"handle":"trailwerk"},"text":"The new 29er trail tyre is here","created_at":"2026-10-01T08:00:00Z","from_brand":true}
{"channel":"instagram","external_id":"c1","kind":"comment","author":{"handle":"anna.rides","display_name":"Anna","email":"anna@example.org","followers":412},"text":"Does the trail tyre fit a 29er?","created_at":"2026-10-02T09:14:00Z","post_id":"p1"}
{"channel":"instagram","external_id":"r1","kind":"reply","author":{"handle":"trailwerk"},"text":"Yes, it does!","created_at":"2026-10-02T10:00:00Z","in_reply_to":"c1","post_id":"p1","from_brand":true}
{"channel":"instagram","external_id":"c2","kind":"comment","author":{"handle":"bob.bikes","display_name":"Bob"},"text":"My order arrived broken and nobody answers my emails, very disappointed","created_at":"2026-10-03T10:00:00Z","post_id":"p1"}
{"channel":"mastodon","external_id":"m1","kind":"mention","author":{"handle":"klaus","display_name":"Klaus Müller"},"text":"Habt ihr den Reifen auch in 27,5 Zoll? Ich fahre jeden Tag über die Alb.","created_at":"2026-10-04T10:00:00Z"}
{"channel":"facebook","external_id":"f1","kind":"comment","author":{"handle":"somchai","display_name":"สมชาย ใจดี"},"text":"ยางรุ่นนี้ใช้กับจักรยานเสือภูเขาได้ไหมครับ","created_at":"2026-10-05T10:00:00Z"}
{"kind":"order","order_id":"1001","email":"anna@example.org","total":129.90,"currency":"EUR","created_at":"2026-10-06T10:00:00Z","items":[{"sku":"TYR-29","title":"Trail tyre 29","qty":2,"price":64.95}]}
"#;

/// Passwords of the users `spawn_app` creates.
pub const PASSWORD: &str = "correct horse battery";

/// A running server and ways to call it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client that does not follow redirects.
    pub client: reqwest::Client,
    /// The store the server uses.
    pub store: Arc<dyn Store>,
    /// Its URL, for the CLI.
    pub db: String,
    /// API tokens by role.
    pub admin_token: String,
    pub agent_token: String,
    pub viewer_token: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    /// Last: the database outlives the server's handle on it.
    fresh: FreshDb,
}

/// A fresh database on the store the test runs on
/// (`rapport_store::testing::current`; SQLite outside `both!`), with a
/// temporary folder beside it for other files.
pub struct FreshDb {
    /// Its URL (`RAPPORT_DB`).
    pub url: String,
    /// The PostgreSQL database, dropped with this.
    _pg: Option<TestDb>,
    /// Last: the SQLite file is in it.
    dir: tempfile::TempDir,
}

impl FreshDb {
    /// A fresh database; call it on the test's thread (it asks
    /// `current`).
    pub fn new() -> FreshDb {
        let dir = tempfile::tempdir().unwrap();
        match current() {
            Some(Backend::Postgres) => {
                let pg = TestDb::new(Backend::Postgres);
                FreshDb {
                    url: pg.url().to_string(),
                    _pg: Some(pg),
                    dir,
                }
            }
            Some(Backend::Sqlite) | None => FreshDb {
                url: format!("sqlite://{}", dir.path().join("rapport.db").display()),
                _pg: None,
                dir,
            },
        }
    }

    /// The folder for other files (`rapport.toml`, ...).
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Opens the store, off the async runtime.
    pub fn open(&self) -> Arc<dyn Store> {
        let url = self.url.clone();
        blocking(move || Arc::from(rapport_store::open(&url).unwrap()))
    }
}

/// Runs `f` on a thread of its own and waits for it: store calls from an
/// async test body (the PostgreSQL driver cannot block on a runtime's
/// thread; SQLite does not mind).
pub fn blocking<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn token_for(store: &dyn Store, email: &str, role: Role) -> String {
    let hash = rapport_server::auth::hash_password(PASSWORD).unwrap();
    let user = store.create_user(email, role, &hash, 0).unwrap();
    let t = rapport_server::auth::new_api_token().unwrap();
    store
        .create_api_token(user.id, &t.hash, &t.prefix, 0, None)
        .unwrap();
    t.token
}

/// Starts the server on a free port over a fresh database with [`SHOP`]
/// imported and three users: admin@, agent@ and viewer@example.org.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Config::default(), ConnectionLimits::default()).await
}

/// [`spawn_app`] with these settings and connection limits.
pub async fn spawn_app_with(config: Config, limits: ConnectionLimits) -> TestApp {
    spawn_app_sending(config, limits, Senders::none()).await
}

/// [`spawn_app_with`] with channels connected: the server sends its
/// outbox every few seconds, as `rapport serve` does.
pub async fn spawn_app_sending(
    config: Config,
    limits: ConnectionLimits,
    senders: Senders,
) -> TestApp {
    let fresh = FreshDb::new();
    let url = fresh.url.clone();
    let store = fresh.open();
    let sending = !senders.channels().is_empty();
    let profile = fresh.dir().join("rapport.toml");
    let (engine, admin_token, agent_token, viewer_token) = blocking(|| {
        let engine = Engine::new(store.clone(), profile).with_senders(senders);
        let summary = engine
            .import(
                rapport_ingest::Format::Jsonl,
                "shop",
                Box::new(SHOP.as_bytes()),
            )
            .unwrap();
        assert_eq!(summary.rejected, 0, "{:?}", summary.rejections);
        (
            engine,
            token_for(&*store, "admin@example.org", Role::Admin),
            token_for(&*store, "agent@example.org", Role::Agent),
            token_for(&*store, "viewer@example.org", Role::Viewer),
        )
    });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::with_config(engine, config);
    // Jobs run here, as under `rapport serve` (uploads and corrections
    // are jobs); outbox rounds only when channels are connected.
    let kinds = if sending {
        Vec::new()
    } else {
        ["import", "reanalyze", "rescore"]
            .map(String::from)
            .to_vec()
    };
    rapport_server::keep_working(&state, rapport_engine::jobs::Worker::here(kinds, 60));
    let app = rapport_server::app(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = rx.await;
        };
        rapport_server::serve_with(listener, app, shutdown, &limits)
            .await
            .unwrap();
    });
    TestApp {
        base,
        client: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        store,
        db: url,
        admin_token,
        agent_token,
        viewer_token,
        _shutdown: tx,
        fresh,
    }
}

impl TestApp {
    /// The folder beside the database (`rapport.toml` is there).
    pub fn dir(&self) -> &std::path::Path {
        self.fresh.dir()
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET with a bearer token.
    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// POST JSON with a bearer token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Imports `body` (canonical JSONL) through `POST /api/imports` as
    /// the agent.
    pub async fn import_jsonl(&self, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(self.url("/api/imports?format=jsonl"))
            .bearer_auth(&self.agent_token)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts a dashboard form to `path` with `cookie` (a session's, or
    /// the login form's); fields as the browser sends them, the `csrf`
    /// among them.
    pub async fn post_form(&self, cookie: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .header(header::COOKIE, cookie)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    /// PUT JSON with a bearer token.
    pub async fn put(&self, path: &str, token: &str, body: Value) -> Response {
        self.client
            .put(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// [`TestApp::page`], the browser asking for `accept_language`.
    pub async fn page_in(&self, session: &str, path: &str, accept_language: &str) -> String {
        self.page_asking(session, path, Some(accept_language)).await
    }

    /// A dashboard page's HTML through a session; asserts 200.
    pub async fn page(&self, session: &str, path: &str) -> String {
        self.page_asking(session, path, None).await
    }

    async fn page_asking(&self, session: &str, path: &str, language: Option<&str>) -> String {
        let r = self.page_response(session, path, language).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.text().await.unwrap()
    }

    /// The answer to a dashboard page through a session, whatever its
    /// status, the browser asking for `language` if given.
    pub async fn page_response(
        &self,
        session: &str,
        path: &str,
        language: Option<&str>,
    ) -> Response {
        let mut request = self
            .client
            .get(self.url(path))
            .header(header::COOKIE, session);
        if let Some(l) = language {
            request = request.header(header::ACCEPT_LANGUAGE, l);
        }
        request.send().await.unwrap()
    }

    /// Imports a generated shop (`rapport generate`) over the API, as the
    /// agent; asserts it was stored.
    pub async fn import_generated(&self, people: u32, interactions: u32, seed: u64) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.jsonl");
        let text = generated_shop(&self.db, &file, people, interactions, seed);
        let r = self
            .client
            .post(self.url("/api/imports?format=jsonl"))
            .bearer_auth(&self.agent_token)
            .body(text)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    /// The inbox's items as the agent sees them.
    pub async fn inbox(&self) -> Vec<Value> {
        let r = self.get("/api/inbox", &self.agent_token).await;
        assert_eq!(r.status(), StatusCode::OK);
        let v: Value = r.json().await.unwrap();
        v["items"].as_array().unwrap().clone()
    }

    /// Logs in through the login page; returns the session cookie
    /// (`rapport_session=...`).
    pub async fn login(&self, email: &str, password: &str) -> Result<String, Response> {
        let page = self.client.get(self.url("/login")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let nonce_cookie = cookie(&page, "rapport_login").expect("login nonce cookie");
        let html = page.text().await.unwrap();
        let csrf = hidden_field(&html, "csrf").expect("csrf field on the login form");
        let r = self
            .client
            .post(self.url("/login"))
            .header(header::COOKIE, nonce_cookie)
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf", csrf.as_str()),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        if r.status() != StatusCode::SEE_OTHER {
            return Err(r);
        }
        Ok(cookie(&r, "rapport_session").expect("session cookie"))
    }
}

/// `name=value` of a cookie the response sets.
pub fn cookie(r: &Response, name: &str) -> Option<String> {
    set_cookie(r, name).map(|c| c.split(';').next().unwrap_or("").to_string())
}

/// The whole `Set-Cookie` header for cookie `name`.
pub fn set_cookie(r: &Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of the first hidden input named `name` in `html`.
pub fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// Asserts the `{"code","message"}` error shape and returns the code.
pub async fn error_code(r: Response) -> String {
    let v: Value = r.json().await.unwrap();
    assert!(v["message"].is_string(), "no message in {v}");
    v["code"].as_str().expect("code").to_string()
}

/// How long a test waits for an answer the server should give at once.
pub const PROMPTLY: Duration = Duration::from_secs(2);

/// Sends `request` byte for byte on a new connection to `base`
/// (`http://host:port`) and returns the head of the answer (status line
/// and headers). Panics unless the whole head arrives within
/// [`PROMPTLY`]; the connection stays open meanwhile, so a server still
/// waiting for the rest of the request shows up as a timeout.
pub async fn raw_answer(base: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(request).await.unwrap();
    let head = tokio::time::timeout(PROMPTLY, async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf
    })
    .await
    .unwrap_or_else(|_| panic!("no answer within {PROMPTLY:?}"));
    String::from_utf8_lossy(&head).into_owned()
}

/// `rapport ARGS` on the database `db`, its output captured (run it with
/// `.output()`, or `.spawn()` to let it run beside the test).
pub fn rapport_command(db: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.env("RAPPORT_DB", db)
        .env_remove("RAPPORT_LOG")
        .env_remove("RAPPORT_LOG_FORMAT")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

/// A generated shop (`rapport generate`) written to `out`, read back.
pub fn generated_shop(
    db: &str,
    out: &std::path::Path,
    people: u32,
    interactions: u32,
    seed: u64,
) -> String {
    let run = rapport_command(
        db,
        &[
            "generate",
            "--people",
            &people.to_string(),
            "--interactions",
            &interactions.to_string(),
            "--seed",
            &seed.to_string(),
            "--out",
            out.to_str().expect("utf-8 path"),
        ],
    )
    .output()
    .expect("run rapport generate");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).expect("read the shop")
}

/// A command-line import of `file` in batches of 100, started and left
/// running beside the test.
pub fn import_beside(db: &str, file: &std::path::Path) -> std::process::Child {
    rapport_command(
        db,
        &[
            "import",
            "jsonl",
            file.to_str().expect("utf-8 path"),
            "--batch-size",
            "100",
        ],
    )
    .spawn()
    .expect("start rapport import")
}
