//! Intent: what a comment wants from the shop. A text may carry several
//! intents; the primary one is the model's most probable class, and any
//! other class above [`SECONDARY`] probability is listed too.
//!
//! Two models share these classes: one for every language but Thai,
//! trained on the project's own hand-labelled set (`data/intent/`) and
//! complaints in real tweets to companies, and one for Thai script,
//! trained on our rows and real Thai call-centre enquiries (see
//! [`crate::train::INTENT_MIX`], [`crate::train::INTENT_MIX_TH`] and
//! docs/ANALYZER.md). Both read character 3-grams, stems, stem pairs, the
//! first stem (questions and requests show at the start) and the rule
//! signals: a question mark, a question word (or a question-opening verb
//! as the first word), a tagged friend, recommendation, complaint, praise and
//! suggestion vocabulary, length, emoji only.

use crate::features::{Family, Mask};

/// Hash bits of the intent model.
pub const BITS: u32 = 15;

/// The classes, in model order.
pub const CLASSES: [&str; 8] = [
    "question",
    "complaint",
    "praise",
    "suggestion",
    "purchase_intent",
    "recommendation",
    "generic",
    "other",
];

/// Probability from which a non-primary class is listed as well.
pub const SECONDARY: f32 = 0.25;

/// The feature families the model reads.
pub const MASK: Mask = Mask::of(&[
    Family::Char3,
    Family::Stem,
    Family::Pair,
    Family::First,
    Family::Rule,
]);

/// Index of `question` in [`CLASSES`].
pub const QUESTION: usize = 0;

/// A question mark adds `question` to the intents only when the model
/// gives the class at least this probability: "Nice?" and a complaint
/// that ends in a question mark are not asking anything the words show.
pub const QUESTION_MARK_FLOOR: f32 = 0.10;

/// Whether a question is exclaimed ("?!", "!?", "?!!"): rhetorical, a
/// complaint's or a surprise's form rather than a request for an answer.
pub fn exclaimed(raw: &str) -> bool {
    raw.contains("?!") || raw.contains("!?") || raw.contains("？！") || raw.contains("！？")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exclaimed_question_is_told_from_a_plain_one() {
        assert!(exclaimed("Wie oft soll ich noch anrufen?!"));
        assert!(exclaimed("Seriously!?"));
        assert!(exclaimed("ต้องโทรกี่รอบคะ?!!"));
        assert!(!exclaimed("Hat der Laden heute offen?"));
        assert!(!exclaimed("Super! Passt der auch aufs Gravelbike?"));
    }
}
