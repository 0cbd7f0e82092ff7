//! Loopback stand-ins shared by the CLI and API tests: a Mastodon
//! instance for `POST /api/v1/statuses` (it checks each request as
//! Mastodon documents it and honours `Idempotency-Key` as Mastodon does)
//! and a real SMTP server (aiosmtpd, from Debian's `python3-aiosmtpd`,
//! writing what arrives to a Maildir).

#![allow(dead_code)]

use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub const TOKEN: &str = "shop-write-token-7f3";

/// One request the stand-in received.
#[derive(Debug, Clone)]
pub struct Posted {
    pub method: String,
    pub path: String,
    pub auth: String,
    pub key: String,
    pub content_type: String,
    pub form: HashMap<String, String>,
}

/// A Mastodon stand-in for `POST /api/v1/statuses`: checks the token,
/// makes one status per `Idempotency-Key` (a repeated key answers the
/// status already made, as Mastodon does), and answers with the statuses
/// queued in `fail` first (an HTTP status and body) when any are.
pub struct Mastodon {
    pub base: String,
    posted: Arc<Mutex<Vec<Posted>>>,
    fail: Arc<Mutex<Vec<(u16, String)>>>,
}

impl Mastodon {
    pub fn start() -> Mastodon {
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

    pub fn posted(&self) -> Vec<Posted> {
        self.posted.lock().expect("lock").clone()
    }

    pub fn fail_next(&self, status: u16, body: &str) {
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
    pub fn start(dir: &Path) -> Smtp {
        // Debian's python3-aiosmtpd lives beside the system interpreter,
        // which may not be the first `python3` on PATH.
        let python = std::env::var("RAPPORT_TEST_PYTHON").unwrap_or("/usr/bin/python3".into());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let maildir = dir.join("maildir");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
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
