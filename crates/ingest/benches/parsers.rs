#![allow(missing_docs)]
//! Throughput of each import format: its fixtures from `tests/fixtures`,
//! concatenated and repeated to about half a megabyte, read to the end.
//! Criterion reports elements per second, an element being one record the
//! reader yields (skips and rejections are read too but not counted).
//!
//! `cargo bench -p rapport-ingest --bench parsers -- --warm-up-time 1
//! --measurement-time 2`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rapport_ingest::{Format, Item, Options};
use std::path::Path;

const FIXTURES: &[(Format, &[&str])] = &[
    (
        Format::Mastodon,
        &[
            "mastodon/home_timeline.json",
            "mastodon/notifications.json",
            "mastodon/context.json",
            "mastodon/grouped_notifications_v2.json",
        ],
    ),
    (Format::Bluesky, &["bluesky/jetstream.jsonl"]),
    (
        Format::Reddit,
        &["reddit/comments_page.json", "reddit/user_comments.json"],
    ),
    (
        Format::Youtube,
        &["youtube/comment_threads.json", "youtube/comments.json"],
    ),
    (
        Format::Facebook,
        &[
            "facebook/comments_page.json",
            "facebook/page_feed.json",
            "facebook/webhook.json",
        ],
    ),
    (
        Format::Instagram,
        &[
            "instagram/media_comments.json",
            "instagram/mentions.json",
            "instagram/webhook.json",
        ],
    ),
    (
        Format::X,
        &[
            "x/search_recent.json",
            "x/v1_statuses.json",
            "x/responses.jsonl",
        ],
    ),
    (Format::TwitterArchive, &["twitter_archive/tweets.js"]),
    (
        Format::ShopifyOrders,
        &["shopify/orders.json", "shopify/order.json"],
    ),
    (
        Format::WoocommerceOrders,
        &[
            "woocommerce/orders.json",
            "woocommerce/legacy_v3_orders.json",
        ],
    ),
    (Format::Mbox, &["mbox/answers.mbox", "mbox/rejections.mbox"]),
];

/// The fixtures of one format, repeated to about `target` bytes.
fn input(paths: &[&str], target: usize) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut once = Vec::new();
    for p in paths {
        let bytes = std::fs::read(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        once.extend_from_slice(&bytes);
        once.push(b'\n');
    }
    let mut out = Vec::with_capacity(target + once.len());
    while out.len() < target {
        out.extend_from_slice(&once);
    }
    out
}

/// Reads `bytes` to the end; returns how many records came out.
fn records(format: Format, bytes: &[u8], options: &Options) -> usize {
    match format.read(Box::new(bytes), options) {
        Ok(items) => items
            .filter(|i| matches!(i, Ok(Item::Record { .. })))
            .count(),
        Err(_) => 0,
    }
}

fn parsers(c: &mut Criterion) {
    let options = Options::default().with_brand("x", "trailandtyre");
    let mut group = c.benchmark_group("parsers");
    for (format, paths) in FIXTURES {
        let bytes = input(paths, 512 * 1024);
        let n = records(*format, &bytes, &options);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format.name()),
            &bytes,
            |b, bytes| b.iter(|| records(*format, bytes, &options)),
        );
    }
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
