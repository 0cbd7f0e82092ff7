//! `rapport demo`: the bundled demo shop (see [`rapport_engine::demo`]).

use super::{now, Output};
use rapport_core::ladder::Label;
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_store::Store;
use serde::Serialize;
use std::process::ExitCode;

pub use rapport_engine::demo::load;

#[derive(Serialize)]
struct DemoSummary {
    imported: u64,
    duplicates: u64,
    counts: rapport_store::Counts,
    channels: Vec<String>,
    inbox: usize,
    true_fans: usize,
    evangelists: usize,
    answered_share: f64,
}

pub fn run(store: &dyn Store, out: Output) -> anyhow::Result<ExitCode> {
    let (imported, duplicates) = load(store)?;
    let snap = Snapshot::load(store)?;
    let report = views::report(&snap, None);
    let count = |l: Label| {
        snap.assessments
            .values()
            .filter(|a| a.labels.contains(&l))
            .count()
    };
    let summary = DemoSummary {
        imported,
        duplicates,
        counts: store.counts()?,
        channels: report.per_channel.keys().cloned().collect(),
        inbox: views::inbox(&snap, now(), usize::MAX).len(),
        true_fans: count(Label::TrueFan),
        evangelists: count(Label::Evangelist),
        answered_share: report.meaningful.answered_share,
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
