//! Test databases for both stores, so one test body runs on SQLite and on
//! PostgreSQL (as ripgrep's `rgtest!` runs a test per regex engine).
//!
//! [`TestDb::new`] makes a fresh database: a file in a temporary
//! directory for SQLite; for PostgreSQL a database of its own on the
//! server `RAPPORT_TEST_PG` names (`scripts/pg` starts a throwaway one and
//! sets it; `scripts/test` runs every test that way), copied from a
//! migrated template and dropped when the `TestDb` is. Without
//! `RAPPORT_TEST_PG` a PostgreSQL test fails, never passes unseen.
//!
//! Two macros write a test once per store, named `NAME::sqlite` and
//! `NAME::postgres`:
//!
//! - [`per_backend!`](crate::per_backend) hands the body its [`TestDb`]
//!   (the store's own tests);
//! - [`both!`](crate::both) wraps ordinary `#[test]` and `#[tokio::test]`
//!   functions unchanged and says which store through [`current`]: the
//!   CLI and API suites' helpers (`Dir::new`, `spawn_app`) ask it and make
//!   their database there.
//!
//! Built for this crate's tests and, with the `testing` feature, for
//! other crates' tests.

use crate::{Store, StoreError};
use std::cell::Cell;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable naming the PostgreSQL server tests use.
pub const PG_ENV: &str = "RAPPORT_TEST_PG";

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A database on the `RAPPORT_TEST_PG` server.
    Postgres,
}

thread_local! {
    static CURRENT: Cell<Option<Backend>> = const { Cell::new(None) };
}

/// The store the running test was written for by [`both!`](crate::both),
/// or `None` outside one (helpers then keep to SQLite).
///
/// Kept per thread: a `#[tokio::test]` runs its body on the test's own
/// thread (tokio's default current-thread runtime), so the helpers it
/// calls see it too.
pub fn current() -> Option<Backend> {
    CURRENT.with(Cell::get)
}

/// Makes [`current`] answer `backend` on this thread until the returned
/// guard is dropped (then it answers what it did before).
pub fn on(backend: Backend) -> OnBackend {
    OnBackend {
        before: CURRENT.with(|c| c.replace(Some(backend))),
    }
}

/// What [`on`] returns; puts the previous answer back when dropped.
#[must_use = "the backend is current only while this lives"]
pub struct OnBackend {
    before: Option<Backend>,
}

impl Drop for OnBackend {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.before));
    }
}

/// A fresh database for one test, removed when dropped.
pub struct TestDb {
    backend: Backend,
    url: String,
    dir: tempfile::TempDir,
    /// The server's URL and the database made on it.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh database on `backend`, empty (SQLite) or already migrated
    /// (PostgreSQL: a copy of a template; opening it migrates no further,
    /// as for any database this build made). Panics with
    /// what to do when PostgreSQL is asked for and `RAPPORT_TEST_PG` is
    /// not set, or the server cannot be reached.
    pub fn new(backend: Backend) -> TestDb {
        #[allow(clippy::expect_used)]
        let dir = tempfile::tempdir().expect("a temporary directory");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                TestDb {
                    backend,
                    url,
                    dir,
                    pg: None,
                }
            }
            Backend::Postgres => {
                let server = std::env::var(PG_ENV).unwrap_or_else(|_| {
                    panic!(
                        "{PG_ENV} is not set: the PostgreSQL variant of this test needs a \
                         server. Run the tests through scripts/pg (e.g. `scripts/pg cargo \
                         nextest run`), or set {PG_ENV}=postgres://USER@HOST:PORT/postgres"
                    )
                });
                let name = unique_name();
                let made = template(&server).and_then(|template| {
                    admin(
                        &server,
                        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
                    )
                });
                if let Err(e) = made {
                    panic!("cannot create a test database on {server} ({PG_ENV}): {e}");
                }
                let url = database_url(&server, &name);
                TestDb {
                    backend,
                    url,
                    dir,
                    pg: Some((server, name)),
                }
            }
        }
    }

    /// Which store this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL [`crate::open`] takes (and `--db` / `RAPPORT_DB`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A directory of the test's own for other files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Opens (and migrates) the store.
    pub fn open(&self) -> Result<Box<dyn Store>, StoreError> {
        crate::open(&self.url)
    }

    /// Runs `f` in one transaction on the (migrated) test database, as
    /// the store's logic modules see it, and commits it.
    pub fn with_db<T>(
        &self,
        f: impl FnOnce(&dyn crate::sql::Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        drop(self.open()?);
        match self.backend {
            Backend::Sqlite => {
                let mut conn = rusqlite::Connection::open(self.dir.path().join("test.db"))?;
                let tx = conn.transaction()?;
                let out = f(&tx)?;
                tx.commit()?;
                Ok(out)
            }
            Backend::Postgres => {
                let mut client = postgres::Client::connect(&self.url, postgres::NoTls)?;
                let mut tx = client.transaction()?;
                let out = f(&crate::sql::PgDb::new(&mut tx))?;
                tx.commit()?;
                Ok(out)
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.pg {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(e) = admin(server, &sql) {
                eprintln!("warning: test database {name} was not dropped: {e}");
            }
        }
    }
}

/// A database name no other test (of this process or another) uses.
fn unique_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "rapport_test_{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// The name of a database on `server` with this build's migrations
/// applied, made the first time it is asked for: each test database is
/// a copy of it (`CREATE DATABASE ... TEMPLATE`), much faster than
/// migrating an empty one.
///
/// Test processes run at once (nextest runs each test in its own), so
/// the first to come makes it while holding an advisory lock the others
/// wait for, and marks it finished with a comment last: one left half
/// made by a process that died is made again.
fn template(server: &str) -> Result<String, String> {
    static MADE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(name) = MADE.get() {
        return Ok(name.clone());
    }
    let name = format!("rapport_template_{:016x}", crate::postgres::fingerprint());
    let (server_c, name_c) = (server.to_string(), name.clone());
    std::thread::spawn(move || -> Result<(), String> {
        let (server, name) = (server_c, name_c);
        let mut client = postgres::Client::connect(&server, postgres::NoTls).map_err(message)?;
        client
            .execute("SELECT pg_advisory_lock($1)", &[&TEMPLATE_LOCK])
            .map_err(message)?;
        let ready = client
            .query_opt(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database \
                 WHERE datname = $1",
                &[&name],
            )
            .map_err(message)?
            .map(|row| row.get::<_, Option<String>>(0));
        let made = match ready {
            Some(Some(comment)) if comment == TEMPLATE_READY => Ok(()),
            _ => (|| {
                // Each on its own: neither runs inside a transaction,
                // which one query string of two statements would be.
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .map_err(message)?;
                client
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .map_err(message)?;
                let store = crate::postgres::PgStore::open(&database_url(&server, &name))
                    .map_err(|e| e.to_string())?;
                drop(store);
                client
                    .batch_execute(&format!("COMMENT ON DATABASE {name} IS '{TEMPLATE_READY}'"))
                    .map_err(message)
            })(),
        };
        let unlocked = client
            .execute("SELECT pg_advisory_unlock($1)", &[&TEMPLATE_LOCK])
            .map_err(message);
        made.and(unlocked.map(drop))
    })
    .join()
    .unwrap_or_else(|_| Err("the template thread panicked".into()))?;
    Ok(MADE.get_or_init(|| name).clone())
}

/// The advisory lock held while the template is looked for or made.
const TEMPLATE_LOCK: i64 = 0x5241_5050_4f52_5403;

/// The template's comment once it is complete.
const TEMPLATE_READY: &str = "rapport test template, migrated";

/// A driver error as the server worded it, when it did.
fn message(e: postgres::Error) -> String {
    e.as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_else(|| e.to_string())
}

/// `server` (a URL ending in `/DATABASE`) with `name` as its database.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let base = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && !base[..i].ends_with('/') => &base[..i],
        _ => base,
    };
    format!("{base}/{name}{query}")
}

/// Runs one statement on `server`, on a thread of its own: the driver
/// cannot run on an async runtime's thread, and API tests make their
/// databases inside one.
fn admin(server: &str, sql: &str) -> Result<(), String> {
    let (server, sql) = (server.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let mut client =
            postgres::Client::connect(&server, postgres::NoTls).map_err(|e| e.to_string())?;
        client.batch_execute(&sql).map_err(message)
    })
    .join()
    .unwrap_or_else(|_| Err("the admin thread panicked".into()))
}

/// Writes a test once for each store: `mod NAME { fn sqlite(); fn
/// postgres(); }`, each calling the body with a fresh [`TestDb`].
///
/// ```ignore
/// per_backend! {
///     fn a_cursor_is_stored_and_replaced(db) {
///         let store = db.open().unwrap();
///         // ...
///     }
/// }
/// ```
///
/// A test whose PostgreSQL side waits for a store method still to be
/// ported is written `pg_pending("why") fn NAME(db) { ... }`: its
/// PostgreSQL variant is ignored with that reason (listed as skipped).
#[macro_export]
macro_rules! per_backend {
    ($(#[$attr:meta])* fn $name:ident($db:ident) $body:block $($rest:tt)*) => {
        $crate::per_backend!(@one [$(#[$attr])*] [] $name $db $body);
        $crate::per_backend!($($rest)*);
    };
    ($(#[$attr:meta])* pg_pending($why:literal) fn $name:ident($db:ident) $body:block $($rest:tt)*) => {
        $crate::per_backend!(@one [$(#[$attr])*] [#[ignore = $why]] $name $db $body);
        $crate::per_backend!($($rest)*);
    };
    () => {};
    (@one [$($attr:tt)*] [$($pg:tt)*] $name:ident $db:ident $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn body($db: &$crate::testing::TestDb) $body

            $($attr)*
            #[test]
            fn sqlite() {
                body(&$crate::testing::TestDb::new($crate::testing::Backend::Sqlite));
            }

            $($attr)*
            $($pg)*
            #[test]
            fn postgres() {
                body(&$crate::testing::TestDb::new($crate::testing::Backend::Postgres));
            }
        }
    };
}

/// Writes ordinary tests once for each store: each `#[test] fn NAME()`
/// or `#[tokio::test] async fn NAME()` in it becomes `mod NAME { fn
/// sqlite(); fn postgres(); }`, both running the body unchanged with
/// [`current`] saying which store. Helpers make their database where
/// [`current`] says (a [`TestDb`] of that store, kept as long as what
/// they return), so the bodies need not know.
///
/// ```ignore
/// rapport_store::both! {
///     #[test]
///     fn import_counts_what_it_stored() {
///         let dir = Dir::new(); // on SQLite, then on PostgreSQL
///         // ...
///     }
///
///     #[tokio::test]
///     async fn the_inbox_answers() {
///         let app = spawn_app().await;
///         // ...
///     }
/// }
/// ```
///
/// The attributes (`#[test]`, `#[tokio::test]`, `#[ignore]`, doc
/// comments...) go on both variants as written.
#[macro_export]
macro_rules! both {
    () => {};
    ($(#[$attr:meta])* async fn $name:ident() $body:block $($rest:tt)*) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            // A test's body: unwrap is allowed there (clippy.toml).
            #[allow(clippy::unwrap_used)]
            async fn body() $body

            $(#[$attr])*
            async fn sqlite() {
                let _on = $crate::testing::on($crate::testing::Backend::Sqlite);
                body().await
            }

            $(#[$attr])*
            async fn postgres() {
                let _on = $crate::testing::on($crate::testing::Backend::Postgres);
                body().await
            }
        }
        $crate::both!($($rest)*);
    };
    ($(#[$attr:meta])* fn $name:ident() $body:block $($rest:tt)*) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            // A test's body: unwrap is allowed there (clippy.toml).
            #[allow(clippy::unwrap_used)]
            fn body() $body

            $(#[$attr])*
            fn sqlite() {
                let _on = $crate::testing::on($crate::testing::Backend::Sqlite);
                body()
            }

            $(#[$attr])*
            fn postgres() {
                let _on = $crate::testing::on($crate::testing::Backend::Postgres);
                body()
            }
        }
        $crate::both!($($rest)*);
    };
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn a_test_database_replaces_the_servers_database_in_its_url() {
        assert_eq!(
            database_url("postgres://pg@127.0.0.1:5432/postgres", "t1"),
            "postgres://pg@127.0.0.1:5432/t1"
        );
        assert_eq!(
            database_url(
                "postgres://pg@127.0.0.1:5432/postgres?sslmode=disable",
                "t1"
            ),
            "postgres://pg@127.0.0.1:5432/t1?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://pg@127.0.0.1:5432", "t1"),
            "postgres://pg@127.0.0.1:5432/t1"
        );
    }
}
