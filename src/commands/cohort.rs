//! `rapport cohort plan|show`

use super::{now, Output};
use crate::cli::{CohortAction, CohortArgs};
use crate::user_error;
use rapport_engine::snapshot::{planned, refreshed, CohortView, PersonSummary, ShowOut, Snapshot};
use rapport_store::Store;
use std::path::Path;
use std::process::ExitCode;

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

fn show(cohorts: &[CohortView], out: Output) -> anyhow::Result<ExitCode> {
    if out.json {
        out.print_json(&ShowOut {
            cohorts: cohorts.to_vec(),
        })?;
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
