//! Running the store's queued jobs ([`rapport_store::jobs`]): what each
//! kind does, and one worker's turn at the queue.
//!
//! Kinds:
//! - `import`: a file's text in a format, imported through the one
//!   pipeline ([`Engine::import`]), then the ladder brought up to date.
//!   Records are stored once by their ids, so an import run again after
//!   its worker died stores only what it had not.
//! - `reanalyze`: every stored text read again, then the ladder.
//! - `rescore`: everyone judged again.
//! - `send`: one round of the outbox ([`Engine::send_due`]); the outbox's
//!   own states keep a message from leaving twice.
//!
//! Leases and retries go by the wall clock ([`crate::now`]), whatever
//! moment the shop's data is as of.
//!
//! Every kind is safe to run twice, which is what a job whose worker
//! died gets: the store hands it out again once its lease has run out.

use crate::{Engine, EngineError};
use rapport_store::{Job, JobEnding, NewJob};
use serde::{Deserialize, Serialize};
use std::sync::mpsc;
use std::time::Duration;

/// The field of an import job's report that holds its rejections'
/// reasons typed ([`rapport_core::Said`], in the order of `rejections`);
/// the rest of the report is the import's summary as the CLI prints it.
pub const TYPED_REASONS: &str = "reasons_typed";

/// The kinds a worker runs.
pub const KINDS: [&str; 4] = ["import", "reanalyze", "rescore", "send"];

/// What an `import` job carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportJob {
    /// The format's name (`jsonl`, `mastodon`, …).
    pub format: String,
    /// The name rejected records are reported under (the file's name).
    pub label: String,
    /// The file's text.
    pub data: String,
    /// Records per transaction (the import's own size when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
    /// The file's bytes in base64 when they are not UTF-8 text (a mail
    /// in Latin-1, say); `data` is empty then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
}

/// One worker: its name (unique among the processes sharing the
/// database), the kinds it takes and how long it leases a job.
#[derive(Debug, Clone)]
pub struct Worker {
    /// Its name.
    pub name: String,
    /// The kinds it takes (all when empty).
    pub kinds: Vec<String>,
    /// Seconds a claim lasts; renewed every third of it while the job runs.
    pub lease: u64,
}

impl Worker {
    /// A worker named after this host and process.
    pub fn here(kinds: Vec<String>, lease: u64) -> Worker {
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        Worker {
            name: format!(
                "{}:{}",
                if host.is_empty() { "host" } else { &host },
                std::process::id()
            ),
            kinds,
            lease: lease.max(3),
        }
    }
}

/// A job one turn ran, and how it ended.
#[derive(Debug, Clone, Serialize)]
pub struct Ran {
    /// The job's id.
    pub id: i64,
    /// Its kind.
    pub kind: String,
    /// Its try, from 1.
    pub attempt: i64,
    /// What it reported (JSON text) when done.
    pub done: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// False when the job was no longer this worker's as it ended (its
    /// lease ran out and another took it): the ending was not recorded.
    pub recorded: bool,
    /// What an outbox round did (`send` jobs that ran to the end).
    #[serde(skip)]
    pub outbox: Option<crate::outbox::RunSummary>,
}

/// Seconds before try `attempt` + 1 of a failed job: 30 s, doubling.
fn backoff(attempt: i64) -> i64 {
    30 << attempt.clamp(1, 6).saturating_sub(1)
}

impl Engine {
    /// Queues a job of `kind` (one of [`KINDS`]); `None` when one with
    /// `key` already waits or runs.
    pub fn queue_job(
        &self,
        kind: &str,
        payload: &impl Serialize,
        key: Option<&str>,
    ) -> Result<Option<i64>, EngineError> {
        self.queue_job_about(kind, payload, key, None)
    }

    /// [`Engine::queue_job`] with a short description for lists (JSON,
    /// [`rapport_store::NewJob::about`]).
    pub fn queue_job_about(
        &self,
        kind: &str,
        payload: &impl Serialize,
        key: Option<&str>,
        about: Option<String>,
    ) -> Result<Option<i64>, EngineError> {
        if !KINDS.contains(&kind) {
            return Err(EngineError::bad(format!(
                "unknown job kind {kind:?}; expected one of: {}",
                KINDS.join(", ")
            )));
        }
        let now = crate::now();
        let job = NewJob {
            kind: kind.into(),
            payload: serde_json::to_string(payload).map_err(EngineError::internal)?,
            key: key.map(Into::into),
            run_after: now,
            about,
        };
        let id = self.store().enqueue_job(&job, now)?;
        if id.is_some() {
            self.job_was_queued();
        }
        Ok(id)
    }

    /// Queues an import of `data` in `format`, checked first.
    pub fn queue_import(
        &self,
        format: &str,
        label: &str,
        data: String,
        batch_size: Option<usize>,
    ) -> Result<i64, EngineError> {
        self.queue_import_about(format, label, data, batch_size, None)
    }

    /// [`Engine::queue_import`] with a short description for the list
    /// of recent imports (see [`Engine::recent_jobs`]).
    pub fn queue_import_about(
        &self,
        format: &str,
        label: &str,
        data: String,
        batch_size: Option<usize>,
        about: Option<String>,
    ) -> Result<i64, EngineError> {
        Self::format(format)?;
        let job = ImportJob {
            format: format.into(),
            label: label.into(),
            data,
            batch_size,
            base64: None,
        };
        self.queue_job_about("import", &job, None, about)?
            .ok_or_else(|| EngineError::internal("an import job has no key to wait on"))
    }

    /// Queues an import of `bytes` (an upload) in `format`, checked
    /// first: as text when they are UTF-8, else in base64.
    pub fn queue_import_bytes(
        &self,
        format: &str,
        label: &str,
        bytes: Vec<u8>,
        about: Option<String>,
    ) -> Result<i64, EngineError> {
        use base64::Engine as _;
        Self::format(format)?;
        let (data, base64) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => (
                String::new(),
                Some(base64::engine::general_purpose::STANDARD.encode(e.into_bytes())),
            ),
        };
        let job = ImportJob {
            format: format.into(),
            label: label.into(),
            data,
            batch_size: None,
            base64,
        };
        self.queue_job_about("import", &job, None, about)?
            .ok_or_else(|| EngineError::internal("an import job has no key to wait on"))
    }

    /// Job `id` as stored, if it is.
    pub fn job(&self, id: i64) -> Result<Option<rapport_store::JobRow>, EngineError> {
        Ok(self.store().job(id)?)
    }

    /// The latest `limit` jobs of `kind`, newest first.
    pub fn recent_jobs(
        &self,
        kind: &str,
        limit: usize,
    ) -> Result<Vec<rapport_store::JobRow>, EngineError> {
        Ok(self.store().jobs_of_kind(kind, limit)?)
    }

    /// Deletes jobs done more than a week ago and failed more than 30 days
    /// ago (a worker does it now and then); how many went.
    pub fn prune_jobs(&self) -> Result<usize, EngineError> {
        let now = crate::now();
        // The login attempts and rate buckets no window still counts go
        // too (a day is past any window).
        self.store()
            .prune_limits((now - 86_400) * 1000, (now - 86_400) as f64)?;
        Ok(self
            .store()
            .prune_jobs(now - 7 * 86_400, now - 30 * 86_400)?)
    }

    /// One turn at the queue: claims the oldest due job `worker` takes,
    /// runs it (renewing the lease meanwhile) and records how it ended;
    /// `None` when nothing is due.
    pub fn work_once(&self, worker: &Worker) -> Result<Option<Ran>, EngineError> {
        let now = crate::now();
        let kinds: Vec<&str> = worker.kinds.iter().map(String::as_str).collect();
        let lease = i64::try_from(worker.lease).unwrap_or(i64::MAX / 2);
        let Some(job) = self
            .store()
            .claim_job(&worker.name, &kinds, now, now + lease)?
        else {
            return Ok(None);
        };
        let mut outbox = None;
        let result = self.with_lease(worker, &job, || self.run_job(&job, &mut outbox));
        let now = crate::now();
        let message = result.as_ref().err().map(ToString::to_string);
        let ending = match &result {
            Ok(report) => JobEnding::Done(report),
            Err(e) => JobEnding::Failed {
                error: message.as_deref().unwrap_or_default(),
                // The input's fault stays a fault: no retry.
                retry_at: (!matches!(e, EngineError::BadInput(_)))
                    .then(|| now + backoff(job.attempts)),
            },
        };
        let recorded = self
            .store()
            .finish_job(job.id, &worker.name, now, &ending)?;
        Ok(Some(Ran {
            id: job.id,
            kind: job.kind,
            attempt: job.attempts,
            done: result.as_ref().ok().cloned(),
            error: message.clone(),
            recorded,
            outbox,
        }))
    }

    /// Runs `f` while a second thread renews `worker`'s lease on `job`
    /// every third of the lease.
    fn with_lease<T>(&self, worker: &Worker, job: &Job, f: impl FnOnce() -> T) -> T {
        let every = Duration::from_secs(worker.lease / 3).max(Duration::from_secs(1));
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::scope(|s| {
            s.spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    let until = crate::now() + i64::try_from(worker.lease).unwrap_or(i64::MAX / 2);
                    match self.store().renew_job(job.id, &worker.name, until) {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!(target: "jobs", job = job.id,
                                "job {} is no longer this worker's", job.id);
                            break;
                        }
                        Err(e) => tracing::warn!(target: "jobs", "renewing a lease: {e}"),
                    }
                }
            });
            let out = f();
            drop(stop);
            out
        })
    }

    /// Does what `job` asks; its report as JSON text (and an outbox
    /// round's in `outbox`).
    fn run_job(
        &self,
        job: &Job,
        outbox: &mut Option<crate::outbox::RunSummary>,
    ) -> Result<String, EngineError> {
        let report = match job.kind.as_str() {
            "import" => {
                let i: ImportJob = serde_json::from_str(&job.payload).map_err(|e| {
                    EngineError::bad(format!("job {}: not an import job: {e}", job.id))
                })?;
                let format = Self::format(&i.format)?;
                let bytes = match &i.base64 {
                    Some(b) => {
                        use base64::Engine as _;
                        base64::engine::general_purpose::STANDARD
                            .decode(b)
                            .map_err(|e| {
                                EngineError::bad(format!("job {}: bad base64: {e}", job.id))
                            })?
                    }
                    None => i.data.into_bytes(),
                };
                let summary = self.import_in(
                    format,
                    &i.label,
                    Box::new(std::io::Cursor::new(bytes)),
                    i.batch_size,
                )?;
                self.update_ladder()?;
                // The summary as `rapport import --json` prints it (the
                // reasons in English), and beside it the same reasons
                // typed, for the dashboard to say in each user's language.
                let mut report = serde_json::to_value(&summary).map_err(EngineError::internal)?;
                let typed: Vec<&rapport_core::Said> =
                    summary.rejections.iter().map(|r| &r.reason).collect();
                report[TYPED_REASONS] =
                    serde_json::to_value(typed).map_err(EngineError::internal)?;
                serde_json::to_string(&report)
            }
            "reanalyze" => {
                // Corrections made while a pass runs find this job
                // running (its key taken) and queue nothing: the pass is
                // made again as long as the shop's layer changed under it.
                let mut n = 0;
                loop {
                    let revision = self.store().shop_layer_revision()?;
                    let analyzer = self.shop_analyzer()?;
                    n += crate::analysis::reanalyze_all(&analyzer, self.store())?;
                    self.update_ladder()?;
                    if self.store().shop_layer_revision()? == revision {
                        break;
                    }
                }
                self.activity()
                    .analysed(crate::activity::Analysed::Reread, n);
                serde_json::to_string(&serde_json::json!({ "analyzed": n }))
            }
            "rescore" => {
                let (p, _) = self.profile()?;
                serde_json::to_string(&crate::scoring::rescore_all(self.store(), &p)?)
            }
            "send" => {
                let round = self.send_due(crate::now())?;
                let report = serde_json::to_string(&round);
                *outbox = Some(round);
                report
            }
            other => {
                return Err(EngineError::bad(format!(
                    "job {}: unknown kind {other:?}",
                    job.id
                )))
            }
        };
        report.map_err(EngineError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn retries_wait_longer_each_time() {
        assert_eq!(
            (1..=6).map(backoff).collect::<Vec<_>>(),
            [30, 60, 120, 240, 480, 960]
        );
    }
}
