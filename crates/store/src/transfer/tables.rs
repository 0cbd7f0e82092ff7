//! Which tables a move copies, in what order, and what each looks like
//! on both sides.
//!
//! Both schemas hold the same tables with the same columns and primary
//! keys (PostgreSQL's migration 1 is SQLite's schema as its migrations
//! leave it), apart from each database's search index and bookkeeping.
//! Every table either side has is named in [`TABLES`] with what a move
//! does with it; a table named nowhere stops the move before anything is
//! written (a new table needs its line here — the tests list both fresh
//! schemas against it). Columns and keys are read from the databases
//! themselves and must agree.

use crate::sql::{args, Db, DbExt, Dialect};
use crate::StoreError;
use std::collections::BTreeSet;

/// What a move does with one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// Copied row for row into an empty table.
    Copied,
    /// Copied row for row after clearing what the target already holds
    /// there: a singleton its migrations made (a secret, a salt, a mark),
    /// or counters and marks its triggers kept while earlier tables were
    /// copied. Comes after every [`Treatment::Copied`] table.
    Replaced,
    /// Not copied: the search index and its bookkeeping, each database's
    /// own ([`crate::shared::search`]); rebuilt on the target from the
    /// copied rows.
    Rebuilt,
    /// Not copied: the database's own bookkeeping (the schema version, a
    /// counter of writes, the servers' short-lived login and rate counts).
    Own,
}

impl Treatment {
    /// Whether rows of the table move.
    pub fn copies(self) -> bool {
        matches!(self, Treatment::Copied | Treatment::Replaced)
    }

    /// The word a report shows for it.
    pub fn name(self) -> &'static str {
        match self {
            Treatment::Copied => "copied",
            Treatment::Replaced => "replaced",
            Treatment::Rebuilt => "rebuilt",
            Treatment::Own => "own",
        }
    }
}

use Treatment::{Copied, Own, Rebuilt, Replaced};

/// Every table of either schema, in the order a move copies them (the
/// one foreign key, `cohort_member` → `cohort`, is met by it).
pub const TABLES: &[(&str, Treatment)] = &[
    ("alert_decision", Copied),
    ("analysis", Copied),
    ("api_token", Copied),
    ("app_user", Copied),
    ("audit", Copied),
    ("bio_handle", Copied),
    ("cohort", Copied),
    ("cohort_member", Copied),
    ("correction", Copied),
    ("email", Copied),
    ("erased_day", Copied),
    ("erased_response", Copied),
    ("erased_week", Copied),
    ("erasure", Copied),
    ("extent", Copied),
    ("fan_paid", Copied),
    ("forgotten_key", Copied),
    ("gain_week", Copied),
    ("identity", Copied),
    ("inbox_note", Copied),
    ("inbox_queue", Copied),
    ("inbox_state", Copied),
    ("interaction", Copied),
    ("interaction_text", Copied),
    ("job", Copied),
    ("ladder_claim", Copied),
    ("ladder_week", Copied),
    ("link", Copied),
    ("link_suggestion", Copied),
    ("merge_journal", Copied),
    ("moment", Copied),
    ("orders", Copied),
    ("outbox", Copied),
    ("person", Copied),
    ("person_label", Copied),
    ("person_score", Copied),
    ("privacy_request", Copied),
    ("pull_cursor", Copied),
    ("readings_state", Copied),
    ("report_day", Copied),
    ("response_day", Copied),
    ("score_state", Copied),
    ("session", Copied),
    ("shop_layer", Copied),
    ("stage_step", Copied),
    ("thread", Copied),
    ("touch", Copied),
    ("unsubscribed", Copied),
    ("watch_day", Copied),
    // Made by the migrations: the secret behind unsubscribe links, the
    // salt behind forgotten people's keys (a new salt would let them
    // back in), how far moments were looked for.
    ("moment_state", Replaced),
    ("outbox_secret", Replaced),
    ("privacy_salt", Replaced),
    // Kept by triggers as people, identities, orders, threads and queue
    // rows were copied above (the queue's counts, its stock phrases per
    // post among them), or (the verdict counts) derived by SQLite's
    // migrations from nothing: replaced by the source's own.
    ("inbox_count", Replaced),
    ("ladder_count", Replaced),
    ("person_dirty", Replaced),
    ("stock_count", Replaced),
    ("thread_count", Replaced),
    // The search index: SQLite's FTS5 table (and the tables FTS5 keeps
    // it in), PostgreSQL's folded words with their trigram index, and on
    // both how far it has come.
    ("search_index", Rebuilt),
    ("search_index_config", Rebuilt),
    ("search_index_data", Rebuilt),
    ("search_index_docsize", Rebuilt),
    ("search_index_idx", Rebuilt),
    ("search_doc", Rebuilt),
    ("search_dirty", Rebuilt),
    ("search_state", Rebuilt),
    // PostgreSQL's schema version (SQLite keeps it in the file's header)
    // and count of writes.
    ("rapport_schema", Own),
    ("store_version", Own),
    // Failed logins and API rate buckets ([`crate::limits`]): counts that
    // last minutes, kept by the servers running on the database (SQLite
    // keeps them in a file beside the store's). A move is made with no
    // server running; the target starts them afresh.
    ("login_attempt", Own),
    ("rate_bucket", Own),
];

/// What a move does with `table`, if this build knows it.
pub fn treatment(table: &str) -> Option<Treatment> {
    TABLES
        .iter()
        .find(|(t, _)| *t == table)
        .map(|(_, how)| *how)
}

/// A table as both sides have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its columns, by name (the order rows are read and compared in).
    pub columns: Vec<String>,
    /// Its primary key's columns, in the key's order (rows are copied and
    /// compared in that order).
    pub key: Vec<String>,
    /// Whether PostgreSQL hands out its `id`s (an identity column), whose
    /// sequence a move sets past the copied ones.
    pub identity: bool,
    /// What a move does with it.
    pub treatment: Treatment,
}

/// The tables `db` holds, by name.
pub fn names(db: &dyn Db) -> Result<BTreeSet<String>, StoreError> {
    let sql = match db.dialect() {
        Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        }
        Dialect::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    Ok(db.rows(sql, args![], |r| r.get(0))?.into_iter().collect())
}

/// `table`'s columns (by name), primary key (in its order) and whether
/// its `id` is an identity column, as `db` has it.
fn shape(db: &dyn Db, table: &str) -> Result<(Vec<String>, Vec<String>, bool), StoreError> {
    match db.dialect() {
        Dialect::Sqlite => {
            let cols: Vec<(String, i64)> = db.rows(
                "SELECT name, pk FROM pragma_table_info(?1)",
                args![table],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let mut key: Vec<&(String, i64)> = cols.iter().filter(|(_, pk)| *pk > 0).collect();
            key.sort_by_key(|(_, pk)| *pk);
            let key = key.into_iter().map(|(c, _)| c.clone()).collect();
            let mut columns: Vec<String> = cols.into_iter().map(|(c, _)| c).collect();
            columns.sort();
            Ok((columns, key, false))
        }
        Dialect::Postgres => {
            let mut columns: Vec<String> = db.rows(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ?1",
                args![table],
                |r| r.get(0),
            )?;
            columns.sort();
            let key = db.rows(
                "SELECT k.column_name::text
                 FROM information_schema.table_constraints c
                 JOIN information_schema.key_column_usage k
                   ON k.constraint_schema = c.constraint_schema
                  AND k.constraint_name = c.constraint_name
                 WHERE c.constraint_type = 'PRIMARY KEY'
                   AND c.table_schema = current_schema() AND c.table_name = ?1
                 ORDER BY k.ordinal_position",
                args![table],
                |r| r.get(0),
            )?;
            let identity = db.scalar(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ?1
                   AND column_name = 'id' AND is_identity = 'YES')",
                args![table],
            )?;
            Ok((columns, key, identity))
        }
    }
}

/// What a move between two databases does, table by table.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The tables it copies, in order.
    pub copied: Vec<Table>,
    /// The tables either side has that it does not copy, with why.
    pub left: Vec<(String, Treatment)>,
}

/// The tables a move between `from` and `to` copies, in order, and the
/// names of those it leaves (with why). Fails, before anything is
/// written, on a table this build does not know, a copied table one
/// side lacks, or columns or keys that differ.
pub fn plan(from: &dyn Db, to: &dyn Db) -> Result<Plan, StoreError> {
    let (have_from, have_to) = (names(from)?, names(to)?);
    if let Some(unknown) = have_from
        .iter()
        .chain(&have_to)
        .find(|t| treatment(t).is_none())
    {
        return Err(StoreError::Refused(format!(
            "table {unknown} is not known to this build's migrate-store, which cannot move it"
        )));
    }
    let mut copied = Vec::new();
    let mut left = Vec::new();
    for &(name, how) in TABLES {
        if !how.copies() {
            if have_from.contains(name) || have_to.contains(name) {
                left.push((name.to_string(), how));
            }
            continue;
        }
        if !have_from.contains(name) || !have_to.contains(name) {
            return Err(StoreError::Refused(format!(
                "table {name} is missing from the {} database",
                if have_from.contains(name) {
                    "target"
                } else {
                    "source"
                }
            )));
        }
        let (columns, key, from_identity) = shape(from, name)?;
        let (to_columns, to_key, to_identity) = shape(to, name)?;
        if columns != to_columns || key != to_key {
            return Err(StoreError::Refused(format!(
                "table {name} differs between the two databases: columns ({}) key ({}) against columns ({}) key ({})",
                columns.join(", "),
                key.join(", "),
                to_columns.join(", "),
                to_key.join(", ")
            )));
        }
        if key.is_empty() {
            return Err(StoreError::Refused(format!(
                "table {name} has no primary key to copy it in order by"
            )));
        }
        copied.push(Table {
            name: name.to_string(),
            columns,
            key,
            identity: from_identity || to_identity,
            treatment: how,
        });
    }
    Ok(Plan { copied, left })
}

/// `name` quoted as an identifier (both databases take double quotes;
/// some column names — `key`, `rank`, `open` — are words of SQL).
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
