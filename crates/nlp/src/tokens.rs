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
    words(text).into_iter().map(String::from).collect()
}

/// Word and emoji tokens as slices of `text`, without copying: Latin,
/// Cyrillic and other spaced scripts split at non-letters (an apostrophe
/// or hyphen inside a word stays, at its end it goes), Thai runs go
/// through the segmenter, and each emoji is a token.
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    words_into(text, &mut out);
    out
}

/// [`words`] appended to `out`.
pub fn words_into<'t>(text: &'t str, out: &mut Vec<&'t str>) {
    if text.is_ascii() {
        return ascii_words(text, out);
    }
    fn push<'t>(w: &'t str, out: &mut Vec<&'t str>) {
        let w = w.trim_end_matches(['\'', '’', '-']);
        if !w.is_empty() {
            out.push(w);
        }
    }
    fn flush<'t>(word: &'t str, is_thai: bool, out: &mut Vec<&'t str>) {
        if is_thai {
            for w in segment_thai(word) {
                if !w.trim().is_empty() {
                    push(w, out);
                }
            }
        } else if !word.is_empty() {
            push(word, out);
        }
    }
    let mut start: Option<usize> = None;
    let mut word_is_thai = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, is_thai, part_of_word) = if b.is_ascii() {
            // The common case, without decoding.
            let joiner = (b == b'\'' || b == b'-') && start.is_some() && !word_is_thai;
            (char::from(b), false, b.is_ascii_alphanumeric() || joiner)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let script = script_of(c);
            let is_thai = script == Some(Script::Thai);
            let joiner = c == '’' && start.is_some() && !word_is_thai;
            (c, is_thai, script.is_some() || c.is_numeric() || joiner)
        };
        let at = i;
        i += c.len_utf8();
        if part_of_word {
            match start {
                Some(s) if is_thai != word_is_thai => {
                    flush(&text[s..at], word_is_thai, out);
                    start = Some(at);
                }
                Some(_) => {}
                None => start = Some(at),
            }
            word_is_thai = is_thai;
        } else {
            if let Some(s) = start.take() {
                flush(&text[s..at], word_is_thai, out);
            }
            if is_emoji(c) {
                out.push(&text[at..i]);
            }
        }
    }
    if let Some(s) = start {
        flush(&text[s..], word_is_thai, out);
    }
}

/// [`words`] for ASCII text: letters and digits, with an apostrophe or
/// hyphen inside a word (not at its end); no emoji, no Thai.
fn ascii_words<'t>(text: &'t str, out: &mut Vec<&'t str>) {
    fn push<'t>(w: &'t str, out: &mut Vec<&'t str>) {
        let w = w.trim_end_matches(['\'', '-']);
        if !w.is_empty() {
            out.push(w);
        }
    }
    let mut start: Option<usize> = None;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            start.get_or_insert(i);
        } else if !((b == b'\'' || b == b'-') && start.is_some()) {
            if let Some(s) = start.take() {
                push(&text[s..i], out);
            }
        }
    }
    if let Some(s) = start {
        push(&text[s..], out);
    }
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
pub fn negation_scope<W: AsRef<str>>(tokens: &[W]) -> Vec<bool> {
    let mut scope = Negation::default();
    tokens
        .iter()
        .map(|t| scope.next(is_negator(t.as_ref())))
        .collect()
}

/// Negation scope, one word at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Negation {
    left: u8,
}

impl Negation {
    /// Whether the next word, itself a negator or not, is negated.
    #[inline]
    pub fn next(&mut self, is_negator: bool) -> bool {
        if is_negator {
            self.left = 3;
            false
        } else if self.left > 0 {
            self.left -= 1;
            true
        } else {
            false
        }
    }
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
