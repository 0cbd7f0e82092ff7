//! `rapport pull bluesky`: reads a Jetstream WebSocket.
//!
//! Connects to `{URL}/subscribe?wantedCollections=…&cursor=CURSOR`
//! (`ws://`, or `wss://` over rustls with the webpki roots), gathers the
//! JSON events it sends into batches (`--batch-size` events, or whatever
//! arrived when the stream goes quiet for a second) and feeds each batch
//! through the `bluesky` reader and the writer. After each stored batch the
//! last event's `time_us` becomes the cursor; Jetstream replays from a
//! cursor inclusively, and the replayed event is a duplicate that costs
//! nothing. Stops after `--for` seconds, `--max-events` events, when the
//! server closes the stream, or on Ctrl-C (which loses at most the batch
//! being gathered: the cursor still points before it).
//!
//! Each batch is read on its own, so a handle learned from an `identity`
//! event is used for the records of its batch only.

use super::{Feeder, Report};
use crate::commands::Output;
use anyhow::Context;
use rapport_ingest::Format;
use rapport_store::Store;
use std::io::ErrorKind;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::Message;

/// How long a read waits before the loop checks its deadline.
const TICK: Duration = Duration::from_millis(200);

/// A quiet stream flushes what it gathered after this long.
const QUIET: Duration = Duration::from_secs(1);

pub(super) struct Settings {
    pub url: String,
    pub collections: Vec<String>,
    pub duration: Option<Duration>,
    pub max_events: Option<u64>,
}

struct Gathered {
    lines: Vec<u8>,
    count: usize,
    last_time: Option<String>,
    since: Instant,
}

pub(super) fn run(
    store: &dyn Store,
    mut feeder: Feeder<'_>,
    settings: &Settings,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let source = format!("bluesky:{}", settings.url);
    let started = Instant::now();
    let mut cursor = store
        .pull_cursor(&source)
        .context("reading the pull cursor")?;
    let url = subscribe_url(settings, cursor.as_deref());
    let (mut socket, _) =
        tungstenite::connect(url.as_str()).with_context(|| format!("connecting to {url}"))?;
    match socket.get_mut() {
        MaybeTlsStream::Plain(s) => s.set_read_timeout(Some(TICK))?,
        MaybeTlsStream::Rustls(s) => s.sock.set_read_timeout(Some(TICK))?,
        _ => {}
    }
    let mut gathered = Gathered {
        lines: Vec::new(),
        count: 0,
        last_time: None,
        since: Instant::now(),
    };
    let mut events: u64 = 0;
    let mut flush = |g: &mut Gathered, feeder: &mut Feeder<'_>| -> anyhow::Result<()> {
        if g.count > 0 {
            feeder.feed(
                Format::Bluesky,
                std::mem::take(&mut g.lines),
                "jetstream batch",
            )?;
            if let Some(t) = g.last_time.take() {
                store
                    .set_pull_cursor(&source, &t, super::super::now())
                    .context("storing the pull cursor")?;
                cursor = Some(t);
            }
        }
        g.count = 0;
        g.since = Instant::now();
        Ok(())
    };
    let batch = feeder.batch_size;
    loop {
        if settings.duration.is_some_and(|d| started.elapsed() >= d)
            || settings.max_events.is_some_and(|n| events >= n)
        {
            break;
        }
        match socket.read() {
            Ok(Message::Text(text)) => {
                events += 1;
                let text = text.as_str();
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
                    match v.get("time_us") {
                        Some(serde_json::Value::Number(n)) => {
                            gathered.last_time = Some(n.to_string())
                        }
                        Some(serde_json::Value::String(s)) => gathered.last_time = Some(s.clone()),
                        _ => {}
                    }
                }
                // One event per line: newlines in JSON are only whitespace.
                gathered.lines.extend(text.replace('\n', " ").bytes());
                gathered.lines.push(b'\n');
                gathered.count += 1;
                if gathered.count >= batch {
                    flush(&mut gathered, &mut feeder)?;
                }
            }
            Ok(Message::Close(_)) => break,
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                if gathered.since.elapsed() >= QUIET {
                    flush(&mut gathered, &mut feeder)?;
                }
            }
            Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => break,
            Err(e) => {
                flush(&mut gathered, &mut feeder)?;
                return Err(e).with_context(|| format!("reading {url}"));
            }
        }
    }
    flush(&mut gathered, &mut feeder)?;
    let _ = socket.close(None);
    let _ = socket.flush();
    let summary = feeder.take_summary();
    Report {
        source: &source,
        cursor: cursor.as_deref(),
        pages: None,
        events: Some(events),
        summary: &summary,
    }
    .print(out)?;
    Ok(if summary.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn subscribe_url(settings: &Settings, cursor: Option<&str>) -> String {
    let mut url = format!("{}/subscribe", settings.url);
    let mut sep = '?';
    for c in &settings.collections {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        url.push(sep);
        url.push_str("wantedCollections=");
        url.push_str(c);
        sep = '&';
    }
    if let Some(c) = cursor {
        url.push(sep);
        url.push_str("cursor=");
        url.push_str(c);
    }
    url
}
