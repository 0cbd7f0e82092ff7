//! Logs go to stderr, so `--json` output on stdout stays clean: as text
//! lines for people, or as one JSON object per line (`--log-format json`).

use crate::cli::LogFormat;
use tracing_subscriber::EnvFilter;

/// Starts logging: `RAPPORT_LOG` (an env-filter directive) wins; otherwise
/// warnings, or info / debug with `-v` / `-vv`. JSON logs start at info:
/// they are for a collector, and `serve` logs each request at info.
pub fn init(verbose: u8, format: LogFormat) {
    let default = match (verbose, format) {
        (0, LogFormat::Text) => "warn",
        (0 | 1, _) => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("RAPPORT_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(true);
    let _ = match format {
        // Colours only for a person at a terminal, not in log files.
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        // The event's fields beside time, level, target and message, at
        // the top of each object, as log collectors index them.
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
    };
}
