//! The views as they were computed before the store kept what they read:
//! over a snapshot of the whole database, loaded and computed at once.
//! Kept for the tests only, as the reference the store-backed views
//! ([`crate::views`]) are checked against on generated shops
//! ([`equivalence`]), the way `rescore --check` checks the stored ladder.

pub mod alerts;
mod cohort;
mod equivalence;
mod inbox;
mod load;
pub mod movement;
mod people;
mod person;
mod recovery;
mod report;
pub mod threads;

pub use cohort::plan;
pub use inbox::inbox;
pub use load::Snapshot;
pub use people::{influencers, people};
pub use person::person;
pub use report::full_report;
