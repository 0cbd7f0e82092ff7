//! `rapport import FORMAT PATH...` and `rapport reanalyze`.

use super::Output;
use crate::cli::ImportArgs;
use crate::user_error;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rapport_engine::import::{Import, Summary};
use rapport_engine::{profile, Engine};
use std::io::Read;
use std::process::ExitCode;

/// Rejections printed to stderr; the JSON summary lists more.
const PRINTED: usize = 20;

pub fn run(engine: &Engine, args: &ImportArgs, out: Output) -> anyhow::Result<ExitCode> {
    if args.queue {
        return super::worker::queue_import(engine, args, out);
    }
    let format = Engine::format(&args.format)?;
    let (p, from_file) = engine.profile()?;
    let brand = profile::brand_accounts(&p, from_file, &args.brand);
    let mut import = Import::new(engine.store(), p, brand)?.batch_size(args.batch_size);
    let mut result = Ok(());
    for path in &args.paths {
        let (source, len) = match open(path) {
            Ok(opened) => opened,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        let bar = progress(len, path);
        result = import
            .read(format, path, Box::new(bar.wrap_read(source)))
            .with_context(|| format!("importing {path}"));
        bar.finish_and_clear();
        if result.is_err() {
            break;
        }
    }
    // Whatever was stored stays stored; the ladder catches up with it.
    let summary = import.finish().context("updating the ladder")?;
    result?;
    tracing::info!(
        target: "ingest",
        imported = summary.imported,
        duplicates = summary.duplicates,
        rejected = summary.rejected,
        "import finished"
    );
    print_summary(&summary, out)?;
    Ok(if summary.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Prints what an import did: the counts, then (on stderr) the first
/// rejections with file, line and reason.
pub fn print_summary(summary: &Summary, out: Output) -> anyhow::Result<()> {
    if out.json {
        out.print_json(summary)?;
    } else {
        println!(
            "imported {}, duplicates {}, skipped {}, rejected {}",
            summary.imported, summary.duplicates, summary.skipped, summary.rejected
        );
    }
    for r in summary.rejections.iter().take(PRINTED) {
        eprintln!("error: {}:{}: {}", r.file, r.line, r.reason);
    }
    if summary.rejected > PRINTED as u64 {
        eprintln!(
            "error: … and {} more rejected records",
            summary.rejected - PRINTED as u64
        );
    }
    Ok(())
}

/// The file at `path` (`-`: stdin) and its length when known.
fn open(path: &str) -> anyhow::Result<(Box<dyn Read + Send>, Option<u64>)> {
    if path == "-" {
        return Ok((Box::new(std::io::stdin()), None));
    }
    let file =
        std::fs::File::open(path).map_err(|e| user_error(format!("{path}: cannot open: {e}")))?;
    let len = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(file), len))
}

fn progress(len: Option<u64>, path: &str) -> ProgressBar {
    let bar = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_message(path.to_string());
    bar
}

/// `rapport reanalyze`: every stored text through the current models.
pub fn reanalyze(engine: &Engine, out: Output) -> anyhow::Result<ExitCode> {
    let analyzer = rapport_engine::analysis::ShopAnalyzer::load(engine.store())?;
    let n = rapport_engine::analysis::reanalyze_all(&analyzer, engine.store())
        .context("re-analyzing stored texts")?;
    super::rescore::update(engine)?;
    if out.json {
        out.print_json(&serde_json::json!({ "analyzed": n }))?;
    } else {
        println!("analyzed {n} texts again");
    }
    Ok(ExitCode::SUCCESS)
}
