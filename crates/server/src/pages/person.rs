//! A person's 360° view: who they are, where they stand and why, what
//! they bought, what the shop gave them and asked of them, and
//! everything they said, newest first.

use super::view::{at_in, bar, ledger_sentence, PersonCard, TimelineLine};
use super::{nav, render, Nav, PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::i18n::Tr;
use crate::routes;
use crate::state::AppState;
use crate::ApiError;
use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use rapport_engine::views::person::TimelineEntry;
use rapport_engine::views::touches::TouchKind;
use serde::Deserialize;

/// A score as a bar.
struct ScoreBar {
    name: &'static str,
    value: String,
    width: u32,
}

/// A change of stage.
struct StageLine {
    stage: String,
    since: String,
}

/// One logged touch.
struct TouchLine {
    when: String,
    kind: String,
    giving: bool,
    note: String,
    by: String,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonTemplate {
    nav: Nav,
    p: PersonCard,
    scores: Vec<ScoreBar>,
    links: Vec<String>,
    stages: Vec<StageLine>,
    timeline: Vec<TimelineLine>,
    /// What the shop gave and asked, oldest first.
    touches: Vec<TouchLine>,
    /// `2 given, 1 asked: value first.`
    ledger: String,
    /// The ledger's warning, if any.
    ledger_warning: String,
    /// The kinds the form offers, giving ones first.
    kinds: Vec<&'static str>,
    flash: String,
    /// What the shop sent or queued for them.
    outbox: Vec<super::view::OutboxLine>,
    /// A detractor's way back, in one line (empty: no complaint).
    recovery: String,
    /// Whether they recovered.
    recovered: bool,
}

/// `?done=touch` after the form.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    done: Option<String>,
}

/// The timeline, newest first (the view's is oldest first).
fn newest_first(tr: &Tr, history: &[TimelineEntry]) -> Vec<TimelineLine> {
    let mut entries: Vec<&TimelineEntry> = history.iter().collect();
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    entries
        .into_iter()
        .map(|t| TimelineLine::new(tr, t))
        .collect()
}

/// `GET /people/{key}`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
    PageQuery(q): PageQuery<PersonQuery>,
) -> Result<Response, PageError> {
    let p = routes::find_person(&state, key).await?;
    routes::person_viewed(&state, &user, p.id, "dashboard person page").await?;
    let logged = routes::touches_of(&state, Some(p.id.to_string())).await?;
    let ledger = logged.ledger.unwrap_or_default();
    let sent = routes::outbox_listed(
        &state,
        routes::OutboxQuery {
            person: Some(p.id.0),
            limit: Some(50),
            ..Default::default()
        },
    )
    .await?;
    let nav = nav(&state, &user, "ladder").await;
    let tr = nav.t;
    let s = &p.scores;
    let unit = |name: &'static str, v: f64| ScoreBar {
        name,
        value: tr.decimal(v, 2),
        width: bar(v, 1.0),
    };
    render(&PersonTemplate {
        recovery: p
            .recovery
            .as_ref()
            .map(|r| tr.said(&r.line()))
            .unwrap_or_default(),
        recovered: p.recovery.as_ref().is_some_and(|r| r.recovered),
        outbox: sent
            .messages
            .iter()
            .map(|m| super::view::OutboxLine::new(&tr, m))
            .collect(),
        nav,
        scores: vec![
            unit("engagement", s.engagement),
            unit("loyalty", s.loyalty),
            unit("advocacy", s.advocacy),
            unit("reach", s.reach),
        ],
        links: p
            .links
            .iter()
            .map(|l| format!("{}: {}", tr.word("link", &l.reason), l.detail))
            .collect(),
        stages: p
            .stage_history
            .iter()
            .rev()
            .map(|c| StageLine {
                stage: c.stage.as_str().to_string(),
                since: at_in(&tr, c.since),
            })
            .collect(),
        timeline: newest_first(&tr, &p.history),
        touches: logged
            .touches
            .iter()
            .map(|t| TouchLine {
                when: at_in(&tr, t.at),
                kind: tr.word("touch", t.kind.as_str()),
                giving: t.kind != TouchKind::Ask,
                note: t.note.clone(),
                by: t.by.clone().unwrap_or_default(),
            })
            .collect(),
        ledger: ledger_sentence(&tr, &ledger),
        ledger_warning: ledger.warning.unwrap_or_default(),
        kinds: rapport_core::touch::GIVING
            .iter()
            .copied()
            .chain([rapport_core::touch::ASK])
            .collect(),
        flash: match q.done.as_deref() {
            Some("touch") => tr.t("person-touch-logged"),
            Some("correct") => tr.t("inbox-done-correct"),
            _ => String::new(),
        },
        p: PersonCard::new(&tr, &p),
    })
}

/// The "Log a touch" form.
#[derive(Debug, Deserialize)]
pub struct TouchForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
}

/// `POST /people/{key}/touches` (writers; the form carries the CSRF
/// token): logs a touch, then shows the person again.
pub async fn touch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
    form: Result<Form<TouchForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let t = routes::NewTouch::parse(&f.kind, &f.note, None)?;
    let logged = routes::log_touch(&state, &user, key, t).await?;
    let to = format!("/people/{}?done=touch#touches", logged.touch.person);
    Ok(Redirect::to(&to).into_response())
}

/// A one-click correction of one message's reading.
#[derive(Debug, Deserialize)]
pub struct CorrectForm {
    /// `task:label`.
    #[serde(default)]
    correction: String,
}

/// `POST /people/{key}/correct/{id}` (writers; the form carries the CSRF
/// token): corrects the reading of message `id`, then shows the person
/// again, read the shop's way.
pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((key, id)): Path<(String, i64)>,
    form: Result<Form<CorrectForm>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
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
    let key: String = serde_urlencoded::to_string([("", key.as_str())])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string();
    Ok(Redirect::to(&format!("/people/{key}?done=correct")).into_response())
}

/// The "Forget this person" form: its checkbox must be ticked.
#[derive(Debug, Deserialize)]
pub struct ForgetForm {
    #[serde(default)]
    confirm: String,
}

/// `POST /people/{key}/forget` (admins; the form carries the CSRF token):
/// forgets the person, then shows the ladder.
pub async fn forget(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
    form: Result<Form<ForgetForm>, FormRejection>,
) -> Result<Response, PageError> {
    user.require_admin()?;
    let Form(f) = form.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if f.confirm != "yes" {
        return Err(
            ApiError::BadRequest("confirm: tick the box to forget this person".into()).into(),
        );
    }
    routes::forget_person(&state, &user, key).await?;
    Ok(Redirect::to("/ladder").into_response())
}
