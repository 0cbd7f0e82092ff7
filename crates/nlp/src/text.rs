//! Cleaning social text before anything reads it: links, @mentions and
//! #hashtags are taken out (and counted), letters are lowercased, and
//! elongations ("sooooo", "มากกกกก") are squeezed to two repeats so that
//! every length maps onto the same features.

/// A writing system, as far as analysis cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters, including accented ones.
    Latin,
    /// Thai.
    Thai,
    /// Cyrillic.
    Cyrillic,
    /// Arabic.
    Arabic,
    /// Chinese characters (also used in Japanese).
    Han,
    /// Japanese hiragana and katakana.
    Kana,
    /// Korean hangul.
    Hangul,
    /// Any other letter.
    Other,
}

/// The script of a letter, or `None` for anything that is not a letter.
#[inline]
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    let u = c as u32;
    Some(match u {
        0x0E00..=0x0E7F => Script::Thai,
        0x0400..=0x052F => Script::Cyrillic,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
        _ if c.is_alphabetic() => {
            if u < 0x0250 || (0x1E00..=0x1EFF).contains(&u) {
                Script::Latin
            } else {
                Script::Other
            }
        }
        _ => return None,
    })
}

/// Emoji and pictographs (the common blocks; skin tones and joiners are
/// not counted as emoji of their own).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1F5FF | 0x1F600..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF
        | 0x1FA70..=0x1FAFF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0x1F1E6..=0x1F1FF)
}

/// Emoticons written with ASCII, and whether each is happy (+1) or sad (-1).
pub const EMOTICONS: &[(&str, i8)] = &[
    (":-)", 1),
    (":)", 1),
    (":d", 1),
    (":-d", 1),
    (";)", 1),
    (";-)", 1),
    ("<3", 1),
    ("^^", 1),
    ("xd", 1),
    ("=)", 1),
    (":p", 1),
    (":-(", -1),
    (":(", -1),
    (":'(", -1),
    (":/", -1),
    (":-/", -1),
    ("-_-", -1),
    (">:(", -1),
    ("</3", -1),
];

/// A text made ready for tokenizing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    /// Lowercased text without links, mentions and emoticons; hashtags keep
    /// their word; elongations squeezed; emoji kept.
    pub text: String,
    /// @mentions found.
    pub mentions: Vec<String>,
    /// Hashtag words found (without `#`).
    pub hashtags: Vec<String>,
    /// Links found.
    pub urls: usize,
    /// Emoticons found, with their polarity.
    pub emoticons: Vec<(&'static str, i8)>,
    /// Question marks (ASCII and full-width).
    pub questions: usize,
    /// Exclamation marks.
    pub exclamations: usize,
    /// Letters seen, per script, in order of first appearance.
    pub scripts: Vec<(Script, usize)>,
    /// Letters seen in total.
    pub letters: usize,
    /// Emoji seen.
    pub emoji: usize,
}

/// Cleans `raw`. Never fails: any input yields a (possibly empty) result.
pub fn clean(raw: &str) -> Cleaned {
    let mut out = Cleaned::default();
    let mut text = String::with_capacity(raw.len());
    let lowered = raw.to_lowercase();
    for lower in lowered.split_whitespace() {
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
        {
            out.urls += 1;
            continue;
        }
        if let Some(h) = lower.strip_prefix('@') {
            if !h.is_empty() {
                out.mentions.push(
                    h.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_')
                        .to_string(),
                );
                continue;
            }
        }
        let mut rest = lower;
        if let Some(tag) = rest.strip_prefix('#') {
            let tag_word: String = tag
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !tag_word.is_empty() {
                out.hashtags.push(tag_word);
            }
            rest = tag;
        }
        let maybe_emoticon =
            rest.len() <= 3 && rest.starts_with([':', ';', '<', '^', 'x', '=', '-', '>']);
        if let Some(&(e, pol)) = EMOTICONS
            .iter()
            .filter(|_| maybe_emoticon)
            .find(|(e, _)| rest == *e)
        {
            out.emoticons.push((e, pol));
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(rest);
    }
    // Count and squeeze in one pass.
    let mut squeezed = String::with_capacity(text.len());
    let (mut prev, mut run) = ('\0', 0usize);
    for c in text.chars() {
        if c == prev {
            run += 1;
        } else {
            prev = c;
            run = 1;
        }
        match c {
            '?' | '？' => out.questions += 1,
            '!' | '！' => out.exclamations += 1,
            _ => {}
        }
        if let Some(s) = script_of(c) {
            out.letters += 1;
            match out.scripts.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => out.scripts.push((s, 1)),
            }
        } else if is_emoji(c) {
            out.emoji += 1;
        }
        // Thai repeats a letter to stretch a word (มากกกก): one is the word.
        let keep = if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            1
        } else {
            2
        };
        if run <= keep {
            squeezed.push(c);
        }
    }
    out.text = squeezed;
    out
}

/// The script most letters are written in.
pub fn dominant_script(c: &Cleaned) -> Option<Script> {
    c.scripts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_mentions_and_tags_are_taken_out() {
        let c = clean("@Anna Sooooo GOOD!!! #TrailLife https://x.y/z :)");
        assert_eq!(c.text, "soo good!! traillife");
        assert_eq!(c.mentions, vec!["anna"]);
        assert_eq!(c.hashtags, vec!["traillife"]);
        assert_eq!(c.urls, 1);
        assert_eq!(c.emoticons, vec![(":)", 1)]);
        assert_eq!(c.exclamations, 3);
    }

    #[test]
    fn thai_elongations_are_squeezed() {
        assert_eq!(clean("ช้ามากกกกก").text, "ช้ามาก");
        assert_eq!(dominant_script(&clean("ช้ามาก ok")), Some(Script::Thai));
    }

    #[test]
    fn emoji_only_text_has_no_letters() {
        let c = clean("🔥🔥🔥 👍");
        assert_eq!(c.letters, 0);
        assert_eq!(c.emoji, 4);
    }
}
