//! Database checks and records: travel documents (SLTD), vehicles (SMV),
//! persons (notices and nominal data) and firearms (iARMS). A check answers
//! hit or no hit with summaries; the full record is a second request
//! (the two-step pattern of Nlets I/F queries, standards.md 2).

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::codes::{CountryCode, DocumentType, IcaoCode, LossType};
use super::date::PartialDate;
use super::ids::{NcbCode, NoticeId};

/// Check a travel document against SLTD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentCheck {
    /// The document number (DIN) as printed.
    pub number: String,
    /// Issuing state (ICAO 9303 code: `FRA`, `D`, `XPO`).
    pub issuing_state: IcaoCode,
    /// Document type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
}

/// A registration plate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plate {
    /// Registering country.
    pub country: CountryCode,
    /// The plate number.
    pub number: String,
}

/// Check a vehicle against SMV: by VIN, engine number or plate.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// Check a person against notices and nominal data: by name and date of
/// birth, or by INTERPOL id.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// Check a firearm against iARMS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
}

/// A stolen motor vehicle, as registered in SMV.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// Why a firearm is in iARMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FirearmStatus {
    /// Lost.
    Lost,
    /// Stolen.
    Stolen,
    /// Trafficked.
    Trafficked,
    /// Smuggled.
    Smuggled,
}

/// A lost, stolen, trafficked or smuggled firearm, as registered in iARMS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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

/// The databases a check searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Database {
    /// Stolen and Lost Travel Documents.
    Sltd,
    /// Stolen Motor Vehicles.
    Smv,
    /// Notices and nominal data.
    Nominal,
    /// Illicit Arms Records and tracing Management System.
    Iarms,
}

/// Hit or no hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// At least one record matches: a possible match, to be confirmed with
    /// the owning NCB.
    Hit,
    /// Nothing matches.
    NoHit,
}

/// One candidate record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// The answer to one check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    /// Hit or no hit.
    pub outcome: CheckOutcome,
    /// The candidates, best first.
    #[serde(default)]
    pub hits: Vec<Hit>,
}

/// A stored record with its owner, as a full-record request returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordView {
    /// Record id.
    pub id: String,
    /// The registering NCB.
    pub owner: NcbCode,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// The record.
    pub record: Record,
}
