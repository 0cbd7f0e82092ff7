//! Serving the app: the accept loop, its limits, and graceful shutdown.
//!
//! `axum::serve` has no settings for how long a connection may take to
//! send its request or how many connections may be open, so a client that
//! sends half a request line, or twenty thousand that connect and say
//! nothing, kept their sockets forever until the server ran out of file
//! descriptors. This loop serves HTTP/1.1 with hyper directly:
//!
//! - **Header timeout** ([`ConnectionLimits::header_timeout`]): a request's
//!   line and headers must arrive within it, counted from when the
//!   connection is ready for a request — when it opens, and on a keep-alive
//!   connection from the end of the previous answer. A connection that has
//!   not sent a whole request head by then is closed without an answer. So
//!   this is also the idle timeout of keep-alive connections: hyper starts
//!   the clock as soon as one goes idle.
//! - **Connection cap** ([`ConnectionLimits::max_connections`]): past it, a
//!   new connection is accepted and closed at once, so it costs nothing
//!   while it lasts and the connections already open (and the file
//!   descriptors the store needs) are not starved. Keep the cap below the
//!   process's open-file limit (`ulimit -n`).
//! - Handlers are bounded by [`crate::Config::request_timeout`], applied by
//!   [`crate::app`].
//!
//! Handlers still see the client's address as
//! `ConnectInfo<SocketAddr>` (the login rate limit keys on it).

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long the accept loop pauses after an error that is not about one
/// connection (e.g. out of file descriptors), so it does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Limits on connections, enforced by [`serve_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a connection may take to send a request's line and
    /// headers, from when it opens or finished its previous request; also
    /// how long an idle keep-alive connection is kept.
    pub header_timeout: Duration,
    /// Connections open at once; past this, new ones are closed at once.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            // A browser sends its request head in one packet; ten seconds
            // covers a slow mobile link and frees an idle socket soon.
            header_timeout: Duration::from_secs(10),
            // Far above what a shop's team and its webhooks open, and
            // below the usual open-file limits.
            max_connections: 10_000,
        }
    }
}

/// Serves `app` on `listener` with the default [`ConnectionLimits`] until
/// `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    serve_with(listener, app, shutdown, &ConnectionLimits::default()).await
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves:
/// then it stops accepting, closes idle connections, and waits for the
/// requests in flight to be answered.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: &ConnectionLimits,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut full = false;
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            if !full {
                tracing::warn!(target: "server", max = limits.max_connections,
                    "connection cap reached: closing new connections until some end");
                full = true;
            }
            drop(stream);
            continue;
        };
        full = false;
        let service = app.clone().map_request(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(target: "server", %peer, "connection ended: {e}");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Errors about one connection (it was reset before we took it) are
/// skipped; others (no file descriptors left) are logged and waited out.
async fn accept_failed(e: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(target: "server", "accept failed: {e}");
    tokio::time::sleep(ACCEPT_BACKOFF).await;
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(target: "server", "cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(target: "server", "cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!(target: "server", "shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// Sends one keep-alive GET and returns the answer once `until` is in it.
    async fn fetch(stream: &mut TcpStream, path: &str, until: &str) -> String {
        let request = format!("GET {path} HTTP/1.1\r\nHost: rapport\r\n\r\n");
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut answer = Vec::new();
        let mut chunk = [0u8; 1024];
        while !String::from_utf8_lossy(&answer).contains(until) {
            let n = stream.read(&mut chunk).await.expect("read");
            assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&answer));
            answer.extend_from_slice(&chunk[..n]);
        }
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[tokio::test]
    async fn handlers_see_the_clients_address_and_shutdown_closes_idle_connections() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let app = Router::new().route(
            "/peer",
            get(
                |ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>| async move {
                    format!("[{peer}]")
                },
            ),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, async {
            let _ = stopped.await;
        }));
        let mut client = TcpStream::connect(addr).await.expect("connect");
        let me = client.local_addr().expect("client address");
        let answer = fetch(&mut client, "/peer", "]").await;
        assert!(answer.contains(&format!("[{me}]")), "{answer}");
        // The connection is idle now; shutting down closes it and returns.
        stop.send(()).expect("the server listens for shutdown");
        let finished = tokio::time::timeout(Duration::from_secs(2), server).await;
        assert!(
            matches!(finished, Ok(Ok(Ok(())))),
            "serve returns once shut down"
        );
        let mut rest = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(2), client.read_to_end(&mut rest));
        assert!(closed.await.is_ok(), "the idle connection was closed");
    }
}
