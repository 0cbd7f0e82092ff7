//! Privacy requests and the per-database salt: the PostgreSQL side of
//! `sqlite::privacy` (the hashing is [`crate::privacy::digest`]).

use crate::privacy::{digest, NewPrivacyRequest, PrivacyRequestRow, Recorded, RequestStatus};
use crate::StoreError;
use postgres::GenericClient;
use rapport_core::PersonId;

/// The database's random salt (made by migration 1).
pub fn salt(c: &mut impl GenericClient) -> Result<String, StoreError> {
    Ok(
        c.query_one("SELECT salt FROM privacy_salt WHERE id = 1", &[])?
            .try_get(0)?,
    )
}

/// Records a request unless the same delivery was recorded before.
pub fn record(c: &mut impl GenericClient, r: &NewPrivacyRequest) -> Result<Recorded, StoreError> {
    let salt = salt(c)?;
    let body = digest(&salt, &r.topic, &r.payload);
    let inserted = c.query_opt(
        "INSERT INTO privacy_request
            (source, topic, shop_domain, customer_email, customer_id, payload, received_at,
             delivery_id, digest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING RETURNING id",
        &[
            &r.source,
            &r.topic,
            &r.shop_domain,
            &r.customer_email,
            &r.customer_id,
            &r.payload,
            &r.received_at,
            &r.delivery_id,
            &body,
        ],
    )?;
    if let Some(row) = inserted {
        return Ok(Recorded {
            id: row.try_get(0)?,
            replay: false,
        });
    }
    let first: i64 = c
        .query_one(
            "SELECT id FROM privacy_request
             WHERE source = $1 AND (digest = $2 OR delivery_id = $3) ORDER BY id LIMIT 1",
            &[&r.source, &body, &r.delivery_id],
        )?
        .try_get(0)?;
    Ok(Recorded {
        id: first,
        replay: true,
    })
}

/// Notes what was done with request `id`.
pub fn finish(
    c: &mut impl GenericClient,
    id: i64,
    status: RequestStatus,
    person: Option<PersonId>,
    export: Option<&str>,
    at: i64,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE privacy_request SET status = $2, person_id = $3, export = $4, done_at = $5
         WHERE id = $1",
        &[&id, &status.as_str(), &person.map(|p| p.0), &export, &at],
    )?;
    Ok(())
}

/// The export kept with request `id`, if any.
pub fn export(c: &mut impl GenericClient, id: i64) -> Result<Option<String>, StoreError> {
    Ok(
        c.query_opt("SELECT export FROM privacy_request WHERE id = $1", &[&id])?
            .map(|r| r.try_get::<_, Option<String>>(0))
            .transpose()?
            .flatten(),
    )
}

pub fn all(c: &mut impl GenericClient) -> Result<Vec<PrivacyRequestRow>, StoreError> {
    c.query(
        "SELECT id, source, topic, shop_domain, customer_email, customer_id, payload, received_at,
                delivery_id, status, person_id, done_at, export IS NOT NULL
         FROM privacy_request ORDER BY id",
        &[],
    )?
    .iter()
    .map(|r| {
        let status: String = r.try_get(9)?;
        Ok(PrivacyRequestRow {
            id: r.try_get(0)?,
            request: NewPrivacyRequest {
                source: r.try_get(1)?,
                topic: r.try_get(2)?,
                shop_domain: r.try_get(3)?,
                customer_email: r.try_get(4)?,
                customer_id: r.try_get(5)?,
                payload: r.try_get(6)?,
                received_at: r.try_get(7)?,
                delivery_id: r.try_get(8)?,
            },
            status: RequestStatus::parse(&status).ok_or_else(|| StoreError::Corrupt {
                table: "privacy_request",
                column: "status",
                reason: format!("unknown status {status:?}"),
            })?,
            person: r.try_get::<_, Option<i64>>(10)?.map(PersonId),
            done_at: r.try_get(11)?,
            has_export: r.try_get(12)?,
        })
    })
    .collect()
}
