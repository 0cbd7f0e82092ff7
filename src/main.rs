//! The `rapport` binary: parse the command line, run, map errors to exit
//! codes (0 success, 1 runtime failure, 2 bad usage or bad input).

use clap::Parser;
use std::process::ExitCode;

// glibc's allocator spends a tenth of an import in malloc and free across
// the analysis threads (BENCHMARKS.md); mimalloc's per-thread heaps do not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_closed_stdout();
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

/// Output piped into a reader that stops early (`rapport people | head`)
/// ends the program quietly, as a Unix tool does, instead of with a panic
/// report: Rust ignores SIGPIPE, so printing to a closed pipe fails, and
/// `println!` panics on that failure.
fn quiet_on_closed_stdout() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.starts_with("failed printing to stdout") && text.contains("Broken pipe") {
            // What was printed was all the reader wanted.
            std::process::exit(0);
        }
        report(info);
    }));
}
