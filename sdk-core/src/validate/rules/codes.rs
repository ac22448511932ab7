//! Code rules that depend on where a code stands: an ICAO Doc 9303 code as
//! the issuer of a travel document.

use crate::model::IcaoCode;
use crate::validate::Ctx;

/// The issuing State of a travel document is a code a document can be
/// issued under: a State or an issuing organisation (`XPO`, `EUE`, `XCE`…),
/// never a nationality-only code (`XXA` stateless, `XXB`/`XXC` refugees,
/// `XXX` unspecified, `GBD`/`GBN`/`GBO`/`GBP`/`GBS`, which the United
/// Kingdom issues as `GBR`), nor `UTO`, Doc 9303's specimen State.
///
/// In a record or a notice such a code is an error: no check could ever
/// match it. In a check it is a warning: the document in hand may be odd,
/// the officer still learns there is no hit.
///
/// Source: ICAO Doc 9303 Part 3, section 5 (codes for the issuing State or
/// organisation, and for nationality); standards.md 6.
pub fn issuer(ctx: &mut Ctx, value: &str, pointer: impl FnOnce() -> String, at_check: bool) {
    let code: Option<IcaoCode> = value.parse().ok();
    let (rule, arg) = match code {
        Some(c) if c.is_issuer() => return,
        Some(c) if c.is_specimen() => ("ICAO.SPECIMEN", value),
        Some(c) if c.is_known() => ("ICAO.NOT_ISSUER", value),
        _ => ("FIELD.ICAO_UNKNOWN", value),
    };
    if at_check {
        ctx.warning_at(rule, pointer(), [arg]);
    } else {
        ctx.error_at(rule, pointer(), [arg]);
    }
}
