//! The Alerts page: what needs a person's attention, overdue first —
//! unanswered questions and complaints past their target, new detractors,
//! fans slipping down the ladder, influencers with other interests.

use super::view::{at, words};
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::routes;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rapport_engine::views::alerts::{Alert, AlertsQuery};

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
    overdue_total: u64,
    upcoming_total: u64,
    /// More are overdue, or due later, than the page lists.
    overdue_more: bool,
    upcoming_more: bool,
}

/// Alerts listed on the page, overdue first; the API pages through all.
const SHOWN: u64 = 200;

impl From<&Alert> for AlertLine {
    fn from(a: &Alert) -> Self {
        AlertLine {
            kind: words(a.kind.as_str()),
            severity: a.severity.as_str().to_string(),
            person: a.person.id.0,
            name: a.person.name.clone(),
            stage: a.person.stage.as_str().to_string(),
            labels: a.person.labels.iter().map(|l| words(l.as_str())).collect(),
            interaction: a.interaction.map(|i| i.0),
            since: at(a.since),
            due: at(a.due_at),
            reason: a.reason.clone(),
        }
    }
}

/// `GET /alerts`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Response, PageError> {
    let q = AlertsQuery {
        limit: Some(SHOWN),
        ..AlertsQuery::default()
    };
    let all = routes::open_alerts(&state, q).await?;
    let (overdue, upcoming): (Vec<&Alert>, Vec<&Alert>) = all.items.iter().partition(|a| a.overdue);
    let mut nav = nav(&state, &user, "alerts").await;
    nav.alerts = all.overdue;
    let upcoming_total = all.total.saturating_sub(all.overdue);
    render(&AlertsTemplate {
        nav,
        overdue_more: (overdue.len() as u64) < all.overdue,
        upcoming_more: (upcoming.len() as u64) < upcoming_total,
        overdue: overdue.into_iter().map(AlertLine::from).collect(),
        upcoming: upcoming.into_iter().map(AlertLine::from).collect(),
        overdue_total: all.overdue,
        upcoming_total,
    })
}
