//! Cohorts and their members (schema migration 3).

use crate::cohorts::{CohortMemberRow, CohortRow, MemberProgress, NewCohortMember};
use crate::sql::{args, Db, DbExt};
use crate::StoreError;
use rapport_core::{InteractionId, PersonId};

/// Stores a planned cohort and returns its id.
pub fn create(
    db: &dyn Db,
    planned_at: i64,
    members: &[NewCohortMember],
) -> Result<i64, StoreError> {
    let id: i64 = db.scalar(
        "INSERT INTO cohort (planned_at, size) VALUES (?1, ?2) RETURNING id",
        args![planned_at, members.len()],
    )?;
    for (i, m) in members.iter().enumerate() {
        db.execute(
            "INSERT INTO cohort_member
             (cohort_id, person_id, position, stage_at_plan, affinity, topic, opener, status, why,
              question_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'planned', ?8, ?9)",
            args![
                id,
                m.person.0,
                i,
                m.stage_at_plan,
                m.affinity,
                m.topic,
                m.opener,
                m.why.stored(),
                m.question.map(|q| q.0)
            ],
        )?;
    }
    Ok(id)
}

/// Every cohort, newest first, members in plan order.
pub fn all(db: &dyn Db) -> Result<Vec<CohortRow>, StoreError> {
    let mut out: Vec<CohortRow> = db.rows(
        "SELECT id, planned_at FROM cohort ORDER BY id DESC",
        args![],
        |r| {
            Ok(CohortRow {
                id: r.get(0)?,
                planned_at: r.get(1)?,
                members: Vec::new(),
            })
        },
    )?;
    db.each(
        "SELECT cohort_id, person_id, position, stage_at_plan, affinity, topic, opener, status,
                contacted_at, answered_at, moved_up_at, graduated_at, given_up_at, why,
                question_id
         FROM cohort_member ORDER BY cohort_id, position",
        args![],
        |r| {
            let cohort: i64 = r.get(0)?;
            let member = CohortMemberRow {
                person: PersonId(r.get(1)?),
                position: r.get(2)?,
                stage_at_plan: r.get(3)?,
                affinity: r.get(4)?,
                topic: r.get(5)?,
                opener: r.get(6)?,
                status: r.get(7)?,
                contacted_at: r.get(8)?,
                answered_at: r.get(9)?,
                moved_up_at: r.get(10)?,
                graduated_at: r.get(11)?,
                given_up_at: r.get(12)?,
                why: rapport_core::said::from_stored(r.text(13)?),
                question: r.get::<Option<i64>>(14)?.map(InteractionId),
            };
            if let Some(c) = out.iter_mut().find(|c| c.id == cohort) {
                c.members.push(member);
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Records progress; a timestamp already stored is kept (first seen wins).
pub fn update(db: &dyn Db, p: &MemberProgress) -> Result<(), StoreError> {
    db.execute(
        "UPDATE cohort_member SET status = ?3,
             contacted_at = coalesce(contacted_at, ?4),
             answered_at  = coalesce(answered_at, ?5),
             moved_up_at  = coalesce(moved_up_at, ?6),
             graduated_at = coalesce(graduated_at, ?7),
             given_up_at  = coalesce(given_up_at, ?8)
         WHERE cohort_id = ?1 AND person_id = ?2",
        args![
            p.cohort,
            p.person.0,
            p.status,
            p.contacted_at,
            p.answered_at,
            p.moved_up_at,
            p.graduated_at,
            p.given_up_at
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{MemberProgress, NewCohortMember};
    use rapport_core::PersonId;

    crate::per_backend! {
        fn a_planned_cohort_reads_back_and_keeps_the_first_timestamps(db) {
            let store = db.open().expect("open");
            let member = |id: i64| NewCohortMember {
                person: PersonId(id),
                stage_at_plan: "engaged".into(),
                affinity: 0.5,
                topic: Some("gravel".into()),
                opener: format!("Hi {id}"),
                why: rapport_core::Said::Verbatim {
                    text: format!("picked {id}"),
                },
                question: (id == 3).then_some(rapport_core::InteractionId(42)),
            };
            let id = store
                .create_cohort(100, &[member(7), member(3)])
                .expect("create");
            let progress = |contacted: i64| MemberProgress {
                cohort: id,
                person: PersonId(7),
                status: "contacted".into(),
                contacted_at: Some(contacted),
                answered_at: None,
                moved_up_at: None,
                graduated_at: None,
                given_up_at: None,
            };
            store
                .update_cohort_members(&[progress(150)])
                .expect("update");
            store
                .update_cohort_members(&[progress(999)])
                .expect("update again");
            let all = store.cohorts().expect("read");
            assert_eq!(all.len(), 1);
            let c = &all[0];
            assert_eq!((c.id, c.planned_at), (id, 100));
            let people: Vec<i64> = c.members.iter().map(|m| m.person.0).collect();
            assert_eq!(people, vec![7, 3], "plan order");
            assert_eq!(c.members[0].status, "contacted");
            assert_eq!(c.members[0].contacted_at, Some(150), "first seen wins");
            assert_eq!(c.members[1].status, "planned");
            assert_eq!(c.members[0].why.to_string(), "picked 7");
            assert_eq!(c.members[1].question, Some(rapport_core::InteractionId(42)));
            assert_eq!(c.members[0].question, None);
        }
    }
}
