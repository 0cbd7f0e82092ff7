//! The ladder's inputs and its stored verdicts.
//!
//! Reading for the ladder skips the words: each interaction's
//! [`Signals`] stand in for its text, so judging a million people reads
//! a few integers per interaction. Which people need judging again is
//! kept by triggers in `person_dirty` (see migration 8).

use super::derived::queue::{self, Weight};
use super::derived::Derived;
use crate::sql::{args, Db, DbExt, Row};
use crate::views::Watched;
use crate::{AnalysisRow, Moments, ScoreInput, ScoreRow, ScoreState, StoreError, TopicRow};
use rapport_core::ladder::{Activity, Assessment, Label, Purchase, Stage, MISALIGNED_BELOW};
use rapport_core::priority;
use rapport_core::replay::{self, Mark};
use rapport_core::signals::Signals;
use rapport_core::{Kind, PersonId};
use std::collections::{HashMap, HashSet};

const DAY: i64 = 86_400;

fn corrupt(column: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table: "person_score",
        column,
        reason: reason.to_string(),
    }
}

fn corrupt_identity(e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table: "identity",
        column: "id",
        reason: e.to_string(),
    }
}

fn kind(raw: &str) -> Result<Kind, StoreError> {
    raw.parse().map_err(|reason| StoreError::Corrupt {
        table: "interaction",
        column: "kind",
        reason,
    })
}

/// A small whole number stored in `table.column` (labels, signals).
fn small(table: &'static str, column: &'static str, n: i64) -> Result<u8, StoreError> {
    u8::try_from(n).map_err(|e| StoreError::Corrupt {
        table,
        column,
        reason: e.to_string(),
    })
}

/// A stage stored by rank in `table`.
fn stage_of(table: &'static str, column: &'static str, rank: i64) -> Result<Stage, StoreError> {
    Stage::from_rank(rank).ok_or_else(|| StoreError::Corrupt {
        table,
        column,
        reason: format!("no stage {rank}"),
    })
}

/// An interaction stored before signals were kept: its words, the
/// analyzer's reading and, for a reply, where it went.
pub struct Unsignalled {
    id: i64,
    text: String,
    analysis: Option<AnalysisRow>,
    /// Channel, the parent's platform id and the author's identity.
    reply: Option<(String, String, i64)>,
}

/// The next page of interactions whose `signals` are still NULL (rows
/// stored before signals were kept); empty when none is left.
pub fn unsignalled(db: &dyn Db) -> Result<Vec<Unsignalled>, StoreError> {
    db.rows(
        "SELECT i.id, t.text, a.intent, a.intents, a.sentiment, a.sentiment_confidence, a.generic,
                i.channel, i.in_reply_to, i.identity_id
         FROM interaction i JOIN interaction_text t ON t.interaction_id = i.id
         LEFT JOIN analysis a ON a.interaction_id = i.id
         WHERE i.signals IS NULL LIMIT 10000",
        args![],
        |r| {
            let analysis = match r.get::<Option<String>>(2)? {
                None => None,
                Some(intent) => Some(AnalysisRow {
                    language: String::new(),
                    sentiment: r.get(4)?,
                    sentiment_confidence: r.get(5)?,
                    intent,
                    intents: serde_json::from_str(r.text(3)?).map_err(|e| StoreError::Corrupt {
                        table: "analysis",
                        column: "intents",
                        reason: e.to_string(),
                    })?,
                    topics: Vec::new(),
                    specificity: 0.0,
                    generic: r.get(6)?,
                }),
            };
            let reply = match r.get::<Option<String>>(8)? {
                Some(parent) => Some((r.get(7)?, parent, r.get(9)?)),
                None => None,
            };
            Ok(Unsignalled {
                id: r.get(0)?,
                text: r.get(1)?,
                analysis,
                reply,
            })
        },
    )
}

/// Reads and stores the signals of `page` (from [`unsignalled`]), with
/// the derived state that counts them; returns how many were filled.
pub fn fill_signals(db: &dyn Db, page: &[Unsignalled]) -> Result<u64, StoreError> {
    if page.is_empty() {
        return Ok(0);
    }
    let mut derived = Derived::default();
    for u in page {
        let mut s = Signals::read(&u.text, u.analysis.as_ref().map(AnalysisRow::view));
        if let Some((channel, parent, identity)) = &u.reply {
            let (to_shop, to_peer) = super::write::reply_kind(db, channel, parent, *identity)?;
            s = s.replying(to_shop, to_peer);
        }
        db.execute(
            "UPDATE interaction SET signals = ?1 WHERE id = ?2",
            args![s.bits(), u.id],
        )?;
        // Derived state counted the unread row as saying nothing.
        derived.signals_changed(db, u.id, Signals::default(), s)?;
    }
    derived.flush(db)?;
    Ok(page.len() as u64)
}

/// One interaction as the ladder reads it, with whose it is.
struct Slim {
    activity: Activity,
    from_brand: bool,
}

/// Reads the [`slim!`] columns starting at `first`, without allocating
/// for the kind.
fn slim(r: &dyn Row, first: usize) -> Result<Slim, StoreError> {
    let kind = kind(r.text(first)?)?;
    let bits: Option<i64> = r.get(first + 4)?;
    Ok(Slim {
        activity: Activity {
            kind,
            signals: Signals::from_bits(small("interaction", "signals", bits.unwrap_or(0))?),
            at: r.get(first + 1)?,
            post_id: r.get(first + 2)?,
        },
        from_brand: r.get(first + 3)?,
    })
}

/// The columns [`slim`] reads, after any leading ones. The shop post is
/// only kept for generic comments (the ladder counts the posts they sit
/// under).
macro_rules! slim {
    () => {
        "i.kind, i.created_at, CASE WHEN (i.signals & 1) <> 0 THEN i.post_id END, i.from_brand,
         i.signals"
    };
}

fn purchase(r: &dyn Row, first: usize) -> Result<Purchase, StoreError> {
    Ok(Purchase {
        total: r.get(first)?,
        currency: r.get(first + 1)?,
        at: r.get(first + 2)?,
        status: r.get(first + 3)?,
    })
}

/// Everyone's ladder input (the shop excluded), and the latest moment of
/// any stored activity or order, the shop's included.
pub fn all_inputs(db: &dyn Db) -> Result<(Vec<ScoreInput>, i64), StoreError> {
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut inputs: Vec<ScoreInput> = Vec::new();
    db.each(
        "SELECT id FROM person WHERE is_brand = 0 ORDER BY id",
        args![],
        |r| {
            let id: i64 = r.get(0)?;
            index.insert(id, inputs.len());
            inputs.push(ScoreInput::new(PersonId(id)));
            Ok(())
        },
    )?;
    // identity id → slot of its person (None for the shop's identities
    // and ids never used); ids are dense row ids, so a vector is the map.
    let mut owner: Vec<Option<usize>> = Vec::new();
    {
        let mut best: HashMap<usize, i64> = HashMap::new();
        db.each(
            "SELECT id, person_id, followers, bio FROM identity",
            args![],
            |r| {
                let id: i64 = r.get(0)?;
                let person: i64 = r.get(1)?;
                let slot = index.get(&person).copied();
                let at = usize::try_from(id).map_err(corrupt_identity)?;
                if owner.len() <= at {
                    owner.resize(at + 1, None);
                }
                owner[at] = slot;
                if let Some(slot) = slot {
                    reach(&mut inputs[slot], &mut best, slot, r.get(2)?, r.get(3)?);
                }
                Ok(())
            },
        )?;
    }
    let mut latest = 0i64;
    db.each(
        concat!("SELECT i.identity_id, ", slim!(), " FROM interaction i"),
        args![],
        |r| {
            let identity: i64 = r.get(0)?;
            let s = slim(r, 1)?;
            latest = latest.max(s.activity.at);
            if s.from_brand {
                return Ok(());
            }
            let slot = usize::try_from(identity)
                .ok()
                .and_then(|i| owner.get(i).copied().flatten());
            if let Some(slot) = slot {
                inputs[slot].activities.push(s.activity);
            }
            Ok(())
        },
    )?;
    db.each(
        "SELECT person_id, total, currency, created_at, status FROM orders",
        args![],
        |r| {
            let p = purchase(r, 1)?;
            latest = latest.max(p.at);
            if let Some(person) = r.get::<Option<i64>>(0)? {
                if let Some(&slot) = index.get(&person) {
                    inputs[slot].purchases.push(p);
                }
            }
            Ok(())
        },
    )?;
    Ok((inputs, latest))
}

/// Keeps the largest reach and the bio of the identity that has it.
fn reach(
    input: &mut ScoreInput,
    best: &mut HashMap<usize, i64>,
    slot: usize,
    followers: Option<i64>,
    bio: Option<String>,
) {
    let f = followers.unwrap_or(0);
    input.followers = input.followers.max(f.max(0) as u64);
    if bio.is_some() {
        let top = best.entry(slot).or_insert(-1);
        if f > *top {
            *top = f;
            input.bio = bio;
        }
    }
}

/// The ladder input of some people; people who no longer exist (merged
/// away, forgotten) or are the shop are left out. Also the latest moment
/// among the rows read, the shop's included.
pub fn some_inputs(db: &dyn Db, people: &[PersonId]) -> Result<(Vec<ScoreInput>, i64), StoreError> {
    let mut out = Vec::new();
    let mut latest = 0i64;
    for &p in people {
        let brand: Option<bool> =
            db.scalar_opt("SELECT is_brand FROM person WHERE id = ?1", args![p.0])?;
        let Some(brand) = brand else { continue };
        let mut input = ScoreInput::new(p);
        let mut best = HashMap::new();
        let identities: Vec<(i64, Option<i64>, Option<String>)> = db.rows(
            "SELECT id, followers, bio FROM identity WHERE person_id = ?1",
            args![p.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (id, followers, bio) in identities {
            reach(&mut input, &mut best, 0, followers, bio);
            db.each(
                concat!(
                    "SELECT ",
                    slim!(),
                    " FROM interaction i WHERE i.identity_id = ?1"
                ),
                args![id],
                |r| {
                    let s = slim(r, 0)?;
                    latest = latest.max(s.activity.at);
                    if !s.from_brand {
                        input.activities.push(s.activity);
                    }
                    Ok(())
                },
            )?;
        }
        db.each(
            "SELECT total, currency, created_at, status FROM orders WHERE person_id = ?1",
            args![p.0],
            |r| {
                let purchase = purchase(r, 0)?;
                latest = latest.max(purchase.at);
                input.purchases.push(purchase);
                Ok(())
            },
        )?;
        if !brand {
            out.push(input);
        }
    }
    Ok((out, latest))
}

/// The topics of a person's own conversational interactions: the
/// analyzer's when it ran (as stored JSON), else `None` with the text.
pub fn topic_rows(db: &dyn Db, person: PersonId) -> Result<Vec<TopicRow>, StoreError> {
    let mut out = Vec::new();
    db.each(
        "SELECT i.kind, a.topics, CASE WHEN a.topics IS NULL THEN t.text END
         FROM identity d JOIN interaction i ON i.identity_id = d.id
         JOIN interaction_text t ON t.interaction_id = i.id
         LEFT JOIN analysis a ON a.interaction_id = i.id
         WHERE d.person_id = ?1 AND i.from_brand = 0 ORDER BY i.id",
        args![person.0],
        |r| {
            if !kind(r.text(0)?)?.is_conversational() {
                return Ok(());
            }
            let topics = match r.get::<Option<String>>(1)? {
                Some(raw) => Some(serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt {
                    table: "analysis",
                    column: "topics",
                    reason: e.to_string(),
                })?),
                None => None,
            };
            out.push((topics, r.get::<Option<String>>(2)?.unwrap_or_default()));
            Ok(())
        },
    )?;
    Ok(out)
}

/// The people [`claim_changed`] takes (`?1` the pass, `?2` and `?3` the
/// interactions after the stored mark), after `INSERT …`.
macro_rules! changed_claims {
    () => {
        " INTO ladder_claim (person_id, pass)
         SELECT person_id, CAST(?1 AS BIGINT) FROM person_dirty
         UNION
         SELECT d.person_id, CAST(?1 AS BIGINT)
         FROM interaction i JOIN identity d ON d.id = i.identity_id
         WHERE i.id > ?2 AND i.id <= ?3"
    };
}

/// Takes the people whose data changed for ladder pass `pass`: those
/// marked dirty, the authors of interactions newer than the stored mark,
/// and whatever earlier passes still hold (finished or not); the marks
/// go and the stored mark moves to the newest interaction, all in `db`'s
/// one write transaction. A change made after this marks its person
/// again.
pub fn claim_changed(db: &dyn Db, pass: i64) -> Result<crate::Dirty, StoreError> {
    let through: i64 = db.scalar("SELECT coalesce(max(id), 0) FROM interaction", args![])?;
    let seen: i64 = db
        .scalar_opt(
            "SELECT through_interaction FROM score_state WHERE id = 1",
            args![],
        )?
        .unwrap_or(0);
    db.execute("UPDATE ladder_claim SET pass = ?1", args![pass])?;
    db.execute(
        db.dialect().pick(
            concat!("INSERT OR REPLACE", changed_claims!()),
            concat!(
                "INSERT",
                changed_claims!(),
                " ON CONFLICT (person_id) DO UPDATE SET pass = excluded.pass"
            ),
        ),
        args![pass, seen, through],
    )?;
    db.execute("DELETE FROM person_dirty", args![])?;
    db.execute(
        "UPDATE score_state SET through_interaction = CASE
             WHEN through_interaction > ?1 THEN through_interaction ELSE ?1 END
         WHERE id = 1",
        args![through],
    )?;
    let people = db.rows(
        "SELECT person_id FROM ladder_claim WHERE pass = ?1 ORDER BY person_id",
        args![pass],
        |r| Ok(PersonId(r.get(0)?)),
    )?;
    Ok(crate::Dirty { people, through })
}

/// Takes `people` (or, with `None`, everyone) for ladder pass `pass`.
pub fn claim(db: &dyn Db, pass: i64, people: Option<&[PersonId]>) -> Result<(), StoreError> {
    match people {
        None => {
            db.execute(
                db.dialect().pick(
                    "INSERT OR REPLACE INTO ladder_claim (person_id, pass)
                     SELECT id, ?1 FROM person WHERE is_brand = 0",
                    "INSERT INTO ladder_claim (person_id, pass)
                     SELECT id, CAST(?1 AS BIGINT) FROM person WHERE is_brand = 0
                     ON CONFLICT (person_id) DO UPDATE SET pass = excluded.pass",
                ),
                args![pass],
            )?;
        }
        Some(people) => {
            for p in people {
                db.execute(
                    db.dialect().pick(
                        "INSERT OR REPLACE INTO ladder_claim (person_id, pass) VALUES (?1, ?2)",
                        "INSERT INTO ladder_claim (person_id, pass) VALUES (?1, ?2)
                         ON CONFLICT (person_id) DO UPDATE SET pass = excluded.pass",
                    ),
                    args![p.0, pass],
                )?;
            }
        }
    }
    Ok(())
}

/// Whose verdict ladder pass `pass` may write for `person`: its own and
/// still there, its own but merged away or erased since (`Gone`), or no
/// longer its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Ours,
    Gone,
    Theirs,
}

fn held(db: &dyn Db, pass: i64, person: PersonId) -> Result<Held, StoreError> {
    let found: Option<(i64, bool)> = db.opt(
        "SELECT c.pass, CASE WHEN EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id)
                        THEN 1 ELSE 0 END
         FROM ladder_claim c WHERE c.person_id = ?1",
        args![person.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match found {
        Some((p, true)) if p == pass => Held::Ours,
        Some((p, false)) if p == pass => Held::Gone,
        _ => Held::Theirs,
    })
}

/// People whose stored verdict changes at or before `as_of` with no new
/// data (an activity left the window).
pub fn due(db: &dyn Db, as_of: i64) -> Result<Vec<PersonId>, StoreError> {
    // No ORDER BY: SQLite would rather walk the whole table in key order
    // than sort the few rows the index finds.
    let mut out = db.rows(
        "SELECT person_id FROM person_score WHERE next_change <= ?1",
        args![as_of],
        |r| Ok(PersonId(r.get(0)?)),
    )?;
    out.sort();
    Ok(out)
}

/// What the stored verdicts were judged against, if any were stored.
pub fn state(db: &dyn Db) -> Result<Option<ScoreState>, StoreError> {
    db.opt(
        "SELECT as_of, profile, through_interaction FROM score_state WHERE id = 1",
        args![],
        |r| {
            Ok(ScoreState {
                as_of: r.get(0)?,
                profile: r.get(1)?,
                through: r.get(2)?,
            })
        },
    )
}

/// Stores the verdicts of ladder pass `pass`: `rows` replace those
/// people's and `gone` are removed — each only while the pass still
/// holds the person (see [`claim_changed`]; a row of someone merged away
/// since is dropped), and what is written leaves the pass's hold
/// (`finished`: all of it). The state moves forward (never back: a pass
/// that started earlier may finish later). False when judging everyone
/// found that the pass no longer holds everyone (nothing written). The
/// columns lists and sorts read, the labels' rows, the replay's steps
/// with the weekly figures they add up to, the counts per stage and
/// label, and the weight of the people's queued words move with the
/// verdicts, in the same transaction.
pub fn write(
    db: &dyn Db,
    rows: &[ScoreRow],
    gone: &[PersonId],
    pass: i64,
    finished: bool,
    everyone: bool,
    state: &ScoreState,
) -> Result<bool, StoreError> {
    let mut ladder = Ladder::default();
    let mut gone = gone.to_vec();
    let release =
        |p: PersonId| db.execute("DELETE FROM ladder_claim WHERE person_id = ?1", args![p.0]);
    // Judging everyone replaces every verdict: only while the pass still
    // holds everyone there is. If another pass took anyone over, or
    // someone came after the pass took everyone, that later pass holds
    // (or held and judged) them, and nothing is written here; what this
    // pass holds stays held, for the next pass to take.
    let vanished: HashSet<i64> = if everyone {
        let theirs: i64 = db.scalar(
            "SELECT count(*) FROM ladder_claim WHERE pass <> ?1",
            args![pass],
        )?;
        let unheld: i64 = db.scalar(
            "SELECT count(*) FROM person p WHERE p.is_brand = 0 AND NOT EXISTS
             (SELECT 1 FROM ladder_claim c WHERE c.person_id = p.id AND c.pass = ?1)",
            args![pass],
        )?;
        if theirs > 0 || unheld > 0 {
            return Ok(false);
        }
        // Held, but merged away or erased since.
        db.rows(
            "SELECT c.person_id FROM ladder_claim c
             WHERE c.pass = ?1 AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id)",
            args![pass],
            |r| r.get(0),
        )?
        .into_iter()
        .collect()
    } else {
        HashSet::new()
    };
    if everyone {
        // The weekly gains start from those of people since forgotten
        // (see `erase`): past weeks keep what they gained.
        db.execute_batch(
            "DELETE FROM person_score; DELETE FROM person_label; DELETE FROM stage_step;
             DELETE FROM fan_paid; DELETE FROM watch_day; DELETE FROM ladder_week; DELETE FROM gain_week; DELETE FROM ladder_count;
             INSERT INTO gain_week (week, fans, evangelists)
                 SELECT week, fans, evangelists FROM erased_week;",
        )?;
    }
    for r in rows {
        match everyone {
            true if vanished.contains(&r.person.0) => continue,
            true => {}
            false => {
                match held(db, pass, r.person)? {
                    Held::Ours => {}
                    Held::Gone => {
                        gone.push(r.person);
                        continue;
                    }
                    Held::Theirs => continue,
                }
                release(r.person)?;
            }
        }
        let before = if everyone {
            None
        } else {
            forget(db, &mut ladder, r.person)?
        };
        let weight = put(db, &mut ladder, r)?;
        if !everyone && before != Some(weight) {
            queue::reweigh(db, r.person.0, weight)?;
        }
    }
    for &p in &gone {
        if held(db, pass, p)? == Held::Theirs {
            continue;
        }
        release(p)?;
        forget(db, &mut ladder, p)?;
        db.execute("DELETE FROM person_score WHERE person_id = ?1", args![p.0])?;
    }
    if finished {
        db.execute("DELETE FROM ladder_claim WHERE pass = ?1", args![pass])?;
    }
    ladder.flush(db)?;
    if everyone {
        queue::reweigh_all(db)?;
    }
    db.execute(
        "INSERT INTO score_state (id, as_of, profile, through_interaction)
         VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET
             as_of = CASE WHEN score_state.as_of > excluded.as_of
                          THEN score_state.as_of ELSE excluded.as_of END,
             profile = excluded.profile,
             through_interaction = CASE
                 WHEN score_state.through_interaction > excluded.through_interaction
                 THEN score_state.through_interaction ELSE excluded.through_interaction END",
        args![state.as_of, state.profile, state.through],
    )?;
    Ok(true)
}

/// The count of detractors who recovered, beside the ladder's counts.
pub const RECOVERED: &str = "recovered:detractor";
/// The count of true fans with paid or pending orders.
pub const PAYING_FANS: &str = "paying:true_fan";

/// The count of influencers whose alignment is below
/// [`MISALIGNED_BELOW`].
pub const MISMATCHED: &str = "mismatched:influencer";

/// What a verdict adds to the counts beyond its stage and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    /// A detractor who recovered.
    recovered: bool,
    /// A true fan with `fan_paid` rows.
    paying_fan: bool,
    /// An influencer below [`MISALIGNED_BELOW`].
    mismatched: bool,
    /// The moments alerts watch, one per [`WATCHED_BY_DAY`] kind: when
    /// they became a detractor, when a fan falls, when they fell.
    watch: [Option<i64>; 3],
}

/// The watched kinds counted per day in `watch_day` (the index is the
/// `kind` column).
pub const WATCHED_BY_DAY: [Watched; 3] = [Watched::Detractor, Watched::Falling, Watched::Fell];

impl Part {
    /// Whether a verdict is a mismatched influencer, and its watched
    /// moments.
    fn watched(
        stage: Stage,
        labels: u8,
        alignment: Option<f64>,
        detractor_since: Option<i64>,
        falls: Option<(i64, Option<i64>)>,
        fell_at: Option<i64>,
    ) -> (bool, [Option<i64>; 3]) {
        let fan = stage == Stage::Fan;
        let mismatched = labels & Label::Influencer.bit() != 0
            && alignment.is_some_and(|a| a < MISALIGNED_BELOW);
        let falls_at = falls.filter(|f| fan && f.1.is_some()).map(|f| f.0);
        (
            mismatched,
            [detractor_since, falls_at, fell_at.filter(|_| !fan)],
        )
    }
}

/// Deltas of the ladder's figures gathered while verdicts are written.
#[derive(Default)]
struct Ladder {
    weeks: HashMap<(i64, u8), i64>,
    gains: HashMap<i64, (i64, i64)>,
    counts: HashMap<String, i64>,
    /// Per watched kind and day, people due that day.
    watch_days: HashMap<(u8, i64), i64>,
}

impl Ladder {
    /// Adds (`sign` 1) or takes away (-1) one person's part: `part` says
    /// whether they are a recovered detractor and a true fan who paid.
    fn person(&mut self, stage: Stage, labels: u8, steps: &[Mark], part: Part, sign: i64) {
        let mut count = |key: String| *self.counts.entry(key).or_default() += sign;
        count("all".to_string());
        if part.recovered {
            count(RECOVERED.to_string());
        }
        if part.paying_fan {
            count(PAYING_FANS.to_string());
        }
        if part.mismatched {
            count(MISMATCHED.to_string());
        }
        for (kind, at) in part.watch.iter().enumerate() {
            if let Some(at) = at {
                *self
                    .watch_days
                    .entry((kind as u8, at.div_euclid(DAY)))
                    .or_default() += sign;
            }
        }
        count(format!("stage:{}", stage.as_str()));
        for l in Label::from_bits(labels) {
            count(format!("label:{}", l.as_str()));
            count(format!("stage:{}/label:{}", stage.as_str(), l.as_str()));
        }
        for (week, st, d) in replay::stage_deltas(steps) {
            *self.weeks.entry((week, st.rank())).or_default() += sign * d;
        }
        for (week, fan, evangelist) in replay::gains(steps) {
            let g = self.gains.entry(week).or_default();
            g.0 += sign * i64::from(fan);
            g.1 += sign * i64::from(evangelist);
        }
    }

    fn flush(self, db: &dyn Db) -> Result<(), StoreError> {
        for ((week, stage), d) in &self.weeks {
            if *d != 0 {
                db.execute(
                    "INSERT INTO ladder_week (week, stage, delta) VALUES (?1, ?2, ?3)
                     ON CONFLICT (week, stage) DO UPDATE
                     SET delta = ladder_week.delta + excluded.delta",
                    args![week, stage, d],
                )?;
            }
        }
        for (week, (f, e)) in &self.gains {
            if *f != 0 || *e != 0 {
                db.execute(
                    "INSERT INTO gain_week (week, fans, evangelists) VALUES (?1, ?2, ?3)
                     ON CONFLICT (week) DO UPDATE SET fans = gain_week.fans + excluded.fans,
                         evangelists = gain_week.evangelists + excluded.evangelists",
                    args![week, f, e],
                )?;
            }
        }
        for ((kind, day), n) in &self.watch_days {
            if *n != 0 {
                db.execute(
                    "INSERT INTO watch_day (kind, day, n) VALUES (?1, ?2, ?3)
                     ON CONFLICT (kind, day) DO UPDATE SET n = watch_day.n + excluded.n",
                    args![kind, day, n],
                )?;
            }
        }
        for (what, n) in &self.counts {
            if *n != 0 {
                db.execute(
                    "INSERT INTO ladder_count (what, n) VALUES (?1, ?2)
                     ON CONFLICT (what) DO UPDATE SET n = ladder_count.n + excluded.n",
                    args![what, n],
                )?;
            }
        }
        Ok(())
    }
}

/// A stored step: its moment, stage rank and labels.
fn mark(r: &dyn Row, first: usize) -> Result<Mark, StoreError> {
    Ok(Mark {
        at: r.get(first)?,
        stage: stage_of("stage_step", "stage", r.get(first + 1)?)?,
        labels: small("stage_step", "labels", r.get(first + 2)?)?,
    })
}

/// A person's stored steps, in order.
fn steps_of(db: &dyn Db, person: PersonId) -> Result<Vec<Mark>, StoreError> {
    db.rows(
        "SELECT at, stage, labels FROM stage_step WHERE person_id = ?1 ORDER BY at",
        args![person.0],
        |r| mark(r, 0),
    )
}

/// Removes an erased person's verdict with its labels, steps and what it
/// adds to the ladder's figures — except the fans and evangelists they
/// were gained as in past weeks, which stay in the weekly gains and are
/// kept in `erased_week` (anonymous: a week and a count) so judging
/// everyone again keeps them too. The ladder's weekly stage sizes lose
/// the person: they describe the people the shop has.
pub fn erase(db: &dyn Db, person: PersonId) -> Result<(), StoreError> {
    let steps = steps_of(db, person)?;
    let mut ladder = Ladder::default();
    if forget(db, &mut ladder, person)?.is_none() {
        return Ok(());
    }
    for (week, fan, evangelist) in replay::gains(&steps) {
        let g = ladder.gains.entry(week).or_default();
        g.0 += i64::from(fan);
        g.1 += i64::from(evangelist);
        db.execute(
            "INSERT INTO erased_week (week, fans, evangelists) VALUES (?1, ?2, ?3)
             ON CONFLICT (week) DO UPDATE SET fans = erased_week.fans + excluded.fans,
                 evangelists = erased_week.evangelists + excluded.evangelists",
            args![week, i64::from(fan), i64::from(evangelist)],
        )?;
    }
    ladder.flush(db)?;
    db.execute(
        "DELETE FROM person_score WHERE person_id = ?1",
        args![person.0],
    )?;
    Ok(())
}

/// A stored verdict's columns [`forget`] takes out of the figures.
struct Old {
    rank: i64,
    labels: u8,
    weight: i64,
    vip: bool,
    recovered: bool,
    paying_fan: bool,
    alignment: Option<f64>,
    detractor_since: Option<i64>,
    falls_at: Option<i64>,
    falls_to: Option<i64>,
    fell_at: Option<i64>,
}

/// Takes a person's stored verdict out of the figures and removes its
/// labels and steps; returns the label weight and VIP flag it gave their
/// queued words, if a verdict was stored.
fn forget(
    db: &dyn Db,
    ladder: &mut Ladder,
    person: PersonId,
) -> Result<Option<Weight>, StoreError> {
    let old: Option<Old> = db.opt(
        "SELECT stage_rank, labels, queue_weight, vip, recovered,
                CASE WHEN EXISTS (SELECT 1 FROM fan_paid f WHERE f.person_id = s.person_id)
                     THEN 1 ELSE 0 END,
                alignment, detractor_since, falls_at, falls_to, fell_at
         FROM person_score s WHERE person_id = ?1",
        args![person.0],
        |r| {
            Ok(Old {
                rank: r.get(0)?,
                labels: small("person_score", "labels", r.get(1)?)?,
                weight: r.get(2)?,
                vip: r.get(3)?,
                recovered: r.get(4)?,
                paying_fan: r.get(5)?,
                alignment: r.get(6)?,
                detractor_since: r.get(7)?,
                falls_at: r.get(8)?,
                falls_to: r.get(9)?,
                fell_at: r.get(10)?,
            })
        },
    )?;
    let Some(old) = old else {
        return Ok(None);
    };
    let labels = old.labels;
    let stage = Stage::from_rank(old.rank).unwrap_or(Stage::Stranger);
    let (mismatched, watch) = Part::watched(
        stage,
        labels,
        old.alignment,
        old.detractor_since,
        old.falls_at.map(|f| (f, old.falls_to)),
        old.fell_at,
    );
    let part = Part {
        recovered: old.recovered && labels & Label::Detractor.bit() != 0,
        paying_fan: old.paying_fan,
        mismatched,
        watch,
    };
    ladder.person(stage, labels, &steps_of(db, person)?, part, -1);
    db.execute(
        "DELETE FROM stage_step WHERE person_id = ?1",
        args![person.0],
    )?;
    db.execute(
        "DELETE FROM person_label WHERE person_id = ?1",
        args![person.0],
    )?;
    db.execute("DELETE FROM fan_paid WHERE person_id = ?1", args![person.0])?;
    Ok(Some(Weight {
        weight: old.weight,
        vip: old.vip,
        detractor: labels & Label::Detractor.bit() != 0,
    }))
}

/// A verdict's columns and values, after `INSERT …` ([`put`]).
macro_rules! verdict_columns {
    () => {
        " INTO person_score (person_id, stage, assessment, next_change,
             labels, engagement, loyalty, advocacy, reach, lifetime_value, alignment, closeness,
             stage_rank, queue_weight, vip, first_at, last_at, detractor_since, falls_at,
             fell_at, recovered, sort_name, falls_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23)"
    };
}

/// Stores one verdict with its columns, labels and steps and adds it to
/// the figures; returns what its labels weigh in the queue.
fn put(db: &dyn Db, ladder: &mut Ladder, r: &ScoreRow) -> Result<Weight, StoreError> {
    let a = &r.assessment;
    let m = &r.moments;
    let json = serde_json::to_string(a).map_err(|e| corrupt("assessment", e))?;
    let labels = Label::bits(&a.labels);
    let closeness = a.scores.engagement + a.scores.loyalty + a.scores.advocacy;
    let weight = priority::label_weight(&a.labels);
    let vip = priority::vip(&a.labels).is_some();
    // Names sort without regard to case, in every script.
    let sort_name: String = db
        .scalar_opt::<String>("SELECT name FROM person WHERE id = ?1", args![r.person.0])?
        .unwrap_or_default()
        .to_lowercase();
    db.execute(
        db.dialect().pick(
            concat!("INSERT OR REPLACE", verdict_columns!()),
            concat!(
                "INSERT",
                verdict_columns!(),
                " ON CONFLICT (person_id) DO UPDATE SET stage = excluded.stage,
                 assessment = excluded.assessment, next_change = excluded.next_change,
                 labels = excluded.labels, engagement = excluded.engagement,
                 loyalty = excluded.loyalty, advocacy = excluded.advocacy,
                 reach = excluded.reach, lifetime_value = excluded.lifetime_value,
                 alignment = excluded.alignment, closeness = excluded.closeness,
                 stage_rank = excluded.stage_rank, queue_weight = excluded.queue_weight,
                 vip = excluded.vip, first_at = excluded.first_at, last_at = excluded.last_at,
                 detractor_since = excluded.detractor_since, falls_at = excluded.falls_at,
                 fell_at = excluded.fell_at, recovered = excluded.recovered,
                 sort_name = excluded.sort_name, falls_to = excluded.falls_to"
            ),
        ),
        args![
            r.person.0,
            a.stage.as_str(),
            json,
            r.next_change,
            labels,
            a.scores.engagement,
            a.scores.loyalty,
            a.scores.advocacy,
            a.scores.reach,
            a.scores.lifetime_value,
            a.scores.alignment,
            closeness,
            a.stage.rank(),
            weight,
            vip,
            m.first_at,
            m.last_at,
            m.detractor_since,
            m.falls_at,
            m.fell_at,
            m.recovered,
            sort_name,
            m.falls_to.map(Stage::rank),
        ],
    )?;
    for l in &a.labels {
        db.execute(
            "INSERT INTO person_label (label, person_id, stage_rank, closeness)
             VALUES (?1, ?2, ?3, ?4)",
            args![*l as u8, r.person.0, a.stage.rank(), closeness],
        )?;
    }
    let mut paying_fan = false;
    if a.labels.contains(&Label::TrueFan) {
        paying_fan = db.execute(
            "INSERT INTO fan_paid (person_id, currency, total)
             SELECT person_id, upper(currency), sum(total) FROM orders
             WHERE person_id = ?1 AND status IN ('paid', 'pending') GROUP BY 1, 2",
            args![r.person.0],
        )? > 0;
    }
    for s in &m.steps {
        db.execute(
            db.dialect().pick(
                "INSERT OR REPLACE INTO stage_step (person_id, at, stage, labels)
                 VALUES (?1, ?2, ?3, ?4)",
                "INSERT INTO stage_step (person_id, at, stage, labels) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (person_id, at) DO UPDATE SET stage = excluded.stage,
                     labels = excluded.labels",
            ),
            args![r.person.0, s.at, s.stage.rank(), s.labels],
        )?;
    }
    let (mismatched, watch) = Part::watched(
        a.stage,
        labels,
        a.scores.alignment,
        m.detractor_since,
        m.falls_at
            .map(|f| (f, m.falls_to.map(|t| i64::from(t.rank())))),
        m.fell_at,
    );
    let part = Part {
        recovered: m.recovered && a.labels.contains(&Label::Detractor),
        paying_fan,
        mismatched,
        watch,
    };
    ladder.person(a.stage, labels, &m.steps, part, 1);
    Ok(Weight {
        weight,
        vip,
        detractor: a.labels.contains(&Label::Detractor),
    })
}

/// The moments of a stored verdict, after its assessment (columns
/// `first`..): next change, first and last activity, detractor since,
/// falls at, fell at, recovered, falls to.
fn verdict(
    r: &dyn Row,
    person: PersonId,
    first: usize,
    steps: Vec<Mark>,
) -> Result<ScoreRow, StoreError> {
    let assessment: Assessment =
        serde_json::from_str(r.text(first)?).map_err(|e| corrupt("assessment", e))?;
    Ok(ScoreRow {
        person,
        assessment,
        next_change: r.get(first + 1)?,
        moments: Moments {
            steps,
            first_at: r.get(first + 2)?,
            last_at: r.get(first + 3)?,
            detractor_since: r.get(first + 4)?,
            falls_at: r.get(first + 5)?,
            falls_to: r.get::<Option<i64>>(first + 8)?.and_then(Stage::from_rank),
            fell_at: r.get(first + 6)?,
            recovered: r.get(first + 7)?,
        },
    })
}

/// One person's stored verdict with its moments and steps.
pub fn stored_one(db: &dyn Db, person: PersonId) -> Result<Option<ScoreRow>, StoreError> {
    let found = db.opt(
        "SELECT assessment, next_change, first_at, last_at, detractor_since, falls_at,
                fell_at, recovered, falls_to
         FROM person_score WHERE person_id = ?1",
        args![person.0],
        |r| verdict(r, person, 0, Vec::new()),
    )?;
    let Some(mut row) = found else {
        return Ok(None);
    };
    row.moments.steps = steps_of(db, person)?;
    Ok(Some(row))
}

/// Every stored verdict.
pub fn stored(db: &dyn Db) -> Result<Vec<ScoreRow>, StoreError> {
    let mut steps: HashMap<i64, Vec<Mark>> = HashMap::new();
    db.each(
        "SELECT person_id, at, stage, labels FROM stage_step ORDER BY person_id, at",
        args![],
        |r| {
            steps.entry(r.get(0)?).or_default().push(mark(r, 1)?);
            Ok(())
        },
    )?;
    db.rows(
        "SELECT person_id, assessment, next_change, first_at, last_at, detractor_since,
                falls_at, fell_at, recovered, falls_to
         FROM person_score ORDER BY person_id",
        args![],
        |r| {
            let person: i64 = r.get(0)?;
            verdict(
                r,
                PersonId(person),
                1,
                steps.remove(&person).unwrap_or_default(),
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::ladder::History;

    /// A fan, true fan and recovered detractor with two steps.
    fn fan(person: i64) -> ScoreRow {
        let h = History {
            activities: Vec::new(),
            purchases: Vec::new(),
            followers: 0,
        };
        let mut assessment = rapport_core::ladder::assess(&h, 0);
        assessment.stage = Stage::Fan;
        assessment.labels = vec![Label::TrueFan, Label::Detractor];
        ScoreRow {
            person: PersonId(person),
            assessment,
            next_change: Some(500),
            moments: Moments {
                steps: vec![
                    Mark {
                        at: 0,
                        stage: Stage::Engaged,
                        labels: 0,
                    },
                    Mark {
                        at: 8 * 7 * DAY,
                        stage: Stage::Fan,
                        labels: Label::TrueFan.bit(),
                    },
                ],
                first_at: Some(0),
                last_at: Some(9),
                detractor_since: Some(3),
                falls_at: None,
                falls_to: None,
                fell_at: None,
                recovered: true,
            },
        }
    }

    fn figures(db: &dyn Db) -> Result<Vec<(String, i64)>, StoreError> {
        db.rows(
            "SELECT what, n FROM ladder_count WHERE n <> 0 ORDER BY what",
            args![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    crate::per_backend! {
        fn verdicts_are_stored_replaced_read_back_and_erased(db) {
            db.with_db(|db| {
                db.execute_batch(
                    "INSERT INTO person (id, name, is_brand, created_at)
                         VALUES (1, 'Shop', 1, 0), (2, 'Ánna', 0, 0);
                     INSERT INTO orders (order_id, person_id, total, currency, created_at,
                                         status, items)
                         VALUES ('o1', 2, 40.0, 'eur', 0, 'paid', '[]'),
                                ('o2', 2, 10.0, 'EUR', 5, 'pending', '[]'),
                                ('o3', 2, 99.0, 'EUR', 6, 'refunded', '[]');",
                )?;
                let row = fan(2);
                let mut ladder = Ladder::default();
                let weight = put(db, &mut ladder, &row)?;
                ladder.flush(db)?;
                assert_eq!(stored_one(db, PersonId(2))?, Some(row.clone()));
                assert_eq!(stored(db)?, vec![row.clone()]);
                assert_eq!(stored_one(db, PersonId(3))?, None);
                assert_eq!(due(db, 500)?, vec![PersonId(2)]);
                assert_eq!(due(db, 499)?, Vec::<PersonId>::new());
                let paid: Vec<(String, f64)> = db.rows(
                    "SELECT currency, total FROM fan_paid",
                    args![],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                assert_eq!(paid, vec![("EUR".to_string(), 50.0)]);
                let sort_name: String =
                    db.scalar("SELECT sort_name FROM person_score", args![])?;
                assert_eq!(sort_name, "ánna");
                let first = figures(db)?;
                assert!(first.contains(&(PAYING_FANS.to_string(), 1)), "{first:?}");
                assert!(first.contains(&(RECOVERED.to_string(), 1)), "{first:?}");
                assert!(first.contains(&("stage:fan/label:true_fan".to_string(), 1)), "{first:?}");
                // Replaced: the figures stay as they were.
                let mut ladder = Ladder::default();
                assert_eq!(forget(db, &mut ladder, PersonId(2))?, Some(weight));
                put(db, &mut ladder, &row)?;
                ladder.flush(db)?;
                assert_eq!(figures(db)?, first);
                assert_eq!(stored(db)?, vec![row.clone()]);
                // Erased: nothing counts them but the weeks they were gained in.
                erase(db, PersonId(2))?;
                assert_eq!(stored(db)?, Vec::new());
                assert_eq!(figures(db)?, Vec::new());
                let kept: Vec<(i64, i64)> = db.rows(
                    "SELECT fans, evangelists FROM erased_week",
                    args![],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let gained: Vec<(i64, i64)> = db.rows(
                    "SELECT fans, evangelists FROM gain_week",
                    args![],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                assert_eq!((kept.clone(), gained), (vec![(1, 0)], kept));
                Ok(())
            })
            .expect("verdicts");
        }

        fn a_pass_that_holds_everyone_replaces_every_verdict(db) {
            db.with_db(|db| {
                db.execute_batch(
                    "INSERT INTO person (id, name, is_brand, created_at)
                         VALUES (1, 'Shop', 1, 0), (2, 'Anna', 0, 0), (3, 'Ben', 0, 0);",
                )?;
                let state = ScoreState {
                    as_of: 10,
                    profile: "p".into(),
                    through: 0,
                };
                claim(db, 1, None)?;
                // Someone taken over by a later pass: nothing is written.
                claim(db, 2, Some(&[PersonId(3)]))?;
                assert!(!write(db, &[fan(2), fan(3)], &[], 1, true, true, &state)?);
                assert_eq!(stored(db)?, Vec::new());
                claim(db, 3, None)?;
                assert!(write(db, &[fan(2), fan(3)], &[], 3, true, true, &state)?);
                assert_eq!(stored(db)?, vec![fan(2), fan(3)]);
                let all = figures(db)?;
                assert!(all.contains(&("all".to_string(), 2)), "{all:?}");
                // One judged again on their own: the figures follow.
                let mut casual = fan(3);
                casual.assessment.stage = Stage::Casual;
                casual.assessment.labels = Vec::new();
                casual.moments.steps.truncate(1);
                claim(db, 4, Some(&[PersonId(3)]))?;
                assert!(write(db, &[casual.clone()], &[], 4, true, false, &state)?);
                assert_eq!(stored(db)?, vec![fan(2), casual]);
                let all = figures(db)?;
                assert!(all.contains(&("stage:casual".to_string(), 1)), "{all:?}");
                assert!(all.contains(&("stage:fan".to_string(), 1)), "{all:?}");
                let held: i64 = db.scalar("SELECT count(*) FROM ladder_claim", args![])?;
                assert_eq!(held, 0);
                Ok(())
            })
            .expect("everyone");
        }

        fn a_pass_claims_people_and_moves_the_state_forward_only(db) {
            db.with_db(|db| {
                db.execute_batch(
                    "INSERT INTO person (id, name, is_brand, created_at)
                         VALUES (1, 'Shop', 1, 0), (2, 'Anna', 0, 0), (3, 'Ben', 0, 0);
                     INSERT INTO identity (id, person_id, channel, handle, followers, bio)
                         VALUES (10, 1, 'instagram', 'shop', 900, 'the shop'),
                                (20, 2, 'instagram', 'anna', 50, 'rides'),
                                (21, 2, 'mastodon', 'anna', 70, NULL),
                                (30, 3, 'instagram', 'ben', NULL, NULL);
                     INSERT INTO interaction (id, channel, external_id, kind, identity_id,
                                              created_at, post_id, from_brand, signals)
                         VALUES (1, 'instagram', 'p1', 'post', 10, 100, NULL, 1, 0),
                                (2, 'instagram', 'c1', 'comment', 20, 200, 'p1', 0, 1),
                                (3, 'mastodon', 'c2', 'mention', 21, 300, 'p1', 0, NULL);
                     INSERT INTO interaction_text (interaction_id, text)
                         VALUES (1, 'new tyres'), (2, 'nice'), (3, 'love the gravel tyres');
                     INSERT INTO analysis (interaction_id, language, sentiment,
                             sentiment_confidence, intent, intents, topics, specificity, generic)
                         VALUES (2, 'en', 'positive', 0.9, 'praise', '[]', '[\"tyres\"]', 0.1, 1);
                     INSERT INTO orders (order_id, person_id, total, currency, created_at,
                                         status, items)
                         VALUES ('o1', 3, 40.0, 'EUR', 400, 'paid', '[]');",
                )?;
                let (inputs, latest) = all_inputs(db)?;
                assert_eq!(latest, 400);
                let people: Vec<i64> = inputs.iter().map(|i| i.person.0).collect();
                assert_eq!(people, vec![2, 3]);
                let anna = &inputs[0];
                assert_eq!((anna.followers, anna.bio.as_deref()), (70, Some("rides")));
                let posts: Vec<Option<&str>> =
                    anna.activities.iter().map(|a| a.post_id.as_deref()).collect();
                assert_eq!(posts.len(), 2);
                assert!(posts.contains(&Some("p1")) && posts.contains(&None), "{posts:?}");
                assert_eq!(inputs[1].purchases.len(), 1);
                let (some, latest) = some_inputs(db, &[PersonId(3), PersonId(1), PersonId(9)])?;
                assert_eq!((some.len(), latest), (1, 400));
                let topics = topic_rows(db, PersonId(2))?;
                assert_eq!(
                    topics,
                    vec![
                        (Some(vec!["tyres".to_string()]), String::new()),
                        (None, "love the gravel tyres".to_string()),
                    ]
                );

                claim(db, 7, None)?;
                let state = |as_of: i64, profile: &str| ScoreState {
                    as_of,
                    profile: profile.to_string(),
                    through: 3,
                };
                // A pass that only lets one person go: the other stays
                // held until the pass finishes; the state moves forward
                // only, the profile to the latest.
                let written = write(db, &[], &[PersonId(2)], 7, false, false, &state(10, "a"))?;
                assert!(written);
                let held: Vec<i64> = db.rows(
                    "SELECT person_id FROM ladder_claim ORDER BY person_id",
                    args![],
                    |r| r.get(0),
                )?;
                assert_eq!(held, vec![3]);
                write(db, &[], &[], 7, true, false, &state(5, "b"))?;
                assert_eq!(
                    super::state(db)?,
                    Some(ScoreState {
                        as_of: 10,
                        profile: "b".into(),
                        through: 3
                    })
                );
                claim(db, 8, Some(&[PersonId(3)]))?;
                db.execute("DELETE FROM person_dirty", args![])?;
                db.execute("INSERT INTO person_dirty (person_id) VALUES (2)", args![])?;
                let dirty = claim_changed(db, 9)?;
                assert_eq!(dirty.people, vec![PersonId(2), PersonId(3)]);
                assert_eq!(dirty.through, 3);
                Ok(())
            })
            .expect("passes");
        }
    }
}
