//! Mastodon REST API payloads.
//!
//! Accepted documents, alone, as arrays, concatenated or one per line:
//!
//! - a `Status` (`GET /api/v1/statuses/:id`, timelines as arrays);
//! - a `Notification` (`GET /api/v1/notifications`): `mention` → the
//!   status as a comment, `favourite` → like, `reblog` → share,
//!   `follow` → follow, `quote` → mention; other types are skipped;
//! - grouped notifications (`GET /api/v2/notifications`, Mastodon 4.3+):
//!   `{accounts, statuses, notification_groups}`, each sample account of a
//!   group becoming one like, share or follow;
//! - a thread `Context` (`GET /api/v1/statuses/:id/context`):
//!   `{ancestors, descendants}`, whose first ancestor names the thread;
//! - search results (`GET /api/v2/search`): `{statuses: [...]}`.
//!
//! `content` is HTML and becomes plain text (a content warning goes first).
//! The author's handle is the full `user@instance` address: a local
//! account's `acct` has no instance, which is taken from its profile `url`.
//! A status that answers another status of the same document that itself
//! answers something is a reply; one that answers a thread's first post, or
//! a post we do not have, is a comment. The shop's own statuses are posts,
//! or replies when they answer something. Likes, shares and follows have ids
//! derived from who did what to which status (`like:STATUS:HANDLE`), so the
//! v1 and v2 notification APIs agree on them. `language` is not kept: the
//! canonical record has no field for it and the analyzer detects it.

use crate::document::{elements, Sink};
use crate::draft::{Draft, ANONYMOUS};
use crate::html;
use crate::timestamps;
use crate::wire::{count, text, text_ref, Number, Spanned, Text};
use rapport_core::said::import::{Container, Shape};
use rapport_core::Kind;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

const CHANNEL: &str = "mastodon";

/// `Account`: who wrote, liked, shared or followed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, expecting = "a Mastodon account object")]
struct Account {
    id: Option<Text>,
    username: Option<String>,
    /// `user` for accounts of the instance asked, `user@instance` otherwise.
    acct: Option<String>,
    display_name: Option<String>,
    /// The profile page, `https://instance/@user`.
    url: Option<String>,
    /// The profile text, HTML.
    note: Option<String>,
    followers_count: Option<Number>,
}

/// `Status`: a post, reply or boost.
#[derive(Debug, Default, Deserialize)]
#[serde(default, expecting = "a Mastodon status object")]
struct Status {
    id: Option<Text>,
    /// The ActivityPub id, the same on every instance.
    uri: Option<String>,
    url: Option<String>,
    created_at: Option<String>,
    account: Option<Account>,
    /// The words, HTML.
    content: Option<String>,
    /// Plain source text; only some endpoints and forks send it.
    text: Option<String>,
    /// A content warning shown before the words.
    spoiler_text: Option<String>,
    in_reply_to_id: Option<Text>,
    /// A boost wraps the boosted status here.
    reblog: Option<Box<Status>>,
    /// Not kept (see the module docs); read so the mirror is complete.
    #[allow(dead_code)]
    language: Option<String>,
}

/// `Notification` (API v1).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Notification {
    id: Option<Text>,
    #[serde(rename = "type")]
    kind: Option<String>,
    created_at: Option<String>,
    account: Option<Account>,
    status: Option<Status>,
}

/// `Context`: the statuses above and below one status.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Context {
    ancestors: Vec<Spanned<Status>>,
    descendants: Vec<Spanned<Status>>,
}

/// `GroupedNotificationsResults` (API v2).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Grouped {
    accounts: Vec<Account>,
    statuses: Vec<Spanned<Status>>,
    notification_groups: Vec<Spanned<Group>>,
}

/// `NotificationGroup` (API v2).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Group {
    group_key: Option<Text>,
    #[serde(rename = "type")]
    kind: Option<String>,
    latest_page_notification_at: Option<String>,
    sample_account_ids: Vec<Text>,
    status_id: Option<Text>,
}

/// `Search` (API v2): only its statuses matter here.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Search {
    statuses: Vec<Spanned<Status>>,
}

/// The keys that tell the documents apart.
#[derive(Debug, Default, Deserialize)]
#[serde(
    default,
    expecting = "a Mastodon status, notification or thread context"
)]
struct Probe {
    ancestors: Option<IgnoredAny>,
    descendants: Option<IgnoredAny>,
    notification_groups: Option<IgnoredAny>,
    statuses: Option<IgnoredAny>,
    #[serde(rename = "type")]
    kind: Option<IgnoredAny>,
    content: Option<IgnoredAny>,
    account: Option<IgnoredAny>,
    id: Option<IgnoredAny>,
}

/// What the document tells about threads: which statuses answer
/// something, and the thread's first post when known.
#[derive(Debug, Default)]
struct Thread {
    answers: HashMap<String, bool>,
    root: Option<String>,
}

/// One object of a document, parsed.
// A document holds a page of objects; their size does not matter.
#[allow(clippy::large_enum_variant)]
enum Object {
    Status(Status),
    Notification(Notification),
}

/// Converts one Mastodon document.
pub(crate) fn convert(raw: &RawValue, sink: &mut Sink<'_>) {
    let mut objects = Vec::new();
    match elements(raw) {
        Some(list) => {
            for e in list {
                collect(e, sink, &mut objects);
            }
        }
        None => collect(raw, sink, &mut objects),
    }
    let mut thread = Thread::default();
    for (_, o) in &objects {
        if let Object::Status(s) = o {
            thread.note(s);
        }
    }
    for (line, o) in objects {
        match o {
            Object::Status(s) => status(line, &s, &thread, sink),
            Object::Notification(n) => notification(line, n, sink),
        }
    }
}

/// Sorts one object into statuses and notifications; contexts, grouped
/// notifications and search results are converted right away.
fn collect(raw: &RawValue, sink: &mut Sink<'_>, out: &mut Vec<(usize, Object)>) {
    let Some((line, probe)) = sink.parse_as::<Probe>(raw, Shape::Mastodon) else {
        return;
    };
    if probe.ancestors.is_some() || probe.descendants.is_some() {
        if let Some((_, c)) = sink.parse::<Context>(raw) {
            context(c, sink);
        }
    } else if probe.notification_groups.is_some() {
        if let Some((_, g)) = sink.parse::<Grouped>(raw) {
            grouped(g, sink);
        }
    } else if probe.kind.is_some() && probe.content.is_none() {
        if let Some((line, n)) = sink.parse::<Notification>(raw) {
            out.push((line, Object::Notification(n)));
        }
    } else if probe.statuses.is_some() && probe.content.is_none() {
        if let Some((_, s)) = sink.parse::<Search>(raw) {
            let mut statuses = Vec::new();
            for s in s.statuses {
                if let Some((line, s)) = sink.open(s) {
                    statuses.push((line, Object::Status(s)));
                }
            }
            out.extend(statuses);
        }
    } else if probe.content.is_some() || probe.account.is_some() || probe.id.is_some() {
        if let Some((line, s)) = sink.parse::<Status>(raw) {
            out.push((line, Object::Status(s)));
        }
    } else {
        sink.reject(
            line,
            rapport_core::Said::NoneOfFields {
                shape: Shape::Mastodon,
                fields: ["content", "account", "type", "ancestors", "descendants"]
                    .map(String::from)
                    .to_vec(),
            },
        );
    }
}

impl Thread {
    fn note(&mut self, s: &Status) {
        if let Some(id) = text(&s.id) {
            self.answers
                .insert(id, text_ref(&s.in_reply_to_id).is_some());
        }
    }

    /// The kind of a status by someone other than the shop.
    fn kind_of(&self, s: &Status) -> Kind {
        match text_ref(&s.in_reply_to_id) {
            Some(parent)
                if self.root.as_deref() != Some(parent)
                    && self.answers.get(parent) == Some(&true) =>
            {
                Kind::Reply
            }
            _ => Kind::Comment,
        }
    }
}

fn context(c: Context, sink: &mut Sink<'_>) {
    let mut statuses = Vec::new();
    for s in c.ancestors.into_iter().chain(c.descendants) {
        if let Some(opened) = sink.open(s) {
            statuses.push(opened);
        }
    }
    let mut thread = Thread::default();
    for (_, s) in &statuses {
        thread.note(s);
    }
    // The first ancestor starts the thread; without ancestors the asked
    // status does, and the first descendant answers it.
    thread.root = statuses
        .first()
        .and_then(|(_, s)| match text(&s.in_reply_to_id) {
            None => text(&s.id),
            Some(parent) => Some(parent),
        });
    for (line, s) in statuses {
        status(line, &s, &thread, sink);
    }
}

fn status(line: usize, s: &Status, thread: &Thread, sink: &mut Sink<'_>) {
    if let Some(boosted) = &s.reblog {
        let created = s.created_at.as_deref().and_then(timestamps::parse);
        let d = act(
            Kind::Share,
            s.account.as_ref(),
            Some(boosted),
            created,
            sink,
        );
        sink.push(line, d.finish());
        return;
    }
    let mut d = status_draft(s, thread.kind_of(s), sink);
    if d.from_brand && d.in_reply_to.is_none() {
        d.kind = Kind::Post;
    }
    if d.post_id.is_none() && d.external_id != thread.root {
        d.post_id = thread.root.clone();
    }
    sink.push(line, d.finish());
}

/// A status as a draft of `kind`, with its author.
fn status_draft(s: &Status, kind: Kind, sink: &Sink<'_>) -> Draft {
    let mut d = Draft::new(CHANNEL, kind);
    author(&mut d, s.account.as_ref(), sink);
    d.external_id = text(&s.id)
        .or_else(|| s.uri.clone())
        .or_else(|| s.url.clone());
    let body = match s.content.as_deref().map(html::to_text) {
        Some(t) if !t.is_empty() => t,
        _ => s.text.clone().unwrap_or_default(),
    };
    d.text = match s.spoiler_text.as_deref().map(str::trim) {
        Some(cw) if !cw.is_empty() => format!("{cw}\n\n{body}"),
        _ => body,
    };
    d.time_text = s.created_at.clone();
    d.created_at = s
        .created_at
        .as_deref()
        .and_then(timestamps::parse)
        .or_else(|| text_ref(&s.id).and_then(|id| timestamps::from_snowflake(id, 16, 0)));
    d.in_reply_to = text(&s.in_reply_to_id);
    d.url = s.url.clone().or_else(|| s.uri.clone());
    d
}

/// Fills the author fields and `from_brand`.
fn author(d: &mut Draft, a: Option<&Account>, sink: &Sink<'_>) {
    let Some(a) = a else { return };
    let acct = a.acct.clone().or_else(|| a.username.clone());
    let full = acct
        .as_deref()
        .map(|acct| full_address(acct, a.url.as_deref()));
    d.from_brand = sink.brand.is(
        CHANNEL,
        [full.as_deref(), acct.as_deref(), text_ref(&a.id)]
            .into_iter()
            .flatten(),
    );
    d.handle = full.or_else(|| text(&a.id));
    d.display_name = a.display_name.clone();
    d.followers = count(&a.followers_count);
    d.bio = a.note.as_deref().map(html::to_text);
}

/// `user@instance`: a local account's `acct` lacks the instance, which its
/// profile URL names.
fn full_address(acct: &str, url: Option<&str>) -> String {
    let acct = acct.trim().trim_start_matches('@');
    if acct.contains('@') {
        return acct.to_string();
    }
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .filter(|h| !h.is_empty());
    match host {
        Some(h) => format!("{acct}@{h}"),
        None => acct.to_string(),
    }
}

/// A like, share or follow by `who` of `target` (none for follows).
fn act(
    kind: Kind,
    who: Option<&Account>,
    target: Option<&Status>,
    at: Option<rapport_core::Timestamp>,
    sink: &Sink<'_>,
) -> Draft {
    let mut d = Draft::new(CHANNEL, kind);
    author(&mut d, who, sink);
    let handle = d.handle.clone().unwrap_or_else(|| ANONYMOUS.to_string());
    let target_id = target.and_then(|t| text(&t.id).or_else(|| t.uri.clone()));
    d.external_id = match (kind, &target_id) {
        (Kind::Follow, _) => Some(format!("follow:{handle}")),
        (Kind::Like, Some(t)) => Some(format!("like:{t}:{handle}")),
        (_, Some(t)) => Some(format!("share:{t}:{handle}")),
        (_, None) => None,
    };
    d.post_id = target_id;
    d.created_at = at;
    d
}

fn notification(line: usize, n: Notification, sink: &mut Sink<'_>) {
    let kind = n.kind.as_deref().unwrap_or_default();
    let at = n.created_at.as_deref().and_then(timestamps::parse);
    match kind {
        "mention" | "quote" => {
            let Some(s) = &n.status else {
                sink.reject(
                    line,
                    rapport_core::Said::field(
                        "status",
                        rapport_core::Said::MissingFrom {
                            container: if kind == "quote" {
                                Container::QuoteNotification
                            } else {
                                Container::MentionNotification
                            },
                        },
                    ),
                );
                return;
            };
            let base = if kind == "quote" {
                Kind::Mention
            } else {
                Kind::Comment
            };
            let mut d = status_draft(s, base, sink);
            if d.from_brand && d.in_reply_to.is_none() {
                d.kind = Kind::Post;
            }
            d.created_at = d.created_at.or(at);
            sink.push(line, d.finish());
        }
        "favourite" | "reblog" | "follow" => {
            let kind = match kind {
                "favourite" => Kind::Like,
                "reblog" => Kind::Share,
                _ => Kind::Follow,
            };
            let mut d = act(kind, n.account.as_ref(), n.status.as_ref(), at, sink);
            if d.external_id.is_none() {
                d.external_id = text(&n.id);
            }
            sink.push(line, d.finish());
        }
        "" => sink.reject(
            line,
            rapport_core::Said::field("type", rapport_core::Said::IsEmpty),
        ),
        other => sink.skip(
            line,
            format!("mastodon notification of type {other:?} is not an interaction"),
        ),
    }
}

fn grouped(g: Grouped, sink: &mut Sink<'_>) {
    let accounts: HashMap<String, Account> = g
        .accounts
        .into_iter()
        .filter_map(|a| Some((text(&a.id)?, a)))
        .collect();
    let mut statuses: HashMap<String, (usize, Status)> = HashMap::new();
    for s in g.statuses {
        if let Some((line, s)) = sink.open(s) {
            if let Some(id) = text(&s.id) {
                statuses.insert(id, (line, s));
            }
        }
    }
    for group in g.notification_groups {
        let Some((line, group)) = sink.open(group) else {
            continue;
        };
        let status = text_ref(&group.status_id).and_then(|id| statuses.get(id));
        let at = group
            .latest_page_notification_at
            .as_deref()
            .and_then(timestamps::parse);
        let kind = match group.kind.as_deref().unwrap_or_default() {
            "mention" | "quote" => {
                let Some((_, s)) = status else {
                    sink.reject(
                        line,
                        rapport_core::Said::field("status_id", rapport_core::Said::NamesNoStatus),
                    );
                    continue;
                };
                let base = if group.kind.as_deref() == Some("quote") {
                    Kind::Mention
                } else {
                    Kind::Comment
                };
                let mut d = status_draft(s, base, sink);
                if d.from_brand && d.in_reply_to.is_none() {
                    d.kind = Kind::Post;
                }
                d.created_at = d.created_at.or(at);
                sink.push(line, d.finish());
                continue;
            }
            "favourite" => Kind::Like,
            "reblog" => Kind::Share,
            "follow" => Kind::Follow,
            other => {
                sink.skip(
                    line,
                    format!("mastodon notification group of type {other:?} is not an interaction"),
                );
                continue;
            }
        };
        if group.sample_account_ids.is_empty() {
            let key = text(&group.group_key).unwrap_or_default();
            sink.skip(
                line,
                format!("mastodon notification group {key:?} names no account"),
            );
        }
        for id in &group.sample_account_ids {
            // An account the response does not describe is known by its id.
            let unknown = Account {
                id: Some(id.clone()),
                ..Account::default()
            };
            let who = id.get().and_then(|id| accounts.get(id)).unwrap_or(&unknown);
            let d = act(kind, Some(who), status.map(|(_, s)| s), at, sink);
            sink.push(line, d.finish());
        }
    }
}
