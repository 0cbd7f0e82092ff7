//! Rebuilds the embedded models from labelled data.
//!
//!     train-models SHARED_DATA_DIR INTENT_DIR DE_POSTS DE_TARGET SHOP_DIR OUT_DIR
//!
//! SHARED_DATA_DIR is `../shared/data` (language, sentiment and intent
//! sets; only those its README marks `train`), INTENT_DIR the project's
//! `data/intent`, DE_POSTS the project's German customer posts
//! (`data/sentiment-de-customer/de.jsonl`) and DE_TARGET our German posts
//! labelled by target (`data/sentiment-de-target/de.jsonl`), both read
//! with the German tweets, and SHOP_DIR our reviews and messages to
//! online shops (`data/sentiment-shop`: `de.jsonl`, `en.jsonl` and
//! `th.jsonl`, read with each language's sentiment sets).
//! Dev rows are never trained on: files named `dev` and rows marked
//! `"split":"dev"`; for the language files, which have no split, one row
//! in five chosen by a hash of its id; for TrueVoice, which has no dev
//! file, one text in five by a hash of the text (after removing exact
//! duplicates).

use rapport_nlp::features::Bag;
use rapport_nlp::train::{self, held_out, read_jsonl, Row};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [data, intent_dir, de_posts, de_target, shop, out] = args.as_slice() else {
        eprintln!(
            "usage: train-models SHARED_DATA_DIR INTENT_DIR DE_POSTS DE_TARGET SHOP_DIR OUT_DIR"
        );
        return ExitCode::from(2);
    };
    match run(data, intent_dir, de_posts, de_target, shop, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The train file of a sentiment set in the shared data.
fn train_file(data: &Path, set: &str) -> std::io::Result<Vec<Row>> {
    read_jsonl(&data.join("sentiment").join(set).join("train.jsonl"))
}

fn write(out: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(out.join(name), bytes)?;
    eprintln!("wrote {name} ({} KiB)", bytes.len() / 1024);
    Ok(())
}

fn run(
    data: &Path,
    intent_dir: &Path,
    de_posts: &Path,
    de_target: &Path,
    shop: &Path,
    out: &Path,
) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;

    let mut lang_rows: Vec<Row> = Vec::new();
    for f in [
        "lingua-sentences",
        "lingua-word-pairs",
        "lingua-single-words",
    ] {
        lang_rows.extend(read_jsonl(
            &data.join("language").join(format!("{f}.jsonl")),
        )?);
    }
    lang_rows.retain(|r| !held_out(&r.id));
    // Social text in the three main languages, so tweets look familiar.
    for (dir, code) in [
        ("en-semeval", "en"),
        ("de-sb10k", "de"),
        ("th-wisesight", "th"),
    ] {
        let rows = read_jsonl(&data.join("sentiment").join(dir).join("train.jsonl"))?;
        lang_rows.extend(rows.into_iter().take(1500).map(|r| Row {
            label: code.to_string(),
            ..r
        }));
    }
    write(
        out,
        "lang.bin",
        &train::train_language(&lang_rows).to_bytes(),
    )?;

    let mut pooled: Vec<(Row, String)> = Vec::new();
    // Our own rows, without their dev split.
    let own = |path: &Path| -> std::io::Result<Vec<Row>> {
        Ok(read_jsonl(path)?
            .into_iter()
            .filter(|r| r.split.as_deref() != Some("dev"))
            .collect())
    };
    for (dir, code) in [
        ("en-semeval", "en"),
        ("de-sb10k", "de"),
        ("th-wisesight", "th"),
    ] {
        let rows = read_jsonl(&data.join("sentiment").join(dir).join("train.jsonl"))?;
        // The language's public posts: SemEval's and SB-10k's tweets
        // (balanced below), Wisesight's posts.
        let posts = train::sentiment_bags(&rows, code);
        let shop_rows = train::sentiment_bags(&own(&shop.join(format!("{code}.jsonl")))?, code);
        let model = match code {
            "de" => {
                // Tweets, our customer posts about large companies,
                // product tweets, coffee reviews, our posts labelled by
                // target and our shop reviews together (see
                // train::DE_NATURAL_WEIGHTS), then the prior
                // (train::DE_PRIOR_SHIFT).
                let natural = [
                    train::sentiment_bags(&own(de_posts)?, code),
                    train::sentiment_bags(&train_file(data, "de-dai-product-tweets")?, code),
                    train::sentiment_bags(&train_file(data, "de-coffee-reviews")?, code),
                    train::sentiment_bags(&own(de_target)?, code),
                    shop_rows,
                ];
                let sets: Vec<(&[(Bag, usize)], f32)> = natural
                    .iter()
                    .zip(train::DE_NATURAL_WEIGHTS)
                    .map(|(n, w)| (n.as_slice(), w))
                    .collect();
                let mut m = train::train_sentiment_sets(
                    code,
                    &posts,
                    1.0,
                    &sets,
                    &[],
                    &train::sentiment_config(code),
                );
                m.shift_prior(&train::DE_PRIOR_SHIFT);
                m
            }
            "en" => {
                // SemEval tweets (balanced), brand tweets and our shop
                // reviews (natural) and tweets to companies (complaints
                // negative, the others neutral or positive), then the
                // prior (see train::EN_PRIOR_SHIFT).
                let brand = train::sentiment_bags(&train_file(data, "en-brand-tweets")?, code);
                let complaints = train::complaint_sentiment_bags(data, "train.jsonl", code)?;
                let mut m = train::train_sentiment_sets(
                    code,
                    &posts,
                    1.0,
                    &[
                        (brand.as_slice(), train::EN_BRAND_WEIGHT),
                        (shop_rows.as_slice(), train::EN_SHOP_WEIGHT),
                    ],
                    &[(complaints.as_slice(), train::EN_COMPLAINT_WEIGHT)],
                    &train::sentiment_config(code),
                );
                m.shift_prior(&train::EN_PRIOR_SHIFT);
                m
            }
            _ => {
                // Wisesight's posts in their natural shares, and our shop
                // reviews beside them at train::TH_SHOP_WEIGHT (0 for now:
                // they only measure).
                train::train_sentiment_sets(
                    code,
                    &[],
                    1.0,
                    &[
                        (posts.as_slice(), 1.0),
                        (shop_rows.as_slice(), train::TH_SHOP_WEIGHT),
                    ],
                    &[],
                    &train::sentiment_config(code),
                )
            }
        };
        write(out, &format!("sentiment-{code}.bin"), &model.to_bytes())?;
        // The pooled model reads other languages, which have no stemmer
        // and no lexicon: train it on features built the same way.
        pooled.extend(rows.into_iter().take(2000).map(|r| (r, "xx".to_string())));
    }
    write(
        out,
        "sentiment-xx.bin",
        &train::train_sentiment("xx", &pooled, true).to_bytes(),
    )?;

    for (mix, name) in [
        (&train::INTENT_MIX, "intent.bin"),
        (&train::INTENT_MIX_TH, "intent-th.bin"),
    ] {
        let examples = train::intent_examples(data, intent_dir, mix)?;
        let bags: Vec<_> = train::intent_bags(&examples)
            .into_iter()
            .filter(|(_, _, w)| *w > 0.0)
            .collect();
        write(
            out,
            name,
            &train::train_intent_bags(&bags, &train::INTENT_CONFIG).to_bytes(),
        )?;
    }
    // The word lists these models were trained over (a test compares it
    // with the lists the build reads: rapport_nlp::lexicon::lists_digest).
    let digest = format!("{}\n", rapport_nlp::lexicon::lists_digest());
    write(out, "lexicon.digest", digest.as_bytes())?;
    Ok(())
}
