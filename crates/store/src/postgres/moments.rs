//! Decisions about alerts on a person's place on the ladder: the
//! PostgreSQL side of that part of `sqlite::moments`.

use crate::moments::{AlertDecisionRow, Decision};
use crate::StoreError;
use postgres::GenericClient;
use rapport_core::PersonId;

pub fn decisions(c: &mut impl GenericClient) -> Result<Vec<AlertDecisionRow>, StoreError> {
    c.query(
        "SELECT kind, person_id, state, until, cause, reason, actor, at FROM alert_decision",
        &[],
    )?
    .iter()
    .map(|r| {
        let state: String = r.try_get(2)?;
        Ok(AlertDecisionRow {
            kind: r.try_get(0)?,
            person: PersonId(r.try_get(1)?),
            decision: Decision::from_stored(&state, r.try_get(3)?),
            cause: r.try_get(4)?,
            reason: r.try_get(5)?,
            actor: r.try_get(6)?,
            at: r.try_get(7)?,
        })
    })
    .collect()
}

/// Stores a decision, replacing an earlier one about the same kind and
/// person.
pub fn decide_alert(c: &mut impl GenericClient, d: &AlertDecisionRow) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO alert_decision (kind, person_id, state, until, cause, reason, actor, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, person_id) DO UPDATE SET
             state = excluded.state, until = excluded.until, cause = excluded.cause,
             reason = excluded.reason, actor = excluded.actor, at = excluded.at",
        &[
            &d.kind,
            &d.person.0,
            &d.decision.as_str(),
            &d.decision.until(),
            &d.cause,
            &d.reason,
            &d.actor,
            &d.at,
        ],
    )?;
    Ok(())
}
