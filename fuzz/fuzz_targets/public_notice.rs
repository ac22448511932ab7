//! Documents of INTERPOL's public Notices service, imported as envelopes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncblink::interop::{ImportOptions, import_json};

fuzz_target!(|data: &[u8]| {
    let options = ImportOptions::new(Some("FR".parse().expect("a code")));
    let _ = import_json(data, &options);
});
