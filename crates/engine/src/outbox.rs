//! Acting from Rapport: the shop's replies and the messages its rules
//! queue, sent through the outbox (see [`rapport_store::outbox`]).
//!
//! A reply is the shop's interaction the moment a person writes it: the
//! message it answers leaves the inbox as answered and its first-response
//! time counts. When a sender is connected for the channel, the reply is
//! queued and [`run`] posts it there; otherwise it is `recorded` (the team
//! posts it themselves). Senders are the [`Deliver`] implementations the
//! binary builds from its configuration (`rapport-send`).
//!
//! [`run`] sends what is due, once per message: a row is taken (`sending`)
//! before the platform is asked and settled after it answers. A run that
//! finds a row some sender took more than [`STALE_AFTER`] seconds ago and
//! never settled sends it again only when the channel tells a repeated
//! idempotency key; otherwise the row waits, `unsure`, for a person.

use crate::EngineError;
use rapport_core::outreach::{fill, Outreach};
use rapport_core::Said;
use rapport_i18n::{Lang, Tr};
use rapport_store::outbox::{MessageKind, NewMessage, OutboxRow, Settle};
use rapport_store::{InteractionRow, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A row taken for sending and not settled after this many seconds is
/// judged abandoned by its sender.
pub const STALE_AFTER: i64 = 300;

/// Attempts before a message that keeps failing is given up.
pub const MAX_ATTEMPTS: i64 = 6;

/// Messages taken per round of [`run`].
const ROUND: u64 = 100;

/// Seconds to wait after attempt `n` (1-based) failed: 1 min, 5 min,
/// 30 min, 2 h, 12 h.
pub fn backoff(attempt: i64) -> i64 {
    match attempt {
        ..=1 => 60,
        2 => 300,
        3 => 1_800,
        4 => 7_200,
        _ => 43_200,
    }
}

/// What a sender is handed.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The outbox row.
    pub row: OutboxRow,
    /// The message it answers, for replies.
    pub parent: Option<InteractionRow>,
    /// The handle of the parent's author on its channel.
    pub parent_handle: Option<String>,
    /// The one-click unsubscribe link (mail the rules send; RFC 8058).
    pub unsubscribe: Option<String>,
}

/// Why a sender could not send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the network, a timeout, 429, 5xx.
    #[error("{0}")]
    Transient(String),
    /// Trying again will not help: a refused credential, a deleted
    /// parent, a message the platform will not take.
    #[error("{0}")]
    Permanent(String),
}

/// What the platform answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The platform's id for the message.
    pub external_id: String,
    /// Where it can be seen.
    pub url: Option<String>,
}

/// A connected channel: sends one message as the platform documents it.
pub trait Deliver: Send + Sync {
    /// The channel it sends on (`mastodon`, `email`, ...).
    fn channel(&self) -> &str;
    /// Whether the platform recognises a repeated idempotency key, so a
    /// message whose sender died mid-send can be sent again safely.
    fn idempotent(&self) -> bool;
    /// Sends it.
    fn send(&self, message: &Outgoing) -> Result<Delivered, SendError>;
}

/// The connected channels.
#[derive(Clone, Default)]
pub struct Senders {
    by_channel: BTreeMap<String, Arc<dyn Deliver>>,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.by_channel.keys()).finish()
    }
}

impl Senders {
    /// No channel connected.
    pub fn none() -> Senders {
        Senders::default()
    }

    /// Adds (or replaces) the sender of its channel.
    pub fn with(mut self, sender: Arc<dyn Deliver>) -> Senders {
        self.by_channel.insert(sender.channel().to_string(), sender);
        self
    }

    /// The sender of `channel`, when connected.
    pub fn get(&self, channel: &str) -> Option<&Arc<dyn Deliver>> {
        self.by_channel.get(channel)
    }

    /// The connected channels' names, sorted.
    pub fn channels(&self) -> Vec<String> {
        self.by_channel.keys().cloned().collect()
    }
}

/// What one [`run`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunSummary {
    /// Messages the shop's rules queued in this run (feedback requests,
    /// reminders).
    pub queued: u64,
    /// Messages the platforms took.
    pub sent: u64,
    /// Messages that failed for now and wait for another attempt.
    pub retrying: u64,
    /// Messages given up.
    pub failed: u64,
    /// Messages whose sender died mid-send on a channel that cannot tell
    /// a repeat: a person decides.
    pub unsure: u64,
    /// Messages a rule stopped for good.
    pub cancelled: u64,
    /// Messages put off (quiet hours, the cap per person, no sender).
    pub waiting: u64,
}

/// Where a test may make the sending process die (`RAPPORT_FAULT`), to
/// prove a crash at that point sends nothing twice.
fn fault(point: &str) {
    if std::env::var("RAPPORT_FAULT").is_ok_and(|f| f == point) {
        eprintln!("RAPPORT_FAULT={point}: stopping here");
        std::process::abort();
    }
}

/// What the shop's rules need besides the store: its outreach settings,
/// its name and where its unsubscribe page is.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The profile's outreach settings.
    pub outreach: &'a Outreach,
    /// The shop's name, for the templates.
    pub shop: &'a str,
    /// The server's address as recipients reach it (`--public-url`).
    pub public_url: &'a str,
    /// Whether mail can be sent (a relay is connected): the rules queue
    /// nothing otherwise.
    pub mail: bool,
    /// The shop's answer targets, for what the digest counts as overdue.
    pub targets: rapport_core::priority::Targets,
    /// The shop's time zone: the recipients' clock for quiet hours and the
    /// digest hour unless `outreach.utc_offset_minutes` fixes one.
    pub zone: rapport_core::zone::Zone,
}

/// The outbox key of the message the rules send first for `order`.
pub fn feedback_key(order: &str) -> String {
    format!("feedback:{order}")
}

const DAY: i64 = 86_400;

/// Orders looked at per planning round.
const PLAN_ROUND: u64 = 1_000;

/// Queues what the rules ask for at `now`: a feedback request for each
/// paid order `feedback_after_days` old (and not older than
/// `max_order_age_days`), and one reminder `reminder_after_days` after
/// each request sent. Whether each may go, and when, is decided when it
/// is due ([`run`]). Returns how many were queued.
pub fn plan(store: &dyn Store, rules: &Rules<'_>, now: i64) -> Result<u64, EngineError> {
    let o = rules.outreach;
    if !rules.mail {
        // Nothing is queued while no mail can leave: connecting a relay
        // later must not send weeks-old requests.
        return Ok(0);
    }
    let mut messages = Vec::new();
    if o.feedback_after_days > 0 {
        let to = now - i64::from(o.feedback_after_days) * DAY;
        let from = now - i64::from(o.max_order_age_days.max(o.feedback_after_days)) * DAY;
        for c in store.feedback_candidates(from, to, PLAN_ROUND)? {
            let Some(email) = c.order.email.clone() else {
                continue;
            };
            let language = c
                .language
                .clone()
                .unwrap_or_else(|| o.default_language.clone());
            let Some(t) = o.template(false, &language) else {
                continue;
            };
            let name = given_name(c.name.as_deref(), &email);
            let product = c
                .order
                .items
                .first()
                .map(|i| i.title.clone())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| c.order.order_id.clone());
            let link = unsubscribe_link(store, rules.public_url, &email)?;
            let values = [
                ("name", name.as_str()),
                ("shop", rules.shop),
                ("order", c.order.order_id.as_str()),
                ("product", product.as_str()),
                ("unsubscribe", link.as_str()),
            ];
            messages.push(NewMessage {
                key: feedback_key(&c.order.order_id),
                kind: MessageKind::Feedback,
                channel: "email".into(),
                person: c.order.person,
                order_id: Some(c.order.order_id.clone()),
                recipient: email,
                subject: Some(fill(&t.subject, &values)),
                body: fill(&t.body, &values),
                language: Some(language),
                due_at: c.order.at + i64::from(o.feedback_after_days) * DAY,
                at: now,
            });
        }
    }
    if o.reminder_after_days > 0 {
        let wait = i64::from(o.reminder_after_days) * DAY;
        for c in store.reminder_candidates(now - wait, PLAN_ROUND)? {
            let f = c.request;
            let (Some(order), Some(email), Some(sent)) =
                (f.order_id.clone(), f.recipient.clone(), f.sent_at)
            else {
                continue;
            };
            let language = f
                .language
                .clone()
                .unwrap_or_else(|| o.default_language.clone());
            let Some(t) = o.template(true, &language) else {
                continue;
            };
            let name = given_name(c.name.as_deref(), &email);
            let product = c
                .product
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| order.clone());
            let link = unsubscribe_link(store, rules.public_url, &email)?;
            let values = [
                ("name", name.as_str()),
                ("shop", rules.shop),
                ("order", order.as_str()),
                ("product", product.as_str()),
                ("unsubscribe", link.as_str()),
            ];
            messages.push(NewMessage {
                key: format!("reminder:{order}"),
                kind: MessageKind::Reminder,
                channel: "email".into(),
                person: f.person,
                order_id: Some(order.clone()),
                recipient: email,
                subject: Some(fill(&t.subject, &values)),
                body: fill(&t.body, &values),
                language: Some(language),
                due_at: sent + wait,
                at: now,
            });
        }
    }
    messages.extend(digests(store, rules, now)?);
    if messages.is_empty() {
        return Ok(0);
    }
    Ok(store.queue_messages(&messages)?)
}

/// Alerts listed in a digest.
const DIGEST_ITEMS: u64 = 20;

/// The day's digest for each of `digest_to` and each user who asked for
/// it (Settings, "daily mail"), once their day has reached `digest_hour`,
/// when something is overdue: what is overdue at the shop, and for a user
/// the messages assigned to them past their answer target (one per
/// address and day: the key is `digest:ADDRESS:DAY`). Each is written in
/// its recipient's language: the one a user chose for the dashboard,
/// else English.
fn digests(store: &dyn Store, rules: &Rules<'_>, now: i64) -> Result<Vec<NewMessage>, EngineError> {
    let o = rules.outreach;
    let users = store.users()?;
    let language_of = |address: &str| {
        users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(address))
            .and_then(|u| u.language.as_deref())
            .and_then(Lang::parse)
            .unwrap_or_default()
    };
    let mut to: Vec<(String, bool)> = o.digest_to.iter().map(|a| (a.clone(), false)).collect();
    for u in &users {
        if u.digest && !to.iter().any(|(a, _)| a.eq_ignore_ascii_case(&u.email)) {
            to.push((u.email.clone(), true));
        }
    }
    if to.is_empty() {
        return Ok(Vec::new());
    }
    let local = now + o.offset_at(rules.zone, now);
    let (day, hour) = (local.div_euclid(DAY), local.rem_euclid(DAY) / 3600);
    if hour < i64::from(o.digest_hour) {
        return Ok(Vec::new());
    }
    let as_of = store.score_state()?.map_or(0, |s| s.as_of);
    let at = now.max(as_of);
    let filter = crate::views::alerts::AlertFilter {
        due_only: true,
        targets: rules.targets,
        ..Default::default()
    };
    let due = crate::views::alerts::page(store, at, as_of, filter, 0, DIGEST_ITEMS)?;
    let mut out = Vec::new();
    for (address, user) in to {
        // A user's own: what is assigned to them and past its target.
        let mine = if user {
            let wanted = crate::views::inbox::Wanted {
                filter: rapport_store::views::QueueFilter {
                    assigned: Some(address.clone()),
                    past_target: Some((rules.targets.secs(true), rules.targets.secs(false))),
                    ..Default::default()
                },
                limit: DIGEST_ITEMS,
                ..Default::default()
            };
            crate::views::inbox::page(store, at, &wanted, rules.targets)?
        } else {
            crate::views::inbox::InboxPage {
                items: Vec::new(),
                total: 0,
                limit: 0,
                offset: 0,
                stock_groups: Vec::new(),
            }
        };
        if due.overdue == 0 && mine.total == 0 {
            continue;
        }
        let tr = Tr::new(language_of(&address));
        out.push(NewMessage {
            key: format!("digest:{}:{day}", address.to_lowercase()),
            kind: MessageKind::Digest,
            channel: "email".into(),
            person: None,
            order_id: None,
            recipient: address.clone(),
            subject: Some(tr.count_with(
                "digest-subject",
                due.overdue + mine.total,
                &[("shop", &rules.shop)],
            )),
            body: digest_body(&tr, rules, &due, &mine),
            language: Some(tr.lang.code().to_string()),
            due_at: now,
            at: now,
        });
    }
    Ok(out)
}

/// A digest's words in `tr`'s language: first what is assigned to its
/// reader and past its target (`mine`), then what is overdue at the shop,
/// then the link to the whole list.
fn digest_body(
    tr: &Tr,
    rules: &Rules<'_>,
    due: &crate::views::alerts::AlertPage,
    mine: &crate::views::inbox::InboxPage,
) -> String {
    let mut body = String::new();
    if mine.total > 0 {
        body.push_str(&tr.count("digest-mine", mine.total));
        body.push_str("\n\n");
        for i in &mine.items {
            let target = i
                .reasons
                .iter()
                .find(|r| matches!(r, Said::WaitingPast { .. } | Said::WaitingLeft { .. }));
            let waiting = target.map_or_else(|| tr.t("digest-past-target"), |s| tr.said(s));
            body.push_str(&tr.args(
                "digest-mine-line",
                &[
                    ("name", &i.person.name),
                    ("channel", &i.channel),
                    ("waiting", &waiting),
                ],
            ));
            body.push('\n');
        }
        body.push('\n');
    }
    body.push_str(&tr.count_with("digest-overdue", due.overdue, &[("shop", &rules.shop)]));
    body.push_str("\n\n");
    for a in &due.items {
        body.push_str(&tr.args(
            "digest-alert-line",
            &[
                ("kind", &tr.word("alert", a.kind.as_str())),
                ("name", &a.person.name),
                ("reason", &tr.said(&a.reason)),
            ],
        ));
        body.push('\n');
    }
    let listed = due.items.len() as u64;
    if due.overdue > listed {
        body.push_str(&tr.count("digest-more", due.overdue - listed));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&tr.t1(
        "digest-whole-list",
        "url",
        format!("{}/alerts", rules.public_url.trim_end_matches('/')),
    ));
    body.push('\n');
    body
}

/// The name to greet the owner of `email` by: the person's name when it
/// is one (not the address or its local part, which people made from
/// orders are named by), else [`local_name`].
fn given_name(name: Option<&str>, email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    match name.map(str::trim) {
        Some(n) if !n.is_empty() && !n.contains('@') && !n.eq_ignore_ascii_case(local) => {
            n.to_string()
        }
        _ => local_name(email),
    }
}

/// `Anna` for `anna.berger@example.com`.
fn local_name(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let first = local
        .split(['.', '_', '-', '+'])
        .next()
        .unwrap_or(local)
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => local.to_string(),
    }
}

/// The one-click unsubscribe link for `address`.
pub fn unsubscribe_link(
    store: &dyn Store,
    public_url: &str,
    address: &str,
) -> Result<String, EngineError> {
    let token = store.unsubscribe_token(address)?;
    Ok(format!(
        "{}/unsubscribe?a={}&t={token}",
        public_url.trim_end_matches('/'),
        encode(&address.to_lowercase())
    ))
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the courtesy rules let `row` go at `now`; the settlement
/// when they do not.
fn courtesy(
    store: &dyn Store,
    rules: &Rules<'_>,
    row: &OutboxRow,
    now: i64,
) -> Result<Option<Settle>, EngineError> {
    // Replies answer the person; digests go to the team.
    if matches!(row.kind, MessageKind::Reply | MessageKind::Digest) {
        return Ok(None);
    }
    let o = rules.outreach;
    let since = row.due_at - i64::from(o.reminder_after_days) * DAY;
    let c = store.courtesy(row.person, row.recipient.as_deref(), since)?;
    if c.unsubscribed {
        return Ok(Some(Settle::Cancelled {
            reason: Said::RecipientUnsubscribed,
        }));
    }
    if row.kind == MessageKind::Reminder && c.wrote_since {
        return Ok(Some(Settle::Cancelled {
            reason: Said::WroteSinceRequest,
        }));
    }
    if let Some(last) = c.last_sent {
        let free = last + i64::from(o.cap_days) * DAY;
        if free > now {
            return Ok(Some(Settle::Later {
                reason: Said::CapPerPerson {
                    days: i64::from(o.cap_days),
                },
                at: free,
            }));
        }
    }
    if c.open_complaint {
        return Ok(Some(Settle::Later {
            reason: Said::ComplaintOpen,
            at: now + 6 * 3600,
        }));
    }
    if let Some(end) = o.quiet(now, rules.zone) {
        return Ok(Some(Settle::Later {
            reason: Said::QuietHours {
                from: o.quiet_from,
                until: o.quiet_until,
            },
            at: end,
        }));
    }
    Ok(None)
}

/// Sends every message due at `now` through `senders`, once each.
pub fn run(
    store: &dyn Store,
    senders: &Senders,
    rules: &Rules<'_>,
    now: i64,
) -> Result<RunSummary, EngineError> {
    let mut summary = RunSummary {
        queued: plan(store, rules, now)?,
        ..RunSummary::default()
    };
    for row in store.outbox_stale(now - STALE_AFTER)? {
        let again = senders.get(&row.channel).is_some_and(|s| s.idempotent());
        let outcome = if again {
            Settle::Later {
                reason: Said::SentAgain,
                at: now,
            }
        } else {
            summary.unsure += 1;
            Settle::Unsure {
                reason: Said::MayHaveLeft,
            }
        };
        store.outbox_settle(row.id, &outcome, now)?;
    }
    let mut seen = std::collections::HashSet::new();
    loop {
        let due: Vec<OutboxRow> = store
            .outbox_due(now, ROUND)?
            .into_iter()
            .filter(|r| seen.insert(r.id))
            .collect();
        if due.is_empty() {
            break;
        }
        for row in due {
            if let Some(outcome) = courtesy(store, rules, &row, now)? {
                match outcome {
                    Settle::Cancelled { .. } => summary.cancelled += 1,
                    _ => summary.waiting += 1,
                }
                store.outbox_settle(row.id, &outcome, now)?;
                continue;
            }
            send_one(store, senders, rules, row, now, &mut summary)?;
        }
    }
    Ok(summary)
}

fn send_one(
    store: &dyn Store,
    senders: &Senders,
    rules: &Rules<'_>,
    row: OutboxRow,
    now: i64,
    summary: &mut RunSummary,
) -> Result<(), EngineError> {
    let Some(sender) = senders.get(&row.channel) else {
        summary.waiting += 1;
        store.outbox_settle(
            row.id,
            &Settle::Later {
                reason: Said::NoSender {
                    channel: row.channel.clone(),
                },
                at: now + 3_600,
            },
            now,
        )?;
        return Ok(());
    };
    let (parent, parent_handle) = match row.parent {
        Some(id) => {
            let parent = store.interaction(id)?;
            let handle = match &parent {
                Some(p) => handle_of(store, p)?,
                None => None,
            };
            (parent, handle)
        }
        None => (None, None),
    };
    if row.parent.is_some() && parent.is_none() {
        summary.cancelled += 1;
        store.outbox_settle(
            row.id,
            &Settle::Cancelled {
                reason: Said::ParentErased,
            },
            now,
        )?;
        return Ok(());
    }
    if !store.outbox_claim(row.id, now)? {
        return Ok(());
    }
    fault("outbox-claimed");
    let attempts = row.attempts + 1;
    let unsubscribe = match (&row.kind, &row.recipient) {
        (MessageKind::Reply | MessageKind::Digest, _) | (_, None) => None,
        (_, Some(to)) => Some(unsubscribe_link(store, rules.public_url, to)?),
    };
    let message = Outgoing {
        row,
        parent,
        parent_handle,
        unsubscribe,
    };
    let outcome = match sender.send(&message) {
        Ok(d) => {
            summary.sent += 1;
            Settle::Sent {
                external_id: d.external_id,
                url: d.url,
            }
        }
        Err(SendError::Transient(e)) if attempts < MAX_ATTEMPTS => {
            summary.retrying += 1;
            Settle::Retry {
                error: e,
                at: now + backoff(attempts),
            }
        }
        Err(SendError::Transient(e) | SendError::Permanent(e)) => {
            summary.failed += 1;
            Settle::Failed { error: e }
        }
    };
    fault("outbox-sent");
    tracing::info!(target: "engine::outbox", id = message.row.id, channel = %message.row.channel,
        outcome = ?std::mem::discriminant(&outcome), "outbox message settled");
    store.outbox_settle(message.row.id, &outcome, now)?;
    Ok(())
}

/// The handle of `m`'s author on its channel.
pub fn handle_of(store: &dyn Store, m: &InteractionRow) -> Result<Option<String>, EngineError> {
    Ok(store.person_rows(m.person)?.and_then(|rows| {
        rows.person
            .identities
            .into_iter()
            .find(|i| i.id == m.identity)
            .map(|i| i.handle)
    }))
}

/// A fresh idempotency key: 128 random bits in hex.
pub fn fresh_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let mut out = String::with_capacity(32);
    for salt in 0..2u8 {
        let mut h = state.build_hasher();
        h.write_u8(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Checks a caller's idempotency key: 1 to 128 visible ASCII characters.
pub fn checked_key(key: &str) -> Result<String, EngineError> {
    let key = key.trim();
    if key.is_empty() || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(EngineError::bad(
            "the idempotency key must be 1 to 128 visible ASCII characters",
        ));
    }
    Ok(key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_and_look_alike() {
        let (a, b) = (fresh_key(), fresh_key());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn backoff_grows_and_stops_growing() {
        let waits: Vec<i64> = (1..=7).map(backoff).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(waits[5], waits[6]);
    }

    #[test]
    fn a_key_with_spaces_inside_or_too_long_is_refused() {
        assert!(checked_key("a b").is_err());
        assert!(checked_key(&"k".repeat(129)).is_err());
        assert_eq!(checked_key(" ok-1 ").ok().as_deref(), Some("ok-1"));
    }
}
