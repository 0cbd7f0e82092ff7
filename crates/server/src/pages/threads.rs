//! Conversations: the list (latest activity first, filtered by channel
//! and answered or not) and one thread, message by message.

use super::view::{at_in, reading, snippet};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::routes;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use rapport_engine::views::threads::{ThreadView, ThreadsQuery};

/// Threads listed on one page.
const PAGE: u64 = 50;

/// One thread in the list.
struct ThreadLine {
    key: String,
    channel: String,
    people: String,
    text: String,
    last: String,
    messages: u64,
    unanswered: u64,
}

/// A filter link.
struct Chip {
    label: String,
    href: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "threads.html")]
struct ThreadsTemplate {
    nav: Nav,
    threads: Vec<ThreadLine>,
    total: u64,
    statuses: Vec<Chip>,
    channels: Vec<Chip>,
    prev: String,
    next: String,
}

/// A path segment: `CHANNEL:ROOT` may hold `/` (Bluesky's `at://` ids).
fn segment(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn href(channel: Option<&str>, status: Option<&str>, offset: u64) -> String {
    let mut q: Vec<(&str, String)> = Vec::new();
    if let Some(c) = channel {
        q.push(("channel", c.to_string()));
    }
    if let Some(s) = status {
        q.push(("status", s.to_string()));
    }
    if offset > 0 {
        q.push(("offset", offset.to_string()));
    }
    let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
    if qs.is_empty() {
        "/threads".to_string()
    } else {
        format!("/threads?{qs}")
    }
}

/// `GET /threads?channel=&status=&offset=`.
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(mut q): PageQuery<ThreadsQuery>,
) -> Result<Response, PageError> {
    q.limit = Some(PAGE);
    let channel = q.channel.clone().filter(|c| !c.is_empty());
    let status = q.status.clone().filter(|s| !s.is_empty());
    let page = routes::threads_page(&state, q).await?;
    // The channels to filter by: those of every thread.
    let channels = page.channels.clone();
    let (c, s) = (channel.as_deref(), status.as_deref());
    let nav = nav(&state, &user, "threads").await;
    let tr = nav.t;
    render(&ThreadsTemplate {
        nav,
        total: page.total,
        statuses: [
            (None, "threads-all"),
            (Some("unanswered"), "threads-unanswered"),
            (Some("answered"), "threads-answered"),
        ]
        .into_iter()
        .map(|(value, label)| Chip {
            label: tr.t(label),
            href: href(c, value, 0),
            active: s == value,
        })
        .collect(),
        channels: channels
            .iter()
            .map(|ch| Chip {
                label: ch.clone(),
                href: href(
                    Some(ch)
                        .filter(|ch| c != Some(ch.as_str()))
                        .map(String::as_str),
                    s,
                    0,
                ),
                active: c == Some(ch.as_str()),
            })
            .collect(),
        prev: if page.offset > 0 {
            href(c, s, page.offset.saturating_sub(PAGE))
        } else {
            String::new()
        },
        next: if page.offset + PAGE < page.total {
            href(c, s, page.offset + PAGE)
        } else {
            String::new()
        },
        threads: page
            .items
            .iter()
            .map(|t| ThreadLine {
                key: segment(&t.key),
                channel: t.channel.clone(),
                people: t
                    .people
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                text: snippet(&t.text, 140),
                last: at_in(&tr, t.last_activity_at),
                messages: t.message_count,
                unanswered: t.unanswered,
            })
            .collect(),
    })
}

/// One message, ready to show.
struct MessageLine {
    id: i64,
    person: Option<i64>,
    author: String,
    handle: String,
    when: String,
    kind: String,
    from_brand: bool,
    text: String,
    reading: String,
    answer: String,
    unanswered: bool,
}

#[derive(Template)]
#[template(path = "thread.html")]
struct ThreadTemplate {
    nav: Nav,
    channel: String,
    key: String,
    started: String,
    last: String,
    status: String,
    answered: bool,
    people: Vec<(i64, String)>,
    messages: Vec<MessageLine>,
}

/// `GET /threads/{key}`: `CHANNEL:ROOT` or the id of a message in it.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let t: ThreadView = routes::find_thread(&state, key).await?;
    let s = &t.summary;
    let nav = nav(&state, &user, "threads").await;
    let tr = nav.t;
    render(&ThreadTemplate {
        nav,
        channel: s.channel.clone(),
        key: s.key.clone(),
        started: at_in(&tr, s.started_at),
        last: at_in(&tr, s.last_activity_at),
        status: match s.unanswered {
            0 => tr.t("thread-all-answered"),
            n => tr.count("thread-waiting", n),
        },
        answered: s.answered,
        people: s.people.iter().map(|p| (p.id.0, p.name.clone())).collect(),
        messages: t
            .messages
            .iter()
            .map(|m| MessageLine {
                id: m.id.0,
                person: m.person.map(|p| p.0),
                author: m.author.clone(),
                handle: if m.handle.is_empty() {
                    String::new()
                } else {
                    rapport_core::at_handle(&s.channel, &m.handle)
                },
                when: at_in(&tr, m.created_at),
                kind: tr.word("kind", m.kind.as_str()),
                from_brand: m.from_brand,
                text: m.text.clone(),
                reading: reading(&tr, m.analysis.as_ref()),
                answer: m.answered_at.map_or(String::new(), |a| {
                    tr.t1("answered-at", "when", at_in(&tr, a))
                }),
                unanswered: m.unanswered,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_keys_survive_as_one_path_segment() {
        assert_eq!(segment("instagram:c1"), "instagram:c1");
        assert_eq!(
            segment("bluesky:at://did:plc:x/app.bsky.feed.post/3k"),
            "bluesky:at:%2F%2Fdid:plc:x%2Fapp.bsky.feed.post%2F3k"
        );
    }
}
