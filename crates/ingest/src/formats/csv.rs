//! CSV whose header row names canonical fields.
//!
//! Columns: `channel, external_id, kind, handle` (or `author.handle`),
//! `display_name, email, followers, bio, text, created_at, in_reply_to,
//! post_id, url, from_brand`; orders use `kind=order` with `order_id,
//! email, total, currency, created_at, status` and one item per row
//! (`sku, title, qty, price`). Unknown columns are ignored; columns may come
//! in any order.

use crate::{IngestError, Item};
use rapport_core::{Record, Said};
use std::collections::HashMap;
use std::io::BufRead;

/// Reads a CSV file with a header row.
pub fn read<'a>(
    input: Box<dyn BufRead + 'a>,
) -> Result<impl Iterator<Item = Result<Item, IngestError>> + 'a, IngestError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(input);
    let headers = reader.headers().map_err(|e| IngestError::BadInput {
        line: 1,
        reason: unreadable(true, &e),
    })?;
    let columns: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase(),
                i,
            )
        })
        .collect();
    if !columns.contains_key("kind") {
        return Err(IngestError::BadInput {
            line: 1,
            reason: Said::CsvNoKindColumn,
        });
    }
    let mut rows = reader.into_records();
    Ok(std::iter::from_fn(move || {
        let row = rows.next()?;
        Some(Ok(match row {
            Err(e) => Item::Rejected {
                line: e.position().map_or(0, |p| p.line() as usize),
                reason: unreadable(false, &e),
            },
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let get = |k: &str| columns.get(k).and_then(|&i| rec.get(i));
                match Record::from_fields(get) {
                    Ok(record) => Item::Record { line, record },
                    Err(e) => Item::Rejected {
                        line,
                        reason: e.into(),
                    },
                }
            }
        }))
    }))
}

/// Why a row (or the header) could not be read: a field that is not
/// UTF-8, or a broken row.
fn unreadable(header: bool, e: &::csv::Error) -> Said {
    let field = match e.kind() {
        ::csv::ErrorKind::Utf8 { err, .. } => Some(err.field() as u64 + 1),
        _ => None,
    };
    Said::UnreadableCsv { header, field }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_records_and_bad_rows_name_their_line() {
        let input = "channel,external_id,kind,handle,text,created_at\n\
                     instagram,1,comment,anna,\"Fits, thanks!\",2026-01-01T00:00:00Z\n\
                     instagram,2,comment,anna,hi,not-a-date\n";
        let got: Vec<Item> = read(Box::new(input.as_bytes()))
            .expect("header")
            .map(|r| r.expect("io"))
            .collect();
        assert!(matches!(&got[0], Item::Record { line: 2, .. }));
        assert!(
            matches!(&got[1], Item::Rejected { line: 3, reason } if reason.to_string().contains("created_at"))
        );
    }

    #[test]
    fn a_row_that_is_not_utf8_names_its_field() {
        let input = b"kind,channel,text\ncomment,instagram,\xff\xfe\n";
        let got: Vec<Item> = read(Box::new(&input[..]))
            .expect("header")
            .map(|r| r.expect("io"))
            .collect();
        assert_eq!(
            got,
            [Item::Rejected {
                line: 2,
                reason: Said::UnreadableCsv {
                    header: false,
                    field: Some(3)
                }
            }]
        );
        let no_kind = read(Box::new(&b"channel,text\n"[..])).err();
        assert!(
            matches!(
                &no_kind,
                Some(IngestError::BadInput {
                    line: 1,
                    reason: Said::CsvNoKindColumn
                })
            ),
            "{no_kind:?}"
        );
    }
}
