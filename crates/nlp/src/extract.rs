//! From raw text to the shared feature bag, in two phases: the first needs
//! no language (characters and words, enough to identify it); the second
//! adds what depends on the language (stems, negation, rules, lexicon).

use crate::features::{hash_str, pair, Bag, Family};
use crate::lexicon::{self, flag};
use crate::text::{self, Cleaned};
use crate::tokens;

/// Characters that character n-grams read: enough to know a language and
/// a tone, bounded so a long text costs no more than a tweet.
pub const NGRAM_CHARS: usize = 280;

/// A text on its way through analysis.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The cleaned text.
    pub cleaned: Cleaned,
    /// Its words and emoji.
    pub words: Vec<String>,
    /// The features so far.
    pub bag: Bag,
}

/// Phase one: clean, tokenize, character n-grams and words.
pub fn prepare(raw: &str) -> Prepared {
    let cleaned = text::clean(raw);
    let words = tokens::tokenize(&cleaned.text);
    let mut bag = Bag::default();
    bag.char_ngrams(&cleaned.text, 1, 5, NGRAM_CHARS);
    for w in &words {
        bag.push(Family::Word, hash_str(w), 1.0);
    }
    Prepared {
        cleaned,
        words,
        bag,
    }
}

const NEGATED: u64 = 0x5bd1_e995_1234_5678;

/// Phase two, for a text in `lang`: stems (marked inside negation), stem
/// pairs, the first stem, rule signals and (English) lexicon strength.
pub fn enrich(p: &mut Prepared, lang: &str) {
    let neg = tokens::negation_scope(&p.words);
    let mut prev: Option<u64> = None;
    let (mut pos_sum, mut neg_sum) = (0f32, 0f32);
    let mut flags_seen = 0u8;
    let mut stock_words = 0usize;
    for (i, w) in p.words.iter().enumerate() {
        let s = crate::sentiment::stem(lang, w);
        let mut h = hash_str(&s);
        if neg[i] {
            h = pair(h, NEGATED);
        }
        p.bag.push(Family::Stem, h, 1.0);
        if i == 0 {
            p.bag.push(Family::First, h, 1.0);
        }
        if let Some(ph) = prev {
            p.bag.push(Family::Pair, pair(ph, h), 1.0);
        }
        prev = Some(h);
        let f = lexicon::flags(w);
        flags_seen |= f;
        if f & flag::STOCK != 0 {
            stock_words += 1;
        }
        if lang == "en" {
            let v = lexicon::valence(w) * if neg[i] { -0.74 } else { 1.0 };
            if v > 0.0 {
                pos_sum += v;
            } else {
                neg_sum -= v;
            }
        }
    }
    let c = &p.cleaned;
    let mut rule = |name: &str, on: bool| {
        if on {
            p.bag.push(Family::Rule, hash_str(name), 1.0);
        }
    };
    rule("?", c.questions > 0);
    rule("!", c.exclamations > 0);
    rule("@", !c.mentions.is_empty());
    rule("#", !c.hashtags.is_empty());
    rule("url", c.urls > 0);
    rule("emo+", c.emoticons.iter().any(|(_, p)| *p > 0));
    rule("emo-", c.emoticons.iter().any(|(_, p)| *p < 0));
    rule("no-letters", c.letters == 0);
    rule("asks", flags_seen & flag::QUESTION != 0);
    rule("recommends", flags_seen & flag::RECOMMEND != 0);
    rule("complains", flags_seen & flag::NEGATIVE != 0);
    rule("praises", flags_seen & flag::POSITIVE != 0);
    let n = p.words.len();
    rule("stock", n > 0 && n <= 4 && stock_words * 2 >= n);
    let len = match n {
        0 => "len0",
        1 => "len1",
        2..=3 => "len2",
        4..=7 => "len4",
        8..=15 => "len8",
        _ => "len16",
    };
    rule(len, true);
    if lang == "en" {
        let squash = |x: f32| x / (x + 2.0);
        p.bag.push(Family::Lex, hash_str("lex+"), squash(pos_sum));
        p.bag.push(Family::Lex, hash_str("lex-"), squash(neg_sum));
        const P: [&str; 7] = ["p0", "p1", "p2", "p3", "p4", "p5", "p6"];
        const N: [&str; 7] = ["n0", "n1", "n2", "n3", "n4", "n5", "n6"];
        let b = |x: f32| (x.clamp(0.0, 6.0)) as usize;
        p.bag.push(Family::Lex, hash_str(P[b(pos_sum)]), 0.5);
        p.bag.push(Family::Lex, hash_str(N[b(neg_sum)]), 0.5);
    }
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
