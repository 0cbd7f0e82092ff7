//! `rapport search WORDS…`: people and messages, as `GET /api/search`
//! finds them.

use super::Output;
use crate::cli::SearchArgs;
use rapport_engine::views::search::SearchQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &SearchArgs, out: Output) -> anyhow::Result<ExitCode> {
    let found = engine.search(&SearchQuery {
        q: args.words.join(" "),
        limit: Some(args.limit),
    })?;
    if out.json {
        out.print_json(&found)?;
        return Ok(ExitCode::SUCCESS);
    }
    let zone = engine.profile()?.0.timezone;
    println!("People ({})", found.people.len());
    for p in &found.people {
        println!(
            "  #{:<6} {} {:<8} {}",
            p.id,
            super::column(&p.name, 28),
            p.stage.as_str(),
            p.identities.join(" ")
        );
    }
    let shown = found.messages.len() as u64;
    if shown < found.message_total {
        println!(
            "Messages ({shown} of {}, the newest stored; --limit up to 200 shows more)",
            found.message_total
        );
    } else {
        println!("Messages ({shown})");
    }
    for m in &found.messages {
        println!(
            "  #{:<6} {} {:<9} {} {}",
            m.id,
            &m.created_at.local_text(zone)[..10],
            m.channel,
            super::column(&m.name, 20),
            super::one_line(&m.text, 80)
        );
    }
    if found.people.is_empty() && found.messages.is_empty() {
        println!("nothing matches {:?}", found.words.join(" "));
    }
    Ok(ExitCode::SUCCESS)
}
