//! Privacy requests (schema migrations 5 and 14), the per-database salt
//! and the salted hashes that keep forgotten people out (see `forget`).

pub use crate::privacy::digest;
use crate::privacy::{NewPrivacyRequest, PrivacyRequestRow, Recorded, RequestStatus};
use crate::StoreError;
use rapport_core::PersonId;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The database's random salt (made by migration 14).
pub fn salt(conn: &Connection) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached("SELECT salt FROM privacy_salt WHERE id = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Records a request unless the same delivery was recorded before.
pub fn record(tx: &Transaction<'_>, r: &NewPrivacyRequest) -> Result<Recorded, StoreError> {
    let salt = salt(tx)?;
    let body = digest(&salt, &r.topic, &r.payload);
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO privacy_request
                (source, topic, shop_domain, customer_email, customer_id, payload, received_at,
                 delivery_id, digest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            r.source,
            r.topic,
            r.shop_domain,
            r.customer_email,
            r.customer_id,
            r.payload,
            r.received_at,
            r.delivery_id,
            body,
        ])?;
    if n == 1 {
        return Ok(Recorded {
            id: tx.last_insert_rowid(),
            replay: false,
        });
    }
    let first: i64 = tx
        .prepare_cached(
            "SELECT id FROM privacy_request
             WHERE source = ?1 AND (digest = ?2 OR delivery_id = ?3) ORDER BY id LIMIT 1",
        )?
        .query_row(params![r.source, body, r.delivery_id], |row| row.get(0))?;
    Ok(Recorded {
        id: first,
        replay: true,
    })
}

/// Notes what was done with request `id`.
pub fn finish(
    conn: &Connection,
    id: i64,
    status: RequestStatus,
    person: Option<PersonId>,
    export: Option<&str>,
    at: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE privacy_request SET status = ?2, person_id = ?3, export = ?4, done_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        status.as_str(),
        person.map(|p| p.0),
        export,
        at
    ])?;
    Ok(())
}

/// The export kept with request `id`, if any.
pub fn export(conn: &Connection, id: i64) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT export FROM privacy_request WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

pub fn all(conn: &Connection) -> Result<Vec<PrivacyRequestRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source, topic, shop_domain, customer_email, customer_id, payload, received_at,
                delivery_id, status, person_id, done_at, export IS NOT NULL
         FROM privacy_request ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            PrivacyRequestRow {
                id: r.get(0)?,
                request: NewPrivacyRequest {
                    source: r.get(1)?,
                    topic: r.get(2)?,
                    shop_domain: r.get(3)?,
                    customer_email: r.get(4)?,
                    customer_id: r.get(5)?,
                    payload: r.get(6)?,
                    received_at: r.get(7)?,
                    delivery_id: r.get(8)?,
                },
                status: RequestStatus::Recorded,
                person: r.get::<_, Option<i64>>(10)?.map(PersonId),
                done_at: r.get(11)?,
                has_export: r.get(12)?,
            },
            r.get::<_, String>(9)?,
        ))
    })?;
    rows.map(|row| {
        let (mut row, status) = row?;
        row.status = RequestStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
            table: "privacy_request",
            column: "status",
            reason: format!("unknown status {status:?}"),
        })?;
        Ok(row)
    })
    .collect()
}
