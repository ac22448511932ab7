//! `ncblink mrz LINE…` and `ncblink vin VIN`: read a machine-readable zone
//! or a VIN as an officer would before a check, with every check digit's
//! verdict. Exit 0 when every check digit verifies, 1 when one does not
//! (the document may be forged or mistyped: it is still shown), 2 when the
//! input is not a zone or a VIN at all.

use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use ncblink::model::WorkingLanguage;
use ncblink::travel::{Mrz, MrzField, ParseOptions, check_vin, parse_mrz_lines};

use crate::output;

/// Arguments of `ncblink mrz`.
#[derive(clap::Args)]
pub struct MrzArgs {
    /// The zone's lines (2 or 3), as separate arguments or one argument with
    /// line breaks; `-` reads them from standard input.
    #[arg(required = true)]
    lines: Vec<String>,
    /// Repair the usual OCR confusions (O/0, I/1…) and tolerate lower case
    /// and white space, with a warning for each repair.
    #[arg(long)]
    lenient: bool,
    /// The date two-digit years are read against (default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<NaiveDate>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `ncblink vin`.
#[derive(clap::Args)]
pub struct VinArgs {
    /// The vehicle identification number.
    vin: String,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// The zone's lines from the arguments (or standard input).
fn zone_lines(args: &[String]) -> Result<Vec<String>> {
    let joined = if args.len() == 1 && args[0] == "-" {
        let bytes = output::read_input(std::path::Path::new("-"))?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.join("\n")
    };
    Ok(joined
        .split('\n')
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect())
}

/// Runs `ncblink mrz`.
pub fn mrz(args: MrzArgs) -> Result<ExitCode> {
    let lines = zone_lines(&args.lines)?;
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let today = args.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let options = if args.lenient {
        ParseOptions::lenient(today)
    } else {
        ParseOptions::strict(today)
    };
    let mrz = match parse_mrz_lines(&refs, &options) {
        Ok(m) => m,
        Err(e) => {
            if args.json {
                output::json(&serde_json::json!({ "error": e }));
            } else {
                eprintln!("error: {e}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    if args.json {
        let mut v = serde_json::to_value(&mrz)?;
        v["check_digits_valid"] = mrz.check_digits_valid().into();
        v["document_check"] = serde_json::to_value(mrz.to_document_check())?;
        output::json(&v);
    } else {
        print!("{}", mrz_table(&mrz));
    }
    Ok(if mrz.check_digits_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The verdict of a field's check digit, if it has one.
fn verdict(mrz: &Mrz, field: MrzField) -> String {
    match mrz.check_digits.iter().find(|c| c.field == field) {
        Some(c) if c.valid => format!("{} ok", c.found),
        Some(c) => format!("{} WRONG (expected {})", c.found, c.expected),
        None => String::new(),
    }
}

/// The zone as a table of fields, check digits and warnings.
fn mrz_table(mrz: &Mrz) -> String {
    let en = WorkingLanguage::En;
    let state = |c: &ncblink::model::IcaoCode| match c.label(en) {
        Some(l) => format!("{c} ({l})"),
        None => format!("{c} (not on ICAO's list)"),
    };
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "unknown".to_string(), |d| d.to_string());
    let sex = mrz.sex.map_or("invalid", |s| s.label(en).unwrap_or("later version"));
    let mut rows: Vec<(&str, String, String)> = vec![
        ("format", mrz.format.to_string(), String::new()),
        (
            "document",
            format!(
                "{} ({})",
                mrz.document_code,
                mrz.document_type.label(en).unwrap_or("later version")
            ),
            String::new(),
        ),
        ("issuing state", state(&mrz.issuing_state), String::new()),
        (
            "document number",
            mrz.document_number.clone(),
            verdict(mrz, MrzField::DocumentNumber),
        ),
        ("family name", mrz.primary_identifier.clone(), String::new()),
        ("given names", mrz.secondary_identifier.clone(), String::new()),
        ("nationality", state(&mrz.nationality), String::new()),
        (
            "date of birth",
            date(mrz.date_of_birth),
            verdict(mrz, MrzField::DateOfBirth),
        ),
        ("sex", sex.to_string(), String::new()),
        ("expiry", date(mrz.expiry), verdict(mrz, MrzField::Expiry)),
        (
            "optional data",
            mrz.optional_data.clone(),
            verdict(mrz, MrzField::OptionalData),
        ),
    ];
    if let Some(o2) = &mrz.optional_data_2 {
        rows.push(("optional data 2", o2.clone(), verdict(mrz, MrzField::OptionalData2)));
    }
    if mrz.check_digits.iter().any(|c| c.field == MrzField::Composite) {
        rows.push(("composite", String::new(), verdict(mrz, MrzField::Composite)));
    }
    let width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0).max(5);
    let mut out = format!("{:<16} {:<width$} check digit\n", "field", "value");
    for (name, value, check) in rows {
        out.push_str(format!("{name:<16} {value:<width$} {check}").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "check digits: {}\n",
        if mrz.check_digits_valid() {
            "all verify"
        } else {
            "SOME DO NOT VERIFY"
        }
    ));
    for w in &mrz.warnings {
        out.push_str(&format!("warning {} ({}): {}\n", w.code, w.field, w.message));
    }
    out
}

/// Runs `ncblink vin`.
pub fn vin(args: VinArgs) -> Result<ExitCode> {
    let report = match check_vin(&args.vin) {
        Ok(r) => r,
        Err(e) => {
            if args.json {
                output::json(&serde_json::json!({ "error": e }));
            } else {
                eprintln!("error: {e}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    if args.json {
        output::json(&report);
    } else {
        println!("VIN          {}", report.vin);
        println!("WMI          {}", report.wmi);
        println!(
            "region       {}",
            serde_json::to_value(report.region)?.as_str().unwrap_or_default()
        );
        println!(
            "check digit  {} {}",
            report.check_digit_found,
            if report.check_digit_valid {
                "ok".to_string()
            } else {
                format!(
                    "WRONG (expected {}; required in North America only)",
                    report.check_digit_expected
                )
            }
        );
        println!("model year   {} (position 10, not decoded)", report.model_year_char);
        for w in &report.warnings {
            println!("warning {}: {}", w.code.as_str(), w.message);
        }
    }
    Ok(if report.check_digit_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
