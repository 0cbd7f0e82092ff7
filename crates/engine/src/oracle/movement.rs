//! The ladder over time: people per stage at the end of every week,
//! replayed from their histories ([`rapport_core::replay`]).

use super::Snapshot;
use rapport_core::replay::{self, StageWeek};

/// People per stage per week, from the first stored activity (or `since`,
/// if later) to the latest.
pub fn ladder_weekly(snap: &Snapshot, since: Option<i64>) -> Vec<StageWeek> {
    if snap.interactions.is_empty() && snap.orders.is_empty() {
        return Vec::new();
    }
    let first = snap.first_at();
    let histories: Vec<_> = snap.all_histories().into_values().collect();
    replay::stages_weekly(&histories, since.unwrap_or(first).max(first), snap.as_of)
}
