//! Common ground between a person and the shop.
//!
//! A person's *topics* are the content words of what they wrote (the
//! analyzer's topics, or the plain words when a text was not analyzed);
//! their *bio* is what they say about themselves. A topic *matches* a shop
//! word when it contains it ("gravelreifen" contains "gravel", "e-bikes"
//! contains "e-bike"), so one short list of words covers plurals,
//! compounds and Thai, which has no spaces. Shop words under five letters
//! must start the topic ("ride" matches "rides", not "pride"). A topic
//! also matches a shop word of seven letters or more that it shares all
//! but the last three letters of, at least five ([`is_form_of`]): the
//! shop writes whole words ("sustainable"), people write other forms of
//! them ("sustainability", "recycling" for "recycled"). Words that contain
//! the shop's own name ("trailwerk" contains "trail") never match: naming
//! the shop is not sharing its interests.

use crate::profile::Profile;
use crate::signals;

/// Shop words shorter than this must start a topic instead of being
/// anywhere in it ("ride" matches "rides" but not "pride"); Thai words are
/// exempt, being short and unspaced.
const MIN_CONTAINED: usize = 5;

/// Share of a person's comments on the shop's topics above which they count
/// as fully aligned by their comments alone.
pub const FULL_COMMENT_SHARE: f64 = 1.0;
/// Shop words in a bio that make it fully aligned (one gives half).
pub const FULL_BIO_WORDS: usize = 2;
/// Weight of the bio in an influencer's alignment: what people say they
/// make content about outweighs their comments to the shop, which are
/// about the shop's products almost by definition.
pub const BIO_WEIGHT: f64 = 0.7;

fn is_thai(w: &str) -> bool {
    w.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Shop words from this many letters on also match the other forms of
/// the word ([`is_form_of`]).
const MIN_FORMED: usize = 7;
/// Letters at the end of a shop word that another form may write
/// differently ("-able" → "-ability", "-ed" → "-ing").
const ENDING: usize = 3;

/// Whether `topic` is another form of the shop word `word` (both
/// lowercased): `word` has [`MIN_FORMED`] letters or more and the two
/// share all of it but the last [`ENDING`] letters, and at least
/// [`MIN_CONTAINED`]. "sustainability" is a form of "sustainable",
/// "durability" of "durable", "recycling" of "recycled"; "grave" is not
/// one of "gravel" (too short a word), nor "location" of "local".
fn is_form_of(topic: &str, word: &str) -> bool {
    let len = word.chars().count();
    if len < MIN_FORMED || is_thai(word) {
        return false;
    }
    let shared = topic
        .chars()
        .zip(word.chars())
        .take_while(|(a, b)| a == b)
        .count();
    shared >= (len - ENDING).max(MIN_CONTAINED)
}

/// The shop word a topic matches, if any.
pub fn matching<'a>(topic: &str, words: &'a [String], shop: &str) -> Option<&'a str> {
    let t = topic.to_lowercase();
    let shop = shop.to_lowercase();
    if !shop.is_empty() && t.contains(&shop) {
        return None;
    }
    words.iter().map(String::as_str).find(|w| {
        !w.is_empty()
            && (t.starts_with(w)
                || ((w.chars().count() >= MIN_CONTAINED || is_thai(w)) && t.contains(w))
                || is_form_of(&t, w))
    })
}

/// The plain words of a text, for texts the analyzer did not read.
pub fn plain_topics(text: &str) -> Vec<String> {
    signals::normalize(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// How much of what a person wrote is about the shop's topics.
#[derive(Debug, Clone, PartialEq)]
pub struct Affinity {
    /// Share of their texts that touch a shop topic, 0..=1.
    pub share: f64,
    /// The shop topics they touched, most often first.
    pub shared: Vec<String>,
}

/// Affinity of a person's texts (each given as its topics) with `words`.
pub fn affinity(texts: &[Vec<String>], words: &[String], shop: &str) -> Affinity {
    let mut hits: Vec<(String, usize)> = Vec::new();
    let mut touching = 0usize;
    for topics in texts {
        let mut any = false;
        for t in topics {
            if let Some(w) = matching(t, words, shop) {
                any = true;
                match hits.iter_mut().find(|(x, _)| x == w) {
                    Some(h) => h.1 += 1,
                    None => hits.push((w.to_string(), 1)),
                }
            }
        }
        touching += usize::from(any);
    }
    hits.sort_by_key(|h| std::cmp::Reverse(h.1));
    Affinity {
        share: if texts.is_empty() {
            0.0
        } else {
            touching as f64 / texts.len() as f64
        },
        shared: hits.into_iter().map(|(w, _)| w).collect(),
    }
}

/// How well an account's interests match the shop's topics and values.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// 0..=1.
    pub score: f64,
    /// Shop topics and values they share.
    pub shared: Vec<String>,
    /// What else their profile talks about (bio words that match nothing).
    pub other: Vec<String>,
    /// The words they wrote that share `shared`, one per shop word in the
    /// same order: what a reader is shown instead of the shop's words
    /// ("sustainability" where the profile says "sustainable").
    pub words: Vec<String>,
}

/// The word to show for shop word `shop` among the words a person wrote
/// that match it (`written`, in the order met): the shortest, the first
/// of equals ("gravel" before "gravelreifen"); for Thai the shop's own
/// word, since a Thai run of text holds several words unspaced.
fn shown_word(shop: &str, written: &[(String, String)]) -> Option<String> {
    if is_thai(shop) {
        return Some(shop.to_string());
    }
    written
        .iter()
        .filter(|(s, _)| s == shop)
        .map(|(_, w)| w)
        .min_by_key(|w| w.chars().count())
        .cloned()
}

/// Alignment from a bio and the person's texts: `BIO_WEIGHT` × bio
/// alignment (shop words in the bio against [`FULL_BIO_WORDS`]) plus the
/// rest × their comment affinity; without a bio, the comments alone.
pub fn alignment(bio: Option<&str>, texts: &[Vec<String>], p: &Profile) -> Alignment {
    let words: Vec<String> = p.topics.iter().chain(&p.values).cloned().collect();
    let comments = affinity(texts, &words, &p.name);
    let bio_words: Vec<String> = bio.map(plain_topics).unwrap_or_default();
    // (shop word, the person's word) for every match, the bio's first.
    let mut written: Vec<(String, String)> = Vec::new();
    if bio_words.is_empty() {
        written_in_comments(texts, &words, &p.name, &mut written);
        return Alignment {
            score: (comments.share / FULL_COMMENT_SHARE).min(1.0),
            words: shown_words(&comments.shared, &written),
            shared: comments.shared,
            other: Vec::new(),
        };
    }
    let mut shared: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for w in &bio_words {
        // Every shop word in it: a Thai bio is one unspaced run of words.
        let hits: Vec<&String> = words
            .iter()
            .filter(|s| matching(w, std::slice::from_ref(s), &p.name).is_some())
            .collect();
        for h in &hits {
            written.push(((*h).clone(), w.clone()));
            if !shared.contains(h) {
                shared.push((*h).clone());
            }
        }
        if hits.is_empty() && !STOP.contains(&w.as_str()) {
            other.push(w.clone());
        }
    }
    let bio_score = (shared.len() as f64 / FULL_BIO_WORDS as f64).min(1.0);
    for w in comments.shared {
        if !shared.contains(&w) {
            shared.push(w);
        }
    }
    written_in_comments(texts, &words, &p.name, &mut written);
    Alignment {
        score: BIO_WEIGHT * bio_score + (1.0 - BIO_WEIGHT) * comments.share.min(1.0),
        words: shown_words(&shared, &written),
        shared,
        other,
    }
}

/// Adds `(shop word, topic)` for every topic of `texts` matching one.
fn written_in_comments(
    texts: &[Vec<String>],
    words: &[String],
    shop: &str,
    out: &mut Vec<(String, String)>,
) {
    for t in texts.iter().flatten() {
        if let Some(w) = matching(t, words, shop) {
            out.push((w.to_string(), t.to_lowercase()));
        }
    }
}

/// [`shown_word`] for each of `shared`, without repeats (two shop words
/// can be met in one written word).
fn shown_words(shared: &[String], written: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in shared {
        if let Some(w) = shown_word(s, written) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// Bio filler that says nothing about interests.
const STOP: &[&str] = &[
    "and",
    "the",
    "for",
    "from",
    "with",
    "via",
    "every",
    "daily",
    "und",
    "des",
    "aus",
    "jeden",
    "per",
    "tages",
    "partnerships",
    "kooperationen",
    "dm",
    "coach",
    "ทุกวัน",
    "และ",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn t(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn compounds_and_plurals_match_but_the_shop_name_does_not() {
        let words = t(&["gravel", "tyre", "ride", "ยาง"]);
        assert_eq!(
            matching("schotter-45-gravelreifen", &words, "Trailwerk"),
            Some("gravel")
        );
        assert_eq!(matching("tyres", &words, "Trailwerk"), Some("tyre"));
        assert_eq!(matching("ride", &words, "Trailwerk"), Some("ride"));
        assert_eq!(matching("pride", &words, "Trailwerk"), None, "short word");
        assert_eq!(matching("ยางนอก", &words, "Trailwerk"), Some("ยาง"));
        let trail = t(&["trail"]);
        assert_eq!(matching("trailwerk", &trail, "Trailwerk"), None);
    }

    #[test]
    fn affinity_is_the_share_of_texts_on_topic() {
        // Two of three texts touch a shop topic; "gravel" twice, "tyre" once.
        let texts = vec![
            t(&["gravel", "tyre"]),
            t(&["coffee", "sunday"]),
            t(&["gravel", "route"]),
        ];
        let a = affinity(&texts, &t(&["gravel", "tyre"]), "Trailwerk");
        assert!((a.share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(a.shared, vec!["gravel", "tyre"]);
        assert_eq!(affinity(&[], &t(&["gravel"]), "x").share, 0.0);
    }

    #[test]
    fn a_crypto_bio_is_not_aligned_and_a_gravel_bio_is() {
        let p = Profile::trailwerk();
        // Comment on a tyre post: comment share 1.0.
        let texts = vec![t(&["schotter", "gravel", "tyre"])];
        let off = alignment(Some("Crypto, markets and morning motivation"), &texts, &p);
        // 0.7 × 0 bio words + 0.3 × 1.0 comments.
        assert!((off.score - 0.3).abs() < 1e-9, "{off:?}");
        assert_eq!(
            off.other,
            vec!["crypto", "markets", "morning", "motivation"]
        );
        let on = alignment(Some("Gravel adventures and bikepacking guides"), &texts, &p);
        // 0.7 × min(1, 2/2) + 0.3 × 1.0.
        assert!((on.score - 1.0).abs() < 1e-9, "{on:?}");
        // Thai bios have no spaces: both shop words in one run count.
        let th = alignment(Some("รีวิวจักรยานและเส้นทางปั่นทุกสัปดาห์ | ติดต่องานทาง DM"), &[], &p);
        assert!((th.score - 0.7).abs() < 1e-9, "{th:?}");
        let none = alignment(None, &[t(&["fashion"])], &p);
        assert_eq!(none.score, 0.0);
    }

    #[test]
    fn a_long_shop_word_matches_the_other_forms_people_write() {
        let words: Vec<String> = ["sustainable", "durable", "recycled", "gravel", "local"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let m = |topic: &str| matching(topic, &words, "Trailwerk");
        assert_eq!(m("sustainability"), Some("sustainable"));
        assert_eq!(m("Sustainably"), Some("sustainable"));
        assert_eq!(m("durability"), Some("durable"));
        assert_eq!(m("recycling"), Some("recycled"));
        // Short shop words and other words that merely begin alike do not.
        assert_eq!(m("grave"), None);
        assert_eq!(m("location"), None);
        assert_eq!(m("sustain"), None);
        assert_eq!(m("duration"), None);
        // Plain starts still match, as before.
        assert_eq!(m("gravelbike"), Some("gravel"));
        assert_eq!(m("locally"), Some("local"));
    }

    #[test]
    fn the_words_shown_are_the_persons_not_the_shops_stems() {
        let p = Profile::trailwerk();
        let texts = vec![t(&["gravelreifen", "tubeless"]), t(&["gravel", "route"])];
        let a = alignment(
            Some("Sustainable touring, bike repairs and gravel"),
            &texts,
            &p,
        );
        // "repair" is the profile's word; the person wrote "repairs". For
        // "gravel", "gravel" beats "gravelreifen" (which still stands for
        // "reifen").
        assert!(a.shared.contains(&"sustainable".to_string()), "{a:?}");
        assert!(a.words.contains(&"sustainable".to_string()), "{a:?}");
        assert!(a.words.contains(&"repairs".to_string()), "{a:?}");
        assert!(a.words.contains(&"gravel".to_string()), "{a:?}");
        assert!(a.words.contains(&"tubeless".to_string()), "{a:?}");
        assert!(!a.words.iter().any(|w| w == "repair"));
        assert_eq!(
            a.words.iter().filter(|w| *w == "gravelreifen").count(),
            1,
            "{a:?}"
        );
        // Thai: the shop's word, not the whole unspaced run.
        let th = alignment(Some("รีวิวจักรยานและเส้นทางปั่นทุกสัปดาห์"), &[], &p);
        assert!(th.words.contains(&"จักรยาน".to_string()), "{th:?}");
        assert!(th.words.iter().all(|w| w.chars().count() < 10), "{th:?}");
    }
}
