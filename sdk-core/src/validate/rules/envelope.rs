//! Rules of the envelope: recipients, access restrictions, handling
//! markings and retention; then the rules of what it carries.

use chrono::Months;

use crate::model::Notice;
use crate::model::envelope::{Body, Envelope, HandlingMarking, HandlingScheme, OriginatorKind, Recipients};
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

/// Notices and diffusions are kept at most five years from creation, or
/// from the source's last renewal after review; the source reviews them six
/// months before expiry; nothing past its expiry is transmitted. A UN
/// Special Notice lives as long as the UN listing, so it needs no expiry.
/// A diffusion without an expiry is a warning (earlier versions sent
/// none); with one, it follows the notices' rules.
///
/// Source: RPD Arts 49–50 (domain.md 2.4, retention: five years, renewable
/// by five with a justification after the review) and 5.5 (UNSC: while
/// listed; diffusions: five years).
pub fn retention(ctx: &mut Ctx, e: &Envelope) {
    let un_special = matches!(e.body, Body::Notice(Notice::UnSpecial(_)));
    let reviewed = matches!(e.body, Body::Notice(_) | Body::Diffusion(_)) && !un_special;
    let Some(expires) = e.expires else {
        match e.body {
            Body::Notice(_) if !un_special => ctx.error("RETENTION.EXPIRY_MISSING", "/expires"),
            Body::Diffusion(_) => ctx.warning("RETENTION.EXPIRY_MISSING", "/expires"),
            _ => {}
        }
        return;
    };
    if expires <= ctx.now() {
        ctx.error_at("RETENTION.EXPIRED", "/expires", [expires.date_naive()]);
    }
    let start = match &e.retention_renewal {
        Some(r) => {
            // A renewal is a past act; the period runs from the later of
            // the creation and the renewal.
            if r.renewed > ctx.now() {
                ctx.error_at(
                    "RETENTION.RENEWAL_DATE",
                    "/retention_renewal/renewed",
                    [r.renewed.date_naive()],
                );
            }
            r.renewed.max(e.created)
        }
        None => e.created,
    };
    if !un_special
        && let Some(limit) = start.checked_add_months(Months::new(60))
        && expires > limit
    {
        ctx.error_at("RETENTION.EXPIRY_TOO_LATE", "/expires", [expires.date_naive()]);
    }
    if let Some(review_by) = expires.checked_sub_months(Months::new(6)) {
        match e.review_due {
            Some(r) if r <= review_by => {}
            // Without a review date the data would silently lapse.
            _ if reviewed || e.review_due.is_some() => {
                ctx.error_at("RETENTION.REVIEW_DUE", "/review_due", [review_by.date_naive()])
            }
            _ => {}
        }
    }
}

/// The international entities authorised to request notices through the
/// INTERPOL Information System (RPD Arts 27–28; domain.md 5.1: ICC, UN
/// tribunals).
pub const AUTHORISED_ENTITIES: &[&str] = &["ICC", "IRMCT", "ICTY", "ICTR", "STL", "UNSC"];

/// An NCB originator is the sending NCB; an international entity is one
/// of those authorised (another is a warning: the General Secretariat
/// checks the agreement).
///
/// Source: RPD Arts 27–28 (international entities) and 102–103 (notices
/// published on the General Secretariat's initiative), by the article list
/// of euextraditionlaw.com (domain.md 2.1 sources); domain.md 5.1
/// (`OriginatorRef`).
pub fn originator(ctx: &mut Ctx, e: &Envelope) {
    let Some(o) = &e.originator else { return };
    match o.kind {
        OriginatorKind::Ncb if o.code != e.source.as_str() => {
            ctx.error_at("ORIGINATOR.NOT_SOURCE", "/originator/code", [o.code.as_str()])
        }
        OriginatorKind::InternationalEntity if !AUTHORISED_ENTITIES.contains(&o.code.as_str()) => {
            ctx.warning_at("ORIGINATOR.ENTITY_UNKNOWN", "/originator/code", [o.code.as_str()])
        }
        _ => {}
    }
}

/// Every envelope rule, then the body's.
pub fn check(e: &Envelope, ctx: &mut Ctx) {
    recipients(ctx, e);
    originator(ctx, e);
    access_lists(ctx, e);
    handling_markings(ctx, e);
    super::privacy::markings_fit_publication(ctx, e);
    retention(ctx, e);
    let created = e.created.date_naive();
    match &e.body {
        Body::Notice(n) => {
            let base = "/body/notice";
            super::identifiers::minimum_identifiers(ctx, n, base);
            super::quality::purpose_fits_type(ctx, &e.purpose, n);
            if let Notice::Red(r) = n {
                let b = "/body/notice/red";
                super::red::check(ctx, r, b);
                super::neutrality::article_3_charges(ctx, &r.judicial.charges, "/body/notice/red/judicial/charges");
                super::quality::judicial_dates(ctx, &r.judicial, created, "/body/notice/red/judicial");
                if let Some(d) = &r.judicial.offence_date {
                    super::quality::born_before_event(ctx, &r.subject, d, || {
                        "/body/notice/red/subject/date_of_birth".into()
                    });
                }
                super::privacy::minor(
                    ctx,
                    &r.subject,
                    r.judicial.offence_date.as_ref(),
                    created,
                    "/body/notice/red/subject",
                );
            }
            if let Notice::Silver(s) = n {
                super::neutrality::article_3_charges(ctx, &s.offences, "/body/notice/silver/offences");
            }
            if let Notice::Green(g) = n {
                super::privacy::minor(ctx, &g.subject, None, created, "/body/notice/green/subject");
            }
            if let Notice::Yellow(y) = n {
                super::quality::born_before_event(ctx, &y.subject, &y.event.date, || {
                    "/body/notice/yellow/subject/date_of_birth".into()
                });
            }
            if let Notice::UnSpecial(u) = n {
                super::quality::un_reference(ctx, &u.un_reference, &u.subject, || {
                    "/body/notice/un_special/un_reference".into()
                });
            }
            super::notices::yellow_police_report(ctx, n, base);
            super::privacy::adult_privacy(ctx, n, base);
            super::notices::orange_subject(ctx, n, base);
            super::notices::silver_assets(ctx, n, base);
            super::notices::asset_identifiers(ctx, n, base);
            super::notices::black_age_range(ctx, n, base);
            super::notices::green_assessment(ctx, n, base);
            if let Some(p) = n.subject() {
                let sub = match n {
                    Notice::UnSpecial(_) => format!("{base}/un_special/subject/person"),
                    _ => format!("{base}/{}/subject", n.notice_type().as_str()),
                };
                super::notices::measurements(ctx, p, &sub);
                super::quality::person(ctx, p, &sub);
                super::quality::notice_person_status(ctx, n, p, &sub);
                super::privacy::sensitive_data(ctx, p, super::privacy::is_public(n), &sub);
            }
            for (ptr, t) in super::text::notice_texts(n, base) {
                super::neutrality::keyword_screen(ctx, t, || ptr);
            }
            super::text::notice(ctx, n, base);
        }
        Body::Diffusion(d) => {
            let base = "/body/diffusion";
            super::notices::diffusion_wanted_person(ctx, d, base);
            if let Some(p) = &d.subject {
                let sub = "/body/diffusion/subject";
                super::notices::measurements(ctx, p, sub);
                super::quality::person(ctx, p, sub);
                super::quality::diffusion_person_status(ctx, &d.purpose, p, sub);
                super::privacy::sensitive_data(ctx, p, false, sub);
            }
            if let Some(j) = &d.judicial {
                let jb = "/body/diffusion/judicial";
                super::red::judicial_data_present(ctx, j, jb);
                super::red::excluded_offences(ctx, j, jb);
                super::neutrality::article_3_charges(ctx, &j.charges, "/body/diffusion/judicial/charges");
                super::quality::judicial_dates(ctx, j, created, jb);
                if d.purpose == crate::model::DiffusionPurpose::WantedPerson {
                    super::red::extradition_assurance(ctx, j, jb);
                }
                if let Some(p) = &d.subject {
                    if let Some(o) = &j.offence_date {
                        super::quality::born_before_event(ctx, p, o, || "/body/diffusion/subject/date_of_birth".into());
                    }
                    super::privacy::minor(ctx, p, j.offence_date.as_ref(), created, "/body/diffusion/subject");
                }
                super::neutrality::keyword_screen(ctx, &j.summary_of_facts, || {
                    "/body/diffusion/judicial/summary_of_facts".into()
                });
                for (i, c) in j.charges.iter().enumerate() {
                    super::neutrality::keyword_screen(ctx, &c.description, || {
                        format!("/body/diffusion/judicial/charges/{i}/description")
                    });
                }
            }
            super::neutrality::keyword_screen(ctx, &d.text, || "/body/diffusion/text".into());
            super::text::diffusion(ctx, d, base);
        }
        // Reported as FIELD.UNKNOWN_MEMBER; its rules are a later version's.
        Body::Message(_) | Body::Unknown { .. } => {}
    }
}
