//! `rapport cohort plan|show`

use super::{now, Output};
use crate::cli::{CohortAction, CohortArgs};
use crate::user_error;
use crate::views::{self, CohortView, PersonSummary, Snapshot};
use rapport_store::{NewCohortMember, Store};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

#[derive(Serialize)]
pub(crate) struct PlanMember {
    person: Option<PersonSummary>,
    opener: String,
    topic: Option<String>,
    affinity: f64,
    status: rapport_core::cohort::Status,
}

#[derive(Serialize)]
pub(crate) struct PlanOut {
    /// The cohort the members belong to (the newest open one when the
    /// plan returned open cohorts).
    pub(crate) cohort_id: Option<i64>,
    /// A new cohort was planned (false: open ones were returned).
    pub(crate) new: bool,
    pub(crate) members: Vec<PlanMember>,
}

/// Every cohort with fresh progress (stored back).
pub(crate) fn refreshed(
    store: &dyn Store,
    snap: &Snapshot,
    at: i64,
) -> anyhow::Result<Vec<CohortView>> {
    let mut views_out = Vec::new();
    let mut updates = Vec::new();
    for c in store.cohorts()? {
        let (v, u) = views::progress(snap, &c, at);
        views_out.push(v);
        updates.extend(u);
    }
    store.update_cohort_members(&updates)?;
    Ok(views_out)
}

pub fn run(
    store: &dyn Store,
    profile: &Path,
    args: &CohortArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    let snap = Snapshot::load_with(store, profile)?;
    let at = now().max(snap.as_of);
    let cohorts = refreshed(store, &snap, at)?;
    match args.action {
        CohortAction::Plan { size } => {
            if size == 0 {
                return Err(user_error("--size must be at least 1"));
            }
            plan(store, &snap, &cohorts, size, at, out)
        }
        CohortAction::Show => show(&cohorts, out),
    }
}

fn plan(
    store: &dyn Store,
    snap: &Snapshot,
    cohorts: &[CohortView],
    size: usize,
    at: i64,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let result = planned(store, snap, cohorts, size, at)?;
    if out.json {
        out.print_json(&result)?;
        return Ok(ExitCode::SUCCESS);
    }
    if result.members.is_empty() {
        println!("nobody to cultivate yet: no engaged people outside open cohorts who were not answered in the last week");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} #{}",
        if result.new {
            "New cohort"
        } else {
            "Open cohort (still being cultivated; `rapport cohort show` for progress)"
        },
        result.cohort_id.unwrap_or(0)
    );
    for (n, m) in result.members.iter().enumerate() {
        print_member(
            n,
            m.person.as_ref(),
            m.affinity,
            m.status.as_str(),
            &m.opener,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Plans the next `size` people (or returns the open cohort when it holds
/// enough), storing a new cohort.
pub(crate) fn planned(
    store: &dyn Store,
    snap: &Snapshot,
    cohorts: &[CohortView],
    size: usize,
    at: i64,
) -> anyhow::Result<PlanOut> {
    let open: Vec<&views::MemberView> = cohorts
        .iter()
        .filter(|c| c.open)
        .flat_map(|c| c.members.iter().filter(|m| m.status.is_open()))
        .collect();
    let taken: Vec<_> = open.iter().map(|m| m.person_id).collect();
    let picks = if open.len() >= size {
        Vec::new()
    } else {
        views::plan(snap, &taken, at, size - open.len())
    };
    let result = if picks.is_empty() {
        // Enough open already (or nobody new): the open cohort stands.
        PlanOut {
            cohort_id: cohorts.iter().find(|c| c.open).map(|c| c.id),
            new: false,
            members: open
                .iter()
                .map(|m| PlanMember {
                    person: m.person.clone(),
                    opener: m.opener.clone(),
                    topic: m.topic.clone(),
                    affinity: m.affinity,
                    status: m.status,
                })
                .collect(),
        }
    } else {
        let members: Vec<NewCohortMember> = picks
            .iter()
            .map(|p| NewCohortMember {
                person: p.person,
                stage_at_plan: p.stage.as_str().to_string(),
                affinity: p.affinity,
                topic: p.topic.clone(),
                opener: p.opener.clone(),
            })
            .collect();
        let id = store.create_cohort(at, &members)?;
        PlanOut {
            cohort_id: Some(id),
            new: true,
            members: picks
                .into_iter()
                .map(|p| PlanMember {
                    person: views::summary(snap, p.person),
                    opener: p.opener,
                    topic: p.topic,
                    affinity: p.affinity,
                    status: rapport_core::cohort::Status::Planned,
                })
                .collect(),
        }
    };
    Ok(result)
}

fn print_member(n: usize, p: Option<&PersonSummary>, affinity: f64, status: &str, opener: &str) {
    let (name, handle) = p.map_or(("(forgotten)".to_string(), String::new()), |p| {
        (
            p.name.clone(),
            p.identities
                .first()
                .map(|i| format!("{}:{}", i.channel, i.handle))
                .unwrap_or_default(),
        )
    });
    println!(
        "{:>2}. {} ({handle}) — {status}, affinity {affinity:.2}",
        n + 1,
        super::one_line(&name, 30)
    );
    println!("    {opener}");
}

#[derive(Serialize)]
pub(crate) struct ShowOut<'a> {
    pub(crate) cohorts: &'a [CohortView],
}

fn show(cohorts: &[CohortView], out: Output) -> anyhow::Result<ExitCode> {
    if out.json {
        out.print_json(&ShowOut { cohorts })?;
        return Ok(ExitCode::SUCCESS);
    }
    if cohorts.is_empty() {
        println!("no cohorts yet: `rapport cohort plan` picks the first five");
    }
    for c in cohorts {
        println!(
            "Cohort #{} planned {} ({})",
            c.id,
            &c.planned_at[..10.min(c.planned_at.len())],
            if c.open { "open" } else { "done" }
        );
        for (n, m) in c.members.iter().enumerate() {
            print_member(
                n,
                m.person.as_ref(),
                m.affinity,
                m.status.as_str(),
                &m.opener,
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
