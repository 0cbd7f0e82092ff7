//! Topics: the content words of a text, for interest profiles and for
//! matching a comment with the post it answers.
//!
//! A topic is a token that is not a stopword, has at least three letters
//! (two for Thai, whose words are short), and is not a number. Matching
//! uses stems, so "tyres" and "tyre", "Reifen" and "Reifens" meet.

use crate::lexicon::WordInfo;
use crate::sentiment::stem;

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

/// The stopword lists with their bits (1 English, 2 German, 4 Thai), as
/// [`crate::lexicon::Entry::stop`] holds them.
pub(crate) const STOPWORDS: [(&[&str], u8); 3] = [(STOP_EN, 1), (STOP_DE, 2), (STOP_TH, 4)];

/// The stopword bits that count in `lang` (every list when the language
/// is none of ours).
fn stop_bits(lang: &str) -> u8 {
    match lang {
        "en" => 1,
        "de" => 2,
        "th" => 4,
        _ => 7,
    }
}

/// Whether `word` is a stopword in `lang` (any supported list when the
/// language is unknown).
pub fn is_stopword(lang: &str, word: &str) -> bool {
    crate::lexicon::entry(word).stop & stop_bits(lang) != 0
}

/// Topic words of a tokenized text, in order of first appearance, at most
/// `max`. Hashtags come first: people choose them as topics. Two words
/// with the same stem are one topic.
pub fn topics<W: AsRef<str>>(
    lang: &str,
    hashtags: &[String],
    toks: &[W],
    max: usize,
) -> Vec<String> {
    let words: Vec<&str> = toks.iter().map(AsRef::as_ref).collect();
    let infos: Vec<WordInfo> = words.iter().map(|w| crate::lexicon::word(w)).collect();
    topics_of(lang, hashtags, &words, &infos, max)
}

/// [`topics`] for words whose [`WordInfo`] is at hand (`infos[i]` is
/// `words[i]`'s).
pub fn topics_of(
    lang: &str,
    hashtags: &[String],
    words: &[&str],
    infos: &[WordInfo],
    max: usize,
) -> Vec<String> {
    if max == 0 {
        return Vec::new();
    }
    let cap = max.min(words.len() + hashtags.len());
    let mut out: Vec<String> = Vec::with_capacity(cap);
    let stop = stop_bits(lang);
    // Stem hashes seen: on the stack for the usual handful of topics.
    let mut few = [0u64; 32];
    let mut many: Vec<u64> = Vec::new();
    let mut n_seen = 0usize;
    let tags = hashtags
        .iter()
        .map(|h| (h.as_str(), crate::lexicon::word(h)));
    for (w, info) in tags.chain(words.iter().copied().zip(infos.iter().copied())) {
        if !info.topic_shaped || info.entry.stop & stop != 0 {
            continue;
        }
        let s = info.stem_hash(lang);
        if few[..n_seen.min(32)].contains(&s) || many.contains(&s) {
            continue;
        }
        match few.get_mut(n_seen) {
            Some(slot) => *slot = s,
            None => many.push(s),
        }
        n_seen += 1;
        out.push(w.to_string());
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

    #[test]
    fn filler_from_the_maintained_stop_lists_is_no_topic() {
        // Not in our own short lists; in stopwords-iso's.
        let de: Vec<String> = "mein hardtail hat dieses jahr schon 85 km gesammelt"
            .split(' ')
            .map(str::to_string)
            .collect();
        assert_eq!(topics("de", &[], &de, 8), vec!["hardtail", "gesammelt"]);
        let en: Vec<String> = "already ordered the gravel tyres ago"
            .split(' ')
            .map(str::to_string)
            .collect();
        assert_eq!(topics("en", &[], &en, 8), vec!["gravel", "tyres"]);
    }
}
