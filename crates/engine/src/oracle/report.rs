//! The report: meaningful metrics beside vanity metrics.

use super::Snapshot;
use rapport_core::goal::{self, Goal, Paid};
use rapport_core::ladder::Label;
use rapport_core::recovery;
use rapport_core::report::{self, PeopleFigures, Report, Row};
use rapport_core::trends::{self, Week};
use serde::Serialize;

fn rows(snap: &Snapshot) -> Vec<Row> {
    snap.interactions
        .iter()
        .zip(&snap.answered_at)
        .map(|(i, answered_at)| Row {
            channel: i.channel.clone(),
            kind: i.kind,
            from_brand: i.from_brand,
            at: i.at,
            answered_at: *answered_at,
            signals: i.signals,
        })
        .collect()
}

/// Builds the report over interactions at or after `since`.
pub fn report(snap: &Snapshot, since: Option<i64>) -> Report {
    let rows = rows(snap);
    let count = |l: Label| {
        snap.assessments
            .values()
            .filter(|a| a.labels.contains(&l))
            .count() as u64
    };
    let people = PeopleFigures {
        conversations: snap.conversations(since),
        true_fans: count(Label::TrueFan),
        evangelists: count(Label::Evangelist),
    };
    report::build(&rows, &people, since)
}

/// Detractors and how many recovered.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Detractors {
    /// People labelled `detractor`.
    pub detractors: u64,
    /// Of those, recovered: their latest complaint was answered and their
    /// latest words since are positive or neutral.
    pub recovered: u64,
}

/// The report with the relationship engine's figures beside the contract's.
#[derive(Debug, Clone, Serialize)]
pub struct FullReport {
    /// The contract's report (`meaningful`, `vanity`, `per_channel`, …).
    #[serde(flatten)]
    pub base: Report,
    /// True fans needed for the revenue goal, against true fans now.
    pub goal: Goal,
    /// Detractors and recoveries.
    pub detractors: Detractors,
    /// Per calendar week: answers, first response, fans and evangelists
    /// gained.
    pub weekly: Vec<Week>,
}

/// Builds the full report over interactions at or after `since`.
pub fn full_report(snap: &Snapshot, since: Option<i64>) -> FullReport {
    let base = report(snap, since);
    // Orders grouped by buyer in one pass: a scan of every order per fan
    // would cost fans × orders.
    let mut paid: std::collections::HashMap<rapport_core::PersonId, Vec<Paid>> =
        std::collections::HashMap::new();
    for o in &snap.orders {
        if let Some(p) = o
            .person
            .filter(|_| o.status == "paid" || o.status == "pending")
        {
            paid.entry(p).or_default().push(Paid {
                total: o.total,
                currency: o.currency.clone(),
            });
        }
    }
    let fans: Vec<Vec<Paid>> = snap
        .people
        .iter()
        .filter(|p| {
            snap.assessments
                .get(&p.id)
                .is_some_and(|a| a.labels.contains(&Label::TrueFan))
        })
        .map(|p| paid.remove(&p.id).unwrap_or_default())
        .collect();
    let first = snap.first_at();
    let span_days = (snap.as_of - first).max(0) as f64 / 86_400.0;
    let goal = goal::goal(&snap.profile, &fans, span_days);

    let said = super::recovery::said_by_person(snap, |p| {
        snap.assessments
            .get(&p)
            .is_some_and(|a| a.labels.contains(&Label::Detractor))
    });
    let mut detractors = Detractors {
        detractors: 0,
        recovered: 0,
    };
    for (id, a) in &snap.assessments {
        if a.labels.contains(&Label::Detractor) {
            detractors.detractors += 1;
            let r = said.get(id).and_then(|s| recovery::recovery(s));
            detractors.recovered += u64::from(r.is_some_and(|r| r.recovered));
        }
    }

    let rows = rows(snap);
    let histories: Vec<_> = snap.all_histories().into_values().collect();
    let from = since.unwrap_or(first).max(first);
    let weekly = if snap.interactions.is_empty() {
        Vec::new()
    } else {
        trends::weekly(&rows, &histories, from, snap.as_of)
    };
    FullReport {
        base,
        goal,
        detractors,
        weekly,
    }
}
