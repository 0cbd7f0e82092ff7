//! `rapport inbox`: the open queue, as the dashboard and `GET /api/inbox`
//! show it (messages the team closed are left out).

use super::Output;
use crate::cli::{InboxArgs, InboxCommand};
use rapport_engine::views::inbox::InboxQuery;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &InboxArgs, out: Output) -> anyhow::Result<ExitCode> {
    match &args.action {
        Some(InboxCommand::Reply {
            id,
            text,
            template,
            key,
        }) => {
            let text = match (text, template) {
                (Some(t), _) => t.clone(),
                (None, Some(name)) => saved(engine, *id)?
                    .into_iter()
                    .find(|r| &r.name == name)
                    .map(|r| r.text)
                    .ok_or_else(|| {
                        crate::user_error(format!(
                            "--template {name:?}: no saved reply of that name (see `rapport inbox templates {id}`)"
                        ))
                    })?,
                (None, None) => return Err(crate::user_error("give the reply's text or --template")),
            };
            return reply(engine, *id, &text, key.as_deref(), out);
        }
        Some(InboxCommand::Templates { id }) => {
            let replies = saved(engine, *id)?;
            if out.json {
                out.print_json(&replies)?;
            } else {
                for r in &replies {
                    println!("{} ({}): {}", r.name, r.language, r.text);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let q = InboxQuery {
        limit: Some(args.limit as u64),
        offset: Some(args.offset),
        assigned: args.assigned.clone(),
        channel: args.channel.clone(),
        language: args.language.clone(),
        intent: args.intent.clone(),
        stage: args.stage.clone(),
        label: args.label.clone(),
        since: args.since.clone(),
        over_target: args.over_target.then_some(true),
        stock: args.stock.clone(),
        post: args.post.clone(),
    };
    if args.csv {
        super::print_csv(engine, engine.inbox_csv(&q, None, None)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let page = engine.inbox(&q, None, None)?;
    if out.json {
        out.print_json(&page.items)?;
        return Ok(ExitCode::SUCCESS);
    }
    for i in &page.items {
        println!(
            "[{:>3}] {:<9} {} {}",
            i.priority,
            i.channel,
            super::column(&rapport_core::at_handle(&i.channel, &i.person.handle), 21),
            super::one_line(&i.text, 90)
        );
        println!(
            "      #{} · {} · {}",
            i.id,
            i.person.stage.as_str(),
            i.reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for g in &page.stock_groups {
        let phrases = if g.count == 1 {
            "stock phrase"
        } else {
            "stock phrases"
        };
        let (under, lists) = match g.post_id.as_deref() {
            Some(post) => (format!("under post {post}"), post),
            None => ("outside any post".to_string(), "\"\""),
        };
        println!(
            "[stock] {:<9} {} {phrases} {under} (`--stock only --post {lists}` lists them)",
            g.channel, g.count,
        );
    }
    // Folded, the stock phrases are not in the total: say both.
    let folded: u64 = page.stock_groups.iter().map(|g| g.count).sum();
    let besides = if folded > 0 {
        format!(", besides the {folded} stock phrases folded above")
    } else {
        String::new()
    };
    if page.items.is_empty() && page.stock_groups.is_empty() {
        let filtered = InboxQuery {
            limit: q.limit,
            offset: q.offset,
            ..InboxQuery::default()
        } != q;
        if page.total == 0 && args.offset == 0 && !filtered {
            println!("inbox zero: every inbound message has an answer");
        } else {
            println!("nothing open matches");
        }
    } else if page.total > args.offset + page.items.len() as u64 {
        println!(
            "({} of {} shown{besides}; --offset {} for the next page)",
            page.items.len(),
            page.total,
            args.offset + page.items.len() as u64
        );
    } else if folded > 0 {
        println!("({} shown{besides})", page.items.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `rapport inbox reply ID TEXT`.
fn reply(
    engine: &Engine,
    id: i64,
    text: &str,
    key: Option<&str>,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let replied = engine
        .reply(rapport_core::InteractionId(id), text, super::CLI_ACTOR, key)?
        .ok_or_else(|| crate::user_error(format!("no message #{id}")))?;
    if out.json {
        out.print_json(&replied)?;
        return Ok(ExitCode::SUCCESS);
    }
    let m = &replied.message;
    match m.state {
        rapport_store::outbox::OutboxState::Recorded => println!(
            "reply #{} recorded: {} is not connected, so post it there yourself; #{id} counts as answered",
            m.id, m.channel
        ),
        _ => println!(
            "reply #{} queued for {}: `rapport outbox run` (or a running server) sends it; #{id} counts as answered",
            m.id, m.channel
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// The saved replies for message `id`.
fn saved(engine: &Engine, id: i64) -> anyhow::Result<Vec<rapport_engine::FilledReply>> {
    engine
        .saved_replies(rapport_core::InteractionId(id))?
        .ok_or_else(|| crate::user_error(format!("no message #{id}")))
}
