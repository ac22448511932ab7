//! sdk-core's canonical form against the RFC 8785 vectors in
//! tests/conformance/jcs (Appendix B numbers, the 3.2.2 and 3.2.3 examples),
//! the same files the independent Python signer is checked against.

use std::path::PathBuf;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/jcs")
}

#[test]
fn numbers_take_the_rfc_8785_form() {
    let text = std::fs::read_to_string(folder().join("numbers.tsv")).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (bits, want) = line.split_once('\t').unwrap();
        let value = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        let got = ncblink::sign::canonical(&serde_json::json!(value)).unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), want, "{bits}");
        // The same number written as JSON text reads back to the same form.
        let parsed = ncblink::sign::parse_strict(format!("[{value:e}]").as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(ncblink::sign::canonical(&parsed).unwrap()).unwrap(),
            format!("[{want}]")
        );
        n += 1;
    }
    assert_eq!(n, 24);
}

#[test]
fn strings_and_member_order_take_the_rfc_8785_form() {
    let text = std::fs::read_to_string(folder().join("strings.json")).unwrap();
    let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let got = ncblink::sign::canonical(&ncblink::sign::parse_strict(input.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            case["output"].as_str().unwrap(),
            "{}",
            case["name"]
        );
    }
}
