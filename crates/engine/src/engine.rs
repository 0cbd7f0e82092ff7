//! [`Engine`]: the relationship engine over one store, as the CLI and the
//! server use it. Every method reads what it needs from the store when it
//! is called, and every write goes through the store and brings the
//! ladder up to date before it returns, so the next call sees it. The
//! views many ask for at once (the inbox, alerts and the badge) are kept
//! only while the store's version and the second stay the same (see
//! [`crate::memo`]): within them, reading again would read the same.

use crate::activity::{Activity, Analysed};
use crate::analysis::ShopAnalyzer;
use crate::import::{Import, Summary};
use crate::learning::{self, CorrectionMade, Learned};
use crate::views::alerts::{self, AlertPage, AlertsQuery};
use crate::views::cohorts::{self, CohortPlan, Cohorts};
use crate::views::export;
use crate::views::inbox::{self, InboxItem, InboxPage, InboxQuery};
use crate::views::influencers::{self, Influencers, InfluencersQuery};
use crate::views::people::{self, Ladder, PeoplePage, PeopleQuery};
use crate::views::person::{self, PersonView};
use crate::views::report::{self, FullReport};
use crate::views::threads::{self, ThreadView, ThreadsPage, ThreadsQuery};
use crate::views::touches::{self, TouchKind, TouchList, TouchLogged};
use crate::{now, profile, scoring, EngineError};
use rapport_core::profile::Profile;
use rapport_core::replay::StageWeek;
use rapport_core::{InteractionId, PersonId, Timestamp};
use rapport_ingest::Format;
use rapport_store::team::{InboxAction, InboxStateRow};
use rapport_store::{CorrectionRow, CorrectionSource, Store};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where unsubscribe links point unless told (`--public-url`).
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// Longest reply or note accepted, in characters.
pub const MAX_TEXT: usize = 20_000;
/// The longest snooze, in minutes (ten years).
pub const MAX_SNOOZE_MINUTES: i64 = 10 * 365 * 24 * 60;

/// A reply written: its outbox message and the item it answered (closed:
/// answered).
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replied {
    /// The reply's outbox message (`queued` to be sent, or `recorded`).
    pub message: rapport_store::outbox::OutboxRow,
    /// The message answered.
    pub item: Option<InboxItem>,
}

/// A saved reply filled in for one message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FilledReply {
    /// The saved reply's name.
    pub name: String,
    /// Its language.
    pub language: String,
    /// The words, ready to edit and send.
    pub text: String,
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxPage {
    /// The messages.
    pub messages: Vec<rapport_store::outbox::OutboxRow>,
    /// How many match.
    pub total: u64,
    /// Skipped.
    pub offset: u64,
    /// Page size.
    pub limit: u64,
    /// The channels a sender is connected for.
    pub connected: Vec<String>,
}

/// The relationship engine over one store.
#[derive(Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
    profile: PathBuf,
    brand: Vec<(String, String)>,
    memo: crate::memo::Shared,
    senders: crate::outbox::Senders,
    public_url: String,
    /// The shop's layer as last loaded, and the background pass over
    /// every text after a correction (see [`crate::learning`]).
    passes: Arc<learning::Passes>,
    /// What this engine and its clones did, for the metrics.
    activity: Arc<Activity>,
    /// Called after a job is queued (a server wakes its worker with it).
    job_queued: Arc<std::sync::OnceLock<JobQueued>>,
}

/// A call made after a job is queued (see [`Engine::on_job_queued`]).
type JobQueued = Box<dyn Fn() + Send + Sync>;

impl Engine {
    /// The engine over `store`, with the shop profile at `profile` (the
    /// built-in demo profile while that file does not exist).
    pub fn new(store: Arc<dyn Store>, profile: impl Into<PathBuf>) -> Engine {
        Engine {
            store,
            profile: profile.into(),
            brand: Vec::new(),
            memo: Default::default(),
            senders: Default::default(),
            public_url: DEFAULT_PUBLIC_URL.to_string(),
            passes: Default::default(),
            activity: Default::default(),
            job_queued: Default::default(),
        }
    }

    /// Has `f` called (on the queueing thread) each time this engine or
    /// a clone queues a job: a server wakes its worker so the job starts
    /// at once. Set once; later calls are ignored.
    pub fn on_job_queued(&self, f: impl Fn() + Send + Sync + 'static) {
        let _ = self.job_queued.set(Box::new(f));
    }

    /// Calls the hook set by [`Engine::on_job_queued`].
    pub(crate) fn job_was_queued(&self) {
        if let Some(f) = self.job_queued.get() {
            f();
        }
    }

    /// What this engine and its clones did since they were made
    /// (imports, texts analysed), for the metrics.
    pub fn activity(&self) -> &Activity {
        &self.activity
    }

    /// Whether a `reanalyze` job (every stored text read again, after a
    /// correction; see [`crate::learning`]) waits or runs, by any process.
    pub fn rereading(&self) -> Result<bool, EngineError> {
        Ok(self
            .store
            .job_counts()?
            .iter()
            .any(|c| c.kind == "reanalyze" && c.queued + c.running > 0))
    }

    /// Queues a `reanalyze` job (every stored text read again, then the
    /// ladder), or finds the one that already waits or runs — it reads
    /// with the current models and layer (a running pass makes itself
    /// again when the layer changed under it). Its id.
    pub fn queue_rereading(&self) -> Result<Option<i64>, EngineError> {
        match self.queue_job("reanalyze", &serde_json::json!({}), Some("reanalyze"))? {
            Some(job) => Ok(Some(job)),
            None => Ok(self
                .store
                .jobs_of_kind("reanalyze", 1)?
                .first()
                .map(|j| j.id)),
        }
    }

    /// The shop's own accounts named besides the profile's
    /// (`--brand CHANNEL:HANDLE`).
    pub fn with_brand(mut self, brand: Vec<(String, String)>) -> Engine {
        self.brand = brand;
        self
    }

    /// The channels replies and mail go out on.
    pub fn with_senders(mut self, senders: crate::outbox::Senders) -> Engine {
        self.senders = senders;
        self
    }

    /// The server's address as the people mail goes to reach it: where
    /// unsubscribe links point.
    pub fn with_public_url(mut self, url: impl Into<String>) -> Engine {
        self.public_url = url.into();
        self
    }

    /// The connected channels.
    pub fn senders(&self) -> &crate::outbox::Senders {
        &self.senders
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    /// The store, shared.
    pub fn shared_store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// The profile file's path.
    pub fn profile_path(&self) -> &Path {
        &self.profile
    }

    /// The shop's profile and whether it came from its file.
    pub fn profile(&self) -> Result<(Profile, bool), EngineError> {
        profile::load(&self.profile)
    }

    /// The profile as `profile show` and `GET /api/profile` show it.
    pub fn profile_shown(&self) -> Result<profile::Shown, EngineError> {
        let (p, from_file) = self.profile()?;
        Ok(profile::Shown {
            path: self.profile.display().to_string(),
            from_file,
            profile: p,
        })
    }

    /// Replaces the profile (checked as `profile set` checks each key),
    /// writes its file and judges everyone against it.
    pub fn set_profile(
        &self,
        update: &profile::ProfileUpdate,
    ) -> Result<profile::Shown, EngineError> {
        let mut p = profile::validated(update)?;
        // The form and the API edit what they show; the outreach settings
        // are the file's, and so are the answer targets and the time zone
        // unless given.
        let before = self.profile()?.0;
        p.outreach = before.outreach;
        if update.answer_targets.is_none() {
            p.answer_targets = before.answer_targets;
        }
        if update.timezone.is_none() {
            p.timezone = before.timezone;
        }
        profile::save(&self.profile, &p)?;
        scoring::update(self.store(), &p)?;
        self.profile_shown()
    }

    /// The moment the stored verdicts are as of (the latest activity or
    /// order seen); 0 before anything was stored.
    pub fn as_of(&self) -> Result<i64, EngineError> {
        Ok(self.store.score_state()?.map_or(0, |s| s.as_of))
    }

    /// Now, for the views: the clock, or the verdicts' moment if that is
    /// later (data from the future is judged as of itself).
    pub fn now(&self) -> Result<i64, EngineError> {
        Ok(now().max(self.as_of()?))
    }

    /// The view `name`, computed by `view(now, as_of)` or remembered from
    /// a call under the same store version in the same second.
    fn remembered<T: Clone + Send + Sync + 'static>(
        &self,
        name: String,
        view: impl FnOnce(i64, i64) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let version = self.store.version()?;
        let second = now();
        crate::memo::remembered(&self.memo, version, second, name, || {
            let as_of = self.as_of()?;
            view(second.max(as_of), as_of)
        })
    }

    /// Brings the ladder up to date after a write.
    pub fn update_ladder(&self) -> Result<scoring::Summary, EngineError> {
        let (p, _) = self.profile()?;
        Ok(scoring::update(self.store(), &p)?)
    }

    /// Finds a person by id, `channel:handle`, handle or email.
    pub fn find(&self, key: &str) -> Result<Option<PersonId>, EngineError> {
        Ok(self.store.find_person(key)?)
    }

    /// A page of people.
    pub fn people(&self, q: &PeopleQuery) -> Result<PeoplePage, EngineError> {
        let (filter, sort, offset, limit) = q.parse()?;
        people::page(self.store(), &filter, sort, offset, limit)
    }

    /// One person's 360° view, by id, `channel:handle`, handle or email.
    pub fn person(&self, key: &str) -> Result<Option<PersonView>, EngineError> {
        let Some(id) = self.find(key)? else {
            return Ok(None);
        };
        person::person(self.store(), id, self.as_of()?, &self.profile()?.0)
    }

    /// People per stage and label.
    pub fn ladder(&self) -> Result<Ladder, EngineError> {
        people::ladder(self.store())
    }

    /// People per stage at the end of every week.
    pub fn ladder_weekly(&self) -> Result<Vec<StageWeek>, EngineError> {
        let first = self.store.extent()?.map(|e| e.0);
        people::weekly(self.store(), first, self.as_of()?, None)
    }

    /// A page of the open inbox; `assigned = me` means `caller`,
    /// `since = last_visit` the visit before the current one.
    pub fn inbox(
        &self,
        q: &InboxQuery,
        caller: Option<&str>,
        last_visit: Option<i64>,
    ) -> Result<InboxPage, EngineError> {
        let targets = self.profile()?.0.answer_targets;
        let wanted = q.parse(caller, last_visit, targets)?;
        let name = format!("inbox {wanted:?} {targets:?}");
        self.remembered(name, |now, _| {
            inbox::page(self.store(), now, &wanted, targets)
        })
    }

    /// The people `q` filters, all of them in its order, as CSV
    /// (`offset` and `limit` are ignored): checked now, read chunk by
    /// chunk from the store as the caller writes it out.
    pub fn people_csv(&self, q: &PeopleQuery) -> Result<export::PeopleExport, EngineError> {
        let (filter, sort, _, _) = q.parse()?;
        Ok(export::PeopleExport::new(filter, sort))
    }

    /// Every open inbox item `q` filters, most urgent first as of now, as
    /// CSV (`offset` and `limit` are ignored; with `stock=fold` the stock
    /// phrases are left out); `assigned = me` means `caller`.
    pub fn inbox_csv(
        &self,
        q: &InboxQuery,
        caller: Option<&str>,
        last_visit: Option<i64>,
    ) -> Result<export::InboxExport, EngineError> {
        let targets = self.profile()?.0.answer_targets;
        let wanted = q.parse(caller, last_visit, targets)?;
        Ok(export::InboxExport::new(
            wanted.filter,
            self.now()?,
            targets,
        ))
    }

    /// The report over `since` as CSV (see [`export::report`]).
    pub fn report_csv(&self, since: &str) -> Result<Vec<u8>, EngineError> {
        export::report(&self.report(since)?)
    }

    /// People and messages matching the words of `q`.
    pub fn search(
        &self,
        q: &crate::views::search::SearchQuery,
    ) -> Result<crate::views::search::SearchResults, EngineError> {
        let (p, _) = self.profile()?;
        crate::views::search::search(self.store(), q, &p)
    }

    /// The open stock phrases under `post` on `channel`, to handle at once.
    pub fn stock_ids(
        &self,
        channel: &str,
        post: Option<&str>,
    ) -> Result<Vec<InteractionId>, EngineError> {
        Ok(self.store.stock_ids(self.now()?, channel, post)?)
    }

    /// What the team did with message `id`, oldest first.
    pub fn inbox_history(
        &self,
        id: InteractionId,
    ) -> Result<Vec<inbox::HistoryEntry>, EngineError> {
        inbox::history(self.store(), id)
    }

    /// One unanswered message (open or closed by the team) with its state.
    pub fn inbox_item(&self, id: InteractionId) -> Result<Option<InboxItem>, EngineError> {
        let targets = self.profile()?.0.answer_targets;
        inbox::one(self.store(), id, self.now()?, targets)
    }

    /// Records what `actor` (a user's email) did with unanswered message
    /// `id`, and returns the item with its new state; `None` when there is
    /// no such unanswered message.
    pub fn act(
        &self,
        id: InteractionId,
        action: InboxAction,
        actor: &str,
    ) -> Result<Option<InboxItem>, EngineError> {
        let mut action = action;
        match &mut action {
            InboxAction::Reply(t) | InboxAction::Note(t) if t.trim().is_empty() => {
                return Err(EngineError::bad("text must not be empty"))
            }
            InboxAction::Reply(t) | InboxAction::Note(t) if t.chars().count() > MAX_TEXT => {
                return Err(EngineError::bad(format!(
                    "text is longer than {MAX_TEXT} characters"
                )))
            }
            InboxAction::Assign(Some(to)) => {
                if to == "me" {
                    *to = actor.to_string();
                }
                let user = self
                    .store
                    .user_by_email(to)?
                    .ok_or_else(|| EngineError::bad(format!("no user {to:?} to assign to")))?;
                *to = user.email;
            }
            _ => {}
        }
        if let InboxAction::Reply(text) = &action {
            let replied = self.reply(id, text, actor, None)?;
            return Ok(replied.and_then(|r| r.item));
        }
        if self.store.queue_items(&[id])?.is_empty() {
            return Ok(None);
        }
        let at = now();
        self.store.apply_inbox_action(id, &action, actor, at)?;
        tracing::info!(target: "engine::inbox", interaction = id.0, by = %actor, ?action, "inbox action");
        // The log names what was done, not the words (a reply or note may
        // quote the customer).
        let what = match &action {
            InboxAction::Reply(_) => "reply".to_string(),
            InboxAction::Handled => "handled".to_string(),
            InboxAction::Assign(Some(to)) => format!("assign {to}"),
            InboxAction::Assign(None) => "unassign".to_string(),
            InboxAction::Snooze(until) => {
                format!("snooze until {}", Timestamp(*until).to_rfc3339())
            }
            InboxAction::Note(_) => "note".to_string(),
            InboxAction::Reopen => "reopen".to_string(),
        };
        self.audit(
            actor,
            rapport_store::AuditAction::InboxAction,
            &format!("interaction:{}", id.0),
            &what,
        )?;
        self.inbox_item(id)
    }

    /// Replies to message `id` as the shop, written by `actor`: the reply
    /// is the shop's interaction at once (the message is answered), and
    /// goes out on the message's channel when a sender is connected for
    /// it (else it is recorded as posted by the team). `key` makes a
    /// repeated request one reply. `None` when there is no such message.
    pub fn reply(
        &self,
        id: InteractionId,
        text: &str,
        actor: &str,
        key: Option<&str>,
    ) -> Result<Option<Replied>, EngineError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EngineError::bad("text must not be empty"));
        }
        if text.chars().count() > MAX_TEXT {
            return Err(EngineError::bad(format!(
                "text is longer than {MAX_TEXT} characters"
            )));
        }
        let key = match key {
            Some(k) => crate::outbox::checked_key(k)?,
            None => crate::outbox::fresh_key(),
        };
        let Some(parent) = self.store.interaction(id)? else {
            return Ok(None);
        };
        if parent.from_brand {
            return Err(EngineError::bad(format!(
                "message {} is the shop's own: reply to a person's message",
                id.0
            )));
        }
        let (p, from_file) = self.profile()?;
        let shop = self.shop_handle(&p, from_file, &parent.channel)?;
        let recipient = crate::outbox::handle_of(self.store(), &parent)?;
        let at = now();
        let record = rapport_core::Record::Interaction(rapport_core::Interaction {
            channel: rapport_core::Channel::parse(&parent.channel)
                .map_err(|e| EngineError::internal(format!("stored channel: {e}")))?,
            external_id: format!("{}{key}", rapport_store::outbox::LOCAL_PREFIX),
            kind: rapport_core::Kind::Reply,
            author: rapport_core::record::Author {
                handle: shop,
                display_name: Some(p.name.clone()),
                email: None,
                followers: None,
                bio: None,
            },
            text: text.to_string(),
            created_at: Timestamp(at),
            in_reply_to: Some(parent.external_id.clone()),
            post_id: parent.post_id.clone(),
            url: None,
            from_brand: true,
        });
        let subject = (parent.channel == "email").then(|| format!("Re: {}", p.name));
        let reply = rapport_store::outbox::NewReply {
            key,
            parent: id,
            send: self.senders.get(&parent.channel).is_some(),
            recipient,
            subject,
            language: parent.analysis.as_ref().map(|a| a.language.clone()),
            by: actor.to_string(),
            at,
        };
        let message = match self.store.queue_reply(&reply, &record) {
            Err(rapport_store::StoreError::Refused(why)) => return Err(EngineError::bad(why)),
            other => other?,
        };
        scoring::update(self.store(), &p)?;
        tracing::info!(target: "engine::outbox", interaction = id.0, by = %actor,
            state = message.state.as_str(), "reply written");
        self.audit(
            actor,
            rapport_store::AuditAction::InboxAction,
            &format!("interaction:{}", id.0),
            &format!("reply ({})", message.state.as_str()),
        )?;
        Ok(Some(Replied {
            item: self.inbox_item(id)?,
            message,
        }))
    }

    /// The saved replies for message `id`, in its language (the profile's
    /// default when it has none there), with the person's name, a product
    /// they bought (the one the message names, else their latest), what
    /// the message is about when that is one of the shop's topics, and the
    /// shop filled in; a reply's optional part about a product or topic
    /// goes when there is none ([`rapport_core::outreach::fill`]), so a
    /// filler word the message happens to stress is never put into an
    /// answer. `None` when there is no such message.
    pub fn saved_replies(
        &self,
        id: InteractionId,
    ) -> Result<Option<Vec<FilledReply>>, EngineError> {
        let Some(item) = self.inbox_item(id)? else {
            return Ok(None);
        };
        let (p, _) = self.profile()?;
        let o = &p.outreach;
        let language = item
            .analysis
            .as_ref()
            .map(|a| a.language.clone())
            .filter(|l| o.replies.iter().any(|r| &r.language == l))
            .unwrap_or_else(|| o.default_language.clone());
        let topic = item
            .analysis
            .as_ref()
            .and_then(|a| a.topics.iter().find(|t| p.is_topic(t)).cloned())
            .map(|t| rapport_core::outreach::as_written(&t, &language))
            .unwrap_or_default();
        // What they bought that the message names, else their latest
        // purchase.
        let bought: Vec<String> = self
            .store
            .person_rows(item.person.id)?
            .map(|rows| {
                rows.orders
                    .iter()
                    .rev()
                    .flat_map(|o| o.items.iter())
                    .map(|i| i.title.clone())
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let said = item.text.to_lowercase();
        let named = bought.iter().find(|title| {
            title
                .split_whitespace()
                .filter(|w| w.chars().count() >= 4)
                .any(|w| said.contains(&w.to_lowercase()))
        });
        let product = named
            .or_else(|| bought.first())
            .cloned()
            .unwrap_or_default();
        let name = rapport_core::outreach::addressed(&item.person.name);
        let values = [
            ("name", name.as_str()),
            ("product", product.as_str()),
            ("topic", topic.as_str()),
            ("shop", p.name.as_str()),
        ];
        Ok(Some(
            o.replies_in(&language)
                .into_iter()
                .map(|r| FilledReply {
                    name: r.name.clone(),
                    language: r.language.clone(),
                    text: rapport_core::outreach::fill(&r.text, &values),
                })
                .collect(),
        ))
    }

    /// The shop's handle on `channel`: the profile's, else one named
    /// with `--brand`, else the shop's name made a handle.
    fn shop_handle(
        &self,
        p: &Profile,
        from_file: bool,
        channel: &str,
    ) -> Result<rapport_core::Handle, EngineError> {
        let named = p.channels.get(channel).cloned().or_else(|| {
            profile::brand_accounts(p, from_file, &self.brand)
                .into_iter()
                .find(|(c, _)| c == channel)
                .map(|(_, h)| h)
        });
        let raw = named.unwrap_or_else(|| {
            p.name
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        });
        rapport_core::Handle::parse(&raw)
            .or_else(|_| rapport_core::Handle::parse("shop"))
            .map_err(|e| EngineError::internal(format!("the shop's handle: {e}")))
    }

    /// Sends what is due in the outbox at `now`.
    pub fn send_due(&self, now: i64) -> Result<crate::outbox::RunSummary, EngineError> {
        let (p, _) = self.profile()?;
        let rules = crate::outbox::Rules {
            outreach: &p.outreach,
            shop: &p.name,
            public_url: &self.public_url,
            mail: self.senders.get("email").is_some(),
            targets: p.answer_targets,
            zone: p.timezone,
        };
        crate::outbox::run(self.store(), &self.senders, &rules, now)
    }

    /// A page of the outbox.
    pub fn outbox(
        &self,
        filter: &rapport_store::outbox::OutboxFilter,
        offset: u64,
        limit: u64,
    ) -> Result<OutboxPage, EngineError> {
        let limit = limit.clamp(1, 1000);
        let (messages, total) = self.store.outbox_page(filter, offset, limit)?;
        Ok(OutboxPage {
            messages,
            total,
            offset,
            limit,
            connected: self.senders.channels(),
        })
    }

    /// A person's decision on outbox message `id`: send it again, or
    /// cancel it. `None` when there is no such message; an error when its
    /// state does not allow it.
    pub fn decide_outbox(
        &self,
        id: i64,
        send: bool,
        actor: &str,
    ) -> Result<Option<rapport_store::outbox::OutboxRow>, EngineError> {
        let Some(row) = self.store.outbox_row(id)? else {
            return Ok(None);
        };
        if !self.store.outbox_decide(id, send, actor, now())? {
            return Err(EngineError::bad(format!(
                "message {id} is {}: only failed or unsure messages can be sent again, and only \
                 queued, failed or unsure ones cancelled",
                row.state.as_str()
            )));
        }
        self.audit(
            actor,
            rapport_store::AuditAction::InboxAction,
            &format!("outbox:{id}"),
            if send { "send again" } else { "cancel" },
        )?;
        Ok(self.store.outbox_row(id)?)
    }

    /// The team's state of one item.
    pub fn inbox_state(&self, id: InteractionId) -> Result<Option<InboxStateRow>, EngineError> {
        Ok(self.store.inbox_state(id)?)
    }

    /// A page of threads.
    pub fn threads(&self, q: &ThreadsQuery) -> Result<ThreadsPage, EngineError> {
        let (filter, offset, limit) = q.parse()?;
        threads::page(self.store(), &filter, offset, limit)
    }

    /// One thread, by `CHANNEL:ROOT` or the id of a message in it.
    pub fn thread(&self, key: &str) -> Result<Option<ThreadView>, EngineError> {
        let (p, _) = self.profile()?;
        threads::thread(self.store(), key, &p)
    }

    /// A page of alerts.
    pub fn alerts(&self, q: &AlertsQuery) -> Result<AlertPage, EngineError> {
        let (mut filter, offset, limit) = q.parse()?;
        filter.targets = self.profile()?.0.answer_targets;
        let name = format!("alerts {filter:?} {offset} {limit}");
        self.remembered(name, |now, as_of| {
            alerts::page(self.store(), now, as_of, filter, offset, limit)
        })
    }

    /// Marks moment `id` (a follow-up or another moment alert) done by
    /// `actor`; false when there is no open moment of that id.
    pub fn moment_done(&self, id: i64, actor: &str) -> Result<bool, EngineError> {
        let done = self.store.moment_done(id, actor, now())?;
        if done {
            self.audit(
                actor,
                rapport_store::AuditAction::InboxAction,
                &format!("moment:{id}"),
                "done",
            )?;
        }
        Ok(done)
    }

    /// Records what `actor` decided about alert `key` (see
    /// [`alerts::Alert::key`]): `done`, `snooze` (for `minutes`, default a
    /// day) or `dismiss`, with an optional reason. An unanswered message's
    /// alert is its inbox item (done and dismissed mark it handled, snooze
    /// snoozes it); a moment keeps the decision on its row; an alert on a
    /// person's place on the ladder keeps it with its cause, and is raised
    /// again when the cause changes. False when there is no such open
    /// alert.
    pub fn decide_alert(
        &self,
        key: &str,
        action: &str,
        minutes: Option<i64>,
        reason: Option<&str>,
        actor: &str,
    ) -> Result<bool, EngineError> {
        use rapport_store::moments::{AlertDecisionRow, Decision};
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > MAX_TEXT) {
            return Err(EngineError::bad(format!(
                "reason is longer than {MAX_TEXT} characters"
            )));
        }
        let at = now();
        let decision = match action {
            "done" => Decision::Done,
            "dismiss" => Decision::Dismissed,
            "snooze" => {
                let m = minutes.unwrap_or(24 * 60);
                if !(1..=MAX_SNOOZE_MINUTES).contains(&m) {
                    return Err(EngineError::bad(format!(
                        "minutes: {m} is not from 1 to {MAX_SNOOZE_MINUTES}"
                    )));
                }
                Decision::Snoozed(self.now()?.max(at) + m * 60)
            }
            other => {
                return Err(EngineError::bad(format!(
                    "{other:?}: decide done, snooze or dismiss"
                )))
            }
        };
        let (what, id) = key
            .split_once(':')
            .ok_or_else(|| EngineError::bad(format!("{key:?} is not an alert key")))?;
        let id: i64 = id
            .parse()
            .map_err(|_| EngineError::bad(format!("{key:?} is not an alert key")))?;
        let decided = match what {
            "unanswered" => {
                // Only an open item is an alert.
                let open = self
                    .inbox_item(InteractionId(id))?
                    .is_some_and(|i| !i.state.as_ref().is_some_and(|s| s.closed));
                if !open {
                    return Ok(false);
                }
                let act = match decision {
                    Decision::Snoozed(until) => InboxAction::Snooze(until),
                    _ => InboxAction::Handled,
                };
                let ok = self.act(InteractionId(id), act, actor)?.is_some();
                if let (true, Some(r)) = (ok, reason) {
                    self.act(
                        InteractionId(id),
                        InboxAction::Note(format!("{}: {r}", decision.as_str())),
                        actor,
                    )?;
                }
                ok
            }
            "moment" => self.store.moment_decide(id, &decision, reason, actor, at)?,
            kind => {
                let watched = alerts::watched_of(kind)
                    .ok_or_else(|| EngineError::bad(format!("{key:?} is not an alert key")))?;
                let as_of = self.as_of()?;
                let now = self.now()?;
                let Some(w) = self.store.watched(&[PersonId(id)])?.pop() else {
                    return Ok(false);
                };
                let Some(alert) = alerts::ladder_alert(watched, &w, now, as_of) else {
                    return Ok(false);
                };
                self.store.decide_alert(&AlertDecisionRow {
                    kind: kind.to_string(),
                    person: PersonId(id),
                    decision: decision.clone(),
                    cause: alerts::cause_of(&alert),
                    reason: reason.map(str::to_string),
                    actor: actor.to_string(),
                    at,
                })?;
                true
            }
        };
        if decided {
            self.audit(
                actor,
                rapport_store::AuditAction::InboxAction,
                &format!("alert:{key}"),
                decision.as_str(),
            )?;
        }
        Ok(decided)
    }

    /// How many alerts are overdue now (the badge).
    pub fn overdue_alerts(&self) -> Result<u64, EngineError> {
        let targets = self.profile()?.0.answer_targets;
        self.remembered(format!("overdue {targets:?}"), |now, as_of| {
            alerts::overdue(self.store(), now, as_of, targets)
        })
    }

    /// The report over `since` (`all`, `30d`, `12w`).
    pub fn report(&self, since: &str) -> Result<FullReport, EngineError> {
        let as_of = self.as_of()?;
        let from = report::parse_since(since, now().max(as_of))?;
        let (p, _) = self.profile()?;
        report::report(self.store(), &p, from, as_of, now().max(as_of))
    }

    /// Every cohort with its members' progress (stored back).
    /// When the last open cohort has graduated (each member moved up,
    /// became a fan or was given up on), the next five are planned.
    pub fn cohorts(&self) -> Result<Cohorts, EngineError> {
        let at = self.now()?;
        let mut current = cohorts::refreshed(self.store(), at)?;
        if !current.is_empty() && current.iter().all(|c| !c.open) {
            let (p, _) = self.profile()?;
            let next = cohorts::plan(
                self.store(),
                &p,
                &current,
                rapport_core::cohort::COHORT_SIZE,
                at,
            )?;
            if next.new {
                current = cohorts::refreshed(self.store(), at)?;
            }
        }
        Ok(Cohorts { cohorts: current })
    }

    /// Marks what happened with a cohort member outside Rapport
    /// (`contacted`, `replied`, `moved_up`, `given_up`); false when
    /// `person` (any key) is not a member of cohort `cohort`.
    pub fn mark_cohort_member(
        &self,
        cohort: i64,
        person: &str,
        mark: &str,
        actor: &str,
    ) -> Result<bool, EngineError> {
        let mark = cohorts::Mark::parse(mark)?;
        let Some(id) = self.find(person)? else {
            return Ok(false);
        };
        let marked = cohorts::mark(self.store(), cohort, id, mark, now())?;
        if marked {
            self.audit(
                actor,
                rapport_store::AuditAction::InboxAction,
                &format!("cohort:{cohort}:{}", id.0),
                &format!("{mark:?}"),
            )?;
        }
        Ok(marked)
    }

    /// Plans the next `size` people to cultivate.
    pub fn plan_cohort(&self, size: usize) -> Result<CohortPlan, EngineError> {
        let at = self.now()?;
        let current = cohorts::refreshed(self.store(), at)?;
        let (p, _) = self.profile()?;
        cohorts::plan(self.store(), &p, &current, size, at)
    }

    /// A page of the people labelled influencer, best fit first unless
    /// `q` asks for another order.
    pub fn influencers(&self, q: &InfluencersQuery) -> Result<Influencers, EngineError> {
        let (offset, limit) = q.paging();
        influencers::influencers(self.store(), q.order()?, offset, limit)
    }

    /// Every touch, or one person's with their ledger.
    pub fn touches(&self, person: Option<&str>) -> Result<TouchList, EngineError> {
        match person {
            None => touches::all(self.store()),
            Some(key) => {
                let id = self.find(key)?.ok_or_else(|| not_found(key))?;
                touches::of_person(self.store(), id)
            }
        }
    }

    /// Logs a touch for the person `key` names.
    pub fn log_touch(
        &self,
        key: &str,
        kind: TouchKind,
        note: &str,
        at: Option<i64>,
        by: Option<&str>,
    ) -> Result<TouchLogged, EngineError> {
        let note = note.trim();
        if note.is_empty() {
            return Err(EngineError::bad("note: say what was given or asked"));
        }
        if note.chars().count() > MAX_TEXT {
            return Err(EngineError::bad(format!(
                "note: longer than {MAX_TEXT} characters"
            )));
        }
        let id = self.find(key)?.ok_or_else(|| not_found(key))?;
        let at = at.unwrap_or_else(now);
        let row = self.store.add_touch(id, kind.as_str(), note, at, by)?;
        tracing::info!(target: "engine::touch", touch = row, person = id.0, kind = kind.as_str(), "touch logged");
        self.audit(
            by.unwrap_or("cli"),
            rapport_store::AuditAction::TouchAdd,
            &format!("person:{}", id.0),
            &format!("{} (touch #{row})", kind.as_str()),
        )?;
        let list = touches::of_person(self.store(), id)?;
        let touch = list
            .touches
            .iter()
            .find(|t| t.id == row)
            .cloned()
            .ok_or_else(|| EngineError::internal(format!("touch #{row} was not stored")))?;
        Ok(TouchLogged {
            touch,
            ledger: list.ledger.unwrap_or_default(),
        })
    }

    /// The shop's analysis: the shipped models and the shop's layer, kept
    /// while the stored layer stays the same.
    pub fn shop_analyzer(&self) -> Result<ShopAnalyzer, EngineError> {
        learning::shop_analyzer(self.store(), &self.passes)
    }

    /// Corrects the reading of message `id` (`task` sentiment or intent,
    /// `label` a class or `not_` and a class) for `actor`: stores it,
    /// trains the shop's layer, reads the message again at once and every
    /// other text after it (see [`crate::learning`]). `None`: no such
    /// message.
    pub fn correct(
        &self,
        id: InteractionId,
        task: &str,
        label: &str,
        source: CorrectionSource,
        actor: &str,
    ) -> Result<Option<CorrectionMade>, EngineError> {
        let t = learning::check(task, label)?;
        let Some(i) = self.store.interaction(id)? else {
            return Ok(None);
        };
        if i.text.trim().is_empty() {
            return Err(EngineError::bad(format!(
                "interaction #{} has no words to read",
                id.0
            )));
        }
        let made = self
            .store
            .add_corrections(&[learning::new_correction(t, id, label, source, actor)])?;
        let (row, relearned) = self.relearn(Some(id))?;
        let correction = self
            .store
            .corrections_of(id)?
            .into_iter()
            .find(|c| made.contains(&c.id))
            .ok_or_else(|| EngineError::internal("a correction just stored is not there"))?;
        Ok(Some(CorrectionMade {
            correction,
            analysis: row.as_ref().map(crate::views::person::Analysis::from),
            relearned,
        }))
    }

    /// After the corrections changed: the layer trained, message `id`
    /// read again at once, and every text read again by a `reanalyze`
    /// job — waited for (up to [`learning::READ_ALL_WAIT`]) when the
    /// store is small, else left running in the background.
    fn relearn(
        &self,
        id: Option<InteractionId>,
    ) -> Result<(Option<rapport_store::AnalysisRow>, learning::Relearned), EngineError> {
        let (row, mut r) = learning::relearn(self.store(), &self.activity, id)?;
        let started = std::time::Instant::now();
        let job = self.queue_rereading()?;
        let small = self.store.counts()?.interactions <= learning::READ_ALL_AT_ONCE;
        let done = match job {
            Some(job) if small => self.wait_for_job(job, learning::READ_ALL_WAIT)?,
            _ => None,
        };
        match done.and_then(|j| j.outcome) {
            Some(report) => {
                let v: serde_json::Value =
                    serde_json::from_str(&report).map_err(EngineError::internal)?;
                r.reread = v["analyzed"].as_u64().unwrap_or(0);
                r.reread_ms = started.elapsed().as_millis() as u64;
            }
            None => {
                // The corrected message's person first, so their place
                // shows now; the job brings everyone else.
                let started = std::time::Instant::now();
                self.update_ladder()?;
                r.ladder_ms = started.elapsed().as_millis() as u64;
                r.background = true;
            }
        }
        Ok((row, r))
    }

    /// Job `id` once it is done (`None`: failed, gone, or still waiting
    /// or running after `wait`), polling its row.
    fn wait_for_job(
        &self,
        id: i64,
        wait: std::time::Duration,
    ) -> Result<Option<rapport_store::JobRow>, EngineError> {
        let until = std::time::Instant::now() + wait;
        let mut pause = std::time::Duration::from_millis(10);
        loop {
            let Some(job) = self.store.job(id)? else {
                return Ok(None);
            };
            match job.state {
                rapport_store::JobState::Done => return Ok(Some(job)),
                rapport_store::JobState::Failed => return Ok(None),
                _ => {}
            }
            if std::time::Instant::now() + pause > until {
                return Ok(None);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(std::time::Duration::from_millis(200));
        }
    }

    /// Every correction, oldest first.
    pub fn corrections(&self) -> Result<Vec<CorrectionRow>, EngineError> {
        Ok(self.store.corrections()?)
    }

    /// Undoes correction `id`: the layer is trained without it and the
    /// texts read again. `None`: no such correction.
    pub fn undo_correction(&self, id: i64) -> Result<Option<CorrectionMade>, EngineError> {
        let Some(gone) = self.store.delete_correction(id)? else {
            return Ok(None);
        };
        let (row, relearned) = self.relearn(gone.interaction_id.map(InteractionId))?;
        Ok(Some(CorrectionMade {
            correction: gone,
            analysis: row.as_ref().map(crate::views::person::Analysis::from),
            relearned,
        }))
    }

    /// Teaches labelled examples (task, text, label; checked here), as
    /// `rapport learn` does: stored, the layer trained, every text read
    /// again and the ladder brought up to date before returning.
    pub fn learn(
        &self,
        examples: &[(String, String, String)],
        actor: &str,
    ) -> Result<Learned, EngineError> {
        let checked = examples
            .iter()
            .map(|(task, text, label)| {
                Ok((learning::check(task, label)?, text.clone(), label.clone()))
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        let (p, _) = self.profile()?;
        let learned = learning::learn(self.store(), &p, &checked, actor)?;
        self.activity
            .analysed(Analysed::Reread, learned.relearned.reread);
        Ok(learned)
    }

    /// Imports `source` in `format` through the one pipeline; rejected
    /// records are named by `label` and their line.
    pub fn import(
        &self,
        format: Format,
        label: &str,
        source: Box<dyn Read + Send + '_>,
    ) -> Result<Summary, EngineError> {
        self.import_in(format, label, source, None)
    }

    /// [`Engine::import`] with `batch` records per transaction (the
    /// import's own size when `None`).
    pub fn import_in(
        &self,
        format: Format,
        label: &str,
        source: Box<dyn Read + Send + '_>,
        batch: Option<usize>,
    ) -> Result<Summary, EngineError> {
        let (p, from_file) = self.profile()?;
        let brand = profile::brand_accounts(&p, from_file, &self.brand);
        let mut import = Import::new(self.store(), p, brand)?
            .with_analyzer(self.shop_analyzer()?)
            .counting(self.activity.clone());
        if let Some(n) = batch {
            import = import.batch_size(n);
        }
        let result = import.read(format, label, source);
        // What was stored before a failure stays stored: the ladder
        // catches up with it either way.
        let summary = import.finish()?;
        result.map(|()| summary)
    }

    /// A format by name, or the list of those there are.
    pub fn format(name: &str) -> Result<Format, EngineError> {
        Format::parse(name).ok_or_else(|| {
            EngineError::bad(format!(
                "unknown format {name:?}; expected one of: {}",
                Format::NAMES.join(", ")
            ))
        })
    }
}

fn not_found(key: &str) -> EngineError {
    EngineError::bad(format!(
        "no person matches {key:?} (try an id, channel:handle, handle or email)"
    ))
}

/// A time given as RFC 3339, checked.
pub fn parse_time(field: &str, raw: &str) -> Result<i64, EngineError> {
    Timestamp::parse(raw)
        .map(|t| t.secs())
        .map_err(|e| EngineError::bad(format!("{field}: {e}")))
}
