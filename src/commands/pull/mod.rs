//! `rapport pull mastodon|bluesky`: live pulls from the open platforms.
//!
//! Each pull reads the platform's API, feeds what it returns through the
//! same format readers as `rapport import` ([`Format::Mastodon`],
//! [`Format::Bluesky`]) and the same import pipeline, and stores a cursor per
//! source (`pull_cursor`, migration 7) after every stored batch, so a
//! restart resumes after the last stored record. Imports are idempotent,
//! so a batch stored just before a crash and read again costs nothing.

mod bluesky;
mod mastodon;

use super::Output;
use crate::cli::{PullArgs, PullSource};
use anyhow::Context;
use rapport_engine::import::{Import, Summary};
use rapport_engine::Engine;
use rapport_ingest::Format;
use serde::Serialize;
use std::io::Cursor;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(engine: &Engine, args: &PullArgs, out: Output) -> anyhow::Result<ExitCode> {
    let store = engine.store();
    let (p, from_file) = engine.profile()?;
    let brand = rapport_engine::profile::brand_accounts(&p, from_file, &args.brand);
    let batch_size = args.batch_size.max(1);
    let feeder = Feeder {
        import: Import::new(store, p, brand)?.batch_size(batch_size),
        batch_size,
    };
    match &args.source {
        PullSource::Mastodon {
            base_url,
            token,
            once,
            interval,
        } => {
            let interval = parse_interval(interval)?;
            mastodon::run(store, feeder, base_url, token, *once, interval, out)
        }
        PullSource::Bluesky {
            jetstream,
            collections,
            for_secs,
            max_events,
        } => bluesky::run(
            store,
            feeder,
            &bluesky::Settings {
                url: jetstream
                    .trim_end_matches('/')
                    .trim_end_matches("/subscribe")
                    .to_string(),
                collections: collections.clone(),
                duration: for_secs.map(Duration::from_secs),
                max_events: *max_events,
            },
            out,
        ),
    }
}

/// What one pull (or one round of one) did.
#[derive(Debug, Serialize)]
struct Report<'a> {
    /// `mastodon:URL` or `bluesky:URL`.
    source: &'a str,
    /// The cursor stored at the end.
    cursor: Option<&'a str>,
    /// Pages (Mastodon) or events (Bluesky) read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<u64>,
    #[serde(flatten)]
    summary: &'a Summary,
}

impl Report<'_> {
    fn print(&self, out: Output) -> anyhow::Result<()> {
        if out.json {
            return out.print_json(self);
        }
        let s = self.summary;
        println!(
            "{}: imported {}, duplicates {}, skipped {}, rejected {}; cursor {}",
            self.source,
            s.imported,
            s.duplicates,
            s.skipped,
            s.rejected,
            self.cursor.unwrap_or("none")
        );
        for r in s.rejections.iter().take(20) {
            eprintln!("error: {}:{}: {}", r.file, r.line, r.reason);
        }
        Ok(())
    }
}

/// Feeds payloads through the import pipeline, keeping the ladder
/// current after each one.
pub(crate) struct Feeder<'a> {
    import: Import<'a>,
    batch_size: usize,
}

impl Feeder<'_> {
    /// Reads `payload` (named `label` in rejections) and stores what it
    /// holds; a live pull keeps the ladder current as it goes.
    fn feed(&mut self, format: Format, payload: Vec<u8>, label: &str) -> anyhow::Result<()> {
        self.import
            .read(format, label, Box::new(Cursor::new(payload)))
            .with_context(|| format!("storing {label}"))?;
        self.import.update_ladder().context("updating the ladder")?;
        Ok(())
    }

    /// Starts a new summary (one per polling round), returning the old one.
    fn take_summary(&mut self) -> Summary {
        self.import.take_summary()
    }
}

/// `60`, `60s`, `5m`, `1h`.
fn parse_interval(text: &str) -> anyhow::Result<Duration> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, "s"),
    };
    let n: u64 = digits.parse().map_err(|_| {
        crate::user_error(format!(
            "--interval {text:?}: expected seconds, or a number with s, m or h"
        ))
    })?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => {
            return Err(crate::user_error(format!(
                "--interval {text:?}: expected seconds, or a number with s, m or h"
            )))
        }
    };
    Ok(Duration::from_secs(secs.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse() {
        assert_eq!(parse_interval("60s").ok(), Some(Duration::from_secs(60)));
        assert_eq!(parse_interval("90").ok(), Some(Duration::from_secs(90)));
        assert_eq!(parse_interval("5m").ok(), Some(Duration::from_secs(300)));
        assert_eq!(parse_interval("1h").ok(), Some(Duration::from_secs(3600)));
        assert!(parse_interval("soon").is_err());
        assert!(parse_interval("5d").is_err());
    }
}
