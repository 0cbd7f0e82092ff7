//! `tweets.js` from an X / Twitter account archive.
//!
//! The file is JavaScript: `window.YTD.tweets.part0 = [ {"tweet": {...}},
//! ... ]`. Archives before 2020 list the tweet objects without the
//! `{"tweet": ...}` wrapper (and named the file `tweet.js`); both are read,
//! and so is `deleted-tweets.js`, which has the same shape.
//!
//! These are the shop's own tweets, so every record is `from_brand`: a
//! reply when it answers a tweet (`in_reply_to_status_id_str`), a share when
//! it is a retweet (`RT @…`), a post otherwise. The archive never names its
//! own account, so the author is the shop's first `--brand x:HANDLE` (the
//! shortest, if several), or `brand` without one. Times are in the classic
//! `Wed Oct 10 20:19:24 +0000 2018` form; a tweet without one is dated by
//! its snowflake id.

use crate::document::Sink;
use crate::draft::Draft;
use crate::timestamps;
use crate::wire::{text, text_ref, Text};
use rapport_core::said::import::Shape;
use rapport_core::Kind;
use serde::Deserialize;
use serde_json::value::RawValue;

const CHANNEL: &str = "x";

/// The handle used when no `--brand x:HANDLE` is given.
const UNNAMED_SHOP: &str = "brand";

/// One entry: `{"tweet": {...}}`, or the tweet itself in old archives.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a tweet of an account archive")]
struct Entry {
    tweet: Option<Box<Entry>>,
    id_str: Option<Text>,
    id: Option<Text>,
    full_text: Option<String>,
    text: Option<String>,
    created_at: Option<String>,
    in_reply_to_status_id_str: Option<Text>,
    in_reply_to_status_id: Option<Text>,
    /// Who the reply answers; kept for the mirror, not needed.
    #[allow(dead_code)]
    in_reply_to_screen_name: Option<String>,
}

/// Converts one archive document (normally the whole file).
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, entry);
}

fn entry(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, e)) = sink.parse_as::<Entry>(raw, Shape::ArchiveTweet) else {
        return;
    };
    let t = match e.tweet {
        Some(inner) => *inner,
        None => e,
    };
    let mut d = Draft::new(CHANNEL, Kind::Post);
    d.from_brand = true;
    let handle = sink.brand.handle(CHANNEL);
    d.handle = Some(handle.unwrap_or(UNNAMED_SHOP).to_string());
    d.external_id = text(&t.id_str).or_else(|| text(&t.id));
    d.text = t
        .full_text
        .clone()
        .or_else(|| t.text.clone())
        .unwrap_or_default();
    d.time_text = t.created_at.clone();
    d.created_at = t
        .created_at
        .as_deref()
        .and_then(timestamps::parse)
        .or_else(|| {
            d.external_id
                .as_deref()
                .and_then(|id| timestamps::from_snowflake(id, 22, 1_288_834_974_657))
        });
    d.in_reply_to = text(&t.in_reply_to_status_id_str).or_else(|| text(&t.in_reply_to_status_id));
    if d.in_reply_to.is_some() {
        d.kind = Kind::Reply;
    } else if d.text.starts_with("RT @") {
        d.kind = Kind::Share;
    }
    d.url = text_ref(&t.id_str)
        .or(text_ref(&t.id))
        .map(|id| match handle {
            Some(h) => format!("https://x.com/{h}/status/{id}"),
            None => format!("https://x.com/i/web/status/{id}"),
        });
    if t.full_text.is_none() && t.text.is_none() && d.external_id.is_none() {
        sink.reject(
            line,
            rapport_core::Said::field(
                "tweet.full_text",
                rapport_core::Said::MissingWithId {
                    id: "id_str".into(),
                },
            ),
        );
        return;
    }
    sink.push(line, d.finish());
}
