//! Words: phrase banks in English, German and Thai, and the slot filler that
//! turns a template such as `Does the {p} fit {mm} mm rims?` into a comment.
//!
//! Every bank belongs to a [`Cat`]egory whose signal profile is fixed (a
//! question is neutral and specific, a complaint is negative, a stock phrase
//! is generic, ...); the tests check every template against
//! `rapport_core::signals`, so the ladder reads the generated people the way
//! their persona intends.

mod de;
mod en;
mod th;

use crate::rng::Rng;
use crate::shop::{Class, Genus, Product, Topic, PRODUCTS, SHOP};

/// The languages people write in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    De,
    Th,
}

impl Lang {
    /// Position in per-language tables.
    pub(crate) fn idx(self) -> usize {
        self as usize
    }
}

/// What a piece of text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cat {
    /// No words (likes, follows).
    Silent,
    Question,
    Remark,
    Praise,
    Suggestion,
    Intent,
    Generic,
    Recommend,
    Complaint,
    ComplaintBack,
    InfoBack,
    ThanksBack,
    RecoveredBack,
    Helper,
    MessageQ,
    ReviewPos,
    ReviewNeg,
    Collab,
    Mention,
    Share,
    Referral,
    AnswerQuestion,
    AnswerComplaint,
    AnswerPraise,
    AnswerSuggestion,
    AnswerIntent,
    AnswerRecommend,
    AnswerReview,
    AnswerGeneric,
    AnswerCollab,
    /// The shop closes a complaint: replacement sent, money returned.
    Resolve,
    /// The shop's last word in a friendly thread.
    FollowUp,
}

impl Cat {
    /// The shop's answer to a person's text of this category.
    pub(crate) fn answer(self) -> Cat {
        match self {
            Cat::Question | Cat::MessageQ | Cat::Helper => Cat::AnswerQuestion,
            Cat::Complaint | Cat::ReviewNeg | Cat::ComplaintBack => Cat::AnswerComplaint,
            Cat::Praise | Cat::Remark | Cat::Mention => Cat::AnswerPraise,
            Cat::Suggestion => Cat::AnswerSuggestion,
            Cat::Intent => Cat::AnswerIntent,
            Cat::Recommend => Cat::AnswerRecommend,
            Cat::ReviewPos => Cat::AnswerReview,
            Cat::Generic => Cat::AnswerGeneric,
            Cat::Collab => Cat::AnswerCollab,
            Cat::InfoBack => Cat::Resolve,
            _ => Cat::FollowUp,
        }
    }
}

/// Which products (or posts) a template fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Any physical product; `{p}` is filled from the post when it shows one.
    Any,
    /// Gear that is ridden with: tyres, helmets, bags, lights, clothing,
    /// batteries (not pumps or sealant).
    Gear,
    /// Things that come in colours and sizes: helmets, bags, clothing.
    Worn,
    /// A ride, an event or a trail rather than a product.
    Event,
    /// Only products of this class.
    Only(Class),
}

/// What a question is about, so that the shop's answer fits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Anything; answers with this hint fit every question.
    General,
    /// Tyre fit, pressure, tubeless.
    Tyre,
    /// Weight, sizing, waterproofing and other specifications.
    Spec,
    /// Availability, colours, shipping.
    Stock,
    /// Group rides and events.
    Ride,
    /// Workshop appointments.
    Service,
    /// Changes to an existing order, invoices.
    Order,
}

/// A template with `{slot}`s.
#[derive(Debug)]
pub(crate) struct Tpl {
    pub(crate) fit: Fit,
    pub(crate) text: &'static str,
    pub(crate) hint: Hint,
}

impl Tpl {
    /// The same template, about `hint`.
    pub(crate) const fn h(mut self, hint: Hint) -> Tpl {
        self.hint = hint;
        self
    }
}

pub(crate) const fn a(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Any,
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn g(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Gear,
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn w(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Worn,
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn ev(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Event,
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn ty(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Only(Class::Tyre),
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn hm(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Only(Class::Helmet),
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn bg(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Only(Class::Bag),
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn eb(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Only(Class::EBike),
        text,
        hint: Hint::General,
    }
}
pub(crate) const fn sv(text: &'static str) -> Tpl {
    Tpl {
        fit: Fit::Only(Class::Service),
        text,
        hint: Hint::General,
    }
}

/// Words that fill slots, per language.
#[derive(Debug)]
pub(crate) struct Vocab {
    pub(crate) places: &'static [&'static str],
    pub(crate) cities: &'static [&'static str],
    pub(crate) rides: &'static [&'static str],
    pub(crate) bikes: &'static [&'static str],
    pub(crate) colours: &'static [&'static str],
    pub(crate) bios: &'static [&'static str],
    /// Influencer bios about riding and the outdoors.
    pub(crate) bios_aligned: &'static [&'static str],
    /// Influencer bios about something else entirely.
    pub(crate) bios_other: &'static [&'static str],
    /// What an influencer makes content about, aligned then other.
    pub(crate) itopics: [&'static [&'static str]; 2],
}

/// The bank of `cat` in `lang`.
pub(crate) fn bank(lang: Lang, cat: Cat) -> &'static [Tpl] {
    match lang {
        Lang::En => en::bank(cat),
        Lang::De => de::bank(cat),
        Lang::Th => th::bank(cat),
    }
}

/// The shop's post templates about `topic` in `lang`.
pub(crate) fn post_bank(lang: Lang, topic: Topic) -> &'static [Tpl] {
    match lang {
        Lang::En => en::posts(topic),
        Lang::De => de::posts(topic),
        Lang::Th => th::posts(topic),
    }
}

/// The slot words of `lang`.
pub(crate) fn vocab(lang: Lang) -> &'static Vocab {
    match lang {
        Lang::En => &en::VOCAB,
        Lang::De => &de::VOCAB,
        Lang::Th => &th::VOCAB,
    }
}

fn fits(t: &Tpl, topic: Option<Topic>) -> bool {
    let Some(topic) = topic else {
        return true;
    };
    match t.fit {
        Fit::Any | Fit::Gear => !topic.is_event(),
        Fit::Worn => topic
            .products()
            .iter()
            .any(|&i| Fit::Worn.admits(PRODUCTS[i as usize].class)),
        Fit::Event => topic.is_event() || matches!(topic, Topic::Gravel | Topic::Bikepacking),
        Fit::Only(c) => topic
            .products()
            .iter()
            .any(|&i| PRODUCTS[i as usize].class == c),
    }
}

/// A template of `bank` that suits a post about `topic` (any template when
/// none does).
pub(crate) fn choose<'b>(bank: &'b [Tpl], topic: Option<Topic>, r: &mut Rng) -> &'b Tpl {
    for _ in 0..6 {
        let t = r.pick(bank);
        if fits(t, topic) {
            return t;
        }
    }
    let start = r.index(bank.len());
    (0..bank.len())
        .map(|k| &bank[(start + k) % bank.len()])
        .find(|t| fits(t, topic))
        .unwrap_or(&bank[start])
}

/// An answer of `bank` for a question about `hint`: a matching one when
/// there is one, otherwise a general one.
pub(crate) fn choose_answer<'b>(bank: &'b [Tpl], hint: Hint, r: &mut Rng) -> &'b Tpl {
    let want = if hint != Hint::General && r.chance(0.85) {
        hint
    } else {
        Hint::General
    };
    let n = bank.iter().filter(|t| t.hint == want).count();
    if n == 0 {
        return r.pick(bank);
    }
    let k = r.index(n);
    bank.iter()
        .filter(|t| t.hint == want)
        .nth(k)
        .unwrap_or(&bank[0])
}

impl Fit {
    /// Products of class `c` can fill a template with this fit.
    pub(crate) fn admits(self, c: Class) -> bool {
        match self {
            Fit::Any | Fit::Event => c != Class::Service,
            Fit::Gear => !matches!(c, Class::Service | Class::Parts),
            Fit::Worn => matches!(c, Class::Helmet | Class::Bag | Class::Wear),
            Fit::Only(k) => c == k,
        }
    }
}

/// The product a template talks about: the post's own when it fits,
/// otherwise one that does.
pub(crate) fn product_for(t: &Tpl, post_product: Option<u8>, r: &mut Rng) -> u8 {
    if let Some(pp) = post_product {
        if t.fit.admits(PRODUCTS[pp as usize].class) && r.chance(0.85) {
            return pp;
        }
    }
    loop {
        let i = r.index(PRODUCTS.len());
        if t.fit.admits(PRODUCTS[i].class) {
            return i as u8;
        }
    }
}

/// What a template is filled with, besides random numbers and words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) lang: Lang,
    pub(crate) product: u8,
    /// The person addressed (the shop answering) or speaking.
    pub(crate) name: &'a str,
    pub(crate) friend: &'a str,
    pub(crate) friend2: &'a str,
    /// The speaker is male (Thai polite particles).
    pub(crate) male: bool,
    pub(crate) itopic: &'a str,
    /// Followers, in thousands.
    pub(crate) kfollowers: u64,
    pub(crate) code: &'a str,
}

/// One word of a non-empty list.
fn word(r: &mut Rng, words: &[&'static str]) -> &'static str {
    words[r.index(words.len())]
}

fn push_num(out: &mut String, n: u64) {
    use std::fmt::Write;
    let _ = write!(out, "{n}");
}

fn article(g: Genus, case: usize) -> &'static str {
    match (g, case) {
        (Genus::M, 0) => "der ",
        (Genus::M, 1) => "den ",
        (Genus::M, _) | (Genus::N, 2) => "dem ",
        (Genus::F, 2) => "der ",
        (Genus::F, _) => "die ",
        (Genus::N, _) => "das ",
    }
}

fn product_name(p: &Product, lang: Lang) -> &'static str {
    match lang {
        Lang::En => p.en,
        Lang::De => p.de,
        Lang::Th => p.th,
    }
}

/// Fills `tpl` into `out` (which is cleared first).
pub(crate) fn render(out: &mut String, tpl: &str, c: &Ctx<'_>, r: &mut Rng) {
    out.clear();
    let v = vocab(c.lang);
    let prod = &PRODUCTS[c.product as usize];
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let slot = &after[..close];
        match slot {
            "p" => {
                let name = product_name(prod, c.lang);
                out.push_str(name);
                // Thai text keeps a space between a Latin name and Thai words.
                let next = after[close + 1..].chars().next();
                let latin_end = name
                    .chars()
                    .last()
                    .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '+');
                if c.lang == Lang::Th
                    && latin_end
                    && next.is_some_and(|ch| {
                        ch == '{' || !(ch.is_whitespace() || ch.is_ascii_punctuation())
                    })
                {
                    out.push(' ');
                }
            }
            "dp" | "dpa" | "dpd" => {
                let case = match slot {
                    "dp" => 0,
                    "dpa" => 1,
                    _ => 2,
                };
                out.push_str(article(prod.genus, case));
                out.push_str(prod.de);
            }
            "Dp" => {
                out.push_str(match prod.genus {
                    Genus::M => "Der ",
                    Genus::F => "Die ",
                    Genus::N => "Das ",
                });
                out.push_str(prod.de);
            }
            "size" => out.push_str(word(r, prod.class.sizes())),
            "place" => out.push_str(word(r, v.places)),
            "city" => out.push_str(word(r, v.cities)),
            "ride" => out.push_str(word(r, v.rides)),
            "bike" => out.push_str(word(r, v.bikes)),
            "colour" => out.push_str(word(r, v.colours)),
            "n" => push_num(out, r.range(2, 6)),
            "km" => push_num(out, r.range(4, 60) * 5),
            "mm" => push_num(out, r.range(22, 35)),
            "days" => push_num(out, r.range(5, 24)),
            "order" => push_num(out, r.range(100_001, 140_000)),
            "psi" => match c.lang {
                Lang::De => {
                    let tenths = r.range(14, 26);
                    push_num(out, tenths / 10);
                    out.push(',');
                    push_num(out, tenths % 10);
                }
                _ => push_num(out, r.range(18, 38)),
            },
            "name" => out.push_str(c.name),
            "friend" => out.push_str(c.friend),
            "friend2" => out.push_str(c.friend2),
            "k" => out.push_str(if c.male { "ครับ" } else { "ค่ะ" }),
            "kq" => out.push_str(if c.male { "ครับ" } else { "คะ" }),
            "shop" => out.push_str(SHOP),
            "itopic" => out.push_str(c.itopic),
            "nk" => push_num(out, c.kfollowers),
            "code" => out.push_str(c.code),
            _ => {
                out.push('{');
                out.push_str(slot);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests;
