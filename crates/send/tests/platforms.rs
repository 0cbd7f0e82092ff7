//! Each platform's sender against a small fake of that platform on
//! loopback: the request it makes must be exactly the one the platform
//! documents (method, path, query, authentication, content type, body
//! fields), the id it keeps must be the one the platform answers (the id
//! the import stores for that reply), and a refusal or a busy platform
//! must come back as a permanent or a passing failure, in the platform's
//! own words and without a credential in them.

use rapport_engine::outbox::{Deliver, Delivered, Outgoing, SendError};
use rapport_send::bluesky::Bluesky;
use rapport_send::facebook::Facebook;
use rapport_send::instagram::Instagram;
use rapport_send::reddit::Reddit;
use rapport_send::x::X;
use rapport_send::youtube::YouTube;
use rapport_send::Secret;
use rapport_store::outbox::{MessageKind, OutboxRow, OutboxState};
use rapport_store::InteractionRow;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

// ---------------------------------------------------------------------
// The fake platform.

/// One request as the fake platform read it.
#[derive(Debug)]
struct Seen {
    method: String,
    path: String,
    /// The query's pairs, decoded, in order.
    query: Vec<(String, String)>,
    /// Header names lowercased, in order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body read as an HTML form.
    fn form(&self) -> Vec<(String, String)> {
        pairs(&String::from_utf8_lossy(&self.body))
    }

    /// The body read as JSON.
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A platform on 127.0.0.1 that answers its scripted answers in order,
/// one per connection, and reports each request it read.
struct Fake {
    base: String,
    seen: mpsc::Receiver<Seen>,
}

impl Fake {
    fn start(answers: Vec<(u16, Value)>) -> Fake {
        Fake::start_raw(
            answers
                .into_iter()
                .map(|(status, body)| (status, body.to_string()))
                .collect(),
        )
    }

    fn start_raw(answers: Vec<(u16, String)>) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, seen) = mpsc::channel();
        std::thread::spawn(move || {
            for (status, body) in answers {
                let Ok((stream, _)) = listener.accept() else {
                    return;
                };
                let Some(request) = read_request(&stream) else {
                    return;
                };
                // Reported before answering: when the sender has its
                // answer, the request is already in the channel.
                if tx.send(request).is_err() {
                    return;
                }
                write_answer(stream, status, &body);
            }
        });
        Fake { base, seen }
    }

    /// Every request read so far.
    fn seen(&self) -> Vec<Seen> {
        self.seen.try_iter().collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    assert_eq!(parts.next(), Some("HTTP/1.1"), "request line {line:?}");
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), pairs(q)),
        None => (target.clone(), Vec::new()),
    };
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    assert!(
        !headers.iter().any(|(k, _)| k == "transfer-encoding"),
        "a sized body is expected: {headers:?}"
    );
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    r.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        path,
        query,
        headers,
        body,
    })
}

fn write_answer(mut stream: TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let kind = if body.starts_with('<') {
        "text/html"
    } else {
        "application/json; charset=utf-8"
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

/// `a=1&b=x+y` as decoded pairs.
fn pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding, `+` as a space (forms and queries alike).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8")
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

// ---------------------------------------------------------------------
// What a sender is handed.

/// `v` as whatever a row's field is (a kind, a row id): the rows are
/// built as the store would read them, without naming the core's types.
fn field<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("a row field")
}

/// A message someone wrote on `channel`, as an import stores it; `kind`
/// as the canonical format names it (`comment`, `reply`, `mention`).
fn message(
    channel: &str,
    external_id: &str,
    kind: &str,
    in_reply_to: Option<&str>,
    post_id: Option<&str>,
) -> InteractionRow {
    InteractionRow {
        id: field(json!(7)),
        channel: channel.to_string(),
        external_id: external_id.to_string(),
        kind: field(json!(kind)),
        person: field(json!(3)),
        identity: field(json!(4)),
        text: "Does it fit a 29er?".to_string(),
        at: 1_791_450_000,
        in_reply_to: in_reply_to.map(String::from),
        post_id: post_id.map(String::from),
        url: None,
        from_brand: false,
        analysis: None,
        signals: Default::default(),
        root: in_reply_to.unwrap_or(external_id).to_string(),
        answered_at: None,
    }
}

/// The shop's reply `body` to `parent`, taken for sending.
fn reply_to(parent: InteractionRow, body: &str) -> Outgoing {
    Outgoing {
        row: OutboxRow {
            id: 11,
            key: "k-3f9a1c".to_string(),
            kind: MessageKind::Reply,
            channel: parent.channel.clone(),
            state: OutboxState::Sending,
            person: Some(parent.person),
            parent: Some(parent.id),
            interaction: field(json!(8)),
            order_id: None,
            recipient: Some("anna".to_string()),
            subject: None,
            body: body.to_string(),
            language: Some("en".to_string()),
            created_by: "mia@trailwerk.de".to_string(),
            created_at: 1_791_453_000,
            due_at: 1_791_453_000,
            attempts: 0,
            claimed_at: Some(1_791_453_001),
            sent_at: None,
            external_id: None,
            last_error: None,
        },
        parent: Some(parent),
        parent_handle: Some("anna".to_string()),
        unsubscribe: None,
    }
}

fn secret(s: &str) -> Secret {
    Secret::from(s.to_string())
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// The text of a permanent refusal (fails on anything else).
fn refused(r: Result<Delivered, SendError>) -> String {
    match r {
        Err(SendError::Permanent(m)) => m,
        other => panic!("expected a permanent refusal, got {other:?}"),
    }
}

/// The text of a passing failure (fails on anything else).
fn passing(r: Result<Delivered, SendError>) -> String {
    match r {
        Err(SendError::Transient(m)) => m,
        other => panic!("expected a failure worth retrying, got {other:?}"),
    }
}

// ---------------------------------------------------------------------
// Bluesky.

const ANNA: &str = "at://did:plc:anna/app.bsky.feed.post/3lc2";
const BEN: &str = "at://did:plc:ben/app.bsky.feed.post/3lc1";
const SHOP_POST: &str = "at://did:plc:shop/app.bsky.feed.post/3lp1";

fn session(jwt: &str) -> (u16, Value) {
    (
        200,
        json!({"accessJwt": jwt, "refreshJwt": "ref-1", "handle": "trailshop.bsky.social",
               "did": "did:plc:shop", "active": true}),
    )
}

/// A post's `(uri, cid)`.
type StrongRef<'a> = (&'a str, &'a str);

/// A post view as `getPosts` returns it; `reply` is its record's
/// `reply.root` and `reply.parent`, each `(uri, cid)`.
fn post_view(uri: &str, cid: &str, reply: Option<(StrongRef, StrongRef)>) -> Value {
    let mut record = json!({"$type": "app.bsky.feed.post", "text": "Love the new tyres",
                            "createdAt": "2026-10-07T10:00:00.000Z"});
    if let Some(((root, root_cid), (parent, parent_cid))) = reply {
        record["reply"] = json!({"root": {"uri": root, "cid": root_cid},
                                 "parent": {"uri": parent, "cid": parent_cid}});
    }
    json!({"uri": uri, "cid": cid, "author": {"did": "did:plc:x", "handle": "x.bsky.social"},
           "record": record, "indexedAt": "2026-10-07T10:00:01.000Z"})
}

fn created(rkey: &str) -> (u16, Value) {
    (
        200,
        json!({"uri": format!("at://did:plc:shop/app.bsky.feed.post/{rkey}"),
               "cid": "bafyreply", "commit": {"cid": "bafycommit", "rev": "3lrev"},
               "validationStatus": "valid"}),
    )
}

fn bluesky(fake: &Fake) -> Bluesky {
    Bluesky::new(&fake.base, "trailshop.bsky.social", secret("pw-app-1")).expect("bluesky")
}

/// Anna's reply to Ben's comment under the shop's post.
fn annas_reply() -> InteractionRow {
    message("bluesky", ANNA, "reply", Some(BEN), Some(SHOP_POST))
}

fn check_created_at(v: &Value) {
    let at = v.as_str().expect("createdAt");
    let b = at.as_bytes();
    assert_eq!(at.len(), 24, "{at}");
    assert!(at.starts_with("20") && at.ends_with('Z'), "{at}");
    assert_eq!(
        (b[4], b[7], b[10], b[13], b[16], b[19]),
        (b'-', b'-', b'T', b':', b':', b'.')
    );
}

#[test]
fn bluesky_reply_names_its_root_and_parent_and_keeps_the_session() {
    let parent_view = post_view(
        ANNA,
        "bafyanna",
        Some(((SHOP_POST, "bafyshop"), (BEN, "bafyben"))),
    );
    let root_view = post_view(SHOP_POST, "bafyshop", None);
    let fake = Fake::start(vec![
        session("jwt-1"),
        (
            200,
            json!({"posts": [parent_view.clone(), root_view.clone()]}),
        ),
        created("3lr1"),
        (200, json!({"posts": [parent_view, root_view]})),
        created("3lr2"),
    ]);
    let sender = bluesky(&fake);
    assert_eq!(sender.channel(), "bluesky");
    assert!(!sender.idempotent());
    let m = reply_to(annas_reply(), "Yes, 29 x 2.4 — tubeless-ready!");
    assert_eq!(
        sender.send(&m),
        Ok(Delivered {
            external_id: "at://did:plc:shop/app.bsky.feed.post/3lr1".into(),
            url: Some("https://bsky.app/profile/did:plc:shop/post/3lr1".into()),
        })
    );
    assert_eq!(
        sender.send(&m).map(|d| d.external_id),
        Ok("at://did:plc:shop/app.bsky.feed.post/3lr2".into())
    );

    let seen = fake.seen();
    assert_eq!(seen.len(), 5, "{seen:#?}");
    let login = &seen[0];
    assert_eq!(
        (login.method.as_str(), login.path.as_str()),
        ("POST", "/xrpc/com.atproto.server.createSession")
    );
    assert_eq!(login.header("content-type"), Some(JSON));
    assert_eq!(login.header("authorization"), None);
    assert_eq!(
        login.json(),
        json!({"identifier": "trailshop.bsky.social", "password": "pw-app-1"})
    );

    let lookup = &seen[1];
    assert_eq!(
        (lookup.method.as_str(), lookup.path.as_str()),
        ("GET", "/xrpc/app.bsky.feed.getPosts")
    );
    assert_eq!(
        lookup.query,
        vec![pair("uris", ANNA), pair("uris", SHOP_POST)]
    );
    assert_eq!(lookup.header("authorization"), Some("Bearer jwt-1"));

    let create = &seen[2];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("POST", "/xrpc/com.atproto.repo.createRecord")
    );
    assert!(create.query.is_empty());
    assert_eq!(create.header("authorization"), Some("Bearer jwt-1"));
    assert_eq!(create.header("content-type"), Some(JSON));
    let mut body = create.json();
    check_created_at(&body["record"]["createdAt"]);
    body["record"]
        .as_object_mut()
        .expect("record")
        .remove("createdAt");
    assert_eq!(
        body,
        json!({
            "repo": "did:plc:shop",
            "collection": "app.bsky.feed.post",
            "record": {
                "$type": "app.bsky.feed.post",
                "text": "Yes, 29 x 2.4 — tubeless-ready!",
                "reply": {
                    "root": {"uri": SHOP_POST, "cid": "bafyshop"},
                    "parent": {"uri": ANNA, "cid": "bafyanna"},
                },
            },
        })
    );

    // The second reply signs in no more: the session is kept.
    assert_eq!(seen[3].path, "/xrpc/app.bsky.feed.getPosts");
    assert_eq!(seen[3].header("authorization"), Some("Bearer jwt-1"));
    assert_eq!(seen[4].path, "/xrpc/com.atproto.repo.createRecord");
}

#[test]
fn bluesky_a_quote_post_starts_a_thread_of_its_own() {
    // A mention quoting the shop's post: its post_id names the quoted
    // post, which is not its thread.
    let quote = "at://did:plc:cleo/app.bsky.feed.post/3lq9";
    let fake = Fake::start(vec![
        session("jwt-1"),
        (200, json!({"posts": [post_view(quote, "bafycleo", None)]})),
        created("3lr3"),
    ]);
    let m = reply_to(
        message("bluesky", quote, "mention", None, Some(SHOP_POST)),
        "Thank you!",
    );
    assert!(bluesky(&fake).send(&m).is_ok());
    let seen = fake.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[1].query, vec![pair("uris", quote)]);
    let reply = &seen[2].json()["record"]["reply"];
    let strong = json!({"uri": quote, "cid": "bafycleo"});
    assert_eq!(reply, &json!({"root": strong, "parent": strong}));
}

#[test]
fn bluesky_an_expired_session_is_made_anew_once() {
    let expired = (
        400,
        json!({"error": "ExpiredToken", "message": "Token has expired"}),
    );
    let parent_view = post_view(
        ANNA,
        "bafyanna",
        Some(((SHOP_POST, "bafyshop"), (BEN, "bafyben"))),
    );
    let fake = Fake::start(vec![
        session("jwt-1"),
        expired.clone(),
        session("jwt-2"),
        (200, json!({"posts": [parent_view]})),
        created("3lr4"),
    ]);
    let sender = bluesky(&fake);
    let m = reply_to(annas_reply(), "Yes!");
    assert_eq!(
        sender.send(&m).map(|d| d.external_id),
        Ok("at://did:plc:shop/app.bsky.feed.post/3lr4".into())
    );
    let seen = fake.seen();
    let calls: Vec<(&str, Option<&str>)> = seen
        .iter()
        .map(|s| (s.path.as_str(), s.header("authorization")))
        .collect();
    assert_eq!(
        calls,
        vec![
            ("/xrpc/com.atproto.server.createSession", None),
            ("/xrpc/app.bsky.feed.getPosts", Some("Bearer jwt-1")),
            ("/xrpc/com.atproto.server.createSession", None),
            ("/xrpc/app.bsky.feed.getPosts", Some("Bearer jwt-2")),
            ("/xrpc/com.atproto.repo.createRecord", Some("Bearer jwt-2")),
        ]
    );
    // The parent's own record names the root: root's cid comes from it,
    // though only the parent was returned.
    assert_eq!(
        seen[4].json()["record"]["reply"]["root"],
        json!({"uri": SHOP_POST, "cid": "bafyshop"})
    );

    // Refused again with the new session: no third session, a refusal.
    let fake = Fake::start(vec![
        session("jwt-1"),
        expired.clone(),
        session("jwt-2"),
        (
            401,
            json!({"error": "ExpiredToken", "message": "Token has expired"}),
        ),
    ]);
    let e = refused(bluesky(&fake).send(&m));
    assert!(e.contains("ExpiredToken: Token has expired"), "{e}");
    assert_eq!(fake.seen().len(), 4);
}

#[test]
fn bluesky_refusals_are_permanent_and_quote_no_password() {
    let fake = Fake::start(vec![(
        401,
        json!({"error": "AuthenticationRequired",
               "message": "Invalid identifier or password pw-app-1"}),
    )]);
    let e = refused(bluesky(&fake).send(&reply_to(annas_reply(), "Yes!")));
    assert_eq!(
        e,
        "bluesky com.atproto.server.createSession: HTTP 401: AuthenticationRequired: \
         Invalid identifier or password ***"
    );
    assert_eq!(fake.seen().len(), 1);

    // The post answered was deleted: getPosts leaves it out.
    let fake = Fake::start(vec![session("jwt-1"), (200, json!({"posts": []}))]);
    let e = refused(bluesky(&fake).send(&reply_to(annas_reply(), "Yes!")));
    assert!(e.contains(ANNA) && e.contains("gone"), "{e}");
    assert_eq!(fake.seen().len(), 2, "nothing is created");
}

#[test]
fn bluesky_a_busy_service_is_tried_again_later() {
    let parent_view = post_view(
        ANNA,
        "bafyanna",
        Some(((SHOP_POST, "bafyshop"), (BEN, "bafyben"))),
    );
    let fake = Fake::start(vec![
        session("jwt-1"),
        (200, json!({"posts": [parent_view]})),
        (
            429,
            json!({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}),
        ),
    ]);
    let e = passing(bluesky(&fake).send(&reply_to(annas_reply(), "Yes!")));
    assert_eq!(
        e,
        "bluesky POST com.atproto.repo.createRecord: HTTP 429: RateLimitExceeded: Rate Limit Exceeded"
    );
}

#[test]
fn bluesky_counts_graphemes_not_characters() {
    // 301 accented letters, each `e` and a combining accent: refused
    // before anything is sent.
    let fake = Fake::start(vec![]);
    let long = "e\u{301}".repeat(301);
    let e = refused(bluesky(&fake).send(&reply_to(annas_reply(), &long)));
    assert!(e.contains("301 graphemes"), "{e}");
    assert!(fake.seen().is_empty());

    // 300 thumbs with a skin tone are 600 characters and 300 graphemes.
    let thumbs = "👍🏽".repeat(300);
    let fake = Fake::start(vec![
        session("jwt-1"),
        (
            200,
            json!({"posts": [post_view(ANNA, "bafyanna",
                Some(((SHOP_POST, "bafyshop"), (BEN, "bafyben"))))]}),
        ),
        created("3lr5"),
    ]);
    assert!(bluesky(&fake)
        .send(&reply_to(annas_reply(), &thumbs))
        .is_ok());
    assert_eq!(fake.seen()[2].json()["record"]["text"], json!(thumbs));
}

// ---------------------------------------------------------------------
// Reddit.

const REDDIT_UA: &str = "web:de.trailwerk.rapport:1.0 (by /u/trailshop)";

fn reddit(fake: &Fake) -> Reddit {
    Reddit::new(&fake.base, secret("tok-reddit"), Some(REDDIT_UA)).expect("reddit")
}

fn reddit_comment(id: &str, parent: &str) -> (u16, Value) {
    (
        200,
        json!({"json": {"errors": [], "data": {"things": [{"kind": "t1", "data": {
            "id": id, "name": format!("t1_{id}"), "author": "trailshop",
            "body": "Yes", "parent_id": parent, "link_id": "t3_1fq2w3e",
            "subreddit": "bikes", "created_utc": 1_791_453_600.0,
            "permalink": format!("/r/bikes/comments/1fq2w3e/new_tyres/{id}/")}}]}}}),
    )
}

#[test]
fn reddit_reply_to_a_comment_names_it_by_fullname() {
    let fake = Fake::start(vec![reddit_comment("lq3shop", "t1_lq1anna")]);
    let sender = reddit(&fake);
    assert_eq!(sender.channel(), "reddit");
    assert!(!sender.idempotent());
    let anna = message("reddit", "lq1anna", "comment", None, Some("1fq2w3e"));
    let body = "Yes — 29 × 2.4 & tubeless-ready. See [the size chart](https://trailwerk.de/sizes)!";
    assert_eq!(
        sender.send(&reply_to(anna, body)),
        Ok(Delivered {
            external_id: "lq3shop".into(),
            url: Some("https://www.reddit.com/r/bikes/comments/1fq2w3e/new_tyres/lq3shop/".into()),
        })
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/api/comment")
    );
    assert!(r.query.is_empty());
    assert_eq!(r.header("authorization"), Some("bearer tok-reddit"));
    assert_eq!(r.header("user-agent"), Some(REDDIT_UA));
    assert_eq!(r.header("content-type"), Some(FORM));
    assert_eq!(
        r.form(),
        vec![
            pair("api_type", "json"),
            pair("thing_id", "t1_lq1anna"),
            pair("text", body),
        ]
    );
}

#[test]
fn reddit_reply_to_a_post_names_the_link() {
    let fake = Fake::start(vec![reddit_comment("lq4shop", "t3_1fq2w3e")]);
    let post = message("reddit", "1fq2w3e", "mention", None, None);
    let d = reddit(&fake).send(&reply_to(post, "Thanks for the mention!"));
    assert_eq!(d.map(|d| d.external_id), Ok("lq4shop".into()));
    assert_eq!(fake.seen()[0].form()[1], pair("thing_id", "t3_1fq2w3e"));
}

#[test]
fn reddit_refusals_are_permanent_in_reddits_words() {
    let anna = || message("reddit", "lq1anna", "comment", None, Some("1fq2w3e"));
    let fake = Fake::start(vec![
        (
            200,
            json!({"json": {"errors": [["THREAD_LOCKED", "Comments are locked.", "parent"]]}}),
        ),
        (403, json!({"message": "Forbidden", "error": 403})),
    ]);
    let sender = reddit(&fake);
    assert_eq!(
        refused(sender.send(&reply_to(anna(), "Yes"))),
        "reddit POST /api/comment: THREAD_LOCKED: Comments are locked. (parent)"
    );
    assert_eq!(
        refused(sender.send(&reply_to(anna(), "Yes"))),
        "reddit POST /api/comment: HTTP 403: Forbidden"
    );
}

#[test]
fn reddit_busy_or_rate_limited_is_tried_again_later() {
    let anna = || message("reddit", "lq1anna", "comment", None, Some("1fq2w3e"));
    let fake = Fake::start_raw(vec![
        (503, "<html><body>all servers are busy</body></html>".into()),
        (
            200,
            json!({"json": {"errors": [["RATELIMIT",
                "Looks like you've been doing that a lot. Take a break for 5 minutes before trying again.",
                "ratelimit"]]}})
            .to_string(),
        ),
    ]);
    let sender = reddit(&fake);
    assert_eq!(
        passing(sender.send(&reply_to(anna(), "Yes"))),
        "reddit POST /api/comment: HTTP 503"
    );
    assert!(passing(sender.send(&reply_to(anna(), "Yes"))).contains("RATELIMIT"));
}

// ---------------------------------------------------------------------
// YouTube.

fn youtube(fake: &Fake) -> YouTube {
    YouTube::new(&fake.base, secret("tok-yt")).expect("youtube")
}

fn yt_comment(id: &str, parent: &str) -> (u16, Value) {
    (
        200,
        json!({"kind": "youtube#comment", "etag": "e1", "id": id, "snippet": {
            "channelId": "UCshop0001", "textDisplay": "Yes", "textOriginal": "Yes",
            "parentId": parent, "authorDisplayName": "@trailshop",
            "authorChannelId": {"value": "UCshop0001"}, "canRate": true,
            "viewerRating": "none", "likeCount": 0,
            "publishedAt": "2026-10-10T11:00:00Z", "updatedAt": "2026-10-10T11:00:00Z"}}),
    )
}

#[test]
fn youtube_reply_goes_to_the_threads_top_level_comment() {
    let fake = Fake::start(vec![
        yt_comment("UgxAnna001.9xShop2", "UgxAnna001"),
        yt_comment("UgxAnna001.9xShop3", "UgxAnna001"),
    ]);
    let sender = youtube(&fake);
    assert_eq!(sender.channel(), "youtube");
    assert!(!sender.idempotent());
    // Ben's reply in Anna's thread: YouTube takes replies to the
    // top-level comment only.
    let ben = message(
        "youtube",
        "UgxAnna001.9xBen",
        "reply",
        Some("UgxAnna001"),
        Some("trailVid001"),
    );
    assert_eq!(
        sender.send(&reply_to(ben, "Yes & it's tubeless-ready")),
        Ok(Delivered {
            external_id: "UgxAnna001.9xShop2".into(),
            url: Some("https://www.youtube.com/watch?v=trailVid001&lc=UgxAnna001.9xShop2".into()),
        })
    );
    // Anna's top-level comment itself.
    let anna = message(
        "youtube",
        "UgxAnna001",
        "comment",
        None,
        Some("trailVid001"),
    );
    assert!(sender.send(&reply_to(anna, "Thanks!")).is_ok());

    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    let r = &seen[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/youtube/v3/comments")
    );
    assert_eq!(r.query, vec![pair("part", "snippet")]);
    assert_eq!(r.header("authorization"), Some("Bearer tok-yt"));
    assert_eq!(r.header("content-type"), Some(JSON));
    assert_eq!(
        r.json(),
        json!({"snippet": {"parentId": "UgxAnna001", "textOriginal": "Yes & it's tubeless-ready"}})
    );
    assert_eq!(
        seen[1].json(),
        json!({"snippet": {"parentId": "UgxAnna001", "textOriginal": "Thanks!"}})
    );
}

#[test]
fn youtube_a_refusal_is_permanent_with_its_reason() {
    let fake = Fake::start(vec![(
        403,
        json!({"error": {"code": 403,
            "message": "The comment could not be created due to insufficient permissions.",
            "errors": [{"message": "The comment could not be created due to insufficient permissions.",
                        "domain": "youtube.comment", "reason": "forbidden"}]}}),
    )]);
    let anna = message(
        "youtube",
        "UgxAnna001",
        "comment",
        None,
        Some("trailVid001"),
    );
    assert_eq!(
        refused(youtube(&fake).send(&reply_to(anna, "Yes"))),
        "youtube POST /youtube/v3/comments: HTTP 403: The comment could not be created due to \
         insufficient permissions. (forbidden)"
    );
}

#[test]
fn youtube_quota_and_outages_are_tried_again_later() {
    let fake = Fake::start(vec![
        (
            403,
            json!({"error": {"code": 403,
                "message": "The request cannot be completed because you have exceeded your quota.",
                "errors": [{"message": "quota", "domain": "youtube.quota", "reason": "quotaExceeded"}]}}),
        ),
        (
            503,
            json!({"error": {"code": 503, "message": "The service is currently unavailable.",
                "errors": [{"reason": "backendError"}]}}),
        ),
    ]);
    let sender = youtube(&fake);
    let anna = || {
        message(
            "youtube",
            "UgxAnna001",
            "comment",
            None,
            Some("trailVid001"),
        )
    };
    assert!(passing(sender.send(&reply_to(anna(), "Yes"))).ends_with("(quotaExceeded)"));
    assert_eq!(
        passing(sender.send(&reply_to(anna(), "Yes"))),
        "youtube POST /youtube/v3/comments: HTTP 503: The service is currently unavailable. (backendError)"
    );
}

// ---------------------------------------------------------------------
// Facebook.

fn facebook(fake: &Fake) -> Facebook {
    Facebook::new(&fake.base, "v21.0", secret("tok-fb-page")).expect("facebook")
}

fn emils_comment() -> InteractionRow {
    message(
        "facebook",
        "558_901",
        "comment",
        None,
        Some("100000000000001_558"),
    )
}

#[test]
fn facebook_reply_is_a_comment_on_the_comment() {
    let fake = Fake::start(vec![(200, json!({"id": "558_903"}))]);
    let sender = facebook(&fake);
    assert_eq!(sender.channel(), "facebook");
    assert!(!sender.idempotent());
    assert_eq!(
        sender.send(&reply_to(emils_comment(), "Yes, all sizes — 29\" too.")),
        Ok(Delivered {
            external_id: "558_903".into(),
            url: None,
        })
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v21.0/558_901/comments")
    );
    assert!(r.query.is_empty(), "the token stays out of the URL");
    assert_eq!(r.header("authorization"), None);
    assert_eq!(r.header("content-type"), Some(FORM));
    assert_eq!(
        r.form(),
        vec![
            pair("message", "Yes, all sizes — 29\" too."),
            pair("access_token", "tok-fb-page"),
        ]
    );
}

#[test]
fn facebook_refusals_are_permanent_and_quote_no_token() {
    let fake = Fake::start(vec![
        (
            400,
            json!({"error": {"message": "(#100) Error finding the requested story",
                "type": "GraphMethodException", "code": 100, "fbtrace_id": "AbCdEf"}}),
        ),
        (
            400,
            json!({"error": {"message": "Malformed access token tok-fb-page",
                "type": "OAuthException", "code": 190, "fbtrace_id": "AbCdEg"}}),
        ),
    ]);
    let sender = facebook(&fake);
    assert_eq!(
        refused(sender.send(&reply_to(emils_comment(), "Yes"))),
        "facebook POST /v21.0/558_901/comments: HTTP 400: (#100) Error finding the requested story (code 100)"
    );
    assert_eq!(
        refused(sender.send(&reply_to(emils_comment(), "Yes"))),
        "facebook POST /v21.0/558_901/comments: HTTP 400: Malformed access token *** (code 190)"
    );
}

#[test]
fn facebook_throttling_and_outages_are_tried_again_later() {
    let fake = Fake::start(vec![
        (
            400,
            json!({"error": {"message": "(#32) Page request limit reached",
                "type": "OAuthException", "code": 32, "fbtrace_id": "x"}}),
        ),
        (
            503,
            json!({"error": {"message": "An unexpected error has occurred. Please retry your request later.",
                "type": "OAuthException", "code": 2, "is_transient": true}}),
        ),
    ]);
    let sender = facebook(&fake);
    assert_eq!(
        passing(sender.send(&reply_to(emils_comment(), "Yes"))),
        "facebook POST /v21.0/558_901/comments: HTTP 400: (#32) Page request limit reached (code 32)"
    );
    assert!(passing(sender.send(&reply_to(emils_comment(), "Yes"))).contains("HTTP 503"));
}

// ---------------------------------------------------------------------
// Instagram.

fn instagram(fake: &Fake) -> Instagram {
    Instagram::new(&fake.base, "v21.0", secret("tok-ig")).expect("instagram")
}

#[test]
fn instagram_reply_goes_to_the_top_level_comment() {
    let fake = Fake::start(vec![
        (200, json!({"id": "17890000000000003"})),
        (200, json!({"id": "17890000000000004"})),
    ]);
    let sender = instagram(&fake);
    assert_eq!(sender.channel(), "instagram");
    assert!(!sender.idempotent());
    let ben = message(
        "instagram",
        "17890000000000002",
        "reply",
        Some("17890000000000001"),
        Some("17950000000000001"),
    );
    assert_eq!(
        sender.send(&reply_to(ben, "Yes! 🚲")),
        Ok(Delivered {
            external_id: "17890000000000003".into(),
            url: None,
        })
    );
    let anna = message(
        "instagram",
        "17890000000000001",
        "comment",
        None,
        Some("17950000000000001"),
    );
    assert!(sender.send(&reply_to(anna, "Thanks!")).is_ok());

    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    let r = &seen[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v21.0/17890000000000001/replies")
    );
    assert!(r.query.is_empty());
    assert_eq!(r.header("authorization"), None);
    assert_eq!(r.header("content-type"), Some(FORM));
    assert_eq!(
        r.form(),
        vec![pair("message", "Yes! 🚲"), pair("access_token", "tok-ig")]
    );
    assert_eq!(seen[1].path, "/v21.0/17890000000000001/replies");
}

#[test]
fn instagram_refusals_are_permanent() {
    let fake = Fake::start(vec![(
        400,
        json!({"error": {"message": "Invalid parameter", "type": "OAuthException",
            "code": 100, "error_subcode": 2534023, "fbtrace_id": "x"}}),
    )]);
    let sender = instagram(&fake);
    let anna = || {
        message(
            "instagram",
            "17890000000000001",
            "comment",
            None,
            Some("17950000000000001"),
        )
    };
    assert_eq!(
        refused(sender.send(&reply_to(anna(), "Yes"))),
        "instagram POST /v21.0/17890000000000001/replies: HTTP 400: Invalid parameter (code 100)"
    );
    // A mention is answered through another edge, not connected: refused
    // before anything is sent.
    let mention = message("instagram", "17890000000000009", "mention", None, None);
    assert!(refused(sender.send(&reply_to(mention, "Thanks!"))).contains("mention"));
    assert_eq!(fake.seen().len(), 1);
}

#[test]
fn instagram_throttling_and_outages_are_tried_again_later() {
    let fake = Fake::start(vec![
        (
            403,
            json!({"error": {"message": "(#4) Application request limit reached",
                "type": "OAuthException", "code": 4}}),
        ),
        (429, json!({"error": {"message": "Too many calls"}})),
    ]);
    let sender = instagram(&fake);
    let anna = || message("instagram", "17890000000000001", "comment", None, None);
    assert!(passing(sender.send(&reply_to(anna(), "Yes"))).contains("(code 4)"));
    assert!(passing(sender.send(&reply_to(anna(), "Yes"))).contains("HTTP 429: Too many calls"));
}

// ---------------------------------------------------------------------
// X.

fn x(base: &str) -> X {
    X::new(base, secret("tok-x")).expect("x")
}

const ANNAS_TWEET: &str = "2111396801541046274";

fn annas_tweet() -> InteractionRow {
    message(
        "x",
        ANNAS_TWEET,
        "comment",
        Some("2111381702046646273"),
        Some("2111381702046646273"),
    )
}

#[test]
fn x_reply_names_the_post_answered() {
    let fake = Fake::start(vec![(
        201,
        json!({"data": {"id": "2111400000000000001", "text": "@anna_rides Yes, 29 x 2.4.",
                        "edit_history_tweet_ids": ["2111400000000000001"]}}),
    )]);
    let sender = x(&fake.base);
    assert_eq!(sender.channel(), "x");
    assert!(!sender.idempotent());
    assert_eq!(
        sender.send(&reply_to(annas_tweet(), "Yes, 29 x 2.4.")),
        Ok(Delivered {
            external_id: "2111400000000000001".into(),
            url: Some("https://x.com/i/web/status/2111400000000000001".into()),
        })
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/2/tweets"));
    assert!(r.query.is_empty());
    assert_eq!(r.header("authorization"), Some("Bearer tok-x"));
    assert_eq!(r.header("content-type"), Some(JSON));
    assert_eq!(
        r.json(),
        json!({"text": "Yes, 29 x 2.4.", "reply": {"in_reply_to_tweet_id": ANNAS_TWEET}})
    );
}

#[test]
fn x_a_refusal_is_permanent_in_xs_words() {
    let fake = Fake::start(vec![(
        403,
        json!({"detail": "You are not allowed to create a Tweet with duplicate content.",
               "type": "about:blank", "title": "Forbidden", "status": 403}),
    )]);
    assert_eq!(
        refused(x(&fake.base).send(&reply_to(annas_tweet(), "Yes"))),
        "x POST /2/tweets: HTTP 403: You are not allowed to create a Tweet with duplicate content."
    );
}

#[test]
fn x_rate_limits_and_lost_connections_are_tried_again_later() {
    let fake = Fake::start(vec![(
        429,
        json!({"title": "Too Many Requests", "detail": "Too Many Requests",
               "type": "about:blank", "status": 429}),
    )]);
    assert_eq!(
        passing(x(&fake.base).send(&reply_to(annas_tweet(), "Yes"))),
        "x POST /2/tweets: HTTP 429: Too Many Requests"
    );

    // Nobody listens on the port: a network failure, without the token.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", l.local_addr().expect("addr"))
    };
    let e = passing(x(&closed).send(&reply_to(annas_tweet(), "Yes")));
    assert!(!e.contains("tok-x"), "{e}");
    let e = passing(
        Facebook::new(&closed, "v21.0", secret("tok-fb-page"))
            .expect("facebook")
            .send(&reply_to(emils_comment(), "Yes")),
    );
    assert!(!e.contains("tok-fb-page"), "{e}");
}

// ---------------------------------------------------------------------
// Every sender.

#[test]
fn every_sender_answers_a_known_message_on_its_own_channel_only() {
    let fake = Fake::start(vec![]);
    let senders: Vec<Box<dyn Deliver>> = vec![
        Box::new(bluesky(&fake)),
        Box::new(reddit(&fake)),
        Box::new(youtube(&fake)),
        Box::new(facebook(&fake)),
        Box::new(instagram(&fake)),
        Box::new(x(&fake.base)),
    ];
    for s in &senders {
        let channel = s.channel().to_string();
        assert!(!s.idempotent(), "{channel}");
        let mut post = reply_to(message(&channel, "1", "comment", None, None), "Hi");
        post.parent = None;
        assert!(refused(s.send(&post)).contains("only replies"), "{channel}");
        let elsewhere = reply_to(message("mastodon", "1", "comment", None, None), "Hi");
        assert!(
            refused(s.send(&elsewhere)).contains("mastodon"),
            "{channel}"
        );
        let derived = reply_to(
            message(&channel, "derived:0123456789abcdef", "comment", None, None),
            "Hi",
        );
        assert!(refused(s.send(&derived)).contains("no "), "{channel}");
    }
    assert!(fake.seen().is_empty(), "nothing was sent");
}
