//! Words out of cleaned text, in any of the supported languages.
//!
//! Thai is written without spaces between words: runs of Thai script go
//! through the dictionary segmenter in [`crate::thai`]. Everything else splits at non-letters. Emoji are tokens
//! of their own, because they carry sentiment and genericity.

use crate::text::{is_emoji, script_of, Script};

/// Segments a run of Thai text into words (the pieces concatenate back to
/// the input).
pub fn segment_thai(run: &str) -> Vec<&str> {
    crate::thai::segment(run)
}

/// Splits cleaned text into word and emoji tokens.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut word_is_thai = false;
    let flush = |word: &mut String, is_thai: bool, out: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        if is_thai {
            out.extend(
                segment_thai(word)
                    .into_iter()
                    .filter(|w| !w.trim().is_empty())
                    .map(String::from),
            );
        } else {
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    for c in text.chars() {
        let script = script_of(c);
        let is_thai = script == Some(Script::Thai);
        let part_of_word = script.is_some()
            || c.is_numeric()
            || ((c == '\'' || c == '’' || c == '-') && !word.is_empty() && !word_is_thai);
        if part_of_word {
            if !word.is_empty() && is_thai != word_is_thai {
                flush(&mut word, word_is_thai, &mut out);
            }
            word_is_thai = is_thai;
            word.push(c);
        } else {
            flush(&mut word, word_is_thai, &mut out);
            if is_emoji(c) {
                out.push(c.to_string());
            }
        }
    }
    flush(&mut word, word_is_thai, &mut out);
    for w in &mut out {
        let trimmed = w.trim_end_matches(['\'', '’', '-']);
        if trimmed.len() != w.len() {
            *w = trimmed.to_string();
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Words that negate what follows (English, German, Thai).
pub const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "dont",
    "don't",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "isn't",
    "isnt",
    "wasn't",
    "wasnt",
    "can't",
    "cant",
    "cannot",
    "won't",
    "wont",
    "nothing",
    "nobody",
    "neither",
    "nor",
    "aren't",
    "haven't",
    "hasn't",
    "shouldn't",
    "wouldn't",
    "couldn't",
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "nie",
    "niemals",
    "nichts",
    "weder",
    "ohne",
    "ไม่",
    "ไม่ได้",
    "ไม่มี",
    "ไม่ค่อย",
    "ไม่เคย",
    "มิ",
    "ห้าม",
];

/// Whether `w` negates what follows.
pub fn is_negator(w: &str) -> bool {
    crate::lexicon::flags(w) & crate::lexicon::flag::NEGATOR != 0 || w.ends_with("n't")
}

/// Marks the scope of negation: the up to three words after a negator are
/// returned with `true`. A negator's scope ends early at a new negator.
pub fn negation_scope(tokens: &[String]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut left = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        if is_negator(t) {
            left = 3;
            continue;
        }
        if left > 0 {
            out[i] = true;
            left -= 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_text_without_spaces_is_segmented() {
        let toks = tokenize("ร้านนี้ส่งของเร็วมาก");
        assert!(toks.len() >= 4, "{toks:?}");
        assert_eq!(toks.concat(), "ร้านนี้ส่งของเร็วมาก");
    }

    #[test]
    fn mixed_scripts_and_emoji_split_apart() {
        let toks = tokenize("ยางdobrý 29er 👍 don't");
        assert!(toks.contains(&"29er".to_string()));
        assert!(toks.contains(&"👍".to_string()));
        assert!(toks.contains(&"don't".to_string()));
        assert!(toks.contains(&"ยาง".to_string()), "{toks:?}");
    }

    #[test]
    fn german_umlauts_stay_inside_words() {
        assert_eq!(
            tokenize("größer als gedacht"),
            vec!["größer", "als", "gedacht"]
        );
    }

    #[test]
    fn negation_covers_the_next_words() {
        let toks: Vec<String> = ["not", "good", "at", "all", "sadly"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(negation_scope(&toks), vec![false, true, true, true, false]);
    }
}
