//! English or German sentiment against every dev set of its language (a
//! development aid): the balanced tweet set the model has always learnt
//! from, plus natural sets (each with a weight per row), and a shift of
//! the neutral class's bias — a prior, tuned on sets that may be measured
//! but never trained on (GermEval, airline tweets).
//!
//!     cargo run --release -p rapport-nlp --example tune_sentiment -- de [W1,..] [W2,..] [W3,..] [W4,..] [W5,..] [NEUTRAL SHIFT,..] [POSITIVE SHIFT,..]
//!     cargo run --release -p rapport-nlp --example tune_sentiment -- en [W1,..] [W2,..] [W3,..] [NEUTRAL SHIFT,..] [POSITIVE SHIFT,..]
//!     cargo run --release -p rapport-nlp --example tune_sentiment -- th [W1,..] [NEUTRAL SHIFT,..] [POSITIVE SHIFT,..]
//!
//! de: W1 our customer posts, W2 DAI product tweets, W3 coffee reviews,
//! W4 our posts labelled by target (`data/sentiment-de-target`), W5 our
//! shop reviews (`data/sentiment-shop`);
//! en: W1 brand tweets, W2 our shop reviews, W3 `en-complaints`
//! (complaints negative, the other tweets neutral or positive; each line
//! also says how many of its dev complaints read negative and how many of
//! its other dev tweets do not); th: W1 our shop reviews beside
//! Wisesight's posts (natural shares, weight 1; no balanced set).
//! Environment: BALANCED_WEIGHT scales the balanced
//! set (default 1), SEED the shuffling seed (to see how much the order
//! rows are visited in moves a figure), POSTS and TARGET read other German posts, OUT=DIR writes the (last) model
//! there as sentiment-LANG.bin, CONFUSION=1 prints
//! each dev set's confusion matrix and PEEK=FILE each row of FILE with
//! its gold label, the prediction and its probability (to stderr).
use rapport_nlp::eval::Confusion;
use rapport_nlp::features::Bag;
use rapport_nlp::linear::{Linear, Target};
use rapport_nlp::sentiment;
use rapport_nlp::train::{self, read_jsonl, Row};
use std::path::Path;

type Bags = Vec<(Bag, usize)>;
/// Rows whose target may allow more than one class.
type Open = Vec<(Bag, Target)>;

fn list(arg: Option<&String>, default: &[f32]) -> Vec<f32> {
    arg.map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn score(m: &Linear, dev: &Bags) -> (f64, f64) {
    let mut c = Confusion::default();
    for (bag, y) in dev {
        let p = m.probs(bag);
        let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(1);
        c.add(sentiment::CLASSES[*y], sentiment::CLASSES[best]);
    }
    let r = c.report("sentiment");
    if std::env::var_os("CONFUSION").is_some() {
        eprintln!("{:?}", r.confusion);
    }
    (r.accuracy, r.macro_f1)
}

/// How many complaints read negative, and how many other tweets do not.
fn open_share(m: &Linear, dev: &[(Bag, Target)]) -> String {
    let (mut complaints, mut negative, mut others, mut calm) = (0, 0, 0, 0);
    for (bag, t) in dev {
        let p = m.probs(bag);
        let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(1);
        match t {
            Target::One(_) => {
                complaints += 1;
                negative += usize::from(best == 0);
            }
            Target::AnyOf(_) => {
                others += 1;
                calm += usize::from(best != 0);
            }
        }
    }
    let share = |a: usize, n: usize| a as f64 / n.max(1) as f64;
    format!(
        "complaints negative {:.3}, others not {:.3}",
        share(negative, complaints),
        share(calm, others)
    )
}

fn rows(dir: &str, file: &str) -> std::io::Result<Vec<Row>> {
    read_jsonl(&Path::new("../shared/data/sentiment").join(dir).join(file))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = args.first().map(String::as_str).unwrap_or("de");
    let shared = Path::new("../shared/data");
    let b = |dir: &str, file: &str| -> std::io::Result<Bags> {
        Ok(train::sentiment_bags(&rows(dir, file)?, lang))
    };
    // Our shop reviews in this language, train and dev.
    let (shop_dev, shop_train): (Vec<Row>, Vec<Row>) =
        read_jsonl(&Path::new("data/sentiment-shop").join(format!("{lang}.jsonl")))?
            .into_iter()
            .partition(|r| r.split.as_deref() == Some("dev"));
    let (shop_dev, shop_train) = (
        train::sentiment_bags(&shop_dev, lang),
        train::sentiment_bags(&shop_train, lang),
    );
    let (balanced, naturals, devs): (Bags, Vec<Bags>, Vec<(&str, Bags)>) = if lang == "de" {
        let posts = read_jsonl(Path::new(
            &std::env::var("POSTS")
                .unwrap_or_else(|_| "data/sentiment-de-customer/de.jsonl".into()),
        ))?;
        let (pdev, ptrain): (Vec<Row>, Vec<Row>) = posts
            .into_iter()
            .partition(|r| r.split.as_deref() == Some("dev"));
        let target = read_jsonl(Path::new(
            &std::env::var("TARGET").unwrap_or_else(|_| "data/sentiment-de-target/de.jsonl".into()),
        ))?;
        let (tdev, ttrain): (Vec<Row>, Vec<Row>) = target
            .into_iter()
            .partition(|r| r.split.as_deref() == Some("dev"));
        (
            b("de-sb10k", "train.jsonl")?,
            vec![
                train::sentiment_bags(&ptrain, "de"),
                b("de-dai-product-tweets", "train.jsonl")?,
                b("de-coffee-reviews", "train.jsonl")?,
                train::sentiment_bags(&ttrain, "de"),
                shop_train,
            ],
            vec![
                ("shop", shop_dev),
                ("sb10k", b("de-sb10k", "dev.jsonl")?),
                ("posts", train::sentiment_bags(&pdev, "de")),
                ("target", train::sentiment_bags(&tdev, "de")),
                ("germeval", b("de-germeval2017", "dev.jsonl")?),
                ("dai", b("de-dai-product-tweets", "dev.jsonl")?),
                ("coffee", b("de-coffee-reviews", "dev.jsonl")?),
            ],
        )
    } else if lang == "th" {
        (
            Vec::new(),
            vec![shop_train],
            vec![
                ("shop", shop_dev),
                ("wisesight", b("th-wisesight", "dev.jsonl")?),
            ],
        )
    } else {
        (
            b("en-semeval", "train.jsonl")?,
            vec![b("en-brand-tweets", "train.jsonl")?, shop_train],
            vec![
                ("shop", shop_dev),
                ("semeval", b("en-semeval", "dev.jsonl")?),
                ("brand", b("en-brand-tweets", "dev.jsonl")?),
                ("airline", b("en-airline", "dev.jsonl")?),
            ],
        )
    };
    // Sets whose rows allow more than one class, and their dev rows: the
    // complaints to companies (English only). Each dev line then says
    // how many dev complaints read negative and how many of the other
    // tweets do not.
    let (opens, open_dev): (Vec<Open>, Open) = if lang == "en" {
        (
            vec![train::complaint_sentiment_bags(
                shared,
                "train.jsonl",
                lang,
            )?],
            train::complaint_sentiment_bags(shared, "dev.jsonl", lang)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    // Thai learns from Wisesight's posts in their natural shares.
    let wisesight = if lang == "th" {
        b("th-wisesight", "train.jsonl")?
    } else {
        Vec::new()
    };
    let k = naturals.len() + opens.len();
    let grids: Vec<Vec<f32>> = (0..k).map(|i| list(args.get(1 + i), &[0.0, 1.0])).collect();
    let shifts = list(args.get(1 + k), &[0.0]);
    let pos_shifts = list(args.get(2 + k), &[0.0]);
    let mut combos: Vec<Vec<f32>> = vec![vec![]];
    for g in &grids {
        combos = combos
            .iter()
            .flat_map(|c| {
                g.iter().map(move |w| {
                    let mut c = c.clone();
                    c.push(*w);
                    c
                })
            })
            .collect();
    }
    let mut cfg = train::sentiment_config(lang);
    if let Some(seed) = std::env::var("SEED").ok().and_then(|v| v.parse().ok()) {
        cfg.seed = seed;
    }
    for ws in combos {
        let mut sets: Vec<(&[(Bag, usize)], f32)> = naturals
            .iter()
            .zip(&ws)
            .map(|(n, w)| (n.as_slice(), *w))
            .collect();
        if lang == "th" {
            sets.insert(0, (wisesight.as_slice(), 1.0));
        }
        let open: Vec<(&[(Bag, Target)], f32)> = opens
            .iter()
            .zip(&ws[naturals.len()..])
            .map(|(n, w)| (n.as_slice(), *w))
            .collect();
        let bw: f32 = std::env::var("BALANCED_WEIGHT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1.0);
        let m = train::train_sentiment_sets(lang, &balanced, bw, &sets, &open, &cfg);
        for (&shift, &pos) in shifts
            .iter()
            .flat_map(|s| pos_shifts.iter().map(move |p| (s, p)))
        {
            let mut m = m.clone();
            m.shift_bias(1, shift);
            m.shift_bias(2, pos);
            if let Ok(path) = std::env::var("PEEK") {
                // Prints gold and predicted label of each row of a dev file.
                for r in read_jsonl(Path::new(&path))? {
                    let bag = rapport_nlp::extract::extract(&r.text, lang).bag;
                    let p = m.probs(&bag);
                    let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(1);
                    eprintln!(
                        "{}\t{}\t{:.2}\t{}",
                        r.label,
                        sentiment::CLASSES[best],
                        p[best],
                        r.text.chars().take(140).collect::<String>()
                    );
                }
            }
            if let Ok(dir) = std::env::var("OUT") {
                // Writes the model of this (last) combination, to read
                // with `real_eval -- DATA DIR` beside the other models.
                std::fs::write(
                    Path::new(&dir).join(format!("sentiment-{lang}.bin")),
                    m.to_bytes(),
                )?;
            }
            let mut line: Vec<String> = devs
                .iter()
                .map(|(name, dev)| {
                    let (acc, f1) = score(&m, dev);
                    format!("{name} {acc:.3}/{f1:.3}")
                })
                .collect();
            if !open_dev.is_empty() {
                line.push(open_share(&m, &open_dev));
            }
            println!(
                "weights={ws:?} shift={shift} pos={pos} | acc/macroF1: {}",
                line.join(" | ")
            );
        }
    }
    Ok(())
}
