//! Scores the embedded models on the development splits and prints one
//! line per set (the figures in docs/ANALYZER.md).
//!
//!     cargo run --release -p rapport-nlp --example dev_eval -- ../shared/data data/intent [data/sentiment-de-customer/de.jsonl]

use rapport_nlp::eval::{Confusion, Task};
use rapport_nlp::train::{held_out, read_jsonl, Row};
use rapport_nlp::Analyzer;
use std::path::PathBuf;

fn score(a: &Analyzer, task: Task, name: &str, rows: &[Row]) {
    let mut c = Confusion::default();
    let start = std::time::Instant::now();
    for r in rows {
        c.add(&r.label, task.predict(a, &r.text));
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / rows.len().max(1) as f64;
    let r = c.report(task.name());
    println!(
        "{name:<28} n={:<6} accuracy={:.4} macro_f1={:.4} macro_recall={:.4} ({per:.1} µs/text)",
        r.n, r.accuracy, r.macro_f1, r.macro_recall
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let data = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data".into());
    let intent_dir = args.get(1).cloned().unwrap_or_else(|| "data/intent".into());
    let de_posts = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "data/sentiment-de-customer/de.jsonl".into());
    let a = Analyzer::embedded().map_err(|e| e.to_string())?;
    let s = data.join("sentiment");
    score(
        a,
        Task::Sentiment,
        "sentiment en-semeval dev",
        &read_jsonl(&s.join("en-semeval/dev.jsonl"))?,
    );
    score(
        a,
        Task::Sentiment,
        "sentiment en-tweeteval dev*",
        &read_jsonl(&s.join("en-tweeteval/dev.jsonl"))?,
    );
    score(
        a,
        Task::Sentiment,
        "sentiment de-sb10k dev",
        &read_jsonl(&s.join("de-sb10k/dev.jsonl"))?,
    );
    let posts: Vec<Row> = read_jsonl(&de_posts)?
        .into_iter()
        .filter(|r| r.split.as_deref() == Some("dev"))
        .collect();
    score(a, Task::Sentiment, "sentiment de-customer dev", &posts);
    println!(
        "{:<28} accuracy={:.4} (all neutral)",
        "",
        posts.iter().filter(|r| r.label == "neutral").count() as f64 / posts.len().max(1) as f64
    );
    // Our reviews and messages to online shops, per language.
    for lang in ["de", "en", "th"] {
        let shop: Vec<Row> =
            read_jsonl(&PathBuf::from(format!("data/sentiment-shop/{lang}.jsonl")))?
                .into_iter()
                .filter(|r| r.split.as_deref() == Some("dev"))
                .collect();
        score(
            a,
            Task::Sentiment,
            &format!("sentiment shop-{lang} dev"),
            &shop,
        );
    }
    score(
        a,
        Task::Sentiment,
        "sentiment th-wisesight dev",
        &read_jsonl(&s.join("th-wisesight/dev.jsonl"))?,
    );
    let langs = rapport_nlp::lang::LANGUAGES;
    for f in [
        "lingua-sentences",
        "lingua-word-pairs",
        "lingua-single-words",
    ] {
        let rows: Vec<Row> = read_jsonl(&data.join("language").join(format!("{f}.jsonl")))?
            .into_iter()
            .filter(|r| held_out(&r.id) && langs.contains(&r.label.as_str()))
            .collect();
        score(a, Task::Language, &format!("language {f} dev"), &rows);
    }
    for code in ["en", "de", "th"] {
        let rows: Vec<Row> = read_jsonl(&intent_dir.join(format!("{code}.jsonl")))?
            .into_iter()
            .filter(|r| r.split.as_deref() == Some("dev"))
            .collect();
        score(a, Task::Intent, &format!("intent {code} dev"), &rows);
    }
    Ok(())
}
