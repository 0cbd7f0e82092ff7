//! Logs go to stderr, so `--json` output on stdout stays clean.

use tracing_subscriber::EnvFilter;

/// Starts logging: `RAPPORT_LOG` (an env-filter directive) wins; otherwise
/// warnings, or info / debug with `-v` / `-vv`.
pub fn init(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("RAPPORT_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(true)
        .try_init();
}
