//! Texts per second of the full analysis and of Thai segmentation, after a
//! warm-up, on one thread.
//!
//!     cargo run --release -p rapport-nlp --example speed -- FILE.jsonl [segment]

use rapport_nlp::train::read_jsonl;
use rapport_nlp::Analyzer;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: speed FILE.jsonl [segment]")?;
    let texts: Vec<String> = read_jsonl(std::path::Path::new(path))?
        .into_iter()
        .map(|r| r.text)
        .collect();
    let segment = args.get(1).map(String::as_str) == Some("segment");
    let a = Analyzer::embedded().map_err(|e| e.to_string())?;
    let mut sink = 0usize;
    for t in texts.iter().take(200) {
        sink += a.analyze(t).tokens + rapport_nlp::tokens::tokenize(t).len();
    }
    let start = Instant::now();
    for t in &texts {
        sink += if segment {
            rapport_nlp::thai::segment(t).len()
        } else {
            a.analyze(t).tokens
        };
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} texts in {secs:.3} s: {:.0} texts/s, {:.2} µs/text (checksum {sink})",
        texts.len(),
        texts.len() as f64 / secs,
        secs * 1e6 / texts.len() as f64
    );
    Ok(())
}
