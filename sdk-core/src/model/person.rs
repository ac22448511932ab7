//! A person as notices describe them: names, identity particulars,
//! physical description, documents and references to photos and
//! biometrics (never the biometric data itself, standards.md 3).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, open_enum};

use super::codes::{CountryCode, DocumentType, EyeColour, HairColour, IcaoCode, LanguageCode, Sex};
use super::date::PartialDate;
use super::text::LocalizedText;

/// Another name the person is known by.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Alias {
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Forenames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forenames: Option<String>,
    /// Date of birth used with this name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A parent's name (Yellow Notices carry them).
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ParentName {
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Forenames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forenames: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A travel or identity document the person holds or held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IdentityDocument {
    /// Document type.
    pub document_type: DocumentType,
    /// Document number as printed.
    pub number: String,
    /// Issuing state (ICAO 9303 code).
    pub issuing_state: IcaoCode,
    /// Date of issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<PartialDate>,
    /// Date of expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<PartialDate>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A reference to a photo or other file carried beside the document,
/// bound to it by digest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MediaRef {
    /// `sha-256:` followed by the hex digest of the file.
    pub digest: String,
    /// The media type (`image/jpeg`).
    pub media_type: String,
    /// Where the file can be fetched, if not attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A reference to a biometric transaction (ANSI/NIST-ITL, INTERPOL's
/// INT-I profile) exchanged separately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BiometricRef {
    /// The standard (`ANSI/NIST-ITL 1-2011 Upd 2015`).
    pub standard: String,
    /// Transaction control number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcn: Option<String>,
    /// `sha-256:` digest of the transaction file.
    pub digest: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// The status of the person, which the source must state (RPD Art 44).
    PersonStatus {
        /// Convicted.
        Convicted = "convicted",
        /// Charged or accused.
        Charged = "charged",
        /// Suspect.
        Suspect = "suspect",
        /// Witness.
        Witness = "witness",
        /// Victim.
        Victim = "victim",
        /// Missing.
        Missing = "missing",
        /// Unable to identify themselves.
        UnableToIdentify = "unable_to_identify",
        /// A possible threat to public safety.
        ThreatToPublicSafety = "threat_to_public_safety",
        /// Deceased, unidentified.
        Deceased = "deceased",
    }
);

open_enum!(
    /// Why a person has no nationality to list (ICAO Doc 9303 Part 3
    /// section 5 writes these XXA, XXB/XXC and XXX on documents).
    NationalityStatus {
        /// Stateless (1954 Convention).
        Stateless = "stateless",
        /// A refugee (1951 Convention or otherwise).
        Refugee = "refugee",
        /// The nationality is not known.
        Unknown = "unknown",
    }
);

/// A last known address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Address {
    /// The address as written.
    pub text: String,
    /// Its country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// When the person was last known to live there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_known_on: Option<PartialDate>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// How an associate relates to the person.
    Relation {
        /// A relative (parent, child, sibling, spouse…).
        Relative = "relative",
        /// A known criminal associate or accomplice.
        Associate = "associate",
        /// Another contact.
        Other = "other",
    }
);

/// A relative or associate of the person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Associate {
    /// How they relate.
    pub relation: Relation,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Forenames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forenames: Option<String>,
    /// The relation in words (`brother`, `business partner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// Kinds of contact identifier.
    ContactKind {
        /// A telephone number (E.164 preferred).
        Phone = "phone",
        /// An e-mail address.
        Email = "email",
        /// An account on an online service.
        OnlineAccount = "online_account",
    }
);

/// A telephone number, e-mail address or online account the person uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ContactIdentifier {
    /// Its kind.
    pub kind: ContactKind,
    /// The identifier as written.
    pub value: String,
    /// The service, for an online account (`telegram`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A person: the subject of a notice or diffusion.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    /// Family name, in Latin script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Forenames, in Latin script. Absent for persons with one name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forenames: Option<String>,
    /// Family name at birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_at_birth: Option<String>,
    /// The full name in its original script (Arabic, Cyrillic…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_in_original_script: Option<String>,
    /// Other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// Sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Date of birth, at least the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    /// Place of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<String>,
    /// Country of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_birth: Option<CountryCode>,
    /// Nationalities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<CountryCode>,
    /// Why no nationality is listed: stateless, refugee or unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality_status: Option<NationalityStatus>,
    /// Occupation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<String>,
    /// Last known addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Relatives and associates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associates: Vec<Associate>,
    /// Telephone numbers, e-mail addresses, online accounts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<ContactIdentifier>,
    /// Father's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub father: Option<ParentName>,
    /// Mother's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mother: Option<ParentName>,
    /// Languages spoken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages_spoken: Vec<LanguageCode>,
    /// Height in metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_m: Option<f64>,
    /// Weight in kilograms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    /// Eye colours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eyes: Vec<EyeColour>,
    /// Hair colours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hair: Vec<HairColour>,
    /// Scars, tattoos and other distinguishing marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinguishing_marks: Option<LocalizedText>,
    /// Travel and identity documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_documents: Vec<IdentityDocument>,
    /// Photos.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<MediaRef>,
    /// Fingerprint transactions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fingerprints: Vec<BiometricRef>,
    /// DNA profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dna_profile: Option<BiometricRef>,
    /// Dental records are available (unidentified bodies).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dental_records: bool,
    /// Why the particularly sensitive data given (fingerprints, DNA profile)
    /// are needed for the purpose (RPD Art 42).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_data_justification: Option<String>,
    /// The person's status (RPD Art 44).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PersonStatus>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

impl Person {
    /// Whether a physical description is given (height, weight, eyes, hair
    /// or distinguishing marks).
    pub fn has_physical_description(&self) -> bool {
        self.height_m.is_some_and(|h| h > 0.0)
            || self.weight_kg.is_some_and(|w| w > 0.0)
            || !self.eyes.is_empty()
            || !self.hair.is_empty()
            || self.distinguishing_marks.is_some()
    }

    /// Whether a photo, fingerprints or a DNA profile is referenced.
    pub fn has_photo_or_biometrics(&self) -> bool {
        !self.photos.is_empty() || !self.fingerprints.is_empty() || self.dna_profile.is_some()
    }

    /// The names joined for display: `FAMILY, Forenames`.
    pub fn display_name(&self) -> String {
        match (&self.family_name, &self.forenames) {
            (Some(f), Some(g)) => format!("{f}, {g}"),
            (Some(f), None) => f.clone(),
            (None, Some(g)) => g.clone(),
            (None, None) => self.name_in_original_script.clone().unwrap_or_default(),
        }
    }
}
