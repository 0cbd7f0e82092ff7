//! `rapport people`

use super::Output;
use rapport_engine::views::people::{self, parse_label, parse_stage};
use rapport_engine::Engine;
use rapport_store::views::{PeopleFilter, PeopleSort};
use std::process::ExitCode;

pub fn run(
    engine: &Engine,
    args: &crate::cli::PeopleArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let filter = PeopleFilter {
        stage: args
            .stage
            .as_deref()
            .map(parse_stage)
            .transpose()
            .map_err(super::flagged)?,
        label: args
            .label
            .as_deref()
            .map(parse_label)
            .transpose()
            .map_err(super::flagged)?,
    };
    let limit = args.limit.map_or(u64::MAX, |n| n as u64);
    let list = people::page(engine.store(), &filter, PeopleSort::Closeness, 0, limit)?.items;
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
