//! Parse and validate a realistic Red Notice (two charges, two warrants,
//! physical description, photo and fingerprint references, markings):
//! parse into an untyped `serde_json::Value` (the peer), parse-only and
//! parse+validate side by side, on one core. `cargo xtask bench` puts these
//! figures in its table beside their targets.
//!
//!     cargo bench -p ncblink --bench validate

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ncblink::model::Envelope;
use ncblink::validate::{DocumentKind, validate, validate_json};

fn red_notice() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/valid/red-notice.json");
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).expect("vector")).expect("JSON");
    // Compact, as it travels on the wire.
    serde_json::to_vec(&value).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let input = red_notice();
    let parsed: Envelope = ncblink::json::parse(&input).expect("valid");
    assert!(validate(&parsed).is_ok(), "{}", validate(&parsed));
    let mut g = c.benchmark_group(format!("red_notice_{}_bytes", input.len()));
    g.throughput(Throughput::Elements(1));
    // The peer: the same bytes into an untyped tree (issue 17's reference).
    g.bench_function("parse_only_serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(black_box(&input)).expect("parse")))
    });
    g.bench_function("parse_only_serde_json", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Envelope>(black_box(&input)).expect("parse")))
    });
    g.bench_function("parse_only_with_field_paths", |b| {
        b.iter(|| black_box(ncblink::json::parse::<Envelope>(black_box(&input)).expect("parse")))
    });
    g.bench_function("validate_only", |b| b.iter(|| black_box(validate(black_box(&parsed)))));
    g.bench_function("parse_and_validate", |b| {
        b.iter(|| black_box(validate_json(DocumentKind::Envelope, black_box(&input))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
