//! Scoring a classifier against labelled data: per-class precision,
//! recall and F1, macro averages, accuracy and the confusion matrix.

use serde::Serialize;
use std::collections::BTreeMap;

/// One class's figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassScore {
    /// Of the texts predicted as this class, the share that were.
    pub precision: f64,
    /// Of the texts of this class, the share found.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Texts of this class in the data.
    pub support: u64,
}

/// A whole evaluation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// The task (`sentiment`, `intent`, `language`).
    pub task: String,
    /// Texts scored.
    pub n: u64,
    /// Share predicted right.
    pub accuracy: f64,
    /// Mean F1 over the gold classes.
    pub macro_f1: f64,
    /// Mean recall over the gold classes.
    pub macro_recall: f64,
    /// Per gold class.
    pub per_class: BTreeMap<String, ClassScore>,
    /// `confusion[gold][predicted]` = count.
    pub confusion: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Accumulates (gold, predicted) pairs.
#[derive(Debug, Default)]
pub struct Confusion {
    counts: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Confusion {
    /// Records one prediction.
    pub fn add(&mut self, gold: &str, predicted: &str) {
        *self
            .counts
            .entry(gold.to_string())
            .or_default()
            .entry(predicted.to_string())
            .or_default() += 1;
    }

    /// The report. Macro averages run over the classes present in the gold
    /// labels (a class the data never contains cannot be recalled).
    pub fn report(&self, task: &str) -> Report {
        let n: u64 = self.counts.values().flat_map(|m| m.values()).sum();
        let correct: u64 = self
            .counts
            .iter()
            .map(|(g, m)| m.get(g).copied().unwrap_or(0))
            .sum();
        let mut predicted_totals: BTreeMap<&str, u64> = BTreeMap::new();
        for m in self.counts.values() {
            for (p, c) in m {
                *predicted_totals.entry(p.as_str()).or_default() += c;
            }
        }
        let mut per_class = BTreeMap::new();
        for (gold, m) in &self.counts {
            let support: u64 = m.values().sum();
            let tp = m.get(gold).copied().unwrap_or(0);
            let predicted = predicted_totals.get(gold.as_str()).copied().unwrap_or(0);
            let precision = if predicted == 0 {
                0.0
            } else {
                tp as f64 / predicted as f64
            };
            let recall = if support == 0 {
                0.0
            } else {
                tp as f64 / support as f64
            };
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            per_class.insert(
                gold.clone(),
                ClassScore {
                    precision,
                    recall,
                    f1,
                    support,
                },
            );
        }
        let k = per_class.len().max(1) as f64;
        Report {
            task: task.to_string(),
            n,
            accuracy: if n == 0 {
                0.0
            } else {
                correct as f64 / n as f64
            },
            macro_f1: per_class.values().map(|c| c.f1).sum::<f64>() / k,
            macro_recall: per_class.values().map(|c| c.recall).sum::<f64>() / k,
            per_class,
            confusion: self.counts.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_match_a_hand_computed_case() {
        let mut c = Confusion::default();
        for (g, p) in [
            ("pos", "pos"),
            ("pos", "neg"),
            ("neg", "neg"),
            ("neg", "neg"),
            ("neu", "pos"),
        ] {
            c.add(g, p);
        }
        let r = c.report("sentiment");
        assert_eq!(r.n, 5);
        assert!((r.accuracy - 0.6).abs() < 1e-12);
        let pos = &r.per_class["pos"];
        assert!((pos.precision - 0.5).abs() < 1e-12 && (pos.recall - 0.5).abs() < 1e-12);
        let neg = &r.per_class["neg"];
        assert!((neg.precision - 2.0 / 3.0).abs() < 1e-12 && (neg.recall - 1.0).abs() < 1e-12);
        assert_eq!(r.per_class["neu"].f1, 0.0);
        assert!((r.macro_recall - 0.5).abs() < 1e-12);
        assert!((r.macro_f1 - (0.5 + 0.8) / 3.0).abs() < 1e-12);
    }
}

/// The tasks `rapport eval` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// positive / neutral / negative.
    Sentiment,
    /// The primary intent.
    Intent,
    /// ISO 639-1 language code.
    Language,
}

impl Task {
    /// Parses a task name.
    pub fn parse(name: &str) -> Option<Task> {
        match name {
            "sentiment" => Some(Task::Sentiment),
            "intent" => Some(Task::Intent),
            "language" => Some(Task::Language),
            _ => None,
        }
    }

    /// The task's name.
    pub fn name(self) -> &'static str {
        match self {
            Task::Sentiment => "sentiment",
            Task::Intent => "intent",
            Task::Language => "language",
        }
    }

    /// Whether `label` is a label of this task. Any two-letter lowercase
    /// code is accepted for language: one the analyzer cannot produce
    /// simply counts as a miss.
    pub fn accepts(self, label: &str) -> bool {
        match self {
            Task::Sentiment => crate::sentiment::CLASSES.contains(&label),
            Task::Intent => crate::intent::CLASSES.contains(&label),
            Task::Language => label.len() == 2 && label.chars().all(|c| c.is_ascii_lowercase()),
        }
    }

    /// The analyzer's answer for `text`.
    pub fn predict(self, analyzer: &crate::Analyzer, text: &str) -> &'static str {
        match self {
            Task::Language => analyzer.language(text).code,
            Task::Sentiment => analyzer.analyze(text).sentiment,
            Task::Intent => analyzer.analyze(text).intent,
        }
    }
}
