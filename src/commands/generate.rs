//! `rapport generate`

use super::Output;
use crate::cli::GenerateArgs;
use crate::user_error;
use anyhow::Context;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the truth file goes: `shop.jsonl` → `shop.truth.jsonl`.
pub fn truth_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".jsonl").unwrap_or(&name);
    out.with_file_name(format!("{stem}.truth.jsonl"))
}

#[derive(Serialize)]
struct Written {
    interactions: u64,
    orders: u64,
    people: u64,
    out: String,
    truth: String,
}

pub fn run(args: &GenerateArgs, out: Output) -> anyhow::Result<ExitCode> {
    if args.people == 0 {
        return Err(user_error("--people must be at least 1"));
    }
    let truth = truth_path(&args.out);
    let create = |p: &Path| {
        std::fs::File::create(p)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| user_error(format!("{}: cannot create: {e}", p.display())))
    };
    let mut data = create(&args.out)?;
    let mut truth_file = create(&truth)?;
    let cfg = rapport_generate::Config::new(args.people, args.interactions, args.seed);
    let stats = rapport_generate::write(&cfg, &mut data, &mut truth_file)
        .with_context(|| format!("writing {}", args.out.display()))?;
    data.flush()
        .with_context(|| format!("writing {}", args.out.display()))?;
    truth_file
        .flush()
        .with_context(|| format!("writing {}", truth.display()))?;
    let written = Written {
        interactions: stats.interactions,
        orders: stats.orders,
        people: stats.people,
        out: args.out.display().to_string(),
        truth: truth.display().to_string(),
    };
    if out.json {
        out.print_json(&written)?;
    } else {
        println!(
            "wrote {} interactions and {} orders of {} people to {} (personas in {})",
            written.interactions, written.orders, written.people, written.out, written.truth
        );
    }
    Ok(ExitCode::SUCCESS)
}
