//! `rapport people`

use super::Output;
use rapport_engine::views::people::{self, PeopleQuery};
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(
    engine: &Engine,
    args: &crate::cli::PeopleArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let q = PeopleQuery {
        stage: args.stage.clone(),
        label: args.label.clone(),
        sort: args.sort.clone(),
        limit: None,
        offset: None,
    };
    if args.csv {
        super::print_csv(engine, engine.people_csv(&q).map_err(super::flagged)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (filter, sort, _, _) = q.parse().map_err(super::flagged)?;
    let limit = args.limit.map_or(u64::MAX, |n| n as u64);
    let list = people::page(engine.store(), &filter, sort, 0, limit)?.items;
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
            "{:>6}  {} {:<8} {:<28} {}",
            p.id,
            super::column(&p.name, 24),
            p.stage.as_str(),
            labels.join(","),
            handles.join(" ")
        );
        println!(
            "        {}",
            p.evidence
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    if list.is_empty() {
        println!("no people match");
    }
    Ok(ExitCode::SUCCESS)
}
