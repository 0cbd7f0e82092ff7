//! The command line. Every doc comment here is also `--help` text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Rapport: who your true fans are, who needs an answer now, and whether
/// your shop is building relationships or collecting followers.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about)]
pub struct Cli {
    /// Database URL: sqlite://PATH (default sqlite://rapport.db) or
    /// postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.
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

    /// The shop's profile (name, topics, values, channels, revenue goal);
    /// the built-in demo shop's when the file does not exist.
    #[arg(
        long,
        global = true,
        env = "RAPPORT_PROFILE",
        default_value = "rapport.toml"
    )]
    pub profile: PathBuf,

    /// The mail relay the outbox sends through: smtp://HOST:PORT,
    /// smtp://USER:PASS@HOST:587?tls=required or smtps://USER:PASS@HOST.
    #[arg(long, global = true, env = "RAPPORT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The address people reach this server at (unsubscribe links in
    /// outgoing mail point there).
    #[arg(
        long,
        global = true,
        env = "RAPPORT_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,

    /// A TOML file of channel credentials (see docs/OUTBOX.md); the
    /// environment's RAPPORT_MASTODON_URL / RAPPORT_MASTODON_TOKEN and
    /// RAPPORT_MAIL_FROM go over it.
    #[arg(long, global = true, env = "RAPPORT_SECRETS")]
    pub secrets: Option<PathBuf>,

    /// More logging on stderr (-v info, -vv debug); RAPPORT_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// How logs on stderr are written: `text` for people, or `json`, one
    /// object per line for a log collector (its level starts at info, so
    /// `serve` logs every request; -v and RAPPORT_LOG still choose).
    #[arg(
        long,
        global = true,
        env = "RAPPORT_LOG_FORMAT",
        value_enum,
        default_value_t = LogFormat::Text
    )]
    pub log_format: LogFormat,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How logs are written (`--log-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Lines for people.
    Text,
    /// One JSON object per line.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the bundled demo shop into the database and print a summary.
    Demo,
    /// Import files in FORMAT (jsonl, csv, mastodon, bluesky, reddit, youtube,
    /// facebook, instagram, x, twitter-archive, shopify-orders,
    /// woocommerce-orders, mbox, eml); `-` reads stdin.
    Import(ImportArgs),
    /// Pull live from a platform's API (mastodon, bluesky), resuming after
    /// the stored cursor.
    Pull(PullArgs),
    /// Write a realistic synthetic shop (and its persona truth file).
    Generate(GenerateArgs),
    /// People with their ladder stage, labels, scores and evidence.
    People(PeopleArgs),
    /// One person's 360° view, by id, channel:handle, handle or email.
    Person(PersonArgs),
    /// Unanswered interactions, most urgent first.
    Inbox(InboxArgs),
    /// Follow-up tasks and alerts for humans: unanswered questions and
    /// complaints (due after the profile's answer targets, by default 1 h
    /// for true fans, evangelists, influencers and detractors' complaints;
    /// 24 h for everyone else), new detractors, fans slipping, misaligned
    /// influencers, and moments: a question about something bought, a
    /// second complaint, a detractor in public, an influencer's mention, a
    /// follow-up the day after an answer.
    Tasks(TasksArgs),
    /// Meaningful metrics beside vanity metrics.
    Report(ReportArgs),
    /// The shop's profile: show it, or set one key.
    Profile(ProfileArgs),
    /// The next five people to cultivate, and how the current ones do.
    Cohort(CohortArgs),
    /// Analyze one text: language, sentiment, intent, topics, specificity.
    Analyze(AnalyzeArgs),
    /// Score the analyzer on labelled JSONL ({"text","label"} per line).
    Eval(EvalArgs),
    /// Analyze every stored interaction again (after a model change).
    Reanalyze,
    /// Teach the shop's analysis labelled examples ({"text","label"} per
    /// line, eval's format): stored with the shop's corrections, the
    /// shop's layer trained, every stored text read again.
    Learn(LearnArgs),
    /// The corrections and examples the shop taught, oldest first.
    Corrections,
    /// Judge everyone on the ladder again and store the verdicts (imports,
    /// merges and unlinks keep them current on their own).
    Rescore(RescoreArgs),
    /// Serve the JSON API and the dashboard.
    Serve(ServeArgs),
    /// Merge two people by hand (`link A B --reason TEXT`), or review link
    /// suggestions (`link suggestions|accept ID|reject ID|scan`).
    Link(LinkArgs),
    /// Undo a merge exactly: `unlink A B` or `unlink --link ID`.
    Unlink(UnlinkArgs),
    /// The value-first log: what the shop gave a person (gift, sample,
    /// shoutout, feature, help, intro) or asked of them (ask).
    Touch(TouchArgs),
    /// Find people (name, handle, email) and messages (their words) in any
    /// language: every word of at least three characters must match.
    Search(SearchArgs),
    /// Dashboard and API users.
    User(UserArgs),
    /// API tokens.
    Token(TokenArgs),
    /// Everything held about one person, as one JSON document (the
    /// export is written to the audit log).
    ExportPerson(PersonArgs),
    /// Erase one person for good: identities, messages, notes, touches,
    /// and the personal data of their orders; the report's past figures
    /// stay, and their records are skipped if imported again.
    Forget(ForgetArgs),
    /// Who viewed, exported, erased or changed what, newest first.
    Audit(AuditArgs),
    /// Outgoing messages (replies, feedback requests, reminders, digests)
    /// and their states; `outbox run` sends what is due.
    Outbox(OutboxArgs),
    /// Run queued jobs (imports, re-analysis, re-scoring, outbox rounds)
    /// until stopped: one of the processes sharing a database; `rapport
    /// serve` runs them too unless told not to.
    Worker(WorkerArgs),
    /// The latest queued jobs and how each kind stands.
    Jobs(JobsArgs),
    /// Copy a whole store into an empty database (SQLite to PostgreSQL,
    /// back, or between two of one kind), then compare every table's rows
    /// and checksum on both sides; exit 1 if any differs.
    MigrateStore(MigrateStoreArgs),
}

/// `rapport migrate-store`.
#[derive(Debug, Args)]
pub struct MigrateStoreArgs {
    /// The store to copy: sqlite://PATH or postgres://USER@HOST/DATABASE
    /// (brought up to this build's schema, then only read).
    #[arg(long)]
    pub from: String,
    /// Where to copy it: a new SQLite file or a freshly created, empty
    /// PostgreSQL database; one holding data is refused (exit 2).
    #[arg(long)]
    pub to: String,
    /// Copy nothing: only compare the two stores table by table (rows
    /// and checksums), as the end of a move does.
    #[arg(long)]
    pub check_only: bool,
}

/// `rapport worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Stop once no job is due, instead of waiting for more.
    #[arg(long)]
    pub once: bool,
    /// Take only these kinds (import, reanalyze, rescore, send).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Seconds a claimed job stays this worker's without word from it;
    /// after that (the worker died) another worker takes the job again.
    #[arg(long, env = "RAPPORT_JOB_LEASE", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(3..))]
    pub lease: u64,
    /// Milliseconds between looks at the queue while it is empty.
    #[arg(long, default_value_t = 1000)]
    pub idle_ms: u64,
}

/// `rapport jobs`.
#[derive(Debug, Args)]
pub struct JobsArgs {
    /// At most this many jobs, newest first.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

/// `rapport forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Person id, channel:handle, handle or email.
    pub key: String,
    /// Erase without asking (needed when stdin is not a terminal).
    #[arg(long)]
    pub yes: bool,
}

/// `rapport audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// At most this many entries (1 to 500).
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// Skip this many of the newest entries.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
}

/// `rapport rescore`.
#[derive(Debug, Args)]
pub struct RescoreArgs {
    /// Judge everyone and compare with the stored verdicts, writing
    /// nothing; exit 1 when any differ.
    #[arg(long)]
    pub check: bool,
}

/// `rapport analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text.
    pub text: String,
    /// The post the text answers, to measure how specific it is to it.
    #[arg(long)]
    pub context: Option<String>,
    /// Read with the shipped models alone, even when the database (--db)
    /// holds what the shop taught (by default analyze reads as the shop
    /// does whenever it does)
    #[arg(long)]
    pub shipped: bool,
}

/// `rapport eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// sentiment, intent or language.
    pub task: String,
    /// Labelled data, one {"text": ..., "label": ...} per line (intent
    /// rows may carry several gold intents as "labels": [...]); rows
    /// labelled `unclear` are skipped.
    #[arg(long)]
    pub input: PathBuf,
    /// Score one label against everything else: rows labelled
    /// `not_LABEL` (or any other label of the task) are "anything but
    /// LABEL"; prints LABEL's precision, recall and F1 beside the report.
    #[arg(long, value_name = "LABEL")]
    pub binary: Option<String>,
    /// Score the shipped models alone, even when the database (--db)
    /// holds what the shop taught (by default eval reads as the shop
    /// does whenever it does).
    #[arg(long)]
    pub shipped: bool,
}

/// `rapport learn`.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// sentiment or intent.
    pub task: String,
    /// Labelled examples, one {"text": ..., "label": ...} per line; a
    /// label may deny a class (`not_question`). A file with any bad line
    /// is refused whole.
    #[arg(long)]
    pub input: PathBuf,
}

/// `rapport import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format: jsonl, csv, mastodon, bluesky, reddit, youtube, facebook,
    /// instagram, x, twitter-archive, shopify-orders, woocommerce-orders,
    /// mbox or eml.
    pub format: String,
    /// Files to import; `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Records per transaction.
    #[arg(long, default_value_t = 10_000)]
    pub batch_size: usize,
    /// One of the shop's own accounts, as CHANNEL:HANDLE (repeatable, e.g.
    /// `--brand instagram:bikeshop --brand bluesky:did:plc:abc`); records
    /// written by it are the shop's (`from_brand`), answers are replies.
    #[arg(
        long = "brand",
        value_name = "CHANNEL:HANDLE",
        env = "RAPPORT_BRAND",
        value_delimiter = ',',
        value_parser = rapport_ingest::Options::parse_brand
    )]
    pub brand: Vec<(String, String)>,
    /// Queue each file as a job for a worker (`rapport worker`, or a
    /// running `rapport serve`) instead of importing it here; prints the
    /// jobs' ids.
    #[arg(long)]
    pub queue: bool,
}

/// `rapport pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// The platform.
    #[command(subcommand)]
    pub source: PullSource,
    /// Records per transaction.
    #[arg(long, global = true, default_value_t = 500)]
    pub batch_size: usize,
    /// One of the shop's own accounts, as CHANNEL:HANDLE (repeatable); its
    /// records are the shop's (`from_brand`).
    #[arg(
        long = "brand",
        global = true,
        value_name = "CHANNEL:HANDLE",
        env = "RAPPORT_BRAND",
        value_delimiter = ',',
        value_parser = rapport_ingest::Options::parse_brand
    )]
    pub brand: Vec<(String, String)>,
}

/// `rapport pull mastodon|bluesky`.
#[derive(Debug, Subcommand)]
pub enum PullSource {
    /// Poll GET /api/v1/notifications (mentions, favourites, reblogs,
    /// follows) since the stored cursor.
    Mastodon {
        /// The instance, e.g. https://mastodon.social.
        #[arg(long)]
        base_url: String,
        /// An access token with read:notifications.
        #[arg(long, env = "RAPPORT_MASTODON_TOKEN", hide_env_values = true)]
        token: String,
        /// One round (every new page), print the summary and exit.
        #[arg(long)]
        once: bool,
        /// Time between rounds: seconds, or a number with s, m or h.
        #[arg(long, default_value = "60s")]
        interval: String,
    },
    /// Read a Jetstream WebSocket (ws:// or wss://) from the stored cursor.
    Bluesky {
        /// The Jetstream, e.g. wss://jetstream2.us-east.bsky.network.
        #[arg(long)]
        jetstream: String,
        /// Collections to ask for, comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "app.bsky.feed.post,app.bsky.feed.like,app.bsky.feed.repost,app.bsky.graph.follow"
        )]
        collections: Vec<String>,
        /// Stop after this many seconds (default: run until Ctrl-C).
        #[arg(long = "for", value_name = "SECONDS")]
        for_secs: Option<u64>,
        /// Stop after this many events.
        #[arg(long)]
        max_events: Option<u64>,
    },
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
    /// Order: closeness (default), name, id, engagement, loyalty,
    /// advocacy, reach, lifetime_value, fit or alignment.
    #[arg(long)]
    pub sort: Option<String>,
    /// At most this many.
    #[arg(long, conflicts_with = "csv")]
    pub limit: Option<usize>,
    /// Print every matching person as CSV (as `GET /api/people.csv`).
    #[arg(long)]
    pub csv: bool,
}

/// `rapport touch`.
#[derive(Debug, Args)]
pub struct TouchArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: TouchCommand,
}

/// `rapport touch add|list`.
#[derive(Debug, Subcommand)]
pub enum TouchCommand {
    /// Log something given to, or asked of, a person.
    Add {
        /// Person id, channel:handle, handle or email.
        person: String,
        /// gift, sample, shoutout, feature, help, intro, or ask.
        #[arg(long)]
        kind: String,
        /// What it was.
        #[arg(long)]
        note: String,
        /// When (RFC 3339); now when left out.
        #[arg(long)]
        at: Option<String>,
    },
    /// The log, for everyone or one person (with their ledger).
    List {
        /// Person id, channel:handle, handle or email.
        person: Option<String>,
    },
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
    /// Skip this many (the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Only these channels (comma-separated).
    #[arg(long)]
    pub channel: Option<String>,
    /// Only this language as the analyzer read it (en, de, th, …).
    #[arg(long)]
    pub language: Option<String>,
    /// Only these kinds of words: question, complaint, praise,
    /// recommendation, stock (comma-separated).
    #[arg(long)]
    pub intent: Option<String>,
    /// Only authors at this stage.
    #[arg(long)]
    pub stage: Option<String>,
    /// Only authors with one of these labels (comma-separated).
    #[arg(long)]
    pub label: Option<String>,
    /// Only items assigned to this team member (an email).
    #[arg(long)]
    pub assigned: Option<String>,
    /// Only messages written after this moment (RFC 3339).
    #[arg(long)]
    pub since: Option<String>,
    /// Only messages past their answer target.
    #[arg(long)]
    pub over_target: bool,
    /// Stock phrases: include (default), fold (one line per post) or only.
    #[arg(long)]
    pub stock: Option<String>,
    /// Only messages under this post.
    #[arg(long)]
    pub post: Option<String>,
    /// Print every matching item as CSV (as `GET /api/inbox.csv`;
    /// `--limit` and `--offset` are ignored).
    #[arg(long)]
    pub csv: bool,
    /// Act on an item instead of listing.
    #[command(subcommand)]
    pub action: Option<InboxCommand>,
}

/// `rapport search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The words to find.
    #[arg(required = true, num_args = 1..)]
    pub words: Vec<String>,
    /// At most this many people and this many messages.
    #[arg(long, default_value_t = 20)]
    pub limit: u64,
}

/// `rapport inbox reply`.
#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// Reply to message ID as the shop: answered at once, and sent on its
    /// channel when that channel is connected (else recorded as posted by
    /// you on the platform).
    Reply {
        /// The message's id (`#ID` in the list).
        id: i64,
        /// The reply (or start from `--template`).
        #[arg(required_unless_present = "template")]
        text: Option<String>,
        /// Send this saved reply, filled in for the message (see
        /// `inbox templates ID`).
        #[arg(long, conflicts_with = "text")]
        template: Option<String>,
        /// An idempotency key: the same key again is the same reply.
        #[arg(long)]
        key: Option<String>,
    },
    /// The saved replies for message ID, in its language, filled in.
    Templates {
        /// The message's id.
        id: i64,
    },
}

/// `rapport outbox`.
#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// Only messages in this state: queued, sending, sent, failed, unsure,
    /// recorded, cancelled.
    #[arg(long)]
    pub state: Option<String>,
    /// At most this many, newest first.
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
    /// What to do (list when left out).
    #[command(subcommand)]
    pub action: Option<OutboxCommand>,
}

/// `rapport outbox run|retry|cancel`.
#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send every message that is due, once each, then exit.
    Run {
        /// Pretend the clock says this (RFC 3339).
        #[arg(long)]
        now: Option<String>,
    },
    /// Send a failed or unsure message again.
    Retry {
        /// The message's id.
        id: i64,
    },
    /// Never send a queued, failed or unsure message.
    Cancel {
        /// The message's id.
        id: i64,
    },
}

/// `rapport tasks`.
#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Only tasks whose target has passed.
    #[arg(long)]
    pub due: bool,
    /// At most this many (at most 1000; overdue first, then by severity
    /// and due time).
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    /// Skip this many.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// Mark an alert done: its key (`unanswered:42`, `moment:7`,
    /// `falling:12`, … — shown under each task), or a moment's number.
    #[arg(long, value_name = "KEY")]
    pub done: Option<String>,
    /// Snooze an alert (for `--minutes`, default a day).
    #[arg(long, value_name = "KEY", conflicts_with_all = ["done", "dismiss"])]
    pub snooze: Option<String>,
    /// Dismiss an alert: one about someone's place on the ladder stays
    /// away until its cause changes.
    #[arg(long, value_name = "KEY", conflicts_with_all = ["done", "snooze"])]
    pub dismiss: Option<String>,
    /// Minutes for `--snooze`.
    #[arg(long)]
    pub minutes: Option<i64>,
    /// Why (kept with the decision).
    #[arg(long)]
    pub reason: Option<String>,
}

/// `rapport report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Window: `all`, or a number of days / weeks like `30d`, `12w`.
    #[arg(long, default_value = "all")]
    pub since: String,
    /// Also write a self-contained HTML page with charts to this file.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Print the report as CSV instead (as `GET /api/report.csv`): a row
    /// per channel, a total row, a row per week.
    #[arg(long)]
    pub csv: bool,
}

/// `rapport profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: ProfileAction,
}

/// `rapport profile show|set`.
#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Print the profile in use and where it comes from.
    Show,
    /// Set one key (name, currency, revenue_goal, topics, values,
    /// channels.CHANNEL, rates.CURRENCY) and write the profile file.
    Set {
        /// The key.
        key: String,
        /// The value; lists are comma-separated.
        value: String,
    },
}

/// `rapport cohort`.
#[derive(Debug, Args)]
pub struct CohortArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: CohortAction,
}

/// `rapport cohort plan|show`.
#[derive(Debug, Subcommand)]
pub enum CohortAction {
    /// Pick the next people to cultivate, with an opener for each.
    Plan {
        /// People to cultivate at a time (open members count).
        #[arg(long, default_value_t = 5)]
        size: usize,
    },
    /// Mark what happened with a member outside Rapport.
    Mark {
        /// The cohort's number.
        cohort: i64,
        /// The member: id, channel:handle, handle or email.
        person: String,
        /// contacted, replied, moved_up or given_up.
        mark: String,
    },
    /// The cohorts and each member's progress.
    Show,
}

/// `rapport serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "RAPPORT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Load the demo shop first, and create the demo admin
    /// demo@rapport.local (password `demo`) if there is none.
    #[arg(long)]
    pub demo: bool,
    /// Mark cookies Secure (set this when serving behind HTTPS).
    #[arg(long, env = "RAPPORT_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Shopify app secret: enables POST /webhooks/shopify, whose
    /// deliveries must carry its HMAC in X-Shopify-Hmac-Sha256.
    #[arg(long, env = "RAPPORT_SHOPIFY_SECRET", hide_env_values = true)]
    pub shopify_secret: Option<String>,
    /// The hub.verify_token Meta must send to subscribe GET /webhooks/meta.
    #[arg(long, env = "RAPPORT_META_VERIFY_TOKEN", hide_env_values = true)]
    pub meta_verify_token: Option<String>,
    /// Meta app secret: enables POST /webhooks/meta, whose deliveries must
    /// carry its HMAC in X-Hub-Signature-256.
    #[arg(long, env = "RAPPORT_META_APP_SECRET", hide_env_values = true)]
    pub meta_app_secret: Option<String>,
    /// Connections open at once; past this, new ones are closed at once
    /// (keep it below the open-file limit, `ulimit -n`).
    #[arg(long, env = "RAPPORT_MAX_CONNECTIONS", default_value_t = 10_000,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Seconds a request may take, body upload and handling together,
    /// before it is answered 503 (imports of large files need minutes).
    #[arg(long, env = "RAPPORT_REQUEST_TIMEOUT", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout: u64,
    /// Requests per second each API token may make, sustained (0: no
    /// limit); past it the API answers 429 with Retry-After.
    #[arg(long, env = "RAPPORT_API_RATE", default_value_t = 100)]
    pub api_rate: u32,
    /// Requests an API token may make at once after a quiet spell.
    #[arg(long, env = "RAPPORT_API_BURST", default_value_t = 600,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub api_burst: u32,
    /// Seconds an upload (POST /api/imports, the dashboard's form) waits
    /// for its import job before answering 202 with the job to ask about.
    #[arg(long, env = "RAPPORT_IMPORT_WAIT", default_value_t = 15)]
    pub import_wait: u64,
    /// Leave queued jobs (imports, re-analysis, re-scoring, outbox rounds)
    /// to `rapport worker` processes instead of running them here.
    #[arg(long, env = "RAPPORT_NO_WORKER")]
    pub no_worker: bool,
    /// Seconds a job this server runs stays its own without word from it
    /// (see `rapport worker --lease`).
    #[arg(long, env = "RAPPORT_JOB_LEASE", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(3..))]
    pub job_lease: u64,
    /// A bearer token that may read GET /metrics (for a Prometheus
    /// scrape config); without it only admins may.
    #[arg(long, env = "RAPPORT_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

/// `rapport link`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LinkArgs {
    /// What to do with suggestions (without one: link A and B).
    #[command(subcommand)]
    pub action: Option<LinkAction>,
    /// The person to keep: id, channel:handle, handle or email.
    pub a: Option<String>,
    /// The person merged into A: id, channel:handle, handle or email.
    pub b: Option<String>,
    /// Why they are one person (stored with the link).
    #[arg(long)]
    pub reason: Option<String>,
}

/// `rapport link suggestions|accept|reject|scan`.
#[derive(Debug, Subcommand)]
pub enum LinkAction {
    /// Open suggestions (e.g. a handle named in a bio), with reason and
    /// confidence.
    Suggestions,
    /// Accept a suggestion: merge the two people.
    Accept {
        /// Suggestion id.
        id: i64,
    },
    /// Reject a suggestion: the two stay apart.
    Reject {
        /// Suggestion id.
        id: i64,
    },
    /// Run the suggestion rules over everything stored (imports do this
    /// for every batch).
    Scan,
}

/// `rapport unlink`.
#[derive(Debug, Args)]
pub struct UnlinkArgs {
    /// The person who absorbed the other: id, channel:handle, handle or email.
    #[arg(required_unless_present = "link", conflicts_with = "link")]
    pub a: Option<String>,
    /// The merged person: their old id, or one of their handles or emails.
    #[arg(required_unless_present = "link", conflicts_with = "link")]
    pub b: Option<String>,
    /// The link to undo, by id (as `person --json` shows under `links`).
    #[arg(long)]
    pub link: Option<i64>,
}

/// `rapport user`.
#[derive(Debug, Args)]
pub struct UserArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: UserAction,
}

/// `rapport user add|remove`.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create a user; the password is read from stdin.
    Add {
        /// Login email.
        email: String,
        /// admin, agent or viewer.
        #[arg(long)]
        role: String,
        /// Read the password from stdin (the only way: it never appears in
        /// shell history or the process list).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Remove a user: their API tokens are revoked, their sessions end and
    /// their inbox items are unassigned (the last admin cannot be removed).
    Remove {
        /// Login email.
        email: String,
    },
    /// A user's own settings: the dashboard's language and the daily mail
    /// of what is overdue (what Settings → "Your settings" changes).
    Set {
        /// Login email.
        email: String,
        /// en, de or th; `auto` for the browser's.
        #[arg(long)]
        language: Option<String>,
        /// on or off.
        #[arg(long)]
        digest: Option<String>,
    },
}

/// `rapport token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: TokenAction,
}

/// `rapport token create|list|revoke`.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Print a new API token for the user; only its hash is stored.
    Create {
        /// The user's email.
        email: String,
        /// Days until the token expires (then it is refused with 401).
        #[arg(long, default_value_t = 90,
              value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
    },
    /// The API tokens (ids, owners, when made, last used, expiry).
    List {
        /// Only this user's.
        email: Option<String>,
    },
    /// Revoke one token by id (`token revoke 3`), or all of a user's
    /// (`token revoke all EMAIL`).
    Revoke {
        /// A token id (as `token list` shows), or `all`.
        what: String,
        /// With `all`: whose tokens.
        email: Option<String>,
    },
}
