//! The envelope around everything an NCB sends (notices, diffusions,
//! direct messages): who sends it to whom, for what purpose, under which
//! markings and access restrictions, in which language, in reply to what,
//! and its signature (standards.md 8).

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

/// The processing purposes of RPD Art 10 (with border management, 2023).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Locating a wanted person with a view to arrest.
    LocateWantedPerson,
    /// Locating a missing person.
    LocateMissingPerson,
    /// Identifying a person or object.
    Identification,
    /// Supporting an investigation; criminal history.
    Investigation,
    /// Alerting to a threat or to criminal activities.
    Alert,
    /// Identifying a deceased person.
    IdentifyDeceased,
    /// Forensics.
    Forensics,
    /// Security checks.
    SecurityCheck,
    /// Threat and crime analysis.
    Analysis,
    /// Border management and control.
    BorderManagement,
    /// Tracing criminal assets (Silver Notice).
    AssetTracing,
}

/// INTERPOL's graded confidentiality levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClassificationLevel {
    /// INTERPOL For official use only.
    OfficialUseOnly,
    /// INTERPOL Restricted.
    Restricted,
    /// INTERPOL Confidential.
    Confidential,
}

/// The classification: INTERPOL's level, and the source's national marking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    /// INTERPOL's level.
    pub level: ClassificationLevel,
    /// The national marking as the source writes it (`DIFFUSION RESTREINTE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_marking: Option<String>,
}

/// The marking schemes a handling marking may come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum HandlingScheme {
    /// FIRST Traffic Light Protocol 2.0: CLEAR, GREEN, AMBER, AMBER+STRICT, RED.
    #[serde(rename = "tlp-2.0")]
    Tlp2,
    /// Europol handling codes H0–H3 (H3 needs its text).
    #[serde(rename = "europol-hc")]
    EuropolHc,
    /// UK 3x5x2 handling: P (lawful sharing) or C (with conditions, in text).
    #[serde(rename = "uk-3x5x2")]
    Uk3x5x2,
    /// Free text: the source's own instruction.
    #[serde(rename = "free-text")]
    FreeText,
}

/// One handling marking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlingMarking {
    /// The scheme.
    pub scheme: HandlingScheme,
    /// The code in that scheme (`AMBER+STRICT`, `H3`); absent for free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The instruction's text (required for H3, UK C and free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The source's access restrictions (RPD Art 58): which NCBs may see it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessRestrictions {
    /// When not empty, only these NCBs (and the source) may see it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<NcbCode>,
    /// These NCBs may not see it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<NcbCode>,
}

impl AccessRestrictions {
    /// Whether `ncb` may see a document from `source` under these
    /// restrictions. The source always may.
    ///
    /// ```
    /// use ncblink::model::{AccessRestrictions, NcbCode};
    /// let fr: NcbCode = "FR".parse().unwrap();
    /// let ru: NcbCode = "RU".parse().unwrap();
    /// let a = AccessRestrictions { allow: vec![], deny: vec![ru] };
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
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Always `EdDSA`.
    pub alg: SignatureAlg,
    /// The key id in the hub's NCB directory (`FR#2026-01`).
    pub kid: String,
    /// The 64-byte signature, base64url without padding.
    pub value: String,
}

/// Why a diffusion is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffusionPurpose {
    /// Wanted person (arrest).
    WantedPerson,
    /// Missing person.
    MissingPerson,
    /// Identification.
    Identification,
    /// Information on a person or activity.
    Information,
    /// Warning.
    Warning,
}

/// How a diffusion is dispatched (domain.md 2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dispatch {
    /// Sent directly, reviewed by the General Secretariat afterwards.
    Direct,
    /// Reviewed by the General Secretariat before dissemination.
    ViaGsReview,
}

/// A diffusion: a request for cooperation or an alert sent by an NCB to
/// chosen NCBs, recorded in INTERPOL's databases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// A direct message between NCBs (RPD Art 22(6)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
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
}

/// What an envelope carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// A notice request.
    Notice(Notice),
    /// A diffusion.
    Diffusion(Diffusion),
    /// A direct message.
    Message(Message),
}

impl Body {
    /// `notice`, `diffusion` or `message`.
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Notice(_) => "notice",
            Body::Diffusion(_) => "diffusion",
            Body::Message(_) => "message",
        }
    }
}

/// Everything an NCB sends travels in an envelope, signed as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Unique id (UUIDv7), also the write's `Idempotency-Key`.
    pub id: MessageId,
    /// The sending NCB.
    pub source: NcbCode,
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
    /// The source's signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl Envelope {
    /// A new unsigned envelope from `source`, created now, with the defaults
    /// a notice needs (recipients all, official use only, five-year expiry
    /// and the review six months before).
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
    ///     }),
    /// );
    /// env.recipients = Recipients::Ncbs(vec!["DE".parse().unwrap()]);
    /// assert!(ncblink::validate::validate(&env).is_ok());
    /// ```
    pub fn new(source: NcbCode, purpose: Purpose, language: WorkingLanguage, body: Body) -> Self {
        let created = Utc::now();
        let (expires, review_due) = match body {
            Body::Notice(_) => {
                let expires = created.checked_add_months(chrono::Months::new(60));
                (
                    expires,
                    expires.and_then(|e| e.checked_sub_months(chrono::Months::new(6))),
                )
            }
            _ => (None, None),
        };
        Envelope {
            id: super::ids::new_message_id(),
            source,
            recipients: Recipients::All,
            created,
            expires,
            review_due,
            purpose,
            legal_basis: None,
            classification: Classification {
                level: ClassificationLevel::OfficialUseOnly,
                national_marking: None,
            },
            handling: Vec::new(),
            access: AccessRestrictions::default(),
            language,
            correlation_id: None,
            in_reply_to: None,
            body,
            signature: None,
        }
    }
}
