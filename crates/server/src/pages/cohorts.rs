//! Cohorts: the five people to cultivate now.

use super::view::at_in;
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::i18n::Tr;
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
    flash: String,
}

/// `?done=MARK` after a mark.
#[derive(Debug, Default, serde::Deserialize)]
pub struct CohortsQuery {
    done: Option<String>,
}

fn summary(tr: &Tr, c: &CohortView) -> String {
    tr.args(
        "cohort-summary",
        &[
            ("contacted", &c.counts.contacted),
            ("n", &c.members.len()),
            ("replied", &c.counts.answered),
            ("moved", &c.counts.moved_up),
            ("given", &c.counts.given_up),
        ],
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
    PageQuery(q): PageQuery<CohortsQuery>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let all = blocking(move || Ok::<_, ApiError>(engine.cohorts()?)).await?;
    let current: Option<&CohortView> = all
        .cohorts
        .iter()
        .rev()
        .find(|c| c.open)
        .or(all.cohorts.last());
    let nav = nav(&state, &user, "cohorts").await;
    let tr = nav.t;
    render(&CohortsTemplate {
        flash: match q.done.as_deref() {
            Some(done @ ("contacted" | "replied" | "moved_up" | "given_up")) => {
                tr.t(&format!("cohort-done-{done}"))
            }
            _ => String::new(),
        },
        cohort_id: current.map_or(0, |c| c.id),
        summary: current.map(|c| summary(&tr, c)).unwrap_or_default(),
        past: all
            .cohorts
            .iter()
            .filter(|c| Some(c.id) != current.map(|x| x.id))
            .map(|c| PastLine {
                id: c.id,
                planned: at_in(&tr, c.planned_at),
                summary: if c.open {
                    summary(&tr, c)
                } else {
                    tr.t1("cohort-past-graduated", "summary", summary(&tr, c))
                },
            })
            .collect(),
        cohort: current.map_or(String::new(), |c| {
            tr.t2(
                if c.open {
                    "cohort-heading"
                } else {
                    "cohort-heading-graduated"
                },
                "id",
                c.id,
                "when",
                at_in(&tr, c.planned_at),
            )
        }),
        nav,
        members: current
            .map(|c| c.members.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|m| MemberLine {
                id: m.person_id.0,
                name: m
                    .person
                    .as_ref()
                    .map_or_else(|| tr.t("cohort-forgotten"), |p| p.name.clone()),
                handle: handle(m.person.as_ref()),
                opener: m.opener.clone(),
                topic: m.topic.clone().unwrap_or_default(),
                status: tr.word("cohort-status", m.status.as_str()),
                step: m.step,
                why: tr.said(&m.why),
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
