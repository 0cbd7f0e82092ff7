//! Import formats: bytes in, canonical [`Record`]s out.
//!
//! Every format yields a stream of [`Item`]s, one per input record, each
//! carrying its line number so that a rejection can name where it came from.
//! Parsing never panics and never stops at a bad record: a malformed record
//! becomes [`Item::Rejected`] and the stream goes on.
//!
//! # Layout
//!
//! - [`formats::jsonl`]: the canonical JSON Lines format.
//! - [`formats::csv`]: CSV with a header row naming canonical fields.
//! - [`Format`]: the format names the CLI accepts.

pub mod formats;

use rapport_core::Record;
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
    },
    /// Input that cannot become a record, and why.
    Rejected {
        /// 1-based line.
        line: usize,
        /// What is wrong, naming the field when there is one.
        reason: String,
    },
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
        /// What is wrong.
        reason: String,
    },
}

/// The import formats this build understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Canonical JSON Lines.
    Jsonl,
    /// CSV with a header row of canonical field names.
    Csv,
}

impl Format {
    /// Every format name, for help and error messages.
    pub const NAMES: &'static [&'static str] = &["jsonl", "csv"];

    /// Looks a format up by its CLI name.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "jsonl" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Parses `input` in this format.
    pub fn read<'a>(
        self,
        input: Box<dyn BufRead + 'a>,
    ) -> Result<Box<dyn Iterator<Item = Result<Item, IngestError>> + 'a>, IngestError> {
        Ok(match self {
            Format::Jsonl => Box::new(formats::jsonl::read(input)),
            Format::Csv => Box::new(formats::csv::read(input)?),
        })
    }
}
