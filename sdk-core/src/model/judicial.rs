//! Judicial data: what a Red Notice or a wanted-person diffusion must carry
//! (RPD Art 83(2)(b)): the facts, the charges with the law and its maximum
//! penalty, the warrant or judicial decision, or the sentence.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::open::{Extensions, open_enum};

use super::codes::CountryCode;
use super::date::PartialDate;
use super::text::LocalizedText;

open_enum!(
    /// Whether the person is sought for prosecution or to serve a sentence.
    ProsecutionOrSentence {
        /// Wanted for prosecution.
        Prosecution = "prosecution",
        /// Wanted to serve a sentence.
        ServeSentence = "serve_sentence",
    }
);

open_enum!(
    /// The offence category of a charge. The categories marked *excluded* are
    /// those of RPD Art 83(1)(a), for which no Red Notice may be published.
    OffenceCategory {
        /// Homicide.
        Homicide = "homicide",
        /// Assault and other violence against persons.
        Violence = "violence",
        /// Sexual offences.
        SexualOffence = "sexual_offence",
        /// Kidnapping and hostage taking.
        Kidnapping = "kidnapping",
        /// Trafficking in human beings or migrant smuggling.
        HumanTrafficking = "human_trafficking",
        /// Drug trafficking.
        DrugTrafficking = "drug_trafficking",
        /// Terrorism.
        Terrorism = "terrorism",
        /// Organised crime.
        OrganisedCrime = "organised_crime",
        /// Fraud.
        Fraud = "fraud",
        /// Corruption.
        Corruption = "corruption",
        /// Money laundering.
        MoneyLaundering = "money_laundering",
        /// Theft and robbery.
        TheftRobbery = "theft_robbery",
        /// Cybercrime.
        Cybercrime = "cybercrime",
        /// Firearms trafficking.
        FirearmsTrafficking = "firearms_trafficking",
        /// Environmental crime.
        EnvironmentalCrime = "environmental_crime",
        /// Another serious ordinary-law crime.
        OtherSerious = "other_serious",
        /// Excluded, Art 83(1)(a)(i): prostitution.
        Prostitution = "prostitution",
        /// Excluded, Art 83(1)(a)(i): surrogacy.
        Surrogacy = "surrogacy",
        /// Excluded, Art 83(1)(a)(i): pornography, unless linked to serious crime.
        Pornography = "pornography",
        /// Excluded, Art 83(1)(a)(i): offences damaging honour (defamation),
        /// unless linked to serious or organised crime.
        Defamation = "defamation",
        /// Excluded, Art 83(1)(a)(i): drug possession for personal use.
        DrugPossessionPersonalUse = "drug_possession_personal_use",
        /// Excluded, Art 83(1)(a)(ii): family or private matters.
        FamilyOrPrivateMatter = "family_or_private_matter",
        /// Excluded, Art 83(1)(a)(iii): violation of administrative laws or
        /// regulations, unless it facilitates a serious crime or is linked to
        /// organised crime.
        AdministrativeViolation = "administrative_violation",
        /// Excluded, Art 83(1)(a)(iii): deriving from a private dispute, with the
        /// same exception.
        PrivateDispute = "private_dispute",
        /// Excluded, Art 83(1)(a)(i): adultery (the General Secretariat's list
        /// of offences raising issues of behavioural or cultural norms).
        Adultery = "adultery",
        /// Excluded, Art 83(1)(a)(ii): bigamy (family or private matter, the
        /// General Secretariat's list).
        Bigamy = "bigamy",
        /// Excluded, Art 83(1)(a)(ii): failure to pay family maintenance.
        FamilyMaintenance = "family_maintenance",
        /// Excluded, Art 83(1)(a)(iii): unfunded (bounced) cheques, a private
        /// dispute unless linked to serious or organised crime.
        UnfundedCheque = "unfunded_cheque",
        /// Excluded, Art 83(1)(a)(iii): immigration offences (administrative
        /// law), unless they facilitate a serious crime such as smuggling.
        ImmigrationOffence = "immigration_offence",
        /// Constitution Art 3: an offence of a political character (no
        /// intervention of INTERPOL).
        PoliticalOffence = "political_offence",
        /// Constitution Art 3: an offence of a military character (desertion,
        /// insubordination).
        MilitaryOffence = "military_offence",
        /// Constitution Art 3: an offence of a religious character.
        ReligiousOffence = "religious_offence",
        /// Constitution Art 3: an offence of a racial character.
        RacialOffence = "racial_offence",
    }
);

impl OffenceCategory {
    /// Whether RPD Art 83(1)(a) excludes the category from Red Notices.
    pub fn is_excluded(self) -> bool {
        use OffenceCategory::*;
        matches!(
            self,
            Prostitution
                | Surrogacy
                | Pornography
                | Defamation
                | DrugPossessionPersonalUse
                | FamilyOrPrivateMatter
                | AdministrativeViolation
                | PrivateDispute
                | Adultery
                | Bigamy
                | FamilyMaintenance
                | UnfundedCheque
                | ImmigrationOffence
        )
    }

    /// Whether the exclusion lifts when the activity is linked to serious or
    /// organised crime: Art 83(1)(a)(i) for pornography and offences damaging
    /// honour ("unless linked to serious crime"), (iii) for administrative
    /// violations and private disputes ("unless the criminal activity
    /// facilitates a serious crime or is suspected of links to organised
    /// crime").
    pub fn exclusion_lifts_when_linked(self) -> bool {
        use OffenceCategory::*;
        matches!(
            self,
            Pornography | Defamation | AdministrativeViolation | PrivateDispute | UnfundedCheque | ImmigrationOffence
        )
    }

    /// Whether the category is of a political, military, religious or racial
    /// character, in which INTERPOL may not intervene (Constitution Art 3).
    pub fn is_article_3(self) -> bool {
        use OffenceCategory::*;
        matches!(
            self,
            PoliticalOffence | MilitaryOffence | ReligiousOffence | RacialOffence
        )
    }
}

/// One charge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Charge {
    /// The charge as worded by the source.
    pub description: LocalizedText,
    /// Its category.
    pub category: OffenceCategory,
    /// The law(s) covering the offence (`Code pénal, art. 313-1`).
    pub legal_provisions: String,
    /// The maximum penalty the law provides, in months of deprivation of
    /// liberty (life imprisonment: 1200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty_months: Option<u32>,
    /// The activity facilitates a serious crime or is suspected of links to
    /// organised crime (lifts some Art 83(1)(a) exclusions).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub linked_to_serious_crime: bool,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// The sentence, when the person is sought to serve one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sentence {
    /// The sentence imposed, in months.
    pub imposed_months: u32,
    /// What remains to be served, in months.
    pub remaining_months: u32,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

open_enum!(
    /// What kind of judicial document a warrant reference is.
    WarrantKind {
        /// An arrest warrant.
        ArrestWarrant = "arrest_warrant",
        /// A judicial decision (judgment) with the same effect.
        JudicialDecision = "judicial_decision",
    }
);

/// A reference to a valid arrest warrant or judicial decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warrant {
    /// Warrant or decision.
    pub kind: WarrantKind,
    /// Its reference number.
    pub reference: String,
    /// The authority that issued it.
    pub issuing_authority: String,
    /// The date it was issued.
    pub issued_on: PartialDate,
    /// The issuing country.
    pub issuing_country: CountryCode,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}

/// The judicial data of a Red Notice or wanted-person diffusion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JudicialData {
    /// Prosecution or sentence.
    pub purpose: ProsecutionOrSentence,
    /// Summary of the facts, with time and place.
    pub summary_of_facts: LocalizedText,
    /// When the alleged offence took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offence_date: Option<PartialDate>,
    /// Where it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offence_place: Option<String>,
    /// In which country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offence_country: Option<CountryCode>,
    /// The charges.
    #[serde(default)]
    pub charges: Vec<Charge>,
    /// The sentence, when sought to serve one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Sentence>,
    /// Warrants or judicial decisions.
    #[serde(default)]
    pub warrants: Vec<Warrant>,
    /// Extradition will be sought.
    #[serde(default)]
    pub extradition_will_be_sought: bool,
    /// Members of a later minor version, kept as received and written back unchanged.
    #[serde(flatten)]
    pub extra: Extensions,
}
