//! `rapport eval TASK --input FILE.jsonl [--binary LABEL]`: the shipped
//! models, with what the shop taught them when the database holds it.

use super::{analyzer, Output};
use crate::cli::EvalArgs;
use crate::user_error;
use anyhow::Context;
use rapport_nlp::eval::{BinaryScore, Reading, Report, Scorer, Task};
use rapport_nlp::shop_layer::ShopLayer;
use rapport_nlp::Analyzer;
use std::io::BufRead;
use std::process::ExitCode;

/// The shop's layer in the database `db` names, if it exists and holds
/// one (a database that does not exist is not created).
fn shop_layer(db: &str) -> anyhow::Result<Option<ShopLayer>> {
    let Some(store) = super::open_existing(db)? else {
        return Ok(None);
    };
    let Some(row) = store.shop_layer().context("reading the shop's layer")? else {
        return Ok(None);
    };
    let layer = ShopLayer::from_bytes(&row.model)?;
    Ok(Some(layer).filter(|l| !l.is_empty()))
}

/// The reading of `text` for `task`, the shop's way when `layer` is given.
fn read(task: Task, a: &Analyzer, layer: Option<&ShopLayer>, text: &str) -> Reading {
    match (task, layer) {
        (Task::Sentiment | Task::Intent, Some(layer)) => {
            let r = layer.analyze(a, text);
            match task {
                Task::Intent => Reading {
                    primary: r.intent,
                    all: r.intents,
                },
                _ => Reading::single(r.sentiment),
            }
        }
        _ => task.read(a, text),
    }
}

pub fn run(args: &EvalArgs, db: &str, out: Output) -> anyhow::Result<ExitCode> {
    let task = Task::parse(&args.task).ok_or_else(|| {
        user_error(format!(
            "unknown task {:?}; expected sentiment, intent or language",
            args.task
        ))
    })?;
    let mut scorer = Scorer::new(task, args.binary.as_deref()).map_err(user_error)?;
    let path = args.input.display().to_string();
    let file = std::fs::File::open(&args.input)
        .map_err(|e| user_error(format!("{path}: cannot open: {e}")))?;
    let a = analyzer()?;
    let layer = match args.shipped {
        true => None,
        false => shop_layer(db)?,
    };
    if let Some(l) = &layer {
        super::say_taught(db, l);
    }
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line_no = i + 1;
        let line =
            line.map_err(|e| user_error(format!("{path}:{line_no}: unreadable line: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| user_error(format!("{path}:{line_no}: not a JSON object: {e}")))?;
        let text = v.get("text").and_then(|t| t.as_str()).ok_or_else(|| {
            user_error(format!(
                "{path}:{line_no}: field `text` is missing or not a string"
            ))
        })?;
        let label = match v.get("label") {
            None | Some(serde_json::Value::Null) => None,
            Some(l) => Some(l.as_str().ok_or_else(|| {
                user_error(format!("{path}:{line_no}: field `label` is not a string"))
            })?),
        };
        let labels = labels(&v)
            .ok_or_else(|| {
                user_error(format!(
                    "{path}:{line_no}: field `labels` is not a list of strings"
                ))
            })?
            .unwrap_or_default();
        match scorer
            .gold(label, &labels)
            .map_err(|e| user_error(format!("{path}:{line_no}: {e}")))?
        {
            Some(gold) => scorer.add(&gold, &read(task, a, layer.as_ref(), text)),
            None => scorer.skip(),
        }
    }
    let report = scorer.report();
    out.print_json(&report)?;
    if !out.json {
        for line in summary(&report) {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The row's `labels` list: `Some(None)` when absent, `None` when it is
/// not a list of strings.
fn labels(v: &serde_json::Value) -> Option<Option<Vec<&str>>> {
    match v.get("labels") {
        None | Some(serde_json::Value::Null) => Some(None),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(serde_json::Value::as_str)
            .collect::<Option<Vec<&str>>>()
            .map(Some),
        Some(_) => None,
    }
}

/// The lines after the JSON report: the binary and multi-label figures
/// when there are any, then always the contract's last line.
fn summary(r: &Report) -> Vec<String> {
    let binary = |name: &str, b: &BinaryScore| {
        format!(
            "{name}: precision={:.4} recall={:.4} f1={:.4} tp={} fp={} fn={} tn={} n={}",
            b.precision, b.recall, b.f1, b.tp, b.fp, b.fn_, b.tn, b.n
        )
    };
    let mut lines = Vec::new();
    if let Some(b) = &r.binary {
        lines.push(binary(&format!("binary {}", b.label), b));
    }
    if let Some(b) = &r.binary_among_intents {
        lines.push(binary(&format!("binary {} among intents", b.label), b));
    }
    if let Some(m) = &r.multi_label {
        lines.push(format!(
            "multi_label: recall={:.4} accuracy={:.4} mean_predicted={:.2} rows={}",
            m.recall, m.accuracy, m.mean_predicted, m.rows
        ));
    }
    if r.skipped > 0 {
        lines.push(format!("skipped={} (labelled unclear)", r.skipped));
    }
    lines.push(format!(
        "macro_f1={:.4} macro_recall={:.4} accuracy={:.4} n={}",
        r.macro_f1, r.macro_recall, r.accuracy, r.n
    ));
    lines
}
