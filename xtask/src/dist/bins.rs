//! The `ncblink` command and the `ncblink-hub` server for glibc 2.17, in
//! `ncblink-VERSION-x86_64-linux-gnu.tar.gz` with their man pages and
//! bash, zsh and fish completions (written by the binaries' hidden
//! `generate-manuals` subcommand, so that they match the binaries packed).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;

use super::{Ctx, ZIG_TARGET, archive};
use crate::test::run;

/// The programs the tarball holds.
pub const PROGRAMS: [&str; 2] = ["ncblink", "ncblink-hub"];

/// A completion file's name for a program.
type Naming = fn(&str) -> String;

/// The tarball's top directory and file name stem.
pub fn name(version: &str) -> String {
    format!("ncblink-{version}-x86_64-linux-gnu")
}

/// Builds both programs in one release build and packs the tarball;
/// returns the tarball's tree.
pub fn build(ctx: &Ctx) -> Result<PathBuf> {
    run(ctx.zigbuild().args([
        "build",
        "--release",
        "--target",
        ZIG_TARGET,
        "-p",
        "ncblink-cli",
        "-p",
        "ncblink-hub",
        "--bins",
    ]))?;
    let name = name(ctx.version);
    let tree = ctx.stage("bins")?.join(&name);
    let bin = tree.join("bin");
    std::fs::create_dir_all(&bin)?;
    // ncblink first: its `hub` subcommand's page is `ncblink-hub.1` too,
    // and the program's own page must win.
    let generated = ctx.stage("manuals")?;
    for program in PROGRAMS {
        let built = ctx.release_dir().join(program);
        std::fs::copy(&built, bin.join(program))?;
        run(Command::new(&built).arg("generate-manuals").arg(&generated))?;
    }
    let share = tree.join("share");
    copy_dir(&generated.join("man/man1"), &share.join("man/man1"))?;
    let completions = generated.join("completions");
    // (where clap_complete writes it, where the shell looks for it)
    let shells: [(Naming, Naming, &str); 3] = [
        // bash-completion looks a command's file up by its bare name.
        (
            |p| format!("{p}.bash"),
            |p| p.to_string(),
            "bash-completion/completions",
        ),
        (|p| format!("_{p}"), |p| format!("_{p}"), "zsh/site-functions"),
        (
            |p| format!("{p}.fish"),
            |p| format!("{p}.fish"),
            "fish/vendor_completions.d",
        ),
    ];
    for (written, installed, dir) in shells {
        let to = share.join(dir);
        std::fs::create_dir_all(&to)?;
        for program in PROGRAMS {
            std::fs::copy(completions.join(written(program)), to.join(installed(program)))?;
        }
    }
    std::fs::copy(ctx.root.join("LICENSE"), tree.join("LICENSE"))?;
    std::fs::copy(ctx.root.join("README.md"), tree.join("README.md"))?;
    archive::tar_gz(&tree, &ctx.out.join(format!("{name}.tar.gz")), ctx.epoch)?;
    Ok(tree)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        std::fs::copy(e.path(), to.join(e.file_name()))?;
    }
    Ok(())
}
