//! INTERPOL's public Notices web service (`ws-public.interpol.int`,
//! domain.md 1): reading its lists and detail records into canonical
//! notices, and fetching them.
//!
//! - [`public`]: the service's JSON shapes, as tolerant readers;
//! - [`quirks`]: its dates, codes and placeholders, read;
//! - [`convert`]: a record into an [`Imported`] notice (with
//!   [`category`]: offence categories guessed from a charge's words);
//! - [`fetch`]: the [`PublicNoticesClient`](fetch::PublicNoticesClient),
//!   which pages, gets round the 160-result cap and backs off when the
//!   service's edge refuses (feature `client`).
//!
//! **Nothing is lost.** Every member of the source that has no canonical
//! place, or whose value could not be read, is kept in
//! [`Imported::extensions`] under its JSON Pointer in the source record;
//! every interpretation (a placeholder read as unknown, a code converted,
//! a category guessed) and everything the RPD requires that the public
//! extract lacks is an [`ImportNote`] in [`Imported::report`]. The public
//! extract is a small part of a notice: an imported notice does not pass
//! [`validate`](crate::validate::validate) (no penalty, no warrant
//! reference…), by design; the notes say why, and nothing is invented to
//! fill the gaps.
//!
//! **The envelope's source.** A Red Notice's source is the country that
//! issued its (first) warrant, a Yellow Notice's its `issuing_country`. A
//! Special Notice has no NCB as its source (the UN Security Council asks
//! for it), so its source is the NCB that imports it, given in
//! [`ImportOptions::importer`], and a note says so.
//!
//! ```
//! use ncblink::interop::{import_json, ImportOptions, PublicKind};
//! use ncblink::model::{Body, Notice};
//!
//! let detail = br#"{
//!     "entity_id": "2019/48211", "name": "ORTEGA VALLE", "forename": "-",
//!     "date_of_birth": "1975/00/00", "nationalities": ["CO"], "sex_id": "M",
//!     "height": 0, "eyes_colors_id": ["BRO"], "hairs_id": null,
//!     "arrest_warrants": [{"charge": "Homicidio agravado\r\nConcierto para delinquir",
//!                          "issuing_country_id": "CO", "charge_translation": null}],
//!     "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/red/2019-48211"}}
//! }"#;
//! let batch = import_json(detail, &ImportOptions::new(None)).unwrap();
//! let imported = &batch.notices[0];
//! assert_eq!(imported.kind, PublicKind::Red);
//! assert_eq!(imported.envelope.source.as_str(), "CO");
//! let Body::Notice(Notice::Red(red)) = &imported.envelope.body else { panic!() };
//! assert_eq!(red.subject.forenames, None); // "-" is no forename
//! assert_eq!(red.subject.height_m, None); // 0 is unknown
//! assert_eq!(red.subject.date_of_birth.unwrap().to_string(), "1975");
//! assert!(imported.extensions.contains_key("/_links"));
//! assert!(imported.report.iter().any(|n| n.code == ncblink::interop::NoteCode::Missing));
//! assert!(!ncblink::validate::validate(&imported.envelope).is_ok()); // no penalty, no warrant reference
//! ```

pub mod category;
pub mod convert;
mod extensions;
#[cfg(feature = "client")]
pub mod fetch;
pub mod public;
pub mod quirks;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Envelope, NcbCode, NoticeId, WorkingLanguage};

pub use convert::{import_detail, import_document, import_json, import_list};

/// The kinds of record the service publishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicKind {
    /// Red Notice (`/notices/v1/red`).
    Red,
    /// Yellow Notice (`/notices/v1/yellow`).
    Yellow,
    /// Special Notice about a person (`/notices/v1/un/persons`).
    UnPerson,
    /// Special Notice about an entity (`/notices/v1/un/entities`).
    UnEntity,
}

impl PublicKind {
    /// Every kind.
    pub const ALL: [PublicKind; 4] = [
        PublicKind::Red,
        PublicKind::Yellow,
        PublicKind::UnPerson,
        PublicKind::UnEntity,
    ];

    /// The name (`un_person`).
    pub fn as_str(self) -> &'static str {
        match self {
            PublicKind::Red => "red",
            PublicKind::Yellow => "yellow",
            PublicKind::UnPerson => "un_person",
            PublicKind::UnEntity => "un_entity",
        }
    }

    /// Parses the name; `un-person` and `un-entity` are accepted too.
    pub fn from_name(s: &str) -> Option<Self> {
        let s = s.replace('-', "_");
        PublicKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The list's path under the service's base URL.
    pub fn list_path(self) -> &'static str {
        match self {
            PublicKind::Red => "/notices/v1/red",
            PublicKind::Yellow => "/notices/v1/yellow",
            PublicKind::UnPerson => "/notices/v1/un/persons",
            PublicKind::UnEntity => "/notices/v1/un/entities",
        }
    }

    /// The kind a service URL or path names (`…/red/2019-48211`).
    ///
    /// ```
    /// use ncblink::interop::PublicKind;
    /// assert_eq!(PublicKind::from_href("https://ws-public.interpol.int/notices/v1/un/entities/2017-199266"), Some(PublicKind::UnEntity));
    /// assert_eq!(PublicKind::from_href("https://redirect.example/notices/v2/yellow/2023-7751"), Some(PublicKind::Yellow));
    /// assert_eq!(PublicKind::from_href("https://ws-public.interpol.int/notices/v1/un"), None);
    /// ```
    pub fn from_href(href: &str) -> Option<Self> {
        let path = href.split(['?', '#']).next().unwrap_or_default();
        // By whole path segments, so that a host or prefix that merely
        // contains `red` does not count.
        let segments: Vec<&str> = path.split('/').collect();
        segments.iter().enumerate().find_map(|(i, s)| match *s {
            "red" => Some(PublicKind::Red),
            "yellow" => Some(PublicKind::Yellow),
            "un" => match segments.get(i + 1).copied() {
                Some("persons") => Some(PublicKind::UnPerson),
                Some("entities") => Some(PublicKind::UnEntity),
                _ => None,
            },
            _ => None,
        })
    }
}

impl fmt::Display for PublicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an import note is about; the codes are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NoteCode {
    /// A placeholder (`"-"` forename, `0` height or weight) read as
    /// unknown; the source value is in the extensions.
    #[serde(rename = "IMPORT.PLACEHOLDER")]
    Placeholder,
    /// A value read in another notation (a date with `00` parts read less
    /// precisely, a code in lower case or from another list); nothing lost.
    #[serde(rename = "IMPORT.CONVERTED")]
    Converted,
    /// A value read only in part (a date whose day does not exist); the
    /// source value is in the extensions.
    #[serde(rename = "IMPORT.PARTIAL")]
    Partial,
    /// A value that could not be read, or a code on none of our lists
    /// (an eye colour we do not know); it is in the extensions.
    #[serde(rename = "IMPORT.UNREADABLE")]
    Unreadable,
    /// Something the RPD requires that the public extract does not carry
    /// (facts, legal provisions, penalty, warrant reference…).
    #[serde(rename = "IMPORT.MISSING")]
    Missing,
    /// A value the canonical model requires, assumed (a Red Notice's
    /// purpose, a Special Notice's source, the language of free text).
    #[serde(rename = "IMPORT.ASSUMED")]
    Assumed,
    /// An offence category inferred from the charge's words, or the
    /// default `other_serious`.
    #[serde(rename = "IMPORT.CATEGORY_GUESSED")]
    CategoryGuessed,
    /// The notice was built from a list extract, not the detail record.
    #[serde(rename = "IMPORT.LIST_EXTRACT")]
    ListExtract,
    /// Members of the source that have no canonical place, kept in the
    /// extensions.
    #[serde(rename = "IMPORT.KEPT")]
    Kept,
}

impl NoteCode {
    /// The code as text (`IMPORT.PLACEHOLDER`).
    pub fn as_str(self) -> &'static str {
        match self {
            NoteCode::Placeholder => "IMPORT.PLACEHOLDER",
            NoteCode::Converted => "IMPORT.CONVERTED",
            NoteCode::Partial => "IMPORT.PARTIAL",
            NoteCode::Unreadable => "IMPORT.UNREADABLE",
            NoteCode::Missing => "IMPORT.MISSING",
            NoteCode::Assumed => "IMPORT.ASSUMED",
            NoteCode::CategoryGuessed => "IMPORT.CATEGORY_GUESSED",
            NoteCode::ListExtract => "IMPORT.LIST_EXTRACT",
            NoteCode::Kept => "IMPORT.KEPT",
        }
    }
}

impl fmt::Display for NoteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a reviewer of an imported notice should know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportNote {
    /// What it is about.
    pub code: NoteCode,
    /// JSON Pointer into the source record (`/arrest_warrants/0/charge`);
    /// empty for the record as a whole.
    pub source_path: String,
    /// What was found and done, in English.
    pub message: String,
}

/// A notice read from the public service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// Which kind of record it came from.
    pub kind: PublicKind,
    /// The INTERPOL id (`entity_id`), when the record had a valid one; the
    /// source value is in the extensions too (the envelope has no place
    /// for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpol_id: Option<NoticeId>,
    /// The canonical notice, in an envelope.
    pub envelope: Envelope,
    /// Every source member that has no canonical place or could not be
    /// read, by JSON Pointer into the source record (`/_links`,
    /// `/eyes_colors_id/1`); images fetched separately are under
    /// `images:` followed by a pointer into the image collection.
    pub extensions: Map<String, Value>,
    /// What was interpreted, assumed or is missing (serialised as `notes`).
    #[serde(rename = "notes")]
    pub report: Vec<ImportNote>,
}

impl Imported {
    /// Keeps a notice's image collection (fetched separately) in the
    /// extensions, under `images:` followed by the pointer of each member
    /// in the collection. The canonical photo references need a digest of
    /// the image file, which only fetching the image can give.
    pub fn attach_images(&mut self, images: &Value) {
        let mut found = Map::new();
        extensions::leftovers(images, "", &Default::default(), &mut found);
        for (k, v) in found {
            self.extensions.insert(format!("images:{k}"), v);
        }
    }

    /// Whether a note with this code is present.
    pub fn has_note(&self, code: NoteCode) -> bool {
        self.report.iter().any(|n| n.code == code)
    }
}

/// How to import.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    /// The NCB importing: the source of Special Notices, and of red or
    /// yellow ones whose issuing country is missing. Without it such a
    /// record cannot be imported ([`ImportError::NoSource`]).
    pub importer: Option<NcbCode>,
    /// The import time: the envelope's `created` (expiry and review follow
    /// from it).
    pub now: DateTime<Utc>,
    /// The envelope's working language (default English, the language of
    /// the service's own members).
    pub language: WorkingLanguage,
    /// The kind of record, when the caller knows it; detected otherwise
    /// (from the `self` link, then from the members present).
    pub kind: Option<PublicKind>,
}

impl ImportOptions {
    /// Imports as `importer`, now, in English.
    pub fn new(importer: Option<NcbCode>) -> Self {
        ImportOptions {
            importer,
            now: Utc::now(),
            language: WorkingLanguage::En,
            kind: None,
        }
    }
}

impl Default for ImportOptions {
    /// No importer, now, in English.
    fn default() -> Self {
        ImportOptions::new(None)
    }
}

/// Why a record could not become a canonical notice at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The input is not JSON.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// The input is JSON but not a list page or a detail record.
    #[error("not a list page or a notice record of the public service ({0})")]
    NotARecord(String),
    /// The kind of record could not be told; give it.
    #[error("cannot tell whether the record is a red, yellow or UN notice: give the kind")]
    UnknownKind,
    /// The record lacks a member the canonical notice cannot do without.
    #[error("{kind} record lacks {what} (at {path}), which the canonical notice requires")]
    Missing {
        /// The kind of record.
        kind: PublicKind,
        /// JSON Pointer of the member.
        path: String,
        /// What it is.
        what: &'static str,
    },
    /// No source NCB can be named (a Special Notice, or a record with no
    /// usable issuing country) and no importer was given.
    #[error(
        "{0} record: no source NCB can be named (a UN Special Notice, or no usable issuing country); give the importing NCB"
    )]
    NoSource(PublicKind),
}

/// A record of a document that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailure {
    /// JSON Pointer of the record in the document (`/_embedded/notices/3`),
    /// empty for a detail.
    pub pointer: String,
    /// Its `entity_id`, when it had one.
    pub entity_id: Option<String>,
    /// Why.
    pub error: ImportError,
}

/// What a document (a list page or a detail) gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// The notices read.
    pub notices: Vec<Imported>,
    /// The records that could not be.
    pub failures: Vec<ImportFailure>,
}
