//! Bluesky Jetstream events, one JSON object per line.
//!
//! Jetstream turns the AT Protocol firehose into JSON. A `commit` event
//! carries one record operation of one repository (`did`):
//!
//! - `app.bsky.feed.post` → a comment when it answers a thread's first post
//!   (`reply.parent` = `reply.root`), a reply when it answers an answer, a
//!   mention when it quotes a post or stands alone, and the shop's own posts
//!   are posts (or replies);
//! - `app.bsky.feed.like` → like, `app.bsky.feed.repost` → share (both name
//!   the post in `post_id`), `app.bsky.graph.follow` → follow.
//!
//! The external id is the record's AT URI, `at://{did}/{collection}/{rkey}`,
//! which is also how replies, likes and reposts name their target. Deletions
//! are skipped with a note (Rapport does not delete imported records yet),
//! and so are other collections and `identity` / `account` events. An
//! `identity` event teaches the reader the handle of a DID, used for that
//! DID's later records; until then the author's handle is the DID itself.
//!
//! Both Jetstream schemas are read: the current one (`kind: "commit"`,
//! `commit.operation: "create"`) and the first one (`type: "com"`,
//! `commit.type: "c"`).

use crate::draft::Draft;
use crate::options::Brand;
use crate::wire::{self, Number};
use crate::{timestamps, IngestError, Item};
use rapport_core::said::import::{self, Container, Shape};
use rapport_core::Kind;
use rapport_core::Said;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::io::BufRead;

const CHANNEL: &str = "bluesky";

/// One Jetstream event.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Jetstream event object")]
struct Event {
    did: Option<String>,
    time_us: Option<Number>,
    /// `commit`, `identity` or `account`.
    kind: Option<String>,
    /// The first schema's `com`, `id` or `acc`.
    #[serde(rename = "type")]
    old_kind: Option<String>,
    commit: Option<Commit>,
    identity: Option<Identity>,
}

/// The record operation of a `commit` event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Commit {
    /// `create`, `update` or `delete`.
    operation: Option<String>,
    /// The first schema's `c`, `u` or `d`.
    #[serde(rename = "type")]
    old_operation: Option<String>,
    collection: Option<String>,
    rkey: Option<String>,
    /// The record, read by its collection's own struct below.
    record: Option<Box<RawValue>>,
}

/// An `identity` event's body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Identity {
    did: Option<String>,
    handle: Option<String>,
}

/// `app.bsky.feed.post`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Post {
    text: Option<String>,
    created_at: Option<String>,
    reply: Option<ReplyRef>,
    embed: Option<Embed>,
}

/// `app.bsky.feed.post#replyRef`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ReplyRef {
    root: Option<StrongRef>,
    parent: Option<StrongRef>,
}

/// `com.atproto.repo.strongRef`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct StrongRef {
    uri: Option<String>,
}

/// An embed; only quotes matter (`app.bsky.embed.record`, whose `record`
/// is a strong ref, and `recordWithMedia`, which nests one more level).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Embed {
    record: Option<EmbedRecord>,
}

/// The `record` of a quote embed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EmbedRecord {
    uri: Option<String>,
    record: Option<StrongRef>,
}

/// `app.bsky.feed.like` and `app.bsky.feed.repost`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Subjected {
    subject: Option<StrongRef>,
    created_at: Option<String>,
}

/// `app.bsky.graph.follow`: the subject is the followed DID.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Follow {
    #[allow(dead_code)]
    subject: Option<String>,
    created_at: Option<String>,
}

/// Reads Jetstream JSON Lines.
pub(crate) fn read<'a>(
    mut input: Box<dyn BufRead + 'a>,
    brand: Brand,
) -> impl Iterator<Item = Result<Item, IngestError>> + 'a {
    let mut reader = Reader {
        brand,
        handles: HashMap::new(),
    };
    let mut line_no = 0usize;
    let mut buf = Vec::with_capacity(1024);
    std::iter::from_fn(move || loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some(Err(IngestError::Io(e))),
        }
        line_no += 1;
        let Ok(text) = std::str::from_utf8(&buf) else {
            return Some(Ok(Item::Rejected {
                line: line_no,
                reason: Said::NotUtf8,
            }));
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        return Some(Ok(reader.event(line_no, text)));
    })
}

/// What the reader remembers between lines.
struct Reader {
    brand: Brand,
    /// Handles learned from `identity` events.
    handles: HashMap<String, String>,
}

impl Reader {
    fn event(&mut self, line: usize, text: &str) -> Item {
        let reject = |reason: Said| Item::Rejected { line, reason };
        let skip = |reason: String| Item::Skipped {
            line,
            reason: reason.into(),
        };
        if !text.starts_with('{') {
            return reject(Said::WrongShape {
                expected: Shape::Jetstream,
                found: import::json_type_of(text),
            });
        }
        let event: Event = match wire::parse(text) {
            Ok(e) => e,
            Err(e) => return reject(e.said()),
        };
        let kind = event.kind.as_deref().or(match event.old_kind.as_deref() {
            Some("com") => Some("commit"),
            Some("id") => Some("identity"),
            Some("acc") => Some("account"),
            other => other,
        });
        match kind {
            Some("commit") => {}
            Some("identity") => {
                let id = event.identity.unwrap_or_default();
                if let (Some(did), Some(handle)) = (id.did.or(event.did), id.handle) {
                    self.handles.insert(did, handle);
                }
                return skip(
                    "bluesky identity event (its handle is used for later records)".into(),
                );
            }
            Some(other) => return skip(format!("bluesky {other} event is not an interaction")),
            None => return reject(Said::field("kind", Said::IsMissing)),
        }
        let Some(did) = event.did.filter(|d| !d.trim().is_empty()) else {
            return reject(Said::field("did", Said::IsMissing));
        };
        let Some(commit) = event.commit else {
            return reject(Said::field(
                "commit",
                Said::MissingFrom {
                    container: Container::CommitEvent,
                },
            ));
        };
        let collection = commit.collection.unwrap_or_default();
        let operation = commit
            .operation
            .as_deref()
            .or(match commit.old_operation.as_deref() {
                Some("c") => Some("create"),
                Some("u") => Some("update"),
                Some("d") => Some("delete"),
                other => other,
            });
        let kind = match collection.as_str() {
            "app.bsky.feed.post" => Kind::Mention,
            "app.bsky.feed.like" => Kind::Like,
            "app.bsky.feed.repost" => Kind::Share,
            "app.bsky.graph.follow" => Kind::Follow,
            "" => return reject(Said::field("commit.collection", Said::IsMissing)),
            other => return skip(format!("bluesky {other} records are not interactions")),
        };
        let uri = commit
            .rkey
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|rkey| format!("at://{did}/{collection}/{rkey}"));
        match operation {
            Some("create" | "update") => {}
            Some("delete") => {
                return skip(format!(
                    "bluesky delete of {} (deletions are not imported yet)",
                    uri.as_deref().unwrap_or(&collection)
                ))
            }
            Some(other) => {
                return reject(Said::field(
                    "commit.operation",
                    Said::NotOneOf {
                        value: import::shorten(other),
                        allowed: ["create", "update", "delete"].map(String::from).to_vec(),
                    },
                ))
            }
            None => return reject(Said::field("commit.operation", Said::IsMissing)),
        }
        let Some(record) = commit.record else {
            return reject(Said::field(
                "commit.record",
                Said::MissingFrom {
                    container: Container::Create,
                },
            ));
        };
        let mut d = Draft::new(CHANNEL, kind);
        let handle = self.handles.get(&did).cloned();
        d.from_brand = self.brand.is(
            CHANNEL,
            [Some(did.as_str()), handle.as_deref()]
                .into_iter()
                .flatten(),
        );
        d.handle = Some(handle.unwrap_or_else(|| did.clone()));
        d.external_id = uri;
        let fallback_time = event
            .time_us
            .as_ref()
            .and_then(Number::value)
            .and_then(timestamps::from_micros);
        let created_at = match kind {
            Kind::Mention => match wire::parse::<Post>(record.get()) {
                Ok(post) => {
                    self.post(&mut d, post, &did, commit.rkey.as_deref());
                    d.created_at
                }
                Err(e) => return reject(record_error(e)),
            },
            Kind::Like | Kind::Share => match wire::parse::<Subjected>(record.get()) {
                Ok(s) => {
                    d.post_id = s.subject.and_then(|s| s.uri);
                    s.created_at.as_deref().and_then(timestamps::parse)
                }
                Err(e) => return reject(record_error(e)),
            },
            _ => match wire::parse::<Follow>(record.get()) {
                Ok(f) => f.created_at.as_deref().and_then(timestamps::parse),
                Err(e) => return reject(record_error(e)),
            },
        };
        d.created_at = created_at.or(fallback_time);
        match d.finish() {
            Ok(record) => Item::Record { line, record },
            Err(e) => reject(e.into()),
        }
    }

    /// Fills a draft from a post record.
    fn post(&self, d: &mut Draft, post: Post, did: &str, rkey: Option<&str>) {
        d.text = post.text.unwrap_or_default();
        d.created_at = post.created_at.as_deref().and_then(timestamps::parse);
        d.url = rkey.map(|r| format!("https://bsky.app/profile/{did}/post/{r}"));
        let reply = post.reply.unwrap_or_default();
        let parent = reply.parent.and_then(|p| p.uri);
        let root = reply.root.and_then(|r| r.uri);
        let quoted = post
            .embed
            .and_then(|e| e.record)
            .and_then(|r| r.uri.or_else(|| r.record.and_then(|s| s.uri)));
        d.kind = match (&parent, &root) {
            (Some(p), Some(r)) if p != r => Kind::Reply,
            (Some(_), _) => Kind::Comment,
            (None, _) if d.from_brand => Kind::Post,
            _ => Kind::Mention,
        };
        d.post_id = root.or_else(|| parent.clone()).or(quoted);
        d.in_reply_to = parent;
    }
}

fn record_error(e: wire::WireError) -> Said {
    let mut e = e;
    e.path = if e.path.is_empty() || e.path == "." {
        "commit.record".into()
    } else {
        format!("commit.record.{}", e.path)
    };
    e.said()
}
