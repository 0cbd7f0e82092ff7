//! Texts per second of the full analysis and of Thai segmentation, after a
//! warm-up, on one thread.
//!
//!     cargo run --release -p rapport-nlp --example speed -- FILE.jsonl [segment]

use rapport_nlp::train::read_jsonl;
use rapport_nlp::Analyzer;
use std::time::Instant;

/// Timed passes over the texts; the median is reported.
const PASSES: usize = 5;

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
    let mut pass = || {
        for t in &texts {
            sink += if segment {
                rapport_nlp::thai::segment(t).len()
            } else {
                a.analyze(t).tokens
            };
        }
    };
    // One pass to warm up, then the median of PASSES timed passes: one
    // pass lasts tens of milliseconds, where a neighbour's burst on this
    // shared machine is a large part of it. bench/analyzer.sh times its
    // Python peers the same way.
    pass();
    let mut secs: Vec<f64> = (0..PASSES)
        .map(|_| {
            let start = Instant::now();
            pass();
            start.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    let secs = secs[PASSES / 2];
    println!(
        "{} texts in {secs:.3} s (median of {PASSES} passes): {:.0} texts/s, {:.2} µs/text (checksum {sink})",
        texts.len(),
        texts.len() as f64 / secs,
        secs * 1e6 / texts.len() as f64
    );
    Ok(())
}
