//! Every view read from the store by index equals the view computed over
//! a snapshot of the whole database (the design they replace, kept as
//! this oracle), on generated shops at several seeds, stored in batches
//! of several sizes.
//!
//! One difference is allowed, by design: median and 90th-percentile first
//! response times come from buckets (a minute wide below four hours), so
//! they agree to the bucket.

use crate::oracle::{self as snapshot, Snapshot};
use crate::views;
use crate::{analysis, scoring};
use rapport_core::ladder::Label;
use rapport_core::profile::Profile;
use rapport_store::views::{PeopleFilter, PeopleSort, ThreadFilter};
use rapport_store::{SqliteStore, Store};
use serde_json::Value;

/// A generated shop stored in batches of `batch` records.
fn shop(seed: u64, batch: usize) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shop.db");
    let store = SqliteStore::open(path.to_str().expect("path")).expect("open");
    let cfg = rapport_generate::Config::new(140, 1_400, seed);
    let (records, _) = rapport_generate::records(&cfg);
    let analyzer = &analysis::ShopAnalyzer::shipped().expect("analyzer");
    let mut around = analysis::Surroundings::load(&store).expect("posts");
    let profile = Profile::trailwerk();
    for (n, chunk) in records.chunks(batch).enumerate() {
        let readings = analysis::analyze_batch(analyzer, chunk, &mut around).expect("analyze");
        store.write_batch(chunk, &readings).expect("write");
        // Judge along the way now and then, as long imports do, a few
        // people per transaction.
        if n % 3 == 1 {
            scoring::update_in_chunks(&store, &profile, 7).expect("update");
        }
    }
    scoring::update(&store, &profile).expect("update");
    (dir, store)
}

/// The bucket width (minutes) of a first response time in minutes.
fn width(minutes: f64) -> f64 {
    rapport_store::views::bucket_width(minutes)
}

/// Compares two JSON values, percentiles of first responses to their
/// bucket; returns where they first differ.
fn differ(old: &Value, new: &Value, path: &str) -> Option<String> {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                let (x, y) = (
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                );
                if k.ends_with("first_response_minutes") {
                    if let (Some(x), Some(y)) = (x.as_f64(), y.as_f64()) {
                        // A median of an even count is the mean of two
                        // values, the larger at most twice the median:
                        // each is exact to its bucket.
                        if (x - y).abs() <= width(2.0 * x.max(y)) {
                            continue;
                        }
                    }
                }
                if let Some(d) = differ(x, y, &p) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items against {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| differ(x, y, &format!("{path}[{i}]")))
        }
        (a, b) if a == b => None,
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
        (a, b) => Some(format!("{path}: {a} against {b}")),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("json")
}

/// `v` without the fields the store-backed views add.
fn without(mut v: Value, fields: &[&str]) -> Value {
    let strip = |m: &mut serde_json::Map<String, Value>| {
        for f in fields {
            m.remove(*f);
        }
    };
    match &mut v {
        Value::Array(items) => {
            for i in items {
                if let Value::Object(m) = i {
                    strip(m);
                }
            }
        }
        Value::Object(m) => strip(m),
        _ => {}
    }
    v
}

fn same(what: &str, old: Value, new: Value) {
    if let Some(d) = differ(&old, &new, what) {
        panic!("{d}");
    }
}

fn check(seed: u64, batch: usize) {
    let (_dir, store) = shop(seed, batch);
    let profile = Profile::trailwerk();
    let snap = Snapshot::load_with(&store, profile.clone()).expect("snapshot");
    let as_of = store.score_state().expect("state").expect("judged").as_of;
    assert_eq!(snap.as_of, as_of, "the verdicts' moment");
    let diff = store.check_derived(5).expect("check");
    assert!(diff.is_empty(), "derived state: {diff:?}");

    // The ladder as a list, and its counts per stage and week.
    let everyone = PeopleFilter::default();
    let page =
        views::people::page(&store, &everyone, PeopleSort::Closeness, 0, u64::MAX).expect("people");
    same(
        "people",
        json(&snapshot::people(&snap, None, None, None)),
        json(&page.items),
    );
    assert_eq!(page.total, page.items.len() as u64);
    assert!(page.items.len() > 100, "a real shop: {}", page.items.len());
    // Per label and order, small pages (read by walking the order's index
    // while a page is cheaper that way) add up to the list sorted at once.
    for label in Label::ALL {
        let filter = PeopleFilter {
            stage: None,
            label: Some(label),
        };
        for (name, sort) in PeopleSort::ALL {
            let ids = |offset, limit| {
                views::people::page(&store, &filter, sort, offset, limit)
                    .expect("people")
                    .items
                    .into_iter()
                    .map(|p| p.id)
                    .collect::<Vec<_>>()
            };
            let whole = ids(0, u64::MAX);
            let mut paged = Vec::new();
            while paged.len() < whole.len() {
                let next = ids(paged.len() as u64, 2);
                assert!(!next.is_empty(), "{label:?} by {name}");
                paged.extend(next);
            }
            assert_eq!(paged, whole, "{label:?} by {name}");
        }
    }
    let first = Some(snap.first_at());
    same(
        "ladder weekly",
        json(&snapshot::movement::ladder_weekly(&snap, None)),
        json(&views::people::weekly(&store, first, as_of, None).expect("weekly")),
    );
    same(
        "influencers",
        json(&snapshot::influencers(&snap)),
        json(&{
            // Read in pages of 7: the pages add up to the whole list.
            let mut all = Vec::new();
            loop {
                let fit = views::influencers::InfluencerSort::Fit;
                let p = views::influencers::influencers(&store, fit, all.len() as u64, 7)
                    .expect("influencers");
                assert_eq!(p.total, snapshot::influencers(&snap).len() as u64);
                if p.items.is_empty() {
                    break all;
                }
                all.extend(p.items);
            }
        }),
    );

    // Every person's page.
    for p in &page.items {
        let links = store.links(p.id).expect("links");
        let old = snapshot::person(&snap, p.id, links).expect("old person");
        let new = views::person::person(&store, p.id, as_of, &snap.profile)
            .expect("person")
            .expect("new person");
        same(&format!("person {}", p.id), json(&old), json(&new));
    }

    // The inbox, alerts and report at three moments: right after the last
    // activity, hours later, days later.
    for later in [0, 3 * 3_600 + 17, 9 * 86_400] {
        let now = as_of + later;
        let old = snapshot::inbox(&snap, now, usize::MAX);
        let targets = rapport_core::priority::Targets::default();
        let everything = views::inbox::Wanted {
            limit: u64::MAX,
            ..Default::default()
        };
        let new = views::inbox::page(&store, now, &everything, targets).expect("inbox");
        assert_eq!(new.total, old.len() as u64, "inbox total at +{later}");
        same(
            &format!("inbox at +{later}"),
            json(&old),
            without(json(&new.items), &["state"]),
        );
        // Pages add up to the whole queue.
        let mut paged = Vec::new();
        for offset in (0..new.items.len() as u64).step_by(37) {
            let one = views::inbox::Wanted {
                offset,
                limit: 37,
                ..Default::default()
            };
            let p = views::inbox::page(&store, now, &one, targets).expect("page");
            paged.extend(p.items.into_iter().map(|i| i.id));
        }
        assert_eq!(paged, new.items.iter().map(|i| i.id).collect::<Vec<_>>());

        let old = snapshot::alerts::alerts(&snap, now);
        let all = views::alerts::AlertFilter {
            without_moments: true,
            ..Default::default()
        };
        let new = views::alerts::page(&store, now, as_of, all, 0, u64::MAX).expect("alerts");
        assert_eq!(new.total, old.len() as u64, "alerts at +{later}");
        assert_eq!(new.overdue, old.iter().filter(|a| a.overdue).count() as u64);
        same(
            &format!("alerts at +{later}"),
            json(&old),
            without(json(&new.items), &["cause", "moment", "key"]),
        );
        for (offset, limit) in [(0, 10), (7, 25), (new.items.len() as u64 / 2, 40)] {
            let p = views::alerts::page(&store, now, as_of, all, offset, limit).expect("page");
            let want: Vec<_> = new
                .items
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .cloned()
                .collect();
            assert_eq!(p.items, want, "alerts page {offset}+{limit}");
        }

        for since in ["all", "30d", "7d", "12w"] {
            let from = views::report::parse_since(since, now).expect("since");
            same(
                &format!("report {since} at +{later}"),
                json(&snapshot::full_report(&snap, from)),
                without(
                    json(
                        &views::report::report(&store, &profile, from, as_of, now).expect("report"),
                    ),
                    &["answer_targets"],
                ),
            );
        }
    }

    // Threads: the list and every thread.
    let all = ThreadFilter::default();
    let new = views::threads::page(&store, &all, 0, u64::MAX).expect("threads");
    let index = snapshot::threads::threads(&snap);
    same("threads", json(&index.list), json(&new.items));
    for t in new.items.iter().step_by(3) {
        let old = snapshot::threads::thread(&snap, &index, &t.key).expect("old thread");
        let by_key = views::threads::thread(&store, &t.key, &profile)
            .expect("thread")
            .expect("new thread");
        same(&format!("thread {}", t.key), json(&old), json(&by_key));
        let by_id = views::threads::thread(&store, &t.first_id.0.to_string(), &profile)
            .expect("thread")
            .expect("by id");
        assert_eq!(by_id.summary.key, t.key);
    }
    for status in [Some(true), Some(false)] {
        let f = ThreadFilter {
            channel: Some("instagram".into()),
            unanswered: status,
        };
        let p = views::threads::page(&store, &f, 0, u64::MAX).expect("filtered");
        let want: Vec<_> = new
            .items
            .iter()
            .filter(|t| t.channel == "instagram" && status.is_none_or(|u| u != t.answered))
            .cloned()
            .collect();
        assert_eq!(p.total, want.len() as u64);
        assert_eq!(p.items, want);
    }

    // The next five to cultivate.
    let now = as_of + 3_600;
    let old = snapshot::plan(&snap, &[], now, 5);
    let new = views::cohorts::plan(&store, &profile, &[], 5, now).expect("plan");
    let picked: Vec<(i64, String)> = new
        .members
        .iter()
        .map(|m| (m.person.as_ref().map_or(0, |p| p.id.0), m.opener.clone()))
        .collect();
    let want: Vec<(i64, String)> = old.iter().map(|p| (p.person.0, p.opener.clone())).collect();
    assert_eq!(picked, want, "the plan");
}

#[test]
fn store_backed_views_equal_the_snapshot_views_seed_1() {
    check(1, 5_000);
}

#[test]
fn store_backed_views_equal_the_snapshot_views_seed_2_in_small_batches() {
    check(2, 97);
}

#[test]
fn store_backed_views_equal_the_snapshot_views_seed_3() {
    check(3, 613);
}

/// What migration 13 derives from an older database's verdicts (what
/// true fans paid, the per-day counts alerts add up, the counts of
/// recovered detractors, paying fans and mismatched influencers) equals
/// what the verdict writer keeps batch by batch.
#[test]
fn the_thirteenth_migration_derives_what_the_writers_keep() {
    let (dir, store) = shop(7, 613);
    drop(store);
    let path = dir.path().join("shop.db");
    let dump = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT person_id || ' ' || currency || ' ' || total FROM fan_paid",
            "SELECT kind || ' ' || day || ' ' || n FROM watch_day WHERE n != 0",
            // A count that came and went is kept as 0 by the writers
            // and not made at all by the migration: the same to readers.
            "SELECT what || ' ' || n FROM ladder_count
             WHERE what IN ('recovered:detractor', 'paying:true_fan', 'mismatched:influencer')
               AND n != 0",
        ] {
            let mut stmt = conn.prepare(sql).expect("prepare");
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .expect("query");
            let mut rows: Vec<String> = rows.map(|r| r.expect("row")).collect();
            rows.sort();
            out.push(rows.join("\n"));
        }
        out
    };
    let kept = {
        let conn = rusqlite::Connection::open(&path).expect("open");
        let kept = dump(&conn);
        conn.execute_batch(
            "DROP TABLE fan_paid; DROP TABLE watch_day;
             DELETE FROM ladder_count
             WHERE what IN ('recovered:detractor', 'paying:true_fan', 'mismatched:influencer');",
        )
        .expect("what migration 13 made, undone");
        kept
    };
    assert!(
        kept.iter().all(|k| !k.is_empty())
            && [
                "recovered:detractor",
                "paying:true_fan",
                "mismatched:influencer"
            ]
            .iter()
            .all(|what| kept[2].contains(what)),
        "a shop with every kind: {kept:?}"
    );
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(rapport_store::sqlite::migration_sql(13).expect("migration 13"))
        .expect("migration 13 again");
    assert_eq!(dump(&conn), kept);
}
