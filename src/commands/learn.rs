//! `rapport learn sentiment|intent --input FILE.jsonl` and `rapport
//! corrections`.

use super::{Output, CLI_ACTOR};
use crate::cli::LearnArgs;
use crate::user_error;
use anyhow::Context;
use rapport_engine::Engine;
use rapport_nlp::shop_layer::Task;
use std::io::BufRead;
use std::process::ExitCode;

pub fn run(engine: &Engine, args: &LearnArgs, out: Output) -> anyhow::Result<ExitCode> {
    let task = Task::parse(&args.task).ok_or_else(|| {
        user_error(format!(
            "unknown task {:?}; expected sentiment or intent",
            args.task
        ))
    })?;
    let examples = read(task, &args.input)?;
    if examples.is_empty() {
        return Err(user_error(format!(
            "{}: no examples to learn",
            args.input.display()
        )));
    }
    let learned = engine
        .learn(&examples, CLI_ACTOR)
        .context("learning the examples")?;
    if out.json {
        out.print_json(&learned)?;
    } else {
        let r = &learned.relearned;
        println!(
            "learned {} {} examples ({} corrections in all; trained in {:.1} s); read {} texts again in {:.1} s, ladder and inbox updated in {:.1} s",
            learned.learned,
            task.name(),
            r.corrections,
            r.train_ms as f64 / 1000.0,
            r.reread,
            r.reread_ms as f64 / 1000.0,
            r.ladder_ms as f64 / 1000.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Every example of `path`, checked before anything is stored: the first
/// bad line refuses the whole file, named with its line and field.
fn read(task: Task, path: &std::path::Path) -> anyhow::Result<Vec<(String, String, String)>> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| user_error(format!("{name}: cannot open: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| user_error(format!("{name}:{n}: unreadable line: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| user_error(format!("{name}:{n}: not a JSON object: {e}")))?;
        let field = |f: &str| -> anyhow::Result<String> {
            match v.get(f).and_then(|t| t.as_str()) {
                Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
                _ => Err(user_error(format!(
                    "{name}:{n}: field `{f}` is missing, empty or not a string"
                ))),
            }
        };
        let (text, label) = (field("text")?, field("label")?);
        task.label(&label)
            .map_err(|e| user_error(format!("{name}:{n}: field `label`: {e}")))?;
        out.push((task.name().to_string(), text, label));
    }
    Ok(out)
}

/// `rapport corrections`: what the shop taught, oldest first.
pub fn list(engine: &Engine, out: Output) -> anyhow::Result<ExitCode> {
    let rows = engine.corrections()?;
    if out.json {
        out.print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        println!("nothing taught yet");
    }
    for c in &rows {
        let about = match c.interaction_id {
            Some(id) => format!("#{id}"),
            None => "file".to_string(),
        };
        let mut text: String = c.text.chars().take(60).collect();
        if c.text.chars().count() > 60 {
            text.push('…');
        }
        println!(
            "{:>6}  {:<9} {:<16} {:<9} {:<10} {:<8} {}",
            c.id,
            c.task,
            c.label,
            c.source.as_str(),
            c.actor,
            about,
            text.replace('\n', " ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
