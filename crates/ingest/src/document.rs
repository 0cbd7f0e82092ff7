//! Whole JSON documents: API responses, exports and webhook payloads.
//!
//! The input is read at once (API pages are small) and split into top-level
//! JSON values, so a file may hold one response, several concatenated or
//! one per line. Each value goes to the format's conversion, which pushes
//! items into a [`Sink`]; items come out lazily, document by document.
//!
//! A value that is not valid JSON becomes one rejection at the line where it
//! starts (the reason gives serde's exact position); reading resumes at the
//! next line that starts with `{` or `[` in its first column, which is where
//! the next document of a JSON Lines file or of concatenated pretty-printed
//! files begins.
//!
//! The JavaScript assignment that account archives wrap their JSON in
//! (`window.YTD.tweets.part0 = [...]`) is skipped wherever a document starts.

use crate::options::Brand;
use crate::wire::{self, Spanned, WireError};
use crate::{IngestError, Item};
use rapport_core::said::import::{self, Shape};
use rapport_core::{Record, RecordError, Said};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::BufRead;

/// A format's conversion: one top-level document into items.
pub(crate) type Convert = fn(&RawValue, &mut Sink<'_>);

/// Reads `input` as a sequence of JSON documents converted by `convert`.
pub(crate) fn read<'a>(
    mut input: Box<dyn BufRead + 'a>,
    brand: Brand,
    convert: Convert,
) -> Box<dyn Iterator<Item = Result<Item, IngestError>> + 'a> {
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        return Box::new(std::iter::once(Err(IngestError::Io(e))));
    }
    let mut pending = VecDeque::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = 1 + bytes[..valid].iter().filter(|b| **b == b'\n').count();
            pending.push_back(Item::Rejected {
                line,
                reason: Said::NotUtf8Replaced { line: line as u64 },
            });
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let mut doc = Documents::new(text, brand, convert);
    Box::new(std::iter::from_fn(move || loop {
        if let Some(item) = pending.pop_front() {
            return Some(Ok(item));
        }
        if !doc.next_into(&mut pending) {
            return None;
        }
    }))
}

/// Document text with its line index, and the position reached.
struct Documents {
    text: String,
    newlines: Vec<usize>,
    pos: usize,
    brand: Brand,
    convert: Convert,
}

impl Documents {
    fn new(text: String, brand: Brand, convert: Convert) -> Documents {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Documents {
            text,
            newlines,
            pos: 0,
            brand,
            convert,
        }
    }

    /// Converts the next document into `out`; `false` at the end.
    fn next_into(&mut self, out: &mut VecDeque<Item>) -> bool {
        self.pos = skip_filler(&self.text, self.pos);
        if self.pos >= self.text.len() {
            return false;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<&RawValue>();
        let lines = Lines {
            base: self.text.as_ptr() as usize,
            newlines: &self.newlines,
        };
        let start_line = lines.line_of_offset(start);
        match stream.next() {
            None => {
                self.pos = self.text.len();
            }
            Some(Ok(raw)) => {
                let mut sink = Sink {
                    lines,
                    brand: &self.brand,
                    items: Vec::new(),
                };
                (self.convert)(raw, &mut sink);
                // Conversions may look ahead (a thread needs all its
                // statuses); hand the items out in input order.
                sink.items.sort_by_key(Item::line);
                out.extend(sink.items);
                self.pos = start + stream.byte_offset().max(1);
            }
            Some(Err(e)) => {
                let line = start_line + e.line().max(1) - 1;
                out.push_back(Item::Rejected {
                    line: start_line,
                    reason: Said::DocumentMalformed {
                        problem: import::problem(&e),
                        line: line as u64,
                        column: e.column() as u64,
                    },
                });
                self.pos = self.resume_after(start_line);
            }
        }
        true
    }

    /// The offset of the first line after `line` that starts with `{` or
    /// `[`, or the end of the text.
    fn resume_after(&self, line: usize) -> usize {
        for &nl in self.newlines.iter().skip(line - 1) {
            let next = nl + 1;
            if matches!(self.text.as_bytes().get(next), Some(b'{' | b'[')) {
                return next;
            }
        }
        self.text.len()
    }
}

/// Skips whitespace, a byte-order mark, `;` between documents and a
/// `window.NAME = ` assignment; returns the new offset.
fn skip_filler(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        let trimmed =
            rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == ';');
        pos += rest.len() - trimmed.len();
        if trimmed.starts_with("window.") {
            match trimmed.find('=') {
                Some(eq) => pos += eq + 1,
                None => return text.len(),
            }
        } else {
            return pos;
        }
    }
}

/// The elements of `raw` when it is a JSON array.
pub(crate) fn elements(raw: &RawValue) -> Option<Vec<&RawValue>> {
    if raw.get().starts_with('[') {
        serde_json::from_str(raw.get()).ok()
    } else {
        None
    }
}

/// Hands each element of a JSON array to `f`, or `raw` itself when it is
/// not an array: every format accepts one document or a list of them.
pub(crate) fn each<'a>(
    raw: &'a RawValue,
    sink: &mut Sink<'_>,
    f: impl Fn(&'a RawValue, &mut Sink<'_>),
) {
    match elements(raw) {
        Some(list) => {
            for e in list {
                f(e, sink);
            }
        }
        None => f(raw, sink),
    }
}

/// Maps addresses and offsets in the document text to 1-based lines.
#[derive(Clone, Copy)]
pub(crate) struct Lines<'t> {
    base: usize,
    newlines: &'t [usize],
}

impl Lines<'_> {
    fn line_of_offset(&self, offset: usize) -> usize {
        1 + self.newlines.partition_point(|&nl| nl < offset)
    }

    /// The line of an address inside the text (from [`Spanned::at`]).
    pub(crate) fn line_at(&self, addr: usize) -> usize {
        self.line_of_offset(addr.saturating_sub(self.base))
    }
}

/// Where a conversion puts its items, with what it needs to know.
pub(crate) struct Sink<'t> {
    lines: Lines<'t>,
    /// The shop's own accounts.
    pub brand: &'t Brand,
    items: Vec<Item>,
}

impl Sink<'_> {
    /// The line where `raw` starts.
    pub(crate) fn line_of(&self, raw: &RawValue) -> usize {
        self.lines.line_at(raw.get().as_ptr() as usize)
    }

    /// Parses a whole document into `T`; a failure is rejected.
    pub(crate) fn parse<'r, T: Deserialize<'r>>(
        &mut self,
        raw: &'r RawValue,
    ) -> Option<(usize, T)> {
        let line = self.line_of(raw);
        match wire::parse(raw.get()) {
            Ok(v) => Some((line, v)),
            Err(e) => {
                self.wire_error(line, &e);
                None
            }
        }
    }

    /// Opens a spanned element: its line and value, or `None` after
    /// rejecting it.
    pub(crate) fn open<T>(&mut self, s: Spanned<T>) -> Option<(usize, T)> {
        let line = self.lines.line_at(s.at);
        match s.value {
            Ok(v) => Some((line, v)),
            Err(e) => {
                self.wire_error(line, &e);
                None
            }
        }
    }

    fn wire_error(&mut self, line: usize, e: &WireError) {
        self.items.push(Item::Rejected {
            line: line + e.line - 1,
            reason: e.said(),
        });
    }

    /// Parses a whole document (or element) into `T`, rejecting it with
    /// the `shape` it should have been when it has another altogether.
    pub(crate) fn parse_as<'r, T: Deserialize<'r>>(
        &mut self,
        raw: &'r RawValue,
        shape: Shape,
    ) -> Option<(usize, T)> {
        let line = self.line_of(raw);
        if !raw.get().starts_with('{') {
            self.reject(
                line,
                Said::WrongShape {
                    expected: shape,
                    found: import::json_type_of(raw.get()),
                },
            );
            return None;
        }
        self.parse(raw)
    }

    /// Adds a converted record, or its rejection.
    pub(crate) fn push(&mut self, line: usize, record: Result<Record, RecordError>) {
        self.items.push(match record {
            Ok(record) => Item::Record { line, record },
            Err(e) => Item::Rejected {
                line,
                reason: e.into(),
            },
        });
    }

    /// Adds a skip with its note.
    pub(crate) fn skip(&mut self, line: usize, reason: impl Into<Cow<'static, str>>) {
        self.items.push(Item::Skipped {
            line,
            reason: reason.into(),
        });
    }

    /// Adds a rejection.
    pub(crate) fn reject(&mut self, line: usize, reason: Said) {
        self.items.push(Item::Rejected { line, reason });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_docs(raw: &RawValue, sink: &mut Sink<'_>) {
        let line = sink.line_of(raw);
        sink.skip(line, "seen");
    }

    fn items(text: &str) -> Vec<Item> {
        read(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            Brand::default(),
            count_docs,
        )
        .map(|i| i.expect("no io error"))
        .collect()
    }

    fn lines(items: &[Item]) -> Vec<(usize, bool)> {
        items
            .iter()
            .map(|i| match i {
                Item::Skipped { line, .. } => (*line, true),
                Item::Rejected { line, .. } => (*line, false),
                Item::Record { line, .. } => (*line, true),
            })
            .collect()
    }

    #[test]
    fn documents_may_be_concatenated_one_per_line_or_pretty() {
        let got = items("{\"a\":1}\n{\"b\":2}\n\n[\n  1,\n  2\n]\n{\"c\":3}{\"d\":4}");
        assert_eq!(
            lines(&got),
            vec![(1, true), (2, true), (4, true), (8, true), (8, true)]
        );
    }

    #[test]
    fn a_malformed_document_is_one_rejection_and_reading_resumes() {
        let got = items("{\"a\":1}\n{\"b\":\n  2,,\n}\n{\"c\":3}\n{oops\n");
        assert_eq!(
            lines(&got),
            vec![(1, true), (2, false), (5, true), (6, false)]
        );
        let Item::Rejected { reason, .. } = &got[1] else {
            panic!("expected a rejection")
        };
        assert!(reason.to_string().contains("line 3"), "{reason}");
    }

    #[test]
    fn archive_assignments_and_byte_order_marks_are_skipped() {
        let got = items("\u{feff}window.YTD.tweets.part0 = [\n1]\n;");
        assert_eq!(lines(&got), vec![(1, true)]);
    }

    #[test]
    fn invalid_utf8_is_reported_and_the_rest_is_read() {
        let got: Vec<Item> = read(
            Box::new(&b"{\"a\":1}\n{\"b\":\"\xff\"}\n"[..]),
            Brand::default(),
            count_docs,
        )
        .map(|i| i.expect("no io error"))
        .collect();
        assert_eq!(lines(&got), vec![(2, false), (1, true), (2, true)]);
    }
}
