//! The Rust side of `cargo xtask c-bench`: times N calls of
//! `validate_json(Envelope, …)` on one document, the same work that
//! `validate_bench.c` times through `ncb_validate`, and prints ns per call.
//!
//!     cargo run --release -p ncblink-c --example validate_bench_rust -- FILE [N]

use std::hint::black_box;
use std::time::Instant;

use ncblink::validate::{DocumentKind, validate_json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: validate_bench_rust FILE [N]")?;
    let n: u32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200_000);
    let input = std::fs::read(&path)?;
    let check = validate_json(DocumentKind::Envelope, &input);
    if !check.is_ok() {
        return Err(format!("{path} is not valid:\n{check}").into());
    }
    // Warm caches and the allocator, as the C side does.
    for _ in 0..n / 20 {
        black_box(validate_json(DocumentKind::Envelope, black_box(&input)));
    }
    let start = Instant::now();
    for _ in 0..n {
        let report = validate_json(DocumentKind::Envelope, black_box(&input));
        black_box(report.is_ok());
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(n);
    println!("rust {n} calls {ns:.0} ns/call");
    Ok(())
}
