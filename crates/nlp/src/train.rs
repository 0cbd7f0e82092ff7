//! How the embedded models are built. `scripts/train-models` runs the
//! `train-models` binary, which calls these functions with fixed seeds: the
//! same data gives the same model files, byte for byte.

use crate::features::Bag;
use crate::linear::{Linear, TrainConfig};
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
