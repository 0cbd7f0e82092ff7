//! `rapport analyze TEXT`: one text read as the shop reads a new message
//! (`POST /api/analyze` gives the same): with what it taught the analyzer,
//! knowing its handles and the languages it hears, when the database
//! exists.

use super::Output;
use crate::cli::AnalyzeArgs;
use rapport_engine::analysis::ShopAnalyzer;
use std::process::ExitCode;

pub fn run(args: &AnalyzeArgs, db: &str, out: Output) -> anyhow::Result<ExitCode> {
    let store = super::open_existing(db)?;
    let (analyzer, shop, heard) = match &store {
        Some(store) => {
            let analyzer = match args.shipped {
                true => ShopAnalyzer::shipped()?,
                false => ShopAnalyzer::load(&**store)?,
            };
            let heard = rapport_engine::analysis::heard_by_shop(&**store)?;
            (analyzer, store.shop_handles()?, heard)
        }
        None => (ShopAnalyzer::shipped()?, Vec::new(), Vec::new()),
    };
    let layer = analyzer.layer();
    if !layer.is_empty() {
        super::say_taught(db, &layer);
    }
    let context = args.context.as_deref().map(|c| analyzer.context(c));
    let a = analyzer.analyze_new(&args.text, context.as_ref(), &shop, &heard);
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
