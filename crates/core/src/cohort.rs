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
use crate::outreach;
use crate::profile::Profile;
use crate::said::Said as Sentence;
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
    /// The interaction's id.
    pub id: i64,
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
    /// It praises or thanks.
    pub praise: bool,
    /// It recommends the shop to someone.
    pub recommendation: bool,
    /// The shop answered it.
    pub answered: bool,
    /// The channel it was said on.
    pub channel: String,
    /// The text of the shop's own post it answers, when known (never
    /// someone else's words).
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
    /// Why this person, in a sentence.
    pub why: Sentence,
    /// Their question the shop has not answered: answer it first.
    pub question: Option<i64>,
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
                why: why(c, &aff, now),
                question: open_question(c).map(|s| s.id),
            }
        })
        .collect()
}

/// Their latest question the shop has not answered.
pub fn open_question(c: &Candidate) -> Option<&Said> {
    c.said
        .iter()
        .filter(|s| s.question && !s.answered)
        .max_by_key(|s| (s.at, s.id))
}

/// Why this person: what puts them on the ladder, what they share with
/// the shop, and when the shop last spoke with them.
pub fn why(c: &Candidate, aff: &Affinity, now: i64) -> Sentence {
    let mut parts: Vec<Sentence> = Vec::new();
    if let Some(e) = c.assessment.evidence.first() {
        parts.push(Sentence::EngagedBy {
            evidence: Box::new(e.clone()),
        });
    }
    if !aff.shared.is_empty() {
        parts.push(Sentence::WritesAbout {
            topics: aff.shared.iter().take(3).cloned().collect(),
            percent: aff.share * 100.0,
        });
    }
    parts.push(match c.last_contacted {
        None => Sentence::NeverAnswered,
        Some(t) => Sentence::LastAnswered {
            days: (now - t).max(0) / 86_400,
        },
    });
    if open_question(c).is_some() {
        parts.push(Sentence::QuestionOpen);
    }
    Sentence::Clauses { parts }
}

/// [`why`] as it reads at `now`: when the shop last answered them
/// (`last_answered`, the latest reply the store holds) and whether their
/// question still waits are told as they are now, not as they were when
/// they were picked — after the shop answered, "a question of theirs is
/// still open" would be wrong. What put them on the ladder and what they
/// write about stay as picked.
pub fn why_now(
    picked: &Sentence,
    last_answered: Option<i64>,
    question_open: bool,
    now: i64,
) -> Sentence {
    let Sentence::Clauses { parts } = picked else {
        return picked.clone();
    };
    let parts = parts
        .iter()
        .filter(|p| question_open || !matches!(p, Sentence::QuestionOpen))
        .map(|p| match (p, last_answered) {
            (Sentence::NeverAnswered | Sentence::LastAnswered { .. }, Some(t)) => {
                Sentence::LastAnswered {
                    days: (now - t).max(0) / 86_400,
                }
            }
            _ => p.clone(),
        })
        .collect();
    Sentence::Clauses { parts }
}

/// The name to greet: the first word with a letter in it ("Paul 🚵" →
/// Paul), else "there".
fn first_name(name: &str) -> &str {
    outreach::first_name(name).unwrap_or("there")
}

/// A text quoted by its first words (by its first characters when it
/// has no spaces, as Thai).
fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let cut = if words.len() <= POST_WORDS {
        words.join(" ")
    } else {
        format!("{}…", words[..POST_WORDS].join(" "))
    };
    if cut.chars().count() > 60 {
        format!("{}…", cut.chars().take(60).collect::<String>())
    } else {
        cut
    }
}

/// Writes the opener for `c`, in their language (German, Thai, else
/// English): it quotes their own words — their open question when the
/// shop still owes them an answer (then the opener starts that answer),
/// else the latest thing they wrote on a shop topic, preferring one under
/// a post — names where they said it (the shop's own post by its first
/// words, or the channel; never anyone else's text), thanks a
/// recommendation, welcomes praise, follows up an answered question, and
/// ends with one of a few questions about the topic they share with the
/// shop.
pub fn opener(c: &Candidate, aff: &Affinity, profile: &Profile) -> (String, Option<String>) {
    let on_topic = |s: &&Said| {
        s.topics
            .iter()
            .any(|t| affinity::matching(t, &profile.topics, &profile.name).is_some())
    };
    let open = open_question(c);
    let hook = open
        .or_else(|| {
            c.said
                .iter()
                .filter(on_topic)
                .filter(|s| s.post.is_some())
                .max_by_key(|s| (s.at, s.id))
        })
        .or_else(|| c.said.iter().filter(on_topic).max_by_key(|s| (s.at, s.id)))
        .or_else(|| c.said.iter().max_by_key(|s| (s.at, s.id)));
    let name = first_name(&c.name);
    let Some(hook) = hook else {
        return (format!("Hi {name} — thanks for talking with us so often. What are you riding at the moment?"), None);
    };
    let topic = hook
        .topics
        .iter()
        .find_map(|t| affinity::matching(t, &profile.topics, &profile.name))
        .map(str::to_string)
        .or_else(|| aff.shared.first().cloned());
    let said = quote(&hook.text);
    let post = hook.post.as_deref().map(quote);
    // A few endings, the same for one person every time.
    let turn = (c.person.0.unsigned_abs() % 3) as usize;
    let is_open = open.is_some_and(|q| q.id == hook.id);
    let text = match hook.language.as_deref() {
        Some("de") => {
            let place = match &post {
                Some(p) => format!(" unter unserem Beitrag „{p}“"),
                None => format!(" auf {}", hook.channel),
            };
            let thing = topic.clone().unwrap_or_else(|| "das Thema".to_string());
            let lead = if is_open {
                format!("danke für deine Frage „{said}“{place} — hier unsere Antwort:")
            } else if hook.recommendation {
                format!("danke, dass du uns empfohlen hast: „{said}“{place}.")
            } else if hook.praise {
                format!("wir haben uns über „{said}“{place} gefreut.")
            } else if hook.question {
                format!("du hast gefragt: „{said}“{place} — hat dir unsere Antwort geholfen?")
            } else {
                format!("du hast geschrieben: „{said}“{place}.")
            };
            let end = [
                format!(
                    "{} liegt uns auch am Herzen: Wie läuft es bei dir?",
                    capital(&thing)
                ),
                format!("Was sollen wir als Nächstes rund um {thing} testen?"),
                "Erzähl uns gern mehr davon, wie du es nutzt — was passt, was nicht?".to_string(),
            ];
            if is_open {
                format!("Hallo {name} — {lead}")
            } else {
                format!("Hallo {name} — {lead} {}", end[turn])
            }
        }
        Some("th") => {
            let place = match &post {
                Some(p) => format!(" ใต้โพสต์ “{p}” ของเรา"),
                None => format!(" บน {}", hook.channel),
            };
            let thing = topic.clone().unwrap_or_else(|| "เรื่องนี้".to_string());
            let lead = if is_open {
                format!("ขอบคุณที่ถามว่า “{said}”{place} คำตอบของเราคือ")
            } else if hook.recommendation {
                format!("ขอบคุณที่แนะนำเรา “{said}”{place}")
            } else if hook.praise {
                format!("เราดีใจที่ได้อ่าน “{said}”{place}")
            } else if hook.question {
                format!("คุณถามว่า “{said}”{place} คำตอบของเราช่วยได้ไหมครับ")
            } else {
                format!("คุณเขียนว่า “{said}”{place}")
            };
            let end = [
                format!("เราเองก็ชอบเรื่อง{thing}เหมือนกัน ตอนนี้เป็นอย่างไรบ้างครับ"),
                format!("อยากให้เราลองอะไรเกี่ยวกับ{thing}ต่อครับ"),
                "อยากฟังเพิ่มว่าคุณใช้งานอย่างไรบ้าง อะไรดี อะไรยังไม่ดีครับ".to_string(),
            ];
            if is_open {
                format!("สวัสดีครับคุณ{name} — {lead}")
            } else {
                format!("สวัสดีครับคุณ{name} — {lead} {}", end[turn])
            }
        }
        _ => {
            let place = match &post {
                Some(p) => format!(" under our post “{p}”"),
                None => format!(" on {}", hook.channel),
            };
            let thing = topic.clone().unwrap_or_else(|| "it".to_string());
            let lead = if is_open {
                format!("thanks for your question “{said}”{place} — here is our answer:")
            } else if hook.recommendation {
                format!("thank you for recommending us: “{said}”{place}.")
            } else if hook.praise {
                format!("we were glad to read “{said}”{place}.")
            } else if hook.question {
                format!("you asked “{said}”{place} — did our answer help?")
            } else {
                format!("you wrote “{said}”{place}.")
            };
            let end = [
                format!(
                    "{} is close to our hearts too: how is it going for you?",
                    capital(&thing)
                ),
                format!("What would you like us to test next around {thing}?"),
                "We would love to hear more about how you use it — what works, what does not?"
                    .to_string(),
            ];
            if is_open {
                format!("Hi {name} — {lead}")
            } else {
                format!("Hi {name} — {lead} {}", end[turn])
            }
        }
    };
    (text, topic)
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
    /// The shop stopped trying (marked by a person).
    GivenUp,
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
            Status::GivenUp => "given_up",
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
            Status::GivenUp,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Still being cultivated (counts toward the open limit): a member
    /// who moved up, became a fan or was given up on is done.
    pub fn is_open(self) -> bool {
        self < Status::MovedUp
    }

    /// How far along, 0..=100, for a progress bar.
    pub fn step(self) -> u32 {
        match self {
            Status::Planned => 0,
            Status::Contacted => 33,
            Status::Answered => 66,
            Status::MovedUp | Status::Graduated | Status::GivenUp => 100,
        }
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
            id: at,
            at,
            kind: Kind::Comment,
            text: topics.join(" "),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            language: Some(lang.into()),
            question,
            praise: false,
            recommendation: false,
            // Their questions were answered unless a test says otherwise.
            answered: true,
            channel: "instagram".into(),
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
    fn why_tells_the_last_answer_and_the_open_question_as_they_are_now() {
        let picked = Sentence::Clauses {
            parts: vec![Sentence::NeverAnswered, Sentence::QuestionOpen],
        };
        let day = 86_400;
        assert_eq!(why_now(&picked, None, true, 10 * day), picked);
        let answered = why_now(&picked, Some(9 * day), false, 10 * day);
        assert_eq!(
            answered,
            Sentence::Clauses {
                parts: vec![Sentence::LastAnswered { days: 1 }]
            }
        );
        assert!(!answered.to_string().contains("still open"), "{answered}");
    }

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
        // Anna (id 2) gets the third ending.
        assert_eq!(
            picks[0].opener,
            "Hi Anna — you asked “gravel tyre” under our post “New in: the Schotter 45 gravel tyre” — did our answer help? We would love to hear more about how you use it — what works, what does not?"
        );
        assert_eq!(picks[0].topic.as_deref(), Some("gravel"));
        assert!(
            picks[0].why.to_string().starts_with("Writes about gravel")
                && picks[0]
                    .why
                    .to_string()
                    .ends_with("the shop has never answered them."),
            "{}",
            picks[0].why
        );
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
        assert!(text.starts_with("Hallo Paul — du hast geschrieben: „nässe schotter-45-gravelreifen“ unter unserem Beitrag „Neu: der Schotter 45“."), "{text}");
        let th = cand(
            2,
            "Nok",
            Stage::Engaged,
            vec![said(NOW, &["ยาง", "ขอบล้อ"], None, "th", true)],
        );
        let (text, _) = opener(&th, &affinity::affinity(&[], &p.topics, &p.name), &p);
        assert!(
            text.starts_with("สวัสดีครับคุณNok — คุณถามว่า “ยาง ขอบล้อ” บน instagram"),
            "{text}"
        );
    }

    #[test]
    fn an_open_question_comes_first_and_openers_follow_what_was_said() {
        let p = Profile::trailwerk();
        let none = affinity::affinity(&[], &p.topics, &p.name);
        let mut asked = said(NOW - 50, &["gravel", "tyre"], None, "en", true);
        asked.text = "Does the gravel tyre fit a 700c rim?".into();
        asked.answered = false;
        let mut later = said(NOW, &["gravel"], Some("Our gravel week"), "en", false);
        later.text = "Loved the gravel loop".into();
        later.praise = true;
        let c = cand(9, "Mia", Stage::Engaged, vec![later.clone(), asked]);
        let (text, _) = opener(&c, &none, &p);
        assert_eq!(
            text,
            "Hi Mia — thanks for your question “Does the gravel tyre fit a 700c rim?” on instagram — here is our answer:"
        );
        assert_eq!(open_question(&c).map(|s| s.id), Some(NOW - 50));
        // Without the open question: praise is welcomed, a recommendation
        // thanked, in the person's own words.
        let c = cand(9, "Mia", Stage::Engaged, vec![later.clone()]);
        let (text, _) = opener(&c, &none, &p);
        assert!(
            text.starts_with("Hi Mia — we were glad to read “Loved the gravel loop” under our post “Our gravel week”."),
            "{text}"
        );
        let mut tip = later;
        tip.praise = false;
        tip.recommendation = true;
        tip.text = "Mate, if you need new gravel tyres just go to Trailwerk".into();
        let (text, _) = opener(&cand(10, "Ben", Stage::Engaged, vec![tip]), &none, &p);
        assert!(
            text.starts_with("Hi Ben — thank you for recommending us: “Mate, if you need new gravel tyres just…”"),
            "{text}"
        );
        // Five people, three endings: the openers are not one template.
        let texts: std::collections::HashSet<String> = (1..=5)
            .map(|id| {
                let s = said(NOW, &["gravel"], None, "en", false);
                opener(&cand(id, "Sam", Stage::Engaged, vec![s]), &none, &p).0
            })
            .collect();
        assert_eq!(texts.len(), 3, "{texts:#?}");
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
        assert!(!Status::Graduated.is_open() && !Status::MovedUp.is_open());
        assert!(Status::Answered.is_open() && !Status::GivenUp.is_open());
        assert_eq!(Status::parse("moved_up"), Some(Status::MovedUp));
    }
}
