//! Who the people are: names in three languages, handles that are unique
//! per channel, emails, follower counts and bios.
//!
//! A [`Sketch`] holds the few numbers that decide a person (drawn from the
//! person's own random stream, so it is the same in every pass); the
//! strings are built from it only when the person is written.

use crate::names::{
    DE_FIRST, DE_LAST, DOMAINS, EN_FIRST, EN_LAST, MASTODON, TH_FIRST, TH_LAST, TH_NICK,
};
use crate::persona::Persona;
use crate::rng::{exp, Rng};
use crate::shop::Ch;
use crate::text::{vocab, Lang};

/// Followers from which an account counts as large here; everyone but
/// influencers stays below it.
pub(crate) const SMALL_ACCOUNT: u64 = 4_999;

/// Spreads person numbers over a range of suffixes without collisions: an
/// affine map modulo a power of ten is a bijection when the multiplier
/// shares no factor with ten.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Suffixes {
    modulus: u64,
    mul: u64,
    add: u64,
}

impl Suffixes {
    /// Suffixes for `people` people.
    pub(crate) fn new(people: usize, seed: u64) -> Suffixes {
        let mut modulus = 100u64;
        while modulus < 4 * people as u64 {
            modulus *= 10;
        }
        let mut mul = (Rng::stream(seed, 0, 99).next_u64() % modulus) | 1;
        while mul.is_multiple_of(5) {
            mul += 2;
        }
        let add = Rng::stream(seed, 1, 99).below(modulus);
        Suffixes {
            modulus,
            mul: mul % modulus,
            add,
        }
    }

    /// The unique number of person `i`.
    pub(crate) fn of(self, i: u64) -> u64 {
        ((u128::from(self.mul) * u128::from(i) + u128::from(self.add)) % u128::from(self.modulus))
            as u64
    }
}

/// The deciding numbers of one person.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sketch {
    pub(crate) idx: u64,
    pub(crate) persona: Persona,
    pub(crate) lang: Lang,
    pub(crate) male: bool,
    first: u8,
    last: u8,
    nick: u8,
    handle_style: u8,
    name_style: u8,
    email_style: u8,
    domain: u8,
    uniq: u64,
    pub(crate) primary: Ch,
    pub(crate) second: Option<Ch>,
    pub(crate) followers: [u64; 2],
    bio: Option<u8>,
    /// Influencers: whether their content is about riding and outdoors.
    pub(crate) aligned: bool,
    pub(crate) currency: Currency,
}

/// The currency a person pays in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Currency {
    Eur,
    Gbp,
    Usd,
    Aud,
    Thb,
}

impl Currency {
    /// The ISO code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Usd => "USD",
            Currency::Aud => "AUD",
            Currency::Thb => "THB",
        }
    }

    /// A euro price in this currency's cents, rounded the way shops do.
    pub(crate) fn convert(self, eur_cents: i64) -> i64 {
        let (rate, step) = match self {
            Currency::Eur => return eur_cents,
            Currency::Gbp => (0.86, 50.0),
            Currency::Usd => (1.08, 100.0),
            Currency::Aud => (1.65, 100.0),
            Currency::Thb => (38.0, 1_000.0),
        };
        let raw = eur_cents as f64 * rate;
        let rounded = ((raw / step).round() * step) as i64;
        if step <= 100.0 {
            (rounded - 1).max(1)
        } else {
            rounded.max(step as i64)
        }
    }
}

fn lognormal_followers(r: &mut Rng, median: f64) -> u64 {
    (r.lognormal(median, 1.3) as u64).clamp(3, SMALL_ACCOUNT)
}

impl Sketch {
    /// Person `idx` with the given persona.
    pub(crate) fn new(seed: u64, idx: u64, persona: Persona, sfx: Suffixes) -> Sketch {
        let mut r = Rng::stream(seed, idx, 0);
        let lang = [Lang::De, Lang::En, Lang::Th][r.weighted(&[40, 35, 25])];
        let male = r.chance(0.6);
        let (first, last) = match lang {
            Lang::De => (r.index(DE_FIRST.len()), r.index(DE_LAST.len())),
            Lang::En => (r.index(EN_FIRST.len()), r.index(EN_LAST.len())),
            Lang::Th => {
                // Pick a given name of the speaker's sex.
                let mut f = r.index(TH_FIRST.len());
                if TH_FIRST[f].2 != male {
                    f = (f + 1) % TH_FIRST.len();
                }
                (f, r.index(TH_LAST.len()))
            }
        };
        let nick = r.index(5) as u8;
        let handle_style = r.index(10) as u8;
        let name_style = r.index(4) as u8;
        let email_style = r.index(3) as u8;
        let domain = r.index(DOMAINS.len()) as u8;
        let audience = Ch::audience(lang);
        let needs_dm = persona.needs_email_on_primary();
        let wants_second = persona.may_have_second() && r.chance(0.16);
        let mut primary = Ch::SOCIAL[r.weighted(&audience)];
        while (needs_dm || wants_second) && !primary.has_messages() {
            primary = Ch::SOCIAL[r.weighted(&audience)];
        }
        let second = wants_second.then(|| {
            if r.chance(0.55) {
                Ch::Shop
            } else {
                let mut c = Ch::SOCIAL[r.weighted(&audience)];
                while c == primary || !c.has_messages() {
                    c = Ch::SOCIAL[r.index(Ch::SOCIAL.len())];
                }
                c
            }
        });
        let influencer = persona == Persona::Influencer;
        let followers = if influencer {
            // Log-uniform between 20k and 800k: ln(20 000) and ln(800 000).
            let (lo, hi) = (9.903_487_552_536_127, 13.592_367_006_650_065);
            let f = exp(lo + (hi - lo) * r.f64()) as u64;
            // The reach lives on the main account; a second one stays small.
            [f, lognormal_followers(&mut r, 1_500.0)]
        } else {
            let median = if persona == Persona::Lurker {
                90.0
            } else {
                180.0
            };
            [
                lognormal_followers(&mut r, median),
                lognormal_followers(&mut r, 60.0),
            ]
        };
        let aligned = r.chance(0.6);
        let bio = (influencer || r.chance(0.75)).then(|| r.below(64) as u8);
        let currency = match lang {
            Lang::De => Currency::Eur,
            Lang::Th => Currency::Thb,
            Lang::En => [Currency::Gbp, Currency::Usd, Currency::Aud, Currency::Eur]
                [r.weighted(&[45, 30, 10, 15])],
        };
        Sketch {
            idx,
            persona,
            lang,
            male,
            first: first as u8,
            last: last as u8,
            nick,
            handle_style,
            name_style,
            email_style,
            domain,
            uniq: sfx.of(idx),
            primary,
            second,
            followers,
            bio,
            aligned,
            currency,
        }
    }

    fn ascii_names(&self) -> (&'static str, &'static str) {
        match self.lang {
            Lang::De => (
                DE_FIRST[self.first as usize].1,
                DE_LAST[self.last as usize].1,
            ),
            Lang::En => (
                EN_FIRST[self.first as usize].1,
                EN_LAST[self.last as usize].1,
            ),
            Lang::Th => {
                let first = if self.handle_style.is_multiple_of(2) {
                    TH_NICK[usize::from(!self.male)][self.nick as usize].1
                } else {
                    TH_FIRST[self.first as usize].1
                };
                (first, TH_LAST[self.last as usize].1)
            }
        }
    }

    /// The handle without channel decoration; the digits make it unique.
    pub(crate) fn base_handle(&self) -> String {
        let (f, l) = self.ascii_names();
        let u = self.uniq;
        let li = &l[..1];
        match self.handle_style {
            0 => format!("{f}.{l}{u}"),
            1 => format!("{f}_rides{u}"),
            2 => format!("{f}{li}{u}"),
            3 => format!("mtb_{f}{u}"),
            4 => format!("{f}.gravel{u}"),
            5 => format!("{l}.{f}{u}"),
            6 => format!("{f}_{l}{u}"),
            7 => format!("{f}{u}"),
            8 => format!("trail{f}{u}"),
            _ => format!("{f}.bikes{u}"),
        }
    }

    /// The person's email address.
    pub(crate) fn email(&self) -> String {
        let (f, l) = self.ascii_names();
        let (u, d) = (self.uniq, DOMAINS[self.domain as usize]);
        match self.email_style {
            0 => format!("{f}.{l}{u}@{d}"),
            1 => format!("{f}{u}@{d}"),
            _ => format!("{l}.{f}.{u}@{d}"),
        }
    }

    /// The handle on `ch` (the shop knows its customers by email).
    pub(crate) fn handle_on(&self, ch: Ch) -> String {
        let base = self.base_handle();
        match ch {
            Ch::X | Ch::Reddit => base.replace('.', "_"),
            Ch::Mastodon => format!("{base}@{}", MASTODON[self.domain as usize % MASTODON.len()]),
            Ch::Bluesky => format!("{}.bsky.social", base.replace(['.', '_'], "-")),
            Ch::Shop => self.email(),
            _ => base,
        }
    }

    /// The name shown on the person's accounts.
    pub(crate) fn display_name(&self) -> String {
        let s = self.name_style;
        match self.lang {
            Lang::De | Lang::En => {
                let (f, l) = if self.lang == Lang::De {
                    (
                        DE_FIRST[self.first as usize].0,
                        DE_LAST[self.last as usize].0,
                    )
                } else {
                    (
                        EN_FIRST[self.first as usize].0,
                        EN_LAST[self.last as usize].0,
                    )
                };
                match s {
                    0 => format!("{f} {l}"),
                    1 => format!("{f} {}.", l.chars().next().unwrap_or('X')),
                    2 => format!("{f} 🚵"),
                    _ => f.to_string(),
                }
            }
            Lang::Th => {
                let (tf, _, _) = TH_FIRST[self.first as usize];
                let (tl, al) = TH_LAST[self.last as usize];
                let (tn, an) = TH_NICK[usize::from(!self.male)][self.nick as usize];
                match s {
                    0 => format!("{tf} {tl}"),
                    1 => format!("{} {}", capital(an), capital(al)),
                    2 => format!("{tn} 🚲"),
                    _ => tf.to_string(),
                }
            }
        }
    }

    /// How the shop addresses the person.
    pub(crate) fn call_name(&self) -> &'static str {
        match self.lang {
            Lang::De => DE_FIRST[self.first as usize].0,
            Lang::En => EN_FIRST[self.first as usize].0,
            Lang::Th if self.name_style.is_multiple_of(2) => TH_FIRST[self.first as usize].0,
            Lang::Th => TH_NICK[usize::from(!self.male)][self.nick as usize].0,
        }
    }

    /// The profile text of the account on identity `which` (0 or 1).
    pub(crate) fn bio(&self, which: usize) -> Option<&'static str> {
        let b = usize::from(self.bio?);
        let v = vocab(self.lang);
        if self.persona == Persona::Influencer {
            let list = if self.aligned {
                v.bios_aligned
            } else {
                v.bios_other
            };
            return Some(list[b % list.len()]);
        }
        (which == 0).then(|| v.bios[b % v.bios.len()])
    }

    /// What an influencer makes content about.
    pub(crate) fn itopic(&self) -> &'static str {
        let list = vocab(self.lang).itopics[usize::from(!self.aligned)];
        list[usize::from(self.nick) % list.len()]
    }

    /// A referral code such as `ANNA42`.
    pub(crate) fn referral_code(&self) -> String {
        let (f, _) = self.ascii_names();
        format!("{}{}", f.to_ascii_uppercase(), self.uniq % 100)
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn suffixes_never_repeat() {
        for n in [1usize, 60, 999, 2_000, 25_000] {
            let s = Suffixes::new(n, 42);
            let seen: HashSet<u64> = (0..n as u64).map(|i| s.of(i)).collect();
            assert_eq!(seen.len(), n);
        }
    }

    #[test]
    fn handles_are_unique_per_channel_and_emails_parse() {
        let n = 5_000;
        let sfx = Suffixes::new(n, 7);
        for ch in Ch::ALL {
            let mut seen = HashSet::new();
            for i in 0..n as u64 {
                let s = Sketch::new(7, i, Persona::Casual, sfx);
                let h = s.handle_on(ch);
                assert!(h != ch.brand_handle());
                assert!(
                    rapport_core::Handle::parse(&h).is_ok_and(|p| p.as_str() == h),
                    "{h}"
                );
                assert!(seen.insert(h), "duplicate on {ch:?}");
                let e = s.email();
                assert!(
                    rapport_core::Email::parse(&e).is_ok_and(|p| p.as_str() == e),
                    "{e}"
                );
            }
        }
    }

    #[test]
    fn only_influencers_have_a_large_reach() {
        let sfx = Suffixes::new(1_000, 3);
        for i in 0..1_000 {
            let fan = Sketch::new(3, i, Persona::TrueFan, sfx);
            assert!(fan.followers.iter().all(|&f| f <= SMALL_ACCOUNT));
            let inf = Sketch::new(3, i, Persona::Influencer, sfx);
            assert!((20_000..=800_000).contains(&inf.followers[0]));
        }
    }

    #[test]
    fn prices_convert_to_shop_prices() {
        assert_eq!(Currency::Eur.convert(6_495), 6_495);
        assert_eq!(Currency::Thb.convert(6_495), 247_000);
        assert_eq!(Currency::Gbp.convert(6_495), 5_599);
    }
}
