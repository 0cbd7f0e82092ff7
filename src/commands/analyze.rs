//! `rapport analyze TEXT`

use super::{analyzer, Output};
use crate::cli::AnalyzeArgs;
use std::process::ExitCode;

pub fn run(args: &AnalyzeArgs, out: Output) -> anyhow::Result<ExitCode> {
    let a = analyzer()?.analyze_in_context(&args.text, args.context.as_deref());
    if out.json {
        out.print_json(&a)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("language    {} ({:.2})", a.language, a.language_confidence);
    println!(
        "sentiment   {} ({:.2})",
        a.sentiment, a.sentiment_confidence
    );
    println!("intent      {}", a.intents.join(", "));
    println!("topics      {}", a.topics.join(", "));
    println!(
        "specificity {:.2}{}",
        a.specificity,
        if a.generic { " (generic)" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}
