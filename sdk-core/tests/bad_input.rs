//! Bad input to the public entry points: each gets a clear error naming the
//! field, never a panic or a stack overflow.

use ncblink::validate::{DocumentKind, validate_json, validate_json_auto};

fn red_notice() -> serde_json::Value {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/valid/red-notice.json"
    ))
    .unwrap();
    serde_json::from_slice(&text).unwrap()
}

fn first(kind: DocumentKind, input: &[u8]) -> (String, String) {
    let report = validate_json(kind, input);
    assert!(!report.is_ok(), "expected an error");
    let v = &report.violations[0];
    (v.code.to_string(), v.pointer.clone())
}

#[test]
fn unknown_field_is_named() {
    // Read (a later minor version may add it), reported to the sender.
    let mut doc = red_notice();
    doc["body"]["notice"]["red"]["subject"]["shoe_size"] = 44.into();
    let (code, ptr) = first(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
    assert_eq!(
        (code.as_str(), ptr.as_str()),
        ("FIELD.UNKNOWN_MEMBER", "/body/notice/red/subject/shoe_size")
    );
}

#[test]
fn unknown_major_version_is_refused_naming_it() {
    let mut doc = red_notice();
    doc["schema_version"] = "2.0".into();
    let report = validate_json(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
    let v = &report.violations[0];
    assert_eq!(
        (v.code.as_ref(), v.pointer.as_str()),
        ("DOCUMENT.VERSION_UNSUPPORTED", "/schema_version")
    );
    assert!(v.args[0].contains("2.0"), "{:?}", v.args);
    let err = ncblink::json::parse::<ncblink::model::Envelope>(&serde_json::to_vec(&doc).unwrap()).unwrap_err();
    assert!(
        err.message.contains("unsupported contract version 2.0"),
        "{}",
        err.message
    );
}

#[test]
fn wrong_types_are_named() {
    for (path, value, want) in [
        (
            "/body/notice/red/subject/sex",
            serde_json::json!(1),
            "/body/notice/red/subject/sex",
        ),
        (
            "/body/notice/red/subject/nationalities",
            serde_json::json!("FR"),
            "/body/notice/red/subject/nationalities",
        ),
        (
            "/body/notice/red/judicial/charges/0/max_penalty_months",
            serde_json::json!(-5),
            "/body/notice/red/judicial/charges/0/max_penalty_months",
        ),
        ("/created", serde_json::json!(null), "/created"),
        ("/id", serde_json::json!("not-a-uuid"), "/id"),
    ] {
        let mut doc = red_notice();
        *doc.pointer_mut(path).unwrap() = value;
        let (code, ptr) = first(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
        assert!(code == "FIELD.TYPE" || code == "FIELD.INVALID", "{path}: {code}");
        assert_eq!(ptr, want);
    }
}

#[test]
fn missing_field_is_named() {
    let mut doc = red_notice();
    doc["body"]["notice"]["red"].as_object_mut().unwrap().remove("judicial");
    let (code, ptr) = first(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
    assert_eq!(
        (code.as_str(), ptr.as_str()),
        ("FIELD.MISSING", "/body/notice/red/judicial")
    );
}

#[test]
fn invalid_utf8_is_refused() {
    let input = b"{\"document_check\": {\"number\": \"\xc3\x28\", \"issuing_state\": \"FRA\"}}";
    let (code, _) = first(DocumentKind::Check, input);
    assert_eq!(code, "JSON.INVALID_UTF8");
    assert!(validate_json_auto(input).has("JSON.INVALID_UTF8"));
}

#[test]
fn nesting_100000_deep_is_an_error_not_a_stack_overflow() {
    let deep = |open: &[u8], close: &[u8]| {
        let mut v = b"{\"document_check\": {\"issuing_state\": \"FRA\", \"number\": ".to_vec();
        v.extend(std::iter::repeat_n(open, 100_000).flatten());
        v.extend(std::iter::repeat_n(close, 100_000).flatten());
        v.extend_from_slice(b"}}");
        v
    };
    for input in [deep(b"[", b"]"), deep(b"{\"a\":", b"}")] {
        let (code, ptr) = first(DocumentKind::Check, &input);
        assert_eq!((code.as_str(), ptr.as_str()), ("FIELD.TYPE", "/document_check/number"));
    }
    // Where any value is acceptable (kind detection), serde_json's recursion
    // limit answers.
    let mut bare = vec![b'['; 100_000];
    bare.extend(vec![b']'; 100_000]);
    assert!(validate_json_auto(&bare).has("JSON.TOO_DEEP"));
    for kind in DocumentKind::ALL {
        assert!(!validate_json(kind, &bare).is_ok());
    }
}

#[test]
fn a_50_mb_string_is_named_as_too_long() {
    let mut doc = red_notice();
    doc["body"]["notice"]["red"]["subject"]["place_of_birth"] = "A".repeat(50 * 1024 * 1024).into();
    let input = serde_json::to_vec(&doc).unwrap();
    let report = validate_json(DocumentKind::Envelope, &input);
    // Over the document limit: refused before parsing, memory bounded,
    // whether the kind is given or must be detected.
    assert!(report.has("DOCUMENT.TOO_LARGE"), "{report}");
    assert!(validate_json_auto(&input).has("DOCUMENT.TOO_LARGE"));
    let mut flat = vec![b'['; 1];
    flat.extend(std::iter::repeat_n(b"1,".as_slice(), 10 * 1024 * 1024).flatten());
    flat.extend_from_slice(b"1]");
    assert!(validate_json_auto(&flat).has("DOCUMENT.TOO_LARGE"));
    // Under it, the field is named.
    doc["body"]["notice"]["red"]["subject"]["place_of_birth"] = "A".repeat(5 * 1024 * 1024).into();
    let report = validate_json(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
    let v = report
        .violations
        .iter()
        .find(|v| v.code == "FIELD.TOO_LONG")
        .expect("FIELD.TOO_LONG");
    assert_eq!(v.pointer, "/body/notice/red/subject/place_of_birth");
}

#[test]
fn unknown_codes_are_named() {
    let mut doc = red_notice();
    doc["body"]["notice"]["red"]["subject"]["nationalities"] = serde_json::json!(["FR", "QZ"]);
    doc["body"]["notice"]["red"]["subject"]["languages_spoken"] = serde_json::json!(["FRE", "QQQ"]);
    let report = validate_json(DocumentKind::Envelope, &serde_json::to_vec(&doc).unwrap());
    let find = |code: &str| {
        report
            .violations
            .iter()
            .find(|v| v.code == code)
            .map(|v| v.pointer.clone())
    };
    assert_eq!(
        find("FIELD.COUNTRY_UNKNOWN").as_deref(),
        Some("/body/notice/red/subject/nationalities/1")
    );
    assert_eq!(
        find("FIELD.LANGUAGE_UNKNOWN").as_deref(),
        Some("/body/notice/red/subject/languages_spoken/1")
    );
}

#[test]
fn garbage_of_every_kind_never_panics() {
    let inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"x\"".to_vec(),
        b"{}".to_vec(),
        b"{\"body\": 1}".to_vec(),
        b"{\"body\": {\"notice\": {\"red\": []}}}".to_vec(),
        vec![0xff; 64],
        b"{\"a\": 1} trailing".to_vec(),
    ];
    for input in &inputs {
        assert!(!validate_json_auto(input).is_ok());
        for kind in DocumentKind::ALL {
            assert!(!validate_json(kind, input).is_ok());
        }
    }
}
