//! The bundled demo shop.
//!
//! The demo is generated, not shipped as a file: a fixed seed gives the
//! same people and words every time, and the timeline ends at the current
//! hour so the inbox looks like today's.

use crate::{now, scoring, EngineError};
use rapport_core::profile::Profile;
use rapport_store::{Outcome, Store};

/// The demo's seed.
pub const SEED: u64 = 7;
/// People in the demo shop.
pub const PEOPLE: usize = 300;
/// Interactions in the demo shop (90 days).
pub const INTERACTIONS: usize = 3_000;

/// Loads the demo shop into `store` and judges its people; returns how
/// many records were new and how many were stored already.
pub fn load(store: &dyn Store) -> Result<(u64, u64), EngineError> {
    let mut cfg = rapport_generate::Config::new(PEOPLE, INTERACTIONS, SEED);
    cfg.end = now() / 3600 * 3600;
    let (records, _truth) = rapport_generate::records(&cfg);
    let analyzer = &crate::analysis::ShopAnalyzer::load(store)?;
    let mut around = crate::analysis::Surroundings::load(store)?;
    let (mut imported, mut duplicates) = (0, 0);
    for chunk in records.chunks(crate::import::BATCH) {
        let readings = crate::analysis::analyze_batch(analyzer, chunk, &mut around)?;
        for o in store.write_batch(chunk, &readings)? {
            match o {
                Outcome::Imported => imported += 1,
                // A demo person someone forgot stays forgotten.
                Outcome::Duplicate | Outcome::Forgotten => duplicates += 1,
            }
        }
    }
    scoring::update(store, &Profile::trailwerk())?;
    Ok((imported, duplicates))
}
