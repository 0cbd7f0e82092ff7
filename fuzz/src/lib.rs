//! The property every fuzz target checks, for any bytes in any format:
//! reading never panics and reaches the end, every rejection and skip says
//! why (with a line number from 1; a rejection as a sentence kind, never
//! words without one, so the dashboard says it in the user's language),
//! and every record survives the canonical JSON round trip. The same check runs as a proptest in
//! `crates/ingest/tests/formats.rs` on the stable toolchain.

use rapport_core::Record;
use rapport_ingest::{Format, Item, Options};

/// Reads `data` as `format` and checks the property; panics when it fails,
/// which is what libFuzzer reports.
pub fn check(format: Format, data: &[u8]) {
    let options = Options::default()
        .with_brand("x", "trailandtyre")
        .with_brand("mastodon", "bikeshop")
        .with_brand("bluesky", "did:plc:shop4trailtyrebikes0000");
    let Ok(items) = format.read(Box::new(data), &options) else {
        return;
    };
    for item in items {
        match item.expect("reading from memory cannot fail") {
            Item::Record { line, record } => {
                assert!(line >= 1);
                let json = record.to_json();
                let back = Record::from_json(&json)
                    .unwrap_or_else(|e| panic!("{json} does not parse back: {e}"));
                assert_eq!(back, record, "{json}");
            }
            Item::Skipped { line, reason } => {
                assert!(line >= 1);
                assert!(!reason.trim().is_empty(), "a skip without a reason");
            }
            Item::Rejected { line, reason } => {
                assert!(line >= 1);
                assert!(
                    !reason.to_string().trim().is_empty(),
                    "a rejection without a reason"
                );
                assert!(
                    !matches!(reason, rapport_core::Said::Verbatim { .. }),
                    "a rejection without a kind: {reason}"
                );
            }
        }
    }
}
