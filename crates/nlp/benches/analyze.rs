//! Criterion benches: the full analysis per language, Thai segmentation,
//! and language identification alone, on short social texts.
#![allow(missing_docs)] // criterion_group! generates an undocumented function

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rapport_nlp::{thai, Analyzer};

const EN: &[&str] = &[
    "Does the trail tyre fit a 29er rim? Need it before Saturday's ride 🤞",
    "Ordered two weeks ago and still nothing. Really disappointed tbh",
    "@tom_b you need these bags for the Alps trip, seriously good",
    "great post!",
];
const DE: &[&str] = &[
    "Passt der Reifen auch auf mein Gravelbike mit 40 mm Felgen?",
    "Seit zwei Wochen warte ich auf meine Bestellung, echt enttäuschend",
    "Kann den Laden nur empfehlen, super Beratung beim Helmkauf!",
    "Toll! 🔥",
];
const TH: &[&str] = &[
    "ยางรุ่นนี้ใส่กับล้อ 29 นิ้วได้ไหมครับ",
    "สั่งไปสองอาทิตย์แล้วยังไม่ได้ของเลยค่ะ ผิดหวังมาก",
    "แนะนำร้านนี้เลย บริการดีมาก @แนน ต้องลอง",
    "สวยมาก",
];

fn benches(c: &mut Criterion) {
    let a = Analyzer::embedded().expect("models load");
    for (name, texts) in [("en", EN), ("de", DE), ("th", TH)] {
        let mut g = c.benchmark_group(format!("analyze/{name}"));
        g.throughput(Throughput::Elements(texts.len() as u64));
        g.bench_function("four texts", |b| {
            b.iter(|| {
                for t in texts {
                    black_box(a.analyze(black_box(t)));
                }
            })
        });
        g.finish();
    }
    let mut g = c.benchmark_group("thai");
    g.throughput(Throughput::Elements(TH.len() as u64));
    g.bench_function("segment four texts", |b| {
        b.iter(|| {
            for t in TH {
                black_box(thai::segment(black_box(t)));
            }
        })
    });
    g.finish();
    let mut g = c.benchmark_group("language");
    g.throughput(Throughput::Elements(EN.len() as u64));
    g.bench_function("identify four English texts", |b| {
        b.iter(|| {
            for t in EN {
                black_box(a.language(black_box(t)));
            }
        })
    });
    g.finish();
}

criterion_group!(analyze, benches);
criterion_main!(analyze);
