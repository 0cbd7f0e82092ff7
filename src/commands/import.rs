//! `rapport import FORMAT PATH...`

use super::Output;
use crate::cli::ImportArgs;
use crate::{analysis, user_error};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rapport_core::Record;
use rapport_ingest::{Format, IngestError, Item};
use rapport_store::{Outcome, Store};
use serde::Serialize;
use std::io::{BufRead, BufReader, Read};
use std::process::ExitCode;

/// One rejected record.
#[derive(Debug, Serialize)]
pub struct Rejection {
    /// The file (`-` for stdin).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// Why.
    pub reason: String,
}

/// What an import did, as CONTRACT prints it.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Newly stored records.
    pub imported: u64,
    /// Records already stored.
    pub duplicates: u64,
    /// Well-formed input that is not an interaction.
    pub skipped: u64,
    /// Records that could not be stored.
    pub rejected: u64,
    /// Where and why.
    pub rejections: Vec<Rejection>,
}

/// Analyzes and stores records in batches.
pub struct Writer<'a> {
    store: &'a dyn Store,
    analyzer: &'a rapport_nlp::Analyzer,
    posts: analysis::Posts,
}

impl<'a> Writer<'a> {
    /// A writer that knows the shop posts already stored.
    pub fn new(store: &'a dyn Store) -> anyhow::Result<Writer<'a>> {
        Ok(Writer {
            store,
            analyzer: super::analyzer()?,
            posts: store.post_texts().context("reading the shop's posts")?,
        })
    }

    /// The store written to.
    pub fn store(&self) -> &'a dyn Store {
        self.store
    }

    /// Analyzes and stores one batch in one transaction.
    pub fn write(&mut self, batch: &[Record]) -> anyhow::Result<Vec<Outcome>> {
        let analyses = analysis::analyze_batch(self.analyzer, batch, &mut self.posts);
        self.store
            .write_batch(batch, &analyses)
            .context("storing a batch")
    }
}

impl Summary {
    fn flush(&mut self, writer: &mut Writer<'_>, batch: &mut Vec<Record>) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        for outcome in writer.write(batch)? {
            match outcome {
                Outcome::Imported => self.imported += 1,
                Outcome::Duplicate => self.duplicates += 1,
            }
        }
        batch.clear();
        Ok(())
    }

    fn reject(&mut self, file: &str, line: usize, reason: String) {
        self.rejected += 1;
        self.rejections.push(Rejection {
            file: file.to_string(),
            line,
            reason,
        });
    }
}

pub fn run(
    store: &dyn Store,
    profile: &std::path::Path,
    args: &ImportArgs,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let format = Format::parse(&args.format).ok_or_else(|| {
        user_error(format!(
            "unknown format {:?}; expected one of: {}",
            args.format,
            Format::NAMES.join(", ")
        ))
    })?;
    // The shop's own accounts: those named with --brand, plus the channel
    // handles of a profile file when there is one (the built-in demo
    // profile's handles are not applied to other shops' data).
    let mut brand = args.brand.clone();
    if let (p, true) = super::profile::load(profile)? {
        for (channel, handle) in p.channels {
            let handle = rapport_core::Handle::parse(&handle)
                .map(|h| h.as_str().to_string())
                .unwrap_or(handle);
            if !brand.iter().any(|(c, h)| *c == channel && *h == handle) {
                brand.push((channel, handle));
            }
        }
    }
    let options = rapport_ingest::Options { brand };
    let batch_size = args.batch_size.max(1);
    let mut summary = Summary::default();
    let mut writer = Writer::new(store)?;
    for path in &args.paths {
        let (source, len): (Box<dyn Read>, Option<u64>) = if path == "-" {
            (Box::new(std::io::stdin()), None)
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| user_error(format!("{path}: cannot open: {e}")))?;
            let len = file.metadata().ok().map(|m| m.len());
            (Box::new(file), len)
        };
        let bar = progress(len, path);
        let reader: Box<dyn BufRead> =
            Box::new(BufReader::with_capacity(1 << 20, bar.wrap_read(source)));
        let items = match format.read(reader, &options) {
            Ok(items) => items,
            Err(IngestError::BadInput { line, reason }) => {
                summary.reject(path, line, reason);
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("reading {path}")),
        };
        let mut batch = Vec::with_capacity(batch_size);
        for item in items {
            match item.with_context(|| format!("reading {path}"))? {
                Item::Record { record, .. } => {
                    batch.push(record);
                    if batch.len() >= batch_size {
                        summary.flush(&mut writer, &mut batch)?;
                    }
                }
                Item::Skipped { .. } => summary.skipped += 1,
                Item::Rejected { line, reason } => summary.reject(path, line, reason),
            }
        }
        summary.flush(&mut writer, &mut batch)?;
        bar.finish_and_clear();
    }
    // Whatever was stored stays stored; the ladder catches up with it.
    super::rescore::update(store, profile)?;
    tracing::info!(
        target: "ingest",
        imported = summary.imported,
        duplicates = summary.duplicates,
        rejected = summary.rejected,
        "import finished"
    );

    if out.json {
        out.print_json(&summary)?;
    } else {
        println!(
            "imported {}, duplicates {}, skipped {}, rejected {}",
            summary.imported, summary.duplicates, summary.skipped, summary.rejected
        );
    }
    if summary.rejected == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    for r in summary.rejections.iter().take(20) {
        eprintln!("error: {}:{}: {}", r.file, r.line, r.reason);
    }
    if summary.rejections.len() > 20 {
        eprintln!(
            "error: … and {} more rejected records",
            summary.rejections.len() - 20
        );
    }
    Ok(ExitCode::from(2))
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
pub fn reanalyze(
    store: &dyn Store,
    profile: &std::path::Path,
    out: Output,
) -> anyhow::Result<ExitCode> {
    let n =
        analysis::reanalyze_all(super::analyzer()?, store).context("re-analyzing stored texts")?;
    super::rescore::update(store, profile)?;
    if out.json {
        out.print_json(&serde_json::json!({ "analyzed": n }))?;
    } else {
        println!("analyzed {n} texts again");
    }
    Ok(ExitCode::SUCCESS)
}
