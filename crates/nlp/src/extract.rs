//! From raw text to features, in two phases: the first needs no language
//! (characters and words, enough to identify it); the second adds what
//! depends on the language (stems, negation, rules, lexicon). Both send
//! their features to a [`Sink`]: a [`Bag`] when training, the fused
//! models' sums when analyzing — one code path, so the two cannot differ.

use crate::features::{char_ngrams, hash_str, pair, Bag, Family, Sink};
use crate::lexicon::{self, cue, flag, WordInfo};
use crate::text::{self, Cleaned};
use crate::tokens;
use std::sync::OnceLock;

/// Characters that character n-grams read: enough to know a language and
/// a tone, bounded so a long text costs no more than a tweet.
pub const NGRAM_CHARS: usize = 280;

/// A text on its way through analysis (the training path, which keeps
/// the features in a [`Bag`]).
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The cleaned text.
    pub cleaned: Cleaned,
    /// Its words and emoji.
    pub words: Vec<String>,
    /// The features so far.
    pub bag: Bag,
}

/// Phase one into a bag: clean, tokenize, character n-grams and words.
pub fn prepare(raw: &str) -> Prepared {
    let cleaned = text::clean(raw);
    let mut bag = Bag::default();
    let words: Vec<String> = {
        let words = tokens::words(&cleaned.text);
        let infos = infos(&words);
        phase_one(&mut bag, &cleaned.text, &infos, 5);
        words.into_iter().map(String::from).collect()
    };
    Prepared {
        cleaned,
        words,
        bag,
    }
}

/// Phase two into the bag, for a text in `lang`.
pub fn enrich(p: &mut Prepared, lang: &str) {
    let words: Vec<&str> = p.words.iter().map(String::as_str).collect();
    phase_two(&mut p.bag, &p.cleaned, &words, &infos(&words), lang);
}

/// The cached [`WordInfo`] of each word.
pub fn infos(words: &[&str]) -> Vec<WordInfo> {
    words.iter().map(|w| lexicon::word(w)).collect()
}

/// The language-free features of a cleaned text and its words (`infos`
/// from [`infos`]): character n-grams no longer than `max_order`, of the
/// orders the sink wants, and words.
pub fn phase_one<S: Sink>(sink: &mut S, text: &str, infos: &[WordInfo], max_order: usize) {
    char_ngrams(sink, text, 1, max_order, NGRAM_CHARS);
    if sink.wants(Family::Word) {
        let mut hashes = [0u64; 64];
        for chunk in infos.chunks(hashes.len()) {
            for (h, i) in hashes.iter_mut().zip(chunk) {
                *h = i.hash;
            }
            sink.add_ones(Family::Word, &hashes[..chunk.len()]);
        }
    }
}

const NEGATED: u64 = 0x5bd1_e995_1234_5678;

/// Pre-hashed rule names: a rule costs no hashing at run time.
struct Rules {
    names: [u64; RULES.len()],
    lex_pos: u64,
    lex_neg: u64,
    p: [u64; 7],
    n: [u64; 7],
}

const RULES: [&str; 21] = [
    "?",
    "!",
    "@",
    "#",
    "url",
    "emo+",
    "emo-",
    "no-letters",
    "asks",
    "recommends",
    "complains",
    "praises",
    "stock",
    "len0",
    "len1",
    "len2",
    "len4",
    "len8",
    "len16",
    "suggests",
    "churns",
];

/// Where "suggests" is in [`RULES`] (after the lengths, so adding it moved
/// no other rule).
const SUGGESTS: usize = 19;
/// Where "churns" is in [`RULES`]: a negated "again" ("nie wieder",
/// "never ordering from you again", "ไม่ซื้ออีกแล้ว"), a customer saying
/// they are done with the shop — with a purchase verb beside it, read as
/// buying unless the model sees the two together.
const CHURNS: usize = 20;
/// How many words after a negator an "again" still belongs to it: German
/// puts the negator after the verb ("Kaufe ich nie wieder"), English the
/// "again" at the clause's end ("won't be buying from you again").
const CHURN_REACH: usize = 5;
/// "Again" in the languages read: with a negator before it, the writer
/// will not come back.
const AGAIN: &[&str] = &["again", "anymore", "wieder", "nochmal", "อีก", "อีกแล้ว"];

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        const P: [&str; 7] = ["p0", "p1", "p2", "p3", "p4", "p5", "p6"];
        const N: [&str; 7] = ["n0", "n1", "n2", "n3", "n4", "n5", "n6"];
        Rules {
            names: RULES.map(hash_str),
            lex_pos: hash_str("lex+"),
            lex_neg: hash_str("lex-"),
            p: P.map(hash_str),
            n: N.map(hash_str),
        }
    })
}

/// The features that depend on the language `lang`: stems (marked inside
/// negation), stem pairs, the first stem, rule signals and (English)
/// lexicon strength.
pub fn phase_two<S: Sink>(
    sink: &mut S,
    c: &Cleaned,
    words: &[&str],
    infos: &[WordInfo],
    lang: &str,
) {
    let english = lang == "en";
    let mut negation = tokens::Negation::default();
    let mut prev: Option<u64> = None;
    let (mut pos_sum, mut neg_sum) = (0f32, 0f32);
    let mut flags_seen = 0u8;
    let mut stock_words = 0usize;
    // Stems and pairs go to the sink in batches.
    const BATCH: usize = 64;
    let (mut stems, mut pairs) = ([0u64; BATCH], [0u64; BATCH]);
    let (mut n_stems, mut n_pairs) = (0, 0);
    let mut prev_word = "";
    let mut prev_cues = 0u8;
    // Words since the last conditional opener ("if", "anyone"), capped.
    let mut since_if = usize::MAX;
    // An English text that opens with a verb that proposes ("Provide a
    // link", "please make it …"), and whether it speaks of the writer's
    // own things ("add the tube to my order" asks for a service).
    let (mut imperative, mut first_person) = (false, false);
    // The text opens by advising a reader ("Mate, if you need …", "Wer
    // neue Reifen braucht", "falls ihr …").
    let mut advises = false;
    // Words since the last negator, and whether an "again" followed one.
    let (mut since_negator, mut churns) = (usize::MAX, false);
    for (i, (w, info)) in words.iter().zip(infos).enumerate() {
        let e = info.entry;
        let negator = e.flags & flag::NEGATOR != 0 || w.ends_with("n't");
        let negated = negation.next(negator);
        if negator {
            since_negator = 0;
        } else {
            since_negator = since_negator.saturating_add(1);
            churns |=
                since_negator <= CHURN_REACH && AGAIN.iter().any(|a| a.eq_ignore_ascii_case(w));
        }
        let mut h = info.stem_hash(lang);
        if negated {
            h = pair(h, NEGATED);
        }
        if n_stems == BATCH {
            sink.add_ones(Family::Stem, &stems);
            n_stems = 0;
        }
        stems[n_stems] = h;
        n_stems += 1;
        match prev {
            None => sink.add_one(Family::First, h),
            Some(ph) => {
                if n_pairs == BATCH {
                    sink.add_ones(Family::Pair, &pairs);
                    n_pairs = 0;
                }
                pairs[n_pairs] = pair(ph, h);
                n_pairs += 1;
            }
        }
        prev = Some(h);
        let c = e.cues;
        // A negated complaint word complains of nothing ("no complaints",
        // "ไม่เคยผิดหวัง").
        let unsaid = if negated { flag::NEGATIVE } else { 0 };
        let waits = if waits_since(prev_word, w) {
            flag::NEGATIVE
        } else {
            0
        };
        flags_seen |= (e.flags | waits) & !taken_back_need(c, prev_word, since_if) & !unsaid;
        since_if = if c & cue::CONDITIONAL != 0 {
            0
        } else {
            since_if.saturating_add(1)
        };
        advises |= i < 4 && advice_opener(prev_cues, c, i);
        if english {
            imperative |= (i == 0 || prev_cues & cue::COURTESY != 0) && c & cue::PROPOSES != 0;
            first_person |= c & cue::FIRST_PERSON != 0;
        }
        prev_word = w;
        prev_cues = c;
        if e.flags & flag::STOCK != 0 {
            stock_words += 1;
        }
        if english {
            let v = e.valence * if negated { -0.74 } else { 1.0 };
            if v > 0.0 {
                pos_sum += v;
            } else {
                neg_sum -= v;
            }
        }
    }
    sink.add_ones(Family::Stem, &stems[..n_stems]);
    sink.add_ones(Family::Pair, &pairs[..n_pairs]);
    let r = rules();
    let n = words.len();
    let len = match n {
        0 => 13,
        1 => 14,
        2..=3 => 15,
        4..=7 => 16,
        8..=15 => 17,
        _ => 18,
    };
    let on = [
        c.questions > 0,
        c.exclamations > 0,
        !c.mentions.is_empty(),
        !c.hashtags.is_empty(),
        c.urls > 0,
        c.emoticons.iter().any(|(_, p)| *p > 0),
        c.emoticons.iter().any(|(_, p)| *p < 0),
        c.letters == 0,
        flags_seen & flag::QUESTION != 0
            || infos
                .first()
                .is_some_and(|i| i.entry.flags & flag::QUESTION_START != 0),
        flags_seen & flag::RECOMMEND != 0
            || (advises && flags_seen & (flag::SUGGEST | flag::NEGATIVE) == 0),
        flags_seen & flag::NEGATIVE != 0,
        flags_seen & flag::POSITIVE != 0,
        n > 0 && n <= 4 && stock_words * 2 >= n,
    ];
    for (h, _) in r.names.iter().zip(on).filter(|(_, on)| *on) {
        sink.add(Family::Rule, *h, 1.0);
    }
    sink.add(Family::Rule, r.names[len], 1.0);
    if flags_seen & flag::SUGGEST != 0 || (imperative && !first_person) {
        sink.add(Family::Rule, r.names[SUGGESTS], 1.0);
    }
    if churns {
        sink.add(Family::Rule, r.names[CHURNS], 1.0);
    }
    if english {
        let squash = |x: f32| x / (x + 2.0);
        sink.add(Family::Lex, r.lex_pos, squash(pos_sum));
        sink.add(Family::Lex, r.lex_neg, squash(neg_sum));
        let b = |x: f32| (x.clamp(0.0, 6.0)) as usize;
        sink.add(Family::Lex, r.p[b(pos_sum)], 0.5);
        sink.add(Family::Lex, r.n[b(neg_sum)], 0.5);
    }
}

/// The suggestion flag to take back from "need" (cues `c`, after the word
/// `prev`, `since_if` words after a conditional opener): "I need to
/// change my address" states the writer's own need and asks for a
/// service on their order; "if you need new tyres", "if anyone needs a
/// fitting" and "if u ever need" advise a reader, as a recommendation
/// does. "The app needs a filter" and "you need a phone line for orders"
/// still propose.
fn taken_back_need(c: u8, prev: &str, since_if: usize) -> u8 {
    if c & cue::NEED != 0 && (prev == "i" || since_if < 3) {
        flag::SUGGEST
    } else {
        0
    }
}

/// Whether the word at `i` (cues `c`, after a word with cues `prev`)
/// opens advice to a reader: a condition addressed to them ("if you",
/// "if anyone", "falls ihr", "wenn du") or "whoever" first.
fn advice_opener(prev: u8, c: u8, i: usize) -> bool {
    (prev & cue::IF != 0 && c & cue::READER != 0) || (i == 0 && c & cue::WHOEVER != 0)
}

/// Whether the word pair `prev`, `w` says the writer has been waiting
/// for some time ("warte seit 14 Tagen"): a complaint, where "dann warte
/// ich auf eure Nachricht" is patience.
fn waits_since(prev: &str, w: &str) -> bool {
    matches!(prev, "warte" | "warten" | "wartet") && w == "seit"
}

/// Faults of taste that are no rule feature, because the same words
/// name a colour or a discipline in a bike shop ("burnt orange", "der
/// Downhill war genial"), but that say a complaint where the model hears
/// one already.
const FAULTS: &[&str] = &["burnt", "stale"];

/// What a text says of faults, read from its complaint vocabulary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// It uses complaint vocabulary as a complaint does: a word of the
    /// analyzer's complaint lists (`infos`) not turned around by a
    /// negation, a fault of taste, or a term of the signals' complaint
    /// list, phrases and waits that have lasted among them ("immer
    /// noch", "still waiting", "warte seit").
    pub plain: bool,
    /// A fault word stands right after a negation that turns it around
    /// ("nicht schlecht", "not bad at all", "never late", "ไม่แย่";
    /// `rapport_core::signals::NEGATABLE`), or a word for trouble does
    /// ("no problem", "keine Mängel", "ไม่มีปัญหา";
    /// `rapport_core::signals::TROUBLE`).
    pub negated: bool,
}

impl Faults {
    /// Only negated faults: the text says something is *not* bad, which
    /// a model that learnt "schlecht" as a complaint reads backwards.
    pub fn only_negated(self) -> bool {
        self.negated && !self.plain
    }
}

/// Reads a text's faults: `raw` as written, `text` the cleaned text whose
/// slices `words` are, `infos` their lexicon entries.
pub fn faults(raw: &str, text: &str, words: &[&str], infos: &[WordInfo]) -> Faults {
    // Whether a negation stands right before the word (a slice of `text`).
    let at_negation = |w: &str| {
        (w.as_ptr() as usize)
            .checked_sub(text.as_ptr() as usize)
            .filter(|&at| text.is_char_boundary(at))
            .is_some_and(|at| rapport_core::signals::negated_before(text, at))
    };
    let negated = |w: &str| rapport_core::signals::is_negatable(w) && at_negation(w);
    let fault = |i: &WordInfo| i.entry.flags & flag::NEGATIVE != 0;
    let mut out = Faults::default();
    for (n, (w, info)) in words.iter().zip(infos).enumerate() {
        if !fault(info) {
            // Trouble ruled out ("no issues", "kein Problem") clears; a
            // word for trouble alone is no fault word.
            if rapport_core::signals::is_trouble(w) && at_negation(w) {
                out.negated = true;
            }
            continue;
        }
        if negated(w) {
            out.negated = true;
        } else if !(rapport_core::signals::negates(&[w])
            && words.get(n + 1).is_some_and(|next| negated(next))
            && infos.get(n + 1).is_some_and(fault))
        {
            // A fault word of its own; "never" in "never late" is the
            // negation, not a fault.
            out.plain = true;
            return out;
        }
    }
    out.plain = words.iter().any(|w| FAULTS.contains(w))
        || better_before(words)
        || rapport_core::signals::is_negative(raw);
    out
}

/// Words that place a state in the past: a "better" up to
/// [`BEFORE_REACH`] words after one was better then, not now.
const BEFORE: &[&str] = &["früher", "used", "damals"];
/// How far after [`BEFORE`] a "better" still belongs to it ("used to be
/// better", "war früher mal besser", "früher war alles besser").
const BEFORE_REACH: usize = 3;

/// Whether the lowercased `words` say something was better in the past
/// ("Die Qualität war früher besser", "your tyres used to be better"):
/// a complaint in the words of praise.
fn better_before(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        BEFORE.contains(w)
            && words
                .iter()
                .skip(i + 1)
                .take(BEFORE_REACH)
                .any(|b| matches!(*b, "better" | "besser"))
    })
}

/// Both phases, for training where the language is known.
pub fn extract(raw: &str, lang: &str) -> Prepared {
    let mut p = prepare(raw);
    enrich(&mut p, lang);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str, lang: &str, name: &str) -> bool {
        let p = extract(text, lang);
        let h = hash_str(name);
        (0..p.bag.len()).any(|i| p.bag.families[i] == Family::Rule as u8 && p.bag.hashes[i] == h)
    }

    fn asks(text: &str, lang: &str) -> bool {
        rule(text, lang, "asks")
    }

    #[test]
    fn a_negated_again_marks_a_customer_who_will_not_come_back() {
        let churns = |text, lang| rule(text, lang, "churns");
        assert!(churns("Kaufe ich nie wieder", "de"));
        assert!(churns("Never ordering from you again", "en"));
        assert!(churns("Won't be buying from you again", "en"));
        assert!(churns("ไม่ซื้ออีกแล้ว", "th"));
        assert!(!churns("Kaufe ich immer wieder", "de"));
        assert!(!churns("Will order again for sure", "en"));
        // Too far from its negator, the "again" is another clause's.
        assert!(!churns(
            "No problem at all, it happens, I will just order it again",
            "en"
        ));
    }

    #[test]
    fn better_only_in_the_past_is_a_complaint_word() {
        let said = |text: &str| {
            let p = prepare(text);
            let words: Vec<&str> = p.words.iter().map(String::as_str).collect();
            better_before(&words)
        };
        assert!(said("Die Qualität war früher besser"));
        assert!(said("früher war alles besser"));
        assert!(said("Your tyres used to be better"));
        assert!(!said("Besser als früher, die Bremse packt zu"));
        assert!(!said(
            "I used the pump, works great, better than my old one"
        ));
    }

    #[test]
    fn a_fault_word_after_a_negation_is_negated_not_plain() {
        let read = |raw: &str| {
            let c = text::clean(raw);
            let words = tokens::words(&c.text);
            let infos: Vec<WordInfo> = words.iter().map(|w| lexicon::word(w)).collect();
            faults(raw, &c.text, &words, &infos)
        };
        let negated = Faults {
            plain: false,
            negated: true,
        };
        assert_eq!(read("Nicht schlecht"), negated);
        assert_eq!(read("Not bad at all"), negated);
        // "never" negates "late" here; it is no fault of its own.
        assert_eq!(read("Never late, always friendly"), negated);
        assert!(read("Never late, always friendly").only_negated());
        assert!(read("Not bad, but the parcel was late").plain);
        assert!(read("Why not? Bad again").plain);
        assert!(read("Das ist schlecht").plain && !read("Das ist schlecht").negated);
        assert_eq!(read("Alles gut, danke"), Faults::default());
    }

    #[test]
    fn a_wait_that_has_lasted_complains_and_patience_does_not() {
        let complains = |text, lang| rule(text, lang, "complains");
        assert!(complains("Warte seit 14 Tagen auf meine Erstattung", "de"));
        assert!(!complains("Okay, dann warte ich auf eure Nachricht", "de"));
    }

    #[test]
    fn a_negated_complaint_word_complains_of_nothing() {
        let complains = |text, lang| rule(text, lang, "complains");
        assert!(complains("Ich habe mich beschwert", "de"));
        assert!(complains("I complained twice", "en"));
        assert!(!complains("Keine Beschwerden, alles pünktlich", "de"));
        assert!(!complains("I was not disappointed", "en"));
        assert!(!complains("ไม่เคยผิดหวัง", "th"));
    }

    #[test]
    fn proposing_words_mark_a_suggestion_in_each_language() {
        let suggests = |text, lang| rule(text, lang, "suggests");
        assert!(suggests("Please add a gift wrap option", "en"));
        assert!(suggests("you guys should run a workshop", "en"));
        assert!(suggests("Ihr solltet die Etiketten ins Paket legen", "de"));
        assert!(suggests("Wäre super mit Ratenzahlung", "de"));
        assert!(suggests("ควรมีปุ่มเปรียบเทียบสินค้านะคะ", "th"));
        assert!(!suggests("The large is in stock", "en"));
        assert!(!suggests("Mein Hardtail hat 85 km gesammelt", "de"));
        // A whole word, not a part of one: "add" is not in "address".
        assert!(!suggests("I changed my address", "en"));
        // A polite request for a service is no proposal: "please" and
        // "bitte" are courtesy, and "I need" is the writer's own need.
        assert!(!suggests("Please cancel my order 5521", "en"));
        assert!(!suggests("pls change my delivery address", "en"));
        assert!(!suggests("Bitte die Bestellung stornieren", "de"));
        assert!(!suggests("I need to change the address on my order", "en"));
        assert!(suggests("The app needs a size filter", "en"));
        assert!(suggests("you need a phone line for orders", "en"));
        assert!(suggests("Please add gift wrap as an option", "en"));
        // "if you need" advises a reader (a recommendation), it proposes
        // nothing to the shop.
        assert!(!suggests(
            "Mate, if you need new tyres just go to Trailwerk",
            "en"
        ));
        assert!(!suggests(
            "if anyone needs a bike fitting, ask Jonas there",
            "en"
        ));
        assert!(!suggests(
            "If u ever need a quick repair, this is the place",
            "en"
        ));
        assert!(suggests(
            "If you could add a size filter that would help",
            "en"
        ));
    }

    #[test]
    fn an_imperative_that_proposes_suggests_unless_it_is_about_the_writer() {
        let suggests = |text| rule(text, "en", "suggests");
        assert!(suggests("Provide a single link to all apps of a publisher"));
        assert!(suggests("Please make the size chart printable"));
        assert!(suggests("pls support pattern lock screens"));
        assert!(suggests("Include a return label in the box"));
        // The writer's own things: a request for a service.
        assert!(!suggests("Please make sure my order goes out today"));
        assert!(!suggests("Give me a call back about order 5521"));
        // Only at the start or after "please": a verb inside a statement
        // proposes nothing.
        assert!(!suggests("They make great saddles"));
        // German texts are not read for English verbs.
        assert!(!rule("Make it possible", "de", "suggests"));
    }

    #[test]
    fn advice_to_a_reader_recommends() {
        let recommends = |text, lang| rule(text, lang, "recommends");
        assert!(recommends(
            "Mate, if you need new tyres just go there",
            "en"
        ));
        assert!(recommends("if you like spicy food, order from here", "en"));
        assert!(recommends(
            "Whoever needs brake pads: they had mine in stock",
            "en"
        ));
        assert!(recommends(
            "Falls ihr Schläuche braucht, geht hier hin",
            "de"
        ));
        // A condition that proposes something is a suggestion, and "when
        // you" is how a tweet tells a mishap.
        assert!(!recommends(
            "If you could add a size filter that would help",
            "en"
        ));
        assert!(!recommends(
            "That feeling when you order a pizza and wait",
            "en"
        ));
        assert!(!recommends("My order is late again", "en"));
        // Advice in a complaint's words warns, it does not recommend.
        assert!(!recommends(
            "If you want your order late and broken, order here",
            "en"
        ));
    }

    #[test]
    fn a_question_opener_asks_only_at_the_start() {
        assert!(asks("Hat der Laden heute offen", "de"));
        assert!(!asks("Mein Hardtail hat 85 km gesammelt", "de"));
        assert!(asks("Is the large in stock", "en"));
        assert!(!asks("The large is in stock", "en"));
        assert!(asks("มีสีดำไหมคะ", "th"));
    }

    #[test]
    fn negated_words_hash_differently() {
        let a = extract("good bike", "en");
        let b = extract("not good bike", "en");
        let stems = |p: &Prepared| -> Vec<u64> {
            (0..p.bag.len())
                .filter(|&i| p.bag.families[i] == Family::Stem as u8)
                .map(|i| p.bag.hashes[i])
                .collect()
        };
        assert_ne!(
            stems(&a)[0],
            stems(&b)[1],
            "'good' after 'not' is a different feature"
        );
    }
}
