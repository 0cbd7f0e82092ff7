//! `rapport cohort plan|show`

use super::Output;
use crate::cli::{CohortAction, CohortArgs};
use crate::user_error;
use rapport_core::zone::Zone;
use rapport_engine::views::cohorts::{CohortPlan, Cohorts};
use rapport_engine::views::people::PersonSummary;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &CohortArgs, out: Output) -> anyhow::Result<ExitCode> {
    match args.action {
        CohortAction::Plan { size } => {
            if size == 0 {
                return Err(user_error("--size must be at least 1"));
            }
            plan(&engine.plan_cohort(size)?, out)
        }
        CohortAction::Show => show(&engine.cohorts()?, engine.profile()?.0.timezone, out),
        CohortAction::Mark {
            cohort,
            ref person,
            ref mark,
        } => {
            if !engine.mark_cohort_member(cohort, person, mark, super::CLI_ACTOR)? {
                return Err(user_error(format!(
                    "{person:?} is not a member of cohort {cohort}"
                )));
            }
            if out.json {
                out.print_json(
                    &serde_json::json!({"cohort": cohort, "person": person, "mark": mark}),
                )?;
            } else {
                println!("cohort {cohort}: {person} {mark}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn plan(result: &CohortPlan, out: Output) -> anyhow::Result<ExitCode> {
    if out.json {
        out.print_json(result)?;
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
            &m.why.to_string(),
            m.question,
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_member(
    n: usize,
    p: Option<&PersonSummary>,
    affinity: f64,
    status: &str,
    opener: &str,
    why: &str,
    question: Option<rapport_core::InteractionId>,
) {
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
    if !why.is_empty() {
        println!("    why: {why}");
    }
    if let Some(q) = question {
        println!("    first: answer their question #{q} (rapport inbox reply {q} …)");
    }
    println!("    {opener}");
}

fn show(all: &Cohorts, zone: Zone, out: Output) -> anyhow::Result<ExitCode> {
    if out.json {
        out.print_json(all)?;
        return Ok(ExitCode::SUCCESS);
    }
    if all.cohorts.is_empty() {
        println!("no cohorts yet: `rapport cohort plan` picks the first five");
    }
    for c in &all.cohorts {
        println!(
            "Cohort #{} planned {} ({})",
            c.id,
            &c.planned_at.local_text(zone)[..10],
            if c.open { "open" } else { "graduated" }
        );
        println!(
            "  {} of {} contacted · {} replied · {} moved up · {} given up",
            c.counts.contacted,
            c.members.len(),
            c.counts.answered,
            c.counts.moved_up,
            c.counts.given_up
        );
        for (n, m) in c.members.iter().enumerate() {
            print_member(
                n,
                m.person.as_ref(),
                m.affinity,
                m.status.as_str(),
                &m.opener,
                &m.why.to_string(),
                m.question.filter(|_| m.question_open),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
