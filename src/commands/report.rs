//! `rapport report`

use super::{now, Output};
use crate::cli::ReportArgs;
use crate::user_error;
use crate::views::{self, Snapshot};
use rapport_store::Store;
use std::process::ExitCode;

pub fn run(store: &dyn Store, args: &ReportArgs, out: Output) -> anyhow::Result<ExitCode> {
    let snap = Snapshot::load(store)?;
    let since = views::parse_since(&args.since, now().max(snap.as_of)).map_err(user_error)?;
    let r = views::report(&snap, since);
    if out.json {
        out.print_json(&r)?;
        return Ok(ExitCode::SUCCESS);
    }
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
