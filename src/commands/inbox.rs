//! `rapport inbox`

use super::{now, Output};
use crate::cli::InboxArgs;
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_store::Store;
use std::process::ExitCode;

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &InboxArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    let snap = Snapshot::load_with(store, profile)?;
    let items = views::inbox(&snap, now().max(snap.as_of), args.limit);
    if out.json {
        out.print_json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    for i in &items {
        println!(
            "[{:>3}] {:<9} @{:<20} {}",
            i.priority,
            i.channel,
            super::one_line(&i.person.handle, 20),
            super::one_line(&i.text, 90)
        );
        println!(
            "      #{} · {} · {}",
            i.id,
            i.person.stage.as_str(),
            i.reasons.join(", ")
        );
    }
    if items.is_empty() {
        println!("inbox zero: every inbound message has an answer");
    }
    Ok(ExitCode::SUCCESS)
}
