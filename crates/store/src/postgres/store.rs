//! The PostgreSQL store handle: a pool of connections, one transaction
//! per call.

use super::{people, schema};
use crate::outbox::Settle;
use crate::shared::derived::Derived;
use crate::shared::forget::Suppressed;
use crate::shared::limits;
use crate::shared::{audit, cohorts, forget, moments, privacy, scores};
use crate::shared::{corrections, links, outbox, texts, write};
use crate::shared::{read, search, team, views as view};
use crate::sql::{Db, PgDb, Statements};
use crate::views::{
    AlertGroup, AlertSlot, Brief, PeopleFilter, PeopleSort, PersonRows, QueueFilter, QueueItem,
    QueuePage, ReportRows, ThreadFilter, ThreadRow, ThreadRows, Watch, WatchCount, WatchRow,
    Watched,
};
use crate::{views, CohortRow, Dirty, MemberProgress, NewCohortMember, SuggestionRow, Unlinked};
use crate::{
    AnalysisRow, Counts, InteractionRow, LinkRow, OrderRow, Outcome, PersonRow, Reading,
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
use crate::{Job, JobCount, JobEnding, JobRow, LoginWindow, NewJob, RateRule};
use postgres::{IsolationLevel, NoTls, Transaction};
use rapport_core::ladder::Stage;
use rapport_core::{InteractionId, PersonId, Record};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

type Pool = r2d2::Pool<Manager>;
type Conn = r2d2::PooledConnection<Manager>;

/// A pooled connection and the statements prepared on it.
pub struct PgConn {
    client: postgres::Client,
    statements: Statements,
}

/// Opens the pool's connections.
#[derive(Debug)]
pub struct Manager(postgres::Config);

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.0.connect(NoTls)?,
            statements: Statements::new(),
        })
    }

    /// Checked as it leaves the pool: an empty query, one round trip.
    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(drop)
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

/// The advisory lock every write transaction holds: writers take turns,
/// as SQLite's single writer does, across every process sharing the
/// database (the writers' logic — ids handed out as the highest plus
/// one, the views' counters kept by read-modify-write — was written for
/// one writer at a time). Readers never wait for it.
const WRITER_LOCK: i64 = 0x5241_5050_4f52_5402;

/// Moves [`Store::version`] forward at the end of a write transaction
/// that changed something (one that wrote a row has a transaction id):
/// as SQLite's `data_version`, which moves only when the file changed, a
/// write that found nothing to do — a replayed webhook, an import of
/// duplicates — leaves the version, and the views' caches, as they were.
const BUMP_VERSION: &str = "UPDATE store_version SET n = n + 1 \
                            WHERE id = 1 AND pg_current_xact_id_if_assigned() IS NOT NULL";

/// A store in a PostgreSQL database.
///
/// Connections come from a pool (`r2d2`), so the server's blocking tasks
/// and a worker's threads each take their own. Every read runs in one
/// read-only repeatable-read transaction, so all its queries see one
/// state; every write runs in one transaction holding [`WRITER_LOCK`].
///
/// The driver (`postgres`) runs a small async runtime of its own inside
/// each call: like every `Store`, it is called from blocking threads
/// (the server wraps store calls in `spawn_blocking`), never on an async
/// runtime's own threads.
pub struct PgStore {
    /// Always `Some` until dropped (see [`Drop`]).
    pool: Option<Pool>,
    /// Whether this process has seen the planner's statistics of the
    /// written tables exist (see [`PgStore::gather_statistics`]).
    analysed: AtomicBool,
}

impl PgStore {
    /// Connections at most in one process's pool.
    const POOL_SIZE: u32 = 16;

    /// Connects to the database `url` names (`postgres://USER@HOST/DB`,
    /// any libpq-style URL or key=value string the driver reads) and
    /// migrates it.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::BadUrl(format!("{url}: {e}")))?;
        // One connection first, to migrate: a server that cannot be
        // reached, a refused login or a missing database shows as itself
        // at once, not as the pool's timeout.
        let mut first = config.connect(NoTls)?;
        schema::migrate(&mut first)?;
        let manager = Manager(config);
        let pool = r2d2::Pool::builder()
            .max_size(Self::POOL_SIZE)
            .min_idle(Some(0))
            .connection_timeout(std::time::Duration::from_secs(30))
            .build_unchecked(manager);
        drop(first);
        Ok(PgStore {
            pool: Some(pool),
            analysed: AtomicBool::new(false),
        })
    }

    /// A database filled from empty has no planner statistics until
    /// autovacuum's next round, and until then PostgreSQL plans as if
    /// every table were nearly empty: in a 20,000-record import into a
    /// new database, the look-up of what the shop's replies answer took
    /// 2.9 s, twice. So after a batch is written, tables never analysed
    /// (`reltuples` is -1 until then) are analysed at once; autovacuum
    /// keeps the statistics from there. One small look-up per batch
    /// until this process has seen them exist.
    fn gather_statistics(&self) -> Result<(), StoreError> {
        if self.analysed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut conn = self.conn()?;
        let never: bool = conn
            .client
            .query_one(
                "SELECT reltuples < 0 FROM pg_class WHERE oid = CAST('interaction' AS regclass)",
                &[],
            )?
            .get(0);
        if never {
            conn.client.batch_execute("ANALYZE")?;
        }
        self.analysed.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// One plain connection to the database `url` names, outside any
    /// pool (for work that holds one transaction open a long time:
    /// moving a store, `crate::transfer`). The schema is not touched.
    pub(crate) fn connect(url: &str) -> Result<postgres::Client, StoreError> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::BadUrl(format!("{url}: {e}")))?;
        Ok(config.connect(NoTls)?)
    }

    /// Compares the state the writers keep for the views (threads,
    /// answers, the queue, the report's days) with what is derived from
    /// the stored messages at once; returns up to `max` rows that differ
    /// (none: they agree). Changes nothing (as
    /// [`crate::SqliteStore::check_derived`]).
    pub fn check_derived(&self, max: usize) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn()?;
        let mut tx = conn.client.transaction()?;
        // After the writers before it, so the two sides see one state.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let diff = crate::shared::derived::check(&PgDb::new(&mut tx), max)?;
        tx.rollback()?;
        Ok(diff)
    }

    fn conn(&self) -> Result<Conn, StoreError> {
        match &self.pool {
            Some(pool) => Ok(pool.get()?),
            None => Err(StoreError::Refused("the store is closed".into())),
        }
    }

    /// Runs `f` in one read-only transaction (one consistent state for
    /// all its queries).
    fn read<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut Statements) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let PgConn { client, statements } = &mut *conn;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let out = f(&mut tx, statements)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Self::read`] for the logic written over [`Db`] (`crate::shared`).
    fn read_db<T>(
        &self,
        f: impl FnOnce(&dyn Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.read(|tx, kept| f(&PgDb::with_statements(tx, kept)))
    }

    /// One transaction on the job queue ([`crate::jobs`]): jobs take no
    /// turn among the writers — claims skip each other's locked rows —
    /// and leave the store's version alone (a queued job changes nothing
    /// a view shows).
    fn jobs_db<T>(
        &self,
        f: impl FnOnce(&dyn Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let PgConn { client, statements } = &mut *conn;
        let mut tx = client.transaction()?;
        let out = f(&PgDb::with_statements(&mut tx, statements))?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Self::write`] for the logic written over [`Db`] (`crate::shared`).
    fn write_db<T>(
        &self,
        f: impl FnOnce(&dyn Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write(|tx, kept| f(&PgDb::with_statements(tx, kept)))
    }

    /// Runs `f` in one write transaction, after the writers before it
    /// (see [`WRITER_LOCK`]), and commits it; an error rolls it all back.
    fn write<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut Statements) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let PgConn { client, statements } = &mut *conn;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let out = f(&mut tx, statements)?;
        tx.execute(BUMP_VERSION, &[])?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in a write transaction of its own without waiting for the
    /// writers: only for rows no writer's logic reads back (the audit
    /// log). The version still moves (its row is locked only while a
    /// writer commits).
    fn write_apart<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut Statements) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let PgConn { client, statements } = &mut *conn;
        let mut tx = client.transaction()?;
        let out = f(&mut tx, statements)?;
        tx.execute(BUMP_VERSION, &[])?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` as [`PgStore::write`] does if no writer holds the store
    /// now; otherwise does nothing and returns `None`.
    fn try_write<T>(
        &self,
        f: impl FnOnce(&mut Transaction<'_>, &mut Statements) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut conn = self.conn()?;
        let PgConn { client, statements } = &mut *conn;
        let mut tx = client.transaction()?;
        let free: bool = tx
            .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&WRITER_LOCK])?
            .try_get(0)?;
        if !free {
            return Ok(None);
        }
        let out = f(&mut tx, statements)?;
        tx.execute(BUMP_VERSION, &[])?;
        tx.commit()?;
        Ok(Some(out))
    }
}

impl Drop for PgStore {
    /// Closes the connections on a thread of their own: closing one runs
    /// the driver's runtime, which cannot start on an async runtime's
    /// thread, and the server's state (the last holder of the store) is
    /// dropped on one when serving ends.
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl Store for PgStore {
    fn write_batch(
        &self,
        records: &[Record],
        readings: &[Reading],
    ) -> Result<Vec<Outcome>, StoreError> {
        // Each batch starts knowing no identity: other processes write
        // this database too, and one may forget a person between two
        // batches (see `write::Known`).
        let outcomes = self.write_db(|db| {
            let suppressed = Suppressed::load(db)?;
            write::batch(
                db,
                &mut write::Known::default(),
                suppressed.as_ref(),
                records,
                readings,
            )
        })?;
        self.gather_statistics()?;
        Ok(outcomes)
    }

    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError> {
        self.read_db(texts::post_texts)
    }

    fn shop_handles(&self) -> Result<Vec<String>, StoreError> {
        self.read_db(texts::shop_handles)
    }

    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError> {
        self.read_db(|db| texts::texts(db, after, limit))
    }

    fn voices(
        &self,
        authors: &[(String, String)],
    ) -> Result<HashMap<(String, String), String>, StoreError> {
        self.read_db(|db| texts::voices(db, authors))
    }

    fn channel_languages(&self) -> Result<HashMap<String, Vec<(String, u64)>>, StoreError> {
        self.read_db(|db| texts::channel_languages(db))
    }

    fn add_corrections(&self, rows: &[crate::NewCorrection]) -> Result<Vec<i64>, StoreError> {
        self.write_db(|db| corrections::add(db, rows))
    }

    fn corrections(&self) -> Result<Vec<crate::CorrectionRow>, StoreError> {
        self.read_db(corrections::all)
    }

    fn corrections_of(&self, id: InteractionId) -> Result<Vec<crate::CorrectionRow>, StoreError> {
        self.read_db(|db| corrections::of(db, id.0))
    }

    fn delete_correction(&self, id: i64) -> Result<Option<crate::CorrectionRow>, StoreError> {
        self.write_db(|db| corrections::delete(db, id))
    }

    fn shop_layer(&self) -> Result<Option<crate::LayerRow>, StoreError> {
        self.read_db(corrections::layer)
    }

    fn shop_layer_revision(&self) -> Result<i64, StoreError> {
        self.read_db(corrections::revision)
    }

    fn set_shop_layer(&self, model: &[u8], corrections: u64, at: i64) -> Result<i64, StoreError> {
        self.write_db(|db| corrections::set_layer(db, model, corrections, at))
    }

    fn readings_version(&self) -> Result<Option<String>, StoreError> {
        self.read_db(corrections::readings_version)
    }

    fn set_readings_version(&self, version: &str) -> Result<(), StoreError> {
        self.write_db(|db| corrections::set_readings_version(db, version))
    }

    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError> {
        self.write_db(|db| {
            let mut derived = Derived::default();
            let mut shop = write::ShopHandles::default();
            for (id, a) in rows {
                write::reanalysis(db, &mut derived, &mut shop, *id, a)?;
            }
            let ids: Vec<InteractionId> = rows.iter().map(|(id, _)| *id).collect();
            write::queue_languages(db, &ids)?;
            derived.flush(db)
        })
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        self.read_db(read::counts)
    }

    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError> {
        self.read_db(read::interactions)
    }

    fn interactions_of(&self, person: PersonId) -> Result<Vec<InteractionRow>, StoreError> {
        self.read_db(|db| read::interactions_of(db, person))
    }

    fn people(&self) -> Result<Vec<PersonRow>, StoreError> {
        self.read_db(read::people)
    }

    fn orders(&self) -> Result<Vec<OrderRow>, StoreError> {
        self.read_db(read::orders)
    }

    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError> {
        self.read_db(|db| read::find_person(db, key))
    }

    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError> {
        self.read_db(|db| links::of(db, person))
    }

    fn link(
        &self,
        keep: PersonId,
        gone: PersonId,
        reason: &str,
        detail: &str,
        at: i64,
    ) -> Result<i64, StoreError> {
        self.write_db(|db| {
            let mut derived = Derived::default();
            let id = links::link(db, &mut derived, keep, gone, reason, detail, 1.0, at)?;
            derived.flush(db)?;
            Ok(id)
        })
    }

    fn unlink(&self, link: i64, at: i64) -> Result<Unlinked, StoreError> {
        self.write_db(|db| {
            let mut derived = Derived::default();
            let done = links::unlink(db, &mut derived, link, at)?;
            derived.flush(db)?;
            Ok(done)
        })
    }

    fn find_merge(&self, person: PersonId, key: &str) -> Result<Option<i64>, StoreError> {
        self.read_db(|db| links::find_merge(db, person, key))
    }

    fn scan_links(&self, at: i64) -> Result<usize, StoreError> {
        self.write_db(|db| {
            let mut derived = Derived::default();
            let n = links::scan(db, &mut derived, at)?;
            derived.flush(db)?;
            Ok(n)
        })
    }

    fn link_suggestions(&self) -> Result<Vec<SuggestionRow>, StoreError> {
        self.read_db(links::suggestions)
    }

    fn decide_suggestion(&self, id: i64, accept: bool, at: i64) -> Result<Option<i64>, StoreError> {
        self.write_db(|db| {
            let mut derived = Derived::default();
            let link = links::decide(db, &mut derived, id, accept, at)?;
            derived.flush(db)?;
            Ok(link)
        })
    }

    fn create_cohort(
        &self,
        planned_at: i64,
        members: &[NewCohortMember],
    ) -> Result<i64, StoreError> {
        self.write_db(|db| cohorts::create(db, planned_at, members))
    }

    fn cohorts(&self) -> Result<Vec<CohortRow>, StoreError> {
        self.read_db(cohorts::all)
    }

    fn update_cohort_members(&self, progress: &[MemberProgress]) -> Result<(), StoreError> {
        self.write_db(|db| {
            for p in progress {
                cohorts::update(db, p)?;
            }
            Ok(())
        })
    }

    fn create_user(
        &self,
        email: &str,
        role: Role,
        password_hash: &str,
        at: i64,
    ) -> Result<UserRow, StoreError> {
        self.write_db(|db| team::create_user(db, email, role, password_hash, at))
    }

    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        self.read_db(|db| team::user_by_email(db, email))
    }

    fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        self.read_db(|db| team::users(db))
    }

    fn set_user_settings(
        &self,
        user: UserId,
        language: Option<&str>,
        digest: bool,
    ) -> Result<bool, StoreError> {
        self.write_db(|db| team::set_user_settings(db, user.0, language, digest))
    }

    fn inbox_visit(&self, user: UserId, now: i64) -> Result<Option<i64>, StoreError> {
        if let Some(before) = self.read_db(|db| team::quiet_visit(db, user.0, now))? {
            return Ok(before);
        }
        self.write_db(|db| team::inbox_visit(db, user.0, now))
    }

    fn last_visit(&self, user: UserId) -> Result<Option<i64>, StoreError> {
        self.read_db(|db| team::last_visit(db, user.0))
    }

    fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        self.write_db(|db| team::create_session(db, session))
    }

    fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        self.read_db(|db| team::session(db, token_hash, now))
    }

    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.write_db(|db| team::delete_session(db, token_hash))
    }

    fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        prefix: &str,
        at: i64,
        expires_at: Option<i64>,
    ) -> Result<ApiTokenRow, StoreError> {
        self.write_db(|db| team::create_api_token(db, user, token_hash, prefix, at, expires_at))
    }

    fn user_by_api_token(&self, token_hash: &str, now: i64) -> Result<Option<UserRow>, StoreError> {
        let Some((user, id, last_used)) =
            self.read_db(|db| team::api_token_user(db, token_hash, now))?
        else {
            return Ok(None);
        };
        // Use is noted at most once a minute, and only when no writer
        // holds the store: a request never waits for an import (as on
        // SQLite).
        if last_used.is_none_or(|t| t < now - 60) {
            self.try_write(|tx, kept| {
                team::mark_token_used(&PgDb::with_statements(tx, kept), id, now)
            })?;
        }
        Ok(Some(user))
    }

    fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError> {
        self.read_db(|db| team::api_tokens(db))
    }

    fn revoke_api_token(&self, id: i64) -> Result<bool, StoreError> {
        self.write_db(|db| team::revoke_api_token(db, id))
    }

    fn revoke_api_tokens_of(&self, user: UserId) -> Result<u64, StoreError> {
        self.write_db(|db| team::revoke_api_tokens_of(db, user))
    }

    fn remove_user(&self, email: &str) -> Result<Option<RemovedUser>, StoreError> {
        self.write_db(|db| team::remove_user(db, email))
    }

    fn inbox_states(&self) -> Result<Vec<InboxStateRow>, StoreError> {
        self.read_db(|db| team::inbox_states(db))
    }

    fn inbox_state(&self, id: InteractionId) -> Result<Option<InboxStateRow>, StoreError> {
        self.read_db(|db| team::inbox_state(db, id))
    }

    fn apply_inbox_action(
        &self,
        id: InteractionId,
        action: &InboxAction,
        actor: &str,
        at: i64,
    ) -> Result<InboxStateRow, StoreError> {
        self.write_db(|db| {
            team::apply_inbox_action(db, id, action, actor, at)?;
            Ok(team::inbox_state(db, id)?.unwrap_or_else(|| InboxStateRow::new(id)))
        })
    }

    fn record_privacy_request(&self, request: &NewPrivacyRequest) -> Result<Recorded, StoreError> {
        self.write_db(|db| privacy::record(db, request))
    }

    fn finish_privacy_request(
        &self,
        id: i64,
        status: RequestStatus,
        person: Option<PersonId>,
        export: Option<&str>,
        at: i64,
    ) -> Result<(), StoreError> {
        self.write_db(|db| privacy::finish(db, id, status, person, export, at))
    }

    fn privacy_requests(&self) -> Result<Vec<PrivacyRequestRow>, StoreError> {
        self.read_db(privacy::all)
    }

    fn privacy_request_export(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.read_db(|db| privacy::export(db, id))
    }

    fn person_export(&self, person: PersonId) -> Result<Option<PersonExport>, StoreError> {
        self.read_db(|db| crate::shared::export::person_export(db, person))
    }

    fn forget_person(&self, person: PersonId, by: &str, at: i64) -> Result<Erasure, StoreError> {
        self.write_db(|db| forget::forget(db, person, by, at))
    }

    fn redact_orders(
        &self,
        order_ids: &[String],
        emails: &[String],
        at: i64,
    ) -> Result<u64, StoreError> {
        self.write_db(|db| forget::redact_orders(db, order_ids, emails, at))
    }

    fn order_owners(&self, order_ids: &[String]) -> Result<Vec<PersonId>, StoreError> {
        self.read_db(|db| forget::order_owners(db, order_ids))
    }

    fn record_audit(&self, entry: &NewAudit) -> Result<(), StoreError> {
        // Written at once, without waiting for the writers (a row of its
        // own, its id from a sequence): PostgreSQL keeps no page cache
        // per connection that a commit per view would empty, which is
        // what SQLite's queue of views avoids.
        self.write_apart(|tx, kept| {
            audit::record(&PgDb::with_statements(tx, kept), entry).map(drop)
        })
    }

    fn flush_audit(&self) -> Result<(), StoreError> {
        // Nothing is queued (see `record_audit`).
        Ok(())
    }

    fn version(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .client
            .query_one("SELECT n FROM store_version WHERE id = 1", &[])?
            .try_get(0)?;
        Ok(n as u64)
    }

    fn audit_page(&self, offset: u64, limit: u64) -> Result<(Vec<AuditRow>, u64), StoreError> {
        self.read_db(|db| audit::page(db, offset, limit))
    }

    fn audit_about(&self, target: &str) -> Result<Vec<AuditRow>, StoreError> {
        self.read_db(|db| audit::about(db, target))
    }

    fn pull_cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        self.read_db(|db| crate::shared::cursors::get(db, source))
    }

    fn set_pull_cursor(&self, source: &str, cursor: &str, at: i64) -> Result<(), StoreError> {
        self.write_db(|db| crate::shared::cursors::set(db, source, cursor, at))
    }

    fn fill_signals(&self) -> Result<u64, StoreError> {
        let mut filled = 0;
        // A read first: a store with nothing to fill is not written to.
        while !self.read_db(scores::unsignalled)?.is_empty() {
            filled += self.write_db(|db| scores::fill_signals(db, &scores::unsignalled(db)?))?;
        }
        Ok(filled)
    }

    fn score_inputs(&self) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        self.read_db(scores::all_inputs)
    }

    fn score_inputs_of(&self, people: &[PersonId]) -> Result<(Vec<ScoreInput>, i64), StoreError> {
        self.read_db(|db| scores::some_inputs(db, people))
    }

    fn topic_rows(&self, person: PersonId) -> Result<Vec<TopicRow>, StoreError> {
        self.read_db(|db| scores::topic_rows(db, person))
    }

    fn claim_changed(&self, pass: i64) -> Result<Dirty, StoreError> {
        self.write_db(|db| scores::claim_changed(db, pass))
    }

    fn claim(&self, pass: i64, people: Option<&[PersonId]>) -> Result<(), StoreError> {
        self.write_db(|db| scores::claim(db, pass, people))
    }

    fn due_people(&self, as_of: i64) -> Result<Vec<PersonId>, StoreError> {
        self.read_db(|db| scores::due(db, as_of))
    }

    fn score_state(&self) -> Result<Option<ScoreState>, StoreError> {
        self.read_db(scores::state)
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
        self.write_db(|db| scores::write(db, rows, gone, pass, finished, everyone, state))
    }

    fn stored_scores(&self) -> Result<Vec<ScoreRow>, StoreError> {
        self.read_db(scores::stored)
    }

    fn merged_people(&self) -> Result<Vec<(PersonId, PersonId)>, StoreError> {
        self.read(|c, _| people::merged_people(c))
    }

    fn add_touch(
        &self,
        person: PersonId,
        kind: &str,
        note: &str,
        at: i64,
        by: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.write(|c, _| people::add_touch(c, person, kind, note, at, by))
    }

    fn touches(&self) -> Result<Vec<TouchRow>, StoreError> {
        self.read(|c, _| people::touches(c))
    }

    fn briefs(&self, ids: &[PersonId]) -> Result<Vec<Brief>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|p| p.0).collect();
        self.read_db(|db| view::briefs(db, &ids))
    }

    fn people_page(
        &self,
        filter: &PeopleFilter,
        sort: PeopleSort,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Brief>, u64), StoreError> {
        self.read_db(|db| view::people_page(db, filter, sort, offset, limit))
    }

    fn verdict_counts(&self) -> Result<HashMap<String, u64>, StoreError> {
        self.read_db(view::counts)
    }

    fn ladder_weeks(&self) -> Result<Vec<(i64, Stage, i64)>, StoreError> {
        self.read_db(view::ladder_weeks)
    }

    fn person_rows(&self, id: PersonId) -> Result<Option<PersonRows>, StoreError> {
        self.read_db(|db| view::person_rows(db, id))
    }

    fn queue_page(
        &self,
        now: i64,
        filter: &QueueFilter,
        offset: u64,
        limit: u64,
    ) -> Result<QueuePage, StoreError> {
        self.read_db(|db| view::queue_page(db, now, filter, offset, limit))
    }

    fn queue_items(&self, ids: &[InteractionId]) -> Result<Vec<QueueItem>, StoreError> {
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        self.read_db(|db| view::queue_items(db, &ids))
    }

    fn search(&self, expr: &str, limit: u64) -> Result<views::SearchRows, StoreError> {
        // Caught up only when behind: a write moves the store's version.
        if self.read_db(search::behind)? {
            search::catch_up(&mut |step| self.write_db(|db| step(db)))?;
        }
        self.read_db(|db| search::search(db, expr, limit))
    }

    fn channels(&self) -> Result<Vec<String>, StoreError> {
        self.read_db(view::channels)
    }

    fn stock_groups(
        &self,
        now: i64,
        filter: &QueueFilter,
    ) -> Result<Vec<views::StockGroup>, StoreError> {
        self.read_db(|db| view::stock_groups(db, now, filter))
    }

    fn stock_ids(
        &self,
        now: i64,
        channel: &str,
        post: Option<&str>,
    ) -> Result<Vec<InteractionId>, StoreError> {
        self.read_db(|db| view::stock_ids(db, now, channel, post))
    }

    fn thread_page(
        &self,
        filter: &ThreadFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<ThreadRow>, u64), StoreError> {
        self.read_db(|db| view::thread_page(db, filter, offset, limit))
    }

    fn thread_channels(&self) -> Result<Vec<String>, StoreError> {
        self.read_db(view::thread_channels)
    }

    fn thread_rows(&self, key: &str) -> Result<Option<ThreadRows>, StoreError> {
        self.read_db(|db| view::thread_rows(db, key))
    }

    fn report_rows(
        &self,
        from_day: Option<i64>,
        valued: &[String],
    ) -> Result<ReportRows, StoreError> {
        self.read_db(|db| view::report_rows(db, from_day, valued))
    }

    fn extent(&self) -> Result<Option<(i64, i64)>, StoreError> {
        self.read_db(view::extent)
    }

    fn watch_counts(
        &self,
        watch: &Watch,
        now: i64,
        due_only: bool,
    ) -> Result<Vec<WatchCount>, StoreError> {
        self.read_db(|db| view::watch_counts(db, watch, now, due_only))
    }

    fn watch_ids(
        &self,
        watch: &Watch,
        kind: Watched,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<(PersonId, i64)>, StoreError> {
        self.read_db(|db| view::watch_ids(db, watch, kind, lo, hi, limit))
    }

    fn watched(&self, ids: &[PersonId]) -> Result<Vec<WatchRow>, StoreError> {
        self.read_db(|db| view::watched(db, ids))
    }

    fn current_person(&self, id: PersonId) -> Result<PersonId, StoreError> {
        self.read(|c, _| people::current_person(c, id))
    }

    fn touches_of(&self, person: PersonId) -> Result<Vec<TouchRow>, StoreError> {
        self.read(|c, _| people::touches_of(c, person))
    }

    fn alert_groups(
        &self,
        now: i64,
        min_base: i64,
        targets: rapport_core::priority::Targets,
    ) -> Result<Vec<AlertGroup>, StoreError> {
        self.read_db(|db| view::alert_groups(db, now, min_base, targets))
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
        self.read_db(|db| view::alert_slots(db, now, base, vip, lo, hi, limit))
    }

    fn interaction(&self, id: InteractionId) -> Result<Option<InteractionRow>, StoreError> {
        self.read_db(|db| read::interaction(db, id))
    }

    fn queue_reply(
        &self,
        reply: &crate::outbox::NewReply,
        record: &Record,
    ) -> Result<crate::outbox::OutboxRow, StoreError> {
        let Record::Interaction(i) = record else {
            return Err(StoreError::Refused("a reply must be an interaction".into()));
        };
        // As on SQLite: the reply stored as the shop's interaction, its
        // parent marked replied, its outbox row, in one transaction.
        let id = self.write_db(|db| {
            if let Some(row) = outbox::by_key(db, &reply.key)? {
                if row.parent != Some(reply.parent) {
                    return Err(StoreError::Refused(format!(
                        "the key {:?} was used for another message",
                        reply.key
                    )));
                }
                return Ok(row.id);
            }
            let (person, channel) = outbox::reply_target(db, reply.parent)?
                .ok_or_else(|| StoreError::Refused(format!("no message {}", reply.parent.0)))?;
            let suppressed = Suppressed::load(db)?;
            let out = write::batch(
                db,
                &mut write::Known::default(),
                suppressed.as_ref(),
                std::slice::from_ref(record),
                &[],
            )?;
            if out.first() != Some(&Outcome::Imported) {
                return Err(StoreError::Refused(format!(
                    "the reply {:?} is stored already",
                    i.external_id
                )));
            }
            let interaction = outbox::stored_id(db, i.channel.as_str(), &i.external_id)?;
            team::apply_inbox_action(
                db,
                reply.parent,
                &InboxAction::Reply(i.text.clone()),
                &reply.by,
                reply.at,
            )?;
            outbox::insert_reply(db, reply, person, interaction, &channel, &i.text)
        })?;
        self.read_db(|db| outbox::one(db, id))?
            .ok_or_else(|| StoreError::Refused("the reply vanished as it was written".into()))
    }

    fn queue_messages(&self, messages: &[crate::outbox::NewMessage]) -> Result<u64, StoreError> {
        self.write_db(|db| {
            let mut n = 0;
            for m in messages {
                n += u64::from(outbox::insert_message(db, m)?.is_some());
            }
            Ok(n)
        })
    }

    fn outbox_page(
        &self,
        filter: &crate::outbox::OutboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<crate::outbox::OutboxRow>, u64), StoreError> {
        self.read_db(|db| outbox::page(db, filter, offset, limit))
    }

    fn outbox_counts(&self) -> Result<Vec<(crate::outbox::OutboxState, u64)>, StoreError> {
        self.read_db(outbox::counts)
    }

    fn pool_state(&self) -> Option<crate::PoolState> {
        let state = self.pool.as_ref()?.state();
        Some(crate::PoolState {
            open: state.connections,
            idle: state.idle_connections,
            max: Self::POOL_SIZE,
        })
    }

    fn outbox_row(&self, id: i64) -> Result<Option<crate::outbox::OutboxRow>, StoreError> {
        self.read_db(|db| outbox::one(db, id))
    }

    fn outbox_due(
        &self,
        now: i64,
        limit: u64,
    ) -> Result<Vec<crate::outbox::OutboxRow>, StoreError> {
        self.read_db(|db| outbox::due(db, now, limit))
    }

    fn outbox_stale(&self, before: i64) -> Result<Vec<crate::outbox::OutboxRow>, StoreError> {
        self.read_db(|db| outbox::stale(db, before))
    }

    fn outbox_claim(&self, id: i64, at: i64) -> Result<bool, StoreError> {
        self.write_db(|db| outbox::claim(db, id, at))
    }

    fn outbox_settle(&self, id: i64, outcome: &Settle, at: i64) -> Result<bool, StoreError> {
        self.write_db(|db| outbox::settle(db, id, outcome, at))
    }

    fn outbox_decide(&self, id: i64, send: bool, by: &str, at: i64) -> Result<bool, StoreError> {
        self.write_db(|db| outbox::decide(db, id, send, by, at))
    }

    fn feedback_candidates(
        &self,
        from: i64,
        to: i64,
        limit: u64,
    ) -> Result<Vec<crate::outbox::FeedbackCandidate>, StoreError> {
        self.read_db(|db| outbox::feedback_candidates(db, from, to, limit))
    }

    fn reminder_candidates(
        &self,
        before: i64,
        limit: u64,
    ) -> Result<Vec<crate::outbox::ReminderCandidate>, StoreError> {
        self.read_db(|db| outbox::reminder_candidates(db, before, limit))
    }

    fn courtesy(
        &self,
        person: Option<PersonId>,
        address: Option<&str>,
        since: i64,
    ) -> Result<crate::outbox::Courtesy, StoreError> {
        self.read_db(|db| outbox::courtesy(db, person, address, since))
    }

    fn unsubscribe_token(&self, address: &str) -> Result<String, StoreError> {
        self.read_db(|db| outbox::unsubscribe_token(db, address))
    }

    fn unsubscribe(
        &self,
        address: &str,
        token: &str,
        source: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        self.write_db(|db| outbox::unsubscribe(db, address, token, source, at))
    }

    fn scan_moments(&self, since: i64, now: i64) -> Result<u64, StoreError> {
        self.write_db(|db| moments::scan(db, since, now))
    }

    fn moment_counts(&self, now: i64) -> Result<Vec<crate::moments::MomentCount>, StoreError> {
        self.read_db(|db| moments::counts(db, now))
    }

    fn moment_page(
        &self,
        now: i64,
        kind: crate::moments::MomentKind,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<crate::moments::MomentRow>, StoreError> {
        self.read_db(|db| moments::page(db, now, kind, lo, hi, limit))
    }

    fn moment_done(&self, id: i64, by: &str, at: i64) -> Result<bool, StoreError> {
        self.write_db(|db| moments::done(db, id, by, at))
    }

    fn moment_decide(
        &self,
        id: i64,
        decision: &crate::moments::Decision,
        reason: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<bool, StoreError> {
        self.write_db(|db| moments::decide(db, id, decision, reason, by, at))
    }

    fn alert_decisions(&self) -> Result<Vec<crate::moments::AlertDecisionRow>, StoreError> {
        self.read_db(moments::decisions)
    }

    fn decide_alert(&self, decision: &crate::moments::AlertDecisionRow) -> Result<(), StoreError> {
        self.write_db(|db| moments::decide_alert(db, decision))
    }

    fn enqueue_job(&self, job: &NewJob, now: i64) -> Result<Option<i64>, StoreError> {
        self.jobs_db(|db| crate::shared::jobs::enqueue(db, job, now))
    }

    fn claim_job(
        &self,
        worker: &str,
        kinds: &[&str],
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Job>, StoreError> {
        self.jobs_db(|db| crate::shared::jobs::claim(db, worker, kinds, now, lease_until))
    }

    fn renew_job(&self, id: i64, worker: &str, until: i64) -> Result<bool, StoreError> {
        self.jobs_db(|db| crate::shared::jobs::renew(db, id, worker, until))
    }

    fn finish_job(
        &self,
        id: i64,
        worker: &str,
        now: i64,
        ending: &JobEnding<'_>,
    ) -> Result<bool, StoreError> {
        self.jobs_db(|db| crate::shared::jobs::finish(db, id, worker, now, ending))
    }

    fn job(&self, id: i64) -> Result<Option<JobRow>, StoreError> {
        self.read_db(|db| crate::shared::jobs::get(db, id))
    }

    fn jobs(&self, limit: usize) -> Result<Vec<JobRow>, StoreError> {
        self.read_db(|db| crate::shared::jobs::latest(db, limit))
    }

    fn job_counts(&self) -> Result<Vec<JobCount>, StoreError> {
        self.read_db(crate::shared::jobs::counts)
    }

    fn prune_jobs(&self, done_before: i64, failed_before: i64) -> Result<usize, StoreError> {
        self.jobs_db(|db| crate::shared::jobs::prune(db, done_before, failed_before))
    }

    fn jobs_of_kind(&self, kind: &str, limit: usize) -> Result<Vec<JobRow>, StoreError> {
        self.read_db(|db| crate::shared::jobs::latest_of(db, kind, limit))
    }

    // The shared counters take no turn among the writers and leave the
    // store's version alone, as jobs do: they change nothing a view
    // shows, and a token's request must not wait for an import.

    fn reserve_login(
        &self,
        attempt: &str,
        keys: &[String],
        w: &LoginWindow,
    ) -> Result<bool, StoreError> {
        self.jobs_db(|db| limits::reserve_login(db, attempt, keys, w))
    }

    fn release_login(&self, attempt: &str) -> Result<(), StoreError> {
        self.jobs_db(|db| limits::release_login(db, attempt))
    }

    fn login_blocked(&self, keys: &[String], w: &LoginWindow) -> Result<bool, StoreError> {
        self.read_db(|db| limits::login_blocked(db, keys, w))
    }

    fn take_rate(&self, bucket: &str, rule: RateRule, now: f64) -> Result<Option<f64>, StoreError> {
        self.jobs_db(|db| limits::take_rate(db, bucket, rule, now))
    }

    fn prune_limits(&self, logins_before: i64, buckets_before: f64) -> Result<usize, StoreError> {
        self.jobs_db(|db| limits::prune(db, logins_before, buckets_before))
    }
}
