//! Reading a national list of records (CSV with a header, or JSON Lines):
//! every line parsed by the model and validated by sdk-core before
//! anything is sent, each error naming its line.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;

use crate::Error;
use crate::model::query::{Record, RecordKind};
use crate::model::{NcbCode, WorkingLanguage};

/// At most this many errors are listed; the rest are counted.
const MAX_LISTED_ERRORS: usize = 50;

/// How a national list is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Comma-separated, with a header line naming the columns.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl InputFormat {
    /// CSV for a name ending in `.csv` (any case), JSON Lines otherwise.
    pub fn from_file_name(name: &str) -> Self {
        if name.to_ascii_lowercase().ends_with(".csv") {
            InputFormat::Csv
        } else {
            InputFormat::JsonLines
        }
    }
}

/// One record of the list with the line it was read from (1 is the first
/// line of the file, the header of a CSV).
#[derive(Clone, Debug, PartialEq)]
pub struct InputRecord {
    /// Line in the file.
    pub line: usize,
    /// The record.
    pub record: Record,
}

/// What is wrong with one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// Line in the file (0: the file as a whole).
    pub line: usize,
    /// The column or member at fault, as a JSON Pointer into the record
    /// (`/lost_on`), when one is.
    pub field: Option<String>,
    /// What is wrong, in English.
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.field, self.line) {
            (_, 0) => write!(f, "{}", self.message),
            (Some(p), n) if !p.is_empty() => write!(f, "line {n}: {p}: {}", self.message),
            (_, n) => write!(f, "line {n}: {}", self.message),
        }
    }
}

/// The errors of a file: nothing of it is applied while any remains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileErrors {
    /// The first errors, in line order.
    pub errors: Vec<LineError>,
    /// Errors beyond those listed.
    pub more: usize,
}

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        if self.more > 0 {
            write!(f, "; and {} more", self.more)?;
        }
        Ok(())
    }
}

impl FileErrors {
    fn push(&mut self, line: usize, field: Option<String>, message: impl Into<String>) {
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(LineError {
                line,
                field,
                message: message.into(),
            });
        } else {
            self.more += 1;
        }
    }
}

/// The columns of each kind: the check files' columns, plus the loss type
/// (or firearm status), the date and the national reference. A vehicle's
/// plate is two columns, `plate_number` and `plate_country`.
pub fn columns(kind: RecordKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        RecordKind::TravelDocument => (
            &["number", "issuing_state", "document_type", "loss_type"],
            &["lost_on", "issued_on", "expires_on", "national_reference"],
        ),
        RecordKind::Vehicle => (
            &[],
            &[
                "vin",
                "engine_number",
                "plate_number",
                "plate_country",
                "make",
                "model",
                "colour",
                "stolen_on",
                "national_reference",
            ],
        ),
        RecordKind::Firearm => (
            &["serial_number", "make", "status"],
            &["model", "calibre", "national_reference"],
        ),
    }
}

/// Reads a national list of one kind of record for `ncb`: every line
/// parsed and validated (codes, dates, the issuing state's right to
/// register a travel document), no record twice. Any error fails the whole
/// file, listing the lines at fault.
///
/// ```
/// use ncblink::client::sync::{InputFormat, read_records};
/// use ncblink::model::query::RecordKind;
/// let csv = b"number,issuing_state,document_type,loss_type,lost_on\nX1,FRA,passport,lost,2026-02-30\n";
/// let err = read_records(RecordKind::TravelDocument, InputFormat::Csv, csv, "FR".parse().unwrap()).unwrap_err();
/// assert!(err.to_string().contains("line 2: /lost_on"), "{err}");
/// ```
pub fn read_records(
    kind: RecordKind,
    format: InputFormat,
    bytes: &[u8],
    ncb: NcbCode,
) -> Result<Vec<InputRecord>, Error> {
    let mut errors = FileErrors::default();
    let mut out = Vec::new();
    let mut each = |line: usize, value: serde_json::Value, errors: &mut FileErrors| {
        if let Some(record) = to_record(kind, line, value, ncb, errors) {
            out.push(InputRecord { line, record });
        }
    };
    match format {
        InputFormat::Csv => read_csv(kind, bytes, &mut errors, &mut each),
        InputFormat::JsonLines => read_json_lines(bytes, &mut errors, &mut each),
    }
    if out.is_empty() && errors.errors.is_empty() {
        errors.push(0, None, "the file holds no records (an empty export is refused)");
    }
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(out.len());
    for r in &out {
        if let Some(first) = seen.insert(r.record.natural_key(), r.line) {
            errors.push(
                r.line,
                None,
                format!("the same record as line {first} (same natural key)"),
            );
            seen.insert(r.record.natural_key(), first);
        }
    }
    if errors.errors.is_empty() {
        Ok(out)
    } else {
        errors.errors.sort_by_key(|e| e.line);
        Err(Error::InvalidFile(Box::new(errors)))
    }
}

fn read_csv(
    kind: RecordKind,
    bytes: &[u8],
    errors: &mut FileErrors,
    each: &mut impl FnMut(usize, serde_json::Value, &mut FileErrors),
) {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return errors.push(1, None, format!("unreadable header: {e}")),
    };
    if headers.is_empty() || headers.iter().all(str::is_empty) {
        return errors.push(1, None, "the file holds no header line");
    }
    let (required, optional) = columns(kind);
    let mut bad_header = false;
    for h in headers.iter() {
        if !required.contains(&h) && !optional.contains(&h) {
            bad_header = true;
            errors.push(
                1,
                None,
                format!(
                    "unknown column `{h}` for {} records; the columns are {}",
                    kind.as_str(),
                    required.iter().chain(optional).copied().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    for r in required {
        if !headers.iter().any(|h| h == *r) {
            bad_header = true;
            errors.push(1, None, format!("missing column `{r}`"));
        }
    }
    if bad_header {
        return;
    }
    let mut row = csv::StringRecord::new();
    // Lines counted from byte offsets: the reader's own count skips blank
    // lines, and the error must name the line an editor shows.
    let mut counted = (0usize, 1usize);
    let mut line_at = |byte: usize| {
        let (from, line) = counted;
        let to = byte.min(bytes.len()).max(from);
        let n = line + bytes[from..to].iter().filter(|b| **b == b'\n').count();
        counted = (to, n);
        n
    };
    loop {
        let line = line_at(rdr.position().byte() as usize);
        match rdr.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(line, None, format!("unreadable line: {e}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        // A record's position may be where the blank lines before it
        // start: its line is that of its first character.
        let start = row.position().map_or(0, |p| p.byte() as usize);
        let skipped = bytes
            .get(start..)
            .map_or(0, |rest| rest.iter().take_while(|b| matches!(b, b'\n' | b'\r')).count());
        let line = if row.position().is_some() {
            line_at(start + skipped)
        } else {
            line
        };
        let mut obj = serde_json::Map::new();
        let mut plate = serde_json::Map::new();
        for (h, v) in headers.iter().zip(row.iter()) {
            if v.is_empty() {
                continue;
            }
            let v = serde_json::Value::String(v.to_string());
            match h {
                "plate_number" => {
                    plate.insert("number".into(), v);
                }
                "plate_country" => {
                    plate.insert("country".into(), v);
                }
                _ => {
                    obj.insert(h.to_string(), v);
                }
            }
        }
        if !plate.is_empty() {
            obj.insert("plate".into(), serde_json::Value::Object(plate));
        }
        let value = serde_json::json!({ kind.as_str(): obj });
        each(line, value, errors);
    }
}

fn read_json_lines(
    bytes: &[u8],
    errors: &mut FileErrors,
    each: &mut impl FnMut(usize, serde_json::Value, &mut FileErrors),
) {
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(v) => each(n + 1, v, errors),
            Err(e) => errors.push(n + 1, None, format!("not JSON: {e}")),
        }
    }
}

/// A line's object as a record of `kind` (a JSON line may also be a whole
/// record, `{"travel_document": {…}}`), validated.
fn to_record(
    kind: RecordKind,
    line: usize,
    value: serde_json::Value,
    ncb: NcbCode,
    errors: &mut FileErrors,
) -> Option<Record> {
    let value = match value {
        serde_json::Value::Object(m) if m.len() == 1 && m.contains_key(kind.as_str()) => serde_json::Value::Object(m),
        other => serde_json::json!({ kind.as_str(): other }),
    };
    // Fast path; only a line that fails is read again to name the field.
    let record = match Record::deserialize(&value) {
        Ok(r) => r,
        Err(_) => match crate::json::from_value::<Record>(value) {
            Ok(r) => r,
            Err(e) => {
                let field = e
                    .pointer
                    .strip_prefix(&format!("/{}", kind.as_str()))
                    .map(str::to_string);
                errors.push(line, field, e.message);
                return None;
            }
        },
    };
    let report = crate::validate::validate(&record);
    if !report.is_ok() {
        for v in report.errors() {
            let field = v
                .pointer
                .strip_prefix(&format!("/{}", kind.as_str()))
                .map(str::to_string);
            errors.push(
                line,
                field.or(Some(v.pointer.clone())),
                format!("{} [{}]", v.message(WorkingLanguage::En), v.code),
            );
        }
        return None;
    }
    if let Err(why) = record.check_registrant(ncb) {
        errors.push(line, Some("/issuing_state".into()), why);
        return None;
    }
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr() -> NcbCode {
        "FR".parse().unwrap()
    }

    fn errors_of(r: Result<Vec<InputRecord>, Error>) -> FileErrors {
        match r {
            Err(Error::InvalidFile(e)) => *e,
            other => panic!("expected file errors, got {other:?}"),
        }
    }

    #[test]
    fn csv_and_json_lines_give_the_same_records_with_their_lines() {
        let csv = b"number,issuing_state,document_type,loss_type,lost_on,national_reference\n\
                    X1,FRA,passport,lost,2026-01-02,R-1\n\nX2,FRA,identity_card,stolen_blank,,\n";
        let a = read_records(RecordKind::TravelDocument, InputFormat::Csv, csv, fr()).unwrap();
        let jsonl = br#"{"number":"X1","issuing_state":"FRA","document_type":"passport","loss_type":"lost","lost_on":"2026-01-02","national_reference":"R-1"}

{"travel_document":{"number":"X2","issuing_state":"FRA","document_type":"identity_card","loss_type":"stolen_blank"}}
"#;
        let b = read_records(RecordKind::TravelDocument, InputFormat::JsonLines, jsonl, fr()).unwrap();
        assert_eq!(
            a.iter().map(|r| &r.record).collect::<Vec<_>>(),
            b.iter().map(|r| &r.record).collect::<Vec<_>>()
        );
        assert_eq!(a.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(b.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 3]);
    }

    #[test]
    fn bad_lines_are_named_and_fail_the_whole_file() {
        let mut csv = b"number,issuing_state,document_type,loss_type,lost_on\n".to_vec();
        for i in 0..100 {
            let date = if i == 69 { "2026-13-01" } else { "2026-01-01" };
            let kind = if i == 80 { "scroll" } else { "passport" };
            csv.extend_from_slice(format!("N{i},FRA,{kind},lost,{date}\n").as_bytes());
        }
        csv.extend_from_slice(b"N5,FRA,passport,lost,\nN200,D,passport,lost,\n");
        let e = errors_of(read_records(RecordKind::TravelDocument, InputFormat::Csv, &csv, fr()));
        let lines: Vec<usize> = e.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [71, 82, 102, 103], "{e}");
        assert_eq!(e.errors[0].field.as_deref(), Some("/lost_on"), "{e}");
        assert_eq!(e.errors[1].field.as_deref(), Some("/document_type"), "{e}");
        assert!(e.errors[2].message.contains("line 7"), "{e}");
        assert!(e.errors[3].message.contains("issuing state"), "{e}");
    }

    #[test]
    fn a_wrong_header_or_an_empty_file_is_refused() {
        let e = errors_of(read_records(
            RecordKind::TravelDocument,
            InputFormat::Csv,
            b"number,state,document_type,loss_type\nX1,FRA,passport,lost\n",
            fr(),
        ));
        assert_eq!(e.errors[0].line, 1);
        assert!(e.to_string().contains("unknown column `state`"), "{e}");
        assert!(e.to_string().contains("missing column `issuing_state`"), "{e}");
        for empty in [&b""[..], b"number,issuing_state,document_type,loss_type\n", b"\n\n"] {
            for format in [InputFormat::Csv, InputFormat::JsonLines] {
                let e = errors_of(read_records(RecordKind::TravelDocument, format, empty, fr()));
                assert!(!e.errors.is_empty());
            }
        }
    }

    #[test]
    fn vehicles_take_their_plate_in_two_columns() {
        let csv = b"vin,plate_number,plate_country,stolen_on\n,AB-123-CD,FR,2026-03\n";
        let r = read_records(RecordKind::Vehicle, InputFormat::Csv, csv, fr()).unwrap();
        let Record::Vehicle(v) = &r[0].record else { panic!() };
        assert_eq!(v.plate.as_ref().map(|p| p.number.as_str()), Some("AB-123-CD"));
    }
}
