//! `rapport people`

use super::Output;
use crate::cli::PeopleArgs;
use crate::user_error;
use rapport_core::ladder::{Label, Stage};
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_store::Store;
use std::process::ExitCode;

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &PeopleArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    let stage = match &args.stage {
        Some(s) => Some(Stage::parse(s).ok_or_else(|| {
            user_error(format!(
                "--stage {s:?}: expected stranger, follower, casual, engaged or fan"
            ))
        })?),
        None => None,
    };
    let label = match &args.label {
        Some(l) => Some(Label::parse(l).ok_or_else(|| {
            user_error(format!(
                "--label {l:?}: expected true_fan, evangelist, influencer, detractor or box_ticker"
            ))
        })?),
        None => None,
    };
    let snap = Snapshot::load_with(store, profile)?;
    let list = views::people(&snap, stage, label, args.limit);
    if out.json {
        out.print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in &list {
        let handles: Vec<String> = p
            .identities
            .iter()
            .map(|i| format!("{}:{}", i.channel, i.handle))
            .collect();
        let labels: Vec<&str> = p.labels.iter().map(|l| l.as_str()).collect();
        println!(
            "{:>6}  {:<24} {:<8} {:<28} {}",
            p.id,
            super::one_line(&p.name, 24),
            p.stage.as_str(),
            labels.join(","),
            handles.join(" ")
        );
        println!("        {}", p.evidence.join("; "));
    }
    if list.is_empty() {
        println!("no people match");
    }
    Ok(ExitCode::SUCCESS)
}
