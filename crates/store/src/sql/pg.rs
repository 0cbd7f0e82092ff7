//! [`Db`] on PostgreSQL: a transaction, its statements prepared once per
//! transaction, placeholders renumbered (see [`numbered`]).

use super::{numbered, Arg, Db, Dialect, Flow, Row, Value};
use crate::StoreError;
use bytes::BytesMut;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use postgres::{Statement, Transaction};
use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error;

type Failure = Box<dyn Error + Sync + Send>;

/// A PostgreSQL transaction as a [`Db`].
///
/// The driver's calls take the transaction mutably; the logic modules
/// share a `&dyn Db` (SQLite's connection is shared that way), so the
/// transaction sits in a cell, borrowed for one call at a time — rows are
/// fetched whole before they are handed on, so a row's handler may run
/// statements of its own.
pub struct PgDb<'a, 't> {
    tx: RefCell<&'a mut Transaction<'t>>,
    prepared: RefCell<Prepared<'a>>,
}

/// Statements prepared on a connection, by their text as written here.
/// A prepared statement belongs to the connection, not the transaction
/// that prepared it: kept with a pooled connection, each statement is
/// prepared once per connection rather than once per transaction (a
/// round trip saved on every statement of every short read).
pub type Statements = HashMap<String, Statement>;

/// Where a [`PgDb`] keeps its prepared statements.
enum Prepared<'a> {
    /// For this transaction only.
    Own(Statements),
    /// The connection's, lent for the transaction.
    Lent(&'a mut Statements),
}

impl Prepared<'_> {
    fn get(&mut self) -> &mut Statements {
        match self {
            Prepared::Own(s) => s,
            Prepared::Lent(s) => s,
        }
    }
}

impl<'a, 't> PgDb<'a, 't> {
    /// Statements kept at most; past it they are prepared again (SQL built
    /// with a varying number of placeholders would otherwise pile up).
    const KEPT: usize = 512;

    /// `tx` as a [`Db`], preparing its statements for itself.
    pub fn new(tx: &'a mut Transaction<'t>) -> Self {
        PgDb {
            tx: RefCell::new(tx),
            prepared: RefCell::new(Prepared::Own(HashMap::new())),
        }
    }

    /// `tx` as a [`Db`], with the statements its connection prepared
    /// before (and keeping those it prepares).
    pub fn with_statements(tx: &'a mut Transaction<'t>, kept: &'a mut Statements) -> Self {
        PgDb {
            tx: RefCell::new(tx),
            prepared: RefCell::new(Prepared::Lent(kept)),
        }
    }

    fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.prepared.borrow_mut().get().get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.borrow_mut().prepare(&numbered(sql))?;
        let mut prepared = self.prepared.borrow_mut();
        let kept = prepared.get();
        if kept.len() >= Self::KEPT {
            kept.clear();
        }
        kept.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

/// A [`Value`] bound to whatever type the server settled on for its
/// placeholder (an integer to a `bigint`, `integer` or `double
/// precision` one, text to any text type, and so on).
#[derive(Debug)]
struct Bound<'a>(Value<'a>);

impl ToSql for Bound<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Failure> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => {
                if *ty == Type::INT8 {
                    n.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(n)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(n)?.to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    #[allow(clippy::cast_precision_loss)]
                    (n as f64).to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (n != 0).to_sql(ty, out)
                } else if <&str as ToSql>::accepts(ty) {
                    n.to_string().as_str().to_sql(ty, out)
                } else {
                    Err(format!("an integer cannot go where {ty} is expected").into())
                }
            }
            Value::Real(x) => {
                if *ty == Type::FLOAT8 {
                    x.to_sql(ty, out)
                } else if *ty == Type::FLOAT4 {
                    #[allow(clippy::cast_possible_truncation)]
                    (x as f32).to_sql(ty, out)
                } else {
                    Err(format!("a double cannot go where {ty} is expected").into())
                }
            }
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column read as a [`Value`], whatever its type among those the
/// schema uses (and `numeric`, what sums and averages come back as).
struct Read<'a>(Value<'a>);

impl<'a> FromSql<'a> for Read<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, Failure> {
        let v = if *ty == Type::INT8 {
            Value::Int(i64::from_sql(ty, raw)?)
        } else if *ty == Type::INT4 {
            Value::Int(i64::from(i32::from_sql(ty, raw)?))
        } else if *ty == Type::INT2 {
            Value::Int(i64::from(i16::from_sql(ty, raw)?))
        } else if *ty == Type::FLOAT8 {
            Value::Real(f64::from_sql(ty, raw)?)
        } else if *ty == Type::FLOAT4 {
            Value::Real(f64::from(f32::from_sql(ty, raw)?))
        } else if *ty == Type::BOOL {
            Value::Int(i64::from(bool::from_sql(ty, raw)?))
        } else if *ty == Type::NUMERIC {
            numeric(raw)?
        } else if *ty == Type::BYTEA {
            Value::Blob(<&[u8]>::from_sql(ty, raw)?)
        } else if <&str as FromSql>::accepts(ty) {
            Value::Text(<&str>::from_sql(ty, raw)?)
        } else {
            return Err(format!("columns of type {ty} are not read here").into());
        };
        Ok(Read(v))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Failure> {
        Ok(Read(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A `numeric` in the binary format (digit count, weight, sign and scale
/// as 16-bit words, then base-10000 digits, most significant first): a
/// whole number when it has no fractional digits and fits, else a double.
fn numeric(raw: &[u8]) -> Result<Value<'static>, Failure> {
    let word = |i: usize| -> Result<u16, Failure> {
        raw.get(2 * i..2 * i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "a numeric value cut short".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i64::from(word(1)?.cast_signed());
    let sign = word(2)?;
    let scale = word(3)?;
    if sign == 0xC000 {
        return Err("NaN where a number is expected".into());
    }
    let negative = sign == 0x4000;
    let mut whole: Option<i64> = (scale == 0).then_some(0);
    let mut real = 0f64;
    for i in 0..ndigits {
        let d = i64::from(word(4 + i)?);
        let power = weight - i64::try_from(i)?;
        real += d as f64 * 10000f64.powi(i32::try_from(power)?);
        whole = whole.and_then(|w| {
            let unit = 10000i64.checked_pow(u32::try_from(power).ok()?)?;
            w.checked_add(d.checked_mul(unit)?)
        });
    }
    Ok(match whole {
        Some(w) => Value::Int(if negative { -w } else { w }),
        None => Value::Real(if negative { -real } else { real }),
    })
}

struct PgRow<'a>(&'a postgres::Row);

impl Row for PgRow<'_> {
    fn value(&self, i: usize) -> Result<Value<'_>, StoreError> {
        Ok(self.0.try_get::<_, Read<'_>>(i)?.0)
    }
}

impl Db for PgDb<'_, '_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&self, sql: &str, args: &[&dyn Arg]) -> Result<usize, StoreError> {
        let stmt = self.statement(sql)?;
        let bound: Vec<Bound<'_>> = args.iter().map(|a| Bound(a.arg())).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b as _).collect();
        let n = self.tx.borrow_mut().execute(&stmt, &refs)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn query(
        &self,
        sql: &str,
        args: &[&dyn Arg],
        each: &mut dyn FnMut(&dyn Row) -> Result<Flow, StoreError>,
    ) -> Result<(), StoreError> {
        let stmt = self.statement(sql)?;
        let bound: Vec<Bound<'_>> = args.iter().map(|a| Bound(a.arg())).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b as _).collect();
        let rows = self.tx.borrow_mut().query(&stmt, &refs)?;
        for r in &rows {
            if each(&PgRow(r))?.is_break() {
                break;
            }
        }
        Ok(())
    }

    fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        Ok(self.tx.borrow_mut().batch_execute(sql)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerics_read_as_whole_numbers_or_doubles() {
        // 123456789 = 1·10000² + 2345·10000 + 6789, weight 2.
        let raw: Vec<u8> = [3u16, 2, 0, 0, 1, 2345, 6789]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(numeric(&raw).ok(), Some(Value::Int(123_456_789)));
        // -1.5 = -(1 + 5000·10000⁻¹), weight 0, scale 1.
        let raw: Vec<u8> = [2u16, 0, 0x4000, 1, 1, 5000]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(numeric(&raw).ok(), Some(Value::Real(-1.5)));
        // Zero has no digits.
        let raw: Vec<u8> = [0u16, 0, 0, 0]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(numeric(&raw).ok(), Some(Value::Int(0)));
    }
}
