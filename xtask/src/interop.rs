//! `interop`: trust across languages on what users install. FR, in C
//! (`tests/interop/fr.c`, built with pkg-config against the installed
//! libncblink), sends DE a signed message; DE, in Python
//! (`tests/interop/de.py`, run in the venv where `py-test` installed the
//! wheel), verifies it and answers with a signed reply; FR verifies the
//! reply. Against a hub started with `--require-signatures`, so anything
//! unsigned, or signed with a key the directory does not vouch for, fails.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::c::{CFLAGS, c_install, target_dir};
use crate::hub::Hub;

fn output(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| what.to_string())?;
    if !out.status.success() {
        bail!("{what} failed ({})", out.status);
    }
    let text = String::from_utf8(out.stdout).with_context(|| format!("{what}: output not UTF-8"))?;
    text.lines()
        .last()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .with_context(|| format!("{what} printed nothing"))
}

/// Runs the round trip; needs the venv of `cargo xtask py-test`.
pub fn run(root: &Path) -> Result<()> {
    let target = target_dir(root);
    let python = target.join("py-test-venv/bin/python");
    if !python.exists() {
        bail!(
            "no {}: run `cargo xtask py-test` first (its venv holds the installed wheel)",
            python.display()
        );
    }
    let install = c_install(root, &target.join("c-install"))?;
    let work = target.join("interop");
    std::fs::create_dir_all(&work)?;
    let fr = work.join("fr");
    let built = Command::new("cc")
        .args(CFLAGS)
        .args(install.pkg_config(&["--cflags"])?)
        .arg(root.join("tests/interop/fr.c"))
        .arg("-o")
        .arg(&fr)
        .args(install.pkg_config(&["--libs"])?)
        .arg(format!("-Wl,-rpath,{}", install.lib().display()))
        .status()?
        .success();
    if !built {
        bail!("building tests/interop/fr.c failed");
    }
    let hub = Hub::start_with(root, &target, &work, false, &["--require-signatures"])?;
    let env = hub.env();
    let sent = output(Command::new(&fr).arg("send").envs(env.iter().cloned()), "FR (C) sends")?;
    let reply = output(
        Command::new(&python)
            .arg(root.join("tests/interop/de.py"))
            .arg(&sent)
            .envs(env.iter().cloned())
            .current_dir(&target),
        "DE (Python) verifies and replies",
    )?;
    output(
        Command::new(&fr).args(["receive", &sent]).envs(env.iter().cloned()),
        "FR (C) verifies the reply",
    )?;
    drop(hub);
    println!("interop: FR in C sent {sent}, DE in Python verified it and replied {reply}, FR verified the reply");
    Ok(())
}
