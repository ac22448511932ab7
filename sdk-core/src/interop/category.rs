//! Offence categories guessed from a charge's words, for imported charges
//! whose category the public extract does not give: only when the words
//! make it obvious, never one of the categories the RPD excludes from Red
//! Notices (that is a reviewer's call), and always with a note saying so.

use crate::model::judicial::OffenceCategory;

/// Keywords (lower case, without diacritics) that make an offence category
/// obvious, most serious first; English, Spanish, French and Portuguese,
/// the languages most public charges are written in.
const CATEGORY_WORDS: &[(OffenceCategory, &[&str])] = &[
    (OffenceCategory::Terrorism, &["terror"]),
    (
        OffenceCategory::Homicide,
        &[
            "murder",
            "homicid",
            "meurtre",
            "assassinat",
            "asesinato",
            "feminicid",
            "manslaughter",
        ],
    ),
    (
        OffenceCategory::Kidnapping,
        &[
            "kidnap",
            "secuestro",
            "sequestro",
            "enlevement",
            "hostage",
            "toma de rehenes",
        ],
    ),
    (
        OffenceCategory::HumanTrafficking,
        &[
            "trafficking in persons",
            "trafficking in human",
            "human trafficking",
            "trata de personas",
            "traite des etres humains",
            "migrant smuggling",
            "trafico de migrantes",
        ],
    ),
    (
        OffenceCategory::SexualOffence,
        &["sexual", "rape", "violacion", "acceso carnal", "estupro"],
    ),
    (
        OffenceCategory::DrugTrafficking,
        &[
            "drug trafficking",
            "trafficking of drugs",
            "trafficking in narcotic",
            "narcotrafico",
            "trafico de estupefacientes",
            "trafico de drogas",
            "trafico ilicito de drogas",
            "trafic de stupefiants",
            "trafico de entorpecentes",
        ],
    ),
    (
        OffenceCategory::FirearmsTrafficking,
        &[
            "firearms trafficking",
            "arms trafficking",
            "trafico de armas",
            "trafic d'armes",
        ],
    ),
    (
        OffenceCategory::MoneyLaundering,
        &[
            "money laundering",
            "lavado de activos",
            "lavado de dinero",
            "blanchiment",
            "lavagem de dinheiro",
        ],
    ),
    (
        OffenceCategory::Corruption,
        &["corruption", "corrupcion", "bribery", "cohecho", "soborno", "peculado"],
    ),
    (
        OffenceCategory::Fraud,
        &["fraud", "estafa", "escroquerie", "swindl", "estelionato"],
    ),
    (
        OffenceCategory::Cybercrime,
        &["cybercrime", "computer crime", "delito informatico"],
    ),
    (
        OffenceCategory::OrganisedCrime,
        &[
            "organized crime",
            "organised crime",
            "criminal organization",
            "criminal organisation",
            "concierto para delinquir",
            "association de malfaiteurs",
            "asociacion ilicita",
        ],
    ),
    (
        OffenceCategory::TheftRobbery,
        &[
            "robbery",
            "theft",
            "burglary",
            "robo",
            "hurto",
            "vol a main armee",
            "roubo",
        ],
    ),
    (
        OffenceCategory::Violence,
        &["assault", "bodily harm", "lesiones", "agresion", "coups et blessures"],
    ),
];

/// The category of a charge, when its words make it obvious (the first
/// match, most serious first), with the word that decided. Never one of
/// the categories excluded from Red Notices: that is a reviewer's call.
///
/// ```
/// use ncblink::interop::category::categorise;
/// use ncblink::model::judicial::OffenceCategory;
/// assert_eq!(categorise("Homicidio agravado\nConcierto para delinquir").map(|c| c.0), Some(OffenceCategory::Homicide));
/// assert_eq!(categorise("Infraction à la législation"), None);
/// ```
pub fn categorise(charge: &str) -> Option<(OffenceCategory, &'static str)> {
    let plain = deunicode::deunicode(charge).to_lowercase();
    CATEGORY_WORDS
        .iter()
        .find_map(|(cat, words)| words.iter().find(|w| plain.contains(*w)).map(|w| (*cat, *w)))
}
