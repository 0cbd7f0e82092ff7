//! `/api/people`, `/api/people/{key}`, `/api/people/{key}/interactions`
//! and `/api/ladder`.

use super::ApiQuery;
use crate::model::{
    ErrorBody, Ladder, LadderRow, PeoplePage, PeopleQuery, PersonSummary, PersonView, StageWeek,
    TimelineEntry,
};
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{Path, State};
use axum::Json;
use rapport_core::ladder::{Label, Stage};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(interactions))
        .routes(routes!(ladder))
        .routes(routes!(ladder_weekly))
}

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size.
pub const MAX_LIMIT: usize = 1000;

/// What is derived from one list of people and reused until the engine
/// hands out a new list: the ladder's counts and, per sort order and
/// filter asked for, the matching people's indexes. On a million people a
/// sort takes about half a second and a filtered pass tens of
/// milliseconds; a page from a kept selection takes microseconds.
#[derive(Default)]
pub struct PeopleCache {
    inner: Mutex<Option<Derived>>,
}

/// `(sort, stage, label)`.
type SelectionKey = (&'static str, Option<Stage>, Option<Label>);

struct Derived {
    /// The list these were derived from; holding it keeps its address
    /// from being reused by a later list.
    people: Arc<Vec<PersonSummary>>,
    ladder: Option<Arc<Ladder>>,
    selections: HashMap<SelectionKey, Arc<Vec<u32>>>,
}

impl PeopleCache {
    fn with<T>(&self, all: &Arc<Vec<PersonSummary>>, f: impl FnOnce(&mut Derived) -> T) -> T {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let d = match inner.take() {
            Some(d) if Arc::ptr_eq(&d.people, all) => d,
            _ => Derived {
                people: all.clone(),
                ladder: None,
                selections: HashMap::new(),
            },
        };
        let d = inner.insert(d);
        f(d)
    }

    /// The ladder of `all`.
    pub fn ladder(&self, all: &Arc<Vec<PersonSummary>>) -> Arc<Ladder> {
        self.with(all, |d| {
            d.ladder
                .get_or_insert_with(|| Arc::new(ladder_of(&d.people)))
                .clone()
        })
    }

    /// Indexes of the people in `all` on `stage` with `label` (when
    /// given), in `sort` order.
    fn selection(
        &self,
        all: &Arc<Vec<PersonSummary>>,
        sort: &'static str,
        stage: Option<Stage>,
        label: Option<Label>,
    ) -> Arc<Vec<u32>> {
        self.with(all, |d| {
            if let Some(s) = d.selections.get(&(sort, stage, label)) {
                return s.clone();
            }
            let order = match d.selections.get(&(sort, None, None)) {
                Some(o) => o.clone(),
                None => {
                    let o = Arc::new(sorted(&d.people, sort));
                    d.selections.insert((sort, None, None), o.clone());
                    o
                }
            };
            if stage.is_none() && label.is_none() {
                return order;
            }
            let people = &d.people;
            let picked: Vec<u32> = order
                .iter()
                .copied()
                .filter(|&i| {
                    let p = &people[i as usize];
                    stage.is_none_or(|s| p.stage == s.as_str())
                        && label.is_none_or(|l| p.labels.iter().any(|x| x == l.as_str()))
                })
                .collect();
            let picked = Arc::new(picked);
            d.selections.insert((sort, stage, label), picked.clone());
            picked
        })
    }
}

/// Indexes of `all` in `sort` order; ties by id.
fn sorted(all: &[PersonSummary], sort: &str) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..all.len() as u32).collect();
    if sort == "closeness" {
        // The engine's own order.
        return idx;
    }
    let score = |p: &PersonSummary| match sort {
        "engagement" => p.scores.engagement,
        "loyalty" => p.scores.loyalty,
        "advocacy" => p.scores.advocacy,
        "reach" => p.scores.reach,
        _ => p.scores.lifetime_value,
    };
    match sort {
        "name" => idx.sort_by_cached_key(|&i| {
            let p = &all[i as usize];
            (p.name.to_lowercase(), p.id)
        }),
        "id" => idx.sort_by_key(|&i| all[i as usize].id),
        _ => idx.sort_by(|&a, &b| {
            let (a, b) = (&all[a as usize], &all[b as usize]);
            score(b)
                .partial_cmp(&score(a))
                .unwrap_or(Ordering::Equal)
                .then(a.id.cmp(&b.id))
        }),
    }
    idx
}

/// Filters, sorts and pages `all` (closest first) as `q` asks.
pub(crate) fn select_people(
    all: &Arc<Vec<PersonSummary>>,
    q: &PeopleQuery,
    cache: &PeopleCache,
) -> Result<PeoplePage, ApiError> {
    let stage = q
        .stage
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            Stage::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "stage {s:?}: expected stranger, follower, casual, engaged or fan"
                ))
            })
        })
        .transpose()?;
    let label = q
        .label
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|l| {
            Label::parse(l).ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "label {l:?}: expected true_fan, evangelist, influencer, detractor or box_ticker"
                ))
            })
        })
        .transpose()?;
    let sort: &'static str = match q.sort.as_deref().unwrap_or("") {
        "closeness" | "" => "closeness",
        "name" => "name",
        "id" => "id",
        "engagement" => "engagement",
        "loyalty" => "loyalty",
        "advocacy" => "advocacy",
        "reach" => "reach",
        "lifetime_value" => "lifetime_value",
        other => {
            return Err(ApiError::BadRequest(format!(
                "sort {other:?}: expected closeness, name, id, engagement, loyalty, advocacy, reach or lifetime_value"
            )))
        }
    };
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    let offset = q.offset.unwrap_or(0);
    let selected = cache.selection(all, sort, stage, label);
    let items = selected
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| all[i as usize].clone())
        .collect();
    let total = selected.len();
    Ok(PeoplePage {
        items,
        total,
        limit,
        offset,
    })
}

/// Looks a person up by id, `channel:handle`, handle or email.
pub(crate) async fn find(state: &AppState, key: String) -> Result<PersonView, ApiError> {
    let engine = state.engine.clone();
    let k = key.clone();
    blocking(move || Ok::<_, ApiError>(engine.person(&k)?))
        .await?
        .ok_or_else(|| ApiError::NotFound {
            code: "person_not_found",
            message: format!(
                "no person matches {key:?} (try an id, channel:handle, handle or email)"
            ),
        })
}

/// People on the ladder, filtered by stage and label, sorted and paged.
#[utoipa::path(get, path = "/api/people", tag = "people", params(PeopleQuery),
    responses((status = 200, body = PeoplePage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PeopleQuery>,
) -> Result<Json<PeoplePage>, ApiError> {
    let engine = state.engine.clone();
    let cache = state.people_cache.clone();
    blocking(move || select_people(&engine.people()?, &q, &cache))
        .await
        .map(Json)
}

/// One person's 360° view: identities and why they were linked, stage,
/// labels, scores with evidence, interests, orders, timeline, stage history.
#[utoipa::path(get, path = "/api/people/{key}", tag = "people",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, body = PersonView), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn show(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<PersonView>, ApiError> {
    find(&state, key).await.map(Json)
}

/// A person's interactions and the shop's replies to them, oldest first.
#[utoipa::path(get, path = "/api/people/{key}/interactions", tag = "people",
    params(("key" = String, Path, description = "Person id, channel:handle, handle or email")),
    responses((status = 200, body = Vec<TimelineEntry>), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn interactions(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<Vec<TimelineEntry>>, ApiError> {
    find(&state, key).await.map(|p| Json(p.history))
}

/// People per stage (closest first) and per label.
pub(crate) fn ladder_of(all: &[PersonSummary]) -> Ladder {
    let mut stages: Vec<LadderRow> = [
        Stage::Fan,
        Stage::Engaged,
        Stage::Casual,
        Stage::Follower,
        Stage::Stranger,
    ]
    .into_iter()
    .map(|s| LadderRow {
        stage: s.as_str().to_string(),
        people: 0,
        labels: BTreeMap::new(),
    })
    .collect();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    for p in all {
        if let Some(row) = stages.iter_mut().find(|r| r.stage == p.stage) {
            row.people += 1;
            for l in &p.labels {
                *row.labels.entry(l.clone()).or_default() += 1;
            }
        }
        for l in &p.labels {
            *labels.entry(l.clone()).or_default() += 1;
        }
    }
    Ladder {
        stages,
        labels,
        total: all.len(),
    }
}

/// How many people stand on each rung, and with which labels.
#[utoipa::path(get, path = "/api/ladder", tag = "people",
    responses((status = 200, body = Ladder), (status = 401, body = ErrorBody)))]
async fn ladder(State(state): State<AppState>) -> Result<Json<Ladder>, ApiError> {
    let engine = state.engine.clone();
    let cache = state.people_cache.clone();
    blocking(move || Ok::<_, ApiError>(cache.ladder(&engine.people()?)))
        .await
        .map(|l| Json((*l).clone()))
}

/// People per stage at the end of every week, replayed from their
/// histories: how the ladder moved over time.
#[utoipa::path(get, path = "/api/ladder/weekly", tag = "people",
    responses((status = 200, body = Vec<StageWeek>), (status = 401, body = ErrorBody)))]
async fn ladder_weekly(State(state): State<AppState>) -> Result<Json<Vec<StageWeek>>, ApiError> {
    let engine = state.engine.clone();
    blocking(move || Ok::<_, ApiError>(engine.ladder_weekly()?))
        .await
        .map(Json)
}
