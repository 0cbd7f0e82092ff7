//! The `rapport` binary: parse the command line, run, map errors to exit
//! codes (0 success, 1 runtime failure, 2 bad usage or bad input).

use clap::Parser;
use std::process::ExitCode;

// glibc's allocator spends a tenth of an import in malloc and free across
// the analysis threads (BENCHMARKS.md); mimalloc's per-thread heaps do not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = rapport::cli::Cli::parse();
    rapport::telemetry::init(cli.verbose, cli.log_format);
    match rapport::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line: the outermost message and its causes.
            let msg: Vec<String> = err.chain().map(ToString::to_string).collect();
            eprintln!("error: {}", msg.join(": "));
            ExitCode::from(rapport::exit_code(&err))
        }
    }
}
