//! Cohorts and influencers: the five people to cultivate now, and who
//! has reach against how well they fit the shop.

use super::view::at;
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_engine::views::cohorts::CohortView;
use rapport_engine::views::influencers::InfluencersQuery;
use rapport_engine::views::people::PersonSummary;

/// One member's line.
struct MemberLine {
    id: i64,
    name: String,
    handle: String,
    opener: String,
    topic: String,
    status: String,
    step: u32,
}

#[derive(Template)]
#[template(path = "cohorts.html")]
struct CohortsTemplate {
    nav: Nav,
    cohort: String,
    members: Vec<MemberLine>,
}

fn handle(p: Option<&PersonSummary>) -> String {
    p.and_then(|p| p.identities.first())
        .map(|i| format!("{}:{}", i.channel, i.handle))
        .unwrap_or_default()
}

/// How far along, in 0..=4 steps.
fn step(status: rapport_core::cohort::Status) -> u32 {
    use rapport_core::cohort::Status;
    match status {
        Status::Planned => 0,
        Status::Contacted => 1,
        Status::Answered => 2,
        Status::MovedUp => 3,
        Status::Graduated => 4,
    }
}

/// `GET /cohorts`: the current (newest open) cohort.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let all = blocking(move || Ok::<_, ApiError>(engine.cohorts()?)).await?;
    let current: Option<&CohortView> = all
        .cohorts
        .iter()
        .rev()
        .find(|c| c.open)
        .or(all.cohorts.last());
    render(&CohortsTemplate {
        nav: nav(&state, &user, "cohorts").await,
        cohort: current.map_or(String::new(), |c| {
            format!(
                "#{} planned {}{}",
                c.id,
                at(c.planned_at),
                if c.open { "" } else { " (done)" }
            )
        }),
        members: current
            .map(|c| c.members.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|m| MemberLine {
                id: m.person_id.0,
                name: m
                    .person
                    .as_ref()
                    .map_or("(forgotten)".to_string(), |p| p.name.clone()),
                handle: handle(m.person.as_ref()),
                opener: m.opener.clone(),
                topic: m.topic.clone().unwrap_or_default(),
                status: m.status.as_str().replace('_', " "),
                step: step(m.status) * 25,
            })
            .collect(),
    })
}

/// `POST /cohorts/plan` (writers; the form carries the CSRF token).
pub async fn plan(
    State(state): State<AppState>,
    _user: CurrentUser,
) -> Result<Response, PageError> {
    crate::routes::plan_size(&state, 5).await?;
    Ok(Redirect::to("/cohorts").into_response())
}

/// One influencer's row and dot.
struct InfluencerLine {
    id: i64,
    name: String,
    handle: String,
    reach: String,
    alignment: String,
    warning: String,
    mismatch: bool,
    /// `2 / 1`: touches that gave, touches that asked.
    given_asked: String,
    /// The value-first ledger's warning, if any.
    touch_warning: String,
    x: u32,
    y: u32,
}

#[derive(Template)]
#[template(path = "influencers.html")]
struct InfluencersTemplate {
    nav: Nav,
    items: Vec<InfluencerLine>,
    threshold_x: u32,
    total: u64,
    /// `41–90`: the places shown.
    shown: String,
    prev: String,
    next: String,
}

/// The influencers page at `offset`.
fn influencers_href(offset: u64) -> String {
    if offset == 0 {
        "/influencers".to_string()
    } else {
        format!("/influencers?offset={offset}")
    }
}

/// Plot area: x from 40 to 340 (alignment), y from 10 to 210 (reach).
fn px(v: f64, from: f64, span: f64) -> u32 {
    (from + v.clamp(0.0, 1.0) * span).round() as u32
}

/// `GET /influencers?offset=`: reach against alignment, 50 at a time.
pub async fn influencers(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<InfluencersQuery>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let q = InfluencersQuery {
        limit: None,
        offset: q.offset,
    };
    let all = blocking(move || Ok::<_, ApiError>(engine.influencers(&q)?)).await?;
    let end = all.offset.saturating_add(all.items.len() as u64);
    render(&InfluencersTemplate {
        nav: nav(&state, &user, "influencers").await,
        total: all.total,
        shown: if all.total > all.items.len() as u64 && !all.items.is_empty() {
            format!("{}–{}", all.offset + 1, end)
        } else {
            String::new()
        },
        prev: if all.offset > 0 {
            influencers_href(all.offset.saturating_sub(all.limit))
        } else {
            String::new()
        },
        next: if end < all.total {
            influencers_href(end)
        } else {
            String::new()
        },
        threshold_x: px(all.misaligned_below, 40.0, 300.0),
        items: all
            .items
            .iter()
            .map(|i| InfluencerLine {
                id: i.person.id.0,
                name: i.person.name.clone(),
                handle: handle(Some(&i.person)),
                reach: format!("{:.2}", i.reach),
                alignment: format!("{:.2}", i.alignment),
                warning: i.warning.clone().unwrap_or_default(),
                mismatch: i.mismatch,
                given_asked: format!("{} / {}", i.touches.given, i.touches.asked),
                touch_warning: i.touches.warning.clone().unwrap_or_default(),
                x: px(i.alignment, 40.0, 300.0),
                y: 210 - px(i.reach, 0.0, 200.0),
            })
            .collect(),
    })
}
