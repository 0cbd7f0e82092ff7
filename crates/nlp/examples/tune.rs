//! Sentiment hyper-parameters against the dev splits (a development aid):
//!
//!     cargo run --release -p rapport-nlp --example tune -- en|de|th [BITS] [EPOCHS,..] [LR,..] [L2,..]
//!
//! BITS overrides the model's hash bits; the lists override the grid.
use rapport_nlp::eval::Confusion;
use rapport_nlp::features::Bag;
use rapport_nlp::linear::{Linear, TrainConfig};
use rapport_nlp::train::read_jsonl;
use rapport_nlp::{extract, sentiment};

fn list<T: std::str::FromStr + Copy>(arg: Option<String>, default: &[T]) -> Vec<T> {
    arg.map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let lang = args.next().unwrap_or_else(|| "en".into());
    let bits: u32 = args
        .next()
        .and_then(|b| b.parse().ok())
        .unwrap_or_else(|| sentiment::bits(&lang));
    let epochs = list(args.next(), &[4usize, 8, 16]);
    let lrs = list(args.next(), &[0.05f32, 0.15, 0.4]);
    let l2s = list(args.next(), &[0.0f32, 1e-5, 1e-4]);
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
    for &epochs in &epochs {
        for &lr in &lrs {
            for &l2 in &l2s {
                let cfg = TrainConfig {
                    epochs,
                    lr,
                    l2,
                    seed: 23,
                };
                let w = [1.0f32; 3];
                let m = Linear::train(
                    sentiment::CLASSES.iter().map(|c| c.to_string()).collect(),
                    bits,
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
                println!("bits={bits} epochs={epochs:<2} lr={lr:<4} l2={l2:<6} acc={:.4} macro_f1={:.4} macro_recall={:.4}", r.accuracy, r.macro_f1, r.macro_recall);
            }
        }
    }
    Ok(())
}
