//! The C SDK as system packages, from the library the tarball holds: a
//! `.deb` pair (`libncblink0.2`, the runtime named after its SONAME, and
//! `libncblink-dev`) with dpkg-deb, and an `.rpm` pair (`libncblink`,
//! `libncblink-devel`) with rpmbuild, in /usr/lib/x86_64-linux-gnu and
//! /usr/lib64 as each family expects. No run path: /usr is on the loader's
//! path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use super::c::{CSdk, extras};
use super::{Ctx, archive};
use crate::c::{Layout, lay_out, soname};
use crate::test::run;

const SUMMARY: &str = "C API of ncblink: INTERPOL notice and message validation and the NCB network client";

/// Debian's multiarch library directory.
pub const DEB_LIBDIR: &str = "lib/x86_64-linux-gnu";
/// The RPM family's library directory on x86_64.
pub const RPM_LIBDIR: &str = "lib64";

/// The runtime package's name: `libncblink` and the SONAME's version
/// (Debian policy 8.1), so that 0.2 and 0.3 install side by side.
pub fn deb_runtime_name() -> String {
    format!("libncblink{}", soname().trim_start_matches("libncblink.so."))
}

/// Whether a file (relative to the prefix) belongs to the runtime package:
/// the library and its SONAME link; everything else is for developers.
fn is_runtime(rel: &Path) -> bool {
    rel.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("libncblink.so."))
}

/// Every file and link under `dir`, relative to it, sorted.
pub fn walk(dir: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let e = e?;
            let t = e.file_type()?;
            if t.is_dir() {
                todo.push(e.path());
            } else {
                out.insert(e.path().strip_prefix(dir)?.to_path_buf());
            }
        }
    }
    Ok(out)
}

/// The whole SDK under `root/usr` for `libdir`, with docs and examples in
/// usr/share/doc/<dev package>; returns the staged /usr tree's root.
fn stage(ctx: &Ctx, sdk: &CSdk, name: &str, libdir: &'static str, dev_pkg: &str) -> Result<PathBuf> {
    let root = ctx.stage(name)?;
    let usr = root.join("usr");
    let layout = Layout {
        dest: usr.clone(),
        prefix: Some("/usr".into()),
        libdir,
        rpath: false,
    };
    lay_out(&ctx.root, &sdk.built, &layout)?;
    let doc = usr.join("share/doc").join(dev_pkg);
    extras(ctx, &doc, &doc.join("examples"))?;
    Ok(root)
}

/// Moves the runtime files out of `all` into a new tree `runtime`.
fn split(all: &Path, runtime: &Path) -> Result<()> {
    for rel in walk(all)? {
        if is_runtime(&rel) {
            let to = runtime.join(&rel);
            std::fs::create_dir_all(to.parent().context("runtime file parent")?)?;
            std::fs::rename(all.join(&rel), &to)?;
        }
    }
    Ok(())
}

/// The two `.deb` files.
pub fn deb(ctx: &Ctx, sdk: &CSdk) -> Result<Vec<PathBuf>> {
    let runtime_pkg = deb_runtime_name();
    let dev = stage(ctx, sdk, "deb-dev", DEB_LIBDIR, "libncblink-dev")?;
    let runtime = ctx.stage("deb-runtime")?;
    split(&dev, &runtime)?;
    std::fs::copy(
        ctx.root.join("LICENSE"),
        dev.join("usr/share/doc/libncblink-dev/copyright"),
    )?;
    let doc = runtime.join("usr/share/doc").join(&runtime_pkg);
    std::fs::create_dir_all(&doc)?;
    std::fs::copy(ctx.root.join("LICENSE"), doc.join("copyright"))?;
    let v = ctx.version;
    let control = |pkg: &str, section: &str, depends: &str, what: &str| {
        format!(
            "Package: {pkg}\nVersion: {v}\nArchitecture: amd64\nMulti-Arch: same\nSection: {section}\n\
             Priority: optional\nMaintainer: ncblink maintainers <ncblink@example.invalid>\n\
             Depends: {depends}\nHomepage: https://example.invalid/ncblink\nDescription: {SUMMARY}\n {what}\n"
        )
    };
    let mut out = Vec::new();
    for (tree, pkg, text) in [
        (
            &runtime,
            runtime_pkg.as_str(),
            control(
                &runtime_pkg,
                "libs",
                "libc6 (>= 2.17), libgcc-s1",
                "The shared library.",
            ),
        ),
        (
            &dev,
            "libncblink-dev",
            control(
                "libncblink-dev",
                "libdevel",
                &format!("{runtime_pkg} (= {v})"),
                "Header, static library, pkg-config and CMake files, examples.",
            ),
        ),
    ] {
        let debian = tree.join("DEBIAN");
        std::fs::create_dir_all(&debian)?;
        std::fs::write(debian.join("control"), text)?;
        archive::clamp_mtimes(tree, ctx.epoch)?;
        let file = ctx.out.join(format!("{pkg}_{v}_amd64.deb"));
        run(Command::new("dpkg-deb")
            .args(["--root-owner-group", "-Zxz", "--build"])
            .arg(tree)
            .arg(&file)
            .env("SOURCE_DATE_EPOCH", ctx.epoch.to_string()))?;
        out.push(file);
    }
    Ok(out)
}

/// The `.rpm` pair, from one spec listing every file.
pub fn rpm(ctx: &Ctx, sdk: &CSdk) -> Result<Vec<PathBuf>> {
    let tree = stage(ctx, sdk, "rpm-root", RPM_LIBDIR, "libncblink-devel")?;
    archive::clamp_mtimes(&tree, ctx.epoch)?;
    let (runtime, devel): (Vec<PathBuf>, Vec<PathBuf>) = walk(&tree)?.into_iter().partition(|p| is_runtime(p));
    let list = |files: &[PathBuf]| -> String { files.iter().map(|p| format!("/{}\n", p.display())).collect() };
    let v = ctx.version;
    let spec = format!(
        "Name: libncblink\nVersion: {v}\nRelease: 1\nSummary: {SUMMARY}\nLicense: Apache-2.0\n\
         URL: https://example.invalid/ncblink\n\n%description\nThe shared library of ncblink's C API.\n\n\
         %package devel\nSummary: Development files of libncblink\nRequires: libncblink = {v}-1\n\n\
         %description devel\nHeader, static library, pkg-config and CMake files, examples.\n\n\
         %install\ncp -a {src}/. %{{buildroot}}/\n\n%files\n{runtime}\n%files devel\n{devel}",
        src = tree.display(),
        runtime = list(&runtime),
        devel = list(&devel),
    );
    let top = ctx.stage("rpmbuild")?;
    let spec_path = top.join("libncblink.spec");
    std::fs::write(&spec_path, spec)?;
    let define = |k: &str, v: &str| ["--define".to_string(), format!("{k} {v}")];
    let mut cmd = Command::new("rpmbuild");
    cmd.arg("-bb")
        .args(define("_topdir", &top.to_string_lossy()))
        .args(define("_rpmdir", &ctx.out.to_string_lossy()))
        // `%%`: expanded per package when written, not once at parse time
        // (which would give both packages the main one's name).
        .args(define(
            "_build_name_fmt",
            "%%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
        ))
        // The files as built: no stripping, no debug package, no
        // build-id links (the file list is the tarball's).
        .args(define("__os_install_post", "%{nil}"))
        .args(define("debug_package", "%{nil}"))
        .args(define("_build_id_links", "none"))
        .args(define("_buildhost", "reproducible"))
        .args(define("use_source_date_epoch_as_buildtime", "1"))
        .args(define("clamp_mtime_to_source_date_epoch", "1"))
        .args(["--target", "x86_64-linux"])
        .arg(&spec_path)
        .env("SOURCE_DATE_EPOCH", ctx.epoch.to_string());
    run(&mut cmd)?;
    Ok(["libncblink", "libncblink-devel"]
        .iter()
        .map(|n| ctx.out.join(format!("{n}-{v}-1.x86_64.rpm")))
        .collect())
}
