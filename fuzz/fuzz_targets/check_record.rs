//! Check and record bodies as the hub's check and record routes read
//! them, with the rules run on what parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncblink::model::query::{Check, PersonCheck, Record};

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = ncblink::json::parse::<Check>(data) {
        let _ = ncblink::validate::validate(&c);
    }
    if let Ok(r) = ncblink::json::parse::<Record>(data) {
        let _ = ncblink::validate::validate(&r);
    }
    // The names of a person check go through the name keys and scores.
    if let Ok(p) = ncblink::json::parse::<PersonCheck>(data) {
        let name = [p.family_name.as_deref(), p.forenames.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if name.len() <= ncblink::wire::MAX_NAME_BYTES {
            let keys = ncblink::names::name_keys(&name);
            let _ = ncblink::names::best_score(&keys, &keys);
            for k in &keys {
                let _ = ncblink::names::index_terms(k);
            }
        }
    }
});
