//! Identity resolution beyond email: journaled merges that can be undone
//! exactly, and link suggestions from deterministic rules.
//!
//! Every merge (a same-email merge at import, an explicit `rapport link`,
//! an accepted suggestion) writes a `merge_journal` row keyed by its `link`
//! row: the removed person's id, name, `created_at` and `is_brand`, and the
//! ids of exactly the identities, emails, orders and links that moved.
//! Undoing it recreates that person with the same id and moves exactly
//! those rows back.
//!
//! Suggestions: a bio naming a handle (`IG: @anna.rides`, `insta @x`,
//! `twitter.com/x`, `bsky: @x.bsky.social`, `mastodon @x@instance`) that
//! matches an identity of another person on that channel gives a
//! `handle_in_bio` suggestion with confidence 0.8. Rules at or above
//! [`AUTO_MERGE`] merge at once; the rest wait in `link_suggestion` for a
//! human to accept or reject. Every import batch checks the identities
//! it added, in the batch's transaction: their bios against the stored
//! identities, and the stored bios (`bio_handle`, the handles each bio
//! names) against them.

use super::derived::{queue, Derived};
use crate::sql::{args, Db, DbExt};
use crate::{LinkRow, StoreError, SuggestionRow, Unlinked};
use rapport_core::PersonId;
use std::collections::HashMap;

/// Confidence at or above which a rule merges without asking.
pub const AUTO_MERGE: f64 = 0.9;

/// Confidence of the `handle_in_bio` rule.
pub const HANDLE_IN_BIO: f64 = 0.8;

pub use rapport_core::now;

fn ids_json(v: &[i64]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn corrupt(column: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "merge_journal",
        column,
        reason: e.to_string(),
    }
}

fn ids_of(db: &dyn Db, sql: &str, person: PersonId) -> Result<Vec<i64>, StoreError> {
    db.rows(sql, args![person.0], |r| r.get(0))
}

/// Moves everything of `gone` to `keep`, records why in a `link` row and
/// journals what moved; returns the link id.
#[allow(clippy::too_many_arguments)]
pub fn merge(
    db: &dyn Db,
    derived: &mut Derived,
    keep: PersonId,
    gone: PersonId,
    reason: &str,
    detail: &str,
    confidence: f64,
    at: i64,
) -> Result<i64, StoreError> {
    let (name, created_at, is_brand): (String, i64, bool) = db
        .opt(
            "SELECT name, created_at, is_brand FROM person WHERE id = ?1",
            args![gone.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .ok_or_else(|| StoreError::PersonNotFound(gone.0.to_string()))?;
    let identities = ids_of(
        db,
        "SELECT id FROM identity WHERE person_id = ?1 ORDER BY id",
        gone,
    )?;
    let orders = ids_of(
        db,
        "SELECT id FROM orders WHERE person_id = ?1 ORDER BY id",
        gone,
    )?;
    let links = ids_of(
        db,
        "SELECT id FROM link WHERE person_id = ?1 ORDER BY id",
        gone,
    )?;
    let emails: Vec<String> = db.rows(
        "SELECT address FROM email WHERE person_id = ?1 ORDER BY address",
        args![gone.0],
        |r| r.get(0),
    )?;
    for sql in [
        "UPDATE identity SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE email SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE orders SET person_id = ?1 WHERE person_id = ?2",
        "UPDATE link SET person_id = ?1 WHERE person_id = ?2",
    ] {
        db.execute(sql, args![keep.0, gone.0])?;
    }
    db.execute("DELETE FROM person WHERE id = ?1", args![gone.0])?;
    // Their unanswered words are the kept person's now, and answers are
    // per person: the threads they wrote in are rebuilt.
    queue::move_identities(db, &identities, keep.0)?;
    derived.people_changed(db, &[keep.0])?;
    let link: i64 = db.scalar(
        "INSERT INTO link (person_id, reason, detail, confidence, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        args![keep.0, reason, detail, confidence, at],
    )?;
    db.execute(
        "INSERT INTO merge_journal
         (link_id, keep_id, gone_id, gone_name, gone_created_at, gone_is_brand,
          identity_ids, emails, order_ids, link_ids)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        args![
            link,
            keep.0,
            gone.0,
            name,
            created_at,
            is_brand,
            ids_json(&identities),
            serde_json::to_string(&emails).map_err(|e| corrupt("emails", e))?,
            ids_json(&orders),
            ids_json(&links),
        ],
    )?;
    Ok(link)
}

/// Whether a merge of `gone` into `keep` was undone (so must not be redone
/// by the same evidence).
pub fn was_undone(db: &dyn Db, keep: PersonId, gone: PersonId) -> Result<bool, StoreError> {
    Ok(db
        .scalar_opt::<i64>(
            "SELECT 1 FROM merge_journal WHERE undone_at IS NOT NULL
             AND ((keep_id = ?1 AND gone_id = ?2) OR (keep_id = ?2 AND gone_id = ?1)) LIMIT 1",
            args![keep.0, gone.0],
        )?
        .is_some())
}

fn is_person(db: &dyn Db, id: i64) -> Result<Option<bool>, StoreError> {
    db.scalar_opt("SELECT is_brand FROM person WHERE id = ?1", args![id])
}

/// An explicit merge of `gone` into `keep`.
#[allow(clippy::too_many_arguments)]
pub fn link(
    db: &dyn Db,
    derived: &mut Derived,
    keep: PersonId,
    gone: PersonId,
    reason: &str,
    detail: &str,
    confidence: f64,
    at: i64,
) -> Result<i64, StoreError> {
    if keep == gone {
        return Err(StoreError::BadLink(format!(
            "#{} and #{} are already one person",
            keep.0, gone.0
        )));
    }
    for p in [keep, gone] {
        match is_person(db, p.0)? {
            None => return Err(StoreError::PersonNotFound(p.0.to_string())),
            Some(true) => {
                return Err(StoreError::BadLink(format!(
                    "#{} is the shop itself and cannot be linked",
                    p.0
                )))
            }
            Some(false) => {}
        }
    }
    merge(db, derived, keep, gone, reason, detail, confidence, at)
}

/// A merge as its journal row keeps it.
struct Journal {
    keep: i64,
    gone: i64,
    name: String,
    created_at: i64,
    is_brand: bool,
    identities: String,
    emails: String,
    orders: String,
    links: String,
    undone: Option<i64>,
}

/// Undoes the merge recorded by link `link`.
pub fn unlink(
    db: &dyn Db,
    derived: &mut Derived,
    link: i64,
    at: i64,
) -> Result<Unlinked, StoreError> {
    let j = db.opt(
        "SELECT keep_id, gone_id, gone_name, gone_created_at, gone_is_brand,
                identity_ids, emails, order_ids, link_ids, undone_at
         FROM merge_journal WHERE link_id = ?1",
        args![link],
        |r| {
            Ok(Journal {
                keep: r.get(0)?,
                gone: r.get(1)?,
                name: r.get(2)?,
                created_at: r.get(3)?,
                is_brand: r.get(4)?,
                identities: r.get(5)?,
                emails: r.get(6)?,
                orders: r.get(7)?,
                links: r.get(8)?,
                undone: r.get(9)?,
            })
        },
    )?;
    let Some(j) = j else {
        return Err(StoreError::BadLink(format!(
            "no undoable link #{link} (merges made before this version were not journaled)"
        )));
    };
    let (keep, gone) = (j.keep, j.gone);
    if j.undone.is_some() {
        return Err(StoreError::BadLink(format!(
            "link #{link} was already undone"
        )));
    }
    if is_person(db, keep)?.is_none() {
        let later: Option<i64> = db.scalar_opt(
            "SELECT link_id FROM merge_journal WHERE gone_id = ?1 AND undone_at IS NULL
             ORDER BY link_id DESC LIMIT 1",
            args![keep],
        )?;
        return Err(StoreError::BadLink(match later {
            Some(l) => format!("person #{keep} was merged again by link #{l}: undo that first"),
            None => format!("person #{keep} no longer exists"),
        }));
    }
    if is_person(db, gone)?.is_some() {
        return Err(StoreError::BadLink(format!(
            "person id #{gone} is in use again; link #{link} cannot be undone"
        )));
    }
    let ids = |column: &'static str, raw: &str| -> Result<Vec<i64>, StoreError> {
        serde_json::from_str(raw).map_err(|e| corrupt(column, e))
    };
    let emails: Vec<String> = serde_json::from_str(&j.emails).map_err(|e| corrupt("emails", e))?;
    db.execute(
        "INSERT INTO person (id, name, is_brand, created_at) VALUES (?1, ?2, ?3, ?4)",
        args![gone, j.name, j.is_brand, j.created_at],
    )?;
    for (sql, column, raw) in [
        (
            "UPDATE identity SET person_id = ?1 WHERE id = ?2",
            "identity_ids",
            &j.identities,
        ),
        (
            "UPDATE orders SET person_id = ?1 WHERE id = ?2",
            "order_ids",
            &j.orders,
        ),
        (
            "UPDATE link SET person_id = ?1 WHERE id = ?2",
            "link_ids",
            &j.links,
        ),
    ] {
        for id in ids(column, raw)? {
            db.execute(sql, args![gone, id])?;
        }
    }
    for e in &emails {
        db.execute(
            "UPDATE email SET person_id = ?1 WHERE address = ?2",
            args![gone, e],
        )?;
    }
    queue::move_identities(db, &ids("identity_ids", &j.identities)?, gone)?;
    derived.people_changed(db, &[keep, gone])?;
    db.execute(
        "UPDATE merge_journal SET undone_at = ?1 WHERE link_id = ?2",
        args![at, link],
    )?;
    let note = "INSERT INTO link (person_id, reason, detail, confidence, created_at)
                VALUES (?1, 'unlinked', ?2, 1.0, ?3)";
    db.execute(
        note,
        args![
            keep,
            format!("undid link #{link}: person #{gone} restored"),
            at
        ],
    )?;
    db.execute(
        note,
        args![
            gone,
            format!("undid link #{link}: split from person #{keep}"),
            at
        ],
    )?;
    Ok(Unlinked {
        link,
        keep: PersonId(keep),
        restored: PersonId(gone),
    })
}

/// The links recorded on `person` (merges into them, their undoing),
/// oldest first.
pub fn of(db: &dyn Db, person: PersonId) -> Result<Vec<LinkRow>, StoreError> {
    db.rows(
        "SELECT l.reason, l.detail, l.confidence, l.created_at, l.id, j.undone_at IS NOT NULL
         FROM link l LEFT JOIN merge_journal j ON j.link_id = l.id
         WHERE l.person_id = ?1 ORDER BY l.id",
        args![person.0],
        |r| {
            Ok(LinkRow {
                id: r.get(4)?,
                undone: r.get(5)?,
                reason: r.get(0)?,
                detail: r.get(1)?,
                confidence: r.get(2)?,
                at: r.get(3)?,
            })
        },
    )
}

/// Identity ids a key (`channel:handle` or bare handle) names.
fn identities_for(db: &dyn Db, key: &str) -> Result<Vec<i64>, StoreError> {
    let key = key.trim();
    let (channel, handle) = match key.split_once(':') {
        Some((c, h)) => (Some(c.to_ascii_lowercase()), h),
        None => (None, key),
    };
    let handle = handle.trim_start_matches('@').to_lowercase();
    match channel {
        Some(c) => db.rows(
            "SELECT id FROM identity WHERE channel = ?1 AND handle = ?2",
            args![c, handle],
            |r| r.get(0),
        ),
        None => db.rows(
            "SELECT id FROM identity WHERE handle = ?1",
            args![handle],
            |r| r.get(0),
        ),
    }
}

/// The newest active merge into `person` that `key` (the merged person's
/// old id, one of its handles or emails) names.
pub fn find_merge(db: &dyn Db, person: PersonId, key: &str) -> Result<Option<i64>, StoreError> {
    let key = key.trim();
    let identities = identities_for(db, key)?;
    let email = key.to_lowercase();
    let merges: Vec<(i64, i64, String, String)> = db.rows(
        "SELECT link_id, gone_id, identity_ids, emails FROM merge_journal
         WHERE keep_id = ?1 AND undone_at IS NULL ORDER BY link_id DESC",
        args![person.0],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (link, gone, ids, emails) in merges {
        if key.parse::<i64>() == Ok(gone) {
            return Ok(Some(link));
        }
        let ids: Vec<i64> = serde_json::from_str(&ids).map_err(|e| corrupt("identity_ids", e))?;
        let emails: Vec<String> =
            serde_json::from_str(&emails).map_err(|e| corrupt("emails", e))?;
        if ids.iter().any(|i| identities.contains(i)) || emails.contains(&email) {
            return Ok(Some(link));
        }
    }
    Ok(None)
}

/// Handles a bio names, as `(channel, handle)`.
pub fn handles_in_bio(bio: &str) -> Vec<(&'static str, String)> {
    const URLS: &[(&str, &str)] = &[
        ("instagram.com/", "instagram"),
        ("twitter.com/", "x"),
        ("x.com/", "x"),
        ("bsky.app/profile/", "bluesky"),
    ];
    const LABELS: &[(&str, &str)] = &[
        ("ig", "instagram"),
        ("insta", "instagram"),
        ("instagram", "instagram"),
        ("twitter", "x"),
        ("tw", "x"),
        ("x", "x"),
        ("bsky", "bluesky"),
        ("bluesky", "bluesky"),
        ("mastodon", "mastodon"),
        ("masto", "mastodon"),
        ("fedi", "mastodon"),
    ];
    let clean = |raw: &str| -> Option<String> {
        let h: String = raw
            .trim_start_matches('@')
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
            .collect();
        let h = h.trim_end_matches(['.', '-', '@']).to_lowercase();
        (!h.is_empty()).then_some(h)
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut push = |channel: &'static str, h: Option<String>| {
        if let Some(h) = h {
            if !out.iter().any(|(c, x)| *c == channel && *x == h) {
                out.push((channel, h));
            }
        }
    };
    let lower = bio.to_lowercase();
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    for (n, token) in tokens.iter().enumerate() {
        for (host, channel) in URLS {
            if let Some(pos) = token.find(host) {
                let before = token[..pos].chars().last();
                if before.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_')) {
                    push(channel, clean(&token[pos + host.len()..]));
                }
            }
        }
        let t = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        let (label, rest, colon) = match t.split_once(':') {
            Some((l, r)) => (l, r, true),
            None => (t, "", false),
        };
        let Some((_, channel)) = LABELS.iter().find(|(l, _)| *l == label) else {
            continue;
        };
        if !rest.is_empty() {
            push(channel, clean(rest));
            continue;
        }
        let Some(next) = tokens.get(n + 1) else {
            continue;
        };
        // A bare word after a label counts only after a colon ("IG: anna");
        // "x" always needs one, being a common word.
        if next.starts_with('@') && (colon || label != "x") || colon && !next.contains("://") {
            if next.contains('/') {
                continue;
            }
            push(channel, clean(next));
        }
    }
    out
}

/// Looks for link suggestions among every identity with a bio; rules at
/// or above [`AUTO_MERGE`] merge at once. Returns the new suggestions.
/// `rapport link scan` runs this; imports check only what they add
/// ([`scan_new`]).
pub fn scan(db: &dyn Db, derived: &mut Derived, at: i64) -> Result<usize, StoreError> {
    let mut added = 0;
    for (id, channel, handle, bio) in all_bios(db)? {
        let named = others_named(&bio, &channel, &handle);
        added += suggest_named(db, derived, (id, &channel, &handle), &named, at)?;
    }
    Ok(added)
}

/// Every identity with a bio: id, channel, handle, bio.
fn all_bios(db: &dyn Db) -> Result<Vec<(i64, String, String, String)>, StoreError> {
    db.rows(
        "SELECT id, channel, handle, bio FROM identity
         WHERE bio IS NOT NULL AND bio <> '' ORDER BY id",
        args![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
}

/// The handles `bio` names other than its identity's own.
fn others_named(bio: &str, channel: &str, handle: &str) -> Vec<(&'static str, String)> {
    let mut named = handles_in_bio(bio);
    named.retain(|(c, h)| !(*c == channel && h == handle));
    named
}

/// The `handle_in_bio` rule for a bio (`namer`) and the handles it names,
/// for those stored as identities; returns the new suggestions.
fn suggest_named(
    db: &dyn Db,
    derived: &mut Derived,
    namer: (i64, &str, &str),
    named: &[(&'static str, String)],
    at: i64,
) -> Result<usize, StoreError> {
    let mut added = 0;
    for (c, h) in named {
        let other: Option<i64> = db.scalar_opt(
            "SELECT id FROM identity WHERE channel = ?1 AND handle = ?2",
            args![c, h],
        )?;
        if let Some(other) = other {
            added += suggest(db, derived, namer, (other, c, h), at)?;
        }
    }
    Ok(added)
}

/// An identity whose bio names another: id, channel, handle.
type Namer = (i64, String, String);

/// The suggestion rules for identities just written: their bios are
/// recorded in `bio_handle` and checked against the identities stored,
/// and the bios stored before are checked against them — so an import
/// batch costs what it adds, not what the database holds. Returns the new
/// suggestions.
pub fn scan_new(
    db: &dyn Db,
    derived: &mut Derived,
    identities: &[i64],
    at: i64,
) -> Result<usize, StoreError> {
    if identities.is_empty() {
        return Ok(0);
    }
    // Read for all of them at once (one statement, not two per identity:
    // on PostgreSQL each is a round trip): the identities, and the bios
    // stored before that name any of them.
    let list = serde_json::to_string(identities).map_err(|e| StoreError::Corrupt {
        table: "identity",
        column: "id",
        reason: e.to_string(),
    })?;
    let mut found: HashMap<i64, (String, String, Option<String>)> = HashMap::new();
    let mut namers: HashMap<(String, String), Vec<Namer>> = HashMap::new();
    db.each(
        db.dialect().pick(
            "SELECT d.id, d.channel, d.handle, d.bio, b.identity_id, n.channel, n.handle
             FROM json_each(?1) j JOIN identity d ON d.id = j.value
             LEFT JOIN bio_handle b ON b.channel = d.channel AND b.handle = d.handle
             LEFT JOIN identity n ON n.id = b.identity_id
             ORDER BY d.id, b.identity_id",
            "SELECT d.id, d.channel, d.handle, d.bio, b.identity_id, n.channel, n.handle
             FROM jsonb_array_elements(CAST(CAST(?1 AS TEXT) AS JSONB)) j
             JOIN identity d ON d.id = CAST(j #>> '{}' AS BIGINT)
             LEFT JOIN bio_handle b ON b.channel = d.channel AND b.handle = d.handle
             LEFT JOIN identity n ON n.id = b.identity_id
             ORDER BY d.id, b.identity_id",
        ),
        args![list],
        |r| {
            let (id, channel, handle): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let (Some(namer), Some(c), Some(h)) = (
                r.get::<Option<i64>>(4)?,
                r.get::<Option<String>>(5)?,
                r.get::<Option<String>>(6)?,
            ) {
                namers
                    .entry((channel.clone(), handle.clone()))
                    .or_default()
                    .push((namer, c, h));
            }
            found.entry(id).or_insert((channel, handle, r.get(3)?));
            Ok(())
        },
    )?;
    let mut added = 0;
    for &id in identities {
        let Some((channel, handle, bio)) = found.get(&id) else {
            continue;
        };
        let named = record_bio(db, id, channel, handle, bio.as_deref())?;
        added += suggest_named(db, derived, (id, channel, handle), &named, at)?;
        // Bios stored earlier (or earlier in this batch) that name it.
        let key = (channel.clone(), handle.clone());
        let mut by: Vec<Namer> = namers
            .get(&key)
            .map(|v| v.iter().filter(|n| n.0 != id).cloned().collect())
            .unwrap_or_default();
        by.sort();
        by.dedup_by_key(|n| n.0);
        for (namer, namer_channel, namer_handle) in by {
            added += suggest(
                db,
                derived,
                (namer, &namer_channel, &namer_handle),
                (id, channel, handle),
                at,
            )?;
        }
        // Its bio names others that may come later in this batch.
        for (c, h) in named {
            namers.entry((c.to_string(), h)).or_default().push((
                id,
                channel.clone(),
                handle.clone(),
            ));
        }
    }
    Ok(added)
}

/// Records the handles `bio` names (other than the identity's own) in
/// `bio_handle`, and returns them.
fn record_bio(
    db: &dyn Db,
    id: i64,
    channel: &str,
    handle: &str,
    bio: Option<&str>,
) -> Result<Vec<(&'static str, String)>, StoreError> {
    let Some(bio) = bio.filter(|b| !b.is_empty()) else {
        return Ok(Vec::new());
    };
    let named = others_named(bio, channel, handle);
    for (c, h) in &named {
        db.execute(
            "INSERT INTO bio_handle (channel, handle, identity_id) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            args![c, h, id],
        )?;
    }
    Ok(named)
}

/// Fills `bio_handle` from every stored bio (the migration that adds the
/// table runs this once).
pub fn record_all_bios(db: &dyn Db) -> Result<(), StoreError> {
    for (id, channel, handle, bio) in all_bios(db)? {
        record_bio(db, id, &channel, &handle, Some(&bio))?;
    }
    Ok(())
}

/// The `handle_in_bio` rule for one bio (`namer`, as id, channel and
/// handle) naming another identity (`named`): nothing if both are one
/// person already, a merge at or above [`AUTO_MERGE`], else an open
/// suggestion (once). Returns 1 for a new suggestion.
fn suggest(
    db: &dyn Db,
    derived: &mut Derived,
    namer: (i64, &str, &str),
    named: (i64, &str, &str),
    at: i64,
) -> Result<usize, StoreError> {
    let owner = |identity: i64| -> Result<i64, StoreError> {
        db.scalar(
            "SELECT person_id FROM identity WHERE id = ?1",
            args![identity],
        )
    };
    let (mine, theirs) = (owner(namer.0)?, owner(named.0)?);
    if mine == theirs {
        return Ok(0);
    }
    let detail = format!(
        "{}:{}'s bio names {}:@{}",
        namer.1, namer.2, named.1, named.2
    );
    if HANDLE_IN_BIO >= AUTO_MERGE {
        let (keep, gone) = (mine.min(theirs), mine.max(theirs));
        merge(
            db,
            derived,
            PersonId(keep),
            PersonId(gone),
            "handle_in_bio",
            &detail,
            HANDLE_IN_BIO,
            at,
        )?;
        return Ok(0);
    }
    db.execute(
        "INSERT INTO link_suggestion
         (identity_id, other_identity_id, reason, detail, confidence, status, created_at)
         VALUES (?1, ?2, 'handle_in_bio', ?3, ?4, 'open', ?5)
         ON CONFLICT DO NOTHING",
        args![namer.0, named.0, detail, HANDLE_IN_BIO, at],
    )
}

/// Open suggestions between people who are still two, oldest first.
pub fn suggestions(db: &dyn Db) -> Result<Vec<SuggestionRow>, StoreError> {
    db.rows(
        "SELECT s.id, a.person_id, a.channel || ':' || a.handle, b.person_id,
                b.channel || ':' || b.handle, s.reason, s.detail, s.confidence, s.created_at
         FROM link_suggestion s
         JOIN identity a ON a.id = s.identity_id
         JOIN identity b ON b.id = s.other_identity_id
         WHERE s.status = 'open' AND a.person_id <> b.person_id
         ORDER BY s.id",
        args![],
        |r| {
            Ok(SuggestionRow {
                id: r.get(0)?,
                person: PersonId(r.get(1)?),
                identity: r.get(2)?,
                other_person: PersonId(r.get(3)?),
                other_identity: r.get(4)?,
                reason: r.get(5)?,
                detail: r.get(6)?,
                confidence: r.get(7)?,
                at: r.get(8)?,
            })
        },
    )
}

/// Accepts (merging the two people; returns the link id) or rejects an
/// open suggestion.
pub fn decide(
    db: &dyn Db,
    derived: &mut Derived,
    id: i64,
    accept: bool,
    at: i64,
) -> Result<Option<i64>, StoreError> {
    let found: Option<(String, String, f64, i64, i64)> = db.opt(
        "SELECT s.status, s.detail, s.confidence, a.person_id, b.person_id
         FROM link_suggestion s
         JOIN identity a ON a.id = s.identity_id
         JOIN identity b ON b.id = s.other_identity_id
         WHERE s.id = ?1",
        args![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let Some((status, detail, confidence, a, b)) = found else {
        return Err(StoreError::BadLink(format!("no link suggestion #{id}")));
    };
    if status != "open" {
        return Err(StoreError::BadLink(format!(
            "link suggestion #{id} was already {status}"
        )));
    }
    let link = if accept {
        if a == b {
            return Err(StoreError::BadLink(format!(
                "link suggestion #{id}: the two are already one person"
            )));
        }
        let detail = format!("{detail} (suggestion #{id}, accepted)");
        Some(link(
            db,
            derived,
            PersonId(a.min(b)),
            PersonId(a.max(b)),
            "handle_in_bio",
            &detail,
            confidence,
            at,
        )?)
    } else {
        None
    };
    db.execute(
        "UPDATE link_suggestion SET status = ?1, decided_at = ?2, link_id = ?3 WHERE id = ?4",
        args![if accept { "accepted" } else { "rejected" }, at, link, id],
    )?;
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::handles_in_bio;

    fn found(bio: &str) -> Vec<(&'static str, String)> {
        handles_in_bio(bio)
    }

    #[test]
    fn bios_name_handles_in_the_usual_ways() {
        assert_eq!(
            found("MTB & coffee. IG: @Anna.Rides"),
            vec![("instagram", "anna.rides".to_string())]
        );
        assert_eq!(found("insta @x_y"), vec![("instagram", "x_y".to_string())]);
        assert_eq!(
            found("see twitter.com/anna_r, bye"),
            vec![("x", "anna_r".to_string())]
        );
        assert_eq!(
            found("bsky: @anna.bsky.social."),
            vec![("bluesky", "anna.bsky.social".to_string())]
        );
        assert_eq!(
            found("mastodon @anna@mastodon.social"),
            vec![("mastodon", "anna@mastodon.social".to_string())]
        );
        assert_eq!(found("IG:anna"), vec![("instagram", "anna".to_string())]);
    }

    #[test]
    fn ordinary_words_are_not_handles() {
        assert!(found("I ride x days a week, dropbox.com/x is mine").is_empty());
        assert!(found("coffee & trails").is_empty());
        assert!(found("x @ the park").is_empty());
    }
}
