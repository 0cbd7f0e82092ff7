//! Hashed features, extracted once per text and read by every model.
//!
//! A text becomes a [`Bag`] of hashed features, each tagged with its
//! [`Family`] (character n-grams of each length, words, word pairs, rule
//! signals…). Each model reads the families it was trained on, folding the
//! 64-bit hashes into its own number of buckets. Extracting once and
//! sharing is what keeps a full analysis within a few microseconds.

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

    /// Adds character n-grams for n in `min..=max` over the first
    /// `max_chars` characters of `text`, with a space on each side so word
    /// edges are visible. Runs of spaces count once.
    pub fn char_ngrams(&mut self, text: &str, min: usize, max: usize, max_chars: usize) {
        let mut chars: Vec<char> = Vec::with_capacity(text.len().min(max_chars) + 2);
        chars.push(' ');
        for c in text.chars().take(max_chars) {
            if !(c == ' ' && chars.last() == Some(&' ')) {
                chars.push(c);
            }
        }
        if chars.last() != Some(&' ') {
            chars.push(' ');
        }
        let mut buf = [0u8; 4];
        for start in 0..chars.len() {
            let mut h = FNV_OFFSET;
            for n in 1..=max.min(chars.len() - start) {
                h = fnv(h, chars[start + n - 1].encode_utf8(&mut buf).as_bytes());
                if n >= min && !(n == 1 && chars[start] == ' ') {
                    let fam = match n {
                        1 => Family::Char1,
                        2 => Family::Char2,
                        3 => Family::Char3,
                        4 => Family::Char4,
                        _ => Family::Char5,
                    };
                    self.push(fam, h, 1.0);
                }
            }
        }
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

/// Combines two hashes into one (for word pairs), order-sensitive.
#[inline]
pub fn pair(a: u64, b: u64) -> u64 {
    a.rotate_left(23).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b
}
