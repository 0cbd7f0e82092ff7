//! The views' reads: each answers one request by index from the state the
//! writers keep (`derived`, `scores`), never by reading every row.
//!
//! Two things are said differently to the two databases, each in one
//! macro here: a list of ids passed as one JSON argument
//! ([`json_ids!`]), and a join SQLite must take in the order written
//! (`CROSS JOIN … ON`, which PostgreSQL's grammar refuses; its planner
//! picks the order itself).

use super::scores::{MISMATCHED, PAYING_FANS, RECOVERED, WATCHED_BY_DAY};
use super::{read, team};
use crate::sql::{args, Arg, Db, DbExt, Dialect, Flow, Value};
use crate::views::{
    AlertGroup, AlertSlot, Brief, DayFigures, PeopleFilter, PeopleSort, PersonRows, QueueFilter,
    QueueItem, QueuePage, ReportRows, StockGroup, ThreadFilter, ThreadRow, ThreadRows, Watch,
    WatchCount, WatchRow, Watched,
};
use crate::{InteractionRow, StoreError};
use rapport_core::ladder::{Assessment, Label, Stage, MISALIGNED_BELOW};
use rapport_core::signals::Signals;
use rapport_core::{priority, InteractionId, PersonId};
use std::collections::{BTreeMap, HashMap, HashSet};

const DAY: i64 = 86_400;

/// `$before`, the ids of the JSON list bound as ?1 (a subquery), then
/// `$after`: one static statement per database.
macro_rules! json_ids {
    ($db:expr, $before:literal, $after:literal) => {
        match $db.dialect() {
            Dialect::Sqlite => concat!($before, "SELECT value FROM json_each(?1)", $after),
            Dialect::Postgres => concat!(
                $before,
                "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(?1 AS json))",
                $after
            ),
        }
    };
}

/// `$before`, a join SQLite takes in the order written, then `$after`.
macro_rules! join_in_order {
    ($db:expr, $before:literal, $after:literal) => {
        match $db.dialect() {
            Dialect::Sqlite => concat!($before, " CROSS JOIN ", $after),
            Dialect::Postgres => concat!($before, " JOIN ", $after),
        }
    };
}

fn corrupt(table: &'static str, column: &'static str, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        reason: e.to_string(),
    }
}

/// A count or limit as SQL's integer.
fn int(n: u64) -> i64 {
    n.min(i64::MAX as u64) as i64
}

/// The people `ids` as lists show them, in the order given (people with
/// no stored verdict are left out).
pub fn briefs(db: &dyn Db, ids: &[i64]) -> Result<Vec<Brief>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let Some((name, assessment)) = db.opt(
            "SELECT p.name, s.assessment FROM person_score s JOIN person p ON p.id = s.person_id
             WHERE s.person_id = ?1",
            args![id],
            |r| {
                let assessment: Assessment = serde_json::from_str(r.text(1)?)
                    .map_err(|e| corrupt("person_score", "assessment", e))?;
                Ok((r.get::<String>(0)?, assessment))
            },
        )?
        else {
            continue;
        };
        let identities = db.rows(
            "SELECT channel, handle FROM identity WHERE person_id = ?1 ORDER BY id",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        out.push(Brief {
            id: PersonId(id),
            name,
            identities,
            assessment,
        });
    }
    Ok(out)
}

/// The stored counts of the verdicts (see migration 12's `ladder_count`).
pub fn counts(db: &dyn Db) -> Result<HashMap<String, u64>, StoreError> {
    let mut out = HashMap::new();
    db.each(
        "SELECT what, n FROM ladder_count WHERE n > 0",
        args![],
        |r| {
            out.insert(r.get(0)?, r.get::<i64>(1)?.max(0) as u64);
            Ok(())
        },
    )?;
    Ok(out)
}

/// The key of [`counts`] that counts the people a filter holds.
fn count_key(f: &PeopleFilter) -> String {
    match (f.stage, f.label) {
        (None, None) => "all".to_string(),
        (Some(s), None) => format!("stage:{}", s.as_str()),
        (None, Some(l)) => format!("label:{}", l.as_str()),
        (Some(s), Some(l)) => format!("stage:{}/label:{}", s.as_str(), l.as_str()),
    }
}

/// One page of people matching `filter` in `sort` order, and how many
/// match in all.
pub fn people_page(
    db: &dyn Db,
    filter: &PeopleFilter,
    sort: PeopleSort,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Brief>, u64), StoreError> {
    let counts = counts(db)?;
    let total = counts.get(&count_key(filter)).copied().unwrap_or(0);
    let order = match (sort, filter.label.is_some()) {
        (PeopleSort::Closeness, true) => "l.stage_rank DESC, l.closeness DESC, l.person_id",
        (PeopleSort::Closeness, false) => "s.stage_rank DESC, s.closeness DESC, s.person_id",
        (PeopleSort::Name, _) => "s.sort_name, s.person_id",
        (PeopleSort::Id, _) => "s.person_id",
        (PeopleSort::Engagement, _) => "s.engagement DESC, s.person_id",
        (PeopleSort::Loyalty, _) => "s.loyalty DESC, s.person_id",
        (PeopleSort::Advocacy, _) => "s.advocacy DESC, s.person_id",
        (PeopleSort::Reach, _) => "s.reach DESC, s.person_id",
        (PeopleSort::LifetimeValue, _) => "s.lifetime_value DESC, s.person_id",
        (PeopleSort::Fit, _) => {
            "s.reach * coalesce(s.alignment, 0.0) DESC, s.reach DESC, s.person_id"
        }
        (PeopleSort::Alignment, _) => "coalesce(s.alignment, -1.0) DESC, s.reach DESC, s.person_id",
    };
    // With a label and an order of its own, either every labelled person
    // is sorted (cheap for a rare label) or the order's index is walked
    // keeping the labelled (cheap for a common one: about
    // `everyone / labelled` rows read per row shown). An order no index
    // gives sorts the labelled people alone.
    let everyone = counts.get("all").copied().unwrap_or(0);
    let walk = |labelled: u64| {
        offset
            .saturating_add(limit)
            .saturating_mul(everyone / labelled.max(1))
            < labelled
    };
    let from = match filter.label {
        Some(_) if sort != PeopleSort::Closeness && sort.indexed() && walk(total) => {
            "person_score s WHERE s.labels & (1 << ?1) != 0"
        }
        Some(_) => {
            "person_label l JOIN person_score s ON s.person_id = l.person_id WHERE l.label = ?1"
        }
        None => "person_score s WHERE CAST(?1 AS BIGINT) IS NULL",
    };
    let sql = format!(
        "SELECT s.person_id FROM {from} AND (CAST(?2 AS BIGINT) IS NULL OR s.stage_rank = ?2)
         ORDER BY {order} LIMIT ?3 OFFSET ?4"
    );
    let ids: Vec<i64> = db.rows(
        &sql,
        args![
            filter.label.map(|l| l as u8),
            filter.stage.map(Stage::rank),
            int(limit),
            int(offset)
        ],
        |r| r.get(0),
    )?;
    Ok((briefs(db, &ids)?, total))
}

/// Per week (its Monday) and stage, people entering minus people leaving.
pub fn ladder_weeks(db: &dyn Db) -> Result<Vec<(i64, Stage, i64)>, StoreError> {
    db.rows(
        "SELECT week, stage, delta FROM ladder_week ORDER BY week, stage",
        args![],
        |r| {
            let rank: i64 = r.get(1)?;
            let stage = Stage::from_rank(rank)
                .ok_or_else(|| corrupt("ladder_week", "stage", format!("no stage {rank}")))?;
            Ok((r.get(0)?, stage, r.get(2)?))
        },
    )
}

/// The shop's replies to the messages `own` (by channel and external id),
/// in id order.
pub fn replies_to(db: &dyn Db, own: &[InteractionRow]) -> Result<Vec<InteractionRow>, StoreError> {
    let mut ids: Vec<i64> = Vec::new();
    for m in own {
        db.each(
            "SELECT id FROM interaction WHERE from_brand = 1 AND channel = ?1 AND in_reply_to = ?2",
            args![m.channel, m.external_id],
            |r| {
                ids.push(r.get(0)?);
                Ok(())
            },
        )?;
    }
    ids.sort_unstable();
    ids.dedup();
    interactions_by_id(db, &ids)
}

/// Interactions by id, in the order of `ids`.
pub fn interactions_by_id(db: &dyn Db, ids: &[i64]) -> Result<Vec<InteractionRow>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        out.extend(read::interaction(db, InteractionId(id))?);
    }
    Ok(out)
}

/// Everything one person's page shows.
pub fn person_rows(db: &dyn Db, id: PersonId) -> Result<Option<PersonRows>, StoreError> {
    let Some(person) = read::person(db, id)? else {
        return Ok(None);
    };
    let own = read::interactions_of(db, id)?;
    let replies = replies_to(db, &own)?;
    Ok(Some(PersonRows {
        person,
        score: super::scores::stored_one(db, id)?,
        replies,
        own,
        orders: read::orders_of(db, id)?,
        links: super::links::of(db, id)?,
    }))
}

/// The three waiting bands of the queue at `now`: over a day (its
/// latest moment), over an hour, the rest.
fn bands(now: i64) -> [(i64, i64, i64); 3] {
    let (day, hour) = priority::waiting_cuts(now);
    [
        (i64::MIN, day, priority::OVER_DAY),
        (day + 1, hour, priority::OVER_HOUR),
        (hour + 1, i64::MAX, 0),
    ]
}

/// Which of [`bands`] `at` falls in.
fn band_of(b: &[(i64, i64, i64); 3], at: i64) -> usize {
    b.iter()
        .position(|&(lo, hi, _)| at >= lo && at <= hi)
        .unwrap_or(0)
}

/// A queued message the team closed (replied, handled, snoozed): where
/// it sits in the queue's order and, a stock phrase, in which group.
struct Closed {
    rank: i64,
    at: i64,
    id: i64,
    base: i64,
    stock: bool,
    channel: Option<String>,
    post: Option<String>,
}

/// Queued messages the team closed by `now` (few: answering takes a
/// message out of the queue).
fn closed(db: &dyn Db, now: i64) -> Result<Vec<Closed>, StoreError> {
    db.rows(
        join_in_order!(
            db,
            "SELECT q.rank, q.at, q.interaction_id, q.base, q.generic, q.channel, q.post_id
             FROM inbox_state s",
            "inbox_queue q ON q.interaction_id = s.interaction_id
             WHERE s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL OR s.snoozed_until > ?1"
        ),
        args![now],
        |r| {
            Ok(Closed {
                rank: r.get(0)?,
                at: r.get(1)?,
                id: r.get(2)?,
                base: r.get(3)?,
                stock: r.get(4)?,
                channel: r.get(5)?,
                post: r.get(6)?,
            })
        },
    )
}

/// The ids of `closed`.
fn ids_of(closed: &[Closed]) -> HashSet<i64> {
    closed.iter().map(|c| c.id).collect()
}

/// The ids of the queued messages closed by `now`.
fn shut(db: &dyn Db, now: i64) -> Result<HashSet<i64>, StoreError> {
    Ok(ids_of(&closed(db, now)?))
}

/// The order of the queue at `now`: a segment per priority and waiting
/// band, most urgent first, each `(rank, band index, open messages, open
/// stock phrases among them)`. Read from the kept counts, the last day's
/// messages (few) and the `closed` ones, whatever the queue holds.
fn segments(
    db: &dyn Db,
    now: i64,
    min_base: Option<i64>,
    closed: &[Closed],
) -> Result<Vec<(i64, usize, u64, u64)>, StoreError> {
    let b = bands(now);
    let min_base_or_all = min_base.unwrap_or(i64::MIN);
    // Messages per rank (all, then the stock phrases among them), then
    // those of the two recent bands (few: the last day's), then the
    // closed ones: the oldest band is the rest.
    let mut per: BTreeMap<i64, [[i64; 3]; 2]> = BTreeMap::new();
    db.each(
        "SELECT rank, sum(n), sum(stock) FROM inbox_count WHERE base >= ?1 GROUP BY rank",
        args![min_base_or_all],
        |r| {
            let e = per.entry(r.get(0)?).or_default();
            e[0][0] += r.get::<i64>(1)?;
            e[1][0] += r.get::<i64>(2)?;
            Ok(())
        },
    )?;
    db.each(
        "SELECT rank, at, generic FROM inbox_queue WHERE at > ?1 AND +base >= ?2",
        args![b[0].1, min_base_or_all],
        |r| {
            let e = per.entry(r.get(0)?).or_default();
            let band = band_of(&b, r.get(1)?);
            let kinds = if r.get::<bool>(2)? { 2 } else { 1 };
            for e in e.iter_mut().take(kinds) {
                e[0] -= 1;
                e[band] += 1;
            }
            Ok(())
        },
    )?;
    for c in closed {
        if min_base.is_none_or(|m| c.base >= m) {
            let e = per.entry(c.rank).or_default();
            let band = band_of(&b, c.at);
            e[0][band] -= 1;
            if c.stock {
                e[1][band] -= 1;
            }
        }
    }
    let mut out: Vec<(i64, usize, u64, u64)> = Vec::new();
    for (rank, [all, stock]) in per {
        for (band, (&n, &s)) in all.iter().zip(stock.iter()).enumerate() {
            if n > 0 {
                out.push((rank, band, n as u64, s.clamp(0, n) as u64));
            }
        }
    }
    // Priority down; within one priority the older band first.
    out.sort_by_key(|&(rank, band, _, _)| (std::cmp::Reverse(rank + b[band].2), band));
    Ok(out)
}

/// One page of the open queue at `now`, most urgent first.
pub fn queue_page(
    db: &dyn Db,
    now: i64,
    filter: &QueueFilter,
    offset: u64,
    limit: u64,
) -> Result<QueuePage, StoreError> {
    // Stock phrases folded away and nothing else (the dashboard's
    // default): the queue's own walk, stepping over them.
    let fold = filter.signals_none == Signals::GENERIC
        && filter.min_base.is_none()
        && QueueFilter {
            signals_none: 0,
            ..filter.clone()
        }
        .is_plain();
    if !filter.is_plain() && !fold {
        return filtered_page(db, now, filter, offset, limit);
    }
    let b = bands(now);
    let closed = closed(db, now)?;
    let shut = ids_of(&closed);
    // Folded, a segment holds its messages but the stock phrases; the
    // walk steps over those.
    let mut stock: HashMap<(i64, usize), u64> = HashMap::new();
    let segments: Vec<(i64, usize, u64)> = segments(db, now, filter.min_base, &closed)?
        .into_iter()
        .filter_map(|(rank, band, n, s)| {
            if !fold {
                return Some((rank, band, n));
            }
            stock.insert((rank, band), s);
            Some((rank, band, n - s)).filter(|seg| seg.2 > 0)
        })
        .collect();
    let total = segments.iter().map(|s| s.2).sum();
    let mut skip = offset;
    let mut ids: Vec<i64> = Vec::new();
    for (rank, band, n) in segments {
        if ids.len() as u64 >= limit {
            break;
        }
        if skip >= n {
            skip -= n;
            continue;
        }
        // Closed messages (and, folded, stock phrases) sit among the open
        // ones: walk past them. The walk reads no more rows than it may
        // step over (PostgreSQL fetches them all before they are seen).
        let (lo, hi, _) = b[band];
        let want = (limit - ids.len() as u64)
            .saturating_add(skip)
            .saturating_add(shut.len() as u64)
            .saturating_add(stock.get(&(rank, band)).copied().unwrap_or(0));
        let mut seen = 0u64;
        db.query(
            "SELECT interaction_id, generic FROM inbox_queue
             WHERE rank = ?1 AND at >= ?2 AND at <= ?3 AND base >= ?4
             ORDER BY at, interaction_id LIMIT ?5 OFFSET ?6",
            args![
                rank,
                lo,
                hi,
                filter.min_base.unwrap_or(i64::MIN),
                int(want),
                0i64
            ],
            &mut |r| {
                let id: i64 = r.get(0)?;
                if shut.contains(&id) || (fold && r.get::<bool>(1)?) {
                    return Ok(Flow::Continue(()));
                }
                if seen >= skip {
                    ids.push(id);
                    if ids.len() as u64 >= limit {
                        return Ok(Flow::Break(()));
                    }
                }
                seen += 1;
                Ok(Flow::Continue(()))
            },
        )?;
        skip = 0;
    }
    Ok(QueuePage {
        items: queue_items(db, &ids)?,
        total,
    })
}

/// The `FROM … WHERE …` of the queued messages `filter` lets through,
/// with its arguments (`q` is the queue; closed messages are not left
/// out here).
fn filtered_sql(filter: &QueueFilter, now: i64) -> (String, Vec<Value<'_>>) {
    let mut from = String::from(" FROM inbox_queue q");
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Value<'_>> = Vec::new();
    fn arg<'a>(args: &mut Vec<Value<'a>>, v: Value<'a>) -> String {
        args.push(v);
        format!("?{}", args.len())
    }
    if let Some(m) = filter.min_base {
        let a = arg(&mut args, Value::Int(m));
        conds.push(format!("q.base >= {a}"));
    }
    if let Some(who) = &filter.assigned {
        from.push_str(" JOIN inbox_state t ON t.interaction_id = q.interaction_id");
        let a = arg(&mut args, Value::Text(who));
        conds.push(format!("lower(t.assigned_to) = lower({a})"));
    }
    // The stock-phrase bit is the queue's own column; the others are the
    // message's.
    let stock = Signals::GENERIC;
    let mut any = filter.signals_any;
    let mut none = filter.signals_none;
    if any == stock {
        conds.push("q.generic = 1".to_string());
        any = 0;
    }
    if none & stock != 0 {
        conds.push("q.generic = 0".to_string());
        none &= !stock;
    }
    // The message's channel, post, signals and language are the queue
    // row's own (kept with the message's: see migrations 29 and 30).
    if !filter.channels.is_empty() {
        let list: Vec<String> = filter
            .channels
            .iter()
            .map(|c| arg(&mut args, Value::Text(c)))
            .collect();
        conds.push(format!("q.channel IN ({})", list.join(", ")));
    }
    if any != 0 {
        let a = arg(&mut args, Value::Int(i64::from(any)));
        conds.push(format!("q.signals & {a} <> 0"));
    }
    if none != 0 {
        let a = arg(&mut args, Value::Int(i64::from(none)));
        conds.push(format!("q.signals & {a} = 0"));
    }
    if let Some(post) = &filter.post {
        let a = arg(&mut args, Value::Text(post));
        conds.push(format!("q.post_id = {a}"));
    }
    if let Some(lang) = &filter.language {
        let a = arg(&mut args, Value::Text(lang));
        conds.push(format!("q.language = {a}"));
    }
    if filter.stage.is_some() || filter.labels != 0 {
        from.push_str(" JOIN person_score p ON p.person_id = q.person_id");
    }
    if let Some(stage) = filter.stage {
        let a = arg(&mut args, Value::Int(i64::from(stage)));
        conds.push(format!("p.stage_rank = {a}"));
    }
    if filter.labels != 0 {
        let a = arg(&mut args, Value::Int(i64::from(filter.labels)));
        conds.push(format!("p.labels & {a} <> 0"));
    }
    if let Some(since) = filter.since {
        let a = arg(&mut args, Value::Int(since));
        conds.push(format!("q.at > {a}"));
    }
    if let Some((short, long)) = filter.past_target {
        let s = arg(&mut args, Value::Int(now.saturating_sub(short)));
        let l = arg(&mut args, Value::Int(now.saturating_sub(long)));
        conds.push(format!(
            "q.at < CASE WHEN q.vip = 1 THEN CAST({s} AS BIGINT) ELSE CAST({l} AS BIGINT) END"
        ));
    }
    if !conds.is_empty() {
        from.push_str(" WHERE ");
        from.push_str(&conds.join(" AND "));
    }
    (from, args)
}

/// `values` as the arguments [`Db`] takes.
fn refs<'a>(values: &'a [Value<'a>]) -> Vec<&'a dyn Arg> {
    values.iter().map(|v| v as &dyn Arg).collect()
}

/// A page of the open messages `filter` lets through (any filter beyond
/// `min_base`): every match is read and ordered as the queue orders, so
/// a page costs the matches, not the page.
fn filtered_page(
    db: &dyn Db,
    now: i64,
    filter: &QueueFilter,
    offset: u64,
    limit: u64,
) -> Result<QueuePage, StoreError> {
    let shut = shut(db, now)?;
    let (from, values) = filtered_sql(filter, now);
    let mut found: Vec<(i64, i64, i64)> = Vec::new();
    db.each(
        &format!("SELECT q.interaction_id, q.rank, q.at{from}"),
        &refs(&values),
        |r| {
            let id: i64 = r.get(0)?;
            if !shut.contains(&id) {
                found.push((id, r.get(1)?, r.get(2)?));
            }
            Ok(())
        },
    )?;
    found.sort_by_key(|&(id, rank, at)| {
        let bonus = priority::waiting_bonus(priority::waiting_minutes(at, now));
        (std::cmp::Reverse(rank + bonus), at, id)
    });
    let total = found.len() as u64;
    let ids: Vec<i64> = found
        .into_iter()
        .skip(offset.min(usize::MAX as u64) as usize)
        .take(limit.min(usize::MAX as u64) as usize)
        .map(|m| m.0)
        .collect();
    Ok(QueuePage {
        items: queue_items(db, &ids)?,
        total,
    })
}

/// The open stock phrases `filter` lets through, one group per post,
/// the largest first.
pub fn stock_groups(
    db: &dyn Db,
    now: i64,
    filter: &QueueFilter,
) -> Result<Vec<StockGroup>, StoreError> {
    let stock = QueueFilter {
        signals_any: Signals::GENERIC,
        signals_none: 0,
        ..filter.clone()
    };
    // Nothing asked but channels or a post: the kept counts answer.
    let by_post = QueueFilter {
        channels: Vec::new(),
        post: None,
        ..stock.clone()
    } == QueueFilter {
        signals_any: Signals::GENERIC,
        ..QueueFilter::default()
    };
    if by_post {
        return kept_stock_groups(db, now, &stock);
    }
    let shut = shut(db, now)?;
    let (from, values) = filtered_sql(&stock, now);
    let mut groups: Vec<StockGroup> = Vec::new();
    let mut at: HashMap<(String, Option<String>), usize> = HashMap::new();
    db.each(
        &format!(
            "SELECT q.interaction_id, q.at, q.channel, q.post_id{from}
             ORDER BY q.at, q.interaction_id"
        ),
        &refs(&values),
        |r| {
            let id: i64 = r.get(0)?;
            if shut.contains(&id) {
                return Ok(());
            }
            let when: i64 = r.get(1)?;
            let (channel, post): (String, Option<String>) = (r.get(2)?, r.get(3)?);
            let i = *at
                .entry((channel.clone(), post.clone()))
                .or_insert_with(|| {
                    groups.push(StockGroup {
                        channel,
                        post,
                        count: 0,
                        first_at: when,
                        sample: Vec::new(),
                    });
                    groups.len() - 1
                });
            let g = &mut groups[i];
            g.count += 1;
            if g.sample.len() < 3 {
                g.sample.push(InteractionId(id));
            }
            Ok(())
        },
    )?;
    sort_groups(&mut groups);
    Ok(groups)
}

/// The open stock phrases per post on `filter`'s channels (all: none
/// given), under its post if it names one, the largest group first: from
/// `stock_count`, less the closed ones, with each group's oldest three
/// walked by index. Reads a few rows per group, however many wait.
fn kept_stock_groups(
    db: &dyn Db,
    now: i64,
    filter: &QueueFilter,
) -> Result<Vec<StockGroup>, StoreError> {
    let closed = closed(db, now)?;
    let shut = ids_of(&closed);
    let mut closed_in: HashMap<(String, Option<String>), u64> = HashMap::new();
    for c in closed.into_iter().filter(|c| c.stock) {
        if let Some(channel) = c.channel {
            *closed_in.entry((channel, c.post)).or_default() += 1;
        }
    }
    let mut counted: Vec<(String, Option<String>, u64)> = Vec::new();
    db.each(
        "SELECT channel, has_post, post, n FROM stock_count WHERE n > 0",
        args![],
        |r| {
            let channel: String = r.get(0)?;
            let post = if r.get::<bool>(1)? {
                Some(r.get::<String>(2)?)
            } else {
                None
            };
            let wanted = (filter.channels.is_empty() || filter.channels.contains(&channel))
                && (filter.post.is_none() || filter.post == post);
            if wanted {
                counted.push((channel, post, r.get::<i64>(3)?.max(0) as u64));
            }
            Ok(())
        },
    )?;
    let mut groups: Vec<StockGroup> = Vec::new();
    for (channel, post, n) in counted {
        let key = (channel, post);
        let gone = closed_in.get(&key).copied().unwrap_or(0);
        let (channel, post) = key;
        if n <= gone {
            continue;
        }
        // The oldest three open ones: at most `gone` closed ones come
        // before them.
        let want = int(gone.saturating_add(3));
        let mut first: Option<i64> = None;
        let mut sample = Vec::new();
        let mut each = |r: &dyn crate::sql::Row| -> Result<(), StoreError> {
            let id: i64 = r.get(0)?;
            if !shut.contains(&id) && sample.len() < 3 {
                first.get_or_insert(r.get(1)?);
                sample.push(InteractionId(id));
            }
            Ok(())
        };
        match &post {
            Some(p) => db.each(
                "SELECT interaction_id, at FROM inbox_queue
                 WHERE generic = 1 AND channel = ?1 AND post_id = ?2
                 ORDER BY at, interaction_id LIMIT ?3",
                args![channel, p, want],
                &mut each,
            )?,
            None => db.each(
                "SELECT interaction_id, at FROM inbox_queue
                 WHERE generic = 1 AND channel = ?1 AND post_id IS NULL
                 ORDER BY at, interaction_id LIMIT ?2",
                args![channel, want],
                &mut each,
            )?,
        }
        if let Some(first_at) = first {
            groups.push(StockGroup {
                channel,
                post,
                count: n - gone,
                first_at,
                sample,
            });
        }
    }
    sort_groups(&mut groups);
    Ok(groups)
}

/// Stock groups as the inbox lists them: the largest first, then the
/// longest waiting.
fn sort_groups(groups: &mut [StockGroup]) {
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.first_at.cmp(&b.first_at))
            .then_with(|| a.channel.cmp(&b.channel))
            .then_with(|| a.post.cmp(&b.post))
    });
}

/// The open stock phrases under `post` on `channel` (none: outside any
/// post), for handling them at once.
pub fn stock_ids(
    db: &dyn Db,
    now: i64,
    channel: &str,
    post: Option<&str>,
) -> Result<Vec<InteractionId>, StoreError> {
    let shut = shut(db, now)?;
    let mut out = Vec::new();
    db.each(
        "SELECT q.interaction_id FROM inbox_queue q
         WHERE q.channel = ?1 AND q.post_id IS NOT DISTINCT FROM ?2 AND q.signals & ?3 <> 0
         ORDER BY q.interaction_id",
        args![channel, post, Signals::GENERIC],
        |r| {
            let id: i64 = r.get(0)?;
            if !shut.contains(&id) {
                out.push(InteractionId(id));
            }
            Ok(())
        },
    )?;
    Ok(out)
}

/// Queued messages by id with their authors, in the order of `ids`
/// (messages no longer queued are left out).
pub fn queue_items(db: &dyn Db, ids: &[i64]) -> Result<Vec<QueueItem>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Two statements for the whole page: the queue's facts with the
    // author's, and the messages themselves.
    let list = serde_json::to_string(ids).map_err(|e| corrupt("inbox_queue", "id", e))?;
    type Found = (i64, i64, bool, String, String, Option<i64>, Option<i64>);
    let mut found: HashMap<i64, Found> = HashMap::with_capacity(ids.len());
    db.each(
        json_ids!(
            db,
            "SELECT q.interaction_id, q.base, q.rank, q.vip, p.name, d.handle, s.stage_rank,
                    s.labels
             FROM inbox_queue q JOIN interaction i ON i.id = q.interaction_id
             JOIN identity d ON d.id = i.identity_id JOIN person p ON p.id = q.person_id
             LEFT JOIN person_score s ON s.person_id = q.person_id
             WHERE q.interaction_id IN (",
            ")"
        ),
        args![list],
        |r| {
            found.insert(
                r.get(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ),
            );
            Ok(())
        },
    )?;
    let mut messages: HashMap<i64, InteractionRow> =
        read::interactions_where(db, json_ids!(db, "WHERE i.id IN (", ")"), args![list])?
            .into_iter()
            .map(|i| (i.id.0, i))
            .collect();
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let (Some((base, rank, vip, name, handle, stage, labels)), Some(interaction)) =
            (found.remove(&id), messages.remove(&id))
        else {
            continue;
        };
        out.push(QueueItem {
            interaction,
            base,
            rank,
            vip,
            name,
            handle,
            stage: stage.and_then(Stage::from_rank).unwrap_or(Stage::Stranger),
            // Labels are a byte's bits.
            labels: Label::from_bits(labels.unwrap_or(0) as u8),
            state: team::inbox_state(db, InteractionId(id))?,
        });
    }
    Ok(out)
}

/// One page of threads with inbound words, latest activity first, and
/// how many match in all.
pub fn thread_page(
    db: &dyn Db,
    filter: &ThreadFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<ThreadRow>, u64), StoreError> {
    let total: i64 = db.scalar(
        "SELECT coalesce(sum(n), 0) FROM thread_count
         WHERE (CAST(?1 AS TEXT) IS NULL OR channel = ?1)
           AND (CAST(?2 AS BIGINT) IS NULL OR open = ?2)",
        args![filter.channel, filter.unanswered],
    )?;
    let sql = match (filter.unanswered, filter.channel.is_some()) {
        (None, true) => {
            "SELECT channel, root FROM thread WHERE inbound > 0 AND channel = ?1
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
        (None, false) => {
            "SELECT channel, root FROM thread WHERE inbound > 0 AND CAST(?1 AS TEXT) IS NULL
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
        (Some(true), true) => {
            "SELECT channel, root FROM thread WHERE unanswered > 0 AND channel = ?1
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
        (Some(true), false) => {
            "SELECT channel, root FROM thread WHERE unanswered > 0 AND CAST(?1 AS TEXT) IS NULL
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
        (Some(false), true) => {
            "SELECT channel, root FROM thread WHERE inbound > 0 AND unanswered = 0
             AND channel = ?1
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
        (Some(false), false) => {
            "SELECT channel, root FROM thread WHERE inbound > 0 AND unanswered = 0
             AND CAST(?1 AS TEXT) IS NULL
             ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
        }
    };
    let keys: Vec<(String, String)> =
        db.rows(sql, args![filter.channel, int(limit), int(offset)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let mut out = Vec::with_capacity(keys.len());
    for (channel, root) in keys {
        out.extend(thread_row(db, &channel, &root)?);
    }
    Ok((out, total.max(0) as u64))
}

/// The channels that have threads with inbound words.
pub fn thread_channels(db: &dyn Db) -> Result<Vec<String>, StoreError> {
    db.rows(
        "SELECT DISTINCT channel FROM thread_count WHERE n > 0 ORDER BY channel",
        args![],
        |r| r.get(0),
    )
}

/// Every channel anything was stored from, by name.
pub fn channels(db: &dyn Db) -> Result<Vec<String>, StoreError> {
    db.rows(
        "SELECT DISTINCT channel FROM report_day ORDER BY 1",
        args![],
        |r| r.get(0),
    )
}

/// One thread's row, with its people's names and first inbound words.
fn thread_row(db: &dyn Db, channel: &str, root: &str) -> Result<Option<ThreadRow>, StoreError> {
    let Some((mut row, people, first_inbound)) = db.opt(
        "SELECT first_id, first_at, last_at, messages, inbound, unanswered, post_id, people,
                first_inbound_id
         FROM thread WHERE channel = ?1 AND root = ?2 AND inbound > 0",
        args![channel, root],
        |r| {
            let people: Vec<(i64, i64, i64)> =
                serde_json::from_str(r.text(7)?).map_err(|e| corrupt("thread", "people", e))?;
            Ok((
                ThreadRow {
                    channel: channel.to_string(),
                    root: root.to_string(),
                    first_id: InteractionId(r.get(0)?),
                    first_at: r.get(1)?,
                    last_at: r.get(2)?,
                    messages: r.get(3)?,
                    inbound: r.get(4)?,
                    unanswered: r.get(5)?,
                    post_id: r.get(6)?,
                    people: Vec::new(),
                    text: String::new(),
                },
                people,
                r.get::<Option<i64>>(8)?,
            ))
        },
    )?
    else {
        return Ok(None);
    };
    row.people.reserve(people.len());
    for (_, _, p) in people {
        let n: Option<String> = db.scalar_opt("SELECT name FROM person WHERE id = ?1", args![p])?;
        row.people.push((PersonId(p), n.unwrap_or_default()));
    }
    if let Some(id) = first_inbound {
        row.text = db
            .scalar_opt(
                "SELECT text FROM interaction_text WHERE interaction_id = ?1",
                args![id],
            )?
            .unwrap_or_default();
    }
    Ok(Some(row))
}

/// The thread `key` names — `CHANNEL:ROOT`, or the id of a message in it
/// — with every message, or `None` when it has no inbound words.
pub fn thread_rows(db: &dyn Db, key: &str) -> Result<Option<ThreadRows>, StoreError> {
    let found: Option<(String, String)> = match key.parse::<i64>() {
        Ok(id) => db.opt(
            "SELECT channel, root FROM interaction WHERE id = ?1",
            args![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?,
        Err(_) => key
            .split_once(':')
            .map(|(c, r)| (c.to_string(), r.to_string())),
    };
    let Some((channel, root)) = found else {
        return Ok(None);
    };
    let Some(thread) = thread_row(db, &channel, &root)? else {
        return Ok(None);
    };
    let mut rows = read::interactions_where(
        db,
        "WHERE i.channel = ?1 AND i.root = ?2",
        args![channel, root],
    )?;
    rows.sort_by_key(|i| (i.at, i.id));
    let mut messages = Vec::with_capacity(rows.len());
    for i in rows {
        let (name, handle) = if i.from_brand {
            (String::new(), String::new())
        } else {
            db.opt(
                "SELECT p.name, d.handle FROM identity d JOIN person p ON p.id = d.person_id
                 WHERE d.id = ?1",
                args![i.identity.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .unwrap_or_default()
        };
        messages.push((i, name, handle));
    }
    Ok(Some(ThreadRows { thread, messages }))
}

/// What the report reads from day `from_day` on (all days when `None`),
/// with the true fans who paid in one of the `valued` currencies counted.
pub fn report_rows(
    db: &dyn Db,
    from_day: Option<i64>,
    valued: &[String],
) -> Result<ReportRows, StoreError> {
    let from = from_day.unwrap_or(i64::MIN);
    let days = db.rows(
        "SELECT channel, day, inbound, answered, specific, generic, recommendations,
                follows, likes, conversations, messages
         FROM report_day WHERE day >= ?1 ORDER BY day, channel",
        args![from],
        |r| {
            let n = |i: usize| r.get::<i64>(i).map(|v| v.max(0) as u64);
            Ok((
                r.get::<String>(0)?,
                DayFigures {
                    day: r.get(1)?,
                    inbound: n(2)?,
                    answered: n(3)?,
                    specific: n(4)?,
                    generic: n(5)?,
                    recommendations: n(6)?,
                    follows: n(7)?,
                    likes: n(8)?,
                    conversations: n(9)?,
                    messages: n(10)?,
                },
            ))
        },
    )?;
    let responses = db.rows(
        "SELECT channel, day, histogram FROM response_day WHERE day >= ?1 ORDER BY day, channel",
        args![from],
        |r| {
            let raw: Vec<u8> = r.get(2)?;
            Ok((
                r.get::<String>(0)?,
                r.get::<i64>(1)?,
                crate::views::decode_histogram(&raw),
            ))
        },
    )?;
    let gains = db.rows(
        "SELECT week, fans, evangelists FROM gain_week ORDER BY week",
        args![],
        |r| {
            Ok((
                r.get(0)?,
                r.get::<i64>(1)?.max(0) as u64,
                r.get::<i64>(2)?.max(0) as u64,
            ))
        },
    )?;
    let fan_paid: Vec<(String, f64)> = db.rows(
        "SELECT currency, sum(total) FROM fan_paid GROUP BY currency ORDER BY currency",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let counts = counts(db)?;
    let count = |key: &str| counts.get(key).copied().unwrap_or(0);
    // The fans who paid, less those who paid only in currencies not
    // asked about (none, unless the profile lacks a rate).
    let unvalued: Vec<&String> = fan_paid
        .iter()
        .map(|(c, _)| c)
        .filter(|c| !valued.iter().any(|v| v.eq_ignore_ascii_case(c)))
        .collect();
    let mut fans_valued = count(PAYING_FANS);
    if !unvalued.is_empty() {
        let unvalued =
            serde_json::to_string(&unvalued).map_err(|e| corrupt("fan_paid", "currency", e))?;
        let valued =
            serde_json::to_string(valued).map_err(|e| corrupt("fan_paid", "currency", e))?;
        let only_unvalued: i64 = db.scalar(
            match db.dialect() {
                Dialect::Sqlite => {
                    "SELECT count(DISTINCT person_id) FROM fan_paid f
                     WHERE currency IN (SELECT value FROM json_each(?1))
                       AND NOT EXISTS (SELECT 1 FROM fan_paid g WHERE g.person_id = f.person_id
                                       AND g.currency IN (SELECT upper(value) FROM json_each(?2)))"
                }
                Dialect::Postgres => {
                    "SELECT count(DISTINCT person_id) FROM fan_paid f
                     WHERE currency IN (SELECT value
                                        FROM json_array_elements_text(CAST(?1 AS json)))
                       AND NOT EXISTS (SELECT 1 FROM fan_paid g WHERE g.person_id = f.person_id
                                       AND g.currency IN (SELECT upper(value)
                                           FROM json_array_elements_text(CAST(?2 AS json))))"
                }
            },
            args![unvalued, valued],
        )?;
        fans_valued = fans_valued.saturating_sub(only_unvalued.max(0) as u64);
    }
    let detractors = (count("label:detractor"), count(RECOVERED));
    Ok(ReportRows {
        days,
        responses,
        gains,
        fan_paid,
        fans_valued,
        detractors,
        counts,
        extent: extent(db)?,
    })
}

/// The first and latest moment of any activity or order.
pub fn extent(db: &dyn Db) -> Result<Option<(i64, i64)>, StoreError> {
    db.opt(
        "SELECT first_at, last_at FROM extent WHERE id = 1",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Where one watched kind's people are and when each is due: SQL over
/// `person_score s` using the kind's own values ([`watch_values`]) as
/// ?1 and ?2, so every placeholder is used (PostgreSQL must know each
/// one's type).
fn watch_sql(kind: Watched) -> (&'static str, &'static str) {
    match kind {
        // ?1 recent.
        Watched::Detractor => (
            "FROM person_score s WHERE s.detractor_since >= ?1",
            "s.detractor_since",
        ),
        // ?1 the fan rank, ?2 the horizon.
        Watched::Falling => (
            "FROM person_score s WHERE s.stage_rank = ?1 AND s.falls_at <= ?2
             AND s.falls_at IS NOT NULL AND s.falls_to IS NOT NULL",
            "s.falls_at",
        ),
        // ?1 recent, ?2 the fan rank.
        Watched::Fell => (
            "FROM person_score s WHERE s.fell_at >= ?1 AND s.stage_rank <> ?2",
            "s.fell_at",
        ),
        // ?1 misaligned, ?2 the verdicts' moment. Alignment is judged for
        // exactly the people with an influencer's reach, the `influencer`
        // label's rule (`rapport_engine::scoring::judge`): no label to
        // look up.
        Watched::Mismatch => (
            "FROM person_score s WHERE s.alignment < ?1",
            "coalesce(s.first_at, ?2)",
        ),
    }
}

/// The values of [`watch_sql`]'s placeholders for `kind`, then `extra`.
fn watch_values(w: &Watch, kind: Watched, extra: &[i64]) -> Vec<Value<'static>> {
    let fan = Value::Int(i64::from(Stage::Fan.rank()));
    let mut v = match kind {
        Watched::Detractor => vec![Value::Int(w.recent)],
        Watched::Falling => vec![fan, Value::Int(w.horizon)],
        Watched::Fell => vec![Value::Int(w.recent), fan],
        Watched::Mismatch => vec![Value::Real(w.misaligned), Value::Int(w.as_of)],
    };
    v.extend(extra.iter().map(|&x| Value::Int(x)));
    v
}

/// The placeholders after a kind's own (see [`watch_sql`]): `lo`, `hi`
/// and a limit.
fn after_kind(kind: Watched) -> (&'static str, &'static str, &'static str) {
    match kind {
        Watched::Detractor => ("?2", "?3", "?4"),
        _ => ("?3", "?4", "?5"),
    }
}

/// How many people of each watched kind are due at `now`, and (unless
/// `due_only`, when the total is that count too) how many there are.
///
/// Kinds whose moments are kept per day (`watch_day`) add up the whole
/// days between the bounds and count people only on the two edge days;
/// mismatched influencers are due from their first activity, never after
/// the verdicts' moment, so at or after it their stored count is the
/// answer.
pub fn watch_counts(
    db: &dyn Db,
    w: &Watch,
    now: i64,
    due_only: bool,
) -> Result<Vec<WatchCount>, StoreError> {
    let mut out = Vec::new();
    for kind in Watched::ALL {
        // Each kind's moments lie in `lo..=hi` (`hi` the horizon for a
        // fan's coming fall; open otherwise).
        let (lo, hi) = match kind {
            Watched::Detractor | Watched::Fell => (w.recent, i64::MAX),
            Watched::Falling => (i64::MIN, w.horizon),
            Watched::Mismatch => (i64::MIN, i64::MAX),
        };
        let by_day = WATCHED_BY_DAY.iter().position(|k| *k == kind);
        if kind == Watched::Mismatch && now >= w.as_of && w.misaligned == MISALIGNED_BELOW {
            let n = counts(db)?.get(MISMATCHED).copied().unwrap_or(0);
            out.push(WatchCount {
                kind,
                total: n,
                due: n,
            });
            continue;
        }
        let count = |lo: i64, hi: i64| match by_day {
            Some(k) => day_count(db, w, kind, k, lo, hi),
            None => exact_count(db, w, kind, lo, hi),
        };
        let due = count(lo, hi.min(now))?;
        let total = if due_only { due } else { count(lo, hi)? };
        out.push(WatchCount { kind, total, due });
    }
    Ok(out)
}

/// People of `kind` due in `lo..=hi`, counted one by one.
fn exact_count(db: &dyn Db, w: &Watch, kind: Watched, lo: i64, hi: i64) -> Result<u64, StoreError> {
    if lo > hi {
        return Ok(0);
    }
    let (from, due) = watch_sql(kind);
    let (l, h, _) = after_kind(kind);
    let sql = format!("SELECT count(*) {from} AND {due} BETWEEN {l} AND {h}");
    let values = watch_values(w, kind, &[lo, hi]);
    let n: i64 = db.scalar(&sql, &refs(&values))?;
    Ok(n.max(0) as u64)
}

/// People of `kind` (the `watch_day` kind `k`) due in `lo..=hi`: whole
/// days from `watch_day`, the first and last day one by one.
fn day_count(
    db: &dyn Db,
    w: &Watch,
    kind: Watched,
    k: usize,
    lo: i64,
    hi: i64,
) -> Result<u64, StoreError> {
    if lo > hi {
        return Ok(0);
    }
    let (first, last) = (lo.div_euclid(DAY), hi.div_euclid(DAY));
    if first == last || first.saturating_add(1) == last {
        return exact_count(db, w, kind, lo, hi);
    }
    // The edge days, unless the bound is open (then whole days reach it).
    let head = if lo == i64::MIN {
        0
    } else {
        exact_count(db, w, kind, lo, (first + 1) * DAY - 1)?
    };
    let tail = if hi == i64::MAX {
        0
    } else {
        exact_count(db, w, kind, last * DAY, hi)?
    };
    let from = if lo == i64::MIN { i64::MIN } else { first + 1 };
    let to = if hi == i64::MAX { i64::MAX } else { last - 1 };
    let days: i64 = db.scalar(
        "SELECT coalesce(sum(n), 0) FROM watch_day WHERE kind = ?1 AND day BETWEEN ?2 AND ?3",
        args![k, from, to],
    )?;
    Ok(head + tail + days.max(0) as u64)
}

/// Up to `limit` people of `kind` due in `lo..=hi`, earliest first (then
/// by id).
pub fn watch_ids(
    db: &dyn Db,
    w: &Watch,
    kind: Watched,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<(PersonId, i64)>, StoreError> {
    let (from, due) = watch_sql(kind);
    let (l, h, n) = after_kind(kind);
    let sql = format!(
        "SELECT s.person_id, {due} {from} AND {due} BETWEEN {l} AND {h}
         ORDER BY 2, 1 LIMIT {n}"
    );
    let values = watch_values(w, kind, &[lo, hi, int(limit)]);
    db.rows(&sql, &refs(&values), |r| {
        Ok((PersonId(r.get(0)?), r.get(1)?))
    })
}

/// The watched facts of `ids`, in that order.
pub fn watched(db: &dyn Db, ids: &[PersonId]) -> Result<Vec<WatchRow>, StoreError> {
    let raw: Vec<i64> = ids.iter().map(|p| p.0).collect();
    let briefs = briefs(db, &raw)?;
    let mut out = Vec::with_capacity(briefs.len());
    for brief in briefs {
        type Moments = (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );
        let Some((first_at, last_at, detractor_since, falls_at, fell_at, falls_to)) = db
            .opt::<Moments>(
                "SELECT first_at, last_at, detractor_since, falls_at, fell_at, falls_to
                 FROM person_score WHERE person_id = ?1",
                args![brief.id.0],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                },
            )?
        else {
            continue;
        };
        out.push(WatchRow {
            brief,
            first_at,
            last_at,
            detractor_since,
            falls_at,
            falls_to: falls_to.and_then(Stage::from_rank),
            fell_at,
        });
    }
    Ok(out)
}

/// People merged into `person` (directly or through others), and the
/// person themselves: whose logged rows are theirs today.
pub fn merged_into(db: &dyn Db, person: PersonId) -> Result<Vec<i64>, StoreError> {
    let mut out = vec![person.0];
    let mut next = 0;
    while next < out.len() && out.len() < 10_000 {
        let gone: Vec<i64> = db.rows(
            "SELECT gone_id FROM merge_journal WHERE keep_id = ?1 AND undone_at IS NULL",
            args![out[next]],
            |r| r.get(0),
        )?;
        for g in gone {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        next += 1;
    }
    Ok(out)
}

/// Per kind of words (`base` at least `min_base`) and VIP-ness: the open
/// queued messages and how many of them are past their answer target at
/// `now`.
pub fn alert_groups(
    db: &dyn Db,
    now: i64,
    min_base: i64,
    targets: priority::Targets,
) -> Result<Vec<AlertGroup>, StoreError> {
    let mut groups: BTreeMap<(i64, bool), (i64, i64)> = BTreeMap::new();
    db.each(
        "SELECT base, vip, sum(n) FROM inbox_count WHERE base >= ?1 GROUP BY base, vip",
        args![min_base],
        |r| {
            let n: i64 = r.get(2)?;
            let g = groups.entry((r.get(0)?, r.get(1)?)).or_default();
            g.0 += n;
            g.1 += n;
            Ok(())
        },
    )?;
    // Messages not yet past their target are the longer target's at most.
    let not_due = |vip: bool, at: i64| at > now - targets.secs(vip);
    // By time (`+base`: not by the alert index, which holds everything).
    db.each(
        "SELECT base, vip, at FROM inbox_queue WHERE at > ?1 AND +base >= ?2",
        args![now - targets.secs(false), min_base],
        |r| {
            let vip: bool = r.get(1)?;
            if not_due(vip, r.get(2)?) {
                groups.entry((r.get(0)?, vip)).or_default().1 -= 1;
            }
            Ok(())
        },
    )?;
    // The team's states first (few), each looked up in the queue.
    db.each(
        join_in_order!(
            db,
            "SELECT q.base, q.vip, q.at FROM inbox_state s",
            "inbox_queue q ON q.interaction_id = s.interaction_id
             WHERE q.base >= ?2 AND (s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL
                                     OR s.snoozed_until > ?1)"
        ),
        args![now, min_base],
        |r| {
            let vip: bool = r.get(1)?;
            let g = groups.entry((r.get(0)?, vip)).or_default();
            g.0 -= 1;
            if !not_due(vip, r.get(2)?) {
                g.1 -= 1;
            }
            Ok(())
        },
    )?;
    Ok(groups
        .into_iter()
        .map(|((base, vip), (open, due))| AlertGroup {
            base,
            vip,
            open: open.max(0) as u64,
            due: due.max(0) as u64,
        })
        .collect())
}

/// Up to `limit` open queued messages with words giving `base`, by VIPs
/// or not, written in `lo..=hi`, oldest first (then by author and id).
#[allow(clippy::too_many_arguments)]
pub fn alert_slots(
    db: &dyn Db,
    now: i64,
    base: i64,
    vip: bool,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<AlertSlot>, StoreError> {
    let shut = shut(db, now)?;
    let want = int(limit.saturating_add(shut.len() as u64));
    let mut out = Vec::new();
    db.query(
        "SELECT interaction_id, at, person_id FROM inbox_queue
         WHERE base = ?1 AND vip = ?2 AND at >= ?3 AND at <= ?4
         ORDER BY at, person_id, interaction_id LIMIT ?5",
        args![base, vip, lo, hi, want],
        &mut |r| {
            let slot = AlertSlot {
                id: InteractionId(r.get(0)?),
                at: r.get(1)?,
                person: PersonId(r.get(2)?),
            };
            if !shut.contains(&slot.id.0) {
                out.push(slot);
                if out.len() as u64 >= limit {
                    return Ok(Flow::Break(()));
                }
            }
            Ok(Flow::Continue(()))
        },
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::views::{PeopleFilter, PeopleSort, QueueFilter, ThreadFilter, Watch, Watched};
    use rapport_core::ladder::{Label, Stage, MISALIGNED_BELOW};
    use rapport_core::{priority, InteractionId, PersonId};

    crate::per_backend! {
        fn every_view_answers_on_an_empty_store(db) {
            let store = db.open().expect("open");
            let now = 1_700_000_000;
            assert!(store.briefs(&[PersonId(1)]).expect("briefs").is_empty());
            for (stage, label) in [
                (None, None),
                (Some(Stage::Fan), None),
                (None, Some(Label::Influencer)),
                (Some(Stage::Fan), Some(Label::Detractor)),
            ] {
                for (_, sort) in PeopleSort::ALL {
                    let filter = PeopleFilter { stage, label };
                    let (page, total) = store.people_page(&filter, sort, 0, 20).expect("people");
                    assert!(page.is_empty() && total == 0);
                }
            }
            assert!(store.verdict_counts().expect("counts").is_empty());
            assert!(store.ladder_weeks().expect("weeks").is_empty());
            assert!(store.person_rows(PersonId(1)).expect("person").is_none());
            let folded = QueueFilter {
                signals_none: rapport_core::signals::Signals::GENERIC,
                ..QueueFilter::default()
            };
            let narrow = QueueFilter {
                assigned: Some("ann@example.org".into()),
                min_base: Some(10),
                channels: vec!["instagram".into(), "x".into()],
                language: Some("de".into()),
                signals_any: 2,
                signals_none: 1,
                stage: Some(3),
                labels: 4,
                since: Some(now - 100),
                past_target: Some((60, 600)),
                post: Some("p1".into()),
            };
            for filter in [QueueFilter::default(), folded, narrow] {
                let page = store.queue_page(now, &filter, 0, 20).expect("queue");
                assert!(page.items.is_empty() && page.total == 0);
                assert!(store.stock_groups(now, &filter).expect("stock").is_empty());
            }
            assert!(store.queue_items(&[InteractionId(1)]).expect("items").is_empty());
            assert!(store.stock_ids(now, "instagram", None).expect("ids").is_empty());
            assert!(store.stock_ids(now, "instagram", Some("p1")).expect("ids").is_empty());
            assert!(store.channels().expect("channels").is_empty());
            for (channel, unanswered) in [(None, None), (Some("x".to_string()), Some(true))] {
                let filter = ThreadFilter { channel, unanswered };
                assert_eq!(store.thread_page(&filter, 0, 20).expect("threads").1, 0);
            }
            assert!(store.thread_channels().expect("channels").is_empty());
            assert!(store.thread_rows("x:1").expect("thread").is_none());
            assert!(store.thread_rows("7").expect("thread").is_none());
            let report = store
                .report_rows(Some(19_000), &["EUR".to_string()])
                .expect("report");
            assert!(report.days.is_empty() && report.extent.is_none());
            assert!(store.extent().expect("extent").is_none());
            let watch = Watch {
                recent: now - 7 * 86_400,
                horizon: now + 7 * 86_400,
                misaligned: MISALIGNED_BELOW,
                as_of: now,
            };
            for due_only in [false, true] {
                let counts = store.watch_counts(&watch, now - 1, due_only).expect("watch");
                assert!(counts.iter().all(|c| c.total == 0 && c.due == 0));
            }
            for kind in Watched::ALL {
                let ids = store
                    .watch_ids(&watch, kind, i64::MIN, i64::MAX, 10)
                    .expect("watch ids");
                assert!(ids.is_empty());
            }
            assert!(store.watched(&[PersonId(1)]).expect("watched").is_empty());
            let targets = priority::Targets::default();
            assert!(store.alert_groups(now, 0, targets).expect("alerts").is_empty());
            assert!(store
                .alert_slots(now, 40, true, 0, now, 10)
                .expect("slots")
                .is_empty());
            assert!(store.interaction(InteractionId(1)).expect("one").is_none());
            assert_eq!(store.counts().expect("counts").people, 0);
            assert!(store.people().expect("people").is_empty());
            assert!(store.orders().expect("orders").is_empty());
            assert!(store.interactions().expect("all").is_empty());
            assert!(store.interactions_of(PersonId(1)).expect("of").is_empty());
            assert_eq!(store.find_person("anna@example.org").expect("find"), None);
            assert_eq!(store.find_person("instagram:@anna").expect("find"), None);
            assert_eq!(store.find_person("7").expect("find"), None);
            assert!(store.person_export(PersonId(1)).expect("export").is_none());
            assert!(store.search("\"anna\"", 10).expect("search").people.is_empty());
        }
    }

    /// A small queue, threads, report days and watched people, written
    /// as the writers leave them.
    fn seed(db: &dyn crate::sql::Db, now: i64) -> Result<(), crate::StoreError> {
        use crate::sql::args;
        db.execute_batch(
            "INSERT INTO person (id, name, is_brand, created_at) VALUES
                 (1, 'Anna', 0, 0), (2, 'Ben', 0, 0);
             INSERT INTO identity (id, person_id, channel, handle) VALUES
                 (1, 1, 'instagram', 'anna'), (2, 2, 'mastodon', 'ben');
             INSERT INTO person_score (person_id, stage, assessment, stage_rank, labels,
                                       detractor_since, falls_at, falls_to, fell_at,
                                       alignment, first_at)
             VALUES (1, 'fan', '{}', 3, 12, NULL, NULL, NULL, NULL, 0.1, 5),
                    (2, 'stranger', '{}', 0, 2, 1000, NULL, NULL, NULL, NULL, NULL);
             INSERT INTO person_label (label, person_id, stage_rank, closeness) VALUES
                 (2, 1, 3, 0.5), (3, 1, 3, 0.5), (1, 2, 0, 0.1);
             INSERT INTO thread (channel, root, first_id, first_at, last_at, messages,
                                 inbound, unanswered, first_inbound_id, post_id, people)
             VALUES ('instagram', 'c1', 1, 10, 500, 3, 2, 1, 1, 'p1', '[[10,1,1],[20,2,2]]'),
                    ('mastodon', 'c2', 2, 20, 400, 1, 1, 0, 2, NULL, '[[20,2,2]]');
             INSERT INTO report_day (day, channel, inbound, answered) VALUES
                 (19000, 'instagram', 3, 1), (19001, 'mastodon', 2, 2),
                 (19001, 'instagram', 1, 0);
             INSERT INTO fan_paid (person_id, currency, total) VALUES
                 (1, 'EUR', 10.5), (1, 'USD', 3.0), (2, 'USD', 4.0);
             INSERT INTO ladder_count (what, n) VALUES
                 ('all', 2), ('paying:true_fan', 2), ('label:detractor', 1)
                 ON CONFLICT (what) DO UPDATE SET n = excluded.n;
             INSERT INTO watch_day (kind, day, n) VALUES (0, 0, 1);
             INSERT INTO extent (id, first_at, last_at) VALUES (1, 5, 600);",
        )?;
        // A verdict the lists can read, for both people.
        let history = rapport_core::ladder::History {
            activities: Vec::new(),
            purchases: Vec::new(),
            followers: 0,
        };
        let verdict = serde_json::to_string(&rapport_core::ladder::assess(&history, now))
            .map_err(|e| super::corrupt("person_score", "assessment", e))?;
        db.execute("UPDATE person_score SET assessment = ?1", args![verdict])?;
        // Six queued messages: (id, person, minutes ago, base, rank, vip,
        // stock phrase, post).
        let queued = [
            (1, 1, 3 * 24 * 60, 40, 52, 1, 0, Some("p1")),
            (2, 2, 2 * 60, 40, 40, 0, 0, None),
            (3, 1, 10, 20, 32, 1, 0, Some("p1")),
            (4, 2, 5, 20, 20, 0, 0, Some("p1")),
            (5, 1, 30, 0, 12, 1, 1, Some("p1")),
            (6, 2, 2 * 24 * 60, 0, 0, 0, 1, Some("p1")),
        ];
        for (id, person, ago, base, rank, vip, generic, post) in queued {
            let at: i64 = now - ago * 60;
            db.execute(
                "INSERT INTO interaction (id, channel, external_id, kind, identity_id,
                                          created_at, post_id, from_brand, signals, root)
                 VALUES (?1, 'instagram', ?2, 'comment', ?3, ?4, ?5, 0, ?6, 'c1')",
                args![id, format!("c{id}"), person, at, post, generic],
            )?;
            db.execute(
                "INSERT INTO interaction_text (interaction_id, text) VALUES (?1, ?2)",
                args![id, format!("words {id}")],
            )?;
            db.execute(
                "INSERT INTO inbox_queue
                     (interaction_id, person_id, at, base, rank, vip, generic, channel, post_id,
                      signals)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'instagram', ?8, ?7)",
                args![id, person, at, base, rank, vip, generic, post],
            )?;
        }
        db.execute_batch(
            "INSERT INTO inbox_state (interaction_id, handled_at, handled_by, assigned_to)
                 VALUES (3, 1, 'ann@example.org', NULL);
             INSERT INTO inbox_state (interaction_id, assigned_to) VALUES (2, 'Ann@example.org');
             INSERT INTO inbox_note (interaction_id, author, text, created_at)
                 VALUES (2, 'ann@example.org', 'call back', 7);",
        )?;
        Ok(())
    }

    /// What the views answer on the seeded database, written out.
    fn seen(db: &crate::testing::TestDb) -> String {
        let now = 1_700_000_000;
        db.with_db(|d| seed(d, now)).expect("seed");
        let store = db.open().expect("open");
        let mut out = Vec::new();
        let page = |filter: &QueueFilter, offset, limit| {
            let p = store.queue_page(now, filter, offset, limit).expect("queue");
            let ids: Vec<_> = p
                .items
                .iter()
                .map(|i| {
                    (
                        i.interaction.id.0,
                        i.rank,
                        i.vip,
                        i.name.clone(),
                        i.handle.clone(),
                        i.stage,
                        i.labels.clone(),
                        i.state.as_ref().map(|s| s.notes.len()),
                    )
                })
                .collect();
            format!("{ids:?} of {}", p.total)
        };
        let folded = QueueFilter {
            signals_none: rapport_core::signals::Signals::GENERIC,
            ..QueueFilter::default()
        };
        let narrow = QueueFilter {
            channels: vec!["instagram".into()],
            past_target: Some((60 * 60, 24 * 60 * 60)),
            ..QueueFilter::default()
        };
        let assigned = QueueFilter {
            assigned: Some("ANN@example.org".into()),
            ..QueueFilter::default()
        };
        let labelled = QueueFilter {
            labels: 4,
            stage: Some(3),
            ..QueueFilter::default()
        };
        for (filter, offset, limit) in [
            (QueueFilter::default(), 0, 10),
            (QueueFilter::default(), 1, 2),
            (folded.clone(), 0, 10),
            (folded, 1, 1),
            (narrow, 0, 10),
            (assigned, 0, 10),
            (labelled, 0, 10),
        ] {
            out.push(page(&filter, offset, limit));
        }
        out.push(format!(
            "{:?}",
            store
                .stock_groups(now, &QueueFilter::default())
                .expect("stock")
        ));
        out.push(format!(
            "{:?}",
            store.stock_ids(now, "instagram", Some("p1")).expect("ids")
        ));
        out.push(format!(
            "{:?}",
            store.stock_ids(now, "instagram", None).expect("ids")
        ));
        let targets = priority::Targets::default();
        out.push(format!(
            "{:?}",
            store.alert_groups(now, 0, targets).expect("groups")
        ));
        out.push(format!(
            "{:?}",
            store.alert_groups(now, 30, targets).expect("groups")
        ));
        out.push(format!(
            "{:?}",
            store.alert_slots(now, 40, true, 0, now, 10).expect("slots")
        ));
        out.push(format!(
            "{:?}",
            store.alert_slots(now, 20, true, 0, now, 10).expect("slots")
        ));
        for (channel, unanswered) in [
            (None, None),
            (Some("instagram".to_string()), None),
            (None, Some(true)),
            (None, Some(false)),
        ] {
            let filter = ThreadFilter {
                channel,
                unanswered,
            };
            out.push(format!(
                "{:?}",
                store.thread_page(&filter, 0, 10).expect("threads")
            ));
        }
        out.push(format!("{:?}", store.thread_channels().expect("channels")));
        let thread = store
            .thread_rows("instagram:c1")
            .expect("thread")
            .expect("a thread");
        out.push(format!("{:?}", thread.thread));
        out.push(format!(
            "{:?}",
            thread
                .messages
                .iter()
                .map(|m| (m.0.id, &m.1, &m.2))
                .collect::<Vec<_>>()
        ));
        out.push(format!(
            "{:?}",
            store
                .thread_rows("4")
                .expect("thread")
                .map(|t| t.thread.root)
        ));
        let report = store
            .report_rows(Some(19_001), &["EUR".to_string()])
            .expect("report");
        let mut counts: Vec<_> = report.counts.iter().collect();
        counts.sort();
        out.push(format!(
            "{:?} {:?} {:?} {} {:?} {counts:?} {:?}",
            report.days,
            report.gains,
            report.fan_paid,
            report.fans_valued,
            report.detractors,
            report.extent
        ));
        out.push(format!("{:?}", store.channels().expect("channels")));
        let watch = Watch {
            recent: 0,
            horizon: now,
            misaligned: 0.5,
            as_of: now,
        };
        out.push(format!(
            "{:?}",
            store.watch_counts(&watch, now, false).expect("watch")
        ));
        for kind in Watched::ALL {
            out.push(format!(
                "{:?}",
                store.watch_ids(&watch, kind, 0, now, 10).expect("ids")
            ));
        }
        out.push(format!(
            "{:?}",
            store.interaction(InteractionId(5)).expect("one")
        ));
        for (stage, label) in [
            (None, None),
            (Some(Stage::Fan), None),
            (None, Some(Label::Evangelist)),
            (Some(Stage::Stranger), Some(Label::Evangelist)),
        ] {
            for (_, sort) in PeopleSort::ALL {
                let filter = PeopleFilter { stage, label };
                let (page, total) = store.people_page(&filter, sort, 0, 10).expect("people");
                let ids: Vec<_> = page
                    .iter()
                    .map(|b| (b.id, &b.name, &b.identities))
                    .collect();
                out.push(format!("{ids:?} of {total}"));
            }
        }
        let watched = store.watched(&[PersonId(2), PersonId(1)]).expect("watched");
        out.push(format!("{watched:?}"));
        out.join("\n")
    }

    #[test]
    fn a_seeded_store_reads_the_same_on_both_databases() {
        use crate::testing::{Backend, TestDb};
        let lite = seen(&TestDb::new(Backend::Sqlite));
        let pg = seen(&TestDb::new(Backend::Postgres));
        for (a, b) in lite.lines().zip(pg.lines()) {
            assert_eq!(a, b);
        }
        assert_eq!(lite, pg);
        // Five of the six queued messages are open (one was handled),
        // stock phrases included.
        assert!(
            lite.lines().next().is_some_and(|l| l.ends_with(" of 5")),
            "{lite}"
        );
    }
}
