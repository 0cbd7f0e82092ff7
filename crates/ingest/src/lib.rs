//! Import formats: bytes in, canonical [`Record`]s out.
//!
//! Every format yields a stream of [`Item`]s, one per input record, each
//! carrying its line number so that a rejection can name where it came from.
//! Parsing never panics and never stops at a bad record: a malformed record
//! becomes [`Item::Rejected`] and the stream goes on.
//!
//! The platforms' own formats are read leniently, because what an API
//! returns depends on the fields and permissions the caller asked for: a
//! missing id is derived from the content (`derived:` + a hash), a missing
//! author becomes `anonymous`, and only what cannot be an interaction at all
//! (no words and no id, no usable time) is rejected. Input that is well
//! formed but is not an interaction (a profile update, a deleted record, a
//! `more` stub) is [`Item::Skipped`] with a note saying why.
//!
//! Mail (`mbox`, `eml`) is the exception: every message carries a
//! `Message-ID`, a `From` address and a `Date`, so one without them is
//! rejected rather than given a derived id or an anonymous author.
//!
//! # Layout
//!
//! - [`formats`]: one module per format; each holds serde structs that mirror
//!   the platform's payload and one conversion into canonical records.
//! - [`Format`]: the format names the CLI accepts, and [`Format::read`].
//! - [`Options`]: what a reader needs to know about the shop (its own
//!   accounts, which make records `from_brand`).
//! - `document`, `wire`, `draft`, `timestamps`, `html` (private): reading
//!   whole JSON documents with line numbers, lenient scalar types, building
//!   records with derived ids, the platforms' time formats, HTML to text.

mod document;
mod draft;
pub mod formats;
mod html;
mod options;
mod timestamps;
mod wire;

pub use options::Options;

use rapport_core::{Record, Said};
use std::borrow::Cow;
use std::io::BufRead;

/// One input record after parsing.
// Items are streamed one at a time, so the size of the record variant
// costs nothing, while boxing it would cost an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A valid canonical record.
    Record {
        /// 1-based line of the record's start.
        line: usize,
        /// The record.
        record: Record,
    },
    /// Well-formed input that is not an interaction (e.g. a profile event).
    Skipped {
        /// 1-based line.
        line: usize,
        /// Why it was skipped, e.g. `bluesky delete of app.bsky.feed.post
        /// (deletions are not imported yet)`.
        reason: Cow<'static, str>,
    },
    /// Input that cannot become a record, and why.
    Rejected {
        /// 1-based line.
        line: usize,
        /// What is wrong, naming the field when there is one: a sentence
        /// with its kind and arguments, never free words (its `Display`
        /// is the English the CLI prints; the dashboard says it in the
        /// user's language).
        reason: Said,
    },
}

impl Item {
    /// The 1-based line the item comes from.
    pub fn line(&self) -> usize {
        match self {
            Item::Record { line, .. }
            | Item::Skipped { line, .. }
            | Item::Rejected { line, .. } => *line,
        }
    }
}

/// Errors that stop reading a whole input (not a single record).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The input could not be read.
    #[error("reading input: {0}")]
    Io(#[from] std::io::Error),
    /// The input's header or framing is unusable.
    #[error("line {line}: {reason}")]
    BadInput {
        /// 1-based line.
        line: usize,
        /// What is wrong, as a sentence kind.
        reason: Said,
    },
}

/// The import formats this build understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Canonical JSON Lines.
    Jsonl,
    /// CSV with a header row of canonical field names.
    Csv,
    /// Mastodon API statuses, notifications and thread contexts.
    Mastodon,
    /// Bluesky Jetstream events, one JSON object per line.
    Bluesky,
    /// Reddit listing JSON (comments pages, user and subreddit listings).
    Reddit,
    /// YouTube Data API v3 `commentThreads` / `comments` responses.
    Youtube,
    /// Facebook Graph API page comments and page webhook payloads.
    Facebook,
    /// Instagram Graph API comments, mentions and webhook payloads.
    Instagram,
    /// X (Twitter) API v2 tweet responses with `includes.users`.
    X,
    /// `tweets.js` from an X / Twitter account archive: the shop's own tweets.
    TwitterArchive,
    /// Shopify Admin REST API order JSON.
    ShopifyOrders,
    /// WooCommerce REST API order JSON.
    WoocommerceOrders,
    /// A mailbox in the mbox format (mboxo or mboxrd): customers' answers
    /// to the shop's emails.
    Mbox,
    /// One mail message (`.eml`).
    Eml,
}

impl Format {
    /// Every format name, for help and error messages.
    pub const NAMES: &'static [&'static str] = &[
        "jsonl",
        "csv",
        "mastodon",
        "bluesky",
        "reddit",
        "youtube",
        "facebook",
        "instagram",
        "x",
        "twitter-archive",
        "shopify-orders",
        "woocommerce-orders",
        "mbox",
        "eml",
    ];

    /// Every format, in the order of [`Format::NAMES`].
    pub const ALL: [Format; 14] = [
        Format::Jsonl,
        Format::Csv,
        Format::Mastodon,
        Format::Bluesky,
        Format::Reddit,
        Format::Youtube,
        Format::Facebook,
        Format::Instagram,
        Format::X,
        Format::TwitterArchive,
        Format::ShopifyOrders,
        Format::WoocommerceOrders,
        Format::Mbox,
        Format::Eml,
    ];

    /// Looks a format up by its CLI name.
    pub fn parse(name: &str) -> Option<Format> {
        Format::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Format::ALL[i])
    }

    /// The CLI name.
    pub fn name(self) -> &'static str {
        Format::NAMES[Format::ALL.iter().position(|f| *f == self).unwrap_or(0)]
    }

    /// Parses `input` in this format. `options` says which accounts are the
    /// shop's own: their records come out `from_brand` (for the canonical
    /// formats too, where a line may also say so itself).
    pub fn read<'a>(
        self,
        input: Box<dyn BufRead + 'a>,
        options: &Options,
    ) -> Result<Box<dyn Iterator<Item = Result<Item, IngestError>> + 'a>, IngestError> {
        use formats::*;
        let brand = options::Brand::new(options);
        Ok(match self {
            Format::Jsonl => Box::new(jsonl::read(input).map(move |i| brand.mark(i))),
            Format::Csv => Box::new(csv::read(input)?.map(move |i| brand.mark(i))),
            Format::Bluesky => Box::new(bluesky::read(input, brand)),
            Format::Mastodon => document::read(input, brand, mastodon::convert),
            Format::Reddit => document::read(input, brand, reddit::convert),
            Format::Youtube => document::read(input, brand, youtube::convert),
            Format::Facebook => document::read(input, brand, facebook::convert),
            Format::Instagram => document::read(input, brand, instagram::convert),
            Format::X => document::read(input, brand, x::convert),
            Format::TwitterArchive => document::read(input, brand, twitter_archive::convert),
            Format::ShopifyOrders => document::read(input, brand, shopify::convert),
            Format::WoocommerceOrders => document::read(input, brand, woocommerce::convert),
            Format::Mbox => Box::new(mbox::read(input, brand)),
            Format::Eml => Box::new(eml::read(input, brand)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_format() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
        }
        assert_eq!(Format::parse("myspace"), None);
    }
}
