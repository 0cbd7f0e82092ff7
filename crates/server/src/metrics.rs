//! `GET /metrics` for an operator's Prometheus, and the one line each
//! request logs.
//!
//! The answer is the Prometheus text format (version 0.0.4,
//! `text/plain; version=0.0.4`), written by `prometheus-client`:
//!
//! - `rapport_http_requests_total` and `rapport_http_request_duration_seconds`
//!   (a histogram), by `route` — the route's template as the router
//!   matched it (`/api/people/{key}`), never the URL, so no email or
//!   handle becomes a label and the series stay few; `unmatched` for a
//!   404 — `method` (`other` for a method no route has) and `status`
//!   class (`2xx` … `5xx`);
//! - `rapport_imports_total{format}`, `rapport_import_records_total{format,
//!   outcome}` (`imported`, `duplicate`, `skipped`, `rejected`), counted
//!   by the engine's one import pipeline as each batch is stored (uploads,
//!   `POST /api/imports`, webhooks), and `rapport_imports_running`;
//! - `rapport_texts_analysed_total{source}` (`import`, `reread`: read
//!   again after a correction, `request`: `POST /api/analyze`) and
//!   `rapport_reanalysis_running` (1 while every stored text is read
//!   again in the background);
//! - `rapport_outbox_messages{state}`, read from the store at each
//!   scrape, and `rapport_outbox_sends_total{outcome}` /
//!   `rapport_outbox_rounds_total{result}` from the server's sending
//!   rounds;
//! - `rapport_store_pool_connections{state}` (`in_use`, `idle`) and
//!   `rapport_store_pool_max_connections`: SQLite's read connections (its
//!   one writer is apart), PostgreSQL's whole pool;
//! - `rapport_build_info{version}`.
//!
//! Counters live in this process's memory and start at zero with it.
//!
//! # Access
//!
//! The figures tell how busy the shop is, so `/metrics` is not open: it
//! answers a bearer token equal to [`crate::Config::metrics_token`]
//! (`--metrics-token`, for a Prometheus scrape config), or an admin's API
//! token or dashboard session; anyone else gets 401 (403 for a signed-in
//! non-admin). It sits outside the login redirect, so a missing token is
//! a 401, never a redirect to the login page.

use crate::auth::constant_time_eq;
use crate::state::{blocking, AppState};
use crate::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use rapport_engine::outbox::RunSummary;
use rapport_engine::Engine;
use std::sync::Arc;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds: a page or a view
/// answers in milliseconds; an import of a large file takes minutes (the
/// request timeout is 300 s).
const LATENCY_BUCKETS: [f64; 15] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0, 300.0,
];

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: &'static str,
}

/// One label, named by the family.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The metrics the server keeps as things happen (requests, sending
/// rounds); the rest is read at each scrape (see [`Metrics::render`]).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    sends: Family<OutcomeLabel, Counter>,
    rounds: Family<ResultLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("rapport");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RequestLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        let sends = Family::<OutcomeLabel, Counter>::default();
        let rounds = Family::<ResultLabel, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status class",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template, method and status class",
            latency.clone(),
        );
        registry.register(
            "outbox_sends",
            "Outbox messages the sending rounds tried, by how it went",
            sends.clone(),
        );
        registry.register(
            "outbox_rounds",
            "Sending rounds of the outbox, by whether they ran",
            rounds.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            sends,
            rounds,
        }
    }
}

/// `2xx`, `4xx`, … for a status.
fn status_class(status: StatusCode) -> &'static str {
    match status.as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// The method as a label: the standard ones by name, any other `other`
/// (a client may send any token as a method: each would be a series).
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
    KNOWN
        .into_iter()
        .find(|m| *m == method.as_str())
        .unwrap_or("other")
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &Method, status: StatusCode, seconds: f64) {
        let labels = RequestLabels {
            route: route.to_string(),
            method: method_label(method),
            status: status_class(status),
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }

    /// Counts one sending round of the outbox (`None`: it failed).
    pub fn outbox_round(&self, run: Option<&RunSummary>) {
        let Some(run) = run else {
            self.rounds
                .get_or_create(&ResultLabel { result: "error" })
                .inc();
            return;
        };
        self.rounds
            .get_or_create(&ResultLabel { result: "ok" })
            .inc();
        for (outcome, n) in [
            ("sent", run.sent),
            ("retrying", run.retrying),
            ("failed", run.failed),
            ("unsure", run.unsure),
            ("cancelled", run.cancelled),
        ] {
            // Created even at zero, so a rate over them starts from 0.
            self.sends
                .get_or_create(&OutcomeLabel { outcome })
                .inc_by(n);
        }
    }

    /// The whole answer: what was counted as it happened, then what the
    /// engine counted and the store holds now. Reads the store: call it
    /// on a blocking thread.
    pub fn render(&self, engine: &Engine) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_text::encode(&mut out, &self.registry)?;
        prometheus_text::encode(&mut out, &now(engine))?;
        Ok(out)
    }
}

/// Labels of one label name with a value, for the per-scrape families.
type Pairs = Vec<(&'static str, String)>;

fn pairs(items: &[(&'static str, &str)]) -> Pairs {
    items.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// The figures read at this scrape, as a registry of their own.
fn now(engine: &Engine) -> Registry {
    let mut r = Registry::with_prefix("rapport");
    let info = Family::<Pairs, Gauge>::default();
    info.get_or_create(&pairs(&[("version", env!("CARGO_PKG_VERSION"))]))
        .set(1);
    r.register("build_info", "The running version", info);
    engine_figures(&mut r, engine);
    store_figures(&mut r, engine);
    r
}

/// What the engine counted: imports and analysed texts.
fn engine_figures(r: &mut Registry, engine: &Engine) {
    let activity = engine.activity().snapshot();
    let runs = Family::<Pairs, Counter>::default();
    let records = Family::<Pairs, Counter>::default();
    for (format, c) in &activity.imports {
        runs.get_or_create(&pairs(&[("format", format)]))
            .inc_by(c.runs);
        for (outcome, n) in [
            ("imported", c.imported),
            ("duplicate", c.duplicates),
            ("skipped", c.skipped),
            ("rejected", c.rejected),
        ] {
            records
                .get_or_create(&pairs(&[("format", format), ("outcome", outcome)]))
                .inc_by(n);
        }
    }
    r.register("imports", "Imports started, by format", runs);
    r.register(
        "import_records",
        "Records read by imports, by format and outcome",
        records,
    );
    let running = Gauge::<i64>::default();
    running.set(activity.imports_running as i64);
    r.register("imports_running", "Imports running now", running);

    let analysed = Family::<Pairs, Counter>::default();
    for (why, n) in &activity.analysed {
        analysed
            .get_or_create(&pairs(&[("source", why.as_str())]))
            .inc_by(*n);
    }
    r.register(
        "texts_analysed",
        "Texts read by the analyzer, by why: import, reread (after a correction), request",
        analysed,
    );
    let rereading = Gauge::<i64>::default();
    rereading.set(i64::from(engine.rereading().unwrap_or(false)));
    r.register(
        "reanalysis_running",
        "1 while every stored text is read again in the background",
        rereading,
    );
}

/// What the store holds now: the outbox per state, its connections.
fn store_figures(r: &mut Registry, engine: &Engine) {
    match engine.store().outbox_counts() {
        Ok(counts) => {
            let outbox = Family::<Pairs, Gauge>::default();
            for (state, n) in counts {
                outbox
                    .get_or_create(&pairs(&[("state", state.as_str())]))
                    .set(n as i64);
            }
            r.register("outbox_messages", "Outbox messages by state", outbox);
        }
        // The other figures are still worth having.
        Err(e) => tracing::warn!(target: "server::metrics", "counting the outbox: {e}"),
    }

    match engine.store().job_counts() {
        Ok(kinds) => {
            let now = rapport_engine::now();
            let jobs = Family::<Pairs, Gauge>::default();
            let age = Family::<Pairs, Gauge>::default();
            for k in &kinds {
                for (state, n) in [
                    ("queued", k.queued),
                    ("running", k.running),
                    ("failed", k.failed),
                ] {
                    jobs.get_or_create(&pairs(&[("kind", k.kind.as_str()), ("state", state)]))
                        .set(n);
                }
                age.get_or_create(&pairs(&[("kind", k.kind.as_str())]))
                    .set(k.oldest_queued.map_or(0, |t| (now - t).max(0)));
            }
            r.register(
                "jobs",
                "Queued jobs by kind and state (every process sharing the database)",
                jobs,
            );
            r.register(
                "job_oldest_queued_age_seconds",
                "How long the oldest waiting job of each kind has waited (0: none waits)",
                age,
            );
        }
        Err(e) => tracing::warn!(target: "server::metrics", "counting the jobs: {e}"),
    }

    if let Some(pool) = engine.store().pool_state() {
        let connections = Family::<Pairs, Gauge>::default();
        let in_use = pool.open.saturating_sub(pool.idle);
        connections
            .get_or_create(&pairs(&[("state", "in_use")]))
            .set(i64::from(in_use));
        connections
            .get_or_create(&pairs(&[("state", "idle")]))
            .set(i64::from(pool.idle));
        r.register(
            "store_pool_connections",
            "The store's pooled connections (SQLite: readers), in use or idle",
            connections,
        );
        let max = Gauge::<i64>::default();
        max.set(i64::from(pool.max));
        r.register(
            "store_pool_max_connections",
            "The most connections the store's pool opens",
            max,
        );
    }
}

/// Logs each request's line (target `server::http`: route template,
/// method, status, latency in milliseconds; no URL, so no query, email
/// or handle) and counts it in [`Metrics`].
pub async fn observe(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let res = next.run(req).await;
    let elapsed = start.elapsed();
    let status = res.status();
    tracing::info!(
        target: "server::http",
        method = %method,
        route,
        status = status.as_u16(),
        latency_ms = elapsed.as_micros() as f64 / 1000.0,
        "request"
    );
    metrics.request(&route, &method, status, elapsed.as_secs_f64());
    res
}

/// The server's figures in the Prometheus text format, for an operator's
/// scraper: requests by route template, imports, texts analysed, the
/// outbox, the store's connections. Needs the `--metrics-token` as a
/// bearer token, or an admin (see the module docs' Access).
#[utoipa::path(get, path = "/metrics", tag = "meta",
    responses(
        (status = 200, description = "Prometheus text format, version 0.0.4", body = String,
            content_type = "text/plain"),
        (status = 401, body = crate::model::ErrorBody),
        (status = 403, body = crate::model::ErrorBody)))]
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(e) = allowed(&state, &headers).await {
        return e.into_response();
    }
    let rendered = blocking(move || {
        state
            .metrics
            .render(&state.engine)
            .map_err(|e| ApiError::internal(format!("writing the metrics: {e}")))
    })
    .await;
    match rendered {
        Ok(text) => (
            [(header::CONTENT_TYPE, prometheus_text::CONTENT_TYPE)],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The metrics token, or an admin.
async fn allowed(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(expected) = &state.config.metrics_token {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if sent.is_some_and(|t| constant_time_eq(t, expected)) {
            return Ok(());
        }
    }
    crate::auth::authenticate(state, headers)
        .await?
        .require_admin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_fall_in_their_class() {
        assert_eq!(status_class(StatusCode::OK), "2xx");
        assert_eq!(status_class(StatusCode::SEE_OTHER), "3xx");
        assert_eq!(status_class(StatusCode::NOT_FOUND), "4xx");
        assert_eq!(status_class(StatusCode::SERVICE_UNAVAILABLE), "5xx");
    }

    #[test]
    fn requests_are_counted_by_route_template() {
        let m = Metrics::default();
        m.request("/api/people/{key}", &Method::GET, StatusCode::OK, 0.003);
        m.request("/api/people/{key}", &Method::GET, StatusCode::OK, 0.2);
        let odd = Method::from_bytes(b"BREW").expect("a method token");
        m.request("/metrics", &odd, StatusCode::METHOD_NOT_ALLOWED, 0.001);
        let mut out = String::new();
        prometheus_text::encode(&mut out, &m.registry).expect("encode");
        let line = "rapport_http_requests_total{route=\"/api/people/{key}\",method=\"GET\",status=\"2xx\"} 2";
        assert!(out.contains(line), "{out}");
        assert!(out.contains("method=\"other\",status=\"4xx\"} 1"), "{out}");
        assert!(!out.contains("BREW"), "{out}");
        assert!(
            out.contains("rapport_http_request_duration_seconds_bucket{le=\"0.005\",route=\"/api/people/{key}\",method=\"GET\",status=\"2xx\"} 1")
                || out.contains("route=\"/api/people/{key}\",method=\"GET\",status=\"2xx\",le=\"0.005\"} 1"),
            "{out}"
        );
    }
}
