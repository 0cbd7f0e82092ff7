//! Bringing a store up to this build's way of reading and judging.
//!
//! Readings (each text's analysis and its signal bits) are stored when a
//! text arrives, and verdicts when people are judged, so that no view
//! reads the words again. A build that reads or judges otherwise would
//! leave them as an older build made them: a complaint that no longer
//! counts as a recommendation would keep its author an evangelist. So
//! the store records the version its readings were made with
//! ([`readings_version`]) and the verdicts record the ladder's rules (in
//! [`scoring::fingerprint`]); [`bring_up_to_date`], run when the CLI
//! opens a store, reads every text again when the readings' version
//! differs, and judges everyone again when the verdicts' does.

use crate::analysis::{self, ShopAnalyzer};
use crate::{learning, scoring, Engine, EngineError};
use std::time::Instant;

/// The version of this build's readings: the analyzer's fingerprint (its
/// rules and models) and the signal rules.
pub fn readings_version() -> String {
    format!(
        "analyzer {}; signals {}",
        rapport_nlp::Analyzer::embedded_fingerprint(),
        rapport_core::signals::RULES
    )
}

/// What [`bring_up_to_date`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upgraded {
    /// Texts read again (their readings were made by another build).
    pub reread: u64,
    /// People judged again (their verdicts were judged otherwise).
    pub judged: u64,
    /// Whether the shop's layer was trained again over the new models.
    pub relearned: bool,
    /// The `reanalyze` job left to read every text again, when
    /// [`Reread::InBackground`] asked for one (the versions are recorded
    /// when it ends).
    pub queued: Option<i64>,
    /// How long it took.
    pub millis: u64,
}

impl Upgraded {
    /// Whether anything was done.
    pub fn any(&self) -> bool {
        self.reread > 0 || self.judged > 0 || self.relearned || self.queued.is_some()
    }
}

/// When a store whose readings another build made is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reread {
    /// Before anything else (a CLI command answers from the new
    /// readings).
    Now,
    /// By a `reanalyze` job ([`crate::jobs`]), so that `serve` answers at
    /// once: the old readings are shown until it ends, every new text is
    /// read by this build, and the dashboard says the texts are being
    /// read again ([`Engine::rereading`]).
    InBackground,
}

/// Reads every stored text again when the store's readings were made by
/// another build (the shop's layer trained again first, over this build's
/// models), and judges everyone again when the stored verdicts were
/// judged by other rules. A store with nothing stored just records the
/// version.
pub fn bring_up_to_date(engine: &Engine) -> Result<Upgraded, EngineError> {
    bring_up_to_date_by(engine, Reread::Now)
}

/// [`bring_up_to_date`], reading the texts again `when` asked.
pub fn bring_up_to_date_by(engine: &Engine, when: Reread) -> Result<Upgraded, EngineError> {
    let store = engine.store();
    let started = Instant::now();
    let mut done = Upgraded::default();
    let version = readings_version();
    if store.readings_version()?.as_deref() != Some(version.as_str()) {
        let anything = !store.texts(rapport_core::InteractionId(0), 1)?.is_empty();
        if anything {
            tracing::info!(target: "upgrade", "the stored readings were made by another build: reading every text again");
            if store.shop_layer()?.is_some() {
                learning::train(store)?;
                done.relearned = true;
            }
            match when {
                Reread::Now => {
                    let reader = ShopAnalyzer::load(store)?;
                    // Sets the version once every text is read again.
                    done.reread = analysis::reanalyze_all(&reader, store)?;
                }
                // One may already wait or run (queued by a correction,
                // or by an earlier start of this build): it reads with
                // this build's models.
                Reread::InBackground => done.queued = engine.queue_rereading()?,
            }
        } else {
            store.set_readings_version(&version)?;
        }
    }
    // The profile is read only when verdicts are stored (a command that
    // needs none works with a profile being fixed).
    if let Some(state) = store.score_state()? {
        let (profile, _) = engine.profile()?;
        if done.reread > 0 || state.profile != scoring::fingerprint(&profile) {
            done.judged = scoring::update(store, &profile)?.judged;
        }
    }
    done.millis = started.elapsed().as_millis() as u64;
    if done.any() {
        tracing::info!(
            target: "upgrade",
            reread = done.reread,
            judged = done.judged,
            relearned = done.relearned,
            ms = done.millis,
            "the store is up to date with this build"
        );
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::profile::Profile;
    use rapport_store::{SqliteStore, Store};

    /// The versions this build reads and judges by, and a digest of what
    /// it makes of a fixed generated shop.
    #[derive(Debug, PartialEq, Eq)]
    struct Recorded<'a> {
        analyzer: &'a str,
        signals: &'a str,
        ladder: &'a str,
        digest: u64,
    }

    /// Recorded with this build. When the test fails, what a store holds
    /// would be made differently by this build: a change that reads or
    /// judges otherwise must raise the version of what changed
    /// (`rapport_nlp::RULES`, `signals::RULES`, `ladder::RULES`; retrained
    /// models change the analyzer's fingerprint by themselves), so that
    /// stores made before are brought up to date; then record the values
    /// the failure prints here.
    const RECORDED: Recorded<'static> = Recorded {
        analyzer: "rules 2026-12-08.1, models ff873e509864e16d",
        signals: "2026-12-07.5",
        ladder: "2026-12-07.1",
        digest: 0xb966_ffeb_0d33_e103,
    };

    fn made_of_the_demo_shop() -> u64 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.db");
        let store = SqliteStore::open(path.to_str().expect("path")).expect("open");
        let (records, _) = rapport_generate::records(&rapport_generate::Config::new(300, 3_000, 7));
        let analyzer = &ShopAnalyzer::shipped().expect("analyzer");
        let mut around = analysis::Surroundings::load(&store).expect("load");
        for chunk in records.chunks(crate::import::BATCH) {
            let readings = analysis::analyze_batch(analyzer, chunk, &mut around).expect("read");
            store.write_batch(chunk, &readings).expect("write");
        }
        scoring::update(&store, &Profile::trailwerk()).expect("judge");
        let db = rusqlite::Connection::open(&path).expect("open again");
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut add = |s: &str| {
            for b in s.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for sql in [
            "SELECT i.id || ' ' || coalesce(i.signals, -1) || ' ' || coalesce(a.language
                 || ' ' || a.sentiment || ' ' || a.intent || ' ' || a.intents || ' '
                 || a.generic, 'unread')
             FROM interaction i LEFT JOIN analysis a ON a.interaction_id = i.id ORDER BY i.id",
            "SELECT person_id || ' ' || assessment FROM person_score ORDER BY person_id",
        ] {
            let mut st = db.prepare(sql).expect("prepare");
            let rows = st.query_map([], |r| r.get::<_, String>(0)).expect("query");
            for row in rows {
                add(&row.expect("row"));
            }
        }
        h
    }

    #[test]
    fn a_change_in_what_a_store_holds_raises_a_version() {
        let digest = made_of_the_demo_shop();
        let now = Recorded {
            analyzer: rapport_nlp::Analyzer::embedded_fingerprint(),
            signals: rapport_core::signals::RULES,
            ladder: rapport_core::ladder::RULES,
            digest,
        };
        let same_versions = now.analyzer == RECORDED.analyzer
            && now.signals == RECORDED.signals
            && now.ladder == RECORDED.ladder;
        assert!(
            digest == RECORDED.digest || !same_versions,
            "this build reads or judges the demo shop otherwise under the same \
             versions: raise the RULES of what changed, then record {now:#x?}"
        );
        assert_eq!(now, RECORDED, "record these values in RECORDED: {now:#x?}");
    }

    #[test]
    fn an_empty_store_records_the_version_and_a_stale_one_is_read_again_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.db");
        let store =
            std::sync::Arc::new(SqliteStore::open(path.to_str().expect("path")).expect("open"));
        let engine = Engine::new(store.clone(), dir.path().join("none.toml"));
        assert!(!bring_up_to_date(&engine).expect("empty").any());
        let current = readings_version();
        assert_eq!(
            store.readings_version().expect("version"),
            Some(current.clone())
        );
        crate::demo::load(&*store).expect("demo");
        let texts = store
            .texts(rapport_core::InteractionId(0), 100_000)
            .expect("texts")
            .len() as u64;
        assert!(texts > 1_000);
        // Made by an older release: read again, once. (Read alike, so no
        // one's data changed and no one is judged again; the CLI's tests
        // change readings and verdicts.)
        store.set_readings_version("an older release").expect("set");
        let done = bring_up_to_date(&engine).expect("stale");
        assert_eq!(done.reread, texts);
        assert_eq!(done.judged, 0, "{done:?}");
        assert!(!done.relearned);
        assert_eq!(store.readings_version().expect("version"), Some(current));
        assert!(!bring_up_to_date(&engine).expect("again").any());
    }
}
