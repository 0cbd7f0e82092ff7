//! Rapport's domain core: the canonical records every connector produces,
//! the values they are built from, and the pure computations the rest of the
//! product stands on (who answered whom and how fast, where a person stands
//! on the ladder, what the report says).
//!
//! Nothing here performs IO. Values are parsed once at the edge
//! ([`Handle::parse`], [`Email::parse`], [`Timestamp::parse`]) and trusted
//! afterwards.
//!
//! # Layout
//!
//! - [`ids`]: typed identifiers for stored rows.
//! - [`values`]: channels, handles, emails, timestamps — parse-once values.
//! - [`kind`]: what an interaction is (comment, reply, like, …).
//! - [`record`]: canonical interactions and orders, and their wire form.
//! - [`threads`]: reply threads, answered / unanswered, first-response time.
//! - [`signals`]: cheap text signals (question, generic, recommendation).
//! - [`ladder`]: a person's stage and labels, with evidence.
//! - [`report`]: meaningful and vanity metrics.
//! - [`priority`]: how urgent an unanswered message is, answer targets.
//! - [`profile`]: the shop's name, topics, values, channels and revenue goal.
//! - [`affinity`]: common ground between a person's topics and the shop's.
//! - [`cohort`]: the next five people to cultivate, openers, progress.
//! - [`recovery`]: a detractor's complaint → answer → resolution timeline.
//! - [`goal`]: true fans needed for the revenue goal.
//! - [`trends`]: the report per week.
//! - [`touch`]: value-first touches (given before asked).
//! - [`replay`]: the ladder replayed over a history and over the weeks.
//! - [`said`]: the sentences shown to the team, as data, with their
//!   English.

pub mod affinity;
pub mod cohort;
pub mod goal;
pub mod ids;
pub mod kind;
pub mod ladder;
pub mod outreach;
pub mod priority;
pub mod profile;
pub mod record;
pub mod recovery;
pub mod replay;
pub mod report;
pub mod said;
pub mod signals;
pub mod threads;
pub mod touch;
pub mod trends;
pub mod values;
pub mod zone;

pub use ids::{IdentityId, InteractionId, PersonId};
pub use kind::Kind;
pub use record::{Author, Interaction, Order, OrderItem, Record, RecordError};
pub use said::Said;
pub use values::{at_handle, Channel, Email, Handle, Timestamp, ValueError};

/// The current time in seconds since the epoch (0 on a clock set before
/// 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
