//! `rapport serve [--addr 127.0.0.1:8080] [--demo]`: the API and the
//! dashboard (crate `rapport-server`) over the engine.

use crate::cli::{LogFormat, ServeArgs};
use crate::user_error;
use anyhow::Context;
use rapport_engine::jobs::Worker;
use rapport_engine::Engine;
use rapport_server::{AppState, Config, ConnectionLimits, WebhookSecrets};
use rapport_store::{Role, Store};
use std::net::SocketAddr;
use std::process::ExitCode;

/// The demo admin `--demo` creates, and its documented password.
pub const DEMO_EMAIL: &str = "demo@rapport.local";
/// The demo admin's password (a demo database holds no real data).
pub const DEMO_PASSWORD: &str = "demo";

/// Runs `rapport serve` until Ctrl-C or SIGTERM. With JSON logs, what
/// it says to the person who started it is logged too (stderr holds only
/// JSON lines then).
pub fn run(engine: Engine, args: &ServeArgs, logs: LogFormat) -> anyhow::Result<ExitCode> {
    let say = |line: &str| match logs {
        LogFormat::Text => eprintln!("rapport: {line}"),
        LogFormat::Json => tracing::info!(target: "server", "{line}"),
    };
    let addr: SocketAddr = args.addr.parse().map_err(|e| {
        user_error(format!(
            "--addr {:?}: {e} (expected HOST:PORT, e.g. 127.0.0.1:8080)",
            args.addr
        ))
    })?;
    if args.demo {
        load_demo(engine.store(), &say)?;
    }
    // Whatever another process stored before is judged before serving
    // (usually nothing: every writer keeps the ladder current).
    engine.update_ladder().context("updating the ladder")?;
    let config = Config {
        secure_cookies: args.secure_cookies,
        webhooks: WebhookSecrets {
            shopify_secret: args.shopify_secret.clone().filter(|s| !s.is_empty()),
            meta_verify_token: args.meta_verify_token.clone().filter(|s| !s.is_empty()),
            meta_app_secret: args.meta_app_secret.clone().filter(|s| !s.is_empty()),
        },
        metrics_token: args.metrics_token.clone().filter(|s| !s.is_empty()),
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        import_wait: std::time::Duration::from_secs(args.import_wait),
        token_rate: rapport_server::auth::TokenRate {
            per_second: args.api_rate,
            burst: args.api_burst,
        },
        ..Config::default()
    };
    let limits = ConnectionLimits {
        max_connections: args.max_connections,
        ..ConnectionLimits::default()
    };
    let state = AppState::with_config(engine, config);
    let (no_worker, lease) = (args.no_worker, args.job_lease);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        say(&format!("serving the dashboard at http://{local}/ and the API at http://{local}/api/ (Ctrl-C stops)"));
        let audit = rapport_server::keep_audit_log(&state);
        let worker = (!no_worker).then(|| {
            rapport_server::keep_working(&state, Worker::here(Vec::new(), lease))
        });
        rapport_server::serve_with(
            listener,
            rapport_server::app(state),
            rapport_server::shutdown_signal(),
            &limits,
        )
        .await
        .context("serving")?;
        audit.abort();
        if let Some(worker) = worker {
            worker.abort();
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the demo shop and makes sure someone can log in.
fn load_demo(store: &dyn Store, say: &dyn Fn(&str)) -> anyhow::Result<()> {
    let (imported, duplicates) = super::demo::load(store)?;
    say(&format!(
        "demo shop loaded ({imported} new records, {duplicates} already there)"
    ));
    if store.user_by_email(DEMO_EMAIL)?.is_none() {
        let hash = rapport_server::auth::hash_password(DEMO_PASSWORD)?;
        store.create_user(DEMO_EMAIL, Role::Admin, &hash, super::now())?;
    }
    say(&format!(
        "log in as {DEMO_EMAIL} with the password \"{DEMO_PASSWORD}\""
    ));
    Ok(())
}
