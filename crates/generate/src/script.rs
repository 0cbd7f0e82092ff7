//! What each persona does over the window, written as acts (see
//! [`crate::acts`]): times, kinds and text categories, no words yet.
//!
//! The rules below are what makes the ladder recover each persona:
//! - lurker: one follow or like, never words, never orders;
//! - casual: 1–2 specific texts (answers to the shop included), maybe one
//!   stock phrase, 0–1 order;
//! - engaged: 3–5 specific texts, at most one stock phrase, no orders;
//! - box_ticker: 4–15 comments, at least 80 % stock phrases, no orders;
//! - true_fan: 4–10 specific texts with at least 3 on the main account, a
//!   message showing the email, 2–5 paid orders to that email, at most one
//!   recommendation, never negative;
//! - evangelist: 2–6 recommendations, shares and referrals, 0–1 order;
//! - influencer: 20k–800k followers, 1–2 texts, nothing else;
//! - detractor: 2–4 complaints (3–4 with two accounts), at most one word of
//!   praise (the ~30 % who are won back say thanks once), 0–1 order, often
//!   refunded.

use crate::acts::{Plan, Scene, B};
use crate::clock::{DAY, HOUR};
use crate::people::Sketch;
use crate::persona::Persona;
use crate::rng::Rng;
use crate::shop::Ch;
use crate::text::Cat;
use rapport_core::Kind;

const CASUAL_TALK: [(Cat, u32); 4] = [
    (Cat::Question, 35),
    (Cat::Remark, 25),
    (Cat::Praise, 20),
    (Cat::Intent, 20),
];
const ENGAGED_TALK: [(Cat, u32); 6] = [
    (Cat::Question, 30),
    (Cat::Remark, 25),
    (Cat::Praise, 12),
    (Cat::Suggestion, 13),
    (Cat::Intent, 5),
    (Cat::Helper, 15),
];
const FAN_TALK: [(Cat, u32); 5] = [
    (Cat::Praise, 30),
    (Cat::Question, 25),
    (Cat::Remark, 20),
    (Cat::Suggestion, 15),
    (Cat::Helper, 10),
];

/// Plans everything person `s` does, into `plan` (cleared first).
pub(crate) fn script(s: &Sketch, w: Scene<'_>, seed: u64, plan: &mut Plan) {
    plan.acts.clear();
    plan.orders.clear();
    let mut b = B {
        s,
        w,
        r: Rng::stream(seed, s.idx, 1),
        plan,
    };
    match s.persona {
        Persona::Lurker => {
            let kind = if b.r.chance(0.6) {
                Kind::Follow
            } else {
                Kind::Like
            };
            b.silent(kind);
        }
        Persona::Casual => casual(&mut b),
        Persona::Engaged => engaged(&mut b),
        Persona::BoxTicker => box_ticker(&mut b),
        Persona::TrueFan => true_fan(&mut b),
        Persona::Evangelist => evangelist(&mut b),
        Persona::Influencer => influencer(&mut b),
        Persona::Detractor => detractor(&mut b),
    }
}

fn casual(b: &mut B<'_>) {
    let mut budget = if b.s.second.is_some() {
        2
    } else {
        1 + u32::from(b.r.chance(0.4))
    };
    let main = if b.r.chance(0.5) {
        Cat::MessageQ
    } else {
        Cat::Intent
    };
    budget -= b.email_acts(main, Cat::ReviewPos).min(budget);
    b.talk(&mut budget, &CASUAL_TALK, 0.5);
    if b.r.chance(0.25) {
        let g = b.on_post(0, Cat::Generic, &[]);
        b.answer(g);
    }
    b.maybe_follow(0.5);
    if b.r.chance(0.3) {
        let at = b.free_time();
        b.order(at, "paid");
    }
}

fn engaged(b: &mut B<'_>) {
    let mut budget = b.r.range(3, 5) as u32;
    budget -= b.email_acts(Cat::MessageQ, Cat::ReviewPos).min(budget);
    b.talk(&mut budget, &ENGAGED_TALK, 0.6);
    if b.r.chance(0.2) {
        b.on_post(0, Cat::Generic, &[]);
    }
    b.maybe_follow(0.7);
}

fn box_ticker(b: &mut B<'_>) {
    let total = b.r.range(4, 15);
    let specific = b.r.below(total / 5 + 1);
    let mut seen: Vec<u32> = Vec::new();
    for _ in 0..total - specific {
        let g = b.on_post(0, Cat::Generic, &seen);
        if let Some(p) = b.plan.acts[g].post {
            seen.push(p);
        }
        b.answer(g);
    }
    for _ in 0..specific {
        let cat = if b.r.chance(0.5) {
            Cat::Question
        } else {
            Cat::Remark
        };
        let c = b.on_post(0, cat, &seen);
        b.answer(c);
    }
    b.maybe_follow(0.9);
}

fn true_fan(b: &mut B<'_>) {
    let mut budget = b.r.range(4, 10) as u32;
    let orders = b.r.range(2, 5);
    for _ in 0..orders {
        let at = b.free_time();
        b.order(at, "paid");
    }
    budget -= b.email_acts(Cat::MessageQ, Cat::ReviewPos).min(budget);
    if budget > 3 && b.r.chance(0.3) {
        budget -= 1;
        let rec = b.on_post(0, Cat::Recommend, &[]);
        b.answer(rec);
    }
    b.talk(&mut budget, &FAN_TALK, 0.6);
    b.maybe_follow(0.9);
}

fn evangelist(b: &mut B<'_>) {
    let acts = b.r.range(2, 6);
    for _ in 0..acts {
        match b.r.weighted(&[45, 35, 20]) {
            0 => {
                let rec = b.mention_or_comment(Cat::Recommend, 0.3);
                b.answer(rec);
            }
            1 => b.share(),
            _ => b.silent(Kind::Referral),
        }
    }
    b.email_acts(Cat::MessageQ, Cat::ReviewPos);
    let mut others = b.r.below(3) as u32;
    b.talk(&mut others, &[(Cat::Praise, 60), (Cat::Question, 40)], 0.0);
    if b.r.chance(0.5) {
        let at = b.free_time();
        b.order(at, "paid");
    }
    b.maybe_follow(0.9);
}

fn influencer(b: &mut B<'_>) {
    let two = b.s.second.is_some();
    let words = if two { 2 } else { b.r.range(1, 2) };
    let cats = [(Cat::Praise, 40), (Cat::Remark, 35), (Cat::Question, 25)];
    if two || b.r.chance(0.5) {
        let m = b.message(0, Cat::Collab);
        b.answer(m);
    } else {
        let cat = b.pick_cat(&cats);
        let c = b.on_post(0, cat, &[]);
        b.answer(c);
    }
    if words == 2 {
        let c = if two {
            let cat = if b.ch(1) == Ch::Shop {
                Cat::ReviewPos
            } else {
                Cat::Collab
            };
            b.message(1, cat)
        } else {
            let cat = b.pick_cat(&cats);
            b.on_post(0, cat, &[])
        };
        b.answer(c);
    }
    b.maybe_follow(0.5);
}

fn detractor(b: &mut B<'_>) {
    let two = b.s.second.is_some();
    let complaints = b.r.range(if two { 3 } else { 2 }, 4);
    let recovered = b.r.chance(0.3);
    let mut last_answer: Option<usize> = None;
    let mut first_at = b.w.end;
    for k in 0..complaints {
        let start = match (two, k) {
            (true, 0) => {
                let cat = if b.ch(1) == Ch::Shop {
                    Cat::ReviewNeg
                } else {
                    Cat::Complaint
                };
                b.message(1, cat)
            }
            (true, 1) => b.message(0, Cat::Complaint),
            _ if b.r.chance(0.55) => b.on_post(0, Cat::Complaint, &[]),
            _ => b.message(0, Cat::Complaint),
        };
        first_at = first_at.min(b.plan.acts[start].at);
        let Some(ans) = b.answer_as(start, 0.8, Cat::AnswerComplaint) else {
            continue;
        };
        last_answer = Some(ans);
        // Follow-ups stay on the main account, so that account alone reads
        // as the detractor even where accounts are not merged.
        if b.plan.acts[start].ident == 0 && b.r.chance(0.5) {
            let cat = if b.r.chance(0.6) {
                Cat::ComplaintBack
            } else {
                Cat::InfoBack
            };
            if let Some(back) = b.back(ans, cat) {
                let reply = if cat == Cat::InfoBack {
                    Cat::Resolve
                } else {
                    Cat::AnswerComplaint
                };
                if let Some(a2) = b.answer_as(back, 0.6, reply) {
                    last_answer = Some(a2);
                }
            }
        }
    }
    if recovered {
        if let Some(back) = last_answer.and_then(|a| b.back(a, Cat::RecoveredBack)) {
            b.answer_as(back, 0.5, Cat::FollowUp);
        }
    }
    if b.r.chance(0.3) {
        let q = b.on_post(0, Cat::Question, &[]);
        b.answer(q);
    }
    if b.r.chance(0.6) {
        let status = if b.r.chance(0.5) { "refunded" } else { "paid" };
        let earliest = b.w.since + HOUR;
        let at = (first_at - b.r.range(1, 10) as i64 * DAY)
            .max(earliest)
            .min(first_at);
        b.order(at, status);
    }
    b.maybe_follow(0.3);
}
