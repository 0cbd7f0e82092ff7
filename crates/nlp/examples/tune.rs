//! Sentiment hyper-parameters against the dev splits (a development aid):
//!     cargo run --release -p rapport-nlp --example tune -- en|de|th
use rapport_nlp::eval::Confusion;
use rapport_nlp::features::Bag;
use rapport_nlp::linear::{Linear, TrainConfig};
use rapport_nlp::train::read_jsonl;
use rapport_nlp::{extract, sentiment};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lang = std::env::args().nth(1).unwrap_or_else(|| "en".into());
    let dir = match lang.as_str() {
        "en" => "en-semeval",
        "de" => "de-sb10k",
        _ => "th-wisesight",
    };
    let base = std::path::Path::new("../shared/data/sentiment").join(dir);
    let load = |f: &str| -> Result<Vec<(Bag, usize)>, Box<dyn std::error::Error>> {
        Ok(read_jsonl(&base.join(f))?
            .into_iter()
            .filter_map(|r| {
                let y = sentiment::CLASSES.iter().position(|c| *c == r.label)?;
                Some((extract::extract(&r.text, &lang).bag, y))
            })
            .collect())
    };
    let train = load("train.jsonl")?;
    let dev = load("dev.jsonl")?;
    for epochs in [4usize, 8, 16] {
        for lr in [0.05f32, 0.15, 0.4] {
            for l2 in [0.0f32, 1e-5, 1e-4] {
                let cfg = TrainConfig {
                    epochs,
                    lr,
                    l2,
                    seed: 23,
                };
                let w = [1.0f32; 3];
                let m = Linear::train(
                    sentiment::CLASSES.iter().map(|c| c.to_string()).collect(),
                    sentiment::bits(&lang),
                    sentiment::mask(&lang),
                    &train,
                    &w,
                    &cfg,
                );
                let mut c = Confusion::default();
                for (bag, y) in &dev {
                    let p = m.probs(bag);
                    let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(1);
                    c.add(sentiment::CLASSES[*y], sentiment::CLASSES[best]);
                }
                let r = c.report("sentiment");
                println!("epochs={epochs:<2} lr={lr:<4} l2={l2:<6} acc={:.4} macro_f1={:.4} macro_recall={:.4}", r.accuracy, r.macro_f1, r.macro_recall);
            }
        }
    }
    Ok(())
}
