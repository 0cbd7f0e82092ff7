//! Sentiment: positive, neutral or negative, with a confidence.
//!
//! One linear model per language (English, German, Thai) trained on public
//! labelled social-media text, and a pooled model for every other
//! language. They read character 2–5-grams (English: 3-grams only), stems
//! (marked inside a negation's scope), stem pairs, rule signals (emoticons,
//! punctuation, complaint and praise vocabulary) and, for English, the
//! valence of words in the VADER lexicon — which carries what 1,800
//! training tweets cannot.

use crate::features::{Family, Mask};
use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Hash bits of the sentiment models, but Thai's.
pub const BITS: u32 = 15;

/// Hash bits of the Thai model: its segmented words and dense script
/// need the larger table (dev accuracy falls a point at 15 bits).
pub const BITS_THAI: u32 = 16;

/// Hash bits of the model for `lang`.
pub fn bits(lang: &str) -> u32 {
    if lang == "th" {
        BITS_THAI
    } else {
        BITS
    }
}

/// The classes, in model order.
pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

/// The feature families the models read, but English.
pub const MASK: Mask = Mask::of(&[
    Family::Char2,
    Family::Char3,
    Family::Char4,
    Family::Char5,
    Family::Stem,
    Family::Pair,
    Family::Rule,
    Family::Lex,
]);

/// The English model's families: of the character n-grams only 3-grams,
/// the order the language and intent models read too, so that an English
/// text hashes and scores one order of n-grams in all. The VADER lexicon
/// and the stems carry what the other orders add elsewhere: dev macro
/// recall is 0.661 with 3-grams only, 0.657 with 2–3-grams and 0.651 with
/// 2–5-grams.
pub const MASK_EN: Mask = Mask::of(&[
    Family::Char3,
    Family::Stem,
    Family::Pair,
    Family::Rule,
    Family::Lex,
]);

/// The feature families of the model for `lang`.
pub fn mask(lang: &str) -> Mask {
    if lang == "en" {
        MASK_EN
    } else {
        MASK
    }
}

fn stemmer(lang: &str) -> Option<&'static Stemmer> {
    static EN: OnceLock<Stemmer> = OnceLock::new();
    static DE: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        "en" => Some(EN.get_or_init(|| Stemmer::create(Algorithm::English))),
        "de" => Some(DE.get_or_init(|| Stemmer::create(Algorithm::German))),
        _ => None,
    }
}

/// The stem of a word in `lang` (the word itself where no stemmer applies).
pub fn stem<'a>(lang: &str, word: &'a str) -> Cow<'a, str> {
    match stemmer(lang) {
        Some(st) if word.chars().all(char::is_alphabetic) => Cow::Owned(st.stem(word).into_owned()),
        _ => Cow::Borrowed(word),
    }
}

/// The feature hash of a word's stem in `lang`: `hash_str(stem(lang, word))`,
/// from the per-thread word cache.
pub fn stem_hash(lang: &str, word: &str) -> u64 {
    crate::lexicon::word(word).stem_hash(lang)
}

/// The model that reads a text of language `code`.
pub fn model_language(code: &str) -> &'static str {
    match code {
        "en" => "en",
        "de" => "de",
        "th" => "th",
        _ => "xx",
    }
}
