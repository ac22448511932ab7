//! The envelope around everything an NCB sends (notices, diffusions,
//! direct messages): who sends it to whom, for what purpose, under which
//! markings and access restrictions, in which language, in reply to what,
//! and its signature (standards.md 8).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, SchemaVersion, open_enum};

use super::codes::WorkingLanguage;
use super::ids::{MessageId, NcbCode};
use super::judicial::JudicialData;
use super::notice::Notice;
use super::person::{MediaRef, Person};
use super::text::LocalizedText;

/// Who receives a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipients {
    /// Every NCB (notices, diffusions to all).
    All,
    /// The NCBs listed.
    Ncbs(Vec<NcbCode>),
}

open_enum!(
    /// The processing purposes of RPD Art 10 (with border management, 2023).
    Purpose {
        /// Locating a wanted person with a view to arrest.
        LocateWantedPerson = "locate_wanted_person",
        /// Locating a missing person.
        LocateMissingPerson = "locate_missing_person",
        /// Identifying a person or object.
        Identification = "identification",
        /// Supporting an investigation; criminal history.
        Investigation = "investigation",
        /// Alerting to a threat or to criminal activities.
        Alert = "alert",
        /// Identifying a deceased person.
        IdentifyDeceased = "identify_deceased",
        /// Forensics.
        Forensics = "forensics",
        /// Security checks.
        SecurityCheck = "security_check",
        /// Threat and crime analysis.
        Analysis = "analysis",
        /// Border management and control.
        BorderManagement = "border_management",
        /// Tracing criminal assets (Silver Notice).
        AssetTracing = "asset_tracing",
    }
);

open_enum!(
    /// INTERPOL's graded confidentiality levels.
    #[derive(PartialOrd, Ord)]
    ClassificationLevel {
        /// INTERPOL For official use only.
        OfficialUseOnly = "official_use_only",
        /// INTERPOL Restricted.
        Restricted = "restricted",
        /// INTERPOL Confidential.
        Confidential = "confidential",
    }
);

/// The classification: INTERPOL's level, and the source's national marking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Classification {
    /// INTERPOL's level.
    pub level: ClassificationLevel,
    /// The national marking as the source writes it (`DIFFUSION RESTREINTE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_marking: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// The marking schemes a handling marking may come from.
    HandlingScheme {
        /// FIRST Traffic Light Protocol 2.0: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.
        Tlp2 = "tlp-2.0",
        /// Europol handling codes H0–H3 (H3 needs its text).
        EuropolHc = "europol-hc",
        /// UK 3x5x2 handling: P (lawful sharing) or C (with conditions, in text).
        Uk3x5x2 = "uk-3x5x2",
        /// Free text: the source's own instruction.
        FreeText = "free-text",
    }
);

/// One handling marking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HandlingMarking {
    /// The scheme.
    pub scheme: HandlingScheme,
    /// The code in that scheme (`AMBER+STRICT`, `H3`); absent for free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The instruction's text (required for H3, UK C and free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// The source's access restrictions (RPD Art 58): which NCBs may see it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct AccessRestrictions {
    /// When not empty, only these NCBs (and the source) may see it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<NcbCode>,
    /// These NCBs may not see it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<NcbCode>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

impl AccessRestrictions {
    /// Whether `ncb` may see a document from `source` under these
    /// restrictions. The source always may.
    ///
    /// ```
    /// use ncblink::model::{AccessRestrictions, NcbCode};
    /// let fr: NcbCode = "FR".parse().unwrap();
    /// let ru: NcbCode = "RU".parse().unwrap();
    /// let a = AccessRestrictions { allow: vec![], deny: vec![ru], extra: Default::default() };
    /// assert!(!a.permits(fr, ru) && a.permits(fr, "DE".parse().unwrap()));
    /// ```
    pub fn permits(&self, source: NcbCode, ncb: NcbCode) -> bool {
        ncb == source || (!self.deny.contains(&ncb) && (self.allow.is_empty() || self.allow.contains(&ncb)))
    }
}

/// The signature algorithm; only Ed25519 is accepted (no algorithm agility).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum SignatureAlg {
    /// Ed25519 (RFC 8032).
    EdDSA,
}

/// An Ed25519 signature over the RFC 8785 canonical JSON of the envelope
/// without its `signature` member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signature {
    /// Always `EdDSA`.
    pub alg: SignatureAlg,
    /// The key id in the hub's NCB directory (`FR#2026-01`).
    pub kid: String,
    /// The 64-byte signature, base64url without padding.
    pub value: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// Why a diffusion is sent.
    DiffusionPurpose {
        /// Wanted person (arrest).
        WantedPerson = "wanted_person",
        /// Missing person.
        MissingPerson = "missing_person",
        /// Identification.
        Identification = "identification",
        /// Information on a person or activity.
        Information = "information",
        /// Warning.
        Warning = "warning",
    }
);

open_enum!(
    /// How a diffusion is dispatched (domain.md 2.1).
    Dispatch {
        /// Sent directly, reviewed by the General Secretariat afterwards.
        Direct = "direct",
        /// Reviewed by the General Secretariat before dissemination.
        ViaGsReview = "via_gs_review",
    }
);

/// A diffusion: a request for cooperation or an alert sent by an NCB to
/// chosen NCBs, recorded in INTERPOL's databases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diffusion {
    /// Why.
    pub purpose: DiffusionPurpose,
    /// Direct or through review.
    pub dispatch: Dispatch,
    /// The request or alert.
    pub text: LocalizedText,
    /// The person concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Person>,
    /// Judicial data (wanted-person diffusions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judicial: Option<JudicialData>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A direct message between NCBs (RPD Art 22(6)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Message {
    /// Subject line.
    pub title: String,
    /// The message.
    pub text: LocalizedText,
    /// The sender's case reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_reference: Option<String>,
    /// Attached files, by digest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<MediaRef>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// What an envelope carries.
#[allow(clippy::large_enum_variant)] // one per envelope; boxing would only complicate construction
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A notice request.
    Notice(Notice),
    /// A diffusion.
    Diffusion(Diffusion),
    /// A direct message.
    Message(Message),
    /// A kind of body of a later minor version, kept as received.
    Unknown {
        /// Its kind (the body's one member name).
        kind: String,
        /// Its content.
        value: serde_json::Value,
    },
}

impl Body {
    /// `notice`, `diffusion`, `message`, or the kind of a later version.
    pub fn kind(&self) -> &str {
        match self {
            Body::Notice(_) => "notice",
            Body::Diffusion(_) => "diffusion",
            Body::Message(_) => "message",
            Body::Unknown { kind, .. } => kind,
        }
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Body::Notice(n) => s.serialize_newtype_variant("Body", 0, "notice", n),
            Body::Diffusion(d) => s.serialize_newtype_variant("Body", 1, "diffusion", d),
            Body::Message(m) => s.serialize_newtype_variant("Body", 2, "message", m),
            // A map of one unknown member: the walker reports it.
            Body::Unknown { kind, value } => {
                let mut extra = serde_json::Map::new();
                extra.insert(kind.clone(), value.clone());
                Extensions(extra).serialize(s)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Body;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object with one member: `notice`, `diffusion`, `message` or a later kind")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Body, A::Error> {
                use serde::de::Error;
                let Some(kind) = map.next_key::<std::borrow::Cow<'de, str>>()? else {
                    return Err(A::Error::invalid_length(0, &self));
                };
                let body = match kind.as_ref() {
                    "notice" => Body::Notice(map.next_value()?),
                    "diffusion" => Body::Diffusion(map.next_value()?),
                    "message" => Body::Message(map.next_value()?),
                    _ => Body::Unknown {
                        kind: kind.into_owned(),
                        value: map.next_value()?,
                    },
                };
                if map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(2, &self));
                }
                Ok(body)
            }
        }
        d.deserialize_map(V)
    }
}

/// The schema of the known kinds, which [`Body`]'s schema extends.
#[allow(dead_code, clippy::large_enum_variant)] // read by schemars only
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
enum KnownBody {
    /// A notice request.
    Notice(Notice),
    /// A diffusion.
    Diffusion(Diffusion),
    /// A direct message.
    Message(Message),
}

impl JsonSchema for Body {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Body".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = KnownBody::json_schema(generator);
        if let Some(one_of) = schema.get_mut("oneOf").and_then(|v| v.as_array_mut()) {
            one_of.push(serde_json::json!({
                "description": "A kind of body added by a later minor version: kept by receivers, refused by senders.",
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "not": { "anyOf": [
                    { "required": ["notice"] },
                    { "required": ["diffusion"] },
                    { "required": ["message"] }
                ] },
                "additionalProperties": true
            }));
        }
        schema.insert("description".into(), "What an envelope carries.".into());
        schema
    }
}

open_enum!(
    /// Who a request comes from (RPD Arts 27–28 and 102–103).
    OriginatorKind {
        /// A National Central Bureau.
        Ncb = "ncb",
        /// An international entity authorised to request notices (ICC,
        /// IRMCT, UN tribunals), whose requests an NCB or the General
        /// Secretariat transmits.
        InternationalEntity = "international_entity",
        /// The General Secretariat, on its own initiative.
        GeneralSecretariat = "general_secretariat",
    }
);

/// The originator of a request when it is not simply the sending NCB: an
/// authorised international entity, or the General Secretariat. `source`
/// stays the NCB (or the General Secretariat's code) that transmits it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Originator {
    /// NCB, international entity or General Secretariat.
    pub kind: OriginatorKind,
    /// The NCB's code, or the entity's acronym (`ICC`, `IRMCT`).
    pub code: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A renewal of the retention period after review (RPD Arts 49–50: the
/// source may keep the data five more years, saying why).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RetentionRenewal {
    /// When the source renewed it.
    pub renewed: DateTime<Utc>,
    /// Why the data are still needed.
    pub justification: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Everything an NCB sends travels in an envelope, signed as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Envelope {
    /// The contract version the document follows; absent means 1.0, and a
    /// major version this SDK does not read is refused.
    #[serde(default)]
    pub schema_version: SchemaVersion,
    /// Unique id (UUIDv7), also the write's `Idempotency-Key`.
    pub id: MessageId,
    /// The sending NCB.
    pub source: NcbCode,
    /// Who the request comes from, when not the sending NCB itself (an
    /// international entity such as the ICC, or the General Secretariat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator: Option<Originator>,
    /// Who receives it.
    pub recipients: Recipients,
    /// When it was created.
    pub created: DateTime<Utc>,
    /// When the data must be reviewed or deleted (notices: at most five
    /// years after creation, RPD Art 49).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DateTime<Utc>>,
    /// When the source must assess whether to keep the data (six months
    /// before expiry, RPD Art 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<DateTime<Utc>>,
    /// The source's last renewal after review: the five years run again
    /// from it (RPD Arts 49–50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_renewal: Option<RetentionRenewal>,
    /// The processing purpose (RPD Art 10).
    pub purpose: Purpose,
    /// The legal basis, as the source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// Confidentiality.
    pub classification: Classification,
    /// Handling markings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling: Vec<HandlingMarking>,
    /// Which NCBs may see it.
    #[serde(default)]
    pub access: AccessRestrictions,
    /// The working language of the request.
    pub language: WorkingLanguage,
    /// Groups the documents of one case or exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<MessageId>,
    /// The document this one answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<MessageId>,
    /// The content.
    pub body: Body,
    /// The document's version, for a notice: absent means 1, and each
    /// replacement carries a greater one (a hub refuses an older version
    /// put back, `VERSION_NOT_NEWER`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The source's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

impl Envelope {
    /// A new unsigned envelope from `source`, created now, with the defaults
    /// a notice or diffusion needs (recipients all, official use only,
    /// five-year expiry and the review six months before; none for a UN
    /// Special Notice, which lives as long as the UN listing).
    ///
    /// ```
    /// use ncblink::model::{Body, Envelope, Message, LocalizedText, Purpose, Recipients, WorkingLanguage};
    /// let mut env = Envelope::new(
    ///     "FR".parse().unwrap(),
    ///     Purpose::Investigation,
    ///     WorkingLanguage::Fr,
    ///     Body::Message(Message {
    ///         title: "Demande".into(),
    ///         text: LocalizedText::new("FRE", "Bonjour"),
    ///         case_reference: None,
    ///         attachments: vec![],
    ///         extra: Default::default(),
    ///     }),
    /// );
    /// env.recipients = Recipients::Ncbs(vec!["DE".parse().unwrap()]);
    /// assert!(ncblink::validate::validate(&env).is_ok());
    /// ```
    pub fn new(source: NcbCode, purpose: Purpose, language: WorkingLanguage, body: Body) -> Self {
        let created = Utc::now();
        let (expires, review_due) = match body {
            Body::Notice(Notice::UnSpecial(_)) => (None, None),
            Body::Notice(_) | Body::Diffusion(_) => {
                let expires = created.checked_add_months(chrono::Months::new(60));
                (
                    expires,
                    expires.and_then(|e| e.checked_sub_months(chrono::Months::new(6))),
                )
            }
            _ => (None, None),
        };
        Envelope {
            schema_version: SchemaVersion::CURRENT,
            extra: Default::default(),
            id: super::ids::new_message_id(),
            source,
            originator: None,
            recipients: Recipients::All,
            created,
            expires,
            review_due,
            retention_renewal: None,
            purpose,
            legal_basis: None,
            classification: Classification {
                extra: Default::default(),
                level: ClassificationLevel::OfficialUseOnly,
                national_marking: None,
            },
            handling: Vec::new(),
            access: AccessRestrictions::default(),
            language,
            correlation_id: None,
            in_reply_to: None,
            body,
            version: None,
            signature: None,
        }
    }
}
