//! Scores the embedded models on the real customer text in
//! `../shared/data`, as `rapport eval` would, and prints the figures of
//! docs/ANALYZER.md's "Measured on real customer text" in one run.
//!
//!     cargo run --release -p rapport-nlp --example real_eval -- ../shared/data [MODELS_DIR]
//!
//! MODELS_DIR reads the models there instead of the embedded ones (for
//! instance a previous release's, from `git show`), with this build's
//! features.
use rapport_nlp::eval::{precision_recall_f1, Confusion, Task};
use rapport_nlp::train::{self, read_jsonl, Row};
use rapport_nlp::Analyzer;
use std::path::PathBuf;

/// One label against everything else: by the primary intent and among
/// every listed intent.
fn binary(a: &Analyzer, name: &str, rows: &[Row], label: &str) {
    let not = format!("not_{label}");
    let (mut tp, mut pp, mut ap) = (0u64, 0u64, 0u64);
    let (mut tp2, mut pp2) = (0u64, 0u64);
    let mut n = 0;
    for r in rows.iter().filter(|r| r.label != "unclear") {
        let gold = r.label == label;
        if !gold && r.label != not && !Task::Intent.accepts(&r.label) {
            continue;
        }
        n += 1;
        let reading = Task::Intent.read(a, &r.text);
        let p = reading.primary == label;
        let p2 = reading.all.contains(&label);
        tp += u64::from(gold && p);
        pp += u64::from(p);
        ap += u64::from(gold);
        tp2 += u64::from(gold && p2);
        pp2 += u64::from(p2);
    }
    let (pr, rc, f1) = precision_recall_f1(tp, pp, ap);
    let (_, rc2, f12) = precision_recall_f1(tp2, pp2, ap);
    println!(
        "{name:<34} n={n:<6} {label}: precision={pr:.3} recall={rc:.3} f1={f1:.3} | among intents recall={rc2:.3} f1={f12:.3}"
    );
}

/// Primary-intent accuracy and macro-F1 over the classes the set uses.
fn intents(a: &Analyzer, name: &str, rows: &[Row]) {
    let mut c = Confusion::default();
    let mut found = 0;
    for r in rows {
        let reading = Task::Intent.read(a, &r.text);
        found += usize::from(reading.all.contains(&r.label.as_str()));
        c.add(&r.label, reading.primary);
    }
    let rep = c.report("intent");
    println!(
        "{name:<34} n={:<6} accuracy={:.3} macro_f1={:.3} gold among intents={:.3}",
        rep.n,
        rep.accuracy,
        rep.macro_f1,
        found as f64 / rows.len().max(1) as f64
    );
    for (label, s) in &rep.per_class {
        println!(
            "{:<34}   {label:<16} precision={:.3} recall={:.3} support={}",
            "", s.precision, s.recall, s.support
        );
    }
}

fn sentiment(a: &Analyzer, name: &str, rows: &[Row]) {
    let rows: Vec<&Row> = rows.iter().filter(|r| r.label != "unclear").collect();
    let mut c = Confusion::default();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for r in &rows {
        c.add(&r.label, Task::Sentiment.predict(a, &r.text));
        *counts.entry(r.label.as_str()).or_default() += 1;
    }
    let rep = c.report("sentiment");
    let (major, m) = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(l, n)| (*l, *n))
        .unwrap_or(("", 0));
    println!(
        "{name:<34} n={:<6} accuracy={:.3} macro_f1={:.3} macro_recall={:.3} | always {major}: {:.3}",
        rep.n,
        rep.accuracy,
        rep.macro_f1,
        rep.macro_recall,
        m as f64 / rows.len().max(1) as f64
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| "../shared/data".into());
    let loaded;
    let a: &Analyzer = match std::env::args_os().nth(2).map(PathBuf::from) {
        Some(dir) => {
            let read = |name: &str| std::fs::read(dir.join(name));
            let sentiment: Vec<(&'static str, Vec<u8>)> = ["en", "de", "th", "xx"]
                .into_iter()
                .map(|l| Ok((l, read(&format!("sentiment-{l}.bin"))?)))
                .collect::<std::io::Result<_>>()?;
            let refs: Vec<(&'static str, &[u8])> =
                sentiment.iter().map(|(l, b)| (*l, b.as_slice())).collect();
            let intent_th = read("intent-th.bin").ok();
            loaded = Analyzer::from_models_with_thai_intent(
                &read("lang.bin")?,
                &refs,
                &read("intent.bin")?,
                intent_th.as_deref(),
            )
            .map_err(|e| e.to_string())?;
            &loaded
        }
        None => Analyzer::embedded().map_err(|e| e.to_string())?,
    };
    let i = data.join("intent");
    let file = |set: &str, f: &str| read_jsonl(&i.join(set).join(f));
    binary(
        a,
        "en-complaints dev",
        &file("en-complaints", "dev.jsonl")?,
        "complaint",
    );
    binary(
        a,
        "en-suggestions-forum dev (measure)",
        &file("en-suggestions-forum", "dev.jsonl")?,
        "suggestion",
    );
    let (_, tv_dev) = train::truevoice(&data)?;
    binary(a, "th-truevoice dev split", &tv_dev, "question");
    intents(a, "th-truevoice dev split", &tv_dev);
    let tv_all = file("th-truevoice", "train.jsonl")?;
    binary(a, "th-truevoice all rows", &tv_all, "question");
    intents(
        a,
        "en-bitext-synthetic dev",
        &file("en-bitext-synthetic", "dev.jsonl")?,
    );
    let s = data.join("sentiment");
    for set in [
        "en-airline",
        "en-brand-tweets",
        "de-germeval2017",
        "de-dai-product-tweets",
        "de-coffee-reviews",
    ] {
        sentiment(a, set, &read_jsonl(&s.join(set).join("dev.jsonl"))?);
    }
    // Our own intent dev rows: those of the previous release (ids up to
    // its last) apart from the ones added since, so figures compare.
    for (code, last) in [("en", 420), ("de", 413), ("th", 411)] {
        let rows: Vec<Row> = read_jsonl(&PathBuf::from(format!("data/intent/{code}.jsonl")))?
            .into_iter()
            .filter(|r| r.split.as_deref() == Some("dev"))
            .collect();
        let number = |r: &Row| {
            r.id.rsplit('-')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let (old, new): (Vec<Row>, Vec<Row>) = rows.into_iter().partition(|r| number(r) <= last);
        for (part, rows) in [("release rows", old), ("added rows", new)] {
            let mut c = Confusion::default();
            for r in &rows {
                c.add(&r.label, Task::Intent.predict(a, &r.text));
            }
            let rep = c.report("intent");
            println!(
                "{:<34} n={:<6} accuracy={:.3} macro_f1={:.3}",
                format!("intent {code} own dev, {part}"),
                rep.n,
                rep.accuracy,
                rep.macro_f1
            );
        }
    }
    // The demo's readings issue 15 names.
    for text in [
        "Mein Hardtail hat seit März bei euch 85 km gesammelt",
        "Mein Hardtail hat dieses Jahr schon 85 km gesammelt",
        "Von mir eine klare Kaufempfehlung.",
        "Mate, if you need new tyres just go to Trailwerk, they sorted mine in a day",
        "Can only recommend Trailwerk, they sorted my bike in a day",
        "Gekauft im Frühjahr, der Beleg ist in der DM",
        "อยากทราบว่าโปรโมชั่นจะหมดวันที่เท่าไหร่ค่ะ",
    ] {
        let r = a.analyze(text);
        println!("{:?} {:?} {}", r.intents, r.sentiment, text);
    }
    Ok(())
}
