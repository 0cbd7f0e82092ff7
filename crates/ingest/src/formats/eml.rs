//! One mail message per input (`.eml`, `message/rfc822`): a customer's
//! answer to the shop's email, saved from a mail program.
//!
//! A byte-order mark and blank lines before the headers are skipped, and so
//! is an mbox `From ` line above them (some programs save one). The message
//! becomes one interaction on the channel `email` as the shared module
//! `formats/mail.rs` describes; its line is that of its first line. Empty
//! input yields nothing.

use crate::formats::mail;
use crate::options::Brand;
use crate::{IngestError, Item};
use std::io::BufRead;

/// Reads one message from `input`.
pub(crate) fn read<'a>(
    mut input: Box<dyn BufRead + 'a>,
    brand: Brand,
) -> impl Iterator<Item = Result<Item, IngestError>> + 'a {
    let mut bytes = Vec::new();
    let item = match input.read_to_end(&mut bytes) {
        Err(e) => Some(Err(IngestError::Io(e))),
        Ok(_) => message(&bytes, brand).map(Ok),
    };
    item.into_iter()
}

/// The message in `bytes`, or nothing when there is only white space.
fn message(bytes: &[u8], brand: Brand) -> Option<Item> {
    let mut rest = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut line = 1;
    loop {
        let end = rest.iter().position(|b| *b == b'\n');
        let first = &rest[..end.unwrap_or(rest.len())];
        if !first.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        rest = &rest[end? + 1..];
        line += 1;
    }
    if rest.starts_with(b"From ") {
        let end = rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
        rest = rest.get(end + 1..).unwrap_or_default();
    }
    Some(mail::Reader::new(brand).convert(line, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &'static [u8]) -> Vec<Item> {
        read(Box::new(input), Brand::default())
            .map(|i| i.expect("no io error"))
            .collect()
    }

    #[test]
    fn blank_input_is_nothing_and_leading_blank_lines_count() {
        assert!(read_all(b"").is_empty());
        assert!(read_all(b" \r\n\n").is_empty());
        let got = read_all(b"\n\nFrom a@b.example Tue Oct  6 09:14:00 2026\nSubject: x\n\nhi\n");
        assert_eq!(got.len(), 1);
        let Item::Rejected { line, reason } = &got[0] else {
            panic!("no Message-ID: {got:?}")
        };
        assert_eq!(*line, 3);
        assert!(reason.to_string().contains("Message-ID"), "{reason}");
    }

    #[test]
    fn headers_that_name_nothing_are_rejected_by_name() {
        let reason = |input: &'static [u8]| match &read_all(input)[..] {
            [Item::Rejected { reason, .. }] => reason.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            reason(b"Message-ID:\nFrom: a@b.example\n\nhi"),
            "field `Message-ID`: names no id"
        );
        assert_eq!(
            reason(b"Message-ID: <a@b>\nFrom: Anna\n\nhi"),
            "field `From`: names no address"
        );
        assert_eq!(
            reason(b"Message-ID: <a@b>\nTo: a@b.example\n\nhi"),
            "field `From`: is missing"
        );
        assert_eq!(
            reason(b"Message-ID: <a@b>\nFrom: a@b.example\nDate:  \n\nhi"),
            "field `Date`: is empty"
        );
    }

    #[test]
    fn json_is_not_a_message() {
        let got = read_all(b"{\"id\": 1}\n");
        let Item::Rejected { reason, .. } = &got[0] else {
            panic!("{got:?}")
        };
        assert!(
            reason.to_string().starts_with("not a mail message"),
            "{reason}"
        );
    }
}
