//! Scoring a classifier against labelled data: per-class precision,
//! recall and F1, macro averages, accuracy and the confusion matrix
//! ([`Confusion`]); one label against everything else ([`Counts`], for
//! data labelled `LABEL` / `not_LABEL`); and, for intents, whether each
//! gold label is among the several intents the analyzer lists
//! ([`MultiLabel`]). [`Scorer`] puts them together the way `rapport eval`
//! reads a file: it checks each row's labels ([`Scorer::gold`]) and adds
//! the analyzer's [`Reading`] of its text.

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
    /// Rows left out of scoring: labelled `unclear` (annotators could not
    /// decide).
    pub skipped: u64,
    /// With `--binary LABEL`: that label against everything else, the
    /// prediction being the primary reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary: Option<BinaryScore>,
    /// With `--binary LABEL` for intents: the same, the prediction being
    /// positive when LABEL is among the intents the analyzer lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary_among_intents: Option<BinaryScore>,
    /// For intents: each gold label looked for among the listed intents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_label: Option<MultiLabelReport>,
}

/// Precision, recall and F1 from true positives, the number predicted
/// positive and the number truly positive; 0 where a share has nothing to
/// divide by (no prediction, no positive row).
pub fn precision_recall_f1(tp: u64, predicted: u64, actual: u64) -> (f64, f64, f64) {
    let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = share(tp, predicted);
    let recall = share(tp, actual);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
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
            let (precision, recall, f1) = precision_recall_f1(tp, predicted, support);
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
            skipped: 0,
            binary: None,
            binary_among_intents: None,
            multi_label: None,
        }
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

    /// "a sentiment label", "an intent label", "a language label": for
    /// messages.
    pub fn a_label(self) -> &'static str {
        match self {
            Task::Sentiment => "a sentiment label",
            Task::Intent => "an intent label",
            Task::Language => "a language label",
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

    /// The analyzer's answer for `text` with, for intents, every intent
    /// it lists (the primary one first); one text is read once.
    pub fn read(self, analyzer: &crate::Analyzer, text: &str) -> Reading {
        match self {
            Task::Language => Reading::single(analyzer.language(text).code),
            Task::Sentiment => Reading::single(analyzer.analyze(text).sentiment),
            Task::Intent => {
                let a = analyzer.analyze(text);
                Reading {
                    primary: a.intent,
                    all: a.intents,
                }
            }
        }
    }
}

/// What the analyzer answered for one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Its one answer (for intents, the primary intent).
    pub primary: &'static str,
    /// Every answer it gives: for intents, each one over the listing
    /// threshold ([`crate::intent::SECONDARY`]), primary first; else the
    /// primary alone.
    pub all: Vec<&'static str>,
}

impl Reading {
    /// A reading with one answer.
    pub fn single(label: &'static str) -> Reading {
        Reading {
            primary: label,
            all: vec![label],
        }
    }
}

/// Rows that annotators could not decide carry this label; they are left
/// out of scoring and counted as skipped.
pub const UNCLEAR: &str = "unclear";

/// The prefix of a label that means "anything but": `not_complaint`.
pub const NOT: &str = "not_";

/// True/false positives and negatives of one label against everything
/// else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Positive, predicted positive.
    pub tp: u64,
    /// Negative, predicted positive.
    pub fp: u64,
    /// Positive, predicted negative.
    pub fn_: u64,
    /// Negative, predicted negative.
    pub tn: u64,
}

impl Counts {
    /// Records one row: whether its gold label is the one scored, and
    /// whether the prediction is.
    pub fn add(&mut self, gold: bool, predicted: bool) {
        match (gold, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// The figures, for `label`.
    pub fn score(&self, label: &str) -> BinaryScore {
        let (precision, recall, f1) =
            precision_recall_f1(self.tp, self.tp + self.fp, self.tp + self.fn_);
        BinaryScore {
            label: label.to_string(),
            n: self.tp + self.fp + self.fn_ + self.tn,
            positives: self.tp + self.fn_,
            tp: self.tp,
            fp: self.fp,
            fn_: self.fn_,
            tn: self.tn,
            precision,
            recall,
            f1,
        }
    }
}

/// One label's figures against everything else.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BinaryScore {
    /// The label scored.
    pub label: String,
    /// Rows scored.
    pub n: u64,
    /// Rows whose gold label is `label` (`tp + fn`).
    pub positives: u64,
    /// Rows of `label` predicted as `label`.
    pub tp: u64,
    /// Rows of anything else predicted as `label`.
    pub fp: u64,
    /// Rows of `label` predicted as something else.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Rows of anything else predicted as something else.
    pub tn: u64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)`.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Gold labels looked for among the several labels a text is given
/// (intents): a gold label is *found* when it is among them.
#[derive(Debug, Default)]
pub struct MultiLabel {
    rows: u64,
    all_found: u64,
    predicted: u64,
    /// Per gold label: (rows carrying it, rows where it was found).
    per_label: BTreeMap<String, (u64, u64)>,
}

impl MultiLabel {
    /// Records one row with its gold labels (a row without any is not
    /// counted) and the labels predicted for it.
    pub fn add(&mut self, gold: &[&str], predicted: &[&str]) {
        if gold.is_empty() {
            return;
        }
        self.rows += 1;
        self.predicted += predicted.len() as u64;
        let mut all = true;
        for g in gold {
            let found = predicted.contains(g);
            all &= found;
            let e = self.per_label.entry((*g).to_string()).or_default();
            e.0 += 1;
            e.1 += u64::from(found);
        }
        self.all_found += u64::from(all);
    }

    /// The figures.
    pub fn report(&self) -> MultiLabelReport {
        let gold_labels: u64 = self.per_label.values().map(|e| e.0).sum();
        let found: u64 = self.per_label.values().map(|e| e.1).sum();
        let share = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        MultiLabelReport {
            rows: self.rows,
            gold_labels,
            found,
            recall: share(found, gold_labels),
            accuracy: share(self.all_found, self.rows),
            mean_predicted: share(self.predicted, self.rows),
            per_class: self
                .per_label
                .iter()
                .map(|(l, (support, found))| {
                    (
                        l.clone(),
                        FoundScore {
                            support: *support,
                            found: *found,
                            recall: share(*found, *support),
                        },
                    )
                })
                .collect(),
        }
    }
}

/// Multi-label figures. There is no precision: gold files name the
/// labels someone looked for, not every label a text carries, so an extra
/// predicted label is not known to be wrong; `mean_predicted` shows how
/// many labels the recall was bought with.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MultiLabelReport {
    /// Rows with at least one gold label.
    pub rows: u64,
    /// Gold labels over those rows.
    pub gold_labels: u64,
    /// Gold labels among the predicted ones.
    pub found: u64,
    /// `found / gold_labels`.
    pub recall: f64,
    /// Share of rows whose every gold label was found.
    pub accuracy: f64,
    /// Labels predicted per row, on average.
    pub mean_predicted: f64,
    /// Per gold label.
    pub per_class: BTreeMap<String, FoundScore>,
}

/// One gold label's multi-label recall.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FoundScore {
    /// Rows carrying it.
    pub support: u64,
    /// Rows where it was among the predicted labels.
    pub found: u64,
    /// `found / support`.
    pub recall: f64,
}

/// A row's gold labels, checked by [`Scorer::gold`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// The label the primary reading is scored against (with `--binary`:
    /// the scored label or `not_LABEL`).
    primary: String,
    /// Every gold label of the task the row carries (none for a
    /// `not_LABEL` row), for multi-label scoring.
    labels: Vec<String>,
    /// With `--binary`: whether the scored label is among them.
    positive: bool,
}

/// Why a row's labels cannot be scored: the field and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldError {
    /// `label` or `labels`.
    pub field: &'static str,
    /// What is wrong, for the user.
    pub message: String,
}

impl std::fmt::Display for GoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "field `{}`: {}", self.field, self.message)
    }
}

/// Scores a task over labelled rows, as `rapport eval` does: the usual
/// report, and with a binary label its figures against everything else;
/// for intents, the multi-label figures too.
#[derive(Debug)]
pub struct Scorer {
    task: Task,
    binary: Option<String>,
    confusion: Confusion,
    counts: Counts,
    among: Counts,
    multi: MultiLabel,
    skipped: u64,
}

impl Scorer {
    /// A scorer for `task`; with `binary`, rows labelled `not_LABEL` mean
    /// "anything but LABEL", and any other label of the task counts as
    /// not LABEL too. `Err` says why `binary` is not a label of the task.
    pub fn new(task: Task, binary: Option<&str>) -> Result<Scorer, String> {
        if let Some(b) = binary {
            if b.starts_with(NOT) || !task.accepts(b) {
                return Err(format!("--binary {b:?} is not {}", task.a_label()));
            }
        }
        Ok(Scorer {
            task,
            binary: binary.map(str::to_string),
            confusion: Confusion::default(),
            counts: Counts::default(),
            among: Counts::default(),
            multi: MultiLabel::default(),
            skipped: 0,
        })
    }

    /// Checks one row's gold labels: `label` (one) and, for intents,
    /// `labels` (several; the first is the primary one when `label` is
    /// absent, and `label` joins them when both are given). `Ok(None)`:
    /// the row is `unclear` and is skipped.
    pub fn gold(&self, label: Option<&str>, labels: &[&str]) -> Result<Option<Gold>, GoldError> {
        if label == Some(UNCLEAR) {
            return Ok(None);
        }
        if !labels.is_empty() && self.task != Task::Intent {
            return Err(GoldError {
                field: "labels",
                message: format!(
                    "only intent rows may carry several labels, not {} rows",
                    self.task.name()
                ),
            });
        }
        let primary = match (label, labels.first()) {
            (Some(l), _) => l,
            (None, Some(l)) => *l,
            (None, None) => {
                return Err(GoldError {
                    field: "label",
                    message: "missing or not a string".to_string(),
                })
            }
        };
        let not_binary = self.binary.as_ref().map(|b| format!("{NOT}{b}"));
        let mut negated = false;
        let mut all: Vec<String> = Vec::with_capacity(labels.len() + 1);
        let checked = label
            .map(|l| ("label", l))
            .into_iter()
            .chain(labels.iter().map(|l| ("labels", *l)));
        for (field, l) in checked {
            if field == "label" && not_binary.as_deref() == Some(l) {
                negated = true;
                continue;
            }
            if !self.task.accepts(l) || l.starts_with(NOT) {
                return Err(GoldError {
                    field,
                    message: self.not_a_label(l),
                });
            }
            if !all.iter().any(|a| a == l) {
                all.push(l.to_string());
            }
        }
        let positive = self.binary.as_ref().is_some_and(|b| all.contains(b));
        let primary = match (&self.binary, not_binary) {
            (Some(b), Some(not)) => {
                if negated && positive {
                    return Err(GoldError {
                        field: "labels",
                        message: format!("names {b:?} while `label` is {not:?}"),
                    });
                }
                if positive {
                    b.clone()
                } else {
                    not
                }
            }
            _ => primary.to_string(),
        };
        Ok(Some(Gold {
            primary,
            labels: all,
            positive,
        }))
    }

    fn not_a_label(&self, l: &str) -> String {
        let a_label = self.task.a_label();
        match (&self.binary, l.strip_prefix(NOT)) {
            (Some(b), _) => format!("{l:?} is neither {b:?}, \"{NOT}{b}\" nor {a_label}"),
            (None, Some(rest)) => format!(
                "{l:?} is not {a_label} (rows labelled \"{NOT}X\" need --binary X, here --binary {rest})"
            ),
            (None, None) => format!("{l:?} is not {a_label}"),
        }
    }

    /// Counts a row left out (`unclear`).
    pub fn skip(&mut self) {
        self.skipped += 1;
    }

    /// Adds one row: its checked gold labels and the analyzer's reading.
    pub fn add(&mut self, gold: &Gold, reading: &Reading) {
        match &self.binary {
            Some(b) => {
                let predicted = reading.primary == b;
                let not = format!("{NOT}{b}");
                self.confusion.add(
                    &gold.primary,
                    if predicted { b.as_str() } else { not.as_str() },
                );
                self.counts.add(gold.positive, predicted);
                self.among
                    .add(gold.positive, reading.all.iter().any(|l| l == b));
            }
            None => self.confusion.add(&gold.primary, reading.primary),
        }
        if self.task == Task::Intent {
            let labels: Vec<&str> = gold.labels.iter().map(String::as_str).collect();
            self.multi.add(&labels, &reading.all);
        }
    }

    /// The report.
    pub fn report(&self) -> Report {
        let mut r = self.confusion.report(self.task.name());
        r.skipped = self.skipped;
        if let Some(b) = &self.binary {
            r.binary = Some(self.counts.score(b));
            if self.task == Task::Intent {
                r.binary_among_intents = Some(self.among.score(b));
            }
        }
        if self.task == Task::Intent {
            r.multi_label = Some(self.multi.report());
        }
        r
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

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn binary_figures_match_a_hand_computed_case() {
        // 5 positives: 3 found, 2 missed; 5 negatives: 1 taken for one.
        let mut c = Counts::default();
        for (gold, predicted, times) in [
            (true, true, 3),
            (true, false, 2),
            (false, true, 1),
            (false, false, 4),
        ] {
            for _ in 0..times {
                c.add(gold, predicted);
            }
        }
        let s = c.score("complaint");
        assert_eq!(
            (s.n, s.positives, s.tp, s.fp, s.fn_, s.tn),
            (10, 5, 3, 1, 2, 4)
        );
        // precision 3/4, recall 3/5, F1 = 2·0.75·0.6 / 1.35 = 2/3.
        assert!(close(s.precision, 0.75) && close(s.recall, 0.6), "{s:?}");
        assert!(close(s.f1, 2.0 / 3.0), "{s:?}");
        let json = serde_json::to_value(&s).unwrap_or_default();
        assert_eq!(json["fn"], 2, "{json}");
    }

    #[test]
    fn nothing_to_divide_by_gives_zero_not_nan() {
        assert_eq!(precision_recall_f1(0, 0, 0), (0.0, 0.0, 0.0));
        assert_eq!(precision_recall_f1(0, 3, 0), (0.0, 0.0, 0.0));
        let s = Counts::default().score("x");
        assert_eq!((s.n, s.f1), (0, 0.0));
    }

    #[test]
    fn multi_label_counts_a_gold_label_found_among_the_predicted() {
        let mut m = MultiLabel::default();
        m.add(&["question"], &["question", "purchase_intent"]); // found
        m.add(&["complaint"], &["question"]); // missed
        m.add(&["question", "purchase_intent"], &["purchase_intent"]); // 1 of 2
        m.add(&[], &["praise"]); // no gold label: not counted
        let r = m.report();
        assert_eq!((r.rows, r.gold_labels, r.found), (3, 4, 2));
        assert!(close(r.recall, 0.5), "{r:?}");
        assert!(close(r.accuracy, 1.0 / 3.0), "only the first row has all");
        assert!(close(r.mean_predicted, 4.0 / 3.0), "{r:?}");
        let q = &r.per_class["question"];
        assert_eq!((q.support, q.found), (2, 1));
        assert!(close(r.per_class["complaint"].recall, 0.0));
    }

    #[test]
    fn binary_gold_labels_are_the_label_its_negation_or_another_label() {
        let s = Scorer::new(Task::Intent, Some("complaint")).expect("a valid label");
        let g = |l: &str| s.gold(Some(l), &[]);
        let pos = g("complaint").ok().flatten().expect("positive");
        assert!(pos.positive && pos.primary == "complaint");
        let neg = g("not_complaint").ok().flatten().expect("negative");
        assert!(!neg.positive && neg.primary == "not_complaint" && neg.labels.is_empty());
        let other = g("question").ok().flatten().expect("another intent");
        assert!(!other.positive && other.primary == "not_complaint");
        assert_eq!(other.labels, vec!["question".to_string()]);
        assert_eq!(g("unclear"), Ok(None));
        for bad in ["not_question", "happy", "positive"] {
            let e = g(bad).expect_err(bad);
            assert_eq!(e.field, "label");
            assert!(e.message.contains(bad), "{e}");
        }
        // Several gold intents: positive when the scored one is among them.
        let both = s
            .gold(None, &["question", "complaint"])
            .ok()
            .flatten()
            .expect("labels alone");
        assert!(both.positive);
        let e = s
            .gold(Some("not_complaint"), &["complaint"])
            .expect_err("contradiction");
        assert_eq!(e.field, "labels");
        assert!(Scorer::new(Task::Intent, Some("nope")).is_err());
        assert!(Scorer::new(Task::Intent, Some("not_complaint")).is_err());
        assert!(Scorer::new(Task::Language, Some("de")).is_ok());
    }

    #[test]
    fn without_binary_a_negated_label_is_an_error_that_says_what_to_do() {
        let s = Scorer::new(Task::Intent, None).expect("no binary");
        let e = s
            .gold(Some("not_suggestion"), &[])
            .expect_err("needs --binary");
        assert!(e.message.contains("--binary suggestion"), "{e}");
        let s = Scorer::new(Task::Sentiment, None).expect("no binary");
        assert_eq!(
            s.gold(Some("positive"), &["negative"])
                .expect_err("sentiment has one label")
                .field,
            "labels"
        );
        assert_eq!(s.gold(None, &[]).expect_err("no label").field, "label");
    }

    #[test]
    fn a_binary_report_agrees_with_its_two_class_confusion() {
        let mut s = Scorer::new(Task::Intent, Some("complaint")).expect("valid");
        let rows: [(&str, &'static str, &[&'static str]); 5] = [
            ("complaint", "complaint", &["complaint"]),
            ("complaint", "question", &["question", "complaint"]),
            ("not_complaint", "complaint", &["complaint"]),
            ("question", "question", &["question"]),
            ("complaint", "praise", &["praise"]),
        ];
        for (gold, primary, all) in rows {
            let g = s.gold(Some(gold), &[]).ok().flatten().expect("valid row");
            s.add(
                &g,
                &Reading {
                    primary,
                    all: all.to_vec(),
                },
            );
        }
        s.skip();
        let r = s.report();
        assert_eq!((r.n, r.skipped), (5, 1));
        let b = r.binary.as_ref().expect("binary figures");
        assert_eq!((b.tp, b.fp, b.fn_, b.tn), (1, 1, 2, 1));
        let c = &r.per_class["complaint"];
        assert!(close(b.precision, c.precision) && close(b.recall, c.recall));
        assert!(close(b.f1, c.f1));
        // Among the listed intents the second row is found too.
        let among = r.binary_among_intents.as_ref().expect("intent task");
        assert_eq!((among.tp, among.fn_), (2, 1));
        // Multi-label: 4 rows carry a gold intent (not the not_complaint one).
        let m = r.multi_label.as_ref().expect("intent task");
        assert_eq!((m.rows, m.found), (4, 3));
    }
}
