//! Cohorts and their members: the PostgreSQL side of `sqlite::cohorts`.

use crate::cohorts::{CohortMemberRow, CohortRow, MemberProgress, NewCohortMember};
use crate::StoreError;
use postgres::GenericClient;
use rapport_core::PersonId;

/// Stores a planned cohort and returns its id.
pub fn create(
    c: &mut impl GenericClient,
    planned_at: i64,
    members: &[NewCohortMember],
) -> Result<i64, StoreError> {
    let id: i64 = c
        .query_one(
            "INSERT INTO cohort (planned_at, size) VALUES ($1, $2) RETURNING id",
            &[&planned_at, &(members.len() as i64)],
        )?
        .try_get(0)?;
    let insert = c.prepare(
        "INSERT INTO cohort_member
         (cohort_id, person_id, position, stage_at_plan, affinity, topic, opener, status, why,
          question_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'planned', $8, $9)",
    )?;
    for (i, m) in members.iter().enumerate() {
        c.execute(
            &insert,
            &[
                &id,
                &m.person.0,
                &(i as i64),
                &m.stage_at_plan,
                &m.affinity,
                &m.topic,
                &m.opener,
                &m.why.stored(),
                &m.question.map(|q| q.0),
            ],
        )?;
    }
    Ok(id)
}

/// Every cohort, newest first, members in plan order.
pub fn all(c: &mut impl GenericClient) -> Result<Vec<CohortRow>, StoreError> {
    let mut out = c
        .query("SELECT id, planned_at FROM cohort ORDER BY id DESC", &[])?
        .iter()
        .map(|r| {
            Ok(CohortRow {
                id: r.try_get(0)?,
                planned_at: r.try_get(1)?,
                members: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let rows = c.query(
        "SELECT cohort_id, person_id, position, stage_at_plan, affinity, topic, opener, status,
                contacted_at, answered_at, moved_up_at, graduated_at, given_up_at, why,
                question_id
         FROM cohort_member ORDER BY cohort_id, position",
        &[],
    )?;
    for r in rows {
        let cohort: i64 = r.try_get(0)?;
        let member = CohortMemberRow {
            person: PersonId(r.try_get(1)?),
            position: r.try_get(2)?,
            stage_at_plan: r.try_get(3)?,
            affinity: r.try_get(4)?,
            topic: r.try_get(5)?,
            opener: r.try_get(6)?,
            status: r.try_get(7)?,
            contacted_at: r.try_get(8)?,
            answered_at: r.try_get(9)?,
            moved_up_at: r.try_get(10)?,
            graduated_at: r.try_get(11)?,
            given_up_at: r.try_get(12)?,
            why: rapport_core::said::from_stored(&r.try_get::<_, String>(13)?),
            question: r
                .try_get::<_, Option<i64>>(14)?
                .map(rapport_core::InteractionId),
        };
        if let Some(c) = out.iter_mut().find(|c| c.id == cohort) {
            c.members.push(member);
        }
    }
    Ok(out)
}

/// Records progress; a timestamp already stored is kept (first seen wins).
pub fn update(c: &mut impl GenericClient, p: &MemberProgress) -> Result<(), StoreError> {
    c.execute(
        "UPDATE cohort_member SET status = $3,
             contacted_at = coalesce(contacted_at, $4),
             answered_at  = coalesce(answered_at, $5),
             moved_up_at  = coalesce(moved_up_at, $6),
             graduated_at = coalesce(graduated_at, $7),
             given_up_at  = coalesce(given_up_at, $8)
         WHERE cohort_id = $1 AND person_id = $2",
        &[
            &p.cohort,
            &p.person.0,
            &p.status,
            &p.contacted_at,
            &p.answered_at,
            &p.moved_up_at,
            &p.graduated_at,
            &p.given_up_at,
        ],
    )?;
    Ok(())
}
