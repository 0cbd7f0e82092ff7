//! `GET /inbox.csv`: the inbox as CSV with the inbox page's own filters
//! (its `keep` query string), so the page's "Download CSV" link exports
//! what the page lists: every item, not one page of it, with the stock
//! phrases left out unless the page shows only them. The people list and
//! the report link to `/api/people.csv` and `/api/report.csv` directly,
//! whose parameters their pages already use.

use super::{PageError, PageQuery};
use crate::auth::CurrentUser;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use rapport_engine::views::inbox::InboxQuery;
use serde::Deserialize;

/// The inbox page's filters as its URL carries them (`new=1`: since the
/// visit before this one, `over=1`: past the answer target; anything
/// else the page keeps, such as its page number, is ignored).
#[derive(Debug, Default, Deserialize)]
pub struct PageFilters {
    channel: Option<String>,
    language: Option<String>,
    intent: Option<String>,
    stage: Option<String>,
    label: Option<String>,
    assigned: Option<String>,
    new: Option<String>,
    over: Option<String>,
    stock: Option<String>,
    post: Option<String>,
}

impl PageFilters {
    /// The inbox query the page runs, without its paging.
    fn query(self) -> InboxQuery {
        let set = |v: Option<String>| v.filter(|v| !v.is_empty());
        InboxQuery {
            limit: None,
            offset: None,
            channel: set(self.channel),
            language: set(self.language),
            intent: set(self.intent),
            stage: set(self.stage),
            label: set(self.label),
            assigned: set(self.assigned),
            since: (self.new.as_deref() == Some("1")).then(|| "last_visit".to_string()),
            over_target: (self.over.as_deref() == Some("1")).then_some(true),
            stock: Some(
                if self.stock.as_deref() == Some("only") {
                    "only"
                } else {
                    "fold"
                }
                .to_string(),
            ),
            post: set(self.post),
        }
    }
}

/// `GET /inbox.csv?…`: the download behind the inbox page's link.
pub async fn inbox(
    State(state): State<AppState>,
    user: CurrentUser,
    PageQuery(f): PageQuery<PageFilters>,
) -> Result<Response, PageError> {
    let export = crate::routes::inbox_export(&state, &user, f.query()).await?;
    Ok(crate::routes::streamed(&state, "inbox", export))
}
