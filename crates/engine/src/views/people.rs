//! The ladder as lists: people with their stage, labels, scores and the
//! evidence (`rapport people`, `GET /api/people`), the counts per stage
//! and label (`GET /api/ladder`), and people per stage week by week.

use crate::EngineError;
use rapport_core::ladder::{Label, Scores, Stage};
use rapport_core::replay::StageWeek;
use rapport_core::trends::{week_start, WEEK};
use rapport_core::Said;
use rapport_core::{PersonId, Timestamp};
use rapport_store::views::{Brief, PeopleFilter, PeopleSort};
use rapport_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A channel and handle.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandleRef {
    /// Channel, e.g. `instagram`.
    pub channel: String,
    /// Handle on that channel.
    pub handle: String,
}

/// One person on the ladder (`rapport people --json`, `GET /api/people`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Their accounts.
    pub identities: Vec<HandleRef>,
    /// Their rung.
    pub stage: Stage,
    /// Their labels.
    pub labels: Vec<Label>,
    /// The numbers behind it.
    pub scores: Scores,
    /// Why, in sentences.
    #[serde(serialize_with = "rapport_core::said::english_all")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub evidence: Vec<Said>,
}

impl From<Brief> for PersonSummary {
    fn from(b: Brief) -> Self {
        PersonSummary {
            id: b.id,
            name: b.name,
            identities: b
                .identities
                .into_iter()
                .map(|(channel, handle)| HandleRef { channel, handle })
                .collect(),
            stage: b.assessment.stage,
            labels: b.assessment.labels,
            scores: b.assessment.scores,
            evidence: b.assessment.evidence,
        }
    }
}

/// Default page size of a people list.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page size of a people list.
pub const MAX_LIMIT: u64 = 1000;

/// Which people, in which order, which page.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PeopleQuery {
    /// Only this stage: stranger, follower, casual, engaged, fan.
    pub stage: Option<String>,
    /// Only people with this label: true_fan, evangelist, influencer, detractor, box_ticker.
    pub label: Option<String>,
    /// `closeness` (default: stage, then scores), `name`, `id`,
    /// `engagement`, `loyalty`, `advocacy`, `reach`, `lifetime_value`,
    /// `fit` (reach × alignment) or `alignment`.
    pub sort: Option<String>,
    /// At most this many (default 50, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// A stage named on the command line or in a query.
pub fn parse_stage(raw: &str) -> Result<Stage, EngineError> {
    Stage::parse(raw).ok_or_else(|| {
        EngineError::bad(format!(
            "stage {raw:?}: expected stranger, follower, casual, engaged or fan"
        ))
    })
}

/// A label named on the command line or in a query.
pub fn parse_label(raw: &str) -> Result<Label, EngineError> {
    Label::parse(raw).ok_or_else(|| {
        EngineError::bad(format!(
            "label {raw:?}: expected true_fan, evangelist, influencer, detractor or box_ticker"
        ))
    })
}

impl PeopleQuery {
    /// The query checked: filter, order, offset and limit.
    pub fn parse(&self) -> Result<(PeopleFilter, PeopleSort, u64, u64), EngineError> {
        let some = |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
        let filter = PeopleFilter {
            stage: some(&self.stage).map(|s| parse_stage(&s)).transpose()?,
            label: some(&self.label).map(|l| parse_label(&l)).transpose()?,
        };
        let sort = match some(&self.sort) {
            None => PeopleSort::Closeness,
            Some(s) => PeopleSort::parse(&s).ok_or_else(|| {
                EngineError::bad(format!(
                    "sort {s:?}: expected closeness, name, id, engagement, loyalty, advocacy, reach, lifetime_value, fit or alignment"
                ))
            })?,
        };
        Ok((
            filter,
            sort,
            self.offset.unwrap_or(0),
            self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
        ))
    }
}

/// One page of people.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeoplePage {
    /// People matching the filters, in the order asked for.
    pub items: Vec<PersonSummary>,
    /// How many match in all.
    pub total: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
}

/// A page of people.
pub fn page(
    store: &dyn Store,
    filter: &PeopleFilter,
    sort: PeopleSort,
    offset: u64,
    limit: u64,
) -> Result<PeoplePage, EngineError> {
    let (briefs, total) = store.people_page(filter, sort, offset, limit)?;
    Ok(PeoplePage {
        items: briefs.into_iter().map(PersonSummary::from).collect(),
        total,
        limit,
        offset,
    })
}

/// One person as lists show them.
pub fn summary(store: &dyn Store, id: PersonId) -> Result<Option<PersonSummary>, EngineError> {
    Ok(store
        .briefs(&[id])?
        .into_iter()
        .next()
        .map(PersonSummary::from))
}

/// How many people stand on one rung, and with which labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LadderRow {
    /// The stage.
    pub stage: Stage,
    /// People on it.
    pub people: u64,
    /// Of those, per label.
    pub labels: BTreeMap<Label, u64>,
}

/// People per stage and per label.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ladder {
    /// One row per stage, closest relationship first.
    pub stages: Vec<LadderRow>,
    /// People per label, over all stages.
    pub labels: BTreeMap<Label, u64>,
    /// Everyone.
    pub total: u64,
}

/// The ladder's counts, from the stored verdicts.
pub fn ladder(store: &dyn Store) -> Result<Ladder, EngineError> {
    let counts = store.verdict_counts()?;
    let n = |key: String| counts.get(&key).copied().unwrap_or(0);
    let labels_of = |prefix: &str| -> BTreeMap<Label, u64> {
        Label::ALL
            .into_iter()
            .map(|l| (l, n(format!("{prefix}label:{}", l.as_str()))))
            .filter(|(_, c)| *c > 0)
            .collect()
    };
    let stages = Stage::ALL
        .into_iter()
        .rev()
        .map(|s| LadderRow {
            stage: s,
            people: n(format!("stage:{}", s.as_str())),
            labels: labels_of(&format!("stage:{}/", s.as_str())),
        })
        .collect();
    Ok(Ladder {
        stages,
        labels: labels_of(""),
        total: n("all".to_string()),
    })
}

/// People per stage at the end of every week from the first stored
/// activity (or `since`, if later) to `as_of`.
pub fn weekly(
    store: &dyn Store,
    first: Option<i64>,
    as_of: i64,
    since: Option<i64>,
) -> Result<Vec<StageWeek>, EngineError> {
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    let from = week_start(since.unwrap_or(first).max(first));
    if as_of < from {
        return Ok(Vec::new());
    }
    let last = week_start(as_of);
    let mut counts: BTreeMap<Stage, i64> = BTreeMap::new();
    let deltas = store.ladder_weeks()?;
    let mut d = deltas.iter().peekable();
    let mut out = Vec::new();
    let mut week = from;
    while week <= last {
        while let Some((_, stage, delta)) = d.next_if(|(w, _, _)| *w <= week) {
            *counts.entry(*stage).or_default() += delta;
        }
        out.push(StageWeek {
            week_start: Timestamp(week).to_rfc3339(),
            stages: counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(s, n)| (*s, *n as u64))
                .collect(),
        });
        week += WEEK;
    }
    Ok(out)
}
