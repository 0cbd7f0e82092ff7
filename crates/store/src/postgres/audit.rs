//! The audit log: the PostgreSQL side of `sqlite::audit`.

use crate::privacy::{AuditAction, AuditRow, NewAudit};
use crate::StoreError;
use postgres::{GenericClient, Row};
use rapport_core::Timestamp;

pub fn record(c: &mut impl GenericClient, e: &NewAudit) -> Result<i64, StoreError> {
    Ok(c.query_one(
        "INSERT INTO audit (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
        &[&e.at, &e.actor, &e.action.as_str(), &e.target, &e.detail],
    )?
    .try_get(0)?)
}

fn row(r: &Row) -> Result<AuditRow, StoreError> {
    let action: String = r.try_get(3)?;
    Ok(AuditRow {
        id: r.try_get(0)?,
        at: Timestamp(r.try_get(1)?),
        actor: r.try_get(2)?,
        action: AuditAction::parse(&action).ok_or_else(|| StoreError::Corrupt {
            table: "audit",
            column: "action",
            reason: format!("unknown action {action:?}"),
        })?,
        target: r.try_get(4)?,
        detail: r.try_get(5)?,
    })
}

/// A page of the log, newest first, and how many entries there are.
pub fn page(
    c: &mut impl GenericClient,
    offset: u64,
    limit: u64,
) -> Result<(Vec<AuditRow>, u64), StoreError> {
    let total: i64 = c.query_one("SELECT count(*) FROM audit", &[])?.try_get(0)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let rows = c
        .query(
            "SELECT id, at, actor, action, target, detail FROM audit
             ORDER BY id DESC LIMIT $1 OFFSET $2",
            &[&limit, &offset],
        )?
        .iter()
        .map(row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total.max(0) as u64))
}

/// Every entry about `target`, oldest first.
pub fn about(c: &mut impl GenericClient, target: &str) -> Result<Vec<AuditRow>, StoreError> {
    c.query(
        "SELECT id, at, actor, action, target, detail FROM audit WHERE target = $1 ORDER BY id",
        &[&target],
    )?
    .iter()
    .map(row)
    .collect()
}
