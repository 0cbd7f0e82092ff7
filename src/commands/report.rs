//! `rapport report`

use super::Output;
use crate::cli::ReportArgs;
use anyhow::Context;
use rapport_engine::Engine;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &ReportArgs, out: Output) -> anyhow::Result<ExitCode> {
    if args.csv {
        let csv = engine.report_csv(&args.since).map_err(super::flagged)?;
        std::io::Write::write_all(&mut std::io::stdout().lock(), &csv)?;
        return Ok(ExitCode::SUCCESS);
    }
    let full = engine.report(&args.since).map_err(super::flagged)?;
    if let Some(path) = &args.html {
        let (profile, _) = engine.profile()?;
        std::fs::write(path, crate::report_html::render(&full, &profile.name))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if out.json {
        out.print_json(&full)?;
        return Ok(ExitCode::SUCCESS);
    }
    let r = &full.base;
    let m = &r.meaningful;
    let mins = |x: Option<f64>| x.map_or("—".to_string(), |v| format!("{v:.0} min"));
    println!(
        "Meaningful ({})",
        r.since
            .as_deref()
            .map_or("all time".to_string(), |s| format!("since {s}"))
    );
    println!("  inbound            {}", m.inbound);
    println!(
        "  answered           {} ({:.0}%)",
        m.answered,
        m.answered_share * 100.0
    );
    println!(
        "  first response     median {}, p90 {}",
        mins(m.median_first_response_minutes),
        mins(m.p90_first_response_minutes)
    );
    println!("  conversations      {}", m.conversations);
    println!(
        "  specific / generic {} / {}",
        m.specific_comments, m.generic_comments
    );
    println!("  recommendations    {}", m.recommendations);
    println!("  true fans          {}", m.true_fans);
    println!("  evangelists        {}", m.evangelists);
    let g = &full.goal;
    println!(
        "  true fans needed   {} for {:.0} {} a year{}",
        g.true_fans_needed
            .map_or("—".to_string(), |n| n.to_string()),
        g.revenue_goal,
        g.currency,
        g.average_true_fan_yearly_value
            .map_or(String::new(), |a| format!(
                " (one is worth {a:.0} {} a year; {} now)",
                g.currency, g.true_fans_now
            ))
    );
    println!(
        "  detractors         {} ({} recovered)",
        full.detractors.detractors, full.detractors.recovered
    );
    let t = &full.answer_targets;
    println!("Answer targets: {}", t.rule);
    println!("  past target now    {}", t.past_target);
    for p in &t.most_urgent {
        println!(
            "    #{} {} {} on {}: {}",
            p.id,
            super::one_line(&p.name, 30),
            rapport_core::at_handle(&p.channel, &p.handle),
            p.channel,
            p.words
        );
    }
    println!("Per week (UTC)      inbound answered median  fans+ evang+");
    for w in &full.weekly {
        println!(
            "  {}        {:>5}   {:>4.0}%  {:>8} {:>4} {:>5}",
            &w.week_start[..10.min(w.week_start.len())],
            w.inbound,
            w.answered_share * 100.0,
            mins(w.median_first_response_minutes),
            w.fans_gained,
            w.evangelists_gained
        );
    }
    println!("Vanity");
    println!(
        "  followers {} · likes {} · comments {}",
        r.vanity.followers, r.vanity.likes, r.vanity.comments
    );
    println!("Per channel");
    for (ch, f) in &r.per_channel {
        println!(
            "  {:<10} inbound {:>5}  answered {:>3.0}%  median {:>8}  likes {:>6}",
            ch,
            f.meaningful.inbound,
            f.meaningful.answered_share * 100.0,
            mins(f.meaningful.median_first_response_minutes),
            f.vanity.likes
        );
    }
    Ok(ExitCode::SUCCESS)
}
