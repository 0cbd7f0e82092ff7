//! Privacy requests (schema migrations 5 and 14), the per-database salt
//! and the salted hashes that keep forgotten people out (see `forget`).

pub use crate::privacy::digest;
use crate::privacy::{NewPrivacyRequest, PrivacyRequestRow, Recorded, RequestStatus};
use crate::sql::{args, Db, DbExt};
use crate::StoreError;
use rapport_core::PersonId;

/// The database's random salt (made by the migrations).
pub fn salt(db: &dyn Db) -> Result<String, StoreError> {
    db.scalar("SELECT salt FROM privacy_salt WHERE id = 1", args![])
}

/// Records a request unless the same delivery was recorded before.
pub fn record(db: &dyn Db, r: &NewPrivacyRequest) -> Result<Recorded, StoreError> {
    let salt = salt(db)?;
    let body = digest(&salt, &r.topic, &r.payload);
    let inserted: Option<i64> = db.scalar_opt(
        "INSERT INTO privacy_request
            (source, topic, shop_domain, customer_email, customer_id, payload, received_at,
             delivery_id, digest)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT DO NOTHING RETURNING id",
        args![
            r.source,
            r.topic,
            r.shop_domain,
            r.customer_email,
            r.customer_id,
            r.payload,
            r.received_at,
            r.delivery_id,
            body,
        ],
    )?;
    if let Some(id) = inserted {
        return Ok(Recorded { id, replay: false });
    }
    let first: i64 = db.scalar(
        "SELECT id FROM privacy_request
         WHERE source = ?1 AND (digest = ?2 OR delivery_id = ?3) ORDER BY id LIMIT 1",
        args![r.source, body, r.delivery_id],
    )?;
    Ok(Recorded {
        id: first,
        replay: true,
    })
}

/// Notes what was done with request `id`.
pub fn finish(
    db: &dyn Db,
    id: i64,
    status: RequestStatus,
    person: Option<PersonId>,
    export: Option<&str>,
    at: i64,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE privacy_request SET status = ?2, person_id = ?3, export = ?4, done_at = ?5
         WHERE id = ?1",
        args![id, status.as_str(), person.map(|p| p.0), export, at],
    )?;
    Ok(())
}

/// The export kept with request `id`, if any.
pub fn export(db: &dyn Db, id: i64) -> Result<Option<String>, StoreError> {
    Ok(db
        .scalar_opt::<Option<String>>(
            "SELECT export FROM privacy_request WHERE id = ?1",
            args![id],
        )?
        .flatten())
}

/// Every request, oldest first.
pub fn all(db: &dyn Db) -> Result<Vec<PrivacyRequestRow>, StoreError> {
    db.rows(
        "SELECT id, source, topic, shop_domain, customer_email, customer_id, payload, received_at,
                delivery_id, status, person_id, done_at,
                CASE WHEN export IS NULL THEN 0 ELSE 1 END
         FROM privacy_request ORDER BY id",
        args![],
        |r| {
            let status = r.text(9)?;
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
                    delivery_id: r.get(8)?,
                },
                status: RequestStatus::parse(status).ok_or_else(|| StoreError::Corrupt {
                    table: "privacy_request",
                    column: "status",
                    reason: format!("unknown status {status:?}"),
                })?,
                person: r.get::<Option<i64>>(10)?.map(PersonId),
                done_at: r.get(11)?,
                has_export: r.get(12)?,
            })
        },
    )
}
