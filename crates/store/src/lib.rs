//! Rapport's storage.
//!
//! Callers talk to the [`Store`] trait only, held as `Arc<dyn Store>`; the
//! SQLite implementation ([`SqliteStore`]) is the embedded default and the
//! PostgreSQL one ([`PgStore`]) serves several processes from one
//! database server. [`open`] picks one by the URL.
//! Every method takes `&self`: implementations own their connection
//! handling, so one store can be shared by an import, a server and a worker.
//!
//! Writes come in batches ([`Store::write_batch`]); a batch is one
//! transaction, so a crash never leaves half of one behind.
//!
//! # Layout
//!
//! - [`corrections`]: what the team taught the analyzer, and the
//!   shop's layer trained from it.
//! - [`rows`]: the plain data the store returns.
//! - [`moments`]: moments a person should act on, found as messages are
//!   stored.
//! - [`outbox`]: the messages the shop sends, stored before they leave.
//! - [`privacy`]: privacy requests, a person's export, what erasing a
//!   person removes and keeps, and the audit log.
//! - [`sql`]: one way to speak SQL to either database ([`sql::Db`]).
//! - [`shared`]: the store's logic written once over it, for both.
//! - [`jobs`]: the durable job queue workers share.
//! - [`sqlite`]: the SQLite handle (one writer, a pool of readers), its
//!   schema and migrations.
//! - [`postgres`]: the PostgreSQL implementation ([`PgStore`]), its
//!   schema and migrations.
//! - [`team`]: users, sessions, API tokens (with their expiry) and inbox
//!   item state.
//! - [`transfer`]: moving a whole store between databases
//!   (`rapport migrate-store`), and checking the copy.
//! - [`views`]: what the engine's views read, per request, by index.
//! - `testing` (tests, or the `testing` feature): a fresh database per
//!   test on each store, and `per_backend!` / `both!` to run a test on
//!   both.

pub mod cohorts;
pub mod corrections;
pub mod jobs;
pub mod limits;
pub mod moments;
pub mod outbox;
pub mod postgres;
pub mod privacy;
pub mod rows;
pub mod shared;
pub mod sql;
pub mod sqlite;
pub mod team;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod transfer;
pub mod views;

pub use cohorts::{CohortMemberRow, CohortRow, MemberProgress, NewCohortMember};
pub use corrections::{Corrected, CorrectionRow, CorrectionSource, LayerRow, NewCorrection};
pub use jobs::{Job, JobCount, JobEnding, JobRow, JobState, NewJob};
pub use limits::{LoginWindow, RateRule};
pub use postgres::PgStore;
pub use privacy::{
    AuditAction, AuditRow, Erasure, NewAudit, NewPrivacyRequest, PersonExport, PrivacyRequestRow,
    Recorded, RequestStatus,
};
pub use rows::*;
pub use sqlite::SqliteStore;
pub use team::{
    ApiTokenRow, InboxAction, InboxStateRow, NewSession, NoteRow, RemovedUser, Role, SessionRow,
    UserId, UserRow,
};

use rapport_core::ladder::Stage;
use rapport_core::{InteractionId, PersonId, Record};
use std::collections::HashMap;
use views::{
    AlertGroup, AlertSlot, Brief, PeopleFilter, PeopleSort, PersonRows, QueueFilter, QueueItem,
    QueuePage, ReportRows, ThreadFilter, ThreadRow, ThreadRows, Watch, WatchCount, WatchRow,
    Watched,
};

/// Errors from a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one this build understands.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DATABASE")]
    BadUrl(String),
    /// The database reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error (its own words in the message, so the
    /// driver's error is not repeated as a cause).
    #[error("database error: {}", postgres_message(.0))]
    Postgres(::postgres::Error),
    /// No PostgreSQL connection could be had from the pool.
    #[error("database connection: {0}")]
    Pool(#[from] r2d2::Error),
    /// A stored value could not be read back.
    #[error("corrupt stored value in {table}.{column}: {reason}")]
    Corrupt {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The database's schema is newer than this build.
    #[error("the database schema is version {found}, newer than this build's {supported}")]
    TooNew {
        /// Found version.
        found: i64,
        /// Supported version.
        supported: i64,
    },
    /// No such person.
    #[error("no person matches {0:?}")]
    PersonNotFound(String),
    /// A link, unlink or suggestion decision that cannot be done (the
    /// caller's mistake, e.g. an unknown link id).
    #[error("{0}")]
    BadLink(String),
    /// A user with this email already exists.
    #[error("a user {0:?} already exists")]
    UserExists(String),
    /// A request the store will not carry out as asked (the caller's
    /// mistake, e.g. forgetting the shop itself or removing the last
    /// admin).
    #[error("{0}")]
    Refused(String),
    /// A column read back held a value of another kind than expected.
    #[error("unexpected value in result column {index}: {reason}")]
    Column {
        /// The column, from 0.
        index: usize,
        /// What was expected and found.
        reason: String,
    },
    /// A query that must return a row returned none.
    #[error("a query that must return a row returned none")]
    NoRow,
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}

/// PostgreSQL's own words for an error: the server's severity and
/// message, or the driver's account of a failed connection.
fn postgres_message(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}

/// What happened to one record of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stored for the first time.
    Imported,
    /// Already stored (same `(channel, external_id)` or `order_id`).
    Duplicate,
    /// Not stored: it names an identity or email of a forgotten person
    /// (see [`privacy`]).
    Forgotten,
}

/// Storage for people, identities, interactions and orders.
pub trait Store: Send + Sync {
    /// Stores a batch in one transaction: interactions (idempotent on
    /// `(channel, external_id)`) with what was read in them, orders
    /// (idempotent on `order_id`), and the people and identities they
    /// imply. `readings` is either empty (the words are read here, without
    /// an analysis) or parallel to `records`. Returns one outcome per
    /// record.
    fn write_batch(
        &self,
        records: &[Record],
        readings: &[Reading],
    ) -> Result<Vec<Outcome>, StoreError>;

    /// The texts of the shop's posts, by `(channel, external_id)`: the
    /// context that makes a comment specific or not.
    fn post_texts(&self) -> Result<HashMap<(String, String), String>, StoreError>;

    /// The handles of the shop's own identities, lowercased: mentioning
    /// one is no recommendation ([`rapport_core::signals::Place`]).
    fn shop_handles(&self) -> Result<Vec<String>, StoreError>;

    /// Interactions with text, in id order, after `after`, at most `limit`.
    fn texts(&self, after: InteractionId, limit: usize) -> Result<Vec<TextRow>, StoreError>;

    /// The language each author usually writes in: for each `(channel,
    /// handle)`, the language most of the stored texts of its person are
    /// in (any of their accounts; `unknown` not counted). Authors with no
    /// stored text are left out.
    fn voices(
        &self,
        authors: &[(String, String)],
    ) -> Result<HashMap<(String, String), String>, StoreError>;

    /// The languages the latest stored texts are in, per channel (see
    /// [`shared::texts::channel_languages`]), with how many, most first:
    /// the likeliest language of a text there too short to tell.
    fn channel_languages(&self) -> Result<HashMap<String, Vec<(String, u64)>>, StoreError>;

    /// Replaces the analyses of the given interactions, in one transaction.
    fn write_analyses(&self, rows: &[(InteractionId, AnalysisRow)]) -> Result<(), StoreError>;

    /// Counts of what is stored.
    fn counts(&self) -> Result<Counts, StoreError>;

    /// Every interaction, reduced for threading and reports, in id order.
    fn interactions(&self) -> Result<Vec<InteractionRow>, StoreError>;

    /// One person's own interactions (their identities'), in id order.
    fn interactions_of(&self, person: PersonId) -> Result<Vec<InteractionRow>, StoreError>;

    /// Every person who is not the shop, with their identities.
    fn people(&self) -> Result<Vec<PersonRow>, StoreError>;

    /// Every order, with the person it belongs to.
    fn orders(&self) -> Result<Vec<OrderRow>, StoreError>;

    /// Finds a person by id, `channel:handle`, bare handle, or email.
    fn find_person(&self, key: &str) -> Result<Option<PersonId>, StoreError>;

    /// Links recorded between a person's identities.
    fn links(&self, person: PersonId) -> Result<Vec<LinkRow>, StoreError>;

    // Identity resolution: journaled merges and suggestions (see
    // `shared::links`).

    /// Merges `gone` into `keep` by hand; returns the link id. The merge
    /// is journaled so [`Store::unlink`] can undo it exactly.
    fn link(
        &self,
        keep: PersonId,
        gone: PersonId,
        reason: &str,
        detail: &str,
        at: i64,
    ) -> Result<i64, StoreError>;

    /// Undoes the merge recorded by link `link`: the merged person comes
    /// back with the same id and exactly the rows that moved.
    fn unlink(&self, link: i64, at: i64) -> Result<Unlinked, StoreError>;

    /// The newest undoable merge into `person` that `key` names (the
    /// merged person's old id, or one of their handles or emails).
    fn find_merge(&self, person: PersonId, key: &str) -> Result<Option<i64>, StoreError>;

    /// Runs the suggestion rules over every stored identity; returns how
    /// many suggestions are new. Imports do this in every batch.
    fn scan_links(&self, at: i64) -> Result<usize, StoreError>;

    /// Open link suggestions, oldest first.
    fn link_suggestions(&self) -> Result<Vec<SuggestionRow>, StoreError>;

    /// Accepts (merges; returns the link id) or rejects a suggestion.
    fn decide_suggestion(&self, id: i64, accept: bool, at: i64) -> Result<Option<i64>, StoreError>;

    // Cohorts (see `cohorts`).

    /// Stores a planned cohort; returns its id.
    fn create_cohort(
        &self,
        planned_at: i64,
        members: &[NewCohortMember],
    ) -> Result<i64, StoreError>;

    /// Every cohort with its members, newest first.
    fn cohorts(&self) -> Result<Vec<CohortRow>, StoreError>;

    /// Records members' progress in one transaction (timestamps already
    /// stored are kept).
    fn update_cohort_members(&self, progress: &[MemberProgress]) -> Result<(), StoreError>;

    // Team: users, sessions, API tokens, inbox item state (see `team`).

    /// Creates a user (email stored lower case); [`StoreError::UserExists`]
    /// if the email is taken.
    fn create_user(
        &self,
        email: &str,
        role: Role,
        password_hash: &str,
        at: i64,
    ) -> Result<UserRow, StoreError>;

    /// The user with this email (any case).
    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError>;

    /// Every user, by email.
    fn users(&self) -> Result<Vec<UserRow>, StoreError>;

    /// Sets a user's own settings: the dashboard's language (none: the
    /// browser's) and the daily digest; false when there is no such user.
    fn set_user_settings(
        &self,
        user: UserId,
        language: Option<&str>,
        digest: bool,
    ) -> Result<bool, StoreError>;

    /// `user` looks at the inbox at `now` (looks within half an hour of
    /// each other are one visit); returns when their visit before this
    /// one was.
    fn inbox_visit(&self, user: UserId, now: i64) -> Result<Option<i64>, StoreError>;

    /// When `user`'s visit to the inbox before the current one was.
    fn last_visit(&self, user: UserId) -> Result<Option<i64>, StoreError>;

    /// Stores a new dashboard session (and sweeps expired ones).
    fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;

    /// The unexpired session whose token hashes to `token_hash`.
    fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError>;

    /// Ends a session (logout).
    fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Stores an API token's hash for `user`; `prefix` identifies it in
    /// lists; it is refused from `expires_at` on (`None`: never).
    fn create_api_token(
        &self,
        user: UserId,
        token_hash: &str,
        prefix: &str,
        at: i64,
        expires_at: Option<i64>,
    ) -> Result<ApiTokenRow, StoreError>;

    /// The user owning the unexpired API token that hashes to
    /// `token_hash` at `now`; notes the use.
    fn user_by_api_token(&self, token_hash: &str, now: i64) -> Result<Option<UserRow>, StoreError>;

    /// Every API token (without the secrets).
    fn api_tokens(&self) -> Result<Vec<ApiTokenRow>, StoreError>;

    /// Deletes an API token; false if there was none with that id.
    fn revoke_api_token(&self, id: i64) -> Result<bool, StoreError>;

    /// Deletes every API token of `user`; returns how many.
    fn revoke_api_tokens_of(&self, user: UserId) -> Result<u64, StoreError>;

    /// Removes a user with their tokens and sessions, unassigning their
    /// inbox items; `None` if there is no such user;
    /// [`StoreError::Refused`] for the last admin.
    fn remove_user(&self, email: &str) -> Result<Option<RemovedUser>, StoreError>;

    /// What the team did with inbox items, for every item it touched.
    fn inbox_states(&self) -> Result<Vec<InboxStateRow>, StoreError>;

    /// What the team did with one inbox item, if anything.
    fn inbox_state(&self, id: InteractionId) -> Result<Option<InboxStateRow>, StoreError>;

    /// Records one action on an inbox item by `actor` (a user email) and
    /// returns the item's new state.
    fn apply_inbox_action(
        &self,
        id: InteractionId,
        action: &InboxAction,
        actor: &str,
        at: i64,
    ) -> Result<InboxStateRow, StoreError>;

    // Privacy (see `privacy`): requests received by webhook, exports,
    // erasure, the audit log.

    /// Records a privacy request unless the same delivery (its id, or
    /// the same topic and body) was recorded before.
    fn record_privacy_request(&self, request: &NewPrivacyRequest) -> Result<Recorded, StoreError>;

    /// Notes what was done with privacy request `id`, keeping `export`
    /// (a data request's answer) with it.
    fn finish_privacy_request(
        &self,
        id: i64,
        status: RequestStatus,
        person: Option<PersonId>,
        export: Option<&str>,
        at: i64,
    ) -> Result<(), StoreError>;

    /// Every recorded privacy request, oldest first.
    fn privacy_requests(&self) -> Result<Vec<PrivacyRequestRow>, StoreError>;

    /// The export kept with privacy request `id`, if any.
    fn privacy_request_export(&self, id: i64) -> Result<Option<String>, StoreError>;

    /// Everything held about `person`, if they exist (the shop is no one).
    fn person_export(&self, person: PersonId) -> Result<Option<PersonExport>, StoreError>;

    /// Forgets `person` and everyone merged into them, in one
    /// transaction (see [`privacy`] for what goes and what stays); `by`
    /// is who asked. [`StoreError::PersonNotFound`] if there is no such
    /// person, [`StoreError::Refused`] for the shop itself.
    fn forget_person(&self, person: PersonId, by: &str, at: i64) -> Result<Erasure, StoreError>;

    /// Anonymises the orders `order_ids` and keeps their emails and
    /// `emails` as forgotten, so imports skip them; returns how many
    /// orders changed.
    fn redact_orders(
        &self,
        order_ids: &[String],
        emails: &[String],
        at: i64,
    ) -> Result<u64, StoreError>;

    /// The people the orders `order_ids` belong to (each once).
    fn order_owners(&self, order_ids: &[String]) -> Result<Vec<PersonId>, StoreError>;

    /// Adds an entry to the audit log. A person view may be written a
    /// second or two later, with others; anything else is written before
    /// this returns, and a page of the log shows every entry added.
    fn record_audit(&self, entry: &NewAudit) -> Result<(), StoreError>;

    /// Writes the person views still queued for the audit log.
    fn flush_audit(&self) -> Result<(), StoreError>;

    /// A number that changes whenever anything is committed to the
    /// database, by this process or another (and may change when nothing
    /// was): what is read under an unchanged version is still current.
    fn version(&self) -> Result<u64, StoreError>;

    /// A page of the audit log, newest first, and how many entries there
    /// are in all.
    fn audit_page(&self, offset: u64, limit: u64) -> Result<(Vec<AuditRow>, u64), StoreError>;

    /// Every audit entry about `target` (`interaction:42`), oldest first.
    fn audit_about(&self, target: &str) -> Result<Vec<AuditRow>, StoreError>;

    // Live pulls (`rapport pull`): where each source stopped.

    /// The cursor stored for a live pull `source` (e.g. `mastodon:URL`).
    fn pull_cursor(&self, source: &str) -> Result<Option<String>, StoreError>;

    /// Stores (replacing) the cursor of a live pull `source`.
    fn set_pull_cursor(&self, source: &str, cursor: &str, at: i64) -> Result<(), StoreError>;

    /// Fills the signals of interactions stored before they were kept;
    /// returns how many were filled.
    fn fill_signals(&self) -> Result<u64, StoreError>;

    /// Everyone's ladder input (the shop excluded) and the latest moment
    /// of any stored activity or order.
    fn score_inputs(&self) -> Result<(Vec<ScoreInput>, i64), StoreError>;

    /// The ladder input of `people` (those who no longer exist, and the
    /// shop, left out) and the latest moment among the rows read.
    fn score_inputs_of(&self, people: &[PersonId]) -> Result<(Vec<ScoreInput>, i64), StoreError>;

    /// The topics of a person's own conversational interactions: the
    /// analyzer's, or `None` and the text when it did not run.
    fn topic_rows(&self, person: PersonId) -> Result<Vec<TopicRow>, StoreError>;

    /// Takes, for ladder pass `pass` (any number, unique to the pass), the
    /// people whose data changed since their verdict was stored, with
    /// those earlier passes still hold; their marks go and the stored
    /// mark of the newest interaction moves up. A pass reads its people's
    /// data after taking them, and a change made afterwards marks them
    /// again for the next pass.
    fn claim_changed(&self, pass: i64) -> Result<Dirty, StoreError>;

    /// Takes `people` (`None`: everyone) for ladder pass `pass`, from any
    /// other pass that held them.
    fn claim(&self, pass: i64, people: Option<&[PersonId]>) -> Result<(), StoreError>;

    /// People whose stored verdict changes by `as_of` with no new data.
    fn due_people(&self, as_of: i64) -> Result<Vec<PersonId>, StoreError>;

    /// What the stored verdicts were judged against, if any are stored.
    fn score_state(&self) -> Result<Option<ScoreState>, StoreError>;

    /// Stores verdicts of ladder pass `pass` in one transaction: `rows`
    /// replace those people's and `gone` are removed, each only while the
    /// pass still holds the person (a later pass took over the others);
    /// `finished` lets go of all the pass held; `everyone` replaces all
    /// stored verdicts, only while the pass holds everyone there is
    /// (false: another pass took some over, nothing was written); the
    /// state moves forward, never back.
    fn write_scores(
        &self,
        rows: &[ScoreRow],
        gone: &[PersonId],
        pass: i64,
        finished: bool,
        everyone: bool,
        state: &ScoreState,
    ) -> Result<bool, StoreError>;

    /// Every stored verdict.
    fn stored_scores(&self) -> Result<Vec<ScoreRow>, StoreError>;

    /// Merges in force: `(gone, kept)` pairs, so rows logged for a person
    /// who was merged away can be shown under the person today.
    fn merged_people(&self) -> Result<Vec<(PersonId, PersonId)>, StoreError>;

    /// Logs a touch (see [`TouchRow`]); returns its id.
    fn add_touch(
        &self,
        person: PersonId,
        kind: &str,
        note: &str,
        at: i64,
        by: Option<&str>,
    ) -> Result<i64, StoreError>;

    /// Every logged touch, oldest first.
    fn touches(&self) -> Result<Vec<TouchRow>, StoreError>;

    // The views' reads (see `views`): per request, by index.

    /// The people `ids` as lists show them, in that order (people with no
    /// stored verdict left out).
    fn briefs(&self, ids: &[PersonId]) -> Result<Vec<Brief>, StoreError>;

    /// A page of the people matching `filter`, in `sort` order, and how
    /// many match in all.
    fn people_page(
        &self,
        filter: &PeopleFilter,
        sort: PeopleSort,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<Brief>, u64), StoreError>;

    /// Counts of the stored verdicts: `all`, `stage:S`, `label:L`,
    /// `stage:S/label:L`.
    fn verdict_counts(&self) -> Result<HashMap<String, u64>, StoreError>;

    /// Per week (Monday) and stage, people entering minus leaving it.
    fn ladder_weeks(&self) -> Result<Vec<(i64, Stage, i64)>, StoreError>;

    /// Everything one person's page shows, if they exist.
    fn person_rows(&self, id: PersonId) -> Result<Option<PersonRows>, StoreError>;

    /// A page of the open inbox queue at `now`, most urgent first.
    fn queue_page(
        &self,
        now: i64,
        filter: &QueueFilter,
        offset: u64,
        limit: u64,
    ) -> Result<QueuePage, StoreError>;

    /// Queued messages by id (open or closed by the team), in that order.
    fn queue_items(&self, ids: &[InteractionId]) -> Result<Vec<QueueItem>, StoreError>;

    /// The people and messages matching `expr`, an FTS5 query of quoted
    /// phrases (each at least three characters), at most `limit` of each.
    fn search(&self, expr: &str, limit: u64) -> Result<views::SearchRows, StoreError>;

    /// Every channel anything was stored from, by name.
    fn channels(&self) -> Result<Vec<String>, StoreError>;

    /// The open stock phrases `filter` lets through at `now`, one group
    /// per channel and post, the largest first.
    fn stock_groups(
        &self,
        now: i64,
        filter: &QueueFilter,
    ) -> Result<Vec<views::StockGroup>, StoreError>;

    /// The open stock phrases under `post` on `channel` (none: said
    /// outside any post) at `now`.
    fn stock_ids(
        &self,
        now: i64,
        channel: &str,
        post: Option<&str>,
    ) -> Result<Vec<InteractionId>, StoreError>;

    /// A page of threads with inbound words, latest activity first, and
    /// how many match in all.
    fn thread_page(
        &self,
        filter: &ThreadFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<ThreadRow>, u64), StoreError>;

    /// The channels with threads.
    fn thread_channels(&self) -> Result<Vec<String>, StoreError>;

    /// One thread by `CHANNEL:ROOT` or a message id, with its messages.
    fn thread_rows(&self, key: &str) -> Result<Option<ThreadRows>, StoreError>;

    /// What the report reads from day `from_day` (days since the epoch)
    /// on, the true fans who paid in one of the `valued` currencies
    /// counted.
    fn report_rows(
        &self,
        from_day: Option<i64>,
        valued: &[String],
    ) -> Result<ReportRows, StoreError>;

    /// The first and latest moment of any stored activity or order.
    fn extent(&self) -> Result<Option<(i64, i64)>, StoreError>;

    /// How many people of each kind alerts watch are due at `now`, and
    /// (unless `due_only`: then the total is that count) how many there
    /// are.
    fn watch_counts(
        &self,
        watch: &Watch,
        now: i64,
        due_only: bool,
    ) -> Result<Vec<WatchCount>, StoreError>;

    /// Up to `limit` people of one watched kind due in `lo..=hi`, with
    /// when they are due, in that order (then by id).
    fn watch_ids(
        &self,
        watch: &Watch,
        kind: Watched,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<(PersonId, i64)>, StoreError>;

    /// The watched facts of these people, in the order given (people
    /// unknown left out).
    fn watched(&self, ids: &[PersonId]) -> Result<Vec<WatchRow>, StoreError>;

    /// The person `id` is today: themselves, or whoever absorbed them in a
    /// merge that still holds (merges can chain).
    fn current_person(&self, id: PersonId) -> Result<PersonId, StoreError>;

    /// The touches logged for `person` or anyone merged into them, oldest
    /// first.
    fn touches_of(&self, person: PersonId) -> Result<Vec<TouchRow>, StoreError>;

    /// Per kind of words (base priority at least `min_base`) and whether
    /// they earn the short target, the open queued messages and how many
    /// are past their target (`targets`) at `now`.
    fn alert_groups(
        &self,
        now: i64,
        min_base: i64,
        targets: rapport_core::priority::Targets,
    ) -> Result<Vec<AlertGroup>, StoreError>;

    /// Up to `limit` open queued messages of one alert group written in
    /// `lo..=hi`, oldest first (then by author and id).
    #[allow(clippy::too_many_arguments)]
    fn alert_slots(
        &self,
        now: i64,
        base: i64,
        vip: bool,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<AlertSlot>, StoreError>;
    /// One interaction with its words and analysis.
    fn interaction(&self, id: InteractionId) -> Result<Option<InteractionRow>, StoreError>;

    /// Writes the shop's reply `record` (an interaction from the shop
    /// answering `reply.parent`) and its outbox row in one transaction,
    /// and notes it on the parent's inbox state. A key already stored
    /// returns its row and writes nothing.
    fn queue_reply(
        &self,
        reply: &outbox::NewReply,
        record: &Record,
    ) -> Result<outbox::OutboxRow, StoreError>;

    /// Queues the rules' messages whose keys are new; returns how many.
    fn queue_messages(&self, messages: &[outbox::NewMessage]) -> Result<u64, StoreError>;

    /// A page of the outbox, newest first, and how many match.
    fn outbox_page(
        &self,
        filter: &outbox::OutboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<outbox::OutboxRow>, u64), StoreError>;

    /// How many messages are in each state, every state listed.
    fn outbox_counts(&self) -> Result<Vec<(outbox::OutboxState, u64)>, StoreError>;

    /// How the store's connection pool is used now, for the metrics;
    /// `None` for a store without one (SQLite in memory).
    fn pool_state(&self) -> Option<PoolState> {
        None
    }

    /// One outbox message.
    fn outbox_row(&self, id: i64) -> Result<Option<outbox::OutboxRow>, StoreError>;

    /// Queued messages due at `now`, soonest first.
    fn outbox_due(&self, now: i64, limit: u64) -> Result<Vec<outbox::OutboxRow>, StoreError>;

    /// Messages a sender took before `before` and never settled.
    fn outbox_stale(&self, before: i64) -> Result<Vec<outbox::OutboxRow>, StoreError>;

    /// Takes a queued message for sending (counting an attempt); false
    /// when it is not queued any more (another sender took it).
    fn outbox_claim(&self, id: i64, at: i64) -> Result<bool, StoreError>;

    /// Records how sending (or deciding not to send) ended.
    fn outbox_settle(&self, id: i64, outcome: &outbox::Settle, at: i64)
        -> Result<bool, StoreError>;

    /// A person's decision on a failed or unsure message: send it again
    /// now, or never (queued messages can be cancelled too).
    fn outbox_decide(&self, id: i64, send: bool, by: &str, at: i64) -> Result<bool, StoreError>;

    /// Paid orders placed in `[from, to]` with an email whose feedback
    /// request is not queued yet, oldest first.
    fn feedback_candidates(
        &self,
        from: i64,
        to: i64,
        limit: u64,
    ) -> Result<Vec<outbox::FeedbackCandidate>, StoreError>;

    /// Feedback requests sent at or before `before` without a reminder.
    fn reminder_candidates(
        &self,
        before: i64,
        limit: u64,
    ) -> Result<Vec<outbox::ReminderCandidate>, StoreError>;

    /// What the courtesy rules need about a recipient.
    fn courtesy(
        &self,
        person: Option<PersonId>,
        address: Option<&str>,
        since: i64,
    ) -> Result<outbox::Courtesy, StoreError>;

    /// The token of `address`'s unsubscribe link.
    fn unsubscribe_token(&self, address: &str) -> Result<String, StoreError>;

    /// Records that `address` wants no more mail (and cancels what is
    /// queued for it) when `token` is its token; false otherwise.
    fn unsubscribe(
        &self,
        address: &str,
        token: &str,
        source: &str,
        at: i64,
    ) -> Result<bool, StoreError>;

    /// Finds the moments in the messages stored since the last call
    /// (those written at or after `since`) and closes the ones dealt with
    /// as of `now`; returns how many were found.
    fn scan_moments(&self, since: i64, now: i64) -> Result<u64, StoreError>;

    /// Open moments per kind, and how many are due at `now`.
    fn moment_counts(&self, now: i64) -> Result<Vec<moments::MomentCount>, StoreError>;

    /// Open moments of `kind` due in `[lo, hi]` and not snoozed at `now`,
    /// soonest first.
    fn moment_page(
        &self,
        now: i64,
        kind: moments::MomentKind,
        lo: i64,
        hi: i64,
        limit: u64,
    ) -> Result<Vec<moments::MomentRow>, StoreError>;

    /// Marks open moment `id` done by `by`; false when none is open.
    fn moment_done(&self, id: i64, by: &str, at: i64) -> Result<bool, StoreError>;

    /// Records `decision` (with a reason) about open moment `id` by `by`;
    /// false when none is open.
    fn moment_decide(
        &self,
        id: i64,
        decision: &moments::Decision,
        reason: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<bool, StoreError>;

    /// Every decision about an alert on a person's place on the ladder.
    fn alert_decisions(&self) -> Result<Vec<moments::AlertDecisionRow>, StoreError>;

    /// Stores a decision about an alert on a person's place on the ladder
    /// (replacing an earlier one about the same kind and person).
    fn decide_alert(&self, decision: &moments::AlertDecisionRow) -> Result<(), StoreError>;
    // What the team taught the analyzer (see `corrections`).

    /// Stores corrections in one transaction, in order; a correction of a
    /// message replaces its older ones about the same class (sentiment:
    /// any). Returns their ids.
    fn add_corrections(&self, rows: &[NewCorrection]) -> Result<Vec<i64>, StoreError>;

    /// Every correction whose words are known, oldest first.
    fn corrections(&self) -> Result<Vec<CorrectionRow>, StoreError>;

    /// The corrections of one message, oldest first.
    fn corrections_of(&self, id: InteractionId) -> Result<Vec<CorrectionRow>, StoreError>;

    /// Deletes correction `id`, returning it (none: there was none).
    fn delete_correction(&self, id: i64) -> Result<Option<CorrectionRow>, StoreError>;

    /// The shop's stored layer, if one was trained.
    fn shop_layer(&self) -> Result<Option<LayerRow>, StoreError>;

    /// The stored layer's revision (0: none): cheap, to tell whether a
    /// layer kept in memory is still the stored one.
    fn shop_layer_revision(&self) -> Result<i64, StoreError>;

    /// Stores a newly trained layer, replacing the one before; returns
    /// its revision.
    fn set_shop_layer(&self, model: &[u8], corrections: u64, at: i64) -> Result<i64, StoreError>;

    /// The version of the analyzer and signal rules the stored readings
    /// were made with (none: not recorded, as in a store from before
    /// versions were kept).
    fn readings_version(&self) -> Result<Option<String>, StoreError>;

    /// Records that every stored reading was made with `version`.
    fn set_readings_version(&self, version: &str) -> Result<(), StoreError>;

    /// Queues a job (see [`jobs`]); `None` when one with the same key
    /// already waits or runs.
    fn enqueue_job(&self, job: &NewJob, now: i64) -> Result<Option<i64>, StoreError>;

    /// Claims the oldest due job of one of `kinds` (any when empty) for
    /// `worker`, leased until `lease_until`.
    fn claim_job(
        &self,
        worker: &str,
        kinds: &[&str],
        now: i64,
        lease_until: i64,
    ) -> Result<Option<Job>, StoreError>;

    /// Extends `worker`'s lease on job `id`; false when it is no longer
    /// the worker's.
    fn renew_job(&self, id: i64, worker: &str, until: i64) -> Result<bool, StoreError>;

    /// Ends `worker`'s run of job `id`; false when it is no longer the
    /// worker's (nothing changes then).
    fn finish_job(
        &self,
        id: i64,
        worker: &str,
        now: i64,
        ending: &JobEnding<'_>,
    ) -> Result<bool, StoreError>;

    /// Job `id`, if stored.
    fn job(&self, id: i64) -> Result<Option<JobRow>, StoreError>;

    /// The latest `limit` jobs, newest first.
    fn jobs(&self, limit: usize) -> Result<Vec<JobRow>, StoreError>;

    /// How each kind of job stands.
    fn job_counts(&self) -> Result<Vec<JobCount>, StoreError>;

    /// Deletes jobs done before `done_before` and failed before
    /// `failed_before`; how many went.
    fn prune_jobs(&self, done_before: i64, failed_before: i64) -> Result<usize, StoreError>;

    /// The latest `limit` jobs of `kind`, newest first.
    fn jobs_of_kind(&self, kind: &str, limit: usize) -> Result<Vec<JobRow>, StoreError>;

    // Counters shared by every server on the database (see [`limits`]).

    /// Reserves login `attempt` against each of `keys` unless one already
    /// holds `w.max` attempts within the window; whether it was reserved.
    fn reserve_login(
        &self,
        attempt: &str,
        keys: &[String],
        w: &LoginWindow,
    ) -> Result<bool, StoreError>;

    /// Gives a reserved login attempt back (it no longer counts).
    fn release_login(&self, attempt: &str) -> Result<(), StoreError>;

    /// Whether any of `keys` holds `w.max` attempts within the window.
    fn login_blocked(&self, keys: &[String], w: &LoginWindow) -> Result<bool, StoreError>;

    /// Takes one request from `bucket` at `now` (seconds since the
    /// epoch): `None` when it had one, else `Some(seconds)` until it will.
    fn take_rate(&self, bucket: &str, rule: RateRule, now: f64) -> Result<Option<f64>, StoreError>;

    /// Deletes login attempts at or before `logins_before` (milliseconds)
    /// and rate buckets untouched since `buckets_before` (seconds); how
    /// many rows went.
    fn prune_limits(&self, logins_before: i64, buckets_before: f64) -> Result<usize, StoreError>;
}

/// Where a database URL points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    /// A SQLite file (or `:memory:`), by path.
    Sqlite(&'a str),
    /// A PostgreSQL database, by its whole URL.
    Postgres(&'a str),
}

impl<'a> Location<'a> {
    /// Where `url` points: `sqlite://PATH`, `sqlite:PATH` or a bare path
    /// is a SQLite file; `postgres://…` or `postgresql://…` a PostgreSQL
    /// database; any other scheme is an error.
    pub fn of(url: &'a str) -> Result<Location<'a>, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Location::Postgres(url));
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Ok(Location::Sqlite(path));
        }
        if let Some(path) = url.strip_prefix("sqlite:") {
            return Ok(Location::Sqlite(path));
        }
        if url.contains("://") {
            return Err(StoreError::BadUrl(url.to_string()));
        }
        Ok(Location::Sqlite(url))
    }
}

/// Opens the store a URL names: `sqlite://PATH` (or a bare path), or
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (`postgresql://`
/// too).
pub fn open(url: &str) -> Result<Box<dyn Store>, StoreError> {
    Ok(match Location::of(url)? {
        Location::Postgres(url) => Box::new(PgStore::open(url)?),
        Location::Sqlite(path) => Box::new(SqliteStore::open(path)?),
    })
}
