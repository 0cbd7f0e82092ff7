//! Prints each row of a labelled JSONL file with the embedded analyzer's
//! reading, tab-separated, for looking at errors (a development aid):
//! gold label, sentiment, P(negative), P(neutral), P(positive), the
//! intents, the text.
//!
//!     cargo run --release -p rapport-nlp --example peek -- FILE.jsonl
use rapport_nlp::train::read_jsonl;
use rapport_nlp::Analyzer;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = Analyzer::embedded().map_err(|e| e.to_string())?;
    for path in std::env::args().skip(1) {
        for r in read_jsonl(Path::new(&path))? {
            let x = a.analyze(&r.text);
            let s = x.sentiment_scores;
            println!(
                "{}\t{}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}",
                r.label,
                x.sentiment,
                s.negative,
                s.neutral,
                s.positive,
                x.intents.join(","),
                r.text.replace(['\t', '\n'], " ")
            );
        }
    }
    Ok(())
}
