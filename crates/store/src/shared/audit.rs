//! The audit log (schema migration 14): one row per thing someone did,
//! numbered in order.

use crate::privacy::{AuditAction, AuditRow, NewAudit};
use crate::sql::{args, Db, DbExt, Row};
use crate::StoreError;
use rapport_core::Timestamp;

/// Appends `e` to the log and returns its number.
pub fn record(db: &dyn Db, e: &NewAudit) -> Result<i64, StoreError> {
    db.scalar(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        args![e.at, e.actor, e.action.as_str(), e.target, e.detail],
    )
}

/// The columns every read of the log selects, in [`row`]'s order.
fn row(r: &dyn Row) -> Result<AuditRow, StoreError> {
    let action = r.text(3)?;
    Ok(AuditRow {
        id: r.get(0)?,
        at: Timestamp(r.get(1)?),
        actor: r.get(2)?,
        action: AuditAction::parse(action).ok_or_else(|| StoreError::Corrupt {
            table: "audit",
            column: "action",
            reason: format!("unknown action {action:?}"),
        })?,
        target: r.get(4)?,
        detail: r.get(5)?,
    })
}

/// A page of the log, newest first, and how many entries there are.
pub fn page(db: &dyn Db, offset: u64, limit: u64) -> Result<(Vec<AuditRow>, u64), StoreError> {
    let total: i64 = db.scalar("SELECT count(*) FROM audit", args![])?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = db.rows(
        "SELECT id, at, actor, action, target, detail FROM audit
         ORDER BY id DESC LIMIT ?1 OFFSET ?2",
        args![limit, offset],
        row,
    )?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Every entry about `target`, oldest first.
pub fn about(db: &dyn Db, target: &str) -> Result<Vec<AuditRow>, StoreError> {
    db.rows(
        "SELECT id, at, actor, action, target, detail FROM audit WHERE target = ?1 ORDER BY id",
        args![target],
        row,
    )
}
