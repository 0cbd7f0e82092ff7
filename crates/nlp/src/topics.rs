//! Topics: the content words of a text, for interest profiles and for
//! matching a comment with the post it answers.
//!
//! A topic is a token that is not a stopword, has at least three letters
//! (two for Thai, whose words are short), and is not a number. Matching
//! uses stems, so "tyres" and "tyre", "Reifen" and "Reifens" meet.

use crate::lexicon::FnvMap;
use crate::sentiment::stem;
use std::sync::OnceLock;

const STOP_EN: &[&str] = &[
    "the", "and", "for", "you", "your", "yours", "are", "was", "were", "this", "that", "these",
    "those", "with", "have", "has", "had", "from", "what", "when", "where", "which", "who", "whom",
    "why", "how", "does", "did", "doing", "will", "would", "could", "should", "can", "just",
    "they", "them", "their", "there", "here", "about", "been", "being", "also", "into", "than",
    "then", "some", "any", "much", "many", "very", "really", "too", "not", "but", "all", "our",
    "ours", "out", "get", "got", "its", "it's", "i'm", "im", "you're", "one", "two", "more",
    "most", "such", "only", "own", "same", "she", "her", "him", "his", "who's", "let", "lets",
    "yes", "yeah", "please", "thanks", "thank", "hey", "hello", "still", "now", "new", "like",
    "love", "great", "good", "nice", "want", "need", "know", "think", "make", "made", "see",
    "look", "looks", "going", "way", "well", "back", "over", "after", "before", "again", "ever",
    "every", "because", "while", "other", "another", "don't", "dont", "can't", "cant", "won't",
    "isn't", "didn't", "doesn't", "gonna", "wanna", "lol", "omg",
];

const STOP_DE: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "oder", "aber", "doch", "nicht", "kein", "keine", "auch", "noch", "schon", "nur",
    "sehr", "mehr", "für", "fuer", "mit", "von", "vom", "zum", "zur", "bei", "beim", "auf", "aus",
    "nach", "über", "unter", "vor", "wie", "was", "wer", "wann", "warum", "wo", "welche",
    "welcher", "ich", "du", "er", "sie", "es", "wir", "ihr", "mich", "dich", "mir", "dir", "uns",
    "euch", "euer", "eure", "mein", "meine", "dein", "deine", "sein", "seine", "ist", "sind",
    "war", "waren", "bin", "bist", "hat", "habe", "hast", "habt", "haben", "wird", "werden",
    "kann", "können", "könnt", "muss", "soll", "will", "wäre", "hätte", "dass", "wenn", "weil",
    "als", "also", "dann", "denn", "jetzt", "hier", "da", "so", "ja", "nein", "mal", "gibt",
    "geht", "danke", "bitte", "toll", "super", "gut", "schön", "ganz", "gerade", "immer", "etwas",
    "alles", "viel", "viele", "man", "sich", "ihre", "ihrem",
];

const STOP_TH: &[&str] = &[
    "ครับ",
    "ค่ะ",
    "คะ",
    "นะ",
    "จ้า",
    "จ้ะ",
    "ค่า",
    "คับ",
    "ที่",
    "และ",
    "หรือ",
    "แต่",
    "ก็",
    "ได้",
    "ไม่",
    "มี",
    "เป็น",
    "จะ",
    "ให้",
    "ของ",
    "กับ",
    "ใน",
    "นี้",
    "นั้น",
    "มาก",
    "แล้ว",
    "อยู่",
    "ไป",
    "มา",
    "ว่า",
    "คือ",
    "เลย",
    "ด้วย",
    "อะ",
    "อ่ะ",
    "ยัง",
    "กัน",
    "เขา",
    "เรา",
    "ผม",
    "ฉัน",
    "หนู",
    "พี่",
    "น้อง",
    "คุณ",
    "ไหม",
    "มั้ย",
    "อะไร",
    "ยังไง",
    "เพราะ",
    "ถ้า",
    "จาก",
    "ถึง",
    "ทำ",
    "ต้อง",
    "ก่อน",
    "หลัง",
    "เอง",
    "แบบ",
    "ซึ่ง",
    "อีก",
    "ทุก",
    "บาง",
    "กว่า",
    "ดี",
    "จริง",
];

fn stopwords() -> &'static FnvMap<&'static str, u8> {
    static S: OnceLock<FnvMap<&'static str, u8>> = OnceLock::new();
    S.get_or_init(|| {
        let mut m: FnvMap<&'static str, u8> = FnvMap::default();
        for (list, bit) in [(STOP_EN, 1u8), (STOP_DE, 2), (STOP_TH, 4)] {
            for w in list {
                *m.entry(w).or_default() |= bit;
            }
        }
        m
    })
}

/// Whether `word` is a stopword in `lang` (any supported list when the
/// language is unknown).
pub fn is_stopword(lang: &str, word: &str) -> bool {
    let bits = stopwords().get(word).copied().unwrap_or(0);
    let want = match lang {
        "en" => 1,
        "de" => 2,
        "th" => 4,
        _ => 7,
    };
    bits & want != 0
}

fn is_topic_word(lang: &str, w: &str) -> bool {
    let thai = w
        .chars()
        .next()
        .is_some_and(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c));
    let min = if thai { 2 } else { 3 };
    w.chars().filter(|c| c.is_alphabetic()).count() >= min
        && !w.chars().all(|c| c.is_numeric())
        && !is_stopword(lang, w)
        && !crate::text::is_emoji(w.chars().next().unwrap_or(' '))
}

/// Topic words of a tokenized text, in order of first appearance, at most
/// `max`. Hashtags come first: people choose them as topics.
pub fn topics(lang: &str, hashtags: &[String], toks: &[String], max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for w in hashtags.iter().chain(toks) {
        if !is_topic_word(lang, w) {
            continue;
        }
        let s = stem(lang, w);
        if seen.iter().any(|x| x == s.as_ref()) {
            continue;
        }
        seen.push(s.into_owned());
        out.push(w.clone());
        if out.len() == max {
            break;
        }
    }
    out
}

/// Stems of topic words, for matching.
pub fn topic_stems(lang: &str, topics: &[String]) -> Vec<String> {
    topics.iter().map(|t| stem(lang, t).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_and_numbers_are_not_topics() {
        let toks: Vec<String> = ["does", "the", "trail", "tyre", "fit", "29", "tyres"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(topics("en", &[], &toks, 8), vec!["trail", "tyre", "fit"]);
    }
}
