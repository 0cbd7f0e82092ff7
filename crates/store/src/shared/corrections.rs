//! Corrections and the shop's layer (SQLite's migration 24; see
//! [`crate::corrections`]).

use crate::corrections::{
    class_of, Corrected, CorrectionRow, CorrectionSource, LayerRow, NewCorrection,
};
use crate::sql::{args, Db, DbExt, Row};
use crate::StoreError;
use rapport_core::signals::Signals;

/// The columns [`row`] reads, in order. Statements that use them are
/// spelled out whole (not built with `format!`), so each is one static
/// string for the statement caches.
macro_rules! columns {
    () => {
        "c.id, c.task, c.interaction_id, COALESCE(c.text, t.text), c.label,
         c.source, c.actor, c.created_at"
    };
}

/// Corrections whose words are known (those of a message that is gone are
/// left out), joined to the message's text.
macro_rules! from {
    () => {
        "FROM correction c LEFT JOIN interaction_text t
         ON t.interaction_id = c.interaction_id
         WHERE COALESCE(c.text, t.text) IS NOT NULL"
    };
}

fn row(r: &dyn Row) -> Result<CorrectionRow, StoreError> {
    let source = r.text(5)?;
    Ok(CorrectionRow {
        id: r.get(0)?,
        task: r.get(1)?,
        interaction_id: r.get(2)?,
        text: r.get(3)?,
        label: r.get(4)?,
        source: CorrectionSource::parse(source).ok_or_else(|| StoreError::Corrupt {
            table: "correction",
            column: "source",
            reason: format!("unknown source {source:?}"),
        })?,
        actor: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// Stores `rows` in order; a correction of a message replaces the older
/// ones about the same class (sentiment: any). Returns the new ids.
pub fn add(db: &dyn Db, rows: &[NewCorrection]) -> Result<Vec<i64>, StoreError> {
    let mut ids = Vec::with_capacity(rows.len());
    for c in rows {
        let (interaction, text) = match &c.about {
            Corrected::Interaction(id) => (Some(id.0), None),
            Corrected::Text(t) => (None, Some(t.as_str())),
        };
        let class = class_of(&c.label);
        if let Some(id) = interaction {
            db.execute(
                "DELETE FROM correction WHERE interaction_id = ?1 AND task = ?2
                 AND (task = 'sentiment' OR class = ?3)",
                args![id, c.task, class],
            )?;
        }
        ids.push(db.scalar(
            "INSERT INTO correction (task, interaction_id, text, label, class, source, actor, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            args![c.task, interaction, text, c.label, class, c.source.as_str(), c.actor, c.at],
        )?);
    }
    Ok(ids)
}

/// Every correction with known words, oldest first.
pub fn all(db: &dyn Db) -> Result<Vec<CorrectionRow>, StoreError> {
    db.rows(
        concat!("SELECT ", columns!(), " ", from!(), " ORDER BY c.id"),
        args![],
        row,
    )
}

/// The corrections of one message, oldest first.
pub fn of(db: &dyn Db, interaction: i64) -> Result<Vec<CorrectionRow>, StoreError> {
    db.rows(
        concat!(
            "SELECT ",
            columns!(),
            " ",
            from!(),
            " AND c.interaction_id = ?1 ORDER BY c.id"
        ),
        args![interaction],
        row,
    )
}

/// Deletes correction `id`, returning it (none: no such correction).
pub fn delete(db: &dyn Db, id: i64) -> Result<Option<CorrectionRow>, StoreError> {
    let found = db.opt(
        concat!("SELECT ", columns!(), " ", from!(), " AND c.id = ?1"),
        args![id],
        row,
    )?;
    let n = db.execute("DELETE FROM correction WHERE id = ?1", args![id])?;
    Ok(found.filter(|_| n > 0))
}

/// The stored layer, if one was trained.
pub fn layer(db: &dyn Db) -> Result<Option<LayerRow>, StoreError> {
    db.opt(
        "SELECT revision, model, corrections, trained_at FROM shop_layer WHERE id = 1",
        args![],
        |r| {
            Ok(LayerRow {
                revision: r.get(0)?,
                model: r.get(1)?,
                corrections: u64::try_from(r.get::<i64>(2)?).unwrap_or(0),
                trained_at: r.get(3)?,
            })
        },
    )
}

/// The stored layer's revision (0: none).
pub fn revision(db: &dyn Db) -> Result<i64, StoreError> {
    Ok(db
        .scalar_opt("SELECT revision FROM shop_layer WHERE id = 1", args![])?
        .unwrap_or(0))
}

/// The version of the analyzer and signal rules the stored readings were
/// made with, when known.
pub fn readings_version(db: &dyn Db) -> Result<Option<String>, StoreError> {
    db.scalar_opt("SELECT version FROM readings_state WHERE id = 1", args![])
}

/// Records that every stored reading was made with `version`.
pub fn set_readings_version(db: &dyn Db, version: &str) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO readings_state (id, version) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        args![version],
    )?;
    Ok(())
}

/// Stores a newly trained layer; returns its revision.
pub fn set_layer(db: &dyn Db, model: &[u8], corrections: u64, at: i64) -> Result<i64, StoreError> {
    let next = revision(db)? + 1;
    let corrections = i64::try_from(corrections).unwrap_or(i64::MAX);
    db.execute(
        "INSERT INTO shop_layer (id, model, corrections, trained_at, revision)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET model = excluded.model,
             corrections = excluded.corrections, trained_at = excluded.trained_at,
             revision = excluded.revision",
        args![model, corrections, at, next],
    )?;
    Ok(next)
}

/// `signals` as the team's corrections of message `interaction` leave
/// them: the team's word is final on its own message, over the word lists
/// the signals also read (a "?" makes a question; "broken" a complaint).
pub fn corrected_signals(
    db: &dyn Db,
    interaction: i64,
    signals: Signals,
) -> Result<Signals, StoreError> {
    let mut bits = signals.bits();
    db.each(
        "SELECT task, label FROM correction WHERE interaction_id = ?1 ORDER BY id",
        args![interaction],
        |r| {
            let (set, clear) = effect(r.text(0)?, r.text(1)?);
            bits = (bits | set) & !clear;
            Ok(())
        },
    )?;
    Ok(Signals::from_bits(bits))
}

/// Whether the team said message `interaction` is a recommendation: the
/// reading keeps that intent wherever the message was written
/// ([`rapport_core::signals::placed_intents`] does not apply).
pub fn taught_recommendation(db: &dyn Db, interaction: i64) -> Result<bool, StoreError> {
    Ok(db
        .opt(
            "SELECT 1 FROM correction WHERE interaction_id = ?1 AND task = 'intent'
             AND label = 'recommendation'",
            args![interaction],
            |r| r.get::<i64>(0),
        )?
        .is_some())
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
