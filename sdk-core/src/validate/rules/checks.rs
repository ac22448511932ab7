//! Rules of database checks and records.

use crate::model::query::{Check, Record};
use crate::validate::Ctx;

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
}
