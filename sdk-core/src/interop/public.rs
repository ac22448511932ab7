//! The shapes of INTERPOL's public Notices web service (domain.md 1.3), as
//! tolerant readers: every member is optional, a member of an unexpected
//! type reads as absent instead of failing the whole record, and members
//! this version does not know are kept in `other`.
//!
//! Nothing here interprets the quirks (`YYYY/MM/DD` dates, the `"-"`
//! forename, `0` for an unknown height…): the values are as the service
//! sent them, and [`convert`](super::convert) turns them into canonical
//! notices. A value that reads as absent here because of its type is not
//! lost: the conversion keeps every source member it did not map in the
//! import's extensions.
//!
//! ```
//! use ncblink::interop::public::RedDetail;
//! let red: RedDetail = serde_json::from_str(r#"{
//!     "entity_id": "2019/48211", "name": "ORTEGA", "forename": "-",
//!     "height": "tall", "eyes_colors_id": null, "new_member": 1
//! }"#).unwrap();
//! assert_eq!(red.person.name.as_deref(), Some("ORTEGA"));
//! assert_eq!(red.person.height, None); // not a number: absent, not an error
//! assert!(red.other.contains_key("new_member"));
//! ```

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::model::NoticeId;

/// Reads a member as `T`, or as absent when it is null or of another type.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(T::deserialize(v).ok())
}

/// Reads a member that is text or a number (`un_resolution` is either) as
/// text.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Reads a list of strings given as an array, or as one string.
fn lenient_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(vec![s]),
        v @ Value::Array(_) => Vec::<String>::deserialize(v).ok(),
        _ => None,
    })
}

/// One HAL link.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The target.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The `_links` of a HAL resource, by relation (`self`, `images`,
/// `thumbnail`, `next`…).
pub type Links = BTreeMap<String, Link>;

/// Reads `_links`, tolerating a relation whose value is not a link.
fn lenient_links<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Links>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else {
        return Ok(None);
    };
    Ok(Some(
        map.into_iter()
            .filter_map(|(k, v)| Link::deserialize(v).ok().map(|l| (k, l)))
            .collect(),
    ))
}

/// The `href` of a relation.
fn href<'a>(links: &'a Option<Links>, rel: &str) -> Option<&'a str> {
    links.as_ref()?.get(rel)?.href.as_deref()
}

/// The members about the person that red, yellow and UN records share.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonFields {
    /// `YYYY/serial` (`2019/48211`).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// Family name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Forenames; `null` for persons with one name, or the placeholder `"-"`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// `YYYY/MM/DD`, `YYYY/MM` or `YYYY`, with `00` for unknown parts.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub nationalities: Option<Vec<String>>,
    /// `F`, `M` or `U`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub sex_id: Option<String>,
    /// Place of birth.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub country_of_birth_id: Option<String>,
    /// INTERPOL eye-colour codes (`BRO`, `BROH`…), or `null`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub eyes_colors_id: Option<Vec<String>>,
    /// INTERPOL hair-colour codes, or `null`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub hairs_id: Option<Vec<String>>,
    /// ISO 639-2/B codes in capitals (`ENG`, `FRE`), or `null`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub languages_spoken_ids: Option<Vec<String>>,
    /// Metres; `0` means unknown.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    /// Kilograms; `0` means unknown.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Scars, tattoos and other marks.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub distinguishing_marks: Option<String>,
}

impl PersonFields {
    /// The entity id parsed, when it is one.
    pub fn notice_id(&self) -> Option<NoticeId> {
        self.entity_id.as_deref().and_then(|s| s.trim().parse().ok())
    }
}

/// One warrant of a Red Notice's public extract.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArrestWarrant {
    /// The charges, free text in the requesting country's language, lines
    /// separated by `\r\n`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// The country that issued the warrant (ISO alpha-2).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub issuing_country_id: Option<String>,
    /// A translation of the charges; `null` in every observed record.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub charge_translation: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A Red Notice detail record (`GET /notices/v1/red/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RedDetail {
    /// The person.
    #[serde(flatten)]
    pub person: PersonFields,
    /// The warrants.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub arrest_warrants: Option<Vec<ArrestWarrant>>,
    /// HAL links (`self`, `images`, `thumbnail`).
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members, `_embedded` among them.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A Yellow Notice detail record (`GET /notices/v1/yellow/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct YellowDetail {
    /// The person.
    #[serde(flatten)]
    pub person: PersonFields,
    /// Family name at birth.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub birth_name: Option<String>,
    /// Father's forenames.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub father_forename: Option<String>,
    /// Father's family name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub father_name: Option<String>,
    /// Mother's forenames.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub mother_forename: Option<String>,
    /// Mother's family name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub mother_name: Option<String>,
    /// When the person went missing (a date as for births).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub date_of_event: Option<String>,
    /// Where.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// In which country (ISO alpha-2).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Countries the person may visit.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub countries_likely_to_be_visited: Option<Vec<String>>,
    /// The country that requested the notice.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    /// HAL links.
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Another name of a UN-listed person or entity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnAlias {
    /// Family name (or the entity's name).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Forenames.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// Date of birth used with this name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An identity document of a UN-listed person.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnIdentityDocument {
    /// The kind of document, as text (`Passport`).
    #[serde(
        default,
        rename = "type",
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_type: Option<String>,
    /// Its number.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub nr: Option<String>,
    /// Issuing country (ISO alpha-2).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub issuing_country_id: Option<String>,
    /// Citizenship it attests (ISO alpha-2), when given.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub citizenship_id: Option<String>,
    /// Date of issue.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    /// Date of expiry.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    /// Place of issue.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub place_of_issue: Option<String>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An INTERPOL–UN Security Council Special Notice detail record, person
/// (`/un/persons/{id}`) or entity (`/un/entities/{id}`): the service uses
/// one shape for both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnDetail {
    /// The person's members (an entity uses `name`, `entity_id` and
    /// `nationalities` at most).
    #[serde(flatten)]
    pub person: PersonFields,
    /// The UN reference (`QDi.432`).
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub un_reference: Option<String>,
    /// The resolution (`1267`), text or number.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub un_resolution: Option<String>,
    /// The date of listing.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub un_reference_date: Option<String>,
    /// Other names.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<UnAlias>>,
    /// Identity documents.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub identity_documents: Option<Vec<UnIdentityDocument>>,
    /// Family name in the original script.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name_in_original_script: Option<String>,
    /// Forenames in the original script.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub forename_in_original_script: Option<String>,
    /// Family name at birth.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name_at_birth: Option<String>,
    /// Main activity.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub main_activity: Option<String>,
    /// Associates (free form).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub associates: Option<Vec<Value>>,
    /// Addresses, under the service's own spelling `adresses`; an item is
    /// text or an object.
    #[serde(
        default,
        rename = "adresses",
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub addresses: Option<Vec<Value>>,
    /// Profession.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub profession: Option<String>,
    /// Narrative summary.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Purposes of the notice (free form).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub purposes: Option<Vec<Value>>,
    /// Entities: legal form.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    /// Entities: registration number.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// Entities: former names, an array or one string.
    #[serde(
        default,
        deserialize_with = "lenient_strings",
        skip_serializing_if = "Option::is_none"
    )]
    pub formerly_known_as: Option<Vec<String>>,
    /// Entities: administrators (free form).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub administrators: Option<Vec<Value>>,
    /// Entities: what the chamber of commerce records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_chamber_of_commerce: Option<Value>,
    /// Entities: anything else.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
    /// HAL links.
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl UnDetail {
    /// Whether the record is about an entity: its `self` link says so, or
    /// it has a member only entities have.
    pub fn is_entity(&self) -> bool {
        if let Some(h) = href(&self.links, "self") {
            if h.contains("/entities/") {
                return true;
            }
            if h.contains("/persons/") {
                return false;
            }
        }
        self.legal_form.is_some()
            || self.registration_number.is_some()
            || self.formerly_known_as.is_some()
            || self.administrators.is_some()
            || self.from_chamber_of_commerce.as_ref().is_some_and(|v| !v.is_null())
            || self.additional_information.is_some()
    }
}

/// One notice of a list page: the extract the list shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeExtract {
    /// `YYYY/serial`.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// Family name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Forenames.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// Date of birth.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Nationalities.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub nationalities: Option<Vec<String>>,
    /// HAL links (`self`, `images`, and `thumbnail` when there is a photo).
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl NoticeExtract {
    /// The entity id parsed, when it is one.
    pub fn notice_id(&self) -> Option<NoticeId> {
        self.entity_id.as_deref().and_then(|s| s.trim().parse().ok())
    }
    /// The `self` link.
    pub fn self_href(&self) -> Option<&str> {
        href(&self.links, "self")
    }
}

/// The `_embedded` member of a list page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEmbedded {
    /// The notices of the page.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub notices: Option<Vec<NoticeExtract>>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A list page (`GET /notices/v1/red?…`).
///
/// `total` counts every match, but at most 160 are retrievable per query
/// (domain.md 1.4): [`fetch`](super::fetch) splits queries to get them all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeList {
    /// How many notices match the query.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// The query as the service applied it.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub query: Option<Map<String, Value>>,
    /// The page's notices.
    #[serde(
        default,
        rename = "_embedded",
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub embedded: Option<ListEmbedded>,
    /// HAL links (`self`, `first`, `next`, `last`).
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl NoticeList {
    /// The page's notices (none when the member is missing).
    pub fn notices(&self) -> &[NoticeExtract] {
        self.embedded
            .as_ref()
            .and_then(|e| e.notices.as_deref())
            .unwrap_or_default()
    }
    /// The `self` link.
    pub fn self_href(&self) -> Option<&str> {
        href(&self.links, "self")
    }
}

/// One image of a notice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The picture's id.
    #[serde(default, deserialize_with = "lenient_text", skip_serializing_if = "Option::is_none")]
    pub picture_id: Option<String>,
    /// HAL links (`self`: the image binary).
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Image {
    /// The URL of the image binary.
    pub fn href(&self) -> Option<&str> {
        href(&self.links, "self")
    }
}

/// The `_embedded` member of an image collection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImagesEmbedded {
    /// The images.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<Image>>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The images of a notice (`GET /notices/v1/red/{id}/images`); a notice
/// without a photo answers `{"_embedded": {"images": []}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageCollection {
    /// The images.
    #[serde(
        default,
        rename = "_embedded",
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub embedded: Option<ImagesEmbedded>,
    /// HAL links (`self`, `notice`, `thumbnail`).
    #[serde(
        default,
        rename = "_links",
        deserialize_with = "lenient_links",
        skip_serializing_if = "Option::is_none"
    )]
    pub links: Option<Links>,
    /// Other members.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl ImageCollection {
    /// The images (none when the member is missing).
    pub fn images(&self) -> &[Image] {
        self.embedded
            .as_ref()
            .and_then(|e| e.images.as_deref())
            .unwrap_or_default()
    }
}
