//! What an engine did since it was made, counted for the operators'
//! metrics (the server's `GET /metrics`): records imported, per format
//! and outcome, as each batch is stored (so a long import's rate shows
//! while it runs); texts read by the analyzer, per reason; imports
//! running now. Every clone of an [`crate::Engine`] counts into the same
//! [`Activity`]; the counts live in memory and start at zero with the
//! process, as Prometheus counters do.

use rapport_store::Outcome;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Why a text was read by the analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analysed {
    /// On its way into the store (imports, pulls, uploads, webhooks).
    Import,
    /// Read again after the shop taught the analyzer (a correction, an
    /// undone one, `learn`).
    Reread,
    /// Asked for by a caller (`POST /api/analyze`), nothing stored.
    Request,
}

impl Analysed {
    /// Every reason.
    pub const ALL: [Analysed; 3] = [Analysed::Import, Analysed::Reread, Analysed::Request];

    /// The reason's name (the metric's `source` label).
    pub fn as_str(self) -> &'static str {
        match self {
            Analysed::Import => "import",
            Analysed::Reread => "reread",
            Analysed::Request => "request",
        }
    }

    fn slot(self) -> usize {
        match self {
            Analysed::Import => 0,
            Analysed::Reread => 1,
            Analysed::Request => 2,
        }
    }
}

/// What imports in one format did, added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    /// Imports started.
    pub runs: u64,
    /// Records stored for the first time.
    pub imported: u64,
    /// Records already stored.
    pub duplicates: u64,
    /// Records skipped: not interactions, or of forgotten people.
    pub skipped: u64,
    /// Records refused.
    pub rejected: u64,
}

/// The counters (see the module docs).
#[derive(Debug, Default)]
pub struct Activity {
    imports: Mutex<BTreeMap<&'static str, ImportCounts>>,
    running: AtomicU64,
    analysed: [AtomicU64; 3],
}

/// The counters at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Per format (by its name), those used since the start.
    pub imports: Vec<(&'static str, ImportCounts)>,
    /// Imports running now.
    pub imports_running: u64,
    /// Texts read, per reason (every reason, zero or not).
    pub analysed: Vec<(Analysed, u64)>,
}

/// An import counted as running until dropped.
#[derive(Debug)]
pub struct Running<'a>(&'a Activity);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Activity {
    fn format(&self, format: &'static str, f: impl FnOnce(&mut ImportCounts)) {
        let mut imports = self.imports.lock().unwrap_or_else(|p| p.into_inner());
        f(imports.entry(format).or_default());
    }

    /// An import in `format` starts; it counts as running until the
    /// returned guard is dropped.
    pub fn import_started(&self, format: &'static str) -> Running<'_> {
        self.format(format, |c| c.runs += 1);
        self.running.fetch_add(1, Ordering::Relaxed);
        Running(self)
    }

    /// A batch in `format` was stored with these outcomes.
    pub fn stored(&self, format: &'static str, outcomes: &[Outcome]) {
        self.format(format, |c| {
            for o in outcomes {
                match o {
                    Outcome::Imported => c.imported += 1,
                    Outcome::Duplicate => c.duplicates += 1,
                    Outcome::Forgotten => c.skipped += 1,
                }
            }
        });
    }

    /// A record in `format` was skipped.
    pub fn skipped(&self, format: &'static str) {
        self.format(format, |c| c.skipped += 1);
    }

    /// A record in `format` was refused.
    pub fn rejected(&self, format: &'static str) {
        self.format(format, |c| c.rejected += 1);
    }

    /// `n` texts were read by the analyzer, for `why`.
    pub fn analysed(&self, why: Analysed, n: u64) {
        self.analysed[why.slot()].fetch_add(n, Ordering::Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> Snapshot {
        let imports = self.imports.lock().unwrap_or_else(|p| p.into_inner());
        Snapshot {
            imports: imports.iter().map(|(f, c)| (*f, *c)).collect(),
            imports_running: self.running.load(Ordering::Relaxed),
            analysed: Analysed::ALL
                .iter()
                .map(|a| (*a, self.analysed[a.slot()].load(Ordering::Relaxed)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_add_up_per_format_and_a_finished_import_stops_running() {
        let a = Activity::default();
        {
            let _running = a.import_started("jsonl");
            assert_eq!(a.snapshot().imports_running, 1);
            a.stored(
                "jsonl",
                &[Outcome::Imported, Outcome::Duplicate, Outcome::Forgotten],
            );
            a.rejected("jsonl");
            a.skipped("jsonl");
            a.analysed(Analysed::Import, 3);
        }
        let s = a.snapshot();
        assert_eq!(s.imports_running, 0);
        assert_eq!(
            s.imports,
            vec![(
                "jsonl",
                ImportCounts {
                    runs: 1,
                    imported: 1,
                    duplicates: 1,
                    skipped: 2,
                    rejected: 1
                }
            )]
        );
        assert_eq!(s.analysed[0], (Analysed::Import, 3));
        assert_eq!(s.analysed[2], (Analysed::Request, 0));
    }
}
