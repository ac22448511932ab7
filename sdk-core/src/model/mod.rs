//! The canonical data of the network: identifiers, code lists, persons,
//! judicial data, every notice type, diffusions, direct messages, the
//! envelope around everything sent, database checks and their results.
//!
//! Everything here is serde + schemars. The contract is versioned and
//! grows (docs/compatibility.md): receivers are tolerant (the members and
//! enum values of a later minor version are kept, shown and written back
//! unchanged, see [`open`]), senders are strict (`validate` reports each
//! unknown part, and the client refuses to send them).

pub mod codes;
pub mod date;
pub mod envelope;
pub mod ids;
pub mod judicial;
pub mod notice;
pub mod open;
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
    HandlingScheme, Message, Originator, OriginatorKind, Purpose, Recipients, RetentionRenewal, Signature,
};
pub use ids::{MessageId, NcbCode, NoticeId};
pub use judicial::{Charge, JudicialData, ProsecutionOrSentence, Sentence, Warrant};
pub use notice::Notice;
pub use open::{Extensions, SchemaVersion, UnknownValue, VersionError};
pub use person::{IdentityDocument, NationalityStatus, Person};
pub use query::{Check, CheckOutcome, CheckResult, Hit, Record};
pub use status::NoticeStatus;
pub use text::{LocalizedText, Provenance, Translation};
