//! Language identification for 24 languages.
//!
//! The script decides first where it can: Thai, Hangul, Kana and Arabic
//! letters each belong to one supported language. Where a script is shared
//! (Latin by 17 languages, Cyrillic by two, Han by Chinese and Japanese) a
//! linear model over character 1–3-grams and words chooses among the
//! languages that write it. Text without letters (emoji, numbers, links)
//! is `unknown`: guessing there would only add noise.

use crate::features::{Bag, Family, Mask};
use crate::linear::Linear;
use crate::text::{self, Cleaned, Script};

/// The languages the model knows, as ISO 639-1 codes.
pub const LANGUAGES: [&str; 24] = [
    "en", "de", "th", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb", "fi", "cs", "tr", "ru",
    "uk", "ja", "zh", "ko", "vi", "id", "ms", "ar",
];

/// Hash bits of the language model.
pub const BITS: u32 = 15;

/// What language ID says.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    /// ISO 639-1 code, or `unknown`.
    pub code: &'static str,
    /// Probability of that answer (0 for `unknown`).
    pub confidence: f32,
}

/// The languages a script allows.
fn allowed(script: Script) -> &'static [&'static str] {
    match script {
        Script::Thai => &["th"],
        Script::Hangul => &["ko"],
        Script::Kana => &["ja"],
        Script::Arabic => &["ar"],
        Script::Han => &["zh", "ja"],
        Script::Cyrillic => &["ru", "uk"],
        Script::Latin => &[
            "en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "nb", "fi", "cs", "tr",
            "vi", "id", "ms",
        ],
        Script::Other => &[],
    }
}

/// The feature families the model reads.
pub const MASK: Mask = Mask::of(&[Family::Char1, Family::Char2, Family::Char3, Family::Word]);

/// Identifies the language of a cleaned text (whose phase-one features
/// are in `bag`) with `model`.
pub fn identify(model: &Linear, c: &Cleaned, bag: &Bag) -> Guess {
    let unknown = Guess {
        code: "unknown",
        confidence: 0.0,
    };
    if c.letters == 0 {
        return unknown;
    }
    // Kana anywhere means Japanese, even when Han characters outnumber it.
    let script = if c.scripts.iter().any(|(s, _)| *s == Script::Kana) {
        Script::Kana
    } else {
        match text::dominant_script(c) {
            Some(s) => s,
            None => return unknown,
        }
    };
    let allowed = allowed(script);
    match allowed {
        [] => unknown,
        [only] => Guess {
            code: only,
            confidence: 1.0,
        },
        _ => {
            let probs = model.probs(bag);
            let mut best: Option<(&'static str, f32)> = None;
            let mut total = 0.0;
            for (class, p) in model.classes.iter().zip(&probs) {
                if let Some(code) = allowed.iter().find(|a| **a == class.as_str()) {
                    total += p;
                    if best.is_none_or(|(_, bp)| *p > bp) {
                        best = Some((code, *p));
                    }
                }
            }
            match best {
                Some((code, p)) => Guess {
                    code,
                    confidence: if total > 0.0 { p / total } else { 0.0 },
                },
                None => unknown,
            }
        }
    }
}
