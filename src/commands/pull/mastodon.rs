//! `rapport pull mastodon`: polls `GET /api/v1/notifications`.
//!
//! A round asks for the mentions, favourites, reblogs and follows newer
//! than the cursor (`since_id`), newest first, 40 a page, and walks back
//! (`max_id` = the oldest id of the page before, still with `since_id`)
//! until a page comes back short: the same pages the `Link: rel="next"`
//! header names, so a burst of more than 40 notifications leaves no gap.
//! The newest id seen becomes the cursor once the whole round is stored.
//! Without a cursor the first round reads every notification the server
//! keeps.

use super::{Feeder, Report};
use crate::commands::Output;
use anyhow::Context;
use rapport_ingest::Format;
use rapport_store::Store;
use std::process::ExitCode;
use std::time::Duration;

/// Notifications per page (Mastodon's maximum for v1 notifications).
const LIMIT: usize = 40;

/// Bodies larger than this are refused.
const MAX_BODY: u64 = 32 << 20;

pub(super) fn run(
    store: &dyn Store,
    mut feeder: Feeder<'_>,
    base_url: &str,
    token: &str,
    once: bool,
    interval: Duration,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let base = base_url.trim_end_matches('/');
    let source = format!("mastodon:{base}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("rapport/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    loop {
        let cursor = store
            .pull_cursor(&source)
            .context("reading the pull cursor")?;
        let (newest, pages) = match round(&agent, base, token, cursor.as_deref(), &mut feeder) {
            Ok(done) => done,
            // Polling goes on past a network or server hiccup (what was
            // stored stays stored; the cursor did not move); a refused
            // token or a single round stops.
            Err(e) if !once && crate::exit_code(&e) != 2 => {
                eprintln!("warning: {source}: {e:#}; trying again in {interval:?}");
                feeder.take_summary();
                std::thread::sleep(interval);
                continue;
            }
            Err(e) => return Err(e),
        };
        if let Some(id) = &newest {
            if cursor.as_deref() != Some(id.as_str()) {
                store
                    .set_pull_cursor(&source, id, super::super::now())
                    .context("storing the pull cursor")?;
            }
        }
        let summary = feeder.take_summary();
        let rejected = summary.rejected;
        Report {
            source: &source,
            cursor: newest.as_deref(),
            pages: Some(pages),
            events: None,
            summary: &summary,
        }
        .print(out)?;
        if once {
            return Ok(if rejected == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            });
        }
        std::thread::sleep(interval);
    }
}

/// One round: every page newer than `cursor`. Returns the newest id (the
/// cursor to store; `cursor` itself when nothing is new) and the pages read.
fn round(
    agent: &ureq::Agent,
    base: &str,
    token: &str,
    cursor: Option<&str>,
    feeder: &mut Feeder<'_>,
) -> anyhow::Result<(Option<String>, u64)> {
    let mut newest = cursor.map(str::to_string);
    let mut max_id: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut url = format!(
            "{base}/api/v1/notifications?types%5B%5D=mention&types%5B%5D=favourite\
             &types%5B%5D=reblog&types%5B%5D=follow&limit={LIMIT}"
        );
        if let Some(c) = cursor {
            url.push_str(&format!("&since_id={}", rapport_engine::outbox::encode(c)));
        }
        if let Some(m) = &max_id {
            url.push_str(&format!("&max_id={}", rapport_engine::outbox::encode(m)));
        }
        let body = get(agent, &url, token)?;
        pages += 1;
        let page: Vec<serde_json::Value> = serde_json::from_slice(&body)
            .with_context(|| format!("{url}: expected a JSON array of notifications"))?;
        let ids: Vec<String> = page
            .iter()
            .filter_map(|n| match n.get("id") {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(x)) => Some(x.to_string()),
                _ => None,
            })
            .collect();
        if !page.is_empty() {
            feeder.feed(Format::Mastodon, body, &format!("mastodon page {pages}"))?;
        }
        for id in &ids {
            if newest.as_deref().is_none_or(|n| later(id, n)) {
                newest = Some(id.clone());
            }
        }
        let oldest = ids.iter().min_by(|a, b| order(a, b)).cloned();
        let went_back = match (&oldest, &max_id) {
            (Some(o), Some(m)) => later(m, o),
            (Some(_), None) => true,
            _ => false,
        };
        if page.len() < LIMIT || !went_back {
            break;
        }
        max_id = oldest;
    }
    Ok((newest, pages))
}

/// GETs `url` with the bearer token; the body, or an error naming the status.
fn get(agent: &ureq::Agent, url: &str, token: &str) -> anyhow::Result<Vec<u8>> {
    let response = agent
        .get(url)
        .header("Authorization", &format!("Bearer {token}"))
        .header("Accept", "application/json")
        .call();
    let mut response = match response {
        Ok(r) => r,
        Err(ureq::Error::StatusCode(code @ (401 | 403))) => {
            return Err(crate::user_error(format!(
                "{url}: HTTP {code}: the token was refused (it needs read:notifications)"
            )))
        }
        Err(e) => return Err(anyhow::anyhow!("GET {url}: {e}")),
    };
    response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_vec()
        .with_context(|| format!("reading the body of {url}"))
}

/// Mastodon ids are decimal strings (snowflakes): longer is later.
fn order(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn later(a: &str, b: &str) -> bool {
    order(a, b) == std::cmp::Ordering::Greater
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_as_numbers() {
        assert!(later("110", "99"));
        assert!(later("1234", "1233"));
        assert!(!later("99", "99"));
        assert_eq!(rapport_engine::outbox::encode("12a b"), "12a%20b");
    }
}
