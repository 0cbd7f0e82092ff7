//! Test databases for both stores, so one test body runs on SQLite and on
//! PostgreSQL (as ripgrep's `rgtest!` runs a test per regex engine).
//!
//! [`TestDb::new`] makes a fresh database: a file in a temporary
//! directory for SQLite; for PostgreSQL a database of its own on the
//! server `RAPPORT_TEST_PG` names (`scripts/pg` starts a throwaway one and
//! sets it; `scripts/test` runs every test that way), dropped when the
//! `TestDb` is. Without `RAPPORT_TEST_PG` a PostgreSQL test fails, never
//! passes unseen. [`per_backend!`](crate::per_backend) writes the two
//! tests.
//!
//! Built for this crate's tests and, with the `testing` feature, for
//! other crates' tests.

use crate::{Store, StoreError};
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

/// A fresh database for one test, removed when dropped.
pub struct TestDb {
    backend: Backend,
    url: String,
    dir: tempfile::TempDir,
    /// The server's URL and the database made on it.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// A fresh, empty database on `backend` (not opened yet). Panics with
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
                let sql = format!("CREATE DATABASE {name}");
                if let Err(e) = admin(&server, &sql) {
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
        client.batch_execute(&sql).map_err(|e| {
            e.as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_else(|| e.to_string())
        })
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
