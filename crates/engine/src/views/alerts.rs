//! Alerts and follow-up tasks for humans (`rapport tasks`,
//! `GET /api/alerts`, the dashboard's Alerts page).
//!
//! Four things need a person's attention:
//!
//! - **unanswered**: a question or complaint waiting for an answer, due
//!   at its answer target ([`rapport_core::priority::target`]).
//! - **new_detractor**: someone whose `detractor` label appeared in the
//!   last [`NEW_DAYS`] days (the replay kept with their verdict says
//!   when).
//! - **fan_slipping**: a fan who fell below `fan` in the last
//!   [`NEW_DAYS`] days, or who will within [`AHEAD_DAYS`] days when
//!   their comments leave the ladder's window and nothing new comes.
//! - **influencer_mismatch**: a large audience that follows the person for
//!   something other than the shop's topics.
//!
//! Each alert has a `due_at` (the target for unanswered words and for a
//! fan about to slip, the moment it arose for the rest) and is overdue
//! once that passed. The list is ordered overdue first, then by severity,
//! then by due time; the unanswered ones are read from the inbox queue in
//! that order, a page at a time, so a page costs what it shows. Every
//! alert carries its cause as data ([`Cause`]) and as one sentence.

use crate::EngineError;
use rapport_core::ladder::{self, Label, Stage, MISALIGNED_BELOW};
use rapport_core::Said;
use rapport_core::{priority, InteractionId, PersonId, Timestamp};
use rapport_store::moments::{Decision, MomentKind, MomentRow};
use rapport_store::views::{AlertSlot, Watch, WatchRow, Watched};
use rapport_store::Store;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::HashMap;

/// How recent a new detractor or a fallen fan must be to alert, in days
/// before the verdicts' moment.
pub const NEW_DAYS: i64 = 30;
/// How far ahead a fan's coming slip is announced, in days.
pub const AHEAD_DAYS: i64 = 14;

const DAY: i64 = 86_400;

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A question or complaint waiting for an answer.
    Unanswered,
    /// The `detractor` label appeared.
    NewDetractor,
    /// A fan fell, or is about to fall, below `fan`.
    FanSlipping,
    /// An influencer whose audience is about something else.
    InfluencerMismatch,
    /// A question that names something the person bought.
    BoughtQuestion,
    /// A second complaint within 30 days.
    RepeatComplaint,
    /// A detractor writing where others read it.
    DetractorPublic,
    /// An influencer who suits the shop mentioning or sharing it.
    InfluencerMention,
    /// The day after the shop answered a question or complaint.
    FollowUp,
}

impl AlertKind {
    /// Every kind.
    pub const ALL: [AlertKind; 9] = [
        AlertKind::Unanswered,
        AlertKind::NewDetractor,
        AlertKind::FanSlipping,
        AlertKind::InfluencerMismatch,
        AlertKind::BoughtQuestion,
        AlertKind::RepeatComplaint,
        AlertKind::DetractorPublic,
        AlertKind::InfluencerMention,
        AlertKind::FollowUp,
    ];

    /// The name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Unanswered => "unanswered",
            AlertKind::NewDetractor => "new_detractor",
            AlertKind::FanSlipping => "fan_slipping",
            AlertKind::InfluencerMismatch => "influencer_mismatch",
            AlertKind::BoughtQuestion => "bought_question",
            AlertKind::RepeatComplaint => "repeat_complaint",
            AlertKind::DetractorPublic => "detractor_public",
            AlertKind::InfluencerMention => "influencer_mention",
            AlertKind::FollowUp => "follow_up",
        }
    }

    /// The alert a stored moment raises, and how much it matters.
    fn of_moment(kind: MomentKind) -> (AlertKind, Severity) {
        match kind {
            MomentKind::BoughtQuestion => (AlertKind::BoughtQuestion, Severity::High),
            MomentKind::RepeatComplaint => (AlertKind::RepeatComplaint, Severity::High),
            MomentKind::DetractorPublic => (AlertKind::DetractorPublic, Severity::High),
            MomentKind::InfluencerMention => (AlertKind::InfluencerMention, Severity::Medium),
            MomentKind::FollowUp => (AlertKind::FollowUp, Severity::Medium),
        }
    }

    /// The kind a name stands for.
    pub fn parse(raw: &str) -> Result<AlertKind, EngineError> {
        AlertKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| {
                EngineError::bad(format!(
                    "kind {raw:?}: expected one of unanswered, new_detractor, fan_slipping, influencer_mismatch, bought_question, repeat_complaint, detractor_public, influencer_mention, follow_up"
                ))
            })
    }
}

/// How much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Today.
    Medium,
    /// Now.
    High,
}

impl Severity {
    /// The name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// The person an alert is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertPerson {
    /// Person id.
    pub id: PersonId,
    /// Name.
    pub name: String,
    /// Their rung now.
    pub stage: Stage,
    /// Their labels now.
    pub labels: Vec<Label>,
}

/// Why an alert was raised, as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// Words waiting for an answer.
    Unanswered {
        /// A complaint (else a question).
        complaint: bool,
        /// The label that earns the author the one-hour target.
        vip: Option<Label>,
        /// Where it was said.
        channel: String,
        /// The answer target, in minutes.
        target_minutes: i64,
    },
    /// The detractor label appeared.
    NewDetractor {
        /// Complaints counted.
        complaints: usize,
        /// Words of praise counted.
        praise: usize,
    },
    /// A fan will fall below fan unless something new comes.
    FanFalling {
        /// Their latest activity.
        quiet_since: Timestamp,
        /// The stage they will be at.
        to: Stage,
    },
    /// A fan fell below fan.
    FanFell {
        /// The stage they are at now.
        now: Stage,
    },
    /// An influencer whose audience follows them for something else.
    InfluencerMismatch {
        /// Their followers.
        followers: u64,
        /// What they talk about instead.
        elsewhere: Vec<String>,
        /// Their alignment with the shop's topics and values.
        alignment: f64,
    },
    /// A moment found in what they wrote (or, for a follow-up, in the
    /// shop's answer to them).
    Moment {
        /// The message's words.
        said: String,
        /// Where.
        channel: String,
        /// What was found: the product asked about, if any.
        detail: String,
    },
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// How much it matters.
    pub severity: Severity,
    /// Who.
    pub person: AlertPerson,
    /// The interaction it is about, if one.
    pub interaction: Option<InteractionId>,
    /// Since when it is true.
    pub since: Timestamp,
    /// When it should be dealt with by.
    pub due_at: Timestamp,
    /// `due_at` has passed.
    pub overdue: bool,
    /// Why, in one sentence.
    #[serde(serialize_with = "rapport_core::said::english")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub reason: Said,
    /// Why, as data.
    pub cause: Cause,
    /// The moment's id, for marking it done (moments only).
    pub moment: Option<i64>,
    /// The alert's key, for deciding about it (`POST
    /// /api/alerts/{key}/done|snooze|dismiss`): `unanswered:ID`,
    /// `moment:ID`, or `detractor:PERSON`, `falling:PERSON`, `fell:PERSON`,
    /// `mismatch:PERSON` for the ladder's.
    pub key: String,
}

/// Filters and paging for alerts.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AlertsQuery {
    /// Only alerts whose `due_at` has passed.
    pub due: Option<bool>,
    /// Only this kind.
    pub kind: Option<String>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// Default page size of alerts.
pub const DEFAULT_LIMIT: u64 = 100;
/// Largest page size of alerts.
pub const MAX_LIMIT: u64 = 1000;

/// Which alerts a list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlertFilter {
    /// Only overdue ones.
    pub due_only: bool,
    /// Only this kind.
    pub kind: Option<AlertKind>,
    /// Leave the moments out (the comparison with the former whole-database
    /// computation, which had none).
    pub without_moments: bool,
    /// The shop's answer targets (the profile's).
    pub targets: priority::Targets,
}

impl AlertsQuery {
    /// The query checked.
    pub fn parse(&self) -> Result<(AlertFilter, u64, u64), EngineError> {
        Ok((
            AlertFilter {
                without_moments: false,
                targets: priority::Targets::default(),
                due_only: self.due == Some(true),
                kind: self
                    .kind
                    .as_deref()
                    .filter(|k| !k.is_empty())
                    .map(AlertKind::parse)
                    .transpose()?,
            },
            self.offset.unwrap_or(0),
            self.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT),
        ))
    }
}

/// A page of alerts with the counts of all that match.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertPage {
    /// One page of the alerts matching the filters.
    pub items: Vec<Alert>,
    /// How many match the filters in all.
    pub total: u64,
    /// How many of those are overdue.
    pub overdue: u64,
    /// The page size used.
    pub limit: u64,
    /// The offset used.
    pub offset: u64,
}

/// `45 min`, `5 h`, `3 days` ([`priority::span`]).
pub use priority::span;

/// The order of alerts: overdue first, then by severity, then the
/// earliest due, then by person, kind and message.
type Key = (bool, Reverse<Severity>, i64, PersonId, AlertKind, i64);

fn person_of(w: &WatchRow) -> AlertPerson {
    AlertPerson {
        id: w.brief.id,
        name: w.brief.name.clone(),
        stage: w.brief.assessment.stage,
        labels: w.brief.assessment.labels.clone(),
    }
}

/// A watched kind's name in alert keys and stored decisions.
pub fn watched_name(kind: Watched) -> &'static str {
    match kind {
        Watched::Detractor => "detractor",
        Watched::Falling => "falling",
        Watched::Fell => "fell",
        Watched::Mismatch => "mismatch",
    }
}

/// The watched kind of a name from [`watched_name`].
pub fn watched_of(name: &str) -> Option<Watched> {
    Watched::ALL.into_iter().find(|k| watched_name(*k) == name)
}

/// What a ladder alert was raised for, as a decision about it keeps it:
/// when this changes (a new fall, other interests), the alert is raised
/// again.
pub fn cause_of(a: &Alert) -> String {
    match &a.cause {
        Cause::InfluencerMismatch {
            elsewhere,
            alignment,
            ..
        } => format!("{}|{:.2}", elsewhere.join(","), alignment),
        _ => format!("{}|{}", a.since.0, a.due_at.0),
    }
}

/// The ladder alerts silenced now by a decision made on the same cause:
/// done or dismissed, or snoozed until later.
fn silenced(
    store: &dyn Store,
    now: i64,
    as_of: i64,
) -> Result<HashMap<(Watched, PersonId), bool>, EngineError> {
    let decisions = store.alert_decisions()?;
    if decisions.is_empty() {
        return Ok(HashMap::new());
    }
    let mut persons: Vec<PersonId> = decisions.iter().map(|d| d.person).collect();
    persons.sort();
    persons.dedup();
    let rows: HashMap<PersonId, WatchRow> = store
        .watched(&persons)?
        .into_iter()
        .map(|w| (w.brief.id, w))
        .collect();
    let mut out = HashMap::new();
    for d in decisions {
        let in_force = match d.decision {
            Decision::Snoozed(until) => until > now,
            Decision::Done | Decision::Dismissed => true,
        };
        let (Some(kind), Some(w)) = (watched_of(&d.kind), rows.get(&d.person)) else {
            continue;
        };
        if let Some(a) = ladder_alert(kind, w, now, as_of) {
            if in_force && cause_of(&a) == d.cause {
                out.insert((kind, d.person), a.overdue);
            }
        }
    }
    Ok(out)
}

/// What a watched kind raises: the alert's kind and severity.
fn raised(kind: Watched) -> (AlertKind, Severity) {
    match kind {
        Watched::Detractor => (AlertKind::NewDetractor, Severity::High),
        Watched::Falling | Watched::Fell => (AlertKind::FanSlipping, Severity::Medium),
        Watched::Mismatch => (AlertKind::InfluencerMismatch, Severity::Low),
    }
}

/// The alert a watched person of `kind` raises, if they still do.
pub fn ladder_alert(kind: Watched, w: &WatchRow, now: i64, as_of: i64) -> Option<Alert> {
    let recent = as_of - NEW_DAYS * DAY;
    let a = &w.brief.assessment;
    let (since, due, reason, cause) = match kind {
        Watched::Detractor => {
            let since = w.detractor_since.filter(|&t| t >= recent)?;
            let (complaints, praise) = (a.tally.complaints, a.tally.praise);
            (
                since,
                since,
                Said::BecameDetractor {
                    on: since,
                    why: Box::new(ladder::detractor_line(
                        complaints,
                        praise,
                        Some(a.tally.orders),
                    )),
                },
                Cause::NewDetractor { complaints, praise },
            )
        }
        Watched::Falling => {
            let horizon = as_of + AHEAD_DAYS * DAY;
            let t = w.falls_at.filter(|&t| t <= horizon)?;
            let to = w.falls_to.filter(|_| a.stage == Stage::Fan)?;
            let quiet = w.last_at.unwrap_or(as_of);
            (
                quiet,
                t,
                Said::FanFalling { quiet, to, on: t },
                Cause::FanFalling {
                    quiet_since: Timestamp(quiet),
                    to,
                },
            )
        }
        Watched::Fell => {
            let at = w
                .fell_at
                .filter(|&t| t >= recent && a.stage != Stage::Fan)?;
            (
                at,
                at,
                Said::FanFell {
                    until: at,
                    now: a.stage,
                    days: ladder::WINDOW_DAYS,
                },
                Cause::FanFell { now: a.stage },
            )
        }
        Watched::Mismatch => {
            let alignment = a.scores.alignment.unwrap_or(1.0);
            if !a.labels.contains(&Label::Influencer) || alignment >= MISALIGNED_BELOW {
                return None;
            }
            let since = w.first_at.unwrap_or(as_of);
            (
                since,
                since,
                Said::OtherInterests {
                    why: Box::new(ladder::mismatch_line(
                        a.tally.followers,
                        &a.tally.elsewhere,
                        alignment,
                    )),
                },
                Cause::InfluencerMismatch {
                    followers: a.tally.followers,
                    elsewhere: a.tally.elsewhere.clone(),
                    alignment,
                },
            )
        }
    };
    let key = format!("{}:{}", watched_name(kind), w.brief.id);
    let (kind, severity) = raised(kind);
    Some(Alert {
        key,
        kind,
        severity,
        person: person_of(w),
        interaction: None,
        since: Timestamp(since),
        due_at: Timestamp(due),
        overdue: due <= now,
        reason,
        cause,
        moment: None,
    })
}

/// The groups of unanswered words: (base, VIP) with their severity.
const GROUPS: [(i64, bool); 4] = [
    (priority::COMPLAINT, true),
    (priority::COMPLAINT, false),
    (priority::QUESTION, true),
    (priority::QUESTION, false),
];

fn severity(base: i64, vip: bool) -> Severity {
    if base == priority::COMPLAINT || vip {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// One page of the alerts at `now` (`as_of`: the verdicts' moment),
/// leaving out the messages the team closed.
pub fn page(
    store: &dyn Store,
    now: i64,
    as_of: i64,
    filter: AlertFilter,
    offset: u64,
    limit: u64,
) -> Result<AlertPage, EngineError> {
    let wants = |k: AlertKind| filter.kind.is_none_or(|f| f == k);
    let need = offset.saturating_add(limit);
    let mut total = 0;
    let mut overdue = 0;
    // Every stream (a watched kind of person, or a group of unanswered
    // words) is counted, and read a page deep in the order of the list:
    // those overdue, then the rest, each by due time.
    let split = |cut: i64| {
        let mut ranges = vec![(i64::MIN, cut, true)];
        if !filter.due_only {
            ranges.push((cut.saturating_add(1), i64::MAX, false));
        }
        ranges.into_iter().filter(|_| need > 0)
    };
    let watch = Watch {
        recent: as_of - NEW_DAYS * DAY,
        horizon: as_of + AHEAD_DAYS * DAY,
        misaligned: MISALIGNED_BELOW,
        as_of,
    };
    let mut people: Vec<(Key, Watched)> = Vec::new();
    if filter.kind != Some(AlertKind::Unanswered) {
        let quiet = silenced(store, now, as_of)?;
        for c in store.watch_counts(&watch, now, filter.due_only)? {
            let (kind, severity) = raised(c.kind);
            if !wants(kind) {
                continue;
            }
            // Those a decision silences are neither counted nor listed.
            let hushed: Vec<bool> = quiet
                .iter()
                .filter(|((k, _), _)| *k == c.kind)
                .map(|(_, due)| *due)
                .collect();
            let hushed_due = hushed.iter().filter(|d| **d).count() as u64;
            let hushed_all = if filter.due_only {
                hushed_due
            } else {
                hushed.len() as u64
            };
            total += (if filter.due_only { c.due } else { c.total }).saturating_sub(hushed_all);
            overdue += c.due.saturating_sub(hushed_due);
            let deeper = need.saturating_add(hushed.len() as u64);
            for (lo, hi, over) in split(now) {
                for (person, due) in store.watch_ids(&watch, c.kind, lo, hi, deeper)? {
                    if quiet.contains_key(&(c.kind, person)) {
                        continue;
                    }
                    people.push(((!over, Reverse(severity), due, person, kind, 0), c.kind));
                }
            }
        }
    }
    // The unanswered, from the inbox queue.
    let mut slots: Vec<(Key, AlertSlot)> = Vec::new();
    if wants(AlertKind::Unanswered) {
        let targets = filter.targets;
        let groups = store.alert_groups(now, priority::QUESTION, targets)?;
        for (base, vip) in GROUPS {
            let Some(g) = groups.iter().find(|g| g.base == base && g.vip == vip) else {
                continue;
            };
            total += if filter.due_only { g.due } else { g.open };
            overdue += g.due;
            let target = targets.secs(vip);
            for (lo, hi, over) in split(now - target) {
                for s in store.alert_slots(now, base, vip, lo, hi, need)? {
                    let k = (
                        !over,
                        Reverse(severity(base, vip)),
                        s.at + target,
                        s.person,
                        AlertKind::Unanswered,
                        s.id.0,
                    );
                    slots.push((k, s));
                }
            }
        }
    }
    // The moments found in what was stored.
    let mut found: Vec<(Key, MomentRow)> = Vec::new();
    if !filter.without_moments {
        for c in store.moment_counts(now)? {
            let (kind, severity) = AlertKind::of_moment(c.kind);
            if !wants(kind) {
                continue;
            }
            total += if filter.due_only { c.due } else { c.open };
            overdue += c.due;
            for (lo, hi, over) in split(now) {
                for m in store.moment_page(now, c.kind, lo, hi, need)? {
                    found.push((
                        (!over, Reverse(severity), m.due_at, m.person, kind, m.id),
                        m,
                    ));
                }
            }
        }
    }
    // Merge: every candidate for the first `offset + limit` places.
    enum Entry {
        Person(Watched, PersonId),
        Slot(AlertSlot),
        Moment(MomentRow),
    }
    let mut all: Vec<(Key, Entry)> = people
        .into_iter()
        .map(|(k, kind)| (k, Entry::Person(kind, k.3)))
        .chain(slots.into_iter().map(|(k, s)| (k, Entry::Slot(s))))
        .chain(found.into_iter().map(|(k, m)| (k, Entry::Moment(m))))
        .collect();
    all.sort_by_key(|a| a.0);
    let page: Vec<Entry> = all
        .into_iter()
        .skip(offset.min(usize::MAX as u64) as usize)
        .take(limit.min(usize::MAX as u64) as usize)
        .map(|(_, e)| e)
        .collect();
    let mut ids = Vec::new();
    let mut persons = Vec::new();
    for e in &page {
        match e {
            Entry::Slot(s) => ids.push(s.id),
            Entry::Person(_, p) => persons.push(*p),
            Entry::Moment(m) => persons.push(m.person),
        }
    }
    persons.sort();
    persons.dedup();
    let rows: HashMap<PersonId, WatchRow> = store
        .watched(&persons)?
        .into_iter()
        .map(|w| (w.brief.id, w))
        .collect();
    let mut items = store.queue_items(&ids)?.into_iter();
    let mut out = Vec::with_capacity(page.len());
    for e in page {
        match e {
            Entry::Person(kind, p) => {
                if let Some(a) = rows.get(&p).and_then(|w| ladder_alert(kind, w, now, as_of)) {
                    out.push(a);
                }
            }
            Entry::Slot(_) => {
                if let Some(q) = items.next() {
                    out.push(unanswered(q, now, filter.targets));
                }
            }
            Entry::Moment(m) => {
                let said = store.interaction(m.interaction)?;
                if let (Some(w), Some(said)) = (rows.get(&m.person), said) {
                    out.push(moment(m, w, &said, now));
                }
            }
        }
    }
    Ok(AlertPage {
        items: out,
        total,
        overdue,
        limit,
        offset,
    })
}

/// The alert of a moment at `now`.
fn moment(m: MomentRow, w: &WatchRow, said: &rapport_store::InteractionRow, now: i64) -> Alert {
    let (kind, severity) = AlertKind::of_moment(m.kind);
    let channel = said.channel.clone();
    let reason = match m.kind {
        MomentKind::BoughtQuestion => Said::BoughtQuestion {
            channel: channel.clone(),
            product: m.detail.clone(),
        },
        MomentKind::RepeatComplaint => Said::RepeatComplaint {
            channel: channel.clone(),
        },
        MomentKind::DetractorPublic => Said::DetractorPublic {
            channel: channel.clone(),
        },
        MomentKind::InfluencerMention => Said::InfluencerMention {
            channel: channel.clone(),
        },
        MomentKind::FollowUp => Said::FollowUp {
            channel: channel.clone(),
            ago: (now - m.at >= 2 * DAY).then_some(now - m.at),
        },
    };
    Alert {
        kind,
        severity,
        person: person_of(w),
        interaction: Some(m.interaction),
        since: Timestamp(m.at),
        due_at: Timestamp(m.due_at),
        overdue: m.due_at <= now,
        reason,
        cause: Cause::Moment {
            said: said.text.chars().take(280).collect(),
            channel,
            detail: m.detail,
        },
        moment: Some(m.id),
        key: format!("moment:{}", m.id),
    }
}

/// The alert of an unanswered question or complaint at `now`.
fn unanswered(q: rapport_store::views::QueueItem, now: i64, targets: priority::Targets) -> Alert {
    let i = &q.interaction;
    let complaint = q.base == priority::COMPLAINT;
    let vip = priority::fast_label(&q.labels, q.base).filter(|_| q.vip);
    let target = targets.secs(q.vip);
    let due = i.at + target;
    let reason = Said::Unanswered {
        complaint,
        vip,
        channel: i.channel.clone(),
        waiting: Box::new(priority::target_words(i.at, now, target)),
    };
    Alert {
        key: format!("unanswered:{}", i.id),
        kind: AlertKind::Unanswered,
        severity: severity(q.base, q.vip),
        person: AlertPerson {
            id: i.person,
            name: q.name.clone(),
            stage: q.stage,
            labels: q.labels.clone(),
        },
        interaction: Some(i.id),
        since: Timestamp(i.at),
        due_at: Timestamp(due),
        overdue: due <= now,
        reason,
        cause: Cause::Unanswered {
            complaint,
            vip,
            channel: i.channel.clone(),
            target_minutes: target / 60,
        },
        moment: None,
    }
}

/// How many open alerts are overdue at `now` (the badge on every page).
pub fn overdue(
    store: &dyn Store,
    now: i64,
    as_of: i64,
    targets: priority::Targets,
) -> Result<u64, EngineError> {
    Ok(page(
        store,
        now,
        as_of,
        AlertFilter {
            due_only: true,
            kind: None,
            without_moments: false,
            targets,
        },
        0,
        0,
    )?
    .overdue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_like_people_say_them() {
        assert_eq!(span(45 * 60), "45 min");
        assert_eq!(span(3600), "1 h");
        assert_eq!(span(5 * 3600), "5 h");
        assert_eq!(span(3 * DAY), "3 days");
    }
}
