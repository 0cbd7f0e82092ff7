//! Facebook Graph API page comments and page webhooks.
//!
//! Accepted documents, alone, as arrays, concatenated or one per line:
//!
//! - a comment object `{id, message, created_time, from{id,name},
//!   parent{id}, comment_count, comments{data}}`;
//! - a paged response `{data: [...], paging}` of comments, or of page posts
//!   with their comments nested as `comments{data}` (`/{page}/feed?fields=
//!   message,comments{...}`), to any depth;
//! - a page webhook `{object: "page", entry: [{id, time, changes: [{field:
//!   "feed", value: {item: "comment", verb: "add", comment_id, post_id,
//!   parent_id, message, from, created_time}}]}]}`. Other items (reactions,
//!   posts, shares) and verbs (edits, removals) are skipped.
//!
//! Posts and comments look alike; an object is taken for a post when it has
//! fields only posts have (`status_type`, `story`, `full_picture`, …) or
//! when its comments' ids start with the second half of its own id (a post
//! `PAGE_POST` has comments `POST_COMMENT`). The shop's posts become posts;
//! a visitor's post on the page is a mention. A comment nested under a
//! comment, or with a `parent`, is a reply. Without `from` (the field needs
//! a permission), the author is `anonymous`. In webhooks the page itself is
//! the entry's `id`, so the page's own comments are `from_brand` even
//! without `--brand`.

use crate::document::Sink;
use crate::draft::Draft;
use crate::timestamps;
use crate::wire::{text, text_ref, Number, Spanned, Text};
use rapport_core::said::import::Shape;
use rapport_core::Kind;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

const CHANNEL: &str = "facebook";

/// A comment or a post.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Facebook comment or post object")]
struct Node {
    id: Option<Text>,
    message: Option<String>,
    /// ISO 8601 with a `+0000` offset.
    created_time: Option<Text>,
    from: Option<From>,
    parent: Option<Ref>,
    permalink_url: Option<String>,
    comments: Option<Edge>,
    /// Post-only fields, to tell posts from comments.
    story: Option<String>,
    status_type: Option<IgnoredAny>,
    full_picture: Option<IgnoredAny>,
    shares: Option<IgnoredAny>,
    attachments: Option<IgnoredAny>,
    is_published: Option<IgnoredAny>,
    privacy: Option<IgnoredAny>,
}

/// A connection: `{data, paging}`, as pages and nested edges return.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Edge {
    data: Vec<Spanned<Node>>,
}

/// `from`: a user or page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct From {
    id: Option<Text>,
    name: Option<String>,
}

/// A reference by id (`parent`, `post`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Ref {
    id: Option<Text>,
}

/// A webhook delivery.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Webhook {
    object: Option<String>,
    entry: Vec<Spanned<Entry>>,
}

/// One page's changes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    /// The page the webhook is for: the shop.
    id: Option<Text>,
    /// When the change was sent, in seconds.
    time: Option<Number>,
    changes: Vec<Spanned<Change>>,
}

/// One change of a page's feed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Change {
    field: Option<String>,
    value: FeedValue,
}

/// The `value` of a `feed` change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FeedValue {
    item: Option<String>,
    verb: Option<String>,
    comment_id: Option<Text>,
    post_id: Option<Text>,
    parent_id: Option<Text>,
    message: Option<String>,
    from: Option<From>,
    /// Seconds since the epoch here (not ISO as in the Graph API).
    created_time: Option<Text>,
}

/// The keys that tell the documents apart.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Facebook comment, paged response or webhook")]
struct Probe {
    entry: Option<IgnoredAny>,
    object: Option<IgnoredAny>,
    data: Option<IgnoredAny>,
}

/// Where a node sits: under which post, under which comment.
#[derive(Debug, Default, Clone, Copy)]
struct Place<'p> {
    post: Option<&'p str>,
    parent_comment: Option<&'p str>,
}

/// Converts one Facebook document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, document);
}

fn document(raw: &RawValue, sink: &mut Sink<'_>) {
    let Some((line, probe)) = sink.parse_as::<Probe>(raw, Shape::Facebook) else {
        return;
    };
    if probe.entry.is_some() || probe.object.is_some() {
        if let Some((_, w)) = sink.parse::<Webhook>(raw) {
            webhook(line, w, sink);
        }
    } else if probe.data.is_some() {
        if let Some((_, edge)) = sink.parse::<Edge>(raw) {
            edge_nodes(edge, Place::default(), sink);
        }
    } else if let Some((line, node)) = sink.parse::<Node>(raw) {
        self::node(line, node, Place::default(), sink);
    }
}

fn edge_nodes(edge: Edge, place: Place<'_>, sink: &mut Sink<'_>) {
    for n in edge.data {
        if let Some((line, n)) = sink.open(n) {
            node(line, n, place, sink);
        }
    }
}

impl Node {
    fn is_post(&self) -> bool {
        if self.story.is_some()
            || self.status_type.is_some()
            || self.full_picture.is_some()
            || self.shares.is_some()
            || self.attachments.is_some()
            || self.is_published.is_some()
            || self.privacy.is_some()
        {
            return true;
        }
        // PAGE_POST has comments POST_COMMENT.
        let (Some(id), Some(edge)) = (text_ref(&self.id), &self.comments) else {
            return false;
        };
        let Some((_, post_part)) = id.split_once('_') else {
            return false;
        };
        edge.data
            .iter()
            .filter_map(|c| c.value.as_ref().ok())
            .filter_map(|c| text_ref(&c.id))
            .any(|cid| cid.split_once('_').is_some_and(|(p, _)| p == post_part))
    }
}

fn node(line: usize, n: Node, place: Place<'_>, sink: &mut Sink<'_>) {
    let is_post = place.post.is_none() && place.parent_comment.is_none() && n.is_post();
    let mut d = Draft::new(CHANNEL, Kind::Comment);
    author(&mut d, n.from.as_ref(), None, sink);
    d.external_id = text(&n.id);
    d.created_at = text_ref(&n.created_time).and_then(timestamps::parse);
    d.time_text = text(&n.created_time);
    d.url = n.permalink_url.clone();
    if is_post {
        d.kind = if d.from_brand {
            Kind::Post
        } else {
            Kind::Mention
        };
        d.text = n
            .message
            .clone()
            .or_else(|| n.story.clone())
            .unwrap_or_default();
    } else {
        d.text = n.message.clone().unwrap_or_default();
        d.in_reply_to = n
            .parent
            .as_ref()
            .and_then(|p| text(&p.id))
            .or_else(|| place.parent_comment.map(String::from));
        if d.in_reply_to.is_some() {
            d.kind = Kind::Reply;
        }
        d.post_id = place.post.map(String::from);
    }
    let id = d.external_id.clone();
    sink.push(line, d.finish());
    if let Some(edge) = n.comments {
        let inner = if is_post {
            Place {
                post: id.as_deref(),
                parent_comment: None,
            }
        } else {
            Place {
                post: place.post,
                parent_comment: id.as_deref(),
            }
        };
        edge_nodes(edge, inner, sink);
    }
}

/// Fills the author and `from_brand`; `page` is the webhook's page id.
fn author(d: &mut Draft, from: Option<&From>, page: Option<&str>, sink: &Sink<'_>) {
    let Some(f) = from else { return };
    let id = text_ref(&f.id);
    d.from_brand = (id.is_some() && id == page)
        || sink
            .brand
            .is(CHANNEL, [id, f.name.as_deref()].into_iter().flatten());
    d.handle = id.map(String::from).or_else(|| f.name.clone());
    d.display_name = f.name.clone();
}

fn webhook(line: usize, w: Webhook, sink: &mut Sink<'_>) {
    if let Some(object) = w.object.as_deref().filter(|o| *o != "page") {
        sink.skip(
            line,
            format!("facebook webhook for {object:?} objects, not a page"),
        );
        return;
    }
    for entry in w.entry {
        let Some((line, entry)) = sink.open(entry) else {
            continue;
        };
        let page = text(&entry.id);
        let sent = entry.time.as_ref().and_then(Number::value).and_then(|t| {
            if t > 1e11 {
                timestamps::from_secs(t / 1e3)
            } else {
                timestamps::from_secs(t)
            }
        });
        if entry.changes.is_empty() {
            sink.skip(line, "facebook webhook entry without feed changes");
        }
        for change in entry.changes {
            let Some((line, change)) = sink.open(change) else {
                continue;
            };
            let v = change.value;
            let field = change.field.as_deref().unwrap_or_default();
            let item = v.item.as_deref().unwrap_or_default();
            let verb = v.verb.as_deref().unwrap_or_default();
            if field != "feed" || item != "comment" || verb != "add" {
                sink.skip(
                    line,
                    format!("facebook webhook change {field}/{item}/{verb} is not a new comment"),
                );
                continue;
            }
            let mut d = Draft::new(CHANNEL, Kind::Comment);
            author(&mut d, v.from.as_ref(), page.as_deref(), sink);
            d.external_id = text(&v.comment_id);
            d.text = v.message.clone().unwrap_or_default();
            d.created_at = text_ref(&v.created_time)
                .and_then(timestamps::parse)
                .or(sent);
            d.post_id = text(&v.post_id);
            d.in_reply_to = text(&v.parent_id).filter(|p| Some(p) != d.post_id.as_ref());
            if d.in_reply_to.is_some() {
                d.kind = Kind::Reply;
            }
            sink.push(line, d.finish());
        }
    }
}
