//! Hashed features, extracted once per text and read by every model.
//!
//! A text becomes hashed features, each tagged with its [`Family`]
//! (character n-grams of each length, words, word pairs, rule signals…),
//! sent to a [`Sink`]: a [`Bag`] for training, or the fused models' sums
//! (see [`crate::fused`]). Each model reads the families it was trained
//! on, folding the 64-bit hashes into its own number of buckets.
//! Extracting once and sharing is what keeps a full analysis within a few
//! microseconds.

/// Kinds of features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Family {
    /// Character 1-grams.
    Char1 = 0,
    /// Character 2-grams.
    Char2 = 1,
    /// Character 3-grams.
    Char3 = 2,
    /// Character 4-grams.
    Char4 = 3,
    /// Character 5-grams.
    Char5 = 4,
    /// Words as written (lowercased).
    Word = 5,
    /// Word stems, marked when inside a negation's scope.
    Stem = 6,
    /// Pairs of neighbouring stems.
    Pair = 7,
    /// The first stem.
    First = 8,
    /// Rule signals (question mark, tagged friend, length, …).
    Rule = 9,
    /// Lexicon strengths.
    Lex = 10,
}

/// Number of families.
pub const FAMILIES: usize = 11;

/// Every family, in index order.
pub const ALL: [Family; FAMILIES] = [
    Family::Char1,
    Family::Char2,
    Family::Char3,
    Family::Char4,
    Family::Char5,
    Family::Word,
    Family::Stem,
    Family::Pair,
    Family::First,
    Family::Rule,
    Family::Lex,
];

/// A set of families, as a bit mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask(pub u16);

impl Mask {
    /// A mask of the given families.
    pub const fn of(families: &[Family]) -> Mask {
        let mut m = 0u16;
        let mut i = 0;
        while i < families.len() {
            m |= 1 << families[i] as u8;
            i += 1;
        }
        Mask(m)
    }

    /// Whether `f` is in the mask.
    #[inline]
    pub fn has(self, f: u8) -> bool {
        self.0 & (1 << f) != 0
    }
}

/// Families whose values are scaled to unit length together; the others
/// (rules, lexicon) enter at their own fixed scale.
pub const NORMALIZED: Mask = Mask::of(&[
    Family::Char1,
    Family::Char2,
    Family::Char3,
    Family::Char4,
    Family::Char5,
    Family::Word,
    Family::Stem,
    Family::Pair,
    Family::First,
]);

/// Hashed features of one text.
#[derive(Debug, Clone, Default)]
pub struct Bag {
    /// Feature hashes.
    pub hashes: Vec<u64>,
    /// Feature values.
    pub values: Vec<f32>,
    /// Feature families.
    pub families: Vec<u8>,
    sq: [f32; FAMILIES],
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `bytes`, continuing from `h`.
#[inline]
pub fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// A string's hash.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    fnv(FNV_OFFSET, s.as_bytes())
}

/// Folds a hash and its family into `bits` bits (multiplicative hashing).
#[inline]
pub fn bucket(h: u64, family: u8, bits: u32) -> usize {
    let mixed = h ^ (u64::from(family) + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl Bag {
    /// Adds one feature.
    #[inline]
    pub fn push(&mut self, family: Family, hash: u64, value: f32) {
        let f = family as u8;
        self.hashes.push(hash);
        self.values.push(value);
        self.families.push(f);
        self.sq[f as usize] += value * value;
    }

    /// Adds a string feature.
    pub fn push_str(&mut self, family: Family, s: &str, value: f32) {
        self.push(family, hash_str(s), value);
    }

    /// Adds character n-grams (see [`char_ngrams`]).
    pub fn char_ngrams(&mut self, text: &str, min: usize, max: usize, max_chars: usize) {
        char_ngrams(self, text, min, max, max_chars);
    }

    /// The scale that gives the normalised families in `mask` unit length.
    pub fn scale(&self, mask: Mask) -> f32 {
        let sum: f32 = (0..FAMILIES as u8)
            .filter(|f| mask.has(*f) && NORMALIZED.has(*f))
            .map(|f| self.sq[f as usize])
            .sum();
        if sum > 0.0 {
            1.0 / sum.sqrt()
        } else {
            1.0
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// No features at all.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// Where extracted features go: a [`Bag`] when training, a model's
/// accumulators when scoring (see [`crate::fused`]). One extraction code
/// path feeds both, so training and scoring can never disagree.
pub trait Sink {
    /// Takes one feature.
    fn add(&mut self, family: Family, hash: u64, value: f32);

    /// Takes one feature of value 1 (the common case, which a scorer
    /// can sum as integers).
    #[inline]
    fn add_one(&mut self, family: Family, hash: u64) {
        self.add(family, hash, 1.0);
    }

    /// Takes many features of one family, each of value 1.
    #[inline]
    fn add_ones(&mut self, family: Family, hashes: &[u64]) {
        for &h in hashes {
            self.add_one(family, h);
        }
    }

    /// Whether features of `family` are read at all (extraction skips
    /// the ones that are not).
    #[inline]
    fn wants(&self, _family: Family) -> bool {
        true
    }
}

impl Sink for Bag {
    #[inline]
    fn add(&mut self, family: Family, hash: u64, value: f32) {
        self.push(family, hash, value);
    }
}

/// The most characters [`char_ngrams`] reads.
pub const MAX_NGRAM_CHARS: usize = 512;

/// FNV-1a over one character's UTF-8 bytes, continuing from `h`.
#[inline]
fn fnv_char(h: u64, c: char) -> u64 {
    if c.is_ascii() {
        (h ^ c as u64).wrapping_mul(FNV_PRIME)
    } else {
        let mut buf = [0u8; 4];
        fnv(h, c.encode_utf8(&mut buf).as_bytes())
    }
}

const CHAR_FAMILIES: [Family; 5] = [
    Family::Char1,
    Family::Char2,
    Family::Char3,
    Family::Char4,
    Family::Char5,
];

/// Sends character n-grams for n in `min..=max` (at most 5) over the first
/// `max_chars` characters of `text` (at most [`MAX_NGRAM_CHARS`]) to
/// `sink`, with a space on each side so word edges are visible. Runs of
/// spaces count once; a lone space is not a 1-gram. An n-gram's hash is
/// FNV-1a over its UTF-8 bytes. The n-grams go one order at a time, in
/// one batch each, so a scorer can keep its sums in registers.
pub fn char_ngrams<S: Sink>(sink: &mut S, text: &str, min: usize, max: usize, max_chars: usize) {
    let (min, max) = (min.max(1), max.min(CHAR_FAMILIES.len()));
    let wanted: [bool; 5] = std::array::from_fn(|i| {
        let n = i + 1;
        n >= min && n <= max && sink.wants(CHAR_FAMILIES[i])
    });
    let Some(max) = (1..=max).rev().find(|&n| wanted[n - 1]) else {
        return;
    };
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            return; // re-entered from a sink: impossible, but never panic
        };
        let Scratch {
            chars,
            bytes,
            grams,
        } = &mut *scratch;
        let take = max_chars.min(MAX_NGRAM_CHARS);
        let head = match text.char_indices().nth(take) {
            _ if text.len() <= take => text, // no more characters than bytes
            Some((i, _)) => &text[..i],
            None => text,
        };
        for g in grams.iter_mut() {
            g.clear();
        }
        if head.is_ascii() {
            // The common case: one byte a character, so an n-gram is a
            // window of bytes and its hash a fixed run of FNV steps.
            bytes.clear();
            bytes.push(b' ');
            for &b in head.as_bytes() {
                if !(b == b' ' && bytes.last() == Some(&b' ')) {
                    bytes.push(b);
                }
            }
            if bytes.last() != Some(&b' ') {
                bytes.push(b' ');
            }
            let [g1, g2, g3, g4, g5] = grams;
            if wanted[0] {
                g1.extend(
                    bytes
                        .iter()
                        .filter(|&&b| b != b' ')
                        .map(|&b| fnv(FNV_OFFSET, &[b])),
                );
            }
            window_hashes::<2>(wanted[1], bytes, g2);
            window_hashes::<3>(wanted[2], bytes, g3);
            window_hashes::<4>(wanted[3], bytes, g4);
            window_hashes::<5>(wanted[4], bytes, g5);
        } else {
            chars.clear();
            chars.push(' ');
            for c in head.chars() {
                if !(c == ' ' && chars.last() == Some(&' ')) {
                    chars.push(c);
                }
            }
            if chars.last() != Some(&' ') {
                chars.push(' ');
            }
            // Each start grows its n-gram one character at a time: one
            // FNV step per n-gram.
            for start in 0..chars.len() {
                let mut h = FNV_OFFSET;
                let end = (start + max).min(chars.len());
                for (i, &c) in chars[start..end].iter().enumerate() {
                    h = fnv_char(h, c);
                    if wanted[i] && !(i == 0 && c == ' ') {
                        grams[i].push(h);
                    }
                }
            }
        }
        for (family, g) in CHAR_FAMILIES.into_iter().zip(grams.iter()) {
            if !g.is_empty() {
                sink.add_ones(family, g);
            }
        }
    });
}

/// FNV-1a of every `N`-byte window of `bytes`, into `out` (when `wanted`).
fn window_hashes<const N: usize>(wanted: bool, bytes: &[u8], out: &mut Vec<u64>) {
    if wanted {
        out.extend(bytes.windows(N).map(|w| {
            w.iter().take(N).fold(FNV_OFFSET, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
            })
        }));
    }
}

/// Buffers [`char_ngrams`] reuses from text to text.
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    bytes: Vec<u8>,
    /// Hashes per order.
    grams: [Vec<u64>; 5],
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Combines two hashes into one (for word pairs), order-sensitive.
#[inline]
pub fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b
}
