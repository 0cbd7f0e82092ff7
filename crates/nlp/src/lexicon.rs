//! Word lists the models read as rule features, looked up in one hash map
//! built at first use: question words, recommendation, complaint and praise
//! vocabulary in English, German and Thai (shared with
//! `rapport_core::signals`), and English word valences from the VADER
//! lexicon.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a as a `Hasher`: short keys, no DoS concern (the keys are ours).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with the FNV hasher.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

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
    "ärger",
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
    "ห่วยแตก",
    "พัง",
];

fn words() -> &'static FnvMap<&'static str, u8> {
    static W: OnceLock<FnvMap<&'static str, u8>> = OnceLock::new();
    W.get_or_init(|| {
        use rapport_core::signals as s;
        let mut m: FnvMap<&'static str, u8> = FnvMap::default();
        let mut add = |list: &[&'static str], f: u8| {
            for w in list.iter().filter(|w| !w.contains(' ')) {
                *m.entry(w).or_default() |= f;
            }
        };
        add(s::QUESTION_STARTS, flag::QUESTION);
        add(s::QUESTION_THAI, flag::QUESTION);
        add(EXTRA_QUESTION, flag::QUESTION);
        add(s::RECOMMEND, flag::RECOMMEND);
        add(EXTRA_RECOMMEND, flag::RECOMMEND);
        add(s::NEGATIVE, flag::NEGATIVE);
        add(EXTRA_NEGATIVE, flag::NEGATIVE);
        add(s::POSITIVE, flag::POSITIVE);
        add(s::GENERIC, flag::STOCK);
        add(crate::tokens::NEGATORS, flag::NEGATOR);
        m
    })
}

/// The flags of a (lowercased) word.
#[inline]
pub fn flags(word: &str) -> u8 {
    words().get(word).copied().unwrap_or(0)
}

fn valences() -> &'static FnvMap<String, f32> {
    static V: OnceLock<FnvMap<String, f32>> = OnceLock::new();
    V.get_or_init(|| {
        vader_sentiment::LEXICON
            .iter()
            .map(|(k, v)| (k.to_lowercase(), *v as f32))
            .collect()
    })
}

/// English valence of a lowercased word (-4..4; 0 when not in the lexicon).
#[inline]
pub fn valence(word: &str) -> f32 {
    valences().get(word).copied().unwrap_or(0.0)
}
