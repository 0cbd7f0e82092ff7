//! YouTube Data API v3 comment resources.
//!
//! Accepted documents: `commentThreads.list` and `comments.list` responses
//! (`{kind, nextPageToken, pageInfo, items}`), a single `commentThread` or
//! `comment`, or an array of any of them (several pages saved together).
//!
//! - A thread's `snippet.topLevelComment` → a comment on the video
//!   (`post_id` = `videoId`).
//! - Its `replies.comments[]` (the first few replies the API includes) and
//!   any comment with a `snippet.parentId` → replies, `in_reply_to` = the
//!   parent comment.
//!
//! The author's handle is the stable `authorChannelId.value` (older
//! payloads send the id as a plain string); `authorDisplayName` is the name
//! shown. The text is `textOriginal`, or `textDisplay` with its HTML
//! removed when the API did not return the original (it only does for the
//! comment's author or with `textFormat=plainText`).

use crate::document::Sink;
use crate::draft::Draft;
use crate::html;
use crate::timestamps;
use crate::wire::{text, text_ref, Spanned, Text};
use rapport_core::said::import::{Container, Shape};
use rapport_core::Kind;
use serde::Deserialize;
use serde_json::value::RawValue;

const CHANNEL: &str = "youtube";

/// A list response.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListResponse {
    items: Vec<Spanned<Resource>>,
}

/// A `commentThread` or a `comment` resource: they share `kind`, `id` and
/// `snippet`, and a thread adds `replies`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a YouTube comment or comment thread object")]
struct Resource {
    kind: Option<String>,
    id: Option<Text>,
    snippet: Snippet,
    replies: Replies,
    /// Present only on list responses.
    items: Option<serde::de::IgnoredAny>,
}

/// The union of `commentThread.snippet` and `comment.snippet`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Snippet {
    // commentThread
    video_id: Option<String>,
    top_level_comment: Option<Box<Resource>>,
    // comment
    author_display_name: Option<String>,
    author_channel_id: Option<ChannelId>,
    text_original: Option<String>,
    text_display: Option<String>,
    parent_id: Option<Text>,
    published_at: Option<String>,
    updated_at: Option<String>,
}

/// `authorChannelId`: `{value}` now, a bare string in older payloads.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ChannelId {
    Object {
        #[serde(default)]
        value: Option<String>,
    },
    Bare(String),
}

impl ChannelId {
    fn get(&self) -> Option<&str> {
        match self {
            ChannelId::Object { value } => value.as_deref(),
            ChannelId::Bare(s) => Some(s.as_str()),
        }
        .filter(|s| !s.trim().is_empty())
    }
}

/// `commentThread.replies`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Replies {
    comments: Vec<Spanned<Resource>>,
}

/// Converts one YouTube document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, document);
}

fn document(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, r)) = sink.parse_as::<Resource>(raw, Shape::Youtube) else {
        return;
    };
    if r.items.is_some() {
        if let Some((_, list)) = sink.parse::<ListResponse>(raw) {
            for item in list.items {
                if let Some((line, r)) = sink.open(item) {
                    resource(line, r, sink);
                }
            }
        }
    } else {
        resource(line, r, sink);
    }
}

fn resource(line: usize, r: Resource, sink: &mut Sink<'_>) {
    let is_thread =
        r.kind.as_deref() == Some("youtube#commentThread") || r.snippet.top_level_comment.is_some();
    if !is_thread {
        let kind = r.kind.as_deref().unwrap_or("youtube#comment");
        if kind != "youtube#comment" {
            sink.skip(line, format!("youtube {kind} resources are not comments"));
            return;
        }
        let mut d = comment(&r, None, None);
        d.from_brand = is_brand(&r, sink);
        sink.push(line, d.finish());
        return;
    }
    let video = r.snippet.video_id.as_deref();
    let Some(top) = &r.snippet.top_level_comment else {
        sink.reject(
            line,
            rapport_core::Said::field(
                "snippet.topLevelComment",
                rapport_core::Said::MissingFrom {
                    container: Container::CommentThread,
                },
            ),
        );
        return;
    };
    let mut top_draft = comment(top, video, None);
    if top_draft.external_id.is_none() {
        // The thread's id is its top-level comment's id.
        top_draft.external_id = text(&r.id);
    }
    let top_id = top_draft.external_id.clone();
    top_draft.from_brand = is_brand(top, sink);
    sink.push(line, top_draft.finish());
    for reply in r.replies.comments {
        let Some((line, reply)) = sink.open(reply) else {
            continue;
        };
        let mut d = comment(&reply, video, top_id.as_deref());
        d.from_brand = is_brand(&reply, sink);
        sink.push(line, d.finish());
    }
}

fn is_brand(c: &Resource, sink: &Sink<'_>) -> bool {
    let s = &c.snippet;
    sink.brand.is(
        CHANNEL,
        [
            s.author_channel_id.as_ref().and_then(ChannelId::get),
            s.author_display_name.as_deref(),
        ]
        .into_iter()
        .flatten(),
    )
}

/// A `comment` resource as a draft; `parent` is the thread's top-level
/// comment when the resource came in its `replies`.
fn comment(c: &Resource, video: Option<&str>, parent: Option<&str>) -> Draft {
    let s = &c.snippet;
    let mut d = Draft::new(CHANNEL, Kind::Comment);
    d.external_id = text(&c.id);
    d.handle = s
        .author_channel_id
        .as_ref()
        .and_then(ChannelId::get)
        .or(s.author_display_name.as_deref())
        .map(String::from);
    d.display_name = s.author_display_name.clone();
    d.text = match s.text_original.as_deref() {
        Some(t) if !t.trim().is_empty() => t.to_string(),
        _ => s
            .text_display
            .as_deref()
            .map(html::to_text)
            .unwrap_or_default(),
    };
    d.time_text = s.published_at.clone().or_else(|| s.updated_at.clone());
    d.created_at = s
        .published_at
        .as_deref()
        .or(s.updated_at.as_deref())
        .and_then(timestamps::parse);
    d.in_reply_to = text(&s.parent_id).or_else(|| parent.map(String::from));
    if d.in_reply_to.is_some() {
        d.kind = Kind::Reply;
    }
    d.post_id = s.video_id.clone().or_else(|| video.map(String::from));
    d.url = match (d.post_id.as_deref(), text_ref(&c.id)) {
        (Some(v), Some(id)) => Some(format!("https://www.youtube.com/watch?v={v}&lc={id}")),
        (Some(v), None) => Some(format!("https://www.youtube.com/watch?v={v}")),
        _ => None,
    };
    d
}
