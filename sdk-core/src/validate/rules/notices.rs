//! Rules of the notice types other than Red, and of the person block.

use super::at;
use crate::model::Person;
use crate::model::envelope::{Diffusion, DiffusionPurpose};
use crate::model::notice::{AssetIdentifierKind, Notice, ThreatKind};
use crate::validate::Ctx;

/// The disappearance or discovery was reported to and recorded by the
/// police: a Yellow Notice should name the report. A warning, since the
/// reference may follow on request.
///
/// Source: RPD Art 90(2)(a) (domain.md 2.3).
pub fn yellow_police_report(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Yellow(y) = n
        && y.event.police_report_reference.is_none()
    {
        ctx.warning("RPD90.POLICE_REPORT", at(base, "yellow/event/police_report_reference"));
    }
}

/// An Orange Notice about a person describes the person.
///
/// Source: RPD Art 93 (Orange Notices: an event, a person, an object or a
/// process; domain.md 2.1, whose [I] numbering 92 the article list of
/// euextraditionlaw.com contradicts: Purple is Art 92, Orange Art 93).
pub fn orange_subject(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Orange(o) = n
        && o.threat == ThreatKind::Person
        && o.subject.is_none()
    {
        ctx.error("NOTICE.SUBJECT_REQUIRED", at(base, "orange/subject"));
    }
}

/// A Silver Notice names the offences and at least one asset.
///
/// Source: Silver Notice framework, 16 Jan 2025 (domain.md 2.1).
pub fn silver_assets(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Silver(s) = n {
        if s.assets.is_empty() {
            ctx.error("NOTICE.ASSETS_REQUIRED", at(base, "silver/assets"));
        }
        if s.offences.is_empty() {
            ctx.error("NOTICE.OFFENCES_REQUIRED", at(base, "silver/offences"));
        }
    }
}

/// Whether `s` is an IBAN: two letters, two check digits and up to 30
/// letters or digits, spaces ignored, whose ISO 7064 MOD 97-10 remainder
/// is 1.
///
/// ```
/// use ncblink::validate::rules::notices::is_iban;
/// assert!(is_iban("MT84 MALT 0110 0001 2345 MTLC AST0 01S"));
/// assert!(!is_iban("MT84MALT011000012345MTLCAST001T"));
/// ```
pub fn is_iban(s: &str) -> bool {
    let compact: Vec<u8> = s
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(15..=34).contains(&compact.len())
        || !compact[..2].iter().all(u8::is_ascii_uppercase)
        || !compact[2..4].iter().all(u8::is_ascii_digit)
        || !compact.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    // The four first characters move to the end; letters count 10–35.
    let mut rem = 0u32;
    for b in compact[4..].iter().chain(&compact[..4]) {
        let v = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// The typed identifiers of a Silver Notice's assets are well formed: an
/// IBAN passes its check digits, a VIN is 17 VIN characters.
///
/// Source: Silver Notice framework, 16 Jan 2025 (domain.md 2.1: locate and
/// identify assets); ISO 13616 (IBAN), ISO 3779 (VIN); RPD Art 12
/// (quality of data).
pub fn asset_identifiers(ctx: &mut Ctx, n: &Notice, base: &str) {
    let Notice::Silver(s) = n else { return };
    for (i, a) in s.assets.iter().enumerate() {
        for (k, id) in a.identifiers.iter().enumerate() {
            let ok = match id.kind {
                AssetIdentifierKind::Iban => is_iban(&id.value),
                AssetIdentifierKind::Vin => crate::travel::check_vin(&id.value).is_ok(),
                _ => true,
            };
            if !ok {
                ctx.error_at(
                    "ASSET.IDENTIFIER_INVALID",
                    format!("{base}/silver/assets/{i}/identifiers/{k}/value"),
                    [id.kind.as_str()],
                );
            }
        }
    }
}

/// The estimated age range of a body runs from low to high.
///
/// Source: domain.md 5.3 (UnidentifiedBody).
pub fn black_age_range(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Black(b) = n
        && let Some((lo, hi)) = b.estimated_age
        && lo > hi
    {
        ctx.error("PERSON.AGE_RANGE", at(base, "black/estimated_age"));
    }
}

/// Height in metres and weight in kilograms are plausible: the public
/// API's `0` means unknown and must not be stored as a value.
///
/// Source: domain.md 1.4 (measurements) and 5.6(6).
pub fn measurements(ctx: &mut Ctx, p: &Person, base: &str) {
    if let Some(h) = p.height_m
        && !(0.3..=2.8).contains(&h)
    {
        ctx.error_at("PERSON.HEIGHT_RANGE", at(base, "height_m"), [h]);
    }
    if let Some(w) = p.weight_kg
        && !(1.0..=400.0).contains(&w)
    {
        ctx.error_at("PERSON.WEIGHT_RANGE", at(base, "weight_kg"), [w]);
    }
}

/// A Green Notice names the national authority that assessed the person
/// as a possible threat to public safety and what the assessment rests on
/// (a conviction or other reasonable grounds). A warning: the General
/// Secretariat asks for it.
///
/// Source: RPD Art 89 (Green Notices).
pub fn green_assessment(ctx: &mut Ctx, n: &Notice, base: &str) {
    if let Notice::Green(g) = n {
        if g.assessing_authority.is_none() {
            ctx.warning("RPD89.ASSESSMENT", at(base, "green/assessing_authority"));
        }
        if g.grounds.is_none() {
            ctx.warning("RPD89.ASSESSMENT", at(base, "green/grounds"));
        }
    }
}

/// A wanted-person diffusion carries the person and judicial data, as a
/// Red Notice would.
///
/// Source: domain.md 5.5 (wanted-person diffusion column).
pub fn diffusion_wanted_person(ctx: &mut Ctx, d: &Diffusion, base: &str) {
    if d.purpose == DiffusionPurpose::WantedPerson && (d.subject.is_none() || d.judicial.is_none()) {
        ctx.error("DIFFUSION.JUDICIAL_REQUIRED", base.to_string());
    }
}
