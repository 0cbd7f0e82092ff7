//! The ladder's inputs and its stored verdicts.
//!
//! Reading for the ladder skips the words: each interaction's
//! [`Signals`] stand in for its text, so judging a million people reads
//! a few integers per interaction. Which people need judging again is
//! kept by triggers in `person_dirty` (see migration 8).

use crate::views::Watched;
use crate::{AnalysisRow, Moments, ScoreInput, ScoreRow, ScoreState, StoreError, TopicRow};
use rapport_core::ladder::{Activity, Assessment, Label, Purchase, Stage, MISALIGNED_BELOW};
use rapport_core::priority;
use rapport_core::replay::{self, Mark};
use rapport_core::signals::Signals;
use rapport_core::{Kind, PersonId};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::HashMap;

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

/// Fills `interaction.signals` where it is still NULL (rows stored before
/// signals were kept), in pages; returns how many rows were filled.
pub fn fill_signals(conn: &mut Connection) -> Result<u64, StoreError> {
    let mut filled = 0u64;
    loop {
        type Page = Vec<(
            i64,
            String,
            Option<AnalysisRow>,
            Option<(String, String, i64)>,
        )>;
        let page: Page = {
            let mut stmt = conn.prepare_cached(
                "SELECT i.id, t.text, a.intent, a.intents, a.sentiment, a.sentiment_confidence, a.generic,
                        i.channel, i.in_reply_to, i.identity_id
                 FROM interaction i JOIN interaction_text t ON t.interaction_id = i.id
                 LEFT JOIN analysis a ON a.interaction_id = i.id
                 WHERE i.signals IS NULL LIMIT 10000",
            )?;
            let rows = stmt.query_map([], |r| {
                let analysis = match r.get::<_, Option<String>>(2)? {
                    None => None,
                    Some(intent) => Some((
                        intent,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, f64>(5)?,
                        r.get::<_, bool>(6)?,
                    )),
                };
                let reply = match r.get::<_, Option<String>>(8)? {
                    Some(parent) => Some((r.get(7)?, parent, r.get(9)?)),
                    None => None,
                };
                Ok((r.get(0)?, r.get(1)?, analysis, reply))
            })?;
            let mut page = Vec::new();
            for row in rows {
                let (id, text, a, reply) = row?;
                let analysis = match a {
                    None => None,
                    Some((intent, intents, sentiment, sentiment_confidence, generic)) => {
                        Some(AnalysisRow {
                            language: String::new(),
                            sentiment,
                            sentiment_confidence,
                            intent,
                            intents: serde_json::from_str(&intents).map_err(|e| {
                                StoreError::Corrupt {
                                    table: "analysis",
                                    column: "intents",
                                    reason: e.to_string(),
                                }
                            })?,
                            topics: Vec::new(),
                            specificity: 0.0,
                            generic,
                        })
                    }
                };
                page.push((id, text, analysis, reply));
            }
            page
        };
        if page.is_empty() {
            return Ok(filled);
        }
        let tx = conn.transaction()?;
        let mut derived = super::derived::Derived::default();
        {
            let mut update =
                tx.prepare_cached("UPDATE interaction SET signals = ?1 WHERE id = ?2")?;
            for (id, text, a, reply) in &page {
                let mut s = Signals::read(text, a.as_ref().map(AnalysisRow::view));
                if let Some((channel, parent, identity)) = reply {
                    let (to_shop, to_peer) =
                        crate::shared::write::reply_kind(&tx, channel, parent, *identity)?;
                    s = s.replying(to_shop, to_peer);
                }
                update.execute(params![s.bits(), id])?;
                // Derived state counted the unread row as saying nothing.
                derived.signals_changed(&tx, *id, Signals::default(), s)?;
            }
        }
        derived.flush(&tx)?;
        tx.commit()?;
        filled += page.len() as u64;
    }
}

/// One interaction as the ladder reads it, with whose it is.
struct Slim {
    activity: Activity,
    from_brand: bool,
}

/// Reads the [`SLIM`] columns starting at `first`, without allocating
/// for the kind.
fn slim(r: &rusqlite::Row<'_>, first: usize) -> Result<Slim, StoreError> {
    let raw = r.get_ref(first)?;
    let kind = raw
        .as_str()
        .map_err(|e| StoreError::Corrupt {
            table: "interaction",
            column: "kind",
            reason: e.to_string(),
        })?
        .parse()
        .map_err(|reason| StoreError::Corrupt {
            table: "interaction",
            column: "kind",
            reason,
        })?;
    let bits: Option<u8> = r.get(first + 4)?;
    Ok(Slim {
        activity: Activity {
            kind,
            signals: Signals::from_bits(bits.unwrap_or(0)),
            at: r.get(first + 1)?,
            post_id: r.get(first + 2)?,
        },
        from_brand: r.get(first + 3)?,
    })
}

/// The columns [`slim`] reads, after any leading ones. The shop post is
/// only kept for generic comments (the ladder counts the posts they sit
/// under).
const SLIM: &str =
    "i.kind, i.created_at, CASE WHEN i.signals & 1 THEN i.post_id END, i.from_brand, i.signals";

fn purchase(r: &rusqlite::Row<'_>, first: usize) -> Result<Purchase, rusqlite::Error> {
    Ok(Purchase {
        total: r.get(first)?,
        currency: r.get(first + 1)?,
        at: r.get(first + 2)?,
        status: r.get(first + 3)?,
    })
}

/// Everyone's ladder input (the shop excluded), and the latest moment of
/// any stored activity or order, the shop's included.
pub fn all_inputs(conn: &Connection) -> Result<(Vec<ScoreInput>, i64), StoreError> {
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut inputs: Vec<ScoreInput> = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id FROM person WHERE is_brand = 0 ORDER BY id")?;
        for id in stmt.query_map([], |r| r.get::<_, i64>(0))? {
            let id = id?;
            index.insert(id, inputs.len());
            inputs.push(ScoreInput::new(PersonId(id)));
        }
    }
    // identity id → slot of its person (None for the shop's identities
    // and ids never used); ids are dense row ids, so a vector is the map.
    let mut owner: Vec<Option<usize>> = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id, person_id, followers, bio FROM identity")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut best: HashMap<usize, i64> = HashMap::new();
        for row in rows {
            let (id, person, followers, bio) = row?;
            let slot = index.get(&person).copied();
            let at = usize::try_from(id).map_err(corrupt_identity)?;
            if owner.len() <= at {
                owner.resize(at + 1, None);
            }
            owner[at] = slot;
            if let Some(slot) = slot {
                reach(&mut inputs[slot], &mut best, slot, followers, bio);
            }
        }
    }
    let mut latest = 0i64;
    {
        let mut stmt = conn.prepare(&format!("SELECT i.identity_id, {SLIM} FROM interaction i"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let identity: i64 = r.get(0)?;
            let s = slim(r, 1)?;
            latest = latest.max(s.activity.at);
            if s.from_brand {
                continue;
            }
            let slot = usize::try_from(identity)
                .ok()
                .and_then(|i| owner.get(i).copied().flatten());
            if let Some(slot) = slot {
                inputs[slot].activities.push(s.activity);
            }
        }
    }
    {
        let mut stmt =
            conn.prepare("SELECT person_id, total, currency, created_at, status FROM orders")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let p = purchase(r, 1)?;
            latest = latest.max(p.at);
            if let Some(person) = r.get::<_, Option<i64>>(0)? {
                if let Some(&slot) = index.get(&person) {
                    inputs[slot].purchases.push(p);
                }
            }
        }
    }
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
pub fn some_inputs(
    conn: &Connection,
    people: &[PersonId],
) -> Result<(Vec<ScoreInput>, i64), StoreError> {
    let mut person_stmt = conn.prepare_cached("SELECT is_brand FROM person WHERE id = ?1")?;
    let mut identity_stmt =
        conn.prepare_cached("SELECT id, followers, bio FROM identity WHERE person_id = ?1")?;
    let mut activity_stmt = conn.prepare_cached(&format!(
        "SELECT {SLIM} FROM interaction i WHERE i.identity_id = ?1"
    ))?;
    let mut order_stmt = conn.prepare_cached(
        "SELECT total, currency, created_at, status FROM orders WHERE person_id = ?1",
    )?;
    let mut out = Vec::new();
    let mut latest = 0i64;
    for &p in people {
        let brand: Option<bool> = person_stmt.query_row([p.0], |r| r.get(0)).optional()?;
        let Some(brand) = brand else { continue };
        let mut input = ScoreInput::new(p);
        let mut best = HashMap::new();
        let identities: Vec<(i64, Option<i64>, Option<String>)> = identity_stmt
            .query_map([p.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, followers, bio) in identities {
            reach(&mut input, &mut best, 0, followers, bio);
            let mut rows = activity_stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let s = slim(r, 0)?;
                latest = latest.max(s.activity.at);
                if !s.from_brand {
                    input.activities.push(s.activity);
                }
            }
        }
        let mut rows = order_stmt.query([p.0])?;
        while let Some(r) = rows.next()? {
            let purchase = purchase(r, 0)?;
            latest = latest.max(purchase.at);
            input.purchases.push(purchase);
        }
        if !brand {
            out.push(input);
        }
    }
    Ok((out, latest))
}

/// The topics of a person's own conversational interactions: the
/// analyzer's when it ran (as stored JSON), else `None` with the text.
pub fn topic_rows(conn: &Connection, person: PersonId) -> Result<Vec<TopicRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind, a.topics, CASE WHEN a.topics IS NULL THEN t.text END
         FROM identity d JOIN interaction i ON i.identity_id = d.id
         JOIN interaction_text t ON t.interaction_id = i.id
         LEFT JOIN analysis a ON a.interaction_id = i.id
         WHERE d.person_id = ?1 AND i.from_brand = 0 ORDER BY i.id",
    )?;
    let mut rows = stmt.query([person.0])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        if !kind(&r.get::<_, String>(0)?)?.is_conversational() {
            continue;
        }
        let topics = match r.get::<_, Option<String>>(1)? {
            Some(raw) => Some(serde_json::from_str(&raw).map_err(|e| StoreError::Corrupt {
                table: "analysis",
                column: "topics",
                reason: e.to_string(),
            })?),
            None => None,
        };
        out.push((topics, r.get::<_, Option<String>>(2)?.unwrap_or_default()));
    }
    Ok(out)
}

/// Takes the people whose data changed for ladder pass `pass`: those
/// marked dirty, the authors of interactions newer than the stored mark,
/// and whatever earlier passes still hold (finished or not); the marks
/// go and the stored mark moves to the newest interaction, in one write
/// transaction. A change made after this marks its person again.
pub fn claim_changed(conn: &mut Connection, pass: i64) -> Result<crate::Dirty, StoreError> {
    let tx = conn.transaction()?;
    let through: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM interaction", [], |r| {
        r.get(0)
    })?;
    let seen: i64 = tx
        .query_row(
            "SELECT through_interaction FROM score_state WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    tx.prepare_cached("UPDATE ladder_claim SET pass = ?1")?
        .execute([pass])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO ladder_claim (person_id, pass)
         SELECT person_id, ?1 FROM person_dirty
         UNION
         SELECT d.person_id, ?1 FROM interaction i JOIN identity d ON d.id = i.identity_id
         WHERE i.id > ?2 AND i.id <= ?3",
    )?
    .execute(params![pass, seen, through])?;
    tx.prepare_cached("DELETE FROM person_dirty")?.execute([])?;
    tx.prepare_cached(
        "UPDATE score_state SET through_interaction = max(through_interaction, ?1) WHERE id = 1",
    )?
    .execute([through])?;
    let people: Vec<PersonId> = {
        let mut stmt = tx.prepare_cached(
            "SELECT person_id FROM ladder_claim WHERE pass = ?1 ORDER BY person_id",
        )?;
        let rows = stmt.query_map([pass], |r| Ok(PersonId(r.get(0)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    tx.commit()?;
    Ok(crate::Dirty { people, through })
}

/// Takes `people` (or, with `None`, everyone) for ladder pass `pass`.
pub fn claim(
    conn: &mut Connection,
    pass: i64,
    people: Option<&[PersonId]>,
) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    match people {
        None => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO ladder_claim (person_id, pass)
                 SELECT id, ?1 FROM person WHERE is_brand = 0",
            )?
            .execute([pass])?;
        }
        Some(people) => {
            let mut take = tx.prepare_cached(
                "INSERT OR REPLACE INTO ladder_claim (person_id, pass) VALUES (?1, ?2)",
            )?;
            for p in people {
                take.execute(params![p.0, pass])?;
            }
        }
    }
    tx.commit()?;
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

fn held(tx: &Transaction<'_>, pass: i64, person: PersonId) -> Result<Held, StoreError> {
    let found: Option<(i64, bool)> = tx
        .prepare_cached(
            "SELECT c.pass, EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id)
             FROM ladder_claim c WHERE c.person_id = ?1",
        )?
        .query_row([person.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        Some((p, true)) if p == pass => Held::Ours,
        Some((p, false)) if p == pass => Held::Gone,
        _ => Held::Theirs,
    })
}

/// People whose stored verdict changes at or before `as_of` with no new
/// data (an activity left the window).
pub fn due(conn: &Connection, as_of: i64) -> Result<Vec<PersonId>, StoreError> {
    // No ORDER BY: SQLite would rather walk the whole table in key order
    // than sort the few rows the index finds.
    let mut stmt =
        conn.prepare_cached("SELECT person_id FROM person_score WHERE next_change <= ?1")?;
    let rows = stmt.query_map([as_of], |r| Ok(PersonId(r.get(0)?)))?;
    let mut out: Vec<PersonId> = rows.collect::<Result<_, _>>()?;
    out.sort();
    Ok(out)
}

/// What the stored verdicts were judged against, if any were stored.
pub fn state(conn: &Connection) -> Result<Option<ScoreState>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT as_of, profile, through_interaction FROM score_state WHERE id = 1")?
        .query_row([], |r| {
            Ok(ScoreState {
                as_of: r.get(0)?,
                profile: r.get(1)?,
                through: r.get(2)?,
            })
        })
        .optional()?)
}

/// Stores the verdicts of ladder pass `pass`: `rows` replace those
/// people's and `gone` are removed — each only while the pass still
/// holds the person (see [`claim_changed`]; a row of someone merged away
/// since is dropped), and what is written leaves the pass's hold
/// (`finished`: all of it). The state moves forward (never back: a pass
/// that started earlier may finish later). False when judging everyone
/// found that the pass no longer holds everyone (nothing written). The columns lists and sorts read, the labels' rows, the
/// replay's steps with the weekly figures they add up to, the counts per
/// stage and label, and the weight of the people's queued words move
/// with the verdicts, in the same transaction.
pub fn write(
    tx: &Transaction<'_>,
    rows: &[ScoreRow],
    gone: &[PersonId],
    pass: i64,
    finished: bool,
    everyone: bool,
    state: &ScoreState,
) -> Result<bool, StoreError> {
    let mut ladder = Ladder::default();
    let mut gone = gone.to_vec();
    let mut release = tx.prepare_cached("DELETE FROM ladder_claim WHERE person_id = ?1")?;
    // Judging everyone replaces every verdict: only while the pass still
    // holds everyone there is. If another pass took anyone over, or
    // someone came after the pass took everyone, that later pass holds
    // (or held and judged) them, and nothing is written here; what this
    // pass holds stays held, for the next pass to take.
    let vanished: std::collections::HashSet<i64> = if everyone {
        let theirs: i64 = tx
            .prepare_cached("SELECT count(*) FROM ladder_claim WHERE pass <> ?1")?
            .query_row([pass], |r| r.get(0))?;
        let unheld: i64 = tx
            .prepare_cached(
                "SELECT count(*) FROM person p WHERE p.is_brand = 0 AND NOT EXISTS
                 (SELECT 1 FROM ladder_claim c WHERE c.person_id = p.id AND c.pass = ?1)",
            )?
            .query_row([pass], |r| r.get(0))?;
        if theirs > 0 || unheld > 0 {
            return Ok(false);
        }
        // Held, but merged away or erased since.
        let mut stmt = tx.prepare_cached(
            "SELECT c.person_id FROM ladder_claim c
             WHERE c.pass = ?1 AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id)",
        )?;
        let rows = stmt.query_map([pass], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    } else {
        Default::default()
    };
    if everyone {
        // The weekly gains start from those of people since forgotten
        // (see `erase`): past weeks keep what they gained.
        tx.execute_batch(
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
                match held(tx, pass, r.person)? {
                    Held::Ours => {}
                    Held::Gone => {
                        gone.push(r.person);
                        continue;
                    }
                    Held::Theirs => continue,
                }
                release.execute([r.person.0])?;
            }
        }
        let before = if everyone {
            None
        } else {
            forget(tx, &mut ladder, r.person)?
        };
        let weight = put(tx, &mut ladder, r)?;
        if !everyone && before != Some(weight) {
            super::derived::queue::reweigh(tx, r.person.0, weight)?;
        }
    }
    {
        let mut drop = tx.prepare_cached("DELETE FROM person_score WHERE person_id = ?1")?;
        for &p in &gone {
            if held(tx, pass, p)? == Held::Theirs {
                continue;
            }
            release.execute([p.0])?;
            forget(tx, &mut ladder, p)?;
            drop.execute([p.0])?;
        }
    }
    if finished {
        tx.prepare_cached("DELETE FROM ladder_claim WHERE pass = ?1")?
            .execute([pass])?;
    }
    ladder.flush(tx)?;
    if everyone {
        super::derived::queue::reweigh_all(tx)?;
    }
    tx.execute(
        "INSERT INTO score_state (id, as_of, profile, through_interaction)
         VALUES (1, ?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET as_of = max(as_of, excluded.as_of),
             profile = excluded.profile,
             through_interaction = max(through_interaction, excluded.through_interaction)",
        params![state.as_of, state.profile, state.through],
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

    fn flush(self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        let mut put = tx.prepare_cached(
            "INSERT INTO ladder_week (week, stage, delta) VALUES (?1, ?2, ?3)
             ON CONFLICT (week, stage) DO UPDATE SET delta = delta + excluded.delta",
        )?;
        for ((week, stage), d) in &self.weeks {
            if *d != 0 {
                put.execute(params![week, stage, d])?;
            }
        }
        let mut put = tx.prepare_cached(
            "INSERT INTO gain_week (week, fans, evangelists) VALUES (?1, ?2, ?3)
             ON CONFLICT (week) DO UPDATE SET fans = fans + excluded.fans,
                 evangelists = evangelists + excluded.evangelists",
        )?;
        for (week, (f, e)) in &self.gains {
            if *f != 0 || *e != 0 {
                put.execute(params![week, f, e])?;
            }
        }
        let mut put = tx.prepare_cached(
            "INSERT INTO watch_day (kind, day, n) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, day) DO UPDATE SET n = n + excluded.n",
        )?;
        for ((kind, day), n) in &self.watch_days {
            if *n != 0 {
                put.execute(params![kind, day, n])?;
            }
        }
        let mut put = tx.prepare_cached(
            "INSERT INTO ladder_count (what, n) VALUES (?1, ?2)
             ON CONFLICT (what) DO UPDATE SET n = n + excluded.n",
        )?;
        for (what, n) in &self.counts {
            if *n != 0 {
                put.execute(params![what, n])?;
            }
        }
        Ok(())
    }
}

/// A person's stored steps, in order.
fn steps_of(tx: &Transaction<'_>, person: PersonId) -> Result<Vec<Mark>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT at, stage, labels FROM stage_step WHERE person_id = ?1 ORDER BY at",
    )?;
    let rows = stmt.query_map([person.0], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (at, stage, labels) = row?;
        let stage = Stage::from_rank(stage).ok_or_else(|| StoreError::Corrupt {
            table: "stage_step",
            column: "stage",
            reason: format!("no stage {stage}"),
        })?;
        out.push(Mark { at, stage, labels });
    }
    Ok(out)
}

/// Removes an erased person's verdict with its labels, steps and what it
/// adds to the ladder's figures — except the fans and evangelists they
/// were gained as in past weeks, which stay in the weekly gains and are
/// kept in `erased_week` (anonymous: a week and a count) so judging
/// everyone again keeps them too. The ladder's weekly stage sizes lose
/// the person: they describe the people the shop has.
pub fn erase(tx: &Transaction<'_>, person: PersonId) -> Result<(), StoreError> {
    let steps = steps_of(tx, person)?;
    let mut ladder = Ladder::default();
    if forget(tx, &mut ladder, person)?.is_none() {
        return Ok(());
    }
    let mut keep = tx.prepare_cached(
        "INSERT INTO erased_week (week, fans, evangelists) VALUES (?1, ?2, ?3)
         ON CONFLICT (week) DO UPDATE SET fans = fans + excluded.fans,
             evangelists = evangelists + excluded.evangelists",
    )?;
    for (week, fan, evangelist) in replay::gains(&steps) {
        let g = ladder.gains.entry(week).or_default();
        g.0 += i64::from(fan);
        g.1 += i64::from(evangelist);
        keep.execute(params![week, i64::from(fan), i64::from(evangelist)])?;
    }
    ladder.flush(tx)?;
    tx.prepare_cached("DELETE FROM person_score WHERE person_id = ?1")?
        .execute([person.0])?;
    Ok(())
}

/// Takes a person's stored verdict out of the figures and removes its
/// labels and steps; returns the label weight and VIP flag it gave their
/// queued words, if a verdict was stored.
fn forget(
    tx: &Transaction<'_>,
    ladder: &mut Ladder,
    person: PersonId,
) -> Result<Option<super::derived::queue::Weight>, StoreError> {
    type Old = (i64, u8, i64, bool, bool, bool, Option<f64>);
    type Seen = (Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let old: Option<(Old, Seen)> = tx
        .prepare_cached(
            "SELECT stage_rank, labels, queue_weight, vip, recovered,
                    EXISTS (SELECT 1 FROM fan_paid f WHERE f.person_id = s.person_id),
                    alignment, detractor_since, falls_at, falls_to, fell_at
             FROM person_score s WHERE person_id = ?1",
        )?
        .query_row([person.0], |r| {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
                (r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?),
            ))
        })
        .optional()?;
    let Some((
        (rank, labels, weight, vip, recovered, paying_fan, alignment),
        (detractor_since, falls_at, falls_to, fell_at),
    )) = old
    else {
        return Ok(None);
    };
    let stage = Stage::from_rank(rank).unwrap_or(Stage::Stranger);
    let (mismatched, watch) = Part::watched(
        stage,
        labels,
        alignment,
        detractor_since,
        falls_at.map(|f| (f, falls_to)),
        fell_at,
    );
    let part = Part {
        recovered: recovered && labels & Label::Detractor.bit() != 0,
        paying_fan,
        mismatched,
        watch,
    };
    ladder.person(stage, labels, &steps_of(tx, person)?, part, -1);
    tx.prepare_cached("DELETE FROM stage_step WHERE person_id = ?1")?
        .execute([person.0])?;
    tx.prepare_cached("DELETE FROM person_label WHERE person_id = ?1")?
        .execute([person.0])?;
    tx.prepare_cached("DELETE FROM fan_paid WHERE person_id = ?1")?
        .execute([person.0])?;
    Ok(Some(super::derived::queue::Weight {
        weight,
        vip,
        detractor: labels & Label::Detractor.bit() != 0,
    }))
}

/// Stores one verdict with its columns, labels and steps and adds it to
/// the figures; returns what its labels weigh in the queue.
fn put(
    tx: &Transaction<'_>,
    ladder: &mut Ladder,
    r: &ScoreRow,
) -> Result<super::derived::queue::Weight, StoreError> {
    let a = &r.assessment;
    let m = &r.moments;
    let json = serde_json::to_string(a).map_err(|e| corrupt("assessment", e))?;
    let labels = Label::bits(&a.labels);
    let closeness = a.scores.engagement + a.scores.loyalty + a.scores.advocacy;
    let weight = priority::label_weight(&a.labels);
    let vip = priority::vip(&a.labels).is_some();
    // Names sort without regard to case, in every script.
    let sort_name: String = tx
        .prepare_cached("SELECT name FROM person WHERE id = ?1")?
        .query_row([r.person.0], |row| row.get::<_, String>(0))
        .optional()?
        .unwrap_or_default()
        .to_lowercase();
    tx.prepare_cached(
        "INSERT OR REPLACE INTO person_score (person_id, stage, assessment, next_change,
             labels, engagement, loyalty, advocacy, reach, lifetime_value, alignment, closeness,
             stage_rank, queue_weight, vip, first_at, last_at, detractor_since, falls_at,
             fell_at, recovered, sort_name, falls_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23)",
    )?
    .execute(params![
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
    ])?;
    let mut label = tx.prepare_cached(
        "INSERT INTO person_label (label, person_id, stage_rank, closeness) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for l in &a.labels {
        label.execute(params![*l as u8, r.person.0, a.stage.rank(), closeness])?;
    }
    let mut paying_fan = false;
    if a.labels.contains(&Label::TrueFan) {
        paying_fan = tx
            .prepare_cached(
                "INSERT INTO fan_paid (person_id, currency, total)
             SELECT person_id, upper(currency), sum(total) FROM orders
             WHERE person_id = ?1 AND status IN ('paid', 'pending') GROUP BY 2",
            )?
            .execute([r.person.0])?
            > 0;
    }
    let mut step = tx.prepare_cached(
        "INSERT OR REPLACE INTO stage_step (person_id, at, stage, labels) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in &m.steps {
        step.execute(params![r.person.0, s.at, s.stage.rank(), s.labels])?;
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
    Ok(super::derived::queue::Weight {
        weight,
        vip,
        detractor: a.labels.contains(&Label::Detractor),
    })
}

/// One person's stored verdict with its moments and steps.
pub fn stored_one(conn: &Connection, person: PersonId) -> Result<Option<ScoreRow>, StoreError> {
    let found: Option<ScoreFields> = conn
        .prepare_cached(
            "SELECT assessment, next_change, first_at, last_at, detractor_since, falls_at,
                    fell_at, recovered, falls_to
             FROM person_score WHERE person_id = ?1",
        )?
        .query_row([person.0], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get::<_, Option<i64>>(8)?,
            ))
        })
        .optional()?;
    let Some((
        raw,
        next_change,
        first_at,
        last_at,
        detractor_since,
        falls_at,
        fell_at,
        recovered,
        falls_to,
    )) = found
    else {
        return Ok(None);
    };
    let assessment: Assessment =
        serde_json::from_str(&raw).map_err(|e| corrupt("assessment", e))?;
    let mut steps = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT at, stage, labels FROM stage_step WHERE person_id = ?1 ORDER BY at",
    )?;
    let rows = stmt.query_map([person.0], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, u8>(2)?))
    })?;
    for row in rows {
        let (at, rank, labels) = row?;
        let stage = Stage::from_rank(rank).ok_or_else(|| StoreError::Corrupt {
            table: "stage_step",
            column: "stage",
            reason: format!("no stage {rank}"),
        })?;
        steps.push(Mark { at, stage, labels });
    }
    Ok(Some(ScoreRow {
        person,
        assessment,
        next_change,
        moments: Moments {
            steps,
            first_at,
            last_at,
            detractor_since,
            falls_at,
            falls_to: falls_to.and_then(Stage::from_rank),
            fell_at,
            recovered,
        },
    }))
}

/// The stored columns of a verdict [`stored_one`] reads.
type ScoreFields = (
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    bool,
    Option<i64>,
);

/// Every stored verdict.
pub fn stored(conn: &Connection) -> Result<Vec<ScoreRow>, StoreError> {
    let mut steps: HashMap<i64, Vec<Mark>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT person_id, at, stage, labels FROM stage_step ORDER BY person_id, at",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let rank: i64 = r.get(2)?;
            let stage = Stage::from_rank(rank).ok_or_else(|| StoreError::Corrupt {
                table: "stage_step",
                column: "stage",
                reason: format!("no stage {rank}"),
            })?;
            steps.entry(r.get(0)?).or_default().push(Mark {
                at: r.get(1)?,
                stage,
                labels: r.get(3)?,
            });
        }
    }
    let mut stmt = conn.prepare(
        "SELECT person_id, assessment, next_change, first_at, last_at, detractor_since,
                falls_at, fell_at, recovered, falls_to
         FROM person_score ORDER BY person_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let raw: String = r.get(1)?;
        let assessment: Assessment =
            serde_json::from_str(&raw).map_err(|e| corrupt("assessment", e))?;
        let person: i64 = r.get(0)?;
        out.push(ScoreRow {
            person: PersonId(person),
            assessment,
            next_change: r.get(2)?,
            moments: Moments {
                steps: steps.remove(&person).unwrap_or_default(),
                first_at: r.get(3)?,
                last_at: r.get(4)?,
                detractor_since: r.get(5)?,
                falls_at: r.get(6)?,
                falls_to: r.get::<_, Option<i64>>(9)?.and_then(Stage::from_rank),
                fell_at: r.get(7)?,
                recovered: r.get(8)?,
            },
        });
    }
    Ok(out)
}
