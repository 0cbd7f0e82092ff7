//! Corrections and the shop's layer (migration 24; see
//! [`crate::corrections`]).

use crate::corrections::{
    class_of, Corrected, CorrectionRow, CorrectionSource, LayerRow, NewCorrection,
};
use crate::StoreError;
use rapport_core::signals::Signals;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

const COLUMNS: &str = "c.id, c.task, c.interaction_id, coalesce(c.text, t.text), c.label,
    c.source, c.actor, c.created_at";

/// Corrections whose words are known (those of a message that is gone are
/// left out), joined to the message's text.
const FROM: &str = "FROM correction c LEFT JOIN interaction_text t
    ON t.interaction_id = c.interaction_id
    WHERE coalesce(c.text, t.text) IS NOT NULL";

fn row(r: &Row<'_>) -> rusqlite::Result<(CorrectionRow, String)> {
    let source: String = r.get(5)?;
    Ok((
        CorrectionRow {
            id: r.get(0)?,
            task: r.get(1)?,
            interaction_id: r.get(2)?,
            text: r.get(3)?,
            label: r.get(4)?,
            source: CorrectionSource::Learn,
            actor: r.get(6)?,
            created_at: r.get(7)?,
        },
        source,
    ))
}

fn checked(pair: (CorrectionRow, String)) -> Result<CorrectionRow, StoreError> {
    let (mut row, source) = pair;
    row.source = CorrectionSource::parse(&source).ok_or_else(|| StoreError::Corrupt {
        table: "correction",
        column: "source",
        reason: format!("unknown source {source:?}"),
    })?;
    Ok(row)
}

/// Stores `rows` in order; a correction of a message replaces the older
/// ones about the same class (sentiment: any). Returns the new ids.
pub fn add(tx: &Transaction<'_>, rows: &[NewCorrection]) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(rows.len());
    for c in rows {
        let (interaction, text) = match &c.about {
            Corrected::Interaction(id) => (Some(id.0), None),
            Corrected::Text(t) => (None, Some(t.as_str())),
        };
        if let Some(id) = interaction {
            tx.prepare_cached(
                "DELETE FROM correction WHERE interaction_id = ?1 AND task = ?2
                 AND (task = 'sentiment' OR class = ?3)",
            )?
            .execute(params![id, c.task, class_of(&c.label)])?;
        }
        tx.prepare_cached(
            "INSERT INTO correction (task, interaction_id, text, label, class, source, actor, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            c.task,
            interaction,
            text,
            c.label,
            class_of(&c.label),
            c.source.as_str(),
            c.actor,
            c.at
        ])?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

/// Every correction with known words, oldest first.
pub fn all(conn: &Connection) -> Result<Vec<CorrectionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} {FROM} ORDER BY c.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], row)?;
    rows.map(|r| checked(r?)).collect()
}

/// The corrections of one message, oldest first.
pub fn of(conn: &Connection, interaction: i64) -> Result<Vec<CorrectionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} {FROM} AND c.interaction_id = ?1 ORDER BY c.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([interaction], row)?;
    rows.map(|r| checked(r?)).collect()
}

/// Deletes correction `id`, returning it (none: no such correction).
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<Option<CorrectionRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} {FROM} AND c.id = ?1");
    let found = tx.query_row(&sql, [id], row).optional()?;
    let n = tx.execute("DELETE FROM correction WHERE id = ?1", [id])?;
    match found {
        Some(pair) if n > 0 => Ok(Some(checked(pair)?)),
        _ => Ok(None),
    }
}

/// The stored layer, if one was trained.
pub fn layer(conn: &Connection) -> Result<Option<LayerRow>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT revision, model, corrections, trained_at FROM shop_layer WHERE id = 1",
            [],
            |r| {
                Ok(LayerRow {
                    revision: r.get(0)?,
                    model: r.get(1)?,
                    corrections: r.get::<_, i64>(2)?.max(0) as u64,
                    trained_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// The stored layer's revision (0: none).
pub fn revision(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .query_row("SELECT revision FROM shop_layer WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

/// Stores a newly trained layer; returns its revision.
pub fn set_layer(
    tx: &Transaction<'_>,
    model: &[u8],
    corrections: u64,
    at: i64,
) -> Result<i64, StoreError> {
    let next = revision(tx)? + 1;
    tx.execute(
        "INSERT INTO shop_layer (id, model, corrections, trained_at, revision)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET model = excluded.model,
             corrections = excluded.corrections, trained_at = excluded.trained_at,
             revision = excluded.revision",
        params![model, corrections as i64, at, next],
    )?;
    Ok(next)
}

/// `signals` as the team's corrections of message `interaction` leave
/// them: the team's word is final on its own message, over the word lists
/// the signals also read (a "?" makes a question; "broken" a complaint).
pub fn corrected_signals(
    conn: &Connection,
    interaction: i64,
    signals: Signals,
) -> Result<Signals, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT task, label FROM correction WHERE interaction_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([interaction], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut bits = signals.bits();
    for row in rows {
        let (task, label) = row?;
        let (set, clear) = effect(&task, &label);
        bits = (bits | set) & !clear;
    }
    Ok(Signals::from_bits(bits))
}

/// The signal bits a correction sets and clears.
fn effect(task: &str, label: &str) -> (u8, u8) {
    let bit = |class: &str| match class {
        "question" => Signals::QUESTION,
        "complaint" => Signals::COMPLAINT,
        "praise" => Signals::PRAISE,
        "recommendation" => Signals::RECOMMENDATION,
        "generic" => Signals::GENERIC,
        _ => 0,
    };
    match (task, label.strip_prefix("not_")) {
        ("intent", Some(class)) => (0, bit(class)),
        // Praise and a complaint exclude each other.
        ("intent", None) => match label {
            "complaint" => (Signals::COMPLAINT, Signals::PRAISE),
            "praise" => (Signals::PRAISE, Signals::COMPLAINT),
            other => (bit(other), 0),
        },
        ("sentiment", None) => match label {
            "positive" => (0, Signals::COMPLAINT),
            "negative" => (0, Signals::PRAISE),
            _ => (0, 0),
        },
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::effect;
    use rapport_core::signals::Signals;

    #[test]
    fn a_correction_sets_and_clears_the_bits_it_names() {
        assert_eq!(effect("intent", "not_question"), (0, Signals::QUESTION));
        assert_eq!(
            effect("intent", "praise"),
            (Signals::PRAISE, Signals::COMPLAINT)
        );
        assert_eq!(
            effect("intent", "recommendation"),
            (Signals::RECOMMENDATION, 0)
        );
        assert_eq!(effect("sentiment", "positive"), (0, Signals::COMPLAINT));
        assert_eq!(effect("sentiment", "neutral"), (0, 0));
        assert_eq!(effect("intent", "other"), (0, 0));
    }
}
