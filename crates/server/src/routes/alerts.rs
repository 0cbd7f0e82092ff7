//! `GET /api/alerts`: alerts and follow-up tasks for humans, as
//! `rapport tasks --json` lists them, without what the team already
//! closed (a recorded reply, "handled", a snooze still running).

use super::ApiQuery;
use crate::model::{Alert, AlertList, AlertsQuery, ErrorBody};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
use rapport_core::Timestamp;
use std::collections::HashSet;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The kinds an alert can be.
const KINDS: &[&str] = &[
    "unanswered",
    "new_detractor",
    "fan_slipping",
    "influencer_mismatch",
];

/// The open alerts, `overdue` judged now, overdue first.
pub(crate) async fn open(state: &AppState) -> Result<Vec<Alert>, ApiError> {
    let (engine, store) = (state.engine.clone(), state.store.clone());
    blocking(move || {
        let all = engine.alerts()?;
        let now = now();
        let closed: HashSet<i64> = store
            .inbox_states()?
            .into_iter()
            .filter(|s| s.is_closed(now))
            .map(|s| s.interaction.0)
            .collect();
        let mut open: Vec<Alert> = all
            .iter()
            .filter(|a| a.interaction.is_none_or(|i| !closed.contains(&i)))
            .cloned()
            .map(|mut a| {
                a.overdue = Timestamp::parse(&a.due_at).is_ok_and(|t| t.secs() <= now);
                a
            })
            .collect();
        // Time may have made some due since the engine sorted them.
        open.sort_by_key(|a| !a.overdue);
        Ok(open)
    })
    .await
}

/// How many open alerts are overdue (the dashboard's badge): counted
/// over the alerts the engine has ready, without copying them; 0 while
/// they are still being computed, so no page waits for the badge.
pub(crate) async fn overdue(state: &AppState) -> Result<usize, ApiError> {
    let (engine, store) = (state.engine.clone(), state.store.clone());
    blocking(move || {
        let now = now();
        let closed: HashSet<i64> = store
            .inbox_states()?
            .into_iter()
            .filter(|s| s.is_closed(now))
            .map(|s| s.interaction.0)
            .collect();
        Ok(engine.overdue_alerts(&closed, now).unwrap_or(0))
    })
    .await
}

/// Alerts: unanswered questions and complaints (due 1 h after arrival for
/// true fans, evangelists and influencers, 24 h for others), new
/// detractors, fans slipping down the ladder, influencers whose audience
/// is about something else. Overdue first, then by severity.
#[utoipa::path(get, path = "/api/alerts", tag = "alerts", params(AlertsQuery),
    responses((status = 200, body = AlertList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AlertsQuery>,
) -> Result<Json<AlertList>, ApiError> {
    let kind = q.kind.filter(|k| !k.is_empty());
    if let Some(k) = kind.as_deref().filter(|k| !KINDS.contains(k)) {
        return Err(ApiError::BadRequest(format!(
            "kind {k:?}: expected one of {}",
            KINDS.join(", ")
        )));
    }
    let items: Vec<Alert> = open(&state)
        .await?
        .into_iter()
        .filter(|a| q.due != Some(true) || a.overdue)
        .filter(|a| kind.as_deref().is_none_or(|k| a.kind == k))
        .collect();
    Ok(Json(AlertList {
        overdue: items.iter().filter(|a| a.overdue).count(),
        items,
    }))
}
