//! Envelopes as a hub or an inbox receives them: the signed-envelope
//! parser, and validation of any document kind.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ncblink::sign::SignedEnvelope::from_json(data);
    let _ = ncblink::validate::validate_json_auto(data);
});
