//! Writing one person: their acts become lines with words, ids and
//! threads; then their extra likes, their orders and their truth line.

use crate::acts::{Act, Parent, Plan};
use crate::clock::reaction_delay;
use crate::engine::{World, BRAND_BIO};
use crate::json::{Item, Line, OrderLine};
use crate::people::Sketch;
use crate::rng::Rng;
use crate::shop::{Ch, PRODUCTS, SHOP};
use crate::text::{bank, choose, choose_answer, product_for, render, Cat, Ctx, Hint, Lang};
use crate::writer::Sink;
use crate::{Stats, Truth};
use rapport_core::Kind;
use std::io;

impl World {
    /// Two people this person may tag, as `@handle` on their channel.
    fn friends(&self, s: &Sketch, r: &mut Rng) -> [String; 2] {
        let n = self.personas.len() as u64;
        let mut tag = || {
            let mut j = r.below(n);
            if j == s.idx {
                j = (j + 1) % n;
            }
            let f = Sketch::new(self.seed, j, self.personas[j as usize], self.sfx);
            format!("@{}", f.handle_on(s.primary))
        };
        [tag(), tag()]
    }

    /// Writes person `s`: their acts, `likes` extra likes (placed with
    /// `lr`), their orders and their truth line.
    pub(crate) fn write_person(
        &self,
        s: &Sketch,
        plan: &Plan,
        likes: u64,
        lr: &mut Rng,
        sink: &mut dyn Sink,
        st: &mut State,
    ) -> io::Result<()> {
        let mut tr = Rng::stream(self.seed, s.idx, 2);
        let chans = [s.primary, s.second.unwrap_or(s.primary)];
        let handles = [
            s.handle_on(chans[0]),
            s.second.map(|c| s.handle_on(c)).unwrap_or_default(),
        ];
        let display = s.display_name();
        let email = s.email();
        let advocate = plan
            .acts
            .iter()
            .any(|a| matches!(a.cat, Cat::Recommend | Cat::Referral));
        let friends = if advocate {
            self.friends(s, &mut tr)
        } else {
            Default::default()
        };
        let code = if advocate {
            s.referral_code()
        } else {
            String::new()
        };
        let favourite = tr.index(bank(s.lang, Cat::Generic).len());
        let ctx = Ctx {
            lang: s.lang,
            product: 0,
            name: s.call_name(),
            friend: &friends[0],
            friend2: &friends[1],
            male: s.male,
            itopic: s.itopic(),
            kfollowers: s.followers[0] / 1_000,
            code: &code,
        };
        st.ids.clear();
        st.prods.clear();
        st.hints.clear();
        st.posts_of.clear();
        for act in &plan.acts {
            let ch = chans[usize::from(act.ident)];
            let id = st.take_id(ch);
            let (kind, reply_to, post) = self.thread(act, ch, &mut tr, st);
            st.ids.push(id);
            st.posts_of.push(post);
            let (product, hint) = self.words(act, post, s.lang, favourite, &ctx, &mut tr, st);
            st.prods.push(product);
            st.hints.push(hint);
            let ident = usize::from(act.ident);
            let line = if act.brand {
                Line {
                    ch,
                    id,
                    kind,
                    handle: ch.brand_handle(),
                    display: Some(SHOP),
                    email: None,
                    followers: None,
                    bio: Some(BRAND_BIO),
                    text: &st.text,
                    at: act.at,
                    reply_to,
                    post: post.map(|p| self.posts.all[p as usize].id),
                    brand: true,
                }
            } else {
                Line {
                    ch,
                    id,
                    kind,
                    handle: &handles[ident],
                    display: Some(&display),
                    email: act.email.then_some(email.as_str()),
                    // A web shop shows neither followers nor a profile.
                    followers: (ch != Ch::Shop).then_some(s.followers[ident]),
                    bio: if ch == Ch::Shop { None } else { s.bio(ident) },
                    text: &st.text,
                    at: act.at,
                    reply_to,
                    post: post.map(|p| self.posts.all[p as usize].id),
                    brand: false,
                }
            };
            sink.line(&line)?;
            st.stats.interactions += 1;
            let asks = matches!(act.cat, Cat::Question | Cat::Intent);
            if !act.brand && asks && matches!(act.parent, Parent::None | Parent::Post) {
                if let Some(p) = post {
                    st.ring[ch.idx()].push(id, act.at, p);
                }
            }
        }
        for _ in 0..likes {
            self.like(s, &handles[0], &display, lr, sink, st)?;
        }
        for o in &plan.orders {
            let items = order_items(s, &mut tr);
            let total: i64 = items.iter().map(|i| i64::from(i.2) * i.3).sum();
            let id = st.next_order;
            st.next_order += 1;
            sink.order(&OrderLine {
                id,
                email: &email,
                total_cents: total,
                currency: s.currency.code(),
                at: o.at,
                items: &items,
                status: o.status,
            })?;
            st.stats.orders += 1;
        }
        st.stats.people += 1;
        sink.truth(Truth {
            channel: s.primary.name().to_string(),
            handle: handles[0].clone(),
            persona: s.persona,
        })
    }

    /// Kind, parent id and post of an act, once ids are known.
    fn thread(
        &self,
        act: &Act,
        ch: Ch,
        r: &mut Rng,
        st: &State,
    ) -> (Kind, Option<u64>, Option<u32>) {
        let post_id = |p: Option<u32>| p.map(|p| self.posts.all[p as usize].id);
        match act.parent {
            Parent::None => (act.kind, None, act.post),
            Parent::Post => (act.kind, post_id(act.post), act.post),
            Parent::Act(j) => {
                let j = usize::from(j);
                (act.kind, Some(st.ids[j]), st.posts_of[j])
            }
            Parent::Foreign => match st.ring[ch.idx()].find(r, act.at) {
                Some((id, post)) => (Kind::Reply, Some(id), Some(post)),
                None if ch.answers_are_replies() => (Kind::Reply, post_id(act.post), act.post),
                None => (Kind::Comment, None, act.post),
            },
        }
    }

    /// Writes the act's words into `st.text`; returns the product talked
    /// about and what a question was about.
    #[allow(clippy::too_many_arguments)]
    fn words(
        &self,
        act: &Act,
        post: Option<u32>,
        lang: Lang,
        favourite: usize,
        ctx: &Ctx<'_>,
        r: &mut Rng,
        st: &mut State,
    ) -> (u8, Hint) {
        st.text.clear();
        if act.cat == Cat::Silent {
            return (0, Hint::General);
        }
        let b = bank(lang, act.cat);
        let shown = post.map(|p| &self.posts.all[p as usize]);
        let asked = match act.parent {
            Parent::Act(j) if act.brand => Some(st.hints[usize::from(j)]),
            _ => None,
        };
        let tpl = if let Some(hint) = asked {
            choose_answer(b, hint, r)
        } else if act.cat == Cat::Generic && r.chance(0.75) {
            &b[favourite % b.len()]
        } else {
            choose(b, shown.map(|p| p.topic), r)
        };
        let product = match act.parent {
            Parent::Act(j) => st.prods[usize::from(j)],
            _ => product_for(tpl, shown.and_then(|p| p.product), r),
        };
        let c = Ctx { product, ..*ctx };
        render(&mut st.text, tpl.text, &c, r);
        (product, asked.unwrap_or(tpl.hint))
    }

    pub(crate) fn like(
        &self,
        s: &Sketch,
        handle: &str,
        display: &str,
        r: &mut Rng,
        sink: &mut dyn Sink,
        st: &mut State,
    ) -> io::Result<()> {
        let ch = s.primary;
        let (post, at) = match self.posts.pick(r, ch, s.lang, self.since) {
            Some(p) => {
                let posted = self.posts.all[p as usize].at;
                let mut at = posted + reaction_delay(r);
                if at > self.end {
                    at = posted + ((self.end - posted).max(0) as f64 * r.f64()) as i64;
                }
                (Some(self.posts.all[p as usize].id), at)
            }
            None => (
                None,
                self.since + r.below((self.end - self.since).max(1) as u64) as i64,
            ),
        };
        let id = st.take_id(ch);
        st.text.clear();
        sink.line(&Line {
            ch,
            id,
            kind: Kind::Like,
            handle,
            display: Some(display),
            email: None,
            followers: Some(s.followers[0]),
            bio: s.bio(0),
            text: "",
            at,
            reply_to: None,
            post,
            brand: false,
        })?;
        st.stats.interactions += 1;
        Ok(())
    }
}

/// One to three products, priced in the buyer's currency.
fn order_items(s: &Sketch, r: &mut Rng) -> Vec<Item> {
    let n = 1 + r.weighted(&[60, 30, 10]);
    let mut items: Vec<Item> = Vec::with_capacity(n);
    while items.len() < n {
        let p = &PRODUCTS[r.index(PRODUCTS.len())];
        if items.iter().any(|i| i.0 == p.sku) {
            continue;
        }
        let qty = if p.sku.starts_with("TYR") && r.chance(0.5) {
            2
        } else {
            1
        };
        let title = match s.lang {
            Lang::En => p.en,
            Lang::De => p.de,
            Lang::Th => p.th,
        };
        items.push((p.sku, title, qty, s.currency.convert(p.cents)));
    }
    items
}

/// Recent top-level questions per channel that others may answer.
#[derive(Debug, Default)]
struct Ring {
    entries: Vec<(u64, i64, u32)>,
    next: usize,
}

impl Ring {
    const CAP: usize = 64;

    fn push(&mut self, id: u64, at: i64, post: u32) {
        if self.entries.len() < Self::CAP {
            self.entries.push((id, at, post));
        } else {
            self.entries[self.next] = (id, at, post);
            self.next = (self.next + 1) % Self::CAP;
        }
    }

    /// A question asked at least ten minutes before `at`.
    fn find(&self, r: &mut Rng, at: i64) -> Option<(u64, u32)> {
        if self.entries.is_empty() {
            return None;
        }
        (0..4).find_map(|_| {
            let &(id, asked, post) = r.pick(&self.entries);
            (asked + 600 < at).then_some((id, post))
        })
    }
}

/// Counters and scratch space of the second pass.
pub(crate) struct State {
    next_id: [u64; 8],
    next_order: u64,
    ring: [Ring; 8],
    pub(crate) text: String,
    ids: Vec<u64>,
    prods: Vec<u8>,
    hints: Vec<Hint>,
    posts_of: Vec<Option<u32>>,
    pub(crate) stats: Stats,
}

impl State {
    pub(crate) fn new(first_ids: [u64; 8]) -> State {
        State {
            next_id: first_ids,
            next_order: 100_001,
            ring: Default::default(),
            text: String::new(),
            ids: Vec::new(),
            prods: Vec::new(),
            hints: Vec::new(),
            posts_of: Vec::new(),
            stats: Stats::default(),
        }
    }

    pub(crate) fn take_id(&mut self, ch: Ch) -> u64 {
        let id = self.next_id[ch.idx()];
        self.next_id[ch.idx()] += 1;
        id
    }
}
