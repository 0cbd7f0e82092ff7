//! Word lists the models read as rule features, looked up in one hash map
//! built at first use: question words, recommendation, complaint and praise
//! vocabulary in English, German and Thai (shared with
//! `rapport_core::signals`, whose `*` terms are stems), the analyzer's own
//! suggestion words, stopwords, and English word valences from the VADER
//! lexicon.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A small multiplicative `Hasher` for short string keys, eight bytes a
/// step (no DoS concern: every key is ours or a cache of recent words).
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A hash map with that hasher.
pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Flags a word may carry.
pub mod flag {
    /// Starts or marks a question.
    pub const QUESTION: u8 = 1;
    /// Recommends or invites.
    pub const RECOMMEND: u8 = 2;
    /// Complains.
    pub const NEGATIVE: u8 = 4;
    /// Praises.
    pub const POSITIVE: u8 = 8;
    /// A stock phrase word.
    pub const STOCK: u8 = 16;
    /// Negates what follows.
    pub const NEGATOR: u8 = 32;
    /// Opens a question when it is a text's first word ("is", "hat",
    /// "kann"): the same word inside a statement asks nothing ("Mein
    /// Hardtail hat 85 km gesammelt").
    pub const QUESTION_START: u8 = 64;
    /// Proposes a change ("should", "wish", "wäre", "ควร").
    pub const SUGGEST: u8 = 128;
}

const EXTRA_QUESTION: &[&str] = &[
    "มีไหม",
    "ได้ไหม",
    "ไหมคะ",
    "ไหมครับ",
    "คะ",
    "หรอ",
    "เหรอ",
    "มั๊ย",
    "wieviel",
    "wieso",
    "weshalb",
];
const EXTRA_RECOMMEND: &[&str] = &[
    "recommended",
    "recommend",
    "must",
    "empfehlen",
    "empfehle",
    "empfehlung",
    "ป้ายยา",
    "แท็ก",
];
const EXTRA_NEGATIVE: &[&str] = &[
    "worst",
    "bad",
    "poor",
    "disappointing",
    "delay",
    "delayed",
    "missing",
    "damaged",
    "rude",
    "never",
    "waiting",
    "complain*",
    "ärger",
    "beschwer*",
    "nachgelassen",
    "verbrannt",
    "mist",
    "katastrophe",
    "verspätung",
    "verspätet",
    "defekt",
    "mangelhaft",
    "เสียใจ",
    "ช้า",
    "แย่มาก",
    "ผิดหวังมาก",
    "ร้องเรียน",
    "ห่วยแตก",
    "พัง",
];

/// Words that propose something: what a suggestion says and most other
/// intents do not ("add an option", "ihr solltet", "อยากให้มี").
/// "please" and "bitte" are not here: they are courtesy, as common in a
/// request for a service ("please cancel my order") as in a proposal.
const SUGGEST: &[&str] = &[
    "suggest*",
    "should",
    "shouldn't",
    "wish",
    "add",
    "adding",
    "allow",
    "option",
    "options",
    "feature",
    "idea",
    "consider",
    "ideally",
    "perhaps",
    "maybe",
    "request",
    "would",
    "could",
    "let",
    "need",
    "needs",
    "able",
    "improve*",
    "vorschlag",
    "vorschläge",
    "sollte*",
    "wünsch*",
    "wäre",
    "wären",
    "könntet",
    "fände",
    "vielleicht",
    "idee",
    "hinzufügen",
    "anbieten",
    "einbauen",
    "ergänzen",
    "ควร",
    "น่าจะ",
    "เสนอ",
    "อยากให้",
    "ขอให้",
];

/// Cues the rules of `extract` read from a word and its neighbour, looked
/// up once per word with the rest of its [`Entry`].
pub mod cue {
    /// Opens a condition a "need" may follow ("if", "whoever", "anyone"):
    /// "if you need new tyres, go to …" advises a reader.
    pub const CONDITIONAL: u8 = 1;
    /// Courtesy before an imperative ("please make …").
    pub const COURTESY: u8 = 2;
    /// The writer speaks of themselves ("my order", "me").
    pub const FIRST_PERSON: u8 = 4;
    /// An English verb that, opening a text, proposes ("Provide …").
    pub const PROPOSES: u8 = 8;
    /// "if", "wenn", "falls": with a reader after it, advice.
    pub const IF: u8 = 16;
    /// A reader addressed ("you", "anyone", "du", "ihr", "jemand").
    pub const READER: u8 = 32;
    /// "whoever", opening advice on its own.
    pub const WHOEVER: u8 = 64;
    /// "need", "needs".
    pub const NEED: u8 = 128;
}

/// The words of each [`cue`]. Not "when you": "That feeling when you
/// order a pizza and …" is how a tweet tells a mishap.
const CUES: &[(&[&str], u8)] = &[
    (
        &["if", "whenever", "whoever", "anyone", "anybody"],
        cue::CONDITIONAL,
    ),
    (&["please", "pls", "plz", "kindly"], cue::COURTESY),
    (
        &[
            "i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "mine", "myself",
        ],
        cue::FIRST_PERSON,
    ),
    (
        // "add", "allow" and "consider" are suggestion words anywhere.
        &[
            "provide",
            "make",
            "include",
            "create",
            "implement",
            "introduce",
            "integrate",
            "extend",
            "enable",
            "give",
            "bring",
            "display",
            "show",
            "increase",
            "reduce",
            "upgrade",
            "expand",
            "offer",
            "stock",
            "support",
        ],
        cue::PROPOSES,
    ),
    (&["if", "wenn", "falls"], cue::IF),
    (
        &[
            "you", "u", "ya", "you're", "youre", "anyone", "anybody", "someone", "du", "ihr",
            "jemand",
        ],
        cue::READER,
    ),
    (&["whoever"], cue::WHOEVER),
    (&["need", "needs"], cue::NEED),
];

/// German heads of compounds, matched anywhere in a word, with their flags:
/// German writes "Kaufempfehlung", "weiterempfehlen" and
/// "Empfehlungsschreiben" as one word, and a stem matches only at a word's
/// start. Long and unambiguous only: no such head is a part of an
/// unrelated word.
const COMPOUND_HEADS: &[(&str, u8)] = &[("empfehl", flag::RECOMMEND)];

/// What the lexicons know about one word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Entry {
    /// [`flag`] bits.
    pub flags: u8,
    /// Stopword bits: 1 English, 2 German, 4 Thai.
    pub stop: u8,
    /// [`cue`] bits.
    pub cues: u8,
    /// English valence (-4..4), 0 when not in the VADER lexicon.
    pub valence: f32,
}

/// Every word list in one map, so a word costs one lookup; list terms
/// ending in `*` are stems ("recommend*" flags "recommended" too), kept
/// apart and indexed by their first two bytes.
struct Lexicon {
    words: WordMap<String, Entry>,
    /// Stems with their flags, sorted.
    stems: Vec<(String, u8)>,
    /// Bit `b0 << 8 | b1` is set when some stem starts with bytes `b0 b1`.
    starts: Vec<u64>,
}

/// A digest of every word list the lexicon is built from: the core's
/// signal lists it reads (`rapport_core::signals`), the analyzer's own
/// and the stop-word lists. The models are trained over features these
/// lists set, so a change in any of them — a complaint word added to
/// `signals::NEGATIVE` for the ladder, say — reads texts otherwise than
/// the models learnt, until they are trained again. `scripts/train-models`
/// records the digest beside the models (`models/lexicon.digest`), and a
/// test fails while the two differ.
pub fn lists_digest() -> String {
    use rapport_core::signals as s;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        // A separator no word holds, so lists cannot run into each other.
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    };
    let lists: [(&str, &[&str]); 11] = [
        ("question-starts", s::QUESTION_STARTS),
        ("question-thai", s::QUESTION_THAI),
        ("extra-question", EXTRA_QUESTION),
        ("recommend", s::RECOMMEND),
        ("extra-recommend", EXTRA_RECOMMEND),
        ("negative", s::NEGATIVE),
        ("extra-negative", EXTRA_NEGATIVE),
        ("positive", s::POSITIVE),
        ("suggest", SUGGEST),
        ("generic", s::GENERIC),
        ("negators", crate::tokens::NEGATORS),
    ];
    for (name, list) in lists {
        eat(name.as_bytes());
        list.iter().for_each(|w| eat(w.as_bytes()));
    }
    for (list, bit) in CUES.iter().chain(crate::topics::STOPWORDS.iter()) {
        eat(&[*bit]);
        list.iter().for_each(|w| eat(w.as_bytes()));
    }
    for lang in ["en", "de"] {
        eat(lang.as_bytes());
        stop_words::lookup(lang)
            .into_iter()
            .flatten()
            .for_each(|w| eat(w.as_bytes()));
    }
    format!("{h:016x}")
}

fn lexicon() -> &'static Lexicon {
    static W: OnceLock<Lexicon> = OnceLock::new();
    W.get_or_init(|| {
        use rapport_core::signals as s;
        let mut words: WordMap<String, Entry> = WordMap::default();
        let mut stems: Vec<(String, u8)> = Vec::new();
        for (k, v) in vader_sentiment::LEXICON.iter() {
            words.entry(k.to_lowercase()).or_default().valence = *v as f32;
        }
        let mut add = |list: &[&'static str], f: u8| {
            for w in list.iter().filter(|w| !w.contains(' ')) {
                match w.strip_suffix('*') {
                    // A stem shorter than two bytes would match too much.
                    Some(stem) if stem.len() < 2 => {}
                    Some(stem) => stems.push((stem.to_string(), f)),
                    None => words.entry(w.to_string()).or_default().flags |= f,
                }
            }
        };
        add(s::QUESTION_STARTS, flag::QUESTION_START);
        add(s::QUESTION_THAI, flag::QUESTION);
        add(EXTRA_QUESTION, flag::QUESTION);
        add(s::RECOMMEND, flag::RECOMMEND);
        add(EXTRA_RECOMMEND, flag::RECOMMEND);
        add(s::NEGATIVE, flag::NEGATIVE);
        add(EXTRA_NEGATIVE, flag::NEGATIVE);
        add(s::POSITIVE, flag::POSITIVE);
        add(SUGGEST, flag::SUGGEST);
        add(s::GENERIC, flag::STOCK);
        add(crate::tokens::NEGATORS, flag::NEGATOR);
        for (list, bit) in CUES {
            for w in *list {
                words.entry(w.to_string()).or_default().cues |= bit;
            }
        }
        for (list, bit) in crate::topics::STOPWORDS {
            for w in list {
                words.entry(w.to_string()).or_default().stop |= bit;
            }
        }
        // The maintained lists (stopwords-iso, as the interests read
        // them) on top of ours: "dieses", "jahr" and "already" name no
        // topic either.
        for (lang, bit) in [("en", 1), ("de", 2)] {
            for w in stop_words::lookup(lang).into_iter().flatten() {
                words.entry(w.to_string()).or_default().stop |= bit;
            }
        }
        stems.sort();
        let mut starts = vec![0u64; 1024];
        for (stem, _) in &stems {
            let b = stem.as_bytes();
            let i = usize::from(b[0]) << 8 | usize::from(b[1]);
            starts[i / 64] |= 1 << (i % 64);
        }
        Lexicon {
            words,
            stems,
            starts,
        }
    })
}

/// Everything the lexicons say about a (lowercased) word.
#[inline]
pub fn entry(word: &str) -> Entry {
    let lex = lexicon();
    let mut e = lex.words.get(word).copied().unwrap_or_default();
    for (head, f) in COMPOUND_HEADS {
        if word.len() > head.len() && word.contains(head) {
            e.flags |= f;
        }
    }
    if let [b0, b1, ..] = word.as_bytes() {
        let i = usize::from(*b0) << 8 | usize::from(*b1);
        if lex
            .starts
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
        {
            let from = lex
                .stems
                .partition_point(|(s, _)| s.as_bytes()[..2] < [*b0, *b1][..]);
            for (stem, f) in &lex.stems[from..] {
                if !stem.as_bytes().starts_with(&[*b0, *b1]) {
                    break;
                }
                if word.starts_with(stem.as_str()) {
                    e.flags |= f;
                }
            }
        }
    }
    e
}

/// What analysis needs of one word, worked out once per thread and word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordInfo {
    /// What the lexicons say.
    pub entry: Entry,
    /// The word's feature hash.
    pub hash: u64,
    /// The feature hash of its English and German stems.
    pub stems: [u64; 2],
    /// Shaped like a topic: not an emoji, not a number, and at least three
    /// letters (two for Thai).
    pub topic_shaped: bool,
}

impl WordInfo {
    fn new(word: &str) -> WordInfo {
        let hash = crate::features::hash_str(word);
        let stem = |lang| match crate::sentiment::stem(lang, word) {
            std::borrow::Cow::Borrowed(_) => hash,
            std::borrow::Cow::Owned(s) => crate::features::hash_str(&s),
        };
        let mut chars = word.chars();
        let topic_shaped = chars.next().is_some_and(|first| {
            let thai = ('\u{0E00}'..='\u{0E7F}').contains(&first);
            let min = if thai { 2 } else { 3 };
            !crate::text::is_emoji(first)
                && word.chars().filter(|c| c.is_alphabetic()).count() >= min
                && !word.chars().all(|c| c.is_numeric())
        });
        WordInfo {
            entry: entry(word),
            hash,
            stems: [stem("en"), stem("de")],
            topic_shaped,
        }
    }

    /// The feature hash of the word's stem in `lang` (the word's own hash
    /// where no stemmer applies).
    #[inline]
    pub fn stem_hash(&self, lang: &str) -> u64 {
        match lang {
            "en" => self.stems[0],
            "de" => self.stems[1],
            _ => self.hash,
        }
    }
}

/// A `Hasher` for keys that are hashes already: one multiply to spread
/// them over the table.
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u8(b);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0 ^ i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

thread_local! {
    /// Recent words per thread, keyed by their 64-bit feature hash (two
    /// words of one text sharing a hash are one feature anyway): social
    /// text repeats its words, and a Snowball stemmer costs far more than
    /// a hash lookup.
    static WORDS: std::cell::RefCell<HashMap<u64, WordInfo, BuildHasherDefault<Prehashed>>> =
        std::cell::RefCell::new(HashMap::default());
}

/// Words the cache holds before it starts over.
const WORD_CACHE: usize = 50_000;

/// What analysis needs of a (lowercased) word, cached.
pub fn word(w: &str) -> WordInfo {
    let key = crate::features::hash_str(w);
    WORDS.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return WordInfo::new(w);
        };
        if let Some(i) = cache.get(&key) {
            return *i;
        }
        let i = WordInfo::new(w);
        if cache.len() >= WORD_CACHE {
            cache.clear();
        }
        cache.insert(key, i);
        i
    })
}

/// The flags of a (lowercased) word.
#[inline]
pub fn flags(word: &str) -> u8 {
    entry(word).flags
}

/// English valence of a lowercased word (-4..4; 0 when not in the lexicon).
#[inline]
pub fn valence(word: &str) -> f32 {
    entry(word).valence
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded models read features the word lists set; a list
    /// changed since they were trained (in this crate or in
    /// `rapport_core::signals`) reads texts otherwise than they learnt.
    #[test]
    fn the_models_were_trained_over_these_word_lists() {
        let recorded = include_str!("../models/lexicon.digest").trim();
        assert_eq!(
            lists_digest(),
            recorded,
            "a word list the analyzer's lexicon reads changed since the models were trained: \
             run scripts/train-models (it records the new digest), measure the models again \
             (docs/ANALYZER.md) and raise rapport_nlp::RULES if readings change, or move a \
             word meant only for the ladder to a list the lexicon does not read \
             (signals::PRESSING)"
        );
    }

    /// The word lists the features read match whole words, and stems
    /// (`toll*`) only at a word's start, as German composes words.
    #[test]
    fn list_words_are_never_read_inside_other_words() {
        let has = |w: &str, f: u8| flags(w) & f != 0;
        assert!(has("late", flag::NEGATIVE));
        assert!(!has("latest", flag::NEGATIVE));
        assert!(has("tolle", flag::POSITIVE));
        assert!(!has("stollen", flag::POSITIVE));
        assert!(has("best", flag::POSITIVE));
        assert!(!has("bestellung", flag::POSITIVE));
        // Thai words come whole from the segmenter: "เสีย" (broken) is a
        // complaint word, "เสียง" (sound) is not.
        let words = crate::tokens::words("เสียงดีมาก");
        assert!(words.iter().all(|w| !has(w, flag::NEGATIVE)), "{words:?}");
        assert!(has("เสีย", flag::NEGATIVE));
    }

    #[test]
    fn a_german_compound_recommends_as_its_head_does() {
        let recommends = |w: &str| flags(w) & flag::RECOMMEND != 0;
        assert!(recommends("kaufempfehlung"));
        assert!(recommends("weiterempfehlen"));
        assert!(recommends("weiterzuempfehlen"));
        assert!(recommends("empfehlenswert"));
        assert!(!recommends("kaufen"));
    }

    #[test]
    fn question_openers_are_apart_from_question_words() {
        assert!(flags("hat") & flag::QUESTION_START != 0);
        assert!(flags("hat") & flag::QUESTION == 0);
        assert!(flags("ไหม") & flag::QUESTION != 0);
    }
}
