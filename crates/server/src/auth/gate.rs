//! A cap on concurrent password hashing.
//!
//! An argon2id check takes tens of milliseconds of one core and 19 MiB of
//! memory. Run on the blocking pool without a bound, a burst of logins
//! (one account or many) would occupy hundreds of threads and gigabytes
//! and starve every other request. [`PasswordGate`] lets a few checks run
//! at once (one per core, two to four), keeps a short queue behind them,
//! and refuses the rest at once with 429 `too_many_requests` rather than
//! letting the queue grow: a person logging in waits a moment at most, a
//! flood is turned away cheaply.

use crate::ApiError;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Checks waiting for a turn beyond those running; past this, 429. With
/// two workers and ~50 ms a check, a full queue drains in under half a
/// second — far more than a team logs in at once.
pub const MAX_WAITING: usize = 16;

/// Limits how many password hashes are computed at once.
#[derive(Debug)]
pub struct PasswordGate {
    /// One permit per check allowed to run.
    running: Arc<Semaphore>,
    /// One permit per check allowed in the building: running or waiting.
    admitted: Arc<Semaphore>,
}

impl PasswordGate {
    /// `workers` checks at once, `waiting` more queued behind them.
    pub fn new(workers: usize, waiting: usize) -> PasswordGate {
        let workers = workers.max(1);
        PasswordGate {
            running: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(Semaphore::new(workers + waiting)),
        }
    }

    /// One worker per core, at least two and at most four, with
    /// sixteen (`MAX_WAITING`) queued.
    pub fn for_this_machine() -> PasswordGate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordGate::new(cores.clamp(2, 4), MAX_WAITING)
    }

    /// Runs `f` (which hashes or checks a password) on the blocking pool
    /// once a worker is free; [`ApiError::Busy`] at once when the queue is
    /// full. The permits travel with `f`, so a request abandoned while its
    /// hash is computed still holds its place until the work is done.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::Busy)?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _held = (admitted, running);
            f()
        })
        .await
        .map_err(|e| ApiError::internal(format!("password hashing task: {e}")))
    }
}

impl Default for PasswordGate {
    fn default() -> Self {
        PasswordGate::for_this_machine()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[tokio::test]
    async fn checks_beyond_the_workers_and_the_queue_are_refused_at_once() {
        let gate = Arc::new(PasswordGate::new(1, 1));
        let (release, wait) = mpsc::channel::<()>();
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        // The one worker is busy until we say so.
        let first = tokio::spawn({
            let gate = gate.clone();
            async move {
                gate.run(move || {
                    let _ = started.send(());
                    wait.recv().is_ok()
                })
                .await
            }
        });
        running.await.expect("the first check started");
        // One more may wait for its turn...
        let second = tokio::spawn({
            let gate = gate.clone();
            async move { gate.run(|| true).await }
        });
        while gate.admitted.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        // ...a third is turned away without waiting.
        assert!(matches!(gate.run(|| true).await, Err(ApiError::Busy)));
        release.send(()).expect("the first check waits");
        assert!(first.await.expect("joined").expect("ran"));
        assert!(second.await.expect("joined").expect("ran after the first"));
        // Everything is free again.
        assert!(gate.run(|| true).await.expect("room again"));
    }
}
