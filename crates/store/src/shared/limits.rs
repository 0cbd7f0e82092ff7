//! The shared counters' SQL (see [`crate::limits`]).

use crate::limits::{LoginWindow, RateRule};
use crate::sql::{args, Db, DbExt, Dialect};
use crate::StoreError;

/// Reserves `attempt` against every key in `keys`, unless one of them
/// already holds `w.max` attempts within the window; whether it was
/// reserved. Run in one write transaction.
pub fn reserve_login(
    db: &dyn Db,
    attempt: &str,
    keys: &[String],
    w: &LoginWindow,
) -> Result<bool, StoreError> {
    let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    if db.dialect() == Dialect::Postgres {
        for k in &keys {
            // Two-number advisory locks (21057, the key's hash) do not
            // overlap the store's one-number ones.
            db.execute(
                "SELECT pg_advisory_xact_lock(21057, hashtext(?1))",
                args![*k],
            )?;
        }
    }
    if full(db, &keys, w)? {
        return Ok(false);
    }
    for k in &keys {
        db.execute(
            "INSERT INTO login_attempt (login_key, at, attempt) VALUES (?1, ?2, ?3)",
            args![*k, w.now_ms, attempt],
        )?;
    }
    Ok(true)
}

/// Whether any of `keys` holds `w.max` attempts within the window.
pub fn login_blocked(db: &dyn Db, keys: &[String], w: &LoginWindow) -> Result<bool, StoreError> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    full(db, &keys, w)
}

fn full(db: &dyn Db, keys: &[&str], w: &LoginWindow) -> Result<bool, StoreError> {
    for k in keys {
        let n: i64 = db.scalar(
            "SELECT COUNT(*) FROM login_attempt WHERE login_key = ?1 AND at > ?2",
            args![*k, w.since()],
        )?;
        if n >= w.max {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Gives `attempt`'s reservation back.
pub fn release_login(db: &dyn Db, attempt: &str) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM login_attempt WHERE attempt = ?1",
        args![attempt],
    )?;
    Ok(())
}

/// Takes one request from `bucket` at `now` (seconds): `None` when it
/// had one, else `Some(seconds)` until it will. One statement.
pub fn take_rate(
    db: &dyn Db,
    bucket: &str,
    rule: RateRule,
    now: f64,
) -> Result<Option<f64>, StoreError> {
    let burst = rule.burst.max(1.0);
    let sql = db.dialect().pick(
        "INSERT INTO rate_bucket (bucket, held, at)
         VALUES (?1, CAST(?2 AS DOUBLE PRECISION) - 1, CAST(?3 AS DOUBLE PRECISION))
         ON CONFLICT (bucket) DO UPDATE SET
             held = MIN(CAST(?2 AS DOUBLE PRECISION), rate_bucket.held
                        + MAX(0, CAST(?3 AS DOUBLE PRECISION) - rate_bucket.at)
                          * CAST(?4 AS DOUBLE PRECISION)) - 1,
             at = MAX(rate_bucket.at, CAST(?3 AS DOUBLE PRECISION))
         WHERE MIN(CAST(?2 AS DOUBLE PRECISION), rate_bucket.held
                   + MAX(0, CAST(?3 AS DOUBLE PRECISION) - rate_bucket.at)
                     * CAST(?4 AS DOUBLE PRECISION)) >= 1
         RETURNING held",
        "INSERT INTO rate_bucket (bucket, held, at)
         VALUES (?1, CAST(?2 AS DOUBLE PRECISION) - 1, CAST(?3 AS DOUBLE PRECISION))
         ON CONFLICT (bucket) DO UPDATE SET
             held = LEAST(CAST(?2 AS DOUBLE PRECISION), rate_bucket.held
                          + GREATEST(0, CAST(?3 AS DOUBLE PRECISION) - rate_bucket.at)
                            * CAST(?4 AS DOUBLE PRECISION)) - 1,
             at = GREATEST(rate_bucket.at, CAST(?3 AS DOUBLE PRECISION))
         WHERE LEAST(CAST(?2 AS DOUBLE PRECISION), rate_bucket.held
                     + GREATEST(0, CAST(?3 AS DOUBLE PRECISION) - rate_bucket.at)
                       * CAST(?4 AS DOUBLE PRECISION)) >= 1
         RETURNING held",
    );
    let taken: Option<f64> = db.scalar_opt(sql, args![bucket, burst, now, rule.per_second])?;
    if taken.is_some() {
        return Ok(None);
    }
    // Empty: how long until it holds one (read after the refused upsert,
    // which changed nothing).
    let row = db.opt(
        "SELECT held, at FROM rate_bucket WHERE bucket = ?1",
        args![bucket],
        |r| Ok((r.get::<f64>(0)?, r.get::<f64>(1)?)),
    )?;
    let held = row.map_or(0.0, |(held, at)| {
        (held + (now - at).max(0.0) * rule.per_second).min(burst)
    });
    Ok(Some(((1.0 - held) / rule.per_second).max(0.001)))
}

/// Deletes login attempts at or before `logins_before` (milliseconds)
/// and buckets untouched since `buckets_before` (seconds; full by then);
/// how many rows went.
pub fn prune(db: &dyn Db, logins_before: i64, buckets_before: f64) -> Result<usize, StoreError> {
    Ok(db.execute(
        "DELETE FROM login_attempt WHERE at <= ?1",
        args![logins_before],
    )? + db.execute(
        "DELETE FROM rate_bucket WHERE at < ?1",
        args![buckets_before],
    )?)
}

#[cfg(test)]
mod tests {
    use crate::limits::{LoginWindow, RateRule};

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    crate::per_backend! {
        fn login_attempts_fill_a_key_and_released_ones_free_it(db) {
            let store = db.open().expect("open");
            let w = LoginWindow { now_ms: 100_000, window_ms: 60_000, max: 3 };
            let both = keys(&["email:a@example.org", "ip:192.0.2.1"]);
            assert!(store.reserve_login("a1", &both, &w).expect("1"));
            assert!(store.reserve_login("a2", &both, &w).expect("2"));
            assert!(store.reserve_login("a3", &both[1..], &w).expect("3"));
            // The address is full, so the pair is refused and nothing is
            // reserved for the email.
            assert!(!store.reserve_login("a4", &both, &w).expect("4"));
            assert!(store.login_blocked(&both[1..], &w).expect("blocked"));
            assert!(!store.login_blocked(&both[..1], &w).expect("email"));
            store.release_login("a3").expect("release");
            assert!(store.reserve_login("a5", &both, &w).expect("5"));
            // A window later they no longer count.
            let later = LoginWindow { now_ms: 160_001, ..w };
            assert!(!store.login_blocked(&both, &later).expect("later"));
            assert_eq!(store.prune_limits(later.since(), 0.0).expect("prune"), 6);
        }

        fn a_bucket_gives_its_burst_then_refills_at_its_rate(db) {
            let store = db.open().expect("open");
            let rule = RateRule { burst: 3.0, per_second: 2.0 };
            for _ in 0..3 {
                assert_eq!(store.take_rate("t", rule, 10.0).expect("take"), None);
            }
            let wait = store.take_rate("t", rule, 10.0).expect("take").expect("empty");
            assert!((wait - 0.5).abs() < 1e-9, "{wait}");
            assert_eq!(store.take_rate("other", rule, 10.0).expect("take"), None);
            // Half a second later one request's worth is back, no more.
            assert_eq!(store.take_rate("t", rule, 10.5).expect("take"), None);
            assert!(store.take_rate("t", rule, 10.5).expect("take").is_some());
        }

        fn requests_taken_at_once_never_exceed_the_burst(db) {
            let store = db.open().expect("open");
            let rule = RateRule { burst: 50.0, per_second: 0.001 };
            let taken: usize = std::thread::scope(|s| {
                let threads: Vec<_> = (0..4)
                    .map(|_| {
                        let store = &store;
                        s.spawn(move || {
                            (0..30)
                                .filter(|_| store.take_rate("shared", rule, 1.0).expect("take").is_none())
                                .count()
                        })
                    })
                    .collect();
                threads.into_iter().map(|t| t.join().expect("thread")).sum()
            });
            assert_eq!(taken, 50);
        }
    }
}
