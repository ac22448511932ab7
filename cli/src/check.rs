//! `ncblink check document|vehicle|person|firearm`: one item from flags,
//! or a CSV or JSON Lines file as a batch with a progress bar and a
//! summary. Hits are possible matches, to confirm with the owning NCB.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ncblink::model::query::{CheckOutcome, CheckResult, DocumentCheck, FirearmCheck, PersonCheck, VehicleCheck};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Connection;
use crate::output;

/// What to check.
#[derive(clap::Subcommand)]
pub enum Command {
    /// A travel document against SLTD.
    Document {
        /// Document number.
        #[arg(long, required_unless_present = "file")]
        number: Option<String>,
        /// Issuing state (ICAO code: FRA, D, XXA…).
        #[arg(long, required_unless_present = "file")]
        state: Option<String>,
        /// Document type (passport, identity_card…).
        #[arg(long = "type")]
        document_type: Option<String>,
        #[command(flatten)]
        batch: Batch,
    },
    /// A vehicle against SMV.
    Vehicle {
        /// VIN.
        #[arg(long)]
        vin: Option<String>,
        /// Engine number.
        #[arg(long)]
        engine: Option<String>,
        #[command(flatten)]
        batch: Batch,
    },
    /// A person against notices (name and date of birth, or INTERPOL id).
    Person {
        /// Family name.
        #[arg(long)]
        family_name: Option<String>,
        /// Forenames.
        #[arg(long)]
        forenames: Option<String>,
        /// Date of birth.
        #[arg(long)]
        date_of_birth: Option<String>,
        /// INTERPOL notice id.
        #[arg(long)]
        interpol_id: Option<String>,
        #[command(flatten)]
        batch: Batch,
    },
    /// A firearm against iARMS.
    Firearm {
        /// Serial number.
        #[arg(long, required_unless_present = "file")]
        serial: Option<String>,
        /// Make.
        #[arg(long)]
        make: Option<String>,
        #[command(flatten)]
        batch: Batch,
    },
}

/// Batch options.
#[derive(clap::Args)]
pub struct Batch {
    /// A CSV (with a header naming the fields) or JSON Lines file of checks.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Print JSON (one result per line).
    #[arg(long)]
    json: bool,
}

fn read_items<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let bytes = output::read_input(path)?;
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
        let headers = rdr.headers()?.clone();
        let mut out = Vec::new();
        for (n, rec) in rdr.records().enumerate() {
            let rec = rec.with_context(|| format!("{} line {}", path.display(), n + 2))?;
            // Through JSON, so that the model's own parsing (and its
            // errors naming the field) applies; empty cells are absent.
            let mut obj = serde_json::Map::new();
            for (h, v) in headers.iter().zip(rec.iter()) {
                if !v.is_empty() {
                    obj.insert(h.to_string(), serde_json::Value::String(v.to_string()));
                }
            }
            let item = ncblink::json::from_value(serde_json::Value::Object(obj))
                .map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), n + 2))?;
            out.push(item);
        }
        Ok(out)
    } else {
        let mut out = Vec::new();
        for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            out.push(
                ncblink::json::parse(line).map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), n + 1))?,
            );
        }
        Ok(out)
    }
}

fn print_one(result: &CheckResult, json: bool) {
    if json {
        output::json(result);
        return;
    }
    match result.outcome {
        CheckOutcome::NoHit => println!("no hit"),
        CheckOutcome::Unrecognised(v) => println!("outcome `{v}` (of a later contract version)"),
        CheckOutcome::Hit => {
            println!("HIT: possible match, confirm with the owning NCB");
            for h in &result.hits {
                println!(
                    "  {} {:?} owner {} score {:.2}: {}",
                    h.record_id, h.database, h.owner, h.score, h.summary
                );
            }
        }
    }
}

async fn batch<T, F, Fut>(items: Vec<T>, json: bool, run: F) -> Result<()>
where
    T: Serialize + Clone,
    F: Fn(Vec<T>) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<CheckResult>, ncblink::Error>>,
{
    let total = items.len();
    let bar = crate::progress::bar(total as u64, "checking");
    let mut hits = 0;
    // Chunks of 5,000 keep the bar moving; the client splits each into
    // requests of 1,000 run concurrently.
    for chunk in items.chunks(5000) {
        let results = run(chunk.to_vec()).await?;
        for (item, r) in chunk.iter().zip(&results) {
            if r.outcome == CheckOutcome::Hit {
                hits += 1;
                if !json {
                    bar.suspend(|| println!("HIT {}", serde_json::to_string(item).unwrap_or_default()));
                }
            }
            if json {
                output::json(&serde_json::json!({"check": item, "result": r}));
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    eprintln!("{total} checked: {hits} hit(s), {} no hit", total - hits);
    Ok(())
}

fn opt<T: DeserializeOwned>(flag: &str, v: Option<String>) -> Result<Option<T>> {
    v.map(|s| serde_json::from_value(serde_json::Value::String(s)).map_err(|e| anyhow::anyhow!("--{flag}: {e}")))
        .transpose()
}

/// Runs the command.
pub async fn run(conn: &Connection, cmd: Command) -> Result<()> {
    let client = conn.client()?;
    match cmd {
        Command::Document {
            number,
            state,
            document_type,
            batch: b,
        } => match b.file {
            Some(f) => {
                batch(read_items::<DocumentCheck>(&f)?, b.json, |c| {
                    let client = client.clone();
                    async move { client.check_documents(&c).await }
                })
                .await
            }
            None => {
                let check = DocumentCheck {
                    extra: Default::default(),
                    number: number.unwrap_or_default(),
                    issuing_state: state
                        .unwrap_or_default()
                        .parse()
                        .map_err(|e| anyhow::anyhow!("--state: {e}"))?,
                    document_type: opt("type", document_type)?,
                };
                print_one(&client.check_document(&check).await?, b.json);
                Ok(())
            }
        },
        Command::Vehicle { vin, engine, batch: b } => match b.file {
            Some(f) => {
                batch(read_items::<VehicleCheck>(&f)?, b.json, |c| {
                    let client = client.clone();
                    async move { client.check_vehicles(&c).await }
                })
                .await
            }
            None => {
                if vin.is_none() && engine.is_none() {
                    bail!("give --vin or --engine (or --file)");
                }
                let check = VehicleCheck {
                    extra: Default::default(),
                    vin,
                    engine_number: engine,
                    plate: None,
                };
                print_one(&client.check_vehicle(&check).await?, b.json);
                Ok(())
            }
        },
        Command::Person {
            family_name,
            forenames,
            date_of_birth,
            interpol_id,
            batch: b,
        } => match b.file {
            Some(f) => {
                batch(read_items::<PersonCheck>(&f)?, b.json, |c| {
                    let client = client.clone();
                    async move { client.check_persons(&c).await }
                })
                .await
            }
            None => {
                let check = PersonCheck {
                    extra: Default::default(),
                    family_name,
                    forenames,
                    date_of_birth: opt("date-of-birth", date_of_birth)?,
                    interpol_id: opt("interpol-id", interpol_id)?,
                    nationalities: Vec::new(),
                    document_number: None,
                };
                print_one(&client.check_person(&check).await?, b.json);
                Ok(())
            }
        },
        Command::Firearm { serial, make, batch: b } => match b.file {
            Some(f) => {
                batch(read_items::<FirearmCheck>(&f)?, b.json, |c| {
                    let client = client.clone();
                    async move { client.check_firearms(&c).await }
                })
                .await
            }
            None => {
                let check = FirearmCheck {
                    extra: Default::default(),
                    serial_number: serial.unwrap_or_default(),
                    make,
                    model: None,
                    calibre: None,
                };
                print_one(&client.check_firearm(&check).await?, b.json);
                Ok(())
            }
        },
    }
}
