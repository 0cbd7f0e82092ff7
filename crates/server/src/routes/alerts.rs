//! `GET /api/alerts`: alerts and follow-up tasks for humans, as
//! `rapport tasks --json` lists them, without what the team already
//! closed (a recorded reply, "handled", a snooze still running).

use super::ApiQuery;
use crate::model::{Alert, AlertList, AlertsQuery, ErrorBody};
use crate::state::{blocking, now, AppState};
use crate::ApiError;
use axum::extract::State;
use axum::Json;
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

/// A page of the open alerts and what matched in all.
pub(crate) struct OpenAlerts {
    /// The page, `overdue` judged now, overdue first.
    pub items: Vec<Alert>,
    /// Open alerts matching the filter.
    pub total: usize,
    /// Of those, overdue.
    pub overdue: usize,
}

/// The open alerts (less those the team closed), optionally only overdue
/// ones or one kind, paged: only the page is copied.
pub(crate) async fn open(
    state: &AppState,
    due_only: bool,
    kind: Option<String>,
    offset: usize,
    limit: usize,
) -> Result<OpenAlerts, ApiError> {
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
        let mut page = OpenAlerts {
            items: Vec::with_capacity(limit.min(1000)),
            total: 0,
            overdue: 0,
        };
        let matching = all
            .open(&closed, now)
            .filter(|(_, overdue)| !due_only || *overdue)
            .filter(|(a, _)| kind.as_deref().is_none_or(|k| a.kind == k));
        for (a, overdue) in matching {
            if page.total >= offset && page.items.len() < limit {
                let mut a = a.clone();
                a.overdue = overdue;
                page.items.push(a);
            }
            page.total += 1;
            page.overdue += usize::from(overdue);
        }
        Ok(page)
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
    let limit = q.limit.unwrap_or(100).min(1000);
    let offset = q.offset.unwrap_or(0);
    let page = open(&state, q.due == Some(true), kind, offset, limit).await?;
    Ok(Json(AlertList {
        items: page.items,
        total: page.total,
        overdue: page.overdue,
        limit,
        offset,
    }))
}
