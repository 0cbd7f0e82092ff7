//! Reading a whole table in key order a page at a time, so a table of
//! any size passes through in bounded memory: each page starts after
//! the last key of the one before (`WHERE (k1, k2) > (?, ?) ORDER BY k1,
//! k2 LIMIT n`), which both databases answer from the primary key's
//! index.

use super::tables::{quoted, Table};
use crate::sql::{Arg, Db, Flow, Value};
use crate::StoreError;

/// A value read from either database, owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL null.
    Null,
    /// A whole number.
    Int(i64),
    /// A double.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl From<Value<'_>> for Cell {
    fn from(v: Value<'_>) -> Cell {
        match v {
            Value::Null => Cell::Null,
            Value::Int(n) => Cell::Int(n),
            Value::Real(x) => Cell::Real(x),
            Value::Text(s) => Cell::Text(s.to_owned()),
            Value::Blob(b) => Cell::Blob(b.to_vec()),
        }
    }
}

impl Arg for Cell {
    fn arg(&self) -> Value<'_> {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(n) => Value::Int(*n),
            Cell::Real(x) => Value::Real(*x),
            Cell::Text(s) => Value::Text(s),
            Cell::Blob(b) => Value::Blob(b),
        }
    }
}

/// One row: its cells in the table's column order ([`Table::columns`]).
pub type Cells = Vec<Cell>;

/// Reads every row of `table` in key order, `page` rows at a time,
/// handing each page to `each`; returns the rows read.
pub fn scan(
    db: &dyn Db,
    table: &Table,
    page: usize,
    each: &mut dyn FnMut(&[Cells]) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
    let key: Vec<String> = table.key.iter().map(|c| quoted(c)).collect();
    // Where each key column sits in a row.
    let at: Vec<usize> = table
        .key
        .iter()
        .filter_map(|k| table.columns.iter().position(|c| c == k))
        .collect();
    let (columns, order, name) = (columns.join(", "), key.join(", "), quoted(&table.name));
    let first = format!("SELECT {columns} FROM {name} ORDER BY {order} LIMIT ?1");
    let after = if key.len() == 1 {
        format!("{order} > ?2")
    } else {
        let marks: Vec<String> = (2..key.len() + 2).map(|i| format!("?{i}")).collect();
        format!("({order}) > ({})", marks.join(", "))
    };
    let next = format!("SELECT {columns} FROM {name} WHERE {after} ORDER BY {order} LIMIT ?1");
    let width = table.columns.len();
    let limit = i64::try_from(page).unwrap_or(i64::MAX);
    let mut last: Option<Vec<Cell>> = None;
    let mut total = 0u64;
    let mut rows: Vec<Cells> = Vec::with_capacity(page);
    loop {
        rows.clear();
        let mut read = |r: &dyn crate::sql::Row| {
            let mut cells = Vec::with_capacity(width);
            for i in 0..width {
                cells.push(Cell::from(r.value(i)?));
            }
            rows.push(cells);
            Ok(Flow::Continue(()))
        };
        match &last {
            None => db.query(&first, &[&limit], &mut read)?,
            Some(key) => {
                let mut args: Vec<&dyn Arg> = vec![&limit];
                args.extend(key.iter().map(|c| c as &dyn Arg));
                db.query(&next, &args, &mut read)?;
            }
        }
        if rows.is_empty() {
            return Ok(total);
        }
        total += rows.len() as u64;
        each(&rows)?;
        if rows.len() < page {
            return Ok(total);
        }
        let end = &rows[rows.len() - 1];
        last = Some(at.iter().map(|&i| end[i].clone()).collect());
    }
}
