//! [`Db`] on SQLite: a transaction or a connection, statements from its
//! cache.

use super::{Arg, Db, Dialect, Flow, Row, Value};
use crate::StoreError;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, Transaction};

/// A [`Value`] bound as SQLite's own.
struct Bound<'a>(Value<'a>);

impl rusqlite::ToSql for Bound<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(n),
            Value::Real(x) => ValueRef::Real(x),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn bound<'a>(args: &'a [&'a dyn Arg]) -> impl Iterator<Item = Bound<'a>> + 'a {
    args.iter().map(|a| Bound(a.arg()))
}

struct LiteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl Row for LiteRow<'_, '_> {
    fn value(&self, i: usize) -> Result<Value<'_>, StoreError> {
        Ok(match self.0.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::Int(n),
            ValueRef::Real(x) => Value::Real(x),
            ValueRef::Text(b) => {
                Value::Text(std::str::from_utf8(b).map_err(|e| StoreError::Column {
                    index: i,
                    reason: format!("text that is not UTF-8 ({e})"),
                })?)
            }
            ValueRef::Blob(b) => Value::Blob(b),
        })
    }
}

/// `Db` for a connection and for a transaction on one (which is one,
/// by `Deref`): the same statements on either.
macro_rules! sqlite_db {
    ($t:ty) => {
        impl Db for $t {
            fn dialect(&self) -> Dialect {
                Dialect::Sqlite
            }

            fn execute(&self, sql: &str, args: &[&dyn Arg]) -> Result<usize, StoreError> {
                Ok(self
                    .prepare_cached(sql)?
                    .execute(params_from_iter(bound(args)))?)
            }

            fn query(
                &self,
                sql: &str,
                args: &[&dyn Arg],
                each: &mut dyn FnMut(&dyn Row) -> Result<Flow, StoreError>,
            ) -> Result<(), StoreError> {
                let mut stmt = self.prepare_cached(sql)?;
                let mut rows = stmt.query(params_from_iter(bound(args)))?;
                while let Some(r) = rows.next()? {
                    if each(&LiteRow(r))?.is_break() {
                        break;
                    }
                }
                Ok(())
            }

            fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
                Ok(Connection::execute_batch(self, sql)?)
            }
        }
    };
}

sqlite_db!(Connection);
sqlite_db!(Transaction<'_>);
