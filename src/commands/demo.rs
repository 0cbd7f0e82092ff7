//! `rapport demo`: the bundled demo shop (see [`rapport_engine::demo`]).

use super::Output;
use rapport_engine::Engine;
use serde::Serialize;
use std::process::ExitCode;

pub use rapport_engine::demo::load;

#[derive(Serialize)]
struct DemoSummary {
    imported: u64,
    duplicates: u64,
    counts: rapport_store::Counts,
    channels: Vec<String>,
    inbox: u64,
    true_fans: u64,
    evangelists: u64,
    answered_share: f64,
}

pub fn run(engine: &Engine, out: Output) -> anyhow::Result<ExitCode> {
    let (imported, duplicates) = load(engine.store())?;
    let report = engine.report("all")?;
    let inbox = engine.inbox(&Default::default(), None, None)?;
    let summary = DemoSummary {
        imported,
        duplicates,
        counts: engine.store().counts()?,
        channels: report.base.per_channel.keys().cloned().collect(),
        inbox: inbox.total,
        true_fans: report.base.meaningful.true_fans,
        evangelists: report.base.meaningful.evangelists,
        answered_share: report.base.meaningful.answered_share,
    };
    if out.json {
        out.print_json(&summary)?;
        return Ok(ExitCode::SUCCESS);
    }
    let c = summary.counts;
    println!("Demo shop loaded: Trailwerk, a bike and outdoor shop selling in Germany, Thailand and English-speaking markets.");
    println!(
        "  {} people, {} interactions, {} orders on {}",
        c.people,
        c.interactions,
        c.orders,
        summary.channels.join(", ")
    );
    println!(
        "  {} true fans, {} evangelists; {:.0}% of inbound answered; {} waiting in the inbox",
        summary.true_fans,
        summary.evangelists,
        summary.answered_share * 100.0,
        summary.inbox
    );
    println!("Next: rapport inbox · rapport people --label true_fan · rapport report");
    Ok(ExitCode::SUCCESS)
}
