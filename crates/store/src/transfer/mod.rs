//! Moving a whole store from one database to another (`rapport
//! migrate-store`): SQLite to PostgreSQL when a shop outgrows one
//! machine, back again, or between two databases of one kind.
//!
//! # How
//!
//! 1. Both sides are opened by URL and migrated to this build's schema
//!    ([`Endpoint`]); the tables to copy are listed and both sides'
//!    columns and primary keys compared ([`tables::plan`]). Every table of
//!    either schema is named in [`tables::TABLES`] with what a move does
//!    with it: copied, replaced (the target's migrations or triggers wrote
//!    rows there first), rebuilt (the search index, each database's own),
//!    or left (each database's bookkeeping).
//! 2. The target must hold no data: a move never merges two stores.
//! 3. Every copied table goes over in primary-key order, a page of rows
//!    at a time ([`scan`]), each page one transaction on the target, ids
//!    and every value as they are. The source is read in one transaction:
//!    the copy is one consistent state of it.
//! 4. On PostgreSQL the identity sequences are set past the copied ids
//!    (and past ids the source had handed out to rows since deleted), so
//!    new rows get fresh ids; SQLite hands out the highest id plus one by
//!    itself. The search index is written from the copied rows by the
//!    search's own catching up ([`crate::shared::search::catch_up`]).
//! 5. [`compare`] reads every copied table again on both sides and
//!    compares rows and a checksum of every value ([`checksum`]).
//!
//! Nothing else should write to either database during a move: writes to
//! the source after its transaction began are not carried over (the
//! comparison then tells), and the target is filled batch by batch. A
//! move that fails halfway leaves a partly filled target: create it anew
//! and move again.

pub mod checksum;
mod copy;
mod endpoint;
pub mod scan;
pub mod tables;

pub use checksum::{Check, Sum};
pub use copy::{compare, copy, Moved, Progress};
pub use endpoint::Endpoint;
pub use tables::Treatment;

#[cfg(test)]
mod tests;
