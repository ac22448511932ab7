//! Rules that hold for every field of a given kind, wherever it sits in a
//! document: codes on their lists (countries, ICAO states, languages), text
//! neither empty nor too long, past dates not in the future.
//!
//! Rather than repeat these checks for each struct, the document is walked
//! once through its own `Serialize` impl: the code newtypes and
//! [`PartialDate`](crate::model::PartialDate) announce themselves as named
//! newtype structs, which serde_json writes transparently but this walker
//! recognises. A field added to the model is covered without a line here.
//!
//! The parts of a later minor version that a receiver keeps announce
//! themselves the same way, so a sender learns of each one
//! (`FIELD.UNKNOWN_MEMBER`, `FIELD.UNKNOWN_VALUE`) before it leaves.

use serde::ser::{self, Impossible, Serialize};

use super::Ctx;
use crate::json::escape_into;
use crate::model::open::{UNKNOWN_MEMBER, UNKNOWN_VALUE};
use crate::model::{CountryCode, IcaoCode, LanguageCode, PartialDate};

/// Names the code newtypes give `serialize_newtype_struct`.
pub(crate) const COUNTRY: &str = "ncblink::CountryCode";
pub(crate) const ICAO: &str = "ncblink::IcaoCode";
pub(crate) const LANGUAGE: &str = "ncblink::LanguageCode";
pub(crate) const DATE: &str = "ncblink::PartialDate";

/// Free text (`LocalizedText.text`, translations) may hold a full summary
/// of facts; anything else is a name, a reference or a code.
const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_SHORT_BYTES: usize = 4 * 1024;

/// Fields whose dates may lie in the future.
const FUTURE_DATES_ALLOWED: &[&str] = &["expires_on", "expires", "review_due"];

/// Walks `doc` and records the field-level violations in `ctx`.
pub(crate) fn check<T: Serialize + ?Sized>(doc: &T, ctx: &mut Ctx) {
    let mut w = Walker {
        ctx,
        path: Vec::with_capacity(16),
        pending: None,
    };
    // The walker never fails; an error here would be a bug in a Serialize
    // impl of ours, and the rules that follow still run.
    let _ = doc.serialize(&mut w);
}

#[derive(Clone, Copy)]
enum Pending {
    Country,
    Icao,
    Language,
    Date,
}

enum Seg {
    Key(&'static str),
    Index(usize),
    Owned(String),
}

struct Walker<'c> {
    ctx: &'c mut Ctx,
    path: Vec<Seg>,
    pending: Option<Pending>,
}

/// The JSON Pointer of a path.
fn pointer_of(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        out.push('/');
        match s {
            Seg::Key(k) => escape_into(&mut out, k),
            Seg::Index(i) => out.push_str(&i.to_string()),
            Seg::Owned(k) => escape_into(&mut out, k),
        }
    }
    out
}

impl Walker<'_> {
    fn pointer(&self) -> String {
        pointer_of(&self.path)
    }

    fn last_key(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(*k),
                Seg::Owned(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .unwrap_or("")
    }

    fn string(&mut self, v: &str) {
        match self.pending.take() {
            Some(Pending::Country) => {
                if !v.parse::<CountryCode>().is_ok_and(|c| c.is_known()) {
                    let p = self.pointer();
                    self.ctx.error_at("FIELD.COUNTRY_UNKNOWN", p, [v]);
                }
            }
            Some(Pending::Icao) if self.last_key() == "issuing_state" => {
                // Which codes may stand as an issuer, and how sure a check
                // must be, is a rule of its own.
                let at_check = matches!(self.path.first(), Some(Seg::Key("document_check")));
                let path = &self.path;
                super::rules::codes::issuer(self.ctx, v, || pointer_of(path), at_check);
            }
            Some(Pending::Icao) => {
                if !v.parse::<IcaoCode>().is_ok_and(|c| c.is_known()) {
                    let p = self.pointer();
                    self.ctx.error_at("FIELD.ICAO_UNKNOWN", p, [v]);
                }
            }
            Some(Pending::Language) => {
                if !v.parse::<LanguageCode>().is_ok_and(|c| c.is_known()) {
                    let p = self.pointer();
                    self.ctx.error_at("FIELD.LANGUAGE_UNKNOWN", p, [v]);
                }
            }
            Some(Pending::Date) => {
                if let Ok(d) = v.parse::<PartialDate>()
                    && d.earliest() > self.ctx.today()
                    && !FUTURE_DATES_ALLOWED.contains(&self.last_key())
                {
                    let p = self.pointer();
                    self.ctx.error_at("DATE.IN_FUTURE", p, [v]);
                }
            }
            None => {
                let max = if self.last_key() == "text" {
                    MAX_TEXT_BYTES
                } else {
                    MAX_SHORT_BYTES
                };
                if v.len() > max {
                    let p = self.pointer();
                    self.ctx
                        .error_at("FIELD.TOO_LONG", p, [v.len().to_string(), max.to_string()]);
                } else if v.trim().is_empty() {
                    let p = self.pointer();
                    self.ctx.error_at("FIELD.EMPTY", p, [] as [&str; 0]);
                }
            }
        }
    }
}

#[derive(Debug)]
pub(crate) struct Never;
impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("walk stopped")
    }
}
impl std::error::Error for Never {}
impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

type R = Result<(), Never>;

impl<'a, 'c> ser::Serializer for &'a mut Walker<'c> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, _: bool) -> R {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> R {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> R {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> R {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> R {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> R {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> R {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> R {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> R {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> R {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> R {
        Ok(())
    }
    fn serialize_char(self, _: char) -> R {
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.string(v);
        Ok(())
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, v: &T) -> R {
        // Timestamps, ids: generated, never empty; only codes need a look.
        if self.pending.is_some() {
            self.string(&v.to_string());
        }
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> R {
        Ok(())
    }
    fn serialize_none(self) -> R {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R {
        match name {
            // Not walked further: the whole member is a later version's.
            UNKNOWN_MEMBER => {
                let p = self.pointer();
                let name = self.last_key().to_string();
                self.ctx.error_at("FIELD.UNKNOWN_MEMBER", p, [name]);
                return Ok(());
            }
            UNKNOWN_VALUE => {
                let p = self.pointer();
                let mut value = String::new();
                let _ = v.serialize(KeyName(&mut value));
                self.ctx.error_at("FIELD.UNKNOWN_VALUE", p, [value]);
                return Ok(());
            }
            _ => {}
        }
        self.pending = match name {
            COUNTRY => Some(Pending::Country),
            ICAO => Some(Pending::Icao),
            LANGUAGE => Some(Pending::Language),
            DATE => Some(Pending::Date),
            _ => None,
        };
        v.serialize(&mut *self)?;
        self.pending = None;
        Ok(())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> R {
        self.path.push(Seg::Key(variant));
        v.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.path.push(Seg::Index(0));
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, v: &'static str, _: usize) -> Result<Self, Never> {
        self.path.push(Seg::Key(v));
        self.path.push(Seg::Index(0));
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.path.push(Seg::Owned(String::new()));
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.path.push(Seg::Key(""));
        Ok(self)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, v: &'static str, _: usize) -> Result<Self, Never> {
        self.path.push(Seg::Key(v));
        self.path.push(Seg::Key(""));
        Ok(self)
    }
}

impl Walker<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut *self)?;
        if let Some(Seg::Index(i)) = self.path.last_mut() {
            *i += 1;
        }
        Ok(())
    }
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        if let Some(last) = self.path.last_mut() {
            *last = Seg::Key(key);
        }
        v.serialize(&mut *self)
    }
}

impl ser::SerializeSeq for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.element(v)
    }
    fn end(self) -> R {
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeTuple for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.element(v)
    }
    fn end(self) -> R {
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeTupleStruct for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.element(v)
    }
    fn end(self) -> R {
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeTupleVariant for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        self.element(v)
    }
    fn end(self) -> R {
        self.path.pop();
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeMap for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        if let Some(last) = self.path.last_mut() {
            if !matches!(last, Seg::Owned(_)) {
                *last = Seg::Owned(String::new());
            }
            if let Seg::Owned(buf) = last {
                buf.clear();
                let _ = key.serialize(KeyName(buf));
            }
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeStruct for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        self.field(key, v)
    }
    fn end(self) -> R {
        self.path.pop();
        Ok(())
    }
}
impl ser::SerializeStructVariant for &mut Walker<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        self.field(key, v)
    }
    fn end(self) -> R {
        self.path.pop();
        self.path.pop();
        Ok(())
    }
}

/// Writes a map key (a working language, a string) as text into a buffer
/// that is reused from key to key: a struct with unknown members is
/// walked as a map, and its keys must not cost an allocation each.
struct KeyName<'b>(&'b mut String);

impl ser::Serializer for KeyName<'_> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Impossible<(), Never>;
    type SerializeTuple = Impossible<(), Never>;
    type SerializeTupleStruct = Impossible<(), Never>;
    type SerializeTupleVariant = Impossible<(), Never>;
    type SerializeMap = Impossible<(), Never>;
    type SerializeStruct = Impossible<(), Never>;
    type SerializeStructVariant = Impossible<(), Never>;
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Never> {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.0.push(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Never> {
        Err(Never)
    }
    fn serialize_none(self) -> Result<(), Never> {
        Err(Never)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Err(Never)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Err(Never)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Never> {
        Err(Never)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Never> {
        Err(Never)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Never> {
        Err(Never)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Never> {
        Err(Never)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Never> {
        Err(Never)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Never> {
        Err(Never)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Never> {
        Err(Never)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Never> {
        Err(Never)
    }
}
