//! Analyzing texts on their way into the store: every interaction with
//! words gets its language, sentiment, intents, topics and specificity —
//! to the shop post it answers, when that post is known — read by the
//! shipped models and what the shop taught them ([`ShopAnalyzer`]).

use crate::EngineError;
use rapport_core::signals::Place;
use rapport_core::Record;
use rapport_nlp::shop_layer::ShopLayer;
use rapport_nlp::{Analysis, Analyzer, Context};
use rapport_store::{AnalysisRow, Reading, Store, StoreError, TextRow};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

/// The shop's analysis: the shipped models with the shop's layer over
/// them (see [`crate::learning`]).
#[derive(Clone)]
pub struct ShopAnalyzer {
    analyzer: &'static Analyzer,
    layer: Arc<ShopLayer>,
}

impl ShopAnalyzer {
    /// The shipped models alone.
    pub fn shipped() -> Result<ShopAnalyzer, EngineError> {
        ShopAnalyzer::with_layer(Arc::new(ShopLayer::empty()))
    }

    /// The shipped models with `layer`.
    pub fn with_layer(layer: Arc<ShopLayer>) -> Result<ShopAnalyzer, EngineError> {
        Ok(ShopAnalyzer {
            analyzer: crate::import::analyzer()?,
            layer,
        })
    }

    /// The shipped models with the layer `store` holds (none yet: alone).
    pub fn load(store: &dyn Store) -> Result<ShopAnalyzer, EngineError> {
        match store.shop_layer()? {
            None => ShopAnalyzer::shipped(),
            Some(row) => ShopAnalyzer::with_layer(Arc::new(
                ShopLayer::from_bytes(&row.model).map_err(EngineError::internal)?,
            )),
        }
    }

    /// The shop's layer.
    pub fn layer(&self) -> Arc<ShopLayer> {
        self.layer.clone()
    }

    /// The shipped analyzer under the layer.
    pub fn shipped_analyzer(&self) -> &'static Analyzer {
        self.analyzer
    }

    /// Reads a text answering a post read by [`ShopAnalyzer::context`].
    pub fn analyze_with(&self, text: &str, context: Option<&Context>) -> Analysis {
        self.layer.analyze_with(self.analyzer, text, context)
    }

    /// [`ShopAnalyzer::analyze_with`], knowing the language the author
    /// usually writes and the languages heard on the text's channel (see
    /// [`Analyzer::analyze_around`]).
    pub fn analyze_around(
        &self,
        text: &str,
        context: Option<&Context>,
        voice: Option<&str>,
        channel: &[(&str, f32)],
    ) -> Analysis {
        self.layer
            .analyze_around(self.analyzer, text, context, voice, channel)
    }

    /// Reads a new text to the shop as the store would keep it: at the top
    /// of a conversation, or under the post `context` was read from, where
    /// `shop` are the shop's handles (a `recommendation` read from the
    /// shop's handle alone is left out, see
    /// [`rapport_core::signals::placed_intents`]) and `heard` the
    /// languages the shop hears ([`heard_by_shop`]): a text too short to
    /// tell its language ("Top 👍") is read in one of them, as an import
    /// reads a stock phrase from an author it has not heard yet. What
    /// `POST /api/analyze` and `rapport analyze` print.
    pub fn analyze_new(
        &self,
        text: &str,
        context: Option<&Context>,
        shop: &[String],
        heard: &[(&str, f32)],
    ) -> Analysis {
        let mut a = self.analyze_around(text, context, None, heard);
        let post = context.map(|_| "post");
        let place = Place::of(post, post, shop);
        let intents: Vec<String> = a.intents.iter().map(|i| i.to_string()).collect();
        if let Some(kept) = rapport_core::signals::placed_intents(text, &intents, place) {
            a.intents.retain(|i| kept.iter().any(|k| k == i));
            if a.intents.is_empty() {
                a.intents.push("other");
            }
            a.intent = a.intents[0];
        }
        a
    }

    /// Reads a shop post once, as the context of the comments under it.
    pub fn context(&self, post: &str) -> Context {
        self.analyzer.context(post)
    }
}

/// Shop posts by `(channel, external_id)`, the context of comments.
pub type Posts = HashMap<(String, String), String>;

/// Batches smaller than this are analyzed on the calling thread.
const PARALLEL_FROM: usize = 512;

/// The stored form of an analysis.
pub fn row(a: &Analysis) -> AnalysisRow {
    AnalysisRow {
        language: a.language.to_string(),
        sentiment: a.sentiment.to_string(),
        sentiment_confidence: f64::from(a.sentiment_confidence),
        intent: a.intent.to_string(),
        intents: a.intents.iter().map(|s| s.to_string()).collect(),
        topics: a.topics.clone(),
        specificity: f64::from(a.specificity),
        generic: a.generic,
    }
}

/// Runs `f` over `items` on every core, keeping order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || items.len() < PARALLEL_FROM {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let f = &f;
                s.spawn(move || part.iter().map(f).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The languages an author wrote in clearly, with how often.
type Heard = Vec<(&'static str, u32)>;

/// The shares of the languages in `heard`, most heard first (ties by
/// code, so the order is the same on every run).
fn shares(heard: &[(&'static str, u32)]) -> Vec<(&'static str, f32)> {
    let total: u32 = heard.iter().map(|(_, n)| n).sum();
    let mut out: Vec<(&'static str, f32)> = heard
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|&(l, n)| (l, n as f32 / total.max(1) as f32))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    out
}

/// The languages `store` heard last, per channel (see
/// [`Store::channel_languages`]), as analyzer codes.
fn stored_channels(store: &dyn Store) -> Result<HashMap<String, Heard>, StoreError> {
    Ok(store
        .channel_languages()?
        .into_iter()
        .map(|(channel, langs)| {
            let heard = langs
                .into_iter()
                .filter_map(|(l, n)| {
                    let i = rapport_nlp::lang::index(&l)?;
                    Some((
                        rapport_nlp::lang::code(i),
                        u32::try_from(n).unwrap_or(u32::MAX),
                    ))
                })
                .collect();
            (channel, heard)
        })
        .collect())
}

/// The languages the shop hears on all its channels together, with their
/// shares, most heard first: the store's latest texts read clearly (see
/// [`Store::channel_languages`]). Empty for a store with no texts.
pub fn heard_by_shop(store: &dyn Store) -> Result<Vec<(&'static str, f32)>, StoreError> {
    let mut all: HashMap<&'static str, u32> = HashMap::new();
    for (_, langs) in stored_channels(store)? {
        for (language, n) in langs {
            *all.entry(language).or_default() += n;
        }
    }
    let heard: Heard = all.into_iter().collect();
    Ok(shares(&heard))
}

/// What an import knows around the texts it reads: the shop's posts (a
/// comment's context), the language each author usually writes and the
/// languages heard on each channel, so that a reply too short to tell
/// its language ("Tolles Foto!") is read in its author's, and in one its
/// channel hears (see [`Analyzer::analyze_around`]).
pub struct Surroundings<'a> {
    posts: Posts,
    /// Per channel and handle: the languages of the author's texts read
    /// clearly, with how often.
    voices: HashMap<String, HashMap<String, Heard>>,
    /// Per channel: the languages of the texts read clearly there in this
    /// import and, once a text too short to tell came up, of the store's
    /// latest texts.
    channels: HashMap<String, Heard>,
    /// Whether the store's languages are in `channels` yet.
    store_heard: bool,
    /// Where authors not seen yet in this import are looked up.
    store: &'a dyn Store,
    /// The shop's own handles (any channel, lowercased): the store's, the
    /// profile's and those its messages in this import are written by.
    shop: Vec<String>,
}

impl<'a> Surroundings<'a> {
    /// The surroundings of an import into `store`: its posts so far.
    pub fn load(store: &'a dyn Store) -> Result<Surroundings<'a>, StoreError> {
        Ok(Surroundings {
            posts: store.post_texts()?,
            voices: HashMap::new(),
            channels: HashMap::new(),
            store_heard: false,
            store,
            shop: store.shop_handles()?,
        })
    }

    /// Also knows `handles` as the shop's own.
    pub fn with_shop<'h>(mut self, handles: impl IntoIterator<Item = &'h str>) -> Self {
        for h in handles {
            self.add_shop(h);
        }
        self
    }

    fn add_shop(&mut self, handle: &str) {
        let h = handle.trim_start_matches('@').to_lowercase();
        if let Err(at) = self.shop.binary_search(&h) {
            self.shop.insert(at, h);
        }
    }

    /// The language the author usually writes, if any text of theirs was
    /// clear.
    fn voice(&self, channel: &str, handle: &str) -> Option<&'static str> {
        let langs = self.voices.get(channel)?.get(handle)?;
        langs.iter().max_by_key(|(l, n)| (*n, *l)).map(|(l, _)| *l)
    }

    /// The languages heard on `channel`, with their shares.
    fn channel_hint(&self, channel: &str) -> Vec<(&'static str, f32)> {
        self.channels
            .get(channel)
            .map_or_else(Vec::new, |h| shares(h))
    }

    /// Adds what the store heard on each channel, once (one look-up of
    /// its latest texts, made only when a text needs it).
    fn hear_store(&mut self) -> Result<(), StoreError> {
        if self.store_heard {
            return Ok(());
        }
        self.store_heard = true;
        for (channel, langs) in stored_channels(self.store)? {
            for (language, n) in langs {
                self.heard_on(&channel, language, n);
            }
        }
        Ok(())
    }

    fn heard_on(&mut self, channel: &str, language: &'static str, times: u32) {
        let langs = self.channels.entry(channel.to_string()).or_default();
        match langs.iter_mut().find(|(l, _)| *l == language) {
            Some((_, n)) => *n = n.saturating_add(times),
            None => langs.push((language, times)),
        }
    }

    fn heard(&mut self, channel: &str, handle: &str, language: &'static str, times: u32) {
        let langs = self
            .voices
            .entry(channel.to_string())
            .or_default()
            .entry(handle.to_string())
            .or_default();
        match langs.iter_mut().find(|(l, _)| *l == language) {
            Some((_, n)) => *n += times,
            None => langs.push((language, times)),
        }
    }
}

/// The context of the post `i` answers, if it was read.
fn context_of<'c, 'k>(
    contexts: &'c HashMap<(&'k str, &'k str), Context>,
    i: &'k rapport_core::Interaction,
) -> Option<&'c Context> {
    let p = i.post_id.as_ref()?;
    contexts.get(&(i.channel.as_str(), p.as_str()))
}

/// Whether a reading's language came from the text itself, clearly.
fn clear(a: &Analysis) -> bool {
    a.language != "unknown" && a.language_confidence >= rapport_nlp::UNSURE
}

/// Readings parallel to `records` (without an analysis for orders and
/// wordless interactions). Posts in the batch are added to the
/// surroundings first, so a comment and its post may arrive together.
/// A text too short to tell its language is read in the language its
/// author writes clearly elsewhere — in this import, else in the store.
pub fn analyze_batch(
    analyzer: &ShopAnalyzer,
    records: &[Record],
    around: &mut Surroundings<'_>,
) -> Result<Vec<Reading>, StoreError> {
    for r in records {
        if let Record::Interaction(i) = r {
            if i.from_brand {
                around.add_shop(i.author.handle.as_str());
            }
            if i.kind == rapport_core::Kind::Post {
                around.posts.insert(
                    (i.channel.as_str().to_string(), i.external_id.clone()),
                    i.text.clone(),
                );
            }
        }
    }
    // Each post that comments in this batch answer is read once, not once
    // per comment.
    let mut contexts: HashMap<(&str, &str), Context> = HashMap::new();
    for r in records {
        if let Record::Interaction(i) = r {
            if let Some(p) = &i.post_id {
                let key = (i.channel.as_str(), p.as_str());
                if let Entry::Vacant(slot) = contexts.entry(key) {
                    if let Some(post) = around.posts.get(&(key.0.to_string(), p.clone())) {
                        slot.insert(analyzer.context(post));
                    }
                }
            }
        }
    }
    let around_ref = &*around;
    // Each channel's shares once per batch, not once per text.
    let heard: HashMap<&str, Vec<(&'static str, f32)>> = around_ref
        .channels
        .keys()
        .map(|c| (c.as_str(), around_ref.channel_hint(c)))
        .collect();
    // What the first reading of each text knew: its author's voice and
    // whether its channel was heard yet.
    let knew: Vec<(Option<&'static str>, bool)> = records
        .iter()
        .map(|r| match r {
            Record::Interaction(i) => (
                around_ref.voice(i.channel.as_str(), i.author.handle.as_str()),
                heard.get(i.channel.as_str()).is_some_and(|h| !h.is_empty()),
            ),
            Record::Order(_) => (None, false),
        })
        .collect();
    let mut analyses: Vec<Option<Analysis>> = parallel(records, |r| match r {
        Record::Interaction(i) if !i.text.trim().is_empty() => {
            let (channel, handle) = (i.channel.as_str(), i.author.handle.as_str());
            let voice = around_ref.voice(channel, handle);
            let heard = heard.get(channel).map_or(&[][..], Vec::as_slice);
            Some(analyzer.analyze_around(&i.text, context_of(&contexts, i), voice, heard))
        }
        _ => None,
    });
    // What this batch says clearly about its authors and channels; then,
    // for the unclear texts of authors still unheard, what the store
    // knows.
    for (r, a) in records.iter().zip(&analyses) {
        if let (Record::Interaction(i), Some(a)) = (r, a) {
            if clear(a) {
                around.heard(i.channel.as_str(), i.author.handle.as_str(), a.language, 1);
                around.heard_on(i.channel.as_str(), a.language, 1);
            }
        }
    }
    let mut unheard: Vec<(String, String)> = Vec::new();
    let mut again: Vec<usize> = Vec::new();
    for (n, (r, a)) in records.iter().zip(&analyses).enumerate() {
        if let (Record::Interaction(i), Some(a)) = (r, a) {
            if !clear(a) {
                let (channel, handle) = (i.channel.as_str(), i.author.handle.as_str());
                if around.voice(channel, handle).is_none() {
                    unheard.push((channel.to_string(), handle.to_string()));
                }
                again.push(n);
            }
        }
    }
    unheard.sort();
    unheard.dedup();
    if !again.is_empty() {
        around.hear_store()?;
    }
    if !unheard.is_empty() {
        for ((channel, handle), language) in around.store.voices(&unheard)? {
            if let Some(i) = rapport_nlp::lang::index(&language) {
                around.heard(&channel, &handle, rapport_nlp::lang::code(i), 1);
            }
        }
    }
    // The unclear texts again where more is known now: the author's voice
    // changed, or their channel was first heard in this batch.
    let heard: HashMap<&str, Vec<(&'static str, f32)>> = around
        .channels
        .keys()
        .map(|c| (c.as_str(), around.channel_hint(c)))
        .collect();
    for n in again {
        if let (Some(Record::Interaction(i)), Some(slot)) = (records.get(n), analyses.get_mut(n)) {
            let (channel, handle) = (i.channel.as_str(), i.author.handle.as_str());
            let voice = around.voice(channel, handle);
            let channel_heard = heard.get(channel).map_or(&[][..], Vec::as_slice);
            let (voice_then, heard_then) = knew.get(n).copied().unwrap_or((None, false));
            if voice != voice_then || (!heard_then && !channel_heard.is_empty()) {
                *slot = Some(analyzer.analyze_around(
                    &i.text,
                    context_of(&contexts, i),
                    voice,
                    channel_heard,
                ));
            }
        }
    }
    Ok(records
        .iter()
        .zip(analyses)
        .map(|(r, a)| match r {
            Record::Interaction(i) => {
                let place = Place::of(i.post_id.as_deref(), i.in_reply_to.as_deref(), &around.shop);
                Reading::at(&i.text, a.as_ref().map(row), place)
            }
            Record::Order(_) => Reading::default(),
        })
        .collect())
}

/// Analyzes every stored text again, in pages, and records that the
/// store's readings are this build's ([`crate::upgrade`]); returns how
/// many.
pub fn reanalyze_all(analyzer: &ShopAnalyzer, store: &dyn Store) -> Result<u64, EngineError> {
    let version = crate::upgrade::readings_version();
    let posts = store.post_texts()?;
    let mut after = rapport_core::InteractionId(0);
    let mut done = 0u64;
    // Each channel's languages, as the store held them when this pass
    // began.
    let channels: HashMap<String, Vec<(&'static str, f32)>> = stored_channels(store)?
        .into_iter()
        .map(|(c, heard)| (c, shares(&heard)))
        .collect();
    loop {
        let page: Vec<TextRow> = store.texts(after, 5_000)?;
        let Some(last) = page.last() else {
            store.set_readings_version(&version)?;
            return Ok(done);
        };
        after = last.id;
        let mut contexts: HashMap<(&str, &str), Context> = HashMap::new();
        for t in &page {
            if let Some(p) = &t.post_id {
                let key = (t.channel.as_str(), p.as_str());
                if let Entry::Vacant(slot) = contexts.entry(key) {
                    if let Some(post) = posts.get(&(t.channel.clone(), p.clone())) {
                        slot.insert(analyzer.context(post));
                    }
                }
            }
        }
        // A text too short to tell its language takes the language its
        // author's stored texts are mostly in (as read before this pass).
        let authors: Vec<(String, String)> = {
            let mut a: Vec<_> = page
                .iter()
                .map(|t| (t.channel.clone(), t.handle.clone()))
                .collect();
            a.sort();
            a.dedup();
            a
        };
        let voices = store.voices(&authors)?;
        let rows = parallel(&page, |t| {
            let context = t
                .post_id
                .as_ref()
                .and_then(|p| contexts.get(&(t.channel.as_str(), p.as_str())));
            let mut a = analyzer.analyze_with(&t.text, context);
            if !clear(&a) {
                let voice = voices.get(&(t.channel.clone(), t.handle.clone()));
                let heard = channels.get(&t.channel).map_or(&[][..], Vec::as_slice);
                a = analyzer.analyze_around(&t.text, context, voice.map(String::as_str), heard);
            }
            (t.id, row(&a))
        });
        store.write_analyses(&rows)?;
        done += rows.len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::{Author, Channel, Handle, Interaction, Kind, Timestamp};
    use rapport_store::SqliteStore;

    fn comment(id: &str, handle: &str, text: &str, at: i64) -> Record {
        Record::Interaction(Interaction {
            channel: Channel::parse("instagram").expect("channel"),
            external_id: id.into(),
            kind: Kind::Comment,
            author: Author {
                handle: Handle::parse(handle).expect("handle"),
                display_name: None,
                email: None,
                followers: None,
                bio: None,
            },
            text: text.into(),
            created_at: Timestamp(at),
            in_reply_to: None,
            post_id: None,
            url: None,
            from_brand: false,
        })
    }

    fn language(store: &dyn Store, id: &str) -> String {
        let person = store
            .find_person("jonas.rides")
            .expect("find")
            .expect("jonas");
        store
            .interactions_of(person)
            .expect("his")
            .into_iter()
            .find(|i| i.external_id == id)
            .and_then(|i| i.analysis)
            .map(|a| a.language)
            .expect("read")
    }

    #[test]
    fn a_short_reply_takes_its_author_s_language_in_the_batch_the_store_and_a_reanalysis() {
        let analyzer = &ShopAnalyzer::shipped().expect("analyzer");
        let dir = tempfile::tempdir().expect("tempdir");
        let store =
            SqliteStore::open(dir.path().join("t.db").to_str().expect("path")).expect("open");
        // Alone, "Tolles Foto!" is not clearly German.
        assert!(!clear(&analyzer.shipped_analyzer().analyze("Tolles Foto!")));
        // The same batch: his clear German sentence comes after it.
        let first = [
            comment("c1", "jonas.rides", "Tolles Foto!", 1_000),
            comment(
                "c2",
                "jonas.rides",
                "Ich fahre den Reifen seit dem Frühjahr auf der Alb und bin sehr zufrieden damit",
                1_100,
            ),
        ];
        let mut around = Surroundings::load(&store).expect("load");
        let readings = analyze_batch(analyzer, &first, &mut around).expect("analyze");
        store.write_batch(&first, &readings).expect("write");
        assert_eq!(language(&store, "c1"), "de");
        // A later import knows him from the store alone.
        let later = [comment("c3", "jonas.rides", "Super!", 2_000)];
        let mut fresh = Surroundings::load(&store).expect("load");
        let readings = analyze_batch(analyzer, &later, &mut fresh).expect("analyze");
        store.write_batch(&later, &readings).expect("write");
        assert_eq!(language(&store, "c3"), "de");
        // Reading everything again keeps it so.
        reanalyze_all(analyzer, &store).expect("reanalyze");
        assert_eq!(language(&store, "c1"), "de");
        assert_eq!(language(&store, "c3"), "de");
    }
}
