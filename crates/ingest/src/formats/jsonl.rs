//! Canonical JSON Lines: one interaction or order per line.

use crate::{IngestError, Item};
use rapport_core::Record;
use std::io::BufRead;

/// Reads canonical JSONL. Blank lines are ignored; a line that is not valid
/// UTF-8 or not a valid record is rejected with the reason.
pub fn read<'a>(
    mut input: Box<dyn BufRead + 'a>,
) -> impl Iterator<Item = Result<Item, IngestError>> + 'a {
    let mut line_no = 0usize;
    let mut buf = Vec::with_capacity(1024);
    std::iter::from_fn(move || loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some(Err(IngestError::Io(e))),
        }
        line_no += 1;
        let line = line_no;
        let Ok(text) = std::str::from_utf8(&buf) else {
            return Some(Ok(Item::Rejected {
                line,
                reason: rapport_core::Said::NotUtf8,
            }));
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        return Some(Ok(parse_line(line, text)));
    })
}

/// Parses one non-empty line.
pub fn parse_line(line: usize, text: &str) -> Item {
    match Record::from_json(text) {
        Ok(record) => Item::Record { line, record },
        Err(e) => Item::Rejected {
            line,
            reason: e.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &'static [u8]) -> Vec<Item> {
        read(Box::new(input)).map(|r| r.expect("io")).collect()
    }

    #[test]
    fn good_and_bad_lines_are_kept_apart_with_line_numbers() {
        let input = b"{\"kind\":\"order\",\"order_id\":1,\"total\":5,\"currency\":\"EUR\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n\n{oops\n\xff\xfe\n";
        let got = items(input);
        assert_eq!(got.len(), 3);
        assert!(matches!(got[0], Item::Record { line: 1, .. }));
        assert!(
            matches!(&got[1], Item::Rejected { line: 3, reason } if reason.to_string().contains("json"))
        );
        assert!(
            matches!(&got[2], Item::Rejected { line: 4, reason } if reason.to_string().contains("UTF-8"))
        );
    }
}
