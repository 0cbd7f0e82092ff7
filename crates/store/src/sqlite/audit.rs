//! The audit log (schema migration 14): one row per thing someone did,
//! numbered in order.

use crate::privacy::{AuditAction, AuditRow, NewAudit};
use crate::StoreError;
use rapport_core::Timestamp;
use rusqlite::{params, Connection, Row};

pub fn record(conn: &Connection, e: &NewAudit) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        e.at,
        e.actor,
        e.action.as_str(),
        e.target,
        e.detail
    ])?;
    Ok(conn.last_insert_rowid())
}

fn row(r: &Row<'_>) -> rusqlite::Result<(AuditRow, String)> {
    Ok((
        AuditRow {
            id: r.get(0)?,
            at: Timestamp(r.get(1)?),
            actor: r.get(2)?,
            action: AuditAction::PersonView,
            target: r.get(4)?,
            detail: r.get(5)?,
        },
        r.get(3)?,
    ))
}

fn typed((mut row, action): (AuditRow, String)) -> Result<AuditRow, StoreError> {
    row.action = AuditAction::parse(&action).ok_or_else(|| StoreError::Corrupt {
        table: "audit",
        column: "action",
        reason: format!("unknown action {action:?}"),
    })?;
    Ok(row)
}

/// A page of the log, newest first, and how many entries there are.
pub fn page(
    conn: &Connection,
    offset: u64,
    limit: u64,
) -> Result<(Vec<AuditRow>, u64), StoreError> {
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM audit")?
        .query_row([], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, target, detail FROM audit
         ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![limit, offset], row)?;
    let rows = rows.map(|r| typed(r?)).collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total.max(0) as u64))
}

/// Every entry about `target`, oldest first.
pub fn about(conn: &Connection, target: &str) -> Result<Vec<AuditRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, actor, action, target, detail FROM audit WHERE target = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([target], row)?;
    rows.map(|r| typed(r?)).collect()
}
