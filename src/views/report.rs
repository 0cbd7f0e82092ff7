//! The report: meaningful metrics beside vanity metrics.

use super::Snapshot;
use rapport_core::ladder::Label;
use rapport_core::report::{self, PeopleFigures, Report, Row};

/// Parses `all`, `30d` or `12w` into a start time relative to `now`.
pub fn parse_since(raw: &str, now: i64) -> Result<Option<i64>, String> {
    let raw = raw.trim();
    if raw == "all" {
        return Ok(None);
    }
    let (num, unit) = raw.split_at(raw.len().saturating_sub(1));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("--since {raw:?}: expected `all` or a duration like 30d or 12w"))?;
    let days = match unit {
        "d" => n,
        "w" => n * 7,
        _ => {
            return Err(format!(
                "--since {raw:?}: the unit must be d (days) or w (weeks)"
            ))
        }
    };
    Ok(Some(now - days * 86_400))
}

/// Builds the report over interactions at or after `since`.
pub fn report(snap: &Snapshot, since: Option<i64>) -> Report {
    let rows: Vec<Row> = snap
        .interactions
        .iter()
        .zip(&snap.answered_at)
        .map(|(i, answered_at)| Row {
            channel: i.channel.clone(),
            kind: i.kind,
            from_brand: i.from_brand,
            at: i.at,
            answered_at: *answered_at,
            text: i.text.clone(),
        })
        .collect();
    let count = |l: Label| {
        snap.assessments
            .values()
            .filter(|a| a.labels.contains(&l))
            .count() as u64
    };
    let people = PeopleFigures {
        conversations: snap.conversations(since),
        true_fans: count(Label::TrueFan),
        evangelists: count(Label::Evangelist),
    };
    report::build(&rows, &people, since)
}
