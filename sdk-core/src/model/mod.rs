//! The canonical data of the network: identifiers, code lists, persons,
//! judicial data, every notice type, diffusions, direct messages, the
//! envelope around everything sent, database checks and their results.
//!
//! Everything here is serde + schemars. What an NCB sends is strict
//! (`deny_unknown_fields`): a misspelt field is an error, not silently lost.

pub mod codes;
pub mod date;
pub mod envelope;
pub mod ids;
pub mod judicial;
pub mod notice;
pub mod person;
pub mod query;
pub mod status;
pub mod text;

pub use codes::{
    CountryCode, DocumentType, EyeColour, HairColour, IcaoCode, LanguageCode, LossType, Sex, WorkingLanguage,
};
pub use date::PartialDate;
pub use envelope::{
    AccessRestrictions, Body, Classification, Diffusion, DiffusionPurpose, Dispatch, Envelope, HandlingMarking,
    HandlingScheme, Message, Purpose, Recipients, Signature,
};
pub use ids::{MessageId, NcbCode, NoticeId};
pub use judicial::{Charge, JudicialData, ProsecutionOrSentence, Sentence, Warrant};
pub use notice::Notice;
pub use person::{IdentityDocument, Person};
pub use query::{Check, CheckOutcome, CheckResult, Hit, Record};
pub use status::NoticeStatus;
pub use text::{LocalizedText, Provenance, Translation};
