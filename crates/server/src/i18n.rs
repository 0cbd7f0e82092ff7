//! The dashboard's languages in HTML: the messages of [`rapport_i18n`]
//! (re-exported here) written as a template writes them ([`Page`],
//! [`Text`]), and the language the browser asks for while a request is
//! answered ([`browser`]).

pub use rapport_core::zone::Zone;
pub use rapport_i18n::{Lang, Tr};

tokio::task_local! {
    /// The language the browser asks for (`Accept-Language`), while a
    /// request is answered: pages shown without a signed-in user's
    /// choice (login, errors, unsubscribe) speak it.
    static BROWSER: Lang;
    /// The shop's time zone, while a page is answered.
    static ZONE: Zone;
}

/// Runs `answer` with `accept` (an `Accept-Language` header) as the
/// browser's language for [`browser`] and `zone` as the shop's time
/// zone for [`zone`].
pub async fn with_browser<F: std::future::Future>(
    accept: Option<&str>,
    zone: Zone,
    answer: F,
) -> F::Output {
    let lang = accept.and_then(Lang::negotiate).unwrap_or_default();
    BROWSER.scope(lang, ZONE.scope(zone, answer)).await
}

/// The messages of the language the browser asked for in the request
/// being answered (English outside one), moments in the shop's zone.
pub fn browser() -> Tr {
    Tr::new(BROWSER.try_with(|l| *l).unwrap_or_default()).in_zone(zone())
}

/// Runs `answer` with `zone` as the shop's time zone: a page answering
/// the change of the zone is written in the new one.
pub async fn in_zone<F: std::future::Future>(zone: Zone, answer: F) -> F::Output {
    ZONE.scope(zone, answer).await
}

/// The shop's time zone while a page is answered (UTC outside one).
pub fn zone() -> Zone {
    ZONE.try_with(|z| *z).unwrap_or_default()
}

/// A message as a page writes it into HTML: `&`, `<`, `>` and `"`
/// escaped (every attribute of the templates is double-quoted), the
/// rest as written, so `influencer's` reads as in a hand-written
/// template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut last = 0;
        for (i, c) in self.0.char_indices() {
            let escaped = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(escaped)?;
            last = i + c.len_utf8();
        }
        f.write_str(&self.0[last..])
    }
}

// Escaped by its own `Display`: askama writes it as it is.
impl askama::filters::HtmlSafe for Text {}

/// A page's view of a [`Tr`]: the same messages as [`Text`], for
/// templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Page(pub Tr);

impl Page {
    /// The language's code, for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.0.lang.code()
    }

    /// See [`Tr::t`].
    pub fn t(&self, key: &str) -> Text {
        Text(self.0.t(key))
    }

    /// See [`Tr::t1`].
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> Text {
        Text(self.0.t1(key, name, value))
    }

    /// See [`Tr::t2`].
    pub fn t2(
        &self,
        key: &str,
        a: &str,
        av: impl std::fmt::Display,
        b: &str,
        bv: impl std::fmt::Display,
    ) -> Text {
        Text(self.0.t2(key, a, av, b, bv))
    }

    /// See [`Tr::t3`].
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
    ) -> Text {
        Text(self.0.t3(key, a, av, b, bv, c, cv))
    }

    /// See [`Tr::count`].
    pub fn count(&self, key: &str, n: impl std::borrow::Borrow<u64>) -> Text {
        Text(self.0.count(key, n))
    }

    /// See [`Tr::word`].
    pub fn word(&self, prefix: &str, value: &str) -> Text {
        Text(self.0.word(prefix, value))
    }

    /// See [`Tr::stage`].
    pub fn stage(&self, code: &str) -> Text {
        Text(self.0.stage(code))
    }

    /// See [`Tr::label`].
    pub fn label(&self, code: &str) -> Text {
        Text(self.0.label(code))
    }
}

impl From<Tr> for Page {
    /// The messages as a template writes them.
    fn from(tr: Tr) -> Page {
        Page(tr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_escaped_for_html_but_keep_their_apostrophes() {
        let t = Text("Bo's <b>\"x\" & y</b>".to_string());
        assert_eq!(
            t.to_string(),
            "Bo's &lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;"
        );
        let page = Page(Tr::new(Lang::En));
        assert_eq!(
            page.t("influencers-none").to_string(),
            "Nobody with an influencer's reach yet."
        );
        assert_eq!(page.code(), "en");
    }

    /// Here rather than beside the catalogues: the analyzer's classes are
    /// the list to check, and the dashboard is what shows them. A missing
    /// message falls back to English (or to the class itself), so German
    /// and Thai must not read as English does.
    #[test]
    fn every_intent_the_analyzer_gives_has_its_word_in_every_language() {
        let en = Tr::new(Lang::En);
        for class in rapport_nlp::intent::CLASSES {
            let key = format!("intent-{class}");
            let english = en.get(&key);
            assert!(english.is_some(), "en lacks {key}");
            for lang in [Lang::De, Lang::Th] {
                let word = Tr::new(lang).word("intent", class);
                assert_ne!(Some(&word), english.as_ref(), "{} lacks {key}", lang.code());
            }
        }
    }
}
