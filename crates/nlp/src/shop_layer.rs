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
//! sentiment the log of the shipped probabilities; for intent, which the
//! analyzer reports as a list, a score per class from that list
//! ([`PRIMARY`], [`LISTED`], [`UNLISTED`]). It is trained on the
//! corrections only, with the shipped reading held fixed, so it learns
//! where the shipped model is wrong for this shop and nothing else: a
//! text that shares no feature with any correction reads as before but
//! for a small shift of the class biases.
//!
//! Training is full-batch (every correction in every step) on the summed
//! loss plus an L2 penalty ([`L2`] on weights, [`L2_BIAS`] on biases).
//! Summed, not averaged: one correction barely moves the biases, a
//! thousand labelled posts move them as far as the posts say — the
//! penalty acts as a prior that evidence outweighs. A correction may
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

/// One task's learned part.
#[derive(Debug, Clone, Default, PartialEq)]
struct Head {
    /// Examples it was trained on.
    examples: u32,
    /// Per class.
    bias: Vec<f32>,
    /// Per feature key (see [`key`]): one weight per class.
    weights: HashMap<u64, Vec<f32>>,
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

/// The layer's features of a text read as language `lang`: (key, value),
/// normalised families scaled to unit length together.
fn features(text: &str, lang: &str) -> Vec<(u64, f32)> {
    let p = extract::extract(crate::truncate(text), lang);
    let bag = &p.bag;
    let s = bag.scale(MASK);
    (0..bag.len())
        .filter(|&i| MASK.has(bag.families[i]))
        .map(|i| {
            let f = bag.families[i];
            let v = bag.values[i] * if NORMALIZED.has(f) { s } else { 1.0 };
            (key(f, bag.hashes[i]), v)
        })
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
type Read = (Vec<f32>, Vec<(u64, f32)>, Label);

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
        // Feature keys to dense indices, in order of first appearance.
        let mut index: HashMap<u64, u32> = HashMap::new();
        let mut keys: Vec<u64> = Vec::new();
        let prepared: Vec<Prepared> = data
            .iter()
            .map(|(prior, feats, label)| Prepared {
                prior: prior.clone(),
                features: feats
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
        let mut z = vec![0f32; k];
        let mut g = vec![0f32; k];
        for _ in 0..STEPS {
            gw.iter_mut().for_each(|x| *x = 0.0);
            gb.iter_mut().for_each(|x| *x = 0.0);
            for ex in &prepared {
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc = ex.prior[c] + b[c];
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
        }
        let weights = keys
            .iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let row = &w[i * k..i * k + k];
                row.iter()
                    .any(|x| x.abs() >= KEEP)
                    .then(|| (*key, row.to_vec()))
            })
            .collect();
        Head {
            examples: data.len() as u32,
            bias: b,
            weights,
            overrides: HashMap::new(),
        }
    }

    /// The shipped scores `prior` plus what this head learned about a
    /// text with `features`.
    fn scores(&self, prior: &[f32], features: &[(u64, f32)]) -> Vec<f32> {
        let mut z: Vec<f32> = prior.iter().zip(&self.bias).map(|(p, b)| p + b).collect();
        for (key, v) in features {
            if let Some(row) = self.weights.get(key) {
                for (zc, wc) in z.iter_mut().zip(row) {
                    *zc += wc * v;
                }
            }
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
                    (prior(task, &a), features(&e.text, a.language))
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
    /// usually writes (see [`Analyzer::analyze_hinted`]).
    pub fn analyze_hinted(
        &self,
        analyzer: &Analyzer,
        text: &str,
        context: Option<&Context>,
        voice: Option<&str>,
    ) -> Analysis {
        let mut a = analyzer.analyze_hinted(text, context, voice);
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
        let feats = features(text, a.language);
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
            out.extend_from_slice(&(h.bias.len() as u32).to_le_bytes());
            for b in &h.bias {
                out.extend_from_slice(&b.to_le_bytes());
            }
            // Sorted, so the same layer is the same bytes.
            let mut keys: Vec<&u64> = h.weights.keys().collect();
            keys.sort();
            out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
            for key in keys {
                out.extend_from_slice(&key.to_le_bytes());
                for w in &h.weights[key] {
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
        if r.take(MAGIC.len())? != MAGIC {
            return Err(LayerError::Damaged("bad magic"));
        }
        let mut heads = [None, None];
        for (task, slot) in Task::ALL.into_iter().zip(heads.iter_mut()) {
            if r.u8()? == 0 {
                continue;
            }
            let k = task.classes().len();
            let examples = r.u32()?;
            if r.u32()? as usize != k {
                return Err(LayerError::Damaged("wrong number of classes"));
            }
            let bias = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
            let n = r.u32()? as usize;
            let mut weights = HashMap::with_capacity(n.min(1 << 20));
            for _ in 0..n {
                let key = r.u64()?;
                let row = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
                weights.insert(key, row);
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

const MAGIC: &[u8] = b"RPSHOP1";

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
