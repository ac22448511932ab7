//! Search keys and tolerant matching (standards.md 7): names across scripts
//! and spellings, and the identifiers that database checks compare
//! (document numbers, VINs, serial numbers).
//!
//! A name key is built for *searching only* and is never stored in place of
//! the name: Unicode NFKD, combining marks stripped, a lossy ASCII folding
//! with `deunicode` (so `Иванов` and `Ivanov`, `Müller` and `MULLER` give
//! the same key), lower case, punctuation dropped and the words sorted (so
//! `IVANOV Sergei` and `Sergei Ivanov` match). Keys are compared with
//! Jaro-Winkler, word by word, which tolerates a letter or two of
//! difference. The result is a score, never a yes/no: a hit is a possible
//! match that the owning NCB confirms.
//!
//! What it does not do: it knows no language-specific spelling (`Mueller`
//! matches `Müller` only because one inserted letter keeps the score above
//! the threshold), no phonetic keys, and the folding of Arabic script is a
//! rough romanisation that will often not match the romanisation a
//! national system chose.
//!
//! ```
//! use ncblink::names::{name_key, name_score, NAME_MATCH_THRESHOLD};
//! assert_eq!(name_key("Müller, Hans-Jürgen"), "hans jurgen muller");
//! assert_eq!(name_key("Иванов"), name_key("IVANOV"));
//! assert!(name_score("Dupont", "Dupond") >= NAME_MATCH_THRESHOLD);
//! assert!(name_score("Dupont", "Martin") < NAME_MATCH_THRESHOLD);
//! ```

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::PartialDate;

/// Scores at or above this are reported as possible matches.
pub const NAME_MATCH_THRESHOLD: f64 = 0.88;

/// The search key of a name: folded to lower-case ASCII words, sorted,
/// joined by single spaces. Empty when the name has no letter or digit.
pub fn name_key(name: &str) -> String {
    let stripped: String = name.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let folded = deunicode::deunicode(&stripped).to_ascii_lowercase();
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// How alike two names are, from 0 to 1, after [`name_key`].
pub fn name_score(a: &str, b: &str) -> f64 {
    key_score(&name_key(a), &name_key(b))
}

/// [`name_score`] on keys already computed with [`name_key`] (a store keeps
/// the keys of its names and compares them with this).
///
/// Two measures, the better counts: the whole keys compared, and the words
/// paired one to one (each word of the shorter name with its most alike
/// unused word of the other). A name that is part of the other (`Ivanov`
/// against `Ivanov Sergei`) scores a little below a full match.
pub fn key_score(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let whole = strsim::jaro_winkler(a, b) as f64;
    let (short, long): (Vec<&str>, Vec<&str>) = {
        let wa: Vec<&str> = a.split(' ').collect();
        let wb: Vec<&str> = b.split(' ').collect();
        if wa.len() <= wb.len() { (wa, wb) } else { (wb, wa) }
    };
    let mut used = vec![false; long.len()];
    let mut total = 0.0f64;
    let mut weight = 0.0f64;
    for w in &short {
        let best = long
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, o)| (i, strsim::jaro_winkler(w, o) as f64))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, s)) = best {
            used[i] = true;
            // Long words weigh more: a typo in an initial says little.
            let wt = w.len() as f64;
            total += s * wt;
            weight += wt;
        }
    }
    let paired = if weight > 0.0 { total / weight } else { 0.0 };
    let coverage = short.len() as f64 / long.len() as f64;
    let paired = paired * (0.95 + 0.05 * coverage);
    whole.max(paired)
}

/// Whether two partial dates can denote the same day: the parts both know
/// are equal.
pub fn dates_compatible(a: &PartialDate, b: &PartialDate) -> bool {
    let (ya, ma, da) = parts(a);
    let (yb, mb, db) = parts(b);
    ya == yb && (ma.is_none() || mb.is_none() || ma == mb) && (da.is_none() || db.is_none() || da == db)
}

fn parts(d: &PartialDate) -> (u16, Option<u8>, Option<u8>) {
    use chrono::Datelike;
    match *d {
        PartialDate::Year(y) => (y, None, None),
        PartialDate::YearMonth(y, m) => (y, Some(m), None),
        PartialDate::Full(f) => (f.year() as u16, Some(f.month() as u8), Some(f.day() as u8)),
    }
}

/// The score of a person against a query: the name score, lowered when
/// both dates of birth are known and cannot be the same day. A query or
/// record without a date of birth is scored on the name alone.
pub fn person_score(query_key: &str, query_dob: Option<&PartialDate>, key: &str, dob: Option<&PartialDate>) -> f64 {
    let name = key_score(query_key, key);
    match (query_dob, dob) {
        (Some(q), Some(d)) if !dates_compatible(q, d) => name * 0.7,
        _ => name,
    }
}

/// The key a document number, VIN, engine or serial number is compared
/// by: upper case, without the MRZ filler `<`, spaces and hyphens
/// (`ab-12 345<<` and `AB12345` are the same document).
pub fn identifier_key(id: &str) -> String {
    id.chars()
        .filter(|c| *c != '<' && *c != '-' && !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_scripts_and_word_order() {
        assert_eq!(name_key("MÜLLER"), "muller");
        assert_eq!(name_key("Müller"), name_key("MULLER"));
        assert_eq!(name_key("Иванов Сергей"), name_key("Sergei IVANOV"));
        assert_eq!(name_key("Ivanov, Sergei"), name_key("Sergei Ivanov"));
        // deunicode romanises η as e; the modern romanisation writes i.
        assert_eq!(name_key("Ελένη"), "elene");
        assert!(name_score("Ελένη", "Eleni") >= NAME_MATCH_THRESHOLD);
        assert_eq!(name_key("Robert'); DROP TABLE notices;--"), "drop notices robert table");
        assert_eq!(name_key("  ,;  "), "");
    }

    #[test]
    fn scores_tolerate_small_differences_only() {
        assert_eq!(name_score("Ivanov", "Иванов"), 1.0);
        assert!(name_score("Dupont Jean", "Dupond Jean") >= NAME_MATCH_THRESHOLD);
        assert!(name_score("Mueller", "Müller") >= NAME_MATCH_THRESHOLD);
        assert!(name_score("Ivanov", "Ivanov Sergei") >= NAME_MATCH_THRESHOLD);
        assert!(name_score("Petrov Ivan", "Petrov Yvan") >= NAME_MATCH_THRESHOLD);
        assert!(name_score("Ivanov", "Petrov") < NAME_MATCH_THRESHOLD);
        assert!(name_score("Garcia Maria", "Lopez Juan") < NAME_MATCH_THRESHOLD);
        assert_eq!(name_score("", "Ivanov"), 0.0);
    }

    #[test]
    fn dates_of_birth_lower_the_score_only_when_they_conflict() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        let k = name_key("Ivanov Sergei");
        assert_eq!(person_score(&k, Some(&d("1970")), &k, Some(&d("1970-05-17"))), 1.0);
        assert_eq!(person_score(&k, None, &k, Some(&d("1970-05-17"))), 1.0);
        assert!(person_score(&k, Some(&d("1971")), &k, Some(&d("1970-05-17"))) < NAME_MATCH_THRESHOLD);
        assert!(!dates_compatible(&d("1970-06"), &d("1970-05-17")));
    }

    #[test]
    fn identifier_keys_ignore_fillers_spaces_hyphens_and_case() {
        assert_eq!(identifier_key("ab-12 345<<"), "AB12345");
        assert_eq!(identifier_key("AB12345"), "AB12345");
    }
}
