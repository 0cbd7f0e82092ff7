//! Cultivating five people at a time.
//!
//! Relationships do not scale by broadcast: the shop picks a handful of
//! people who are already *engaged* (they comment specifically and
//! regularly) but not yet fans, talks with each about something specific,
//! and then picks the next handful. This module chooses them, writes the
//! first line of each conversation, and reads their progress back from
//! what happened afterwards.
//!
//! # Who is picked
//!
//! Engaged people who are neither box tickers nor detractors (a detractor
//! needs the complaint fixed first, not an opener), who were not answered
//! by the shop in the last [`RECENT_CONTACT_DAYS`] days and are not in an
//! open cohort. Among them, the highest [affinity](crate::affinity) with
//! the shop's topics first (share of their texts on the shop's topics,
//! then how many different topics, then engagement), because common
//! ground is what turns a reply into a conversation.

use crate::affinity::{self, Affinity};
use crate::ladder::{Assessment, Label, Stage};
use crate::profile::Profile;
use crate::{Kind, PersonId};
use serde::{Deserialize, Serialize};

/// People in one cohort, and open at a time, unless asked otherwise.
pub const COHORT_SIZE: usize = 5;
/// A person the shop answered this recently is already in a conversation.
pub const RECENT_CONTACT_DAYS: i64 = 7;
/// Words of a post quoted in an opener.
const POST_WORDS: usize = 8;

/// Something a person wrote, reduced to what an opener needs.
#[derive(Debug, Clone)]
pub struct Said {
    /// When, in seconds since the epoch.
    pub at: i64,
    /// Kind (comment, reply, message, …).
    pub kind: Kind,
    /// The words.
    pub text: String,
    /// Its topics (the analyzer's, or the plain words).
    pub topics: Vec<String>,
    /// ISO 639-1 code, when known.
    pub language: Option<String>,
    /// It asks something.
    pub question: bool,
    /// The text of the shop post it answers, when known.
    pub post: Option<String>,
}

/// A person who might be cultivated.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Where they stand.
    pub assessment: Assessment,
    /// What they wrote (specific texts only), any order.
    pub said: Vec<Said>,
    /// When the shop last answered or wrote to them.
    pub last_contacted: Option<i64>,
}

/// One person picked, with the opener.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Who.
    pub person: PersonId,
    /// Their stage when picked.
    pub stage: Stage,
    /// Affinity with the shop's topics, 0..=1.
    pub affinity: f64,
    /// The shop topic the opener is about.
    pub topic: Option<String>,
    /// The first line of the conversation.
    pub opener: String,
}

/// Can be cultivated now: engaged, not a box ticker or detractor.
pub fn eligible(a: &Assessment) -> bool {
    a.stage == Stage::Engaged
        && !a.labels.contains(&Label::BoxTicker)
        && !a.labels.contains(&Label::Detractor)
}

/// The next `size` people to cultivate as of `now`, skipping `taken`
/// (members of open cohorts), best first.
pub fn plan(
    candidates: &[Candidate],
    profile: &Profile,
    now: i64,
    taken: &[PersonId],
    size: usize,
) -> Vec<Pick> {
    let recent = now - RECENT_CONTACT_DAYS * 86_400;
    let mut scored: Vec<(&Candidate, Affinity)> = candidates
        .iter()
        .filter(|c| eligible(&c.assessment) && !taken.contains(&c.person))
        .filter(|c| c.last_contacted.is_none_or(|t| t < recent))
        .map(|c| {
            let texts: Vec<Vec<String>> = c.said.iter().map(|s| s.topics.clone()).collect();
            (
                c,
                affinity::affinity(&texts, &profile.topics, &profile.name),
            )
        })
        .collect();
    scored.sort_by(|(a, x), (b, y)| {
        y.share
            .total_cmp(&x.share)
            .then(y.shared.len().cmp(&x.shared.len()))
            .then(
                b.assessment
                    .scores
                    .engagement
                    .total_cmp(&a.assessment.scores.engagement),
            )
            .then(a.person.cmp(&b.person))
    });
    scored
        .into_iter()
        .take(size)
        .map(|(c, aff)| {
            let (opener, topic) = opener(c, &aff, profile);
            Pick {
                person: c.person,
                stage: c.assessment.stage,
                affinity: (aff.share * 100.0).round() / 100.0,
                topic,
                opener,
            }
        })
        .collect()
}

/// The name to greet: the first word with a letter in it ("Paul 🚵" → Paul).
fn first_name(name: &str) -> &str {
    name.split_whitespace()
        .find(|w| w.chars().any(char::is_alphabetic))
        .unwrap_or("there")
}

/// A post quoted by its first words.
fn quote(post: &str) -> String {
    let words: Vec<&str> = post.split_whitespace().collect();
    if words.len() <= POST_WORDS {
        words.join(" ")
    } else {
        format!("{}…", words[..POST_WORDS].join(" "))
    }
}

/// Writes the opener for `c`: the latest thing they wrote on a shop topic
/// (preferring one under a post), named with their own words, the post it
/// answered, and the topic shared with the shop — in their language when
/// it is German or Thai, else English.
pub fn opener(c: &Candidate, aff: &Affinity, profile: &Profile) -> (String, Option<String>) {
    let on_topic = |s: &&Said| {
        s.topics
            .iter()
            .any(|t| affinity::matching(t, &profile.topics, &profile.name).is_some())
    };
    let hook = c
        .said
        .iter()
        .filter(on_topic)
        .filter(|s| s.post.is_some())
        .max_by_key(|s| s.at)
        .or_else(|| c.said.iter().filter(on_topic).max_by_key(|s| s.at))
        .or_else(|| c.said.iter().max_by_key(|s| s.at));
    let name = first_name(&c.name);
    let Some(hook) = hook else {
        return (format!("Hi {name} — thanks for talking with us so often. What are you riding at the moment?"), None);
    };
    // Their words for it: the topics of the hook that match a shop topic,
    // in their order ("gravel tyre"); else its first topic.
    let matched: Vec<&str> = hook
        .topics
        .iter()
        .filter(|t| affinity::matching(t, &profile.topics, &profile.name).is_some())
        .map(String::as_str)
        .take(3)
        .collect();
    let thing = if matched.is_empty() {
        hook.topics
            .first()
            .cloned()
            .unwrap_or_else(|| quote(&hook.text))
    } else {
        matched.join(" ")
    };
    let topic = hook
        .topics
        .iter()
        .find_map(|t| affinity::matching(t, &profile.topics, &profile.name))
        .map(str::to_string)
        .or_else(|| aff.shared.first().cloned());
    let shared = topic.clone().unwrap_or_else(|| thing.clone());
    let post = hook.post.as_deref().map(quote);
    let text = match hook.language.as_deref() {
        Some("de") => {
            let lead = if hook.question {
                format!("du hast nach {thing} gefragt")
            } else {
                format!("du hast über {thing} geschrieben")
            };
            let place = match &post {
                Some(p) => format!(", unter unserem Beitrag „{p}“"),
                None => format!(" in deiner Nachricht ({})", de_kind(hook.kind)),
            };
            format!(
                "Hallo {name} — {lead}{place}. {} liegt uns auch am Herzen: Magst du uns erzählen, wie es bei dir läuft, und was wir als Nächstes dazu testen sollen?",
                capital(&shared)
            )
        }
        Some("th") => {
            let lead = if hook.question {
                format!("คุณถามเรื่อง{thing}")
            } else {
                format!("คุณเขียนถึง{thing}")
            };
            let place = match &post {
                Some(p) => format!("ในโพสต์ \"{p}\" ของเรา"),
                None => "ในข้อความของคุณ".to_string(),
            };
            format!(
                "สวัสดีครับคุณ{name} — {lead}{place} เราเองก็ชอบเรื่อง{shared}เหมือนกัน อยากฟังว่าตอนนี้เป็นอย่างไรบ้าง และอยากให้เราลองอะไรต่อครับ"
            )
        }
        _ => {
            let lead = if hook.question {
                format!("you asked about the {thing}")
            } else {
                format!("you wrote about the {thing}")
            };
            let place = match &post {
                Some(p) => format!(" on our post \"{p}\""),
                None => format!(" in your {}", hook.kind.as_str()),
            };
            format!(
                "Hi {name} — {lead}{place}. {} is close to our hearts too: how is it going for you, and what would you like us to test next?",
                capital(&shared)
            )
        }
    };
    (text, topic)
}

fn de_kind(k: Kind) -> &'static str {
    match k {
        Kind::Review => "Bewertung",
        Kind::Mention => "Erwähnung",
        Kind::Message => "Direktnachricht",
        _ => "Kommentar",
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How far a cohort member has come since the plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Picked, not yet contacted.
    Planned,
    /// The shop wrote to them after the plan.
    Contacted,
    /// They wrote back after that.
    Answered,
    /// Their stage is above the stage at planning.
    MovedUp,
    /// They reached `fan`: the cultivation is done.
    Graduated,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Contacted => "contacted",
            Status::Answered => "answered",
            Status::MovedUp => "moved_up",
            Status::Graduated => "graduated",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Planned,
            Status::Contacted,
            Status::Answered,
            Status::MovedUp,
            Status::Graduated,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Still being cultivated (counts toward the open limit).
    pub fn is_open(self) -> bool {
        self != Status::Graduated
    }
}

/// A member's progress, read from what happened after the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Furthest step reached.
    pub status: Status,
    /// First shop message to them after the plan.
    pub contacted_at: Option<i64>,
    /// Their first words after that.
    pub answered_at: Option<i64>,
}

/// Progress of a member planned at `planned_at` on `stage_at_plan`, now on
/// `stage_now`, given when the shop wrote to them (`shop`) and when they
/// wrote (`theirs`).
pub fn progress(
    planned_at: i64,
    stage_at_plan: Stage,
    stage_now: Stage,
    shop: &[i64],
    theirs: &[i64],
) -> Progress {
    let contacted_at = shop.iter().copied().filter(|&t| t >= planned_at).min();
    let answered_at = contacted_at.and_then(|c| theirs.iter().copied().filter(|&t| t > c).min());
    let status = if stage_now == Stage::Fan {
        Status::Graduated
    } else if stage_now > stage_at_plan {
        Status::MovedUp
    } else if answered_at.is_some() {
        Status::Answered
    } else if contacted_at.is_some() {
        Status::Contacted
    } else {
        Status::Planned
    };
    Progress {
        status,
        contacted_at,
        answered_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::Scores;

    fn assessment(stage: Stage, labels: Vec<Label>, engagement: f64) -> Assessment {
        Assessment {
            stage,
            labels,
            scores: Scores {
                engagement,
                loyalty: 0.0,
                advocacy: 0.0,
                reach: 0.0,
                lifetime_value: 0.0,
                alignment: None,
            },
            evidence: vec![],
            tally: Default::default(),
        }
    }

    fn said(at: i64, topics: &[&str], post: Option<&str>, lang: &str, question: bool) -> Said {
        Said {
            at,
            kind: Kind::Comment,
            text: topics.join(" "),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            language: Some(lang.into()),
            question,
            post: post.map(Into::into),
        }
    }

    fn cand(id: i64, name: &str, stage: Stage, said: Vec<Said>) -> Candidate {
        Candidate {
            person: PersonId(id),
            name: name.into(),
            assessment: assessment(stage, vec![], 0.5),
            said,
            last_contacted: None,
        }
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn the_most_on_topic_engaged_people_come_first() {
        let p = Profile::trailwerk();
        let on = |id, name| {
            cand(
                id,
                name,
                Stage::Engaged,
                vec![said(
                    NOW - 100,
                    &["gravel", "tyre"],
                    Some("New in: the Schotter 45 gravel tyre"),
                    "en",
                    true,
                )],
            )
        };
        let half = cand(
            3,
            "Half",
            Stage::Engaged,
            vec![
                said(NOW - 100, &["gravel"], None, "en", false),
                said(NOW - 90, &["coffee"], None, "en", false),
            ],
        );
        let fan = cand(
            4,
            "Fan",
            Stage::Fan,
            vec![said(NOW, &["gravel"], None, "en", false)],
        );
        let mut boxer = on(5, "Box");
        boxer.assessment.labels = vec![Label::BoxTicker];
        let mut recent = on(6, "Recent");
        recent.last_contacted = Some(NOW - 86_400);
        let all = [half, on(2, "Anna"), fan, boxer, recent, on(7, "Taken")];
        let picks = plan(&all, &p, NOW, &[PersonId(7)], 5);
        let ids: Vec<i64> = picks.iter().map(|p| p.person.0).collect();
        assert_eq!(ids, vec![2, 3]);
        assert_eq!(picks[0].affinity, 1.0);
        assert_eq!(picks[1].affinity, 0.5);
        assert_eq!(
            picks[0].opener,
            "Hi Anna — you asked about the gravel tyre on our post \"New in: the Schotter 45 gravel tyre\". Gravel is close to our hearts too: how is it going for you, and what would you like us to test next?"
        );
        assert_eq!(picks[0].topic.as_deref(), Some("gravel"));
        assert_eq!(plan(&all, &p, NOW, &[], 1).len(), 1);
    }

    #[test]
    fn openers_speak_german_and_thai() {
        let p = Profile::trailwerk();
        let de = cand(
            1,
            "Paul 🚵",
            Stage::Engaged,
            vec![said(
                NOW,
                &["nässe", "schotter-45-gravelreifen"],
                Some("Neu: der Schotter 45"),
                "de",
                false,
            )],
        );
        let (text, topic) = opener(&de, &affinity::affinity(&[], &p.topics, &p.name), &p);
        assert_eq!(topic.as_deref(), Some("reifen"));
        assert!(text.starts_with("Hallo Paul — du hast über schotter-45-gravelreifen geschrieben, unter unserem Beitrag „Neu: der Schotter 45“."), "{text}");
        let th = cand(
            2,
            "Nok",
            Stage::Engaged,
            vec![said(NOW, &["ยาง", "ขอบล้อ"], None, "th", true)],
        );
        let (text, _) = opener(&th, &affinity::affinity(&[], &p.topics, &p.name), &p);
        assert!(
            text.starts_with("สวัสดีครับคุณNok — คุณถามเรื่องยางในข้อความของคุณ"),
            "{text}"
        );
    }

    #[test]
    fn progress_counts_only_what_happened_after_the_plan() {
        let e = Stage::Engaged;
        assert_eq!(progress(100, e, e, &[50], &[60]).status, Status::Planned);
        let p = progress(100, e, e, &[150, 120], &[110]);
        assert_eq!(
            (p.status, p.contacted_at, p.answered_at),
            (Status::Contacted, Some(120), None)
        );
        let p = progress(100, e, e, &[120], &[110, 130, 125]);
        assert_eq!((p.status, p.answered_at), (Status::Answered, Some(125)));
        assert_eq!(
            progress(100, Stage::Casual, e, &[], &[]).status,
            Status::MovedUp
        );
        assert_eq!(
            progress(100, e, Stage::Fan, &[], &[]).status,
            Status::Graduated
        );
        assert!(!Status::Graduated.is_open() && Status::MovedUp.is_open());
        assert_eq!(Status::parse("moved_up"), Some(Status::MovedUp));
    }
}
