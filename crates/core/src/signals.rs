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
        if is_word_char(c) || is_thai_mark(c) {
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

/// Thai script: no spaces between words, so its terms match inside a
/// run of letters (see [`is_thai_term_at`] for where they do not).
fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Thai signs that belong to the syllable before them (vowels written
/// after, above or below a consonant, tone marks, the repetition sign): a
/// term followed by one ends inside a syllable — "ไหม" (question
/// particle) in "ไหม้" (burnt).
fn continues_thai_syllable(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai words that hold a list term without meaning it, so the term does
/// not count inside them: "เสีย" (broken) in "เสียง" (sound), "แย่" (bad)
/// in "แย่ง" (snatch), "ชอบ" (like) in "รับผิดชอบ" (responsible), "ไหม"
/// (question particle) in "ผ้าไหม" (silk).
const THAI_HOSTS: &[&str] = &[
    "เสียง",
    "เสียบ",
    "เสียดาย",
    "แย่ง",
    "รับผิดชอบ",
    "ผ้าไหม",
    "ไหมพรม",
    "เกี่ยว",
    "ปังปอนด์",
];

/// A Thai term found at `text[start..end]` is a term there: it does not
/// end inside a syllable, and no [`THAI_HOSTS`] word holds it at that
/// place.
fn is_thai_term_at(text: &str, start: usize, end: usize) -> bool {
    if text[end..]
        .chars()
        .next()
        .is_some_and(continues_thai_syllable)
    {
        return false;
    }
    let term = &text[start..end];
    !THAI_HOSTS.iter().any(|host| {
        host.match_indices(term).any(|(at, _)| {
            start
                .checked_sub(at)
                .and_then(|from| text.get(from..))
                .is_some_and(|rest| rest.starts_with(host))
        })
    })
}

/// A letter or digit, with the common cases first: ASCII, then Thai (all
/// of whose block belongs to words), then Unicode's tables.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_thai(c) || c.is_alphanumeric()
    }
}

/// Which word lists a lowercased text has a term of, as [`List`] bits.
/// One automaton holds the terms of every list, so a text is read once
/// however long the lists grow (a search per term and per word start cost
/// a fifth of an import's writing time).
struct Lexicon {
    /// `None` only if the automaton could not be built (it can: a few
    /// hundred short constants), when each term is searched on its own.
    automaton: Option<aho_corasick::AhoCorasick>,
    patterns: Vec<&'static str>,
    /// Per pattern: the lists it belongs to, whether it is a stem, and
    /// whether it is Thai (matches anywhere).
    terms: Vec<(u8, bool, bool)>,
}

/// The word lists the lexicon knows, as bits.
#[derive(Clone, Copy)]
enum List {
    Negative = 1,
    Positive = 1 << 1,
    Recommend = 1 << 2,
    QuestionThai = 1 << 3,
    Generic = 1 << 4,
    Pressing = 1 << 5,
    Resolved = 1 << 6,
    /// Not a list a text is read for: marks the terms of [`NEGATABLE`],
    /// which do not count where a negation stands right before them.
    Negatable = 1 << 7,
}

impl Lexicon {
    fn get() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| {
            let mut patterns: Vec<&'static str> = Vec::new();
            let mut terms: Vec<(u8, bool, bool)> = Vec::new();
            for (list, words) in [
                (List::Negative, NEGATIVE),
                (List::Positive, POSITIVE),
                (List::Recommend, RECOMMEND),
                (List::QuestionThai, QUESTION_THAI),
                (List::Generic, GENERIC),
                (List::Pressing, PRESSING),
                (List::Resolved, RESOLVED),
                (List::Negatable, NEGATABLE),
            ] {
                for term in words {
                    let (word, stem) = match term.strip_suffix('*') {
                        Some(w) => (w, true),
                        None => (*term, false),
                    };
                    if word.is_empty() {
                        continue;
                    }
                    let thai = word.chars().any(is_thai);
                    match patterns
                        .iter()
                        .zip(&terms)
                        .position(|(p, t)| *p == word && t.1 == stem)
                    {
                        Some(n) => terms[n].0 |= list as u8,
                        None => {
                            patterns.push(word);
                            terms.push((list as u8, stem, thai));
                        }
                    }
                }
            }
            let automaton = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&patterns)
                .ok();
            Lexicon {
                automaton,
                patterns,
                terms,
            }
        })
    }

    /// The lists with a term in `text` (lowercased): a term starts where a
    /// word starts and, unless a stem, ends where a word ends; Thai terms
    /// match anywhere.
    fn lists_in(&self, text: &str) -> u8 {
        let mut found = 0u8;
        let Some(automaton) = &self.automaton else {
            return self.lists_by_term(text);
        };
        for m in automaton.find_overlapping_iter(text) {
            let (lists, stem, thai) = self.terms[m.pattern().as_usize()];
            let read = lists & !(List::Negatable as u8);
            if found & read == read {
                continue;
            }
            let at = if thai {
                is_thai_term_at(text, m.start(), m.end())
            } else {
                is_term_at(text, m.start(), m.end(), stem)
            };
            if at && !(lists & List::Negatable as u8 != 0 && negated_before(text, m.start())) {
                found |= read;
            }
        }
        found
    }

    /// [`Lexicon::lists_in`] one term at a time.
    fn lists_by_term(&self, text: &str) -> u8 {
        let mut found = 0u8;
        for (word, (lists, stem, _)) in self.patterns.iter().zip(&self.terms) {
            let term = if *stem {
                format!("{word}*")
            } else {
                word.to_string()
            };
            let negatable = lists & List::Negatable as u8 != 0;
            let counts = if negatable {
                term_starts(text, &term).any(|at| !negated_before(text, at))
            } else {
                has_term(text, &term)
            };
            if counts {
                found |= lists & !(List::Negatable as u8);
            }
        }
        found
    }

    fn has(&self, text: &str, list: List) -> bool {
        self.lists_in(text) & list as u8 != 0
    }
}

/// `text[start..end]` begins a word and, unless `stem`, ends one.
fn is_term_at(text: &str, start: usize, end: usize, stem: bool) -> bool {
    let begins = text[start..].chars().next().is_some_and(is_word_char)
        && text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c));
    begins && (stem || text[end..].chars().next().is_none_or(|c| !is_word_char(c)))
}

/// `term` occurs in the lowercased `hay` as words: it starts where a word
/// starts and ends where a word ends — "late" is not in "latest", "toll"
/// not in "Stollen", "best" not in "Bestellung". A term ending in `*` is a
/// stem and may run on ("recommend*" finds "recommended"). Thai terms,
/// written without spaces, match inside a run of Thai letters but not
/// inside a syllable or a word known to hold them ("เสีย" is not in
/// "เสียง").
pub fn has_term(hay: &str, term: &str) -> bool {
    term_starts(hay, term).next().is_some()
}

/// Where `term` occurs in `hay` as [`has_term`] reads it.
fn term_starts<'h>(hay: &'h str, term: &'h str) -> impl Iterator<Item = usize> + 'h {
    let (word, stem) = match term.strip_suffix('*') {
        Some(w) => (w, true),
        None => (term, false),
    };
    let thai = word.chars().any(is_thai);
    hay.match_indices(word)
        .filter(move |_| !word.is_empty())
        .map(|(at, _)| at)
        .filter(move |&at| {
            if thai {
                is_thai_term_at(hay, at, at + word.len())
            } else {
                is_term_at(hay, at, at + word.len(), stem)
            }
        })
}

/// Fault words whose negation clears or praises: "not bad", "nicht
/// schlecht", "never late", "nie enttäuscht", "ไม่แย่". Right after a
/// negation ([`negates`]) they are no complaint. Words for what went
/// missing or was asked back ("refund", "Reklamation") are not here: "no
/// refund yet" is a complaint; nor is "เสีย", a verb of many senses
/// ("ไม่เสียภาษี" pays no tax, "ไม่เสียเวลา" wastes no time).
pub const NEGATABLE: &[&str] = &[
    "bad",
    "poor",
    "broken",
    "cracked",
    "damaged",
    "disappoint*",
    "terrible",
    "awful",
    "horrible",
    "useless",
    "late",
    "delayed",
    "rude",
    "schlecht*",
    "kaputt*",
    "enttäusch*",
    "falsch*",
    "ärgerlich",
    "unzufrieden*",
    "defekt",
    "mangelhaft",
    "verspätet",
    "แย่",
    "เลว",
    "ห่วย",
    "ผิดหวัง",
];

/// Words for trouble that are no complaint by themselves ("a problem
/// with the link?" asks) but whose negation clears: "no problem", "no
/// issues", "no hassle at all", "kein Problem", "keine Mängel",
/// "ไม่มีปัญหา". The analyzer reads them with [`NEGATABLE`]'s fault words
/// (a short text that only says there was no trouble is no complaint);
/// the signals' complaint lists do not hold them. Whole words only:
/// "not issued yet" ("issue*") would clear a missing refund.
pub const TROUBLE: &[&str] = &[
    "problem",
    "problems",
    "issue",
    "issues",
    "hassle",
    "hassles",
    "trouble",
    "troubles",
    "complaint",
    "complaints",
    "probleme",
    "ärger",
    "mängel",
    "beanstandung",
    "beanstandungen",
    "ปัญหา",
    "มีปัญหา",
];

/// Whether `word` (lowercased) is one of the [`TROUBLE`] words.
pub fn is_trouble(word: &str) -> bool {
    TROUBLE.contains(&word)
}

/// Negations that turn a fault word around when they stand right before
/// it, or one [`DEGREE`] word before it ("not so bad", "nicht allzu
/// schlecht").
const NEGATES: &[&str] = &[
    "not",
    "never",
    "no",
    "nothing",
    "isn't",
    "wasn't",
    "aren't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "nicht",
    "nie",
    "niemals",
    "kein",
    "keine",
    "keinen",
    "keiner",
    "nichts",
    "ไม่",
    "ไม่ได้",
];
/// Words of degree that may stand between a negation and its fault word.
const DEGREE: &[&str] = &[
    "so",
    "too",
    "that",
    "very",
    "really",
    "ganz",
    "allzu",
    "zu",
    "wirklich",
    "besonders",
    "sonderlich",
];

/// Whether the words before a fault word (`before`, nearest last) negate
/// it: a negation right before it, or a negation and one word of degree.
pub fn negates(before: &[&str]) -> bool {
    match before {
        [.., n, d] if DEGREE.contains(d) => NEGATES.contains(n),
        [.., n] => NEGATES.contains(n),
        [] => false,
    }
}

/// Whether `word` (lowercased) is one of the [`NEGATABLE`] fault words.
pub fn is_negatable(word: &str) -> bool {
    NEGATABLE.iter().any(|term| match term.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => *term == word,
    })
}

/// Whether the term at `start` of the lowercased `text` has a negation
/// right before it ([`negates`]); a Thai term, written without spaces,
/// right after "ไม่" or "ไม่ได้".
pub fn negated_before(text: &str, start: usize) -> bool {
    let head = &text[..start];
    if text[start..].chars().next().is_some_and(is_thai) {
        let head = head.trim_end();
        return head.ends_with("ไม่") || head.ends_with("ไม่ได้");
    }
    // Up to two words before it, with nothing but spaces between:
    // punctuation ends the phrase ("Why not? Broken again").
    let mut before: Vec<&str> = Vec::with_capacity(2);
    let mut rest = head;
    while before.len() < 2 {
        let trimmed = rest.trim_end();
        if trimmed.len() == rest.len() {
            break;
        }
        let word = trimmed
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or_default();
        if word.is_empty() || !word.chars().all(|c| is_word_char(c) || c == '\'') {
            break;
        }
        before.push(word);
        rest = &trimmed[..trimmed.len() - word.len()];
    }
    before.reverse();
    negates(&before)
}

/// `text` as the lists read it: lowercased, a typographic apostrophe
/// ("can’t", as phones write it) as the plain one the lists are written
/// with.
fn lowered(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.contains('\u{2019}') {
        lower.replace('\u{2019}', "'")
    } else {
        lower
    }
}

fn contains_any(hay: &str, list: List) -> bool {
    Lexicon::get().has(hay, list)
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

/// Two words in capitals one after the other ("FIX THIS", "STOP
/// CRASHING"), each of three letters or more: shouting. Handles,
/// hashtags and links do not count.
pub fn shouts(text: &str) -> bool {
    let mut run = 0;
    for token in text.split_whitespace() {
        if token.starts_with(['@', '#']) || token.contains("://") {
            run = 0;
            continue;
        }
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        let loud = word.chars().count() >= 3
            && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
        run = if loud { run + 1 } else { 0 };
        if run >= 2 {
            return true;
        }
    }
    false
}

/// The text asks something.
pub fn is_question(text: &str) -> bool {
    if text.contains('?') || text.contains('？') {
        return true;
    }
    let norm = normalize(text);
    starts_with_word(&norm, QUESTION_STARTS) || contains_any(&norm, List::QuestionThai)
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
    // A stock phrase opening a text of up to three words, as whole words:
    // "top" opens "top bike" but not "Topfset kaputt".
    GENERIC.iter().any(|g| {
        norm == *g
            || (words <= 3
                && norm
                    .strip_prefix(g)
                    .is_some_and(|rest| rest.starts_with(' ') || g.chars().any(is_thai)))
    }) || (norm.chars().count() <= 12 && contains_any(&norm, List::Generic))
}

/// A text that is one stock phrase of praise and nothing else but emoji
/// and punctuation ("Nice!", "Mega 😍", "สวย"): every [`GENERIC`] phrase
/// praises, however little it says.
pub fn is_stock_praise(text: &str) -> bool {
    let norm = normalize(text);
    GENERIC.contains(&norm.as_str())
}

/// Recommendation vocabulary (terms as [`has_term`] reads them).
pub const RECOMMEND: &[&str] = &[
    "recommend*",
    "check out",
    "you need",
    "you should get",
    "go to",
    "best shop",
    "empfehl*",
    "schau dir",
    "schaut euch",
    "müsst ihr",
    "musst du",
    "แนะนำ",
    "ลองดู",
    "ต้องลอง",
    "ไปซื้อ",
];

/// The text recommends the shop to others or tags a friend (read as a
/// comment under the shop's post, see [`Place`]).
pub fn is_recommendation(text: &str) -> bool {
    let lower = lowered(text);
    tags_someone(&lower, Place::COMMENT) || contains_any(&lower, List::Recommend)
}

/// Where a text was written, as far as reading its mentions needs: a
/// mention is a recommendation only when it brings someone else to the
/// shop's post.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Under one of the shop's posts (a comment, or a reply in its
    /// thread): tagging someone there shares the post with them. A tag
    /// anywhere else (a tweet to a care desk naming another account) is
    /// not a recommendation.
    pub under_post: bool,
    /// A reply to someone's words (not to the post itself): the handles
    /// it opens with address the people it answers (X, Mastodon and
    /// Bluesky write them by themselves), they tag no one.
    pub reply: bool,
    /// The shop's own handles, without `@`, lowercased: writing to or
    /// mentioning the shop is not recommending it.
    pub shop: &'a [String],
}

impl Place<'_> {
    /// A comment under the shop's post, the shop's handles unknown.
    pub const COMMENT: Place<'static> = Place {
        under_post: true,
        reply: false,
        shop: &[],
    };

    /// The place of an interaction: `post_id` the post it is under,
    /// `in_reply_to` what it answers.
    pub fn of<'s>(
        post_id: Option<&str>,
        in_reply_to: Option<&str>,
        shop: &'s [String],
    ) -> Place<'s> {
        Place {
            under_post: post_id.is_some(),
            reply: in_reply_to.is_some() && in_reply_to != post_id,
            shop,
        }
    }
}

/// `lower` (lowercased) mentions someone other than the shop, outside the
/// handles a reply opens with.
fn tags_someone(lower: &str, place: Place<'_>) -> bool {
    if !place.under_post {
        return false;
    }
    let mut opening = place.reply;
    for word in lower.split_whitespace() {
        let Some(handle) = mentioned(word) else {
            opening = false;
            continue;
        };
        if handle.is_empty() || opening || place.shop.iter().any(|s| s == handle) {
            continue;
        }
        return true;
    }
    false
}

/// The handle a word names when it starts with `@`: "@anna," and "@anna:"
/// name anna; "@" alone names no one (an empty handle).
fn mentioned(word: &str) -> Option<&str> {
    let handle = word.strip_prefix('@')?;
    Some(handle.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_')))
}

/// `lower` names the shop: an `@handle` that is one of the shop's handles
/// or a variant of one, each read up to its first `.` or `@` ("@trailwerk"
/// and "trailwerk.bsky.social"). A variant contains the other or is
/// contained in it, the shorter of at least four characters ("@apple"
/// and "applesupport"); not for a shop handle with an `@` in it, whose
/// first part may be a mailbox's ("shop@trailwerk.de" is no variant of
/// "@bikeshop_berlin").
fn names_shop(lower: &str, shop: &[String]) -> bool {
    lower
        .split_whitespace()
        .filter_map(mentioned)
        .any(|h| is_shop(h, shop))
}

/// The mentioned `handle` (without `@`) is one of the `shop`'s handles or
/// a variant of one (see [`names_shop`]).
fn is_shop(handle: &str, shop: &[String]) -> bool {
    fn core(h: &str) -> &str {
        h.split(['.', '@']).next().unwrap_or(h)
    }
    let variant = |h: &str, s: &str| {
        let c = core(s);
        let (short, long) = if h.len() <= c.len() { (h, c) } else { (c, h) };
        short == long || (!s.contains('@') && short.chars().count() >= 4 && long.contains(short))
    };
    let h = core(handle);
    !h.is_empty() && shop.iter().any(|s| variant(h, s))
}

/// Greetings a text may open with before the handle it is written to.
const GREETINGS: &[&str] = &[
    "hey", "hi", "hello", "dear", "hallo", "moin", "servus", "liebe", "lieber",
];

/// `lower` is written to the shop: it opens with one of the shop's
/// handles (".@hulu", "Hey @AskeBay,"). Recommending words there advise
/// the shop ("@zoom_us you should get rid of the 40 min limit", "go to my
/// purchased tab") — they tell no one else to buy.
fn addresses_shop(lower: &str, shop: &[String]) -> bool {
    let mut words = lower.split_whitespace();
    let mut first = words.next();
    if first.is_some_and(|w| GREETINGS.contains(&w.trim_end_matches([',', '!', ':']))) {
        first = words.next();
    }
    first
        .map(|w| w.trim_start_matches('.'))
        .and_then(mentioned)
        .is_some_and(|h| is_shop(h, shop))
}

/// Whether the analyzer's `recommendation` cannot stand on its own at
/// `place`: in a reply to someone's words it is mostly thanks or help to
/// the person answered ("@AdobeCare Mac OS 10.14.5"), and in a text that
/// names the shop it is the handle speaking — the models learnt that a
/// handle is a friend tagged, and a text written to a care desk ("@apple
/// my Face ID isn't working") names the desk.
fn reading_leans(lower: &str, place: Place<'_>) -> bool {
    place.reply || names_shop(lower, place.shop)
}

/// Whether the analyzer's `recommendation` is dropped from its reading of
/// `lower` (with the word lists `lists` found in it) at `place`: it
/// cannot stand on its own there ([`reading_leans`]) and nothing else
/// recommends (no recommending words, no one tagged).
fn recommendation_dropped(lower: &str, lists: u8, place: Place<'_>) -> bool {
    !recommending_words(lower, lists, place)
        && reading_leans(lower, place)
        && !tags_someone(lower, place)
}

/// `lower` (with the word lists `lists` found in it) recommends in words
/// at `place`: recommending words, in a text not written to the shop
/// ([`addresses_shop`]).
fn recommending_words(lower: &str, lists: u8, place: Place<'_>) -> bool {
    lists & List::Recommend as u8 != 0 && !addresses_shop(lower, place.shop)
}

/// The analyzer's `intents` of `text` as the shop keeps them, written at
/// `place`: a `recommendation` [`recommendation_dropped`] there is left
/// out and the next intent leads (`other` when none is left). `None` when
/// they stand as they are. The dashboard, the API and the signals then
/// tell one story: "@XboxSupport … It won't sync the game" reads as a
/// complaint, not a recommendation.
pub fn placed_intents(text: &str, intents: &[String], place: Place<'_>) -> Option<Vec<String>> {
    if !intents.iter().any(|i| i == "recommendation") {
        return None;
    }
    let lower = lowered(text);
    if !recommendation_dropped(&lower, Lexicon::get().lists_in(&lower), place) {
        return None;
    }
    let rest: Vec<String> = intents
        .iter()
        .filter(|i| *i != "recommendation")
        .cloned()
        .collect();
    Some(if rest.is_empty() {
        vec!["other".to_string()]
    } else {
        rest
    })
}

/// Complaint vocabulary (terms as [`has_term`] reads them).
pub const NEGATIVE: &[&str] = &[
    "broken",
    "refund*",
    "disappoint*",
    "worst",
    "never again",
    "still waiting",
    "no answer",
    "terrible",
    "awful",
    "useless",
    "wrong size",
    "late",
    "scam*",
    "cracked",
    "not happy",
    "kaputt*",
    "enttäusch*",
    "warte seit",
    "immer noch",
    "schlecht*",
    "reklamation*",
    "nie wieder",
    "falsch*",
    "ärgerlich",
    "unzufrieden*",
    "แย่",
    "ช้ามาก",
    "ผิดหวัง",
    "เสีย",
    "ไม่พอใจ",
    "ยังไม่ได้",
    "โกง",
    "ห่วย",
];
/// Words that make a calmly worded complaint a pressing one: the problem
/// has lasted or come back ("still", "again", "for weeks"), no one helps,
/// or the writer's patience is gone ("ridiculous", "sick of", a threat to
/// cancel). With the analyzer's primary intent `complaint` they make a
/// complaint whatever the mood it reads: a customer repeating a problem
/// in polite words is unhappy all the same. On 540 real customers of 24
/// care desks (docs/MODEL.md) this finds 61% of those a reader calls
/// unhappy instead of 52%, as precisely (63% with the phrases added since,
/// from what the ones still missed wrote). "Still" and lengths of time
/// count only in phrases: alone they are as often praise ("legs are
/// still shaking", "commuting on it for six weeks now").
pub const PRESSING: &[&str] = &[
    "still not",
    "still no",
    "still waiting",
    "still haven't",
    "still hasn't",
    "still can't",
    "still cannot",
    "still doesn't",
    "still don't",
    "still isn't",
    "still nothing",
    "still broken",
    "still having",
    "still getting",
    "still the same",
    "still unable",
    "still need",
    "keep saying",
    "keeps saying",
    "promised",
    "takes days",
    "took days",
    "crook*",
    "rip off",
    "ripoff",
    "again",
    "yet",
    "for days",
    "for weeks",
    "for months",
    "for hours",
    "days ago",
    "weeks ago",
    "months ago",
    "over a week",
    "over a month",
    "never",
    "nobody",
    "no one",
    "ridiculous",
    "unacceptable",
    "worst",
    "terrible",
    "horrible",
    "awful",
    "pathetic",
    "joke",
    "useless",
    "disgust*",
    "angry",
    "frustrat*",
    "annoy*",
    "sick of",
    "fed up",
    "cancel*",
    "switching",
    "sucks",
    "crap",
    "seriously",
    "waste",
    "scam*",
    "hate",
    "wtf",
    "immer noch",
    "noch immer",
    "schon wieder",
    "seit tagen",
    "seit wochen",
    "seit monaten",
    "seit stunden",
    "niemand",
    "nie",
    "unverschämt*",
    "frechheit",
    "lächerlich",
    "katastroph*",
    "nervt",
    "genervt",
    "kündig*",
    "อีกแล้ว",
    "ยังไม่",
    "หลายวัน",
    "ทุกครั้ง",
    "ไม่มีใคร",
];
/// Words that say a problem is over ("it's sorted now", "hat sich
/// erledigt", "ใช้ได้แล้ว"): good news for the shop, which helped, not a
/// complaint — however the analyzer reads the words beside them ("had to
/// initialize instead😭"). They count only in a text with no complaint
/// or pressing word ("not working again" is no resolution), and only as
/// phrases that a negation cannot sit inside ("working now" is in "not
/// working now", so it is not one).
pub const RESOLVED: &[&str] = &[
    "sorted now",
    "all sorted",
    "it's sorted",
    "sorted it",
    "fixed now",
    "it's fixed",
    "all fixed",
    "works now",
    "that worked",
    "that did it",
    "did the trick",
    "all good now",
    "problem solved",
    "issue resolved",
    "resolved now",
    "got it working",
    "managed to fix",
    "hat sich erledigt",
    "problem gelöst",
    "ist gelöst",
    "hat geklappt",
    "ใช้ได้แล้ว",
    "แก้ได้แล้ว",
    "เรียบร้อยแล้ว",
];
/// Praise vocabulary (terms as [`has_term`] reads them).
pub const POSITIVE: &[&str] = &[
    "love*",
    "thank*",
    "great",
    "perfect*",
    "awesome",
    "happy",
    "amazing",
    "best",
    "recommend*",
    "danke*",
    "super",
    "perfekt*",
    "toll*",
    "begeistert",
    "liebe*",
    "klasse",
    "zufrieden*",
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
    contains_any(&lowered(text), List::Negative)
}

/// The text voices praise or thanks (and no complaint).
pub fn is_positive(text: &str) -> bool {
    !is_negative(text) && contains_any(&lowered(text), List::Positive)
}

/// The text says a problem is over, calmly ([`RESOLVED`], with no
/// complaint or pressing word).
pub fn says_resolved(text: &str) -> bool {
    resolved_in(Lexicon::get().lists_in(&lowered(text)))
}

/// [`says_resolved`] of a text whose lists (as [`Lexicon::lists_in`]
/// finds them) are `lists`.
fn resolved_in(lists: u8) -> bool {
    let has = |list: List| lists & list as u8 != 0;
    has(List::Resolved) && !has(List::Negative) && !has(List::Pressing)
}

/// What the analyzer read in a text, as far as the rules below use it.
#[derive(Debug, Clone, Copy)]
pub struct Analysis<'a> {
    /// The primary intent.
    pub intent: &'a str,
    /// Every intent, primary first.
    pub intents: &'a [String],
    /// `positive`, `neutral` or `negative`.
    pub sentiment: &'a str,
    /// Probability of that sentiment.
    pub confidence: f64,
    /// A stock phrase or emoji only.
    pub generic: bool,
}

/// The version of how a text's signals are read (the word lists, the
/// places that count, the thresholds below). Raise it with any change
/// that reads some text differently: a store whose signals were read
/// under another version reads every text again when it is opened.
pub const RULES: &str = "2026-12-07.5";

/// Sentiment probability from which the analyzer's mood counts on its own.
pub const CONFIDENT: f64 = 0.6;

/// Negative sentiment probability that, with the analyzer's primary
/// intent `complaint`, makes a complaint: both models agree, the mood
/// clearly enough. On 540 real customers of 24 care desks (docs/MODEL.md)
/// 0.6 found 41% of those a reader calls unhappy and 0.5 found 52%, as
/// precisely; on the generator's shops 0.5 keeps detractor precision at
/// 0.98 or more (any negative reading dropped it to 0.86).
pub const COMPLAINT_MOOD: f64 = 0.5;

/// Negative sentiment probability that makes a complaint of the
/// analyzer's `complaint` when it is not the primary intent (a question
/// or a request that is also a complaint). On the 540 real customers
/// this finds 2% more of those a reader calls unhappy, as precisely; at
/// 0.6 the generator's plain questions begin to read as complaints.
pub const ASIDE_COMPLAINT_MOOD: f64 = 0.7;

/// What the ladder, the inbox and the report read in one text, as a few
/// bits: computed once per interaction (at import, again after
/// `reanalyze`) and stored, so the ladder never reads the words again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Signals(u8);

impl Signals {
    /// A stock phrase, emoji only or empty.
    pub const GENERIC: u8 = 1;
    /// Recommends the shop or tags someone.
    pub const RECOMMENDATION: u8 = 1 << 1;
    /// A complaint or frustration.
    pub const COMPLAINT: u8 = 1 << 2;
    /// Praise or thanks (never together with a complaint).
    pub const PRAISE: u8 = 1 << 3;
    /// Asks something.
    pub const QUESTION: u8 = 1 << 4;
    /// Answers the shop in a conversation (a reply to something the shop
    /// wrote other than its post). Set by the store, which knows the
    /// parent; not read from the words.
    pub const CONVERSATION: u8 = 1 << 5;
    /// Answers another person under the shop's post. Set by the store.
    pub const PEER: u8 = 1 << 6;
    /// The bits read from the words.
    pub const FROM_TEXT: u8 = (1 << 5) - 1;
    /// Every bit in use.
    const ALL: u8 = (1 << 7) - 1;

    /// Reads a text: the analyzer's reading where there is one, the word
    /// lists for what it missed (and for texts stored before it ran).
    ///
    /// A complaint needs the analyzer's primary intent *and* a negative
    /// mood of at least [`COMPLAINT_MOOD`] — either model alone mistakes
    /// plain stories for complaints — or a complaint word.
    pub fn read(text: &str, analysis: Option<Analysis<'_>>) -> Signals {
        Signals::read_at(text, analysis, Place::COMMENT)
    }

    /// [`Signals::read`] of a text written at `place`. A recommendation
    /// brings someone else in — recommending words, the analyzer's
    /// `recommendation` as the primary intent (beside praise it is mostly
    /// thanks; not in a text naming the shop), or a tag of someone who
    /// is neither the shop nor the person answered — and never comes
    /// with a complaint ("@anna don't buy here" warns her off).
    pub fn read_at(text: &str, analysis: Option<Analysis<'_>>, place: Place<'_>) -> Signals {
        let says = |intent: &str| analysis.is_some_and(|a| a.intents.iter().any(|x| x == intent));
        let mood =
            |m: &str| analysis.is_some_and(|a| a.sentiment == m && a.confidence >= CONFIDENT);
        // One lowercased copy and one word index serve every list.
        let lower = lowered(text);
        let lists = Lexicon::get().lists_in(&lower);
        let has = |list: List| lists & list as u8 != 0;
        // Where the analyzer's `recommendation` is dropped, the reading's
        // next intent is its primary one (as [`placed_intents`] keeps a
        // stored reading).
        let dropped = recommendation_dropped(&lower, lists, place);
        let first = analysis.and_then(|a| {
            if dropped && a.intent == "recommendation" {
                a.intents
                    .iter()
                    .map(String::as_str)
                    .find(|&i| i != "recommendation")
            } else {
                Some(a.intent)
            }
        });
        let primary = |intent: &str| first == Some(intent);
        // A complaint word counts where the analyzer hears a complaint or
        // a negative tone at all ("Refund arrived, thanks!" is none), and
        // on its own for texts it never read.
        let negative = has(List::Negative)
            && analysis.is_none_or(|a| says("complaint") || a.sentiment == "negative");
        // A complaint beside another intent ("is the bank exploiting the
        // crisis with a new fee?") counts when the mood is plainly
        // negative.
        let negative_at = |least: f64| {
            analysis.is_some_and(|a| a.sentiment == "negative" && a.confidence >= least)
        };
        let heard_complaint = (primary("complaint") && negative_at(COMPLAINT_MOOD))
            || (says("complaint") && negative_at(ASIDE_COMPLAINT_MOOD));
        // A calm complaint that presses ("still not working after two
        // weeks", "again!!", "FIX THIS") is a complaint in any mood but a
        // positive one.
        let pressing = primary("complaint")
            && !mood("positive")
            && (has(List::Pressing) || text.contains("!!") || text.contains("??") || shouts(text));
        // "It's sorted now" ends a complaint, told calmly.
        let resolved = resolved_in(lists);
        let complaint = !resolved && (heard_complaint || pressing || negative);
        let praise = !complaint
            && (resolved || has(List::Positive) || (primary("praise") && mood("positive")));
        let generic = analysis.map_or_else(|| is_generic(text), |a| a.generic);
        let recommendation = !complaint
            && (tags_someone(&lower, place)
                || recommending_words(&lower, lists, place)
                || primary("recommendation"));
        let question =
            says("question") || text.contains('?') || text.contains('？') || is_question(text);
        let mut bits = 0;
        for (on, bit) in [
            (generic, Self::GENERIC),
            (recommendation, Self::RECOMMENDATION),
            (complaint, Self::COMPLAINT),
            (praise, Self::PRAISE),
            (question, Self::QUESTION),
        ] {
            if on {
                bits |= bit;
            }
        }
        Signals(bits)
    }

    /// With the reply bits: `to_shop` when the parent is the shop's words
    /// (not its post), `to_peer` when it is another person's under a shop
    /// post.
    pub fn replying(self, to_shop: bool, to_peer: bool) -> Signals {
        let mut bits = self.0 & !(Self::CONVERSATION | Self::PEER);
        if to_shop {
            bits |= Self::CONVERSATION;
        } else if to_peer {
            bits |= Self::PEER;
        }
        Signals(bits)
    }

    /// A reply in a conversation with the shop.
    pub fn conversation(self) -> bool {
        self.has(Self::CONVERSATION)
    }

    /// A reply to another person under the shop's post.
    pub fn peer(self) -> bool {
        self.has(Self::PEER)
    }

    /// The stored form.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From the stored form; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Signals {
        Signals(bits & Self::ALL)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// A stock phrase, emoji only or empty.
    pub fn generic(self) -> bool {
        self.has(Self::GENERIC)
    }

    /// Recommends the shop or tags someone.
    pub fn recommendation(self) -> bool {
        self.has(Self::RECOMMENDATION)
    }

    /// A complaint or frustration.
    pub fn complaint(self) -> bool {
        self.has(Self::COMPLAINT)
    }

    /// Praise or thanks.
    pub fn praise(self) -> bool {
        self.has(Self::PRAISE)
    }

    /// Asks something.
    pub fn question(self) -> bool {
        self.has(Self::QUESTION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The automaton finds exactly the lists a search term by term
        /// finds, on texts stitched from terms, word parts and separators.
        #[test]
        fn the_automaton_reads_like_a_search_per_term(
            parts in proptest::collection::vec(0usize..40, 0..12)
        ) {
            const PIECES: &[&str] = &[
                "recommend", "ed", "late", "st", "toll", "Stollen", "best", "ellung", " ", ", ",
                "!", "ผิดหวัง", "ไหม", "มาก", "@anna", "love it", "great post", "nice", "x",
                "ä", "ü", "😀", "-", "broken", "danke", "schlecht", "kaputt", "nicht", "thanks",
                "ร้าน", "ดี", "refund", "never again", "1", "_", "'", "ß", "\u{200d}", "?",
            ];
            let text: String = parts.iter().map(|&n| PIECES[n % PIECES.len()]).collect();
            let lower = text.to_lowercase();
            let lexicon = Lexicon::get();
            proptest::prop_assert!(lexicon.automaton.is_some());
            proptest::prop_assert_eq!(lexicon.lists_in(&lower), lexicon.lists_by_term(&lower));
        }
    }

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

    /// A reading with `intents` (the first primary) in `sentiment`.
    fn reading<'a>(intents: &'a [String], sentiment: &'a str, confidence: f64) -> Analysis<'a> {
        Analysis {
            intent: intents[0].as_str(),
            intents,
            sentiment,
            confidence,
            generic: false,
        }
    }

    #[test]
    fn tagging_a_friend_is_a_recommendation() {
        assert!(is_recommendation("@tom_b look at this"));
        assert!(is_recommendation("Ich kann den Laden nur empfehlen"));
        assert!(!is_recommendation("nice"));
    }

    #[test]
    fn the_analyzers_reading_alone_is_no_recommendation_in_a_reply() {
        let intents = ["recommendation".to_string()];
        let read = reading(&intents, "neutral", 0.5);
        let text = "@AdobeCare Mac OS Mojave 10.14.5, AMD Radeon graphics";
        let reply = Place::of(None, Some("t1"), &[]);
        assert!(!Signals::read_at(text, Some(read), reply).recommendation());
        // Recommending words still count there; the reading counts in a
        // comment.
        let words = "@bob_k if you need tyres, go to Trailwerk";
        assert!(Signals::read_at(words, Some(read), reply).recommendation());
        assert!(
            Signals::read_at("Trailwerk, every time", Some(read), Place::COMMENT).recommendation()
        );
    }

    #[test]
    fn the_analyzers_reading_alone_is_no_recommendation_in_a_text_naming_the_shop() {
        let intents = ["recommendation".to_string()];
        let read = reading(&intents, "neutral", 0.5);
        let shop = [
            "applesupport".to_string(),
            "trailwerk.bsky.social".to_string(),
        ];
        let mention = Place::of(None, None, &shop);
        let recommends = |text| Signals::read_at(text, Some(read), mention).recommendation();
        // Tweets to a care desk the models read as recommendations: the
        // handle, not the words, leans that way; customers write to the
        // brand's other accounts too.
        assert!(!recommends("Hey @Apple my Face ID isn't working link"));
        assert!(!recommends("@AppleSupport it won't sync the game."));
        assert!(!recommends(
            "Getting tired of seeing this @applesupport, link"
        ));
        assert!(!recommends("@trailwerk what's this about"));
        // A friend tagged, no handle at all, or a short one that is only
        // part of the shop's: the reading counts.
        assert!(recommends(
            "@jonas_k we need to do the Coffee Loop next month"
        ));
        assert!(recommends("Trailwerk is the place for tyres, every time"));
        assert!(recommends("@app_fan this is the light I told you about"));
        assert!(recommends("@app this is the light I told you about"));
        // Recommending words count with the shop's handle.
        assert!(recommends("Can only recommend @trailwerk"));
        // A mailbox's name is no handle to vary.
        let mailbox = ["shop@trailwerk.de".to_string()];
        let mail = Place::of(None, None, &mailbox);
        assert!(Signals::read_at("@bikeshop_berlin has them", Some(read), mail).recommendation());
        // Not knowing the shop, no handle is the shop's.
        let unknown = Place::of(None, None, &[]);
        assert!(Signals::read_at("Hey @Apple my Face ID", Some(read), unknown).recommendation());
    }

    #[test]
    fn a_stored_reading_drops_a_recommendation_read_from_the_shops_handle() {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let shop = ["trailwerk".to_string()];
        let to_shop = Place::of(None, None, &shop);
        let text = "@trailwerk the pump won't fit the valve";
        assert_eq!(
            placed_intents(text, &v(&["recommendation", "complaint"]), to_shop),
            Some(v(&["complaint"]))
        );
        assert_eq!(
            placed_intents(text, &v(&["question", "recommendation"]), to_shop),
            Some(v(&["question"]))
        );
        assert_eq!(
            placed_intents(text, &v(&["recommendation"]), to_shop),
            Some(v(&["other"]))
        );
        // In a reply, whoever it names.
        let reply = Place::of(None, Some("t1"), &[]);
        assert_eq!(
            placed_intents("@anna_k Mac OS 10.14.5", &v(&["recommendation"]), reply),
            Some(v(&["other"]))
        );
        // Standing as they are: no recommendation, a text to no one of the
        // shop's, recommending words, a friend tagged under a post.
        assert_eq!(placed_intents(text, &v(&["complaint"]), to_shop), None);
        let friend = "@jonas_k the pump I told you about";
        assert_eq!(
            placed_intents(friend, &v(&["recommendation"]), to_shop),
            None
        );
        let words = "Can only recommend @trailwerk";
        assert_eq!(
            placed_intents(words, &v(&["recommendation"]), to_shop),
            None
        );
        let under_post = Place::of(Some("p1"), Some("p1"), &shop);
        let tag = "@jonas_k look, @trailwerk has the one you wanted";
        assert_eq!(
            placed_intents(tag, &v(&["recommendation"]), under_post),
            None
        );
    }

    #[test]
    fn where_the_reading_cannot_recommend_its_next_intent_speaks() {
        let intents = ["recommendation".to_string(), "complaint".to_string()];
        let read = |sentiment, confidence| reading(&intents, sentiment, confidence);
        let shop = ["xboxsupport".to_string()];
        let text = "@XboxSupport I'm having problems at start-up. It won't sync the game.";
        // To the shop, and in a reply: a complaint in a negative mood.
        for place in [
            Place::of(None, None, &shop),
            Place::of(None, Some("t1"), &[]),
        ] {
            let s = Signals::read_at(text, Some(read("negative", 0.79)), place);
            assert!(s.complaint() && !s.recommendation(), "{s:?}");
        }
        // Under a post, with no handle of the shop's: the reading stands
        // (the complaint beside it counts only in a plainly negative mood).
        let s = Signals::read_at(
            "It won't sync the game",
            Some(read("negative", 0.65)),
            Place::COMMENT,
        );
        assert!(!s.complaint() && s.recommendation(), "{s:?}");
        // Thanks after help: the praise behind the reading counts.
        let thanks = ["recommendation".to_string(), "praise".to_string()];
        let a = reading(&thanks, "positive", 0.8);
        let reply = Place::of(None, Some("t1"), &[]);
        let s = Signals::read_at("@TeamYouTube here are five of them", Some(a), reply);
        assert!(s.praise() && !s.recommendation(), "{s:?}");
    }

    #[test]
    fn a_complaint_needs_both_models_the_mood_from_one_half() {
        let intents = ["complaint".to_string()];
        let read = |sentiment, confidence| reading(&intents, sentiment, confidence);
        let text = "The app logs me out every time I open it";
        let complaint = |a| Signals::read(text, Some(a)).complaint();
        assert!(complaint(read("negative", 0.55)));
        assert!(!complaint(read("negative", 0.45)));
        assert!(!complaint(read("positive", 0.55)));
    }

    #[test]
    fn a_complaint_beside_another_intent_needs_a_plainly_negative_mood() {
        let intents = ["question".to_string(), "complaint".to_string()];
        let read = |sentiment, confidence| reading(&intents, sentiment, confidence);
        let text = "Why did you start charging an escrow fee all of a sudden?";
        let complaint = |a| Signals::read(text, Some(a)).complaint();
        assert!(complaint(read("negative", 0.75)));
        assert!(!complaint(read("negative", 0.6)));
        assert!(!complaint(read("neutral", 0.9)));
        // Without the analyzer's complaint the mood alone is no complaint.
        let asks = ["question".to_string()];
        let text = "Why is the branch closed on Saturdays?";
        assert!(!Signals::read(text, Some(reading(&asks, "negative", 0.9))).complaint());
    }

    #[test]
    fn shouting_is_two_words_in_capitals_one_after_the_other() {
        assert!(shouts(".@hulu FIX. THE. ROKU. APP. IMMEDIATELY."));
        assert!(shouts("HEY @Photoshop STOP CRASHING WHEN I TRY"));
        assert!(shouts("Die App stürzt ab, BITTE REPARIEREN"));
        // One loud word, short ones, handles, tags, codes and links are not.
        assert!(!shouts("having MAJOR trouble with Premiere"));
        assert!(!shouts("Mac OS Mojave, AMD Radeon R9 M295X 4GB"));
        assert!(!shouts("@FBIDallas @DOJPH #USA please help"));
        assert!(!shouts("I am OK, it is OK"));
        assert!(!shouts("see HTTPS://EXAMPLE.COM NOW"));
        assert!(!shouts("ฉันรอ มานาน แล้ว"));
        assert!(!shouts(""));
    }

    #[test]
    fn a_calm_complaint_that_presses_is_a_complaint_in_any_mood_but_a_positive_one() {
        let c = &["complaint".to_string()];
        let p = &["praise".to_string()];
        let calm = reading(c, "neutral", 0.5);
        let is = |text: &str, a| Signals::read(text, Some(a)).complaint();
        // The problem lasts, comes back, or patience is gone.
        assert!(is(
            "Hi, the login code still hasn't arrived, can you help?",
            calm
        ));
        assert!(is("My order was charged again, please check", calm));
        assert!(is("I have been trying for weeks to reach someone", calm));
        assert!(is("Die Lampe flackert immer noch, bitte um Rückruf", calm));
        assert!(is("Seriously?? Third email about this", calm));
        assert!(is("@Spotify FIX THIS NOW, my playlists are gone", calm));
        // With the apostrophe phones type.
        assert!(is("Still can\u{2019}t select Browse in the export", calm));
        assert!(!is("Still can select Browse in the export", calm));
        // A plain report of a fault stays for the mood to decide.
        assert!(!is(
            "Hi, the login code did not arrive, can you help?",
            calm
        ));
        // Not in a positive mood, and not without the analyzer's complaint.
        assert!(!is(
            "Still not over how good this tyre is",
            reading(c, "positive", 0.8)
        ));
        assert!(!is(
            "Rode it again today, still no flats",
            reading(p, "neutral", 0.5)
        ));
        // Bare "still" and lengths of time are as often praise.
        assert!(!is(
            "Rode the Alb this morning, legs are still shaking",
            reading(c, "negative", 0.44)
        ));
        assert!(!is("Commuting on it for 6 weeks now", calm));
    }

    #[test]
    fn writing_to_the_shop_or_answering_someone_is_no_recommendation() {
        let shop = ["teamyoutube".to_string(), "trailwerk".to_string()];
        let top = Place {
            shop: &shop,
            ..Place::COMMENT
        };
        let reply = Place { reply: true, ..top };
        let tweet = Place::of(None, None, &shop);
        let rec = |text: &str, place| Signals::read_at(text, None, place).recommendation();
        // To the shop, about the shop, in any case and with punctuation.
        assert!(!rec("@TeamYouTube Hello, my channel was suspended", tweet));
        assert!(!rec("Got my tyres from @Trailwerk, fitted them today", top));
        assert!(!rec("@trailwerk: wann öffnet ihr?", top));
        // Naming other accounts outside the shop's posts shares nothing.
        assert!(!rec(
            "@TeamYouTube my stream is down, @YouTubeCreators too",
            tweet
        ));
        // A reply opens with the people it answers: that is addressing.
        assert!(!rec("@TeamYouTube @CinVakas thanks, that worked", reply));
        assert!(!rec("@bob_k same here, mine arrived yesterday", reply));
        // Bringing someone else to the post still is, in a reply too once
        // the opening handles are past, and in a reply to the post itself.
        assert!(rec("@anna look at these tyres", top));
        assert!(rec("@trailwerk @anna look at these", top));
        assert!(rec("@bob_k yes! @anna you have to see this", reply));
        let to_post = Place::of(Some("x-10"), Some("x-10"), &shop);
        assert!(rec("@anna @chloe who is in for the gravel ride?", to_post));
        // A complaint tagging a friend warns them off.
        assert!(!rec("@anna the worst shop ever, never buy here", top));
        assert!(!rec(
            "Would not recommend, still waiting for my refund",
            top
        ));
        // A lone "@" names no one.
        assert!(!rec("meet me @ the shop", top));
        // Recommending words written to the shop advise the shop; about
        // the shop, to everyone, they recommend it.
        assert!(!rec(
            "@trailwerk you should get the 29er tyres back in stock",
            tweet
        ));
        assert!(!rec(
            "Hey @TeamYouTube, go to my channel page and check out the error",
            tweet
        ));
        assert!(!rec(".@trailwerk I recommend a bigger size chart", tweet));
        assert!(rec(
            "Can only recommend @trailwerk, they sorted my bike in a day",
            tweet
        ));
        assert!(rec("Everyone asking about tyres: go to Trailwerk", tweet));
        // ... and a stored reading keeps no recommendation there either.
        let read = ["recommendation".to_string(), "suggestion".to_string()];
        assert_eq!(
            placed_intents(
                "@trailwerk you should get the 29er tyres back",
                &read,
                tweet
            ),
            Some(vec!["suggestion".to_string()])
        );
    }

    #[test]
    fn complaints_are_negative_not_positive() {
        assert!(is_negative("Still waiting for my refund"));
        assert!(!is_positive("Still waiting for my refund, thanks"));
        assert!(is_positive("Danke, passt perfekt"));
    }

    #[test]
    fn words_match_whole_words_and_stems_run_on() {
        assert!(!is_negative("The latest jacket"));
        assert!(is_negative("My parcel is late again"));
        assert!(!is_positive("Meine Bestellung ist da"));
        assert!(!is_generic("Stollen"));
        assert!(is_positive("Tolle Jacke"));
        assert!(is_recommendation("I recommended you to my brother"));
        assert!(is_negative("Ich bin unzufrieden"));
        assert!(!is_positive("Ich bin unzufrieden"));
        assert!(has_term("ผิดหวังมาก", "ผิดหวัง"));
        assert!(!has_term("", "late"));
        assert!(!has_term("late", "*"));
    }

    #[test]
    fn list_words_are_never_read_inside_other_words() {
        // English and German: whole words, stems only at a word's start.
        assert!(!is_negative("The latest jacket is in"));
        assert!(!has_term("the latest jacket", "late"));
        assert!(!is_positive("Stollen zu Weihnachten"));
        assert!(!has_term("stollen", "toll*"));
        assert!(has_term("tolle jacke", "toll*"));
        assert!(!is_positive("Meine Bestellung ist unterwegs"));
        assert!(!has_term("meine bestellung", "best"));
        assert!(has_term("the best shop", "best"));
        for text in ["The latest jacket", "Stollen", "Bestellung Nummer 4"] {
            let s = Signals::read(text, None);
            assert!(!s.complaint() && !s.praise(), "{text}");
        }
        // Stock phrases open a short text as whole words only.
        assert!(is_generic("top bike"));
        assert!(!is_generic("Topfset kaputt"));
        assert!(!is_generic("Megaphon defekt"));
        // Thai: a term inside a syllable or a word known to hold it is
        // not the term.
        assert!(!is_negative("เสียงดีมาก"));
        assert!(is_negative("ของเสียตั้งแต่วันแรก"));
        assert!(!is_question("กลิ่นไหม้"));
        assert!(!is_question("ผ้าไหมสวยมาก"));
        assert!(is_question("มีสีดำไหม"));
        assert!(!is_positive("ร้านนี้รับผิดชอบ"));
        assert!(is_positive("ชอบมากค่ะ"));
        assert!(!is_question("เกี่ยวกับสินค้า"));
    }

    #[test]
    fn a_stock_phrase_of_praise_is_the_whole_text_but_emoji() {
        for text in ["Nice!", "Mega 😍", "nice post 👍", "  Sehr schön!! ", "สวย"] {
            assert!(is_stock_praise(text), "{text}");
        }
        for text in ["Nice. Still waiting.", "Nice bike", "Not nice", "", "👍"] {
            assert!(!is_stock_praise(text), "{text}");
        }
    }

    #[test]
    fn a_fault_word_right_after_a_negation_is_no_complaint() {
        for text in [
            "Nicht schlecht",
            "Gar nicht schlecht, das Rad",
            "nicht so schlecht wie gedacht",
            "Never late, always friendly",
            "Nie enttäuscht worden",
            "The delivery wasn't late",
            "isn’t broken anymore",
            "ไม่แย่เลยค่ะ",
        ] {
            assert!(!is_negative(text), "{text}");
        }
        // The fault stands where no negation turns it: after a word that
        // is no negation, across punctuation, beside a negated one, or a
        // word for what went missing.
        for text in [
            "Schlecht verpackt",
            "Not only late but broken",
            "The delivery was not late, the parcel came broken",
            "Why not? Broken again",
            "not the bike, the brake is broken",
            "No refund yet",
            "แย่มาก",
        ] {
            assert!(is_negative(text), "{text}");
        }
        assert!(negates(&["not", "so"]) && negates(&["nicht"]) && !negates(&["so"]));
        assert!(!negates(&["not", "the"]) && !negates(&[]));
        assert!(is_negatable("schlechter") && is_negatable("late") && !is_negatable("refund"));
        // The analyzer's complaint and negative tone over "nicht
        // schlecht" make no complaint: the model heard the fault word.
        let intents = vec!["complaint".to_string()];
        let s = Signals::read("Nicht schlecht", Some(reading(&intents, "negative", 0.4)));
        assert!(!s.complaint(), "{s:?}");
        let s = Signals::read(
            "Schlecht verpackt",
            Some(reading(&intents, "negative", 0.4)),
        );
        assert!(s.complaint(), "{s:?}");
    }

    #[test]
    fn signals_combine_the_analyzer_and_the_word_lists() {
        let intents = vec!["complaint".to_string()];
        let sure = reading(&intents, "negative", 0.9);
        let unsure = reading(&intents, "negative", 0.4);
        let plain = "The box came on Tuesday";
        assert!(Signals::read(plain, Some(sure)).complaint());
        assert!(!Signals::read(plain, Some(unsure)).complaint());
        assert!(!Signals::read(plain, None).complaint());
        let s = Signals::read("Still waiting for my refund?", None);
        assert!(s.complaint() && s.question() && !s.praise() && !s.generic());
        assert_eq!(Signals::from_bits(s.bits()), s);
        assert_eq!(Signals::from_bits(0xff).bits(), 0x7f);
        let r = s.replying(true, true);
        assert!(r.conversation() && !r.peer() && r.complaint());
        let r = r.replying(false, true);
        assert!(!r.conversation() && r.peer());
        assert_eq!(r.bits() & Signals::FROM_TEXT, s.bits());
        assert!(Signals::read("nice", None).generic());
        assert!(Signals::read("@anna look", None).recommendation());
    }

    #[test]
    fn a_problem_said_to_be_over_is_good_news_not_a_complaint() {
        let intents = vec!["complaint".to_string()];
        let heard = reading(&intents, "negative", 0.66);
        // A real customer to a console maker's care desk, after its answer.
        let over = "@AskPlayStation It's sorted now, downloading/reinstalling updates \
                    didn't work so had to initialize instead😭";
        let s = Signals::read(over, Some(heard));
        assert!(!s.complaint() && s.praise(), "{s:?}");
        for (text, lang) in [
            ("Hat sich erledigt, danke!", "de"),
            ("ใช้ได้แล้วค่ะ", "th"),
            ("That did the trick, all good now", "en"),
        ] {
            let s = Signals::read(text, Some(heard));
            assert!(!s.complaint() && s.praise(), "{lang}: {s:?}");
        }
        // Not over: a negation, the problem back again, a complaint word.
        for text in [
            "It's not working now either",
            "Sorted now, but it broke again",
            "Problem solved? No, still waiting for the refund",
            "Ist gelöst? Immer noch kaputt",
        ] {
            let s = Signals::read(text, Some(heard));
            assert!(s.complaint() && !s.praise(), "{text}: {s:?}");
        }
    }
}
