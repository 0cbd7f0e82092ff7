//! The intent model against every intent dev split (a development aid):
//! our own rows per language, complaints in tweets, TrueVoice's hashed dev
//! split, the synthetic Bitext dev file and the forum suggestions
//! (*measure only*: scored, never trained on).
//!
//!     cargo run --release -p rapport-nlp --example tune_intent -- [lang=th] [own=1] [foreign=0] [complaints=0.5,1] [truevoice=..] [bitext=..] [epochs=..] [lr=..] [l2=..] [show=en] [confusion=1]
//!
//! `SEED=N` shuffles the rows in another order than the shipped model's.
//!
//! Each argument lists the values to try; every combination is trained
//! and scored, one line each. Our own dev rows are scored all together
//! and, in brackets, those of the 2026-12-04 release alone (as in
//! `real_eval`). `show=en` prints the own dev rows of that language the
//! model misreads; `confusion=1` counts Bitext's gold and read labels
//! (counts only, no texts).
use rapport_nlp::eval::precision_recall_f1;
use rapport_nlp::features::Bag;
use rapport_nlp::intent::CLASSES;
use rapport_nlp::linear::{Linear, Target, TrainConfig};
use rapport_nlp::train::{self, read_jsonl, IntentMix, Row};
use rapport_nlp::{extract, train::INTENT_CONFIG, train::INTENT_MIX, train::INTENT_MIX_TH};
use std::collections::HashMap;
use std::path::Path;

fn bags(rows: &[Row], lang: &str) -> Vec<(Bag, String)> {
    rows.iter()
        .map(|r| {
            let bag = extract::extract(&r.text, lang).bag;
            if std::env::var_os("SHOW_TEXT").is_some() {
                eprintln!("{}\t{}", r.label, r.text);
            }
            (bag, r.label.clone())
        })
        .collect()
}

fn predict(m: &Linear, bag: &Bag) -> &'static str {
    let p = m.probs(bag);
    let best = (0..p.len())
        .max_by(|a, b| p[*a].total_cmp(&p[*b]))
        .unwrap_or(0);
    CLASSES[best]
}

fn accuracy(m: &Linear, dev: &[(Bag, String)]) -> f64 {
    let right = dev.iter().filter(|(b, y)| predict(m, b) == y).count();
    right as f64 / dev.len().max(1) as f64
}

/// F1 of `label` against everything else.
fn binary(m: &Linear, dev: &[(Bag, String)], label: &str) -> (f64, f64, f64) {
    let (mut tp, mut pp, mut ap) = (0, 0, 0);
    for (b, y) in dev {
        let p = predict(m, b) == label;
        let g = y == label;
        tp += u64::from(p && g);
        pp += u64::from(p);
        ap += u64::from(g);
    }
    precision_recall_f1(tp, pp, ap)
}

fn list(args: &HashMap<String, String>, key: &str, default: f32) -> Vec<f32> {
    args.get(key)
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![default])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: HashMap<String, String> = std::env::args()
        .skip(1)
        .filter_map(|a| a.split_once('=').map(|(k, v)| (k.into(), v.into())))
        .collect();
    let data = Path::new("../shared/data");
    let thai = args.get("lang").is_some_and(|l| l == "th");
    let start = if thai { INTENT_MIX_TH } else { INTENT_MIX };
    let mut own_dev = Vec::new();
    // The previous release's dev rows (ids up to its last, as in
    // `real_eval`), scored apart so that figures compare across releases.
    let mut release_dev = Vec::new();
    for (code, last) in [("en", 420), ("de", 413), ("th", 411)] {
        let rows: Vec<Row> = read_jsonl(Path::new(&format!("data/intent/{code}.jsonl")))?
            .into_iter()
            .filter(|r| r.split.as_deref() == Some("dev"))
            .collect();
        let old: Vec<Row> = rows
            .iter()
            .filter(|r| {
                r.id.rsplit('-')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| n <= last)
            })
            .cloned()
            .collect();
        release_dev.push((code, bags(&old, code)));
        let texts: Vec<String> = rows.iter().map(|r| r.text.clone()).collect();
        own_dev.push((code, bags(&rows, code), texts));
    }
    let d = data.join("intent");
    let complaints = bags(
        &read_jsonl(&d.join("en-complaints").join("dev.jsonl"))?,
        "en",
    );
    let tv = bags(&train::truevoice(data)?.1, "th");
    let bitext = bags(
        &read_jsonl(&d.join("en-bitext-synthetic").join("dev.jsonl"))?,
        "en",
    );
    let forum = bags(
        &read_jsonl(&d.join("en-suggestions-forum").join("dev.jsonl"))?,
        "en",
    );
    println!("truevoice dev {}", tv.len());
    for own in list(&args, "own", start.own) {
        for c in list(&args, "complaints", start.complaints) {
            for t in list(&args, "truevoice", start.truevoice) {
                for b in list(&args, "bitext", start.bitext) {
                    for epochs in list(&args, "epochs", INTENT_CONFIG.epochs as f32) {
                        for lr in list(&args, "lr", INTENT_CONFIG.lr) {
                            for l2 in list(&args, "l2", INTENT_CONFIG.l2) {
                                let mix = IntentMix {
                                    own,
                                    foreign: list(&args, "foreign", start.foreign)[0],
                                    complaints: c,
                                    truevoice: t,
                                    bitext: b,
                                    ..start
                                };
                                let examples =
                                    train::intent_examples(data, Path::new("data/intent"), &mix)?;
                                let data: Vec<(Bag, Target, f32)> = train::intent_bags(&examples)
                                    .into_iter()
                                    .filter(|(_, _, w)| *w > 0.0)
                                    .collect();
                                let cfg = TrainConfig {
                                    epochs: epochs as usize,
                                    lr,
                                    l2,
                                    seed: std::env::var("SEED")
                                        .ok()
                                        .and_then(|v| v.parse().ok())
                                        .unwrap_or(INTENT_CONFIG.seed),
                                };
                                let m = train::train_intent_bags(&data, &cfg);
                                if let Some(code) = args.get("show") {
                                    for (c, dev, texts) in &own_dev {
                                        if c == code {
                                            for ((bag, y), text) in dev.iter().zip(texts) {
                                                let p = predict(&m, bag);
                                                if p != y {
                                                    println!("  {y} -> {p}\t{text}");
                                                }
                                            }
                                        }
                                    }
                                }
                                if args.contains_key("confusion") {
                                    let mut counts = std::collections::BTreeMap::new();
                                    for (bag, y) in &bitext {
                                        *counts
                                            .entry((y.as_str(), predict(&m, bag)))
                                            .or_insert(0) += 1;
                                    }
                                    for ((y, p), n) in counts {
                                        println!("  bitext {y} -> {p}: {n}");
                                    }
                                }
                                let own_acc: Vec<String> = own_dev
                                    .iter()
                                    .zip(&release_dev)
                                    .map(|((code, dev, _), (_, old))| {
                                        format!(
                                            "{code} {:.3} (release {:.3})",
                                            accuracy(&m, dev),
                                            accuracy(&m, old)
                                        )
                                    })
                                    .collect();
                                let (cp, cr, cf) = binary(&m, &complaints, "complaint");
                                let (_, qr, _) = binary(&m, &tv, "question");
                                let (_, _, sf) = binary(&m, &forum, "suggestion");
                                println!(
                                    "own={own} complaints={c} truevoice={t} bitext={b} epochs={epochs} lr={lr} l2={l2} | own {} | complaint P {cp:.3} R {cr:.3} F1 {cf:.3} | truevoice acc {:.3} q-recall {qr:.3} | bitext acc {:.3} | forum suggestion F1 {sf:.3}",
                                    own_acc.join(" "),
                                    accuracy(&m, &tv),
                                    accuracy(&m, &bitext),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}
