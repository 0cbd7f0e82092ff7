//! `rapport inbox`: the open queue, as the dashboard and `GET /api/inbox`
//! show it (messages the team closed are left out).

use super::Output;
use crate::cli::InboxArgs;
use rapport_engine::views::inbox::InboxQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &InboxArgs, out: Output) -> anyhow::Result<ExitCode> {
    let q = InboxQuery {
        limit: Some(args.limit as u64),
        offset: None,
        assigned: None,
    };
    let page = engine.inbox(&q, None)?;
    if out.json {
        out.print_json(&page.items)?;
        return Ok(ExitCode::SUCCESS);
    }
    for i in &page.items {
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
    if page.items.is_empty() {
        println!("inbox zero: every inbound message has an answer");
    } else if page.total > page.items.len() as u64 {
        println!(
            "({} of {} shown; --limit for more)",
            page.items.len(),
            page.total
        );
    }
    Ok(ExitCode::SUCCESS)
}
