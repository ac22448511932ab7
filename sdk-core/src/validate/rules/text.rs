//! Free text carries its language, and what is to be published can be read
//! in a working language.

use crate::model::LocalizedText;
use crate::model::envelope::Diffusion;
use crate::model::notice::Notice;
use crate::validate::Ctx;

/// Publication needs at least one working-language rendering: a text in
/// another language without a translation is a warning (the General
/// Secretariat will translate it, with delay).
///
/// Source: domain.md 4 and 5.6(3); General Regulations Art 54 (languages).
pub fn working_language_rendering(ctx: &mut Ctx, t: &LocalizedText, pointer: impl FnOnce() -> String) {
    if t.language.working_language().is_none() && t.translations.is_empty() {
        ctx.warning_at("TEXT.NO_WORKING_LANGUAGE", pointer(), [t.language.as_str()]);
    }
}

/// The main free texts of a notice, with their pointers under `base`.
pub fn notice_texts<'a>(n: &'a Notice, base: &str) -> Vec<(String, &'a LocalizedText)> {
    let mut out = Vec::new();
    match n {
        Notice::Red(r) => {
            out.push((
                format!("{base}/red/judicial/summary_of_facts"),
                &r.judicial.summary_of_facts,
            ));
            for (i, c) in r.judicial.charges.iter().enumerate() {
                out.push((format!("{base}/red/judicial/charges/{i}/description"), &c.description));
            }
        }
        Notice::Yellow(y) => {
            if let Some(c) = &y.event.circumstances {
                out.push((format!("{base}/yellow/event/circumstances"), c));
            }
        }
        Notice::Blue(b) => {
            out.push((format!("{base}/blue/information_sought"), &b.information_sought));
            if let Some(f) = &b.facts {
                out.push((format!("{base}/blue/facts"), f));
            }
        }
        Notice::Black(b) => {
            if let Some(c) = &b.discovery.circumstances {
                out.push((format!("{base}/black/discovery/circumstances"), c));
            }
        }
        Notice::Green(g) => out.push((format!("{base}/green/facts"), &g.facts)),
        Notice::Orange(o) => out.push((format!("{base}/orange/description"), &o.description)),
        Notice::Purple(p) => out.push((format!("{base}/purple/modus_operandi"), &p.modus_operandi)),
        Notice::Silver(s) => {
            for (i, a) in s.assets.iter().enumerate() {
                out.push((format!("{base}/silver/assets/{i}/description"), &a.description));
            }
        }
        Notice::UnSpecial(u) => {
            if let Some(m) = &u.main_activity {
                out.push((format!("{base}/un_special/main_activity"), m));
            }
        }
    }
    out
}

/// Checks the texts of a notice.
pub fn notice(ctx: &mut Ctx, n: &Notice, base: &str) {
    // Most notices are written in a working language: only collect the
    // texts (and their pointers) when one is not.
    let needs_look = |t: &LocalizedText| t.language.working_language().is_none() && t.translations.is_empty();
    let any = match n {
        Notice::Red(r) => {
            needs_look(&r.judicial.summary_of_facts) || r.judicial.charges.iter().any(|c| needs_look(&c.description))
        }
        _ => true,
    };
    if !any {
        return;
    }
    for (ptr, t) in notice_texts(n, base) {
        working_language_rendering(ctx, t, || ptr);
    }
}

/// Checks the text of a diffusion.
pub fn diffusion(ctx: &mut Ctx, d: &Diffusion, base: &str) {
    working_language_rendering(ctx, &d.text, || format!("{base}/text"));
}
