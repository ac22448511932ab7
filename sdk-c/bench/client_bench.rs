//! The Rust side of the client part of `cargo xtask c-bench`: the same
//! document checks as `client_bench.c`, with the core's blocking client
//! shared by N threads, or its batch call, against the same hub.
//!
//!     NCBLINK_HUB=URL NCBLINK_TOKEN=T client_bench_rust threads|batch N SECONDS
//!
//! Prints "rust MODE ARG CHECKS checks RATE checks/s".

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ncblink::client::blocking::Client;
use ncblink::model::query::{CheckOutcome, DocumentCheck};

fn check(number: &str) -> DocumentCheck {
    DocumentCheck {
        extra: Default::default(),
        number: number.into(),
        issuing_state: "FRA".parse().expect("ICAO code"),
        document_type: None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: NCBLINK_HUB=URL NCBLINK_TOKEN=T client_bench_rust threads|batch N SECONDS";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, n, seconds] = args.as_slice() else {
        return Err(usage.into());
    };
    let n: usize = n.parse()?;
    let seconds: f64 = seconds.parse()?;
    let client = Client::builder(std::env::var("NCBLINK_HUB")?, "FR".parse()?)
        .token(std::env::var("NCBLINK_TOKEN")?)
        .build()?;
    let done = AtomicU64::new(0);
    let failed = AtomicU64::new(0);
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(seconds);
    if mode == "threads" {
        std::thread::scope(|s| {
            for _ in 0..n {
                s.spawn(|| {
                    let c = check("CT0000001");
                    while Instant::now() < deadline {
                        match client.check_document(&c) {
                            Ok(r) if r.outcome == CheckOutcome::Hit => {}
                            _ => {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
    } else {
        let items: Vec<DocumentCheck> = (0..n)
            .map(|i| {
                check(&if i % 10 == 0 {
                    "CT0000001".to_string()
                } else {
                    format!("B{i}")
                })
            })
            .collect();
        while Instant::now() < deadline {
            match client.check_documents(&items) {
                Ok(r) if r.len() == n && r[0].outcome == CheckOutcome::Hit => {}
                _ => {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            done.fetch_add(n as u64, Ordering::Relaxed);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    if failed.load(Ordering::Relaxed) > 0 {
        return Err(format!("{} calls failed", failed.load(Ordering::Relaxed)).into());
    }
    let total = done.load(Ordering::Relaxed);
    println!("rust {mode} {n} {total} checks {:.0} checks/s", total as f64 / elapsed);
    Ok(())
}
