//! A shop's own layer over the shipped models: what the team taught
//! Rapport about its customers' language.
//!
//! The shipped models are trained on public data; a shop's customers
//! write their own way ("Lieferung" is neutral news for one shop, a
//! complaint for another). The team corrects readings one at a time
//! (dashboard, API) or teaches labelled examples in bulk (`rapport
//! learn`); [`ShopLayer::train`] turns those into a small model per task
//! that *adds to* the shipped model's scores rather than replacing them.
//!
//! # The model
//!
//! For each task (sentiment, intent) the layer is a multinomial logistic
//! regression over the same hashed features the analyzer extracts
//! (characters 3–4, words, stems, stem pairs, the first stem, rule
//! signals), whose logits are added to the shipped reading's: for
//! sentiment the log of the shipped probabilities times a learned
//! *trust* (1 as shipped); for intent, which the analyzer reports as a
//! list, a score per class from that list ([`PRIMARY`], [`LISTED`],
//! [`UNLISTED`]), read as it is. It is trained on the corrections only,
//! with the shipped model held fixed, so it learns where the shipped
//! model is wrong for this shop and nothing else: a text that shares no
//! feature with any correction reads as before but for a small shift of
//! the class biases and, after many corrections, of the trust.
//!
//! The trust is how far this shop's posts bear the shipped model out: a
//! shop whose posts it misreads (news and timetables it reads as
//! complaints) learns to discount its opinions (the trust falls below
//! 1, so its reading counts for less beside the biases and the learned
//! words); a shop whose posts it reads as the team does keeps or raises
//! it. It moves only as far as many examples say ([`L2_TRUST`]).
//!
//! Before a text's features are scaled to unit length, each normalised
//! feature is weighed by its *rarity* among the examples the head was
//! trained on (a smoothed inverse document frequency, 1 for a feature
//! no example had): the words every taught post shares (the shop's name,
//! its hashtag, its greeting) would otherwise act as a second class bias
//! that the bias penalty does not hold back. Each kept feature stores its
//! rarity beside its weights.
//!
//! Training is full-batch (every correction in every step) on the summed
//! loss plus an L2 penalty ([`L2`] on weights, [`L2_BIAS`] on biases,
//! [`L2_TRUST`] on the trust's distance from 1). Summed, not averaged:
//! one correction barely moves the biases or the trust, a thousand
//! labelled posts move them as far as the posts say — the penalty acts
//! as a prior that evidence outweighs. A correction may
//! say what a text *is* (`recommendation`) or what it is *not*
//! (`not_question`); the second is trained by the loss of "anything but
//! that class", `-log(1 - p)`.
//!
//! On top of the model, a corrected text reads as corrected: each
//! correction is also kept as an override for texts whose words are the
//! same (case, punctuation and spacing aside), applied in the order the
//! corrections were made.
//!
//! With no corrections for a task, the layer leaves that task's reading
//! exactly as the shipped models gave it.

use crate::extract;
use crate::features::{hash_str, Family, Mask, NORMALIZED};
use crate::{intent, sentiment, Analysis, Analyzer, Context, SentimentScores};
use std::collections::HashMap;

/// The two readings a shop can teach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// positive / neutral / negative.
    Sentiment,
    /// question, complaint, praise, ….
    Intent,
}

impl Task {
    /// Both tasks, in storage order.
    pub const ALL: [Task; 2] = [Task::Sentiment, Task::Intent];

    /// Parses `sentiment` or `intent`.
    pub fn parse(name: &str) -> Option<Task> {
        match name {
            "sentiment" => Some(Task::Sentiment),
            "intent" => Some(Task::Intent),
            _ => None,
        }
    }

    /// The task's name.
    pub fn name(self) -> &'static str {
        match self {
            Task::Sentiment => "sentiment",
            Task::Intent => "intent",
        }
    }

    /// The task's classes, in model order.
    pub fn classes(self) -> &'static [&'static str] {
        match self {
            Task::Sentiment => &sentiment::CLASSES,
            Task::Intent => &intent::CLASSES,
        }
    }

    /// Reads a label of this task: a class (`negative`) or a class
    /// denied (`not_question`).
    pub fn label(self, raw: &str) -> Result<Label, String> {
        let (negated, name) = match raw.strip_prefix(crate::eval::NOT) {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let class = self
            .classes()
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| {
                format!(
                    "{raw:?} is not {} (expected one of {}, or not_ before one)",
                    match self {
                        Task::Sentiment => "a sentiment label",
                        Task::Intent => "an intent label",
                    },
                    self.classes().join(", ")
                )
            })?;
        Ok(Label {
            class: class as u8,
            negated,
        })
    }
}

/// One correction's label: a class of its task, or that class denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// Index into [`Task::classes`].
    pub class: u8,
    /// The text is *not* of this class.
    pub negated: bool,
}

/// One labelled text to learn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Sentiment or intent.
    pub task: Task,
    /// The words.
    pub text: String,
    /// What the team says it is (a class, or `not_` and a class).
    pub label: String,
}

/// Why a layer could not be trained or read.
#[derive(Debug, thiserror::Error)]
pub enum LayerError {
    /// An example's label is not one of its task's.
    #[error("example {index}: {reason}")]
    BadLabel {
        /// 0-based position among the examples given.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// Stored bytes that are not a layer.
    #[error("the shop's stored layer is damaged: {0}")]
    Damaged(&'static str),
}

/// The shipped intent list as scores: the primary intent.
pub const PRIMARY: f32 = 0.0;
/// ... an intent listed beside it.
pub const LISTED: f32 = -1.0;
/// ... an intent not listed.
pub const UNLISTED: f32 = -3.0;
/// An intent is listed while its score is within this of the best one's:
/// between [`LISTED`] and [`UNLISTED`], so with nothing learned the list
/// is the shipped one.
pub const LIST_GAP: f32 = 2.0;

/// L2 penalty on the layer's weights (features are scaled to unit length
/// per text, so one correction moves its own text's logit by about
/// `1 / L2` at most).
pub const L2: f32 = 0.5;
/// L2 penalty on the layer's class biases: a handful of corrections must
/// not tilt every reading.
pub const L2_BIAS: f32 = 5.0;
/// L2 penalty on how far the sentiment head's trust in the shipped
/// reading moves from 1 (see [`ShopLayer`]'s module doc): a handful of
/// corrections leave it about where it was; a thousand posts the shipped
/// model misreads discount it.
pub const L2_TRUST: f32 = 10.0;
/// Full-batch training steps.
pub const STEPS: usize = 120;
/// AdaGrad base learning rate.
const LR: f32 = 0.5;
/// Weights smaller than this are not kept.
const KEEP: f32 = 1e-4;

/// The feature families the layer reads.
pub const MASK: Mask = Mask::of(&[
    Family::Char3,
    Family::Char4,
    Family::Word,
    Family::Stem,
    Family::Pair,
    Family::First,
    Family::Rule,
]);

/// What a head learned about one feature.
#[derive(Debug, Clone, PartialEq)]
struct Learned {
    /// How rare the feature was among the examples (see [`rarity`]); it
    /// weighs the feature's value before the text's features are scaled
    /// to unit length.
    rarity: f32,
    /// One weight per class.
    row: Vec<f32>,
}

/// One task's learned part.
#[derive(Debug, Clone, PartialEq)]
struct Head {
    /// Examples it was trained on.
    examples: u32,
    /// The shipped scores are read times this (1: as shipped).
    trust: f32,
    /// Per class.
    bias: Vec<f32>,
    /// Per feature key (see [`key`]).
    weights: HashMap<u64, Learned>,
    /// Per text key (see [`text_key`]): the corrections of that text, in
    /// the order they were made.
    overrides: HashMap<u64, Vec<Label>>,
}

/// What a shop taught: one learned head per task (none: not taught).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShopLayer {
    sentiment: Option<Head>,
    intent: Option<Head>,
}

/// A feature's key across families.
fn key(family: u8, hash: u64) -> u64 {
    hash ^ (u64::from(family) + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The key of a text for overrides: its letters and digits, lowercased,
/// words separated by one space; the trimmed text itself when it has
/// none (emoji only).
pub fn text_key(text: &str) -> u64 {
    let mut norm = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.extend(word.chars().flat_map(char::to_lowercase));
    }
    if norm.is_empty() {
        hash_str(text.trim())
    } else {
        hash_str(&norm)
    }
}

/// One feature of a text as extracted: key, value, and whether its
/// family is one scaled to unit length ([`NORMALIZED`]).
type Raw = (u64, f32, bool);

/// The layer's features of a text read as language `lang`, as extracted.
fn raw_features(text: &str, lang: &str) -> Vec<Raw> {
    let p = extract::extract(crate::truncate(text), lang);
    let bag = &p.bag;
    (0..bag.len())
        .filter(|&i| MASK.has(bag.families[i]))
        .map(|i| {
            let f = bag.families[i];
            (key(f, bag.hashes[i]), bag.values[i], NORMALIZED.has(f))
        })
        .collect()
}

/// The weight of a feature that `df` of `n` examples have: 1 for a
/// feature no example has, falling with the share that have it (a
/// smoothed inverse document frequency over the examples, divided by
/// its largest value), so words every taught post shares (the shop's
/// name, its hashtag) carry less than the words that set posts apart.
fn rarity(df: usize, n: usize) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + ((1.0 + n) / (1.0 + df)).ln()) / (1.0 + (1.0 + n).ln())
}

/// (key, value) with the normalised families' values weighed by
/// `rarity_of` and then scaled to unit length together.
fn weigh(raw: &[Raw], rarity_of: impl Fn(u64) -> f32) -> Vec<(u64, f32)> {
    let weighed: Vec<(u64, f32, bool)> = raw
        .iter()
        .map(|&(k, v, n)| (k, if n { v * rarity_of(k) } else { v }, n))
        .collect();
    let sq: f32 = weighed.iter().filter(|f| f.2).map(|f| f.1 * f.1).sum();
    let s = if sq > 0.0 { 1.0 / sq.sqrt() } else { 1.0 };
    weighed
        .into_iter()
        .map(|(k, v, n)| (k, if n { v * s } else { v }))
        .collect()
}

/// The shipped reading of `task` as scores, one per class.
fn prior(task: Task, a: &Analysis) -> Vec<f32> {
    match task {
        Task::Sentiment => {
            let s = a.sentiment_scores;
            [s.negative, s.neutral, s.positive]
                .iter()
                .map(|p| p.max(1e-4).ln())
                .collect()
        }
        Task::Intent => intent::CLASSES
            .iter()
            .map(|c| match a.intents.iter().position(|i| i == c) {
                Some(0) => PRIMARY,
                Some(_) => LISTED,
                None => UNLISTED,
            })
            .collect(),
    }
}

fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// One example read: the shipped scores, the layer's features, its label.
type Read = (Vec<f32>, Vec<Raw>, Label);

/// One example made ready for training.
struct Prepared {
    prior: Vec<f32>,
    features: Vec<(u32, f32)>,
    label: Label,
}

impl Head {
    /// Trains one task's head on `data` (already checked).
    fn train(task: Task, data: &[Read]) -> Head {
        let k = task.classes().len();
        // How many examples have each normalised feature.
        let mut df: HashMap<u64, usize> = HashMap::new();
        for (_, feats, _) in data {
            for &(key, _, normalized) in feats {
                if normalized {
                    *df.entry(key).or_insert(0) += 1;
                }
            }
        }
        let rare: HashMap<u64, f32> = df
            .iter()
            .map(|(key, d)| (*key, rarity(*d, data.len())))
            .collect();
        let rarity_of = |key: u64| rare.get(&key).copied().unwrap_or(1.0);
        // Feature keys to dense indices, in order of first appearance.
        let mut index: HashMap<u64, u32> = HashMap::new();
        let mut keys: Vec<u64> = Vec::new();
        let prepared: Vec<Prepared> = data
            .iter()
            .map(|(prior, feats, label)| Prepared {
                prior: prior.clone(),
                features: weigh(feats, rarity_of)
                    .iter()
                    .map(|(key, v)| {
                        let i = *index.entry(*key).or_insert_with(|| {
                            keys.push(*key);
                            keys.len() as u32 - 1
                        });
                        (i, *v)
                    })
                    .collect(),
                label: *label,
            })
            .collect();
        let dim = keys.len();
        let mut w = vec![0f32; dim * k];
        let mut b = vec![0f32; k];
        let mut gw = vec![0f32; dim * k];
        let mut gb = vec![0f32; k];
        let mut hw = vec![0f32; dim * k];
        let mut hb = vec![0f32; k];
        // Trust in the shipped reading: learned for sentiment, whose
        // shipped scores are log-probabilities; the intent list's scores
        // are fixed ranks, read as they are.
        let learn_trust = task == Task::Sentiment;
        let (mut trust, mut ht) = (1f32, 0f32);
        let mut z = vec![0f32; k];
        let mut g = vec![0f32; k];
        for _ in 0..STEPS {
            gw.iter_mut().for_each(|x| *x = 0.0);
            gb.iter_mut().for_each(|x| *x = 0.0);
            let mut gt = 0f32;
            for ex in &prepared {
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc = trust * ex.prior[c] + b[c];
                }
                for &(i, v) in &ex.features {
                    let row = &w[i as usize * k..i as usize * k + k];
                    for (zc, wc) in z.iter_mut().zip(row) {
                        *zc += wc * v;
                    }
                }
                softmax(&mut z);
                let y = usize::from(ex.label.class);
                if ex.label.negated {
                    // d/dz of -log(1 - p_y).
                    let rest = (1.0 - z[y]).max(1e-6);
                    for (c, gc) in g.iter_mut().enumerate() {
                        *gc = if c == y { z[c] } else { z[c] - z[c] / rest };
                    }
                } else {
                    for (c, gc) in g.iter_mut().enumerate() {
                        *gc = z[c] - if c == y { 1.0 } else { 0.0 };
                    }
                }
                for (gbc, gc) in gb.iter_mut().zip(&g) {
                    *gbc += gc;
                }
                gt += g.iter().zip(&ex.prior).map(|(gc, p)| gc * p).sum::<f32>();
                for &(i, v) in &ex.features {
                    let row = &mut gw[i as usize * k..i as usize * k + k];
                    for (r, gc) in row.iter_mut().zip(&g) {
                        *r += gc * v;
                    }
                }
            }
            for j in 0..dim * k {
                let grad = gw[j] + L2 * w[j];
                hw[j] += grad * grad;
                w[j] -= LR * grad / (hw[j].sqrt() + 1e-6);
            }
            for c in 0..k {
                let grad = gb[c] + L2_BIAS * b[c];
                hb[c] += grad * grad;
                b[c] -= LR * grad / (hb[c].sqrt() + 1e-6);
            }
            if learn_trust {
                let grad = gt + L2_TRUST * (trust - 1.0);
                ht += grad * grad;
                trust -= LR * grad / (ht.sqrt() + 1e-6);
            }
        }
        let weights = keys
            .iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let row = &w[i * k..i * k + k];
                row.iter().any(|x| x.abs() >= KEEP).then(|| {
                    let learned = Learned {
                        rarity: rarity_of(*key),
                        row: row.to_vec(),
                    };
                    (*key, learned)
                })
            })
            .collect();
        Head {
            examples: data.len() as u32,
            trust,
            bias: b,
            weights,
            overrides: HashMap::new(),
        }
    }

    /// The shipped scores `prior`, read with this head's trust, plus
    /// what it learned about a text with features `raw` (as [`weigh`]
    /// would weigh them, in one pass: one look-up per feature).
    fn scores(&self, prior: &[f32], raw: &[Raw]) -> Vec<f32> {
        let k = prior.len();
        let mut z: Vec<f32> = prior
            .iter()
            .zip(&self.bias)
            .map(|(p, b)| self.trust * p + b)
            .collect();
        // The normalised features' part, before their unit scaling.
        let mut normed = vec![0f32; k];
        let mut sq = 0f32;
        for &(key, v, normalized) in raw {
            let learned = self.weights.get(&key);
            if normalized {
                let v = v * learned.map_or(1.0, |l| l.rarity);
                sq += v * v;
                if let Some(l) = learned {
                    for (nc, wc) in normed.iter_mut().zip(&l.row) {
                        *nc += wc * v;
                    }
                }
            } else if let Some(l) = learned {
                for (zc, wc) in z.iter_mut().zip(&l.row) {
                    *zc += wc * v;
                }
            }
        }
        let s = if sq > 0.0 { 1.0 / sq.sqrt() } else { 1.0 };
        for (zc, nc) in z.iter_mut().zip(&normed) {
            *zc += nc * s;
        }
        z
    }
}

impl ShopLayer {
    /// A layer that changes nothing.
    pub fn empty() -> ShopLayer {
        ShopLayer::default()
    }

    /// Trains the layer from every example the shop gave (both tasks at
    /// once), read against `analyzer`'s shipped readings. A task without
    /// examples gets no head: its readings stay the shipped ones.
    pub fn train(analyzer: &Analyzer, examples: &[Example]) -> Result<ShopLayer, LayerError> {
        let mut layer = ShopLayer::default();
        for task in Task::ALL {
            let mine: Vec<(usize, &Example)> = examples
                .iter()
                .enumerate()
                .filter(|(_, e)| e.task == task)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let labels = mine
                .iter()
                .map(|(index, e)| {
                    task.label(&e.label).map_err(|reason| LayerError::BadLabel {
                        index: *index,
                        reason,
                    })
                })
                .collect::<Result<Vec<Label>, LayerError>>()?;
            let data: Vec<Read> = mine
                .iter()
                .map(|(_, e)| {
                    let a = analyzer.analyze(&e.text);
                    (prior(task, &a), raw_features(&e.text, a.language))
                })
                .zip(labels.iter())
                .map(|((p, f), l)| (p, f, *l))
                .collect();
            let mut head = Head::train(task, &data);
            for ((_, e), label) in mine.iter().zip(&labels) {
                let list = head.overrides.entry(text_key(&e.text)).or_default();
                // A later word on the same class replaces the earlier one.
                list.retain(|l| l.class != label.class);
                list.push(*label);
            }
            match task {
                Task::Sentiment => layer.sentiment = Some(head),
                Task::Intent => layer.intent = Some(head),
            }
        }
        Ok(layer)
    }

    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.sentiment.is_none() && self.intent.is_none()
    }

    /// How many examples `task`'s head learned from.
    pub fn examples(&self, task: Task) -> u32 {
        self.head(task).map_or(0, |h| h.examples)
    }

    fn head(&self, task: Task) -> Option<&Head> {
        match task {
            Task::Sentiment => self.sentiment.as_ref(),
            Task::Intent => self.intent.as_ref(),
        }
    }

    /// Reads `text` (answering a post read by [`Analyzer::context`], or
    /// none) with the shipped models and this layer.
    pub fn analyze_with(
        &self,
        analyzer: &Analyzer,
        text: &str,
        context: Option<&Context>,
    ) -> Analysis {
        let mut a = analyzer.analyze_with(text, context);
        self.adjust(text, context, &mut a);
        a
    }

    /// [`ShopLayer::analyze_with`], knowing the language the author
    /// usually writes and the languages heard on the text's channel (see
    /// [`Analyzer::analyze_around`]).
    pub fn analyze_around(
        &self,
        analyzer: &Analyzer,
        text: &str,
        context: Option<&Context>,
        voice: Option<&str>,
        channel: &[(&str, f32)],
    ) -> Analysis {
        let mut a = analyzer.analyze_around(text, context, voice, channel);
        self.adjust(text, context, &mut a);
        a
    }

    /// Reads `text` on its own with the shipped models and this layer.
    pub fn analyze(&self, analyzer: &Analyzer, text: &str) -> Analysis {
        self.analyze_with(analyzer, text, None)
    }

    /// Turns the shipped reading `a` of `text` into the shop's.
    pub fn adjust(&self, text: &str, context: Option<&Context>, a: &mut Analysis) {
        if self.is_empty() {
            return;
        }
        let feats = raw_features(text, a.language);
        let tkey = text_key(text);
        if let Some(head) = &self.sentiment {
            let mut p = head.scores(&prior(Task::Sentiment, a), &feats);
            softmax(&mut p);
            if let Some(over) = head.overrides.get(&tkey) {
                for l in over {
                    let c = usize::from(l.class);
                    if l.negated {
                        p[c] = 0.0;
                    } else {
                        p.iter_mut().for_each(|x| *x = 0.0);
                        p[c] = 1.0;
                    }
                }
                let sum: f32 = p.iter().sum::<f32>().max(1e-9);
                p.iter_mut().for_each(|x| *x /= sum);
            }
            let best = (0..p.len()).fold(1, |b, c| if p[c] > p[b] { c } else { b });
            a.sentiment = sentiment::CLASSES[best];
            a.sentiment_confidence = p[best];
            a.sentiment_scores = SentimentScores {
                negative: p[0],
                neutral: p[1],
                positive: p[2],
            };
        }
        if let Some(head) = &self.intent {
            let z = head.scores(&prior(Task::Intent, a), &feats);
            let rank = |c: usize| {
                a.intents
                    .iter()
                    .position(|i| *i == intent::CLASSES[c])
                    .unwrap_or(usize::MAX)
            };
            let mut order: Vec<usize> = (0..z.len()).collect();
            order.sort_by(|&x, &y| z[y].total_cmp(&z[x]).then(rank(x).cmp(&rank(y))));
            let top = order.first().map_or(0.0, |&c| z[c]);
            let mut listed: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&c| z[c] >= top - LIST_GAP)
                .collect();
            let mut denied: Vec<usize> = Vec::new();
            if let Some(over) = head.overrides.get(&tkey) {
                for l in over {
                    let c = usize::from(l.class);
                    listed.retain(|&x| x != c);
                    if l.negated {
                        denied.push(c);
                    } else {
                        denied.retain(|&x| x != c);
                        listed.insert(0, c);
                    }
                }
            }
            if listed.is_empty() {
                // Everything listed was denied: the best class left.
                listed.extend(order.iter().copied().find(|c| !denied.contains(c)));
            }
            let was_generic = a.generic;
            a.intents = listed.iter().map(|&c| intent::CLASSES[c]).collect();
            a.intent = a.intents.first().copied().unwrap_or("other");
            a.generic = a.intent == "generic";
            if a.generic != was_generic {
                a.specificity = crate::specificity(
                    a.language,
                    &a.topics,
                    context.map(|c| c.stems.as_slice()),
                    a.generic,
                );
            }
        }
    }

    /// The layer's stored form.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for head in [&self.sentiment, &self.intent] {
            let Some(h) = head else {
                out.push(0);
                continue;
            };
            out.push(1);
            out.extend_from_slice(&h.examples.to_le_bytes());
            out.extend_from_slice(&h.trust.to_le_bytes());
            out.extend_from_slice(&(h.bias.len() as u32).to_le_bytes());
            for b in &h.bias {
                out.extend_from_slice(&b.to_le_bytes());
            }
            // Sorted, so the same layer is the same bytes.
            let mut keys: Vec<&u64> = h.weights.keys().collect();
            keys.sort();
            out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            for key in keys {
                let l = &h.weights[key];
                out.extend_from_slice(&key.to_le_bytes());
                out.extend_from_slice(&l.rarity.to_le_bytes());
                for w in &l.row {
                    out.extend_from_slice(&w.to_le_bytes());
                }
            }
            let mut texts: Vec<&u64> = h.overrides.keys().collect();
            texts.sort();
            out.extend_from_slice(&(texts.len() as u32).to_le_bytes());
            for t in texts {
                let list = &h.overrides[t];
                out.extend_from_slice(&t.to_le_bytes());
                out.push(list.len().min(255) as u8);
                for l in list.iter().take(255) {
                    out.push(l.class);
                    out.push(u8::from(l.negated));
                }
            }
        }
        out
    }

    /// Reads [`ShopLayer::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<ShopLayer, LayerError> {
        let mut r = Reader { bytes, at: 0 };
        // A layer stored before trust and rarity were learned reads as it
        // did then: trust 1, every feature's rarity 1.
        let current = match r.take(MAGIC.len())? {
            m if m == MAGIC => true,
            m if m == MAGIC_BEFORE_TRUST => false,
            _ => return Err(LayerError::Damaged("bad magic")),
        };
        let mut heads = [None, None];
        for (task, slot) in Task::ALL.into_iter().zip(heads.iter_mut()) {
            if r.u8()? == 0 {
                continue;
            }
            let k = task.classes().len();
            let examples = r.u32()?;
            let trust = if current { r.f32()? } else { 1.0 };
            if r.u32()? as usize != k {
                return Err(LayerError::Damaged("wrong number of classes"));
            }
            let bias = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
            let n = r.u32()? as usize;
            let mut weights = HashMap::with_capacity(n.min(1 << 20));
            for _ in 0..n {
                let key = r.u64()?;
                let rarity = if current { r.f32()? } else { 1.0 };
                let row = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
                weights.insert(key, Learned { rarity, row });
            }
            let n = r.u32()? as usize;
            let mut overrides = HashMap::with_capacity(n.min(1 << 20));
            for _ in 0..n {
                let t = r.u64()?;
                let m = r.u8()?;
                let mut list = Vec::with_capacity(usize::from(m));
                for _ in 0..m {
                    let class = r.u8()?;
                    if usize::from(class) >= k {
                        return Err(LayerError::Damaged("unknown class"));
                    }
                    list.push(Label {
                        class,
                        negated: r.u8()? != 0,
                    });
                }
                overrides.insert(t, list);
            }
            *slot = Some(Head {
                examples,
                trust,
                bias,
                weights,
                overrides,
            });
        }
        if r.at != bytes.len() {
            return Err(LayerError::Damaged("trailing bytes"));
        }
        let [sentiment, intent] = heads;
        Ok(ShopLayer { sentiment, intent })
    }
}

const MAGIC: &[u8] = b"RPSHOP2";
/// The stored form before trust and rarity (neither is stored).
const MAGIC_BEFORE_TRUST: &[u8] = b"RPSHOP1";

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LayerError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(LayerError::Damaged("overflow"))?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or(LayerError::Damaged("cut short"))?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, LayerError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, LayerError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, LayerError> {
        let s = self.take(8)?;
        let mut b = [0u8; 8];
        b.copy_from_slice(s);
        Ok(u64::from_le_bytes(b))
    }
    fn f32(&mut self) -> Result<f32, LayerError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> &'static Analyzer {
        Analyzer::embedded().expect("models load")
    }

    fn ex(task: Task, text: &str, label: &str) -> Example {
        Example {
            task,
            text: text.into(),
            label: label.into(),
        }
    }

    #[test]
    fn an_empty_layer_leaves_every_reading_as_shipped() {
        let a = analyzer();
        let layer = ShopLayer::train(a, &[]).expect("trains");
        assert!(layer.is_empty());
        for t in [
            "Does the trail tyre fit a 29er?",
            "Tolles Foto!",
            "ร้านนี้ดีมาก",
        ] {
            assert_eq!(layer.analyze(a, t), a.analyze(t));
        }
    }

    #[test]
    fn a_head_learned_for_one_task_keeps_the_other_and_unrelated_lists() {
        let a = analyzer();
        let layer = ShopLayer::train(
            a,
            &[ex(
                Task::Intent,
                "Mein Hardtail hat 85 km gesammelt",
                "not_question",
            )],
        )
        .expect("trains");
        let t = "Can only recommend Trailwerk, the staff knows bikes.";
        let (mine, shipped) = (layer.analyze(a, t), a.analyze(t));
        assert_eq!(mine.sentiment, shipped.sentiment);
        assert_eq!(mine.sentiment_scores, shipped.sentiment_scores);
        assert_eq!(mine.intent, shipped.intent);
    }

    #[test]
    fn a_corrected_text_reads_as_corrected_whatever_its_case_and_punctuation() {
        let a = analyzer();
        let text = "Mate, if you need new tyres just go to Trailwerk";
        let layer = ShopLayer::train(
            a,
            &[
                ex(Task::Intent, text, "recommendation"),
                ex(Task::Sentiment, text, "negative"),
            ],
        )
        .expect("trains");
        let r = layer.analyze(a, "mate if you need NEW tyres, just go to Trailwerk!!");
        assert_eq!(r.intent, "recommendation");
        assert_eq!(r.sentiment, "negative");
        assert!(r.sentiment_confidence > 0.99);
    }

    #[test]
    fn denying_the_only_intent_falls_back_to_the_next_best() {
        let a = analyzer();
        let text = "Is it raining?";
        assert!(a.analyze(text).intents.contains(&"question"));
        let layer = ShopLayer::train(a, &[ex(Task::Intent, text, "not_question")]).expect("trains");
        let r = layer.analyze(a, text);
        assert!(!r.intents.contains(&"question"), "{r:?}");
        assert!(!r.intents.is_empty());
        assert_eq!(r.intent, r.intents[0]);
    }

    #[test]
    fn learned_examples_carry_over_to_texts_that_share_their_words() {
        let a = analyzer();
        // The shop's customers call a late parcel "spannend": negative
        // here, whatever the shipped model thinks of the word.
        let texts = [
            "Lieferung wieder spannend, mal sehen ob es diese Woche kommt",
            "Spannend wie lange die Lieferung diesmal dauert",
            "Die Lieferung bleibt spannend",
            "Wieder eine spannende Lieferung, seit zehn Tagen unterwegs",
            "spannend, Lieferung immer noch nicht da",
            "Lieferung? spannend wie immer",
        ];
        let examples: Vec<Example> = texts
            .iter()
            .map(|t| ex(Task::Sentiment, t, "negative"))
            .collect();
        let layer = ShopLayer::train(a, &examples).expect("trains");
        // Words no example had weigh fully beside the taught ones (their
        // rarity is 1), and still the taught reading carries over.
        let longer = "Die Lieferung ist auch bei mir spannend";
        assert_eq!(a.analyze(longer).sentiment, "neutral");
        assert_eq!(layer.analyze(a, longer).sentiment, "negative");
        let unseen = "Meine Lieferung ist auch spannend";
        let (mine, shipped) = (layer.analyze(a, unseen), a.analyze(unseen));
        assert!(
            mine.sentiment_scores.negative > shipped.sentiment_scores.negative + 0.1,
            "{:?} vs {:?}",
            mine.sentiment_scores,
            shipped.sentiment_scores
        );
    }

    #[test]
    fn a_bad_label_names_the_example() {
        let a = analyzer();
        let e = ShopLayer::train(
            a,
            &[
                ex(Task::Sentiment, "fine", "positive"),
                ex(Task::Sentiment, "meh", "angry"),
            ],
        )
        .expect_err("angry is no sentiment");
        assert!(e.to_string().starts_with("example 1:"), "{e}");
    }

    /// Product posts the shipped model reads with a strong opinion:
    /// `products` × `words`, numbered so no two are the same text.
    fn opinionated(products: &[&str], words: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, p) in products.iter().enumerate() {
            for (j, w) in words.iter().enumerate() {
                out.push(format!("The {p} from batch {} is {w}", i * 10 + j));
            }
        }
        out
    }

    fn sentiment_trust(layer: &ShopLayer) -> f32 {
        layer.sentiment.as_ref().expect("a sentiment head").trust
    }

    #[test]
    fn a_shop_whose_posts_the_shipped_model_misreads_learns_to_trust_it_less() {
        let a = analyzer();
        let words = [
            "great",
            "wonderful",
            "awful",
            "terrible",
            "lovely",
            "broken",
        ];
        let taught = opinionated(&["kettle", "lamp", "chair", "rug", "mug", "desk"], &words);
        let next = opinionated(&["sofa", "shelf", "clock"], &words);
        // The shipped model has an opinion on these posts...
        let opinions = |texts: &[String]| {
            texts
                .iter()
                .filter(|t| a.analyze(t).sentiment != "neutral")
                .count()
        };
        assert!(opinions(&taught) * 2 > taught.len());
        assert!(opinions(&next) * 2 > next.len());
        // ... which this shop's team reads as neutral catalogue lines.
        let examples: Vec<Example> = taught
            .iter()
            .map(|t| ex(Task::Sentiment, t, "neutral"))
            .collect();
        let layer = ShopLayer::train(a, &examples).expect("trains");
        // (36 examples; the biases and the words take their share.)
        assert!(
            sentiment_trust(&layer) < 0.97,
            "{}",
            sentiment_trust(&layer)
        );
        let neutral = |read: &dyn Fn(&str) -> Analysis| {
            next.iter()
                .filter(|t| read(t).sentiment == "neutral")
                .count()
        };
        let mine = neutral(&|t| layer.analyze(a, t));
        let shipped = neutral(&|t| a.analyze(t));
        assert!(mine > shipped, "{mine} vs {shipped} of {}", next.len());

        // A shop whose posts the shipped model reads as its team does
        // trusts it no less.
        let agreeing: Vec<Example> = taught
            .iter()
            .map(|t| ex(Task::Sentiment, t, a.analyze(t).sentiment))
            .collect();
        let layer = ShopLayer::train(a, &agreeing).expect("trains");
        assert!(
            sentiment_trust(&layer) >= 1.0,
            "{}",
            sentiment_trust(&layer)
        );

        // A handful of the same corrections barely moves the trust.
        let layer = ShopLayer::train(a, &examples[..3]).expect("trains");
        let trust = sentiment_trust(&layer);
        assert!((0.9..=1.1).contains(&trust), "{trust}");
    }

    #[test]
    fn the_intent_head_reads_the_shipped_list_as_it_is() {
        let a = analyzer();
        let layer = ShopLayer::train(
            a,
            &[
                ex(Task::Intent, "Where is my order?", "complaint"),
                ex(Task::Intent, "Is it raining?", "not_question"),
            ],
        )
        .expect("trains");
        assert_eq!(layer.intent.as_ref().expect("an intent head").trust, 1.0);
    }

    #[test]
    fn a_feature_every_example_shares_weighs_less_than_a_rare_one() {
        assert_eq!(rarity(0, 50), 1.0);
        assert!(rarity(1, 50) < 1.0);
        assert!(rarity(50, 50) < rarity(5, 50));
        assert!(rarity(5, 50) < rarity(1, 50));
        // One correction: its features weigh the same as each other.
        assert!(rarity(1, 1) > 0.0);
        // Weighing then scales the normalised features to unit length;
        // rule signals keep their value.
        let w = weigh(&[(1, 1.0, true), (2, 1.0, true), (3, 2.0, false)], |k| {
            if k == 1 {
                rarity(10, 10)
            } else {
                1.0
            }
        });
        let norm: f32 = w.iter().take(2).map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5, "{w:?}");
        assert!(w[0].1 < w[1].1, "{w:?}");
        assert_eq!(w[2], (3, 2.0));
    }

    #[test]
    fn a_layer_stored_before_trust_and_rarity_reads_as_it_did() {
        let mut bytes = b"RPSHOP1".to_vec();
        bytes.push(1); // a sentiment head
        bytes.extend_from_slice(&7u32.to_le_bytes()); // examples
        bytes.extend_from_slice(&3u32.to_le_bytes()); // classes
        for b in [0.1f32, 0.2, -0.3] {
            bytes.extend_from_slice(&b.to_le_bytes());
        }
        bytes.extend_from_slice(&1u32.to_le_bytes()); // one weight row
        bytes.extend_from_slice(&42u64.to_le_bytes());
        for w in [0.5f32, -0.5, 0.0] {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        bytes.extend_from_slice(&0u32.to_le_bytes()); // no overrides
        bytes.push(0); // no intent head
        let layer = ShopLayer::from_bytes(&bytes).expect("reads");
        let head = layer.sentiment.as_ref().expect("a sentiment head");
        assert_eq!(head.examples, 7);
        assert_eq!(head.trust, 1.0);
        assert_eq!(head.bias, vec![0.1, 0.2, -0.3]);
        assert_eq!(head.weights[&42].rarity, 1.0);
        assert_eq!(head.weights[&42].row, vec![0.5, -0.5, 0.0]);
        assert!(layer.intent.is_none());
        // Written again, it is the current form and reads back the same.
        assert!(layer.to_bytes().starts_with(MAGIC));
        assert_eq!(
            ShopLayer::from_bytes(&layer.to_bytes()).expect("reads"),
            layer
        );
    }

    #[test]
    fn the_stored_form_reads_back_to_the_same_layer() {
        let a = analyzer();
        let layer = ShopLayer::train(
            a,
            &[
                ex(Task::Intent, "Where is my order?", "complaint"),
                ex(Task::Intent, "Nice!", "not_generic"),
                ex(Task::Sentiment, "Where is my order?", "negative"),
            ],
        )
        .expect("trains");
        let bytes = layer.to_bytes();
        assert_eq!(ShopLayer::from_bytes(&bytes).expect("reads"), layer);
        assert!(ShopLayer::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(ShopLayer::from_bytes(b"RPSHOP0").is_err());
        assert_eq!(
            ShopLayer::from_bytes(&ShopLayer::empty().to_bytes()).expect("reads"),
            ShopLayer::empty()
        );
    }
}
