//! Minimum identifiers per notice type: domain.md 5.5, from RPD Art 83(2)(a)
//! for Red Notices and the verbatim Art 90(3) for Yellow Notices
//! (domain.md 2.3).

use super::at;
use crate::model::Person;
use crate::model::notice::{Notice, UnSubject, YellowCategory};
use crate::validate::Ctx;

/// Family name, forename, sex and date of birth (at least the year).
///
/// Source: RPD Art 83(2)(a) (Red), Art 90(3) (Yellow, missing person), and
/// domain.md 5.5 for Green.
pub fn name_sex_and_birth(ctx: &mut Ctx, p: &Person, base: &str, kind: &str) {
    if p.family_name.is_none() {
        ctx.error_at("IDENT.FAMILY_NAME", at(base, "family_name"), [kind]);
    }
    if p.forenames.is_none() {
        // Single-name persons exist (the public API writes them with a null
        // forename): a reviewer asks, the request is not invalid.
        ctx.warning_at("IDENT.FORENAME", at(base, "forenames"), [kind]);
    }
    sex_and_birth(ctx, p, base, kind);
}

/// Sex and date of birth (at least the year).
///
/// Source: RPD Art 83(2)(a) (Red), Art 90(3) (Yellow, missing person).
pub fn sex_and_birth(ctx: &mut Ctx, p: &Person, base: &str, kind: &str) {
    if p.sex.is_none() {
        ctx.error_at("IDENT.SEX", at(base, "sex"), [kind]);
    }
    if p.date_of_birth.is_none() {
        ctx.error_at("IDENT.DATE_OF_BIRTH", at(base, "date_of_birth"), [kind]);
    }
}

/// Blue Notice: sex and date of birth, except that a Blue Notice seeking
/// the person's identity cannot know the date of birth: with a photo,
/// fingerprints or a DNA profile to identify them by, it is not required.
///
/// Source: RPD Art 88 (Blue Notices collect information on a person's
/// identity, location or activities); domain.md 5.5 (Blue: the identity itself may be what is
/// sought).
pub fn blue_identity(ctx: &mut Ctx, p: &Person, base: &str) {
    if p.sex.is_none() {
        ctx.error_at("IDENT.SEX", at(base, "sex"), ["blue"]);
    }
    if p.date_of_birth.is_none() && !p.has_photo_or_biometrics() {
        ctx.error_at("IDENT.DATE_OF_BIRTH", at(base, "date_of_birth"), ["blue"]);
    }
}

/// At least one of: physical description, photo, DNA profile, fingerprints,
/// or identity-document data.
///
/// Source: RPD Art 83(2)(a) (Red); domain.md 5.5 (Blue, Green, diffusions).
pub fn description_or_biometrics(ctx: &mut Ctx, p: &Person, base: &str, kind: &str) {
    if !p.has_physical_description() && !p.has_photo_or_biometrics() && p.identity_documents.is_empty() {
        ctx.error_at("IDENT.DESCRIPTION_OR_BIOMETRICS", base.to_string(), [kind]);
    }
}

/// Missing person: one of physical description, photo, DNA or fingerprints.
///
/// Source: RPD Art 90(3), missing person (domain.md 2.3).
pub fn yellow_missing_description(ctx: &mut Ctx, p: &Person, base: &str) {
    if !p.has_physical_description() && !p.has_photo_or_biometrics() {
        ctx.error_at("IDENT.DESCRIPTION_OR_BIOMETRICS", base.to_string(), ["yellow"]);
    }
}

/// Physical description and sex, and one of photo, fingerprints or DNA.
///
/// Source: RPD Art 90(3), person unable to identify themselves (domain.md
/// 2.3); domain.md 5.5 for Black Notices (with dental records).
pub fn description_sex_and_biometrics(ctx: &mut Ctx, p: &Person, base: &str, kind: &str, dental_counts: bool) {
    if !p.has_physical_description() {
        ctx.error_at("IDENT.PHYSICAL_DESCRIPTION", base.to_string(), [kind]);
    }
    if p.sex.is_none() && kind == "yellow" {
        ctx.error_at("IDENT.SEX", at(base, "sex"), [kind]);
    }
    if !(p.has_photo_or_biometrics() || dental_counts && p.dental_records) {
        ctx.error_at("IDENT.PHOTO_OR_BIOMETRICS", base.to_string(), [kind]);
    }
}

/// Dispatches the minimum-identifier rules for a notice at `base`
/// (`/body/notice`).
pub fn minimum_identifiers(ctx: &mut Ctx, n: &Notice, base: &str) {
    match n {
        Notice::Red(r) => {
            let b = at(base, "red/subject");
            name_sex_and_birth(ctx, &r.subject, &b, "red");
            description_or_biometrics(ctx, &r.subject, &b, "red");
        }
        Notice::Yellow(y) => {
            let b = at(base, "yellow/subject");
            match y.category {
                YellowCategory::MissingPerson => {
                    name_sex_and_birth(ctx, &y.subject, &b, "yellow");
                    yellow_missing_description(ctx, &y.subject, &b);
                }
                YellowCategory::UnableToIdentify => {
                    description_sex_and_biometrics(ctx, &y.subject, &b, "yellow", false)
                }
                // Reported as FIELD.UNKNOWN_VALUE; its minimum is a later version's.
                YellowCategory::Unrecognised(_) => {}
            }
        }
        Notice::Blue(n) => {
            let b = at(base, "blue/subject");
            blue_identity(ctx, &n.subject, &b);
            description_or_biometrics(ctx, &n.subject, &b, "blue");
        }
        Notice::Green(n) => {
            let b = at(base, "green/subject");
            name_sex_and_birth(ctx, &n.subject, &b, "green");
            description_or_biometrics(ctx, &n.subject, &b, "green");
        }
        Notice::Black(n) => {
            let b = at(base, "black/subject");
            description_sex_and_biometrics(ctx, &n.subject, &b, "black", true);
        }
        Notice::Silver(n) => {
            let b = at(base, "silver/subject");
            if n.subject.family_name.is_none() {
                ctx.error_at("IDENT.FAMILY_NAME", at(&b, "family_name"), ["silver"]);
            }
        }
        Notice::UnSpecial(n) => match &n.subject {
            UnSubject::Person(p) if p.family_name.is_none() && p.name_in_original_script.is_none() => ctx.error(
                "NOTICE.NAME_REQUIRED",
                at(base, "un_special/subject/person/family_name"),
            ),
            _ => {}
        },
        // Orange and Purple notices describe threats and methods; a person
        // is optional (domain.md 5.5).
        Notice::Orange(_) | Notice::Purple(_) => {}
    }
}
