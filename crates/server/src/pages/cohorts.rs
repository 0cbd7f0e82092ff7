//! Cohorts: the five people to cultivate now.

use super::view::at;
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::state::{blocking, AppState};
use crate::ApiError;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_engine::views::cohorts::CohortView;
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
    /// Why this person.
    why: String,
    /// Their unanswered question, to answer first (0: none).
    question: i64,
    /// Still being cultivated: the marks apply.
    open: bool,
}

/// An earlier cohort in one line.
struct PastLine {
    id: i64,
    planned: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "cohorts.html")]
struct CohortsTemplate {
    nav: Nav,
    cohort: String,
    /// The cohort shown.
    cohort_id: i64,
    members: Vec<MemberLine>,
    /// `2 of 5 contacted · 1 replied · 1 moved up · 0 given up`.
    summary: String,
    past: Vec<PastLine>,
    flash: &'static str,
}

/// `?done=MARK` after a mark.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CohortsQuery {
    done: Option<String>,
}

fn summary(c: &CohortView) -> String {
    let n = c.members.len();
    format!(
        "{} of {n} contacted · {} replied · {} moved up · {} given up",
        c.counts.contacted, c.counts.answered, c.counts.moved_up, c.counts.given_up
    )
}

pub(super) fn handle(p: Option<&PersonSummary>) -> String {
    p.and_then(|p| p.identities.first())
        .map(|i| format!("{}:{}", i.channel, i.handle))
        .unwrap_or_default()
}

/// `GET /cohorts`: the current (oldest open, else the newest) cohort.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Query(q): axum::extract::Query<CohortsQuery>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let all = blocking(move || Ok::<_, ApiError>(engine.cohorts()?)).await?;
    let current: Option<&CohortView> = all
        .cohorts
        .iter()
        .rev()
        .find(|c| c.open)
        .or(all.cohorts.last());
    render(&CohortsTemplate {
        flash: match q.done.as_deref() {
            Some("contacted") => "Marked contacted.",
            Some("replied") => "Marked replied.",
            Some("moved_up") => "Marked moved up.",
            Some("given_up") => "Given up on — the cohort goes on without them.",
            _ => "",
        },
        cohort_id: current.map_or(0, |c| c.id),
        summary: current.map(summary).unwrap_or_default(),
        past: all
            .cohorts
            .iter()
            .filter(|c| Some(c.id) != current.map(|x| x.id))
            .map(|c| PastLine {
                id: c.id,
                planned: at(c.planned_at),
                summary: format!("{}{}", summary(c), if c.open { "" } else { " — graduated" }),
            })
            .collect(),
        nav: nav(&state, &user, "cohorts").await,
        cohort: current.map_or(String::new(), |c| {
            format!(
                "#{} planned {}{}",
                c.id,
                at(c.planned_at),
                if c.open { "" } else { " (graduated)" }
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
                step: m.step,
                why: m.why.clone(),
                question: m.question.filter(|_| m.question_open).map_or(0, |q| q.0),
                open: m.status.is_open(),
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

/// `POST /cohorts/{id}/members/{person}/{mark}`: contacted, replied,
/// moved up or given up, back to the page.
pub async fn mark(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path((id, person, mark)): axum::extract::Path<(i64, i64, String)>,
) -> Result<Response, PageError> {
    crate::routes::mark_member(&state, &user, id, person.to_string(), mark.clone()).await?;
    Ok(Redirect::to(&format!("/cohorts?done={mark}")).into_response())
}
