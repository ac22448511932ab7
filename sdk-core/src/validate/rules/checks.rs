//! Rules of database checks and records.

use crate::model::query::{Check, Record};
use crate::travel::{VinWarningCode, check_vin};
use crate::validate::Ctx;

/// Where the check digit is mandatory (North American WMIs `1`–`5`,
/// Chinese `L`), a VIN whose check digit fails is mistyped or forged: an
/// error in a stolen-vehicle record (no check could ever match it), a
/// warning in a check. There, position 10 is the model year, and a
/// character that is no model-year code is a warning.
///
/// Source: ISO 3779; 49 CFR 565.15 (North America) and GB 16735 (China),
/// standards.md 6 (the check digit is advisory elsewhere).
pub fn vin(ctx: &mut Ctx, vin: &str, pointer: &str, at_check: bool) {
    // A VIN that is not 17 VIN characters is not judged here: SMV also
    // holds older and national identifiers.
    let Ok(report) = check_vin(vin) else { return };
    for w in &report.warnings {
        match w.code {
            VinWarningCode::CheckDigitMandatory if at_check => {
                ctx.warning_at("VIN.CHECK_DIGIT_MANDATORY", pointer, [report.check_digit_expected])
            }
            VinWarningCode::CheckDigitMandatory => {
                ctx.error_at("VIN.CHECK_DIGIT_MANDATORY", pointer, [report.check_digit_expected])
            }
            VinWarningCode::ModelYear => ctx.warning_at("VIN.MODEL_YEAR", pointer, [report.model_year_char]),
            _ => {}
        }
    }
}

/// A vehicle check names a VIN, an engine number or a plate; a person check
/// a family name or an INTERPOL id.
///
/// Source: Nlets IVQ/IPQ query fields (standards.md 2) and domain.md 5.4.
pub fn check_criteria(c: &Check, ctx: &mut Ctx) {
    match c {
        Check::VehicleCheck(v) if v.vin.is_none() && v.engine_number.is_none() && v.plate.is_none() => {
            ctx.error("CHECK.NO_CRITERIA", "/vehicle_check")
        }
        Check::PersonCheck(p) if p.family_name.is_none() && p.interpol_id.is_none() => {
            ctx.error("CHECK.NO_CRITERIA", "/person_check")
        }
        _ => {}
    }
    if let Check::VehicleCheck(v) = c
        && let Some(v) = &v.vin
    {
        vin(ctx, v, "/vehicle_check/vin", true);
    }
}

/// A stolen-vehicle record identifies the vehicle by VIN, engine number or
/// plate.
///
/// Source: SMV query keys (domain.md 3).
pub fn record_identifiers(r: &Record, ctx: &mut Ctx) {
    if let Record::Vehicle(v) = r
        && v.vin.is_none()
        && v.engine_number.is_none()
        && v.plate.is_none()
    {
        ctx.error("RECORD.NO_IDENTIFIER", "/vehicle");
    }
    if let Record::Vehicle(v) = r
        && let Some(v) = &v.vin
    {
        vin(ctx, v, "/vehicle/vin", false);
    }
}
