//! Instagram Graph API comments, mentions and webhooks.
//!
//! Accepted documents, alone, as arrays, concatenated or one per line:
//!
//! - an IG comment `{id, text, timestamp, username, from{id,username},
//!   like_count, media{id}, parent_id, replies{data}}`;
//! - a paged response `{data: [...], paging}` of comments
//!   (`/{media}/comments`);
//! - a mention lookup: `{mentioned_comment: {...}}` (a comment that
//!   @mentions the shop) or `{mentioned_media: {caption, ...}}` (a post
//!   whose caption does), both mentions;
//! - a webhook `{object: "instagram", entry: [{id, time, changes: [{field,
//!   value}]}]}` with fields `comments` and `live_comments` (`value: {id,
//!   text, from, media{id}, parent_id}`) or `mentions` (`value: {media_id,
//!   comment_id}`, which names no text or author). Other fields and
//!   messaging entries are skipped.
//!
//! A comment with a `parent_id`, or nested in another's `replies`, is a
//! reply; `post_id` is the media. Webhooks carry no comment time, so the
//! entry's `time` stands in; the entry's `id` is the shop's own account, so
//! its comments are `from_brand` even without `--brand`.

use crate::document::Sink;
use crate::draft::Draft;
use crate::timestamps;
use crate::wire::{text, text_ref, Number, Spanned, Text};
use rapport_core::said::import::Shape;
use rapport_core::{Kind, Timestamp};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

const CHANNEL: &str = "instagram";

/// `IG Comment`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "an Instagram comment object")]
struct Comment {
    id: Option<Text>,
    text: Option<String>,
    /// ISO 8601 with a `+0000` offset.
    timestamp: Option<Text>,
    username: Option<String>,
    from: Option<From>,
    media: Option<Media>,
    parent_id: Option<Text>,
    replies: Option<Edge>,
    /// `mentioned_media` has a caption instead of a text.
    caption: Option<String>,
    permalink: Option<String>,
}

/// A connection: `{data, paging}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Edge {
    data: Vec<Spanned<Comment>>,
}

/// `from`: the commenter.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct From {
    id: Option<Text>,
    username: Option<String>,
}

/// `media`: the post commented on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Media {
    id: Option<Text>,
}

/// A mention lookup on the shop's IG user.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Mentioned {
    mentioned_comment: Option<Spanned<Comment>>,
    mentioned_media: Option<Spanned<Comment>>,
}

/// A webhook delivery.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Webhook {
    object: Option<String>,
    entry: Vec<Spanned<Entry>>,
}

/// One account's changes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    /// The shop's IG user id.
    id: Option<Text>,
    /// When the change was sent, in seconds.
    time: Option<Number>,
    changes: Vec<Spanned<Change>>,
    /// Messaging webhooks, not imported.
    messaging: Option<IgnoredAny>,
}

/// One change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Change {
    field: Option<String>,
    value: ChangeValue,
}

/// The `value` of a `comments`, `live_comments` or `mentions` change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChangeValue {
    id: Option<Text>,
    text: Option<String>,
    from: Option<From>,
    media: Option<Media>,
    parent_id: Option<Text>,
    // mentions
    media_id: Option<Text>,
    comment_id: Option<Text>,
}

/// The keys that tell the documents apart.
#[derive(Debug, Default, Deserialize)]
#[serde(
    default,
    expecting = "an Instagram comment, paged response, mention or webhook"
)]
struct Probe {
    entry: Option<IgnoredAny>,
    object: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
    mentioned_comment: Option<IgnoredAny>,
    mentioned_media: Option<IgnoredAny>,
}

/// Converts one Instagram document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, document);
}

fn document(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, probe)) = sink.parse_as::<Probe>(raw, Shape::Instagram) else {
        return;
    };
    if probe.entry.is_some() || probe.object.is_some() {
        if let Some((_, w)) = sink.parse::<Webhook>(raw) {
            webhook(line, w, sink);
        }
    } else if probe.data.is_some() {
        if let Some((_, edge)) = sink.parse::<Edge>(raw) {
            for c in edge.data {
                if let Some((line, c)) = sink.open(c) {
                    comment(line, c, Kind::Comment, None, sink);
                }
            }
        }
    } else if probe.mentioned_comment.is_some() || probe.mentioned_media.is_some() {
        if let Some((_, m)) = sink.parse::<Mentioned>(raw) {
            for c in [m.mentioned_comment, m.mentioned_media]
                .into_iter()
                .flatten()
            {
                if let Some((line, c)) = sink.open(c) {
                    comment(line, c, Kind::Mention, None, sink);
                }
            }
        }
    } else if let Some((line, c)) = sink.parse::<Comment>(raw) {
        comment(line, c, Kind::Comment, None, sink);
    }
}

/// Fills the author and `from_brand`; `account` is the webhook's account.
fn author(
    d: &mut Draft,
    username: Option<&str>,
    from: Option<&From>,
    account: Option<&str>,
    sink: &Sink<'_>,
) {
    let id = from.and_then(|f| text_ref(&f.id));
    let username = username
        .or_else(|| from.and_then(|f| f.username.as_deref()))
        .filter(|u| !u.trim().is_empty());
    d.from_brand = (id.is_some() && id == account)
        || sink.brand.is(CHANNEL, [username, id].into_iter().flatten());
    d.handle = username.or(id).map(String::from);
}

/// A comment (or mention), then its replies. `parent` is the comment whose
/// `replies` held it: (its id, its media).
fn comment(
    line: usize,
    c: Comment,
    kind: Kind,
    parent: Option<(&str, Option<&str>)>,
    sink: &mut Sink<'_>,
) {
    let mut d = Draft::new(CHANNEL, kind);
    author(&mut d, c.username.as_deref(), c.from.as_ref(), None, sink);
    d.external_id = text(&c.id);
    d.text = c
        .text
        .clone()
        .or_else(|| c.caption.clone())
        .unwrap_or_default();
    d.created_at = text_ref(&c.timestamp).and_then(timestamps::parse);
    d.time_text = text(&c.timestamp);
    d.post_id = c
        .media
        .as_ref()
        .and_then(|m| text(&m.id))
        .or_else(|| parent.and_then(|(_, m)| m.map(String::from)));
    if kind == Kind::Mention && c.caption.is_some() && c.text.is_none() {
        // A mentioned media is a post itself.
        d.post_id = None;
    }
    d.in_reply_to = text(&c.parent_id).or_else(|| parent.map(|(p, _)| p.to_string()));
    if d.in_reply_to.is_some() && kind == Kind::Comment {
        d.kind = Kind::Reply;
    }
    d.url = c.permalink.clone();
    let id = d.external_id.clone();
    let media = d.post_id.clone();
    sink.push(line, d.finish());
    if let Some(replies) = c.replies {
        for r in replies.data {
            if let Some((line, r)) = sink.open(r) {
                let parent = id.as_deref().map(|p| (p, media.as_deref()));
                comment(line, r, Kind::Comment, parent, sink);
            }
        }
    }
}

fn webhook(line: usize, w: Webhook, sink: &mut Sink<'_>) {
    if let Some(object) = w.object.as_deref().filter(|o| *o != "instagram") {
        sink.skip(line, format!("instagram webhook for {object:?} objects"));
        return;
    }
    for entry in w.entry {
        let Some((line, entry)) = sink.open(entry) else {
            continue;
        };
        let account = text(&entry.id);
        let sent: Option<Timestamp> = entry.time.as_ref().and_then(Number::value).and_then(|t| {
            if t > 1e11 {
                timestamps::from_secs(t / 1e3)
            } else {
                timestamps::from_secs(t)
            }
        });
        if entry.changes.is_empty() {
            let what = if entry.messaging.is_some() {
                "instagram messaging webhooks are not imported"
            } else {
                "instagram webhook entry without changes"
            };
            sink.skip(line, what);
        }
        for change in entry.changes {
            let Some((line, change)) = sink.open(change) else {
                continue;
            };
            let v = change.value;
            let field = change.field.as_deref().unwrap_or_default();
            let kind = match field {
                "comments" | "live_comments" => Kind::Comment,
                "mentions" => Kind::Mention,
                other => {
                    sink.skip(
                        line,
                        format!("instagram webhook field {other:?} is not imported"),
                    );
                    continue;
                }
            };
            let mut d = Draft::new(CHANNEL, kind);
            author(&mut d, None, v.from.as_ref(), account.as_deref(), sink);
            d.external_id = text(&v.id)
                .or_else(|| text(&v.comment_id))
                .or_else(|| text(&v.media_id));
            d.text = v.text.clone().unwrap_or_default();
            d.created_at = sent;
            d.post_id = v
                .media
                .as_ref()
                .and_then(|m| text(&m.id))
                .or_else(|| text(&v.media_id))
                .filter(|m| Some(m) != d.external_id.as_ref());
            d.in_reply_to = text(&v.parent_id);
            if d.in_reply_to.is_some() && kind == Kind::Comment {
                d.kind = Kind::Reply;
            }
            sink.push(line, d.finish());
        }
    }
}
