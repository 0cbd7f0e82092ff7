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

/// Letters per script, in order of first appearance: at most one entry a
/// script, kept inline (a text rarely has more than one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scripts {
    seen: [(Script, usize); SCRIPTS],
    len: usize,
}

impl Default for Scripts {
    fn default() -> Scripts {
        Scripts {
            seen: [(Script::Other, 0); SCRIPTS],
            len: 0,
        }
    }
}

impl Scripts {
    /// The scripts and their letter counts.
    pub fn iter(&self) -> std::slice::Iter<'_, (Script, usize)> {
        self.seen[..self.len.min(SCRIPTS)].iter()
    }

    /// Adds a script not seen before.
    fn push(&mut self, s: Script, n: usize) {
        if let Some(slot) = self.seen.get_mut(self.len) {
            *slot = (s, n);
            self.len += 1;
        }
    }
}

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
    pub scripts: Scripts,
    /// Letters seen in total.
    pub letters: usize,
    /// Emoji seen.
    pub emoji: usize,
}

/// Counts and squeezes characters on their way into the cleaned text.
struct Writer {
    text: String,
    prev: char,
    run: usize,
    counts: [usize; SCRIPTS],
    /// Scripts in order of first appearance.
    order: [Script; SCRIPTS],
    seen: usize,
}

/// Number of [`Script`] variants.
const SCRIPTS: usize = 8;

impl Writer {
    #[inline]
    fn push(&mut self, c: char, out: &mut Cleaned) {
        if c.is_ascii() {
            return self.push_ascii(c as u8, out);
        }
        if c == self.prev {
            self.run += 1;
        } else {
            self.prev = c;
            self.run = 1;
        }
        match c {
            '?' | '？' => out.questions += 1,
            '!' | '！' => out.exclamations += 1,
            _ => {}
        }
        if let Some(s) = script_of(c) {
            out.letters += 1;
            self.count(s);
        } else if is_emoji(c) {
            out.emoji += 1;
        }
        // Thai repeats a letter to stretch a word (มากกกก): one is the word.
        let keep = if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
            1
        } else {
            2
        };
        if self.run <= keep {
            self.text.push(c);
        }
    }

    #[inline]
    fn count(&mut self, s: Script) {
        let n = &mut self.counts[s as usize];
        if *n == 0 {
            if let Some(slot) = self.order.get_mut(self.seen) {
                *slot = s;
                self.seen += 1;
            }
        }
        *n += 1;
    }

    /// [`Writer::push`] for an ASCII character.
    #[inline]
    fn push_ascii(&mut self, b: u8, out: &mut Cleaned) {
        let c = char::from(b);
        if c == self.prev {
            self.run += 1;
        } else {
            self.prev = c;
            self.run = 1;
        }
        match b {
            b'?' => out.questions += 1,
            b'!' => out.exclamations += 1,
            _ if b.is_ascii_alphabetic() => {
                out.letters += 1;
                self.count(Script::Latin);
            }
            _ => {}
        }
        if self.run <= 2 {
            self.text.push(c);
        }
    }
}

/// The whitespace-separated pieces of `raw` (Unicode whitespace, as
/// `str::split_whitespace`), split by bytes when the text is ASCII.
fn pieces(raw: &str) -> impl Iterator<Item = &str> {
    let ascii = raw.is_ascii();
    let by_bytes = ascii.then(|| {
        // Unicode's whitespace among ASCII: tab, line feed, vertical tab,
        // form feed, carriage return, space.
        raw.split(|c: char| matches!(c, '\t'..='\r' | ' '))
            .filter(|p| !p.is_empty())
    });
    let by_chars = (!ascii).then(|| raw.split_whitespace());
    by_bytes
        .into_iter()
        .flatten()
        .chain(by_chars.into_iter().flatten())
}

/// Cleans `raw`. Never fails: any input yields a (possibly empty) result.
///
/// One pass over the whitespace-separated pieces: each is lowercased
/// (without allocating when it is lowercase ASCII already), links,
/// mentions and emoticons are taken out, and what stays is counted and
/// squeezed as it is written.
pub fn clean(raw: &str) -> Cleaned {
    let mut out = Cleaned::default();
    clean_into(raw, &mut out);
    out
}

/// [`clean`] into `out`, reusing its buffers: the analyzer cleans text
/// after text into one.
pub fn clean_into(raw: &str, out: &mut Cleaned) {
    let mut text = std::mem::take(&mut out.text);
    let (mut mentions, mut hashtags, mut emoticons) = (
        std::mem::take(&mut out.mentions),
        std::mem::take(&mut out.hashtags),
        std::mem::take(&mut out.emoticons),
    );
    text.clear();
    mentions.clear();
    hashtags.clear();
    emoticons.clear();
    *out = Cleaned {
        mentions,
        hashtags,
        emoticons,
        ..Cleaned::default()
    };
    if raw.is_ascii() {
        clean_ascii(raw, out, text);
    } else {
        clean_unicode(raw, out, text);
    }
}

/// [`clean`] for any text.
fn clean_unicode(raw: &str, out: &mut Cleaned, mut text: String) {
    text.reserve(raw.len());
    let mut w = Writer {
        text,
        prev: '\0',
        run: 0,
        counts: [0; SCRIPTS],
        order: [Script::Other; SCRIPTS],
        seen: 0,
    };
    let mut buf = String::new();
    let mut wrote = false;
    for piece in pieces(raw) {
        let lower: &str = if piece
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            buf.clear();
            if piece.is_ascii() {
                buf.push_str(piece);
                buf.make_ascii_lowercase();
            } else if piece.contains('Σ') {
                // Final sigma depends on context: let the library decide.
                buf.push_str(&piece.to_lowercase());
            } else {
                buf.extend(piece.chars().flat_map(char::to_lowercase));
            }
            &buf
        } else {
            piece
        };
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
            let end = tag
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                .map_or(tag.len(), |(i, _)| i);
            if end > 0 {
                out.hashtags.push(tag[..end].to_string());
            }
            rest = tag;
        }
        let maybe_emoticon =
            rest.len() <= 3 && rest.starts_with([':', ';', '<', '^', 'x', '=', '-', '>']);
        if maybe_emoticon {
            if let Some(&(e, pol)) = EMOTICONS.iter().find(|(e, _)| rest == *e) {
                out.emoticons.push((e, pol));
                continue;
            }
        }
        // A space before every piece once anything was written, as a
        // join of the pieces would put it (an empty piece too).
        if wrote {
            w.push(' ', out);
        }
        wrote = wrote || !rest.is_empty();
        if rest.is_ascii() {
            for &b in rest.as_bytes() {
                w.push_ascii(b, out);
            }
        } else {
            for c in rest.chars() {
                w.push(c, out);
            }
        }
    }
    for s in &w.order[..w.seen.min(SCRIPTS)] {
        out.scripts.push(*s, w.counts[*s as usize]);
    }
    out.text = w.text;
}

/// [`clean`] for ASCII text, the common case: the same result, byte by
/// byte, lowercasing as it writes instead of copying first.
fn clean_ascii(raw: &str, out: &mut Cleaned, text: String) {
    // Question marks, exclamation marks and letters are counted over the
    // whole text in one pass each (which the compiler vectorises), and
    // taken back for the pieces that are taken out.
    let (questions, exclamations, letters) = counts(raw.as_bytes());
    let mut removed = (0, 0, 0);
    let mut text: Vec<u8> = text.into_bytes();
    text.reserve(raw.len());
    let (mut prev, mut run) = (0u8, 0usize);
    // Writes one (lowercase) byte, squeezing runs of three or more.
    fn write(b: u8, prev: &mut u8, run: &mut usize, text: &mut Vec<u8>) {
        if b == *prev {
            *run += 1;
        } else {
            *prev = b;
            *run = 1;
        }
        if *run <= 2 {
            text.push(b);
        }
    }
    // Unicode's whitespace among ASCII: tab to carriage return, space.
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let starts = |p: &[u8], prefix: &str| {
        p.len() >= prefix.len() && p[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    // Every byte is ASCII, so every slice is a valid `str`.
    let lower = |b: &[u8]| String::from_utf8(b.to_ascii_lowercase()).unwrap_or_default();
    let mut wrote = false;
    for piece in raw.as_bytes().split(space).filter(|p| !p.is_empty()) {
        if starts(piece, "http://") || starts(piece, "https://") || starts(piece, "www.") {
            out.urls += 1;
            add(&mut removed, counts(piece));
            continue;
        }
        if let Some(h) = piece.strip_prefix(b"@") {
            if !h.is_empty() {
                let end = h
                    .iter()
                    .rposition(|b| b.is_ascii_alphanumeric() || *b == b'_')
                    .map_or(0, |e| e + 1);
                out.mentions.push(lower(&h[..end]));
                add(&mut removed, counts(piece));
                continue;
            }
        }
        let mut rest = piece;
        if let Some(tag) = rest.strip_prefix(b"#") {
            let end = tag
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .unwrap_or(tag.len());
            if end > 0 {
                out.hashtags.push(lower(&tag[..end]));
            }
            rest = tag;
        }
        let maybe_emoticon = rest.len() <= 3
            && rest
                .first()
                .is_some_and(|b| b":;<^x=->".contains(&b.to_ascii_lowercase()));
        if maybe_emoticon {
            if let Some(&(e, pol)) = EMOTICONS
                .iter()
                .find(|(e, _)| rest.eq_ignore_ascii_case(e.as_bytes()))
            {
                out.emoticons.push((e, pol));
                add(&mut removed, counts(piece));
                continue;
            }
        }
        if wrote {
            write(b' ', &mut prev, &mut run, &mut text);
        }
        wrote = wrote || !rest.is_empty();
        let stretched = rest
            .windows(3)
            .any(|w| w[0].eq_ignore_ascii_case(&w[1]) && w[1].eq_ignore_ascii_case(&w[2]));
        match rest.first() {
            // No run of three inside, and none across the space before:
            // copy the piece as it is, lowercased.
            Some(&first) if !stretched && first.to_ascii_lowercase() != prev => {
                text.extend(rest.iter().map(u8::to_ascii_lowercase));
                prev = 0;
                run = 0;
            }
            _ => {
                for &b in rest {
                    write(b.to_ascii_lowercase(), &mut prev, &mut run, &mut text);
                }
            }
        }
    }
    out.questions = questions - removed.0;
    out.exclamations = exclamations - removed.1;
    out.letters = letters - removed.2;
    if out.letters > 0 {
        out.scripts.push(Script::Latin, out.letters);
    }
    // Only ASCII bytes were written.
    out.text = String::from_utf8(text).unwrap_or_default();
}

/// Question marks, exclamation marks and ASCII letters in `bytes`.
fn counts(bytes: &[u8]) -> (usize, usize, usize) {
    (
        bytes.iter().filter(|&&b| b == b'?').count(),
        bytes.iter().filter(|&&b| b == b'!').count(),
        bytes.iter().filter(|b| b.is_ascii_alphabetic()).count(),
    )
}

fn add(sum: &mut (usize, usize, usize), n: (usize, usize, usize)) {
    sum.0 += n.0;
    sum.1 += n.1;
    sum.2 += n.2;
}

/// The script a text is written in: the one most letters are written in,
/// except that Latin gives way to another script holding at least
/// [`NON_LATIN_SHARE`] of the letters. Thai, Russian or Japanese posts
/// name brands, products and places in Latin letters ("มาสด้า อวดโฉม
/// Mazda3 และ MX-5 ใหม่"), so Latin can hold most letters of a text that
/// is Thai; an English text rarely carries a third of its letters in Thai.
pub fn dominant_script(c: &Cleaned) -> Option<Script> {
    let total: usize = c.scripts.iter().map(|(_, n)| *n).sum();
    let top = c.scripts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s)?;
    if top != Script::Latin {
        return Some(top);
    }
    c.scripts
        .iter()
        .filter(|(s, n)| *s != Script::Latin && (*n as f32) >= NON_LATIN_SHARE * total as f32)
        .max_by_key(|(_, n)| *n)
        .map_or(Some(top), |(s, _)| Some(*s))
}

/// The share of a text's letters a non-Latin script needs to win over
/// Latin (see [`dominant_script`]); chosen on the Wisesight dev split and
/// checked on the language-ID sets, which it leaves unchanged.
pub const NON_LATIN_SHARE: f32 = 0.3;

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
    fn thai_with_latin_brand_names_is_thai_script() {
        let c = clean("มาสด้า อวดโฉม Mazda3 และ MX-5 ใหม่ GT-Premium 2WD Limited Edition ครับ");
        let count = |script| {
            c.scripts
                .iter()
                .find(|(s, _)| *s == script)
                .map_or(0, |(_, n)| *n)
        };
        assert!(count(Script::Latin) > count(Script::Thai));
        assert_eq!(dominant_script(&c), Some(Script::Thai));
    }

    #[test]
    fn english_with_a_thai_name_stays_latin() {
        let c = clean("Loved the green curry at ร้านป้า yesterday, friendly staff and quick service");
        assert_eq!(dominant_script(&c), Some(Script::Latin));
    }

    #[test]
    fn emoji_only_text_has_no_letters() {
        let c = clean("🔥🔥🔥 👍");
        assert_eq!(c.letters, 0);
        assert_eq!(c.emoji, 4);
    }
}
