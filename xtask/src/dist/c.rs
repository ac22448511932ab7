//! The C SDK tarball, `ncblink-c-VERSION-x86_64-linux-gnu.tar.gz`:
//! include/, lib/ (shared and static), lib/pkgconfig (relocatable, with a
//! run path), lib/cmake/ncblink, examples/ and LICENSE. The library is
//! built once here (only sdk-c: not the hub) and the packages reuse it.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{Ctx, ZIG_TARGET, archive};
use crate::c::{BuiltLib, Layout, build_lib, lay_out};

/// The C SDK as built: the library and the tarball's tree and file.
pub struct CSdk {
    /// The library cargo-zigbuild built.
    pub built: BuiltLib,
    /// The tarball's tree (its top directory).
    pub tree: PathBuf,
    /// The tarball.
    pub tarball: PathBuf,
}

/// The tarball's top directory and file name stem.
pub fn name(version: &str) -> String {
    format!("ncblink-c-{version}-x86_64-linux-gnu")
}

/// Builds libncblink for glibc 2.17 and packs the tarball.
pub fn build(ctx: &Ctx) -> Result<CSdk> {
    let mut cmd = ctx.zigbuild();
    cmd.args(["rustc", "--release", "--target", ZIG_TARGET, "-p", "ncblink-c", "--lib"]);
    let built = build_lib(cmd, &ctx.release_dir())?;
    let name = name(ctx.version);
    let tree = ctx.stage("c")?.join(&name);
    let layout = Layout {
        dest: tree.clone(),
        prefix: None,
        libdir: "lib",
        rpath: true,
    };
    lay_out(&ctx.root, &built, &layout)?;
    extras(ctx, &tree, &tree.join("examples"))?;
    let tarball = ctx.out.join(format!("{name}.tar.gz"));
    archive::tar_gz(&tree, &tarball, ctx.epoch)?;
    Ok(CSdk { built, tree, tarball })
}

/// The examples (with a CMake project building them), the README and the
/// LICENSE: `doc` is where README and LICENSE go, `examples` the examples.
pub fn extras(ctx: &Ctx, doc: &std::path::Path, examples: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(examples)?;
    std::fs::create_dir_all(doc)?;
    let mut sources: Vec<PathBuf> = std::fs::read_dir(ctx.root.join("examples/c"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.sort();
    for source in sources {
        let file = source.file_name().context("example name")?;
        std::fs::copy(&source, examples.join(file))?;
    }
    std::fs::copy(
        ctx.root.join("sdk-c/dist/examples-CMakeLists.txt"),
        examples.join("CMakeLists.txt"),
    )?;
    std::fs::copy(ctx.root.join("LICENSE"), doc.join("LICENSE"))?;
    std::fs::copy(ctx.root.join("sdk-c/README.md"), doc.join("README.md"))?;
    Ok(())
}
