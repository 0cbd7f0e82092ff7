//! The generation run: plan the posts and the people, fit the interaction
//! budget exactly, then write person after person.
//!
//! First pass: every person's script is run once, only to count its acts.
//! The remaining budget becomes likes, spread over people by weight (heavy
//! for lurkers), so the total hits the requested count. If the scripts
//! alone exceed the budget, people are turned into lurkers (one act each)
//! until they fit. Second pass: the same scripts again, now with words.

use crate::acts::{Plan, Scene};
use crate::clock::{DAY, HOUR};
use crate::json::Line;
use crate::people::{Sketch, Suffixes};
use crate::persona::{assign, floor_count, Persona};
use crate::render::State;
use crate::rng::Rng;
use crate::script::script;
use crate::shop::{period_start, post_count, Posts, SHOP};
use crate::text::{post_bank, render, Ctx};
use crate::writer::Sink;
use crate::{Config, Stats};
use rapport_core::Kind;
use std::io;

/// The shop's profile text.
pub(crate) const BRAND_BIO: &str = "Trail, gravel & bikepacking gear · workshop · DE / UK / TH";

/// Everything decided before the first line is written.
pub(crate) struct World {
    pub(crate) seed: u64,
    pub(crate) end: i64,
    pub(crate) since: i64,
    pub(crate) posts: Posts,
    pub(crate) personas: Vec<Persona>,
    pub(crate) sfx: Suffixes,
    /// Channel counters after the posts.
    pub(crate) first_ids: [u64; 8],
    /// Likes to spread over people.
    extras: u64,
    /// Sum of the people's like weights.
    weights: u64,
}

/// A person's share of the extra likes, and the stream that places them.
fn like_weight(seed: u64, i: u64, p: Persona) -> (u64, Rng) {
    let mut r = Rng::stream(seed, i, 3);
    let base = match p {
        Persona::Lurker => 3,
        Persona::Influencer | Persona::Detractor => 1,
        _ => 2,
    };
    let u = r.f64();
    (base * (1 + (8.0 * u * u * u) as u64), r)
}

impl World {
    pub(crate) fn new(cfg: &Config) -> World {
        let days = cfg.days.max(1);
        let end = cfg.end;
        let since = end - i64::from(days.min(90)) * DAY + HOUR;
        let mut first_ids = [1u64; 8];
        let n_posts = post_count(cfg.interactions, cfg.people, days);
        let posts = Posts::plan(
            n_posts,
            period_start(end, days),
            end,
            cfg.seed,
            &mut first_ids,
        );
        let mut world = World {
            seed: cfg.seed,
            end,
            since,
            posts,
            personas: assign(cfg.people, cfg.seed),
            sfx: Suffixes::new(cfg.people, cfg.seed),
            first_ids,
            extras: 0,
            weights: 0,
        };
        world.fit_budget(cfg.interactions.saturating_sub(n_posts) as u64);
        world
    }

    pub(crate) fn scene(&self) -> Scene<'_> {
        Scene {
            posts: &self.posts,
            since: self.since,
            end: self.end,
        }
    }

    fn sketch(&self, i: usize) -> Sketch {
        Sketch::new(self.seed, i as u64, self.personas[i], self.sfx)
    }

    fn cost(&self, i: usize, plan: &mut Plan) -> u64 {
        script(&self.sketch(i), self.scene(), self.seed, plan);
        plan.acts.len() as u64
    }

    /// The first pass: count, shrink if needed, and size the extra likes.
    fn fit_budget(&mut self, budget: u64) {
        let mut plan = Plan::default();
        let n = self.personas.len();
        let mut costs: Vec<u64> = (0..n).map(|i| self.cost(i, &mut plan)).collect();
        let mut core: u64 = costs.iter().sum();
        if core > budget {
            let mut order: Vec<usize> = (0..n).collect();
            let mut r = Rng::stream(self.seed, u64::MAX, 2);
            for i in (1..n).rev() {
                order.swap(i, r.index(i + 1));
            }
            let mut counts = [0usize; 8];
            for &p in &self.personas {
                counts[p as usize] += 1;
            }
            for i in order {
                if core <= budget {
                    break;
                }
                let p = self.personas[i];
                if p == Persona::Lurker || counts[p as usize] <= floor_count(p, n) {
                    continue;
                }
                counts[p as usize] -= 1;
                self.personas[i] = Persona::Lurker;
                let new = self.cost(i, &mut plan);
                core = core - costs[i] + new;
                costs[i] = new;
            }
        }
        self.extras = budget.saturating_sub(core);
        self.weights = (0..n)
            .map(|i| like_weight(self.seed, i as u64, self.personas[i]).0)
            .sum();
    }

    /// The second pass: every line, in order.
    pub(crate) fn run(&self, sink: &mut dyn Sink) -> io::Result<Stats> {
        let mut st = State::new(self.first_ids);
        self.write_posts(sink, &mut st)?;
        let mut plan = Plan::default();
        let (mut cum, mut given) = (0u128, 0u64);
        for i in 0..self.personas.len() {
            let s = self.sketch(i);
            script(&s, self.scene(), self.seed, &mut plan);
            let (w, mut lr) = like_weight(self.seed, i as u64, s.persona);
            cum += u128::from(w);
            let due = if self.weights == 0 {
                0
            } else {
                (u128::from(self.extras) * cum / u128::from(self.weights)) as u64
            };
            let likes = due - given;
            given = due;
            self.write_person(&s, &plan, likes, &mut lr, sink, &mut st)?;
        }
        Ok(st.stats)
    }

    fn write_posts(&self, sink: &mut dyn Sink, st: &mut State) -> io::Result<()> {
        let mut r = Rng::stream(self.seed, u64::MAX, 8);
        for post in &self.posts.all {
            let tpl = r.pick(post_bank(post.lang, post.topic));
            let ctx = Ctx {
                lang: post.lang,
                product: post.product.unwrap_or(0),
                name: "",
                friend: "",
                friend2: "",
                male: true,
                itopic: "",
                kfollowers: 0,
                code: "",
            };
            render(&mut st.text, tpl.text, &ctx, &mut r);
            sink.line(&Line {
                ch: post.ch,
                id: post.id,
                kind: Kind::Post,
                handle: post.ch.brand_handle(),
                display: Some(SHOP),
                email: None,
                followers: None,
                bio: Some(BRAND_BIO),
                text: &st.text,
                at: post.at,
                reply_to: None,
                post: None,
                brand: true,
            })?;
            st.stats.interactions += 1;
        }
        Ok(())
    }
}
