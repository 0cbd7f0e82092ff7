//! German sentiment against both German dev sets (a development aid):
//! SB-10k tweets (balanced; macro-F1) and our customer posts about large
//! companies (neutral-heavy; accuracy against the all-neutral baseline).
//!
//!     cargo run --release -p rapport-nlp --example tune_de -- [WEIGHTS,..] [EPOCHS,..] [LR,..] [L2,..]
//!
//! WEIGHTS: the weight of each customer-post training row (0 = tweets
//! only).
use rapport_nlp::eval::Confusion;
use rapport_nlp::features::Bag;
use rapport_nlp::linear::{Linear, TrainConfig};
use rapport_nlp::sentiment;
use rapport_nlp::train::{self, read_jsonl};

fn list<T: std::str::FromStr + Copy>(arg: Option<String>, default: &[T]) -> Vec<T> {
    arg.map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn bags(rows: &[train::Row]) -> Vec<(Bag, usize)> {
    train::sentiment_bags(rows, "de")
}

fn score(m: &Linear, dev: &[(Bag, usize)]) -> rapport_nlp::eval::Report {
    let mut c = Confusion::default();
    for (bag, y) in dev {
        let p = m.probs(bag);
        let best = (0..3).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap_or(1);
        c.add(sentiment::CLASSES[*y], sentiment::CLASSES[best]);
    }
    c.report("sentiment")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let weights = list(args.next(), &[0f32, 0.5, 1.0, 2.0, 3.0]);
    let epochs = list(args.next(), &[8usize]);
    let lrs = list(args.next(), &[0.05f32]);
    let l2s = list(args.next(), &[1e-4f32]);
    let sb = std::path::Path::new("../shared/data/sentiment/de-sb10k");
    let tweets = bags(&read_jsonl(&sb.join("train.jsonl"))?);
    let tweets_dev = bags(&read_jsonl(&sb.join("dev.jsonl"))?);
    let posts = read_jsonl(std::path::Path::new("data/sentiment-de-customer/de.jsonl"))?;
    let (dev, tr): (Vec<_>, Vec<_>) = posts
        .into_iter()
        .partition(|r| r.split.as_deref() == Some("dev"));
    let posts_train = bags(&tr);
    let posts_dev = bags(&dev);
    let neutral = posts_dev.iter().filter(|(_, y)| *y == 1).count() as f32 / posts_dev.len() as f32;
    println!(
        "tweets train {} dev {}; posts train {} dev {} (all-neutral accuracy {neutral:.4})",
        tweets.len(),
        tweets_dev.len(),
        posts_train.len(),
        posts_dev.len()
    );
    for &w in &weights {
        for &epochs in &epochs {
            for &lr in &lrs {
                for &l2 in &l2s {
                    let m = train::train_sentiment_mixed(
                        "de",
                        &tweets,
                        &posts_train,
                        w,
                        &TrainConfig {
                            epochs,
                            lr,
                            l2,
                            seed: 23,
                        },
                    );
                    let t = score(&m, &tweets_dev);
                    let p = score(&m, &posts_dev);
                    println!(
                        "weight={w:<4} epochs={epochs:<2} lr={lr:<5} l2={l2:<6} tweets macro_f1={:.4} | posts acc={:.4} macro_f1={:.4}",
                        t.macro_f1, p.accuracy, p.macro_f1
                    );
                }
            }
        }
    }
    Ok(())
}
