//! The one import pipeline: `rapport import`, the live pulls, `POST
//! /api/imports` and the webhooks all store records through [`Import`].
//!
//! Two stages run at once: a thread parses and analyzes the next batch
//! while the caller's thread writes the previous one to the store (SQLite
//! writes from one thread at a time, so the analysis would otherwise wait
//! for it and it for the analysis). Batches are stored in the source's
//! order, each in one transaction; an error stops both stages and keeps
//! what was stored. The ladder is brought up to date every
//! [`LADDER_EVERY`] while an import runs and when it finishes, so what was
//! stored shows in every view — or, when a pass takes longer than a
//! fifth of that, every [`LADDER_SHARE`] times its last duration, so the
//! passes never take more than a fifth of a long import.

use crate::activity::{Activity, Analysed};
use crate::analysis::{self, Surroundings};
use crate::{scoring, EngineError};
use rapport_core::profile::Profile;
use rapport_core::Record;
use rapport_ingest::{Format, IngestError, Item, Options};
use rapport_store::{Outcome, Reading, Store};
use serde::Serialize;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Records per batch (one transaction each) unless the caller says.
pub const BATCH: usize = 5_000;

/// Rejections listed in a summary; past it they are only counted.
pub const MAX_REJECTIONS: usize = 1_000;

/// How often a running import brings the ladder up to date.
pub const LADDER_EVERY: Duration = Duration::from_secs(30);

/// A pass of the ladder during an import waits at least this many times
/// the previous pass's duration after it.
pub const LADDER_SHARE: u32 = 4;

/// One rejected record.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    /// The file (`-` for stdin, `body` for an upload).
    pub file: String,
    /// 1-based line (or record) number.
    pub line: usize,
    /// Why: in JSON and on the command line its English; on the
    /// dashboard in the user's language.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub reason: rapport_core::Said,
}

/// What an import did, as CONTRACT prints it.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    /// Newly stored records.
    pub imported: u64,
    /// Records already stored.
    pub duplicates: u64,
    /// Well-formed input that is not an interaction, and records of
    /// forgotten people (counted in `forgotten` too).
    pub skipped: u64,
    /// Records skipped because they name an identity or email of a
    /// person who was forgotten (`rapport forget`): old files do not
    /// bring them back.
    pub forgotten: u64,
    /// Records that could not be stored.
    pub rejected: u64,
    /// Where and why: the first [`MAX_REJECTIONS`] (`rejected` counts all).
    pub rejections: Vec<Rejection>,
}

impl Summary {
    /// Counts a rejection, keeping its details while there is room.
    pub fn reject(&mut self, file: &str, line: usize, reason: rapport_core::Said) {
        self.rejected += 1;
        if self.rejections.len() < MAX_REJECTIONS {
            self.rejections.push(Rejection {
                file: file.to_string(),
                line,
                reason,
            });
        }
    }

    fn count(&mut self, outcomes: &[Outcome]) {
        for o in outcomes {
            match o {
                Outcome::Imported => self.imported += 1,
                Outcome::Duplicate => self.duplicates += 1,
                Outcome::Forgotten => {
                    self.skipped += 1;
                    self.forgotten += 1;
                }
            }
        }
    }
}

/// An import under way: the store, the analyzer, what it knows around the
/// texts (the shop's posts, the languages authors write), and what
/// happened so far.
pub struct Import<'a> {
    store: &'a dyn Store,
    analyzer: analysis::ShopAnalyzer,
    profile: Profile,
    options: Options,
    around: Surroundings<'a>,
    batch_size: usize,
    summary: Summary,
    ladder_at: Instant,
    /// How long to wait after `ladder_at` before the next pass.
    ladder_wait: Duration,
    /// Where what it does is counted for the metrics, if anywhere.
    activity: Option<Arc<Activity>>,
}

/// The embedded analyzer; a damaged model is an internal failure.
pub fn analyzer() -> Result<&'static rapport_nlp::Analyzer, EngineError> {
    rapport_nlp::Analyzer::embedded()
        .map_err(|e| EngineError::internal(format!("loading the analyzer's models: {e}")))
}

/// What the reading stage hands the writing one, in the source's order.
enum Step {
    /// Records, each with its reading.
    Batch(Vec<Record>, Vec<Reading>),
    /// A record the format skips (a duplicate header, an unsupported kind).
    Skipped,
    /// A record refused, with its line and why.
    Rejected(usize, rapport_core::Said),
}

impl<'a> Import<'a> {
    /// An import into `store` judged against `profile`; `brand` names the
    /// shop's own accounts (see [`crate::profile::brand_accounts`]).
    pub fn new(
        store: &'a dyn Store,
        profile: Profile,
        brand: Vec<(String, String)>,
    ) -> Result<Import<'a>, EngineError> {
        Ok(Import {
            store,
            analyzer: analysis::ShopAnalyzer::load(store)?,
            profile,
            around: Surroundings::load(store)?.with_shop(brand.iter().map(|(_, h)| h.as_str())),
            options: Options { brand },
            batch_size: BATCH,
            summary: Summary::default(),
            ladder_at: Instant::now(),
            ladder_wait: LADDER_EVERY,
            activity: None,
        })
    }

    /// Counts what it reads and stores into `activity` as it goes.
    pub fn counting(mut self, activity: Arc<Activity>) -> Import<'a> {
        self.activity = Some(activity);
        self
    }

    /// Reads with `analyzer` (the engine's, kept between imports) rather
    /// than the one the store held when the import began.
    pub fn with_analyzer(mut self, analyzer: analysis::ShopAnalyzer) -> Import<'a> {
        self.analyzer = analyzer;
        self
    }

    /// Stores at most `n` records per transaction.
    pub fn batch_size(mut self, n: usize) -> Import<'a> {
        self.batch_size = n.max(1);
        self
    }

    /// What happened so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Starts a new summary, returning the old one (a pull reports each
    /// polling round on its own).
    pub fn take_summary(&mut self) -> Summary {
        std::mem::take(&mut self.summary)
    }

    /// Reads `source` in `format` and stores what it holds; rejected
    /// records are counted under `label`. Returns after the last batch is
    /// stored, or at the first error (what was stored stays).
    pub fn read(
        &mut self,
        format: Format,
        label: &str,
        source: Box<dyn Read + Send + '_>,
    ) -> Result<(), EngineError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Step, EngineError>>(2);
        let (analyzer, options, batch_size) = (&self.analyzer, &self.options, self.batch_size);
        let around = &mut self.around;
        let store = self.store;
        let summary = &mut self.summary;
        let profile = &self.profile;
        let ladder_at = &mut self.ladder_at;
        let ladder_wait = &mut self.ladder_wait;
        let activity = self.activity.as_deref();
        let name = format.name();
        let _running = activity.map(|a| a.import_started(name));
        std::thread::scope(|s| {
            s.spawn(move || {
                read_stage(
                    format, label, source, options, batch_size, analyzer, around, &tx,
                )
            });
            for step in rx {
                match step? {
                    Step::Batch(records, readings) => {
                        let outcomes = store.write_batch(&records, &readings)?;
                        summary.count(&outcomes);
                        if let Some(a) = activity {
                            a.stored(name, &outcomes);
                            let read = readings.iter().filter(|r| r.analysis.is_some()).count();
                            a.analysed(Analysed::Import, read as u64);
                        }
                        if ladder_at.elapsed() >= *ladder_wait {
                            let started = Instant::now();
                            scoring::update(store, profile)?;
                            *ladder_at = Instant::now();
                            *ladder_wait = LADDER_EVERY.max(started.elapsed() * LADDER_SHARE);
                        }
                    }
                    Step::Skipped => {
                        summary.skipped += 1;
                        if let Some(a) = activity {
                            a.skipped(name);
                        }
                    }
                    Step::Rejected(line, reason) => {
                        summary.reject(label, line, reason);
                        if let Some(a) = activity {
                            a.rejected(name);
                        }
                    }
                }
            }
            Ok(())
        })
    }

    /// Brings the ladder up to date for what was stored and returns the
    /// summary. Call it also after [`Import::read`] failed: what was
    /// stored before the failure stays stored.
    pub fn finish(mut self) -> Result<Summary, EngineError> {
        self.update_ladder()?;
        Ok(self.summary)
    }

    /// Brings the ladder up to date for what was stored so far.
    pub fn update_ladder(&mut self) -> Result<(), EngineError> {
        let s = scoring::update(self.store, &self.profile)?;
        self.ladder_at = Instant::now();
        tracing::info!(target: "ladder", judged = s.judged, dropped = s.dropped,
            full = s.full, millis = s.millis, "ladder updated");
        Ok(())
    }
}

/// The reading stage: parses `source` into batches, analyzes each and
/// sends them on; stops at the end, at an error (sent on), or when the
/// writing stage stops listening.
#[allow(clippy::too_many_arguments)]
fn read_stage(
    format: Format,
    label: &str,
    source: Box<dyn Read + Send + '_>,
    options: &Options,
    batch_size: usize,
    analyzer: &analysis::ShopAnalyzer,
    around: &mut Surroundings<'_>,
    tx: &std::sync::mpsc::SyncSender<Result<Step, EngineError>>,
) {
    let reader: Box<dyn BufRead + '_> = Box::new(BufReader::with_capacity(1 << 20, source));
    let items = match format.read(reader, options) {
        Ok(items) => items,
        Err(IngestError::BadInput { line, reason }) => {
            let _ = tx.send(Ok(Step::Rejected(line, reason)));
            return;
        }
        Err(e) => {
            let _ = tx.send(Err(EngineError::internal(format!("reading {label}: {e}"))));
            return;
        }
    };
    let mut batch = Vec::with_capacity(batch_size.min(BATCH));
    let mut analyzed = |batch: &mut Vec<Record>| {
        let records = std::mem::replace(batch, Vec::with_capacity(batch_size.min(BATCH)));
        let readings = analysis::analyze_batch(analyzer, &records, around)?;
        Ok(Step::Batch(records, readings))
    };
    for item in items {
        let step = match item {
            Ok(Item::Record { record, .. }) => {
                batch.push(record);
                if batch.len() < batch_size {
                    continue;
                }
                analyzed(&mut batch)
            }
            Ok(Item::Skipped { .. }) => Ok(Step::Skipped),
            Ok(Item::Rejected { line, reason }) => Ok(Step::Rejected(line, reason)),
            Err(e) => Err(EngineError::internal(format!("reading {label}: {e}"))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_are_listed_up_to_the_bound_and_counted_beyond() {
        let mut s = Summary::default();
        for n in 0..MAX_REJECTIONS + 7 {
            s.reject("body", n + 1, rapport_core::Said::IsMissing);
        }
        assert_eq!(s.rejected, (MAX_REJECTIONS + 7) as u64);
        assert_eq!(s.rejections.len(), MAX_REJECTIONS);
    }
}
