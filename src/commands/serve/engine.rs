//! The views of this crate behind `rapport_server::Engine`.
//!
//! Computing the ladder means reading every person and interaction, so a
//! computed [`Snapshot`] is kept and shared by all requests. It is
//! recomputed in the background once it is older than [`TTL`], or ten times
//! what the last computation took if that is longer (so a large shop is not
//! recomputed without pause); requests meanwhile get the previous one. An
//! import or a touch logged through the server recomputes at once. Data imported by another
//! process shows up after that age plus the time a recomputation takes.
//!
//! One person's view is built by the same `views::person`, run on a
//! snapshot cut down to that person (their interactions, the shop's
//! replies to them, their orders): the full snapshot would make every
//! person page scan every interaction of the shop.

use crate::commands::now;
use rapport_core::{PersonId, Timestamp};
use rapport_engine::import::Import;
use rapport_engine::profile;
use rapport_engine::snapshot::{self as views, Snapshot};
use rapport_ingest::Format;
use rapport_server::model::{
    Alerts, CohortPlan, Cohorts, ImportSummary, Inbox, Influencers, PersonSummary, PersonView,
    ProfileShown, ProfileUpdate, Report, StageWeek, Thread, ThreadList, Touch,
};
use rapport_server::{Engine, EngineError};
use rapport_store::Store;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long a computed snapshot is served before it is recomputed.
pub const TTL: Duration = Duration::from_secs(15);

/// One computed picture of the store, and what was derived from it.
struct Computed {
    at: Instant,
    took: Duration,
    snap: Snapshot,
    /// Per person: their row in `snap.people`.
    person_row: HashMap<PersonId, usize>,
    /// Per person: their interactions and the shop's replies to them
    /// (indexes into `snap.interactions`, ascending).
    threads: HashMap<PersonId, Vec<usize>>,
    /// Per person: their orders (indexes into `snap.orders`).
    orders: HashMap<PersonId, Vec<usize>>,
    people: Arc<Vec<PersonSummary>>,
    inbox: Arc<Inbox>,
    /// Per report window (`all`, `30d`, ...): the report, computed once.
    reports: Mutex<HashMap<String, Arc<Cell<Report>>>>,
    /// Threads, alerts and the ladder's weeks: computed on first use.
    conversations: OnceLock<views::threads::Threads>,
    thread_list: OnceLock<Arc<ThreadList>>,
    alerts: OnceLock<Arc<Alerts>>,
    ladder_weekly: OnceLock<Vec<StageWeek>>,
    touch_list: OnceLock<Arc<Vec<Touch>>>,
    /// Serializes the first computation of the lazy parts above.
    lazy: Mutex<()>,
    /// Influencers: computed on first use.
    influencers: OnceLock<Arc<Influencers>>,
}

/// The relationship engine as the server sees it.
pub struct ViewsEngine {
    shared: Arc<Shared>,
}

struct Shared {
    store: Arc<dyn Store>,
    profile: PathBuf,
    current: Mutex<Option<Arc<Computed>>>,
    refreshing: AtomicBool,
    /// Bumped by every write through the server: a background
    /// recomputation that started before it is thrown away.
    generation: AtomicU64,
}

fn internal(e: impl std::fmt::Display) -> EngineError {
    EngineError::Internal(format!("{e:#}"))
}

/// Converts a view into the server's model of it: the JSON the CLI prints
/// is the JSON the API sends.
fn convert<T: Serialize, U: DeserializeOwned>(v: &T) -> Result<U, EngineError> {
    // Through bytes, not a `serde_json::Value` tree: a tree of a million
    // people or inbox items costs several times the views themselves.
    serde_json::to_vec(v)
        .and_then(|bytes| serde_json::from_slice(&bytes))
        .map_err(|e| internal(format!("converting a view: {e}")))
}

/// Who wrote what, and which shop replies answer whom.
fn index(snap: &Snapshot) -> (HashMap<PersonId, Vec<usize>>, HashMap<PersonId, Vec<usize>>) {
    let mut author: HashMap<(&str, &str), PersonId> = HashMap::new();
    for i in snap.interactions.iter().filter(|i| !i.from_brand) {
        author.insert((i.channel.as_str(), i.external_id.as_str()), i.person);
    }
    let mut threads: HashMap<PersonId, Vec<usize>> = HashMap::new();
    for (n, i) in snap.interactions.iter().enumerate() {
        threads.entry(i.person).or_default().push(n);
        if i.from_brand {
            let parent = i
                .in_reply_to
                .as_deref()
                .and_then(|p| author.get(&(i.channel.as_str(), p)));
            if let Some(&to) = parent.filter(|&&to| to != i.person) {
                threads.entry(to).or_default().push(n);
            }
        }
    }
    let mut orders: HashMap<PersonId, Vec<usize>> = HashMap::new();
    for (n, o) in snap.orders.iter().enumerate() {
        if let Some(p) = o.person {
            orders.entry(p).or_default().push(n);
        }
    }
    (threads, orders)
}

impl Computed {
    /// The snapshot cut down to one person: what `views::person` reads.
    fn of_person(&self, id: PersonId) -> Option<Snapshot> {
        let snap = &self.snap;
        let row = snap.people.get(*self.person_row.get(&id)?)?;
        let idx: &[usize] = self.threads.get(&id).map_or(&[], Vec::as_slice);
        Some(Snapshot {
            people: vec![row.clone()],
            interactions: idx.iter().map(|&n| snap.interactions[n].clone()).collect(),
            orders: self
                .orders
                .get(&id)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|&n| snap.orders[n].clone())
                .collect(),
            answered_at: idx.iter().map(|&n| snap.answered_at[n]).collect(),
            roots: idx.iter().map(|&n| snap.roots[n].clone()).collect(),
            as_of: snap.as_of,
            assessments: HashMap::from([(id, snap.assessments.get(&id)?.clone())]),
            profile: snap.profile.clone(),
            merged: snap.merged.clone(),
            touches: snap
                .touches
                .iter()
                .filter(|t| t.person == id)
                .cloned()
                .collect(),
        })
    }

    /// Whether it is time to recompute.
    fn stale(&self) -> bool {
        self.at.elapsed() > TTL.max(self.took * 10)
    }
}

impl Shared {
    fn compute(&self) -> Result<Computed, EngineError> {
        let start = Instant::now();
        let (profile, _) = profile::load(&self.profile).map_err(internal)?;
        let snap = Snapshot::load_with(&*self.store, profile).map_err(internal)?;
        let people = convert(&views::people(&snap, None, None, None))?;
        let inbox = convert(&views::inbox(&snap, now().max(snap.as_of), usize::MAX))?;
        let (threads, orders) = index(&snap);
        let person_row = snap
            .people
            .iter()
            .enumerate()
            .map(|(n, p)| (p.id, n))
            .collect();
        tracing::info!(target: "server", people = snap.people.len(), interactions = snap.interactions.len(),
            millis = start.elapsed().as_millis() as u64, "computed the snapshot");
        Ok(Computed {
            at: Instant::now(),
            took: start.elapsed(),
            person_row,
            threads,
            orders,
            snap,
            people: Arc::new(people),
            inbox: Arc::new(Inbox::new(inbox)),
            reports: Mutex::new(HashMap::new()),
            conversations: OnceLock::new(),
            thread_list: OnceLock::new(),
            alerts: OnceLock::new(),
            ladder_weekly: OnceLock::new(),
            touch_list: OnceLock::new(),
            lazy: Mutex::new(()),
            influencers: OnceLock::new(),
        })
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<Computed>>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A value computed once, by one caller at a time.
type Cell<T> = (Mutex<()>, OnceLock<T>);

/// The report over `since`, computed once per snapshot and window. Each
/// window has its own cell: a window being computed holds up only those
/// asking for that window.
fn report_of(c: &Computed, since: &str) -> Result<Report, EngineError> {
    let from = views::parse_since(since, now().max(c.snap.as_of))
        .map_err(|e| EngineError::BadInput(e.replace("--since", "since")))?;
    let cell = c
        .reports
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(since.to_string())
        .or_default()
        .clone();
    lazily(&cell.0, &cell.1, || {
        convert(&views::full_report(&c.snap, from))
    })
}

/// The alerts as of now, in the server's model.
fn alerts_of(c: &Computed) -> Result<Arc<Alerts>, EngineError> {
    let all = views::alerts::alerts(&c.snap, now().max(c.snap.as_of));
    Ok(Arc::new(Alerts::new(convert(&all)?)))
}

/// Every touch of the snapshot in the server's model, oldest first.
fn touch_list(snap: &Snapshot) -> Vec<Touch> {
    let names: HashMap<PersonId, &str> = snap
        .people
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    snap.touches
        .iter()
        .map(|t| Touch {
            id: t.id,
            person: t.person.0,
            name: names.get(&t.person).copied().unwrap_or("").to_string(),
            kind: t.kind.clone(),
            note: t.note.clone(),
            at: Timestamp(t.at).to_rfc3339(),
            by: t.by.clone(),
        })
        .collect()
}

/// `cell`'s value, computed by `f` on first use (a failed computation is
/// not kept, so the next call tries again).
fn lazily<T: Clone>(
    lock: &Mutex<()>,
    cell: &OnceLock<T>,
    f: impl FnOnce() -> Result<T, EngineError>,
) -> Result<T, EngineError> {
    if let Some(v) = cell.get() {
        return Ok(v.clone());
    }
    // One computation at a time per snapshot: fifty visitors arriving
    // together must not each replay a million histories.
    let _one = lock.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(v) = cell.get() {
        return Ok(v.clone());
    }
    let v = f()?;
    Ok(cell.get_or_init(|| v).clone())
}

/// The thread list in the server's model, computed once per snapshot.
fn thread_list(c: &Computed) -> Result<Arc<ThreadList>, EngineError> {
    lazily(&c.lazy, &c.thread_list, || {
        Ok(Arc::new(ThreadList::new(convert(&c.thread_index().list)?)))
    })
}

impl Computed {
    fn thread_index(&self) -> &views::threads::Threads {
        self.conversations
            .get_or_init(|| views::threads::threads(&self.snap))
    }
}

/// The report windows the dashboard offers, computed ahead of visitors.
const WINDOWS: [&str; 4] = ["all", "30d", "7d", "12w"];

/// Computes in the background, one after the other, what would otherwise
/// keep the first visitor of a page waiting on a large shop: the alerts
/// (every page's badge counts them), the ladder's weekly movement, the
/// reports of every window the Report page offers, the influencers and
/// the threads.
fn precompute_report(c: Arc<Computed>) {
    std::thread::spawn(move || {
        let log = |what: &str, r: Result<(), EngineError>| {
            if let Err(e) = r {
                tracing::error!(target: "server", "computing {what}: {e}");
            }
        };
        log(
            "the alerts",
            lazily(&c.lazy, &c.alerts, || alerts_of(&c)).map(drop),
        );
        let weekly = lazily(&c.lazy, &c.ladder_weekly, || {
            convert(&views::movement::ladder_weekly(&c.snap, None))
        });
        log("the ladder's weeks", weekly.map(drop));
        log("the report", report_of(&c, WINDOWS[0]).map(drop));
        log("the influencers", influencers_of(&c).map(drop));
        log("the threads", thread_list(&c).map(drop));
        for w in &WINDOWS[1..] {
            log("a report window", report_of(&c, w).map(drop));
        }
    });
}

/// The influencers in the server's model, computed once per snapshot.
fn influencers_of(c: &Computed) -> Result<Arc<Influencers>, EngineError> {
    lazily(&c.lazy, &c.influencers, || {
        convert(&serde_json::json!({
            "misaligned_below": rapport_core::ladder::MISALIGNED_BELOW,
            "items": views::influencers(&c.snap),
        }))
        .map(Arc::new)
    })
}

impl ViewsEngine {
    /// An engine over `store`, with the shop profile at `profile`.
    pub fn new(store: Arc<dyn Store>, profile: PathBuf) -> ViewsEngine {
        ViewsEngine {
            shared: Arc::new(Shared {
                store,
                profile,
                current: Mutex::new(None),
                refreshing: AtomicBool::new(false),
                generation: AtomicU64::new(0),
            }),
        }
    }

    /// Computes the snapshot now (before serving),
    /// and the alerts, so the first pages carry their badge.
    pub fn warm(&self) -> Result<(), EngineError> {
        self.alerts().map(|_| ())
    }

    fn computed(&self) -> Result<Arc<Computed>, EngineError> {
        let mut slot = self.shared.slot();
        match slot.as_ref() {
            Some(c) if !c.stale() => Ok(c.clone()),
            Some(c) => {
                // Stale: serve it while a background thread recomputes.
                if !self.shared.refreshing.swap(true, Ordering::SeqCst) {
                    let shared = self.shared.clone();
                    std::thread::spawn(move || {
                        let generation = shared.generation.load(Ordering::SeqCst);
                        match shared.compute() {
                            Ok(fresh) => {
                                let fresh = Arc::new(fresh);
                                let mut slot = shared.slot();
                                if shared.generation.load(Ordering::SeqCst) == generation {
                                    *slot = Some(fresh.clone());
                                    drop(slot);
                                    precompute_report(fresh);
                                }
                            }
                            Err(e) => tracing::error!(target: "server", "recomputing: {e}"),
                        }
                        shared.refreshing.store(false, Ordering::SeqCst);
                    });
                }
                Ok(c.clone())
            }
            None => {
                let c = Arc::new(self.shared.compute()?);
                *slot = Some(c.clone());
                precompute_report(c.clone());
                Ok(c)
            }
        }
    }

    /// Forgets the snapshot (after a write), so the next call recomputes.
    fn invalidate(&self) {
        let mut slot = self.shared.slot();
        self.shared.generation.fetch_add(1, Ordering::SeqCst);
        *slot = None;
    }

    fn store(&self) -> &dyn Store {
        &*self.shared.store
    }
}

impl Engine for ViewsEngine {
    fn people(&self) -> Result<Arc<Vec<PersonSummary>>, EngineError> {
        Ok(self.computed()?.people.clone())
    }

    fn person(&self, key: &str) -> Result<Option<PersonView>, EngineError> {
        let Some(id) = self.store().find_person(key).map_err(internal)? else {
            return Ok(None);
        };
        let c = self.computed()?;
        let Some(snap) = c.of_person(id) else {
            return Ok(None);
        };
        let links = self.store().links(id).map_err(internal)?;
        views::person(&snap, id, links)
            .map(|v| convert(&v))
            .transpose()
    }

    fn inbox(&self) -> Result<Arc<Inbox>, EngineError> {
        Ok(self.computed()?.inbox.clone())
    }

    fn report(&self, since: &str) -> Result<Report, EngineError> {
        report_of(&*self.computed()?, since)
    }

    fn import(&self, format: &str, body: &[u8]) -> Result<ImportSummary, EngineError> {
        let format = Format::parse(format).ok_or_else(|| {
            EngineError::BadInput(format!(
                "unknown format {format:?}; expected one of: {}",
                Format::NAMES.join(", ")
            ))
        })?;
        let (p, from_file) = profile::load(&self.shared.profile).map_err(internal)?;
        let brand = profile::brand_accounts(&p, from_file, &[]);
        let mut import = Import::new(self.store(), p, brand).map_err(internal)?;
        let result = import.read(format, "body", Box::new(body));
        // Whatever was stored before a failure is stored: bring the
        // ladder up to date for it, and recompute.
        let summary = import.finish().map_err(internal);
        self.invalidate();
        result.map_err(internal)?;
        convert(&summary?)
    }

    fn cohorts(&self) -> Result<Cohorts, EngineError> {
        let c = self.computed()?;
        let at = now().max(c.snap.as_of);
        let cohorts = views::refreshed(self.store(), &c.snap, at).map_err(internal)?;
        convert(&views::ShowOut { cohorts })
    }

    fn plan_cohort(&self, size: usize) -> Result<CohortPlan, EngineError> {
        if size == 0 {
            return Err(EngineError::BadInput("size must be at least 1".to_string()));
        }
        let c = self.computed()?;
        let at = now().max(c.snap.as_of);
        let cohorts = views::refreshed(self.store(), &c.snap, at).map_err(internal)?;
        let planned =
            views::planned(self.store(), &c.snap, &cohorts, size, at).map_err(internal)?;
        convert(&planned)
    }

    fn influencers(&self) -> Result<Influencers, EngineError> {
        let c = self.computed()?;
        Ok(Influencers::clone(&*influencers_of(&c)?))
    }

    fn profile(&self) -> Result<ProfileShown, EngineError> {
        let (p, from_file) = profile::load(&self.shared.profile).map_err(internal)?;
        convert(&profile::Shown {
            path: self.shared.profile.display().to_string(),
            from_file,
            profile: p,
        })
    }

    fn set_profile(&self, update: ProfileUpdate) -> Result<ProfileShown, EngineError> {
        let update: profile::ProfileUpdate = convert(&update)?;
        let p = profile::validated(&update).map_err(|e| match e {
            rapport_engine::EngineError::BadInput(m) => EngineError::BadInput(m),
            other => internal(other),
        })?;
        profile::save(&self.shared.profile, &p).map_err(internal)?;
        // Alignment and the goal depend on the profile: recompute.
        self.invalidate();
        self.profile()
    }

    fn threads(&self) -> Result<Arc<ThreadList>, EngineError> {
        let c = self.computed()?;
        thread_list(&c)
    }

    fn thread(&self, key: &str) -> Result<Option<Thread>, EngineError> {
        let c = self.computed()?;
        views::threads::thread(&c.snap, c.thread_index(), key)
            .map(|t| convert(&t))
            .transpose()
    }

    fn overdue_alerts(&self, closed: &HashSet<i64>, now: i64) -> Option<usize> {
        let c = self.shared.slot().as_ref()?.clone();
        Some(c.alerts.get()?.overdue(closed, now))
    }

    fn alerts(&self) -> Result<Arc<Alerts>, EngineError> {
        let c = self.computed()?;
        lazily(&c.lazy, &c.alerts, || alerts_of(&c))
    }

    fn ladder_weekly(&self) -> Result<Vec<StageWeek>, EngineError> {
        let c = self.computed()?;
        lazily(&c.lazy, &c.ladder_weekly, || {
            convert(&views::movement::ladder_weekly(&c.snap, None))
        })
    }

    fn touches(&self) -> Result<Arc<Vec<Touch>>, EngineError> {
        let c = self.computed()?;
        lazily(&c.lazy, &c.touch_list, || Ok(Arc::new(touch_list(&c.snap))))
    }

    fn log_touch(
        &self,
        person: i64,
        kind: &str,
        note: &str,
        at: i64,
        by: &str,
    ) -> Result<i64, EngineError> {
        let id = self
            .store()
            .add_touch(PersonId(person), kind, note, at, Some(by))
            .map_err(internal)?;
        tracing::info!(target: "server", touch = id, person, kind, by, "touch logged");
        // Ledgers (the person's, the influencers') read every touch: recompute.
        self.invalidate();
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads and alerts of the demo shop reach the server's model.
    #[test]
    fn threads_and_alerts_convert_to_the_servers_model() {
        let store: Arc<dyn Store> = Arc::from(rapport_store::open(":memory:").unwrap());
        rapport_engine::demo::load(&*store).unwrap();
        let engine = ViewsEngine::new(store, PathBuf::from("no-such-profile.toml"));
        let threads = engine.threads().unwrap();
        assert!(threads.items.len() > 100);
        assert!(threads.channels.len() >= 2);
        for t in threads.items.iter().step_by(37) {
            let full = engine
                .thread(&t.key)
                .unwrap()
                .expect("listed threads exist");
            assert_eq!(full.messages.len(), t.message_count);
            let by_id = engine.thread(&t.first_id.to_string()).unwrap();
            assert_eq!(by_id.map(|b| b.summary.key), Some(t.key.clone()));
        }
        let alerts = engine.alerts().unwrap();
        assert!(alerts
            .items()
            .iter()
            .any(|a| a.kind == "unanswered" && a.overdue));
        assert!(!engine.ladder_weekly().unwrap().is_empty());
    }

    /// The cut-down snapshot must give exactly the view the full one gives.
    #[test]
    fn a_person_seen_through_their_own_snapshot_is_the_same_person() {
        let store: Arc<dyn Store> = Arc::from(rapport_store::open(":memory:").unwrap());
        rapport_engine::demo::load(&*store).unwrap();
        let engine = ViewsEngine::new(store.clone(), PathBuf::from("no-such-profile.toml"));
        let c = engine.computed().unwrap();
        let mut checked = 0;
        for p in c.snap.people.iter().step_by(7) {
            let links = store.links(p.id).unwrap();
            let full = views::person(&c.snap, p.id, links.clone())
                .map(|v| serde_json::to_value(v).unwrap());
            let cut = c
                .of_person(p.id)
                .and_then(|s| views::person(&s, p.id, links))
                .map(|v| serde_json::to_value(v).unwrap());
            assert_eq!(full, cut, "person {}", p.id);
            checked += 1;
        }
        assert!(checked > 20);
    }
}
