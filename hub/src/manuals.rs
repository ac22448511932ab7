//! Man pages and shell completions of a command-line program, written from
//! its clap `Command` by the hidden `generate-manuals` subcommand of
//! `ncblink-hub` and `ncblink` (the release tarball ships them; `cargo
//! xtask dist` runs it on the binaries it packs).

use std::path::Path;

use clap_complete::Shell;

/// Writes `man/man1/<name>.1` (and one page per visible subcommand,
/// `<name>-<sub>.1`) and `completions/` for bash, zsh and fish under `dir`.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let cmd = clap::Command::new("demo").subcommand(clap::Command::new("run"));
/// ncblink_hub::manuals::write(cmd, dir.path()).unwrap();
/// assert!(dir.path().join("man/man1/demo-run.1").exists());
/// assert!(dir.path().join("completions/demo.bash").exists());
/// ```
pub fn write(cmd: clap::Command, dir: &Path) -> std::io::Result<()> {
    let man = dir.join("man/man1");
    let completions = dir.join("completions");
    std::fs::create_dir_all(&man)?;
    std::fs::create_dir_all(&completions)?;
    clap_mangen::generate_to(cmd.clone(), &man)?;
    let name = cmd.get_name().to_string();
    let mut cmd = cmd;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd, &name, &completions)?;
    }
    Ok(())
}
