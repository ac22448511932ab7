//! Whether a person is a possible match for a check, and why: the name
//! and at least one corroborating identifier (date of birth, nationality,
//! document number), or a name alike enough on its own
//! ([`NAME_ONLY_THRESHOLD`]: the same words up to transliteration and
//! order). A date of birth that cannot be the same day rules the person
//! out whatever the name; a nationality or document that differs proves
//! nothing (people change both) and only fails to corroborate.
//!
//! ```
//! use ncblink::names::person::{PersonFacts, person_match};
//! use ncblink::names::name_keys;
//! use ncblink::model::query::MatchEvidence;
//!
//! let notice = name_keys("KOWALSKI, Zbigniew Adam");
//! let born = "1970-03-01".parse().unwrap();
//! let record = PersonFacts { keys: &notice, date_of_birth: Some(&born), ..PersonFacts::default() };
//! let query = name_keys("Kowalsky Zbigniew");
//! let year = "1970".parse().unwrap();
//! let check = PersonFacts { keys: &query, date_of_birth: Some(&year), ..PersonFacts::default() };
//! let m = person_match(&check, &record).unwrap();
//! assert_eq!(m.evidence, [MatchEvidence::Name, MatchEvidence::DateOfBirth]);
//! // The same name without a date of birth is not enough.
//! let bare = PersonFacts { keys: &query, ..PersonFacts::default() };
//! assert!(person_match(&bare, &record).is_none());
//! ```

use super::{NAME_MATCH_THRESHOLD, NAME_ONLY_THRESHOLD, best_score, dates_compatible};
use crate::model::query::MatchEvidence;
use crate::model::{CountryCode, PartialDate};

/// What is known of a person, on either side of a check.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonFacts<'a> {
    /// The keys of the person's names ([`super::name_keys`]).
    pub keys: &'a [String],
    /// Date of birth.
    pub date_of_birth: Option<&'a PartialDate>,
    /// Nationalities.
    pub nationalities: &'a [CountryCode],
    /// Document numbers, as [`super::identifier_key`] gives them.
    pub documents: &'a [String],
}

/// A possible match: the name score and the evidence, name first.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonMatch {
    /// The name score, 0 to 1.
    pub score: f64,
    /// What agreed: the name, then the identifiers that corroborate it.
    pub evidence: Vec<MatchEvidence>,
}

/// Whether `candidate` is a possible match for `query` (see the module).
pub fn person_match(query: &PersonFacts<'_>, candidate: &PersonFacts<'_>) -> Option<PersonMatch> {
    let mut evidence = Vec::new();
    if let (Some(q), Some(c)) = (query.date_of_birth, candidate.date_of_birth) {
        if !dates_compatible(q, c) {
            return None;
        }
        evidence.push(MatchEvidence::DateOfBirth);
    }
    if query.nationalities.iter().any(|n| candidate.nationalities.contains(n)) {
        evidence.push(MatchEvidence::Nationality);
    }
    if query
        .documents
        .iter()
        .any(|d| !d.is_empty() && candidate.documents.contains(d))
    {
        evidence.push(MatchEvidence::Document);
    }
    let score = best_score(query.keys, candidate.keys);
    let enough = if evidence.is_empty() {
        NAME_ONLY_THRESHOLD
    } else {
        NAME_MATCH_THRESHOLD
    };
    if score < enough {
        return None;
    }
    evidence.insert(0, MatchEvidence::Name);
    Some(PersonMatch { score, evidence })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::name_keys;

    #[test]
    fn a_conflicting_date_of_birth_rules_out_even_the_same_name() {
        let k = name_keys("Ivanov Sergei");
        let (a, b) = ("1970".parse().unwrap(), "1971-01-01".parse().unwrap());
        let q = PersonFacts {
            keys: &k,
            date_of_birth: Some(&a),
            ..Default::default()
        };
        let c = PersonFacts {
            keys: &k,
            date_of_birth: Some(&b),
            ..Default::default()
        };
        assert!(person_match(&q, &c).is_none());
    }

    #[test]
    fn a_nationality_or_document_corroborates_a_close_name() {
        let q = name_keys("Ivanof Sergei");
        let c = name_keys("Иванов Сергей");
        let ru: Vec<CountryCode> = vec!["RU".parse().unwrap()];
        let docs = vec!["751234567".to_string()];
        let bare = PersonFacts {
            keys: &q,
            ..Default::default()
        };
        let by_nat = PersonFacts {
            keys: &q,
            nationalities: &ru,
            ..Default::default()
        };
        let by_doc = PersonFacts {
            keys: &q,
            documents: &docs,
            ..Default::default()
        };
        let record = PersonFacts {
            keys: &c,
            nationalities: &ru,
            documents: &docs,
            ..Default::default()
        };
        assert!(person_match(&bare, &record).is_none());
        assert_eq!(
            person_match(&by_nat, &record).unwrap().evidence,
            [MatchEvidence::Name, MatchEvidence::Nationality]
        );
        assert_eq!(
            person_match(&by_doc, &record).unwrap().evidence,
            [MatchEvidence::Name, MatchEvidence::Document]
        );
        // The exact name needs nothing else.
        let exact = name_keys("Sergei IVANOV");
        let m = person_match(
            &PersonFacts {
                keys: &exact,
                ..Default::default()
            },
            &record,
        )
        .unwrap();
        assert_eq!((m.score, m.evidence), (1.0, vec![MatchEvidence::Name]));
    }
}
