//! A person's 360° view: who they are, where they stand and why, what
//! they bought, and everything they said, newest first.

use super::view::{bar, words, PersonCard, TimelineLine};
use super::{nav, render, Nav, PageError};
use crate::auth::CurrentUser;
use crate::routes;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

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

#[derive(Template)]
#[template(path = "person.html")]
struct PersonTemplate {
    nav: Nav,
    p: PersonCard,
    scores: Vec<ScoreBar>,
    links: Vec<String>,
    stages: Vec<StageLine>,
    timeline: Vec<TimelineLine>,
}

/// The timeline, newest first (the view keeps storage order).
fn newest_first(history: &[crate::model::TimelineEntry]) -> Vec<TimelineLine> {
    let mut entries: Vec<&crate::model::TimelineEntry> = history.iter().collect();
    // RFC 3339 in UTC sorts as text.
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    entries.into_iter().map(TimelineLine::from).collect()
}

/// `GET /people/{key}`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(key): Path<String>,
) -> Result<Response, PageError> {
    let p = routes::find_person(&state, key).await?;
    let s = &p.scores;
    let unit = |name: &'static str, v: f64| ScoreBar {
        name,
        value: format!("{v:.2}"),
        width: bar(v, 1.0),
    };
    render(&PersonTemplate {
        nav: nav(&state, &user, "ladder").await,
        scores: vec![
            unit("engagement", s.engagement),
            unit("loyalty", s.loyalty),
            unit("advocacy", s.advocacy),
            unit("reach", s.reach),
        ],
        links: p
            .links
            .iter()
            .map(|l| format!("{}: {}", words(&l.reason), l.detail))
            .collect(),
        stages: p
            .stage_history
            .iter()
            .rev()
            .map(|c| StageLine {
                stage: c.stage.clone(),
                since: super::view::when(&c.since),
            })
            .collect(),
        timeline: newest_first(&p.history),
        p: PersonCard::from(&p),
    })
}
