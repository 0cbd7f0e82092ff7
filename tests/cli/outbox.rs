//! Replies and the outbox: `rapport inbox reply`, `rapport outbox` and
//! `rapport outbox run`, against a loopback stand-in for a Mastodon
//! instance (it checks each request as Mastodon documents it and honours
//! `Idempotency-Key` as Mastodon does) and a real SMTP server (aiosmtpd,
//! from Debian's `python3-aiosmtpd`, writing what arrives to a Maildir).
//! Crashes are made with `RAPPORT_FAULT`, which aborts the sending
//! process at a named point.

use crate::util::{as_str, Dir, Run};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const TOKEN: &str = "shop-write-token-7f3";

/// One request the stand-in received.
#[derive(Debug, Clone)]
struct Posted {
    method: String,
    path: String,
    auth: String,
    key: String,
    content_type: String,
    form: HashMap<String, String>,
}

/// A Mastodon stand-in for `POST /api/v1/statuses`: checks the token,
/// makes one status per `Idempotency-Key` (a repeated key answers the
/// status already made, as Mastodon does), and answers with the statuses
/// queued in `fail` first (an HTTP status and body) when any are.
struct Mastodon {
    base: String,
    posted: Arc<Mutex<Vec<Posted>>>,
    fail: Arc<Mutex<Vec<(u16, String)>>>,
}

impl Mastodon {
    fn start() -> Mastodon {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let posted = Arc::new(Mutex::new(Vec::new()));
        let fail = Arc::new(Mutex::new(Vec::new()));
        let made: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
        let (p, f) = (posted.clone(), fail.clone());
        thread::spawn(move || {
            for stream in listener.incoming().take(200) {
                let Ok(stream) = stream else { continue };
                serve(stream, &p, &f, &made);
            }
        });
        Mastodon { base, posted, fail }
    }

    fn posted(&self) -> Vec<Posted> {
        self.posted.lock().expect("lock").clone()
    }

    fn fail_next(&self, status: u16, body: &str) {
        self.fail
            .lock()
            .expect("lock")
            .push((status, body.to_string()));
    }
}

fn decode(s: &str) -> String {
    let bytes = s.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&String::from_utf8_lossy(&bytes[i + 1..i + 3]), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8 form")
}

fn serve(
    stream: TcpStream,
    posted: &Mutex<Vec<Posted>>,
    fail: &Mutex<Vec<(u16, String)>>,
    made: &Mutex<HashMap<String, u64>>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let (mut auth, mut key, mut content_type, mut length) =
        (String::new(), String::new(), String::new(), 0usize);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            let value = value.trim().to_string();
            match name.to_ascii_lowercase().as_str() {
                "authorization" => auth = value,
                "idempotency-key" => key = value,
                "content-type" => content_type = value,
                "content-length" => length = value.parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let form: HashMap<String, String> = String::from_utf8_lossy(&body)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    posted.lock().expect("lock").push(Posted {
        method: method.clone(),
        path: path.clone(),
        auth: auth.clone(),
        key: key.clone(),
        content_type,
        form: form.clone(),
    });
    let queued = {
        let mut f = fail.lock().expect("lock");
        (!f.is_empty()).then(|| f.remove(0))
    };
    let (status, body) = if let Some(failure) = queued {
        failure
    } else if auth != format!("Bearer {TOKEN}") {
        (
            401,
            json!({"error": "The access token is invalid"}).to_string(),
        )
    } else if method != "POST" || path != "/api/v1/statuses" {
        (404, json!({"error": "Record not found"}).to_string())
    } else if form.get("status").is_none_or(|s| s.trim().is_empty()) {
        (
            422,
            json!({"error": "Validation failed: Text can't be blank"}).to_string(),
        )
    } else {
        let mut made = made.lock().expect("lock");
        let next = 900_000 + made.len() as u64 + 1;
        let id = *made.entry(key).or_insert(next);
        let status = json!({
            "id": id.to_string(),
            "created_at": "2026-12-05T10:00:00.000Z",
            "in_reply_to_id": form.get("in_reply_to_id"),
            "url": format!("https://shop.example/@trailshop/{id}"),
            "content": format!("<p>{}</p>", form["status"]),
            "account": {"id": "1", "username": "trailshop", "acct": "trailshop",
                        "url": "https://shop.example/@trailshop"}
        });
        (200, status.to_string())
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// A real SMTP server on loopback (aiosmtpd's Mailbox handler): every
/// message it accepts is a file in `maildir/new`.
pub struct Smtp {
    child: Child,
    pub url: String,
    maildir: PathBuf,
}

impl Smtp {
    pub fn start(dir: &Dir) -> Smtp {
        // Debian's python3-aiosmtpd lives beside the system interpreter,
        // which may not be the first `python3` on PATH.
        let python = std::env::var("RAPPORT_TEST_PYTHON").unwrap_or("/usr/bin/python3".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let maildir = dir.path("maildir");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox", as_str(&maildir)])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "starting {python} -m aiosmtpd (scripts/test installs python3-aiosmtpd): {e}"
                )
            });
        let mut smtp = Smtp {
            child,
            url: format!("smtp://127.0.0.1:{port}"),
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = smtp.child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = smtp.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("aiosmtpd exited ({status}): {err}");
            }
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start listening"
            );
            thread::sleep(Duration::from_millis(50));
        }
        smtp
    }

    /// The raw messages received so far.
    pub fn received(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        let mut out: Vec<String> = entries
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        out.sort();
        out
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A shop with one Mastodon mention and one mail from a customer, both
/// unanswered; returns their interaction ids.
fn shop(dir: &Dir) -> (i64, i64) {
    let records = [
        json!({"channel":"mastodon","external_id":"109","kind":"mention",
               "author":{"handle":"anna@fans.example","display_name":"Anna"},
               "text":"@trailshop does the Schotter tyre fit a 29er?","created_at":"2026-12-01T09:00:00Z"}),
        json!({"channel":"email","external_id":"CAF1234@mail.example","kind":"message",
               "author":{"handle":"ben@mail.example","display_name":"Ben Weber","email":"ben@mail.example"},
               "text":"Meine Bestellung ist noch nicht da. Wo bleibt sie?","created_at":"2026-12-02T09:00:00Z"}),
    ];
    let body: Vec<String> = records.iter().map(Value::to_string).collect();
    let file = dir.write("shop.jsonl", &body.join("\n"));
    let r = dir.run(&["import", "jsonl", as_str(&file)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let inbox = dir.run(&["inbox", "--json"]).json();
    let id = |channel: &str| {
        inbox
            .as_array()
            .expect("list")
            .iter()
            .find(|i| i["channel"] == channel)
            .and_then(|i| i["id"].as_i64())
            .unwrap_or_else(|| panic!("no {channel} item in {inbox}"))
    };
    (id("mastodon"), id("email"))
}

/// Runs `rapport` with the channels connected.
fn connected(
    dir: &Dir,
    mastodon: &Mastodon,
    smtp: Option<&Smtp>,
    args: &[&str],
    fault: Option<&str>,
) -> Run {
    let mut cmd = dir.command(args);
    cmd.env("RAPPORT_MASTODON_URL", &mastodon.base)
        .env("RAPPORT_MASTODON_TOKEN", TOKEN)
        .env("RAPPORT_MAIL_FROM", "Trailwerk <hello@trailwerk.example>")
        .env_remove("RAPPORT_SMTP_URL")
        .env_remove("RAPPORT_FAULT")
        .stdin(Stdio::null());
    if let Some(s) = smtp {
        cmd.env("RAPPORT_SMTP_URL", &s.url);
    }
    if let Some(f) = fault {
        cmd.env("RAPPORT_FAULT", f);
    }
    let out = cmd.output().expect("run rapport");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn outbox(dir: &Dir) -> Vec<Value> {
    let page = dir.run(&["outbox", "--json"]).json();
    page["messages"].as_array().expect("messages").clone()
}

fn answered(dir: &Dir) -> f64 {
    dir.run(&["report", "--json"]).json()["meaningful"]["answered_share"]
        .as_f64()
        .expect("answered_share")
}

#[test]
fn a_reply_goes_to_mastodon_once_and_its_copy_coming_back_is_the_same_message() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    let before = answered(&dir);
    let r = connected(
        &dir,
        &fake,
        None,
        &[
            "inbox",
            "reply",
            &toot.to_string(),
            "Yes, it fits: 29 x 2.25 max.",
            "--key",
            "k-1",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("queued for mastodon"), "{}", r.stdout);
    // Answered at once, before anything was sent.
    assert!(answered(&dir) > before, "the report's answered share moves");
    let inbox = dir.run(&["inbox", "--json"]).json();
    assert!(
        inbox
            .as_array()
            .expect("list")
            .iter()
            .all(|i| i["id"] != toot),
        "{inbox}"
    );
    assert!(
        fake.posted().is_empty(),
        "nothing leaves before the outbox runs"
    );

    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["sent"], 1, "{}", run.stdout);
    let posted = fake.posted();
    assert_eq!(posted.len(), 1, "{posted:?}");
    let p = &posted[0];
    assert_eq!(
        (p.method.as_str(), p.path.as_str()),
        ("POST", "/api/v1/statuses")
    );
    assert_eq!(p.auth, format!("Bearer {TOKEN}"));
    assert_eq!(p.key, "k-1");
    assert_eq!(p.content_type, "application/x-www-form-urlencoded");
    assert_eq!(p.form["in_reply_to_id"], "109");
    assert_eq!(
        p.form["status"],
        "@anna@fans.example Yes, it fits: 29 x 2.25 max."
    );

    let messages = outbox(&dir);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["state"], "sent");
    assert_eq!(messages[0]["external_id"], "900001");
    assert_eq!(messages[0]["created_by"], "cli");
    // The credentials are nowhere in what Rapport shows.
    let shown = dir.run(&["outbox", "--json"]).stdout;
    assert!(!shown.contains(TOKEN));

    // A second run sends nothing; the same key again is the same reply.
    let again = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(again.json()["sent"], 0);
    let same = connected(
        &dir,
        &fake,
        None,
        &[
            "inbox",
            "reply",
            &toot.to_string(),
            "Yes, it fits: 29 x 2.25 max.",
            "--key",
            "k-1",
            "--json",
        ],
        None,
    );
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.json()["message"]["id"], messages[0]["id"]);
    assert_eq!(outbox(&dir).len(), 1);
    assert_eq!(fake.posted().len(), 1);

    // The shop's status pulled or imported later is the reply already
    // stored, not a second one.
    let status = json!({
        "id": "900001", "created_at": "2026-12-05T10:00:00.000Z", "in_reply_to_id": "109",
        "url": "https://shop.example/@trailshop/900001",
        "content": "<p>@anna@fans.example Yes, it fits: 29 x 2.25 max.</p>",
        "account": {"id": "1", "username": "trailshop", "acct": "trailshop", "url": "https://shop.example/@trailshop"}
    });
    let file = dir.write("status.json", &status.to_string());
    let imported = dir.run(&[
        "import",
        "mastodon",
        as_str(&file),
        "--brand",
        "mastodon:trailshop",
        "--json",
    ]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.json()["imported"], 0, "{}", imported.stdout);
    assert_eq!(imported.json()["duplicates"], 1, "{}", imported.stdout);
    // The thread holds the customer's words and one reply from the shop.
    let thread = dir
        .run(&["person", "mastodon:anna@fans.example", "--json"])
        .json();
    let history = thread["history"].as_array().expect("history");
    let shop: Vec<&Value> = history.iter().filter(|h| h["from_brand"] == true).collect();
    assert_eq!(shop.len(), 1, "{history:?}");
    assert_eq!(shop[0]["sent_by"], "cli");
    assert_eq!(shop[0]["delivery"], "sent");
}

#[test]
fn a_platform_refusal_is_kept_and_a_busy_platform_is_tried_again_later() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    let r = connected(
        &dir,
        &fake,
        None,
        &["inbox", "reply", &toot.to_string(), "On its way!"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    fake.fail_next(503, r#"{"error":"Service unavailable"}"#);
    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["retrying"], 1, "{}", run.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "queued");
    assert_eq!(m["attempts"], 1);
    assert!(
        m["last_error"]
            .as_str()
            .expect("error")
            .contains("HTTP 503"),
        "{m}"
    );
    // Not due again before its backoff ends.
    let soon = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(soon.json()["sent"], 0);
    assert_eq!(fake.posted().len(), 1);
    // Later, a refusal is final and its words are kept.
    fake.fail_next(422, r#"{"error":"Validation failed: Status is too long"}"#);
    let later = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["failed"], 1, "{}", later.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "failed");
    assert_eq!(
        m["last_error"],
        "mastodon POST /api/v1/statuses: HTTP 422: Validation failed: Status is too long"
    );
    // A person sends it again; this time it goes.
    let id = m["id"].to_string();
    let retry = dir.run(&["outbox", "retry", &id]);
    assert_eq!(retry.code, 0, "{}", retry.stderr);
    let last = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(last.json()["sent"], 1, "{}", last.stdout);
    assert_eq!(outbox(&dir)[0]["state"], "sent");
    assert_eq!(fake.posted().len(), 3);
}

#[test]
fn a_sender_that_dies_mid_send_never_makes_a_second_toot() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    let r = connected(
        &dir,
        &fake,
        None,
        &[
            "inbox",
            "reply",
            &toot.to_string(),
            "Yes!",
            "--key",
            "crash-1",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The platform took it; the process dies before writing that down.
    let crashed = connected(&dir, &fake, None, &["outbox", "run"], Some("outbox-sent"));
    assert_ne!(crashed.code, 0, "the fault aborts the run");
    assert_eq!(fake.posted().len(), 1);
    assert_eq!(outbox(&dir)[0]["state"], "sending");
    // While the row is fresh, another run leaves it to its sender.
    let now = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(now.json()["sent"], 0);
    assert_eq!(fake.posted().len(), 1);
    // Past the stale limit it is sent again under the same key, which
    // Mastodon answers with the status it already made.
    let later = connected(
        &dir,
        &fake,
        None,
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["sent"], 1, "{}", later.stdout);
    let posted = fake.posted();
    assert_eq!(posted.len(), 2);
    assert!(posted.iter().all(|p| p.key == "crash-1"), "{posted:?}");
    let m = &outbox(&dir)[0];
    assert_eq!(m["state"], "sent");
    assert_eq!(m["external_id"], "900001", "one status on the platform");
}

#[test]
fn mail_reaches_a_real_smtp_server_once_even_when_the_sender_dies() {
    let dir = Dir::new();
    let (_, mail) = shop(&dir);
    let fake = Mastodon::start();
    let smtp = Smtp::start(&dir);
    // Stored, then the process that stored it is gone before sending: the
    // next run sends it, once.
    let r = connected(
        &dir,
        &fake,
        Some(&smtp),
        &[
            "inbox",
            "reply",
            &mail.to_string(),
            "Sie ist heute rausgegangen, entschuldigen Sie die Wartezeit.",
            "--key",
            "m1",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(smtp.received().is_empty());
    let run = connected(&dir, &fake, Some(&smtp), &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["sent"], 1, "{} {}", run.stdout, run.stderr);
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert!(
        m.contains("To: ben@mail.example") || m.contains("To: <ben@mail.example>"),
        "{m}"
    );
    assert!(
        m.contains("From: Trailwerk <hello@trailwerk.example>"),
        "{m}"
    );
    assert!(
        m.contains("Message-ID: <rapport.m1@trailwerk.example>"),
        "{m}"
    );
    assert!(m.contains("In-Reply-To: <CAF1234@mail.example>"), "{m}");
    assert!(m.contains("References: <CAF1234@mail.example>"), "{m}");
    assert!(m.contains("Content-Language: de"), "{m}");
    assert_eq!(
        outbox(&dir)[0]["external_id"],
        "rapport.m1@trailwerk.example"
    );
    let again = connected(&dir, &fake, Some(&smtp), &["outbox", "run", "--json"], None);
    assert_eq!(again.json()["sent"], 0);
    assert_eq!(smtp.received().len(), 1);

    // A second reply whose sender dies after the server accepted it: SMTP
    // cannot tell a repeat, so it waits for a person instead of going twice.
    let r = connected(
        &dir,
        &fake,
        Some(&smtp),
        &[
            "inbox",
            "reply",
            &mail.to_string(),
            "PS: die Sendungsnummer folgt.",
            "--key",
            "m2",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let crashed = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run"],
        Some("outbox-sent"),
    );
    assert_ne!(crashed.code, 0);
    assert_eq!(smtp.received().len(), 2);
    let later = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run", "--now", "2099-01-01T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(later.json()["unsure"], 1, "{}", later.stdout);
    assert_eq!(smtp.received().len(), 2, "no second copy");
    let unsure = outbox(&dir)
        .into_iter()
        .find(|m| m["key"] == "m2")
        .expect("m2");
    assert_eq!(unsure["state"], "unsure");
    // The person decides it never arrived: cancelled, nothing more goes.
    let cancel = dir.run(&["outbox", "cancel", &unsure["id"].to_string()]);
    assert_eq!(cancel.code, 0, "{}", cancel.stderr);
    let last = connected(
        &dir,
        &fake,
        Some(&smtp),
        &["outbox", "run", "--now", "2099-01-02T00:00:00Z", "--json"],
        None,
    );
    assert_eq!(last.json()["sent"], 0);
    assert_eq!(smtp.received().len(), 2);
}

#[test]
fn a_reply_on_a_channel_not_connected_is_recorded_and_counts() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let before = answered(&dir);
    let r = dir.run(&[
        "inbox",
        "reply",
        &toot.to_string(),
        "Posted it by hand",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["message"]["state"], "recorded");
    assert!(answered(&dir) > before);
    // Posted by hand and imported later: the same message.
    let status = json!({
        "id": "777", "created_at": "2026-12-05T10:00:00.000Z", "in_reply_to_id": "109",
        "content": "<p>@anna@fans.example Posted it by hand</p>",
        "account": {"id": "1", "username": "trailshop", "acct": "trailshop", "url": "https://shop.example/@trailshop"}
    });
    let file = dir.write("status.json", &status.to_string());
    let imported = dir.run(&[
        "import",
        "mastodon",
        as_str(&file),
        "--brand",
        "mastodon:trailshop",
        "--json",
    ]);
    assert_eq!(imported.json()["duplicates"], 1, "{}", imported.stdout);
    let m = &outbox(&dir)[0];
    assert_eq!(m["external_id"], "777");
    assert_eq!(m["state"], "recorded");
    // Bad input: no such message, empty text, a bad key — exit 2.
    assert_eq!(dir.run(&["inbox", "reply", "999999", "Hi"]).code, 2);
    assert_eq!(
        dir.run(&["inbox", "reply", &toot.to_string(), "   "]).code,
        2
    );
    assert_eq!(
        dir.run(&["inbox", "reply", &toot.to_string(), "Hi", "--key", "a b"])
            .code,
        2
    );
    let bad = dir.run(&["outbox", "--state", "lost"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--state"), "{}", bad.stderr);
}

#[test]
fn nothing_is_sent_to_a_person_erased_before_the_outbox_ran() {
    let dir = Dir::new();
    let (toot, _) = shop(&dir);
    let fake = Mastodon::start();
    let r = connected(
        &dir,
        &fake,
        None,
        &["inbox", "reply", &toot.to_string(), "Yes, Anna!"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(outbox(&dir).len(), 1);
    let gone = dir.run(&["forget", "mastodon:anna@fans.example", "--yes"]);
    assert_eq!(gone.code, 0, "{}", gone.stderr);
    assert!(outbox(&dir).is_empty(), "their messages went with them");
    let run = connected(&dir, &fake, None, &["outbox", "run", "--json"], None);
    assert_eq!(run.json()["sent"], 0);
    assert!(fake.posted().is_empty());
}
