//! CSV exports of the people list, the inbox and the report: one place
//! that writes them, so `GET /api/people.csv` and `rapport people --csv`
//! (and the inbox's and report's pairs) give the same bytes.
//!
//! # Shape
//!
//! RFC 4180 as the `csv` crate writes it: UTF-8 without a byte-order
//! mark, a header row, CRLF line ends, a cell quoted when it holds a
//! comma, quote or line break. Lists inside a cell are joined with a
//! space (labels, accounts, intents) or ` | ` (evidence sentences).
//! Numbers are written with at most four decimals; times in RFC 3339
//! UTC. The columns of each export are in `docs/FORMATS.md`.
//!
//! # Formula injection
//!
//! Imported texts come from anyone, and a spreadsheet runs a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return before
//! one) as a formula. Every cell that starts with one of those gets a
//! single quote in front ([`neutralised`]), whatever column it is in.
//!
//! # Large lists
//!
//! The people list and the inbox are read from the store a chunk at a
//! time ([`Export::next_chunk`]): the server sends each chunk as it comes
//! and the CLI writes it to stdout, so a million people never sit in one
//! string. Chunks are pages by offset over an order that does not change
//! while nothing is written.

use super::inbox::{self, InboxItem};
use super::people::PersonSummary;
use super::report::FullReport;
use crate::EngineError;
use rapport_core::priority::Targets;
use rapport_store::views::{PeopleFilter, PeopleSort, QueueFilter};
use rapport_store::Store;
use std::borrow::Cow;

/// The media type of every export.
pub const CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// People read from the store per chunk.
pub const PEOPLE_CHUNK: u64 = 2_000;
/// Inbox items read from the store per chunk.
pub const INBOX_CHUNK: u64 = 1_000;

/// The columns of the people export.
pub const PEOPLE_COLUMNS: [&str; 12] = [
    "id",
    "name",
    "stage",
    "labels",
    "accounts",
    "engagement",
    "loyalty",
    "advocacy",
    "reach",
    "alignment",
    "lifetime_value",
    "evidence",
];

/// The columns of the inbox export.
pub const INBOX_COLUMNS: [&str; 20] = [
    "id",
    "created_at",
    "channel",
    "kind",
    "person_id",
    "name",
    "handle",
    "stage",
    "labels",
    "priority",
    "target_minutes",
    "due_at",
    "past_target",
    "language",
    "sentiment",
    "intents",
    "assigned_to",
    "post_id",
    "url",
    "text",
];

/// The columns of the report export.
pub const REPORT_COLUMNS: [&str; 20] = [
    "row",
    "channel",
    "week_start",
    "inbound",
    "answered",
    "answered_share",
    "median_first_response_minutes",
    "p90_first_response_minutes",
    "conversations",
    "specific_comments",
    "generic_comments",
    "recommendations",
    "true_fans",
    "evangelists",
    "followers",
    "likes",
    "comments",
    "fans_gained",
    "evangelists_gained",
    "since",
];

/// A cell made safe to open in a spreadsheet: a single quote before a
/// leading `=`, `+`, `-`, `@`, tab or carriage return.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A number with at most four decimals, trailing zeros dropped (`0.75`,
/// `12`); empty when it is not finite.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn optional(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

/// Rows written as CSV bytes, each cell neutralised.
fn write_rows<R: AsRef<str>>(rows: &[Vec<R>]) -> Result<Vec<u8>, EngineError> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row.iter().map(|c| neutralised(c.as_ref()).into_owned()))
            .map_err(|e| EngineError::internal(format!("writing CSV: {e}")))?;
    }
    w.into_inner()
        .map_err(|e| EngineError::internal(format!("writing CSV: {e}")))
}

/// An export read a chunk at a time.
pub trait Export: Send {
    /// The next chunk of CSV bytes (the header row first), or `None` when
    /// everything was written.
    fn next_chunk(&mut self, store: &dyn Store) -> Result<Option<Vec<u8>>, EngineError>;

    /// Every chunk, one after the other (for small lists and tests).
    fn collect_all(&mut self, store: &dyn Store) -> Result<Vec<u8>, EngineError> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk(store)? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

/// Where a paged export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    /// The header row is next.
    Header,
    /// Rows from this offset are next.
    At(u64),
    /// Everything was written.
    Done,
}

/// One paged export's step: the header, or the rows of one page (fewer
/// than `chunk` rows ends it).
fn step(
    cursor: &mut Cursor,
    columns: &[&str],
    chunk: u64,
    page: impl FnOnce(u64) -> Result<Vec<Vec<String>>, EngineError>,
) -> Result<Option<Vec<u8>>, EngineError> {
    match *cursor {
        Cursor::Header => {
            *cursor = Cursor::At(0);
            write_rows(&[columns.to_vec()]).map(Some)
        }
        Cursor::Done => Ok(None),
        Cursor::At(offset) => {
            let rows = page(offset)?;
            let n = rows.len() as u64;
            *cursor = if n < chunk {
                Cursor::Done
            } else {
                Cursor::At(offset + n)
            };
            if rows.is_empty() {
                return Ok(None);
            }
            write_rows(&rows).map(Some)
        }
    }
}

/// The people list as CSV: everyone the filter lets through, in `sort`
/// order.
#[derive(Debug, Clone)]
pub struct PeopleExport {
    filter: PeopleFilter,
    sort: PeopleSort,
    chunk: u64,
    cursor: Cursor,
}

impl PeopleExport {
    /// The export of the people `filter` lets through, in `sort` order.
    pub fn new(filter: PeopleFilter, sort: PeopleSort) -> PeopleExport {
        PeopleExport {
            filter,
            sort,
            chunk: PEOPLE_CHUNK,
            cursor: Cursor::Header,
        }
    }

    /// The same export read `n` people at a time (at least one): the
    /// bytes do not depend on it.
    pub fn chunked(mut self, n: u64) -> PeopleExport {
        self.chunk = n.max(1);
        self
    }
}

fn person_row(p: &PersonSummary) -> Vec<String> {
    let s = &p.scores;
    vec![
        p.id.0.to_string(),
        p.name.clone(),
        p.stage.as_str().to_string(),
        p.labels
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        p.identities
            .iter()
            .map(|i| format!("{}:{}", i.channel, i.handle))
            .collect::<Vec<_>>()
            .join(" "),
        number(s.engagement),
        number(s.loyalty),
        number(s.advocacy),
        number(s.reach),
        optional(s.alignment),
        number(s.lifetime_value),
        p.evidence
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" | "),
    ]
}

impl Export for PeopleExport {
    fn next_chunk(&mut self, store: &dyn Store) -> Result<Option<Vec<u8>>, EngineError> {
        let (filter, sort, chunk) = (self.filter, self.sort, self.chunk);
        step(&mut self.cursor, &PEOPLE_COLUMNS, chunk, |offset| {
            let (briefs, _) = store.people_page(&filter, sort, offset, chunk)?;
            Ok(briefs
                .into_iter()
                .map(|b| person_row(&PersonSummary::from(b)))
                .collect())
        })
    }
}

/// The open inbox as CSV: every item the filter lets through, most
/// urgent first, as of one moment.
#[derive(Debug, Clone)]
pub struct InboxExport {
    filter: QueueFilter,
    now: i64,
    targets: Targets,
    chunk: u64,
    cursor: Cursor,
}

impl InboxExport {
    /// The export of the open items `filter` lets through, ordered and
    /// judged against their targets at `now`.
    pub fn new(filter: QueueFilter, now: i64, targets: Targets) -> InboxExport {
        InboxExport {
            filter,
            now,
            targets,
            chunk: INBOX_CHUNK,
            cursor: Cursor::Header,
        }
    }

    /// The same export read `n` items at a time (at least one): the
    /// bytes do not depend on it.
    pub fn chunked(mut self, n: u64) -> InboxExport {
        self.chunk = n.max(1);
        self
    }
}

fn inbox_row(i: &InboxItem) -> Vec<String> {
    let a = i.analysis.as_ref();
    vec![
        i.id.0.to_string(),
        i.created_at.to_rfc3339(),
        i.channel.clone(),
        i.kind.as_str().to_string(),
        i.person.id.0.to_string(),
        i.person.name.clone(),
        i.person.handle.clone(),
        i.person.stage.as_str().to_string(),
        i.person
            .labels
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        i.priority.to_string(),
        i.target_minutes.to_string(),
        i.due_at.to_rfc3339(),
        i.past_target.to_string(),
        a.map(|a| a.language.clone()).unwrap_or_default(),
        a.map(|a| a.sentiment.clone()).unwrap_or_default(),
        a.map(|a| a.intents.join(" ")).unwrap_or_default(),
        i.state
            .as_ref()
            .and_then(|s| s.assigned_to.clone())
            .unwrap_or_default(),
        i.post_id.clone().unwrap_or_default(),
        i.url.clone().unwrap_or_default(),
        i.text.clone(),
    ]
}

impl Export for InboxExport {
    fn next_chunk(&mut self, store: &dyn Store) -> Result<Option<Vec<u8>>, EngineError> {
        let (filter, now, targets, chunk) = (&self.filter, self.now, self.targets, self.chunk);
        step(&mut self.cursor, &INBOX_COLUMNS, chunk, |offset| {
            let page = store.queue_page(now, filter, offset, chunk)?;
            Ok(page
                .items
                .into_iter()
                .map(|mut q| {
                    let state = q.state.take();
                    inbox_row(&inbox::item(q, state.as_ref(), now, targets))
                })
                .collect())
        })
    }
}

/// The report as CSV, one table in long form: a `channel` row per
/// channel, a `total` row, then a `week` row per calendar week; the
/// cells a kind of row has no figure for are empty (see
/// `docs/FORMATS.md`).
pub fn report(r: &FullReport) -> Result<Vec<u8>, EngineError> {
    let since = r.base.since.clone().unwrap_or_else(|| "all".to_string());
    let figures = |kind: &str, channel: &str, f: &rapport_core::report::ChannelFigures| {
        let m = &f.meaningful;
        let v = &f.vanity;
        vec![
            kind.to_string(),
            channel.to_string(),
            String::new(),
            m.inbound.to_string(),
            m.answered.to_string(),
            number(m.answered_share),
            optional(m.median_first_response_minutes),
            optional(m.p90_first_response_minutes),
            m.conversations.to_string(),
            m.specific_comments.to_string(),
            m.generic_comments.to_string(),
            m.recommendations.to_string(),
            m.true_fans.to_string(),
            m.evangelists.to_string(),
            v.followers.to_string(),
            v.likes.to_string(),
            v.comments.to_string(),
            String::new(),
            String::new(),
            since.clone(),
        ]
    };
    let mut rows: Vec<Vec<String>> = vec![REPORT_COLUMNS.iter().map(|c| c.to_string()).collect()];
    for (channel, f) in &r.base.per_channel {
        rows.push(figures("channel", channel, f));
    }
    let total = rapport_core::report::ChannelFigures {
        meaningful: r.base.meaningful.clone(),
        vanity: r.base.vanity.clone(),
    };
    rows.push(figures("total", "", &total));
    for w in &r.weekly {
        let mut row = vec![String::new(); REPORT_COLUMNS.len()];
        row[0] = "week".to_string();
        row[2] = w.week_start.clone();
        row[3] = w.inbound.to_string();
        row[4] = w.answered.to_string();
        row[5] = number(w.answered_share);
        row[6] = optional(w.median_first_response_minutes);
        row[17] = w.fans_gained.to_string();
        row[18] = w.evangelists_gained.to_string();
        row[19] = since.clone();
        rows.push(row);
    }
    write_rows(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_get_a_quote() {
        for bad in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralised(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["Anna", "", " =1", "a=b", "'quoted", "ยาง"] {
            assert_eq!(neutralised(fine), fine, "{fine:?}");
        }
        let bytes = write_rows(&[vec!["=1+1", "a,b", "say \"hi\"\nbye"]]).expect("csv");
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            "'=1+1,\"a,b\",\"say \"\"hi\"\"\nbye\"\r\n"
        );
    }

    #[test]
    fn numbers_have_at_most_four_decimals() {
        assert_eq!(number(0.75), "0.75");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(1.0 / 3.0), "0.3333");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(optional(None), "");
    }
}
