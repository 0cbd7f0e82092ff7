//! `rapport rescore`: everyone judged again and the verdicts stored.

use super::Output;
use crate::cli::RescoreArgs;
use anyhow::Context;
use rapport_engine::{scoring, Engine};
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &RescoreArgs, out: Output) -> anyhow::Result<ExitCode> {
    let (profile, _) = engine.profile()?;
    let store = engine.store();
    if args.check {
        let c = scoring::check(store, &profile).context("checking the stored verdicts")?;
        let ok = c.differ == 0 && c.orphans == 0 && c.as_of_current;
        if out.json {
            out.print_json(&c)?;
        } else {
            println!(
                "checked {} people: {} differ, {} stored for people who are gone{}",
                c.checked,
                c.differ,
                c.orphans,
                if c.as_of_current {
                    ""
                } else {
                    "; the stored moment is behind"
                }
            );
        }
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let summary = scoring::rescore_all(store, &profile).context("judging everyone again")?;
    if out.json {
        out.print_json(&summary)?;
    } else {
        println!(
            "judged {} people as of {} in {:.1} s",
            summary.judged,
            rapport_core::Timestamp(summary.as_of).local_text(profile.timezone),
            summary.millis as f64 / 1000.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Brings the stored verdicts up to date after a command changed data.
pub fn update(engine: &Engine) -> anyhow::Result<()> {
    let s = engine.update_ladder().context("updating the ladder")?;
    tracing::info!(
        target: "ladder",
        judged = s.judged,
        dropped = s.dropped,
        full = s.full,
        millis = s.millis,
        "ladder updated"
    );
    Ok(())
}
