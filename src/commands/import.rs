//! `rapport import FORMAT PATH...`

use super::Output;
use crate::cli::ImportArgs;
use crate::{analysis, user_error};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rapport_core::Record;
use rapport_ingest::{Format, IngestError, Item};
use rapport_store::Reading;
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
        let readings = analysis::analyze_batch(self.analyzer, batch, &mut self.posts);
        self.store
            .write_batch(batch, &readings)
            .context("storing a batch")
    }
}

impl Summary {
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
    let analyzer = super::analyzer()?;
    let mut posts = store.post_texts().context("reading the shop's posts")?;
    for path in &args.paths {
        let file = File {
            path,
            format,
            options: &options,
            batch_size,
        };
        file.import(store, analyzer, &mut posts, &mut summary)?;
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

/// What the reading thread hands the writing one, in the file's order.
enum Step {
    /// Records, each with its reading.
    Batch(Vec<Record>, Vec<Reading>),
    /// A record the format skips (a duplicate header, an unsupported kind).
    Skipped,
    /// A record refused, with its line and why.
    Rejected(usize, String),
}

/// One input file of an import and how to read it.
struct File<'a> {
    path: &'a str,
    format: Format,
    options: &'a rapport_ingest::Options,
    batch_size: usize,
}

impl File<'_> {
    /// Reads, analyzes and stores the file. Two stages run at once: a
    /// thread parses and analyzes the next batch while this one writes the
    /// last to the store (SQLite writes from one thread at a time, so the
    /// analysis would otherwise wait for it and it for the analysis).
    /// Batches are stored in the file's order; an error stops both.
    fn import(
        &self,
        store: &dyn Store,
        analyzer: &rapport_nlp::Analyzer,
        posts: &mut analysis::Posts,
        summary: &mut Summary,
    ) -> anyhow::Result<()> {
        let path = self.path;
        let (source, len): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
            (Box::new(std::io::stdin()), None)
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| user_error(format!("{path}: cannot open: {e}")))?;
            let len = file.metadata().ok().map(|m| m.len());
            (Box::new(file), len)
        };
        let bar = progress(len, path);
        let (tx, rx) = std::sync::mpsc::sync_channel::<anyhow::Result<Step>>(2);
        std::thread::scope(|s| {
            let wrapped = bar.wrap_read(source);
            s.spawn(move || self.read(Box::new(wrapped), analyzer, posts, &tx));
            for step in rx {
                match step? {
                    Step::Batch(records, readings) => {
                        for outcome in store
                            .write_batch(&records, &readings)
                            .context("storing a batch")?
                        {
                            match outcome {
                                Outcome::Imported => summary.imported += 1,
                                Outcome::Duplicate => summary.duplicates += 1,
                            }
                        }
                    }
                    Step::Skipped => summary.skipped += 1,
                    Step::Rejected(line, reason) => summary.reject(path, line, reason),
                }
            }
            anyhow::Ok(())
        })?;
        bar.finish_and_clear();
        Ok(())
    }

    /// The reading stage: parses `source` into batches, analyzes each and
    /// sends them on; stops at the end, at an error (sent on), or when
    /// the writing stage stops listening.
    fn read(
        &self,
        source: Box<dyn Read + Send + '_>,
        analyzer: &rapport_nlp::Analyzer,
        posts: &mut analysis::Posts,
        tx: &std::sync::mpsc::SyncSender<anyhow::Result<Step>>,
    ) {
        let path = self.path;
        let reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(1 << 20, source));
        let items = match self.format.read(reader, self.options) {
            Ok(items) => items,
            Err(IngestError::BadInput { line, reason }) => {
                let _ = tx.send(Ok(Step::Rejected(line, reason)));
                return;
            }
            Err(e) => {
                let _ = tx.send(Err(
                    anyhow::Error::from(e).context(format!("reading {path}"))
                ));
                return;
            }
        };
        let mut batch = Vec::with_capacity(self.batch_size);
        let mut analyzed = |batch: &mut Vec<Record>| {
            let records = std::mem::replace(batch, Vec::with_capacity(self.batch_size));
            let readings = analysis::analyze_batch(analyzer, &records, posts);
            Ok(Step::Batch(records, readings))
        };
        for item in items {
            let step = match item {
                Ok(Item::Record { record, .. }) => {
                    batch.push(record);
                    if batch.len() < self.batch_size {
                        continue;
                    }
                    analyzed(&mut batch)
                }
                Ok(Item::Skipped { .. }) => Ok(Step::Skipped),
                Ok(Item::Rejected { line, reason }) => Ok(Step::Rejected(line, reason)),
                Err(e) => Err(anyhow::Error::from(e).context(format!("reading {path}"))),
            };
            let failed = step.is_err();
            if tx.send(step).is_err() || failed {
                return;
            }
        }
        if !batch.is_empty() {
            let _ = tx.send(analyzed(&mut batch));
        }
    }
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
