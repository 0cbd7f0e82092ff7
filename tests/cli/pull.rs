//! `rapport pull`: live pulls against loopback stand-ins for a Mastodon
//! instance (minimal HTTP/1.1) and a Jetstream (tungstenite WebSocket).

use crate::util::Dir;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

const TOKEN: &str = "s3cret-token";

/// A Mastodon stand-in: answers `GET /api/v1/notifications` from a list the
/// test can grow, honouring `since_id`, `max_id` and `limit`; records every
/// request's target.
struct Mastodon {
    base: String,
    notifications: Arc<Mutex<Vec<Value>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Mastodon {
    fn start() -> Mastodon {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let notifications = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (n, r) = (notifications.clone(), requests.clone());
        thread::spawn(move || {
            for stream in listener.incoming().take(100) {
                let Ok(stream) = stream else { continue };
                serve_http(stream, &n, &r);
            }
        });
        Mastodon {
            base,
            notifications,
            requests,
        }
    }

    fn add(&self, items: Vec<Value>) {
        self.notifications.lock().expect("lock").extend(items);
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

fn serve_http(stream: TcpStream, notifications: &Mutex<Vec<Value>>, requests: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut auth = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            if name.eq_ignore_ascii_case("authorization") {
                auth = value.trim().to_string();
            }
        }
    }
    requests.lock().expect("lock").push(target.clone());
    let (status, body) = if auth != format!("Bearer {TOKEN}") {
        (
            "401 Unauthorized",
            json!({"error": "The access token is invalid"}),
        )
    } else if !target.starts_with("/api/v1/notifications?") {
        ("404 Not Found", json!({"error": "Record not found"}))
    } else {
        let param = |name: &str| -> Option<u64> {
            target
                .split_once('?')?
                .1
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))?
                .parse()
                .ok()
        };
        let (since, max, limit) = (param("since_id"), param("max_id"), param("limit"));
        let mut page: Vec<Value> = notifications
            .lock()
            .expect("lock")
            .iter()
            .filter(|n| {
                let id: u64 = n["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
                since.is_none_or(|s| id > s) && max.is_none_or(|m| id < m)
            })
            .cloned()
            .collect();
        page.sort_by_key(|n| {
            std::cmp::Reverse(n["id"].as_str().and_then(|s| s.parse::<u64>().ok()))
        });
        page.truncate(limit.unwrap_or(40) as usize);
        ("200 OK", Value::Array(page))
    };
    let body = body.to_string();
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

fn account(user: &str) -> Value {
    json!({
        "id": format!("9{}", user.len()),
        "username": user,
        "acct": format!("{user}@fans.example"),
        "display_name": user.to_uppercase(),
        "url": format!("https://fans.example/@{user}"),
        "note": "",
        "followers_count": 12
    })
}

fn shop_status() -> Value {
    json!({
        "id": "500",
        "created_at": "2026-10-01T08:00:00.000Z",
        "url": "https://shop.example/@bikeshop/500",
        "uri": "https://shop.example/users/bikeshop/statuses/500",
        "content": "<p>New gravel tyres are in!</p>",
        "account": {"id": "1", "username": "bikeshop", "acct": "bikeshop", "url": "https://shop.example/@bikeshop"}
    })
}

fn mention(id: u64, user: &str, text: &str) -> Value {
    json!({
        "id": id.to_string(),
        "type": "mention",
        "created_at": "2026-10-02T09:00:00.000Z",
        "account": account(user),
        "status": {
            "id": format!("7{id}"),
            "created_at": "2026-10-02T09:00:00.000Z",
            "url": format!("https://fans.example/@{user}/7{id}"),
            "uri": format!("https://fans.example/users/{user}/statuses/7{id}"),
            "in_reply_to_id": null,
            "content": format!("<p><span class=\"h-card\"><a href=\"https://shop.example/@bikeshop\">@bikeshop</a></span> {text}</p>"),
            "account": account(user),
            "language": "en"
        }
    })
}

fn favourite(id: u64, user: &str) -> Value {
    json!({
        "id": id.to_string(),
        "type": "favourite",
        "created_at": "2026-10-03T09:00:00.000Z",
        "account": account(user),
        "status": shop_status()
    })
}

fn pull_mastodon(dir: &Dir, base: &str, token: &str) -> crate::util::Run {
    dir.run(&[
        "pull",
        "mastodon",
        "--base-url",
        base,
        "--token",
        token,
        "--once",
        "--json",
    ])
}

rapport_store::both! {
#[test]
fn mastodon_pull_imports_then_resumes_after_the_stored_cursor() {
    let dir = Dir::new();
    let server = Mastodon::start();
    server.add(vec![
        mention(101, "anna", "Do the gravel tyres fit a 29er?"),
        mention(102, "ben", "Ordered two, shipping was quick"),
        favourite(103, "carla"),
    ]);

    let first = pull_mastodon(&dir, &server.base, TOKEN);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let summary = first.json();
    assert_eq!(summary["imported"], 3, "{summary:#}");
    assert_eq!(summary["cursor"], "103", "{summary:#}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
    assert!(!reqs[0].contains("since_id"), "{reqs:?}");
    assert!(reqs[0].contains("types%5B%5D=mention"), "{reqs:?}");

    server.add(vec![
        mention(104, "dora", "Is the 45mm tyre tubeless ready?"),
        favourite(105, "anna"),
    ]);
    let second = pull_mastodon(&dir, &server.base, TOKEN);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let summary = second.json();
    assert_eq!(summary["imported"], 2, "{summary:#}");
    assert_eq!(summary["duplicates"], 0, "{summary:#}");
    assert_eq!(summary["cursor"], "105", "{summary:#}");
    let reqs = server.requests();
    assert!(reqs[1].contains("since_id=103"), "{reqs:?}");

    // Nothing new: one request, nothing imported, the cursor stays.
    let third = pull_mastodon(&dir, &server.base, TOKEN).json();
    assert_eq!(third["imported"], 0, "{third:#}");
    assert_eq!(third["cursor"], "105", "{third:#}");
    assert!(server.requests()[2].contains("since_id=105"));

    let people = dir.run(&["people", "--json"]);
    assert_eq!(people.code, 0, "{}", people.stderr);
    for who in ["anna@fans.example", "ben@fans.example", "dora@fans.example"] {
        assert!(
            people.stdout.contains(who),
            "{who} missing: {}",
            people.stdout
        );
    }
    let anna = dir.run(&["person", "mastodon:anna@fans.example", "--json"]);
    assert_eq!(anna.code, 0, "{}", anna.stderr);
    assert!(anna.stdout.contains("29er"), "{}", anna.stdout);
    // The pull kept the stored ladder current as it went.
    let check = dir.run(&["rescore", "--check", "--json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(check.json()["checked"], 4);
}

#[test]
fn mastodon_pull_walks_back_every_page_of_a_burst() {
    let dir = Dir::new();
    let server = Mastodon::start();
    server.add(
        (1..=95)
            .map(|i| favourite(1000 + i, &format!("fan{i}")))
            .collect(),
    );
    let r = pull_mastodon(&dir, &server.base, TOKEN);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = r.json();
    assert_eq!(summary["imported"], 95, "{summary:#}");
    assert_eq!(summary["pages"], 3, "{summary:#}");
    assert_eq!(summary["cursor"], "1095", "{summary:#}");
    let reqs = server.requests();
    assert!(reqs[1].contains("max_id=1056"), "{reqs:?}");
}

#[test]
fn mastodon_pull_with_a_wrong_token_is_a_usage_error() {
    let dir = Dir::new();
    let server = Mastodon::start();
    let r = pull_mastodon(&dir, &server.base, "wrong");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("401"), "{}", r.stderr);
}
}

/// A Jetstream stand-in: each connection's request target is recorded; it
/// sends every event whose `time_us` is at least the `cursor` asked for
/// (Jetstream replays a cursor inclusively), then waits for the close.
struct Jetstream {
    url: String,
    events: Arc<Mutex<Vec<Value>>>,
    targets: Arc<Mutex<Vec<String>>>,
}

impl Jetstream {
    fn start() -> Jetstream {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("ws://{}", listener.local_addr().expect("addr"));
        let events = Arc::new(Mutex::new(Vec::<Value>::new()));
        let targets = Arc::new(Mutex::new(Vec::new()));
        let (e, t) = (events.clone(), targets.clone());
        thread::spawn(move || {
            for stream in listener.incoming().take(20) {
                let Ok(stream) = stream else { continue };
                let mut target = String::new();
                // The signature is tungstenite's; its error type is not ours.
                #[allow(clippy::result_large_err)]
                let callback =
                    |req: &tungstenite::handshake::server::Request,
                     resp: tungstenite::handshake::server::Response| {
                        target = req.uri().to_string();
                        Ok(resp)
                    };
                let Ok(mut ws) = tungstenite::accept_hdr(stream, callback) else {
                    continue;
                };
                t.lock().expect("lock").push(target.clone());
                let cursor: u64 = target
                    .split_once("cursor=")
                    .and_then(|(_, c)| c.split('&').next()?.parse().ok())
                    .unwrap_or(0);
                let events: Vec<Value> = e.lock().expect("lock").clone();
                for ev in events
                    .iter()
                    .filter(|ev| ev["time_us"].as_u64() >= Some(cursor))
                {
                    if ws.send(tungstenite::Message::text(ev.to_string())).is_err() {
                        break;
                    }
                }
                while ws.read().is_ok() {}
            }
        });
        Jetstream {
            url,
            events,
            targets,
        }
    }

    fn add(&self, items: Vec<Value>) {
        self.events.lock().expect("lock").extend(items);
    }
}

fn post(time_us: u64, did: &str, rkey: &str, text: &str) -> Value {
    json!({
        "did": did,
        "time_us": time_us,
        "kind": "commit",
        "commit": {
            "rev": "3l3qo2vuowo2b",
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": rkey,
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": "2026-10-02T09:00:00.000Z",
                "langs": ["en"],
                "text": text
            },
            "cid": "bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi"
        }
    })
}

fn identity(time_us: u64, did: &str, handle: &str) -> Value {
    json!({
        "did": did,
        "time_us": time_us,
        "kind": "identity",
        "identity": {"did": did, "handle": handle, "seq": 1, "time": "2026-10-02T08:59:59.000Z"}
    })
}

fn pull_bluesky(dir: &Dir, url: &str, events: u64) -> Value {
    let r = dir.run(&[
        "pull",
        "bluesky",
        "--jetstream",
        url,
        "--collections",
        "app.bsky.feed.post,app.bsky.feed.like",
        "--max-events",
        &events.to_string(),
        "--for",
        "20",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

rapport_store::both! {
#[test]
fn bluesky_pull_imports_then_resumes_from_the_stored_cursor() {
    let dir = Dir::new();
    let server = Jetstream::start();
    server.add(vec![
        identity(1_000, "did:plc:anna", "anna.bsky.social"),
        post(
            1_001,
            "did:plc:anna",
            "3k1",
            "Do your gravel tyres fit a 29er?",
        ),
        post(
            1_002,
            "did:plc:ben",
            "3k2",
            "Just got my order, love the bag",
        ),
        post(
            1_003,
            "did:plc:carla",
            "3k3",
            "Which saddle for long rides?",
        ),
    ]);
    let first = pull_bluesky(&dir, &server.url, 4);
    assert_eq!(first["imported"], 3, "{first:#}");
    assert_eq!(first["events"], 4, "{first:#}");
    assert_eq!(first["cursor"], "1003", "{first:#}");

    server.add(vec![
        post(
            1_004,
            "did:plc:dora",
            "3k4",
            "Is the 45mm tyre tubeless ready?",
        ),
        post(1_005, "did:plc:ben", "3k5", "Second order placed!"),
    ]);
    // The replayed event at the cursor plus the two new ones.
    let second = pull_bluesky(&dir, &server.url, 3);
    assert_eq!(second["imported"], 2, "{second:#}");
    assert_eq!(second["duplicates"], 1, "{second:#}");
    assert_eq!(second["cursor"], "1005", "{second:#}");

    let targets = server.targets.lock().expect("lock").clone();
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert!(
        targets[0]
            .contains("wantedCollections=app.bsky.feed.post&wantedCollections=app.bsky.feed.like"),
        "{targets:?}"
    );
    assert!(!targets[0].contains("cursor="), "{targets:?}");
    assert!(targets[1].contains("cursor=1003"), "{targets:?}");

    let people = dir.run(&["people", "--json"]);
    assert_eq!(people.code, 0, "{}", people.stderr);
    for who in ["anna.bsky.social", "did:plc:ben", "did:plc:dora"] {
        assert!(
            people.stdout.contains(who),
            "{who} missing: {}",
            people.stdout
        );
    }
    let anna = dir.run(&["person", "bluesky:anna.bsky.social", "--json"]);
    assert_eq!(anna.code, 0, "{}", anna.stderr);
    assert!(anna.stdout.contains("29er"), "{}", anna.stdout);
}
}
