//! The C library's tasks: `cheader` (generate or check `ncblink.h` with the
//! pinned cbindgen), `c-install` (lib, header, pkg-config and CMake files
//! under a prefix), `c-test` (the C programs against the installed copy:
//! pkg-config, CMake, valgrind, ASan/UBSan) and `c-bench` (C versus Rust).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::hub::Hub;
use crate::test::run;

/// cbindgen's output differs between point releases: one version, pinned.
const CBINDGEN_VERSION: &str = "0.29.4";

/// The header cbindgen writes, relative to the workspace root.
const HEADER: &str = "sdk-c/include/ncblink.h";

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root);
    c
}

pub(crate) fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The pinned cbindgen, installed under target/tools on first use.
fn cbindgen(root: &Path) -> Result<PathBuf> {
    let tools = root.join("target/tools");
    let bin = tools.join("bin/cbindgen");
    let installed = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("cbindgen {CBINDGEN_VERSION}"));
    if !installed {
        run(cargo(root)
            .args([
                "install",
                "cbindgen",
                "--version",
                CBINDGEN_VERSION,
                "--locked",
                "--root",
            ])
            .arg(&tools))?;
    }
    Ok(bin)
}

fn write_header(root: &Path, out: &Path) -> Result<()> {
    let bin = cbindgen(root)?;
    run(Command::new(bin)
        .args([
            "--quiet",
            "--config",
            "sdk-c/cbindgen.toml",
            "--crate",
            "ncblink-c",
            "--output",
        ])
        .arg(out)
        .arg("sdk-c")
        .current_dir(root))
}

/// `cargo xtask cheader [--check]`.
pub fn cheader(root: &Path, check: bool) -> Result<()> {
    let committed = root.join(HEADER);
    if !check {
        return write_header(root, &committed);
    }
    let fresh = target_dir(root).join("xtask-tmp/ncblink.h");
    std::fs::create_dir_all(fresh.parent().unwrap_or(root))?;
    write_header(root, &fresh)?;
    let want = std::fs::read_to_string(&fresh)?;
    let have = std::fs::read_to_string(&committed).unwrap_or_default();
    if want != have {
        let line = want
            .lines()
            .zip(have.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(have.lines().count()));
        bail!(
            "{HEADER} is stale (first difference at line {}): run `cargo xtask cheader` and commit it",
            line + 1
        );
    }
    eprintln!("{HEADER} is up to date");
    Ok(())
}

/// What `c_install` put where.
pub struct Install {
    /// The prefix.
    pub prefix: PathBuf,
}

impl Install {
    pub(crate) fn lib(&self) -> PathBuf {
        self.prefix.join("lib")
    }

    pub(crate) fn pkg_config(&self, args: &[&str]) -> Result<Vec<String>> {
        let out = Command::new("pkg-config")
            .args(args)
            .arg("ncblink")
            .env("PKG_CONFIG_PATH", self.lib().join("pkgconfig"))
            .output()
            .context("running pkg-config (apt-get install pkg-config)")?;
        if !out.status.success() {
            bail!("pkg-config {args:?} ncblink: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8(out.stdout)?
            .split_whitespace()
            .map(String::from)
            .collect())
    }
}

/// Fills `@NAME@` placeholders; one left unfilled is an error.
fn fill(template: &str, vars: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("@{k}@"), v);
    }
    for (i, _) in out.match_indices('@') {
        let name: String = out[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '_')
            .collect();
        if !name.is_empty() && out[i + 1 + name.len()..].starts_with('@') {
            bail!("placeholder @{name}@ has no value");
        }
    }
    Ok(out)
}

/// `cargo xtask c-install --prefix DIR`: builds sdk-c in release and
/// installs the shared and static libraries, the header, `ncblink.pc` and
/// the CMake package.
pub fn c_install(root: &Path, prefix: &Path) -> Result<Install> {
    let prefix = if prefix.is_absolute() {
        prefix.to_path_buf()
    } else {
        root.join(prefix)
    };
    // One build gives the three crate types and, for the static library,
    // the system libraries it needs (cargo replays the note when fresh).
    let cmd_text = "cargo rustc --release -p ncblink-c --lib -- --print native-static-libs";
    eprintln!("+ {cmd_text}");
    let out = cargo(root)
        .args([
            "rustc",
            "--release",
            "-p",
            "ncblink-c",
            "--lib",
            "--",
            "--print",
            "native-static-libs",
        ])
        .stdout(Stdio::inherit())
        .output()
        .context(cmd_text)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        eprint!("{stderr}");
        bail!("{cmd_text} failed");
    }
    // Verbatim, repetitions included: rustc orders them for a static link.
    let libs_private: Vec<String> = stderr
        .lines()
        .find_map(|l| l.split("native-static-libs:").nth(1))
        .context("rustc printed no native-static-libs")?
        .split_whitespace()
        .map(String::from)
        .collect();

    let built = target_dir(root).join("release");
    let lib = prefix.join("lib");
    let include = prefix.join("include");
    let pkgconfig = lib.join("pkgconfig");
    let cmake = lib.join("cmake/ncblink");
    for d in [&lib, &include, &pkgconfig, &cmake] {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    let v = version();
    let real = format!("libncblink.so.{v}");
    copy(&built.join("libncblink_c.so"), &lib.join(&real))?;
    copy(&built.join("libncblink_c.a"), &lib.join("libncblink.a"))?;
    symlink(&real, &lib.join("libncblink.so.0"))?;
    symlink("libncblink.so.0", &lib.join("libncblink.so"))?;
    copy(&root.join(HEADER), &include.join("ncblink.h"))?;

    let mut parts = v.split('.');
    let (major, minor) = (parts.next().unwrap_or("0"), parts.next().unwrap_or("0"));
    let libs_private_text = libs_private.join(" ");
    let libs_cmake = libs_private
        .iter()
        .map(|f| f.trim_start_matches("-l"))
        .collect::<Vec<_>>()
        .join(";");
    let prefix_text = prefix.to_string_lossy();
    let vars = [
        ("PREFIX", prefix_text.as_ref()),
        ("VERSION", v),
        ("VERSION_MAJOR", major),
        ("VERSION_MINOR", minor),
        ("LIBS_PRIVATE", libs_private_text.as_str()),
        ("LIBS_PRIVATE_CMAKE", libs_cmake.as_str()),
    ];
    let sdk_c = root.join("sdk-c");
    for (template, dest) in [
        ("ncblink.pc.in", pkgconfig.join("ncblink.pc")),
        ("cmake/ncblinkConfig.cmake.in", cmake.join("ncblinkConfig.cmake")),
        (
            "cmake/ncblinkConfigVersion.cmake.in",
            cmake.join("ncblinkConfigVersion.cmake"),
        ),
    ] {
        let text = std::fs::read_to_string(sdk_c.join(template)).with_context(|| format!("reading {template}"))?;
        std::fs::write(&dest, fill(&text, &vars).with_context(|| template.to_string())?)?;
    }
    eprintln!("installed libncblink {v} under {}", prefix.display());
    Ok(Install { prefix })
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    // Remove first: overwriting a shared library a process has mapped
    // would change it under that process.
    let _ = std::fs::remove_file(to);
    std::fs::copy(from, to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

fn symlink(target: &str, link: &Path) -> Result<()> {
    let _ = std::fs::remove_file(link);
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).with_context(|| format!("linking {}", link.display()))?;
    #[cfg(not(unix))]
    std::fs::copy(link.with_file_name(target), link)?;
    Ok(())
}

/// One run of a C program: its arguments and the exit status it must give.
/// A run that must succeed (status 0 or 1) must also leave stderr empty:
/// the library never writes there, and neither valgrind nor the sanitizers
/// may have anything to say.
struct Run {
    args: Vec<String>,
    expect: i32,
}

/// A C program of examples/c or tests/c and how to run it.
struct Program {
    name: String,
    source: PathBuf,
    runs: Vec<Run>,
}

/// The two lines of a TD3 passport zone for `number` issued by `state`,
/// with every check digit computed.
fn td3(number: &str, state: &str, names: &str) -> Result<(String, String)> {
    let cd = |f: &str| ncblink::travel::check_digit(f).context("MRZ alphabet");
    let line1 = format!("P<{state:<<3}{names:<<39}");
    let number = format!("{number:<<9}");
    let (dob, expiry, personal) = ("800101", "341231", "<<<<<<<<<<<<<<");
    let part1 = format!("{number}{}", cd(&number)?);
    let part2 = format!("{dob}{}", cd(dob)?);
    let part3 = format!("{expiry}{}", cd(expiry)?);
    let part4 = format!("{personal}{}", cd(personal)?);
    let composite = cd(&format!("{part1}{part2}{part3}{part4}"))?;
    let line2 = format!("{part1}{state:<<3}{part2}M{part3}{part4}{composite}");
    Ok((line1, line2))
}

/// The passport xtask registers in the hub as FR before the programs run,
/// so that `check_passport` has a hit to find, and one nobody registered.
const REGISTERED_PASSPORT: &str = "CT0000001";
const UNKNOWN_PASSPORT: &str = "CT0000002";

fn programs(root: &Path) -> Result<Vec<Program>> {
    let vectors = root.join("tests/vectors");
    let (hit1, hit2) = td3(REGISTERED_PASSPORT, "FRA", "MARTIN<<PAUL")?;
    let (miss1, miss2) = td3(UNKNOWN_PASSPORT, "D", "MUSTERMANN<<ERIKA")?;
    let v = |p: &str| vectors.join(p).to_string_lossy().into_owned();
    let mut out = Vec::new();
    for dir in ["examples/c", "tests/c"] {
        let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join(dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "c"))
            .collect();
        sources.sort();
        for source in sources {
            let name = source.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            let runs = match name.as_str() {
                "validate_notice" => vec![
                    Run {
                        args: vec![v("valid/red-notice.json"), "fr".into()],
                        expect: 0,
                    },
                    Run {
                        args: vec![v("invalid/RPD83.PENALTY_THRESHOLD.json"), "ar".into(), "--json".into()],
                        expect: 1,
                    },
                    Run {
                        args: vec![v("invalid/JSON.INVALID_UTF8.json"), "es".into()],
                        expect: 1,
                    },
                    Run {
                        args: vec![],
                        expect: 2,
                    },
                ],
                "vectors" | "client" => vec![Run {
                    args: vec![vectors.to_string_lossy().into_owned()],
                    expect: 0,
                }],
                // 1: a hit (the passport xtask registered), 0: no hit, 2:
                // not a zone.
                "check_passport" => vec![
                    Run {
                        args: vec![hit1.clone(), hit2.clone()],
                        expect: 1,
                    },
                    Run {
                        args: vec![miss1.clone(), miss2.clone()],
                        expect: 0,
                    },
                    Run {
                        args: vec!["P<FRA".into(), "123".into()],
                        expect: 2,
                    },
                ],
                "bring_your_own_key" => vec![Run {
                    args: vec![v("valid/red-notice.json")],
                    expect: 0,
                }],
                "submit_notice" => vec![Run {
                    args: vec![v("valid/red-notice.json")],
                    expect: 0,
                }],
                _ => vec![Run {
                    args: vec![],
                    expect: 0,
                }],
            };
            out.push(Program { name, source, runs });
        }
    }
    Ok(out)
}

/// The strict C flags every program builds with.
pub(crate) const CFLAGS: [&str; 7] = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-pthread", "-g"];

/// Tallies program runs for the closing `N passed, N failed` line.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
}

impl Tally {
    fn record(&mut self, what: String, ok: bool) {
        if ok {
            self.passed += 1;
            eprintln!("ok    {what}");
        } else {
            eprintln!("FAIL  {what}");
            self.failed.push(what);
        }
    }
}

/// How long one run may take (valgrind is the slow one) before it is
/// killed and counted as failed, so that a hang cannot stall CI.
const RUN_TIMEOUT: Duration = Duration::from_secs(180);

/// Runs one program with a wrapper (valgrind) or none; true when its
/// status is the expected one. Its output is shown only when it fails.
fn run_program(wrapper: &[&str], bin: &Path, run: &Run, env: &[(&str, String)]) -> Result<bool> {
    let mut cmd = match wrapper.split_first() {
        Some((w, rest)) => {
            let mut c = Command::new(w);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    // Output to files, not pipes: a pipe nobody reads while we wait could
    // fill and block the program.
    let out_dir = bin.parent().unwrap_or(Path::new(".")).join("output");
    std::fs::create_dir_all(&out_dir)?;
    let stem = bin.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let (out_path, err_path) = (
        out_dir.join(format!("{stem}.stdout")),
        out_dir.join(format!("{stem}.stderr")),
    );
    // `cargo run` puts target/*/deps on LD_LIBRARY_PATH, which the loader
    // searches before the programs' RUNPATH: a libncblink.so.0 there would
    // be loaded instead of the installed copy under test.
    cmd.args(&run.args)
        .env_remove("LD_LIBRARY_PATH")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?);
    let mut child = cmd.spawn().with_context(|| format!("running {}", bin.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read(&out_path).unwrap_or_default();
    let stderr = std::fs::read(&err_path).unwrap_or_default();
    let code = status.and_then(|s| s.code()).unwrap_or(-1);
    let silent = run.expect == 2 || stderr.is_empty();
    let ok = status.is_some() && code == run.expect && silent;
    if !ok {
        eprintln!(
            "--- {} {:?}: {}, expected {}{}\n{}{}---",
            bin.display(),
            run.args,
            match status {
                Some(_) => format!("exit {code}"),
                None => format!("killed after {} s", RUN_TIMEOUT.as_secs()),
            },
            run.expect,
            if silent { "" } else { ", and wrote to stderr" },
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        );
    }
    Ok(ok)
}

fn describe(stage: &str, p: &Program, run: &Run) -> String {
    let args: Vec<&str> = run.args.iter().map(|a| a.rsplit('/').next().unwrap_or(a)).collect();
    format!("{stage:<9} {} {}", p.name, args.join(" "))
}

fn tool_exists(name: &str) -> bool {
    Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// `cargo xtask c-test`.
pub fn c_test(root: &Path) -> Result<()> {
    let started = Instant::now();
    for tool in ["cc", "c++", "pkg-config", "cmake", "valgrind", "nm"] {
        if !tool_exists(tool) {
            bail!("`{tool}` is missing (apt-get install build-essential pkg-config cmake valgrind)");
        }
    }
    let install = c_install(root, &target_dir(root).join("c-install"))?;
    let work = target_dir(root).join("c-test");
    std::fs::create_dir_all(&work)?;
    // The real hub, for the client's programs; killed when `hub` drops,
    // whatever happens below.
    let hub = Hub::start(root, &target_dir(root), &work, false)?;
    let (status, body) = hub.http(
        "POST",
        "/v1/records",
        Some("token-FR"),
        Some(&format!(
            r#"{{"travel_document":{{"number":"{REGISTERED_PASSPORT}","issuing_state":"FRA","document_type":"passport","loss_type":"stolen_from_bearer"}}}}"#
        )),
    )?;
    if status != 201 && status != 200 {
        bail!("registering the test passport: HTTP {status}: {body}");
    }
    let env = hub.env();
    let bin_dir = work.join("bin");
    let asan_dir = work.join("asan");
    std::fs::create_dir_all(&bin_dir)?;
    std::fs::create_dir_all(&asan_dir)?;
    let mut tally = Tally::default();

    // The header alone, as strict C11 and as C++17.
    let tu = work.join("header_only.c");
    std::fs::write(&tu, "#include <ncblink.h>\n")?;
    let include = format!("-I{}", install.prefix.join("include").display());
    let c_ok = Command::new("cc")
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-fsyntax-only",
            &include,
        ])
        .arg(&tu)
        .status()?
        .success();
    tally.record(
        "header    ncblink.h as C11 (-Wall -Wextra -Werror -pedantic)".into(),
        c_ok,
    );
    let cxx_ok = Command::new("c++")
        .args([
            "-std=c++17",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-fsyntax-only",
            "-x",
            "c++",
            &include,
        ])
        .arg(&tu)
        .status()?
        .success();
    tally.record("header    ncblink.h as C++17".into(), cxx_ok);

    // The README's complete examples (the C blocks that define a function)
    // compile against the installed header: a program written from the
    // README and the header alone builds.
    for (i, block) in readme_programs(&std::fs::read_to_string(root.join("sdk-c/README.md"))?)
        .into_iter()
        .enumerate()
    {
        let src = work.join(format!("readme_{i}.c"));
        std::fs::write(&src, block)?;
        let ok = Command::new("cc")
            .args([
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-c",
                &include,
                "-o",
            ])
            .arg(work.join(format!("readme_{i}.o")))
            .arg(&src)
            .status()?
            .success();
        tally.record(
            format!("readme    sdk-c/README.md example {} compiles (C11, -Werror)", i + 1),
            ok,
        );
    }

    // The shared library exports exactly the functions the header declares:
    // no Rust symbol leaks into the ABI, no declared function is missing.
    let header = std::fs::read_to_string(install.prefix.join("include/ncblink.h"))?;
    let declared = header_functions(&header);
    let exported = exported_functions(&install.lib().join("libncblink.so"))?;
    let same = declared == exported;
    if !same {
        eprintln!(
            "declared, not exported: {:?}",
            declared.difference(&exported).collect::<Vec<_>>()
        );
        eprintln!(
            "exported, not declared: {:?}",
            exported.difference(&declared).collect::<Vec<_>>()
        );
    }
    tally.record(
        format!(
            "abi       libncblink.so exports the {} functions ncblink.h declares",
            declared.len()
        ),
        same && !declared.is_empty(),
    );

    // (1) Every program built with pkg-config against the installed copy.
    let cflags = install.pkg_config(&["--cflags"])?;
    let libs = install.pkg_config(&["--libs"])?;
    let rpath = format!("-Wl,-rpath,{}", install.lib().display());
    let programs = programs(root)?;
    let mut built = Vec::new();
    for p in &programs {
        let bin = bin_dir.join(&p.name);
        let ok = Command::new("cc")
            .args(CFLAGS)
            .args(&cflags)
            .arg(&p.source)
            .arg("-o")
            .arg(&bin)
            .args(&libs)
            .arg(&rpath)
            .status()?
            .success();
        tally.record(format!("build     {} (pkg-config, shared)", p.name), ok);
        if ok {
            built.push((p, bin));
        }
    }
    for (p, bin) in &built {
        for r in &p.runs {
            let ok = run_program(&[], bin, r, &env)?;
            tally.record(describe("run", p, r), ok);
        }
    }

    // (2) find_package(ncblink) from CMake.
    let cmake_build = work.join("cmake");
    let _ = std::fs::remove_dir_all(&cmake_build);
    let configured = Command::new("cmake")
        .arg("-S")
        .arg(root.join("tests/c/cmake"))
        .arg("-B")
        .arg(&cmake_build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", install.prefix.display()))
        .arg("-DCMAKE_BUILD_TYPE=Release")
        .stdout(Stdio::null())
        .status()?
        .success();
    let cmake_ok = configured
        && Command::new("cmake")
            .arg("--build")
            .arg(&cmake_build)
            .stdout(Stdio::null())
            .status()?
            .success();
    tally.record(
        "build     validate_notice (CMake find_package: ncblink::ncblink, ncblink::ncblink_static)".into(),
        cmake_ok,
    );
    if cmake_ok {
        let r = Run {
            args: vec![
                root.join("tests/vectors/valid/red-notice.json")
                    .to_string_lossy()
                    .into_owned(),
            ],
            expect: 0,
        };
        for variant in ["shared", "static"] {
            let exe = cmake_build.join(format!("validate_notice_{variant}"));
            let ok = run_program(&[], &exe, &r, &env)?;
            let linked_right = needs_shared_ncblink(&exe)? == (variant == "shared");
            tally.record(
                format!("run       validate_notice (CMake, {variant} link) red-notice.json"),
                ok && linked_right,
            );
        }
    }

    // (3) valgrind: no memory error, nothing definitely lost. The error exit
    // code is 99, not 1, because some runs are expected to exit 1.
    let valgrind = [
        "valgrind",
        "--quiet",
        "--error-exitcode=99",
        "--leak-check=full",
        "--errors-for-leak-kinds=definite",
    ];
    for (p, bin) in &built {
        for r in &p.runs {
            let ok = run_program(&valgrind, bin, r, &env)?;
            tally.record(describe("valgrind", p, r), ok);
        }
    }

    // (4) ASan + UBSan, linking the static library with the line the
    // README documents.
    let static_libs = install.pkg_config(&["--variable=static_libs"])?;
    let sanitize = [
        "-fsanitize=address,undefined",
        "-fno-omit-frame-pointer",
        "-fno-sanitize-recover=all",
    ];
    let mut asan_env = env.clone();
    asan_env.push(("ASAN_OPTIONS", "detect_leaks=1:exitcode=98".into()));
    asan_env.push(("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=97".into()));
    for p in &programs {
        let bin = asan_dir.join(&p.name);
        let built_ok = Command::new("cc")
            .args(CFLAGS)
            .args(sanitize)
            .args(&cflags)
            .arg(&p.source)
            .arg("-o")
            .arg(&bin)
            .args(&static_libs)
            .status()?
            .success();
        // Proof that the build is instrumented and that it is the static
        // library that got linked.
        let instrumented = built_ok && symbols(&bin)?.contains("__asan_init");
        let static_link = built_ok && !needs_shared_ncblink(&bin)?;
        tally.record(
            format!(
                "build     {} (ASan+UBSan, static; __asan_init present, no libncblink.so)",
                p.name
            ),
            built_ok && instrumented && static_link,
        );
        if built_ok && instrumented {
            for r in &p.runs {
                let ok = run_program(&[], &bin, r, &asan_env)?;
                tally.record(describe("asan", p, r), ok);
            }
        }
    }

    drop(hub);
    let failed = tally.failed.len();
    eprintln!("c-test took {:.0} s", started.elapsed().as_secs_f64());
    println!("c-test: {} passed, {failed} failed", tally.passed);
    if failed > 0 {
        bail!("{failed} C checks failed: {}", tally.failed.join("; "));
    }
    Ok(())
}

/// The ```c blocks of a README that are whole translation units: those
/// with a function defined at the start of a line.
fn readme_programs(readme: &str) -> Vec<String> {
    readme
        .split("```c\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| block.lines().any(|l| l.starts_with("int ") && l.ends_with('{')))
        .map(String::from)
        .collect()
}

/// The functions a header declares: `ret name(` at the start of a line
/// (cbindgen's layout), typedefs of function pointers excluded.
fn header_functions(header: &str) -> BTreeSet<String> {
    header
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && !l.starts_with("typedef"))
        .filter_map(|l| {
            let before_paren = l.split('(').next()?;
            let name = before_paren.rsplit([' ', '*']).next()?;
            (l.contains('(') && name.starts_with("ncb_")).then(|| name.to_string())
        })
        .collect()
}

/// The functions a shared library exports (`nm -D --defined-only`, text).
fn exported_functions(lib: &Path) -> Result<BTreeSet<String>> {
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(lib)
        .output()
        .context("running nm")?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
            [_, "T", name] => Some(name.to_string()),
            _ => None,
        })
        .collect())
}

fn symbols(bin: &Path) -> Result<String> {
    let out = Command::new("nm").arg(bin).output().context("running nm")?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn needs_shared_ncblink(bin: &Path) -> Result<bool> {
    let out = Command::new("readelf").arg("-d").arg(bin).output();
    Ok(match out {
        Ok(o) => String::from_utf8_lossy(&o.stdout).contains("libncblink"),
        // Without readelf, rely on the link line (the archive path was given).
        Err(_) => false,
    })
}

/// `cargo xtask c-bench [--n N] [--rounds R] [--seconds S] [--only validate|client]`:
/// `ncb_validate` from C against `validate_json` from Rust on the same
/// compacted Red Notice, then document checks through the C client against
/// the Rust client on a local release hub.
pub fn c_bench(root: &Path, args: &[String]) -> Result<()> {
    let mut n: u32 = 200_000;
    let mut rounds: u32 = 3;
    let mut seconds: f64 = 4.0;
    let mut only: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--n" => n = it.next().context("--n N")?.parse()?,
            "--rounds" => rounds = it.next().context("--rounds R")?.parse()?,
            "--seconds" => seconds = it.next().context("--seconds S")?.parse()?,
            "--only" => only = Some(it.next().context("--only validate|client")?.clone()),
            other => bail!("unknown c-bench option `{other}`"),
        }
    }
    let install = c_install(root, &target_dir(root).join("c-install"))?;
    if only.as_deref() != Some("client") {
        validate_bench(root, &install, n, rounds)?;
    }
    if only.as_deref() != Some("validate") {
        client_bench(root, &install, rounds, seconds)?;
    }
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Document checks per second through the C client and the Rust client,
/// against the same local release hub, alternating so that load on the
/// shared machine hits both.
fn client_bench(root: &Path, install: &Install, rounds: u32, seconds: f64) -> Result<()> {
    let work = target_dir(root).join("c-bench");
    std::fs::create_dir_all(&work)?;
    let c_bin = work.join("client_bench_c");
    run(Command::new("cc")
        .args([
            "-std=c11",
            "-O2",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-pthread",
        ])
        .args(install.pkg_config(&["--cflags"])?)
        .arg(root.join("sdk-c/bench/client_bench.c"))
        .arg("-o")
        .arg(&c_bin)
        .args(install.pkg_config(&["--libs"])?)
        .arg(format!("-Wl,-rpath,{}", install.lib().display())))?;
    run(cargo(root).args([
        "build",
        "--release",
        "-p",
        "ncblink-c",
        "--example",
        "client_bench_rust",
    ]))?;
    let rust_bin = target_dir(root).join("release/examples/client_bench_rust");
    let hub = Hub::start(root, &target_dir(root), &work, true)?;
    let (status, body) = hub.http(
        "POST",
        "/v1/records",
        Some("token-FR"),
        Some(r#"{"travel_document":{"number":"CT0000001","issuing_state":"FRA","document_type":"passport","loss_type":"lost"}}"#),
    )?;
    if status != 201 && status != 200 {
        bail!("registering the benchmark's passport: HTTP {status}: {body}");
    }
    let env = hub.env();
    let measure = |bin: &Path, mode: &str, arg: &str| -> Result<f64> {
        let out = Command::new(bin)
            .args([mode, arg, &seconds.to_string()])
            .env_remove("LD_LIBRARY_PATH")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            bail!(
                "{} failed: {text}{}",
                bin.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // "<lang> <mode> <arg> <total> checks <rate> checks/s"
        text.split_whitespace()
            .rev()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("unexpected output `{text}`"))
    };
    println!();
    println!(
        "document checks against a local release hub ({} on 127.0.0.1), {seconds} s a run, {rounds} rounds, median",
        hub.url
    );
    println!(
        "{:<34}  {:>12}  {:>12}  {:>9}",
        "workload", "C checks/s", "Rust checks/s", "C / Rust"
    );
    let workloads = [
        ("threads", "1", "blocking, 1 thread"),
        ("threads", "8", "blocking, 8 threads, one client"),
        ("batch", "1000", "batch of 1,000, one thread"),
    ];
    let mut worst: f64 = f64::INFINITY;
    for (mode, arg, label) in workloads {
        let (mut c, mut r) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            c.push(measure(&c_bin, mode, arg)?);
            r.push(measure(&rust_bin, mode, arg)?);
        }
        let (c, r) = (median(&mut c), median(&mut r));
        worst = worst.min(c / r);
        println!("{label:<34}  {c:>12.0}  {r:>13.0}  {:>8.1}%", 100.0 * c / r);
        crate::figures::record(
            "c",
            &format!("document checks through the C client, {label}"),
            format!("{c:.0}/s ({:.1} % of Rust)", 100.0 * c / r),
            &format!("Rust client {r:.0}/s; within 10 %"),
            crate::figures::verdict(c / r >= 0.9),
        )?;
    }
    println!(
        "worst C / Rust: {:.1}% (target: at least 90%); timings on a shared, noisy 2-core machine, the hub on the same cores",
        100.0 * worst
    );
    drop(hub);
    Ok(())
}

/// `ncb_validate` from C against `validate_json` from Rust.
fn validate_bench(root: &Path, install: &Install, n: u32, rounds: u32) -> Result<()> {
    let work = target_dir(root).join("c-bench");
    std::fs::create_dir_all(&work)?;

    // The document compacted, as it travels on the wire.
    let source = root.join("tests/vectors/valid/red-notice.json");
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&source)?)?;
    let doc = work.join("red-notice.min.json");
    std::fs::write(&doc, serde_json::to_vec(&value)?)?;

    let c_bin = work.join("validate_bench_c");
    run(Command::new("cc")
        .args(["-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic"])
        .args(install.pkg_config(&["--cflags"])?)
        .arg(root.join("sdk-c/bench/validate_bench.c"))
        .arg("-o")
        .arg(&c_bin)
        .args(install.pkg_config(&["--libs"])?)
        .arg(format!("-Wl,-rpath,{}", install.lib().display())))?;
    run(cargo(root).args([
        "build",
        "--release",
        "-p",
        "ncblink-c",
        "--example",
        "validate_bench_rust",
    ]))?;
    let rust_bin = target_dir(root).join("release/examples/validate_bench_rust");

    let measure = |bin: &Path| -> Result<f64> {
        let out = Command::new(bin)
            .arg(&doc)
            .arg(n.to_string())
            .env_remove("LD_LIBRARY_PATH")
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            bail!(
                "{} failed: {text}{}",
                bin.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // "<lang> <n> calls <ns> ns/call"
        text.split_whitespace()
            .rev()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("unexpected output `{text}`"))
    };
    let (mut c_ns, mut rust_ns) = (Vec::new(), Vec::new());
    println!(
        "validating {} ({} bytes), {n} calls per run",
        source.display(),
        std::fs::metadata(&doc)?.len()
    );
    println!(
        "{:>5}  {:>14}  {:>14}  {:>9}",
        "round", "C ns/call", "Rust ns/call", "C / Rust"
    );
    for round in 1..=rounds {
        // Alternate, so that a burst of load on the shared machine hits both.
        let c = measure(&c_bin)?;
        let r = measure(&rust_bin)?;
        println!("{round:>5}  {c:>14.0}  {r:>14.0}  {:>8.1}%", 100.0 * c / r);
        c_ns.push(c);
        rust_ns.push(r);
    }
    let (c, r) = (median(&mut c_ns), median(&mut rust_ns));
    println!("{:>5}  {c:>14.0}  {r:>14.0}  {:>8.1}%", "median", 100.0 * c / r);
    println!(
        "C costs {:+.1}% against Rust (budget +20%); timings on a shared, noisy machine",
        100.0 * (c / r - 1.0)
    );
    crate::figures::record(
        "c",
        "ncb_validate (Red Notice) from C, median of rounds",
        format!("{c:.0} ns/call ({:+.1} % against Rust)", 100.0 * (c / r - 1.0)),
        &format!("Rust validate_json {r:.0} ns/call; at most +20 %"),
        crate::figures::verdict(c / r <= 1.2),
    )?;
    Ok(())
}
