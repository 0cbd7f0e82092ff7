//! Alerts and follow-up tasks for humans: `rapport tasks`,
//! `GET /api/alerts` and the dashboard's Alerts page.
//!
//! Four things need a person's attention:
//!
//! - **unanswered**: a question or complaint waiting for an answer. Its
//!   target is one hour for true fans, evangelists and influencers (the
//!   people a slow answer costs most) and for a detractor's complaint, and
//!   24 hours for everything else; it is a task from the moment it arrives
//!   and *due* once the target passes.
//! - **new_detractor**: someone whose `detractor` label appeared in the
//!   last [`NEW_DAYS`] days — found by replaying their history
//!   ([`rapport_core::replay`], the replay behind the stage history).
//! - **fan_slipping**: a fan who fell below `fan` in the last
//!   [`NEW_DAYS`] days, or who will within [`AHEAD_DAYS`] days when their
//!   comments leave the ladder's window and nothing new comes.
//! - **influencer_mismatch**: a large audience that follows the person for
//!   something other than the shop's topics.
//!
//! Each alert has a `due_at`: the target for unanswered words and for a
//! fan about to slip, the moment it arose for the rest. `overdue` is
//! judged at the `now` given; callers that keep alerts for a while judge
//! it again.

use super::Snapshot;
use rapport_core::ladder::{self, History, Label, Stage, MISALIGNED_BELOW};
use rapport_core::replay::{self, Step};
use rapport_core::{InteractionId, PersonId, Timestamp};
use serde::Serialize;
use std::collections::HashMap;

/// How recent a new detractor or a fallen fan must be to alert, in days
/// before the latest stored activity.
pub const NEW_DAYS: i64 = 30;
/// How far ahead a fan's coming slip is announced, in days.
pub const AHEAD_DAYS: i64 = 14;
/// Answer target for true fans, evangelists and influencers (and for a
/// detractor's complaint), in seconds.
pub const VIP_TARGET: i64 = 3_600;
/// Answer target for everyone else, in seconds.
pub const TARGET: i64 = 24 * 3_600;

const DAY: i64 = 86_400;

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
}

/// How much it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Today.
    Medium,
    /// Now.
    High,
}

/// The person an alert is about.
#[derive(Debug, Clone, Serialize)]
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

/// One alert.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    /// What it is about.
    pub kind: AlertKind,
    /// How much it matters.
    pub severity: Severity,
    /// Who.
    pub person: AlertPerson,
    /// The interaction it is about, if one.
    pub interaction: Option<InteractionId>,
    /// Since when it is true (RFC 3339).
    pub since: String,
    /// When it should be dealt with by (RFC 3339).
    pub due_at: String,
    /// `due_at` has passed.
    pub overdue: bool,
    /// Why, in one sentence.
    pub reason: String,
}

fn rfc(t: i64) -> String {
    Timestamp(t).to_rfc3339()
}

fn day(t: i64) -> String {
    rfc(t).chars().take(10).collect()
}

/// `45 min`, `5 h`, `3 days`.
fn span(secs: i64) -> String {
    let m = secs.max(0) / 60;
    match m {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / 1440),
    }
}

/// Every alert as of `now`, overdue first, then by severity, then the
/// longest waiting first.
pub fn alerts(snap: &Snapshot, now: i64) -> Vec<Alert> {
    let people: HashMap<PersonId, &rapport_store::PersonRow> =
        snap.people.iter().map(|p| (p.id, p)).collect();
    let who = |id: PersonId| -> Option<AlertPerson> {
        let p = people.get(&id)?;
        let a = snap.assessments.get(&id)?;
        Some(AlertPerson {
            id,
            name: p.name.clone(),
            stage: a.stage,
            labels: a.labels.clone(),
        })
    };
    let mut out: Vec<(i64, Alert)> = Vec::new();
    let mut push = |kind, severity, person, interaction, since: i64, due: i64, reason: String| {
        out.push((
            due,
            Alert {
                kind,
                severity,
                person,
                interaction,
                since: rfc(since),
                due_at: rfc(due),
                overdue: due <= now,
                reason,
            },
        ));
    };

    // Unanswered questions and complaints.
    for (i, answered) in snap.interactions.iter().zip(&snap.answered_at) {
        if i.from_brand || !i.kind.is_conversational() || answered.is_some() {
            continue;
        }
        // The same reading of the words the inbox ranks by.
        let (complaint, question) = (i.signals.complaint(), i.signals.question());
        if i.signals.generic() || !(complaint || question) {
            continue;
        }
        let Some(person) = who(i.person) else {
            continue;
        };
        let vip = person
            .labels
            .iter()
            .find(|l| matches!(l, Label::TrueFan | Label::Evangelist | Label::Influencer))
            .copied()
            .or_else(|| {
                (complaint && person.labels.contains(&Label::Detractor)).then_some(Label::Detractor)
            });
        let target = if vip.is_some() { VIP_TARGET } else { TARGET };
        let due = i.at + target;
        let what = if complaint { "Complaint" } else { "Question" };
        let from = vip.map_or(String::new(), |l| {
            let who = l.as_str().replace('_', " ");
            let a = if who.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!(" from {a} {who}")
        });
        let reason = format!(
            "{what}{from} on {}: {}.",
            i.channel,
            rapport_core::priority::target_words(i.at, now, target)
        );
        let severity = if complaint || vip.is_some() {
            Severity::High
        } else {
            Severity::Medium
        };
        push(
            AlertKind::Unanswered,
            severity,
            person,
            Some(i.id),
            i.at,
            due,
            reason,
        );
    }

    // The ladder over time: detractors, slipping fans, influencers.
    let recent = snap.as_of - NEW_DAYS * DAY;
    for (id, h) in snap.all_histories() {
        let Some(a) = snap.assessments.get(&id) else {
            continue;
        };
        let detractor = a.labels.contains(&Label::Detractor);
        let steps = replay::replay(&h, snap.as_of);
        if detractor {
            if let Some(since) = appeared(&steps, Label::Detractor).filter(|&t| t >= recent) {
                if let Some(person) = who(id) {
                    let why = a
                        .evidence_lines()
                        .into_iter()
                        .find(|e| e.contains("complaint"))
                        .unwrap_or_else(|| "more complaints than praise".to_string());
                    push(
                        AlertKind::NewDetractor,
                        Severity::High,
                        person,
                        None,
                        since,
                        since,
                        format!("Became a detractor on {}: {why}.", day(since)),
                    );
                }
            }
        }
        if let Some((since, due, reason)) = slipping(&h, &steps, a.stage, snap.as_of, recent) {
            if let Some(person) = who(id) {
                push(
                    AlertKind::FanSlipping,
                    Severity::Medium,
                    person,
                    None,
                    since,
                    due,
                    reason,
                );
            }
        }
        let alignment = a.scores.alignment.unwrap_or(1.0);
        if a.labels.contains(&Label::Influencer) && alignment < MISALIGNED_BELOW {
            if let Some(person) = who(id) {
                let since = h
                    .activities
                    .iter()
                    .map(|x| x.at)
                    .min()
                    .unwrap_or(snap.as_of);
                let why = a
                    .evidence_lines()
                    .into_iter()
                    .find(|e| e.contains("not the shop's topics"))
                    .unwrap_or_else(|| format!("alignment {alignment:.2}"));
                push(
                    AlertKind::InfluencerMismatch,
                    Severity::Low,
                    person,
                    None,
                    since,
                    since,
                    format!("Large reach, other interests: {why}."),
                );
            }
        }
    }

    out.sort_by(|(da, a), (db, b)| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.severity.cmp(&a.severity))
            .then(da.cmp(db))
            .then(a.person.id.cmp(&b.person.id))
            .then(a.kind.cmp(&b.kind))
            .then(a.interaction.cmp(&b.interaction))
    });
    out.into_iter().map(|(_, a)| a).collect()
}

/// When `label` last appeared in a replay (and stayed to the end).
fn appeared(steps: &[Step], label: Label) -> Option<i64> {
    let last = steps.last()?;
    if !last.assessment.labels.contains(&label) {
        return None;
    }
    let mut since = last.at;
    for s in steps.iter().rev() {
        if !s.assessment.labels.contains(&label) {
            break;
        }
        since = s.at;
    }
    Some(since)
}

/// A fan who fell below `fan` since `recent` (since = the fall, due at
/// once), or a fan who will fall within [`AHEAD_DAYS`] without new words
/// (since = their last activity, due = the fall).
fn slipping(
    h: &History,
    steps: &[Step],
    stage: Stage,
    as_of: i64,
    recent: i64,
) -> Option<(i64, i64, String)> {
    if stage == Stage::Fan {
        let horizon = as_of + AHEAD_DAYS * DAY;
        // The moments between now and the horizon when the verdict can
        // change without new activity (a decay step ends, a comment leaves
        // the window, a downgrade's grace period ends).
        let mut expiries: Vec<i64> = ladder::change_moments(h)
            .filter(|&t| t > as_of && t <= horizon)
            .collect();
        expiries.sort_unstable();
        expiries.dedup();
        let fall = expiries.into_iter().find_map(|t| {
            let later = ladder::assess(&replay::upto(h, as_of), t).stage;
            (later < Stage::Fan).then_some((t, later))
        });
        let (t, later) = fall?;
        let quiet = h.activities.iter().map(|a| a.at).max().unwrap_or(as_of);
        return Some((
            quiet,
            t,
            format!(
                "A fan, quiet since {}, who will slip to {} on {} unless they hear from the shop.",
                day(quiet),
                later.as_str(),
                day(t)
            ),
        ));
    }
    // The last fall from fan, if it was recent and they stayed below.
    let fell = steps
        .windows(2)
        .rev()
        .find(|w| w[0].assessment.stage == Stage::Fan && w[1].assessment.stage < Stage::Fan)?;
    let at = fell[1].at;
    if at < recent
        || steps
            .iter()
            .any(|s| s.at > at && s.assessment.stage == Stage::Fan)
    {
        return None;
    }
    Some((
        at,
        at,
        format!(
            "Was a fan until {}, now {}: fewer specific words in the last {} days.",
            day(at),
            stage.as_str(),
            ladder::WINDOW_DAYS
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::ladder::Activity;
    use rapport_core::signals::Signals;
    use rapport_core::Kind;

    const T: i64 = 1_767_571_200;

    fn said(text: &str, at: i64) -> Activity {
        Activity {
            kind: Kind::Comment,
            signals: Signals::read(text, None),
            at,
            post_id: Some("p".into()),
        }
    }

    #[test]
    fn a_quiet_fan_is_announced_before_they_slip_and_after() {
        // Six comments, the last a day after the others (a fan by words
        // talks with the shop on more than one day).
        let last = T + DAY + 5;
        let h = History {
            activities: (0..6)
                .map(|i| {
                    let at = if i == 5 { last } else { T + i };
                    said(&format!("The gravel tyre {i} rolls fast on the Alb"), at)
                })
                .collect(),
            ..History::default()
        };
        // 50 days later: still a fan (the six comments are worth 5.4
        // points once the last is a month old, below a fan's 5.45, and the stage waits the
        // 30-day grace), falls when the grace for the last one ends.
        let as_of = T + 50 * DAY;
        let steps = replay::replay(&h, as_of);
        assert_eq!(steps.last().map(|s| s.assessment.stage), Some(Stage::Fan));
        let (since, due, reason) =
            slipping(&h, &steps, Stage::Fan, as_of, as_of - NEW_DAYS * DAY).expect("announced");
        assert_eq!(since, last);
        let fall = last + (ladder::DECAY_STEP_DAYS + ladder::DOWNGRADE_GRACE_DAYS) * DAY + 1;
        assert_eq!(due, fall);
        assert!(reason.contains("will slip to engaged"), "{reason}");
        // 70 days later: fell on that day.
        let as_of = T + 70 * DAY;
        let steps = replay::replay(&h, as_of);
        let stage = steps.last().map(|s| s.assessment.stage);
        assert_eq!(stage, Some(Stage::Engaged));
        let (since, _, reason) =
            slipping(&h, &steps, Stage::Engaged, as_of, as_of - NEW_DAYS * DAY)
                .expect("fell recently");
        assert_eq!(since, fall);
        assert!(reason.starts_with("Was a fan until"), "{reason}");
        // Long after: no longer news.
        let as_of = T + 200 * DAY;
        let steps = replay::replay(&h, as_of);
        assert!(slipping(&h, &steps, Stage::Casual, as_of, as_of - NEW_DAYS * DAY).is_none());
    }

    #[test]
    fn a_label_appears_when_it_last_started() {
        let h = History {
            activities: vec![
                said("My order arrived broken", T),
                // Praise as often: no longer a detractor, until the next
                // complaint.
                said("Love the new tyres, thanks!", T + DAY),
                said("Still waiting for my refund", T + 2 * DAY),
            ],
            ..History::default()
        };
        let steps = replay::replay(&h, T + 3 * DAY);
        assert_eq!(appeared(&steps, Label::Detractor), Some(T + 2 * DAY));
        assert_eq!(appeared(&steps, Label::TrueFan), None);
    }

    #[test]
    fn spans_read_like_people_say_them() {
        assert_eq!(span(45 * 60), "45 min");
        assert_eq!(span(3600), "1 h");
        assert_eq!(span(5 * 3600), "5 h");
        assert_eq!(span(3 * DAY), "3 days");
    }
}
