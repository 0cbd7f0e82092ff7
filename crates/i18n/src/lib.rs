//! Rapport's languages: English, German and Thai. Messages live in
//! Fluent catalogues (`i18n/*.ftl`, compiled in) read by the `fluent`
//! crates; a dashboard page or a mail asks its [`Tr`] for each message by
//! key. On the dashboard the language is the user's choice (Settings),
//! else the best match of the browser's `Accept-Language`, else English;
//! a mail to a user is written in their choice, else English. Dates and
//! numbers are written as the language writes them.
//!
//! The server writes these messages into HTML (`rapport_server::i18n`);
//! the engine writes the daily digest with them.
//!
//! # Layout
//!
//! - `i18n/{en,de,th}.ftl`: the catalogues, compiled in; every key in
//!   English is in the others (a test checks), `said-*` for the engine's
//!   sentences ([`Said`]), `digest-*` for the daily mail.
//! - [`Lang`]: the languages, parsed and negotiated; [`Tr`]: the messages
//!   of one, with numbers, dates, stretches of time and sentences written
//!   as it writes them.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rapport_core::said::{self, Arg, Said, SpanUnit};
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// A language of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// German.
    De,
    /// Thai.
    Th,
}

impl Lang {
    /// Every language, in the order Settings lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::De, Lang::Th];

    /// The code (`en`, `de`, `th`), as `<html lang>` and the settings
    /// store it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Th => "th",
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Th => "ไทย",
        }
    }

    /// The language of a code (`de`, `de-CH`, `TH`).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best of ours for an `Accept-Language` header: the highest
    /// `q` among the languages we have (ties: the first listed).
    pub fn negotiate(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let Some(lang) = bits.next().and_then(Lang::parse) else {
                continue;
            };
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    /// The language for a user: their choice, else their browser's, else
    /// English.
    pub fn for_user(chosen: Option<&str>, accept: Option<&str>) -> Lang {
        chosen
            .and_then(Lang::parse)
            .or_else(|| accept.and_then(Lang::negotiate))
            .unwrap_or_default()
    }
}

const EN: &str = include_str!("../i18n/en.ftl");
const DE: &str = include_str!("../i18n/de.ftl");
const TH: &str = include_str!("../i18n/th.ftl");

fn bundle(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Plain text in HTML: no directional isolation marks.
    b.set_use_isolating(false);
    // Numbers given to messages as numbers (counts that choose plural
    // forms, decimals) are written as the language writes them.
    b.set_formatter(Some(match lang {
        Lang::En => number_en,
        Lang::De => number_de,
        Lang::Th => number_th,
    }));
    // A broken catalogue is a build-time mistake the tests catch; what
    // parsed is still used.
    let res = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    let _ = b.add_resource(res);
    b
}

/// A number given to a message, as `lang` writes it: grouped thousands,
/// the decimals its options ask for.
fn number_in(lang: Lang, v: &FluentValue) -> Option<String> {
    let FluentValue::Number(n) = v else {
        return None;
    };
    let digits = n.options.minimum_fraction_digits.unwrap_or(0);
    Some(Tr::new(lang).decimal(n.value, digits))
}

fn number_en<M>(v: &FluentValue, _: &M) -> Option<String> {
    number_in(Lang::En, v)
}

fn number_de<M>(v: &FluentValue, _: &M) -> Option<String> {
    number_in(Lang::De, v)
}

fn number_th<M>(v: &FluentValue, _: &M) -> Option<String> {
    number_in(Lang::Th, v)
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 3] {
    static B: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    B.get_or_init(|| {
        [
            bundle(Lang::En, EN),
            bundle(Lang::De, DE),
            bundle(Lang::Th, TH),
        ]
    })
}

fn of(lang: Lang) -> &'static FluentBundle<FluentResource> {
    &bundles()[match lang {
        Lang::En => 0,
        Lang::De => 1,
        Lang::Th => 2,
    }]
}

/// Looks `key` up in `lang`'s catalogue, then in English.
fn lookup(lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    for b in [of(lang), of(Lang::En)] {
        if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return Some(b.format_pattern(pattern, args, &mut errors).into_owned());
        }
    }
    None
}

/// Looks `key` up in `lang`'s catalogue, then in English, else the key.
fn format(lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    lookup(lang, key, args).unwrap_or_else(|| key.to_string())
}

/// The messages of one language, for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
    /// The time zone moments are written in ([`Tr::when`]).
    pub zone: rapport_core::zone::Zone,
}

impl Tr {
    /// The messages of `lang`, moments in UTC.
    pub fn new(lang: Lang) -> Tr {
        Tr {
            lang,
            zone: rapport_core::zone::Zone::utc(),
        }
    }

    /// The same messages, moments written in `zone`.
    pub fn in_zone(self, zone: rapport_core::zone::Zone) -> Tr {
        Tr { zone, ..self }
    }

    /// The message `key`, if a catalogue has it.
    pub fn get(&self, key: &str) -> Option<String> {
        lookup(self.lang, key, None)
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        format(self.lang, key, None)
    }

    /// The message `key` with one argument `name` = `value`.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let mut args = FluentArgs::new();
        args.set(name, FluentValue::from(value.to_string()));
        format(self.lang, key, Some(&args))
    }

    /// The message `key` with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        av: impl std::fmt::Display,
        b: &str,
        bv: impl std::fmt::Display,
    ) -> String {
        self.args(key, &[(a, &av), (b, &bv)])
    }

    /// The message `key` with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        key: &str,
        a: &str,
        av: impl std::fmt::Display,
        b: &str,
        bv: impl std::fmt::Display,
        c: &str,
        cv: impl std::fmt::Display,
    ) -> String {
        self.args(key, &[(a, &av), (b, &bv), (c, &cv)])
    }

    /// The message `key` with arguments `name` = `value`, in order.
    pub fn args(&self, key: &str, pairs: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            args.set(*name, FluentValue::from(value.to_string()));
        }
        format(self.lang, key, Some(&args))
    }

    /// The message `key` with a count `n` and other arguments.
    pub fn count_with(
        &self,
        key: &str,
        n: u64,
        pairs: &[(&str, &dyn std::fmt::Display)],
    ) -> String {
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(n));
        args.set("shown", FluentValue::from(self.number(n)));
        for (name, value) in pairs {
            args.set(*name, FluentValue::from(value.to_string()));
        }
        format(self.lang, key, Some(&args))
    }

    /// A closed set's value (`fan`, `true_fan`, `true fan`, `question`)
    /// as the language shows it: the message `{prefix}-{value}` (spaces
    /// read as `_`), else the value itself in words. The value stays
    /// English wherever it is data (URLs, CSS classes).
    pub fn word(&self, prefix: &str, value: &str) -> String {
        let code = value.trim().replace(' ', "_");
        lookup(self.lang, &format!("{prefix}-{code}"), None)
            .unwrap_or_else(|| value.replace('_', " "))
    }

    /// A stage as the language shows it.
    pub fn stage(&self, code: &str) -> String {
        self.word("stage", code)
    }

    /// A label as the language shows it (`true_fan` or `true fan`).
    pub fn label(&self, code: &str) -> String {
        self.word("label", code)
    }

    /// Minutes as `12 min`, `5 h` or `3 d` in the language.
    pub fn ago(&self, minutes: i64) -> String {
        match minutes {
            m if m < 60 => self.t1("ago-min", "v", m),
            m if m < 48 * 60 => self.t1("ago-h", "v", m / 60),
            m => self.t1("ago-d", "v", m / 1440),
        }
    }

    /// The message `key` with a count `n` (plural forms choose by it) and
    /// the count written as the language writes numbers.
    pub fn count(&self, key: &str, n: impl std::borrow::Borrow<u64>) -> String {
        let n = *n.borrow();
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(n));
        args.set("shown", FluentValue::from(self.number(n)));
        format(self.lang, key, Some(&args))
    }

    /// A number with one decimal as the language writes it: `3.5` or
    /// `3,5`.
    pub fn decimal1(&self, v: f64) -> String {
        let s = format!("{v:.1}");
        match self.lang {
            Lang::De => s.replace('.', ","),
            Lang::En | Lang::Th => s,
        }
    }

    /// A duration in minutes as `45 min`, `3.5 h` or `2.0 d` in the
    /// language, or a dash when there is none.
    pub fn duration(&self, minutes: Option<f64>) -> String {
        match minutes {
            None => "—".to_string(),
            Some(m) if m < 120.0 => self.t1("ago-min", "v", format!("{m:.0}")),
            Some(m) if m < 48.0 * 60.0 => self.t1("ago-h", "v", self.decimal1(m / 60.0)),
            Some(m) => self.t1("ago-d", "v", self.decimal1(m / 1440.0)),
        }
    }

    /// A number with `digits` decimals as the language writes it:
    /// `12,345.60` or `12.345,60`.
    pub fn decimal(&self, v: f64, digits: usize) -> String {
        let s = format!("{:.*}", digits, v.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut out = String::new();
        if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            out.push('-');
        }
        out.push_str(&self.number(int.parse::<u64>().unwrap_or(0)));
        if !frac.is_empty() {
            out.push(match self.lang {
                Lang::De => ',',
                Lang::En | Lang::Th => '.',
            });
            out.push_str(frac);
        }
        out
    }

    /// The day of a moment, in the zone's time, as the language writes
    /// it: `2026-11-01`, `01.11.2026`, `01/11/2569`.
    pub fn day_at(&self, at: rapport_core::Timestamp) -> String {
        let w = self.when_at(at);
        w.split_once(' ').map_or(w.clone(), |(d, _)| d.to_string())
    }

    /// The month and day of a date (RFC 3339, read as written: the
    /// weeks of the charts start on a UTC Monday) in a chart's short
    /// form: `09-07`, `07.09.`, `07/09`.
    pub fn short_date(&self, rfc3339: &str) -> String {
        let (Some(m), Some(d)) = (rfc3339.get(5..7), rfc3339.get(8..10)) else {
            return rfc3339.to_string();
        };
        match self.lang {
            Lang::En => format!("{m}-{d}"),
            Lang::De => format!("{d}.{m}."),
            Lang::Th => format!("{d}/{m}"),
        }
    }

    /// One of the engine's sentences (an inbox reason, an alert's reason,
    /// a line of evidence …) in the language: its `said-{key}` message
    /// with each argument as the language writes it.
    pub fn said(&self, s: &Said) -> String {
        if let Said::Verbatim { text } = s {
            return text.clone();
        }
        let mut args = FluentArgs::new();
        for (name, arg) in s.args() {
            args.set(name, self.arg(arg));
        }
        format(self.lang, &format!("said-{}", s.key()), Some(&args))
    }

    /// Sentences in the language.
    pub fn said_all(&self, all: &[Said]) -> Vec<String> {
        all.iter().map(|s| self.said(s)).collect()
    }

    /// A stretch of time (seconds) in the language: `3 days`, `3 Tage`.
    pub fn span(&self, secs: i64) -> String {
        let (unit, n) = said::span_parts(secs);
        let key = match unit {
            SpanUnit::Min => "said-span-min",
            SpanUnit::Hours => "said-span-h",
            SpanUnit::Days => "said-span-days",
        };
        self.count_of(key, n)
    }

    fn count_of(&self, key: &str, n: i64) -> String {
        let mut args = FluentArgs::new();
        args.set("n", FluentValue::from(n.max(0) as u64));
        format(self.lang, key, Some(&args))
    }

    /// A follower count as the language says it: `412k`, `412 Tsd.`.
    fn short(&self, n: u64) -> String {
        let with = |key: &str, v: String| {
            let mut args = FluentArgs::new();
            args.set("n", FluentValue::from(v));
            format(self.lang, key, Some(&args))
        };
        match n {
            0..=9_999 => self.number(n),
            10_000..=999_999 => with("said-short-thousands", self.number(n / 1_000)),
            _ => with("said-short-millions", self.decimal(n as f64 / 1e6, 1)),
        }
    }

    /// An argument of a sentence as a Fluent value in the language.
    fn arg(&self, a: Arg<'_>) -> FluentValue<'static> {
        let text = |s: String| FluentValue::from(s);
        let empty_or = |items: &[String], none: &str, joined: String| {
            if items.is_empty() {
                self.t(none)
            } else {
                joined
            }
        };
        match a {
            Arg::Count(n) => FluentValue::from(n),
            Arg::Position(n) => text(n.to_string()),
            Arg::Decimal(v, digits) => FluentValue::Number(FluentNumber::new(
                v,
                FluentNumberOptions {
                    minimum_fraction_digits: Some(digits),
                    maximum_fraction_digits: Some(digits),
                    ..FluentNumberOptions::default()
                },
            )),
            Arg::Span(secs) => text(self.span(secs)),
            Arg::Target(secs) => {
                let (unit, n) = said::target_parts(secs);
                let key = match unit {
                    SpanUnit::Min => "said-target-min",
                    SpanUnit::Hours => "said-target-hour",
                    SpanUnit::Days => "said-target-day",
                };
                text(self.count_of(key, n))
            }
            Arg::Hour(h) => text(format!("{h:02}:00")),
            Arg::Day(t) => text(self.day_at(rapport_core::Timestamp(t))),
            Arg::Moment(t) => text(t.map_or_else(
                || self.t("said-not-yet"),
                |t| self.when_at(rapport_core::Timestamp(t)),
            )),
            Arg::Stage(s) => text(self.stage(s.as_str())),
            Arg::Label(l) => text(self.label(l.as_str())),
            Arg::Word(prefix, code) => text(self.word(prefix, code)),
            Arg::Short(n) => text(self.short(n)),
            Arg::Code(c) => text(c.to_string()),
            Arg::Text(t) => text(t.to_string()),
            // A value as the file gave it: quoted and escaped as in the
            // CLI's line, whatever the language.
            Arg::Quoted(v) => text(format!("{v:?}")),
            Arg::Char(c) => text(format!("{c:?}")),
            Arg::List(items, none) => text(empty_or(items, none, {
                match items {
                    [] => String::new(),
                    [one] => one.clone(),
                    [init @ .., last] => {
                        format!("{} {} {last}", init.join(", "), self.t("said-and"))
                    }
                }
            })),
            Arg::Joined(items, none) => text(empty_or(items, none, items.join(", "))),
            Arg::Codes(items, prefix, none) => text(empty_or(
                items,
                none,
                items
                    .iter()
                    .map(|c| self.word(prefix, c))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            Arg::Amounts(all) => text(
                all.iter()
                    .map(|m| self.money(m))
                    .collect::<Vec<_>>()
                    .join(" + "),
            ),
            Arg::Money(m) => text(m.map(|m| self.money(m)).unwrap_or_default()),
            Arg::Nested(s) => text(self.said(s)),
            // Field names are the file's, the same in every language.
            Arg::Fields(names) => text(
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Arg::Clauses(parts) => {
                let line = parts
                    .iter()
                    .map(|p| self.said(p))
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut chars = line.chars();
                text(match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => line,
                })
            }
        }
    }

    /// An amount as the language writes it: `30,360.00 THB`,
    /// `30.360,00 THB`.
    fn money(&self, m: &said::Money) -> String {
        format!("{} {}", self.decimal(m.amount, 2), m.currency)
    }

    /// A whole number as the language writes it: `12,345` or `12.345`.
    pub fn number(&self, n: impl std::borrow::Borrow<u64>) -> String {
        let n = *n.borrow();
        let sep = match self.lang {
            Lang::De => '.',
            Lang::En | Lang::Th => ',',
        };
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A moment (RFC 3339) as the language writes it: [`Tr::when_at`], or
    /// the text itself when it is no moment.
    pub fn when(&self, rfc3339: &str) -> String {
        match rapport_core::Timestamp::parse(rfc3339) {
            Ok(at) => self.when_at(at),
            Err(_) => rfc3339.to_string(),
        }
    }

    /// A moment as the language writes it, to the minute, in the zone's
    /// time: `2026-11-01 09:14`, `01.11.2026 09:14`, `01/11/2569 09:14`
    /// (the Thai year is the Buddhist era's).
    pub fn when_at(&self, at: rapport_core::Timestamp) -> String {
        let local = rapport_core::Timestamp(self.zone.local(at.secs())).to_rfc3339();
        let rfc3339 = local.as_str();
        let (Some(y), Some(m), Some(d), Some(time)) = (
            rfc3339.get(0..4),
            rfc3339.get(5..7),
            rfc3339.get(8..10),
            rfc3339.get(11..16),
        ) else {
            return rfc3339.to_string();
        };
        match self.lang {
            Lang::En => format!("{y}-{m}-{d} {time}"),
            Lang::De => format!("{d}.{m}.{y} {time}"),
            Lang::Th => {
                let be = y
                    .parse::<i64>()
                    .map_or(y.to_string(), |y| (y + 543).to_string());
                format!("{d}/{m}/{be} {time}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(source: &str) -> BTreeSet<String> {
        let res = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("a catalogue does not parse: {errors:?}"),
        };
        res.entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_catalogue_parses_and_has_every_message() {
        let en = keys(EN);
        assert!(en.len() > 10, "{en:?}");
        for (name, source) in [("de", DE), ("th", TH)] {
            let other = keys(source);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
            assert!(extra.is_empty(), "{name} has unknown {extra:?}");
        }
    }

    /// The variables a pattern uses, in selectors and variants too.
    fn variables(source: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
            for e in &p.elements {
                if let PatternElement::Placeable { expression } = e {
                    expr(expression, out);
                }
            }
        }
        fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Inline(i) => inline(i, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        pattern(&v.value, out);
                    }
                }
            }
        }
        fn inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match i {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        let res = match fluent_syntax::parser::parse(source) {
            Ok(r) => r,
            Err((_, errors)) => panic!("a catalogue does not parse: {errors:?}"),
        };
        res.body
            .iter()
            .filter_map(|e| match e {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern(p, &mut vars);
                    }
                    Some((m.id.name.to_string(), vars))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_translation_uses_the_variables_its_english_message_is_given() {
        // A count gives both `$n` (for plural forms) and `$shown` (the
        // number as the language writes it): a message may use either.
        let counted = |vars: &BTreeSet<String>| -> BTreeSet<String> {
            vars.iter()
                .map(|v| {
                    if v == "shown" {
                        "n".to_string()
                    } else {
                        v.clone()
                    }
                })
                .collect()
        };
        let en = variables(EN);
        for (name, source) in [("de", DE), ("th", TH)] {
            for (key, vars) in variables(source) {
                let want = en.get(&key).map(counted).unwrap_or_default();
                assert_eq!(counted(&vars), want, "{name} {key}");
            }
        }
    }

    #[test]
    fn the_language_is_the_users_choice_else_the_browsers() {
        assert_eq!(Lang::for_user(Some("th"), Some("de-DE,de;q=0.9")), Lang::Th);
        assert_eq!(
            Lang::for_user(None, Some("fr-FR, de;q=0.8, en;q=0.5")),
            Lang::De
        );
        assert_eq!(Lang::for_user(None, Some("th-TH")), Lang::Th);
        assert_eq!(Lang::for_user(None, Some("fr, es;q=0.5")), Lang::En);
        assert_eq!(Lang::for_user(None, None), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.2, de;q=0"), Some(Lang::En));
    }

    #[test]
    fn numbers_and_dates_are_written_as_each_language_writes_them() {
        let (en, de, th) = (Tr::new(Lang::En), Tr::new(Lang::De), Tr::new(Lang::Th));
        assert_eq!(en.number(1_234_567), "1,234,567");
        assert_eq!(de.number(1_234_567), "1.234.567");
        assert_eq!(de.number(999), "999");
        assert_eq!(en.when("2026-11-01T09:14:00Z"), "2026-11-01 09:14");
        assert_eq!(de.when("2026-11-01T09:14:00Z"), "01.11.2026 09:14");
        assert_eq!(th.when("2026-11-01T09:14:00Z"), "01/11/2569 09:14");
        // In the shop's zone: Berlin in winter and in summer time, and
        // Bangkok past midnight (the day and the Thai year move with it).
        let berlin = rapport_core::zone::Zone::named("Europe/Berlin").unwrap();
        let bangkok = rapport_core::zone::Zone::named("Asia/Bangkok").unwrap();
        assert_eq!(
            de.in_zone(berlin).when("2026-11-01T09:14:00Z"),
            "01.11.2026 10:14"
        );
        assert_eq!(
            de.in_zone(berlin).when("2026-07-01T09:14:00Z"),
            "01.07.2026 11:14"
        );
        assert_eq!(
            th.in_zone(bangkok).when("2026-12-31T20:05:00Z"),
            "01/01/2570 03:05"
        );
        assert_eq!(en.in_zone(bangkok).when("not a time"), "not a time");
        // A chart's week, as written (its weeks start on a UTC Monday).
        let monday = "2026-09-07T00:00:00Z";
        assert_eq!(en.in_zone(bangkok).short_date(monday), "09-07");
        assert_eq!(de.short_date(monday), "07.09.");
        assert_eq!(th.short_date(monday), "07/09");
        let at = rapport_core::Timestamp::parse("2026-12-31T20:05:00Z").unwrap();
        assert_eq!(th.in_zone(bangkok).day_at(at), "01/01/2570");
        assert_eq!(en.day_at(at), "2026-12-31");
        assert_eq!(de.t("nav-inbox"), "Posteingang");
        assert_eq!(de.t("no-such-message"), "no-such-message");
        assert_eq!(en.ago(12), "12 min");
        assert_eq!(en.ago(300), "5 h");
        assert_eq!(en.ago(3 * 1440), "3 d");
        assert_eq!(de.ago(300), "5 Std.");
        assert_eq!(en.duration(Some(90.0)), "90 min");
        assert_eq!(en.duration(Some(210.0)), "3.5 h");
        assert_eq!(de.duration(Some(210.0)), "3,5 Std.");
        assert_eq!(th.duration(None), "—");
        assert_eq!(th.ago(3 * 1440), "3 วัน");
    }

    #[test]
    fn a_cohort_members_question_is_named_without_assuming_a_gender() {
        // "ihre Frage" reads as "her question" when the member is a man.
        let de = Tr::new(Lang::De).t("cohort-answer-question");
        for gendered in ["ihre", "ihren", "seine", "seinen"] {
            assert!(
                !de.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(gendered)),
                "{de:?}"
            );
        }
    }

    #[test]
    fn closed_sets_are_shown_in_the_language_and_unknown_values_as_words() {
        let (en, de, th) = (Tr::new(Lang::En), Tr::new(Lang::De), Tr::new(Lang::Th));
        assert_eq!(en.label("true fan"), "true fan");
        assert_eq!(de.label("true_fan"), "echter Fan");
        assert_eq!(th.stage("fan"), "แฟน");
        assert_eq!(de.stage("no_such_stage"), "no such stage");
        assert_eq!(
            en.count("thread-waiting", 1),
            "1 message waiting for an answer"
        );
        assert_eq!(
            de.count("thread-waiting", 1234),
            "1.234 Nachrichten warten auf eine Antwort"
        );
    }

    /// Every sample sentence and the sentences inside it.
    fn every_said() -> Vec<Said> {
        fn walk(s: &Said, out: &mut Vec<Said>) {
            out.push(s.clone());
            for (_, a) in s.args() {
                match a {
                    Arg::Nested(n) => walk(n, out),
                    Arg::Clauses(parts) => parts.iter().for_each(|p| walk(p, out)),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for s in said::samples() {
            walk(&s, &mut out);
        }
        out
    }

    #[test]
    fn each_english_sentence_message_uses_every_argument_the_engine_gives_it() {
        let en = variables(EN);
        for s in every_said() {
            let key = format!("said-{}", s.key());
            let given: BTreeSet<String> = s.args().iter().map(|(n, _)| n.to_string()).collect();
            assert_eq!(en.get(&key), Some(&given), "{key}");
        }
    }

    #[test]
    fn the_english_catalogue_writes_each_sentence_as_the_cli_and_api_do() {
        let en = Tr::new(Lang::En);
        for s in every_said() {
            // The dashboard writes a logged moment as it writes every
            // moment; the log keeps RFC 3339.
            if matches!(&s, Said::Did { action, .. } if action == "snooze") {
                assert_eq!(en.said(&s), "snooze until 2026-11-03 09:00");
                continue;
            }
            assert_eq!(en.said(&s), s.to_string(), "{s:?}");
        }
    }

    #[test]
    fn each_sentence_kind_is_written_in_german_and_thai_with_its_arguments() {
        let (de, th) = (Tr::new(Lang::De), Tr::new(Lang::Th));
        for s in every_said() {
            let english = s.to_string();
            for tr in [de, th] {
                let got = tr.said(&s);
                assert!(!got.trim().is_empty(), "{:?} {s:?}", tr.lang);
                assert!(
                    !got.contains("said-") && !got.contains('{'),
                    "{:?} {s:?}: {got}",
                    tr.lang
                );
                assert_ne!(got, english, "{:?} {s:?}", tr.lang);
            }
        }
    }

    /// The English words of `english` (three letters or more) that are
    /// left in `got`, but for the words German shares with English and
    /// `data` (a channel, an address: not words of the language).
    fn english_left(english: &str, got: &str, data: &[&str]) -> Vec<String> {
        const SHARED: [&str; 3] = ["person", "mastodon", "format"];
        let words = |s: &str| -> BTreeSet<String> {
            s.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3)
                .map(str::to_lowercase)
                .collect()
        };
        let data: BTreeSet<String> = data.iter().flat_map(|d| words(d)).collect();
        words(english)
            .intersection(&words(got))
            .filter(|w| !SHARED.contains(&w.as_str()) && !data.contains(*w))
            .cloned()
            .collect()
    }

    #[test]
    fn outbox_hold_reasons_read_in_german_and_thai_with_no_english_left() {
        let (de, th) = (Tr::new(Lang::De), Tr::new(Lang::Th));
        let holds = said::outbox_holds();
        for s in &holds {
            let english = s.to_string();
            for tr in [de, th] {
                let got = tr.said(s);
                let left = english_left(&english, &got, &["ana@shop.example"]);
                assert!(left.is_empty(), "{:?} {s:?}: {got} keeps {left:?}", tr.lang);
            }
        }
        // Plural forms and numbers as each language writes them.
        assert_eq!(
            de.said(&Said::CapPerPerson { days: 1 }),
            "höchstens eine Nachricht pro Person in 1 Tag"
        );
        assert_eq!(
            de.said(&Said::CapPerPerson { days: 1_000 }),
            "höchstens eine Nachricht pro Person in 1.000 Tagen"
        );
        assert_eq!(
            th.said(&Said::CapPerPerson { days: 1_000 }),
            "ส่งได้ไม่เกินหนึ่งข้อความต่อคนใน 1,000 วัน"
        );
        let quiet = Said::QuietHours { from: 21, until: 8 };
        assert_eq!(de.said(&quiet), "Ruhezeit (21:00–08:00 Uhr beim Empfänger)");
        assert_eq!(
            th.said(&quiet),
            "ช่วงเวลางดส่ง (21:00–08:00 น. ตามเวลาของผู้รับ)"
        );
        assert_eq!(
            de.said(&Said::CancelledBy {
                by: "ana@shop.example".into()
            }),
            "abgebrochen von ana@shop.example"
        );
    }

    #[test]
    fn import_rejections_read_in_german_and_thai_with_no_english_left() {
        let (de, th) = (Tr::new(Lang::De), Tr::new(Lang::Th));
        let value = |v: &str| v.to_string();
        let rejections = [
            Said::field("created_at", Said::IsMissing),
            Said::field("author.handle", Said::IsEmpty),
            Said::field("author.handle", Said::TooLongChars { max: 1_000 }),
            Said::field("external_id", Said::TooLongBytes { max: 512 }),
            Said::field("author.handle", Said::BadChar { found: ' ' }),
            Said::field(
                "author.email",
                Said::NotEmail {
                    value: value("anna@"),
                },
            ),
            Said::field(
                "created_at",
                Said::NotTimestamp {
                    value: value("gestern"),
                },
            ),
            Said::field(
                "created_at",
                Said::NotATime {
                    value: value("gestern"),
                },
            ),
            Said::field(
                "total",
                Said::NotANumber {
                    value: value("12,5x"),
                },
            ),
            Said::field("total", Said::NotFinite),
            Said::field("author.followers", Said::IsNegative),
            Said::field(
                "qty",
                Said::NotACount {
                    value: value("zwei"),
                },
            ),
            Said::field(
                "from_brand",
                Said::NotTrueOrFalse {
                    value: value("vielleicht"),
                },
            ),
            Said::field(
                "currency",
                Said::NotCurrency {
                    value: value("EURO"),
                },
            ),
            Said::NotUtf8,
        ];
        // Field names and the formats' own names are data, not words.
        let data = [
            "created_at author.handle author.email author.followers external_id from_brand",
            "total qty currency anna@ RFC 3339 ISO 4217 UTF-8 true false",
            "gestern zwei vielleicht EURO",
        ];
        for s in &rejections {
            let english = s.to_string();
            for tr in [de, th] {
                let got = tr.said(s);
                assert!(!got.contains("said-"), "{:?} {s:?}: {got}", tr.lang);
                let left = english_left(&english, &got, &data);
                assert!(left.is_empty(), "{:?} {s:?}: {got} keeps {left:?}", tr.lang);
            }
        }
        assert_eq!(de.said(&rejections[0]), "Feld `created_at`: fehlt");
        assert_eq!(
            de.said(&rejections[2]),
            "Feld `author.handle`: ist länger als 1.000 Zeichen"
        );
        assert_eq!(
            th.said(&rejections[2]),
            "ช่อง `author.handle`: ยาวเกิน 1,000 ตัวอักษร"
        );
        assert_eq!(
            de.said(&rejections[8]),
            "Feld `total`: \"12,5x\" ist keine Zahl"
        );
    }

    /// Every rejection kind an import format produces (each kind's
    /// sample, and each value of the closed sets they name).
    fn every_rejection() -> Vec<Said> {
        use rapport_core::said::import::{Container, JsonProblem, JsonType, Shape};
        let first = every_said()
            .iter()
            .position(|s| matches!(s, Said::BadField { .. }))
            .expect("the rejections' samples");
        let mut out: Vec<Said> = every_said()[first..].to_vec();
        for &problem in JsonProblem::ALL {
            out.push(Said::MalformedJson { problem, column: 7 });
        }
        for &expected in JsonType::ALL {
            for &found in JsonType::ALL {
                out.push(Said::WrongType {
                    expected,
                    found,
                    value: Some("lots".into()),
                });
            }
        }
        for &expected in Shape::ALL {
            out.push(Said::WrongShape {
                expected,
                found: JsonType::List,
            });
        }
        for &container in Container::ALL {
            out.push(Said::MissingFrom { container });
        }
        out
    }

    #[test]
    fn every_value_a_rejection_names_has_its_message_in_each_language_and_english_as_the_cli() {
        use rapport_core::said::import::{Container, JsonProblem, JsonType, Shape};
        let mut codes: Vec<(String, &str)> = Vec::new();
        codes.extend(
            JsonProblem::ALL
                .iter()
                .map(|v| (format!("said-json-{}", v.code()), v.english())),
        );
        codes.extend(
            JsonType::ALL
                .iter()
                .map(|v| (format!("said-type-{}", v.code()), v.english())),
        );
        codes.extend(
            Shape::ALL
                .iter()
                .map(|v| (format!("said-shape-{}", v.code()), v.english())),
        );
        codes.extend(
            Container::ALL
                .iter()
                .map(|v| (format!("said-container-{}", v.code()), v.english())),
        );
        let catalogues = [("en", keys(EN)), ("de", keys(DE)), ("th", keys(TH))];
        for (key, english) in codes {
            for (lang, keys) in &catalogues {
                assert!(keys.contains(&key), "{lang} has no {key}");
            }
            assert_eq!(Tr::new(Lang::En).t(&key), english, "{key}");
            // `null` is JSON's word in every language.
            if key != "said-type-null" {
                assert_ne!(Tr::new(Lang::De).t(&key), english, "{key}");
                assert_ne!(Tr::new(Lang::Th).t(&key), english, "{key}");
            }
        }
    }

    #[test]
    fn every_rejection_an_import_can_give_reads_in_each_language_with_no_english_left() {
        let (en, de, th) = (Tr::new(Lang::En), Tr::new(Lang::De), Tr::new(Lang::Th));
        // Field names, values, the formats' and platforms' own names and
        // JSON's words are data, not words of a language.
        let data = [
            "created_at author.handle author.email author.followers external_id from_brand json",
            "account.followers_count snippet.topLevelComment id_str content account type",
            "total qty currency anna@ RFC 3339 ISO 4217 UTF-8 true false null JSON CSV kind",
            "gestern zwei vielleicht EURO lots shipped paid pending refunded cancelled",
            "poke comment reply order From Date Message-ID Tue Oct 2026 13.10.2026",
            "Mastodon Jetstream Reddit YouTube API Facebook Instagram webhook tweet Shopify",
            "WooCommerce commit yesterday two maybe U+FFFD",
            // Words German shares with English.
            "Bytes Rest Status Mail",
        ];
        for s in every_rejection() {
            assert_eq!(en.said(&s), s.to_string(), "{s:?}");
            let english = s.to_string();
            for tr in [de, th] {
                let got = tr.said(&s);
                assert!(
                    !got.contains("said-") && !got.contains('{'),
                    "{:?} {s:?}: {got}",
                    tr.lang
                );
                let left = english_left(&english, &got, &data);
                assert!(left.is_empty(), "{:?} {s:?}: {got} keeps {left:?}", tr.lang);
            }
        }
        let wrong = Said::field(
            "total",
            Said::WrongType {
                expected: rapport_core::said::import::JsonType::Number,
                found: rapport_core::said::import::JsonType::String,
                value: Some("viel".into()),
            },
        );
        assert_eq!(
            de.said(&wrong),
            "Feld `total`: erwartet wurde eine Zahl, gefunden wurde eine Zeichenkette (\"viel\")"
        );
        assert_eq!(
            th.said(&Said::UnreadableCsv {
                header: false,
                field: Some(3)
            }),
            "อ่านแถว CSV ไม่ได้: ช่องที่ 3 ไม่ใช่ UTF-8 ที่ถูกต้อง"
        );
    }

    #[test]
    fn the_digest_counts_in_each_language_with_its_plural_forms_and_numbers() {
        let (en, de, th) = (Tr::new(Lang::En), Tr::new(Lang::De), Tr::new(Lang::Th));
        let shop: &[(&str, &dyn std::fmt::Display)] = &[("shop", &"Trailwerk")];
        assert_eq!(
            en.count_with("digest-overdue", 3, shop),
            "3 things are overdue at Trailwerk:"
        );
        assert_eq!(
            de.count_with("digest-overdue", 1, shop),
            "Bei Trailwerk ist 1 Punkt überfällig:"
        );
        assert_eq!(
            de.count_with("digest-overdue", 1_234, shop),
            "Bei Trailwerk sind 1.234 Punkte überfällig:"
        );
        assert_eq!(
            th.count_with("digest-subject", 1_234, shop),
            "Trailwerk: เกินกำหนด 1,234 รายการ"
        );
        assert_eq!(de.count("digest-more", 5), "… und 5 weitere.");
    }

    #[test]
    fn sentences_choose_plural_forms_and_write_numbers_times_and_dates_per_language() {
        let (en, de, th) = (Tr::new(Lang::En), Tr::new(Lang::De), Tr::new(Lang::Th));
        let at = 1_793_610_000; // 2026-11-02 09:00 UTC
        let late = Said::Unanswered {
            complaint: true,
            vip: Some(rapport_core::ladder::Label::Detractor),
            channel: "instagram".into(),
            waiting: Box::new(Said::waiting(at, at + 3 * 86_400, 3_600)),
        };
        assert_eq!(
            de.said(&late),
            "Beschwerde eines Kritikers auf instagram: Wartezeit 3 Tage, Ziel (1 Std.) überschritten."
        );
        assert_eq!(
            th.said(&late),
            "คำร้องเรียน จากผู้ไม่พอใจ บน instagram: รอมา 3 วัน เกินเป้าหมาย 1 ชั่วโมง แล้ว"
        );
        let one = Said::SpecificComments { n: 1, days: 90 };
        let three = Said::SpecificComments { n: 3, days: 90 };
        assert_eq!(
            de.said(&one),
            "1 konkreter Kommentar in den letzten 90 Tagen"
        );
        assert_eq!(
            de.said(&three),
            "3 konkrete Kommentare in den letzten 90 Tagen"
        );
        // Thai has no plural: the same words for one and for three.
        assert_eq!(th.said(&one), "ความคิดเห็นที่เจาะจง 1 ครั้งใน 90 วันที่ผ่านมา");
        assert_eq!(th.said(&three), "ความคิดเห็นที่เจาะจง 3 ครั้งใน 90 วันที่ผ่านมา");
        let orders = Said::Orders {
            n: 1,
            amounts: vec![said::Money {
                amount: 30_360.0,
                currency: "THB".into(),
            }],
            worth: Some(said::Money {
                amount: 789.36,
                currency: "EUR".into(),
            }),
            unrated: false,
        };
        assert_eq!(en.said(&orders), "1 order, 30,360.00 THB (≈ 789.36 EUR)");
        assert_eq!(
            de.said(&orders),
            "1 Bestellung, 30.360,00 THB (≈ 789,36 EUR)"
        );
        let mismatch = Said::Mismatch {
            followers: 1_250_000,
            elsewhere: vec!["cars".into(), "golf".into()],
            alignment: 0.12,
        };
        assert_eq!(
            de.said(&mismatch),
            "1,2 Mio. Follower, spricht aber über cars und golf, nicht über die Themen des Shops (Passung 0,12)"
        );
        let fell = Said::FanFell {
            until: at,
            now: rapport_core::ladder::Stage::Engaged,
            days: 90,
        };
        assert!(th.said(&fell).contains("02/11/2569"), "{}", th.said(&fell));
        assert!(de
            .said(&fell)
            .starts_with("Bis 02.11.2026 ein Fan, jetzt „Engagiert“"));
        assert_eq!(de.span(86_400 * 2), "2 Tage");
        assert_eq!(th.span(45 * 60), "45 นาที");
        let old = Said::Verbatim {
            text: "3 followers".into(),
        };
        assert_eq!(de.said(&old), "3 followers");
    }
}
