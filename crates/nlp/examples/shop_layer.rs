//! How much a shop's layer helps on its next posts: learns the first N
//! rows of a labelled sentiment file and scores another file before and
//! after (rows labelled `unclear` left out of both), beside always the
//! dev file's most common label. `cargo run --release -p rapport-nlp
//! --example shop_layer -- TRAIN.jsonl DEV.jsonl [N]`

use rapport_nlp::shop_layer::{Example, ShopLayer, Task};
use rapport_nlp::train::read_jsonl;
use rapport_nlp::Analyzer;
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let (train, dev) = match (args.get(1), args.get(2)) {
        (Some(t), Some(d)) => (t, d),
        _ => return Err("usage: shop_layer TRAIN.jsonl DEV.jsonl [N]".into()),
    };
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let a = Analyzer::embedded().map_err(|e| e.to_string())?;
    let read = |p: &str| read_jsonl(Path::new(p)).map_err(|e| e.to_string());
    // Rows the annotators could not decide are left out, as in `eval`.
    let decided = |r: &rapport_nlp::train::Row| r.label != "unclear";
    let examples: Vec<Example> = read(train)?
        .into_iter()
        .filter(decided)
        .take(n)
        .map(|r| Example {
            task: Task::Sentiment,
            text: r.text,
            label: r.label,
        })
        .collect();
    let started = Instant::now();
    let layer = ShopLayer::train(a, &examples).map_err(|e| e.to_string())?;
    let trained = started.elapsed();
    let dev: Vec<_> = read(dev)?.into_iter().filter(decided).collect();
    let started = Instant::now();
    let shipped: Vec<&str> = dev.iter().map(|r| a.analyze(&r.text).sentiment).collect();
    let read_shipped = started.elapsed();
    let started = Instant::now();
    let mine: Vec<&str> = dev
        .iter()
        .map(|r| layer.analyze(a, &r.text).sentiment)
        .collect();
    let read_mine = started.elapsed();
    let right = |said: &[&str]| dev.iter().zip(said).filter(|(r, s)| r.label == **s).count();
    let (before, after) = (right(&shipped), right(&mine));
    let share = |x: usize| x as f64 / dev.len().max(1) as f64;
    let mut counts = std::collections::HashMap::new();
    for r in &dev {
        *counts.entry(r.label.as_str()).or_insert(0usize) += 1;
    }
    let majority = counts.values().copied().max().unwrap_or(0);
    println!(
        "learned={} trained_ms={} n={} accuracy_before={:.4} accuracy_after={:.4} majority={:.4} \
         macro_f1_before={:.4} macro_f1_after={:.4} read_ms_shipped={} read_ms_layer={}",
        examples.len(),
        trained.as_millis(),
        dev.len(),
        share(before),
        share(after),
        share(majority),
        macro_f1(&dev, &shipped),
        macro_f1(&dev, &mine),
        read_shipped.as_millis(),
        read_mine.as_millis()
    );
    Ok(())
}

/// Macro-averaged F1 over the labels the dev file has.
fn macro_f1(dev: &[rapport_nlp::train::Row], said: &[&str]) -> f64 {
    let mut labels: Vec<&str> = dev.iter().map(|r| r.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let f1s: Vec<f64> = labels
        .iter()
        .map(|l| {
            let tp = dev
                .iter()
                .zip(said)
                .filter(|(r, s)| r.label == *l && **s == *l)
                .count() as f64;
            let predicted = said.iter().filter(|s| **s == *l).count() as f64;
            let actual = dev.iter().filter(|r| r.label == *l).count() as f64;
            if tp == 0.0 {
                0.0
            } else {
                2.0 * tp / (predicted + actual)
            }
        })
        .collect();
    f1s.iter().sum::<f64>() / f1s.len().max(1) as f64
}
