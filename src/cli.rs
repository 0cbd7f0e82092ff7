//! The command line. Every doc comment here is also `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Rapport: who your true fans are, who needs an answer now, and whether
/// your shop is building relationships or collecting followers.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about)]
pub struct Cli {
    /// Database URL: sqlite://PATH (default sqlite://rapport.db).
    #[arg(
        long,
        global = true,
        env = "RAPPORT_DB",
        default_value = "sqlite://rapport.db"
    )]
    pub db: String,

    /// Print only JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,

    /// More logging on stderr (-v info, -vv debug); RAPPORT_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the bundled demo shop into the database and print a summary.
    Demo,
    /// Import files in FORMAT (jsonl, csv); `-` reads stdin.
    Import(ImportArgs),
    /// Write a realistic synthetic shop (and its persona truth file).
    Generate(GenerateArgs),
    /// People with their ladder stage, labels, scores and evidence.
    People(PeopleArgs),
    /// One person's 360° view, by id, channel:handle, handle or email.
    Person(PersonArgs),
    /// Unanswered interactions, most urgent first.
    Inbox(InboxArgs),
    /// Meaningful metrics beside vanity metrics.
    Report(ReportArgs),
    /// Analyze one text: language, sentiment, intent, topics, specificity.
    Analyze(AnalyzeArgs),
    /// Score the analyzer on labelled JSONL ({"text","label"} per line).
    Eval(EvalArgs),
    /// Analyze every stored interaction again (after a model change).
    Reanalyze,
}

/// `rapport analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text.
    pub text: String,
    /// The post the text answers, to measure how specific it is to it.
    #[arg(long)]
    pub context: Option<String>,
}

/// `rapport eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// sentiment, intent or language.
    pub task: String,
    /// Labelled data, one {"text": ..., "label": ...} per line.
    #[arg(long)]
    pub input: PathBuf,
}

/// `rapport import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format: jsonl or csv.
    pub format: String,
    /// Files to import; `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Records per transaction.
    #[arg(long, default_value_t = 10_000)]
    pub batch_size: usize,
}

/// `rapport generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// People to generate.
    #[arg(long, default_value_t = 300)]
    pub people: usize,
    /// Interactions to generate (orders come on top).
    #[arg(long, default_value_t = 3_000)]
    pub interactions: usize,
    /// Seed; the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output file; the truth file is written beside it as NAME.truth.jsonl.
    #[arg(long)]
    pub out: PathBuf,
}

/// `rapport people`.
#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Only this stage: stranger, follower, casual, engaged, fan.
    #[arg(long)]
    pub stage: Option<String>,
    /// Only people with this label: true_fan, evangelist, influencer, detractor, box_ticker.
    #[arg(long)]
    pub label: Option<String>,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// `rapport person`.
#[derive(Debug, Args)]
pub struct PersonArgs {
    /// Person id, channel:handle, handle or email.
    pub key: String,
}

/// `rapport inbox`.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// `rapport report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Window: `all`, or a number of days / weeks like `30d`, `12w`.
    #[arg(long, default_value = "all")]
    pub since: String,
}
