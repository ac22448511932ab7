//! Building a document to send from its business fields: a [`Draft`] names
//! the sender, the content and what the sender chooses; [`Draft::build`]
//! fills in the rest (id, `schema_version`, timestamps, retention,
//! recipients, purpose, language) by the rules of [`crate::validate`] and
//! validates the result. The C and Python faces read a draft as JSON
//! ([`envelope_json`]) so all three build the same envelope.
//!
//! ```
//! use ncblink::build::Draft;
//! use ncblink::model::LocalizedText;
//! let env = Draft::message("FR".parse().unwrap(), vec!["DE".parse().unwrap()], "Demande", LocalizedText::new("FRE", "Bonjour"))
//!     .build()
//!     .unwrap();
//! assert_eq!(env.language.code(), "fr"); // from the text's language
//! assert!(env.expires.is_none()); // a message has no retention date
//! ```

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::envelope::{ClassificationLevel, DiffusionPurpose};
use crate::model::notice::Notice;
use crate::model::{
    AccessRestrictions, Body, Classification, Diffusion, Envelope, HandlingMarking, LocalizedText, Message, MessageId,
    NcbCode, Purpose, Recipients, SchemaVersion, WorkingLanguage,
};
use crate::validate::rules::envelope::{latest_expiry, latest_review};
use crate::validate::{Report, validate_at};

/// The business fields of a notice, diffusion or message; every other
/// member of its [`Envelope`] is defaulted by [`Draft::build`].
///
/// As JSON (what the C and Python faces pass), the members are these
/// fields' names; only `source` and `body` are required:
/// `{"source": "FR", "recipients": ["DE"], "body": {"message": {…}}}`.
///
/// A member it does not know is not dropped: it is carried into the
/// envelope, where validation refuses it as `FIELD.UNKNOWN_MEMBER` naming
/// it (a misspelt member never leaves silently).
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
pub struct Draft {
    /// The sending NCB.
    pub source: NcbCode,
    /// The content: `{"notice": …}`, `{"diffusion": …}` or `{"message": …}`.
    pub body: Body,
    /// The NCBs it goes to; absent: every NCB for a notice or diffusion (a
    /// message needs them).
    #[serde(default)]
    pub recipients: Option<Vec<NcbCode>>,
    /// The processing purpose; absent: the one of the notice type or
    /// diffusion purpose, `investigation` for a message.
    #[serde(default)]
    pub purpose: Option<Purpose>,
    /// The working language; absent: the language of the main text when it
    /// is a working language, else English.
    #[serde(default)]
    pub language: Option<WorkingLanguage>,
    /// INTERPOL's classification; absent: official use only.
    #[serde(default)]
    pub classification: Option<ClassificationLevel>,
    /// The source's national marking (`DIFFUSION RESTREINTE`).
    #[serde(default)]
    pub national_marking: Option<String>,
    /// The legal basis, as the source states it.
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// Handling markings.
    #[serde(default)]
    pub handling: Vec<HandlingMarking>,
    /// Which NCBs may see it.
    #[serde(default)]
    pub access: AccessRestrictions,
    /// The expiry; absent: the latest the retention rule allows for a
    /// notice or diffusion (none for a UN Special Notice or a message).
    #[serde(default)]
    pub expires: Option<DateTime<Utc>>,
    /// Who asked for it when not simply the sending NCB (an authorised
    /// international entity, the General Secretariat).
    #[serde(default)]
    pub originator: Option<crate::model::envelope::Originator>,
    /// Groups the documents of one case.
    #[serde(default)]
    pub correlation_id: Option<MessageId>,
    /// The document this one answers.
    #[serde(default)]
    pub in_reply_to: Option<MessageId>,
    /// Members this version does not know, carried into the envelope for
    /// validation to report.
    #[serde(flatten)]
    pub extra: crate::model::Extensions,
}

impl Draft {
    /// A draft carrying `body` from `source`, everything else defaulted.
    pub fn new(source: NcbCode, body: Body) -> Self {
        Draft {
            source,
            body,
            recipients: None,
            purpose: None,
            language: None,
            classification: None,
            national_marking: None,
            legal_basis: None,
            handling: Vec::new(),
            access: AccessRestrictions::default(),
            expires: None,
            originator: None,
            correlation_id: None,
            in_reply_to: None,
            extra: Default::default(),
        }
    }

    /// A notice request, to every NCB.
    pub fn notice(source: NcbCode, notice: Notice) -> Self {
        Draft::new(source, Body::Notice(notice))
    }

    /// A diffusion to the NCBs named.
    pub fn diffusion(source: NcbCode, to: Vec<NcbCode>, diffusion: Diffusion) -> Self {
        Draft {
            recipients: Some(to),
            ..Draft::new(source, Body::Diffusion(diffusion))
        }
    }

    /// A direct message to the NCBs named.
    pub fn message(source: NcbCode, to: Vec<NcbCode>, title: impl Into<String>, text: LocalizedText) -> Self {
        let message = Message {
            title: title.into(),
            text,
            case_reference: None,
            attachments: Vec::new(),
            extra: Default::default(),
        };
        Draft {
            recipients: Some(to),
            ..Draft::new(source, Body::Message(message))
        }
    }

    /// The envelope, created now, validated: the report when it breaks a
    /// rule (warnings alone do not refuse it).
    pub fn build(self) -> Result<Envelope, Box<Report>> {
        self.build_at(Utc::now())
    }

    /// [`Draft::build`] as if it were `now`.
    pub fn build_at(self, now: DateTime<Utc>) -> Result<Envelope, Box<Report>> {
        let envelope = self.envelope_at(now);
        let report = validate_at(&envelope, now);
        if report.is_ok() {
            Ok(envelope)
        } else {
            Err(Box::new(report))
        }
    }

    fn envelope_at(self, now: DateTime<Utc>) -> Envelope {
        // Notices and diffusions are retained (RPD Arts 49–50); a UN Special
        // Notice lives as long as the UN listing, a message has no retention.
        let retained = matches!(self.body, Body::Notice(_) | Body::Diffusion(_))
            && !matches!(self.body, Body::Notice(crate::model::Notice::UnSpecial(_)));
        let expires = self
            .expires
            .or_else(|| if retained { latest_expiry(now) } else { None });
        Envelope {
            schema_version: SchemaVersion::CURRENT,
            id: crate::model::ids::new_message_id(),
            source: self.source,
            recipients: self.recipients.map_or(Recipients::All, Recipients::Ncbs),
            created: now,
            expires,
            review_due: expires.and_then(latest_review),
            purpose: self.purpose.unwrap_or_else(|| default_purpose(&self.body)),
            legal_basis: self.legal_basis,
            classification: Classification {
                level: self.classification.unwrap_or(ClassificationLevel::OfficialUseOnly),
                national_marking: self.national_marking,
                extra: Default::default(),
            },
            handling: self.handling,
            access: self.access,
            language: self.language.unwrap_or_else(|| default_language(&self.body)),
            correlation_id: self.correlation_id,
            in_reply_to: self.in_reply_to,
            body: self.body,
            originator: self.originator,
            retention_renewal: None,
            // A first version: absent means 1.
            version: None,
            signature: None,
            extra: self.extra,
        }
    }
}

/// The purpose a body is sent for when the draft does not say (RPD Art 10
/// read with the notice types of domain.md 2.1).
pub fn default_purpose(body: &Body) -> Purpose {
    match body {
        Body::Notice(n) => match n {
            Notice::Red(_) => Purpose::LocateWantedPerson,
            Notice::Yellow(_) => Purpose::LocateMissingPerson,
            Notice::Black(_) => Purpose::IdentifyDeceased,
            Notice::Green(_) | Notice::Orange(_) | Notice::UnSpecial(_) => Purpose::Alert,
            Notice::Silver(_) => Purpose::AssetTracing,
            Notice::Blue(_) | Notice::Purple(_) => Purpose::Investigation,
        },
        Body::Diffusion(d) => match d.purpose {
            DiffusionPurpose::WantedPerson => Purpose::LocateWantedPerson,
            DiffusionPurpose::MissingPerson => Purpose::LocateMissingPerson,
            DiffusionPurpose::Identification => Purpose::Identification,
            DiffusionPurpose::Warning => Purpose::Alert,
            _ => Purpose::Investigation,
        },
        Body::Message(_) | Body::Unknown { .. } => Purpose::Investigation,
    }
}

/// The working language of the body's main text, English when it is not
/// one of the four.
pub fn default_language(body: &Body) -> WorkingLanguage {
    let main_text = match body {
        Body::Notice(n) => crate::validate::rules::text::notice_texts(n, "")
            .into_iter()
            .next()
            .map(|(_, t)| t),
        Body::Diffusion(d) => Some(&d.text),
        Body::Message(m) => Some(&m.text),
        Body::Unknown { .. } => None,
    };
    main_text
        .and_then(|t| t.language.working_language())
        .unwrap_or(WorkingLanguage::En)
}

/// Builds the envelope of a draft given as JSON (see [`Draft`]): the report
/// names the member when the JSON is not a draft, or the rule when the
/// envelope breaks one.
///
/// ```
/// let env = ncblink::build::envelope_json(
///     br#"{"source":"FR","recipients":["DE"],"body":{"message":{"title":"Demande","text":{"language":"FRE","text":"Bonjour"}}}}"#,
/// )
/// .unwrap();
/// assert_eq!(env.recipients, ncblink::model::Recipients::Ncbs(vec!["DE".parse().unwrap()]));
/// let refused = ncblink::build::envelope_json(br#"{"source":"FR","body":{"message":{"title":"t","text":{"language":"FRE","text":"x"}}}}"#);
/// assert!(refused.unwrap_err().has("ENVELOPE.MESSAGE_TO_ALL"));
/// ```
pub fn envelope_json(input: &[u8]) -> Result<Envelope, Box<Report>> {
    envelope_json_at(input, Utc::now())
}

/// [`envelope_json`] as if it were `now`.
pub fn envelope_json_at(input: &[u8], now: DateTime<Utc>) -> Result<Envelope, Box<Report>> {
    let draft: Draft = crate::json::parse(input).map_err(|e| Box::new(crate::validate::report_of_parse_error(&e)))?;
    draft.build_at(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_valid_notice_vector_builds_from_its_body_alone() {
        let dir = format!("{}/../tests/vectors/valid", env!("CARGO_MANIFEST_DIR"));
        let mut seen = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.display().to_string();
            let Ok(env) = crate::json::parse::<Envelope>(&std::fs::read(&path).unwrap()) else {
                continue;
            };
            let Body::Notice(n) = &env.body else { continue };
            seen.insert(n.notice_type().as_str());
            let built = Draft::notice(env.source, n.clone()).build();
            let built = built.unwrap_or_else(|r| panic!("{name}: {:?}", r.codes()));
            assert_eq!(built.review_due, built.expires.and_then(latest_review));
            let retained = !matches!(n, crate::model::Notice::UnSpecial(_));
            let expected = if retained { latest_expiry(built.created) } else { None };
            assert_eq!(built.expires, expected, "{name}");
            assert_eq!(built.recipients, Recipients::All);
            assert_eq!(built.id.get_version_num(), 7);
        }
        assert_eq!(seen.len(), crate::model::notice::NoticeType::ALL.len(), "{seen:?}");
    }

    #[test]
    fn a_misspelt_member_of_a_draft_is_refused_naming_it() {
        let draft = br#"{"source": "FR", "recipents": ["DE"], "body": {"message": {"title": "t", "text": {"language": "FRE", "text": "t"}}}}"#;
        let report = envelope_json(draft).unwrap_err();
        let v = report.violations.iter().find(|v| v.code == "FIELD.UNKNOWN_MEMBER");
        let v = v.unwrap_or_else(|| panic!("{:?}", report.codes()));
        assert_eq!(v.pointer, "/recipents");
    }

    #[test]
    fn a_refused_draft_returns_its_report() {
        let text = LocalizedText::new("FRE", "Bonjour");
        let refused = Draft::message("FR".parse().unwrap(), vec![], "t", text).build();
        assert!(refused.unwrap_err().has("ENVELOPE.NO_RECIPIENT"));
        let bad = envelope_json(br#"{"source":"FR","recipent":["DE"],"body":{"message":{"title":"t","text":{"language":"FRE","text":"x"}}}}"#).unwrap_err();
        assert!(bad.violations.iter().any(|v| v.pointer.contains("recipent")), "{bad:?}");
    }
}
