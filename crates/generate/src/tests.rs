//! Whole-run tests: determinism, the canonical shape, counts and the ladder.

mod ladder;
mod shape;

use super::*;

/// Runs [`write`] into memory.
pub(crate) fn generate(cfg: &Config) -> (String, String, Stats) {
    let (mut out, mut truth) = (Vec::new(), Vec::new());
    let stats = write(cfg, &mut out, &mut truth).expect("writing to memory");
    (
        String::from_utf8(out).expect("utf-8 output"),
        String::from_utf8(truth).expect("utf-8 truth"),
        stats,
    )
}

#[test]
fn the_same_config_gives_the_same_bytes() {
    let cfg = Config::new(300, 3_000, 7);
    let a = generate(&cfg);
    let b = generate(&cfg);
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
    let c = generate(&Config::new(300, 3_000, 8));
    assert_ne!(a.0, c.0);
    assert_ne!(a.1, c.1);
}

#[test]
fn records_in_memory_equal_the_stream() {
    let cfg = Config::new(120, 1_500, 3);
    let (out, truth, stats) = generate(&cfg);
    let (recs, truths) = records(&cfg);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), recs.len());
    assert_eq!(stats.interactions + stats.orders, recs.len() as u64);
    for (line, rec) in lines.iter().zip(&recs) {
        assert_eq!(*line, rec.to_json());
    }
    let parsed: Vec<Truth> = truth
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect();
    assert_eq!(parsed, truths);
}

#[test]
fn the_interaction_count_is_hit() {
    for (people, interactions, seed) in [
        (300, 3_000, 1),
        (2_000, 20_000, 2),
        (50, 500, 3),
        (500, 60_000, 4),
        (1_000, 2_500, 5),
    ] {
        let (out, _, stats) = generate(&Config::new(people, interactions, seed));
        let lines = out
            .lines()
            .filter(|l| !l.starts_with("{\"kind\":\"order\""))
            .count() as u64;
        assert_eq!(lines, stats.interactions);
        let off = (stats.interactions as f64 - interactions as f64).abs() / interactions as f64;
        assert!(
            off <= 0.01,
            "{people}/{interactions}: got {}",
            stats.interactions
        );
        assert_eq!(stats.people, people as u64);
    }
}

#[test]
fn too_small_a_budget_still_gives_everyone_a_line() {
    let (_, truth, stats) = generate(&Config::new(400, 450, 9));
    assert_eq!(truth.lines().count(), 400);
    assert!(stats.interactions >= 400);
    let (out, truth, stats) = generate(&Config::new(0, 100, 9));
    assert!(truth.is_empty());
    assert_eq!(out.lines().count() as u64, stats.interactions);
}
