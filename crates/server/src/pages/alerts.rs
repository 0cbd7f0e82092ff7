//! The Alerts page: what needs a person's attention, overdue first —
//! unanswered questions and complaints past their target, new detractors,
//! fans slipping down the ladder, influencers with other interests.

use super::view::{at_in, words};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::i18n::Tr;
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
    /// The alert's key, for the Done / Snooze / Dismiss forms.
    key: String,
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
    /// `?done=1` after a moment was marked done.
    flash: String,
    /// The answer-target rule, in one sentence.
    rule: String,
}

/// `?done=1` after the form.
#[derive(Debug, Default, serde::Deserialize)]
pub struct AlertsQueryPage {
    done: Option<String>,
}

/// `POST /alerts/moments/{id}/done`: marks a moment done, back to the list.
pub async fn moment_done(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Response, PageError> {
    routes::moment_done(&state, &user, id).await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to("/alerts?done=1"),
    ))
}

/// The decision forms: `reason`, and `minutes` for a snooze.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    minutes: Option<i64>,
}

/// `POST /alerts/{key}/{action}`: done, snooze or dismiss, back to the
/// list.
pub async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path((key, action)): axum::extract::Path<(String, String)>,
    form: Result<axum::Form<DecideForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let axum::Form(f) = form.map_err(|e| crate::ApiError::BadRequest(e.body_text()))?;
    let body = crate::model::DecideRequest {
        reason: Some(f.reason).filter(|r| !r.trim().is_empty()),
        minutes: f.minutes,
    };
    let done = match action.as_str() {
        "snooze" => "snooze",
        "dismiss" => "dismiss",
        _ => "1",
    };
    routes::decide_alert(&state, &user, key, action, body).await?;
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&format!("/alerts?done={done}")),
    ))
}

/// Alerts listed on the page, overdue first; the API pages through all.
const SHOWN: u64 = 200;

impl AlertLine {
    fn new(tr: &Tr, a: &Alert) -> Self {
        AlertLine {
            kind: words(a.kind.as_str()),
            severity: a.severity.as_str().to_string(),
            person: a.person.id.0,
            name: a.person.name.clone(),
            stage: a.person.stage.as_str().to_string(),
            labels: a.person.labels.iter().map(|l| words(l.as_str())).collect(),
            interaction: a.interaction.map(|i| i.0),
            since: at_in(tr, a.since),
            due: at_in(tr, a.due_at),
            reason: tr.said(&a.reason),
            key: a.key.clone(),
        }
    }
}

/// `GET /alerts`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(q): PageQuery<AlertsQueryPage>,
) -> Result<Response, PageError> {
    let engine = state.engine.clone();
    let rule = crate::state::blocking(move || {
        Ok::<_, crate::ApiError>(engine.profile()?.0.answer_targets.rule())
    })
    .await?;
    let query = AlertsQuery {
        limit: Some(SHOWN),
        ..AlertsQuery::default()
    };
    let all = routes::open_alerts(&state, query).await?;
    let (overdue, upcoming): (Vec<&Alert>, Vec<&Alert>) = all.items.iter().partition(|a| a.overdue);
    let mut nav = nav(&state, &user, "alerts").await;
    nav.alerts = all.overdue;
    let tr = nav.t;
    let flash = match q.done.as_deref() {
        Some("snooze") => tr.t("alerts-done-snooze"),
        Some("dismiss") => tr.t("alerts-done-dismiss"),
        Some(_) => tr.t("alerts-done-done"),
        None => String::new(),
    };
    let upcoming_total = all.total.saturating_sub(all.overdue);
    render(&AlertsTemplate {
        nav,
        overdue_more: (overdue.len() as u64) < all.overdue,
        upcoming_more: (upcoming.len() as u64) < upcoming_total,
        overdue: overdue
            .into_iter()
            .map(|a| AlertLine::new(&tr, a))
            .collect(),
        upcoming: upcoming
            .into_iter()
            .map(|a| AlertLine::new(&tr, a))
            .collect(),
        overdue_total: all.overdue,
        rule: tr.said(&rule),
        upcoming_total,
        flash,
    })
}
