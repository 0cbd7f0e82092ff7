//! Many rows in few statements: multi-row inserts and lists of ids.
//!
//! On PostgreSQL every statement is a round trip to the server, so
//! writing (or reading) one person at a time costs more than the work
//! itself. Rows go in statements of [`ROWS_PER_INSERT`] instead, and the
//! ids a statement reads or deletes by go as one JSON list.

use crate::sql::{Arg, Db, Dialect, Flow, Row};
use crate::StoreError;

/// Rows per multi-row insert. Each statement run has a fixed cost about
/// the size of the small row it writes; 64 rows a statement cut writing
/// the texts and readings of 1M interactions from 1.25 s to 0.9 s. The
/// widest row written so (a verdict, 23 columns) takes 1,472 of the
/// 65,535 placeholders PostgreSQL allows a statement.
pub(crate) const ROWS_PER_INSERT: usize = 64;

/// Ids per JSON list ([`ids_in`]): enough that a batch of people takes a
/// few statements, few enough that one list's rows are a small read.
pub(crate) const IDS_PER_LIST: usize = 1000;

/// `rows` cut into statements: full ones of [`ROWS_PER_INSERT`] rows,
/// then the rest in halving sizes (32, 16, … 1), so a handful of
/// statement shapes serve every batch and all stay prepared.
pub(crate) fn in_statements<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    let mut size = ROWS_PER_INSERT;
    std::iter::from_fn(move || {
        while size > rest.len() {
            size /= 2;
        }
        if size == 0 {
            return None;
        }
        let (chunk, after) = rest.split_at(size);
        rest = after;
        Some(chunk)
    })
}

/// Runs `head`, one group of placeholders per row of `values` (`columns`
/// each), then `tail`.
pub(crate) fn insert_rows(
    db: &dyn Db,
    head: &str,
    tail: &str,
    columns: usize,
    values: &[&dyn Arg],
) -> Result<(), StoreError> {
    insert(db, head, tail, columns, values, true)
}

/// [`insert_rows`] into a table whose triggers settle conflicts of their
/// own (`INSERT OR IGNORE INTO person_dirty …`): on SQLite a statement's
/// conflict clause overrides its triggers', so this one says none.
pub(crate) fn insert_rows_triggering(
    db: &dyn Db,
    head: &str,
    tail: &str,
    columns: usize,
    values: &[&dyn Arg],
) -> Result<(), StoreError> {
    insert(db, head, tail, columns, values, false)
}

/// [`insert_rows`] of a statement that returns rows (`… RETURNING id`),
/// each handed to `each`. Its head is taken as written (no `OR ROLLBACK`).
pub(crate) fn insert_rows_returning(
    db: &dyn Db,
    head: &str,
    tail: &str,
    columns: usize,
    values: &[&dyn Arg],
    mut each: impl FnMut(&dyn Row) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let sql = insert_sql(db, head, tail, columns, values.len() / columns, false);
    db.query(&sql, values, &mut |r| {
        each(r)?;
        Ok(Flow::Continue(()))
    })
}

fn insert(
    db: &dyn Db,
    head: &str,
    tail: &str,
    columns: usize,
    values: &[&dyn Arg],
    no_journal: bool,
) -> Result<(), StoreError> {
    let sql = insert_sql(db, head, tail, columns, values.len() / columns, no_journal);
    db.execute(&sql, values)?;
    Ok(())
}

fn insert_sql(
    db: &dyn Db,
    head: &str,
    tail: &str,
    columns: usize,
    rows: usize,
    no_journal: bool,
) -> String {
    let group = format!("({})", vec!["?"; columns].join(", "));
    // On SQLite a statement that writes many rows and may fail part-way
    // keeps a statement journal (a copy of every page it touches) to undo
    // itself alone. Every writer here rolls its whole transaction back on
    // any error anyway, so the statement says so (`OR ROLLBACK`) and
    // SQLite keeps no journal: about 5% of an import's writing thread.
    // Upserts keep their `ON CONFLICT` clause; it is applied first.
    let head = match (db.dialect(), head.strip_prefix("INSERT INTO ")) {
        (Dialect::Sqlite, Some(rest)) if no_journal => format!("INSERT OR ROLLBACK INTO {rest}"),
        _ => head.to_string(),
    };
    format!("{head}{}{tail}", vec![group; rows].join(", "))
}

/// A subquery of one integer column, the ids of the JSON list bound as
/// `?1` ([`id_list`]): `… WHERE person_id IN (<this>)`. One statement
/// shape serves lists of any length.
pub(crate) fn ids_in(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "SELECT value FROM json_each(?1)",
        Dialect::Postgres => {
            "SELECT CAST(value AS BIGINT)
             FROM jsonb_array_elements_text(CAST(CAST(?1 AS TEXT) AS JSONB))"
        }
    }
}

/// `ids` as the JSON list [`ids_in`] reads.
pub(crate) fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    let mut out = String::from("[");
    for (n, id) in ids.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

/// `sql` with `{ids}` replaced by [`ids_in`] of `db`'s dialect.
pub(crate) fn with_ids(db: &dyn Db, sql: &str) -> String {
    sql.replace("{ids}", ids_in(db.dialect()))
}

/// `sql` with `{texts}` replaced by a subquery of one text column, the
/// strings of the JSON list bound as `?1` ([`text_list`]).
pub(crate) fn with_texts(db: &dyn Db, sql: &str) -> String {
    sql.replace(
        "{texts}",
        match db.dialect() {
            Dialect::Sqlite => "SELECT value FROM json_each(?1)",
            Dialect::Postgres => {
                "SELECT value FROM jsonb_array_elements_text(CAST(CAST(?1 AS TEXT) AS JSONB))"
            }
        },
    )
}

/// `texts` as the JSON list [`with_texts`] reads.
pub(crate) fn text_list(texts: &[&str]) -> String {
    serde_json::Value::from(texts.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::{id_list, in_statements, text_list, ROWS_PER_INSERT};

    #[test]
    fn text_lists_are_json_strings_whatever_they_hold() {
        assert_eq!(text_list(&[]), "[]");
        assert_eq!(
            text_list(&["a@example.org", "qu\"ote", "พัสดุ"]),
            r#"["a@example.org","qu\"ote","พัสดุ"]"#
        );
    }

    #[test]
    fn rows_go_in_full_statements_then_halving_ones() {
        let rows: Vec<usize> = (0..ROWS_PER_INSERT * 2 + 37).collect();
        let sizes: Vec<usize> = in_statements(&rows).map(<[usize]>::len).collect();
        assert_eq!(sizes, vec![64, 64, 32, 4, 1]);
        let back: Vec<usize> = in_statements(&rows).flatten().copied().collect();
        assert_eq!(back, rows);
        assert_eq!(in_statements::<u8>(&[]).count(), 0);
    }

    #[test]
    fn ids_are_listed_as_json() {
        assert_eq!(id_list([]), "[]");
        assert_eq!(id_list([3, -1, 40]), "[3,-1,40]");
    }
}
