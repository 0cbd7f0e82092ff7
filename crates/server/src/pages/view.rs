//! Display helpers: numbers and times as a person reads them, and the
//! view models several pages share.

use rapport_core::{at_handle, Timestamp};
use rapport_engine::views::inbox::InboxItem;
use rapport_engine::views::person::{Analysis, Order, OrderStatus, PersonView, TimelineEntry};
use rapport_store::outbox::OutboxState;

use crate::i18n::Tr;

/// A moment as the page's language writes it (see [`Tr::when_at`]).
pub fn at_in(tr: &Tr, t: Timestamp) -> String {
    tr.when_at(t)
}

/// A share as a whole percentage.
pub fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The first `max` characters of `text` on one line.
pub fn snippet(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}

/// `url` if a page may link to it: an absolute `http` or `https` URL
/// with a host, without spaces, control characters or a user name
/// (`https://shop.example@evil.example`). Imported records carry URLs
/// from anyone; `javascript:`, `data:`, `vbscript:`, relative and
/// malformed ones are shown as text instead.
pub fn web_link(url: &str) -> Option<&str> {
    let after = |scheme: &str| {
        url.get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    };
    let rest = after("https://").or_else(|| after("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !authority.is_empty()
        && authority
            .chars()
            .all(|c| c.is_alphanumeric() || "-.:[]_".contains(c));
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\');
    (host_ok && clean).then_some(url)
}

/// A label as words: `true_fan` → `true fan`.
pub fn words(label: &str) -> String {
    label.replace('_', " ")
}

/// The value-first ledger as one sentence: `2 given, 1 asked: value
/// first.` (the warning, when there is one, is shown apart).
pub fn ledger_sentence(tr: &Tr, l: &rapport_core::touch::Ledger) -> String {
    if l.given + l.asked == 0 {
        return tr.t("ledger-empty");
    }
    let order = if !l.value_first {
        "ledger-asked-first"
    } else if l.asked == 0 {
        "ledger-nothing-asked"
    } else {
        "ledger-value-first"
    };
    tr.t2(order, "given", l.given, "asked", l.asked)
}

/// A width in 0..=100 for a bar showing `value` of `max`.
pub fn bar(value: f64, max: f64) -> u32 {
    if max <= 0.0 {
        0
    } else {
        ((value / max).clamp(0.0, 1.0) * 100.0).round() as u32
    }
}

/// One order, ready to show.
#[derive(Debug, Clone)]
pub struct OrderLine {
    /// The shop's id.
    pub id: String,
    /// `129.90 EUR`.
    pub total: String,
    /// Status.
    pub status: String,
    /// `2× Trail tyre 29, 1× Pump`.
    pub items: String,
}

impl OrderLine {
    /// The line for `o`.
    pub fn new(tr: &Tr, o: &Order) -> Self {
        OrderLine {
            id: o.order_id.clone(),
            total: format!("{} {}", tr.decimal(o.total, 2), o.currency),
            status: tr.word("order", o.status.as_str()),
            items: o
                .items
                .iter()
                .map(|i| format!("{}× {}", i.qty, i.title))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One timeline entry, ready to show.
#[derive(Debug, Clone)]
pub struct TimelineLine {
    /// Interaction id (also names its conversation: `/threads/{id}`).
    pub id: i64,
    /// Words that can be part of a conversation.
    pub conversational: bool,
    /// When.
    pub when: String,
    /// Channel.
    pub channel: String,
    /// Kind.
    pub kind: String,
    /// Written by the shop.
    pub from_brand: bool,
    /// Words.
    pub text: String,
    /// `answered after 2 h` / `unanswered`, for their words.
    pub answer: String,
    /// `de · negative · complaint`.
    pub reading: String,
    /// For the shop's replies written in Rapport: `by anna@shop · sent`.
    pub delivery: String,
    /// The delivery state (`sent`, `queued`, `failed`, ...), for styling.
    pub delivery_state: String,
    /// One-click corrections of its reading (none for the shop's words).
    pub corrections: Vec<(String, String)>,
}

/// The one-click corrections offered for a reading: "not a question"
/// when it reads as one, each other intent the team most often fixes,
/// each other sentiment.
pub fn corrections(tr: &Tr, a: Option<&Analysis>) -> Vec<(String, String)> {
    let Some(a) = a else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if a.intents.iter().any(|i| i == "question") {
        out.push((
            "intent:not_question".to_string(),
            tr.t("correct-not-question"),
        ));
    }
    for i in ["question", "complaint", "praise", "recommendation"] {
        if a.intent != i {
            out.push((format!("intent:{i}"), tr.word("intent", i)));
        }
    }
    for s in ["positive", "neutral", "negative"] {
        if a.sentiment != s {
            out.push((format!("sentiment:{s}"), tr.word("sentiment", s)));
        }
    }
    out
}

/// What the analyzer read, in a few words of the page's language.
pub fn reading(tr: &Tr, a: Option<&Analysis>) -> String {
    a.map(|a| {
        let mut parts = vec![
            tr.word("language", &a.language),
            tr.word("sentiment", &a.sentiment),
        ];
        parts.extend(a.intents.iter().take(2).map(|i| tr.word("intent", i)));
        parts.join(" · ")
    })
    .unwrap_or_default()
}

impl TimelineLine {
    /// The line for `t`, in `tr`'s language.
    pub fn new(tr: &Tr, t: &TimelineEntry) -> Self {
        let conversational = t.kind.is_conversational();
        let answer = match (t.answered_at, t.from_brand || !conversational) {
            (_, true) => String::new(),
            (Some(a), false) => tr.t1("answered-at", "when", at_in(tr, a)),
            (None, false) => tr.t("unanswered"),
        };
        TimelineLine {
            id: t.id.0,
            conversational,
            when: at_in(tr, t.created_at),
            channel: t.channel.clone(),
            kind: tr.word("kind", t.kind.as_str()),
            from_brand: t.from_brand,
            text: t.text.clone(),
            answer,
            reading: reading(tr, t.analysis.as_ref()),
            delivery: delivery(tr, t),
            delivery_state: t
                .delivery
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            corrections: if t.from_brand {
                Vec::new()
            } else {
                corrections(tr, t.analysis.as_ref())
            },
        }
    }
}

/// `by anna@shop · sent` for a reply written in Rapport, with the
/// platform's error when sending failed.
fn delivery(tr: &Tr, t: &TimelineEntry) -> String {
    let Some(state) = t.delivery else {
        return String::new();
    };
    let state = match state {
        OutboxState::Recorded => tr.t("delivery-recorded-by-hand"),
        OutboxState::Queued => tr.t("delivery-queued-to-send"),
        s => tr.word("delivery", s.as_str()),
    };
    let by = tr.t1("by", "who", t.sent_by.as_deref().unwrap_or("?"));
    match &t.delivery_error {
        Some(e) => format!("{by} · {state}: {e}"),
        None => format!("{by} · {state}"),
    }
}

/// A person as the inbox's side panel and the person page show them.
#[derive(Debug, Clone)]
pub struct PersonCard {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Stage.
    pub stage: String,
    /// Labels, as words.
    pub labels: Vec<String>,
    /// Why.
    pub evidence: Vec<String>,
    /// `instagram @anna.rides · 412 followers`.
    pub identities: Vec<String>,
    /// Emails.
    pub emails: Vec<String>,
    /// Interests.
    pub interests: Vec<String>,
    /// Orders, newest first.
    pub orders: Vec<OrderLine>,
    /// `3 orders · 412.50 EUR paid`.
    pub orders_summary: String,
}

impl PersonCard {
    /// The card for `p`, in `tr`'s language.
    pub fn new(tr: &Tr, p: &PersonView) -> Self {
        let paid: f64 = p
            .orders
            .iter()
            .filter(|o| o.status == OrderStatus::Paid)
            .map(|o| o.total)
            .sum();
        let currency = p
            .orders
            .first()
            .map(|o| o.currency.clone())
            .unwrap_or_default();
        PersonCard {
            id: p.id.0,
            name: p.name.clone(),
            stage: p.stage.as_str().to_string(),
            labels: p.labels.iter().map(|l| words(l.as_str())).collect(),
            evidence: tr.said_all(&p.evidence),
            identities: p
                .identities
                .iter()
                .map(|i| {
                    let mut s = format!("{} {}", i.channel, at_handle(&i.channel, &i.handle));
                    if let Some(f) = i.followers {
                        s.push_str(" · ");
                        s.push_str(&tr.count("followers", f));
                    }
                    s
                })
                .collect(),
            emails: p.emails.clone(),
            interests: p.interests.clone(),
            orders: p
                .orders
                .iter()
                .rev()
                .map(|o| OrderLine::new(tr, o))
                .collect(),
            orders_summary: match p.orders.len() {
                0 => tr.t("orders-none"),
                n => tr.count_with(
                    "orders-summary",
                    n as u64,
                    &[("paid", &format!("{} {currency}", tr.decimal(paid, 2)))],
                ),
            },
        }
    }
}

/// One inbox item in the list.
#[derive(Debug, Clone)]
pub struct ItemRow {
    /// Interaction id.
    pub id: i64,
    /// Priority.
    pub priority: i64,
    /// Channel.
    pub channel: String,
    /// Author's account as people write it (`@anna.rides`, or an
    /// address as it is).
    pub handle: String,
    /// Author's name.
    pub name: String,
    /// Author's stage.
    pub stage: String,
    /// Author's labels, as words.
    pub labels: Vec<String>,
    /// The words, cut.
    pub snippet: String,
    /// `5 h`.
    pub waiting: String,
    /// Why it is urgent.
    pub reasons: Vec<String>,
    /// Who is on it.
    pub assigned: String,
    /// Whether the side panel shows it.
    pub selected: bool,
}

impl ItemRow {
    /// The row for `i`.
    pub fn new(tr: &Tr, i: &InboxItem, selected: bool) -> ItemRow {
        let labels: Vec<String> = i.person.labels.iter().map(|l| words(l.as_str())).collect();
        ItemRow {
            id: i.id.0,
            priority: i.priority,
            channel: i.channel.clone(),
            handle: at_handle(&i.channel, &i.person.handle),
            name: i.person.name.clone(),
            stage: i.person.stage.as_str().to_string(),
            snippet: snippet(&i.text, 140),
            waiting: tr.ago(i.waiting_minutes),
            // A label shown as a tag need not show again as a reason.
            reasons: i
                .reasons
                .iter()
                .filter(|r| {
                    !matches!(r, rapport_core::Said::Label { label } if i.person.labels.contains(label))
                })
                .map(|r| tr.said(r))
                .collect(),
            labels,
            assigned: i
                .state
                .as_ref()
                .and_then(|s| s.assigned_to.clone())
                .unwrap_or_default(),
            selected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        for ok in [
            "https://www.instagram.com/p/Cx1/",
            "http://shop.example:8080/a?b=c#d",
            "HTTPS://mastodon.social/@klaus/1",
            "https://[2001:db8::1]/x",
            "https://bücher.example/ü",
        ] {
            assert_eq!(web_link(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "/relative/path",
            "//evil.example/x",
            "www.instagram.com/p/Cx1/",
            "https://",
            "https:///path",
            "https:evil.example",
            "https:\\\\evil.example",
            "https://shop.example@evil.example/",
            "https://evil.example/a b",
            "https://evil.example/\n",
            "ftp://files.example/x",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn moments_read_as_the_pages_language_writes_them() {
        let t = Timestamp::parse("2026-11-01T09:14:00Z").expect("a moment");
        let en = Tr::new(crate::i18n::Lang::En);
        let th = Tr::new(crate::i18n::Lang::Th);
        assert_eq!(at_in(&en, t), "2026-11-01 09:14");
        assert_eq!(at_in(&th, t), "01/11/2569 09:14");
    }

    #[test]
    fn snippets_cut_on_characters_not_bytes() {
        assert_eq!(snippet("สวัสดีครับ", 3), "สวั…");
        assert_eq!(snippet("kurz", 10), "kurz");
    }

    #[test]
    fn bars_stay_within_their_box() {
        assert_eq!(bar(5.0, 10.0), 50);
        assert_eq!(bar(20.0, 10.0), 100);
        assert_eq!(bar(1.0, 0.0), 0);
    }
}

/// One outbox message as the inbox panel and the person page list it.
#[derive(Debug, Clone)]
pub struct OutboxLine {
    /// When it was written.
    pub when: String,
    /// `reply`, `feedback`, ...
    pub kind: String,
    /// Its channel.
    pub channel: String,
    /// Its state.
    pub state: String,
    /// Who wrote it.
    pub by: String,
    /// The first words.
    pub text: String,
    /// The last error, or why it waits or was cancelled.
    pub note: String,
}

impl OutboxLine {
    /// The line for `m`, in `tr`'s language.
    pub fn new(tr: &Tr, m: &rapport_store::outbox::OutboxRow) -> Self {
        OutboxLine {
            when: at_in(tr, rapport_core::Timestamp(m.created_at)),
            kind: tr.word("kind", m.kind.as_str()),
            channel: m.channel.clone(),
            state: m.state.as_str().to_string(),
            by: m.created_by.clone(),
            text: snippet(m.subject.as_deref().unwrap_or(&m.body), 90),
            note: m
                .last_error
                .as_ref()
                .map(|s| tr.said(s))
                .unwrap_or_default(),
        }
    }
}
