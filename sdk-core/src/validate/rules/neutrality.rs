//! Neutrality, INTERPOL's Constitution Art 3: "It is strictly forbidden for
//! the Organization to undertake any intervention or activities of a
//! political, military, religious or racial character." The General
//! Secretariat's main ground for refusing a request (domain.md 2.2,
//! criterion 3; the Repository of Practice on Art 3).

use crate::model::LocalizedText;
use crate::model::judicial::Charge;
use crate::validate::Ctx;

/// Charges of a political, military, religious or racial character: when
/// every charge is one, the request is refused (error); when ordinary-law
/// charges stand beside them, the General Secretariat weighs which element
/// predominates (the predominance test of the Repository of Practice), so
/// each such charge is a warning.
///
/// Source: Constitution Art 3 and the Repository of Practice on Art 3
/// (domain.md 2.2, criterion 3).
pub fn article_3_charges(ctx: &mut Ctx, charges: &[Charge], base: &str) {
    let flagged = charges.iter().filter(|c| c.category.is_article_3()).count();
    if flagged == 0 {
        return;
    }
    let code = if flagged == charges.len() {
        "ART3.NEUTRALITY"
    } else {
        "ART3.PREDOMINANCE"
    };
    for (i, c) in charges.iter().enumerate() {
        if c.category.is_article_3() {
            let pointer = format!("{base}/{i}/category");
            if flagged == charges.len() {
                ctx.error_at(code, pointer, [c.category.as_str()]);
            } else {
                ctx.warning_at(code, pointer, [c.category.as_str()]);
            }
        }
    }
}

/// Words that suggest a political, military, religious or racial
/// character, in the four working languages, lower case. A hit is never
/// proof: it asks the source to show the ordinary-law nature of the facts.
const KEYWORDS: &[&str] = &[
    // English
    "political",
    "politically",
    "opposition",
    "dissident",
    "protest",
    "demonstration",
    "activist",
    "journalist",
    "election",
    "blasphem",
    "apostasy",
    "heresy",
    "desertion",
    "deserter",
    "treason",
    "sedition",
    "insulting the president",
    "separatis",
    "religious",
    "ethnic",
    "racial",
    // French
    "politique",
    "opposant",
    "manifestation",
    "militant",
    "journaliste",
    "blasphème",
    "apostasie",
    "désertion",
    "déserteur",
    "trahison",
    "offense au chef de l'état",
    "religieu",
    "ethnique",
    // Spanish
    "político",
    "política",
    "opositor",
    "manifestación",
    "activista",
    "periodista",
    "blasfemia",
    "apostasía",
    "deserción",
    "desertor",
    "traición",
    "sedición",
    "religios",
    "étnic",
    // Arabic
    "سياسي",
    "معارض",
    "مظاهرة",
    "احتجاج",
    "صحفي",
    "تجديف",
    "الردة",
    "الفرار من الخدمة",
    "خيانة",
    "ديني",
    "عرقي",
];

/// The first screening keyword in a text (original or translation).
pub fn keyword_in(t: &LocalizedText) -> Option<&'static str> {
    let scan = |s: &str| {
        let lower = s.to_lowercase();
        KEYWORDS.iter().copied().find(|k| lower.contains(k))
    };
    scan(&t.text).or_else(|| t.translations.values().find_map(|tr| scan(&tr.text)))
}

/// A keyword screen over the charges and facts: a word suggesting a
/// political, military, religious or racial character is a warning naming
/// it, so that the source explains the ordinary-law nature of the facts
/// before the General Secretariat asks. It never passes silently, and it
/// never refuses on a word alone.
///
/// Source: Constitution Art 3; the General Secretariat's review (domain.md
/// 2.2, criterion 3).
pub fn keyword_screen(ctx: &mut Ctx, t: &LocalizedText, pointer: impl FnOnce() -> String) {
    if let Some(k) = keyword_in(t) {
        ctx.warning_at("ART3.KEYWORD", pointer(), [k]);
    }
}
