//! What several servers on one database count together: failed logins
//! and the API tokens' request rates. Kept in the database, not in a
//! server's memory, so a client that spreads its requests over N servers
//! behind a load balancer gets no more than it would from one.
//!
//! # Logins
//!
//! A login attempt is *reserved* against its keys (`email:…`, `ip:…`)
//! before its password is checked: one transaction counts each key's
//! attempts within the window and, when none is full, stores one row per
//! key. On PostgreSQL the transaction first takes an advisory lock per
//! key (in sorted order, so two attempts never wait on each other in a
//! circle), so two servers cannot both see room for one more; on SQLite
//! write transactions are one at a time already (they begin IMMEDIATE).
//!
//! # Where
//!
//! On PostgreSQL in the store's database, outside the writers' turn and
//! without moving the store's version (like the job queue). On SQLite in
//! a file of their own beside the store's (`PATH-limits`, see
//! `sqlite::schema::open_limits`): a request's write there waits for no
//! import and leaves the views' remembered answers and the readers'
//! caches alone. A reservation is
//! given back (its rows deleted) when the login succeeds or its password
//! was never checked; otherwise it stays, counted as a failure.
//!
//! # Rates
//!
//! A token's bucket is one row: what it held at `at` (seconds, as a
//! real number). Taking a request is one upsert that refills the bucket
//! for the time since `at`, caps it at the burst and takes one request,
//! and only changes the row when a request's worth is there. Concurrent
//! upserts on one row wait for each other on both databases, so no
//! update is lost.

/// The window and the cap a login attempt is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginWindow {
    /// Now, in milliseconds since the epoch.
    pub now_ms: i64,
    /// How far back attempts count, in milliseconds.
    pub window_ms: i64,
    /// Attempts (failed or pending) allowed per key within the window.
    pub max: i64,
}

impl LoginWindow {
    /// Attempts at or before this no longer count.
    pub fn since(&self) -> i64 {
        self.now_ms - self.window_ms
    }
}

/// A bucket's size and refill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRule {
    /// Requests a bucket holds when full (at least 1).
    pub burst: f64,
    /// Requests it gains a second (above 0).
    pub per_second: f64,
}
