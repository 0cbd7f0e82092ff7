//! Reddit listing JSON (`.json` pages and the OAuth API).
//!
//! Accepted documents: a `Listing` (`{kind: "Listing", data: {children}}`),
//! the two listings of a comments page (`[post_listing, comments_listing]`),
//! or a single thing (`{kind: "t1", data}`). Replies nest as listings under
//! `data.replies` (an empty string when there are none).
//!
//! - `t1` (comment) → a comment when its `parent_id` is the post (`t3_…`),
//!   a reply when it is another comment (`t1_…`), whose id (prefix
//!   stripped) becomes `in_reply_to`; `link_id` names the post.
//! - `t3` (link / self post) → the shop's own are posts; anyone else's is a
//!   mention (it is in the import because it talks about the shop). Its text
//!   is the title, then the self text.
//! - `more` stubs (comments not loaded) and other kinds are skipped.
//!
//! Ids are the bare base-36 ids; a missing id is taken from `name` or the
//! permalink. `[deleted]` and missing authors are `anonymous`.

use crate::document::Sink;
use crate::draft::{Draft, ANONYMOUS};
use crate::timestamps;
use crate::wire::{text, Number, Spanned, Text, MAX_DEPTH};
use rapport_core::said::import::Shape;
use rapport_core::Kind;
use serde::Deserialize;
use serde_json::value::RawValue;

const CHANNEL: &str = "reddit";

/// A thing: `{kind, data}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Reddit listing or thing object")]
struct Thing<'a> {
    kind: Option<String>,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

/// `Listing` data.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Listing<'a> {
    #[serde(borrow)]
    children: Vec<Spanned<Thing<'a>>>,
}

/// `t1` and `t3` data; a comment has `body` and `parent_id`, a post
/// `title` and `selftext`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Data<'a> {
    id: Option<Text>,
    /// The fullname, `t1_abc`.
    name: Option<String>,
    author: Option<String>,
    /// The author's fullname, `t2_…`.
    author_fullname: Option<String>,
    body: Option<String>,
    title: Option<String>,
    selftext: Option<String>,
    created_utc: Option<Number>,
    created: Option<Number>,
    parent_id: Option<String>,
    link_id: Option<String>,
    permalink: Option<String>,
    /// A listing, or `""` when there are no replies.
    #[serde(borrow)]
    replies: Option<&'a RawValue>,
}

/// Converts one Reddit document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    crate::document::each(raw, sink, |e, sink| thing(e, sink, None, 0));
}

/// One thing, and what it holds. `post` is the post of the comments page.
fn thing(raw: &RawValue, sink: &mut Sink<'_>, post: Option<&str>, depth: usize) {
    let Some((line, t)) = sink.parse_as::<Thing<'_>>(raw, Shape::Reddit) else {
        return;
    };
    if depth > MAX_DEPTH {
        sink.reject(
            line,
            rapport_core::Said::RepliesTooDeep {
                max: MAX_DEPTH as u64,
            },
        );
        return;
    }
    let Some(data) = t.data else {
        sink.reject(
            line,
            rapport_core::Said::field("data", rapport_core::Said::IsMissing),
        );
        return;
    };
    match t.kind.as_deref() {
        Some("Listing") => listing(data, sink, post, depth),
        Some(kind @ ("t1" | "t3")) => {
            if let Some((line, d)) = sink.parse::<Data<'_>>(data) {
                item(line, kind, &d, sink, post, depth);
            }
        }
        Some("more") => sink.skip(line, "reddit `more` stub (comments that were not loaded)"),
        Some(other) => sink.skip(line, format!("reddit {other} things are not interactions")),
        None => sink.reject(
            line,
            rapport_core::Said::field("kind", rapport_core::Said::IsMissing),
        ),
    }
}

fn listing(data: &RawValue, sink: &mut Sink<'_>, post: Option<&str>, depth: usize) {
    let Some((_, page)) = sink.parse::<Listing<'_>>(data) else {
        return;
    };
    for child in page.children {
        let Some((line, t)) = sink.open(child) else {
            continue;
        };
        let Some(data) = t.data else {
            sink.reject(
                line,
                rapport_core::Said::field("data", rapport_core::Said::IsMissing),
            );
            continue;
        };
        match t.kind.as_deref() {
            Some(kind @ ("t1" | "t3")) => {
                if let Some((line, d)) = sink.parse::<Data<'_>>(data) {
                    item(line, kind, &d, sink, post, depth);
                }
            }
            Some("Listing") => listing(data, sink, post, depth + 1),
            Some("more") => sink.skip(line, "reddit `more` stub (comments that were not loaded)"),
            Some(other) => sink.skip(line, format!("reddit {other} things are not interactions")),
            None => sink.reject(
                line,
                rapport_core::Said::field("kind", rapport_core::Said::IsMissing),
            ),
        }
    }
}

/// Strips a fullname's type prefix: `t1_abc` → `abc`.
fn bare(fullname: &str) -> &str {
    match fullname.split_once('_') {
        Some((prefix, id)) if prefix.len() == 2 && prefix.starts_with('t') => id,
        _ => fullname,
    }
}

fn item(
    line: usize,
    kind: &str,
    t: &Data<'_>,
    sink: &mut Sink<'_>,
    post: Option<&str>,
    depth: usize,
) {
    let mut d = Draft::new(CHANNEL, Kind::Comment);
    let author = t
        .author
        .as_deref()
        .filter(|a| !a.is_empty() && *a != "[deleted]");
    d.from_brand = sink.brand.is(
        CHANNEL,
        [author, t.author_fullname.as_deref()].into_iter().flatten(),
    );
    d.handle = Some(author.unwrap_or(ANONYMOUS).to_string());
    d.external_id = text(&t.id)
        .or_else(|| t.name.as_deref().map(|n| bare(n).to_string()))
        .or_else(|| {
            t.permalink
                .as_deref()
                .and_then(|p| p.trim_end_matches('/').rsplit('/').next().map(String::from))
        });
    let created = t.created_utc.as_ref().or(t.created.as_ref());
    d.created_at = created
        .and_then(Number::value)
        .and_then(timestamps::from_secs);
    d.time_text = created.map(|n| match n {
        Number::Value(v) => v.to_string(),
        Number::Bad(raw) => raw.clone(),
    });
    d.url = t.permalink.as_deref().map(|p| {
        if p.starts_with("http") {
            p.to_string()
        } else {
            format!("https://www.reddit.com{p}")
        }
    });
    if kind == "t3" {
        d.kind = if d.from_brand {
            Kind::Post
        } else {
            Kind::Mention
        };
        let title = t.title.as_deref().unwrap_or_default().trim();
        let body = t.selftext.as_deref().unwrap_or_default().trim();
        d.text = match (title.is_empty(), body.is_empty()) {
            (false, false) => format!("{title}\n\n{body}"),
            (false, true) => title.to_string(),
            _ => body.to_string(),
        };
    } else {
        d.text = t.body.clone().unwrap_or_default();
        let parent = t.parent_id.as_deref().unwrap_or_default();
        if parent.starts_with("t1_") {
            d.kind = Kind::Reply;
            d.in_reply_to = Some(bare(parent).to_string());
        }
        d.post_id = t
            .link_id
            .as_deref()
            .or_else(|| parent.starts_with("t3_").then_some(parent))
            .map(|l| bare(l).to_string())
            .or_else(|| post.map(String::from));
    }
    let post_of_replies = if kind == "t3" {
        d.external_id.clone()
    } else {
        d.post_id.clone()
    };
    sink.push(line, d.finish());
    // Replies: a listing, or "" when there are none.
    if let Some(replies) = &t.replies {
        if replies.get().starts_with('{') {
            thing(replies, sink, post_of_replies.as_deref(), depth + 1);
        }
    }
}
