//! A multinomial logistic-regression classifier over hashed features,
//! its trainer, and a compact serialised form.
//!
//! A model reads the feature families in its [`Mask`] from a [`Bag`].
//! Weights are kept as `i8` with one scale per model, both on disk and in
//! memory — four times less memory traffic than `f32`, which is what
//! scoring time is made of — and stored feature-major (`q[bucket * k +
//! class]`), so a feature touches one short contiguous row.

use crate::features::{bucket, Bag, Mask, NORMALIZED};

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file, or cut short.
    #[error("model file is damaged: {0}")]
    Damaged(&'static str),
}

/// A trained classifier.
#[derive(Debug, Clone)]
pub struct Linear {
    /// Class names, in index order.
    pub classes: Vec<String>,
    /// Hash bits: the model has `2^bits` feature buckets.
    pub bits: u32,
    /// The feature families it reads.
    pub mask: Mask,
    scale: f32,
    q: Vec<i8>,
    b: Vec<f32>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub lr: f32,
    /// L2 penalty, applied to weights a step touches.
    pub l2: f32,
    /// Shuffling seed.
    pub seed: u64,
}

const MAGIC: &[u8; 6] = b"RPLIN2";

/// One training example reduced to a model's (row, value) pairs, with the
/// classes its label allows (as bits) and its weight.
type Example = (Vec<(u32, f32)>, u64, f32);

/// What a training row's label says: one class, or any class of a set.
///
/// A set is how a label like `not_complaint` ("any intent but a
/// complaint") is learned without guessing which intent it is: the loss is
/// minus the log of the probability the model gives the whole set, so the
/// row pushes the excluded classes down and leaves the model free to
/// spread the rest as the other rows teach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Exactly this class.
    One(usize),
    /// Any class whose bit is set (class `c` is bit `1 << c`).
    AnyOf(u64),
}

impl Target {
    /// The allowed classes as bits.
    fn bits(self) -> u64 {
        match self {
            Target::One(c) => 1u64.checked_shl(c as u32).unwrap_or(0),
            Target::AnyOf(bits) => bits,
        }
    }

    /// Any class but `c`, of `k` classes.
    pub fn any_but(c: usize, k: usize) -> Target {
        let all = if k >= 64 { u64::MAX } else { (1u64 << k) - 1 };
        Target::AnyOf(all & !Target::One(c).bits())
    }
}

/// A bag reduced to one model's (row, value) pairs.
fn sparse(bag: &Bag, mask: Mask, bits: u32) -> Vec<(u32, f32)> {
    let s = bag.scale(mask);
    (0..bag.len())
        .filter(|&i| mask.has(bag.families[i]))
        .map(|i| {
            let f = bag.families[i];
            let v = bag.values[i] * if NORMALIZED.has(f) { s } else { 1.0 };
            (bucket(bag.hashes[i], f, bits) as u32, v)
        })
        .collect()
}

impl Linear {
    /// Number of classes.
    pub fn k(&self) -> usize {
        self.classes.len()
    }

    /// The quantised weights, feature-major (`q[bucket * k + class]`).
    pub fn weights(&self) -> &[i8] {
        &self.q
    }

    /// What one quantised weight unit is worth.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// The class biases.
    pub fn biases(&self) -> &[f32] {
        &self.b
    }

    /// Adds `delta` to class `class`'s bias: moves the model's prior for
    /// that class (a calibration chosen on data not trained on) without
    /// touching what the features say. Out of range: nothing happens.
    pub fn shift_bias(&mut self, class: usize, delta: f32) {
        if let Some(b) = self.b.get_mut(class) {
            *b += delta;
        }
    }

    /// [`Linear::shift_bias`] of every class by its entry in `shifts` (a
    /// language's prior, as `train::EN_PRIOR_SHIFT`).
    pub fn shift_prior(&mut self, shifts: &[f32]) {
        for (class, &delta) in shifts.iter().enumerate() {
            self.shift_bias(class, delta);
        }
    }

    /// Raw class scores.
    pub fn logits(&self, bag: &Bag) -> Vec<f32> {
        let k = self.k();
        let s = bag.scale(self.mask);
        let mut acc = vec![0f32; k];
        for i in 0..bag.len() {
            let f = bag.families[i];
            if !self.mask.has(f) {
                continue;
            }
            let v = bag.values[i] * if NORMALIZED.has(f) { s } else { 1.0 };
            let row = bucket(bag.hashes[i], f, self.bits) * k;
            if let Some(w) = self.q.get(row..row + k) {
                for (a, q) in acc.iter_mut().zip(w) {
                    *a += f32::from(*q) * v;
                }
            }
        }
        acc.iter()
            .zip(&self.b)
            .map(|(a, b)| a * self.scale + b)
            .collect()
    }

    /// Class probabilities.
    pub fn probs(&self, bag: &Bag) -> Vec<f32> {
        softmax(self.logits(bag))
    }

    /// Trains a model on `data` (bags with class indices); `class_weight`
    /// scales each class's loss (e.g. to balance classes).
    pub fn train(
        classes: Vec<String>,
        bits: u32,
        mask: Mask,
        data: &[(Bag, usize)],
        class_weight: &[f32],
        cfg: &TrainConfig,
    ) -> Linear {
        let weighted: Vec<(&Bag, usize, f32)> = data
            .iter()
            .map(|(bag, y)| (bag, *y, class_weight.get(*y).copied().unwrap_or(1.0)))
            .collect();
        Linear::train_weighted(classes, bits, mask, &weighted, cfg)
    }

    /// Trains a model on `data` (bags with class indices and a weight
    /// each, which scales that example's loss): for mixing sets whose
    /// classes are weighted differently.
    pub fn train_weighted(
        classes: Vec<String>,
        bits: u32,
        mask: Mask,
        data: &[(&Bag, usize, f32)],
        cfg: &TrainConfig,
    ) -> Linear {
        let targets: Vec<(&Bag, Target, f32)> = data
            .iter()
            .map(|(bag, y, w)| (*bag, Target::One(*y), *w))
            .collect();
        Linear::train_targets(classes, bits, mask, &targets, cfg)
    }

    /// Trains a model on `data` (bags with a [`Target`] and a weight
    /// each): rows that name one class and rows that only rule some out
    /// (see [`Target`]) together.
    pub fn train_targets(
        classes: Vec<String>,
        bits: u32,
        mask: Mask,
        data: &[(&Bag, Target, f32)],
        cfg: &TrainConfig,
    ) -> Linear {
        Linear::train_orders(classes, bits, mask, data, cfg, 1)
    }

    /// [`Linear::train_targets`] in `orders` shuffling orders (seeds
    /// `cfg.seed`, `cfg.seed + 1`, …), their weights averaged: a model
    /// that reads as the average order does, so adding one row to a small
    /// set no longer reshuffles which borderline texts flip.
    pub fn train_orders(
        classes: Vec<String>,
        bits: u32,
        mask: Mask,
        data: &[(&Bag, Target, f32)],
        cfg: &TrainConfig,
        orders: usize,
    ) -> Linear {
        let k = classes.len();
        let dim = 1usize << bits;
        let examples: Vec<Example> = data
            .iter()
            .map(|(bag, t, w)| (sparse(bag, mask, bits), t.bits(), *w))
            .filter(|(_, allowed, _)| *allowed != 0)
            .collect();
        let orders = orders.max(1);
        let (mut w, mut b) = (vec![0f32; dim * k], vec![0f32; k]);
        for o in 0..orders {
            let seed = cfg.seed.wrapping_add(o as u64);
            let (wo, bo) = fit(
                &examples,
                k,
                dim,
                &TrainConfig {
                    seed,
                    ..cfg.clone()
                },
            );
            w.iter_mut()
                .zip(wo)
                .for_each(|(a, x)| *a += x / orders as f32);
            b.iter_mut()
                .zip(bo)
                .for_each(|(a, x)| *a += x / orders as f32);
        }
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / 127.0;
        let q = w
            .iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        Linear {
            classes,
            bits,
            mask,
            scale,
            q,
            b,
        }
    }

    /// The compact form: magic, bits, mask, classes, scale, biases, weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.q.len() + 256);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&u32::from(self.mask.0).to_le_bytes());
        out.extend_from_slice(&(self.k() as u32).to_le_bytes());
        for c in &self.classes {
            out.extend_from_slice(&(c.len() as u32).to_le_bytes());
            out.extend_from_slice(c.as_bytes());
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        for b in &self.b {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend(self.q.iter().map(|&q| q as u8));
        out
    }

    /// Reads the compact form.
    pub fn from_bytes(bytes: &[u8]) -> Result<Linear, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(6)? != MAGIC {
            return Err(ModelError::Damaged("bad magic"));
        }
        let bits = r.u32()?;
        if !(4..=24).contains(&bits) {
            return Err(ModelError::Damaged("bad size"));
        }
        let mask = Mask(r.u32()? as u16);
        let k = r.u32()? as usize;
        if k == 0 || k > 256 {
            return Err(ModelError::Damaged("bad class count"));
        }
        let mut classes = Vec::with_capacity(k);
        for _ in 0..k {
            let n = r.u32()? as usize;
            let s = std::str::from_utf8(r.take(n)?)
                .map_err(|_| ModelError::Damaged("bad class name"))?;
            classes.push(s.to_string());
        }
        let scale = r.f32()?;
        let b = (0..k).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        let n = (1usize << bits) * k;
        let q = r.take(n)?.iter().map(|&x| x as i8).collect();
        Ok(Linear {
            classes,
            bits,
            mask,
            scale,
            q,
            b,
        })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(ModelError::Damaged("overflow"))?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or(ModelError::Damaged("cut short"))?;
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

/// Softmax, stable for large scores.
pub fn softmax(mut z: Vec<f32>) -> Vec<f32> {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
    z
}

/// One training run in the order `cfg.seed` shuffles to: the float
/// weights (`dim` rows of `k`) and biases.
fn fit(examples: &[Example], k: usize, dim: usize, cfg: &TrainConfig) -> (Vec<f32>, Vec<f32>) {
    let mut w = vec![0f32; dim * k];
    let mut g2 = vec![0f32; dim * k];
    let mut b = vec![0f32; k];
    let mut gb = vec![0f32; k];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = cfg.seed.max(1);
    let mut z = vec![0f32; k];
    for _ in 0..cfg.epochs {
        // Fisher–Yates with xorshift: the same seed, the same model.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &ix in &order {
            let (f, allowed, cw) = &examples[ix];
            let allowed = *allowed;
            z.copy_from_slice(&b);
            for &(i, v) in f {
                let row = &w[i as usize * k..i as usize * k + k];
                for (zc, wc) in z.iter_mut().zip(row) {
                    *zc += wc * v;
                }
            }
            let p = softmax(z.clone());
            // The gradient of -log P(allowed) is p_c minus the share
            // of the allowed mass class c holds (1 for a lone class,
            // the usual softmax gradient).
            let single = allowed.is_power_of_two();
            let mass: f32 = (0..k)
                .filter(|c| allowed >> c & 1 == 1)
                .map(|c| p[c])
                .sum::<f32>()
                .max(1e-12);
            for c in 0..k {
                let target = match (allowed >> c & 1 == 1, single) {
                    (false, _) => 0.0,
                    (true, true) => 1.0,
                    (true, false) => p[c] / mass,
                };
                let g = (p[c] - target) * *cw;
                if g.abs() < 1e-7 {
                    continue;
                }
                gb[c] += g * g;
                b[c] -= cfg.lr * g / (gb[c].sqrt() + 1e-6);
                for &(i, v) in f {
                    let j = i as usize * k + c;
                    let grad = g * v + cfg.l2 * w[j];
                    g2[j] += grad * grad;
                    w[j] -= cfg.lr * grad / (g2[j].sqrt() + 1e-6);
                }
            }
        }
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Family;

    #[test]
    fn a_separable_toy_problem_is_learned_and_survives_serialisation() {
        let data: Vec<(Bag, usize)> = (0..200)
            .map(|i| {
                let mut bag = Bag::default();
                bag.push_str(Family::Word, if i % 2 == 0 { "good" } else { "bad" }, 1.0);
                bag.push_str(Family::Word, "the", 1.0);
                (bag, i % 2)
            })
            .collect();
        let mask = Mask::of(&[Family::Word]);
        let cfg = TrainConfig {
            epochs: 5,
            lr: 0.3,
            l2: 0.0,
            seed: 3,
        };
        let m = Linear::train(
            vec!["a".into(), "b".into()],
            8,
            mask,
            &data,
            &[1.0, 1.0],
            &cfg,
        );
        let back = Linear::from_bytes(&m.to_bytes()).expect("reads back");
        for (bag, y) in data.iter().take(4) {
            let p = back.probs(bag);
            assert!(p[*y] > 0.9, "{p:?}");
        }
        assert!(Linear::from_bytes(b"RPLIN2").is_err());
    }
}
