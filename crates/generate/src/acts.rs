//! Acts: a person's timed, wordless plan (comments, replies, messages, the
//! shop's answers, follows, shares, orders), and the builder that persona
//! scripts use to write it. Only the person's "acts" random stream is
//! drawn from, so counting and writing see the same plan.

use crate::clock::{person_delay, reaction_delay, shop_delay, HOUR};
use crate::people::Sketch;
use crate::rng::Rng;
use crate::shop::{Ch, Posts};
use crate::text::Cat;
use rapport_core::Kind;

/// What an act answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parent {
    /// Nothing: a top-level comment, a message, a like.
    None,
    /// The shop post itself (replies on X, Mastodon, Bluesky).
    Post,
    /// An earlier act of the same person's list.
    Act(u16),
    /// Someone else's question; chosen when the act is written.
    Foreign,
}

/// One planned interaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Act {
    pub(crate) at: i64,
    pub(crate) kind: Kind,
    /// Which of the person's accounts (0 main, 1 second); for the shop's
    /// answers, the account it answers on.
    pub(crate) ident: u8,
    pub(crate) brand: bool,
    pub(crate) cat: Cat,
    /// Index into the posts.
    pub(crate) post: Option<u32>,
    pub(crate) parent: Parent,
    /// The author's email is shown (messages and shop reviews).
    pub(crate) email: bool,
}

/// One planned order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OrderPlan {
    pub(crate) at: i64,
    pub(crate) status: &'static str,
}

/// A person's acts and orders; reused from person to person.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) acts: Vec<Act>,
    pub(crate) orders: Vec<OrderPlan>,
}

/// The stage: the shop's posts and the window in which people act.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scene<'a> {
    pub(crate) posts: &'a Posts,
    /// Earliest moment of a person's activity.
    pub(crate) since: i64,
    /// Latest moment of data.
    pub(crate) end: i64,
}

/// Builds a person's plan; the persona scripts speak through it.
pub(crate) struct B<'a> {
    pub(crate) s: &'a Sketch,
    pub(crate) w: Scene<'a>,
    pub(crate) r: Rng,
    pub(crate) plan: &'a mut Plan,
}

/// How likely the shop answers a text of this category.
fn answer_rate(cat: Cat) -> f64 {
    match cat {
        Cat::Question | Cat::MessageQ | Cat::Collab => 0.85,
        Cat::Intent | Cat::Complaint | Cat::ReviewNeg => 0.8,
        Cat::Suggestion | Cat::ReviewPos => 0.5,
        Cat::Mention => 0.45,
        Cat::Recommend => 0.4,
        Cat::Praise => 0.3,
        Cat::Remark => 0.25,
        Cat::Generic => 0.03,
        _ => 0.0,
    }
}

impl B<'_> {
    pub(crate) fn ch(&self, ident: u8) -> Ch {
        match (ident, self.s.second) {
            (1, Some(c)) => c,
            _ => self.s.primary,
        }
    }

    pub(crate) fn push(&mut self, act: Act) -> usize {
        self.plan.acts.push(act);
        self.plan.acts.len() - 1
    }

    pub(crate) fn free_time(&mut self) -> i64 {
        let span = (self.w.end - self.w.since - 2 * HOUR).max(60);
        self.w.since + 60 + self.r.below(span as u64) as i64
    }

    pub(crate) fn person(&self, at: i64, kind: Kind, ident: u8, cat: Cat) -> Act {
        Act {
            at,
            kind,
            ident,
            brand: false,
            cat,
            post: None,
            parent: Parent::None,
            email: false,
        }
    }

    /// A post on the account's channel and a moment shortly after it.
    pub(crate) fn react(&mut self, ident: u8, avoid: &[u32]) -> Option<(u32, i64)> {
        let ch = self.ch(ident);
        let mut pick = self
            .w
            .posts
            .pick(&mut self.r, ch, self.s.lang, self.w.since)?;
        for _ in 0..3 {
            if !avoid.contains(&pick) {
                break;
            }
            pick = self
                .w
                .posts
                .pick(&mut self.r, ch, self.s.lang, self.w.since)?;
        }
        let posted = self.w.posts.all[pick as usize].at;
        let latest = self.w.end - 60;
        let mut at = posted + reaction_delay(&mut self.r);
        if at > latest {
            at = posted + 30 + ((latest - posted - 30).max(0) as f64 * self.r.f64()) as i64;
        }
        Some((pick, at.max(self.w.since)))
    }

    /// A comment under a post (a reply to it where that is the custom).
    pub(crate) fn on_post(&mut self, ident: u8, cat: Cat, avoid: &[u32]) -> usize {
        let ch = self.ch(ident);
        let Some((post, at)) = self.react(ident, avoid) else {
            let at = self.free_time();
            return self.push(self.person(at, Kind::Comment, ident, cat));
        };
        let (kind, parent) = if ch.answers_are_replies() {
            (Kind::Reply, Parent::Post)
        } else {
            (Kind::Comment, Parent::None)
        };
        let mut a = self.person(at, kind, ident, cat);
        a.post = Some(post);
        a.parent = parent;
        self.push(a)
    }

    /// Someone else's question, answered by this person.
    pub(crate) fn helper(&mut self, ident: u8) -> usize {
        let i = self.on_post(ident, Cat::Helper, &[]);
        if self.plan.acts[i].post.is_some() {
            self.plan.acts[i].kind = Kind::Reply;
            self.plan.acts[i].parent = Parent::Foreign;
        }
        i
    }

    /// A direct message (or, on the web shop, a review) showing the email.
    /// Where there are no direct messages (YouTube), it becomes a comment.
    pub(crate) fn message(&mut self, ident: u8, cat: Cat) -> usize {
        if !self.ch(ident).has_messages() {
            return self.on_post(ident, cat, &[]);
        }
        let at = self.free_time();
        let review = matches!(cat, Cat::ReviewPos | Cat::ReviewNeg) && self.ch(ident) == Ch::Shop;
        let kind = if review { Kind::Review } else { Kind::Message };
        let mut a = self.person(at, kind, ident, cat);
        a.email = true;
        self.push(a)
    }

    /// A public mention of the shop, or a comment where mentions are not
    /// the custom.
    pub(crate) fn mention_or_comment(&mut self, cat: Cat, p: f64) -> usize {
        if self.s.primary.has_mentions() && self.r.chance(p) {
            let at = self.free_time();
            self.push(self.person(
                at,
                Kind::Mention,
                0,
                if cat == Cat::Recommend {
                    cat
                } else {
                    Cat::Mention
                },
            ))
        } else {
            self.on_post(0, cat, &[])
        }
    }

    /// A like (on a post), a follow or a referral: no words.
    pub(crate) fn silent(&mut self, kind: Kind) {
        if kind == Kind::Like {
            if let Some((post, at)) = self.react(0, &[]) {
                let mut a = self.person(at, kind, 0, Cat::Silent);
                a.post = Some(post);
                self.push(a);
                return;
            }
        }
        let at = self.free_time();
        let (kind, cat) = match kind {
            Kind::Referral => (kind, Cat::Referral),
            _ => (Kind::Follow, Cat::Silent),
        };
        self.push(self.person(at, kind, 0, cat));
    }

    pub(crate) fn share(&mut self) {
        if let Some((post, at)) = self.react(0, &[]) {
            let mut a = self.person(at, Kind::Share, 0, Cat::Share);
            a.post = Some(post);
            self.push(a);
        } else {
            self.silent(Kind::Referral);
        }
    }

    /// The shop answers act `i` with probability `p`, in the shop's time.
    pub(crate) fn answer_as(&mut self, i: usize, p: f64, cat: Cat) -> Option<usize> {
        if !self.r.chance(p) {
            return None;
        }
        let parent = self.plan.acts[i];
        let at = parent.at + shop_delay(&mut self.r, parent.at);
        if at > self.w.end {
            return None;
        }
        self.push(Act {
            at,
            kind: Kind::Reply,
            ident: parent.ident,
            brand: true,
            cat,
            post: parent.post,
            parent: Parent::Act(i as u16),
            email: false,
        })
        .into()
    }

    pub(crate) fn answer(&mut self, i: usize) -> Option<usize> {
        let cat = self.plan.acts[i].cat;
        self.answer_as(i, answer_rate(cat), cat.answer())
    }

    /// The person comes back to the shop's answer `i`.
    pub(crate) fn back(&mut self, i: usize, cat: Cat) -> Option<usize> {
        let parent = self.plan.acts[i];
        let at = parent.at + person_delay(&mut self.r);
        if at > self.w.end {
            return None;
        }
        let mut a = self.person(at, Kind::Reply, parent.ident, cat);
        a.post = parent.post;
        a.parent = Parent::Act(i as u16);
        Some(self.push(a))
    }

    /// A friendly thread: the shop may answer, the person may come back
    /// (spending one unit of `budget`), the shop may have the last word.
    pub(crate) fn converse(&mut self, start: usize, budget: &mut u32, p_back: f64) {
        let Some(ans) = self.answer(start) else {
            return;
        };
        let asked = matches!(
            self.plan.acts[start].cat,
            Cat::Question | Cat::Intent | Cat::MessageQ | Cat::Suggestion
        );
        if !asked || *budget == 0 || !self.r.chance(p_back) {
            return;
        }
        let cat = if self.r.chance(0.6) {
            Cat::ThanksBack
        } else {
            Cat::InfoBack
        };
        if let Some(b) = self.back(ans, cat) {
            *budget -= 1;
            self.answer_as(b, 0.45, Cat::FollowUp);
        }
    }

    pub(crate) fn pick_cat(&mut self, cats: &[(Cat, u32)]) -> Cat {
        let w: Vec<u32> = cats.iter().map(|c| c.1).collect();
        cats[self.r.weighted(&w)].0
    }

    pub(crate) fn maybe_follow(&mut self, p: f64) {
        if self.r.chance(p) {
            self.silent(Kind::Follow);
        }
    }

    pub(crate) fn order(&mut self, at: i64, status: &'static str) {
        self.plan.orders.push(OrderPlan { at, status });
    }

    /// The email acts of a person with two accounts (one on each), or of a
    /// true fan (on the main account).
    pub(crate) fn email_acts(&mut self, main: Cat, second: Cat) -> u32 {
        let mut used = 0;
        if self.s.second.is_some() || self.s.persona.needs_email_on_primary() {
            let m = self.message(0, main);
            self.answer_as(m, 0.9, main.answer());
            used += 1;
        }
        if self.s.second.is_some() {
            let cat = if self.ch(1) == Ch::Shop {
                second
            } else {
                Cat::MessageQ
            };
            let m = self.message(1, cat);
            self.answer(m);
            used += 1;
        }
        used
    }

    pub(crate) fn talk(&mut self, budget: &mut u32, cats: &[(Cat, u32)], p_back: f64) {
        while *budget > 0 {
            *budget -= 1;
            let cat = self.pick_cat(cats);
            if cat == Cat::Helper {
                self.helper(0);
                continue;
            }
            let start = if cat == Cat::Intent {
                self.on_post(0, cat, &[])
            } else {
                self.mention_or_comment(cat, 0.15)
            };
            self.converse(start, budget, p_back);
        }
    }
}
