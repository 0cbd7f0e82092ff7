//! The eight kinds of people a shop meets, and how many of each there are.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// How a generated person relates to the shop; the ground truth the ladder
/// is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Persona {
    /// Only likes and follows; never writes, never buys.
    Lurker,
    /// Comments often, but with stock phrases ("Nice!", "🔥🔥").
    BoxTicker,
    /// Says something specific once or twice.
    Casual,
    /// Asks and comments specifically and regularly, does not buy (yet).
    Engaged,
    /// Talks to the shop and buys again and again.
    TrueFan,
    /// Recommends the shop, tags friends, shares, brings customers.
    Evangelist,
    /// Has a large audience; comments rarely.
    Influencer,
    /// Unhappy and says so.
    Detractor,
}

impl Persona {
    /// Every persona.
    pub const ALL: [Persona; 8] = [
        Persona::Lurker,
        Persona::BoxTicker,
        Persona::Casual,
        Persona::Engaged,
        Persona::TrueFan,
        Persona::Evangelist,
        Persona::Influencer,
        Persona::Detractor,
    ];

    /// The name used in truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Persona::Lurker => "lurker",
            Persona::BoxTicker => "box_ticker",
            Persona::Casual => "casual",
            Persona::Engaged => "engaged",
            Persona::TrueFan => "true_fan",
            Persona::Evangelist => "evangelist",
            Persona::Influencer => "influencer",
            Persona::Detractor => "detractor",
        }
    }

    /// Share of the population, in per mille.
    fn share(self) -> u64 {
        match self {
            Persona::Lurker => 300,
            Persona::Casual => 250,
            Persona::Engaged => 120,
            Persona::BoxTicker => 80,
            Persona::TrueFan => 80,
            Persona::Evangelist => 70,
            Persona::Detractor => 60,
            Persona::Influencer => 40,
        }
    }

    /// Must show an email on their main account (to link their orders).
    pub(crate) fn needs_email_on_primary(self) -> bool {
        self == Persona::TrueFan
    }

    /// May also have an account on a second channel, with the same email.
    pub(crate) fn may_have_second(self) -> bool {
        !matches!(self, Persona::Lurker | Persona::BoxTicker)
    }
}

/// The smallest count of each persona that a population of `people` keeps,
/// even when the interaction budget is tight.
pub(crate) fn floor_count(p: Persona, people: usize) -> usize {
    if people >= 50 || (p == Persona::Influencer && people >= 20) {
        1
    } else {
        0
    }
}

/// Personas for `people` people: the shares above, rounded by largest
/// remainder, at least one of each from 50 people (an influencer from 20),
/// in a seeded random order.
pub(crate) fn assign(people: usize, seed: u64) -> Vec<Persona> {
    let n = people as u64;
    let mut counts: Vec<(Persona, u64, u64)> = Persona::ALL
        .iter()
        .map(|&p| (p, n * p.share() / 1_000, n * p.share() % 1_000))
        .collect();
    let assigned: u64 = counts.iter().map(|c| c.1).sum();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i].2));
    for &i in order.iter().take((n - assigned) as usize) {
        counts[i].1 += 1;
    }
    for i in 0..counts.len() {
        let (p, c, _) = counts[i];
        let want = floor_count(p, people) as u64;
        if c < want {
            // Borrow from the most common persona.
            if let Some(j) = (0..counts.len()).max_by_key(|&j| counts[j].1) {
                if counts[j].1 > 1 {
                    counts[j].1 -= 1;
                    counts[i].1 += want - c;
                }
            }
        }
    }
    let mut all: Vec<Persona> = counts
        .iter()
        .flat_map(|&(p, c, _)| std::iter::repeat_n(p, c as usize))
        .collect();
    let mut r = Rng::stream(seed, u64::MAX, 1);
    for i in (1..all.len()).rev() {
        let j = r.index(i + 1);
        all.swap(i, j);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(v: &[Persona], p: Persona) -> usize {
        v.iter().filter(|&&x| x == p).count()
    }

    #[test]
    fn the_mix_follows_the_shares() {
        let v = assign(1_000, 1);
        assert_eq!(v.len(), 1_000);
        assert_eq!(count(&v, Persona::Lurker), 300);
        assert_eq!(count(&v, Persona::Influencer), 40);
    }

    #[test]
    fn small_populations_keep_the_rare_personas() {
        let v = assign(20, 1);
        assert_eq!(v.len(), 20);
        assert!(count(&v, Persona::Influencer) >= 1);
        for n in [50, 51, 77] {
            let v = assign(n, 9);
            assert_eq!(v.len(), n);
            for p in Persona::ALL {
                assert!(count(&v, p) >= 1, "{p:?} missing at {n}");
            }
        }
        assert!(assign(0, 1).is_empty());
        assert_eq!(assign(3, 1).len(), 3);
    }

    #[test]
    fn names_are_snake_case() {
        for p in Persona::ALL {
            assert_eq!(
                serde_json::to_string(&p).expect("json"),
                format!("\"{}\"", p.as_str())
            );
        }
    }
}
