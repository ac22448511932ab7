//! The extensions of an import: every part of the source record that the
//! conversion did not map, found by walking the source against the set of
//! JSON Pointers it did map.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// RFC 6901 escaping of one reference token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Whether a value holds anything but nulls and empty containers.
fn has_content(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(a) => a.iter().any(has_content),
        Value::Object(m) => m.values().any(has_content),
        _ => true,
    }
}

/// Collects into `out` every part of `v` (at `ptr`) not in `used`: a
/// member none of whose descendants was used goes whole, under its own
/// pointer; one partly used is descended into. The root is always
/// descended into, and nulls and empty containers carry nothing.
pub(crate) fn leftovers(v: &Value, ptr: &str, used: &BTreeSet<String>, out: &mut Map<String, Value>) {
    if used.contains(ptr) || !has_content(v) {
        return;
    }
    let prefix = format!("{ptr}/");
    let used_below = used
        .range(prefix.clone()..)
        .next()
        .is_some_and(|u| u.starts_with(&prefix));
    match v {
        Value::Object(m) if used_below || ptr.is_empty() => {
            for (k, child) in m {
                leftovers(child, &format!("{ptr}/{}", escape(k)), used, out);
            }
        }
        Value::Array(a) if used_below || ptr.is_empty() => {
            for (i, child) in a.iter().enumerate() {
                leftovers(child, &format!("{ptr}/{i}"), used, out);
            }
        }
        _ => {
            out.insert(ptr.to_string(), v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_keep_whole_unused_members_and_descend_into_used_ones() {
        let v = serde_json::json!({
            "a": 1, "b": {"c": 2, "d": 3}, "e": [4, 5], "f": null, "g": {"h": null}, "i": []
        });
        let used: BTreeSet<String> = ["/b/c", "/e/0"].iter().map(|s| s.to_string()).collect();
        let mut out = Map::new();
        leftovers(&v, "", &used, &mut out);
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(keys, ["/a", "/b/d", "/e/1"]);
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        let v = serde_json::json!({"a/b": {"c~d": 1}});
        let mut out = Map::new();
        leftovers(&v, "", &BTreeSet::new(), &mut out);
        assert!(out.contains_key("/a~1b"));
    }
}
