//! Sentiment: positive, neutral or negative, with a confidence.
//!
//! One linear model per language (English, German, Thai) trained on public
//! labelled social-media text, and a pooled model for every other
//! language. They read character 2–5-grams, stems (marked inside a
//! negation's scope), stem pairs, rule signals (emoticons, punctuation,
//! complaint and praise vocabulary) and, for English, the valence of words
//! in the VADER lexicon — which carries what 1,800 training tweets cannot.

use crate::features::{Family, Mask};
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Hash bits of the sentiment models.
pub const BITS: u32 = 16;

/// The classes, in model order.
pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

/// The feature families the models read.
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

fn stemmer(lang: &str) -> Option<&'static Stemmer> {
    static EN: OnceLock<Stemmer> = OnceLock::new();
    static DE: OnceLock<Stemmer> = OnceLock::new();
    match lang {
        "en" => Some(EN.get_or_init(|| Stemmer::create(Algorithm::English))),
        "de" => Some(DE.get_or_init(|| Stemmer::create(Algorithm::German))),
        _ => None,
    }
}

thread_local! {
    /// Recent stems per thread: social text repeats its words, and a
    /// Snowball stemmer costs far more than a hash lookup.
    static STEMS: std::cell::RefCell<crate::lexicon::FnvMap<(bool, String), String>> =
        std::cell::RefCell::new(crate::lexicon::FnvMap::default());
}

/// Entries the stem cache holds before it starts over.
const STEM_CACHE: usize = 50_000;

/// The stem of a word in `lang` (the word itself where no stemmer applies).
pub fn stem<'a>(lang: &str, word: &'a str) -> std::borrow::Cow<'a, str> {
    let Some(stemmer) = stemmer(lang) else {
        return std::borrow::Cow::Borrowed(word);
    };
    if !word.chars().all(char::is_alphabetic) {
        return std::borrow::Cow::Borrowed(word);
    }
    let key = (lang == "de", word.to_string());
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(s) = cache.get(&key) {
            return std::borrow::Cow::Owned(s.clone());
        }
        let s = stemmer.stem(word).into_owned();
        if cache.len() >= STEM_CACHE {
            cache.clear();
        }
        cache.insert(key, s.clone());
        std::borrow::Cow::Owned(s)
    })
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
