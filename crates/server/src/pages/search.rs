//! The search page: people and messages matching the words typed in the
//! header's search box.

use super::view::{at_in, snippet, words};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::routes;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_engine::views::search::{SearchQuery, MAX_LIMIT};
use serde::Deserialize;

/// `?q=WORDS`.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    /// How many messages to show (50 unless asked, at most 200).
    limit: Option<u64>,
}

/// A person found.
struct PersonLine {
    id: i64,
    name: String,
    stage: String,
    labels: Vec<String>,
    identities: String,
}

/// A message found.
struct MessageLine {
    id: i64,
    who: String,
    /// The author's page (none for the shop's own messages).
    person: Option<i64>,
    channel: String,
    when: String,
    text: String,
    /// Inbound and unanswered: it opens in the inbox.
    open: bool,
    from_brand: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    nav: Nav,
    q: String,
    /// Why nothing was searched (too short), if so.
    problem: String,
    people: Vec<PersonLine>,
    messages: Vec<MessageLine>,
    /// How many messages are shown, and of how many when not all.
    message_count: String,
    /// The query string of a larger page, when more messages match than
    /// this one shows and a larger page would show more of them.
    more: String,
}

/// `GET /search?q=`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(p): PageQuery<SearchParams>,
) -> Result<Response, PageError> {
    let q = p.q.trim().to_string();
    let mut t = SearchTemplate {
        nav: nav(&state, &user, "search").await,
        q: q.clone(),
        problem: String::new(),
        people: Vec::new(),
        messages: Vec::new(),
        message_count: String::new(),
        more: String::new(),
    };
    let limit = p.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    if !q.is_empty() {
        match routes::search(
            &state,
            SearchQuery {
                q: q.clone(),
                limit: Some(limit),
            },
        )
        .await
        {
            Ok(found) => {
                t.people = found
                    .people
                    .iter()
                    .map(|h| PersonLine {
                        id: h.id.0,
                        name: h.name.clone(),
                        stage: h.stage.as_str().to_string(),
                        labels: h.labels.iter().map(|l| words(l.as_str())).collect(),
                        identities: h.identities.join(" · "),
                    })
                    .collect();
                let shown = found.messages.len() as u64;
                let total = found.message_total;
                t.message_count = if shown < total {
                    t.nav
                        .t
                        .args("search-shown-of", &[("shown", &shown), ("total", &total)])
                } else {
                    shown.to_string()
                };
                if shown < total && limit < MAX_LIMIT {
                    t.more = serde_urlencoded::to_string([
                        ("q", q.as_str()),
                        ("limit", &MAX_LIMIT.to_string()),
                    ])
                    .unwrap_or_default();
                }
                t.messages = found
                    .messages
                    .iter()
                    .map(|m| MessageLine {
                        id: m.id.0,
                        who: m.name.clone(),
                        person: m.person.map(|p| p.0),
                        channel: m.channel.clone(),
                        when: at_in(&t.nav.t, m.created_at),
                        text: snippet(&m.text, 200),
                        open: !m.from_brand && !m.answered,
                        from_brand: m.from_brand,
                    })
                    .collect();
            }
            Err(crate::ApiError::BadRequest(why)) => t.problem = why,
            Err(e) => return Err(e.into()),
        }
    }
    render(&t)
}
