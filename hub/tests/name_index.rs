//! The name index (issue 11): a name search reads the notices that share
//! an index term with the name, not every notice, and finds what scoring
//! every notice finds. Invented names only.

mod common;

use std::collections::BTreeSet;

use common::{person, red_notice};
use ncblink::model::NoticeStatus;
use ncblink::names::{NAME_MATCH_THRESHOLD, best_score, name_keys};
use ncblink::sign::SignedEnvelope;
use ncblink::wire::NoticeRecord;
use ncblink_hub::config::DbLocation;
use ncblink_hub::db::Db;
use ncblink_hub::db::notices::{self, Filter, name_candidates, scan_named, terms_of};

const NOTICES: usize = 2_000;

/// An invented family name: 6 to 9 letters, consonants and vowels
/// alternating, from a fixed pseudo-random sequence.
fn family_name(i: usize) -> String {
    const C: &[u8] = b"bcdfghklmnprstvz";
    const V: &[u8] = b"aeiou";
    let mut x = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let mut next = |n: usize| {
        x ^= x >> 29;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 32;
        (x % n as u64) as usize
    };
    let len = 6 + next(4);
    let mut n = String::with_capacity(len);
    for k in 0..len {
        let set = if k % 2 == 0 { C } else { V };
        n.push(set[next(set.len())] as char);
    }
    n[..1].to_ascii_uppercase() + &n[1..]
}

fn forename(i: usize) -> &'static str {
    ["Jean", "Maria", "Omar", "Sergei", "Anna", "Piotr", "Lucia", "Hans"][i % 8]
}

fn stored() -> Db {
    let db = Db::open(&DbLocation::Memory, 1).unwrap();
    db.with_writer(|conn| {
        let tx = conn.transaction()?;
        for i in 0..NOTICES {
            let env = red_notice("FR", person(&family_name(i), forename(i), "1970-01-01"), 60);
            let record = NoticeRecord {
                id: env.id,
                notice_id: None,
                status: NoticeStatus::Published,
                status_history: Vec::new(),
                report: Default::default(),
                suspended_until: None,
                envelope: SignedEnvelope::from_json(&serde_json::to_vec(&env).unwrap()).unwrap(),
            };
            notices::insert(&tx, &record, common::now())?;
        }
        tx.commit()?;
        Ok(())
    })
    .unwrap();
    db
}

/// The rows whose names score at or above the threshold, read with or
/// without the index, and how many rows were read.
fn search(db: &Db, name: &str, indexed: bool) -> (BTreeSet<i64>, usize) {
    let keys = name_keys(name);
    let terms = terms_of(&keys);
    db.with_writer(|conn| {
        let (mut after, mut read, mut found) = (0, 0, BTreeSet::new());
        let terms = indexed.then_some(terms.as_slice());
        while let Some((last, rows)) = scan_named(conn, after, &Filter::default(), terms, 512)? {
            after = last;
            read += rows.len();
            for r in rows {
                if best_score(&keys, &r.name_keys) >= NAME_MATCH_THRESHOLD {
                    found.insert(r.seq);
                }
            }
        }
        Ok((found, read))
    })
    .unwrap()
}

#[test]
fn a_name_search_reads_its_candidates_only_and_finds_what_a_full_scan_finds() {
    let db = stored();
    // Stored names, as written, misspelt (a letter changed, one doubled), in another order.
    let mut queries = Vec::new();
    for i in [7, 404, 1_234, 1_999] {
        let (f, g) = (family_name(i), forename(i));
        let mut typo = f.clone().into_bytes();
        typo[3] = if typo[3] == b'x' { b'y' } else { b'x' };
        queries.push(format!("{f} {g}"));
        queries.push(format!("{g} {}", f.to_uppercase()));
        queries.push(format!("{} {g}", String::from_utf8(typo).unwrap()));
        queries.push(format!("{}{} {g}", f, &f[f.len() - 1..]));
    }
    queries.push("Nobody Known".into());
    let mut most = 0;
    for q in &queries {
        let q = q.as_str();
        let (full, all_rows) = search(&db, q, false);
        let (indexed, read) = search(&db, q, true);
        assert_eq!(all_rows, NOTICES);
        assert_eq!(indexed, full, "{q}");
        most = most.max(read);
        println!("{q}: {} found, {read} of {NOTICES} notices read", indexed.len());
    }
    assert!(most < NOTICES / 2, "the index read {most} of {NOTICES} notices");
    let q = format!("{} {}", family_name(404), forename(404));
    assert!(!search(&db, &q, true).0.is_empty(), "{q}");
}

#[test]
fn sqlite_reads_the_candidates_by_key_and_never_scans_the_notices() {
    let db = stored();
    let terms = terms_of(&name_keys(&format!("{} {}", family_name(404), forename(404))));
    db.with_writer(|conn| {
        let plan: Vec<String> = conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT DISTINCT notice FROM notice_terms
                 WHERE term IN (SELECT value FROM json_each(?1)) AND notice > ?2 ORDER BY notice LIMIT ?3",
            )?
            .query_map(rusqlite::params![serde_json::to_string(&terms).unwrap(), 0, 512], |r| {
                r.get::<_, String>(3)
            })?
            .collect::<Result<_, _>>()?;
        assert!(plan.iter().any(|p| p.contains("SEARCH notice_terms")), "{plan:?}");
        assert!(!plan.iter().any(|p| p.contains("SCAN notice")), "{plan:?}");
        let few = name_candidates(conn, &terms, 0, u32::MAX)?;
        assert!(!few.is_empty() && few.len() < NOTICES / 2, "{}", few.len());
        Ok(())
    })
    .unwrap();
}
