//! How the embedded models are built. `scripts/train-models` runs the
//! `train-models` binary, which calls these functions with fixed seeds: the
//! same data gives the same model files, byte for byte.

use crate::features::Bag;
use crate::linear::{Linear, Target, TrainConfig};
use crate::{extract, intent, lang, sentiment};
use std::io::BufRead;
use std::path::Path;

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Row {
    /// The text.
    pub text: String,
    /// Its label.
    pub label: String,
    /// Its id (or line number).
    pub id: String,
    /// `dev` for rows held out from training, when the file says so.
    pub split: Option<String>,
}

/// Reads `{"text","label",...}` lines.
pub fn read_jsonl(path: &Path) -> std::io::Result<Vec<Row>> {
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}:{}: {e}", path.display(), i + 1),
            )
        })?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
        out.push(Row {
            text: s("text").unwrap_or_default(),
            label: s("label").unwrap_or_default(),
            id: s("id").unwrap_or_else(|| (i + 1).to_string()),
            split: s("split"),
        });
    }
    Ok(out)
}

/// Whether a row without a split field is held out: one in five, chosen by
/// a hash of its id so the choice never changes.
pub fn held_out(id: &str) -> bool {
    crate::features::hash_str(id).is_multiple_of(5)
}

fn class_index(classes: &[&str], label: &str) -> Option<usize> {
    classes.iter().position(|c| *c == label)
}

/// Inverse-frequency class weights, normalised to mean 1.
fn balanced(data: &[(Bag, usize)], k: usize) -> Vec<f32> {
    let mut counts = vec![0f32; k];
    for (_, y) in data {
        counts[*y] += 1.0;
    }
    let n: f32 = counts.iter().sum();
    counts
        .iter()
        .map(|c| if *c > 0.0 { n / (k as f32 * c) } else { 1.0 })
        .collect()
}

fn names(classes: &[&str]) -> Vec<String> {
    classes.iter().map(|c| c.to_string()).collect()
}

/// Trains language identification on rows labelled with ISO codes.
pub fn train_language(rows: &[Row]) -> Linear {
    let classes = lang::LANGUAGES;
    let data: Vec<(Bag, usize)> = rows
        .iter()
        .filter_map(|r| {
            Some((
                extract::prepare(&r.text).bag,
                class_index(&classes, &r.label)?,
            ))
        })
        .collect();
    let cfg = TrainConfig {
        epochs: 10,
        lr: 0.2,
        l2: 0.0,
        seed: 11,
    };
    Linear::train(
        names(&classes),
        lang::BITS,
        lang::MASK,
        &data,
        &vec![1.0; classes.len()],
        &cfg,
    )
}

/// Trains the sentiment model for `lang` (`xx` pools every language, each
/// row read as its own `lang` field says). `balance` weighs classes by
/// inverse frequency (for macro metrics).
pub fn train_sentiment(lang: &str, rows: &[(Row, String)], balance: bool) -> Linear {
    let classes = sentiment::CLASSES;
    let data: Vec<(Bag, usize)> = rows
        .iter()
        .filter_map(|(r, l)| {
            Some((
                extract::extract(&r.text, l).bag,
                class_index(&classes, &r.label)?,
            ))
        })
        .collect();
    let weights = if balance {
        balanced(&data, 3)
    } else {
        vec![1.0; 3]
    };
    Linear::train(
        names(&classes),
        sentiment::bits(lang),
        sentiment::mask(lang),
        &data,
        &weights,
        &sentiment_config(lang),
    )
}

/// How the sentiment model for `lang` is trained. Chosen on the dev
/// splits (see docs/ANALYZER.md): a small learning rate and few passes
/// generalise best; English, with the fewest examples, stops earliest.
pub fn sentiment_config(lang: &str) -> TrainConfig {
    TrainConfig {
        epochs: if lang == "en" { 4 } else { 8 },
        lr: 0.05,
        l2: if lang == "en" { 1e-5 } else { 1e-4 },
        seed: 23,
    }
}

/// The weight of one German customer post against one tweet when the
/// German model learns from both (see [`train_sentiment_mixed`]); chosen
/// with `examples/tune_de` on both German dev sets (docs/ANALYZER.md).
pub const POSTS_WEIGHT: f32 = 1.0;

/// The weight of one English brand tweet (en-brand-tweets train, natural
/// class shares, mostly neutral) against the balanced SemEval tweets.
/// Chosen with `examples/tune_sentiment en` on the SemEval, brand-tweet
/// and airline dev files: 0.1–0.3 score alike; more makes every
/// complaint about a flight read neutral.
pub const EN_BRAND_WEIGHT: f32 = 0.2;

/// The weight of one tweet to a company (`en-complaints` train, read by
/// [`complaint_sentiment_bags`]: complaints negative, the others neutral
/// or positive) against the balanced SemEval tweets. Without them the
/// English model read 45% of the held-out complaints neutral or positive
/// (brand tweets teach that most tweets to a company say nothing); at
/// 0.5 a row it reads 81% of them negative, and fewer of the other
/// tweets negative than before (24% against 27%). Chosen with
/// `examples/tune_sentiment en` on the SemEval, brand-tweet, airline and
/// complaint dev files, averaged over five shuffling seeds (2026-12-06,
/// fifth build); see docs/ANALYZER.md. From 0.5 to 0.8 when our shop
/// reviews joined (2026-12-08): they teach that a short calm text to a
/// shop is often content, and the complaints' larger weight keeps the
/// held-out complaints read negative (0.829 → 0.838 of them).
pub const EN_COMPLAINT_WEIGHT: f32 = 0.8;

/// `en-complaints`' `file` under `data` (the shared data folder) as
/// sentiment targets for `lang`'s features: a complaint is negative (it
/// says the company fell short of what the writer expected), and a tweet
/// that is no complaint is neutral or positive, without saying which
/// (`Target::AnyOf`). The second half matters as much as the first:
/// complaints alone teach that anything written like a tweet to a
/// company — a handle, a cut-off text, a link — is negative, and "These
/// filters are cute tho" read negative.
pub fn complaint_sentiment_bags(
    data: &Path,
    file: &str,
    lang: &str,
) -> std::io::Result<Vec<(Bag, Target)>> {
    let path = data.join("intent").join("en-complaints").join(file);
    let class = |label: &str| class_index(&sentiment::CLASSES, label).unwrap_or(0);
    let negative = class("negative");
    let calm = (1u64 << class("neutral")) | (1 << class("positive"));
    Ok(read_jsonl(&path)?
        .into_iter()
        .map(|r| {
            let target = if r.label == "complaint" {
                Target::One(negative)
            } else {
                Target::AnyOf(calm)
            };
            (extract::extract(&r.text, lang).bag, target)
        })
        .collect())
}

/// Shifts of the English model's neutral and positive biases (a prior,
/// not a feature): brand tweets teach that most tweets say nothing for
/// or against, which is true of tweets about a product launch and false
/// of tweets to an airline's care desk. Tuned on the dev files of
/// SemEval, brand tweets and airline tweets (the last *measure only*:
/// tuned on, never trained on); see docs/ANALYZER.md. The positive shift
/// went from -0.3 to -0.4 when the rule "suggests" grew (2026-12-06,
/// third build): all three dev files gained by it. The neutral shift
/// went from -0.6 to -0.4 when the complaints joined (fifth build): they
/// teach part of what the larger shift did.
pub const EN_PRIOR_SHIFT: [f32; 3] = [0.0, -0.4, -0.4];

/// The weights of the German natural sets, per row, against the
/// balanced SB-10k tweets: our customer posts, the DAI product tweets,
/// the coffee reviews, our posts labelled by their target
/// (`data/sentiment-de-target`: the sentiment towards the company, not
/// the writer's mood) and our reviews and messages to online shops
/// (`data/sentiment-shop`), chosen with `examples/tune_sentiment de` (see
/// docs/ANALYZER.md). The shop reviews at 2.0 read our shop dev rows
/// 0.66 → 0.76 on average over three shuffling seeds, at a cost of about
/// a point on SB-10k and the DAI tweets (inside the spread of the seeds).
pub const DE_NATURAL_WEIGHTS: [f32; 5] = [1.0, 1.0, 1.0, 0.7, 2.0];

/// The weight of one of our English reviews and messages to online shops
/// (`data/sentiment-shop/en.jsonl`) against the balanced SemEval tweets,
/// chosen with `examples/tune_sentiment en` (docs/ANALYZER.md): 0.25–1.0
/// read the shop dev rows 0.67 → 0.74–0.80, and at 1.0 the airline tweets
/// gain too; the brand tweets lose about a point at any weight.
pub const EN_SHOP_WEIGHT: f32 = 1.0;

/// The weight of one of our Thai reviews and messages to online shops
/// (`data/sentiment-shop/th.jsonl`) against one Wisesight post. None:
/// at 0.5–32 (`examples/tune_sentiment th`) the Thai model reads our shop
/// dev rows no better than Wisesight alone does (0.65–0.68 against 0.68)
/// and Wisesight's dev rows up to a point lower, so the Thai rows only
/// measure for now (docs/ANALYZER.md).
pub const TH_SHOP_WEIGHT: f32 = 0.0;

/// Shifts of the German model's negative, neutral and positive biases
/// after training (a prior, as [`EN_PRIOR_SHIFT`]). The posts labelled
/// by target are three in five neutral and pull every German text
/// towards neutral, which costs the product tweets (labelled by the
/// writer's mood) their negatives; lowering the neutral bias by 0.3
/// gives them back, and gives back most of what GermEval 2017 (*measure
/// only*: tuned on, never trained on) gains too. Chosen with
/// `examples/tune_sentiment de` on every German dev file and six
/// shuffling seeds (docs/ANALYZER.md).
pub const DE_PRIOR_SHIFT: [f32; 3] = [0.0, -0.3, 0.0];

/// Trains a sentiment model from two kinds of text at once: `balanced`
/// (tweets, weighed by inverse class frequency, as for macro metrics)
/// and `natural` (customer posts, which keep their own share of each
/// class, each weighed `natural_weight`), so the model learns both what
/// tweets sound like and how often a post about a company says nothing
/// for or against it.
pub fn train_sentiment_mixed(
    lang: &str,
    balanced_rows: &[(Bag, usize)],
    natural: &[(Bag, usize)],
    natural_weight: f32,
    cfg: &TrainConfig,
) -> Linear {
    let class_weight = balanced(balanced_rows, 3);
    let data: Vec<(&Bag, usize, f32)> = balanced_rows
        .iter()
        .map(|(b, y)| (b, *y, class_weight.get(*y).copied().unwrap_or(1.0)))
        .chain(
            natural
                .iter()
                .filter(|_| natural_weight > 0.0)
                .map(|(b, y)| (b, *y, natural_weight)),
        )
        .collect();
    Linear::train_weighted(
        names(&sentiment::CLASSES),
        sentiment::bits(lang),
        sentiment::mask(lang),
        &data,
        cfg,
    )
}

/// Trains a sentiment model from one balanced set (class-balanced, times
/// `balanced_weight`) and several natural ones, each natural row weighing
/// its set's weight (see
/// [`train_sentiment_mixed`], which is this with one natural set), and
/// sets whose rows allow more than one class (`open`, each with its
/// weight: [`complaint_sentiment_bags`]).
pub fn train_sentiment_sets(
    lang: &str,
    balanced_rows: &[(Bag, usize)],
    balanced_weight: f32,
    natural: &[(&[(Bag, usize)], f32)],
    open: &[(&[(Bag, Target)], f32)],
    cfg: &TrainConfig,
) -> Linear {
    let class_weight: Vec<f32> = balanced(balanced_rows, 3)
        .into_iter()
        .map(|w| w * balanced_weight)
        .collect();
    let data: Vec<(&Bag, Target, f32)> = balanced_rows
        .iter()
        .map(|(b, y)| {
            let w = class_weight.get(*y).copied().unwrap_or(1.0);
            (b, Target::One(*y), w)
        })
        .chain(
            natural
                .iter()
                .filter(|(_, w)| *w > 0.0)
                .flat_map(|(rows, w)| rows.iter().map(move |(b, y)| (b, Target::One(*y), *w))),
        )
        .chain(
            open.iter()
                .filter(|(_, w)| *w > 0.0)
                .flat_map(|(rows, w)| rows.iter().map(move |(b, t)| (b, *t, *w))),
        )
        .collect();
    Linear::train_targets(
        names(&sentiment::CLASSES),
        sentiment::bits(lang),
        sentiment::mask(lang),
        &data,
        cfg,
    )
}

/// Bags and class indices of labelled sentiment rows, read as `lang`
/// (rows with another label are left out).
pub fn sentiment_bags(rows: &[Row], lang: &str) -> Vec<(Bag, usize)> {
    rows.iter()
        .filter_map(|r| {
            Some((
                extract::extract(&r.text, lang).bag,
                class_index(&sentiment::CLASSES, &r.label)?,
            ))
        })
        .collect()
}

/// Trains the intent model; each row comes with its language.
pub fn train_intent(rows: &[(Row, String)]) -> Linear {
    let classes = intent::CLASSES;
    let data: Vec<(Bag, usize)> = rows
        .iter()
        .filter_map(|(r, l)| {
            Some((
                extract::extract(&r.text, l).bag,
                class_index(&classes, &r.label)?,
            ))
        })
        .collect();
    let weights = balanced(&data, classes.len());
    let cfg = TrainConfig {
        epochs: 20,
        lr: 0.2,
        l2: 1e-5,
        seed: 31,
    };
    Linear::train(
        names(&classes),
        intent::BITS,
        intent::MASK,
        &data,
        &weights,
        &cfg,
    )
}

/// One intent training row: its text and language, what its label allows
/// and how much it weighs.
#[derive(Debug, Clone)]
pub struct IntentExample {
    /// The labelled row.
    pub row: Row,
    /// Its language (the features are built as for that language).
    pub lang: String,
    /// The class, or the classes, its label allows.
    pub target: Target,
    /// The weight of its loss.
    pub weight: f32,
    /// Which source it comes from.
    pub source: Source,
}

/// The sources of intent rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `data/intent`.
    Own,
    /// en-complaints.
    Complaints,
    /// th-truevoice.
    TrueVoice,
    /// en-bitext-synthetic.
    Bitext,
}

/// How much each source of intent rows weighs, per row, against our own
/// hand-labelled rows (which weigh 1 per row after class balancing).
/// Chosen with `examples/tune_intent` on the dev splits of every source
/// (docs/ANALYZER.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntentMix {
    /// The language the model is for (its own rows weigh [`IntentMix::own`],
    /// those of other languages [`IntentMix::foreign`]), or `None` for
    /// the model that reads every language.
    pub lang: Option<&'static str>,
    /// `data/intent`, class-balanced, times this.
    pub own: f32,
    /// Our own rows in languages other than [`IntentMix::lang`].
    pub foreign: f32,
    /// Complaints in tweets to companies (en-complaints train).
    pub complaints: f32,
    /// Thai call-centre utterances (th-truevoice, deduplicated, its dev
    /// split left out).
    pub truevoice: f32,
    /// Machine-written customer-support requests (en-bitext-synthetic):
    /// a supplement.
    pub bitext: f32,
}

/// The mix the shipped intent model for every language but Thai is
/// trained with (chosen with `examples/tune_intent`, docs/ANALYZER.md).
/// TrueVoice is left to the Thai model: its utterances, two in three
/// enquiries without a question mark, pulled English and German
/// statements towards questions through the shared rule features. The
/// synthetic Bitext requests, even at 0.02 a row, cost our own English
/// dev rows 1–4 points and forum suggestions 10 points of F1, so they
/// weigh nothing.
pub const INTENT_MIX: IntentMix = IntentMix {
    lang: None,
    own: 1.0,
    foreign: 1.0,
    complaints: 1.0,
    truevoice: 0.0,
    bitext: 0.0,
};

/// The mix of the Thai intent model (Thai script reads its own table,
/// see [`crate::Analyzer`]): our Thai rows, our other rows at 0.3 (the
/// rule features and loanwords they share), and TrueVoice class-balanced
/// at 0.022 a row — from about 0.026 our own Thai posts read as
/// enquiries. (It was 0.01 until our rows grew by 28% on 2026-12-06,
/// then 0.014; with the German rows of that day's third build
/// TrueVoice's question F1 fell to 0.862 at 0.014, and 0.018–0.024 keep
/// our Thai dev rows as they were, `tune_intent lang=th`.)
pub const INTENT_MIX_TH: IntentMix = IntentMix {
    lang: Some("th"),
    own: 1.0,
    foreign: 0.3,
    complaints: 0.0,
    truevoice: 0.022,
    bitext: 0.0,
};

/// Exact duplicates removed: one row per text (compared trimmed), with
/// the label most of its copies carry (the first of equals); first
/// occurrences keep their order.
pub fn dedupe(rows: Vec<Row>) -> Vec<Row> {
    use std::collections::HashMap;
    let mut votes: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    let mut order: Vec<Row> = Vec::new();
    for r in rows {
        let key = r.text.trim().to_string();
        let v = votes.entry(key).or_default();
        if v.is_empty() {
            order.push(r.clone());
        }
        match v.iter_mut().find(|(l, _)| *l == r.label) {
            Some((_, n)) => *n += 1,
            None => v.push((r.label.clone(), 1)),
        }
    }
    for r in &mut order {
        if let Some(v) = votes.get(r.text.trim()) {
            let best = v.iter().fold(None::<&(String, usize)>, |b, x| match b {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            });
            if let Some((label, _)) = best {
                r.label = label.clone();
            }
        }
    }
    order
}

/// Whether a row of a set without a dev file is held out, by a hash of
/// its trimmed text: copies of one text fall on the same side.
pub fn held_out_text(text: &str) -> bool {
    held_out(text.trim())
}

/// The deduplicated TrueVoice rows (`th-truevoice/train.jsonl`), split
/// into (train, dev) by [`held_out_text`].
pub fn truevoice(data: &Path) -> std::io::Result<(Vec<Row>, Vec<Row>)> {
    let rows = dedupe(read_jsonl(
        &data.join("intent").join("th-truevoice").join("train.jsonl"),
    )?);
    Ok(rows.into_iter().partition(|r| !held_out_text(&r.text)))
}

/// Every intent training row, weighted by `mix`: our own rows (train
/// split, primary label), en-complaints train (`complaint`, and
/// `not_complaint` as "any intent but complaint"), TrueVoice's train
/// split and the synthetic Bitext train file. Dev rows of every source
/// are left out.
pub fn intent_examples(
    data: &Path,
    intent_dir: &Path,
    mix: &IntentMix,
) -> std::io::Result<Vec<IntentExample>> {
    let classes = intent::CLASSES;
    let k = classes.len();
    let mut out: Vec<IntentExample> = Vec::new();
    let mut own: Vec<(Row, String, usize)> = Vec::new();
    for code in ["en", "de", "th"] {
        for r in read_jsonl(&intent_dir.join(format!("{code}.jsonl")))? {
            if r.split.as_deref() == Some("dev") {
                continue;
            }
            if let Some(y) = class_index(&classes, &r.label) {
                own.push((r, code.to_string(), y));
            }
        }
    }
    let mut counts = vec![0f32; k];
    for (_, _, y) in &own {
        counts[*y] += 1.0;
    }
    let n: f32 = counts.iter().sum();
    for (row, lang, y) in own {
        let balance = n / (k as f32 * counts[y].max(1.0));
        let weight = match mix.lang {
            Some(l) if l != lang => mix.foreign,
            _ => mix.own,
        };
        out.push(IntentExample {
            row,
            lang,
            target: Target::One(y),
            weight: balance * weight,
            source: Source::Own,
        });
    }
    let dir = data.join("intent");
    if mix.complaints > 0.0 {
        let complaint = class_index(&classes, "complaint").unwrap_or(1);
        for row in read_jsonl(&dir.join("en-complaints").join("train.jsonl"))? {
            let target = match row.label.as_str() {
                "complaint" => Target::One(complaint),
                "not_complaint" => Target::any_but(complaint, k),
                _ => continue,
            };
            out.push(IntentExample {
                row,
                lang: "en".into(),
                target,
                weight: mix.complaints,
                source: Source::Complaints,
            });
        }
    }
    if mix.truevoice > 0.0 {
        // Class-balanced: two in three utterances are enquiries, which
        // would otherwise teach that any Thai politeness particle asks.
        let rows: Vec<(Row, usize)> = truevoice(data)?
            .0
            .into_iter()
            .filter_map(|r| class_index(&classes, &r.label).map(|y| (r, y)))
            .collect();
        let mut counts = vec![0f32; k];
        for (_, y) in &rows {
            counts[*y] += 1.0;
        }
        let present = counts.iter().filter(|c| **c > 0.0).count() as f32;
        let n = rows.len() as f32;
        for (row, y) in rows {
            {
                out.push(IntentExample {
                    row,
                    lang: "th".into(),
                    target: Target::One(y),
                    weight: mix.truevoice * n / (present * counts[y].max(1.0)),
                    source: Source::TrueVoice,
                });
            }
        }
    }
    if mix.bitext > 0.0 {
        for row in read_jsonl(&dir.join("en-bitext-synthetic").join("train.jsonl"))? {
            if let Some(y) = class_index(&classes, &row.label) {
                out.push(IntentExample {
                    row,
                    lang: "en".into(),
                    target: Target::One(y),
                    weight: mix.bitext,
                    source: Source::Bitext,
                });
            }
        }
    }
    Ok(out)
}

/// How the intent model is trained.
pub const INTENT_CONFIG: TrainConfig = TrainConfig {
    epochs: 20,
    lr: 0.1,
    l2: 1e-5,
    seed: 31,
};

/// Bags of intent examples (built once, for training several models).
pub fn intent_bags(examples: &[IntentExample]) -> Vec<(Bag, Target, f32)> {
    examples
        .iter()
        .map(|e| {
            (
                extract::extract(&e.row.text, &e.lang).bag,
                e.target,
                e.weight,
            )
        })
        .collect()
}

/// Trains the intent model on weighted examples' bags (see
/// [`intent_bags`]).
pub fn train_intent_bags(bags: &[(Bag, Target, f32)], cfg: &TrainConfig) -> Linear {
    let data: Vec<(&Bag, Target, f32)> = bags.iter().map(|(b, t, w)| (b, *t, *w)).collect();
    Linear::train_orders(
        names(&intent::CLASSES),
        intent::BITS,
        intent::MASK,
        &data,
        cfg,
        INTENT_ORDERS,
    )
}

/// How many shuffling orders an intent model averages (from
/// [`INTENT_CONFIG`]'s seed on). Our own dev rows are 80–160 a language,
/// and one model's order moved them by up to seven rows when a few
/// training rows were added (2026-12-07: the Thai release rows read
/// 0.759 and then 0.675 with eight English and German rows more); the
/// average of five orders moves by what the rows teach.
pub const INTENT_ORDERS: usize = 5;
