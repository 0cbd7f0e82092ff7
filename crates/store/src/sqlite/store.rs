//! The SQLite store handle.

use super::derived::Derived;
use super::schema;
use crate::outbox::{NewMessage, NewReply, OutboxFilter, OutboxRow, OutboxState, Settle};
use crate::shared::limits;
use crate::shared::{corrections, links, outbox, read, scores, team, texts, views, write};
use crate::views::{
    AlertGroup, AlertSlot, Brief, PeopleFilter, PeopleSort, PersonRows, QueueFilter, QueueItem,
    QueuePage, ReportRows, ThreadFilter, ThreadRow, ThreadRows, Watch, WatchCount, WatchRow,
    Watched,
};
use crate::{
    AnalysisRow, Counts, InteractionRow, LinkRow, OrderRow, Outcome, PersonRow, PoolState, Reading,
    ScoreInput, ScoreRow, ScoreState, Store, StoreError, TextRow, TopicRow, TouchRow,
};
use crate::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, RemovedUser, Role, SessionRow, UserId,
    UserRow,
};
use crate::{
    AuditRow, Erasure, NewAudit, NewPrivacyRequest, PersonExport, PrivacyRequestRow, Recorded,
    RequestStatus,
};
use crate::{CorrectionRow, LayerRow, NewCorrection};
use crate::{Job, JobCount, JobEnding, JobRow, LoginWindow, NewJob, RateRule};
use rapport_core::ladder::Stage;
use rapport_core::{InteractionId, PersonId, Record};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// A store in one SQLite file.
///
/// One connection writes, behind a mutex (SQLite allows a single writer
/// anyway); a pool of read-only connections answers the views, each read
/// in one transaction so it sees one state, and WAL lets them read while
/// a batch is written. A private in-memory database has only the one
/// connection.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    /// Person views noted while another holder had the writer: written
    /// by whoever releases it next (see [`Writer`]).
    pending_audit: Mutex<Vec<NewAudit>>,
    /// Identities this store has written or read while writing (locked
    /// after `conn`, only while writing a batch).
    known: Mutex<write::Known>,
    /// Read connections (none for `:memory:`).
    readers: Option<Readers>,
    /// A read-only connection kept only to ask SQLite whether anyone
    /// committed since (none for `:memory:`).
    watch: Option<Mutex<Connection>>,
    /// Times the writer was let go by this process.
    released: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The shared counters' own database (see [`schema::open_limits`]).
    limits: Mutex<Connection>,
}

/// Read-only connections, opened as needed up to [`Readers::MAX`].
struct Readers {
    path: String,
    idle: Mutex<Vec<Connection>>,
    opened: Mutex<usize>,
    freed: Condvar,
}

impl Readers {
    /// Read connections at most (requests beyond wait for one).
    const MAX: usize = 8;

    fn open(path: &str) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "cache_size", -32_000)?;
        // Every view's statements stay prepared (64 were too few: the
        // person page prepared some again on every request).
        conn.set_prepared_statement_cache_capacity(160);
        Ok(conn)
    }

    /// An idle connection, a new one, or (at the limit) the next freed.
    fn take(&self) -> Result<Connection, StoreError> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(c) = idle.pop() {
                return Ok(c);
            }
            {
                let mut opened = self.opened.lock().unwrap_or_else(|p| p.into_inner());
                if *opened < Readers::MAX {
                    *opened += 1;
                    drop(opened);
                    drop(idle);
                    return Readers::open(&self.path).inspect_err(|_| {
                        *self.opened.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
                    });
                }
            }
            idle = self.freed.wait(idle).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn give(&self, conn: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
        self.freed.notify_one();
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    /// `:memory:` gives a private in-memory database.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Every transaction of the writer starts as a write: a deferred
        // one that read first and then wrote would fail at once with
        // "database is locked" when another process had written in
        // between, where an immediate one waits its turn (busy timeout).
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // WAL: readers do not block the writer. NORMAL sync is durable
        // across application crashes, which is what a batch needs.
        // Switching a new file to WAL takes it whole, and SQLite does not
        // wait for that (no busy handler): when several processes open
        // the same new file at once, the others try again for a while.
        let mut tries = 0;
        while let Err(e) = conn.pragma_update(None, "journal_mode", "WAL") {
            let busy = e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
            tries += 1;
            if !busy || tries > 200 {
                return Err(e.into());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
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
        let readers = (path != ":memory:" && !path.is_empty()).then(|| Readers {
            path: path.to_string(),
            idle: Mutex::new(Vec::new()),
            opened: Mutex::new(0),
            freed: Condvar::new(),
        });
        let watch = match &readers {
            Some(_) => Some(Mutex::new(Readers::open(path)?)),
            None => None,
        };
        let limits = Mutex::new(schema::open_limits(path)?);
        Ok(SqliteStore {
            limits,
            watch,
            released: Default::default(),
            conn: Mutex::new(conn),
            pending_audit: Mutex::new(Vec::new()),
            known: Mutex::new(write::Known::default()),
            readers,
        })
    }

    /// Runs `f` on a read connection, inside one read transaction (one
    /// consistent state for all its queries).
    fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(readers) = &self.readers else {
            return f(&self.conn());
        };
        let conn = readers.take()?;
        // BEGIN and ROLLBACK from the statement cache: a transaction
        // object would parse both again for every read.
        let result = conn
            .prepare_cached("BEGIN")
            .and_then(|mut s| s.execute([]))
            .map_err(StoreError::from)
            .and_then(|_| {
                let out = f(&conn);
                // Nothing was written: ending the transaction either way
                // only lets go of the snapshot.
                conn.prepare_cached("ROLLBACK")?.execute([])?;
                out
            });
        if conn.is_autocommit() {
            readers.give(conn);
        } else {
            // A read that failed to end its transaction is not reused.
            drop(conn);
            *readers.opened.lock().unwrap_or_else(|p| p.into_inner()) -= 1;
            readers.freed.notify_one();
        }
        result
    }

    /// Compares the state the writers keep for the views (threads,
    /// answers, the queue, the report's days) with what is derived from
    /// the stored messages at once; returns up to `max` rows that differ
    /// (none: they agree). Changes nothing.
    pub fn check_derived(&self, max: usize) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let diff = crate::shared::derived::check(&tx, max)?;
        tx.rollback()?;
        Ok(diff)
    }

    fn conn(&self) -> Writer<'_> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (an open transaction rolls back on drop), so a poisoned lock is
        // safe to keep using.
        Writer {
            conn: self.conn.lock().unwrap_or_else(|p| p.into_inner()),
            pending: &self.pending_audit,
            released: &self.released,
        }
    }

    /// The connection to the shared counters' database.
    fn limits(&self) -> MutexGuard<'_, Connection> {
        self.limits.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The writer if no one holds it now.
    fn try_conn(&self) -> Option<Writer<'_>> {
        let conn = match self.conn.try_lock() {
            Ok(c) => c,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(Writer {
            conn,
            pending: &self.pending_audit,
            released: &self.released,
        })
    }
}

impl Drop for SqliteStore {
    /// Writes the person views still queued for the audit log.
    fn drop(&mut self) {
        drop(self.conn());
    }
}

/// The writer connection while held.
///
/// Person views are noted in the audit log without waiting for the writer
/// and without a commit each: a view queues its entry, and the queue is
/// written in one transaction by the first view of a later second that
/// finds the writer free, by whoever lets go of the writer, by
/// [`Store::flush_audit`] (the server calls it every second), before a
/// page of the log is read, and when the store closes. A commit per view
/// would also empty every reader's page cache hundreds of times a second
/// (SQLite drops a connection's cache when another one commits). Only a
/// crash can lose queued views: those of the last second or two.
struct Writer<'a> {
    conn: MutexGuard<'a, Connection>,
    pending: &'a Mutex<Vec<NewAudit>>,
    released: &'a std::sync::atomic::AtomicU64,
}

impl Writer<'_> {
    /// Writes the queued audit entries.
    fn flush_audit(&mut self) -> Result<(), StoreError> {
        let queued = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        if queued.is_empty() {
            return Ok(());
        }
        let written = (|| {
            let tx = self.conn.transaction()?;
            for e in &queued {
                crate::shared::audit::record(&tx, e)?;
            }
            tx.commit()?;
            Ok::<_, StoreError>(())
        })();
        if written.is_err() {
            // Kept for the next holder rather than lost.
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            let later = std::mem::replace(&mut *pending, queued);
            pending.extend(later);
        }
        written
    }
}

impl std::ops::Deref for Writer<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl std::ops::DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if let Err(e) = self.flush_audit() {
            eprintln!("warning: the audit log could not be written now: {e}");
        }
        self.released
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
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
        let suppressed = crate::shared::forget::Suppressed::load(&tx)?;
        let written = write::batch(&tx, &mut known, suppressed.as_ref(), records, readings)
            .and_then(|out| Ok(tx.commit().map(|()| out)?));
        if written.is_err() {
            // The batch rolled back: identities it created never were.
            known.forget();
        }
        written
    }

    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError> {
        self.read(|c| texts::post_texts(c))
    }

    fn shop_handles(&self) -> Result<Vec<String>, StoreError> {
        self.read(|c| texts::shop_handles(c))
    }

    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError> {
        texts::texts(&*self.conn(), after, limit)
    }

    fn voices(
        &self,
        authors: &[(String, String)],
    ) -> Result<HashMap<(String, String), String>, StoreError> {
        self.read(|c| texts::voices(c, authors))
    }

    fn channel_languages(&self) -> Result<HashMap<String, Vec<(String, u64)>>, StoreError> {
        self.read(|c| texts::channel_languages(c))
    }

    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let mut shop = write::ShopHandles::default();
        for (id, a) in rows {
            write::reanalysis(&tx, &mut derived, &mut shop, *id, a)?;
        }
        let ids: Vec<InteractionId> = rows.iter().map(|(id, _)| *id).collect();
        write::queue_languages(&tx, &ids)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(())
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        self.read(|c| read::counts(c))
    }

    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError> {
        self.read(|c| read::interactions(c))
    }

    fn interactions_of(&self, person: PersonId) -> Result<Vec<InteractionRow>, StoreError> {
        self.read(|c| read::interactions_of(c, person))
    }

    fn people(&self) -> Result<Vec<PersonRow>, StoreError> {
        self.read(|c| read::people(c))
    }

    fn orders(&self) -> Result<Vec<OrderRow>, StoreError> {
        self.read(|c| read::orders(c))
    }

    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError> {
        self.read(|c| read::find_person(c, key))
    }

    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError> {
        self.read(|c| links::of(c, person))
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
        let id = links::link(&tx, &mut derived, keep, gone, reason, detail, 1.0, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(id)
    }

    fn unlink(&self, link: i64, at: i64) -> Result<crate::Unlinked, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let done = links::unlink(&tx, &mut derived, link, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(done)
    }

    fn find_merge(&self, person: PersonId, key: &str) -> Result<Option<i64>, StoreError> {
        links::find_merge(&*self.conn(), person, key)
    }

    fn scan_links(&self, at: i64) -> Result<usize, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let n = links::scan(&tx, &mut derived, at)?;
        derived.flush(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    fn link_suggestions(&self) -> Result<Vec<crate::SuggestionRow>, StoreError> {
        links::suggestions(&*self.conn())
    }

    fn decide_suggestion(&self, id: i64, accept: bool, at: i64) -> Result<Option<i64>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut derived = Derived::default();
        let link = links::decide(&tx, &mut derived, id, accept, at)?;
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
        let id = crate::shared::cohorts::create(&tx, planned_at, members)?;
        tx.commit()?;
        Ok(id)
    }

    fn cohorts(&self) -> Result<Vec<crate::CohortRow>, StoreError> {
        self.read(|c| crate::shared::cohorts::all(c))
    }

    fn update_cohort_members(&self, progress: &[crate::MemberProgress]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for p in progress {
            crate::shared::cohorts::update(&tx, p)?;
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
        team::create_user(&*self.conn(), email, role, password_hash, at)
    }

    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        self.read(|c| team::user_by_email(c, email))
    }

    fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        self.read(|c| team::users(c))
    }

    fn set_user_settings(
        &self,
        user: UserId,
        language: Option<&str>,
        digest: bool,
    ) -> Result<bool, StoreError> {
        team::set_user_settings(&*self.conn(), user.0, language, digest)
    }

    fn inbox_visit(&self, user: UserId, now: i64) -> Result<Option<i64>, StoreError> {
        if let Some(before) = self.read(|c| team::quiet_visit(c, user.0, now))? {
            return Ok(before);
        }
        let conn = self.conn();
        team::inbox_visit(&*conn, user.0, now)
    }

    fn last_visit(&self, user: UserId) -> Result<Option<i64>, StoreError> {
        self.read(|c| team::last_visit(c, user.0))
    }

    fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        team::create_session(&*self.conn(), session)
    }

    fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        self.read(|c| team::session(c, token_hash, now))
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        team::delete_session(&*self.conn(), token_hash)
    }

    fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        prefix: &str,
        at: i64,
        expires_at: Option<i64>,
    ) -> Result<ApiTokenRow, StoreError> {
        team::create_api_token(&*self.conn(), user, token_hash, prefix, at, expires_at)
    }

    fn user_by_api_token(&self, token_hash: &str, now: i64) -> Result<Option<UserRow>, StoreError> {
        let Some((user, id, last_used)) =
            self.read(|c| team::api_token_user(c, token_hash, now))?
        else {
            return Ok(None);
        };
        // Use is noted at most once a minute, and only when the writer is
        // free: a request never waits for it (an import may hold it), and
        // a write per request would serialise every API call.
        if last_used.is_none_or(|t| t < now - 60) {
            if let Some(w) = self.try_conn() {
                team::mark_token_used(&*w, id, now)?;
            }
        }
        Ok(Some(user))
    }

    fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError> {
        self.read(|c| team::api_tokens(c))
    }

    fn revoke_api_token(&self, id: i64) -> Result<bool, StoreError> {
        team::revoke_api_token(&*self.conn(), id)
    }

    fn revoke_api_tokens_of(&self, user: UserId) -> Result<u64, StoreError> {
        team::revoke_api_tokens_of(&*self.conn(), user)
    }

    fn remove_user(&self, email: &str) -> Result<Option<RemovedUser>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let removed = team::remove_user(&tx, email)?;
        tx.commit()?;
        Ok(removed)
    }

    fn inbox_states(&self) -> Result<Vec<InboxStateRow>, StoreError> {
        self.read(|c| team::inbox_states(c))
    }

    fn inbox_state(&self, id: InteractionId) -> Result<Option<InboxStateRow>, StoreError> {
        self.read(|c| team::inbox_state(c, id))
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
        Ok(team::inbox_state(&*conn, id)?.unwrap_or_else(|| InboxStateRow::new(id)))
    }

    fn record_privacy_request(&self, request: &NewPrivacyRequest) -> Result<Recorded, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let recorded = crate::shared::privacy::record(&tx, request)?;
        tx.commit()?;
        Ok(recorded)
    }

    fn finish_privacy_request(
        &self,
        id: i64,
        status: RequestStatus,
        person: Option<PersonId>,
        export: Option<&str>,
        at: i64,
    ) -> Result<(), StoreError> {
        crate::shared::privacy::finish(&*self.conn(), id, status, person, export, at)
    }

    fn privacy_requests(&self) -> Result<Vec<PrivacyRequestRow>, StoreError> {
        self.read(|c| crate::shared::privacy::all(c))
    }

    fn privacy_request_export(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.read(|c| crate::shared::privacy::export(c, id))
    }

    fn person_export(&self, person: PersonId) -> Result<Option<PersonExport>, StoreError> {
        self.read(|c| crate::shared::export::person_export(c, person))
    }

    fn forget_person(&self, person: PersonId, by: &str, at: i64) -> Result<Erasure, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let erasure = crate::shared::forget::forget(&tx, person, by, at)?;
        tx.commit()?;
        // Identities are gone: what this store remembers of them must go
        // too (see `write::Known`).
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget();
        Ok(erasure)
    }

    fn redact_orders(
        &self,
        order_ids: &[String],
        emails: &[String],
        at: i64,
    ) -> Result<u64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = crate::shared::forget::redact_orders(&tx, order_ids, emails, at)?;
        tx.commit()?;
        Ok(n)
    }

    fn order_owners(&self, order_ids: &[String]) -> Result<Vec<PersonId>, StoreError> {
        self.read(|c| crate::shared::forget::order_owners(c, order_ids))
    }

    fn record_audit(&self, entry: &NewAudit) -> Result<(), StoreError> {
        let due = {
            let mut queued = self.pending_audit.lock().unwrap_or_else(|p| p.into_inner());
            queued.push(entry.clone());
            queued[0].at < entry.at
        };
        // A view waits for no one and is written with the others of its
        // second; any other entry is written before this returns.
        let writer = if entry.action != crate::AuditAction::PersonView {
            Some(self.conn())
        } else if due {
            self.try_conn()
        } else {
            None
        };
        if let Some(mut w) = writer {
            w.flush_audit()?;
        }
        Ok(())
    }

    fn version(&self) -> Result<u64, StoreError> {
        // SQLite's data version moves when any other connection, of this
        // process or another, commits; the count of releases covers the
        // in-memory database, which has no other connection.
        let theirs: i64 = match &self.watch {
            Some(w) => w
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get(0))?,
            None => 0,
        };
        let ours = self.released.load(std::sync::atomic::Ordering::SeqCst);
        Ok((theirs as u64).wrapping_add(ours))
    }

    fn flush_audit(&self) -> Result<(), StoreError> {
        let queued = !self
            .pending_audit
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_empty();
        if queued {
            self.conn().flush_audit()?;
        }
        Ok(())
    }

    fn audit_page(&self, offset: u64, limit: u64) -> Result<(Vec<AuditRow>, u64), StoreError> {
        self.conn().flush_audit()?;
        self.read(|c| crate::shared::audit::page(c, offset, limit))
    }

    fn audit_about(&self, target: &str) -> Result<Vec<AuditRow>, StoreError> {
        self.conn().flush_audit()?;
        self.read(|c| crate::shared::audit::about(c, target))
    }

    fn pull_cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        crate::shared::cursors::get(&*self.conn(), source)
    }

    fn set_pull_cursor(&self, source: &str, cursor: &str, at: i64) -> Result<(), StoreError> {
        crate::shared::cursors::set(&*self.conn(), source, cursor, at)
    }

    fn fill_signals(&self) -> Result<u64, StoreError> {
        let mut conn = self.conn();
        let mut filled = 0;
        loop {
            let page = scores::unsignalled(&*conn)?;
            if page.is_empty() {
                return Ok(filled);
            }
            let tx = conn.transaction()?;
            filled += scores::fill_signals(&tx, &page)?;
            tx.commit()?;
        }
    }

    fn score_inputs(&self) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        scores::all_inputs(&*self.conn())
    }

    fn score_inputs_of(&self, people: &[PersonId]) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        scores::some_inputs(&*self.conn(), people)
    }

    fn topic_rows(&self, person: PersonId) -> Result<Vec<TopicRow>, StoreError> {
        self.read(|c| scores::topic_rows(c, person))
    }

    fn claim_changed(&self, pass: i64) -> Result<crate::Dirty, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let dirty = scores::claim_changed(&tx, pass)?;
        tx.commit()?;
        Ok(dirty)
    }

    fn claim(&self, pass: i64, people: Option<&[PersonId]>) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        scores::claim(&tx, pass, people)?;
        tx.commit()?;
        Ok(())
    }

    fn due_people(&self, as_of: i64) -> Result<Vec<PersonId>, StoreError> {
        scores::due(&*self.conn(), as_of)
    }

    fn score_state(&self) -> Result<Option<ScoreState>, StoreError> {
        self.read(|c| scores::state(c))
    }

    fn write_scores(
        &self,
        rows: &[ScoreRow],
        gone: &[PersonId],
        pass: i64,
        finished: bool,
        everyone: bool,
        state: &ScoreState,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let written = scores::write(&tx, rows, gone, pass, finished, everyone, state)?;
        tx.commit()?;
        Ok(written)
    }

    fn stored_scores(&self) -> Result<Vec<ScoreRow>, StoreError> {
        scores::stored(&*self.conn())
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

    fn briefs(&self, ids: &[PersonId]) -> Result<Vec<Brief>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|p| p.0).collect();
        self.read(|c| views::briefs(c, &ids))
    }

    fn people_page(
        &self,
        filter: &PeopleFilter,
        sort: PeopleSort,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Brief>, u64), StoreError> {
        self.read(|c| views::people_page(c, filter, sort, offset, limit))
    }

    fn verdict_counts(&self) -> Result<HashMap<String, u64>, StoreError> {
        self.read(|c| views::counts(c))
    }

    fn ladder_weeks(&self) -> Result<Vec<(i64, Stage, i64)>, StoreError> {
        self.read(|c| views::ladder_weeks(c))
    }

    fn person_rows(&self, id: PersonId) -> Result<Option<PersonRows>, StoreError> {
        self.read(|c| views::person_rows(c, id))
    }

    fn queue_page(
        &self,
        now: i64,
        filter: &QueueFilter,
        offset: u64,
        limit: u64,
    ) -> Result<QueuePage, StoreError> {
        self.read(|c| views::queue_page(c, now, filter, offset, limit))
    }

    fn search(&self, expr: &str, limit: u64) -> Result<crate::views::SearchRows, StoreError> {
        let mut conn = self.conn();
        crate::shared::search::catch_up(&mut |step| {
            let tx = conn.transaction()?;
            let out = step(&tx)?;
            tx.commit()?;
            Ok(out)
        })?;
        crate::shared::search::search(&*conn, expr, limit)
    }

    fn channels(&self) -> Result<Vec<String>, StoreError> {
        self.read(|c| views::channels(c))
    }

    fn stock_groups(
        &self,
        now: i64,
        filter: &QueueFilter,
    ) -> Result<Vec<crate::views::StockGroup>, StoreError> {
        self.read(|c| views::stock_groups(c, now, filter))
    }

    fn stock_ids(
        &self,
        now: i64,
        channel: &str,
        post: Option<&str>,
    ) -> Result<Vec<InteractionId>, StoreError> {
        self.read(|c| views::stock_ids(c, now, channel, post))
    }

    fn queue_items(&self, ids: &[InteractionId]) -> Result<Vec<QueueItem>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        self.read(|c| views::queue_items(c, &ids))
    }

    fn thread_page(
        &self,
        filter: &ThreadFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<ThreadRow>, u64), StoreError> {
        self.read(|c| views::thread_page(c, filter, offset, limit))
    }

    fn thread_channels(&self) -> Result<Vec<String>, StoreError> {
        self.read(|c| views::thread_channels(c))
    }

    fn thread_rows(&self, key: &str) -> Result<Option<ThreadRows>, StoreError> {
        self.read(|c| views::thread_rows(c, key))
    }

    fn report_rows(
        &self,
        from_day: Option<i64>,
        valued: &[String],
    ) -> Result<ReportRows, StoreError> {
        self.read(|c| views::report_rows(c, from_day, valued))
    }

    fn extent(&self) -> Result<Option<(i64, i64)>, StoreError> {
        self.read(|c| views::extent(c))
    }

    fn watch_counts(
        &self,
        watch: &Watch,
        now: i64,
        due_only: bool,
    ) -> Result<Vec<WatchCount>, StoreError> {
        self.read(|c| views::watch_counts(c, watch, now, due_only))
    }

    fn watch_ids(
        &self,
        watch: &Watch,
        kind: Watched,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<(PersonId, i64)>, StoreError> {
        self.read(|c| views::watch_ids(c, watch, kind, lo, hi, limit))
    }

    fn watched(&self, ids: &[PersonId]) -> Result<Vec<WatchRow>, StoreError> {
        self.read(|c| views::watched(c, ids))
    }

    fn current_person(&self, id: PersonId) -> Result<PersonId, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT keep_id FROM merge_journal WHERE gone_id = ?1 AND undone_at IS NULL
                 ORDER BY link_id DESC LIMIT 1",
            )?;
            let mut p = id.0;
            // A chain is never longer than the merges; the bound keeps a
            // damaged journal with a cycle from looping.
            for _ in 0..10_000 {
                match stmt.query_row([p], |r| r.get::<_, i64>(0)).optional()? {
                    Some(next) if next != p => p = next,
                    _ => break,
                }
            }
            Ok(PersonId(p))
        })
    }

    fn touches_of(&self, person: PersonId) -> Result<Vec<TouchRow>, StoreError> {
        self.read(|c| {
            let people = views::merged_into(c, person)?;
            let mut stmt = c.prepare_cached(
                "SELECT id, person_id, kind, note, at, by_user FROM touch WHERE person_id = ?1",
            )?;
            let mut out = Vec::new();
            for p in people {
                let rows = stmt.query_map([p], |r| {
                    Ok(TouchRow {
                        id: r.get(0)?,
                        person,
                        kind: r.get(2)?,
                        note: r.get(3)?,
                        at: r.get(4)?,
                        by: r.get(5)?,
                    })
                })?;
                for row in rows {
                    out.push(row?);
                }
            }
            out.sort_by_key(|t| (t.at, t.id));
            Ok(out)
        })
    }

    fn alert_groups(
        &self,
        now: i64,
        min_base: i64,
        targets: rapport_core::priority::Targets,
    ) -> Result<Vec<AlertGroup>, StoreError> {
        self.read(|c| views::alert_groups(c, now, min_base, targets))
    }

    fn alert_slots(
        &self,
        now: i64,
        base: i64,
        vip: bool,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<AlertSlot>, StoreError> {
        self.read(|c| views::alert_slots(c, now, base, vip, lo, hi, limit))
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

    fn interaction(&self, id: InteractionId) -> Result<Option<InteractionRow>, StoreError> {
        self.read(|c| read::interaction(c, id))
    }

    fn queue_reply(&self, reply: &NewReply, record: &Record) -> Result<OutboxRow, StoreError> {
        let Record::Interaction(i) = record else {
            return Err(StoreError::Refused("a reply must be an interaction".into()));
        };
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        if let Some(row) = outbox::by_key(&tx, &reply.key)? {
            if row.parent != Some(reply.parent) {
                return Err(StoreError::Refused(format!(
                    "the key {:?} was used for another message",
                    reply.key
                )));
            }
            return Ok(row);
        }
        let parent = read::interaction(&tx, reply.parent)?
            .ok_or_else(|| StoreError::Refused(format!("no message {}", reply.parent.0)))?;
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        let suppressed = crate::shared::forget::Suppressed::load(&tx)?;
        let written = write::batch(
            &tx,
            &mut known,
            suppressed.as_ref(),
            std::slice::from_ref(record),
            &[],
        )
        .and_then(|out| match out.first() {
            Some(Outcome::Imported) => Ok(()),
            _ => Err(StoreError::Refused(format!(
                "the reply {:?} is stored already",
                i.external_id
            ))),
        })
        .and_then(|()| {
            let id: i64 = tx.query_row(
                "SELECT id FROM interaction WHERE channel = ?1 AND external_id = ?2",
                rusqlite::params![i.channel.as_str(), i.external_id],
                |r| r.get(0),
            )?;
            team::apply_inbox_action(
                &tx,
                reply.parent,
                &InboxAction::Reply(i.text.clone()),
                &reply.by,
                reply.at,
            )?;
            outbox::insert_reply(
                &tx,
                reply,
                parent.person,
                InteractionId(id),
                &parent.channel,
                &i.text,
            )
        })
        .and_then(|id| Ok(tx.commit().map(|()| id)?));
        let id = match written {
            Ok(id) => id,
            Err(e) => {
                known.forget();
                return Err(e);
            }
        };
        drop(known);
        outbox::one(&*conn, id)?
            .ok_or_else(|| StoreError::Refused("the reply vanished as it was written".into()))
    }

    fn queue_messages(&self, messages: &[NewMessage]) -> Result<u64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let mut n = 0;
        for m in messages {
            n += u64::from(outbox::insert_message(&tx, m)?.is_some());
        }
        tx.commit()?;
        Ok(n)
    }

    fn outbox_page(
        &self,
        filter: &OutboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<OutboxRow>, u64), StoreError> {
        self.read(|c| outbox::page(c, filter, offset, limit))
    }

    fn outbox_counts(&self) -> Result<Vec<(OutboxState, u64)>, StoreError> {
        self.read(|c| outbox::counts(c))
    }

    fn pool_state(&self) -> Option<PoolState> {
        let readers = self.readers.as_ref()?;
        // `opened` before `idle`: the order `take` locks them in.
        let open = *readers.opened.lock().unwrap_or_else(|p| p.into_inner());
        let idle = readers.idle.lock().unwrap_or_else(|p| p.into_inner()).len();
        Some(PoolState {
            open: open as u32,
            idle: (idle.min(open)) as u32,
            max: Readers::MAX as u32,
        })
    }

    fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, StoreError> {
        self.read(|c| outbox::one(c, id))
    }

    fn outbox_due(&self, now: i64, limit: u64) -> Result<Vec<OutboxRow>, StoreError> {
        self.read(|c| outbox::due(c, now, limit))
    }

    fn outbox_stale(&self, before: i64) -> Result<Vec<OutboxRow>, StoreError> {
        self.read(|c| outbox::stale(c, before))
    }

    fn outbox_claim(&self, id: i64, at: i64) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let taken = outbox::claim(&tx, id, at)?;
        tx.commit()?;
        Ok(taken)
    }

    fn outbox_settle(&self, id: i64, outcome: &Settle, at: i64) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let done = outbox::settle(&tx, id, outcome, at)?;
        tx.commit()?;
        Ok(done)
    }

    fn outbox_decide(&self, id: i64, send: bool, by: &str, at: i64) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let done = outbox::decide(&tx, id, send, by, at)?;
        tx.commit()?;
        Ok(done)
    }

    fn feedback_candidates(
        &self,
        from: i64,
        to: i64,
        limit: u64,
    ) -> Result<Vec<crate::outbox::FeedbackCandidate>, StoreError> {
        self.read(|c| outbox::feedback_candidates(c, from, to, limit))
    }

    fn reminder_candidates(
        &self,
        before: i64,
        limit: u64,
    ) -> Result<Vec<crate::outbox::ReminderCandidate>, StoreError> {
        self.read(|c| outbox::reminder_candidates(c, before, limit))
    }

    fn courtesy(
        &self,
        person: Option<PersonId>,
        address: Option<&str>,
        since: i64,
    ) -> Result<crate::outbox::Courtesy, StoreError> {
        self.read(|c| outbox::courtesy(c, person, address, since))
    }

    fn unsubscribe_token(&self, address: &str) -> Result<String, StoreError> {
        self.read(|c| outbox::unsubscribe_token(c, address))
    }

    fn unsubscribe(
        &self,
        address: &str,
        token: &str,
        source: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let done = outbox::unsubscribe(&tx, address, token, source, at)?;
        tx.commit()?;
        Ok(done)
    }

    fn scan_moments(&self, since: i64, now: i64) -> Result<u64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = crate::shared::moments::scan(&tx, since, now)?;
        tx.commit()?;
        Ok(n)
    }

    fn moment_counts(&self, now: i64) -> Result<Vec<crate::moments::MomentCount>, StoreError> {
        self.read(|c| crate::shared::moments::counts(c, now))
    }

    fn moment_page(
        &self,
        now: i64,
        kind: crate::moments::MomentKind,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<crate::moments::MomentRow>, StoreError> {
        self.read(|c| crate::shared::moments::page(c, now, kind, lo, hi, limit))
    }

    fn moment_decide(
        &self,
        id: i64,
        decision: &crate::moments::Decision,
        reason: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let done = crate::shared::moments::decide(&tx, id, decision, reason, by, at)?;
        tx.commit()?;
        Ok(done)
    }

    fn alert_decisions(&self) -> Result<Vec<crate::moments::AlertDecisionRow>, StoreError> {
        self.read(|c| crate::shared::moments::decisions(c))
    }

    fn decide_alert(&self, decision: &crate::moments::AlertDecisionRow) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        crate::shared::moments::decide_alert(&tx, decision)?;
        tx.commit()?;
        Ok(())
    }

    fn moment_done(&self, id: i64, by: &str, at: i64) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let done = crate::shared::moments::done(&tx, id, by, at)?;
        tx.commit()?;
        Ok(done)
    }
    fn add_corrections(&self, rows: &[NewCorrection]) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let ids = corrections::add(&tx, rows)?;
        tx.commit()?;
        Ok(ids)
    }

    fn corrections(&self) -> Result<Vec<CorrectionRow>, StoreError> {
        self.read(|c| corrections::all(c))
    }

    fn corrections_of(&self, id: InteractionId) -> Result<Vec<CorrectionRow>, StoreError> {
        self.read(|c| corrections::of(c, id.0))
    }

    fn delete_correction(&self, id: i64) -> Result<Option<CorrectionRow>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let gone = corrections::delete(&tx, id)?;
        tx.commit()?;
        Ok(gone)
    }

    fn shop_layer(&self) -> Result<Option<LayerRow>, StoreError> {
        self.read(|c| corrections::layer(c))
    }

    fn shop_layer_revision(&self) -> Result<i64, StoreError> {
        self.read(|c| corrections::revision(c))
    }

    fn set_shop_layer(&self, model: &[u8], corrections: u64, at: i64) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let revision = corrections::set_layer(&tx, model, corrections, at)?;
        tx.commit()?;
        Ok(revision)
    }

    fn readings_version(&self) -> Result<Option<String>, StoreError> {
        self.read(|c| corrections::readings_version(c))
    }

    fn set_readings_version(&self, version: &str) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        corrections::set_readings_version(&tx, version)?;
        tx.commit()?;
        Ok(())
    }

    fn enqueue_job(&self, job: &NewJob, now: i64) -> Result<Option<i64>, StoreError> {
        crate::shared::jobs::enqueue(&*self.conn(), job, now)
    }

    fn claim_job(
        &self,
        worker: &str,
        kinds: &[&str],
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Job>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let job = crate::shared::jobs::claim(&tx, worker, kinds, now, lease_until)?;
        tx.commit()?;
        Ok(job)
    }

    fn renew_job(&self, id: i64, worker: &str, until: i64) -> Result<bool, StoreError> {
        crate::shared::jobs::renew(&*self.conn(), id, worker, until)
    }

    fn finish_job(
        &self,
        id: i64,
        worker: &str,
        now: i64,
        ending: &JobEnding<'_>,
    ) -> Result<bool, StoreError> {
        crate::shared::jobs::finish(&*self.conn(), id, worker, now, ending)
    }

    fn job(&self, id: i64) -> Result<Option<JobRow>, StoreError> {
        self.read(|c| crate::shared::jobs::get(c, id))
    }

    fn jobs(&self, limit: usize) -> Result<Vec<JobRow>, StoreError> {
        self.read(|c| crate::shared::jobs::latest(c, limit))
    }

    fn job_counts(&self) -> Result<Vec<JobCount>, StoreError> {
        self.read(|c| crate::shared::jobs::counts(c))
    }

    fn prune_jobs(&self, done_before: i64, failed_before: i64) -> Result<usize, StoreError> {
        crate::shared::jobs::prune(&*self.conn(), done_before, failed_before)
    }

    fn jobs_of_kind(&self, kind: &str, limit: usize) -> Result<Vec<JobRow>, StoreError> {
        self.read(|c| crate::shared::jobs::latest_of(c, kind, limit))
    }

    fn reserve_login(
        &self,
        attempt: &str,
        keys: &[String],
        w: &LoginWindow,
    ) -> Result<bool, StoreError> {
        let mut conn = self.limits();
        let tx = conn.transaction()?;
        let reserved = limits::reserve_login(&tx, attempt, keys, w)?;
        tx.commit()?;
        Ok(reserved)
    }

    fn release_login(&self, attempt: &str) -> Result<(), StoreError> {
        limits::release_login(&*self.limits(), attempt)
    }

    fn login_blocked(&self, keys: &[String], w: &LoginWindow) -> Result<bool, StoreError> {
        limits::login_blocked(&*self.limits(), keys, w)
    }

    fn take_rate(&self, bucket: &str, rule: RateRule, now: f64) -> Result<Option<f64>, StoreError> {
        limits::take_rate(&*self.limits(), bucket, rule, now)
    }

    fn prune_limits(&self, logins_before: i64, buckets_before: f64) -> Result<usize, StoreError> {
        limits::prune(&*self.limits(), logins_before, buckets_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuditAction;
    use std::sync::mpsc;
    use std::time::Duration;

    fn entry(action: AuditAction, target: &str) -> NewAudit {
        NewAudit {
            at: 1_700_000_000,
            actor: "ann@example.org".to_string(),
            action,
            target: target.to_string(),
            detail: "test".to_string(),
        }
    }

    #[test]
    fn a_person_view_does_not_wait_for_the_writer_and_is_written_when_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let store = std::sync::Arc::new(SqliteStore::open(path.to_str().unwrap()).unwrap());
        let held = store.conn();
        let (done, finished) = mpsc::channel();
        let viewer = {
            let store = store.clone();
            std::thread::spawn(move || {
                let r = store.record_audit(&entry(AuditAction::PersonView, "person:7"));
                done.send(r.is_ok()).unwrap();
            })
        };
        // The view returns while the writer is still held.
        assert_eq!(finished.recv_timeout(Duration::from_secs(10)), Ok(true));
        viewer.join().unwrap();
        let queued: i64 = held
            .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
            .unwrap();
        assert_eq!(queued, 0, "nothing written while the writer is held");
        drop(held);
        let (rows, total) = store.audit_page(0, 10).unwrap();
        assert_eq!(total, 1);
        assert_eq!(rows[0].target, "person:7");
        assert_eq!(rows[0].action, AuditAction::PersonView);
    }

    #[test]
    fn queued_views_are_written_when_the_store_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let path = path.to_str().unwrap();
        {
            let store = SqliteStore::open(path).unwrap();
            let held = store.conn();
            store.pending_audit.lock().unwrap().extend([
                entry(AuditAction::PersonView, "person:1"),
                entry(AuditAction::PersonView, "person:2"),
            ]);
            drop(held);
            store
                .record_audit(&entry(AuditAction::PersonView, "person:3"))
                .unwrap();
            store
                .pending_audit
                .lock()
                .unwrap()
                .push(entry(AuditAction::PersonView, "person:4"));
        }
        let store = SqliteStore::open(path).unwrap();
        let (rows, total) = store.audit_page(0, 10).unwrap();
        assert_eq!(total, 4);
        let mut targets: Vec<_> = rows.iter().map(|r| r.target.as_str()).collect();
        targets.sort();
        assert_eq!(targets, ["person:1", "person:2", "person:3", "person:4"]);
    }
}
