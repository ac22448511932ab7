//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).

use std::process::ExitCode;

mod api;
mod bench;
mod c;
mod codelists;
mod dist;
mod figures;
mod fuzz;
mod hub;
mod interop;
mod openapi;
mod python;
mod schemas;
mod schemathesis;
mod test;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  test [--release-checks]
                        every check: rustfmt, clippy -D warnings, drift of generated files,
                        all Rust tests, the vectors against the JSON Schemas (Python jsonschema),
                        Schemathesis, Python, C, the C-to-Python round trip; --release-checks
                        adds dist --check, cargo semver-checks and a bounded fuzz run (~30 min)
  api-check [--bless]   diff the C library's prototypes and enum values and the Python stubs
                        against the baselines in api/ (the last release), and the ncblink
                        crate's rustdoc with cargo-semver-checks; --bless writes them
  schemas [--check]     write schemas/*.schema.json from the model; --check fails if stale
  openapi [--check]     write schemas/openapi.json from the hub's route table; --check fails
                        if stale
  codelists [--check]   write sdk-core/src/model/codes/tables.rs from iso-codes and
                        xtask/data/icao-specials.json; --check fails if the file is stale
  py-types [--check]    write sdk-python/python/ncblink/types.py (TypedDicts) from schemas/;
                        --check fails if the file is stale
  conformance           signatures across implementations: the valid envelope vectors signed
                        by Python rfc8785 + cryptography, verified by sdk-core and the hub,
                        and the other way round; the RFC 8785 vectors on both sides
  py-test [--debug]     build the Python wheel (release; --debug for a dev build), install it
                        in a fresh venv, run pytest, mypy --strict and stubtest on it
  py-bench [N]          the Python benchmarks: validation against jsonschema, fastjsonschema and
                        pydantic on N documents (default 10000), and database checks through
                        ncblink.Client against httpx on a local release hub: prints tables
  cheader [--check]     write sdk-c/include/ncblink.h with cbindgen 0.29.4 (installed under
                        target/tools if absent); --check fails if the header is stale
  c-install --prefix DIR
                        build libncblink in release (not the hub) and install
                        lib/libncblink.so (SONAME libncblink.so.0.MINOR), lib/libncblink.a, include/ncblink.h,
                        lib/pkgconfig/ncblink.pc and lib/cmake/ncblink under DIR
  dist [--check]        the release artefacts in dist/ for x86_64 Linux, glibc 2.17 and later
                        (docs/install.md): the C SDK tarball, .deb and .rpm, the abi3
                        manylinux2014 wheel and the sdist, the ncblink and ncblink-hub
                        tarball with man pages and completions, a CycloneDX SBOM and
                        SHA256SUMS; --check then installs and uses them as users would
  schemathesis          Schemathesis (PyPI) against the hub from schemas/openapi.json:
                        no 5xx, no response contradicting the document
  fuzz [--seconds S]    build the cargo-fuzz targets of fuzz/ and run each S seconds (30),
                        seeded from tests/vectors; fails on a crash
  c-test                the C programs (examples/c, tests/c) against a c-install in
                        target/c-install and a hub started for them: pkg-config and CMake
                        builds, valgrind, ASan+UBSan
  interop               FR in C (installed libncblink) sends DE in Python (the wheel in
                        py-test's venv) a signed message on a --require-signatures hub;
                        DE verifies it and replies, FR verifies the reply (after py-test)
  c-bench [--n N] [--rounds R] [--seconds S] [--only validate|client]
                        ncb_validate from C against validate_json from Rust (Red Notice), then
                        document checks through the C client against the Rust client (blocking
                        calls from 1 and 8 threads, batches of 1,000) on a local release hub
  bench [--quick] [--only core,client,hub,c,python]
                        every benchmark above (criterion in sdk-core, the client and hub load
                        runs, c-bench, py-bench) and one table of every figure beside its
                        reference or target; --quick shortens each run (for a smoke test)";

/// The workspace root (xtask lives one level below it).
fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        "codelists" => codelists::run(rest),
        "schemas" => schemas::run(&root(), rest.iter().any(|a| a == "--check")),
        "openapi" => openapi::run(&root(), rest.iter().any(|a| a == "--check")),
        "test" => test::all(&root(), rest.iter().any(|a| a == "--release-checks")),
        "conformance" => test::venv(&root(), test::CHECK_PACKAGES).and_then(|py| test::conformance(&root(), &py)),
        "api-check" => {
            let bless = rest.iter().any(|a| a == "--bless");
            api::run(&root(), bless).and_then(|()| api::semver(&root(), bless))
        }
        "py-types" => python::types(&root(), rest.iter().any(|a| a == "--check")),
        "py-test" => python::test(&root(), !rest.iter().any(|a| a == "--debug")),
        "py-bench" => python::bench(&root(), rest),
        "cheader" => c::cheader(&root(), rest.iter().any(|a| a == "--check")),
        "c-install" => match rest {
            [flag, dir] if flag == "--prefix" => c::c_install(&root(), std::path::Path::new(dir)).map(|_| ()),
            _ => Err(anyhow::anyhow!("usage: cargo xtask c-install --prefix DIR")),
        },
        "c-test" => c::c_test(&root()),
        "dist" => dist::run(&root(), rest.iter().any(|a| a == "--check")),
        "schemathesis" => schemathesis::run_against_hub(&root()),
        "fuzz" => fuzz::cli(&root(), rest),
        "interop" => interop::run(&root()),
        "c-bench" => c::c_bench(&root(), rest),
        "bench" => bench::bench(&root(), rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
