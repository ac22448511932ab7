//! `cargo xtask dist --check`: the artefacts checked as a user would
//! install them. The wheel's tag (auditwheel) and every shipped binary's
//! glibc symbols (objdump); the wheel in a fresh venv with no cargo on
//! PATH running the Python README's examples against the packed hub; the C
//! tarball in an empty prefix building and running the examples with
//! pkg-config and with CMake; the .deb pair unpacked into a scratch root
//! with its pkg-config file; the .rpm pair's file list against the
//! tarball's; and the crate as crates.io and docs.rs would take it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::c::CSdk;
use super::packages::{DEB_LIBDIR, RPM_LIBDIR, deb_runtime_name, walk};
use super::{Ctx, GLIBC_MAX, bins};
use crate::hub::Hub;
use crate::test::run;

/// Every check, in the order that fails fastest.
pub fn all(ctx: &Ctx, sdk: &CSdk, wheel: &Path) -> Result<()> {
    wheel_tag(ctx, wheel)?;
    sdist(ctx)?;
    glibc(ctx, sdk, wheel)?;
    c_tarball(ctx, sdk)?;
    deb(ctx)?;
    rpm_matches_tarball(ctx, sdk)?;
    python_example(ctx, wheel)?;
    crate_ready(ctx)?;
    Ok(())
}

fn output(cmd: &mut Command) -> Result<String> {
    eprintln!("+ {cmd:?}");
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// auditwheel must call the wheel manylinux2014 (`manylinux_2_17`).
fn wheel_tag(ctx: &Ctx, wheel: &Path) -> Result<()> {
    let name = wheel.file_name().unwrap_or_default().to_string_lossy();
    if !name.contains("abi3") || !name.contains("manylinux_2_17_x86_64") {
        bail!("the wheel {name} is not abi3 manylinux_2_17 (manylinux2014)");
    }
    let report = output(Command::new(&ctx.python).args(["-m", "auditwheel", "show"]).arg(wheel))?;
    let said = report.split_whitespace().collect::<Vec<_>>().join(" ");
    if !said.contains("\"manylinux_2_17_x86_64\"") {
        bail!("auditwheel does not find the wheel manylinux2014-compatible:\n{report}");
    }
    eprintln!("ok    auditwheel: {name} is manylinux_2_17_x86_64 (manylinux2014)");
    Ok(())
}

/// The sdist holds what maturin needs to build it away from the
/// repository: pyproject.toml, the extension crate and the core crate it
/// depends on by path, and the lock file (building it is a full release
/// build, left to the user's `pip install`).
fn sdist(ctx: &Ctx) -> Result<()> {
    let file = ctx.out.join(format!("ncblink-{}.tar.gz", ctx.version));
    let list = output(Command::new("tar").arg("-tzf").arg(&file))?;
    let top = format!("ncblink-{}/", ctx.version);
    for want in [
        "pyproject.toml",
        "Cargo.lock",
        "sdk-python/Cargo.toml",
        "sdk-core/Cargo.toml",
        "sdk-core/src/lib.rs",
    ] {
        if !list.lines().any(|l| l.strip_prefix(&top) == Some(want)) {
            bail!("the sdist {} lacks {want}", file.display());
        }
    }
    eprintln!("ok    sdist: pyproject.toml, Cargo.lock, sdk-python and sdk-core");
    Ok(())
}

/// The newest `GLIBC_x.y` version `objdump -T` finds in `file`.
fn newest_glibc(file: &Path) -> Result<(u32, u32)> {
    let text = output(Command::new("objdump").arg("-T").arg(file))?;
    let mut newest = (0, 0);
    for word in text.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        if let Some(v) = word.strip_prefix("GLIBC_") {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
            let version = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
            newest = newest.max(version);
        }
    }
    Ok(newest)
}

/// No shipped binary needs a glibc newer than [`GLIBC_MAX`].
fn glibc(ctx: &Ctx, sdk: &CSdk, wheel: &Path) -> Result<()> {
    let unpacked = ctx.stage("check-wheel")?;
    run(Command::new(&ctx.python)
        .args(["-m", "zipfile", "-e"])
        .arg(wheel)
        .arg(&unpacked))?;
    let mut binaries: Vec<PathBuf> = walk(&unpacked)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "so"))
        .map(|p| unpacked.join(p))
        .collect();
    if binaries.is_empty() {
        bail!("the wheel holds no extension module");
    }
    binaries.push(sdk.tree.join(format!("lib/libncblink.so.{}", ctx.version)));
    let bins_tree = ctx.work.join("bins").join(bins::name(ctx.version));
    binaries.extend(bins::PROGRAMS.iter().map(|p| bins_tree.join("bin").join(p)));
    for bin in &binaries {
        let (major, minor) = newest_glibc(bin)?;
        if (major, minor) > GLIBC_MAX {
            bail!(
                "{} needs GLIBC_{major}.{minor}, newer than {}.{}",
                bin.display(),
                GLIBC_MAX.0,
                GLIBC_MAX.1
            );
        }
        eprintln!(
            "ok    objdump -T: {} needs GLIBC_{major}.{minor} at most",
            bin.display()
        );
    }
    Ok(())
}

/// A red notice vector: `validate_notice` must accept it (exit 0).
fn vector(ctx: &Ctx) -> PathBuf {
    ctx.root.join("tests/vectors/valid/red-notice.json")
}

/// Runs a built example with no LD_LIBRARY_PATH: it must find the library
/// by itself (run path, or `lib_path` for a scratch root).
fn run_example(ctx: &Ctx, exe: &Path, lib_path: Option<&Path>) -> Result<()> {
    let mut cmd = Command::new(exe);
    cmd.arg(vector(ctx)).arg("en").env_remove("LD_LIBRARY_PATH");
    if let Some(dir) = lib_path {
        cmd.env("LD_LIBRARY_PATH", dir);
    }
    run(&mut cmd)
}

fn pkg_config(pc_dir: &Path, sysroot: Option<&Path>, args: &[&str]) -> Result<Vec<String>> {
    let mut cmd = Command::new("pkg-config");
    cmd.args(args)
        .arg("ncblink")
        .env("PKG_CONFIG_PATH", pc_dir)
        .env_remove("PKG_CONFIG_SYSROOT_DIR");
    if let Some(root) = sysroot {
        // /usr/include and /usr/lib/... are the scratch root's here: keep
        // them in the output instead of dropping them as system paths.
        cmd.env("PKG_CONFIG_SYSROOT_DIR", root)
            .env("PKG_CONFIG_ALLOW_SYSTEM_CFLAGS", "1")
            .env("PKG_CONFIG_ALLOW_SYSTEM_LIBS", "1");
    }
    Ok(output(&mut cmd)?.split_whitespace().map(String::from).collect())
}

/// Compiles examples/c/validate_notice.c from `prefix` with pkg-config.
fn cc_with_pkg_config(example: &Path, flags: &[String], exe: &Path) -> Result<()> {
    run(Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread"])
        .arg(example)
        .args(flags)
        .arg("-o")
        .arg(exe))
}

/// The tarball unpacked into an empty prefix: the example built with
/// pkg-config (shared, then static) and with CMake, each run.
fn c_tarball(ctx: &Ctx, sdk: &CSdk) -> Result<()> {
    let prefix = ctx.stage("check-c/prefix")?;
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&sdk.tarball)
        .arg("-C")
        .arg(&prefix)
        .arg("--strip-components=1"))?;
    let pc = prefix.join("lib/pkgconfig");
    let example = prefix.join("examples/validate_notice.c");
    let out = ctx.stage("check-c/build")?;
    let mut flags = pkg_config(&pc, None, &["--cflags", "--libs"])?;
    let shared = out.join("validate_notice_shared");
    cc_with_pkg_config(&example, &flags, &shared)?;
    run_example(ctx, &shared, None)?;
    eprintln!("ok    C tarball: pkg-config --libs (run path) builds a program that starts");
    flags = pkg_config(&pc, None, &["--cflags"])?;
    flags.extend(pkg_config(&pc, None, &["--variable=static_libs"])?);
    let fixed = out.join("validate_notice_static");
    cc_with_pkg_config(&example, &flags, &fixed)?;
    run_example(ctx, &fixed, None)?;
    eprintln!("ok    C tarball: static link with pkg-config");
    let cmake_build = out.join("cmake");
    run(Command::new("cmake")
        .arg("-S")
        .arg(prefix.join("examples"))
        .arg("-B")
        .arg(&cmake_build)
        .arg(format!("-DCMAKE_PREFIX_PATH={}", prefix.display())))?;
    run(Command::new("cmake").arg("--build").arg(&cmake_build))?;
    run_example(ctx, &cmake_build.join("validate_notice"), None)?;
    eprintln!("ok    C tarball: CMake find_package builds every example; validate_notice runs");
    Ok(())
}

/// The .deb pair unpacked into a scratch root: its pkg-config file (with
/// the sysroot) builds the example, which runs against the packaged
/// library; the runtime package is named after the library's SONAME.
fn deb(ctx: &Ctx) -> Result<()> {
    let root = ctx.stage("check-deb")?;
    let runtime = deb_runtime_name();
    for pkg in [runtime.as_str(), "libncblink-dev"] {
        let file = ctx.out.join(format!("{pkg}_{}_amd64.deb", ctx.version));
        run(Command::new("dpkg-deb").arg("-x").arg(&file).arg(&root))?;
    }
    let lib = root.join("usr").join(DEB_LIBDIR);
    let soname = crate::c::soname();
    let dynamic = output(Command::new("objdump").arg("-p").arg(lib.join(&soname)))?;
    if !dynamic
        .lines()
        .any(|l| l.split_whitespace().eq(["SONAME", soname.as_str()]))
    {
        bail!("{soname} in {runtime} does not carry SONAME {soname}");
    }
    let flags = pkg_config(&lib.join("pkgconfig"), Some(&root), &["--cflags", "--libs"])?;
    let exe = ctx.stage("check-deb-build")?.join("validate_notice");
    let example = root.join("usr/share/doc/libncblink-dev/examples/validate_notice.c");
    cc_with_pkg_config(&example, &flags, &exe)?;
    run_example(ctx, &exe, Some(&lib))?;
    eprintln!("ok    .deb: {runtime} + libncblink-dev unpacked; pkg-config builds the example");
    Ok(())
}

/// The tarball's files as the RPM pair installs them: lib/ in /usr/lib64,
/// include/ in /usr/include, the rest in the -devel package's doc dir.
fn rpm_matches_tarball(ctx: &Ctx, sdk: &CSdk) -> Result<()> {
    let doc = "usr/share/doc/libncblink-devel";
    let want: BTreeSet<String> = walk(&sdk.tree)?
        .into_iter()
        .map(|p| {
            let p = p.to_string_lossy().into_owned();
            if let Some(rest) = p.strip_prefix("lib/") {
                format!("/usr/{RPM_LIBDIR}/{rest}")
            } else if p.starts_with("include/") {
                format!("/usr/{p}")
            } else {
                format!("/{doc}/{p}")
            }
        })
        .collect();
    let mut have = BTreeSet::new();
    for pkg in ["libncblink", "libncblink-devel"] {
        let file = ctx.out.join(format!("{pkg}-{}-1.x86_64.rpm", ctx.version));
        let list = output(Command::new("rpm").args(["-qlp", "--nosignature"]).arg(&file))?;
        have.extend(list.lines().map(String::from));
    }
    if want != have {
        let missing: Vec<_> = want.difference(&have).collect();
        let extra: Vec<_> = have.difference(&want).collect();
        bail!("the .rpm file list differs from the tarball's: missing {missing:?}, extra {extra:?}");
    }
    eprintln!("ok    .rpm: the file list matches the tarball's ({} files)", have.len());
    Ok(())
}

/// The Python README's code blocks, with what they leave to the reader
/// (the hub's address, `passports`, `handle`, `my_notice`) filled in.
fn readme_script(ctx: &Ctx, hub_url: &str) -> Result<String> {
    let readme = std::fs::read_to_string(ctx.root.join("sdk-python/README.md"))?;
    let mut script = String::from(
        "passports = [{\"number\": \"X1\", \"issuing_state\": \"D\"}]\n\
         def handle(item):\n    print(item)\n\
         my_notice = {}\n",
    );
    let mut blocks = readme.split("```python\n").skip(1);
    let mut count = 0;
    for block in blocks.by_ref() {
        let code = block.split("```").next().unwrap_or_default();
        script.push_str(&code.replace("http://127.0.0.1:8480", hub_url));
        count += 1;
    }
    if count == 0 {
        bail!("sdk-python/README.md has no Python example");
    }
    Ok(script)
}

/// A fresh venv with no cargo on PATH installs the wheel and runs the
/// README's examples against the packed `ncblink-hub`.
fn python_example(ctx: &Ctx, wheel: &Path) -> Result<()> {
    let dir = ctx.stage("check-python")?;
    let venv = dir.join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    let path = format!("{}:/usr/bin:/bin", venv.join("bin").display());
    let no_cargo = Command::new("sh")
        .args(["-c", "command -v cargo rustc"])
        .env("PATH", &path)
        .output()?;
    if !no_cargo.stdout.is_empty() {
        bail!(
            "cargo is on the check's PATH: {}",
            String::from_utf8_lossy(&no_cargo.stdout)
        );
    }
    let python = venv.join("bin/python");
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-index",
        ])
        .arg(wheel)
        .env("PATH", &path))?;
    let hub_bin = ctx
        .work
        .join("bins")
        .join(bins::name(ctx.version))
        .join("bin/ncblink-hub");
    let hub = Hub::start_binary(&hub_bin, &dir, &[])?;
    let script = dir.join("readme_example.py");
    std::fs::write(&script, readme_script(ctx, &hub.url)?)?;
    run(Command::new(&python).arg(&script).current_dir(&dir).env("PATH", &path))?;
    eprintln!("ok    Python: the wheel in a fresh venv without cargo runs the README's examples");
    Ok(())
}

/// `cargo package -p ncblink` (builds the packaged crate on its own) and
/// `cargo doc --no-deps -p ncblink` with warnings denied, as docs.rs would.
fn crate_ready(ctx: &Ctx) -> Result<()> {
    let cargo = || {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(&ctx.root);
        c
    };
    run(cargo().args(["package", "-p", "ncblink", "--allow-dirty"]))?;
    run(cargo()
        .args(["doc", "--no-deps", "-p", "ncblink", "--all-features"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    eprintln!("ok    crate: cargo package and cargo doc -D warnings");
    Ok(())
}
