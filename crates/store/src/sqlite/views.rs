//! The views' reads: each answers one request by index from the state the
//! writers keep (`derived`, `scores`), never by reading every row.

use super::read;
use crate::views::{
    AlertGroup, AlertSlot, Brief, DayFigures, PeopleFilter, PeopleSort, PersonRows, QueueFilter,
    QueueItem, QueuePage, ReportRows, StockGroup, ThreadFilter, ThreadRow, ThreadRows, Watch,
    WatchCount, WatchRow, Watched,
};
use crate::{InteractionRow, OrderRow, PersonRow, StoreError};
use rapport_core::ladder::{Assessment, Label, Stage, MISALIGNED_BELOW};
use rapport_core::signals::Signals;
use rapport_core::{priority, InteractionId, PersonId};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};

const DAY: i64 = 86_400;

fn corrupt(table: &'static str, column: &'static str, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        reason: e.to_string(),
    }
}

/// The people `ids` as lists show them, in the order given (people with
/// no stored verdict are left out).
pub fn briefs(conn: &Connection, ids: &[i64]) -> Result<Vec<Brief>, StoreError> {
    let mut person = conn.prepare_cached(
        "SELECT p.name, s.assessment FROM person_score s JOIN person p ON p.id = s.person_id
         WHERE s.person_id = ?1",
    )?;
    let mut handles = conn
        .prepare_cached("SELECT channel, handle FROM identity WHERE person_id = ?1 ORDER BY id")?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let Some((name, raw)) = person
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
        else {
            continue;
        };
        let assessment: Assessment =
            serde_json::from_str(&raw).map_err(|e| corrupt("person_score", "assessment", e))?;
        let identities = handles
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
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
pub fn counts(conn: &Connection) -> Result<HashMap<String, u64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT what, n FROM ladder_count WHERE n > 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (what, n) = row?;
        out.insert(what, n.max(0) as u64);
    }
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
    conn: &Connection,
    filter: &PeopleFilter,
    sort: PeopleSort,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Brief>, u64), StoreError> {
    let counts = counts(conn)?;
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
        None => "person_score s WHERE ?1 IS NULL",
    };
    let sql = format!(
        "SELECT s.person_id FROM {from} AND (?2 IS NULL OR s.stage_rank = ?2)
         ORDER BY {order} LIMIT ?3 OFFSET ?4"
    );
    let ids: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(
            params![
                filter.label.map(|l| l as u8),
                filter.stage.map(Stage::rank),
                limit.min(i64::MAX as u64) as i64,
                offset.min(i64::MAX as u64) as i64
            ],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    Ok((briefs(conn, &ids)?, total))
}

/// Per week (its Monday) and stage, people entering minus people leaving.
pub fn ladder_weeks(conn: &Connection) -> Result<Vec<(i64, Stage, i64)>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT week, stage, delta FROM ladder_week ORDER BY week, stage")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (week, rank, delta) = row?;
        let stage = Stage::from_rank(rank)
            .ok_or_else(|| corrupt("ladder_week", "stage", format!("no stage {rank}")))?;
        out.push((week, stage, delta));
    }
    Ok(out)
}

/// One person, their emails and accounts (the shop is no one's person).
pub fn person(conn: &Connection, id: PersonId) -> Result<Option<PersonRow>, StoreError> {
    let name: Option<String> = conn
        .prepare_cached("SELECT name FROM person WHERE id = ?1 AND is_brand = 0")?
        .query_row([id.0], |r| r.get(0))
        .optional()?;
    let Some(name) = name else {
        return Ok(None);
    };
    let emails = conn
        .prepare_cached("SELECT address FROM email WHERE person_id = ?1 ORDER BY address")?
        .query_map([id.0], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let identities = conn
        .prepare_cached(
            "SELECT id, channel, handle, display_name, email, followers, bio
             FROM identity WHERE person_id = ?1 ORDER BY id",
        )?
        .query_map([id.0], |r| {
            Ok(crate::IdentityRow {
                id: rapport_core::IdentityId(r.get(0)?),
                channel: r.get(1)?,
                handle: r.get(2)?,
                display_name: r.get(3)?,
                email: r.get(4)?,
                followers: r.get::<_, Option<i64>>(5)?.map(|f| f.max(0) as u64),
                bio: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(PersonRow {
        id,
        name,
        emails,
        identities,
    }))
}

/// A person's orders, oldest first.
pub fn orders_of(conn: &Connection, id: PersonId) -> Result<Vec<OrderRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, person_id, email, total, currency, created_at, status, items
         FROM orders WHERE person_id = ?1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([id.0], super::read::order_row)?;
    rows.map(|row| super::read::with_items(row?)).collect()
}

/// The shop's replies to the messages `own` (by channel and external id),
/// in id order.
pub fn replies_to(
    conn: &Connection,
    own: &[InteractionRow],
) -> Result<Vec<InteractionRow>, StoreError> {
    let mut ids: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM interaction WHERE from_brand = 1 AND channel = ?1 AND in_reply_to = ?2",
    )?;
    for m in own {
        let found = stmt.query_map(params![m.channel, m.external_id], |r| r.get::<_, i64>(0))?;
        for id in found {
            ids.push(id?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    interactions_by_id(conn, &ids)
}

/// Interactions by id, in the order of `ids`.
pub fn interactions_by_id(
    conn: &Connection,
    ids: &[i64],
) -> Result<Vec<InteractionRow>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        out.extend(read::interactions_where(conn, "WHERE i.id = ?1", [id])?);
    }
    Ok(out)
}

/// Everything one person's page shows.
pub fn person_rows(conn: &Connection, id: PersonId) -> Result<Option<PersonRows>, StoreError> {
    let Some(person) = person(conn, id)? else {
        return Ok(None);
    };
    let own = read::interactions_of(conn, id)?;
    let replies = replies_to(conn, &own)?;
    Ok(Some(PersonRows {
        person,
        score: crate::shared::scores::stored_one(conn, id)?,
        replies,
        own,
        orders: orders_of(conn, id)?,
        links: crate::shared::links::of(conn, id)?,
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

/// Queued messages the team closed by `now` (replied, handled, snoozed),
/// as `(rank, at, id)`.
fn closed(conn: &Connection, now: i64) -> Result<Vec<(i64, i64, i64, i64)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT q.rank, q.at, q.interaction_id, q.base FROM inbox_state s
         CROSS JOIN inbox_queue q ON q.interaction_id = s.interaction_id
         WHERE s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL OR s.snoozed_until > ?1",
    )?;
    let rows = stmt.query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The order of the queue at `now`: a segment per priority and waiting
/// band, most urgent first, each `(rank, band index, open messages)`.
fn segments(
    conn: &Connection,
    now: i64,
    min_base: Option<i64>,
) -> Result<Vec<(i64, usize, u64)>, StoreError> {
    let b = bands(now);
    // Messages per rank, then those of the two recent bands (few: the
    // last day's), then the closed ones: the oldest band is the rest.
    let mut per: BTreeMap<i64, [i64; 3]> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT rank, sum(n) FROM inbox_count WHERE base >= ?1 GROUP BY rank",
        )?;
        for row in stmt.query_map([min_base.unwrap_or(i64::MIN)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (rank, n) = row?;
            per.entry(rank).or_default()[0] += n;
        }
    }
    let band_of = |at: i64| {
        b.iter()
            .position(|&(lo, hi, _)| at >= lo && at <= hi)
            .unwrap_or(0)
    };
    {
        let mut stmt =
            conn.prepare_cached("SELECT rank, at FROM inbox_queue WHERE at > ?1 AND +base >= ?2")?;
        for row in stmt.query_map(params![b[0].1, min_base.unwrap_or(i64::MIN)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (rank, at) = row?;
            let e = per.entry(rank).or_default();
            e[0] -= 1;
            e[band_of(at)] += 1;
        }
    }
    for (rank, at, _, base) in closed(conn, now)? {
        if min_base.is_none_or(|m| base >= m) {
            per.entry(rank).or_default()[band_of(at)] -= 1;
        }
    }
    let mut out: Vec<(i64, usize, u64)> = Vec::new();
    for (rank, n) in per {
        for (band, &count) in n.iter().enumerate() {
            if count > 0 {
                out.push((rank, band, count as u64));
            }
        }
    }
    // Priority down; within one priority the older band first.
    out.sort_by_key(|&(rank, band, _)| (std::cmp::Reverse(rank + b[band].2), band));
    Ok(out)
}

/// The segments of [`segments`] without the open stock phrases: they are
/// counted from the queue's small index of them.
fn without_stock(
    conn: &Connection,
    now: i64,
    segments: Vec<(i64, usize, u64)>,
    shut: &std::collections::HashSet<i64>,
) -> Result<Vec<(i64, usize, u64)>, StoreError> {
    let b = bands(now);
    let mut less: HashMap<(i64, usize), u64> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT rank, at, interaction_id FROM inbox_queue WHERE generic = 1")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (rank, at, id) = row?;
        if shut.contains(&id) {
            continue;
        }
        let band = b
            .iter()
            .position(|&(lo, hi, _)| at >= lo && at <= hi)
            .unwrap_or(0);
        *less.entry((rank, band)).or_default() += 1;
    }
    Ok(segments
        .into_iter()
        .map(|(rank, band, n)| {
            (
                rank,
                band,
                n.saturating_sub(less.get(&(rank, band)).copied().unwrap_or(0)),
            )
        })
        .filter(|s| s.2 > 0)
        .collect())
}

/// One page of the open queue at `now`, most urgent first.
pub fn queue_page(
    conn: &Connection,
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
        return filtered_page(conn, now, filter, offset, limit);
    }
    let b = bands(now);
    let shut: std::collections::HashSet<i64> =
        closed(conn, now)?.into_iter().map(|c| c.2).collect();
    let mut segments = segments(conn, now, filter.min_base)?;
    if fold {
        segments = without_stock(conn, now, segments, &shut)?;
    }
    let total = segments.iter().map(|s| s.2).sum();
    let mut skip = offset;
    let mut ids: Vec<i64> = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT interaction_id, generic FROM inbox_queue
         WHERE rank = ?1 AND at >= ?2 AND at <= ?3 AND base >= ?4
         ORDER BY at, interaction_id LIMIT ?5 OFFSET ?6",
    )?;
    for (rank, band, n) in segments {
        if ids.len() as u64 >= limit {
            break;
        }
        if skip >= n {
            skip -= n;
            continue;
        }
        // Closed messages (and, folded, stock phrases) sit among the open
        // ones: walk past them.
        let (lo, hi, _) = b[band];
        let mut seen = 0u64;
        let rows = stmt.query_map(
            params![
                rank,
                lo,
                hi,
                filter.min_base.unwrap_or(i64::MIN),
                i64::MAX,
                0
            ],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)),
        )?;
        for row in rows {
            let (id, generic) = row?;
            if shut.contains(&id) || (fold && generic) {
                continue;
            }
            if seen >= skip {
                ids.push(id);
                if ids.len() as u64 >= limit {
                    break;
                }
            }
            seen += 1;
        }
        skip = 0;
    }
    Ok(QueuePage {
        items: queue_items(conn, &ids)?,
        total,
    })
}

/// The `FROM … WHERE …` of the queued messages `filter` lets through,
/// with its parameters (`q` is the queue; closed messages are not left
/// out here).
fn filtered_sql(filter: &QueueFilter, now: i64) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut from = String::from(" FROM inbox_queue q");
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let arg = |args: &mut Vec<Box<dyn rusqlite::ToSql>>, v: Box<dyn rusqlite::ToSql>| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(m) = filter.min_base {
        let a = arg(&mut args, Box::new(m));
        conds.push(format!("q.base >= {a}"));
    }
    if let Some(who) = &filter.assigned {
        from.push_str(" JOIN inbox_state t ON t.interaction_id = q.interaction_id");
        let a = arg(&mut args, Box::new(who.clone()));
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
    let words = !filter.channels.is_empty() || any != 0 || none != 0 || filter.post.is_some();
    if words {
        from.push_str(" JOIN interaction i ON i.id = q.interaction_id");
    }
    if !filter.channels.is_empty() {
        let list: Vec<String> = filter
            .channels
            .iter()
            .map(|c| arg(&mut args, Box::new(c.clone())))
            .collect();
        conds.push(format!("i.channel IN ({})", list.join(", ")));
    }
    if any != 0 {
        let a = arg(&mut args, Box::new(any));
        conds.push(format!("coalesce(i.signals, 0) & {a} <> 0"));
    }
    if none != 0 {
        let a = arg(&mut args, Box::new(none));
        conds.push(format!("coalesce(i.signals, 0) & {a} = 0"));
    }
    if let Some(post) = &filter.post {
        let a = arg(&mut args, Box::new(post.clone()));
        conds.push(format!("i.post_id = {a}"));
    }
    if let Some(lang) = &filter.language {
        from.push_str(" JOIN analysis a ON a.interaction_id = q.interaction_id");
        let a = arg(&mut args, Box::new(lang.clone()));
        conds.push(format!("a.language = {a}"));
    }
    if filter.stage.is_some() || filter.labels != 0 {
        from.push_str(" JOIN person_score p ON p.person_id = q.person_id");
    }
    if let Some(stage) = filter.stage {
        let a = arg(&mut args, Box::new(stage));
        conds.push(format!("p.stage_rank = {a}"));
    }
    if filter.labels != 0 {
        let a = arg(&mut args, Box::new(filter.labels));
        conds.push(format!("p.labels & {a} <> 0"));
    }
    if let Some(since) = filter.since {
        let a = arg(&mut args, Box::new(since));
        conds.push(format!("q.at > {a}"));
    }
    if let Some((short, long)) = filter.past_target {
        let s = arg(&mut args, Box::new(now.saturating_sub(short)));
        let l = arg(&mut args, Box::new(now.saturating_sub(long)));
        conds.push(format!("q.at < CASE WHEN q.vip THEN {s} ELSE {l} END"));
    }
    if !conds.is_empty() {
        from.push_str(" WHERE ");
        from.push_str(&conds.join(" AND "));
    }
    (from, args)
}

/// A page of the open messages `filter` lets through (any filter beyond
/// `min_base`): every match is read and ordered as the queue orders, so
/// a page costs the matches, not the page.
fn filtered_page(
    conn: &Connection,
    now: i64,
    filter: &QueueFilter,
    offset: u64,
    limit: u64,
) -> Result<QueuePage, StoreError> {
    let shut: std::collections::HashSet<i64> =
        closed(conn, now)?.into_iter().map(|c| c.2).collect();
    let (from, args) = filtered_sql(filter, now);
    let mut stmt = conn.prepare(&format!("SELECT q.interaction_id, q.rank, q.at{from}"))?;
    let mut found: Vec<(i64, i64, i64)> = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .filter(|r| r.as_ref().map_or(true, |(id, _, _)| !shut.contains(id)))
        .collect::<Result<_, _>>()?;
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
        items: queue_items(conn, &ids)?,
        total,
    })
}

/// The open stock phrases `filter` lets through, one group per post,
/// the largest first.
pub fn stock_groups(
    conn: &Connection,
    now: i64,
    filter: &QueueFilter,
) -> Result<Vec<StockGroup>, StoreError> {
    let shut: std::collections::HashSet<i64> =
        closed(conn, now)?.into_iter().map(|c| c.2).collect();
    let stock = QueueFilter {
        signals_any: Signals::GENERIC,
        signals_none: 0,
        ..filter.clone()
    };
    let (from, args) = filtered_sql(&stock, now);
    // The groups need each message's channel and post.
    let from = if from.contains(" JOIN interaction i ") {
        from
    } else {
        from.replacen(
            " FROM inbox_queue q",
            " FROM inbox_queue q JOIN interaction i ON i.id = q.interaction_id",
            1,
        )
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT q.interaction_id, q.at, i.channel, i.post_id{from} ORDER BY q.at, q.interaction_id"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut groups: Vec<StockGroup> = Vec::new();
    let mut at: HashMap<(String, Option<String>), usize> = HashMap::new();
    for row in rows {
        let (id, when, channel, post) = row?;
        if shut.contains(&id) {
            continue;
        }
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
    }
    groups.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.first_at.cmp(&b.first_at))
            .then_with(|| a.channel.cmp(&b.channel))
            .then_with(|| a.post.cmp(&b.post))
    });
    Ok(groups)
}

/// The open stock phrases under `post` on `channel` (none: outside any
/// post), for handling them at once.
pub fn stock_ids(
    conn: &Connection,
    now: i64,
    channel: &str,
    post: Option<&str>,
) -> Result<Vec<InteractionId>, StoreError> {
    let shut: std::collections::HashSet<i64> =
        closed(conn, now)?.into_iter().map(|c| c.2).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT q.interaction_id FROM inbox_queue q JOIN interaction i ON i.id = q.interaction_id
         WHERE i.channel = ?1 AND i.post_id IS ?2 AND coalesce(i.signals, 0) & ?3 <> 0
         ORDER BY q.interaction_id",
    )?;
    let rows = stmt.query_map(params![channel, post, Signals::GENERIC], |r| {
        r.get::<_, i64>(0)
    })?;
    let mut out = Vec::new();
    for id in rows {
        let id = id?;
        if !shut.contains(&id) {
            out.push(InteractionId(id));
        }
    }
    Ok(out)
}

/// Queued messages by id with their authors, in the order of `ids`
/// (messages no longer queued are left out).
pub fn queue_items(conn: &Connection, ids: &[i64]) -> Result<Vec<QueueItem>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Two statements for the whole page: the queue's facts with the
    // author's, and the messages themselves.
    let list = serde_json::to_string(ids).map_err(|e| corrupt("inbox_queue", "id", e))?;
    type Found = (i64, i64, bool, String, String, Option<i64>, Option<u8>);
    let mut found: HashMap<i64, Found> = HashMap::with_capacity(ids.len());
    {
        let mut q = conn.prepare_cached(
            "SELECT q.interaction_id, q.base, q.rank, q.vip, p.name, d.handle, s.stage_rank,
                    s.labels
             FROM inbox_queue q JOIN interaction i ON i.id = q.interaction_id
             JOIN identity d ON d.id = i.identity_id JOIN person p ON p.id = q.person_id
             LEFT JOIN person_score s ON s.person_id = q.person_id
             WHERE q.interaction_id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = q.query_map([&list], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ),
            ))
        })?;
        for row in rows {
            let (id, f) = row?;
            found.insert(id, f);
        }
    }
    let mut messages: HashMap<i64, InteractionRow> = read::interactions_where(
        conn,
        "WHERE i.id IN (SELECT value FROM json_each(?1))",
        [&list],
    )?
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
            labels: Label::from_bits(labels.unwrap_or(0)),
            state: super::team::inbox_state(conn, InteractionId(id))?,
        });
    }
    Ok(out)
}

/// One page of threads with inbound words, latest activity first, and
/// how many match in all.
pub fn thread_page(
    conn: &Connection,
    filter: &ThreadFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<ThreadRow>, u64), StoreError> {
    let total: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(n), 0) FROM thread_count
             WHERE (?1 IS NULL OR channel = ?1) AND (?2 IS NULL OR open = ?2)",
        )?
        .query_row(params![filter.channel, filter.unanswered], |r| r.get(0))?;
    let status = match filter.unanswered {
        None => "inbound > 0",
        Some(true) => "unanswered > 0",
        Some(false) => "inbound > 0 AND unanswered = 0",
    };
    let channel = if filter.channel.is_some() {
        "AND channel = ?1"
    } else {
        "AND ?1 IS NULL"
    };
    let sql = format!(
        "SELECT channel, root FROM thread WHERE {status} {channel}
         ORDER BY last_at DESC, channel, root LIMIT ?2 OFFSET ?3"
    );
    let keys: Vec<(String, String)> = conn
        .prepare_cached(&sql)?
        .query_map(
            params![
                filter.channel,
                limit.min(i64::MAX as u64) as i64,
                offset.min(i64::MAX as u64) as i64
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(keys.len());
    for (channel, root) in keys {
        out.extend(thread_row(conn, &channel, &root)?);
    }
    Ok((out, total.max(0) as u64))
}

/// The channels that have threads with inbound words.
pub fn thread_channels(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT DISTINCT channel FROM thread_count WHERE n > 0 ORDER BY channel")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One thread's row, with its people's names and first inbound words.
fn thread_row(
    conn: &Connection,
    channel: &str,
    root: &str,
) -> Result<Option<ThreadRow>, StoreError> {
    type Found = (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        Option<String>,
        String,
        Option<i64>,
    );
    let found: Option<Found> = conn
        .prepare_cached(
            "SELECT first_id, first_at, last_at, messages, inbound, unanswered, post_id, people,
                    first_inbound_id
             FROM thread WHERE channel = ?1 AND root = ?2 AND inbound > 0",
        )?
        .query_row(params![channel, root], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .optional()?;
    let Some((first_id, first_at, last_at, messages, inbound, unanswered, post_id, people, fi)) =
        found
    else {
        return Ok(None);
    };
    let people: Vec<(i64, i64, i64)> =
        serde_json::from_str(&people).map_err(|e| corrupt("thread", "people", e))?;
    let mut name = conn.prepare_cached("SELECT name FROM person WHERE id = ?1")?;
    let mut named = Vec::with_capacity(people.len());
    for (_, _, p) in people {
        let n: Option<String> = name.query_row([p], |r| r.get(0)).optional()?;
        named.push((PersonId(p), n.unwrap_or_default()));
    }
    let text: String = match fi {
        Some(id) => conn
            .prepare_cached("SELECT text FROM interaction_text WHERE interaction_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some(ThreadRow {
        channel: channel.to_string(),
        root: root.to_string(),
        first_id: InteractionId(first_id),
        first_at,
        last_at,
        messages,
        inbound,
        unanswered,
        post_id,
        people: named,
        text,
    }))
}

/// The thread `key` names — `CHANNEL:ROOT`, or the id of a message in it
/// — with every message, or `None` when it has no inbound words.
pub fn thread_rows(conn: &Connection, key: &str) -> Result<Option<ThreadRows>, StoreError> {
    let found: Option<(String, String)> = match key.parse::<i64>() {
        Ok(id) => conn
            .prepare_cached("SELECT channel, root FROM interaction WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        Err(_) => key
            .split_once(':')
            .map(|(c, r)| (c.to_string(), r.to_string())),
    };
    let Some((channel, root)) = found else {
        return Ok(None);
    };
    let Some(thread) = thread_row(conn, &channel, &root)? else {
        return Ok(None);
    };
    let mut rows = read::interactions_where(
        conn,
        "WHERE i.channel = ?1 AND i.root = ?2",
        params![channel, root],
    )?;
    rows.sort_by_key(|i| (i.at, i.id));
    let mut who = conn.prepare_cached(
        "SELECT p.name, d.handle FROM identity d JOIN person p ON p.id = d.person_id
         WHERE d.id = ?1",
    )?;
    let mut messages = Vec::with_capacity(rows.len());
    for i in rows {
        let (name, handle) = if i.from_brand {
            (String::new(), String::new())
        } else {
            who.query_row([i.identity.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or_default()
        };
        messages.push((i, name, handle));
    }
    Ok(Some(ThreadRows { thread, messages }))
}

/// What the report reads from day `from_day` on (all days when `None`),
/// with the true fans who paid in one of the `valued` currencies counted.
pub fn report_rows(
    conn: &Connection,
    from_day: Option<i64>,
    valued: &[String],
) -> Result<ReportRows, StoreError> {
    let from = from_day.unwrap_or(i64::MIN);
    let days = conn
        .prepare_cached(
            "SELECT channel, day, inbound, answered, specific, generic, recommendations,
                    follows, likes, conversations, messages
             FROM report_day WHERE day >= ?1 ORDER BY day, channel",
        )?
        .query_map([from], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
            Ok((
                r.get::<_, String>(0)?,
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
        })?
        .collect::<Result<_, _>>()?;
    let mut responses = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached("SELECT channel, day, histogram FROM response_day WHERE day >= ?1")?;
        let rows = stmt.query_map([from], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        for row in rows {
            let (channel, day, raw) = row?;
            responses.push((channel, day, crate::views::decode_histogram(&raw)));
        }
    }
    let gains = conn
        .prepare_cached("SELECT week, fans, evangelists FROM gain_week ORDER BY week")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, i64>(1)?.max(0) as u64,
                r.get::<_, i64>(2)?.max(0) as u64,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let fan_paid: Vec<(String, f64)> = conn
        .prepare_cached("SELECT currency, sum(total) FROM fan_paid GROUP BY currency")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let counts = counts(conn)?;
    let count = |key: &str| counts.get(key).copied().unwrap_or(0);
    // The fans who paid, less those who paid only in currencies not
    // asked about (none, unless the profile lacks a rate).
    let unvalued: Vec<&String> = fan_paid
        .iter()
        .map(|(c, _)| c)
        .filter(|c| !valued.iter().any(|v| v.eq_ignore_ascii_case(c)))
        .collect();
    let mut fans_valued = count(crate::shared::scores::PAYING_FANS);
    if !unvalued.is_empty() {
        let unvalued =
            serde_json::to_string(&unvalued).map_err(|e| corrupt("fan_paid", "currency", e))?;
        let valued =
            serde_json::to_string(valued).map_err(|e| corrupt("fan_paid", "currency", e))?;
        let only_unvalued: i64 = conn
            .prepare_cached(
                "SELECT count(DISTINCT person_id) FROM fan_paid f
                 WHERE currency IN (SELECT value FROM json_each(?1))
                   AND NOT EXISTS (SELECT 1 FROM fan_paid g WHERE g.person_id = f.person_id
                                   AND g.currency IN (SELECT upper(value) FROM json_each(?2)))",
            )?
            .query_row(params![unvalued, valued], |r| r.get(0))?;
        fans_valued = fans_valued.saturating_sub(only_unvalued.max(0) as u64);
    }
    let detractors = (
        count("label:detractor"),
        count(crate::shared::scores::RECOVERED),
    );
    Ok(ReportRows {
        days,
        responses,
        gains,
        fan_paid,
        fans_valued,
        detractors,
        counts,
        extent: extent(conn)?,
    })
}

/// The first and latest moment of any activity or order.
pub fn extent(conn: &Connection) -> Result<Option<(i64, i64)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT first_at, last_at FROM extent WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Where one watched kind's people are and when each is due: SQL over
/// `person_score s` using ?1 recent, ?2 horizon, ?3 the fan rank, ?5
/// misaligned and ?6 the verdicts' moment (?4, the influencer label, is
/// bound but needs no look-up).
fn watch_sql(kind: Watched) -> (&'static str, &'static str) {
    match kind {
        Watched::Detractor => (
            "FROM person_score s WHERE s.detractor_since >= ?1",
            "s.detractor_since",
        ),
        Watched::Falling => (
            "FROM person_score s WHERE s.stage_rank = ?3 AND s.falls_at <= ?2
             AND s.falls_at IS NOT NULL AND s.falls_to IS NOT NULL",
            "s.falls_at",
        ),
        Watched::Fell => (
            "FROM person_score s WHERE s.fell_at >= ?1 AND s.stage_rank <> ?3",
            "s.fell_at",
        ),
        Watched::Mismatch => (
            // Alignment is judged for exactly the people with an
            // influencer's reach, the `influencer` label's rule
            // (`rapport_engine::scoring::judge`): no label to look up.
            "FROM person_score s WHERE s.alignment < ?5",
            "coalesce(s.first_at, ?6)",
        ),
    }
}

/// The values for [`watch_sql`]'s parameters, then `extra` as ?7 on.
fn watch_values(w: &Watch, extra: &[i64]) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    let mut v = vec![
        Value::Integer(w.recent),
        Value::Integer(w.horizon),
        Value::Integer(i64::from(Stage::Fan.rank())),
        Value::Integer(i64::from(Label::Influencer as u8)),
        Value::Real(w.misaligned),
        Value::Integer(w.as_of),
    ];
    v.extend(extra.iter().map(|&x| Value::Integer(x)));
    v
}

/// Runs `sql` with as many of `values` as it has parameters (each kind's
/// SQL uses only some), mapping every row.
fn query_some<T>(
    conn: &Connection,
    sql: &str,
    values: &[rusqlite::types::Value],
    mut map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    for (i, v) in values.iter().enumerate().take(stmt.parameter_count()) {
        stmt.raw_bind_parameter(i + 1, v)?;
    }
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(map(r)?);
    }
    Ok(out)
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
    conn: &Connection,
    w: &Watch,
    now: i64,
    due_only: bool,
) -> Result<Vec<WatchCount>, StoreError> {
    use crate::shared::scores::{MISMATCHED, WATCHED_BY_DAY};
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
            let n = counts(conn)?.get(MISMATCHED).copied().unwrap_or(0);
            out.push(WatchCount {
                kind,
                total: n,
                due: n,
            });
            continue;
        }
        let count = |lo: i64, hi: i64| match by_day {
            Some(k) => day_count(conn, w, kind, k, lo, hi),
            None => exact_count(conn, w, kind, lo, hi),
        };
        let due = count(lo, hi.min(now))?;
        let total = if due_only { due } else { count(lo, hi)? };
        out.push(WatchCount { kind, total, due });
    }
    Ok(out)
}

/// People of `kind` due in `lo..=hi`, counted one by one.
fn exact_count(
    conn: &Connection,
    w: &Watch,
    kind: Watched,
    lo: i64,
    hi: i64,
) -> Result<u64, StoreError> {
    if lo > hi {
        return Ok(0);
    }
    let (from, due) = watch_sql(kind);
    let sql = format!("SELECT count(*) {from} AND {due} BETWEEN ?7 AND ?8");
    let n: Vec<i64> = query_some(conn, &sql, &watch_values(w, &[lo, hi]), |r| r.get(0))?;
    Ok(n.first().copied().unwrap_or(0).max(0) as u64)
}

/// People of `kind` (the `watch_day` kind `k`) due in `lo..=hi`: whole
/// days from `watch_day`, the first and last day one by one.
fn day_count(
    conn: &Connection,
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
        return exact_count(conn, w, kind, lo, hi);
    }
    // The edge days, unless the bound is open (then whole days reach it).
    let head = if lo == i64::MIN {
        0
    } else {
        exact_count(conn, w, kind, lo, (first + 1) * DAY - 1)?
    };
    let tail = if hi == i64::MAX {
        0
    } else {
        exact_count(conn, w, kind, last * DAY, hi)?
    };
    let from = if lo == i64::MIN { i64::MIN } else { first + 1 };
    let to = if hi == i64::MAX { i64::MAX } else { last - 1 };
    let days: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(n), 0) FROM watch_day WHERE kind = ?1 AND day BETWEEN ?2 AND ?3",
        )?
        .query_row(params![k as i64, from, to], |r| r.get(0))?;
    Ok(head + tail + days.max(0) as u64)
}

/// Up to `limit` people of `kind` due in `lo..=hi`, earliest first (then
/// by id).
pub fn watch_ids(
    conn: &Connection,
    w: &Watch,
    kind: Watched,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<(PersonId, i64)>, StoreError> {
    let (from, due) = watch_sql(kind);
    let sql = format!(
        "SELECT s.person_id, {due} {from} AND {due} BETWEEN ?7 AND ?8
         ORDER BY 2, 1 LIMIT ?9"
    );
    let limit = limit.min(i64::MAX as u64) as i64;
    query_some(conn, &sql, &watch_values(w, &[lo, hi, limit]), |r| {
        Ok((PersonId(r.get(0)?), r.get(1)?))
    })
}

/// The watched facts of `ids`, in that order.
pub fn watched(conn: &Connection, ids: &[PersonId]) -> Result<Vec<WatchRow>, StoreError> {
    let raw: Vec<i64> = ids.iter().map(|p| p.0).collect();
    let briefs = briefs(conn, &raw)?;
    let mut moments = conn.prepare_cached(
        "SELECT first_at, last_at, detractor_since, falls_at, fell_at, falls_to
         FROM person_score WHERE person_id = ?1",
    )?;
    let mut out = Vec::with_capacity(briefs.len());
    for brief in briefs {
        let Some((first_at, last_at, detractor_since, falls_at, fell_at, falls_to)) = moments
            .query_row([brief.id.0], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            })
            .optional()?
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
pub fn merged_into(conn: &Connection, person: PersonId) -> Result<Vec<i64>, StoreError> {
    let mut out = vec![person.0];
    let mut stmt = conn.prepare_cached(
        "SELECT gone_id FROM merge_journal WHERE keep_id = ?1 AND undone_at IS NULL",
    )?;
    let mut next = 0;
    while next < out.len() && out.len() < 10_000 {
        let gone: Vec<i64> = stmt
            .query_map([out[next]], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
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
    conn: &Connection,
    now: i64,
    min_base: i64,
    targets: priority::Targets,
) -> Result<Vec<AlertGroup>, StoreError> {
    let mut groups: BTreeMap<(i64, bool), (i64, i64)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT base, vip, sum(n) FROM inbox_count WHERE base >= ?1 GROUP BY base, vip",
        )?;
        for row in stmt.query_map([min_base], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (base, vip, n) = row?;
            let g = groups.entry((base, vip)).or_default();
            g.0 += n;
            g.1 += n;
        }
    }
    // Messages not yet past their target are the longer target's at most.
    let not_due = |vip: bool, at: i64| at > now - targets.secs(vip);
    {
        // By time (`+base`: not by the alert index, which holds everything).
        let mut stmt = conn.prepare_cached(
            "SELECT base, vip, at FROM inbox_queue WHERE at > ?1 AND +base >= ?2",
        )?;
        for row in stmt.query_map(params![now - targets.secs(false), min_base], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (base, vip, at) = row?;
            if not_due(vip, at) {
                groups.entry((base, vip)).or_default().1 -= 1;
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        // The team's states first (few), each looked up in the queue.
        "SELECT q.base, q.vip, q.at FROM inbox_state s
         CROSS JOIN inbox_queue q ON q.interaction_id = s.interaction_id
         WHERE q.base >= ?2 AND (s.replied_at IS NOT NULL OR s.handled_at IS NOT NULL
                                 OR s.snoozed_until > ?1)",
    )?;
    for row in stmt.query_map(params![now, min_base], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (base, vip, at) = row?;
        let g = groups.entry((base, vip)).or_default();
        g.0 -= 1;
        if !not_due(vip, at) {
            g.1 -= 1;
        }
    }
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
    conn: &Connection,
    now: i64,
    base: i64,
    vip: bool,
    lo: i64,
    hi: i64,
    limit: u64,
) -> Result<Vec<AlertSlot>, StoreError> {
    let shut: std::collections::HashSet<i64> =
        closed(conn, now)?.into_iter().map(|c| c.2).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT interaction_id, at, person_id FROM inbox_queue
         WHERE base = ?1 AND vip = ?2 AND at >= ?3 AND at <= ?4
         ORDER BY at, person_id, interaction_id LIMIT ?5",
    )?;
    let want = limit.saturating_add(shut.len() as u64).min(i64::MAX as u64) as i64;
    let rows = stmt.query_map(params![base, vip, lo, hi, want], |r| {
        Ok(AlertSlot {
            id: InteractionId(r.get(0)?),
            at: r.get(1)?,
            person: PersonId(r.get(2)?),
        })
    })?;
    let mut out = Vec::new();
    for row in rows {
        let slot = row?;
        if !shut.contains(&slot.id.0) {
            out.push(slot);
            if out.len() as u64 >= limit {
                break;
            }
        }
    }
    Ok(out)
}
