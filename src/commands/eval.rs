//! `rapport eval TASK --input FILE.jsonl`

use super::{analyzer, Output};
use crate::cli::EvalArgs;
use crate::user_error;
use rapport_nlp::eval::{Confusion, Task};
use std::io::BufRead;
use std::process::ExitCode;

pub fn run(args: &EvalArgs, out: Output) -> anyhow::Result<ExitCode> {
    let task = Task::parse(&args.task).ok_or_else(|| {
        user_error(format!(
            "unknown task {:?}; expected sentiment, intent or language",
            args.task
        ))
    })?;
    let path = args.input.display().to_string();
    let file = std::fs::File::open(&args.input)
        .map_err(|e| user_error(format!("{path}: cannot open: {e}")))?;
    let a = analyzer()?;
    let mut confusion = Confusion::default();
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
        let label = v.get("label").and_then(|t| t.as_str()).ok_or_else(|| {
            user_error(format!(
                "{path}:{line_no}: field `label` is missing or not a string"
            ))
        })?;
        if !task.accepts(label) {
            return Err(user_error(format!(
                "{path}:{line_no}: field `label`: {label:?} is not a {} label",
                task.name()
            )));
        }
        confusion.add(label, task.predict(a, text));
    }
    let report = confusion.report(task.name());
    out.print_json(&report)?;
    if !out.json {
        println!(
            "macro_f1={:.4} macro_recall={:.4} accuracy={:.4} n={}",
            report.macro_f1, report.macro_recall, report.accuracy, report.n
        );
    }
    Ok(ExitCode::SUCCESS)
}
