//! The SQLite store handle.

use super::derived::Derived;
use super::{read, schema, scores, team, write};
use crate::{
    AnalysisRow, Counts, InteractionRow, LinkRow, OrderRow, Outcome, PersonRow, Reading,
    ScoreInput, ScoreRow, ScoreState, Store, StoreError, TextRow, TopicRow, TouchRow,
};
use crate::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, Role, SessionRow, UserId, UserRow,
};
use rapport_core::{InteractionId, PersonId, Record};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A store in one SQLite file.
///
/// One connection behind a mutex: SQLite allows a single writer anyway,
/// and WAL lets readers in other processes go on while a batch is written.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// Identities this store has written or read while writing (locked
    /// after `conn`, only while writing a batch).
    known: Mutex<write::Known>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    /// `:memory:` gives a private in-memory database.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers do not block the writer. NORMAL sync is durable
        // across application crashes, which is what a batch needs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -64_000)?;
        // A batch runs some twenty distinct statements; the default of 16
        // kept ones would prepare a few again in every batch.
        conn.set_prepared_statement_cache_capacity(64);
        // Checkpoint every 80 MB of log rather than every 4 MB: an import
        // rewrites the same index pages batch after batch, and each
        // checkpoint copies them to the database again (an import of 1M
        // rows spent a tenth of its time there). The log file is cut back
        // to 64 MB after each checkpoint.
        conn.pragma_update(None, "wal_autocheckpoint", 20_000)?;
        conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            known: Mutex::new(write::Known::default()),
        })
    }

    /// Compares the state the writers keep for the views (threads,
    /// answers, the queue, the report's days) with what is derived from
    /// the stored messages at once; returns up to `max` rows that differ
    /// (none: they agree). Changes nothing.
    pub fn check_derived(&self, max: usize) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let diff = super::derived::check(&tx, max)?;
        tx.rollback()?;
        Ok(diff)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (an open transaction rolls back on drop), so a poisoned lock is
        // safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store for SqliteStore {
    fn write_batch(
        &self,
        records: &[Record],
        readings: &[Reading],
    ) -> Result<Vec<Outcome>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        let written = write::batch(&tx, &mut known, records, readings)
            .and_then(|out| Ok(tx.commit().map(|()| out)?));
        if written.is_err() {
            // The batch rolled back: identities it created never were.
            known.forget();
        }
        written
    }

    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError> {
        read::post_texts(&self.conn())
    }

    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError> {
        read::texts(&self.conn(), after, limit)
    }

    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        for (id, a) in rows {
            write::reanalysis(&tx, &mut derived, *id, a)?;
        }
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(())
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        read::counts(&self.conn())
    }

    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError> {
        read::interactions(&self.conn())
    }

    fn interactions_of(&self, person: PersonId) -> Result<Vec<InteractionRow>, StoreError> {
        read::interactions_of(&self.conn(), person)
    }

    fn people(&self) -> Result<Vec<PersonRow>, StoreError> {
        read::people(&self.conn())
    }

    fn orders(&self) -> Result<Vec<OrderRow>, StoreError> {
        read::orders(&self.conn())
    }

    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError> {
        read::find_person(&self.conn(), key)
    }

    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError> {
        read::links(&self.conn(), person)
    }

    fn link(
        &self,
        keep: PersonId,
        gone: PersonId,
        reason: &str,
        detail: &str,
        at: i64,
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let id = super::links::link(&tx, &mut derived, keep, gone, reason, detail, 1.0, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(id)
    }

    fn unlink(&self, link: i64, at: i64) -> Result<crate::Unlinked, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let done = super::links::unlink(&tx, &mut derived, link, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(done)
    }

    fn find_merge(&self, person: PersonId, key: &str) -> Result<Option<i64>, StoreError> {
        super::links::find_merge(&self.conn(), person, key)
    }

    fn scan_links(&self, at: i64) -> Result<usize, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let n = super::links::scan(&tx, &mut derived, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    fn link_suggestions(&self) -> Result<Vec<crate::SuggestionRow>, StoreError> {
        super::links::suggestions(&self.conn())
    }

    fn decide_suggestion(&self, id: i64, accept: bool, at: i64) -> Result<Option<i64>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let link = super::links::decide(&tx, &mut derived, id, accept, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(link)
    }

    fn create_cohort(
        &self,
        planned_at: i64,
        members: &[crate::NewCohortMember],
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let id = super::cohorts::create(&tx, planned_at, members)?;
        tx.commit()?;
        Ok(id)
    }

    fn cohorts(&self) -> Result<Vec<crate::CohortRow>, StoreError> {
        super::cohorts::all(&self.conn())
    }

    fn update_cohort_members(&self, progress: &[crate::MemberProgress]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for p in progress {
            super::cohorts::update(&tx, p)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn create_user(
        &self,
        email: &str,
        role: Role,
        password_hash: &str,
        at: i64,
    ) -> Result<UserRow, StoreError> {
        team::create_user(&self.conn(), email, role, password_hash, at)
    }

    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        team::user_by_email(&self.conn(), email)
    }

    fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        team::users(&self.conn())
    }

    fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        team::create_session(&self.conn(), session)
    }

    fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        team::session(&self.conn(), token_hash, now)
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        team::delete_session(&self.conn(), token_hash)
    }

    fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        prefix: &str,
        at: i64,
    ) -> Result<ApiTokenRow, StoreError> {
        team::create_api_token(&self.conn(), user, token_hash, prefix, at)
    }

    fn user_by_api_token(&self, token_hash: &str, now: i64) -> Result<Option<UserRow>, StoreError> {
        team::user_by_api_token(&self.conn(), token_hash, now)
    }

    fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError> {
        team::api_tokens(&self.conn())
    }

    fn revoke_api_token(&self, id: i64) -> Result<bool, StoreError> {
        team::revoke_api_token(&self.conn(), id)
    }

    fn inbox_states(&self) -> Result<Vec<InboxStateRow>, StoreError> {
        team::inbox_states(&self.conn())
    }

    fn inbox_state(&self, id: InteractionId) -> Result<Option<InboxStateRow>, StoreError> {
        team::inbox_state(&self.conn(), id)
    }

    fn apply_inbox_action(
        &self,
        id: InteractionId,
        action: &InboxAction,
        actor: &str,
        at: i64,
    ) -> Result<InboxStateRow, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        team::apply_inbox_action(&tx, id, action, actor, at)?;
        tx.commit()?;
        Ok(team::inbox_state(&conn, id)?.unwrap_or_else(|| InboxStateRow::new(id)))
    }

    fn record_privacy_request(
        &self,
        request: &crate::NewPrivacyRequest,
    ) -> Result<i64, StoreError> {
        super::privacy::record(&self.conn(), request)
    }

    fn privacy_requests(&self) -> Result<Vec<crate::PrivacyRequestRow>, StoreError> {
        super::privacy::all(&self.conn())
    }

    fn pull_cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        super::cursors::get(&self.conn(), source)
    }

    fn set_pull_cursor(&self, source: &str, cursor: &str, at: i64) -> Result<(), StoreError> {
        super::cursors::set(&self.conn(), source, cursor, at)
    }

    fn fill_signals(&self) -> Result<u64, StoreError> {
        scores::fill_signals(&mut self.conn())
    }

    fn score_inputs(&self) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        scores::all_inputs(&self.conn())
    }

    fn score_inputs_of(&self, people: &[PersonId]) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        scores::some_inputs(&self.conn(), people)
    }

    fn topic_rows(&self, person: PersonId) -> Result<Vec<TopicRow>, StoreError> {
        scores::topic_rows(&self.conn(), person)
    }

    fn dirty_people(&self) -> Result<crate::Dirty, StoreError> {
        scores::dirty(&mut self.conn())
    }

    fn due_people(&self, as_of: i64) -> Result<Vec<PersonId>, StoreError> {
        scores::due(&self.conn(), as_of)
    }

    fn score_state(&self) -> Result<Option<ScoreState>, StoreError> {
        scores::state(&self.conn())
    }

    fn write_scores(
        &self,
        rows: &[ScoreRow],
        gone: &[PersonId],
        judged: &[PersonId],
        everyone: bool,
        state: &ScoreState,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        scores::write(&tx, rows, gone, judged, everyone, state)?;
        tx.commit()?;
        Ok(())
    }

    fn stored_scores(&self) -> Result<Vec<ScoreRow>, StoreError> {
        scores::stored(&self.conn())
    }

    fn merged_people(&self) -> Result<Vec<(PersonId, PersonId)>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT gone_id, keep_id FROM merge_journal WHERE undone_at IS NULL ORDER BY link_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((PersonId(r.get(0)?), PersonId(r.get(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn add_touch(
        &self,
        person: PersonId,
        kind: &str,
        note: &str,
        at: i64,
        by: Option<&str>,
    ) -> Result<i64, StoreError> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT INTO touch (person_id, kind, note, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![person.0, kind, note, at, by])?;
        Ok(conn.last_insert_rowid())
    }

    fn touches(&self) -> Result<Vec<TouchRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, person_id, kind, note, at, by_user FROM touch ORDER BY at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TouchRow {
                id: r.get(0)?,
                person: PersonId(r.get(1)?),
                kind: r.get(2)?,
                note: r.get(3)?,
                at: r.get(4)?,
                by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
