//! Database checks and records: travel documents (SLTD), vehicles (SMV),
//! persons (notices and nominal data) and firearms (iARMS). A check answers
//! hit or no hit with summaries; the full record is a second request
//! (the two-step pattern of Nlets I/F queries, standards.md 2).

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, open_enum};

use super::codes::{CountryCode, DocumentType, IcaoCode, LossType};
use super::date::PartialDate;
use super::ids::{NcbCode, NoticeId};

/// Check a travel document against SLTD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DocumentCheck {
    /// The document number (DIN) as printed.
    pub number: String,
    /// Issuing state (ICAO 9303 code: `FRA`, `D`, `XPO`).
    pub issuing_state: IcaoCode,
    /// Document type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A registration plate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plate {
    /// Registering country.
    pub country: CountryCode,
    /// The plate number.
    pub number: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Check a vehicle against SMV: by VIN, engine number or plate.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct VehicleCheck {
    /// Vehicle identification number (ISO 3779).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// Engine number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_number: Option<String>,
    /// Registration plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<Plate>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Check a person against notices and nominal data: by name and date of
/// birth, or by INTERPOL id.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct PersonCheck {
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Forenames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forenames: Option<String>,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// INTERPOL id of a notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpol_id: Option<NoticeId>,
    /// Nationalities, which corroborate a name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<CountryCode>,
    /// The number of a travel or identity document the person holds, which
    /// corroborates a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Check a firearm against iARMS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FirearmCheck {
    /// Serial number.
    pub serial_number: String,
    /// Make (from the INTERPOL Firearms Reference Table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Calibre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibre: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A database check of any kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Travel document (SLTD).
    DocumentCheck(DocumentCheck),
    /// Vehicle (SMV).
    VehicleCheck(VehicleCheck),
    /// Person (notices, nominal data).
    PersonCheck(PersonCheck),
    /// Firearm (iARMS).
    FirearmCheck(FirearmCheck),
}

/// A lost or stolen travel document, as registered in SLTD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TravelDocumentRecord {
    /// Document number.
    pub number: String,
    /// Issuing state (ICAO code). Only that state's NCB may register it.
    pub issuing_state: IcaoCode,
    /// Type.
    pub document_type: DocumentType,
    /// Why it is recorded.
    pub loss_type: LossType,
    /// When it was lost or stolen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_on: Option<PartialDate>,
    /// Date of issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    /// Date of expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// The registering NCB's own reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_reference: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A stolen motor vehicle, as registered in SMV.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct VehicleRecord {
    /// VIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    /// Engine number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_number: Option<String>,
    /// Plate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<Plate>,
    /// Make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// When it was stolen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stolen_on: Option<PartialDate>,
    /// The registering NCB's own reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_reference: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// Why a firearm is in iARMS.
    FirearmStatus {
        /// Lost.
        Lost = "lost",
        /// Stolen.
        Stolen = "stolen",
        /// Trafficked.
        Trafficked = "trafficked",
        /// Smuggled.
        Smuggled = "smuggled",
    }
);

/// A lost, stolen, trafficked or smuggled firearm, as registered in iARMS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FirearmRecord {
    /// Serial number.
    pub serial_number: String,
    /// Make.
    pub make: String,
    /// Model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Calibre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibre: Option<String>,
    /// Why it is recorded.
    pub status: FirearmStatus,
    /// The registering NCB's own reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_reference: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A database record of any kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// SLTD.
    TravelDocument(TravelDocumentRecord),
    /// SMV.
    Vehicle(VehicleRecord),
    /// iARMS.
    Firearm(FirearmRecord),
}

impl Record {
    /// The database the record belongs to.
    pub fn database(&self) -> Database {
        match self {
            Record::TravelDocument(_) => Database::Sltd,
            Record::Vehicle(_) => Database::Smv,
            Record::Firearm(_) => Database::Iarms,
        }
    }

    /// The kind of record (its member name on the wire).
    pub fn kind(&self) -> RecordKind {
        match self {
            Record::TravelDocument(_) => RecordKind::TravelDocument,
            Record::Vehicle(_) => RecordKind::Vehicle,
            Record::Firearm(_) => RecordKind::Firearm,
        }
    }

    /// The key a record is registered once by, whoever registers it and
    /// however its identifiers are written: a travel document by number,
    /// issuing state and type; a vehicle by its VIN, else its plate and
    /// country, else its engine number; a firearm by make, model and serial
    /// number. Identifiers are compared as
    /// [`identifier_key`](crate::names::identifier_key) writes them; the
    /// parts are kept apart as a JSON array so that no two different tuples
    /// give one key. The hub stores vehicles and firearms under this key.
    ///
    /// ```
    /// use ncblink::model::query::Record;
    /// let a: Record = serde_json::from_str(r#"{"firearm":{"serial_number":"ab-123","make":"Glock","status":"stolen"}}"#).unwrap();
    /// let b: Record = serde_json::from_str(r#"{"firearm":{"serial_number":"AB 123","make":"GLOCK","status":"lost"}}"#).unwrap();
    /// assert_eq!(a.natural_key(), b.natural_key());
    /// ```
    pub fn natural_key(&self) -> String {
        use crate::names::identifier_key;
        let parts: Vec<String> = match self {
            Record::TravelDocument(d) => vec![
                "document".into(),
                identifier_key(&d.number),
                d.issuing_state.as_str().to_string(),
                d.document_type.code().to_string(),
            ],
            Record::Vehicle(v) => {
                if let Some(vin) = &v.vin {
                    vec!["vin".into(), identifier_key(vin)]
                } else if let Some(p) = &v.plate {
                    vec![
                        "plate".into(),
                        p.country.as_str().to_string(),
                        identifier_key(&p.number),
                    ]
                } else {
                    let engine = v.engine_number.as_deref().unwrap_or("");
                    vec!["engine".into(), identifier_key(engine)]
                }
            }
            Record::Firearm(f) => vec![
                identifier_key(&f.make),
                identifier_key(f.model.as_deref().unwrap_or("")),
                identifier_key(&f.serial_number),
            ],
        };
        // A list of strings always serialises.
        serde_json::to_string(&parts).unwrap_or_default()
    }

    /// Whether `ncb` may register this record: only the NCB of the issuing
    /// state registers a travel document in SLTD (domain.md 2.4); any NCB
    /// registers a vehicle or a firearm. The error says why, in English.
    pub fn check_registrant(&self, ncb: NcbCode) -> Result<(), String> {
        match self {
            Record::TravelDocument(d) if d.issuing_state.to_iso() != Some(ncb.0) => Err(format!(
                "only the NCB of the issuing state ({}) may register this document in SLTD",
                d.issuing_state
            )),
            _ => Ok(()),
        }
    }
}

/// The kinds of record, named as their member in a [`Record`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// SLTD.
    TravelDocument,
    /// SMV.
    Vehicle,
    /// iARMS.
    Firearm,
}

impl RecordKind {
    /// The wire name (`travel_document`).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::TravelDocument => "travel_document",
            RecordKind::Vehicle => "vehicle",
            RecordKind::Firearm => "firearm",
        }
    }
}

impl std::str::FromStr for RecordKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "travel_document" | "document" | "documents" => Ok(RecordKind::TravelDocument),
            "vehicle" | "vehicles" => Ok(RecordKind::Vehicle),
            "firearm" | "firearms" => Ok(RecordKind::Firearm),
            other => Err(format!(
                "unknown record kind `{other}` (travel_document, vehicle or firearm)"
            )),
        }
    }
}

open_enum!(
    /// The databases a check searches.
    Database {
        /// Stolen and Lost Travel Documents.
        Sltd = "sltd",
        /// Stolen Motor Vehicles.
        Smv = "smv",
        /// Notices and nominal data.
        Nominal = "nominal",
        /// Illicit Arms Records and tracing Management System.
        Iarms = "iarms",
    }
);

open_enum!(
    /// Hit or no hit.
    CheckOutcome {
        /// At least one record matches: a possible match, to be confirmed with
        /// the owning NCB.
        Hit = "hit",
        /// Nothing matches.
        NoHit = "no_hit",
    }
);

open_enum!(
    /// What agreed between a check and a person hit.
    MatchEvidence {
        /// The INTERPOL id asked for.
        InterpolId = "interpol_id",
        /// The name (the hit's score is the name's).
        Name = "name",
        /// The date of birth (the parts both sides know).
        DateOfBirth = "date_of_birth",
        /// A nationality.
        Nationality = "nationality",
        /// A document number.
        Document = "document",
    }
);

/// One candidate record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Hit {
    /// Id to fetch the full record with.
    pub record_id: String,
    /// Which database.
    pub database: Database,
    /// The NCB that owns the record.
    pub owner: NcbCode,
    /// A one-line summary.
    pub summary: String,
    /// Match score from 0 to 1 (tolerant person matching); 1 for exact.
    pub score: f64,
    /// Why a person hit matched: the INTERPOL id, or the name and what
    /// corroborated it. Empty for the other databases' exact matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched_on: Vec<MatchEvidence>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// The answer to one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckResult {
    /// Hit or no hit.
    pub outcome: CheckOutcome,
    /// The candidates, best first.
    #[serde(default)]
    pub hits: Vec<Hit>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A stored record with its owner, as a full-record request returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordView {
    /// Record id.
    pub id: String,
    /// The registering NCB.
    pub owner: NcbCode,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// The record.
    pub record: Record,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}
