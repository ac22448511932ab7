//! Parsing untrusted JSON into the model. Errors name the field as a JSON
//! Pointer and carry a stable code, so that a wrong type, a missing or
//! unknown field, invalid UTF-8 or a document nested 100,000 deep each get a
//! clear answer and never a panic or a stack overflow (serde_json stops at
//! 128 levels; the model needs fewer than 20).

use serde::de::DeserializeOwned;

/// Documents larger than this are refused before parsing (16 MiB): no
/// legitimate notice comes near it, and it bounds the memory a hostile
/// input can make us use.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message} [{code}]")]
pub struct ParseError {
    /// Stable code: `JSON.SYNTAX`, `JSON.TOO_DEEP`, `JSON.INVALID_UTF8`,
    /// `DOCUMENT.TOO_LARGE`, `FIELD.UNKNOWN`, `FIELD.MISSING`, `FIELD.TYPE`,
    /// `FIELD.INVALID`.
    pub code: &'static str,
    /// JSON Pointer to the field (`/body/notice/red/subject/sex`); empty for
    /// the whole document.
    pub pointer: String,
    /// What is wrong, in English (reports render the four languages).
    pub message: String,
}

/// Parses `input` as a `T`, strictly.
///
/// ```
/// use ncblink::model::query::DocumentCheck;
/// let err = ncblink::json::parse::<DocumentCheck>(br#"{"number": 7, "issuing_state": "FRA"}"#).unwrap_err();
/// assert_eq!((err.code, err.pointer.as_str()), ("FIELD.TYPE", "/number"));
/// ```
pub fn parse<T: DeserializeOwned>(input: &[u8]) -> Result<T, ParseError> {
    if input.len() > MAX_DOCUMENT_BYTES {
        return Err(ParseError {
            code: "DOCUMENT.TOO_LARGE",
            pointer: String::new(),
            message: format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                input.len()
            ),
        });
    }
    // Fast path without path tracking (it costs about a third of the parse);
    // only a document that fails is read again to find where.
    match serde_json::from_slice(input) {
        Ok(value) => Ok(value),
        Err(_) => Err(locate_error::<T>(input)),
    }
}

fn locate_error<T: DeserializeOwned>(input: &[u8]) -> ParseError {
    let mut de = serde_json::Deserializer::from_slice(input);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            let pointer = pointer_of(e.path());
            classify(e.inner(), pointer, input)
        }
        Ok(_) => match de.end() {
            Err(e) => classify(&e, String::new(), input),
            // Unreachable in practice: both passes read the same bytes.
            Ok(()) => ParseError {
                code: "JSON.SYNTAX",
                pointer: String::new(),
                message: "unreadable document".into(),
            },
        },
    }
}

/// Parses a `serde_json::Value` already in memory (the Python binding's
/// dicts arrive this way).
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        classify(e.inner(), pointer, b"null")
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                escape_into(&mut out, key);
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Appends `key` to a JSON Pointer with RFC 6901 escaping.
pub(crate) fn escape_into(out: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Gives a serde_json error its stable code. `input` is the whole document:
/// serde_json reports a wrong type inside an enum (a number where `"M"` is
/// expected) as a syntax error, so a "syntax" error in a document that is in
/// fact well-formed JSON is reported as the type error it is.
pub(crate) fn classify(e: &serde_json::Error, pointer: String, input: &[u8]) -> ParseError {
    use serde_json::error::Category;
    let text = e.to_string();

    // serde_json's message ends with " at line L column C"; keep it: it helps
    // find the place in a large file.
    let code = match e.classify() {
        Category::Io | Category::Eof => "JSON.SYNTAX",
        Category::Syntax if text.contains("recursion limit") => "JSON.TOO_DEEP",
        Category::Syntax if text.contains("unicode") || text.contains("UTF-8") => "JSON.INVALID_UTF8",
        Category::Syntax if !pointer.is_empty() && serde_json::from_slice::<serde::de::IgnoredAny>(input).is_ok() => {
            "FIELD.TYPE"
        }
        Category::Syntax => "JSON.SYNTAX",
        Category::Data if text.starts_with("unknown field") => "FIELD.UNKNOWN",
        Category::Data if text.starts_with("unsupported contract version") => "DOCUMENT.VERSION_UNSUPPORTED",
        Category::Data if text.starts_with("missing field") => "FIELD.MISSING",
        Category::Data if text.starts_with("invalid type") => "FIELD.TYPE",
        Category::Data => "FIELD.INVALID",
    };
    // A missing field is reported at its parent; name it in the pointer.
    let pointer = match (code, text.strip_prefix("missing field `")) {
        ("FIELD.MISSING", Some(rest)) => {
            let name = rest.split('`').next().unwrap_or_default();
            let mut p = pointer;
            p.push('/');
            escape_into(&mut p, name);
            p
        }
        _ => pointer,
    };
    ParseError {
        code,
        pointer,
        message: text,
    }
}
