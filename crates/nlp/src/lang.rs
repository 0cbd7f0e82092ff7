//! Language identification for 24 languages.
//!
//! The script decides first where it can: Thai, Hangul, Kana and Arabic
//! letters each belong to one supported language. Where a script is shared
//! (Latin by 17 languages, Cyrillic by two, Han by Chinese and Japanese) a
//! linear model over character 3-grams and words chooses among the
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

/// Indices into [`LANGUAGES`].
#[allow(missing_docs)]
pub mod ix {
    pub const EN: u8 = 0;
    pub const DE: u8 = 1;
    pub const TH: u8 = 2;
    pub const FR: u8 = 3;
    pub const ES: u8 = 4;
    pub const IT: u8 = 5;
    pub const NL: u8 = 6;
    pub const PT: u8 = 7;
    pub const PL: u8 = 8;
    pub const SV: u8 = 9;
    pub const DA: u8 = 10;
    pub const NB: u8 = 11;
    pub const FI: u8 = 12;
    pub const CS: u8 = 13;
    pub const TR: u8 = 14;
    pub const RU: u8 = 15;
    pub const UK: u8 = 16;
    pub const JA: u8 = 17;
    pub const ZH: u8 = 18;
    pub const KO: u8 = 19;
    pub const VI: u8 = 20;
    pub const ID: u8 = 21;
    pub const MS: u8 = 22;
    pub const AR: u8 = 23;
}

/// The languages a script allows, as indices into [`LANGUAGES`].
fn allowed(script: Script) -> &'static [u8] {
    use ix::*;
    match script {
        Script::Thai => &[TH],
        Script::Hangul => &[KO],
        Script::Kana => &[JA],
        Script::Arabic => &[AR],
        Script::Han => &[ZH, JA],
        Script::Cyrillic => &[RU, UK],
        Script::Latin => &[
            EN, DE, FR, ES, IT, NL, PT, PL, SV, DA, NB, FI, CS, TR, VI, ID, MS,
        ],
        Script::Other => &[],
    }
}

/// The languages the model ever chooses among (those of scripts that
/// several languages share), as indices into [`LANGUAGES`].
pub fn chosen_by_model() -> Vec<u8> {
    let scripts = [
        Script::Latin,
        Script::Thai,
        Script::Cyrillic,
        Script::Arabic,
        Script::Han,
        Script::Kana,
        Script::Hangul,
        Script::Other,
    ];
    let mut out: Vec<u8> = scripts
        .into_iter()
        .map(allowed)
        .filter(|a| a.len() > 1)
        .flatten()
        .copied()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The feature families the model reads: character 3-grams, which every
/// model in the main table reads too, and words. Without 1- and 2-grams
/// dev accuracy is 0.974 on sentences (was 0.976) and 0.863 on word pairs
/// (was 0.877), and each text hashes and scores 200 fewer features.
pub const MASK: Mask = Mask::of(&[Family::Char3, Family::Word]);

/// The languages a cleaned text's script allows, as indices into
/// [`LANGUAGES`]: none (no letters, or a script we do not know), one (the
/// script decides), or several for the model to choose among.
pub fn candidates(c: &Cleaned) -> &'static [u8] {
    if c.letters == 0 {
        return &[];
    }
    // Kana anywhere means Japanese, even when Han characters outnumber it.
    if c.scripts.iter().any(|(s, _)| *s == Script::Kana) {
        return allowed(Script::Kana);
    }
    text::dominant_script(c).map_or(&[], allowed)
}

/// The code of [`LANGUAGES`] index `i`.
pub fn code(i: u8) -> &'static str {
    LANGUAGES.get(usize::from(i)).copied().unwrap_or("unknown")
}

/// The [`LANGUAGES`] index of each of a model's classes (`u8::MAX` for a
/// class that is none of them).
pub fn class_indices(classes: &[String]) -> Vec<u8> {
    classes
        .iter()
        .map(|c| {
            LANGUAGES
                .iter()
                .position(|l| l == c)
                .map_or(u8::MAX, |i| i as u8)
        })
        .collect()
}

/// The most probable of the `allowed` languages, given the [`LANGUAGES`]
/// index of each model class and the class probabilities; its confidence
/// is renormalised over `allowed`.
pub fn choose(allowed: &[u8], class_langs: &[u8], probs: &[f32]) -> Guess {
    let set = allowed
        .iter()
        .filter(|&&i| i < 32)
        .fold(0u32, |m, &i| m | 1 << i);
    let mut best: Option<(u8, f32)> = None;
    let mut total = 0.0;
    for (&l, &p) in class_langs.iter().zip(probs) {
        if l < 32 && set & (1 << l) != 0 {
            total += p;
            if best.is_none_or(|(_, bp)| p > bp) {
                best = Some((l, p));
            }
        }
    }
    match best {
        Some((l, p)) => Guess {
            code: code(l),
            confidence: if total > 0.0 { p / total } else { 0.0 },
        },
        None => Guess::UNKNOWN,
    }
}

/// The probability of language `l` among the `allowed` ones.
pub fn share(allowed: &[u8], class_langs: &[u8], probs: &[f32], l: u8) -> f32 {
    let (mut total, mut own) = (0.0, 0.0);
    for (&c, &p) in class_langs.iter().zip(probs) {
        if allowed.contains(&c) {
            total += p;
            if c == l {
                own += p;
            }
        }
    }
    if total > 0.0 {
        own / total
    } else {
        0.0
    }
}

/// [`choose`] with each language's probability weighed by `weight`.
pub fn choose_weighted(
    allowed: &[u8],
    class_langs: &[u8],
    probs: &[f32],
    weight: impl Fn(u8) -> f32,
) -> Guess {
    let mut weighed = [0f32; 32];
    let n = class_langs.len().min(probs.len()).min(weighed.len());
    for i in 0..n {
        weighed[i] = probs[i] * weight(class_langs[i]);
    }
    choose(allowed, class_langs, &weighed[..n])
}

/// The [`LANGUAGES`] index of an ISO 639-1 code.
pub fn index(code: &str) -> Option<u8> {
    LANGUAGES.iter().position(|l| *l == code).map(|i| i as u8)
}

impl Guess {
    /// No language.
    pub const UNKNOWN: Guess = Guess {
        code: "unknown",
        confidence: 0.0,
    };

    /// The language a script decides alone.
    pub fn only(i: u8) -> Guess {
        Guess {
            code: code(i),
            confidence: 1.0,
        }
    }
}

/// Identifies the language of a cleaned text (whose phase-one features
/// are in `bag`) with `model`.
pub fn identify(model: &Linear, c: &Cleaned, bag: &Bag) -> Guess {
    match candidates(c) {
        [] => Guess::UNKNOWN,
        [only] => Guess::only(*only),
        allowed => choose(allowed, &class_indices(&model.classes), &model.probs(bag)),
    }
}
