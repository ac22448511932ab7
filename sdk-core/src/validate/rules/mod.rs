//! The rules, one function each, with the source they come from.
//!
//! Pointers are built only when a rule fires, so a valid document costs no
//! allocation here.

pub mod checks;
pub mod codes;
pub mod envelope;
pub mod identifiers;
pub mod neutrality;
pub mod notices;
pub mod privacy;
pub mod quality;
pub mod red;
pub mod text;

/// `base` + `/` + `key`.
pub(crate) fn at(base: &str, key: &str) -> String {
    let mut s = String::with_capacity(base.len() + key.len() + 1);
    s.push_str(base);
    s.push('/');
    s.push_str(key);
    s
}
