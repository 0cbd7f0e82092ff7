//! Every model in one table, so that scoring a feature costs one cache
//! line, not one per model.
//!
//! The models are trained apart ([`Linear`]), each with its own classes,
//! hash bits, feature families and weight scale. The analyzer reads them
//! together: one row per hash bucket holds every model's weights for that
//! bucket side by side (in the main table: the language model's 21
//! classes a script can leave to it, English sentiment 3, intent 8 — the
//! 32 [`LANES`] of half a cache line). Each feature is hashed into a
//! bucket once, its row is read once, and a per-family lane mask keeps
//! each model to the families it was trained on.
//!
//! A model with fewer hash bits than the table fits without retraining:
//! buckets keep the top bits of one multiplicative hash, so the model's
//! bucket is the table's bucket shifted right. Scores are the same as
//! [`Linear::logits`] up to float rounding.
//!
//! Normalised features all carry the value 1 in our extraction, so their
//! weights are summed as integers. A row holds each `i8` weight plus 128,
//! as a byte, two to a `u16`: the low bytes and the high bytes of a row
//! are summed into `u16` lanes of their own with one mask and one shift
//! each — a handful of plain SSE2 instructions per feature, where sign
//! extension would take three times as many. The bias comes off at the
//! end: 128 for every feature the model read.

use crate::features::{bucket, Family, Mask, Sink, FAMILIES, NORMALIZED};
use crate::linear::{Linear, ModelError};

/// Weights per row of the main table; the models' classes must fit.
pub const LANES: usize = 32;

/// One model inside the table.
#[derive(Debug, Clone)]
pub struct Head {
    /// Class names, in index order.
    pub classes: Vec<String>,
    start: usize,
    mask: Mask,
    scale: f32,
    bias: Vec<f32>,
}

impl Head {
    /// Number of classes.
    pub fn k(&self) -> usize {
        self.classes.len()
    }
}

/// The fused table: `2 H` weights a row, stored as `H` pairs.
#[derive(Debug, Clone)]
pub struct Fused<const H: usize = { LANES / 2 }> {
    bits: u32,
    /// Weight `2j` (plus 128) in the low byte of `row[j]`, `2j + 1` in
    /// the high byte.
    rows: Vec<[u16; H]>,
    /// Per family: all ones in the lanes of models that read it.
    masks: [[u16; H]; FAMILIES],
    heads: Vec<Head>,
}

/// How many additions a `u16` lane takes before it is spilled:
/// 256 × 255 < 65,536.
const SPILL: u32 = 256;

/// Lane `l` of a pair row (for tests).
#[cfg(test)]
#[inline]
fn lane<const H: usize>(row: &[u16; H], l: usize) -> Option<i32> {
    let pair = row.get(l / 2)?;
    let byte = if l.is_multiple_of(2) {
        pair & 0xFF
    } else {
        pair >> 8
    };
    Some(i32::from(byte) - 128)
}

impl<const H: usize> Fused<H> {
    /// Packs `models` side by side, in order; head `i` (see
    /// [`Scores::probs`]) is `models[i]`.
    pub fn new(models: &[&Linear]) -> Result<Fused<H>, ModelError> {
        let all: Vec<(&Linear, Option<&[usize]>)> = models.iter().map(|m| (*m, None)).collect();
        Fused::select(&all)
    }

    /// [`Fused::new`], keeping of each model only the classes listed (all
    /// when `None`): a class that is never chosen costs a lane for nothing.
    pub fn select(models: &[(&Linear, Option<&[usize]>)]) -> Result<Fused<H>, ModelError> {
        let kept = |m: &Linear, keep: Option<&[usize]>| -> Vec<usize> {
            match keep {
                Some(keep) => keep.iter().copied().filter(|&c| c < m.k()).collect(),
                None => (0..m.k()).collect(),
            }
        };
        let lanes: usize = models.iter().map(|(m, keep)| kept(m, *keep).len()).sum();
        if lanes > 2 * H {
            return Err(ModelError::Damaged("too many classes to fuse"));
        }
        let bits = models.iter().map(|(m, _)| m.bits).max().unwrap_or(4);
        // Unused lanes hold weight 0 (byte 128).
        let mut rows = vec![[0x8080u16; H]; 1 << bits];
        let mut masks = [[0u16; H]; FAMILIES];
        let mut heads = Vec::with_capacity(models.len());
        let mut start = 0;
        for (m, keep) in models {
            let (k, classes) = (m.k(), kept(m, *keep));
            let shift = bits - m.bits;
            let q = m.weights();
            for (b, row) in rows.iter_mut().enumerate() {
                let src = (b >> shift) * k;
                let Some(w) = q.get(src..src + k) else {
                    continue;
                };
                for (lane, &c) in classes.iter().enumerate() {
                    set_byte(row, start + lane, (i16::from(w[c]) + 128) as u8);
                }
            }
            for (f, mask) in masks.iter_mut().enumerate() {
                if m.mask.has(f as u8) {
                    for l in start..start + classes.len() {
                        set_byte(mask, l, 0xFF);
                    }
                }
            }
            heads.push(Head {
                classes: classes.iter().map(|&c| m.classes[c].clone()).collect(),
                start,
                mask: m.mask,
                scale: m.scale(),
                bias: classes.iter().map(|&c| m.biases()[c]).collect(),
            });
            start += classes.len();
        }
        Ok(Fused {
            bits,
            rows,
            masks,
            heads,
        })
    }

    /// The `i`-th model.
    pub fn head(&self, i: usize) -> Option<&Head> {
        self.heads.get(i)
    }

    /// Empty accumulators for one text.
    pub fn scores(&self) -> Scores<'_, H> {
        Scores {
            fused: self,
            low: [0; H],
            high: [0; H],
            pending: 0,
            ints: [[0; H]; 2],
            norm: [[0.0; H]; 2],
            raw: [[0.0; H]; 2],
            ones: [0; FAMILIES],
            sq: [0.0; FAMILIES],
        }
    }

    /// The longest character n-gram model `head` reads (0 for none).
    pub fn max_order(&self, head: usize) -> usize {
        use crate::features::ALL;
        self.heads.get(head).map_or(0, |h| {
            (1..=5)
                .rev()
                .find(|&n| h.mask.has(ALL[n - 1] as u8))
                .unwrap_or(0)
        })
    }

    /// Whether any model reads `family`.
    pub fn reads(&self, family: Family) -> bool {
        self.heads.iter().any(|h| h.mask.has(family as u8))
    }
}

/// Sets byte `l` of a pair row.
fn set_byte<const H: usize>(row: &mut [u16; H], l: usize, byte: u8) {
    if let Some(pair) = row.get_mut(l / 2) {
        *pair = if l.is_multiple_of(2) {
            (*pair & 0xFF00) | u16::from(byte)
        } else {
            (*pair & 0x00FF) | u16::from(byte) << 8
        };
    }
}

/// Every model's running sums for one text: a [`Sink`] for its features.
/// Sums are kept as (even lanes, odd lanes).
#[derive(Clone)]
pub struct Scores<'f, const H: usize = { LANES / 2 }> {
    fused: &'f Fused<H>,
    /// Biased weights of value-1 features, even lanes, since the last spill.
    low: [u16; H],
    /// The same, odd lanes.
    high: [u16; H],
    pending: u32,
    /// Biased weights of value-1 features, spilled: even, odd lanes.
    ints: [[i32; H]; 2],
    /// Normalised features of other values.
    norm: [[f32; H]; 2],
    /// Features outside normalisation (rules, lexicon).
    raw: [[f32; H]; 2],
    /// Features of value 1 per family.
    ones: [u32; FAMILIES],
    /// Sum of other squared values per family.
    sq: [f32; FAMILIES],
}

impl<const H: usize> Sink for Scores<'_, H> {
    #[inline]
    fn wants(&self, family: Family) -> bool {
        self.fused.reads(family)
    }

    #[inline]
    fn add_one(&mut self, family: Family, hash: u64) {
        let f = family as u8;
        if !NORMALIZED.has(f) {
            return self.add(family, hash, 1.0);
        }
        let Some(row) = self.fused.rows.get(bucket(hash, f, self.fused.bits)) else {
            return;
        };
        let mask = &self.fused.masks[f as usize];
        self.ones[f as usize] += 1;
        for (((lo, hi), w), m) in self
            .low
            .iter_mut()
            .zip(self.high.iter_mut())
            .zip(row)
            .zip(mask)
        {
            let w = w & m;
            *lo += w & 0xFF;
            *hi += w >> 8;
        }
        self.pending += 1;
        if self.pending == SPILL {
            self.spill();
        }
    }

    fn add_ones(&mut self, family: Family, hashes: &[u64]) {
        let f = family as u8;
        if !NORMALIZED.has(f) {
            for &h in hashes {
                self.add(family, h, 1.0);
            }
            return;
        }
        let fused = self.fused;
        let mask = &fused.masks[f as usize];
        // Local sums stay in registers for the whole batch.
        for chunk in hashes.chunks(SPILL as usize) {
            let (mut low, mut high) = ([0u16; H], [0u16; H]);
            for &h in chunk {
                let Some(row) = fused.rows.get(bucket(h, f, fused.bits)) else {
                    continue;
                };
                for (((lo, hi), w), m) in low.iter_mut().zip(high.iter_mut()).zip(row).zip(mask) {
                    let w = w & m;
                    *lo += w & 0xFF;
                    *hi += w >> 8;
                }
            }
            let [even, odd] = &mut self.ints;
            for (i, s) in even.iter_mut().zip(low) {
                *i += i32::from(s);
            }
            for (i, s) in odd.iter_mut().zip(high) {
                *i += i32::from(s);
            }
        }
        self.ones[f as usize] += hashes.len() as u32;
    }

    #[inline]
    fn add(&mut self, family: Family, hash: u64, value: f32) {
        if value == 1.0 && NORMALIZED.has(family as u8) {
            return self.add_one(family, hash);
        }
        let f = family as u8;
        let Some(row) = self.fused.rows.get(bucket(hash, f, self.fused.bits)) else {
            return;
        };
        let mask = &self.fused.masks[f as usize];
        self.sq[f as usize] += value * value;
        let acc = if NORMALIZED.has(f) {
            &mut self.norm
        } else {
            &mut self.raw
        };
        for (j, (w, m)) in row.iter().zip(mask).enumerate() {
            let w = w & m;
            // Masked-out lanes read 0, not the bias: they add nothing.
            let unbias = |b: u16| if b == 0 { 0.0 } else { f32::from(b) - 128.0 };
            acc[0][j] += unbias(w & 0xFF) * value;
            acc[1][j] += unbias(w >> 8) * value;
        }
    }
}

impl<const H: usize> Scores<'_, H> {
    fn spill(&mut self) {
        let [even, odd] = &mut self.ints;
        for (i, s) in even.iter_mut().zip(self.low.iter_mut()) {
            *i += i32::from(*s);
            *s = 0;
        }
        for (i, s) in odd.iter_mut().zip(self.high.iter_mut()) {
            *i += i32::from(*s);
            *s = 0;
        }
        self.pending = 0;
    }

    /// Class probabilities of model `head` over the features so far,
    /// written into `out`; returns the filled part (empty for a model that
    /// is not there, or an `out` too short).
    pub fn probs<'o>(&mut self, head: usize, out: &'o mut [f32]) -> &'o [f32] {
        let Some(head) = self.fused.heads.get(head) else {
            return &[];
        };
        let k = head.k();
        let Some(out) = out.get_mut(..k) else {
            return &[];
        };
        self.spill();
        // Value-1 features this model read: each added its bias of 128.
        let read: u32 = (0..FAMILIES as u8)
            .filter(|f| head.mask.has(*f) && NORMALIZED.has(*f))
            .map(|f| self.ones[f as usize])
            .sum();
        let sum: f32 = (0..FAMILIES as u8)
            .filter(|f| head.mask.has(*f) && NORMALIZED.has(*f))
            .map(|f| self.sq[f as usize])
            .sum::<f32>()
            + read as f32;
        let s = if sum > 0.0 { 1.0 / sum.sqrt() } else { 1.0 };
        let bias = 128 * i64::from(read);
        for (c, (o, b)) in out.iter_mut().zip(&head.bias).enumerate() {
            let l = head.start + c;
            let (p, j) = (l % 2, l / 2);
            let get = |a: &[[f32; H]; 2]| a[p].get(j).copied().unwrap_or(0.0);
            let int = self.ints[p].get(j).map_or(0, |&x| i64::from(x) - bias);
            *o = head.scale * (s * (int as f32 + get(&self.norm)) + get(&self.raw)) + b;
        }
        softmax_in_place(out);
        out
    }
}

/// [`crate::linear::softmax`] without allocating.
fn softmax_in_place(z: &mut [f32]) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Bag;
    use crate::linear::{softmax, TrainConfig};

    #[test]
    fn fused_scores_match_the_models_alone() {
        let data: Vec<(Bag, usize)> = (0..300)
            .map(|i| {
                let mut bag = Bag::default();
                let w = ["good", "bad", "meh"][i % 3];
                bag.char_ngrams(w, 1, 5, 280);
                bag.push_str(Family::Word, w, 1.0);
                bag.push_str(Family::Rule, "len1", 1.0);
                bag.push_str(Family::Lex, "lex+", 0.3);
                (bag, i % 3)
            })
            .collect();
        let cfg = TrainConfig {
            epochs: 3,
            lr: 0.2,
            l2: 0.0,
            seed: 5,
        };
        let names = || vec!["a".to_string(), "b".into(), "c".into()];
        let a = Linear::train(
            names(),
            10,
            Mask::of(&[Family::Char1, Family::Char2, Family::Word]),
            &data,
            &[1.0; 3],
            &cfg,
        );
        let b = Linear::train(
            names(),
            12,
            Mask::of(&[Family::Char3, Family::Char5, Family::Rule, Family::Lex]),
            &data,
            &[1.0; 3],
            &cfg,
        );
        let fused: Fused = Fused::new(&[&a, &b]).expect("fits");
        assert_eq!(lane(&fused.rows[0], 0), Some(i32::from(a.weights()[0])));
        for (bag, _) in data.iter().take(3) {
            let mut sc = fused.scores();
            for i in 0..bag.len() {
                let fam = crate::features::ALL[bag.families[i] as usize];
                sc.add(fam, bag.hashes[i], bag.values[i]);
            }
            for (model, h) in [(&a, 0), (&b, 1)] {
                let mut out = [0.0; 8];
                let got = sc.probs(h, &mut out);
                let want = softmax(model.logits(bag));
                for (g, w) in got.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-4, "{got:?} vs {want:?}");
                }
            }
        }
    }
}
