//! Writes a generated shop to a file and reports the speed.
//!
//! `cargo run --release -p rapport-generate --example gen -- PEOPLE INTERACTIONS SEED OUT.jsonl`

use std::fs::File;
use std::io::BufWriter;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let cfg = rapport_generate::Config::new(
        num(0, 100_000) as usize,
        num(1, 1_000_000) as usize,
        num(2, 1),
    );
    let path = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| "generated.jsonl".into());
    let truth_path = path.strip_suffix(".jsonl").unwrap_or(&path).to_string() + ".truth.jsonl";
    let mut out = BufWriter::new(File::create(&path)?);
    let mut truth = BufWriter::new(File::create(&truth_path)?);
    let started = Instant::now();
    let stats = rapport_generate::write(&cfg, &mut out, &mut truth)?;
    let secs = started.elapsed().as_secs_f64();
    let lines = stats.interactions + stats.orders;
    eprintln!(
        "{} interactions, {} orders, {} people in {secs:.2}s ({:.0} lines/s) -> {path}, {truth_path}",
        stats.interactions,
        stats.orders,
        stats.people,
        lines as f64 / secs
    );
    Ok(())
}
