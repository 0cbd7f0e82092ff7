//! Where analysis time goes, phase by phase (a development aid).
use rapport_nlp::train::read_jsonl;
use rapport_nlp::{extract, text, tokens, Analyzer};
use std::time::Instant;

fn time<F: FnMut(&str) -> usize>(name: &str, texts: &[String], mut f: F) {
    let mut sink = 0;
    for t in texts.iter().take(100) {
        sink += f(t);
    }
    let start = Instant::now();
    for t in texts {
        sink += f(t);
    }
    println!(
        "{name:<12} {:.2} µs/text ({sink})",
        start.elapsed().as_secs_f64() * 1e6 / texts.len() as f64
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: phases FILE.jsonl")?;
    let texts: Vec<String> = read_jsonl(std::path::Path::new(&path))?
        .into_iter()
        .map(|r| r.text)
        .collect();
    let a = Analyzer::embedded().map_err(|e| e.to_string())?;
    time("clean", &texts, |t| text::clean(t).letters);
    time("tokenize", &texts, |t| {
        tokens::tokenize(&text::clean(t).text).len()
    });
    time("prepare", &texts, |t| extract::prepare(t).bag.len());
    time("extract", &texts, |t| extract::extract(t, "en").bag.len());
    time("language", &texts, |t| a.language(t).code.len());
    time("analyze", &texts, |t| a.analyze(t).tokens);
    Ok(())
}
