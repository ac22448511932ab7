//! MRZ parsing throughput: the TD3 specimen of ICAO Doc 9303 in strict
//! mode, the same zone with OCR confusions in lenient mode, and a TD1
//! card; plus VIN checking. The target is 1,000,000 TD3 zones a second on
//! one core.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ncblink::travel::{ParseOptions, check_vin, parse_mrz, parse_mrz_lines};

const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
/// The same zone in lower case, with `O` for `0` in the date of birth and
/// `5` for `S` in the name.
const TD3_OCR: &str = "p<utoerik5son<<anna<maria<<<<<<<<<<<<<<<<<<<\nl898902c36uto74O8122f1204159ze184226b<<<<<10";
const TD1: [&str; 3] = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];

fn mrz(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    let strict = ParseOptions::strict(today);
    let lenient = ParseOptions::lenient(today);
    let mut g = c.benchmark_group("mrz");
    g.throughput(Throughput::Elements(1));
    g.bench_function("td3_strict", |b| {
        b.iter(|| parse_mrz(black_box(TD3), black_box(&strict)))
    });
    g.bench_function("td3_lenient_clean", |b| {
        b.iter(|| parse_mrz(black_box(TD3), black_box(&lenient)))
    });
    g.bench_function("td3_lenient_ocr", |b| {
        b.iter(|| parse_mrz(black_box(TD3_OCR), black_box(&lenient)))
    });
    g.bench_function("td1_strict", |b| {
        b.iter(|| parse_mrz_lines(black_box(&TD1), black_box(&strict)))
    });
    g.finish();
    c.bench_function("vin", |b| b.iter(|| check_vin(black_box("1M8GDM9AXKP042788"))));
}

criterion_group!(benches, mrz);
criterion_main!(benches);
