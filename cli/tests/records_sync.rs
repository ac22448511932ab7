//! `ncblink records sync` against a real hub: a national list synced into
//! an empty hub with the command killed (SIGKILL) three times at random
//! moments, then run to its end, leaves the hub holding exactly the list;
//! a second sync changes nothing; changed, removed and new records apply
//! exactly; a truncated export is refused; bad files are refused naming
//! their lines, with nothing applied.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use ncblink::model::query::{Record, RecordKind};
use ncblink_e2e::{client, hub};

/// Records in the list: 20,000 in a debug build (about a minute with the
/// kills), `NCBLINK_SYNC_TEST_RECORDS` to change it (1,000,000 in release:
/// `NCBLINK_SYNC_TEST_RECORDS=1000000 cargo test --release -p ncblink-cli
/// --test records_sync`).
fn count() -> usize {
    std::env::var("NCBLINK_SYNC_TEST_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

const HEADER: &str = "number,issuing_state,document_type,loss_type,lost_on,national_reference";

fn line(i: usize, loss: &str) -> String {
    format!(
        "P{i:08},FRA,passport,{loss},2025-{:02}-{:02},FR-{i}",
        1 + i % 12,
        1 + i % 28
    )
}

fn write_list(path: &Path, lines: &[String]) {
    let mut text = String::with_capacity(lines.len() * 60);
    text.push_str(HEADER);
    text.push('\n');
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn ncblink(hub: &ncblink_hub::RunningHub, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ncblink"));
    c.arg("records")
        .args(args)
        .args(["--hub", &hub.base_url(), "--ncb", "FR"])
        .env("NCBLINK_TOKEN", "token-FR")
        .env_remove("NCBLINK_CONFIG")
        .env("HOME", dir)
        .stdin(Stdio::null());
    c
}

fn run(hub: &ncblink_hub::RunningHub, dir: &Path, args: &[&str]) -> Output {
    ncblink(hub, dir, args).output().expect("ncblink runs")
}

fn summary(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or("")).expect("a JSON summary")
}

fn counts(s: &serde_json::Value) -> [u64; 4] {
    ["added", "updated", "removed", "unchanged"].map(|k| s[k].as_u64().unwrap())
}

/// What the hub holds for France: each record's CSV line, by number.
async fn held(hub: &ncblink_hub::RunningHub) -> BTreeMap<String, String> {
    let fr = client(hub, "FR", None);
    let records = fr.my_records(RecordKind::TravelDocument).await.unwrap();
    let mut out = BTreeMap::new();
    for e in records {
        let Record::TravelDocument(d) = e.record else {
            panic!("not a document")
        };
        let l = format!(
            "{},{},{},{},{},{}",
            d.number,
            d.issuing_state,
            d.document_type.code(),
            d.loss_type.code(),
            d.lost_on.map(|x| x.to_string()).unwrap_or_default(),
            d.national_reference.unwrap_or_default()
        );
        assert!(out.insert(d.number.clone(), l).is_none(), "{} held twice", d.number);
    }
    out
}

fn expected(lines: &[String]) -> BTreeMap<String, String> {
    lines
        .iter()
        .map(|l| (l.split(',').next().unwrap().to_string(), l.clone()))
        .collect()
}

/// A small deterministic generator; the seed is printed so that a failing
/// run can be replayed with `NCBLINK_SYNC_TEST_SEED`.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_three_times_then_rerun_holds_exactly_the_list_and_applies_changes_exactly() {
    let n = count();
    let seed = std::env::var("NCBLINK_SYNC_TEST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()));
    eprintln!("{n} records, seed {seed}");
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let list = dir.path().join("sltd.csv");
    let lines: Vec<String> = (0..n).map(|i| line(i, "lost")).collect();
    write_list(&list, &lines);
    let file = list.to_str().unwrap();

    // Killed at random moments: the first while it reads or plans, the
    // others once a record drawn at random in the next third of the list
    // is registered (batches go out in list order), so that each kill
    // lands while batches are being applied.
    let fr = client(&hub, "FR", None);
    let mut kills = 0;
    for round in 0..3u64 {
        let mut child = ncblink(&hub, dir.path(), &["sync", file])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut wait = 50 + rng.below(1000);
        if round == 0 {
            tokio::time::sleep(Duration::from_millis(wait)).await;
        } else {
            let third = n as u64 / 3;
            let k = (round - 1) * third + rng.below(third.max(1));
            wait = k;
            let check = ncblink::model::query::DocumentCheck {
                number: format!("P{k:08}"),
                issuing_state: "FRA".parse().unwrap(),
                document_type: None,
                extra: Default::default(),
            };
            while child.try_wait().unwrap().is_none() {
                let r = fr.check_document(&check).await.unwrap();
                if r.outcome == ncblink::model::query::CheckOutcome::Hit {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        eprintln!(
            "round {round}: killed at {wait}; the hub holds {}",
            held(&hub).await.len()
        );
    }
    eprintln!("{kills} kill(s) landed");
    let s = summary(&run(&hub, dir.path(), &["sync", file, "--json"]));
    assert!(s["refused"].as_array().unwrap().is_empty(), "{s}");
    assert_eq!(held(&hub).await, expected(&lines), "the hub holds exactly the list");
    assert!(
        !dir.path().join("sltd.csv.ncblink-sync").exists(),
        "the run's state is dropped once it ends"
    );

    // Again: nothing to do.
    let s = summary(&run(&hub, dir.path(), &["sync", file, "--json"]));
    assert_eq!(counts(&s), [0, 0, 0, n as u64], "{s}");

    // 1,000 changed, 500 removed, 500 new (scaled down for small lists).
    let (changed, removed, added) = (n / 20, n / 40, n / 40);
    let mut next: Vec<String> = lines.clone();
    for l in next.iter_mut().take(changed) {
        *l = l.replace(",lost,", ",stolen_from_bearer,");
    }
    next.truncate(n - removed);
    next.extend((n..n + added).map(|i| line(i, "stolen_blank")));
    write_list(&list, &next);
    let plan = summary(&run(&hub, dir.path(), &["sync", file, "--dry-run", "--json"]));
    assert_eq!(
        counts(&plan),
        [
            added as u64,
            changed as u64,
            removed as u64,
            (n - changed - removed) as u64
        ]
    );
    assert_eq!(held(&hub).await, expected(&lines), "a dry run sends nothing");
    let s = summary(&run(&hub, dir.path(), &["sync", file, "--json"]));
    assert_eq!(
        counts(&s),
        [
            added as u64,
            changed as u64,
            removed as u64,
            (n - changed - removed) as u64
        ]
    );
    assert_eq!(held(&hub).await, expected(&next));

    // A truncated export (half the list) is refused by the removal limit.
    let half: Vec<String> = next[..next.len() / 2].to_vec();
    write_list(&list, &half);
    let out = run(&hub, dir.path(), &["sync", file]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("truncated export") && err.contains("--force"), "{err}");
    assert_eq!(held(&hub).await, expected(&next), "nothing applied");
    let s = summary(&run(&hub, dir.path(), &["sync", file, "--force", "--json"]));
    assert_eq!(s["removed"].as_u64(), Some((next.len() - half.len()) as u64));
    assert_eq!(held(&hub).await, expected(&half));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_are_refused_naming_the_line_with_nothing_applied() {
    let dir = tempfile::tempdir().unwrap();
    let hub = hub(dir.path()).await;
    let list = dir.path().join("bad.csv");
    let file = list.to_str().unwrap();
    let good: Vec<String> = (0..100).map(|i| line(i, "lost")).collect();

    let refused = |name: &str, text: String, wants: &[&str]| {
        std::fs::write(&list, text).unwrap();
        let out = run(&hub, dir.path(), &["sync", file]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        for w in wants {
            assert!(err.contains(w), "{name}: `{w}` not in {err}");
        }
        assert!(err.contains("nothing was applied"), "{name}: {err}");
    };
    refused(
        "wrong header",
        format!("number,state,document_type,loss_type\n{}\n", "X1,FRA,passport,lost"),
        &["line 1", "unknown column `state`"],
    );
    let mut bad_date = good.clone();
    bad_date[68] = "P00000068,FRA,passport,lost,2025-02-30,FR-68".to_string();
    let mut text = format!("{HEADER}\n{}\n", bad_date.join("\n"));
    refused("bad date", text.clone(), &["line 70: /lost_on"]);
    let mut bad_type = good.clone();
    bad_type[41] = bad_type[41].replace("passport", "travel_scroll");
    text = format!("{HEADER}\n{}\n", bad_type.join("\n"));
    refused("unknown document type", text, &["line 43: /document_type"]);
    refused("empty file", String::new(), &["no header"]);
    refused("header only", format!("{HEADER}\n"), &["no records"]);
    assert!(held(&hub).await.is_empty(), "nothing applied");

    // JSON Lines: the same rules, the same errors.
    let jsonl = dir.path().join("bad.jsonl");
    std::fs::write(
        &jsonl,
        "{\"number\":\"J1\",\"issuing_state\":\"FRA\",\"document_type\":\"passport\",\"loss_type\":\"lost\"}\n\
         {\"number\":\"J2\",\"issuing_state\":\"FRA\",\"document_type\":\"passport\",\"loss_type\":\"mislaid\"}\n",
    )
    .unwrap();
    let out = run(&hub, dir.path(), &["add", jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: /loss_type"));
    assert!(held(&hub).await.is_empty(), "nothing applied");

    // Add, list, remove by file.
    std::fs::write(&list, format!("{HEADER}\n{}\n", good[..10].join("\n"))).unwrap();
    let out = run(&hub, dir.path(), &["add", file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 created"));
    let out = run(&hub, dir.path(), &["list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 10);
    std::fs::write(&list, format!("{HEADER}\n{}\n", good[..3].join("\n"))).unwrap();
    let out = run(&hub, dir.path(), &["remove", file]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("3 removed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let numbers: HashSet<String> = held(&hub).await.into_keys().collect();
    assert_eq!(numbers.len(), 7);
    assert!(!numbers.contains("P00000000"));
}
