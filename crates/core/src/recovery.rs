//! Detractors and their recovery.
//!
//! Mistakes happen; what counts is what follows. A person's recovery is
//! read as a timeline: the *complaint*, the shop's *answer*, the moment it
//! was *resolved* (their first words after the answer that are not a
//! complaint: "ok, thanks", "the new one arrived"), and the *sentiment
//! after*. A detractor has *recovered* when their last complaint was
//! answered and their latest words since are kind: none negative, at
//! least one positive (details sent after an answer are not peace yet).

use serde::Serialize;

/// Latest texts after the answer that must all be non-negative for a
/// recovery (one kind word after three complaints is not yet peace).
pub const RECOVERY_LATEST: usize = 2;

/// Sentiment of one text.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mood {
    /// Praise, thanks.
    Positive,
    /// Neither.
    Neutral,
    /// Complaint, frustration.
    Negative,
}

impl Mood {
    /// The mood of a text for the recovery: negative when the ladder
    /// counts it a complaint; positive when it says the problem is over
    /// ("it's sorted now", [`crate::signals::says_resolved`]), however the
    /// words beside that read ("had to initialize instead😭"); else the
    /// analyzer's `sentiment`, or the word lists for a text it never read.
    pub fn of(text: &str, sentiment: Option<&str>, complaint: bool) -> Mood {
        if complaint {
            return Mood::Negative;
        }
        if crate::signals::says_resolved(text) {
            return Mood::Positive;
        }
        match sentiment {
            Some("negative") => Mood::Negative,
            Some("positive") => Mood::Positive,
            Some(_) => Mood::Neutral,
            None if crate::signals::is_negative(text) => Mood::Negative,
            None if crate::signals::is_positive(text) => Mood::Positive,
            None => Mood::Neutral,
        }
    }
}

/// One thing the person wrote, as the recovery reads it.
#[derive(Debug, Clone)]
pub struct Said {
    /// When, in seconds since the epoch.
    pub at: i64,
    /// Its sentiment.
    pub mood: Mood,
    /// It complains (the analyzer's complaint intent or negative words).
    pub complaint: bool,
    /// When the shop first answered it.
    pub answered_at: Option<i64>,
    /// The words.
    pub text: String,
}

/// The recovery timeline of one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recovery {
    /// Complaints in all.
    pub complaints: usize,
    /// When the latest complaint was written (seconds).
    pub complaint_at: i64,
    /// Its words.
    pub complaint: String,
    /// When the shop answered it.
    pub answered_at: Option<i64>,
    /// Their first non-complaint after the answer.
    pub resolved_at: Option<i64>,
    /// Sentiment of what they wrote after the answer, oldest first.
    pub after: Vec<Mood>,
    /// Answered, and the latest words since are none negative and at
    /// least one positive.
    pub recovered: bool,
}

impl Mood {
    /// The contract name: `positive`, `neutral` or `negative`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mood::Positive => "positive",
            Mood::Neutral => "neutral",
            Mood::Negative => "negative",
        }
    }
}

impl Recovery {
    /// The recovery as one evidence line, as the verdicts, `rapport
    /// person` and the person page show it: `Recovery (3 complaints):
    /// complained 2026-10-03 10:00 → answered … → resolved … → after:
    /// positive — recovered`.
    pub fn line(&self) -> crate::said::Said {
        line(
            self.complaints,
            self.complaint_at,
            self.answered_at,
            self.resolved_at,
            &self.after,
            self.recovered,
        )
    }
}

/// [`Recovery::line`] from its parts (a view that keeps them otherwise).
pub fn line(
    complaints: usize,
    complained: i64,
    answered: Option<i64>,
    resolved: Option<i64>,
    after: &[Mood],
    recovered: bool,
) -> crate::said::Said {
    crate::said::Said::Recovery {
        complaints: complaints as u64,
        complained,
        answered,
        resolved,
        after: after.iter().map(|m| m.as_str().to_string()).collect(),
        recovered,
    }
}

/// The timeline around the person's latest complaint, or `None` when they
/// never complained.
pub fn recovery(said: &[Said]) -> Option<Recovery> {
    let mut said: Vec<&Said> = said.iter().collect();
    said.sort_by_key(|s| s.at);
    let complaints = said.iter().filter(|s| s.complaint).count();
    let last = *said.iter().rev().find(|s| s.complaint)?;
    // An earlier complaint answered later (e.g. the thread answered as a
    // whole) carries the answer.
    let answered_at = last.answered_at;
    let after: Vec<&Said> = match answered_at {
        Some(a) => said.iter().copied().filter(|s| s.at > a).collect(),
        None => Vec::new(),
    };
    let resolved_at = after.iter().find(|s| !s.complaint).map(|s| s.at);
    let moods: Vec<Mood> = after.iter().map(|s| s.mood).collect();
    let latest = &after[after.len().saturating_sub(RECOVERY_LATEST)..];
    // They came back positive: nothing negative since, and something kind.
    let recovered = latest
        .iter()
        .all(|s| !s.complaint && s.mood != Mood::Negative)
        && latest.iter().any(|s| s.mood == Mood::Positive);
    Some(Recovery {
        complaints,
        complaint_at: last.at,
        complaint: last.text.clone(),
        answered_at,
        resolved_at,
        after: moods,
        recovered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: i64, mood: Mood, complaint: bool, answered_at: Option<i64>) -> Said {
        Said {
            at,
            mood,
            complaint,
            answered_at,
            text: format!("t{at}"),
        }
    }

    #[test]
    fn an_answered_complaint_followed_by_kind_words_is_a_recovery() {
        let r = recovery(&[
            s(10, Mood::Negative, true, Some(20)),
            s(30, Mood::Negative, true, Some(40)),
            s(50, Mood::Neutral, false, None),
            s(60, Mood::Positive, false, None),
        ])
        .expect("complained");
        assert_eq!(r.complaints, 2);
        assert_eq!(
            (r.complaint_at, r.answered_at, r.resolved_at),
            (30, Some(40), Some(50))
        );
        assert_eq!(r.after, vec![Mood::Neutral, Mood::Positive]);
        assert!(r.recovered);
    }

    #[test]
    fn silence_or_another_complaint_is_not_a_recovery() {
        let unanswered = recovery(&[s(10, Mood::Negative, true, None)]).expect("complained");
        assert!(!unanswered.recovered && unanswered.answered_at.is_none());
        let silent = recovery(&[s(10, Mood::Negative, true, Some(20))]).expect("complained");
        assert!(!silent.recovered && silent.resolved_at.is_none());
        let back = recovery(&[
            s(10, Mood::Negative, true, Some(20)),
            s(30, Mood::Neutral, false, None),
            s(40, Mood::Negative, false, None),
        ])
        .expect("complained");
        assert_eq!(back.resolved_at, Some(30));
        assert!(!back.recovered, "the latest words are negative");
        assert!(recovery(&[s(1, Mood::Positive, false, None)]).is_none());
    }

    #[test]
    fn a_texts_mood_is_a_complaints_then_good_news_then_the_analyzers() {
        let over = "It's sorted now, had to reset it in the end 😭";
        assert_eq!(Mood::of(over, Some("negative"), false), Mood::Positive);
        assert_eq!(Mood::of(over, Some("negative"), true), Mood::Negative);
        let plain = "The box came on Tuesday";
        assert_eq!(Mood::of(plain, Some("negative"), false), Mood::Negative);
        assert_eq!(Mood::of(plain, Some("neutral"), false), Mood::Neutral);
        // Never read by the analyzer: the word lists.
        assert_eq!(Mood::of("Thanks, love it", None, false), Mood::Positive);
        assert_eq!(Mood::of("Arrived broken", None, false), Mood::Negative);
        assert_eq!(Mood::of(plain, None, false), Mood::Neutral);
    }

    #[test]
    fn details_sent_after_the_answer_are_not_yet_a_recovery() {
        let details = recovery(&[
            s(10, Mood::Negative, true, Some(20)),
            s(30, Mood::Neutral, false, None),
        ])
        .expect("complained");
        assert!(!details.recovered);
        let thanks = recovery(&[
            s(10, Mood::Negative, true, Some(20)),
            s(30, Mood::Neutral, false, None),
            s(40, Mood::Positive, false, None),
        ])
        .expect("complained");
        assert!(thanks.recovered);
    }
}
