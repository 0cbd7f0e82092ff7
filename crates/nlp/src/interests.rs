//! Interests a person would recognise: what to show beside their name.
//!
//! Three kinds, in this order:
//!
//! 1. **Products** they bought, as the shop titles them ("Kiesel-Trail-
//!    Reifen"); those they also write about come first. A title is
//!    *mentioned* by a message that has at least half its words (rounded
//!    up) — "the Kiesel Trail" mentions "Kiesel trail tyre".
//! 2. **The shop's topics** their messages touch (the profile's topics and
//!    values, matched as [`rapport_core::affinity::matching`] matches them),
//!    shown as the word the person wrote: the profile says "sustainable",
//!    the person wrote "sustainability".
//! 3. **Key phrases**: words and two-word phrases ("gravel tyre") that
//!    come back in at least [`MIN_MESSAGES`] of their messages.
//!
//! What is never shown: stop words and filler — the maintained lists of
//! the `stop-words` crate (stopwords-iso) for Latin-script languages and
//! PyThaiNLP's Thai list shipped in `kham-core` — numbers and sizes,
//! handles, links, the shop's own name, sentiment words (the English
//! VADER lexicon's and the analyzer's praise, complaint, question and
//! stock-phrase lists in every language: "happy" is a feeling, not an
//! interest), in German any word not written with a capital inside a
//! sentence, since German writes every noun capitalised and filler
//! ("gedacht", "sollte") is not a noun, and in Thai whole words that kham-core's part-of-speech table
//! calls anything but a noun ("ขอบคุณ", "แนะนำ").
//!
//! Thai is written without spaces and the dictionary segmenter cuts a
//! name or loanword it does not know into the syllables it does
//! ("คีเซล" → "คี", "เซ", "ล"). So a Thai key phrase is either a whole
//! word of four letters or more, or a run of adjacent shorter non-stop
//! pieces glued back together ("ไบค์" "แพ็ค" "กิ้ง" → "ไบค์แพ็คกิ้ง"); a
//! piece of three letters or fewer — a syllable — is never shown alone. Nothing
//! shown is a stem: every entry is a stretch the person (or, for
//! products, the shop) wrote.

use crate::lexicon;
use crate::thai;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// At most this many interests.
pub const MAX: usize = 8;

/// At most this many of them products: a big buyer's list still says
/// what they talk about.
pub const MAX_PRODUCTS: usize = 4;

/// A key phrase must come back in at least this many messages: said once,
/// a word is as likely chance as interest.
pub const MIN_MESSAGES: usize = 2;

/// Words that name no interest in a shop's messages, beyond the stop
/// lists: what every customer-service exchange is about.
const FILLER: &[&str] = &[
    "order",
    "orders",
    "ordered",
    "email",
    "mail",
    "shop",
    "store",
    "customer",
    "thanks",
    "thank",
    "danke",
    "bitte",
    "hallo",
    "hello",
    "please",
    "bestellung",
    "shopping",
    "antwort",
    "answer",
    "reply",
    "days",
    "weeks",
    "wochen",
    // The paperwork of an order: what a service exchange is about, not
    // what the person cares for.
    "receipt",
    "invoice",
    "refund",
    "parcel",
    "package",
    "delivery",
    "tracking",
    "dm",
    "beleg",
    "rechnung",
    "erstattung",
    "paket",
    "lieferung",
    "sendung",
    "reklamation",
    "retoure",
    "ใบเสร็จ",
    "พัสดุ",
    "ออเดอร์",
];

/// Thai letters that sit on another letter (vowel signs above and below,
/// tone marks, the silencer): not counted as letters of their own.
fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Letters of a Thai word that are not marks: "ยาง" has 3, "จักรยาน" 6.
fn thai_letters(w: &str) -> usize {
    w.chars()
        .filter(|c| is_thai(*c) && !is_thai_mark(*c))
        .count()
}

/// Thai pieces with fewer letters than this are syllables, not words to
/// show on their own.
const THAI_WORD_LETTERS: usize = 4;

/// One message of the person.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// What they wrote.
    pub text: &'a str,
    /// Its language (ISO 639-1, or `unknown`).
    pub language: &'a str,
}

/// What the shop says about itself.
#[derive(Debug, Clone, Copy)]
pub struct Shop<'a> {
    /// Its name ("Trailwerk"): naming the shop is not an interest.
    pub name: &'a str,
    /// Its topics and values, as the profile lists them.
    pub words: &'a [String],
}

/// The interests of a person who wrote `messages` and bought `bought`
/// (product titles, one per order line), at most [`MAX`].
pub fn interests(messages: &[Message], bought: &[&str], shop: &Shop) -> Vec<String> {
    // A message sent again word for word (a reply pasted twice) says its
    // words once: the person did not come back to them.
    let mut seen: HashSet<String> = HashSet::new();
    let read: Vec<Read> = messages
        .iter()
        .filter(|m| {
            let key: Vec<String> = m.text.split_whitespace().map(str::to_lowercase).collect();
            seen.insert(key.join(" "))
        })
        .map(|m| Read::new(m, shop))
        .collect();
    let mut out = products(&read, bought);
    let shown_product_words: HashSet<String> = out.iter().flat_map(|t| title_words(t)).collect();
    let is_product_word = |w: &str| shown_product_words.contains(w);

    let topics = topics(&read);
    let phrases = phrases(&read, shop, &is_product_word);
    // A topic inside a phrase shown is said by the phrase.
    let inside = |t: &str| {
        phrases
            .iter()
            .any(|(p, _)| p.split(' ').any(|w| w == t) || (is_thai_word(t) && p.contains(t)))
    };
    let mut rest: Vec<(usize, u8, String)> = topics
        .into_iter()
        .filter(|(t, _)| !inside(t) && !is_product_word(t))
        .map(|(t, n)| (n, 0, t))
        .collect();
    rest.extend(phrases.iter().map(|(p, n)| (*n, 1, p.clone())));
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let forms = written_forms(&read);
    for (_, _, key) in rest {
        if out.len() >= MAX {
            break;
        }
        if !out.iter().any(|o| o.to_lowercase() == key) {
            out.push(forms.get(&key).cloned().unwrap_or(key));
        }
    }
    out
}

/// How the person wrote each word and two-word phrase most often, keyed
/// by its lowercase form: "Feierabendrunde" as a German noun, "gravel" in
/// the middle of an English sentence. Ties go to the form with fewer
/// capitals.
fn written_forms(read: &[Read]) -> HashMap<String, String> {
    let mut counts: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for r in read {
        for (i, w) in r.words.iter().enumerate() {
            *counts
                .entry(w.lower.clone())
                .or_default()
                .entry(w.surface.clone())
                .or_default() += 1;
            if let Some(prev) = i.checked_sub(1).and_then(|j| r.words.get(j)) {
                if w.joined {
                    *counts
                        .entry(format!("{} {}", prev.lower, w.lower))
                        .or_default()
                        .entry(format!("{} {}", prev.surface, w.surface))
                        .or_default() += 1;
                }
            }
        }
    }
    let capitals = |s: &str| s.chars().filter(|c| c.is_uppercase()).count();
    counts
        .into_iter()
        .filter_map(|(key, forms)| {
            forms
                .into_iter()
                .max_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then(capitals(&b.0).cmp(&capitals(&a.0)))
                        .then(b.0.cmp(&a.0))
                })
                .map(|(form, _)| (key, form))
        })
        .collect()
}

fn is_thai_word(w: &str) -> bool {
    w.chars().any(is_thai)
}

/// A word of a message as written.
#[derive(Debug, Clone)]
struct Word {
    /// Lowercased.
    lower: String,
    /// As written (with a typographic apostrophe made plain).
    surface: String,
    /// Began with a capital letter where a sentence does not begin (so,
    /// in German, a noun).
    capital: bool,
    /// Only spaces stand between it and the word before (so the two can
    /// form a phrase).
    joined: bool,
}

/// One message, read once.
struct Read {
    /// Its words in Latin and other spaced scripts.
    words: Vec<Word>,
    /// Its runs of Thai script, whole.
    thai_runs: Vec<String>,
    /// Its Thai key-phrase candidates (see the module docs).
    thai_groups: Vec<String>,
    /// German: only capitalised words (nouns) are key words.
    german: bool,
    /// The stop list of its language (besides English and German).
    stop: Option<&'static HashSet<&'static str>>,
    /// The shop's topics it touches: profile word → the word written.
    topics: Vec<(String, String)>,
}

impl Read {
    fn new(m: &Message, shop: &Shop) -> Read {
        let (words, thai_runs) = split(m.text);
        let thai_groups = thai_runs.iter().flat_map(|r| thai_groups(r)).collect();
        let mut topics: Vec<(String, String)> = Vec::new();
        for w in &words {
            if w.lower.chars().all(|c| c.is_ascii_digit()) || is_stop(&w.lower, None) {
                continue;
            }
            if let Some(t) = rapport_core::affinity::matching(&w.lower, shop.words, shop.name) {
                if !topics.iter().any(|(x, _)| x == t) {
                    topics.push((t.to_string(), w.lower.clone()));
                }
            }
        }
        for t in shop.words.iter().filter(|t| is_thai_word(t)) {
            if thai_runs.iter().any(|r| r.contains(t.as_str()))
                && !topics.iter().any(|(x, _)| x == t)
            {
                topics.push((t.clone(), t.clone()));
            }
        }
        Read {
            words,
            thai_runs,
            thai_groups,
            german: m.language == "de",
            stop: stop_list(m.language),
            topics,
        }
    }

    /// Lowercased words, also each part of a hyphenated compound.
    fn word_set(&self) -> HashSet<&str> {
        self.words
            .iter()
            .flat_map(|w| std::iter::once(w.lower.as_str()).chain(w.lower.split('-')))
            .collect()
    }
}

/// Splits a text into its spaced-script words and its Thai runs, leaving
/// out @handles, links and the `#` of hashtags. A hyphen or apostrophe
/// between two letters stays in the word ("e-bike", "don't").
fn split(text: &str) -> (Vec<Word>, Vec<String>) {
    let mut words: Vec<Word> = Vec::new();
    let mut runs: Vec<String> = Vec::new();
    let mut joined = false;
    let mut sentence_start = true;
    for chunk in text.split_whitespace() {
        if chunk.starts_with('@') || chunk.contains("://") || chunk.starts_with("www.") {
            joined = false;
            continue;
        }
        let chars: Vec<char> = chunk.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_thai(c) && (c.is_alphabetic() || is_thai_mark(c)) {
                let start = i;
                while i < chars.len()
                    && is_thai(chars[i])
                    && !matches!(chars[i], '\u{0E3F}' | '\u{0E4F}'..='\u{0E5B}')
                {
                    i += 1;
                }
                runs.push(chars[start..i].iter().collect());
                joined = false;
            } else if c.is_alphanumeric() && !is_thai(c) {
                let start = i;
                while i < chars.len() {
                    let d = chars[i];
                    let inner = matches!(d, '-' | '\'' | '’')
                        && i > start
                        && chars
                            .get(i + 1)
                            .is_some_and(|n| n.is_alphanumeric() && !is_thai(*n));
                    if (d.is_alphanumeric() && !is_thai(d)) || inner {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let surface: String = chars[start..i].iter().collect::<String>().replace('’', "'");
                words.push(Word {
                    lower: surface.to_lowercase(),
                    capital: !sentence_start
                        && surface.chars().next().is_some_and(char::is_uppercase),
                    surface,
                    joined,
                });
                joined = true;
                sentence_start = false;
            } else {
                joined = false;
                sentence_start |= matches!(c, '.' | '!' | '?' | '…' | ':');
                i += 1;
            }
        }
    }
    (words, runs)
}

/// Thai key-phrase candidates of one run: whole words (four letters or
/// more) on their own, and runs of adjacent shorter non-stop pieces glued
/// back together (a name or loanword the dictionary cut into syllables)
/// when they make at least a word's length.
fn thai_groups(run: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut group = String::new();
    let flush = |group: &mut String, out: &mut Vec<String>| {
        if thai_letters(group) >= THAI_WORD_LETTERS {
            out.push(std::mem::take(group));
        }
        group.clear();
    };
    for piece in thai::segment(run) {
        let long = thai_letters(piece) >= THAI_WORD_LETTERS;
        if is_thai_stop(piece) || lexicon::flags(piece) != 0 || (long && !thai_noun(piece)) {
            flush(&mut group, &mut out);
        } else if long {
            flush(&mut group, &mut out);
            out.push(piece.to_string());
        } else {
            group.push_str(piece);
        }
    }
    flush(&mut group, &mut out);
    out
}

/// Whether a whole Thai word may name an interest: a noun, a name, or a
/// word the part-of-speech table (kham-core's) does not know — names and
/// loanwords mostly. Verbs ("แนะนำ", recommend), adjectives and the
/// closed classes never do. Syllable-sized pieces are not looked up: they
/// are mostly fragments, whose tag says nothing.
fn thai_noun(w: &str) -> bool {
    use kham_core::pos::{PosTag, PosTagger};
    static T: OnceLock<PosTagger> = OnceLock::new();
    matches!(
        T.get_or_init(PosTagger::builtin).tag(w),
        None | Some(PosTag::Noun | PosTag::ProperNoun)
    )
}

fn thai_stop() -> &'static kham_core::stopwords::StopwordSet {
    static S: OnceLock<kham_core::stopwords::StopwordSet> = OnceLock::new();
    S.get_or_init(kham_core::stopwords::StopwordSet::builtin)
}

fn is_thai_stop(w: &str) -> bool {
    thai_stop().contains(w) || crate::topics::is_stopword("th", w)
}

/// A stop-word list as a set, by language code; lists are built once.
fn stop_list(lang: &str) -> Option<&'static HashSet<&'static str>> {
    static LISTS: OnceLock<HashMap<&'static str, HashSet<&'static str>>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            stop_words::available_languages()
                .iter()
                .filter_map(|code| {
                    stop_words::lookup(code).map(|words| (*code, words.iter().copied().collect()))
                })
                .collect()
        })
        .get(lang)
}

/// A stop word in English, German or `also`'s list, or filler.
fn is_stop(w: &str, also: Option<&HashSet<&str>>) -> bool {
    FILLER.contains(&w)
        || ["en", "de"]
            .iter()
            .any(|l| stop_list(l).is_some_and(|s| s.contains(w)))
        || also.is_some_and(|s| s.contains(w))
        || w.split('-')
            .all(|part| stop_list("en").is_some_and(|s| s.contains(part)))
}

/// The words of a product title, lowercased, without stop words and
/// one-letter parts; hyphenated compounds are also split.
fn title_words(title: &str) -> Vec<String> {
    let (words, runs) = split(title);
    let mut out: Vec<String> = Vec::new();
    for w in words {
        for part in std::iter::once(w.lower.as_str()).chain(w.lower.split('-')) {
            if part.chars().count() >= 2 && !is_stop(part, None) && !out.iter().any(|o| o == part) {
                out.push(part.to_string());
            }
        }
    }
    for r in runs {
        for piece in thai::segment(&r) {
            if thai_letters(piece) >= 2 && !is_thai_stop(piece) && !out.iter().any(|o| o == piece) {
                out.push(piece.to_string());
            }
        }
    }
    out
}

/// Bought products, those written about first (most messages first), then
/// those bought most often, at most [`MAX_PRODUCTS`].
fn products(read: &[Read], bought: &[&str]) -> Vec<String> {
    // title → (messages mentioning it, times bought).
    let mut seen: Vec<(&str, usize, usize)> = Vec::new();
    for title in bought.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match seen.iter_mut().find(|(t, _, _)| *t == title) {
            Some(e) => e.2 += 1,
            None => seen.push((title, 0, 1)),
        }
    }
    let sets: Vec<HashSet<&str>> = read.iter().map(Read::word_set).collect();
    for e in &mut seen {
        let words = title_words(e.0);
        if words.is_empty() {
            continue;
        }
        let need = words.len().div_ceil(2);
        e.1 = read
            .iter()
            .zip(&sets)
            .filter(|(r, set)| {
                let hits = words
                    .iter()
                    .filter(|w| {
                        set.contains(w.as_str())
                            || (is_thai_word(w)
                                && r.thai_runs.iter().any(|run| run.contains(w.as_str())))
                    })
                    .count();
                hits >= need
            })
            .count();
    }
    // Ties by title, so that the order the orders come in does not matter.
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    seen.into_iter()
        .take(MAX_PRODUCTS)
        .map(|(t, _, _)| t.to_string())
        .collect()
}

/// The shop's topics touched, as the word most often written for each,
/// with the number of messages touching it.
fn topics(read: &[Read]) -> Vec<(String, usize)> {
    // profile word → (messages, written form → count).
    let mut by_topic: HashMap<&str, (usize, HashMap<&str, usize>)> = HashMap::new();
    for r in read {
        for (t, written) in &r.topics {
            let e = by_topic.entry(t.as_str()).or_default();
            e.0 += 1;
            *e.1.entry(written.as_str()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, usize)> = Vec::new();
    for (_, (n, forms)) in by_topic {
        let Some(best) = forms
            .into_iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(w, _)| w)
        else {
            continue;
        };
        match out.iter_mut().find(|(w, _)| w == best) {
            Some(e) => e.1 = e.1.max(n),
            None => out.push((best.to_string(), n)),
        }
    }
    out
}

/// Whether a spaced-script word can be (part of) a key phrase.
fn key_word(w: &Word, r: &Read, shop: &Shop) -> bool {
    let n = w.lower.chars().count();
    n >= 3
        && w.lower
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && (!r.german || w.capital)
        && !is_stop(&w.lower, r.stop)
        && lexicon::valence(&w.lower) == 0.0
        && lexicon::flags(&w.lower) == 0
        && (shop.name.is_empty() || !w.lower.contains(&shop.name.to_lowercase()))
}

/// Key words and phrases that come back in at least [`MIN_MESSAGES`]
/// messages, with that number; a phrase hides its words.
fn phrases(
    read: &[Read],
    shop: &Shop,
    is_product_word: &dyn Fn(&str) -> bool,
) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in read {
        let mut mine: HashSet<String> = HashSet::new();
        let ok: Vec<bool> = r
            .words
            .iter()
            .map(|w| key_word(w, r, shop) && !is_product_word(&w.lower))
            .collect();
        for (i, w) in r.words.iter().enumerate() {
            if !ok[i] {
                continue;
            }
            // A shop topic is counted as a topic, not a key word.
            if !r.topics.iter().any(|(_, written)| *written == w.lower) {
                mine.insert(w.lower.clone());
            }
            if i > 0 && ok[i - 1] && w.joined {
                mine.insert(format!("{} {}", r.words[i - 1].lower, w.lower));
            }
        }
        for g in &r.thai_groups {
            if !r.topics.iter().any(|(_, written)| written == g) {
                mine.insert(g.clone());
            }
        }
        for k in mine {
            *counts.entry(k).or_default() += 1;
        }
    }
    let kept: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= MIN_MESSAGES)
        .collect();
    let in_phrase: HashSet<&str> = kept
        .iter()
        .filter(|(k, _)| k.contains(' '))
        .flat_map(|(k, _)| k.split(' '))
        .collect();
    let mut out: Vec<(String, usize)> = kept
        .iter()
        .filter(|(k, _)| k.contains(' ') || !in_phrase.contains(k.as_str()))
        .cloned()
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop_words() -> Vec<String> {
        [
            "trail",
            "tyre",
            "gravel",
            "reifen",
            "sustainable",
            "repair",
            "ยาง",
            "จักรยาน",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect()
    }

    fn run(texts: &[(&str, &str)], bought: &[&str]) -> Vec<String> {
        let words = shop_words();
        let shop = Shop {
            name: "Trailwerk",
            words: &words,
        };
        let messages: Vec<Message> = texts
            .iter()
            .map(|(text, language)| Message { text, language })
            .collect();
        interests(&messages, bought, &shop)
    }

    #[test]
    fn filler_words_are_never_interests() {
        let got = run(
            &[
                (
                    "Ich habe schon gedacht, drei Tage durch den Harz sollte reichen",
                    "de",
                ),
                (
                    "Wir haben gedacht, das sollte durch drei Wochen halten",
                    "de",
                ),
                ("I already said it, come on, two weeks ago", "en"),
                ("Already came back ago, come and see", "en"),
            ],
            &[],
        );
        for filler in [
            "drei", "durch", "gedacht", "already", "sollte", "come", "ago",
        ] {
            assert!(
                !got.iter()
                    .any(|g| g.to_lowercase().split(' ').any(|w| w == filler)),
                "{filler} in {got:?}"
            );
        }
    }

    #[test]
    fn the_word_written_is_shown_not_the_profile_stem() {
        let got = run(
            &[
                ("Sustainability matters to me when I buy gear", "en"),
                ("Love that you care about sustainability", "en"),
            ],
            &[],
        );
        assert!(got.iter().any(|g| g == "sustainability"), "{got:?}");
        assert!(!got.iter().any(|g| g == "sustainable"), "{got:?}");
    }

    #[test]
    fn a_product_bought_and_mentioned_comes_first() {
        let got = run(
            &[
                ("The Kiesel trail tyre held up on every descent", "en"),
                ("Any news on the Nachtfalke light?", "en"),
            ],
            &["Druckpunkt mini pump", "Kiesel trail tyre"],
        );
        assert_eq!(
            got.first().map(String::as_str),
            Some("Kiesel trail tyre"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g == "Druckpunkt mini pump"),
            "bought: {got:?}"
        );
        // The product's words are not repeated as topics.
        assert!(!got.iter().any(|g| g == "trail" || g == "tyre"), "{got:?}");
    }

    #[test]
    fn thai_names_stay_whole_and_no_syllable_is_shown() {
        let got = run(
            &[
                ("ไปปั่นที่ฮอลแลนด์มาครับ ยางกราเวลเกาะดีมาก", "th"),
                ("ฮอลแลนด์ถนนเรียบ ยางกราเวลใช้ดีครับ", "th"),
                ("ยาง Kiesel ของร้านทนมากครับ", "th"),
            ],
            &["ยาง Kiesel Trail"],
        );
        assert!(got.iter().any(|g| g == "ฮอลแลนด์"), "{got:?}");
        assert!(
            got.iter().any(|g| g == "ยางกราเวล"),
            "a loanword glued back: {got:?}"
        );
        // The product is titled by the shop; everything else was written
        // by the person.
        for g in got.iter().skip(1) {
            if is_thai_word(g) {
                assert!(
                    thai_letters(g) >= THAI_WORD_LETTERS || shop_words().contains(g),
                    "a syllable shown: {g} in {got:?}"
                );
            }
        }
        for fragment in ["แอล", "กอ", "ฮอล", "ครับ", "มาก"] {
            assert!(!got.iter().any(|g| g == fragment), "{fragment} in {got:?}");
        }
        assert_eq!(
            got.first().map(String::as_str),
            Some("ยาง Kiesel Trail"),
            "{got:?}"
        );
    }

    #[test]
    fn key_phrases_come_back_and_keep_their_words_together() {
        let got = run(
            &[
                (
                    "Planning a bikepacking trip through Snowdonia with a frame bag",
                    "en",
                ),
                ("The frame bag survived Snowdonia rain", "en"),
                ("Just once: a waterproof jacket", "en"),
            ],
            &[],
        );
        assert!(got.iter().any(|g| g == "frame bag"), "{got:?}");
        assert!(got.iter().any(|g| g == "Snowdonia"), "{got:?}");
        assert!(!got.iter().any(|g| g == "frame" || g == "bag"), "{got:?}");
        assert!(!got.iter().any(|g| g == "waterproof"), "said once: {got:?}");
    }

    #[test]
    fn german_key_words_are_nouns() {
        let got = run(
            &[
                ("Die Feierabendrunde war angenehm, der Akku hielt", "de"),
                (
                    "Nach der Feierabendrunde war der Akku leer, angenehm trotzdem",
                    "de",
                ),
                (
                    "Organisieren wir das wieder? Gedacht hatte ich an Sonntag",
                    "de",
                ),
                ("Organisieren kann ich gern. Gedacht, getan", "de"),
            ],
            &[],
        );
        // Capitalised only where a sentence begins: not a noun.
        for verb in ["Organisieren", "Gedacht"] {
            assert!(!got.iter().any(|g| g == verb), "{verb} in {got:?}");
        }
        // Shown as written: German nouns with their capital.
        assert!(got.iter().any(|g| g == "Feierabendrunde"), "{got:?}");
        assert!(got.iter().any(|g| g == "Akku"), "{got:?}");
        assert!(
            !got.iter().any(|g| g.to_lowercase() == "angenehm"),
            "{got:?}"
        );
    }

    #[test]
    fn a_message_sent_twice_and_the_paperwork_of_an_order_are_no_interest() {
        // The demo's Lea pasted one reply twice; receipts and parcels are
        // what a service exchange is about.
        let got = run(
            &[
                ("Gekauft im Frühjahr, der Beleg ist in der DM", "de"),
                ("Gekauft im  Frühjahr, der Beleg ist in der DM", "de"),
                ("Das Paket kam nie an, die Rechnung habe ich", "de"),
                ("Wo bleibt das Paket? Die Rechnung ist bezahlt", "de"),
                ("Where is my parcel? The receipt says paid", "en"),
                ("Still no parcel, receipt attached", "en"),
            ],
            &[],
        );
        assert!(got.is_empty(), "{got:?}");
        // Written twice in different words, a subject is one.
        let got = run(
            &[
                ("Im Frühjahr geht es in die Alpen", "de"),
                ("Die Alpen im Frühjahr, mit Zelt", "de"),
            ],
            &[],
        );
        assert!(got.iter().any(|g| g == "Alpen"), "{got:?}");
    }

    #[test]
    fn handles_links_numbers_and_the_shop_name_are_left_out() {
        let got = run(
            &[
                (
                    "@katrinw7182 look https://trailwerk.example/x 700x45 Trailwerk rocks",
                    "en",
                ),
                ("@katrinw7182 again 700x45 at Trailwerk", "en"),
            ],
            &[],
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn nothing_written_nothing_bought_is_no_interest() {
        assert!(run(&[], &[]).is_empty());
        assert!(run(&[("", "unknown"), ("🔥🔥", "unknown")], &["", " "]).is_empty());
        // Thai digits are neither Thai words nor Latin ones.
        assert!(run(&[("๑๒๓๔", "th"), ("๑๒๓๔ ๕", "th")], &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_at_most_max_interests_without_panicking(
            texts in proptest::collection::vec("[ก-๛a-zA-ZäöüÄÖÜß0-9 @#.,!?'’-]{0,60}|\\PC{0,40}", 0..5),
            titles in proptest::collection::vec("[ก-๛a-zA-Z0-9 +-]{0,20}", 0..4),
        ) {
            let messages: Vec<(&str, &str)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str(), ["en", "de", "th", "unknown"][i % 4]))
                .collect();
            let bought: Vec<&str> = titles.iter().map(String::as_str).collect();
            let got = run(&messages, &bought);
            proptest::prop_assert!(got.len() <= MAX);
            for g in &got {
                proptest::prop_assert!(!g.trim().is_empty(), "{:?}", got);
            }
        }
    }
}
