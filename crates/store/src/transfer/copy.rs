//! The copy itself: every table of the source, in key order, into an
//! empty target, ids kept; then the target's id sequences and search
//! index brought in line with what it now holds.

use super::checksum::{sum, Check};
use super::endpoint::Endpoint;
use super::scan::{scan, Cells};
use super::tables::{plan, quoted, Plan, Table, Treatment};
use crate::sql::{args, Arg, Db, DbExt, Dialect};
use crate::StoreError;
use std::time::Instant;

/// Rows read from the source per query and written to the target per
/// transaction.
const BATCH: usize = 10_000;

/// Values bound per insert statement at most (SQLite takes 32,766,
/// PostgreSQL 65,535).
const VALUES_PER_INSERT: usize = 30_000;

/// Rows per insert statement at most: more saves little.
const ROWS_PER_INSERT: usize = 500;

/// What moving a store did.
#[derive(Debug, Clone)]
pub struct Moved {
    /// Each copied table: its name, rows and seconds, in copy order.
    pub tables: Vec<(String, u64, f64)>,
    /// Tables left to each database (name and why), not copied.
    pub left: Vec<(String, Treatment)>,
    /// Seconds copying rows took.
    pub copy_seconds: f64,
    /// Rows the target's search index was rebuilt with, and the seconds
    /// it took.
    pub search: (u64, f64),
}

impl Moved {
    /// Rows copied, all tables.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|(_, n, _)| n).sum()
    }
}

/// What a move reports as it goes: a table's rows copied so far, and
/// whether it is done.
pub type Progress<'a> = dyn FnMut(&str, u64, bool) + 'a;

/// Copies the whole store `from` holds into `to`, which must be empty
/// (freshly created: only what its migrations made), and returns what
/// was copied. The source is read in one transaction, so the copy is one
/// consistent state of it whatever is written there meanwhile; the
/// target is written a batch per transaction. Refuses a target that
/// holds data ([`StoreError::Refused`]) before writing anything.
pub fn copy(
    from: &mut Endpoint,
    to: &mut Endpoint,
    progress: &mut Progress<'_>,
) -> Result<Moved, StoreError> {
    let Plan {
        copied: tables,
        left,
    } = from.read(|f| to.read(|t| plan(f, t)))?;
    to.read(|db| refuse_data(db, &tables))?;
    let target = to.dialect();
    let start = Instant::now();
    let mut done = Vec::with_capacity(tables.len());
    let reserved = from.read(|src| {
        let mut reserved = Vec::new();
        for table in &tables {
            let began = Instant::now();
            if table.treatment == Treatment::Replaced {
                to.write(|db| {
                    db.execute(&format!("DELETE FROM {}", quoted(&table.name)), args![])
                })?;
            }
            let insert = Insert::new(table);
            let mut copied = 0;
            scan(src, table, BATCH, &mut |rows| {
                to.write(|db| insert.run(db, rows))?;
                copied += rows.len() as u64;
                progress(&table.name, copied, false);
                Ok(())
            })?;
            progress(&table.name, copied, true);
            done.push((table.name.clone(), copied, began.elapsed().as_secs_f64()));
            if table.identity && target == Dialect::Postgres {
                reserved.push((table.name.clone(), handed_out(src, &table.name)?));
            }
        }
        Ok(reserved)
    })?;
    let copy_seconds = start.elapsed().as_secs_f64();
    if target == Dialect::Postgres {
        to.write(|db| {
            for (table, through) in &reserved {
                continue_ids(db, table, *through)?;
            }
            // A write the store's own writers did not count: readers that
            // cache by the store's version look again.
            db.execute("UPDATE store_version SET n = n + 1 WHERE id = 1", args![])?;
            Ok(())
        })?;
    }
    let began = Instant::now();
    // Every person and identity copied was marked for the index by the
    // target's triggers, and the index has read no message yet: the
    // search's own catching up writes all of it.
    let indexed = crate::shared::search::catch_up(&mut |step| to.write(|db| step(db)))?;
    if target == Dialect::Postgres {
        // Fresh statistics for the planner after loading every table.
        to.write(|db| db.execute_batch("ANALYZE"))?;
    }
    Ok(Moved {
        tables: done,
        left,
        copy_seconds,
        search: (indexed, began.elapsed().as_secs_f64()),
    })
}

/// Compares every copied table of `from` and `to` (rows and checksums),
/// each side read in one transaction.
pub fn compare(from: &mut Endpoint, to: &mut Endpoint) -> Result<Vec<Check>, StoreError> {
    let tables = from.read(|f| to.read(|t| plan(f, t)))?.copied;
    let sums = |db: &dyn Db| {
        tables
            .iter()
            .map(|t| sum(db, t))
            .collect::<Result<Vec<_>, _>>()
    };
    let (before, after) = (from.read(sums)?, to.read(sums)?);
    Ok(tables
        .iter()
        .zip(before.into_iter().zip(after))
        .map(|(t, (from, to))| Check {
            table: t.name.clone(),
            from,
            to,
        })
        .collect())
}

/// Fails when any table a move fills already holds a row (what the
/// target's migrations made — a secret, a salt — is replaced, not
/// counted).
fn refuse_data(db: &dyn Db, tables: &[Table]) -> Result<(), StoreError> {
    for table in tables.iter().filter(|t| t.treatment == Treatment::Copied) {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(&table.name));
        if db.scalar::<bool>(&sql, args![])? {
            return Err(StoreError::Refused(format!(
                "the target database is not empty (table {} has rows): move into a new SQLite file \
                 or a freshly created PostgreSQL database",
                table.name
            )));
        }
    }
    Ok(())
}

/// The highest id the source has handed out for `table`: on PostgreSQL
/// its identity sequence may be past the highest row left (rows
/// deleted), and those ids stay used; SQLite hands out the highest row's
/// id plus one, which the copied rows carry.
fn handed_out(src: &dyn Db, table: &str) -> Result<i64, StoreError> {
    match src.dialect() {
        Dialect::Sqlite => Ok(0),
        Dialect::Postgres => Ok(src
            .scalar::<Option<i64>>(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(?1, 'id')::regclass)",
                args![table],
            )?
            .unwrap_or(0)),
    }
}

/// Sets `table`'s identity sequence on the target so the next id is past
/// both its highest row and what the source handed out.
fn continue_ids(db: &dyn Db, table: &str, handed_out: i64) -> Result<(), StoreError> {
    let sql = format!("SELECT coalesce(max(id), 0) FROM {}", quoted(table));
    let through = db.scalar::<i64>(&sql, args![])?.max(handed_out);
    // `setval(s, n, true)` hands out n + 1 next; (s, 1, false) hands out 1.
    let (value, called) = if through > 0 {
        (through, true)
    } else {
        (1, false)
    };
    db.scalar::<i64>(
        "SELECT setval(pg_get_serial_sequence(?1, 'id'), ?2, ?3)",
        args![table, value, called],
    )?;
    Ok(())
}

/// The insert statements for one table: one for a full chunk of rows,
/// one made for the last, shorter chunk.
struct Insert {
    head: String,
    row: String,
    per: usize,
    full: String,
}

impl Insert {
    fn new(table: &Table) -> Insert {
        let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
        let head = format!(
            "INSERT INTO {} ({}) VALUES ",
            quoted(&table.name),
            columns.join(", ")
        );
        let row = format!("({})", vec!["?"; columns.len()].join(", "));
        let per = (VALUES_PER_INSERT / columns.len().max(1)).clamp(1, ROWS_PER_INSERT);
        let full = Insert::sql(&head, &row, per);
        Insert {
            head,
            row,
            per,
            full,
        }
    }

    fn sql(head: &str, row: &str, rows: usize) -> String {
        let mut sql = String::with_capacity(head.len() + rows * (row.len() + 2));
        sql.push_str(head);
        for i in 0..rows {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(row);
        }
        sql
    }

    /// Writes `rows`, a chunk per statement.
    fn run(&self, db: &dyn Db, rows: &[Cells]) -> Result<(), StoreError> {
        for chunk in rows.chunks(self.per) {
            let values: Vec<&dyn Arg> = chunk.iter().flatten().map(|c| c as &dyn Arg).collect();
            if chunk.len() == self.per {
                db.execute(&self.full, &values)?;
            } else {
                db.execute(&Insert::sql(&self.head, &self.row, chunk.len()), &values)?;
            }
        }
        Ok(())
    }
}
