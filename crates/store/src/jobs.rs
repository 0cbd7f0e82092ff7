//! Work that outlives a request, queued in the database and done by
//! whichever process claims it: `rapport worker` processes sharing one
//! PostgreSQL database, or the server itself on SQLite.
//!
//! # How a job runs
//!
//! A job is queued ([`NewJob`]) with a kind, a payload (JSON the kind's
//! runner reads) and, optionally, a key: while a job with the same key
//! waits or runs, queueing another is a no-op (one re-score at a time,
//! one outbox round). A worker claims the oldest due job, which leases
//! it for a while; it renews the lease while it works and finishes the
//! job when done, or fails it (retried later, up to
//! [`MAX_ATTEMPTS`]). A worker that dies leaves its lease to run out, and
//! the job is claimed again by another: so every runner must be safe to
//! run twice — each kind's runner writes its effects idempotently (an
//! import's records are stored once by their ids, the outbox sends a
//! message at most once by its own states, a re-score computes the same
//! scores).
//!
//! On PostgreSQL claims take `FOR UPDATE SKIP LOCKED`, so workers never
//! wait on each other's claims; on SQLite the one writer orders them.

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How many times a job is tried before it is left failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// A job to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    /// What runs it (`import`, `reanalyze`, `rescore`, `send`, …).
    pub kind: String,
    /// What the runner reads (JSON).
    pub payload: String,
    /// At most one job with this key waits or runs at a time.
    pub key: Option<String>,
    /// Not claimed before this (Unix seconds).
    pub run_after: i64,
    /// What it is about, in short, for lists (JSON; an import's file,
    /// format and sender), apart from the payload a list never reads.
    pub about: Option<String>,
}

/// A job a worker has claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// What runs it.
    pub kind: String,
    /// What the runner reads.
    pub payload: String,
    /// Tries so far, this one included.
    pub attempts: i64,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting to be claimed.
    Queued,
    /// Claimed, its lease running.
    Running,
    /// Finished.
    Done,
    /// Tried [`MAX_ATTEMPTS`] times, or failed for good.
    Failed,
}

impl JobState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    /// The state stored as `s`.
    pub fn parse(s: &str) -> Option<JobState> {
        Some(match s {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            _ => return None,
        })
    }
}

/// A job as listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JobRow {
    /// Its id.
    pub id: i64,
    /// What runs it.
    pub kind: String,
    /// Its key, if it has one.
    pub key: Option<String>,
    /// Where it is.
    pub state: JobState,
    /// Tries so far.
    pub attempts: i64,
    /// When it was queued.
    pub created_at: i64,
    /// Not claimed before this.
    pub run_after: i64,
    /// The worker holding it (running) or that last held it.
    pub worker: Option<String>,
    /// When its lease ends (running).
    pub lease_until: Option<i64>,
    /// When it finished or failed for good.
    pub finished_at: Option<i64>,
    /// What the runner reported (done) or the last error (failed, or
    /// queued again after one).
    pub outcome: Option<String>,
    /// What it is about, as queued ([`NewJob::about`]).
    pub about: Option<String>,
}

/// How one kind of job stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JobCount {
    /// The kind.
    pub kind: String,
    /// Its jobs waiting (due or not).
    pub queued: i64,
    /// Its jobs running.
    pub running: i64,
    /// Its jobs failed for good.
    pub failed: i64,
    /// When its oldest waiting job was queued.
    pub oldest_queued: Option<i64>,
}

/// How a run of a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnding<'a> {
    /// Done, with what the runner reports.
    Done(&'a str),
    /// Failed: queued again for `retry_at` while tries are left, else
    /// failed for good; `retry_at: None` fails it for good at once.
    Failed {
        /// Why.
        error: &'a str,
        /// When to try again.
        retry_at: Option<i64>,
    },
}
