//! One module per import format.
//!
//! The canonical formats ([`jsonl`], [`csv`]) and the platforms' own. Each
//! platform module holds serde structs that mirror the platform's payload
//! (every field optional, unknown fields ignored) and one conversion into
//! canonical records; its module docs list the documents it accepts and how
//! each becomes an interaction or an order. The mail formats ([`mbox`],
//! [`eml`]) frame messages, which one shared module turns into records.

pub mod bluesky;
pub mod csv;
pub mod eml;
pub mod facebook;
pub mod instagram;
pub mod jsonl;
mod mail;
pub mod mastodon;
pub mod mbox;
mod order_envelope;
pub mod reddit;
pub mod shopify;
pub mod twitter_archive;
pub mod woocommerce;
pub mod x;
pub mod youtube;
