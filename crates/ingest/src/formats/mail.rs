//! One mail message (RFC 5322 with MIME) as one interaction on the channel
//! `email`; shared by [`super::mbox`] and [`super::eml`], which only frame
//! the input.
//!
//! The MIME work — header folding, RFC 2047 encoded words, quoted-printable
//! and base64 bodies, multipart, charsets — is done by the `mail-parser`
//! crate. What this module decides:
//!
//! - `external_id` is the `Message-ID` without its angle brackets (the
//!   first, should it name several); a message without one is rejected
//!   (nothing else identifies it on a second import).
//! - The author is the first `From` address, lowercased, as both handle and
//!   email; its display name (decoded) is kept. A message without a `From`
//!   address is rejected.
//! - The time is the `Date` header, an RFC 2822 date (obsolete forms too:
//!   two-digit years, `GMT`, `EST`, comments); a missing or unreadable
//!   `Date` is rejected. A weekday that does not match the date is ignored.
//! - `kind` is `reply` when `In-Reply-To` or `References` names a message
//!   (`in_reply_to` is the first id of `In-Reply-To`, else the last of
//!   `References`), otherwise `message`.
//! - The text is the `text/plain` body (every inline text part, in order),
//!   or, when there is none, the `text/html` body as plain text, with the
//!   quoted part taken out: see [`answer`].
//! - `from_brand` when the address is one of the shop's `email` accounts.
//!
//! `Subject` is not kept: the canonical record has no field for it, and an
//! answer's subject is the shop's own with `Re:` before it.

use crate::draft::Draft;
use crate::html;
use crate::options::Brand;
use crate::timestamps;
use crate::Item;
use mail_parser::{HeaderName, HeaderValue, Message, MessageParser, PartType};
use rapport_core::said::import::shorten;
use rapport_core::{Email, Kind, Record, Said, Timestamp};
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// The channel of every mail record.
const CHANNEL: &str = "email";

/// Converts messages; holds what every message of an input shares.
pub(crate) struct Reader {
    parser: MessageParser,
    brand: Brand,
}

impl Reader {
    pub(crate) fn new(brand: Brand) -> Reader {
        // The headers this module reads, and the MIME headers the bodies
        // need; the rest stay raw (the `Date` is parsed here, strictly).
        let parser = MessageParser::new()
            .with_mime_headers()
            .with_message_ids()
            .header_address(HeaderName::From);
        Reader { parser, brand }
    }

    /// The record for the message `raw` that starts at `line`, or why it
    /// cannot be one.
    pub(crate) fn convert(&self, line: usize, raw: &[u8]) -> Item {
        match self.record(raw) {
            Ok(record) => Item::Record { line, record },
            Err(reason) => Item::Rejected { line, reason },
        }
    }

    fn record(&self, raw: &[u8]) -> Result<Record, Said> {
        if !starts_with_header(raw) {
            return Err(Said::NotMail);
        }
        let msg = self.parser.parse(raw).ok_or(Said::NoHeaderFields)?;
        let id = match msg.header(HeaderName::MessageId) {
            Some(v) => first_id(v).ok_or_else(|| Said::field("Message-ID", Said::NamesNoId))?,
            None => return Err(Said::field("Message-ID", Said::MissingMessageId)),
        };
        let from = msg
            .from()
            .and_then(|a| a.iter().find(|a| a.address().is_some_and(nonblank)))
            .ok_or_else(|| match msg.header(HeaderName::From) {
                Some(_) => Said::field("From", Said::NamesNoAddress),
                None => Said::field("From", Said::IsMissing),
            })?;
        let address = from.address().unwrap_or_default().trim().to_lowercase();
        let created_at = date(&msg)?;
        let in_reply_to = first_id(msg.in_reply_to()).or_else(|| last_id(msg.references()));
        let kind = if in_reply_to.is_some() {
            Kind::Reply
        } else {
            Kind::Message
        };
        let mut d = Draft::new(CHANNEL, kind);
        d.external_id = Some(id);
        d.from_brand = self.brand.is(CHANNEL, [address.as_str()]);
        d.display_name = from.name().map(|n| n.trim().to_string());
        d.handle = Some(address.clone());
        d.text = answer(&body(&msg));
        d.created_at = Some(created_at);
        d.in_reply_to = in_reply_to;
        let mut record = d.finish().map_err(Said::from)?;
        if let Record::Interaction(i) = &mut record {
            // Draft knows no email; an address of another shape (no dotted
            // domain) stays the handle only.
            i.author.email = Email::parse(&address).ok();
        }
        Ok(record)
    }
}

fn nonblank(s: &str) -> bool {
    !s.trim().is_empty()
}

/// Whether the first line of `raw` is a header field (`Name:`), as every
/// message's first line is. Names are taken to be ASCII letters, digits,
/// `-`, `_` and `.`: every field in use is, and JSON or prose is not.
fn starts_with_header(raw: &[u8]) -> bool {
    let line = raw.split(|b| *b == b'\n').next().unwrap_or_default();
    match line.iter().position(|b| *b == b':') {
        Some(colon) if colon > 0 => line[..colon]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')),
        _ => false,
    }
}

/// The `Date` header as a moment, or the rejection naming it.
fn date(msg: &Message<'_>) -> Result<Timestamp, Said> {
    let bad = |why| Said::field("Date", why);
    let Some(raw) = msg.header_raw(HeaderName::Date) else {
        return Err(bad(match msg.header(HeaderName::Date) {
            Some(_) => Said::NotUtf8Text,
            None => Said::IsMissing,
        }));
    };
    let unfolded: String = raw.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
    let value = unfolded.trim();
    if value.is_empty() {
        return Err(bad(Said::IsEmpty));
    }
    parse_date(value).ok_or_else(|| {
        bad(Said::NotMailDate {
            value: shorten(value),
        })
    })
}

/// An RFC 2822 date, with the obsolete forms RFC 5322 still allows.
fn parse_date(value: &str) -> Option<Timestamp> {
    let t = OffsetDateTime::parse(value, &Rfc2822).ok().or_else(|| {
        // A weekday that does not match the date: the date is what counts.
        let (weekday, rest) = value.split_once(',')?;
        if !weekday.trim().bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        OffsetDateTime::parse(rest.trim_start(), &Rfc2822).ok()
    })?;
    timestamps::from_secs(t.unix_timestamp() as f64)
}

/// The first message id of an id header (`In-Reply-To`).
fn first_id(v: &HeaderValue<'_>) -> Option<String> {
    ids(v).into_iter().next()
}

/// The last message id of an id header (`References`: the parent is last).
fn last_id(v: &HeaderValue<'_>) -> Option<String> {
    ids(v).pop()
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    let all: Vec<&str> = match v {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.as_ref()).collect(),
        _ => Vec::new(),
    };
    all.into_iter()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(String::from)
        .collect()
}

/// The words of the message: its inline `text/plain` parts, or its
/// `text/html` body as plain text when it has no plain one.
fn body(msg: &Message<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in msg.text_bodies() {
        match &part.body {
            PartType::Text(t) => parts.push(t.to_string()),
            PartType::Html(h) => parts.push(html::to_text(h)),
            _ => {}
        }
    }
    parts.join("\n\n")
}

/// What the writer wrote, without what they quoted:
///
/// - lines starting with `>` are dropped;
/// - an attribution line — `On … wrote:` or `Am … schrieb …:` with a date
///   in it, also when wrapped onto a second line — ends the text when what follows it is not
///   quoted with `>` (a top-posted answer above an unmarked original); when
///   `>` lines follow it, only the line itself goes, so an answer written
///   below or between the quoted lines is kept;
/// - `-----Original Message-----` (or `-----Ursprüngliche Nachricht-----`)
///   ends the text;
/// - a signature, from a line `-- ` on, is dropped.
///
/// Line ends become `\n`, runs of blank lines one blank line, and the
/// result is trimmed.
fn answer(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = body.split('\n').collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        let t = line.trim_start();
        if t.starts_with('>') {
            i += 1;
            continue;
        }
        if line == "--" || is_original_marker(t) {
            break;
        }
        if let Some(used) = attribution(t, lines.get(i + 1).copied()) {
            let next_text = lines[i + used..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty());
            if next_text.is_some_and(|l| l.starts_with('>')) {
                i += used;
                continue;
            }
            break;
        }
        kept.push(line);
        i += 1;
    }
    let mut text = String::new();
    let mut gap = false;
    for line in kept {
        if line.trim().is_empty() {
            gap = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if gap { "\n\n" } else { "\n" });
        }
        gap = false;
        text.push_str(line);
    }
    text
}

/// How many lines (1 or 2) the attribution starting at `line` takes, if it
/// is one.
fn attribution(line: &str, next: Option<&str>) -> Option<usize> {
    if !(line.starts_with("On ") || line.starts_with("Am ")) {
        return None;
    }
    if is_attribution(line) {
        return Some(1);
    }
    let next = next?.trim();
    (!next.is_empty() && is_attribution(&format!("{line} {next}"))).then_some(2)
}

/// `On <date>, <name> wrote:` or `Am <date> schrieb <name>:`; the date
/// (a digit) tells it from a sentence such as `Am Montag schrieb ich:`.
fn is_attribution(line: &str) -> bool {
    let english = line.starts_with("On ") && line.ends_with("wrote:");
    let german = line.starts_with("Am ") && line.ends_with(':') && line.contains(" schrieb");
    (english || german) && line.bytes().any(|b| b.is_ascii_digit())
}

/// `-----Original Message-----` and its German twin, any case and spacing.
fn is_original_marker(line: &str) -> bool {
    if !line.starts_with("---") {
        return false;
    }
    let inner = line.trim_matches(|c: char| c == '-' || c.is_whitespace());
    inner.eq_ignore_ascii_case("original message")
        || inner.to_lowercase() == "ursprüngliche nachricht"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_lines_attributions_and_signatures_are_dropped() {
        let top = "Danke, passt!\r\n\r\n-- \r\nAnna\r\n\r\nAm 06.10.2026 um 09:14 schrieb Trail & Tyre <hello@trailandtyre.example>:\r\n> Wie war's?\r\n";
        assert_eq!(answer(top), "Danke, passt!");
        let below = "On Tue, 6 Oct 2026 at 09:14, Trail & Tyre <hello@trailandtyre.example>\nwrote:\n> How was it?\n> Any questions?\n\nGreat,\n\n\nthanks.\n> Bye\nAnd one more.";
        assert_eq!(answer(below), "Great,\n\nthanks.\nAnd one more.");
        let outlook = "Yes please.\n\n-----Original Message-----\nFrom: shop\nHow was it?";
        assert_eq!(answer(outlook), "Yes please.");
        let unmarked = "Fine.\nOn Tue, 6 Oct 2026, Shop wrote:\nHow was it?";
        assert_eq!(answer(unmarked), "Fine.");
        assert_eq!(answer("> only a quote\n"), "");
        assert_eq!(answer("On sale? When?"), "On sale? When?");
        let prose = "Am Montag schrieb ich Ihnen:\nDer Reifen passt.";
        assert_eq!(
            answer(prose),
            "Am Montag schrieb ich Ihnen:\nDer Reifen passt."
        );
    }

    #[test]
    fn dates_take_rfc_2822_and_its_obsolete_forms() {
        let iso = |s: &str| parse_date(s).map(|t| t.to_rfc3339()).unwrap_or_default();
        assert_eq!(
            iso("Tue, 06 Oct 2026 11:14:00 +0200"),
            "2026-10-06T09:14:00Z"
        );
        assert_eq!(iso("6 Oct 2026 09:14:00 GMT"), "2026-10-06T09:14:00Z");
        assert_eq!(iso("Tue, 6 Oct 26 05:14 EDT"), "2026-10-06T09:14:00Z");
        assert_eq!(
            iso("Tue, 06 Oct 2026 11:14:00 +0200 (CEST)"),
            "2026-10-06T09:14:00Z"
        );
        // The weekday is wrong: the date wins.
        assert_eq!(
            iso("Fri, 06 Oct 2026 11:14:00 +0200"),
            "2026-10-06T09:14:00Z"
        );
        assert_eq!(iso("2026-10-06T09:14:00Z"), "");
        assert_eq!(iso("Tue, 31 Feb 2026 11:14:00 +0200"), "");
        assert_eq!(iso("yesterday, after lunch"), "");
    }

    #[test]
    fn a_first_line_that_is_no_header_is_not_a_message() {
        assert!(starts_with_header(b"From: a@b.example\n"));
        assert!(starts_with_header(b"X-Mailer:x"));
        assert!(!starts_with_header(b"{\"id\": 1}\n"));
        assert!(!starts_with_header(b": x\n"));
        assert!(!starts_with_header(b""));
    }
}
