//! Touches and the merges in force, read by following the journal: the
//! PostgreSQL side of what `sqlite::store` reads from `touch` and
//! `merge_journal` (who was merged into whom: `shared::views`).

use crate::{StoreError, TouchRow};
use postgres::{GenericClient, Row};
use rapport_core::PersonId;

fn touch(r: &Row, person: Option<PersonId>) -> Result<TouchRow, StoreError> {
    Ok(TouchRow {
        id: r.try_get(0)?,
        person: match person {
            Some(p) => p,
            None => PersonId(r.try_get(1)?),
        },
        kind: r.try_get(2)?,
        note: r.try_get(3)?,
        at: r.try_get(4)?,
        by: r.try_get(5)?,
    })
}

pub fn add_touch(
    c: &mut impl GenericClient,
    person: PersonId,
    kind: &str,
    note: &str,
    at: i64,
    by: Option<&str>,
) -> Result<i64, StoreError> {
    Ok(c.query_one(
        "INSERT INTO touch (person_id, kind, note, at, by_user) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
        &[&person.0, &kind, &note, &at, &by],
    )?
    .try_get(0)?)
}

/// Every logged touch, oldest first.
pub fn touches(c: &mut impl GenericClient) -> Result<Vec<TouchRow>, StoreError> {
    c.query(
        "SELECT id, person_id, kind, note, at, by_user FROM touch ORDER BY at, id",
        &[],
    )?
    .iter()
    .map(|r| touch(r, None))
    .collect()
}

/// The touches of `person` and everyone merged into them, oldest first,
/// each shown under `person`.
pub fn touches_of(
    c: &mut postgres::Transaction<'_>,
    person: PersonId,
) -> Result<Vec<TouchRow>, StoreError> {
    let people = crate::shared::views::merged_into(&crate::sql::PgDb::new(c), person)?;
    let mut out = c
        .query(
            "SELECT id, person_id, kind, note, at, by_user FROM touch
             WHERE person_id = ANY($1)",
            &[&people],
        )?
        .iter()
        .map(|r| touch(r, Some(person)))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by_key(|t| (t.at, t.id));
    Ok(out)
}

/// The person `id` is today, following merges that hold.
pub fn current_person(c: &mut impl GenericClient, id: PersonId) -> Result<PersonId, StoreError> {
    let stmt = c.prepare(
        "SELECT keep_id FROM merge_journal WHERE gone_id = $1 AND undone_at IS NULL
         ORDER BY link_id DESC LIMIT 1",
    )?;
    let mut p = id.0;
    // A chain is never longer than the merges; the bound keeps a damaged
    // journal with a cycle from looping.
    for _ in 0..10_000 {
        match c.query_opt(&stmt, &[&p])? {
            Some(r) => {
                let next: i64 = r.try_get(0)?;
                if next == p {
                    break;
                }
                p = next;
            }
            None => break,
        }
    }
    Ok(PersonId(p))
}

/// Merges in force, `(gone, kept)`, in the order they were made.
pub fn merged_people(c: &mut impl GenericClient) -> Result<Vec<(PersonId, PersonId)>, StoreError> {
    c.query(
        "SELECT gone_id, keep_id FROM merge_journal WHERE undone_at IS NULL ORDER BY link_id",
        &[],
    )?
    .iter()
    .map(|r| Ok((PersonId(r.try_get(0)?), PersonId(r.try_get(1)?))))
    .collect()
}
