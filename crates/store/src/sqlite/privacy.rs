//! Privacy requests (schema migration 5).

use crate::privacy::{NewPrivacyRequest, PrivacyRequestRow};
use crate::StoreError;
use rusqlite::{params, Connection};

pub fn record(conn: &Connection, r: &NewPrivacyRequest) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO privacy_request
            (source, topic, shop_domain, customer_email, customer_id, payload, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        r.source,
        r.topic,
        r.shop_domain,
        r.customer_email,
        r.customer_id,
        r.payload,
        r.received_at
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn all(conn: &Connection) -> Result<Vec<PrivacyRequestRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, source, topic, shop_domain, customer_email, customer_id, payload, received_at
         FROM privacy_request ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PrivacyRequestRow {
            id: r.get(0)?,
            request: NewPrivacyRequest {
                source: r.get(1)?,
                topic: r.get(2)?,
                shop_domain: r.get(3)?,
                customer_email: r.get(4)?,
                customer_id: r.get(5)?,
                payload: r.get(6)?,
                received_at: r.get(7)?,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
