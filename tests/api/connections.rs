//! What the server does with slow, idle and too many connections: the
//! header timeout, the request timeout and the connection cap.

use crate::helpers::{raw_answer, spawn_app_with, TestApp, PROMPTLY};
use rapport_server::{Config, ConnectionLimits};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The header timeout these tests configure.
const HEADER_TIMEOUT: Duration = Duration::from_secs(1);

async fn spawn_with_header_timeout(header_timeout: Duration, max_connections: usize) -> TestApp {
    spawn_app_with(
        Config::default(),
        ConnectionLimits {
            header_timeout,
            max_connections,
        },
    )
    .await
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the server closes the connection; what it sent and when
/// it closed, or `None` if it was still open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<(Duration, Vec<u8>)> {
    let start = Instant::now();
    tokio::time::timeout(within, async {
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return (start.elapsed(), got),
                Ok(n) => got.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .ok()
}

rapport_store::both! {
#[tokio::test]
async fn a_client_that_stalls_in_the_request_line_is_disconnected_after_the_header_timeout() {
    let app = spawn_with_header_timeout(HEADER_TIMEOUT, 100).await;
    let mut stream = connect(&app).await;
    stream.write_all(b"GET /hea").await.unwrap();
    let (after, sent) = closed_within(&mut stream, HEADER_TIMEOUT + PROMPTLY)
        .await
        .expect("the server closes a connection that stalls mid-request");
    assert!(sent.is_empty(), "no answer to half a request");
    assert!(
        after >= HEADER_TIMEOUT / 2,
        "closed by the timeout, not at once ({after:?})"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let app = spawn_with_header_timeout(HEADER_TIMEOUT, 100).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: rapport\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while !answer.ends_with(b"ok") {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed before answering");
        answer.extend_from_slice(&chunk[..n]);
    }
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    // The connection stays open for another request (keep-alive), but not
    // for ever.
    let (_, more) = closed_within(&mut stream, HEADER_TIMEOUT + PROMPTLY)
        .await
        .expect("an idle keep-alive connection is closed");
    assert!(more.is_empty());
}

#[tokio::test]
async fn a_request_whose_body_never_arrives_is_answered_503_after_the_request_timeout() {
    let app = spawn_app_with(
        Config {
            request_timeout: Duration::from_secs(1),
            ..Config::default()
        },
        ConnectionLimits::default(),
    )
    .await;
    // Ten bytes of the thousand announced, then nothing.
    let request = format!(
        "POST /api/imports?format=jsonl HTTP/1.1\r\nHost: rapport\r\n\
         Authorization: Bearer {}\r\nContent-Length: 1000\r\n\r\n{{\"channel\"",
        app.agent_token
    );
    let head = raw_answer(&app.base, request.as_bytes()).await;
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    // A request that finishes in time is answered as ever.
    let r = app.get("/api/me", &app.viewer_token).await;
    assert_eq!(r.status(), reqwest::StatusCode::OK);
}

#[tokio::test]
async fn past_the_connection_cap_new_connections_are_closed_and_health_still_answers() {
    // A long header timeout, so nothing here is closed by it.
    let app = spawn_with_header_timeout(Duration::from_secs(30), 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect(&app).await);
    }
    // Connections past the cap are closed at once, without an answer.
    for i in 0..20 {
        let mut extra = connect(&app).await;
        let (_, sent) = closed_within(&mut extra, PROMPTLY)
            .await
            .unwrap_or_else(|| panic!("connection {} past the cap was kept open", i + 1));
        assert!(sent.is_empty());
    }
    // The connections within the cap are served.
    held[0]
        .write_all(b"GET /health HTTP/1.1\r\nHost: rapport\r\n\r\n")
        .await
        .unwrap();
    let mut chunk = [0u8; 4096];
    let n = held[0].read(&mut chunk).await.unwrap();
    assert!(chunk[..n].starts_with(b"HTTP/1.1 200"));
    // Once some end, new connections are taken again.
    held.clear();
    let deadline = Instant::now() + PROMPTLY;
    loop {
        let r = app.client.get(app.url("/health")).send().await;
        if r.as_ref()
            .is_ok_and(|r| r.status() == reqwest::StatusCode::OK)
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "/health did not answer once the held connections closed: {r:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
}
