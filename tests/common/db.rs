//! A test's own look into its database, past the store: run a statement,
//! count rows, list every row of every table — on a SQLite file
//! (`sqlite://PATH`) or a PostgreSQL database (`postgres://...`) alike,
//! for tests that check what is stored, not what the store says.
//!
//! PostgreSQL's calls run on a thread of their own: its driver cannot
//! block on an async test's thread.

#![allow(dead_code)]

/// Which database a URL names, opened.
enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

fn with<T: Send>(url: &str, f: impl FnOnce(&mut Conn) -> T + Send) -> T {
    if let Some(path) = url.strip_prefix("sqlite://") {
        let conn = rusqlite::Connection::open(path).expect("open the SQLite file");
        return f(&mut Conn::Sqlite(conn));
    }
    std::thread::scope(|s| {
        s.spawn(|| {
            let client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
            f(&mut Conn::Postgres(client))
        })
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Runs `sql` (one or more statements, no parameters).
pub fn execute(url: &str, sql: &str) {
    with(url, |conn| match conn {
        Conn::Sqlite(c) => c.execute_batch(sql).expect("sql"),
        Conn::Postgres(c) => c.batch_execute(sql).expect("sql"),
    })
}

/// The single integer `sql` selects, with `text` as its one parameter
/// when given (`?1` on SQLite, `$1` on PostgreSQL: write `$1`).
pub fn count(url: &str, sql: &str, text: Option<&str>) -> i64 {
    with(url, |conn| match conn {
        Conn::Sqlite(c) => {
            let sql = sql.replace("$1", "?1");
            match text {
                Some(t) => c.query_row(&sql, [t], |r| r.get(0)),
                None => c.query_row(&sql, [], |r| r.get(0)),
            }
            .expect("count")
        }
        Conn::Postgres(c) => {
            let row = match text {
                Some(t) => c.query_one(sql, &[&t]),
                None => c.query_one(sql, &[]),
            }
            .expect("count");
            row.get(0)
        }
    })
}

/// The tables Rapport made, by name.
fn tables(conn: &mut Conn) -> Vec<String> {
    match conn {
        Conn::Sqlite(c) => c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .expect("tables")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("names"),
        Conn::Postgres(c) => c
            .query(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                 ORDER BY table_name",
                &[],
            )
            .expect("tables")
            .iter()
            .map(|r| r.get(0))
            .collect(),
    }
}

/// `table.column: n` for each column of each table holding `needle`
/// (any case) in `n` rows.
pub fn rows_holding(url: &str, needle: &str) -> Vec<String> {
    with(url, |conn| {
        let mut found = Vec::new();
        for t in tables(conn) {
            let columns: Vec<String> = match conn {
                Conn::Sqlite(c) => c
                    .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                    .expect("columns")
                    .query_map([], |r| r.get(0))
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("names"),
                Conn::Postgres(c) => c
                    .query(
                        "SELECT column_name::text FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name = $1",
                        &[&t],
                    )
                    .expect("columns")
                    .iter()
                    .map(|r| r.get(0))
                    .collect(),
            };
            for col in columns {
                let n: i64 = match conn {
                    Conn::Sqlite(c) => c
                        .query_row(
                            &format!(
                                "SELECT count(*) FROM \"{t}\"
                                 WHERE instr(lower(CAST(\"{col}\" AS TEXT)), lower(?1)) > 0"
                            ),
                            [needle],
                            |r| r.get(0),
                        )
                        .expect("count"),
                    Conn::Postgres(c) => c
                        .query_one(
                            &format!(
                                "SELECT count(*) FROM \"{t}\"
                                 WHERE strpos(lower(CAST(\"{col}\" AS TEXT)), lower($1)) > 0"
                            ),
                            &[&needle],
                        )
                        .expect("count")
                        .get(0),
                };
                if n > 0 {
                    found.push(format!("{t}.{col}: {n}"));
                }
            }
        }
        found
    })
}

/// Every row of every table as text, sorted: the whole database, to
/// compare before and after.
pub fn everything(url: &str) -> Vec<String> {
    with(url, |conn| {
        let mut out = Vec::new();
        for t in tables(conn) {
            match conn {
                Conn::Sqlite(c) => {
                    let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\"")).expect("rows");
                    let n = stmt.column_count();
                    let mut rows = stmt.query([]).expect("rows");
                    while let Some(r) = rows.next().expect("row") {
                        let cells: Vec<String> = (0..n)
                            .map(|i| format!("{:?}", r.get_ref(i).expect("cell")))
                            .collect();
                        out.push(format!("{t}: {}", cells.join(" | ")));
                    }
                }
                Conn::Postgres(c) => {
                    let sql = format!("SELECT CAST(x AS TEXT) FROM \"{t}\" AS x");
                    for r in c.query(&sql, &[]).expect("rows") {
                        let row: String = r.get(0);
                        out.push(format!("{t}: {row}"));
                    }
                }
            }
        }
        out.sort();
        out
    })
}

/// Whether the database passes its own integrity check (SQLite's
/// `PRAGMA integrity_check`; PostgreSQL has none a query runs, so true).
pub fn intact(url: &str) -> bool {
    with(url, |conn| match conn {
        Conn::Sqlite(c) => {
            let ok: String = c
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .expect("integrity check");
            ok == "ok"
        }
        Conn::Postgres(_) => true,
    })
}
