//! The inbox page: the queue, most urgent first, and a side panel with
//! the selected message, its author's context and what to do with it.

use super::view::{at_in, reading, snippet, web_link, ItemRow, PersonCard, TimelineLine};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use crate::model::SnoozeRequest;
use crate::routes;
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use rapport_engine::views::inbox::{self, InboxItem};
use rapport_engine::views::person::PersonView;
use rapport_store::InboxAction;
use serde::Deserialize;

/// Items listed on one page.
const PAGE: u64 = 50;

/// `?item=ID&done=ACTION` and the filters on the inbox page.
#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    item: Option<i64>,
    done: Option<String>,
    /// A saved reply to start the reply from.
    template: Option<String>,
    #[serde(flatten)]
    filters: Filters,
}

/// The queue's filters as the page's URL keeps them.
#[derive(Debug, Default, Clone, Deserialize, serde::Serialize, PartialEq)]
pub struct Filters {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    channel: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    language: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    intent: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    stage: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    label: String,
    /// `me`: only what is assigned to the user.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    assigned: String,
    /// `1`: only what came since the user's visit before this one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    new: String,
    /// `1`: only what is past its answer target.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    over: String,
    /// `only`: the stock phrases (else they are folded per post).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    stock: String,
    /// Only under this post (with `stock=only`: one folded group).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    post: String,
    /// The page, from 1.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    page: String,
}

impl Filters {
    /// The filters as a query string (without the page unless `paged`).
    fn query(&self, paged: bool) -> String {
        let mut f = self.clone();
        if !paged {
            f.page.clear();
        }
        serde_urlencoded::to_string(&f).unwrap_or_default()
    }

    /// Whether any filter is set.
    fn any(&self) -> bool {
        Filters {
            page: String::new(),
            ..self.clone()
        } != Filters::default()
    }

    /// The page asked for, from 1.
    fn page(&self) -> u64 {
        self.page.parse::<u64>().unwrap_or(1).max(1)
    }

    /// The engine's query for page `page`.
    fn engine_query(&self, page: u64) -> inbox::InboxQuery {
        let opt = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
        inbox::InboxQuery {
            limit: Some(PAGE),
            offset: Some((page - 1).saturating_mul(PAGE)),
            assigned: opt(&self.assigned),
            channel: opt(&self.channel),
            language: opt(&self.language),
            intent: opt(&self.intent),
            stage: opt(&self.stage),
            label: opt(&self.label),
            since: (self.new == "1").then(|| "last_visit".to_string()),
            over_target: (self.over == "1").then_some(true),
            stock: Some(if self.stock == "only" { "only" } else { "fold" }.to_string()),
            post: opt(&self.post),
        }
    }
}

/// The filters' choices.
struct Choices {
    channels: Vec<String>,
    languages: Vec<&'static str>,
    intents: Vec<&'static str>,
    stages: Vec<(&'static str, String)>,
    labels: Vec<(&'static str, String)>,
}

/// A folded group of stock phrases, ready to show.
struct StockLine {
    channel: String,
    post: String,
    count: u64,
    sample: Vec<String>,
    /// The link listing them.
    link: String,
}

/// A note shown in the side panel.
struct NoteLine {
    author: String,
    text: String,
    when: String,
}

/// The selected item.
struct Selected {
    id: i64,
    channel: String,
    kind: String,
    handle: String,
    text: String,
    when: String,
    waiting: String,
    reasons: Vec<String>,
    reading: String,
    /// The message on its platform, when it is a web address to link.
    link: String,
    /// The record's URL as text, when it is not one.
    url_text: String,
    assigned: String,
    notes: Vec<NoteLine>,
    closed: bool,
    person: Option<PersonCard>,
    recent: Vec<TimelineLine>,
    /// A sender is connected for its channel.
    connected: bool,
    /// A fresh idempotency key for the reply form: submitting it twice
    /// is one reply.
    key: String,
    /// The replies written to it here, with their states.
    replies: Vec<super::view::OutboxLine>,
    /// The saved replies' names, in its language.
    saved: Vec<String>,
    /// The reply form's starting words (a saved reply picked).
    draft: String,
    /// What the team did with it, oldest first.
    history: Vec<NoteLine>,
    /// Handled or snoozed (not answered): it can come back to the queue.
    reopenable: bool,
    /// One-click corrections of its reading: (`task:label`, shown).
    corrections: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxTemplate {
    nav: Nav,
    items: Vec<ItemRow>,
    total: u64,
    selected: Option<Selected>,
    flash: String,
    users: Vec<String>,
    filters: Filters,
    /// The filters as a query string, for links that keep them.
    keep: String,
    choices: Choices,
    page: u64,
    pages: u64,
    /// Links to the previous and next pages (empty: none).
    prev: String,
    next: String,
    stock: Vec<StockLine>,
    /// Stock phrases folded, in all.
    stock_total: u64,
    /// When the user's visit before this one was (empty: never).
    last_visit: String,
}

fn selected(tr: &Tr, item: &InboxItem, person: Option<&PersonView>, connected: bool) -> Selected {
    let state = item.state.clone();
    let url = item.url.as_deref().filter(|u| !u.is_empty());
    Selected {
        id: item.id.0,
        channel: item.channel.clone(),
        kind: item.kind.as_str().to_string(),
        handle: rapport_core::at_handle(&item.channel, &item.person.handle),
        text: item.text.clone(),
        when: at_in(tr, item.created_at),
        waiting: tr.ago(item.waiting_minutes),
        reasons: tr.said_all(&item.reasons),
        reading: reading(tr, item.analysis.as_ref()),
        link: url.and_then(web_link).unwrap_or_default().to_string(),
        url_text: url
            .filter(|u| web_link(u).is_none())
            .map(|u| snippet(u, 80))
            .unwrap_or_default(),
        assigned: state
            .as_ref()
            .and_then(|s| s.assigned_to.clone())
            .unwrap_or_default(),
        notes: state
            .as_ref()
            .map(|s| {
                s.notes
                    .iter()
                    .map(|n| NoteLine {
                        author: n.author.clone(),
                        text: n.text.clone(),
                        when: at_in(tr, n.created_at),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        closed: state.as_ref().is_some_and(|s| s.closed),
        person: person.map(|p| PersonCard::new(tr, p)),
        recent: person
            .map(|p| {
                let mut earlier: Vec<_> = p.history.iter().filter(|t| t.id != item.id).collect();
                earlier.sort_by_key(|t| std::cmp::Reverse(t.created_at));
                earlier
                    .into_iter()
                    .take(6)
                    .map(|t| TimelineLine::new(tr, t))
                    .collect()
            })
            .unwrap_or_default(),
        connected,
        key: rapport_engine::outbox::fresh_key(),
        replies: Vec::new(),
        saved: Vec::new(),
        draft: String::new(),
        history: Vec::new(),
        reopenable: state
            .as_ref()
            .is_some_and(|s| s.closed && (s.handled_at.is_some() || s.snoozed_until.is_some()))
            && !item
                .reasons
                .iter()
                .any(|r| matches!(r, rapport_core::Said::AnsweredAfter { .. })),
        corrections: super::view::corrections(tr, item.analysis.as_ref()),
    }
}

/// `GET /`: the inbox.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(q): PageQuery<InboxQuery>,
) -> Result<Response, PageError> {
    let filters = q.filters;
    let page = filters.page();
    // A look at the inbox counts toward "new since my last visit".
    let store = state.store.clone();
    let me = user.user.id;
    let last_visit = blocking(move || Ok::<_, ApiError>(store.inbox_visit(me, now())?)).await?;
    let queue = routes::queue(&state, &user, filters.engine_query(page)).await?;
    let chosen = match q.item {
        Some(id) => match queue.items.iter().find(|i| i.id.0 == id) {
            Some(i) => Some(i.clone()),
            None => routes::inbox_item(&state, id).await.ok(),
        },
        None => queue.items.first().cloned(),
    };
    let person = match &chosen {
        Some(i) => routes::find_person(&state, i.person.id.to_string())
            .await
            .ok(),
        None => None,
    };
    let store = state.store.clone();
    let (users, channels) =
        blocking(move || Ok::<_, ApiError>((store.users()?, store.channels()?))).await?;
    let sel_id = chosen.as_ref().map(|i| i.id);
    let nav = nav(&state, &user, "inbox").await;
    let tr = nav.t;
    let flash = match q.done.as_deref() {
        Some(
            done @ ("reply" | "sent" | "handled" | "stock" | "snooze" | "assign" | "note"
            | "reopen" | "correct"),
        ) => tr.t(&format!("inbox-done-{done}")),
        _ => String::new(),
    };
    let replies = match &chosen {
        Some(i) => routes::outbox_listed(
            &state,
            routes::OutboxQuery {
                parent: Some(i.id.0),
                limit: Some(20),
                ..Default::default()
            },
        )
        .await?
        .messages
        .iter()
        .map(|m| super::view::OutboxLine::new(&tr, m))
        .collect(),
        None => Vec::new(),
    };
    let saved = match &chosen {
        Some(i) if !i.state.as_ref().is_some_and(|s| s.closed) => {
            routes::saved_replies(&state, i.id.0).await?
        }
        _ => Vec::new(),
    };
    let history = match &chosen {
        Some(i) => routes::item_history(&state, i.id.0)
            .await?
            .into_iter()
            .map(|h| NoteLine {
                author: h.actor,
                text: tr.said(&h.what),
                when: at_in(&tr, h.at),
            })
            .collect(),
        None => Vec::new(),
    };
    let draft = q
        .template
        .as_deref()
        .and_then(|t| saved.iter().find(|r| r.name == t))
        .map(|r| r.text.clone())
        .unwrap_or_default();
    let keep = filters.query(false);
    let pages = queue.total.div_ceil(PAGE).max(1);
    let at_page = |n: u64| {
        let f = Filters {
            page: n.to_string(),
            ..filters.clone()
        };
        format!("/?{}", f.query(true))
    };
    let stock: Vec<StockLine> = queue
        .stock_groups
        .iter()
        .map(|g| {
            let f = Filters {
                channel: g.channel.clone(),
                stock: "only".into(),
                post: g.post_id.clone().unwrap_or_default(),
                ..Filters::default()
            };
            StockLine {
                channel: g.channel.clone(),
                post: g.post_id.clone().unwrap_or_default(),
                count: g.count,
                sample: g.sample.iter().map(|t| snippet(t, 60)).collect(),
                link: format!("/?{}", f.query(false)),
            }
        })
        .collect();
    render(&InboxTemplate {
        nav,
        total: queue.total,
        items: queue
            .items
            .iter()
            .map(|i| ItemRow::new(&tr, i, Some(i.id) == sel_id))
            .collect(),
        selected: chosen.as_ref().map(|i| {
            let connected = state.engine.senders().get(&i.channel).is_some();
            Selected {
                replies,
                history,
                saved: saved.iter().map(|r| r.name.clone()).collect(),
                draft,
                ..selected(&tr, i, person.as_ref(), connected)
            }
        }),
        flash,
        users: users.into_iter().map(|u| u.email).collect(),
        prev: if page > 1 {
            at_page(page - 1)
        } else {
            String::new()
        },
        next: if page < pages {
            at_page(page + 1)
        } else {
            String::new()
        },
        page,
        pages,
        stock_total: stock.iter().map(|g| g.count).sum(),
        stock,
        last_visit: last_visit
            .map(|t| at_in(&tr, rapport_core::Timestamp(t)))
            .unwrap_or_default(),
        choices: Choices {
            channels,
            languages: vec!["en", "de", "th"],
            intents: vec!["question", "complaint", "praise", "recommendation"],
            stages: [
                "stranger", "follower", "engaged", "customer", "fan", "true_fan",
            ]
            .into_iter()
            .map(|v| (v, super::view::words(v)))
            .collect(),
            labels: [
                "true_fan",
                "evangelist",
                "influencer",
                "detractor",
                "box_ticker",
            ]
            .into_iter()
            .map(|v| (v, super::view::words(v)))
            .collect(),
        },
        keep,
        filters,
    })
}

/// `POST /inbox/stock/handled`: marks every open stock phrase under one
/// post handled (the folded group's button).
pub async fn stock_handled(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Result<Form<StockForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let engine = state.engine.clone();
    let post = Some(f.post).filter(|p| !p.is_empty());
    let ids =
        blocking(move || Ok::<_, ApiError>(engine.stock_ids(&f.channel, post.as_deref())?)).await?;
    for id in ids {
        routes::act(&state, &user, id.0, InboxAction::Handled).await?;
    }
    Ok(Redirect::to(&format!("/?{}", back(&f.back, "stock"))).into_response())
}

/// The folded group's form.
#[derive(Debug, Deserialize)]
pub struct StockForm {
    channel: String,
    #[serde(default)]
    post: String,
    #[serde(default)]
    back: String,
}

/// The query string to go back to after an action: the filters the page
/// had (only those: the text comes from a form) and `done`.
fn back(raw: &str, done: &str) -> String {
    let mut f: Filters = serde_urlencoded::from_str(raw).unwrap_or_default();
    f.page.clear();
    let keep = f.query(false);
    if keep.is_empty() {
        format!("done={done}")
    } else {
        format!("{keep}&done={done}")
    }
}

/// The side panel's forms.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    minutes: Option<i64>,
    #[serde(default)]
    to: String,
    #[serde(default)]
    key: String,
    /// A one-click correction, `task:label`.
    #[serde(default)]
    correction: String,
    /// The page's filters, to return to.
    #[serde(default)]
    back: String,
}

/// `POST /inbox/{id}/{action}`: reply, handled, snooze, assign, note or
/// correct (the reading).
pub async fn action(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, action)): Path<(i64, String)>,
    form: Result<Form<ActionForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if action == "reply" {
        let key = Some(f.key).filter(|k| !k.is_empty());
        let replied = routes::send_reply(&state, &user, id, f.text, key).await?;
        let done = match replied.message.state {
            rapport_store::outbox::OutboxState::Recorded => "reply",
            _ => "sent",
        };
        return Ok(Redirect::to(&format!("/?{}", back(&f.back, done))).into_response());
    }
    if action == "correct" {
        let (task, label) = f
            .correction
            .split_once(':')
            .ok_or_else(|| ApiError::BadRequest(format!("{:?} is not task:label", f.correction)))?;
        let body = crate::model::CorrectionRequest {
            task: task.to_string(),
            label: label.to_string(),
        };
        routes::correction_made(
            &state,
            &user,
            id,
            body,
            rapport_store::CorrectionSource::Dashboard,
        )
        .await?;
        return Ok(
            Redirect::to(&format!("/?item={id}&{}", back(&f.back, "correct"))).into_response(),
        );
    }
    let act = match action.as_str() {
        "handled" => InboxAction::Handled,
        "reopen" => InboxAction::Reopen,
        "note" => InboxAction::Note(f.text),
        "assign" => InboxAction::Assign(Some(f.to).filter(|t| !t.is_empty())),
        "snooze" => InboxAction::Snooze(routes::snooze_until(
            &SnoozeRequest {
                until: None,
                minutes: f.minutes,
            },
            now(),
        )?),
        other => {
            return Err(ApiError::NotFound {
                code: "not_found",
                message: format!("no inbox action {other:?}"),
            }
            .into())
        }
    };
    routes::act(&state, &user, id, act).await?;
    // Leaving the queue moves on to the next message; the others stay.
    let to = match action.as_str() {
        "assign" | "note" | "reopen" => format!("/?item={id}&{}", back(&f.back, &action)),
        _ => format!("/?{}", back(&f.back, &action)),
    };
    Ok(Redirect::to(&to).into_response())
}
