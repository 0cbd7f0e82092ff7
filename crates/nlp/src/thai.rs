//! Thai word segmentation: dictionary maximal matching.
//!
//! Thai separates sentences, not words, with spaces. We find every
//! dictionary word in a run of Thai text in one pass (an Aho–Corasick
//! automaton over the 62,000-word CC0 list that `kham-core` ships), then
//! choose the segmentation with the fewest unknown characters and, among
//! those, the fewest words — the maximal-matching rule behind PyThaiNLP's
//! `newmm`. A boundary is never placed where Thai spelling forbids it:
//! before a vowel sign or tone mark that belongs to the previous consonant,
//! or right after a leading vowel (เ แ โ ใ ไ) that belongs to the next one.
//! Unknown stretches are kept together as one token.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::OnceLock;

struct Dict {
    automaton: AhoCorasick,
    /// Byte length of each pattern.
    lens: Vec<u32>,
}

fn dict() -> Option<&'static Dict> {
    static D: OnceLock<Option<Dict>> = OnceLock::new();
    D.get_or_init(|| {
        let words: Vec<&str> = kham_core::dict::BUILTIN_WORDS
            .lines()
            .map(str::trim)
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&words)
            .ok()?;
        Some(Dict {
            lens: words.iter().map(|w| w.len() as u32).collect(),
            automaton,
        })
    })
    .as_ref()
}

/// Signs that attach to the consonant before them: no boundary before one.
fn attaches_left(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Leading vowels, written before the consonant they follow in speech: no
/// boundary after one.
fn attaches_right(c: char) -> bool {
    matches!(c, '\u{0E40}'..='\u{0E44}')
}

/// Splits a run of Thai text into words; the pieces concatenate back to
/// the input exactly.
pub fn segment(run: &str) -> Vec<&str> {
    if run.is_empty() {
        return Vec::new();
    }
    // Byte offsets where a word may start or end.
    let n = run.len();
    let mut ok = vec![false; n + 1];
    ok[0] = true;
    ok[n] = true;
    let mut prev: Option<char> = None;
    for (i, c) in run.char_indices() {
        if i > 0 {
            ok[i] = !attaches_left(c) && !prev.is_some_and(attaches_right);
        }
        prev = Some(c);
    }

    // Dictionary words as (end, start) byte offsets, sorted by end.
    let mut words: Vec<(u32, u32)> = Vec::with_capacity(n / 2);
    if let Some(d) = dict() {
        for m in d.automaton.find_overlapping_iter(run) {
            let (s, e) = (m.start(), m.end());
            debug_assert_eq!(e - s, d.lens[m.pattern().as_usize()] as usize);
            if ok[s] && ok[e] {
                words.push((e as u32, s as u32));
            }
        }
    }
    words.sort_unstable();
    let mut next_word = 0usize;

    // best[i] = (unknown chars, words) for the best segmentation of run[..i].
    const NONE: (u32, u32) = (u32::MAX, u32::MAX);
    let mut best = vec![NONE; n + 1];
    let mut back = vec![0u32; n + 1];
    let mut known = vec![false; n + 1];
    best[0] = (0, 0);
    let mut last_ok = 0usize;
    for (i, _) in run.char_indices().skip(1).chain(std::iter::once((n, ' '))) {
        if !ok[i] {
            continue;
        }
        while next_word < words.len() && (words[next_word].0 as usize) < i {
            next_word += 1;
        }
        while next_word < words.len() && words[next_word].0 as usize == i {
            let s = words[next_word].1;
            next_word += 1;
            let b = best[s as usize];
            if b == NONE {
                continue;
            }
            let cand = (b.0, b.1 + 1);
            if cand < best[i] {
                best[i] = cand;
                back[i] = s;
                known[i] = true;
            }
        }
        // Or: an unknown piece from the previous allowed boundary.
        let b = best[last_ok];
        if b != NONE {
            let chars = run[last_ok..i].chars().count() as u32;
            let cand = (b.0 + chars, b.1 + 1);
            if cand < best[i] {
                best[i] = cand;
                back[i] = last_ok as u32;
                known[i] = false;
            }
        }
        last_ok = i;
    }

    let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = n;
    while i > 0 {
        let s = back[i] as usize;
        cuts.push((s, i, known[i]));
        i = s;
    }
    cuts.reverse();
    // Merge neighbouring unknown pieces into one token.
    let mut out: Vec<&str> = Vec::with_capacity(cuts.len());
    let mut pending: Option<usize> = None;
    for (s, e, is_known) in cuts {
        if is_known {
            if let Some(p) = pending.take() {
                out.push(&run[p..s]);
            }
            out.push(&run[s..e]);
        } else if pending.is_none() {
            pending = Some(s);
        }
    }
    if let Some(p) = pending {
        out.push(&run[p..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_splits_into_dictionary_words() {
        assert_eq!(
            segment("ร้านนี้ส่งของเร็วมาก"),
            vec!["ร้าน", "นี้", "ส่ง", "ของ", "เร็ว", "มาก"]
        );
    }

    #[test]
    fn pieces_concatenate_back_and_unknown_runs_stay_whole() {
        let s = "ยางนี้ใส่กับล้อได้ไหมครับxxกกกกก";
        let th: String = s
            .chars()
            .filter(|c| ('\u{0E00}'..='\u{0E7F}').contains(c))
            .collect();
        let parts = segment(&th);
        assert_eq!(parts.concat(), th);
        assert!(parts.contains(&"ไหม"), "{parts:?}");
    }
}
