//! The `ncblink` travel and public-notices commands: `mrz` on the ICAO
//! specimens, `vin`, `import interpol-public` on the fixtures, and
//! `fetch-public` against a local stand-in of INTERPOL's service.

#[path = "../../sdk-core/tests/support/public_server.rs"]
mod public_server;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ncblink::model::Envelope;
use public_server::{PublicServer, invented_red};
use serde_json::Value;

const TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];
const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n";

fn ncblink() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ncblink"));
    c.env_remove("NCBLINK_NCB").env_remove("NCBLINK_CONFIG");
    c
}

fn run(args: &[&str]) -> Output {
    ncblink().args(args).output().unwrap()
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = ncblink()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/interpol-public")
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

// ---------------------------------------------------------------------------
// mrz and vin.

#[test]
fn mrz_shows_the_specimen_as_a_table_with_check_digit_verdicts() {
    let o = run(&["mrz", TD3[0], TD3[1], "--today", "2024-01-01"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "TD3",
        "ERIKSSON",
        "ANNA MARIA",
        "L898902C3",
        "1974-08-12",
        "6 ok",
        "all verify",
        "MRZ.STATE_UNKNOWN",
    ] {
        assert!(out.contains(want), "{want} in\n{out}");
    }
}

#[test]
fn mrz_json_and_a_wrong_check_digit() {
    let o = run(&["mrz", TD3[0], TD3[1], "--today", "2024-01-01", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "td3");
    assert_eq!(v["check_digits_valid"], true);
    assert_eq!(v["document_check"]["number"], "L898902C3");
    assert_eq!(v["check_digits"].as_array().unwrap().len(), 5);

    let forged = TD3[1].replace("7408122", "7408123");
    let o = run(&["mrz", TD3[0], &forged, "--today", "2024-01-01"]);
    assert_eq!(o.status.code(), Some(1), "a check digit that does not verify");
    let out = stdout(&o);
    assert!(
        out.contains("WRONG (expected 2)") && out.contains("MRZ.CHECK_DIGIT"),
        "{out}"
    );
}

#[test]
fn mrz_lenient_repairs_ocr_errors_and_reads_standard_input() {
    // `O` for `0` in the date of birth: refused strictly, repaired leniently.
    let ocr = TD3[1].replace("7408122", "74O8122");
    let strict = run(&["mrz", TD3[0], &ocr, "--today", "2024-01-01"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("MRZ.FIELD_CHARSET"), "{}", stderr(&strict));
    let lenient = run(&["mrz", TD3[0], &ocr, "--today", "2024-01-01", "--lenient", "--json"]);
    assert_eq!(lenient.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&lenient)).unwrap();
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "MRZ.OCR_FIX")
    );

    let o = run_with_stdin(&["mrz", "-", "--today", "2024-01-01", "--json"], TD1.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "td1");
    assert_eq!(v["document_number"], "D23145890");

    let o = run(&["mrz", "P<UTO", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["error"]["code"].as_str().unwrap().starts_with("MRZ."));
}

#[test]
fn vin_reports_the_check_digit_and_refuses_what_is_not_a_vin() {
    let o = run(&["vin", "1M8GDM9AXKP042788"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("X ok") && stdout(&o).contains("1M8"));
    let o = run(&["vin", "1M8GDM9A1KP042788", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["check_digit_valid"], false);
    assert_eq!(v["check_digit_expected"], "X");
    let o = run(&["vin", "1M8GDM9AXKP04278O"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("VIN.FORBIDDEN_LETTER"));
}

// ---------------------------------------------------------------------------
// import interpol-public.

fn envelopes(lines: &[Value]) -> Vec<Envelope> {
    lines
        .iter()
        .map(|l| {
            for key in ["envelope", "extensions", "notes"] {
                assert!(l.get(key).is_some(), "{key} in {l}");
            }
            ncblink::json::parse(l["envelope"].to_string().as_bytes()).unwrap()
        })
        .collect()
}

#[test]
fn import_reads_a_directory_of_fixtures_to_json_lines_with_a_summary() {
    let dir = fixtures();
    let o = run(&["import", "interpol-public", dir.to_str().unwrap(), "--ncb", "FR"]);
    // The yellow and UN list extracts cannot be notices: exit 1, said.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 9);
    let envs = envelopes(&lines);
    assert!(envs.iter().any(|e| e.source.as_str() == "CO"));
    let err = stderr(&o);
    assert!(err.contains("imported 9 notice(s)"), "{err}");
    assert!(err.contains("2 image collection(s) skipped"), "{err}");
    assert!(err.contains("IMPORT.MISSING"), "{err}");
    assert!(
        err.contains("yellow-list.json /_embedded/notices/0 (2023/7751)"),
        "{err}"
    );
    // The images beside a detail are attached to it.
    let red = lines
        .iter()
        .find(|l| l["interpol_id"] == "2019/48211" && l["notes"][0]["code"] != "IMPORT.LIST_EXTRACT");
    assert!(red.unwrap()["extensions"].get("images:/_embedded").is_some());
}

#[test]
fn import_reads_one_file_or_standard_input_and_needs_an_importer_for_un_notices() {
    let yellow = fixtures().join("yellow-2023-7751.json");
    let o = run(&["import", "interpol-public", yellow.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["kind"], "yellow");
    assert_eq!(lines[0]["envelope"]["source"], "SE");

    let bytes = std::fs::read(fixtures().join("red-2024-1187.json")).unwrap();
    let o = run_with_stdin(&["import", "interpol-public", "-", "--kind", "red"], &bytes);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        json_lines(&o)[0]["extensions"]["/arrest_warrants/1/issuing_country_id"],
        "BE"
    );

    let un = fixtures().join("un-entity-2017-199266.json");
    let o = run(&["import", "interpol-public", un.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("give the importing NCB"), "{}", stderr(&o));
    let o = ncblink()
        .args(["import", "interpol-public", un.to_str().unwrap()])
        .env("NCBLINK_NCB", "DE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json_lines(&o)[0]["envelope"]["source"], "DE");
}

// ---------------------------------------------------------------------------
// fetch-public, against the local stand-in.

async fn run_async(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || ncblink().args(&args).output().unwrap())
        .await
        .unwrap()
}

fn fetch_args(server: &PublicServer, out: &Path, rest: &[&str]) -> Vec<String> {
    let mut v = vec![
        "fetch-public".to_string(),
        rest[0].to_string(),
        "--out".into(),
        out.display().to_string(),
        "--base-url".into(),
        server.base_url(),
        "--backoff-ms".into(),
        "1".into(),
    ];
    v.extend(rest[1..].iter().map(|s| s.to_string()));
    v
}

fn files_in(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_public_crawls_round_the_cap_writes_every_detail_once_and_imports_back() {
    let server = PublicServer::start().await;
    server.add("red", invented_red(400));
    server.load_fixtures(&fixtures());
    let dir = tempfile::tempdir().unwrap();
    let o = run_async(fetch_args(&server, dir.path(), &["red"])).await;
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let details: Vec<String> = files_in(dir.path(), "red-");
    assert_eq!(details.len(), 403, "400 invented and 3 fixtures, each once");
    assert!(stderr(&o).contains("listed 403"), "{}", stderr(&o));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("lists/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["red"]["listed"], 403);
    assert_eq!(summary["red"]["fetched"], 403);
    assert!(
        files_in(&dir.path().join("lists"), "red-").len() > 250,
        "every list page saved"
    );
    let saved: Value = serde_json::from_slice(&std::fs::read(dir.path().join("red-2019-48211.json")).unwrap()).unwrap();
    assert_eq!(
        saved,
        serde_json::from_slice::<Value>(&std::fs::read(fixtures().join("red-2019-48211.json")).unwrap()).unwrap()
    );

    let o = run_async(vec![
        "import".into(),
        "interpol-public".into(),
        dir.path().display().to_string(),
        "--ncb".into(),
        "FR".into(),
    ])
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(envelopes(&json_lines(&o)).len(), 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_public_un_by_nationality_with_images_a_limit_and_refusals_to_back_off_from() {
    let server = PublicServer::start().await;
    server.load_fixtures(&fixtures());
    server.add_images(
        "un/persons",
        "2016-30493",
        serde_json::json!({"_embedded": {"images": []}}),
    );
    server.forbid("/notices/v1/un/persons", 2);
    let dir = tempfile::tempdir().unwrap();
    let o = run_async(fetch_args(
        &server,
        dir.path(),
        &["un", "--nationality", "YE", "--images", "--max", "5"],
    ))
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        files_in(dir.path(), "un_person-"),
        ["un_person-2016-30493-images.json", "un_person-2016-30493.json"]
    );
    // The entity has no nationality: a nationality filter does not list it.
    assert!(files_in(dir.path(), "un_entity-").is_empty());
    let log = server.log();
    assert!(log.iter().any(|l| l.contains("nationality=YE")));

    // `--max` bounds the details fetched.
    let dir = tempfile::tempdir().unwrap();
    server.add(
        "yellow",
        (0..30).map(|i| serde_json::json!({"entity_id": format!("2022/{}", 500 + i), "name": "X"})),
    );
    let o = run_async(fetch_args(&server, dir.path(), &["yellow", "--max", "7"])).await;
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_in(dir.path(), "yellow-").len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_public_gives_up_with_a_clear_error_when_refused_for_good() {
    let server = PublicServer::start().await;
    server.load_fixtures(&fixtures());
    server.forbid("/notices/v1/red", 1000);
    let dir = tempfile::tempdir().unwrap();
    let o = run_async(fetch_args(&server, dir.path(), &["red", "--retries", "2"])).await;
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("403") && err.contains("listing red"), "{err}");
    assert_eq!(server.log().len(), 3, "one attempt and two retries");
}

#[test]
fn the_new_commands_have_help() {
    for cmd in [
        vec!["mrz", "--help"],
        vec!["vin", "--help"],
        vec!["import", "interpol-public", "--help"],
        vec!["fetch-public", "--help"],
    ] {
        let out = run(&cmd);
        assert!(out.status.success() && !out.stdout.is_empty(), "{cmd:?}");
    }
}
