//! `rapport person ID|HANDLE|EMAIL`

use super::Output;
use crate::cli::PersonArgs;
use crate::user_error;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &PersonArgs, out: Output) -> anyhow::Result<ExitCode> {
    let view = engine.person(&args.key)?.ok_or_else(|| {
        user_error(format!(
            "no person matches {:?} (try an id, channel:handle or email)",
            args.key
        ))
    })?;
    engine.viewed(view.id, super::CLI_ACTOR, "rapport person")?;
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
    println!(
        "Why: {}",
        view.evidence
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
    if !view.interests.is_empty() {
        println!("Interests: {}", view.interests.join(", "));
    }
    if !view.orders.is_empty() {
        println!("Orders:");
        for o in &view.orders {
            println!(
                "  {} {:.2} {} {}",
                o.order_id,
                o.total,
                o.currency,
                o.status.as_str()
            );
        }
    }
    if let Some(r) = &view.recovery {
        println!("{}", r.line());
    }
    // Moments on the shop's clock, as the dashboard writes them.
    let zone = engine.profile()?.0.timezone;
    println!("Stage history:");
    for s in &view.stage_history {
        println!("  {} {}", &s.since.local_text(zone)[..10], s.stage.as_str());
    }
    println!("Timeline ({zone}):");
    for t in &view.history {
        let who = if t.from_brand { "shop" } else { "them" };
        println!(
            "  {} {:<9} {:<8} {:<4} {}",
            &t.created_at.local_text(zone)[..16],
            t.channel,
            t.kind.as_str(),
            who,
            super::one_line(&t.text, 80)
        );
    }
    Ok(ExitCode::SUCCESS)
}
