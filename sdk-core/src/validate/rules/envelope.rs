//! Rules of the envelope: recipients, access restrictions, handling
//! markings and retention; then the rules of what it carries.

use chrono::{DateTime, Months, Utc};

use crate::model::envelope::{Body, Envelope, HandlingMarking, HandlingScheme, Recipients};
use crate::validate::Ctx;

/// A diffusion or message has at least one recipient, and a direct message
/// goes to named NCBs.
///
/// Source: RPD diffusion chapter (sent "to selected NCBs or to all NCBs",
/// domain.md 2.1) and Art 22(6) (direct NCB-to-NCB exchanges).
pub fn recipients(ctx: &mut Ctx, e: &Envelope) {
    match (&e.recipients, &e.body) {
        (Recipients::Ncbs(list), _) if list.is_empty() => ctx.error("ENVELOPE.NO_RECIPIENT", "/recipients"),
        (Recipients::All, Body::Message(_)) => ctx.error("ENVELOPE.MESSAGE_TO_ALL", "/recipients"),
        _ => {}
    }
}

/// The deny list cannot name the sender; an NCB is not both allowed and
/// denied; a named recipient on the deny list would never receive it.
///
/// Source: RPD Art 58 (access restrictions, domain.md 2.4) and
/// standards.md 8 (the source keeps control of its data).
pub fn access_lists(ctx: &mut Ctx, e: &Envelope) {
    for (i, d) in e.access.deny.iter().enumerate() {
        if *d == e.source {
            ctx.error_at("ACCESS.DENY_SENDER", format!("/access/deny/{i}"), [d]);
        }
        if e.access.allow.contains(d) {
            ctx.error_at("ACCESS.ALLOW_AND_DENY", format!("/access/deny/{i}"), [d]);
        }
    }
    if let Recipients::Ncbs(list) = &e.recipients {
        for (i, r) in list.iter().enumerate() {
            if !e.access.permits(e.source, *r) {
                ctx.warning_at("ACCESS.RECIPIENT_DENIED", format!("/recipients/ncbs/{i}"), [r]);
            }
        }
    }
}

/// Handling markings use the codes of their scheme; Europol H3, UK `C` and
/// free-text markings carry their instruction.
///
/// Source: standards.md 4 (TLP 2.0, Europol H0–H3, UK 3x5x2) and 8.
pub fn handling_markings(ctx: &mut Ctx, e: &Envelope) {
    for (i, m) in e.handling.iter().enumerate() {
        marking(ctx, m, i);
    }
}

fn marking(ctx: &mut Ctx, m: &HandlingMarking, i: usize) {
    let code = m.code.as_deref().unwrap_or("");
    let (known, needs_text, scheme) = match m.scheme {
        HandlingScheme::Tlp2 => (
            matches!(code, "CLEAR" | "GREEN" | "AMBER" | "AMBER+STRICT" | "RED"),
            false,
            "tlp-2.0",
        ),
        HandlingScheme::EuropolHc => (matches!(code, "H0" | "H1" | "H2" | "H3"), code == "H3", "europol-hc"),
        HandlingScheme::Uk3x5x2 => (matches!(code, "P" | "C"), code == "C", "uk-3x5x2"),
        HandlingScheme::FreeText => (code.is_empty(), true, "free-text"),
        // Reported as FIELD.UNKNOWN_VALUE; its codes are a later version's.
        HandlingScheme::Unrecognised(_) => return,
    };
    if !known {
        ctx.error_at("MARKING.CODE_UNKNOWN", format!("/handling/{i}/code"), [scheme, code]);
    }
    if needs_text && m.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        ctx.error("MARKING.TEXT_REQUIRED", format!("/handling/{i}/text"));
    }
}

/// How long a notice may be kept from its creation: five years (RPD Art 49).
pub const RETENTION_MONTHS: u32 = 60;

/// How long before its expiry the source reviews a notice: six months
/// (RPD Art 50).
pub const REVIEW_MONTHS_BEFORE_EXPIRY: u32 = 6;

/// The latest expiry [`retention`] accepts for a document created at
/// `created` (`None` past the calendar's end).
///
/// ```
/// use ncblink::validate::rules::envelope::latest_expiry;
/// let created = "2026-01-31T00:00:00Z".parse().unwrap();
/// assert_eq!(latest_expiry(created).unwrap().to_rfc3339(), "2031-01-31T00:00:00+00:00");
/// ```
pub fn latest_expiry(created: DateTime<Utc>) -> Option<DateTime<Utc>> {
    created.checked_add_months(Months::new(RETENTION_MONTHS))
}

/// The latest review date [`retention`] accepts for a document expiring at
/// `expires`.
pub fn latest_review(expires: DateTime<Utc>) -> Option<DateTime<Utc>> {
    expires.checked_sub_months(Months::new(REVIEW_MONTHS_BEFORE_EXPIRY))
}

/// A notice is kept at most five years from creation; the source reviews
/// it six months before expiry; nothing past its expiry is transmitted.
///
/// Source: RPD Arts 49–50 (domain.md 2.4, retention) and 5.6(4).
pub fn retention(ctx: &mut Ctx, e: &Envelope) {
    let Some(expires) = e.expires else {
        if matches!(e.body, Body::Notice(_)) {
            ctx.error("RETENTION.EXPIRY_MISSING", "/expires");
        }
        return;
    };
    if expires <= ctx.now() {
        ctx.error_at("RETENTION.EXPIRED", "/expires", [expires.date_naive()]);
    }
    if let Some(limit) = latest_expiry(e.created)
        && expires > limit
    {
        ctx.error_at("RETENTION.EXPIRY_TOO_LATE", "/expires", [expires.date_naive()]);
    }
    if let Some(review_by) = latest_review(expires) {
        match e.review_due {
            Some(r) if r <= review_by => {}
            // Without a review date the data would silently lapse.
            _ if matches!(e.body, Body::Notice(_)) || e.review_due.is_some() => {
                ctx.error_at("RETENTION.REVIEW_DUE", "/review_due", [review_by.date_naive()])
            }
            _ => {}
        }
    }
}

/// Every envelope rule, then the body's.
pub fn check(e: &Envelope, ctx: &mut Ctx) {
    recipients(ctx, e);
    access_lists(ctx, e);
    handling_markings(ctx, e);
    retention(ctx, e);
    match &e.body {
        Body::Notice(n) => {
            let base = "/body/notice";
            super::identifiers::minimum_identifiers(ctx, n, base);
            if let crate::model::Notice::Red(r) = n {
                super::red::check(ctx, r, "/body/notice/red");
            }
            super::notices::yellow_police_report(ctx, n, base);
            super::notices::orange_subject(ctx, n, base);
            super::notices::silver_assets(ctx, n, base);
            super::notices::black_age_range(ctx, n, base);
            if let Some(p) = n.subject() {
                let sub = match n {
                    crate::model::Notice::UnSpecial(_) => {
                        format!("{base}/un_special/subject/person")
                    }
                    _ => format!("{base}/{}/subject", n.notice_type().as_str()),
                };
                super::notices::measurements(ctx, p, &sub);
            }
            super::text::notice(ctx, n, base);
        }
        Body::Diffusion(d) => {
            let base = "/body/diffusion";
            super::notices::diffusion_wanted_person(ctx, d, base);
            if let Some(p) = &d.subject {
                super::notices::measurements(ctx, p, "/body/diffusion/subject");
            }
            if let Some(j) = &d.judicial {
                super::red::judicial_data_present(ctx, j, "/body/diffusion/judicial");
                super::red::excluded_offences(ctx, j, "/body/diffusion/judicial");
            }
            super::text::diffusion(ctx, d, base);
        }
        // Reported as FIELD.UNKNOWN_MEMBER; its rules are a later version's.
        Body::Message(_) | Body::Unknown { .. } => {}
    }
}
