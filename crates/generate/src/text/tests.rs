//! Every template, filled with every product it fits, must read the way its
//! category promises under `rapport_core::signals`.

use super::*;
use rapport_core::signals;

const LANGS: [Lang; 3] = [Lang::En, Lang::De, Lang::Th];

const PERSON_CATS: [Cat; 20] = [
    Cat::Question,
    Cat::Remark,
    Cat::Praise,
    Cat::Suggestion,
    Cat::Intent,
    Cat::Generic,
    Cat::Recommend,
    Cat::Complaint,
    Cat::ComplaintBack,
    Cat::InfoBack,
    Cat::ThanksBack,
    Cat::RecoveredBack,
    Cat::Helper,
    Cat::MessageQ,
    Cat::ReviewPos,
    Cat::ReviewNeg,
    Cat::Collab,
    Cat::Mention,
    Cat::Share,
    Cat::Referral,
];

const BRAND_CATS: [Cat; 11] = [
    Cat::AnswerQuestion,
    Cat::AnswerComplaint,
    Cat::AnswerPraise,
    Cat::AnswerSuggestion,
    Cat::AnswerIntent,
    Cat::AnswerRecommend,
    Cat::AnswerReview,
    Cat::AnswerGeneric,
    Cat::AnswerCollab,
    Cat::Resolve,
    Cat::FollowUp,
];

/// (generic, recommendation, negative, positive); `None` = either.
type Profile = (Option<bool>, Option<bool>, Option<bool>, Option<bool>);

fn profile(cat: Cat) -> Profile {
    let (t, f) = (Some(true), Some(false));
    match cat {
        Cat::Question
        | Cat::Remark
        | Cat::Intent
        | Cat::Helper
        | Cat::InfoBack
        | Cat::MessageQ
        | Cat::Mention => (f, f, f, f),
        Cat::Collab | Cat::Suggestion => (f, f, f, None),
        Cat::Praise | Cat::ThanksBack | Cat::RecoveredBack | Cat::ReviewPos => (f, f, f, t),
        Cat::Generic => (t, f, f, None),
        Cat::Recommend => (f, t, f, None),
        Cat::Complaint | Cat::ComplaintBack | Cat::ReviewNeg => (f, f, t, None),
        _ => (None, None, None, None),
    }
}

fn products_for(t: &Tpl) -> Vec<u8> {
    (0..PRODUCTS.len() as u8)
        .filter(|&i| t.fit.admits(PRODUCTS[i as usize].class))
        .collect()
}

fn ctx(lang: Lang, product: u8, male: bool) -> Ctx<'static> {
    Ctx {
        lang,
        product,
        name: "Anna",
        friend: "@tom_k12",
        friend2: "@lena.b7",
        male,
        itopic: vocab(lang).itopics[0][0],
        kfollowers: 120,
        code: "ANNA10",
    }
}

fn check(lang: Lang, cat: Cat, t: &Tpl, r: &mut Rng, bad: &mut Vec<String>) {
    let (generic, rec, neg, pos) = profile(cat);
    let mut out = String::new();
    assert!(
        !t.text.contains('@'),
        "{lang:?} {cat:?}: a literal @ in {:?}",
        t.text
    );
    if t.text.contains("{size}") {
        assert!(
            matches!(
                t.fit,
                Fit::Only(Class::Tyre | Class::Helmet | Class::Bag | Class::Wear)
            ),
            "{lang:?} {cat:?}: {{size}} in a template without sizes: {:?}",
            t.text
        );
    }
    for product in products_for(t) {
        for round in 0..8 {
            render(&mut out, t.text, &ctx(lang, product, round % 2 == 0), r);
            assert!(
                !out.contains('{') && !out.contains('}'),
                "unfilled slot in {out:?}"
            );
            let seen = (
                signals::is_generic(&out),
                signals::is_recommendation(&out),
                signals::is_negative(&out),
                signals::is_positive(&out),
            );
            let names = ["generic", "recommendation", "negative", "positive"];
            let want = [generic, rec, neg, pos];
            let got = [seen.0, seen.1, seen.2, seen.3];
            for k in 0..4 {
                if want[k].is_some_and(|w| w != got[k]) {
                    let not = if got[k] { "not " } else { "" };
                    bad.push(format!(
                        "{lang:?} {cat:?}: {out:?} should be {not}{}",
                        names[k]
                    ));
                }
            }
        }
    }
}

#[test]
fn every_person_template_reads_as_its_category() {
    let mut r = Rng::new(3);
    let mut bad = Vec::new();
    for lang in LANGS {
        for cat in PERSON_CATS {
            let b = bank(lang, cat);
            assert!(!b.is_empty(), "{lang:?} {cat:?} is empty");
            for t in b {
                check(lang, cat, t, &mut r, &mut bad);
            }
        }
    }
    bad.dedup();
    assert!(bad.is_empty(), "{} misfits:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn brand_and_post_templates_fill_every_slot() {
    let mut r = Rng::new(4);
    let mut out = String::new();
    for lang in LANGS {
        for cat in BRAND_CATS {
            let b = bank(lang, cat);
            assert!(!b.is_empty(), "{lang:?} {cat:?} is empty");
            for t in b {
                assert!(!t.text.contains("{size}"), "{:?}", t.text);
                check(lang, cat, t, &mut r, &mut Vec::new());
            }
        }
        for topic in Topic::ALL {
            for t in post_bank(lang, topic) {
                for &p in topic.products().iter().chain([0u8].iter()) {
                    render(&mut out, t.text, &ctx(lang, p, true), &mut r);
                    assert!(!out.contains('{'), "unfilled slot in {out:?}");
                }
            }
        }
    }
}

#[test]
fn each_language_has_plenty_of_base_phrasings() {
    for lang in LANGS {
        let n: usize = PERSON_CATS.iter().map(|&c| bank(lang, c).len()).sum();
        assert!(n >= 120, "{lang:?} has only {n} person templates");
        let brand: usize = BRAND_CATS.iter().map(|&c| bank(lang, c).len()).sum();
        assert!(brand >= 20, "{lang:?} has only {brand} brand templates");
    }
}

#[test]
fn thai_particles_follow_the_speaker() {
    let mut r = Rng::new(1);
    let mut out = String::new();
    render(
        &mut out,
        "ขอบคุณ{k} ไปด้วยกันไหม{kq}",
        &ctx(Lang::Th, 0, false),
        &mut r,
    );
    assert_eq!(out, "ขอบคุณค่ะ ไปด้วยกันไหมคะ");
    render(
        &mut out,
        "ต้องลอง{p}{k} ส่ง{p}ไป",
        &ctx(Lang::Th, 1, true),
        &mut r,
    );
    assert_eq!(
        out,
        "ต้องลองยางกราเวล Schotter 45 ครับ ส่งยางกราเวล Schotter 45 ไป"
    );
    render(
        &mut out,
        "{Dp} und {dpa} mit {dpd}",
        &ctx(Lang::De, 5, true),
        &mut r,
    );
    assert_eq!(
        out,
        "Die Packesel-Rahmentasche und die Packesel-Rahmentasche mit der Packesel-Rahmentasche"
    );
}
