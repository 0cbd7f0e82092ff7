//! The Alerts page: what needs a person's attention, overdue first —
//! unanswered questions and complaints past their target, new detractors,
//! fans slipping down the ladder, influencers with other interests.

use super::view::{when, words};
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::model::Alert;
use crate::routes;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// One alert, ready to show.
struct AlertLine {
    kind: String,
    severity: String,
    person: i64,
    name: String,
    stage: String,
    labels: Vec<String>,
    interaction: Option<i64>,
    since: String,
    due: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsTemplate {
    nav: Nav,
    overdue: Vec<AlertLine>,
    upcoming: Vec<AlertLine>,
    /// Overdue alerts in all, and those due later.
    overdue_total: usize,
    upcoming_total: usize,
}

/// Alerts listed on the page, overdue first; the API pages through all.
const SHOWN: usize = 200;

impl From<&Alert> for AlertLine {
    fn from(a: &Alert) -> Self {
        AlertLine {
            kind: words(&a.kind),
            severity: a.severity.clone(),
            person: a.person.id,
            name: a.person.name.clone(),
            stage: a.person.stage.clone(),
            labels: a.person.labels.iter().map(|l| words(l)).collect(),
            interaction: a.interaction,
            since: when(&a.since),
            due: when(&a.due_at),
            reason: a.reason.clone(),
        }
    }
}

/// `GET /alerts`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    let all = routes::open_alerts(&state, false, None, 0, SHOWN).await?;
    let (overdue, upcoming): (Vec<&Alert>, Vec<&Alert>) = all.items.iter().partition(|a| a.overdue);
    let mut nav = nav(&state, &user, "alerts").await;
    nav.alerts = all.overdue;
    render(&AlertsTemplate {
        nav,
        overdue: overdue.into_iter().map(AlertLine::from).collect(),
        upcoming: upcoming.into_iter().map(AlertLine::from).collect(),
        overdue_total: all.overdue,
        upcoming_total: all.total - all.overdue,
    })
}
