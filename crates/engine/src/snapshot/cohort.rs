//! Cohorts: who to cultivate next (`rapport cohort plan`) and how the
//! current ones are doing (`rapport cohort show`).

use super::people::{summary, PersonSummary};
use super::Snapshot;
use rapport_core::cohort::{self, Candidate, Pick, Said, Status};
use rapport_core::ladder::Stage;
use rapport_core::{PersonId, Timestamp};
use rapport_store::{CohortRow, MemberProgress};
use serde::Serialize;
use std::collections::HashMap;

/// When the shop wrote to each person: its replies to their interactions.
pub fn shop_contacts(snap: &Snapshot) -> HashMap<PersonId, Vec<i64>> {
    let author: HashMap<(&str, &str), PersonId> = snap
        .interactions
        .iter()
        .filter(|i| !i.from_brand)
        .map(|i| ((i.channel.as_str(), i.external_id.as_str()), i.person))
        .collect();
    let mut out: HashMap<PersonId, Vec<i64>> = HashMap::new();
    for i in snap.interactions.iter().filter(|i| i.from_brand) {
        if let Some(p) = i
            .in_reply_to
            .as_deref()
            .and_then(|r| author.get(&(i.channel.as_str(), r)))
        {
            out.entry(*p).or_default().push(i.at);
        }
    }
    out
}

/// Everyone who might be cultivated, with what they wrote.
pub fn candidates(snap: &Snapshot) -> Vec<Candidate> {
    let posts: HashMap<(&str, &str), &str> = snap
        .interactions
        .iter()
        .filter(|i| i.kind == rapport_core::Kind::Post)
        .map(|i| {
            (
                (i.channel.as_str(), i.external_id.as_str()),
                i.text.as_str(),
            )
        })
        .collect();
    let contacts = shop_contacts(snap);
    let mut said: HashMap<PersonId, Vec<Said>> = HashMap::new();
    for i in &snap.interactions {
        if i.from_brand || !i.kind.is_conversational() {
            continue;
        }
        if !snap
            .assessments
            .get(&i.person)
            .is_some_and(cohort::eligible)
        {
            continue;
        }
        if i.signals.generic() {
            continue;
        }
        said.entry(i.person).or_default().push(Said {
            at: i.at,
            kind: i.kind,
            text: i.text.clone(),
            topics: super::load::topics_of(i),
            language: i.analysis.as_ref().map(|a| a.language.clone()),
            question: i.signals.question(),
            post: i
                .post_id
                .as_deref()
                .and_then(|p| posts.get(&(i.channel.as_str(), p)))
                .map(|t| t.to_string()),
        });
    }
    snap.people
        .iter()
        .filter_map(|p| {
            let a = snap.assessments.get(&p.id)?;
            let said = said.remove(&p.id)?;
            Some(Candidate {
                person: p.id,
                name: p.name.clone(),
                assessment: a.clone(),
                said,
                last_contacted: contacts.get(&p.id).and_then(|t| t.iter().max().copied()),
            })
        })
        .collect()
}

/// The next `size` people, skipping `taken`, as of `now`.
pub fn plan(snap: &Snapshot, taken: &[PersonId], now: i64, size: usize) -> Vec<Pick> {
    cohort::plan(&candidates(snap), &snap.profile, now, taken, size)
}

/// One member of a cohort, with their progress.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// The person, as `people --json` shows them.
    pub person: Option<PersonSummary>,
    /// Person id (also when the person was since forgotten).
    pub person_id: PersonId,
    /// The opener.
    pub opener: String,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// Affinity with the shop's topics when planned.
    pub affinity: f64,
    /// Their stage when planned.
    pub stage_at_plan: String,
    /// Furthest step reached.
    pub status: Status,
    /// First shop message after the plan (RFC 3339).
    pub contacted_at: Option<String>,
    /// Their first words after that.
    pub answered_at: Option<String>,
    /// When first seen above the planned stage.
    pub moved_up_at: Option<String>,
    /// When first seen as a fan.
    pub graduated_at: Option<String>,
}

/// A cohort with its members' progress.
#[derive(Debug, Clone, Serialize)]
pub struct CohortView {
    /// Cohort id.
    pub id: i64,
    /// When it was planned (RFC 3339).
    pub planned_at: String,
    /// Some member has not graduated yet.
    pub open: bool,
    /// Members, in plan order.
    pub members: Vec<MemberView>,
}

/// Reads each member's progress from the snapshot as of `now`; returns the
/// view and the progress to store.
pub fn progress(snap: &Snapshot, c: &CohortRow, now: i64) -> (CohortView, Vec<MemberProgress>) {
    let contacts = shop_contacts(snap);
    let mut theirs: HashMap<PersonId, Vec<i64>> = HashMap::new();
    for i in snap.interactions.iter().filter(|i| !i.from_brand) {
        if i.kind.is_conversational() {
            theirs.entry(i.person).or_default().push(i.at);
        }
    }
    let mut members = Vec::new();
    let mut updates = Vec::new();
    for m in &c.members {
        // A member merged with another record since is followed there.
        let person = snap.current(m.person);
        let planned = Stage::parse(&m.stage_at_plan).unwrap_or(Stage::Engaged);
        let now_stage = snap.assessments.get(&person).map_or(planned, |a| a.stage);
        let p = cohort::progress(
            c.planned_at,
            planned,
            now_stage,
            contacts.get(&person).map(Vec::as_slice).unwrap_or(&[]),
            theirs.get(&person).map(Vec::as_slice).unwrap_or(&[]),
        );
        let moved_up_at = m.moved_up_at.or((now_stage > planned).then_some(now));
        let graduated_at = m
            .graduated_at
            .or((p.status == Status::Graduated).then_some(now));
        // Progress never goes back: a member who was seen moving up stays
        // so even if a quiet month lowers the stage again.
        let stored = Status::parse(&m.status).unwrap_or(Status::Planned);
        let status = p.status.max(stored);
        let contacted_at = m.contacted_at.or(p.contacted_at);
        let answered_at = m.answered_at.or(p.answered_at);
        updates.push(MemberProgress {
            cohort: c.id,
            person: m.person,
            status: status.as_str().to_string(),
            contacted_at,
            answered_at,
            moved_up_at,
            graduated_at,
        });
        let rfc = |t: Option<i64>| t.map(|t| Timestamp(t).to_rfc3339());
        members.push(MemberView {
            person: summary(snap, person),
            person_id: person,
            opener: m.opener.clone(),
            topic: m.topic.clone(),
            affinity: m.affinity,
            stage_at_plan: m.stage_at_plan.clone(),
            status,
            contacted_at: rfc(contacted_at),
            answered_at: rfc(answered_at),
            moved_up_at: rfc(moved_up_at),
            graduated_at: rfc(graduated_at),
        });
    }
    let open = members.iter().any(|m| m.status.is_open());
    (
        CohortView {
            id: c.id,
            planned_at: Timestamp(c.planned_at).to_rfc3339(),
            open,
            members,
        },
        updates,
    )
}

/// One member of a planned cohort, as `cohort plan --json` lists them.
#[derive(Debug, Clone, Serialize)]
pub struct PlanMember {
    /// The person, as `people --json` shows them.
    pub person: Option<PersonSummary>,
    /// The opener.
    pub opener: String,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// Affinity with the shop's topics, 0..=1.
    pub affinity: f64,
    /// How far they came.
    pub status: Status,
}

/// What `cohort plan` answers.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOut {
    /// The cohort the members belong to (the newest open one when the
    /// plan returned open cohorts).
    pub cohort_id: Option<i64>,
    /// A new cohort was planned (false: open ones were returned).
    pub new: bool,
    /// The members.
    pub members: Vec<PlanMember>,
}

/// What `cohort show` answers.
#[derive(Debug, Clone, Serialize)]
pub struct ShowOut {
    /// Every cohort, newest first.
    pub cohorts: Vec<CohortView>,
}

/// Every cohort with fresh progress (stored back).
pub fn refreshed(
    store: &dyn rapport_store::Store,
    snap: &Snapshot,
    at: i64,
) -> Result<Vec<CohortView>, rapport_store::StoreError> {
    let mut views_out = Vec::new();
    let mut updates = Vec::new();
    for c in store.cohorts()? {
        let (v, u) = progress(snap, &c, at);
        views_out.push(v);
        updates.extend(u);
    }
    store.update_cohort_members(&updates)?;
    Ok(views_out)
}

/// Plans the next `size` people (or returns the open cohort when it holds
/// enough), storing a new cohort.
pub fn planned(
    store: &dyn rapport_store::Store,
    snap: &Snapshot,
    cohorts: &[CohortView],
    size: usize,
    at: i64,
) -> Result<PlanOut, rapport_store::StoreError> {
    let open: Vec<&MemberView> = cohorts
        .iter()
        .filter(|c| c.open)
        .flat_map(|c| c.members.iter().filter(|m| m.status.is_open()))
        .collect();
    let taken: Vec<_> = open.iter().map(|m| m.person_id).collect();
    let picks = if open.len() >= size {
        Vec::new()
    } else {
        plan(snap, &taken, at, size - open.len())
    };
    if picks.is_empty() {
        // Enough open already (or nobody new): the open cohort stands.
        return Ok(PlanOut {
            cohort_id: cohorts.iter().find(|c| c.open).map(|c| c.id),
            new: false,
            members: open
                .iter()
                .map(|m| PlanMember {
                    person: m.person.clone(),
                    opener: m.opener.clone(),
                    topic: m.topic.clone(),
                    affinity: m.affinity,
                    status: m.status,
                })
                .collect(),
        });
    }
    let members: Vec<rapport_store::NewCohortMember> = picks
        .iter()
        .map(|p| rapport_store::NewCohortMember {
            person: p.person,
            stage_at_plan: p.stage.as_str().to_string(),
            affinity: p.affinity,
            topic: p.topic.clone(),
            opener: p.opener.clone(),
        })
        .collect();
    let id = store.create_cohort(at, &members)?;
    Ok(PlanOut {
        cohort_id: Some(id),
        new: true,
        members: picks
            .into_iter()
            .map(|p| PlanMember {
                person: summary(snap, p.person),
                opener: p.opener,
                topic: p.topic,
                affinity: p.affinity,
                status: Status::Planned,
            })
            .collect(),
    })
}
