//! Red Notice conditions, RPD Art 83 (domain.md 2.2).

use super::at;
use crate::model::judicial::{Charge, JudicialData, ProsecutionOrSentence};
use crate::model::notice::RedNotice;
use crate::validate::Ctx;

/// Prosecution: the conduct is punishable by at least two years.
pub const MIN_PROSECUTION_MONTHS: u32 = 24;
/// Sentence: at least six months imposed and/or remaining.
pub const MIN_SENTENCE_MONTHS: u32 = 6;

/// Judicial data present: summary of facts, charges, the law with its
/// maximum penalty (or the sentence), and a warrant or judicial decision.
///
/// Source: RPD Art 83(2)(b).
pub fn judicial_data_present(ctx: &mut Ctx, j: &JudicialData, base: &str) {
    if j.summary_of_facts.text.trim().is_empty() {
        ctx.error("RPD83.FACTS", at(base, "summary_of_facts/text"));
    }
    if j.charges.is_empty() {
        ctx.error("RPD83.CHARGES", at(base, "charges"));
    }
    for (i, c) in j.charges.iter().enumerate() {
        if c.legal_provisions.trim().is_empty() {
            ctx.error("RPD83.LEGAL_PROVISIONS", format!("{base}/charges/{i}/legal_provisions"));
        }
        if j.purpose == ProsecutionOrSentence::Prosecution && c.max_penalty_months.is_none() {
            ctx.error("RPD83.MAX_PENALTY", format!("{base}/charges/{i}/max_penalty_months"));
        }
    }
    if j.purpose == ProsecutionOrSentence::ServeSentence && j.sentence.is_none() {
        ctx.error("RPD83.SENTENCE", at(base, "sentence"));
    }
    if j.warrants.is_empty() {
        ctx.error("RPD83.WARRANT", at(base, "warrants"));
    }
}

/// Penalty threshold: prosecution for conduct punishable by at least two
/// years; or a sentence of at least six months, and/or at least six months
/// remaining. The General Secretariat may publish below it when the case is
/// of particular importance: with `gs_exception_requested` the violation is
/// a warning for the reviewer.
///
/// Source: RPD Art 83(1)(b) (criterion 2, penalty threshold), whose last
/// limb lets the General Secretariat publish a case of particular
/// importance below it (domain.md 2.2).
pub fn penalty_threshold(ctx: &mut Ctx, r: &RedNotice, base: &str) {
    let j = &r.judicial;
    let (months, min, ptr) = match j.purpose {
        ProsecutionOrSentence::Prosecution => {
            // The most serious admissible charge decides (an excluded one
            // will be dropped); missing penalties are reported by
            // judicial_data_present.
            let Some((i, m)) = j
                .charges
                .iter()
                .enumerate()
                .filter(|(_, c)| !is_excluded(c))
                .filter_map(|(i, c)| c.max_penalty_months.map(|m| (i, m)))
                .max_by_key(|(_, m)| *m)
            else {
                return;
            };
            (
                m,
                MIN_PROSECUTION_MONTHS,
                format!("{base}/charges/{i}/max_penalty_months"),
            )
        }
        // Reported as FIELD.UNKNOWN_VALUE; its threshold is a later version's.
        ProsecutionOrSentence::Unrecognised(_) => return,
        ProsecutionOrSentence::ServeSentence => {
            let Some(s) = &j.sentence else { return };
            (
                s.imposed_months.max(s.remaining_months),
                MIN_SENTENCE_MONTHS,
                at(base, "sentence"),
            )
        }
    };
    if months < min {
        let args = [months.to_string(), min.to_string()];
        if r.gs_exception_requested {
            ctx.warning_at("RPD83.PENALTY_THRESHOLD", ptr, args);
        } else {
            ctx.error_at("RPD83.PENALTY_THRESHOLD", ptr, args);
        }
    }
}

/// Whether Art 83(1)(a) excludes the charge: its category is excluded and
/// no link to serious or organised crime lifts the exclusion.
pub fn is_excluded(c: &Charge) -> bool {
    c.category.is_excluded() && !(c.linked_to_serious_crime && c.category.exclusion_lifts_when_linked())
}

/// Excluded offence categories: no Red Notice for offences that raise
/// controversial issues of behavioural or cultural norms (prostitution,
/// surrogacy, adultery, pornography and offences damaging honour unless
/// linked to serious crime, drug possession for personal use), family or
/// private matters (bigamy, family maintenance), or violations of
/// administrative law and private disputes (immigration offences, unfunded
/// cheques) unless linked to serious or organised crime.
///
/// When every charge is excluded the request is refused
/// (`RPD83.EXCLUDED_OFFENCE`, an error); an excluded charge beside
/// admissible ones is a warning that the General Secretariat will drop
/// that charge and publish on the others (`RPD83.EXCLUDED_CHARGE`).
///
/// Source: RPD Art 83(1)(a) (domain.md 2.2, criterion 1) and the General
/// Secretariat's non-exhaustive list of offences in those categories.
pub fn excluded_offences(ctx: &mut Ctx, j: &JudicialData, base: &str) {
    let count = j.charges.iter().filter(|c| is_excluded(c)).count();
    for (i, c) in j.charges.iter().enumerate() {
        if is_excluded(c) {
            let ptr = format!("{base}/charges/{i}/category");
            if count == j.charges.len() {
                ctx.error_at("RPD83.EXCLUDED_OFFENCE", ptr, [c.category.as_str()]);
            } else {
                ctx.warning_at("RPD83.EXCLUDED_CHARGE", ptr, [c.category.as_str()]);
            }
        }
    }
}

/// The requesting NCB assures that extradition will be sought when the
/// person is found (and, on a Red Notice, names the countries it will be
/// sought from when it knows them).
///
/// Source: RPD Art 84 (assurances given by the requesting NCB), applied to
/// Red Notices and to wanted-person diffusions, which meet the same
/// conditions (diffusion chapter, Arts 97–101; domain.md 2.1 and 5.5).
pub fn extradition_assurance(ctx: &mut Ctx, j: &JudicialData, base: &str) {
    if !j.extradition_will_be_sought {
        ctx.error("RPD84.EXTRADITION_ASSURANCE", at(base, "extradition_will_be_sought"));
    }
}

/// Every Red Notice rule.
pub fn check(ctx: &mut Ctx, r: &RedNotice, base: &str) {
    let j = at(base, "judicial");
    judicial_data_present(ctx, &r.judicial, &j);
    penalty_threshold(ctx, r, &j);
    excluded_offences(ctx, &r.judicial, &j);
    extradition_assurance(ctx, &r.judicial, &j);
}
