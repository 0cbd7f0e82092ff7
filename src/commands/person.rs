//! `rapport person ID|HANDLE|EMAIL`

use super::Output;
use crate::cli::PersonArgs;
use crate::user_error;
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_store::Store;
use std::process::ExitCode;

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &PersonArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let (profile, _) = super::profile::load(profile)?;
    let id = store.find_person(&args.key)?.ok_or_else(|| {
        user_error(format!(
            "no person matches {:?} (try an id, channel:handle or email)",
            args.key
        ))
    })?;
    let snap = Snapshot::load_with(store, profile)?;
    let view = views::person(&snap, id, store.links(id)?)
        .ok_or_else(|| user_error(format!("no person matches {:?}", args.key)))?;
    if out.json {
        out.print_json(&view)?;
        return Ok(ExitCode::SUCCESS);
    }
    let labels: Vec<&str> = view.labels.iter().map(|l| l.as_str()).collect();
    println!(
        "{} (#{}) — {} {}",
        view.name,
        view.id,
        view.stage.as_str(),
        labels.join(", ")
    );
    for i in &view.identities {
        println!(
            "  {}:{}{}",
            i.channel,
            i.handle,
            i.followers
                .map(|f| format!(" ({f} followers)"))
                .unwrap_or_default()
        );
    }
    for e in &view.emails {
        println!("  {e}");
    }
    for l in &view.links {
        println!("  linked: {} ({})", l.reason, l.detail);
    }
    println!("Why: {}", view.evidence.join("; "));
    if !view.interests.is_empty() {
        println!("Interests: {}", view.interests.join(", "));
    }
    if !view.orders.is_empty() {
        println!("Orders:");
        for o in &view.orders {
            println!(
                "  {} {:.2} {} {}",
                o.order_id, o.total, o.currency, o.status
            );
        }
    }
    if let Some(r) = &view.recovery {
        let day = |s: &str| s[..16.min(s.len())].replace('T', " ");
        let after: Vec<String> = r
            .sentiment_after
            .iter()
            .map(|m| format!("{m:?}").to_lowercase())
            .collect();
        println!(
            "Recovery ({} complaints): complained {} → answered {} → resolved {} → after: {} — {}",
            r.complaints,
            day(&r.complaint_at),
            r.answered_at.as_deref().map_or("not yet".into(), day),
            r.resolved_at.as_deref().map_or("not yet".into(), day),
            if after.is_empty() {
                "nothing yet".to_string()
            } else {
                after.join(", ")
            },
            if r.recovered {
                "recovered"
            } else {
                "not recovered"
            }
        );
    }
    println!("Stage history:");
    for s in &view.stage_history {
        println!(
            "  {} {}",
            &s.since[..10.min(s.since.len())],
            s.stage.as_str()
        );
    }
    println!("Timeline:");
    for t in &view.history {
        let who = if t.from_brand { "shop" } else { "them" };
        println!(
            "  {} {:<9} {:<8} {:<4} {}",
            &t.created_at[..16.min(t.created_at.len())],
            t.channel,
            t.kind,
            who,
            super::one_line(&t.text, 80)
        );
    }
    Ok(ExitCode::SUCCESS)
}
