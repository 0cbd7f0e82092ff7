//! Cheap text signals in English, German and Thai.
//!
//! These are first-pass rules that let the inbox and the ladder work before
//! the full analyzer runs; each rule is a small word list, so a miss is easy
//! to see and fix.

/// Lowercases and keeps letters, digits and single spaces: the form used to
/// compare phrasings ("Great post!!" and "great post" are the same words).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_thai_mark(c) {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Thai vowel and tone marks are not alphanumeric in Unicode's sense but
/// belong to the word.
fn is_thai_mark(c: char) -> bool {
    ('\u{0E31}'..='\u{0E4E}').contains(&c)
}

fn contains_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

fn starts_with_word(norm: &str, words: &[&str]) -> bool {
    let first = norm.split(' ').next().unwrap_or("");
    words.contains(&first)
}

/// Words that open a question (English, German).
pub const QUESTION_STARTS: &[&str] = &[
    "how", "what", "does", "do", "is", "are", "can", "could", "when", "where", "which", "why",
    "will", "would", "any", "wie", "was", "gibt", "kann", "könnt", "wann", "wo", "welche",
    "welcher", "warum", "passt", "habt", "hat", "ist", "sind", "weiß",
];
/// Thai question words and particles.
pub const QUESTION_THAI: &[&str] = &[
    "ไหม",
    "มั้ย",
    "ยังไง",
    "อย่างไร",
    "เท่าไหร่",
    "เท่าไร",
    "หรือเปล่า",
    "รึเปล่า",
    "หรือยัง",
    "กี่",
    "ที่ไหน",
    "เมื่อไหร่",
    "อะไร",
];

/// The text asks something.
pub fn is_question(text: &str) -> bool {
    if text.contains('?') || text.contains('？') {
        return true;
    }
    let norm = normalize(text);
    starts_with_word(&norm, QUESTION_STARTS) || contains_any(&norm, QUESTION_THAI)
}

/// Stock phrases of box-ticking comments.
pub const GENERIC: &[&str] = &[
    "great post",
    "nice",
    "love it",
    "love this",
    "cool",
    "awesome",
    "amazing",
    "wow",
    "great",
    "super",
    "so cool",
    "nice pic",
    "nice post",
    "top",
    "klasse",
    "toll",
    "schön",
    "geil",
    "mega",
    "cool bild",
    "starker post",
    "sehr schön",
    "สวย",
    "ดีมาก",
    "เยี่ยม",
    "ปัง",
    "สุดยอด",
    "น่ารัก",
    "เจ๋ง",
    "ชอบ",
];

/// A box-ticking comment: empty, emoji only, or a stock phrase of at most
/// four words.
pub fn is_generic(text: &str) -> bool {
    let norm = normalize(text);
    if norm.is_empty() {
        return true;
    }
    let words = norm.split(' ').count();
    if words > 4 || is_question(text) {
        return false;
    }
    GENERIC
        .iter()
        .any(|g| norm == *g || (norm.starts_with(g) && words <= 3))
        || (norm.chars().count() <= 12 && GENERIC.iter().any(|g| norm.contains(g)))
}

/// Recommendation vocabulary.
pub const RECOMMEND: &[&str] = &[
    "recommend",
    "check out",
    "you need",
    "you should get",
    "go to",
    "best shop",
    "empfehl",
    "schau dir",
    "schaut euch",
    "müsst ihr",
    "musst du",
    "แนะนำ",
    "ลองดู",
    "ต้องลอง",
    "ไปซื้อ",
];

/// The text recommends the shop to others or tags a friend.
pub fn is_recommendation(text: &str) -> bool {
    let lower = text.to_lowercase();
    let tags_someone = lower
        .split_whitespace()
        .any(|w| w.len() > 1 && w.starts_with('@'));
    tags_someone || contains_any(&lower, RECOMMEND)
}

/// Complaint vocabulary.
pub const NEGATIVE: &[&str] = &[
    "broken",
    "refund",
    "disappointed",
    "worst",
    "never again",
    "still waiting",
    "no answer",
    "terrible",
    "awful",
    "useless",
    "wrong size",
    "late",
    "scam",
    "cracked",
    "not happy",
    "kaputt",
    "enttäuscht",
    "warte seit",
    "immer noch",
    "schlecht",
    "reklamation",
    "nie wieder",
    "falsch",
    "ärgerlich",
    "unzufrieden",
    "แย่",
    "ช้ามาก",
    "ผิดหวัง",
    "เสีย",
    "ไม่พอใจ",
    "ยังไม่ได้",
    "โกง",
    "ห่วย",
];
/// Praise vocabulary.
pub const POSITIVE: &[&str] = &[
    "love",
    "thank",
    "great",
    "perfect",
    "awesome",
    "happy",
    "amazing",
    "best",
    "recommend",
    "danke",
    "super",
    "perfekt",
    "toll",
    "begeistert",
    "liebe",
    "klasse",
    "zufrieden",
    "ขอบคุณ",
    "ชอบ",
    "ดีมาก",
    "ประทับใจ",
    "เยี่ยม",
    "สุดยอด",
    "แนะนำ",
];

/// The text voices a complaint or frustration.
pub fn is_negative(text: &str) -> bool {
    contains_any(&text.to_lowercase(), NEGATIVE)
}

/// The text voices praise or thanks (and no complaint).
pub fn is_positive(text: &str) -> bool {
    !is_negative(text) && contains_any(&text.to_lowercase(), POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_phrases_are_generic_and_specific_words_are_not() {
        assert!(is_generic("Great post!!"));
        assert!(is_generic("🔥🔥🔥"));
        assert!(is_generic("Toll!"));
        assert!(!is_generic("Does the trail tyre fit a 29er?"));
        assert!(!is_generic(
            "The new gravel frame climbs so much better than my old one"
        ));
    }

    #[test]
    fn questions_are_found_in_three_languages() {
        assert!(is_question("does it fit a 29er"));
        assert!(is_question("Passt der Reifen auf mein Rad"));
        assert!(is_question("ยางนี้ใส่กับล้อ 29 ได้ไหมครับ"));
        assert!(!is_question("Love the new colours"));
    }

    #[test]
    fn tagging_a_friend_is_a_recommendation() {
        assert!(is_recommendation("@tom_b look at this"));
        assert!(is_recommendation("Ich kann den Laden nur empfehlen"));
        assert!(!is_recommendation("nice"));
    }

    #[test]
    fn complaints_are_negative_not_positive() {
        assert!(is_negative("Still waiting for my refund"));
        assert!(!is_positive("Still waiting for my refund, thanks"));
        assert!(is_positive("Danke, passt perfekt"));
    }
}
