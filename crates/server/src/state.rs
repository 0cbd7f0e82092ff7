//! What every handler can reach.

use crate::auth::{LoginLimiter, PasswordGate};
use rapport_engine::Engine;
use rapport_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// Server settings.
#[derive(Clone)]
pub struct Config {
    /// Mark cookies `Secure` (set when the server sits behind TLS).
    pub secure_cookies: bool,
    /// How long a dashboard session lasts, in seconds.
    pub session_secs: i64,
    /// The largest import body accepted, in bytes.
    pub max_import_bytes: usize,
    /// The largest webhook body accepted, in bytes. Webhooks are open to
    /// anyone until their signature is checked, which needs the whole
    /// body, so they get a small limit of their own.
    pub max_webhook_bytes: usize,
    /// The longest a request may take, body and handler together, before
    /// it is answered 503 `timeout` (see [`crate::deadline`]).
    pub request_timeout: Duration,
    /// How long an upload waits for its import job before answering 202
    /// with the job to ask about (see `routes::imports`).
    pub import_wait: Duration,
    /// The secrets the webhook receivers check signatures with.
    pub webhooks: WebhookSecrets,
    /// Requests allowed per API token (see [`crate::auth::TokenRate`]).
    pub token_rate: crate::auth::TokenRate,
    /// A bearer token that may read `GET /metrics` (admins may too;
    /// see [`crate::metrics`]). `Debug` shows only whether it is set.
    pub metrics_token: Option<String>,
}

/// The secrets of the webhook receivers (`/webhooks/...`); a receiver whose
/// secret is `None` answers 503. `Debug` shows only which are set.
#[derive(Clone, Default)]
pub struct WebhookSecrets {
    /// The Shopify app's shared secret (`X-Shopify-Hmac-Sha256`).
    pub shopify_secret: Option<String>,
    /// The token Meta echoes when subscribing (`hub.verify_token`).
    pub meta_verify_token: Option<String>,
    /// The Meta app secret (`X-Hub-Signature-256`).
    pub meta_app_secret: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("secure_cookies", &self.secure_cookies)
            .field("session_secs", &self.session_secs)
            .field("max_import_bytes", &self.max_import_bytes)
            .field("max_webhook_bytes", &self.max_webhook_bytes)
            .field("request_timeout", &self.request_timeout)
            .field("import_wait", &self.import_wait)
            .field("webhooks", &self.webhooks)
            .field("token_rate", &self.token_rate)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<set>"),
            )
            .finish()
    }
}

impl std::fmt::Debug for WebhookSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |s: &Option<String>| if s.is_some() { "<set>" } else { "<unset>" };
        f.debug_struct("WebhookSecrets")
            .field("shopify_secret", &set(&self.shopify_secret))
            .field("meta_verify_token", &set(&self.meta_verify_token))
            .field("meta_app_secret", &set(&self.meta_app_secret))
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            session_secs: 7 * 24 * 3600,
            max_import_bytes: 256 << 20,
            // Shopify and Meta deliveries are a few kilobytes; a large
            // order with many line items stays far below this.
            max_webhook_bytes: 1 << 20,
            // The largest import (max_import_bytes) takes tens of seconds
            // to store, and its upload longer on a slow link.
            request_timeout: Duration::from_secs(300),
            // Most uploads are done in seconds; a longer one answers 202
            // rather than hold the request (and a proxy's timeout).
            import_wait: Duration::from_secs(15),
            webhooks: WebhookSecrets::default(),
            token_rate: crate::auth::TokenRate::default(),
            metrics_token: None,
        }
    }
}

/// The application state: the engine (and its store) and the login limiter.
#[derive(Clone)]
pub struct AppState {
    /// Storage (users, sessions, tokens; the engine reads the rest).
    pub store: Arc<dyn Store>,
    /// The relationship engine.
    pub engine: Engine,
    /// Failed-login counters (kept in the store, shared by every server).
    pub limiter: LoginLimiter,
    /// The cap on password hashes computed at once.
    pub passwords: Arc<PasswordGate>,
    /// Settings.
    pub config: Arc<Config>,
    /// Woken when a request queued a job, so this process's worker (if
    /// it runs one) takes it at once instead of at its next tick.
    pub jobs_wake: Arc<tokio::sync::Notify>,
    /// Requests and sending rounds counted for `GET /metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    /// State with default settings.
    pub fn new(engine: Engine) -> AppState {
        AppState::with_config(engine, Config::default())
    }

    /// State with the given settings.
    pub fn with_config(engine: Engine, config: Config) -> AppState {
        let jobs_wake = Arc::new(tokio::sync::Notify::new());
        let wake = jobs_wake.clone();
        engine.on_job_queued(move || wake.notify_one());
        AppState {
            store: engine.shared_store(),
            limiter: LoginLimiter::new(engine.shared_store()),
            engine,
            passwords: Arc::new(PasswordGate::for_this_machine()),
            config: Arc::new(config),
            jobs_wake,
            metrics: Arc::default(),
        }
    }
}

/// Blocking work running at once; the rest waits its turn, first come
/// first served. As many as the store has read connections: fifty
/// requests on fifty threads would only take turns at those, woken in no
/// order (a tail of slow answers) and switching threads all the while.
static WORKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(8);

/// Runs blocking work (store calls, engine views) on tokio's blocking
/// pool, at most [`WORKING`] at once; password hashing goes through
/// [`AppState::passwords`] instead.
pub async fn blocking<T, E>(f: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, E>
where
    T: Send + 'static,
    E: From<crate::ApiError> + Send + 'static,
{
    let turn = WORKING
        .acquire()
        .await
        .map_err(|e| E::from(crate::ApiError::internal(format!("blocking task: {e}"))))?;
    // The turn lasts as long as the work, even if the request is dropped
    // (timed out) meanwhile.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        f()
    })
    .await
    .map_err(|e| E::from(crate::ApiError::internal(format!("blocking task: {e}"))))?
}

/// Writes the queued person views to the audit log every second while
/// the server runs (views do not wait for the writer; see
/// `Store::record_audit`).
pub fn keep_audit_log(state: &AppState) -> tokio::task::JoinHandle<()> {
    let engine = state.engine.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let engine = engine.clone();
            let written = tokio::task::spawn_blocking(move || engine.flush_audit()).await;
            if let Ok(Err(e)) = written {
                tracing::warn!(target: "server", "writing the audit log: {e}");
            }
        }
    })
}

/// How often the outbox is given a round: sends what is due (a job
/// queued this often, one waiting at a time whoever queues it).
pub const SEND_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs queued jobs in this process while the server runs: imports,
/// re-analysis, re-scoring, and an outbox round queued every
/// [`SEND_EVERY`] (`rapport outbox run` does one round at once). On one
/// machine this is the worker; with several processes sharing a
/// PostgreSQL database, `rapport worker` processes share the queue and
/// `rapport serve --no-worker` leaves it to them.
pub fn keep_working(
    state: &AppState,
    worker: rapport_engine::jobs::Worker,
) -> tokio::task::JoinHandle<()> {
    let engine = state.engine.clone();
    let metrics = state.metrics.clone();
    let wake = state.jobs_wake.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut next_send = tokio::time::Instant::now();
        let mut next_prune = tokio::time::Instant::now();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                () = wake.notified() => {}
            }
            let now = tokio::time::Instant::now();
            let send = now >= next_send;
            if send {
                next_send = now + SEND_EVERY;
            }
            let prune = now >= next_prune;
            if prune {
                next_prune = now + std::time::Duration::from_secs(3600);
            }
            let (engine, worker, metrics) = (engine.clone(), worker.clone(), metrics.clone());
            let turn = tokio::task::spawn_blocking(move || {
                if prune {
                    engine.prune_jobs()?;
                }
                if send {
                    engine.queue_job("send", &serde_json::json!({}), Some("send"))?;
                }
                while let Some(ran) = engine.work_once(&worker)? {
                    if ran.kind == "send" {
                        metrics.outbox_round(ran.outbox.as_ref());
                    }
                    match (&ran.error, ran.kind.as_str()) {
                        (Some(e), _) => tracing::warn!(target: "jobs", job = ran.id,
                            kind = %ran.kind, attempt = ran.attempt, "job failed: {e}"),
                        (None, "send") => tracing::debug!(target: "jobs", job = ran.id,
                            report = ran.done.as_deref().unwrap_or(""), "outbox round"),
                        (None, _) => tracing::info!(target: "jobs", job = ran.id,
                            kind = %ran.kind, report = ran.done.as_deref().unwrap_or(""), "job done"),
                    }
                }
                Ok::<_, rapport_engine::EngineError>(())
            })
            .await;
            match turn {
                Ok(Err(e)) => tracing::warn!(target: "jobs", "running jobs: {e}"),
                Err(e) => tracing::warn!(target: "jobs", "running jobs: {e}"),
                Ok(Ok(())) => {}
            }
        }
    })
}

pub use rapport_core::now;
