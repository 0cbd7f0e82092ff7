//! `rapport demo`: the bundled demo shop.
//!
//! The demo is generated, not shipped as a file: a fixed seed gives the
//! same people and words every time, and the timeline ends at the current
//! hour so the inbox looks like today's.

use super::{now, Output};
use crate::views::{self, Snapshot};
use anyhow::Context;
use rapport_core::ladder::Label;
use rapport_store::{Outcome, Store};
use serde::Serialize;
use std::process::ExitCode;

/// The demo's seed and size.
pub const SEED: u64 = 7;
/// People in the demo shop.
pub const PEOPLE: usize = 300;
/// Interactions in the demo shop (90 days).
pub const INTERACTIONS: usize = 3_000;

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

/// Loads the demo shop into `store`.
pub fn load(store: &dyn Store) -> anyhow::Result<(u64, u64)> {
    let mut cfg = rapport_generate::Config::new(PEOPLE, INTERACTIONS, SEED);
    cfg.end = now() / 3600 * 3600;
    let (records, _truth) = rapport_generate::records(&cfg);
    let (mut imported, mut duplicates) = (0, 0);
    let mut writer = super::import::Writer::new(store)?;
    for chunk in records.chunks(5_000) {
        for o in writer.write(chunk).context("storing the demo shop")? {
            match o {
                Outcome::Imported => imported += 1,
                Outcome::Duplicate => duplicates += 1,
            }
        }
    }
    crate::scoring::update(store, &rapport_core::profile::Profile::trailwerk())
        .context("judging the demo shop's people")?;
    Ok((imported, duplicates))
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
