//! One module per import format.
//!
//! The canonical formats ([`jsonl`], [`csv`]) and the platforms' own. Each
//! platform module holds serde structs that mirror the platform's payload
//! (every field optional, unknown fields ignored) and one conversion into
//! canonical records; its module docs list the documents it accepts and how
//! each becomes an interaction or an order.

pub mod bluesky;
pub mod csv;
pub mod facebook;
pub mod instagram;
pub mod jsonl;
pub mod mastodon;
mod order_envelope;
pub mod reddit;
pub mod shopify;
pub mod twitter_archive;
pub mod woocommerce;
pub mod x;
pub mod youtube;
