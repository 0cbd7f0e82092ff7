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
}

#[derive(Template)]
#[template(path = "cohorts.html")]
struct CohortsTemplate {
    nav: Nav,
    cohort: String,
    members: Vec<MemberLine>,
}

pub(super) fn handle(p: Option<&PersonSummary>) -> String {
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
