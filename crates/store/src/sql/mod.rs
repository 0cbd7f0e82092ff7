//! One way to speak SQL to either database, so the store's logic is
//! written once.
//!
//! The logic modules take a [`Db`]: an open transaction (or a read-only
//! connection) on SQLite or PostgreSQL. Statements are written with
//! SQLite's numbered placeholders (`?1`, `?2`, or bare `?`), which the
//! PostgreSQL side renumbers as `$1`, `$2`; arguments and column values
//! pass as [`Value`]s, the five kinds both databases store here
//! (integers, doubles, text, bytes and null — flags are 0/1 integers and
//! times Unix seconds on both, see the PostgreSQL schema). Each side
//! caches its prepared statements.
//!
//! SQL that both accept is the rule: `INSERT … ON CONFLICT … DO
//! NOTHING/UPDATE`, `RETURNING`, `COALESCE`, `CASE`, explicit `NULLS
//! FIRST/LAST` (the two databases order nulls differently by default),
//! `CAST(SUM(x) AS BIGINT)` where a whole number must come back (PostgreSQL
//! sums integers as `numeric`, which [`Value`] reads anyway). Where they
//! differ — full-text search, a few functions — the code asks
//! [`Db::dialect`].
//!
//! ```ignore
//! use rapport_store::sql::{args, Db, DbExt};
//! fn names(db: &dyn Db, person: i64) -> Result<Vec<String>, StoreError> {
//!     db.rows("SELECT handle FROM identity WHERE person_id = ?1 ORDER BY id",
//!             args![person], |r| r.get(0))
//! }
//! ```

mod pg;
mod sqlite;

pub use pg::{PgDb, Statements};

use crate::StoreError;

/// Which database a [`Db`] speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (the embedded default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// `sqlite` on SQLite, `postgres` on PostgreSQL: one statement written
    /// in each database's own way. The hot inserts use it for their
    /// conflict clauses: SQLite's own `INSERT OR IGNORE` / `OR REPLACE`
    /// keep no statement journal, where `ON CONFLICT` (PostgreSQL's
    /// spelling, which SQLite takes too) journals every page an insert's
    /// triggers touch — a fifth of an import's writing time.
    pub fn pick(self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self {
            Dialect::Sqlite => sqlite,
            Dialect::Postgres => postgres,
        }
    }
}

/// A value passed to or read from either database.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// SQL null.
    Null,
    /// A whole number (also flags, times and ids).
    Int(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(&'a str),
    /// Bytes.
    Blob(&'a [u8]),
}

impl Value<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a double",
            Value::Text(_) => "text",
            Value::Blob(_) => "bytes",
        }
    }
}

/// Something that can be bound to a placeholder.
pub trait Arg {
    /// The value bound.
    fn arg(&self) -> Value<'_>;
}

impl Arg for Value<'_> {
    fn arg(&self) -> Value<'_> {
        *self
    }
}
impl Arg for i64 {
    fn arg(&self) -> Value<'_> {
        Value::Int(*self)
    }
}
impl Arg for i32 {
    fn arg(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for u32 {
    fn arg(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for u16 {
    fn arg(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for u8 {
    fn arg(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for usize {
    fn arg(&self) -> Value<'_> {
        // No count the store keeps comes near i64's range.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl Arg for bool {
    fn arg(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}
impl Arg for f64 {
    fn arg(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl Arg for f32 {
    fn arg(&self) -> Value<'_> {
        Value::Real(f64::from(*self))
    }
}
impl Arg for str {
    fn arg(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for String {
    fn arg(&self) -> Value<'_> {
        Value::Text(self)
    }
}
impl Arg for [u8] {
    fn arg(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl Arg for Vec<u8> {
    fn arg(&self) -> Value<'_> {
        Value::Blob(self)
    }
}
impl<T: Arg> Arg for Option<T> {
    fn arg(&self) -> Value<'_> {
        match self {
            Some(v) => v.arg(),
            None => Value::Null,
        }
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn arg(&self) -> Value<'_> {
        (**self).arg()
    }
}

/// A slice of arguments, each borrowed as `&dyn Arg`:
/// `args![id, name, at]`.
#[macro_export]
macro_rules! args {
    () => {
        &[] as &[&dyn $crate::sql::Arg]
    };
    ($($a:expr),+ $(,)?) => {
        &[$(&$a as &dyn $crate::sql::Arg),+] as &[&dyn $crate::sql::Arg]
    };
}
pub use args;

/// A value read back as a Rust type.
pub trait FromValue: Sized {
    /// `v` as `Self`, or why not.
    fn from_value(v: Value<'_>) -> Result<Self, String>;
}

fn wrong<T>(want: &str, v: Value<'_>) -> Result<T, String> {
    Err(format!("expected {want}, found {}", v.kind()))
}

impl FromValue for i64 {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Int(n) => Ok(n),
            _ => wrong("an integer", v),
        }
    }
}
impl FromValue for i32 {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        let n = i64::from_value(v)?;
        i32::try_from(n).map_err(|_| format!("{n} is out of range"))
    }
}
impl FromValue for u32 {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        let n = i64::from_value(v)?;
        u32::try_from(n).map_err(|_| format!("{n} is out of range"))
    }
}
impl FromValue for usize {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        let n = i64::from_value(v)?;
        usize::try_from(n).map_err(|_| format!("{n} is out of range"))
    }
}
impl FromValue for bool {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        Ok(i64::from_value(v)? != 0)
    }
}
impl FromValue for f64 {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Real(x) => Ok(x),
            // An integer where a double is read (SQLite keeps whole
            // doubles in REAL columns as they are, but sums of integers
            // are integers): exact below 2^53, which every count is.
            #[allow(clippy::cast_precision_loss)]
            Value::Int(n) => Ok(n as f64),
            _ => wrong("a number", v),
        }
    }
}
impl FromValue for String {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.to_owned()),
            _ => wrong("text", v),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.to_vec()),
            // SQLite hands back what was stored: text written where bytes
            // are read is still its bytes.
            Value::Text(s) => Ok(s.as_bytes().to_vec()),
            _ => wrong("bytes", v),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value<'_>) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result.
pub trait Row {
    /// Column `i`'s value (from 0).
    fn value(&self, i: usize) -> Result<Value<'_>, StoreError>;
}

impl dyn Row + '_ {
    /// Column `i` (from 0) as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T, StoreError> {
        T::from_value(self.value(i)?).map_err(|reason| StoreError::Column { index: i, reason })
    }

    /// Column `i` as text, borrowed from the row.
    pub fn text(&self, i: usize) -> Result<&str, StoreError> {
        match self.value(i)? {
            Value::Text(s) => Ok(s),
            v => Err(StoreError::Column {
                index: i,
                reason: format!("expected text, found {}", v.kind()),
            }),
        }
    }
}

/// What to do after a row: go on to the next or stop.
pub type Flow = std::ops::ControlFlow<()>;

/// An open transaction or connection on either database.
pub trait Db {
    /// Which database this is.
    fn dialect(&self) -> Dialect;

    /// Runs one statement, returning how many rows it changed.
    fn execute(&self, sql: &str, args: &[&dyn Arg]) -> Result<usize, StoreError>;

    /// Runs one query, handing each row to `each` until it says stop.
    fn query(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&dyn Row) -> Result<Flow, StoreError>,
    ) -> Result<(), StoreError>;

    /// Runs statements with no arguments, separated by `;`.
    fn execute_batch(&self, sql: &str) -> Result<(), StoreError>;
}

/// Typed helpers over [`Db::query`].
pub trait DbExt: Db {
    /// Every row, each made into a `T` by `f`.
    fn rows<T>(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        mut f: impl FnMut(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.query(sql, args, &mut |r| {
            out.push(f(r)?);
            Ok(Flow::Continue(()))
        })?;
        Ok(out)
    }

    /// Each row handed to `f`, nothing kept.
    fn each(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        mut f: impl FnMut(&dyn Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.query(sql, args, &mut |r| {
            f(r)?;
            Ok(Flow::Continue(()))
        })
    }

    /// The first row made into a `T`, if there is one.
    fn opt<T>(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        f: impl FnOnce(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut f = Some(f);
        let mut out = None;
        self.query(sql, args, &mut |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(Flow::Break(()))
        })?;
        Ok(out)
    }

    /// The first row made into a `T`; no row is an error.
    fn one<T>(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        f: impl FnOnce(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.opt(sql, args, f)?.ok_or(StoreError::NoRow)
    }

    /// The first column of the first row; no row is an error.
    fn scalar<T: FromValue>(&self, sql: &str, args: &[&dyn Arg]) -> Result<T, StoreError> {
        self.one(sql, args, |r| r.get(0))
    }

    /// The first column of the first row, if there is a row.
    fn scalar_opt<T: FromValue>(
        &self,
        sql: &str,
        args: &[&dyn Arg],
    ) -> Result<Option<T>, StoreError> {
        self.opt(sql, args, |r| r.get(0))
    }
}

impl<D: Db + ?Sized> DbExt for D {}

/// `sql` with SQLite's `?N` and bare `?` placeholders as PostgreSQL's
/// `$N` (bare ones numbered in order, as SQLite numbers them), leaving
/// quoted text and names alone.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0u32;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                out.push('$');
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    out.push_str(&next.to_string());
                } else {
                    // SQLite numbers a bare `?` after `?N` as N + 1.
                    next = next.max(digits.parse().unwrap_or(0));
                    out.push_str(&digits);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_outside_quotes() {
        assert_eq!(
            numbered("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $12"
        );
        assert_eq!(numbered("VALUES (?, ?, \"?\")"), "VALUES ($1, $2, \"?\")");
        assert_eq!(numbered("x = ?3 OR y = ?"), "x = $3 OR y = $4");
        assert_eq!(numbered("'it''s ?' || ?1"), "'it''s ?' || $1");
    }

    crate::per_backend! {
        fn values_go_in_and_come_back_alike(db) {
            let back = db
                .with_db(|db| {
                    db.execute_batch(
                        "CREATE TABLE probe (n BIGINT, x DOUBLE PRECISION, t TEXT, b BYTEA)",
                    )
                    .or_else(|_| {
                        db.execute_batch("CREATE TABLE probe (n BIGINT, x DOUBLE PRECISION, t TEXT, b BLOB)")
                    })?;
                    let none: Option<i64> = None;
                    let n = db.execute(
                        "INSERT INTO probe (n, x, t, b) VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)",
                        args![7i64, 2.5, "grüße ?1", vec![0u8, 255], none, 3i64, "", b"x".as_slice()],
                    )?;
                    assert_eq!(n, 2);
                    let rows = db.rows(
                        "SELECT n, x, t, b FROM probe ORDER BY n NULLS FIRST",
                        args![],
                        |r| Ok((
                            r.get::<Option<i64>>(0)?,
                            r.get::<f64>(1)?,
                            r.get::<String>(2)?,
                            r.get::<Vec<u8>>(3)?,
                        )),
                    )?;
                    // Sums of integers come back whole on both (numeric on
                    // PostgreSQL), a missing row as none, a flag as a bool.
                    let sum: i64 = db.scalar("SELECT SUM(n) + 1 FROM probe", args![])?;
                    let missing: Option<i64> = db.scalar_opt("SELECT n FROM probe WHERE n = ?", args![99])?;
                    let flag: bool = db.scalar("SELECT n = 7 FROM probe WHERE n = 7", args![])?;
                    Ok((rows, sum, missing, flag))
                })
                .expect("probe");
            assert_eq!(
                back.0,
                vec![
                    (None, 3.0, String::new(), b"x".to_vec()),
                    (Some(7), 2.5, "grüße ?1".to_string(), vec![0, 255]),
                ]
            );
            assert_eq!((back.1, back.2, back.3), (8, None, true));
        }
    }
}
