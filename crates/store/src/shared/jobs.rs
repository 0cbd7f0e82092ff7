//! The job queue's SQL (see [`crate::jobs`]).

use crate::jobs::{Job, JobCount, JobEnding, JobRow, JobState, NewJob, MAX_ATTEMPTS};
use crate::sql::{args, Db, DbExt, Dialect, Row};
use crate::StoreError;

/// Queues `job`; `None` when a job with its key already waits or runs.
pub fn enqueue(db: &dyn Db, job: &NewJob, now: i64) -> Result<Option<i64>, StoreError> {
    db.scalar_opt(
        "INSERT INTO job (kind, payload, job_key, state, attempts, created_at, run_after, about)
         VALUES (?1, ?2, ?3, 'queued', 0, ?4, ?5, ?6)
         ON CONFLICT (job_key) WHERE state IN ('queued', 'running') DO NOTHING
         RETURNING id",
        args![
            job.kind,
            job.payload,
            job.key,
            now,
            job.run_after,
            job.about
        ],
    )
}

/// The oldest due job of one of `kinds` (any kind when empty), claimed
/// for `worker` until `lease_until`: a queued one whose time has come, or
/// a running one whose worker let its lease run out (taken to have died).
pub fn claim(
    db: &dyn Db,
    worker: &str,
    kinds: &[&str],
    now: i64,
    lease_until: i64,
) -> Result<Option<Job>, StoreError> {
    // Jobs whose tries are spent, left by a worker that died, fail here
    // rather than run again.
    db.execute(
        "UPDATE job SET state = 'failed', finished_at = ?1,
                        outcome = COALESCE(outcome, 'its worker stopped while running it')
         WHERE state = 'running' AND lease_until < ?1 AND attempts >= ?2",
        args![now, MAX_ATTEMPTS],
    )?;
    // Kinds are few: they go in as one comma-framed text, so the
    // statement stays the same (and cached) for any list.
    let kinds = if kinds.is_empty() {
        None
    } else {
        Some(format!(",{},", kinds.join(",")))
    };
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "UPDATE job SET state = 'running', worker = ?1, lease_until = ?2,
                            attempts = attempts + 1
             WHERE id = (SELECT id FROM job
                         WHERE ((state = 'queued' AND run_after <= ?3)
                                OR (state = 'running' AND lease_until < ?3))
                           AND (CAST(?4 AS TEXT) IS NULL
                                OR instr(CAST(?4 AS TEXT), ',' || kind || ',') > 0)
                         ORDER BY run_after, id LIMIT 1)
             RETURNING id, kind, payload, attempts"
        }
        Dialect::Postgres => {
            "UPDATE job SET state = 'running', worker = ?1, lease_until = ?2,
                            attempts = attempts + 1
             WHERE id = (SELECT id FROM job
                         WHERE ((state = 'queued' AND run_after <= ?3)
                                OR (state = 'running' AND lease_until < ?3))
                           AND (CAST(?4 AS TEXT) IS NULL
                                OR strpos(CAST(?4 AS TEXT), ',' || kind || ',') > 0)
                         ORDER BY run_after, id LIMIT 1
                         FOR UPDATE SKIP LOCKED)
             RETURNING id, kind, payload, attempts"
        }
    };
    db.opt(sql, args![worker, lease_until, now, kinds], |r| {
        Ok(Job {
            id: r.get(0)?,
            kind: r.get(1)?,
            payload: r.get(2)?,
            attempts: r.get(3)?,
        })
    })
}

/// Extends `worker`'s lease on job `id` to `until`; false when the job is
/// no longer the worker's (its lease ran out and another took it).
pub fn renew(db: &dyn Db, id: i64, worker: &str, until: i64) -> Result<bool, StoreError> {
    Ok(db.execute(
        "UPDATE job SET lease_until = ?3
         WHERE id = ?1 AND worker = ?2 AND state = 'running'",
        args![id, worker, until],
    )? == 1)
}

/// Ends `worker`'s run of job `id`; false when the job is no longer the
/// worker's (nothing is changed then).
pub fn finish(
    db: &dyn Db,
    id: i64,
    worker: &str,
    now: i64,
    ending: &JobEnding<'_>,
) -> Result<bool, StoreError> {
    let n = match ending {
        JobEnding::Done(outcome) => db.execute(
            "UPDATE job SET state = 'done', finished_at = ?3, outcome = ?4, lease_until = NULL
             WHERE id = ?1 AND worker = ?2 AND state = 'running'",
            args![id, worker, now, outcome],
        )?,
        JobEnding::Failed { error, retry_at } => db.execute(
            "UPDATE job SET
                 state = CASE WHEN CAST(?5 AS BIGINT) IS NOT NULL AND attempts < ?6
                              THEN 'queued' ELSE 'failed' END,
                 run_after = COALESCE(CAST(?5 AS BIGINT), run_after),
                 finished_at = CASE WHEN CAST(?5 AS BIGINT) IS NOT NULL AND attempts < ?6
                                    THEN NULL ELSE CAST(?3 AS BIGINT) END,
                 outcome = ?4, lease_until = NULL
             WHERE id = ?1 AND worker = ?2 AND state = 'running'",
            args![id, worker, now, error, retry_at, MAX_ATTEMPTS],
        )?,
    };
    Ok(n == 1)
}

/// Deletes jobs done before `done_before` and failed before
/// `failed_before`; how many went.
pub fn prune(db: &dyn Db, done_before: i64, failed_before: i64) -> Result<usize, StoreError> {
    db.execute(
        "DELETE FROM job WHERE (state = 'done' AND finished_at < ?1)
                            OR (state = 'failed' AND finished_at < ?2)",
        args![done_before, failed_before],
    )
}

/// The columns [`job_row`] reads, in its order.
macro_rules! columns {
    () => {
        "id, kind, job_key, state, attempts, created_at, run_after, worker, lease_until,
         finished_at, outcome, about"
    };
}

fn job_row(r: &dyn Row) -> Result<JobRow, StoreError> {
    let state = r.text(3)?;
    Ok(JobRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        key: r.get(2)?,
        state: JobState::parse(state).ok_or_else(|| StoreError::Corrupt {
            table: "job",
            column: "state",
            reason: format!("unknown state {state:?}"),
        })?,
        attempts: r.get(4)?,
        created_at: r.get(5)?,
        run_after: r.get(6)?,
        worker: r.get(7)?,
        lease_until: r.get(8)?,
        finished_at: r.get(9)?,
        outcome: r.get(10)?,
        about: r.get(11)?,
    })
}

/// Job `id`, if stored.
pub fn get(db: &dyn Db, id: i64) -> Result<Option<JobRow>, StoreError> {
    db.opt(
        concat!("SELECT ", columns!(), " FROM job WHERE id = ?1"),
        args![id],
        job_row,
    )
}

/// The latest `limit` jobs, newest first.
pub fn latest(db: &dyn Db, limit: usize) -> Result<Vec<JobRow>, StoreError> {
    db.rows(
        concat!("SELECT ", columns!(), " FROM job ORDER BY id DESC LIMIT ?1"),
        args![limit],
        job_row,
    )
}

/// The latest `limit` jobs of `kind`, newest first.
pub fn latest_of(db: &dyn Db, kind: &str, limit: usize) -> Result<Vec<JobRow>, StoreError> {
    db.rows(
        concat!(
            "SELECT ",
            columns!(),
            " FROM job WHERE kind = ?1 ORDER BY id DESC LIMIT ?2"
        ),
        args![kind, limit],
        job_row,
    )
}

/// How each kind of job stands, by kind.
pub fn counts(db: &dyn Db) -> Result<Vec<JobCount>, StoreError> {
    db.rows(
        "SELECT kind,
                SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END),
                SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END),
                SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END),
                MIN(CASE WHEN state = 'queued' THEN created_at END)
         FROM job GROUP BY kind ORDER BY kind",
        args![],
        |r| {
            Ok(JobCount {
                kind: r.get(0)?,
                queued: r.get(1)?,
                running: r.get(2)?,
                failed: r.get(3)?,
                oldest_queued: r.get(4)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::jobs::{JobEnding, JobState, NewJob, MAX_ATTEMPTS};

    fn job(kind: &str, key: Option<&str>, run_after: i64) -> NewJob {
        NewJob {
            kind: kind.into(),
            payload: format!("{{\"kind\":\"{kind}\"}}"),
            key: key.map(Into::into),
            run_after,
            about: None,
        }
    }

    crate::per_backend! {
        fn jobs_are_claimed_once_in_order_and_keys_keep_one_waiting(db) {
            let store = db.open().expect("open");
            let a = store.enqueue_job(&job("rescore", Some("rescore"), 100), 100).expect("a");
            assert!(a.is_some());
            // The same key while the first waits: nothing queued.
            assert_eq!(store.enqueue_job(&job("rescore", Some("rescore"), 100), 101).expect("dup"), None);
            let b = store.enqueue_job(&job("import", None, 100), 102).expect("b");
            let later = store.enqueue_job(&job("import", None, 500), 103).expect("later");

            // Only the kinds asked for; the oldest due first.
            let first = store.claim_job("w1", &["import"], 200, 260).expect("claim").expect("a job");
            assert_eq!((Some(first.id), first.attempts), (b, 1));
            let second = store.claim_job("w2", &[], 200, 260).expect("claim").expect("a job");
            assert_eq!(Some(second.id), a);
            // Nothing else is due before 500.
            assert_eq!(store.claim_job("w3", &[], 200, 260).expect("claim"), None);

            // Done by its worker; another worker cannot end it.
            assert!(!store.finish_job(second.id, "w1", 210, &JobEnding::Done("x")).expect("finish"));
            assert!(store.finish_job(second.id, "w2", 210, &JobEnding::Done("12 people")).expect("finish"));
            let done = store.job(second.id).expect("get").expect("stored");
            assert_eq!((done.state, done.outcome.as_deref()), (JobState::Done, Some("12 people")));
            // Its key is free again once it is done.
            assert!(store.enqueue_job(&job("rescore", Some("rescore"), 220), 220).expect("again").is_some());

            let counts = store.job_counts().expect("counts");
            let import = counts.iter().find(|c| c.kind == "import").expect("import");
            assert_eq!((import.queued, import.running, import.oldest_queued), (1, 1, Some(103)));
            assert_eq!(later.map(|_| ()), Some(()));

            // Done jobs go when old enough; waiting and running ones stay.
            assert_eq!(store.prune_jobs(200, 200).expect("prune"), 0);
            assert_eq!(store.prune_jobs(211, 211).expect("prune"), 1);
            assert_eq!(store.job(second.id).expect("get"), None);
            assert_eq!(store.jobs(10).expect("jobs").len(), 3);
        }

        fn a_job_whose_worker_dies_is_claimed_again_and_fails_after_its_tries(db) {
            let store = db.open().expect("open");
            let id = store.enqueue_job(&job("send", None, 0), 0).expect("q").expect("id");
            // A worker claims it and dies: its lease runs out at 60.
            let got = store.claim_job("dead", &[], 10, 60).expect("claim").expect("job");
            assert_eq!(got.id, id);
            assert_eq!(store.claim_job("w", &[], 59, 120).expect("claim"), None);
            let again = store.claim_job("w", &[], 61, 120).expect("claim").expect("again");
            assert_eq!((again.id, again.attempts), (id, 2));
            // The dead worker, back, no longer owns it.
            assert!(!store.renew_job(id, "dead", 500).expect("renew"));
            assert!(!store.finish_job(id, "dead", 62, &JobEnding::Done("late")).expect("finish"));
            assert!(store.renew_job(id, "w", 300).expect("renew"));

            // A failure with a retry queues it again, until the tries run out.
            let mut now = 100;
            assert!(store
                .finish_job(id, "w", now, &JobEnding::Failed { error: "timeout", retry_at: Some(now + 5) })
                .expect("fail"));
            for attempt in 3..=MAX_ATTEMPTS {
                now += 10;
                let j = store.claim_job("w", &[], now, now + 60).expect("claim").expect("retry");
                assert_eq!(j.attempts, attempt);
                store
                    .finish_job(id, "w", now, &JobEnding::Failed { error: "timeout", retry_at: Some(now + 5) })
                    .expect("fail");
            }
            let failed = store.job(id).expect("get").expect("stored");
            assert_eq!(failed.state, JobState::Failed);
            assert_eq!(failed.outcome.as_deref(), Some("timeout"));
            assert_eq!(store.claim_job("w", &[], now + 100, now + 200).expect("claim"), None);
        }

        fn workers_claiming_at_once_each_get_their_own_jobs(db) {
            let store = db.open().expect("open");
            for n in 0..40 {
                store.enqueue_job(&job("import", None, n), n).expect("queue");
            }
            let claimed: Vec<i64> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..4)
                    .map(|w| {
                        let store = &store;
                        s.spawn(move || {
                            let name = format!("w{w}");
                            let mut mine = Vec::new();
                            while let Some(j) = store.claim_job(&name, &[], 100, 200).expect("claim") {
                                mine.push(j.id);
                            }
                            mine
                        })
                    })
                    .collect();
                workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
            });
            let mut unique = claimed.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!((claimed.len(), unique.len()), (40, 40));
        }
    }
}
