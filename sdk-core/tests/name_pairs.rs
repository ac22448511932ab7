//! Precision and recall of the name matching on the labelled pairs of
//! `tests/names/pairs.tsv` (issue 11): a pair is called alike when its
//! score reaches [`NAME_MATCH_THRESHOLD`], the score at which a
//! corroborating identifier makes a hit. Prints the table per category
//! (`cargo test -p ncblink --test name_pairs -- --nocapture`).

use std::collections::BTreeMap;

use ncblink::names::{NAME_MATCH_THRESHOLD, NAME_ONLY_THRESHOLD, index_terms, name_keys, name_score};

struct Pair {
    same: bool,
    category: String,
    a: String,
    b: String,
}

fn pairs() -> Vec<Pair> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/names/pairs.tsv");
    let text = std::fs::read_to_string(path).expect("tests/names/pairs.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "four columns: {l}");
            assert!(f[0] == "same" || f[0] == "diff", "label: {l}");
            Pair {
                same: f[0] == "same",
                category: f[1].to_string(),
                a: f[2].to_string(),
                b: f[3].to_string(),
            }
        })
        .collect()
}

#[derive(Default)]
struct Counts {
    tp: u32,
    fp: u32,
    tn: u32,
    fn_: u32,
}

impl Counts {
    fn add(&mut self, same: bool, alike: bool) {
        match (same, alike) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    fn precision(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(&self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

#[test]
fn precision_and_recall_reach_095_on_the_labelled_pairs() {
    let pairs = pairs();
    assert!(pairs.len() >= 300, "{} pairs", pairs.len());
    let mut by_category: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut all = Counts::default();
    let mut name_only = Counts::default();
    for p in &pairs {
        let score = name_score(&p.a, &p.b);
        let alike = score >= NAME_MATCH_THRESHOLD;
        if alike != p.same {
            println!(
                "miss ({}): {:.3}  {}  |  {}",
                if p.same { "same" } else { "diff" },
                score,
                p.a,
                p.b
            );
        }
        by_category.entry(&p.category).or_default().add(p.same, alike);
        all.add(p.same, alike);
        name_only.add(p.same, score >= NAME_ONLY_THRESHOLD);
    }
    println!("\n| category | pairs | same | alike/same | different | alike/different |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (c, n) in &by_category {
        println!(
            "| {c} | {} | {} | {} | {} | {} |",
            n.tp + n.fp + n.tn + n.fn_,
            n.tp + n.fn_,
            n.tp,
            n.tn + n.fp,
            n.fp
        );
    }
    println!(
        "\nat {NAME_MATCH_THRESHOLD} (with a corroborating identifier): precision {:.3}, recall {:.3} ({} pairs)",
        all.precision(),
        all.recall(),
        pairs.len()
    );
    println!(
        "at {NAME_ONLY_THRESHOLD} (name alone): precision {:.3}, recall {:.3}",
        name_only.precision(),
        name_only.recall()
    );
    assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.95, "recall {:.3}", all.recall());
    assert!(
        name_only.precision() >= 0.99,
        "name alone: precision {:.3}",
        name_only.precision()
    );
}

/// The name index finds every name that scores at or above the
/// threshold: alike keys share an index term.
#[test]
fn alike_names_share_an_index_term() {
    for p in pairs() {
        if name_score(&p.a, &p.b) < NAME_MATCH_THRESHOLD {
            continue;
        }
        let terms = |n: &str| name_keys(n).iter().flat_map(|k| index_terms(k)).collect::<Vec<_>>();
        let (ta, tb) = (terms(&p.a), terms(&p.b));
        assert!(ta.iter().any(|t| tb.contains(t)), "{} | {}", p.a, p.b);
    }
}
