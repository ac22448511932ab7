//! The real hub for the C programs of `c-test` and `c-bench`: the
//! `ncblink-hub` binary started on a free loopback port with a sandbox
//! database in a temporary directory and fixed tokens for FR and DE,
//! waited for until `/v1/health` answers, and killed when the guard drops
//! (also when a check fails or xtask errors out).
//!
//! The programs get the hub by environment variables: `NCBLINK_HUB`,
//! `NCBLINK_NCB`, `NCBLINK_TOKEN` (FR), `NCBLINK_PEER_NCB`,
//! `NCBLINK_PEER_TOKEN` (DE), and FR's sandbox signing key as a key file
//! (`NCBLINK_KEY_FILE`, `NCBLINK_KID`; DE's: `NCBLINK_PEER_KEY_FILE`,
//! `NCBLINK_PEER_KID`): the inbox verifies every envelope,
//! so a message FR sends DE must be signed with a key of the directory.
//! The sandbox writes its demo keys into a directory (`--sandbox-keys`),
//! as it would for any program.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::test::run;

/// A running hub; killed on drop.
pub struct Hub {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    addr: String,
    dir: PathBuf,
    key_file: PathBuf,
    kid: String,
    peer_kid: String,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root);
    c
}

impl Hub {
    /// Builds `ncblink-hub` (release for benchmarks) and starts it in a
    /// fresh directory under `work`.
    pub fn start(root: &Path, target: &Path, work: &Path, release: bool) -> Result<Hub> {
        Hub::start_with(root, target, work, release, &[])
    }

    /// [`Hub::start`] with more flags (`--require-signatures`).
    pub fn start_with(root: &Path, target: &Path, work: &Path, release: bool, extra: &[&str]) -> Result<Hub> {
        let mut build = cargo(root);
        build.args(["build", "-p", "ncblink-hub"]);
        if release {
            build.arg("--release");
        }
        run(&mut build)?;
        let bin = target
            .join(if release { "release" } else { "debug" })
            .join("ncblink-hub");
        let dir = work.join(format!("hub-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let log = std::fs::File::create(dir.join("hub.log"))?;
        let mut child = Command::new(&bin)
            .args(["--sandbox", "--listen", "127.0.0.1:0", "--db"])
            .arg(dir.join("hub.sqlite"))
            .args(["--token", "FR=token-FR", "--token", "DE=token-DE", "--sandbox-keys"])
            .arg(dir.join("keys"))
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        // The hub prints its address once it listens (port 0: the system
        // picked a free one); the rest of its output is drained to a file so
        // that the pipe never fills.
        let stdout = child.stdout.take().context("hub stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = line?;
            if let Some(u) = line.strip_prefix("ncblink hub listening on ") {
                url = Some(u.trim().to_string());
                break;
            }
        }
        let mut guard = Hub {
            child,
            url: String::new(),
            addr: String::new(),
            dir: dir.clone(),
            key_file: dir.join("keys/FR.key"),
            kid: String::new(),
            peer_kid: String::new(),
        };
        let Some(url) = url else {
            bail!("the hub exited before listening; see {}", dir.join("hub.log").display());
        };
        let mut drain = std::fs::File::create(dir.join("hub.stdout"))?;
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = writeln!(drain, "{line}");
            }
        });
        guard.addr = url.trim_start_matches("http://").to_string();
        guard.url = url;
        guard.wait_healthy()?;
        guard.read_key()?;
        eprintln!("hub listening on {} (database in {})", guard.url, dir.display());
        Ok(guard)
    }

    fn wait_healthy(&self) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Ok((200, _)) = self.http("GET", "/v1/health", None, None) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(20) {
                bail!("the hub at {} did not answer /v1/health within 20 s", self.url);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// FR's key id; its key file (written as `ncblink keys generate`
    /// writes one) is next to it.
    fn read_key(&mut self) -> Result<()> {
        let read = |file: PathBuf| -> Result<String> {
            Ok(std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?
                .trim()
                .to_string())
        };
        self.kid = read(self.key_file.with_extension("kid"))?;
        self.peer_kid = read(self.key_file.with_file_name("DE.kid"))?;
        Ok(())
    }

    /// One plain HTTP/1.1 request (xtask has no HTTP client; the hub
    /// speaks HTTP/1.1 on loopback): the status and the body.
    pub fn http(&self, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Result<(u16, String)> {
        let mut s = TcpStream::connect(&self.addr)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(t) = token {
            req.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!(
                "Content-Type: application/json\r\nIdempotency-Key: xtask-{}\r\nContent-Length: {}\r\n",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
                b.len()
            ));
        }
        req.push_str("\r\n");
        if let Some(b) = body {
            req.push_str(b);
        }
        s.write_all(req.as_bytes())?;
        let mut answer = String::new();
        s.read_to_string(&mut answer)?;
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .context("no HTTP status")?;
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }

    /// The environment of the C programs.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NCBLINK_HUB", self.url.clone()),
            ("NCBLINK_NCB", "FR".into()),
            ("NCBLINK_TOKEN", "token-FR".into()),
            ("NCBLINK_PEER_NCB", "DE".into()),
            ("NCBLINK_PEER_TOKEN", "token-DE".into()),
            ("NCBLINK_KEY_FILE", self.key_file.to_string_lossy().into_owned()),
            ("NCBLINK_KID", self.kid.clone()),
            (
                "NCBLINK_PEER_KEY_FILE",
                self.key_file.with_file_name("DE.key").to_string_lossy().into_owned(),
            ),
            ("NCBLINK_PEER_KID", self.peer_kid.clone()),
        ]
    }
}
