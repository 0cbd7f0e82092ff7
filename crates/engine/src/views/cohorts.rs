//! Cohorts: who to cultivate next (`rapport cohort plan`, `POST
//! /api/cohorts/plan`) and how the current ones are doing (`rapport
//! cohort show`, `GET /api/cohorts`). Candidates are the engaged people
//! (read by the stage index), members are read one by one.

use super::people::{self, PersonSummary};
use crate::EngineError;
use rapport_core::affinity;
use rapport_core::cohort::{self, Candidate, Said, Status};
use rapport_core::ladder::Stage;
use rapport_core::profile::Profile;
use rapport_core::said::Said as Sentence;
use rapport_core::{PersonId, Timestamp};
use rapport_store::views::{PeopleFilter, PeopleSort, PersonRows};
use rapport_store::{CohortRow, MemberProgress, NewCohortMember, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One member of a cohort, with their progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub stage_at_plan: Stage,
    /// Furthest step reached.
    pub status: Status,
    /// First shop message after the plan.
    pub contacted_at: Option<Timestamp>,
    /// Their first words after that.
    pub answered_at: Option<Timestamp>,
    /// When first seen above the planned stage.
    pub moved_up_at: Option<Timestamp>,
    /// When first seen as a fan.
    pub graduated_at: Option<Timestamp>,
    /// When the shop gave up on them.
    pub given_up_at: Option<Timestamp>,
    /// Why this person was picked, in a sentence.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub why: Sentence,
    /// Their question the shop had not answered when planned.
    pub question: Option<rapport_core::InteractionId>,
    /// That question is still unanswered: answer it first.
    pub question_open: bool,
    /// How far along, 0..=100.
    pub step: u32,
}

/// How a cohort is doing, counted from its members.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortCounts {
    /// Members the shop has written to (or who went further).
    pub contacted: u64,
    /// Members who wrote back after that (or went further).
    pub answered: u64,
    /// Members who moved up a stage or became fans.
    pub moved_up: u64,
    /// Members the shop gave up on.
    pub given_up: u64,
}

/// A cohort with its members' progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortView {
    /// Cohort id.
    pub id: i64,
    /// When it was planned.
    pub planned_at: Timestamp,
    /// Some member is still being cultivated (not moved up, a fan or
    /// given up on); a cohort that is not open has graduated.
    pub open: bool,
    /// Members, in plan order.
    pub members: Vec<MemberView>,
    /// How it is doing.
    pub counts: CohortCounts,
}

/// Every cohort (`cohort show`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cohorts {
    /// Every cohort, newest first.
    pub cohorts: Vec<CohortView>,
}

/// One member of a planned cohort (`cohort plan --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Why this person, in a sentence.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub why: Sentence,
    /// Their question still unanswered: answer it first.
    pub question: Option<rapport_core::InteractionId>,
}

/// What `cohort plan` answers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CohortPlan {
    /// The cohort the members belong to (the newest open one when the
    /// plan returned open cohorts).
    pub cohort_id: Option<i64>,
    /// A new cohort was planned (false: open ones were returned).
    pub new: bool,
    /// The members.
    pub members: Vec<PlanMember>,
}

/// How many people a plan picks.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PlanQuery {
    /// How many (default 5, at most 50).
    pub size: Option<usize>,
}

/// When the shop wrote to a person (its replies to them) and when they
/// wrote in words.
fn times(rows: &PersonRows) -> (Vec<i64>, Vec<i64>) {
    let shop = rows.replies.iter().map(|r| r.at).collect();
    let theirs = rows
        .own
        .iter()
        .filter(|i| !i.from_brand && i.kind.is_conversational())
        .map(|i| i.at)
        .collect();
    (shop, theirs)
}

/// One cohort's members' progress as of `now`; returns the view and the
/// progress to store.
fn progress(
    store: &dyn Store,
    c: &CohortRow,
    now: i64,
) -> Result<(CohortView, Vec<MemberProgress>), EngineError> {
    let mut members = Vec::new();
    let mut updates = Vec::new();
    for m in &c.members {
        // A member merged with another record since is followed there.
        let person = store.current_person(m.person)?;
        let planned = Stage::parse(&m.stage_at_plan).unwrap_or(Stage::Engaged);
        let rows = store.person_rows(person)?;
        let now_stage = rows
            .as_ref()
            .and_then(|r| r.score.as_ref())
            .map_or(planned, |s| s.assessment.stage);
        let (shop, theirs) = rows.as_ref().map(times).unwrap_or_default();
        let p = cohort::progress(c.planned_at, planned, now_stage, &shop, &theirs);
        // Is their question still waiting? (Answered, or gone: not.)
        let question_open = match m.question {
            Some(q) => store
                .interaction(q)?
                .is_some_and(|i| i.answered_at.is_none()),
            None => false,
        };
        let moved_up_at = m.moved_up_at.or((now_stage > planned).then_some(now));
        let graduated_at = m
            .graduated_at
            .or((p.status == Status::Graduated).then_some(now));
        // Progress never goes back: a member who was seen moving up stays
        // so even if a quiet month lowers the stage again. Given up on
        // stays given up, unless they moved up after all.
        let stored = Status::parse(&m.status).unwrap_or(Status::Planned);
        let status = match p.status.max(stored) {
            Status::GivenUp if p.status >= Status::MovedUp => p.status,
            s => s,
        };
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
            given_up_at: m.given_up_at,
        });
        members.push(MemberView {
            person: people::summary(store, person)?,
            person_id: person,
            opener: m.opener.clone(),
            topic: m.topic.clone(),
            affinity: m.affinity,
            stage_at_plan: planned,
            status,
            contacted_at: contacted_at.map(Timestamp),
            answered_at: answered_at.map(Timestamp),
            moved_up_at: moved_up_at.map(Timestamp),
            graduated_at: graduated_at.map(Timestamp),
            given_up_at: m.given_up_at.map(Timestamp),
            why: cohort::why_now(&m.why, shop.iter().copied().max(), question_open, now),
            question: m.question,
            question_open,
            step: status.step(),
        });
    }
    let open = members.iter().any(|m| m.status.is_open());
    let count = |f: &dyn Fn(Status) -> bool| members.iter().filter(|m| f(m.status)).count() as u64;
    let counts = CohortCounts {
        contacted: count(&|s| s >= Status::Contacted && s != Status::GivenUp),
        answered: count(&|s| s >= Status::Answered && s != Status::GivenUp),
        moved_up: count(&|s| s == Status::MovedUp || s == Status::Graduated),
        given_up: count(&|s| s == Status::GivenUp),
    };
    Ok((
        CohortView {
            id: c.id,
            planned_at: Timestamp(c.planned_at),
            open,
            members,
            counts,
        },
        updates,
    ))
}

/// Every cohort with fresh progress as of `now` (stored back).
pub fn refreshed(store: &dyn Store, now: i64) -> Result<Vec<CohortView>, EngineError> {
    let mut views = Vec::new();
    let mut updates = Vec::new();
    for c in store.cohorts()? {
        let (v, u) = progress(store, &c, now)?;
        views.push(v);
        updates.extend(u);
    }
    store.update_cohort_members(&updates)?;
    Ok(views)
}

/// Everyone who might be cultivated: engaged people who are neither box
/// tickers nor detractors, with what they wrote.
fn candidates(store: &dyn Store) -> Result<Vec<Candidate>, EngineError> {
    let posts = store.post_texts()?;
    let filter = PeopleFilter {
        stage: Some(Stage::Engaged),
        label: None,
    };
    let (engaged, _) = store.people_page(&filter, PeopleSort::Id, 0, u64::MAX)?;
    let mut out = Vec::new();
    for b in engaged
        .into_iter()
        .filter(|b| cohort::eligible(&b.assessment))
    {
        let Some(rows) = store.person_rows(b.id)? else {
            continue;
        };
        let said: Vec<Said> = rows
            .own
            .iter()
            .filter(|i| !i.from_brand && i.kind.is_conversational() && !i.signals.generic())
            .map(|i| Said {
                id: i.id.0,
                praise: i.signals.praise(),
                recommendation: i.signals.recommendation(),
                answered: i.answered_at.is_some(),
                channel: i.channel.clone(),
                at: i.at,
                kind: i.kind,
                text: i.text.clone(),
                topics: match &i.analysis {
                    Some(a) => a.topics.clone(),
                    None => affinity::plain_topics(&i.text),
                },
                language: i.analysis.as_ref().map(|a| a.language.clone()),
                question: i.signals.question(),
                post: i
                    .post_id
                    .as_ref()
                    .and_then(|p| posts.get(&(i.channel.clone(), p.clone())))
                    .cloned(),
            })
            .collect();
        if said.is_empty() {
            continue;
        }
        out.push(Candidate {
            person: b.id,
            name: b.name,
            assessment: b.assessment,
            said,
            last_contacted: rows.replies.iter().map(|r| r.at).max(),
        });
    }
    Ok(out)
}

/// Plans the next `size` people as of `now` (or returns the open cohort
/// when it holds enough), storing a new cohort.
pub fn plan(
    store: &dyn Store,
    profile: &Profile,
    cohorts: &[CohortView],
    size: usize,
    now: i64,
) -> Result<CohortPlan, EngineError> {
    if size == 0 {
        return Err(EngineError::bad("size must be at least 1"));
    }
    let open: Vec<&MemberView> = cohorts
        .iter()
        .filter(|c| c.open)
        .flat_map(|c| c.members.iter().filter(|m| m.status.is_open()))
        .collect();
    // Someone already cultivated (open, moved up or given up on) is not
    // picked again.
    let taken: Vec<PersonId> = cohorts
        .iter()
        .flat_map(|c| c.members.iter().map(|m| m.person_id))
        .collect();
    let picks = if open.len() >= size {
        Vec::new()
    } else {
        cohort::plan(&candidates(store)?, profile, now, &taken, size - open.len())
    };
    if picks.is_empty() {
        // Enough open already (or nobody new): the open cohort stands.
        return Ok(CohortPlan {
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
                    why: m.why.clone(),
                    question: m.question.filter(|_| m.question_open),
                })
                .collect(),
        });
    }
    let members: Vec<NewCohortMember> = picks
        .iter()
        .map(|p| NewCohortMember {
            person: p.person,
            stage_at_plan: p.stage.as_str().to_string(),
            affinity: p.affinity,
            topic: p.topic.clone(),
            opener: p.opener.clone(),
            why: p.why.clone(),
            question: p.question.map(rapport_core::InteractionId),
        })
        .collect();
    let id = store.create_cohort(now, &members)?;
    let summaries: HashMap<PersonId, PersonSummary> = store
        .briefs(&picks.iter().map(|p| p.person).collect::<Vec<_>>())?
        .into_iter()
        .map(|b| (b.id, PersonSummary::from(b)))
        .collect();
    Ok(CohortPlan {
        cohort_id: Some(id),
        new: true,
        members: picks
            .into_iter()
            .map(|p| PlanMember {
                person: summaries.get(&p.person).cloned(),
                opener: p.opener,
                topic: p.topic,
                affinity: p.affinity,
                status: Status::Planned,
                why: p.why,
                question: p.question.map(rapport_core::InteractionId),
            })
            .collect(),
    })
}

/// What a person marks about a member, for what happened outside
/// Rapport (a call, a chat in the shop).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The shop reached out to them.
    Contacted,
    /// They answered.
    Replied,
    /// They moved up a stage.
    MovedUp,
    /// The shop stopped trying.
    GivenUp,
}

impl Mark {
    /// `contacted`, `replied`, `moved_up` or `given_up`.
    pub fn parse(raw: &str) -> Result<Mark, EngineError> {
        match raw {
            "contacted" => Ok(Mark::Contacted),
            "replied" => Ok(Mark::Replied),
            "moved_up" => Ok(Mark::MovedUp),
            "given_up" => Ok(Mark::GivenUp),
            other => Err(EngineError::bad(format!(
                "{other:?}: mark contacted, replied, moved_up or given_up"
            ))),
        }
    }
}

/// Marks member `person` of cohort `cohort` at `now`; false when there is
/// no such member. Timestamps already seen are kept; the status only
/// moves forward (giving up ends it).
pub fn mark(
    store: &dyn Store,
    cohort: i64,
    person: PersonId,
    mark: Mark,
    now: i64,
) -> Result<bool, EngineError> {
    let Some(c) = store.cohorts()?.into_iter().find(|c| c.id == cohort) else {
        return Ok(false);
    };
    let Some(m) = c.members.iter().find(|m| m.person == person) else {
        return Ok(false);
    };
    let stored = Status::parse(&m.status).unwrap_or(Status::Planned);
    let (status, contacted, answered, moved, given) = match mark {
        Mark::Contacted => (Status::Contacted, Some(now), None, None, None),
        Mark::Replied => (Status::Answered, Some(now), Some(now), None, None),
        Mark::MovedUp => (Status::MovedUp, None, None, Some(now), None),
        Mark::GivenUp => (Status::GivenUp, None, None, None, Some(now)),
    };
    let status = if mark == Mark::GivenUp {
        Status::GivenUp
    } else {
        status.max(stored)
    };
    store.update_cohort_members(&[MemberProgress {
        cohort,
        person,
        status: status.as_str().to_string(),
        contacted_at: contacted,
        answered_at: answered,
        moved_up_at: moved,
        graduated_at: None,
        given_up_at: given,
    }])?;
    Ok(true)
}
