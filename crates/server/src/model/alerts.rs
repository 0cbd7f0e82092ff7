//! Alerts and follow-up tasks for humans.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The person an alert is about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertPerson {
    /// Person id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Their stage now.
    pub stage: String,
    /// Their labels now.
    pub labels: Vec<String>,
}

/// One alert (as `rapport tasks --json` lists them).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    /// `unanswered`, `new_detractor`, `fan_slipping` or `influencer_mismatch`.
    pub kind: String,
    /// `high`, `medium` or `low`.
    pub severity: String,
    /// Who.
    pub person: AlertPerson,
    /// The interaction it is about, if one.
    pub interaction: Option<i64>,
    /// Since when it is true (RFC 3339).
    pub since: String,
    /// When it should be dealt with by (RFC 3339): the answer target for
    /// unanswered words (1 h for true fans, evangelists and influencers,
    /// 24 h otherwise), the coming slip for a fan, else `since`.
    pub due_at: String,
    /// `due_at` has passed.
    pub overdue: bool,
    /// Why, in one sentence.
    pub reason: String,
}

/// The engine's alerts, in its order (overdue first as of when they were
/// computed, then by severity), with each one's due time in seconds, so
/// requests neither parse times nor copy alerts they do not return.
#[derive(Debug, Default)]
pub struct Alerts {
    items: Vec<Alert>,
    /// Per item: `due_at` in seconds (`i64::MAX` if it does not parse).
    due: Vec<i64>,
    /// Every due time, ascending (for the badge).
    sorted: Vec<i64>,
    /// Per interaction: its alert's due time.
    by_interaction: std::collections::HashMap<i64, i64>,
}

impl Alerts {
    /// The alerts `items`, in the engine's order.
    pub fn new(items: Vec<Alert>) -> Alerts {
        let due: Vec<i64> = items
            .iter()
            .map(|a| rapport_core::Timestamp::parse(&a.due_at).map_or(i64::MAX, |t| t.secs()))
            .collect();
        let by_interaction = items
            .iter()
            .zip(&due)
            .filter_map(|(a, &t)| Some((a.interaction?, t)))
            .collect();
        let mut sorted = due.clone();
        sorted.sort_unstable();
        Alerts {
            items,
            due,
            sorted,
            by_interaction,
        }
    }

    /// Every alert, in the engine's order.
    pub fn items(&self) -> &[Alert] {
        &self.items
    }

    /// The alerts still open (not on an interaction in `closed`), each
    /// with whether it is overdue at `now`: overdue ones first, each part
    /// in the engine's order (time may have made some due since it sorted
    /// them).
    pub fn open<'a>(
        &'a self,
        closed: &'a std::collections::HashSet<i64>,
        now: i64,
    ) -> impl Iterator<Item = (&'a Alert, bool)> + 'a {
        let open = move |n: &usize| {
            self.items[*n]
                .interaction
                .is_none_or(|i| !closed.contains(&i))
        };
        let overdue = (0..self.items.len()).filter(move |&n| self.due[n] <= now);
        let later = (0..self.items.len()).filter(move |&n| self.due[n] > now);
        overdue
            .filter(open)
            .map(move |n| (&self.items[n], true))
            .chain(later.filter(open).map(move |n| (&self.items[n], false)))
    }

    /// How many open alerts are due by `now`, in time independent of how
    /// many alerts there are (the badge on every page).
    pub fn overdue(&self, closed: &std::collections::HashSet<i64>, now: i64) -> usize {
        let due = self.sorted.partition_point(|&t| t <= now);
        let shut = closed
            .iter()
            .filter(|i| self.by_interaction.get(i).is_some_and(|&t| t <= now))
            .count();
        due.saturating_sub(shut)
    }
}

/// Filters for `GET /api/alerts`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertsQuery {
    /// Only alerts whose `due_at` has passed.
    pub due: Option<bool>,
    /// Only this kind.
    pub kind: Option<String>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<usize>,
    /// Skip this many.
    pub offset: Option<usize>,
}

/// `GET /api/alerts`: overdue first, then by severity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertList {
    /// One page of the alerts matching the filters.
    pub items: Vec<Alert>,
    /// How many match the filters in all.
    pub total: usize,
    /// How many of those are overdue.
    pub overdue: usize,
    /// The page size used.
    pub limit: usize,
    /// The offset used.
    pub offset: usize,
}
