//! Every notice type (domain.md 2.1) and the subject blocks each carries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, open_enum};

use super::codes::CountryCode;
use super::date::PartialDate;
use super::judicial::{Charge, JudicialData};
use super::person::Person;
use super::text::LocalizedText;

/// The notice types, for filters and display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeType {
    /// Red: wanted for arrest (RPD Arts 82–87).
    Red,
    /// Yellow: missing, or unable to identify themselves (Art 90).
    Yellow,
    /// Blue: additional information (Art 88).
    Blue,
    /// Black: unidentified bodies (Art 91).
    Black,
    /// Green: warning about criminal activities (Art 89).
    Green,
    /// Orange: serious and imminent threat (Art 93).
    Orange,
    /// Purple: modus operandi (Art 92).
    Purple,
    /// Silver: criminal assets (pilot, 2025).
    Silver,
    /// INTERPOL–UN Security Council Special Notice.
    UnSpecial,
}

impl NoticeType {
    /// Every type.
    pub const ALL: [NoticeType; 9] = [
        NoticeType::Red,
        NoticeType::Yellow,
        NoticeType::Blue,
        NoticeType::Black,
        NoticeType::Green,
        NoticeType::Orange,
        NoticeType::Purple,
        NoticeType::Silver,
        NoticeType::UnSpecial,
    ];
    /// The wire name (`un_special`).
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeType::Red => "red",
            NoticeType::Yellow => "yellow",
            NoticeType::Blue => "blue",
            NoticeType::Black => "black",
            NoticeType::Green => "green",
            NoticeType::Orange => "orange",
            NoticeType::Purple => "purple",
            NoticeType::Silver => "silver",
            NoticeType::UnSpecial => "un_special",
        }
    }
    /// Parses the wire name.
    pub fn from_name(s: &str) -> Option<Self> {
        NoticeType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Red Notice: locate and provisionally arrest a person wanted for
/// prosecution or to serve a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RedNotice {
    /// The wanted person.
    pub subject: Person,
    /// Facts, charges, law and penalty, warrant or sentence.
    pub judicial: JudicialData,
    /// The source asks the General Secretariat to publish although the
    /// penalty threshold is not met (RPD Art 83(1)(b), case of particular
    /// importance).
    #[serde(default)]
    pub gs_exception_requested: bool,
    /// The source agrees to a public extract on interpol.int (Art 61).
    #[serde(default)]
    pub public_extract: bool,
    /// Operational cautions in the source's words, beside the coded ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cautions: Vec<String>,
    /// Coded operational cautions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caution_codes: Vec<Caution>,
    /// The countries from which extradition will be sought (RPD Art 84).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extradition_countries: Vec<CountryCode>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// A coded operational caution on a wanted person.
    Caution {
        /// May be armed.
        Armed = "armed",
        /// Violent or dangerous.
        Violent = "violent",
        /// Escape risk.
        EscapeRisk = "escape_risk",
        /// Suicide or self-harm risk.
        SuicideRisk = "suicide_risk",
        /// A health risk to officers (contagious disease).
        HealthRisk = "health_risk",
    }
);

open_enum!(
    /// Which of the two Yellow Notice cases (Art 90).
    YellowCategory {
        /// A missing person.
        MissingPerson = "missing_person",
        /// A person unable to identify themselves.
        UnableToIdentify = "unable_to_identify",
    }
);

/// Where and when a disappearance or a discovery happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// Date of the disappearance or discovery.
    pub date: PartialDate,
    /// Place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Country.
    pub country: CountryCode,
    /// The circumstances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circumstances: Option<LocalizedText>,
    /// The police report that recorded it (RPD Art 90(2)(a)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_report_reference: Option<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Yellow Notice: locate a missing person or identify a person unable to
/// identify themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct YellowNotice {
    /// Which case.
    pub category: YellowCategory,
    /// The person.
    pub subject: Person,
    /// The disappearance or discovery.
    pub event: Event,
    /// Countries the person may visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries_likely_to_be_visited: Vec<CountryCode>,
    /// Public extract authorised (Art 61).
    #[serde(default)]
    pub public_extract: bool,
    /// For an adult missing person: the source attests that its national
    /// privacy law does not prevent the request (RPD Art 90(2)(c)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adult_privacy_attested: bool,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Blue Notice: collect information about a person's identity, location or
/// activities in relation to a crime.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlueNotice {
    /// The person.
    pub subject: Person,
    /// What is sought.
    pub information_sought: LocalizedText,
    /// The facts in relation to which it is sought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<LocalizedText>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Black Notice: information on an unidentified body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlackNotice {
    /// What is known of the body (sex, description, photos, biometrics).
    pub subject: Person,
    /// Where and when it was found.
    pub discovery: Event,
    /// Estimated age range, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_age: Option<(u8, u8)>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// What grounds the assessment that the person is a threat (RPD Art 89).
    GreenGrounds {
        /// A previous criminal conviction.
        Conviction = "conviction",
        /// Other reasonable grounds.
        ReasonableGrounds = "reasonable_grounds",
    }
);

/// Green Notice: warning about a person's criminal activities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GreenNotice {
    /// The person.
    pub subject: Person,
    /// The criminal activities or convictions that ground the warning.
    pub facts: LocalizedText,
    /// The national authority that assessed the person as a possible
    /// threat to public safety (RPD Art 89).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessing_authority: Option<String>,
    /// What the assessment rests on (RPD Art 89).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grounds: Option<GreenGrounds>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// What an Orange Notice warns of.
    ThreatKind {
        /// An event.
        Event = "event",
        /// A person.
        Person = "person",
        /// An object (weapon, parcel bomb…).
        Object = "object",
        /// A process.
        Process = "process",
    }
);

/// Orange Notice: a serious and imminent threat to public safety.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OrangeNotice {
    /// What kind of threat.
    pub threat: ThreatKind,
    /// The threat described.
    pub description: LocalizedText,
    /// The person, when the threat is a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Person>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Purple Notice: modus operandi, objects, devices, concealment methods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PurpleNotice {
    /// The modus operandi.
    pub modus_operandi: LocalizedText,
    /// Objects, devices or concealment methods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<LocalizedText>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// Kinds of criminal assets (Silver Notice framework, 2025).
    AssetKind {
        /// Real estate.
        RealEstate = "real_estate",
        /// A vehicle or vessel.
        Vehicle = "vehicle",
        /// A financial account.
        FinancialAccount = "financial_account",
        /// A business.
        Business = "business",
        /// Crypto-assets.
        Crypto = "crypto",
        /// Cash.
        Cash = "cash",
        /// Anything else.
        Other = "other",
    }
);

open_enum!(
    /// Kinds of asset identifier.
    AssetIdentifierKind {
        /// An IBAN (ISO 13616).
        Iban = "iban",
        /// A crypto-asset wallet address.
        WalletAddress = "wallet_address",
        /// A company registry number.
        CompanyRegistryNumber = "company_registry_number",
        /// A vehicle identification number (ISO 3779).
        Vin = "vin",
        /// A land registry reference.
        LandRegistryReference = "land_registry_reference",
        /// Another identifier.
        Other = "other",
    }
);

/// An identifier of an asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssetIdentifier {
    /// Its kind.
    pub kind: AssetIdentifierKind,
    /// The identifier as written.
    pub value: String,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// One asset sought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Asset {
    /// Its kind.
    pub kind: AssetKind,
    /// Its description.
    pub description: LocalizedText,
    /// Its identifiers (IBAN, wallet address, registry number, VIN).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<AssetIdentifier>,
    /// Where it is believed to be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<CountryCode>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// Silver Notice: locate, identify and monitor assets linked to a person's
/// criminal activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SilverNotice {
    /// The person linked to the assets.
    pub subject: Person,
    /// The offences the assets derive from.
    pub offences: Vec<Charge>,
    /// The assets.
    pub assets: Vec<Asset>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// An entity under UN Security Council sanctions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    /// Name.
    pub name: String,
    /// Other names it was known by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly_known_as: Vec<String>,
    /// Legal form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    /// Registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// The subject of a Special Notice: a person or an entity.
#[allow(clippy::large_enum_variant)] // one per notice; boxing would only complicate construction
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnSubject {
    /// A listed individual.
    Person(Person),
    /// A listed entity.
    Entity(Entity),
}

open_enum!(
    /// A UN Security Council sanctions measure.
    SanctionMeasure {
        /// Assets freeze.
        AssetFreeze = "asset_freeze",
        /// Travel ban.
        TravelBan = "travel_ban",
        /// Arms embargo.
        ArmsEmbargo = "arms_embargo",
    }
);

/// INTERPOL–UN Security Council Special Notice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnSpecialNotice {
    /// The UN reference (`QDi.432`).
    pub un_reference: String,
    /// The resolution (`1267`).
    pub un_resolution: String,
    /// The date of listing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_reference_date: Option<PartialDate>,
    /// The individual or entity.
    pub subject: UnSubject,
    /// Main activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_activity: Option<LocalizedText>,
    /// The sanctions committee that listed the subject (`1267 Committee`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
    /// The sanctions measures that apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<SanctionMeasure>,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// A notice of any type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// Red Notice.
    Red(RedNotice),
    /// Yellow Notice.
    Yellow(YellowNotice),
    /// Blue Notice.
    Blue(BlueNotice),
    /// Black Notice.
    Black(BlackNotice),
    /// Green Notice.
    Green(GreenNotice),
    /// Orange Notice.
    Orange(OrangeNotice),
    /// Purple Notice.
    Purple(PurpleNotice),
    /// Silver Notice.
    Silver(SilverNotice),
    /// INTERPOL–UN Security Council Special Notice.
    UnSpecial(UnSpecialNotice),
}

impl Notice {
    /// The notice's type.
    pub fn notice_type(&self) -> NoticeType {
        match self {
            Notice::Red(_) => NoticeType::Red,
            Notice::Yellow(_) => NoticeType::Yellow,
            Notice::Blue(_) => NoticeType::Blue,
            Notice::Black(_) => NoticeType::Black,
            Notice::Green(_) => NoticeType::Green,
            Notice::Orange(_) => NoticeType::Orange,
            Notice::Purple(_) => NoticeType::Purple,
            Notice::Silver(_) => NoticeType::Silver,
            Notice::UnSpecial(_) => NoticeType::UnSpecial,
        }
    }

    /// The person the notice is about, when it is about one.
    pub fn subject(&self) -> Option<&Person> {
        match self {
            Notice::Red(n) => Some(&n.subject),
            Notice::Yellow(n) => Some(&n.subject),
            Notice::Blue(n) => Some(&n.subject),
            Notice::Black(n) => Some(&n.subject),
            Notice::Green(n) => Some(&n.subject),
            Notice::Orange(n) => n.subject.as_ref(),
            Notice::Purple(_) => None,
            Notice::Silver(n) => Some(&n.subject),
            Notice::UnSpecial(n) => match &n.subject {
                UnSubject::Person(p) => Some(p),
                UnSubject::Entity(_) => None,
            },
        }
    }
}
