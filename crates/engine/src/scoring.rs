//! The ladder kept current in the store.
//!
//! Verdicts are judged by the pure core ([`ladder::assess`]) and stored
//! with the moment they are as of. The store's triggers mark everyone
//! whose data changes, so an update judges only them, plus the people
//! whose verdict changes with time alone (an activity leaving the window
//! before the new moment). [`rescore_all`] judges everyone; [`update`]
//! falls back to it when most people changed anyway.
//!
//! A verdict judged here equals the one the views compute from a full
//! snapshot ([`judge`] is the one place both go through), which the tests
//! check after imports in several pieces.

use rapport_core::affinity;
use rapport_core::ladder::{self, Assessment, History, Label, Stage, INFLUENCER_FOLLOWERS};
use rapport_core::profile::Profile;
use rapport_core::recovery::{self, Mood};
use rapport_core::{replay, PersonId};
use rapport_store::{InteractionRow, Moments, ScoreInput, ScoreRow, ScoreState, Store, StoreError};
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Instant;

/// Changed people above which an update judges everyone at once — when
/// they are also most of the people: reading people one by one costs
/// about 60 µs each, one pass over 1M people and 10M interactions about
/// 15 s (bench/rescore.sh), so for most of a large shop the pass is the
/// cheaper way.
const FULL_FROM: usize = 100_000;

/// People an update judges and stores per transaction: the writer is
/// free between chunks, so a server's own writes (a reply recorded, a
/// webhook) wait for one chunk at most, never for the whole update.
pub const CHUNK: usize = 10_000;

/// What an update or a rescore did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// People judged.
    pub judged: u64,
    /// Stored verdicts dropped (people merged away or forgotten).
    pub dropped: u64,
    /// Whether everyone was judged.
    pub full: bool,
    /// The moment the verdicts are as of (seconds since the epoch).
    pub as_of: i64,
    /// Wall time, in milliseconds.
    pub millis: u64,
}

/// A short fingerprint of what in the profile the verdicts depend on.
pub fn fingerprint(p: &Profile) -> String {
    // FNV-1a over the name, topics, values, currency and rates (the
    // lifetime value is in the shop's currency), and the way verdicts are
    // judged (the ladder's rules version): stable across builds that
    // judge alike.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let rates: Vec<String> = p.rates.iter().map(|(c, r)| format!("{c}={r}")).collect();
    let judged = [
        "value-in-shop-currency".to_string(),
        p.currency.clone(),
        format!("ladder {}", rapport_core::ladder::RULES),
    ];
    let parts = std::iter::once(&p.name)
        .chain(&p.topics)
        .chain(&p.values)
        .chain(&judged)
        .chain(&rates);
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The ladder's view of an input.
fn history(input: &ScoreInput) -> History {
    History {
        activities: input.activities.clone(),
        purchases: input.purchases.clone(),
        followers: input.followers,
    }
}

/// Judges one person as of `as_of`. Alignment with the shop is judged for
/// people with an influencer's reach only (it is the other half of the
/// influencer axis); `topics` is asked for their topics only then.
pub fn judge<E>(
    input: &ScoreInput,
    as_of: i64,
    profile: &Profile,
    topics: impl FnOnce() -> Result<Vec<Vec<String>>, E>,
) -> Result<Assessment, E> {
    judge_history(&history(input), input, as_of, profile, topics)
}

fn judge_history<E>(
    h: &History,
    input: &ScoreInput,
    as_of: i64,
    profile: &Profile,
    topics: impl FnOnce() -> Result<Vec<Vec<String>>, E>,
) -> Result<Assessment, E> {
    let mut a = ladder::assess(h, as_of);
    ladder::with_value(&mut a, h, profile);
    if input.followers >= INFLUENCER_FOLLOWERS {
        let texts = topics()?;
        let al = affinity::alignment(input.bio.as_deref(), &texts, profile);
        ladder::with_alignment(&mut a, input.followers, &al);
    }
    Ok(a)
}

/// The stored verdict on one person: [`judge`], [`next_change`] and the
/// [`moments`] of one history (`recovered` is read afterwards, from the
/// words: see [`recover`]).
fn row<E>(
    input: &ScoreInput,
    as_of: i64,
    profile: &Profile,
    topics: impl FnOnce() -> Result<Vec<Vec<String>>, E>,
) -> Result<ScoreRow, E> {
    let h = history(input);
    let assessment = judge_history(&h, input, as_of, profile, topics)?;
    let moments = moments(&h, &assessment, as_of);
    Ok(ScoreRow {
        person: input.person,
        assessment,
        next_change: next_change(&h, as_of),
        moments,
    })
}

/// What the replay of `h` says beside its verdict `a`: the steps, the
/// first and latest activity (orders aside), since when a detractor is one, when a fan
/// falls below fan without new words, when someone below fan last fell.
pub fn moments(h: &History, a: &Assessment, as_of: i64) -> Moments {
    let steps = replay::replay(h, as_of);
    let times = h.activities.iter().map(|x| x.at);
    let (first_at, last_at) =
        times.fold((None, None), |(lo, hi): (Option<i64>, Option<i64>), t| {
            (
                Some(lo.map_or(t, |l| l.min(t))),
                Some(hi.map_or(t, |x| x.max(t))),
            )
        });
    let detractor_since = a
        .labels
        .contains(&Label::Detractor)
        .then(|| appeared(&steps, Label::Detractor))
        .flatten();
    let (falls_at, fell_at) = if a.stage == Stage::Fan {
        // The moments the verdict can change with no new data, in order:
        // the first at which the stage is below fan.
        let mut later: Vec<i64> = ladder::change_moments(h).filter(|&t| t > as_of).collect();
        later.sort_unstable();
        later.dedup();
        let falls = later.into_iter().find_map(|t| {
            let stage = ladder::assess(h, t).stage;
            (stage < Stage::Fan).then_some((t, stage))
        });
        (falls, None)
    } else {
        // The last fall from fan, if they stayed below since.
        let fell = steps
            .windows(2)
            .rev()
            .find(|w| w[0].assessment.stage == Stage::Fan && w[1].assessment.stage < Stage::Fan)
            .map(|w| w[1].at)
            .filter(|&at| {
                !steps
                    .iter()
                    .any(|s| s.at > at && s.assessment.stage == Stage::Fan)
            });
        (None, fell)
    };
    Moments {
        steps: replay::marks(&steps),
        first_at,
        last_at,
        detractor_since,
        falls_at: falls_at.map(|f| f.0),
        falls_to: falls_at.map(|f| f.1),
        fell_at,
        recovered: false,
    }
}

/// When `label` last appeared in a replay (and stayed to the end).
pub fn appeared(steps: &[replay::Step], label: Label) -> Option<i64> {
    let last = steps.last()?;
    if !last.assessment.labels.contains(&label) {
        return None;
    }
    let mut since = last.at;
    for s in steps.iter().rev() {
        if !s.assessment.labels.contains(&label) {
            break;
        }
        since = s.at;
    }
    Some(since)
}

/// What a person's words say for their recovery: each conversational
/// thing they wrote with its mood, whether it complains, and when the
/// shop answered it.
pub fn said(rows: &[InteractionRow]) -> Vec<recovery::Said> {
    rows.iter()
        .filter(|i| !i.from_brand && i.kind.is_conversational())
        .map(|i| {
            // A complaint as the ladder counts it (see `Signals::read`).
            let complaint = i.signals.complaint();
            recovery::Said {
                at: i.at,
                mood: Mood::of(
                    &i.text,
                    i.analysis.as_ref().map(|a| a.sentiment.as_str()),
                    complaint,
                ),
                complaint,
                answered_at: i.answered_at,
                text: i.text.clone(),
            }
        })
        .collect()
}

/// Reads the words of those among `rows` who complained and whether each
/// has recovered (their latest complaint answered, their latest words
/// since kind: see [`recovery`]); a recovery joins the evidence.
fn recover(store: &dyn Store, rows: &mut [ScoreRow]) -> Result<(), StoreError> {
    // Anyone who complained: a complaint that kind words since outweigh
    // is a recovery too, shown though the label has gone.
    for r in rows
        .iter_mut()
        .filter(|r| r.assessment.tally.complaints > 0)
    {
        let words = said(&store.interactions_of(r.person)?);
        let found = recovery::recovery(&words).filter(|x| x.recovered);
        r.moments.recovered = found.is_some();
        // Shown with the label: complained, answered, and since.
        if let Some(x) = found {
            r.assessment.evidence.push(x.line());
        }
    }
    Ok(())
}

/// The first moment after `as_of` at which the verdict on `h` can change
/// with no new data (a decay step ends, an activity leaves the window, a
/// downgrade's grace period ends).
pub fn next_change(h: &History, as_of: i64) -> Option<i64> {
    ladder::change_moments(h).filter(|&t| t > as_of).min()
}

/// Topics as the views read them: the analyzer's, or the plain words.
fn topics_of(store: &dyn Store, person: PersonId) -> Result<Vec<Vec<String>>, StoreError> {
    Ok(store
        .topic_rows(person)?
        .into_iter()
        .map(|(topics, text)| topics.unwrap_or_else(|| affinity::plain_topics(&text)))
        .collect())
}

/// Judges many people, on every core.
fn judge_all(
    store: &dyn Store,
    inputs: &[ScoreInput],
    as_of: i64,
    profile: &Profile,
) -> Result<Vec<ScoreRow>, StoreError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = inputs.len().div_ceil(threads).max(1);
    // Reach is rare: judge everyone in parallel without topics, then the
    // few with an influencer's reach again, with theirs.
    let mut rows: Vec<ScoreRow> = std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .filter(|i| i.followers < INFLUENCER_FOLLOWERS)
                        .map(|i| {
                            // Without an influencer's reach, topics are
                            // never asked for.
                            let none = || Ok::<_, std::convert::Infallible>(Vec::new());
                            match row(i, as_of, profile, none) {
                                Ok(r) => r,
                                Err(never) => match never {},
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for i in inputs
        .iter()
        .filter(|i| i.followers >= INFLUENCER_FOLLOWERS)
    {
        rows.push(row(i, as_of, profile, || topics_of(store, i.person))?);
    }
    recover(store, &mut rows)?;
    Ok(rows)
}

/// A number for a ladder pass, unlike any other pass's (of this process
/// or another): random.
fn new_pass() -> i64 {
    use std::hash::BuildHasher;
    let random = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
    (random >> 1) as i64
}

/// Judges everyone again and stores the verdicts (`rapport rescore`).
pub fn rescore_all(store: &dyn Store, profile: &Profile) -> Result<Summary, StoreError> {
    // A pass started meanwhile (another process importing) may take
    // people over; then this one stores nothing and judges again.
    for _ in 0..3 {
        if let Some(summary) = rescore_once(store, profile)? {
            return Ok(summary);
        }
        tracing::info!(target: "ladder", "another ladder pass took people over; judging everyone again");
    }
    // Still taken over: the passes that hold them store their verdicts.
    Ok(Summary {
        judged: 0,
        dropped: 0,
        full: true,
        as_of: store.score_state()?.map_or(0, |s| s.as_of),
        millis: 0,
    })
}

/// One attempt of [`rescore_all`]: `None` when another pass took some
/// of the people over before the verdicts were stored.
fn rescore_once(store: &dyn Store, profile: &Profile) -> Result<Option<Summary>, StoreError> {
    let started = Instant::now();
    let lap = |what: &str| tracing::debug!(target: "ladder", ms = started.elapsed().as_millis() as u64, "{what}");
    let filled = store.fill_signals()?;
    lap(&format!("signals filled for {filled} interactions"));
    let pass = new_pass();
    let dirty = store.claim_changed(pass)?;
    store.claim(pass, None)?;
    let (inputs, latest) = store.score_inputs()?;
    lap("inputs read");
    let as_of = latest.max(store.score_state()?.map_or(0, |s| s.as_of));
    let rows = judge_all(store, &inputs, as_of, profile)?;
    lap("judged");
    drop(inputs);
    let state = ScoreState {
        as_of,
        profile: fingerprint(profile),
        through: dirty.through,
    };
    if !store.write_scores(&rows, &[], pass, true, true, &state)? {
        return Ok(None);
    }
    lap("stored");
    Ok(Some(Summary {
        judged: rows.len() as u64,
        dropped: 0,
        full: true,
        as_of,
        millis: started.elapsed().as_millis() as u64,
    }))
}

/// Brings the stored verdicts up to date: judges the people whose data
/// changed and those whose verdict changed with time, or everyone when
/// nothing is stored yet, the profile changed, or most people changed.
pub fn update(store: &dyn Store, profile: &Profile) -> Result<Summary, StoreError> {
    let summary = update_in_chunks(store, profile, CHUNK)?;
    scan_moments(store, summary.as_of)?;
    Ok(summary)
}

/// Finds the moments in what was stored since the last look (with the
/// verdicts just written: a detractor's public words need their label)
/// and closes those dealt with.
pub fn scan_moments(store: &dyn Store, as_of: i64) -> Result<u64, StoreError> {
    store.scan_moments(as_of - rapport_store::moments::MOMENTS_WITHIN, crate::now())
}

/// [`update`], storing `chunk` people per transaction.
pub fn update_in_chunks(
    store: &dyn Store,
    profile: &Profile,
    chunk: usize,
) -> Result<Summary, StoreError> {
    let started = Instant::now();
    let lap = |what: &str| tracing::debug!(target: "ladder", ms = started.elapsed().as_millis() as u64, "{what}");
    let Some(state) = store.score_state()? else {
        return rescore_all(store, profile);
    };
    if state.profile != fingerprint(profile) {
        return rescore_all(store, profile);
    }
    lap("state read");
    store.fill_signals()?;
    lap("signals filled");
    let pass = new_pass();
    let dirty = store.claim_changed(pass)?;
    let through = dirty.through;
    let dirty = dirty.people;
    lap("changed people taken");
    let everyone = store.verdict_counts()?.get("all").copied().unwrap_or(0);
    if dirty.len() > FULL_FROM && dirty.len() as u64 * 2 > everyone {
        return rescore_all(store, profile);
    }
    let (changed, latest) = store.score_inputs_of(&dirty)?;
    let as_of = state.as_of.max(latest);
    let mut who: BTreeSet<PersonId> = changed.iter().map(|i| i.person).collect();
    let due: Vec<PersonId> = store
        .due_people(as_of)?
        .into_iter()
        .filter(|p| !who.contains(p))
        .collect();
    store.claim(pass, Some(&due))?;
    lap("changed people read");
    let (aged, _) = store.score_inputs_of(&due)?;
    lap("people due read");
    let mut inputs = changed;
    inputs.extend(aged);
    who.extend(inputs.iter().map(|i| i.person));
    let gone: Vec<PersonId> = dirty.iter().filter(|p| !who.contains(p)).copied().collect();
    // A chunk at a time, each judged on every core and stored in its own
    // transaction. The people are the pass's until written: if the
    // update stops half way, the next pass takes the rest; if another
    // pass takes some meanwhile, their verdicts are its to write.
    let chunks: Vec<&[ScoreInput]> = inputs.chunks(chunk.max(1)).collect();
    let state = ScoreState {
        as_of,
        profile: state.profile,
        through,
    };
    let mut judged = 0;
    for (n, chunk) in chunks.iter().enumerate() {
        let rows = judge_all(store, chunk, as_of, profile)?;
        let last = n + 1 == chunks.len();
        store.write_scores(
            &rows,
            if last { &gone } else { &[] },
            pass,
            last,
            false,
            &state,
        )?;
        judged += rows.len();
    }
    if chunks.is_empty() {
        store.write_scores(&[], &gone, pass, true, false, &state)?;
    }
    lap("judged and stored");
    Ok(Summary {
        judged: judged as u64,
        dropped: gone.len() as u64,
        full: false,
        as_of,
        millis: started.elapsed().as_millis() as u64,
    })
}

/// How the stored verdicts compare with judging everyone now.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Check {
    /// People judged.
    pub checked: u64,
    /// People whose stored verdict differs (or is missing).
    pub differ: u64,
    /// Stored verdicts of people who no longer exist.
    pub orphans: u64,
    /// Up to ten people who differ.
    pub examples: Vec<PersonId>,
    /// Whether the stored moment is the latest one.
    pub as_of_current: bool,
}

/// Judges everyone and compares with what is stored, writing nothing
/// (`rapport rescore --check`).
pub fn check(store: &dyn Store, profile: &Profile) -> Result<Check, StoreError> {
    let state = store.score_state()?;
    let (inputs, latest) = store.score_inputs()?;
    let as_of = latest.max(state.as_ref().map_or(0, |s| s.as_of));
    let fresh = judge_all(store, &inputs, as_of, profile)?;
    let mut stored: std::collections::HashMap<PersonId, ScoreRow> = store
        .stored_scores()?
        .into_iter()
        .map(|r| (r.person, r))
        .collect();
    let mut differ = Vec::new();
    for row in &fresh {
        if stored.remove(&row.person).as_ref() != Some(row) {
            differ.push(row.person);
        }
    }
    differ.sort();
    Ok(Check {
        checked: fresh.len() as u64,
        differ: differ.len() as u64,
        orphans: stored.len() as u64,
        examples: differ.into_iter().take(10).collect(),
        as_of_current: state.is_some_and(|s| s.as_of == as_of),
    })
}
