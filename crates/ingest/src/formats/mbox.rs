//! Mailboxes in the mbox format (mboxo and mboxrd), as mail programs
//! export a folder and Google Takeout exports a mailbox.
//!
//! Each message starts with a line beginning `From ` (the envelope, e.g.
//! `From anna@example.org Tue Oct  6 09:14:00 2026`) at the start of the
//! file or after a blank line; the blank line before it ends the previous
//! message. Body lines that the writer escaped, `>From ` (and, in mboxrd,
//! `>>From ` and so on), lose one `>`. Each message becomes one interaction
//! on the channel `email` as the shared module `formats/mail.rs` describes,
//! reported at the line of its `From ` line. Text before the first `From ` line (blank
//! lines and a byte-order mark aside) is read as a message of its own
//! starting at its first line, so a single saved message reads too.
//!
//! The input is read line by line and one message at a time, so a mailbox
//! of any size takes the memory of its largest message.

use crate::formats::mail;
use crate::options::Brand;
use crate::{IngestError, Item};
use std::io::BufRead;

/// Reads the messages of a mailbox, each as one item.
pub(crate) fn read<'a>(
    mut input: Box<dyn BufRead + 'a>,
    brand: Brand,
) -> impl Iterator<Item = Result<Item, IngestError>> + 'a {
    let reader = mail::Reader::new(brand);
    let mut line_no = 0usize;
    // The start of the file counts as following a blank line.
    let mut after_blank = true;
    let mut current: Option<Pending> = None;
    let mut buf = Vec::with_capacity(1024);
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => {
                done = true;
                return current.take().map(|m| Ok(m.finish(&reader)));
            }
            Ok(_) => {}
            Err(e) => {
                done = true;
                return Some(Err(IngestError::Io(e)));
            }
        }
        line_no += 1;
        let line = match line_no {
            1 => buf.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&buf),
            _ => &buf[..],
        };
        let blank = line.iter().all(u8::is_ascii_whitespace);
        let separator = after_blank && line.starts_with(b"From ");
        after_blank = blank;
        if separator {
            if let Some(done) = current.replace(Pending::new(line_no)) {
                return Some(Ok(done.finish(&reader)));
            }
            continue;
        }
        match &mut current {
            Some(m) => m.push(line),
            None if blank => {}
            None => {
                let mut m = Pending::new(line_no);
                m.push(line);
                current = Some(m);
            }
        }
    })
}

/// A message being collected.
struct Pending {
    /// The line of its `From ` line (or its first line).
    line: usize,
    bytes: Vec<u8>,
}

impl Pending {
    fn new(line: usize) -> Pending {
        Pending {
            line,
            bytes: Vec::new(),
        }
    }

    /// Adds a line, unescaping `>From `.
    fn push(&mut self, line: &[u8]) {
        let quotes = line.iter().take_while(|b| **b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            self.bytes.extend_from_slice(&line[1..]);
        } else {
            self.bytes.extend_from_slice(line);
        }
    }

    /// Converts the message, without the blank line that separated it from
    /// the next one.
    fn finish(mut self, reader: &mail::Reader) -> Item {
        if self.bytes.ends_with(b"\r\n\r\n") {
            self.bytes.truncate(self.bytes.len() - 2);
        } else if self.bytes.ends_with(b"\n\n") {
            self.bytes.truncate(self.bytes.len() - 1);
        }
        reader.convert(self.line, &self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(input: impl Into<Vec<u8>>) -> Vec<(usize, bool)> {
        read(
            Box::new(std::io::Cursor::new(input.into())),
            Brand::default(),
        )
        .map(|i| match i.expect("no io error") {
            Item::Record { line, .. } => (line, true),
            Item::Skipped { line, .. } | Item::Rejected { line, .. } => (line, false),
        })
        .collect()
    }

    const MSG: &str = "From: a@b.example\nDate: Tue, 06 Oct 2026 09:14:00 +0000\nMessage-ID: <1@b.example>\n\nhi\n";

    #[test]
    fn from_lines_after_blank_lines_separate_messages() {
        let input = format!(
            "From x Tue Oct  6 09:14:00 2026\n{MSG}\nFrom y Tue Oct  6 09:14:00 2026\n{}\nFrom z\n",
            MSG.replace("<1@", "<2@")
        );
        // The third message is empty: rejected at its own line.
        assert_eq!(lines_of(input), vec![(1, true), (8, true), (15, false)]);
    }

    #[test]
    fn a_from_line_inside_a_paragraph_is_text_and_leading_text_is_a_message() {
        let input = format!("\n{MSG}From the shop, with love\n");
        assert_eq!(lines_of(input), vec![(2, true)]);
        assert!(lines_of("").is_empty());
        assert_eq!(lines_of("not mail\n"), vec![(1, false)]);
    }

    #[test]
    fn escaped_from_lines_lose_one_quote() {
        let mut m = Pending::new(1);
        m.push(b">From here\n");
        m.push(b">>From there\n");
        m.push(b">Fromage\n");
        m.push(b"> From a quote\n");
        assert_eq!(
            m.bytes,
            b"From here\n>From there\n>Fromage\n> From a quote\n".to_vec()
        );
    }
}
