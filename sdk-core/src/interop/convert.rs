//! Public records into canonical notices: a Red detail into a
//! [`RedNotice`], a Yellow detail into a missing-person [`YellowNotice`], a
//! UN person or entity into an [`UnSpecialNotice`], each in an
//! [`Envelope`] to all NCBs.
//!
//! The conversion records the JSON Pointer of every source member it
//! maps; whatever it did not map (unknown members, values it could not
//! read, placeholders, members with no canonical place) is then collected
//! from the source into the extensions. So the guarantee that nothing is
//! lost does not depend on each mapping remembering to keep what it
//! skips: only what was mapped, losslessly, is left out.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::category::categorise;
use super::extensions::leftovers;
use super::public::{NoticeList, PersonFields, RedDetail, UnDetail, YellowDetail};
use super::quirks::{self, Read};
use super::{ImportBatch, ImportError, ImportFailure, ImportNote, ImportOptions, Imported, NoteCode, PublicKind};
use crate::model::judicial::{Charge, JudicialData, OffenceCategory, ProsecutionOrSentence};
use crate::model::notice::{Entity, Event, RedNotice, UnSpecialNotice, UnSubject, YellowCategory, YellowNotice};
use crate::model::person::{Alias, IdentityDocument, ParentName, PersonStatus};
use crate::model::{
    Body, CountryCode, DocumentType, Envelope, EyeColour, HairColour, LanguageCode, LocalizedText, NcbCode, Notice,
    PartialDate, Person, Purpose, Sex,
};

/// The language of free text the service does not label: ISO 639-2
/// "undetermined".
const UNDETERMINED: &str = "UND";

/// Reads a document of the service (a list page or a detail record) from
/// bytes.
///
/// # Errors
///
/// [`ImportError::NotJson`] when the bytes are not JSON (or larger than
/// [`json::MAX_DOCUMENT_BYTES`](crate::json::MAX_DOCUMENT_BYTES)), and as
/// [`import_document`].
pub fn import_json(bytes: &[u8], options: &ImportOptions) -> Result<ImportBatch, ImportError> {
    if bytes.len() > crate::json::MAX_DOCUMENT_BYTES {
        return Err(ImportError::NotJson(format!("{} bytes is over the limit", bytes.len())));
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson(e.to_string()))?;
    import_document(&doc, options)
}

/// Reads a document of the service: a list page (each notice of it,
/// from its extract only) or a detail record.
///
/// # Errors
///
/// [`ImportError::NotARecord`] when the document is neither (an image
/// collection, for instance: see [`is_image_collection`]); a detail record
/// that cannot be imported is the error of [`import_detail`], and the
/// records of a list that cannot be are in [`ImportBatch::failures`].
pub fn import_document(doc: &Value, options: &ImportOptions) -> Result<ImportBatch, ImportError> {
    let Value::Object(map) = doc else {
        return Err(ImportError::NotARecord(format!("a JSON {}", type_name(doc))));
    };
    if map.get("_embedded").and_then(|e| e.get("notices")).is_some() {
        return Ok(import_list(doc, options));
    }
    if is_image_collection(doc) {
        return Err(ImportError::NotARecord("an image collection".into()));
    }
    Ok(ImportBatch {
        notices: vec![import_detail(doc, options)?],
        failures: Vec::new(),
    })
}

/// Whether a document is a notice's image collection
/// (`{"_embedded": {"images": […]}}`).
pub fn is_image_collection(doc: &Value) -> bool {
    doc.get("_embedded").and_then(|e| e.get("images")).is_some() && doc.get("entity_id").is_none()
}

/// Reads every notice of a list page, each from its extract (name, date of
/// birth, nationalities: a list has no more), with a
/// [`NoteCode::ListExtract`] note. A notice's kind comes from its `self`
/// link, else the page's, else [`ImportOptions::kind`].
///
/// Yellow and UN extracts lack what their canonical notices cannot do
/// without (the event, the UN reference), so they are failures: import
/// their details.
pub fn import_list(doc: &Value, options: &ImportOptions) -> ImportBatch {
    let mut batch = ImportBatch::default();
    let page: NoticeList = serde_json::from_value(doc.clone()).unwrap_or_default();
    let page_kind = page.self_href().and_then(PublicKind::from_href).or(options.kind);
    let items = doc
        .get("_embedded")
        .and_then(|e| e.get("notices"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        let pointer = format!("/_embedded/notices/{i}");
        let item_kind = item
            .get("_links")
            .and_then(|l| l.get("self"))
            .and_then(|s| s.get("href"))
            .and_then(Value::as_str)
            .and_then(PublicKind::from_href)
            .or(page_kind);
        let opts = ImportOptions {
            kind: item_kind,
            ..options.clone()
        };
        match import_detail(item, &opts) {
            Ok(mut imported) => {
                imported.report.insert(
                    0,
                    note(
                        NoteCode::ListExtract,
                        "",
                        format!("built from the list extract at {pointer}: the detail record has more"),
                    ),
                );
                batch.notices.push(imported);
            }
            Err(error) => batch.failures.push(ImportFailure {
                pointer,
                entity_id: item.get("entity_id").and_then(Value::as_str).map(String::from),
                error,
            }),
        }
    }
    batch
}

/// Reads one detail record (red, yellow, UN person or entity; the kind
/// from [`ImportOptions::kind`] or detected).
///
/// # Errors
///
/// [`ImportError::UnknownKind`] when the kind is neither given nor
/// detectable; [`ImportError::Missing`] when the record lacks what the
/// canonical notice cannot do without (a yellow event's date and country,
/// a UN reference and resolution, an entity's name);
/// [`ImportError::NoSource`] when no source NCB can be named.
pub fn import_detail(doc: &Value, options: &ImportOptions) -> Result<Imported, ImportError> {
    let Value::Object(map) = doc else {
        return Err(ImportError::NotARecord(format!("a JSON {}", type_name(doc))));
    };
    let kind = options.kind.or_else(|| detect(map)).ok_or(ImportError::UnknownKind)?;
    let mut c = Ctx::default();
    let (notice, source, purpose, entity_id) = match kind {
        PublicKind::Red => {
            let d: RedDetail = serde_json::from_value(doc.clone()).unwrap_or_default();
            let (n, s) = red(&mut c, &d, options)?;
            (n, s, Purpose::LocateWantedPerson, d.person.entity_id.clone())
        }
        PublicKind::Yellow => {
            let d: YellowDetail = serde_json::from_value(doc.clone()).unwrap_or_default();
            let (n, s) = yellow(&mut c, &d, options)?;
            (n, s, Purpose::LocateMissingPerson, d.person.entity_id.clone())
        }
        PublicKind::UnPerson | PublicKind::UnEntity => {
            let d: UnDetail = serde_json::from_value(doc.clone()).unwrap_or_default();
            let (n, s) = un(&mut c, &d, kind, options)?;
            (n, s, Purpose::Alert, d.person.entity_id.clone())
        }
    };
    let interpol_id = entity_id.as_deref().and_then(|s| s.trim().parse().ok());
    if entity_id.is_some() && interpol_id.is_none() {
        c.note(
            NoteCode::Unreadable,
            "/entity_id",
            "not an INTERPOL id (YYYY/serial)".into(),
        );
    }
    if c.free_text {
        c.note(
            NoteCode::Assumed,
            "",
            "the service does not say which language free text is in: marked UND (undetermined)".into(),
        );
    }
    let mut envelope = Envelope::new(source, purpose, options.language, Body::Notice(notice));
    envelope.created = options.now;
    envelope.expires = options.now.checked_add_months(chrono::Months::new(60));
    envelope.review_due = envelope
        .expires
        .and_then(|e| e.checked_sub_months(chrono::Months::new(6)));
    let mut extensions = Map::new();
    leftovers(doc, "", &c.used, &mut extensions);
    if !extensions.is_empty() {
        let keys: Vec<&str> = extensions.keys().map(String::as_str).collect();
        c.note(
            NoteCode::Kept,
            "",
            format!(
                "kept in the extensions (no canonical place, or not readable): {}",
                keys.join(", ")
            ),
        );
    }
    Ok(Imported {
        kind,
        interpol_id,
        envelope,
        extensions,
        report: c.notes,
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The kind of a record: its `self` link, else the members only one kind
/// has.
fn detect(map: &Map<String, Value>) -> Option<PublicKind> {
    let self_href = map
        .get("_links")
        .and_then(|l| l.get("self"))
        .and_then(|s| s.get("href"))
        .and_then(Value::as_str);
    if let Some(k) = self_href.and_then(PublicKind::from_href) {
        return Some(k);
    }
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if has(&["arrest_warrants"]) {
        Some(PublicKind::Red)
    } else if has(&["un_reference", "un_resolution", "un_reference_date"]) {
        let d: UnDetail = serde_json::from_value(Value::Object(map.clone())).unwrap_or_default();
        Some(if d.is_entity() {
            PublicKind::UnEntity
        } else {
            PublicKind::UnPerson
        })
    } else if has(&[
        "date_of_event",
        "countries_likely_to_be_visited",
        "issuing_country",
        "father_name",
        "mother_name",
        "birth_name",
    ]) {
        Some(PublicKind::Yellow)
    } else {
        None
    }
}

fn note(code: NoteCode, path: &str, message: String) -> ImportNote {
    ImportNote {
        code,
        source_path: path.to_string(),
        message,
    }
}

/// What a conversion has mapped and noted so far.
#[derive(Default)]
struct Ctx {
    /// JSON Pointers of the source members mapped losslessly.
    used: BTreeSet<String>,
    notes: Vec<ImportNote>,
    /// Free text was imported (its language is undetermined).
    free_text: bool,
}

impl Ctx {
    fn used(&mut self, ptr: impl Into<String>) {
        self.used.insert(ptr.into());
    }

    fn note(&mut self, code: NoteCode, path: &str, message: String) {
        self.notes.push(note(code, path, message));
    }

    /// Non-blank text, trimmed.
    fn text(&mut self, ptr: &str, v: &Option<String>) -> Option<String> {
        let t = quirks::text(v.as_deref()?);
        if t.is_empty() {
            return None;
        }
        self.used(ptr);
        Some(t)
    }

    /// Free text, in the undetermined language.
    fn localized(&mut self, ptr: &str, v: &Option<String>) -> Option<LocalizedText> {
        let text = self.text(ptr, v)?;
        self.free_text = true;
        Some(LocalizedText {
            extra: Default::default(),
            language: undetermined(),
            text,
            translations: Default::default(),
        })
    }

    /// A value read by a quirk reader, noted as it was read. A date in
    /// another notation is mapped; a code in another form is mapped and
    /// its source kept too, so that the code as the service wrote it stays
    /// on record.
    fn read<T: Shown>(&mut self, ptr: &str, raw: &str, what: &str, r: Read<T>) -> Option<T> {
        self.read_as(ptr, raw, what, r, false)
    }

    fn read_code<T: Shown>(&mut self, ptr: &str, raw: &str, what: &str, r: Read<T>) -> Option<T> {
        self.read_as(ptr, raw, what, r, true)
    }

    fn read_as<T: Shown>(&mut self, ptr: &str, raw: &str, what: &str, r: Read<T>, keep_converted: bool) -> Option<T> {
        match &r {
            Read::Exact(_) => self.used(ptr),
            Read::Converted(v) if keep_converted => self.note(
                NoteCode::Converted,
                ptr,
                format!("{what} `{raw}` read as {}; the source value is kept", v.shown()),
            ),
            Read::Converted(v) => {
                self.used(ptr);
                self.note(
                    NoteCode::Converted,
                    ptr,
                    format!("{what} `{raw}` read as {}", v.shown()),
                );
            }
            Read::Partial(v) => self.note(
                NoteCode::Partial,
                ptr,
                format!(
                    "{what} `{raw}` read only in part, as {}; the source value is kept",
                    v.shown()
                ),
            ),
            Read::Invalid => self.note(
                NoteCode::Unreadable,
                ptr,
                format!("{what} `{raw}` is not readable; kept"),
            ),
        }
        r.value()
    }

    fn date(&mut self, ptr: &str, v: &Option<String>, what: &str) -> Option<PartialDate> {
        let raw = v.as_deref()?;
        let r = quirks::read_date(raw);
        self.read(ptr, raw, what, r)
    }

    fn country(&mut self, ptr: &str, v: &Option<String>, what: &str) -> Option<CountryCode> {
        let raw = v.as_deref()?;
        let r = quirks::read_country(raw);
        self.read_code(ptr, raw, what, r)
    }

    fn countries(&mut self, ptr: &str, v: &Option<Vec<String>>, what: &str) -> Vec<CountryCode> {
        let mut out: Vec<CountryCode> = Vec::new();
        for (i, raw) in v.iter().flatten().enumerate() {
            let p = format!("{ptr}/{i}");
            let r = quirks::read_country(raw);
            if let Some(code) = self.read_code(&p, raw, what, r) {
                // A duplicate is the same value: mapped, once.
                if !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        out
    }

    /// Codes of one of INTERPOL's lists; a code we do not know is kept.
    fn codes<T: PartialEq + Shown>(
        &mut self,
        ptr: &str,
        v: &Option<Vec<String>>,
        what: &str,
        from_code: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (i, raw) in v.iter().flatten().enumerate() {
            let p = format!("{ptr}/{i}");
            let t = raw.trim();
            let r = match (from_code(t), from_code(&t.to_ascii_uppercase())) {
                (Some(c), _) if t == raw => Read::Exact(c),
                (Some(c), _) | (None, Some(c)) => Read::Converted(c),
                (None, None) => Read::Invalid,
            };
            if matches!(r, Read::Invalid) {
                self.note(
                    NoteCode::Unreadable,
                    &p,
                    format!("{what} code `{raw}` is not on our list; kept"),
                );
            } else if let Some(c) = self.read_code(&p, raw, what, r)
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
        out
    }

    fn languages(&mut self, ptr: &str, v: &Option<Vec<String>>) -> Vec<LanguageCode> {
        let mut out = Vec::new();
        for (i, raw) in v.iter().flatten().enumerate() {
            let p = format!("{ptr}/{i}");
            let r = quirks::read_language(raw);
            if let Some(code) = self.read_code(&p, raw, "language", r)
                && !out.contains(&code)
            {
                out.push(code);
            }
        }
        out
    }

    /// A measurement: `0` is unknown; a value outside `range` is kept, not
    /// mapped.
    fn measure(&mut self, ptr: &str, v: Option<f64>, what: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        let v = v?;
        if quirks::is_unknown_measurement(v) {
            self.note(
                NoteCode::Placeholder,
                ptr,
                format!("{what} 0 means unknown; left out (the source value is kept)"),
            );
            return None;
        }
        if !range.contains(&v) {
            self.note(
                NoteCode::Unreadable,
                ptr,
                format!("{what} {v} is outside {}–{}; kept", range.start(), range.end()),
            );
            return None;
        }
        self.used(ptr);
        Some(v)
    }

    fn forename(&mut self, ptr: &str, v: &Option<String>) -> Option<String> {
        let raw = v.as_deref()?;
        match quirks::forename(raw) {
            Some(f) => {
                self.used(ptr);
                Some(f.to_string())
            }
            None => {
                self.note(
                    NoteCode::Placeholder,
                    ptr,
                    format!("forename `{raw}` is the placeholder for none; left out (kept)"),
                );
                None
            }
        }
    }

    /// The person members red, yellow and UN records share.
    fn person(&mut self, p: &PersonFields) -> Person {
        Person {
            family_name: self.text("/name", &p.name),
            forenames: self.forename("/forename", &p.forename),
            date_of_birth: self.date("/date_of_birth", &p.date_of_birth, "date of birth"),
            place_of_birth: self.text("/place_of_birth", &p.place_of_birth),
            country_of_birth: self.country("/country_of_birth_id", &p.country_of_birth_id, "country of birth"),
            nationalities: self.countries("/nationalities", &p.nationalities, "nationality"),
            sex: p.sex_id.as_deref().and_then(|raw| {
                let t = raw.trim();
                let r = match (Sex::from_code(t), Sex::from_code(&t.to_ascii_uppercase())) {
                    (Some(s), _) if t == raw => Read::Exact(s),
                    (Some(s), _) | (None, Some(s)) => Read::Converted(s),
                    (None, None) => Read::Invalid,
                };
                self.read_code("/sex_id", raw, "sex", r)
            }),
            eyes: self.codes("/eyes_colors_id", &p.eyes_colors_id, "eye colour", EyeColour::from_code),
            hair: self.codes("/hairs_id", &p.hairs_id, "hair colour", HairColour::from_code),
            languages_spoken: self.languages("/languages_spoken_ids", &p.languages_spoken_ids),
            // Metres and kilograms (domain.md 1.4); the ranges are the
            // validation's plausibility bounds.
            height_m: self.measure("/height", p.height, "height", 0.3..=2.8),
            weight_kg: self.measure("/weight", p.weight, "weight", 1.0..=400.0),
            distinguishing_marks: self.localized("/distinguishing_marks", &p.distinguishing_marks),
            ..Person::default()
        }
    }

    /// The source NCB: the record's country, else the importer.
    fn source(
        &mut self,
        kind: PublicKind,
        country: Option<CountryCode>,
        options: &ImportOptions,
    ) -> Result<NcbCode, ImportError> {
        if let Some(c) = country {
            return Ok(NcbCode(c));
        }
        let importer = options.importer.ok_or(ImportError::NoSource(kind))?;
        self.note(
            NoteCode::Assumed,
            "",
            format!("the source NCB is the importer, {importer}: the record names no usable country"),
        );
        Ok(importer)
    }
}

/// How a value read is named in a note.
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for PartialDate {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl Shown for CountryCode {
    fn shown(&self) -> String {
        self.to_string()
    }
}

impl Shown for LanguageCode {
    fn shown(&self) -> String {
        self.to_string()
    }
}

macro_rules! shown_by_code {
    ($($t:ty),+) => {$(
        impl Shown for $t {
            fn shown(&self) -> String {
                self.code().to_string()
            }
        }
    )+};
}
shown_by_code!(EyeColour, HairColour, Sex);

fn undetermined() -> LanguageCode {
    UNDETERMINED
        .parse()
        .unwrap_or_else(|_| unreachable!("a static three-letter code"))
}

fn red(c: &mut Ctx, d: &RedDetail, options: &ImportOptions) -> Result<(Notice, NcbCode), ImportError> {
    let subject = c.person(&d.person);
    let mut charges = Vec::new();
    let mut source_country: Option<CountryCode> = None;
    let warrants = d.arrest_warrants.as_deref().unwrap_or_default();
    if warrants.is_empty() {
        c.note(
            NoteCode::Missing,
            "/arrest_warrants",
            "no warrant: the charges and the issuing country are unknown".into(),
        );
    }
    for (i, w) in warrants.iter().enumerate() {
        let base = format!("/arrest_warrants/{i}");
        let charge_ptr = format!("{base}/charge");
        match c.text(&charge_ptr, &w.charge) {
            Some(text) => {
                c.free_text = true;
                let category = match categorise(&text) {
                    Some((cat, word)) => {
                        let name = serde_json::to_value(cat)
                            .ok()
                            .and_then(|v| v.as_str().map(String::from))
                            .unwrap_or_default();
                        c.note(
                            NoteCode::CategoryGuessed,
                            &charge_ptr,
                            format!("category {name}, from the word `{word}`"),
                        );
                        cat
                    }
                    None => {
                        c.note(
                            NoteCode::CategoryGuessed,
                            &charge_ptr,
                            "category other_serious: the words make no category obvious".into(),
                        );
                        OffenceCategory::OtherSerious
                    }
                };
                c.note(
                    NoteCode::Missing,
                    &charge_ptr,
                    "the legal provisions and the maximum penalty (RPD Art 83(2)(b)) are not in the public extract"
                        .into(),
                );
                charges.push(Charge {
                    extra: Default::default(),
                    description: LocalizedText {
                        extra: Default::default(),
                        language: undetermined(),
                        text,
                        translations: Default::default(),
                    },
                    category,
                    legal_provisions: String::new(),
                    max_penalty_months: None,
                    linked_to_serious_crime: false,
                });
            }
            None => c.note(NoteCode::Missing, &charge_ptr, "the warrant has no charge text".into()),
        }
        let country_ptr = format!("{base}/issuing_country_id");
        if let Some(raw) = w.issuing_country_id.as_deref() {
            let r = quirks::read_country(raw);
            match (source_country, r.value()) {
                (None, Some(_)) => source_country = c.read_code(&country_ptr, raw, "issuing country", r),
                // The same country again is the envelope's source too.
                (Some(s), Some(v)) if s == v && matches!(r, Read::Exact(_)) => c.used(&country_ptr),
                (Some(s), Some(v)) if s != v => c.note(
                    NoteCode::Kept,
                    &country_ptr,
                    format!("a second issuing country ({v}, the source being {s}) has no canonical place; kept"),
                ),
                _ => {
                    c.read_code(&country_ptr, raw, "issuing country", r);
                }
            }
        }
        if w.charge_translation.is_some() {
            c.note(
                NoteCode::Kept,
                &format!("{base}/charge_translation"),
                "the translation does not say its language; kept".into(),
            );
        }
        c.note(
            NoteCode::Missing,
            &base,
            "the warrant's reference, issuing authority and date are not in the public extract, so no canonical \
             warrant is built"
                .into(),
        );
    }
    c.note(
        NoteCode::Missing,
        "",
        "the summary of facts is not in the public extract (RPD Art 83(2)(b))".into(),
    );
    c.note(
        NoteCode::Assumed,
        "",
        "purpose assumed to be prosecution: the public extract does not say whether a sentence is to be served".into(),
    );
    let source = c.source(PublicKind::Red, source_country, options)?;
    let judicial = JudicialData {
        extra: Default::default(),
        purpose: ProsecutionOrSentence::Prosecution,
        summary_of_facts: LocalizedText {
            extra: Default::default(),
            language: undetermined(),
            text: String::new(),
            translations: Default::default(),
        },
        offence_date: None,
        offence_place: None,
        offence_country: None,
        charges,
        sentence: None,
        warrants: Vec::new(),
        extradition_will_be_sought: false,
    };
    let notice = Notice::Red(RedNotice {
        extra: Default::default(),
        subject,
        judicial,
        gs_exception_requested: false,
        // It is on the public site: the source consented (RPD Art 61).
        public_extract: true,
        cautions: Vec::new(),
        caution_codes: Vec::new(),
        extradition_countries: Vec::new(),
    });
    Ok((notice, source))
}

fn parent(
    c: &mut Ctx,
    name_ptr: &str,
    name: &Option<String>,
    fore_ptr: &str,
    fore: &Option<String>,
) -> Option<ParentName> {
    let p = ParentName {
        extra: Default::default(),
        family_name: c.text(name_ptr, name),
        forenames: c.forename(fore_ptr, fore),
    };
    (p.family_name.is_some() || p.forenames.is_some()).then_some(p)
}

fn yellow(c: &mut Ctx, d: &YellowDetail, options: &ImportOptions) -> Result<(Notice, NcbCode), ImportError> {
    let missing = |path: &str, what| ImportError::Missing {
        kind: PublicKind::Yellow,
        path: path.into(),
        what,
    };
    let mut subject = c.person(&d.person);
    subject.name_at_birth = c.text("/birth_name", &d.birth_name);
    subject.father = parent(
        c,
        "/father_name",
        &d.father_name,
        "/father_forename",
        &d.father_forename,
    );
    subject.mother = parent(
        c,
        "/mother_name",
        &d.mother_name,
        "/mother_forename",
        &d.mother_forename,
    );
    subject.status = Some(PersonStatus::Missing);
    let date = c
        .date("/date_of_event", &d.date_of_event, "date of disappearance")
        .ok_or_else(|| missing("/date_of_event", "the date of disappearance"))?;
    let country = c
        .country("/country", &d.country, "country of disappearance")
        .ok_or_else(|| missing("/country", "the country of disappearance"))?;
    let event = Event {
        extra: Default::default(),
        date,
        place: c.text("/place", &d.place),
        country,
        circumstances: None,
        police_report_reference: None,
    };
    c.note(
        NoteCode::Missing,
        "",
        "the police report (RPD Art 90(2)(a)) and the circumstances are not in the public extract".into(),
    );
    let visited = c.countries(
        "/countries_likely_to_be_visited",
        &d.countries_likely_to_be_visited,
        "country likely to be visited",
    );
    let issuing = c.country("/issuing_country", &d.issuing_country, "issuing country");
    let source = c.source(PublicKind::Yellow, issuing, options)?;
    let notice = Notice::Yellow(YellowNotice {
        extra: Default::default(),
        category: YellowCategory::MissingPerson,
        subject,
        event,
        countries_likely_to_be_visited: visited,
        public_extract: true,
        adult_privacy_attested: false,
    });
    Ok((notice, source))
}

/// A document type named by its code or English label (`Passport`,
/// `identity card`); `None` for anything else, which is kept as written.
fn document_type(s: &str) -> Option<DocumentType> {
    let norm = s.trim().to_lowercase().replace(' ', "_");
    DocumentType::ALL.iter().copied().find(|t| {
        t.code() == norm
            || t.labels()
                .is_some_and(|l| l.en.to_lowercase().replace(' ', "_") == norm)
    })
}

fn un(c: &mut Ctx, d: &UnDetail, kind: PublicKind, options: &ImportOptions) -> Result<(Notice, NcbCode), ImportError> {
    let missing = |path: &str, what| ImportError::Missing {
        kind,
        path: path.into(),
        what,
    };
    let un_reference = c
        .text("/un_reference", &d.un_reference)
        .ok_or_else(|| missing("/un_reference", "the UN reference"))?;
    let un_resolution = c
        .text("/un_resolution", &d.un_resolution)
        .ok_or_else(|| missing("/un_resolution", "the UN resolution"))?;
    let un_reference_date = c.date("/un_reference_date", &d.un_reference_date, "date of listing");
    let subject = if kind == PublicKind::UnEntity {
        let name = c
            .text("/name", &d.person.name)
            .ok_or_else(|| missing("/name", "the entity's name"))?;
        let mut formerly_known_as = Vec::new();
        if let Some(names) = &d.formerly_known_as {
            // One string or an array of them (the reader takes both).
            formerly_known_as = names
                .iter()
                .map(|n| quirks::text(n))
                .filter(|t| !t.is_empty())
                .collect();
            if formerly_known_as.len() == names.len() {
                c.used("/formerly_known_as");
            }
        }
        let mut addresses = Vec::new();
        for (i, a) in d.addresses.iter().flatten().enumerate() {
            if let Some(s) = a.as_str().map(quirks::text).filter(|s| !s.is_empty()) {
                c.used(format!("/adresses/{i}"));
                addresses.push(s);
            }
        }
        UnSubject::Entity(Entity {
            extra: Default::default(),
            name,
            formerly_known_as,
            legal_form: c.text("/legal_form", &d.legal_form),
            registration_number: c.text("/registration_number", &d.registration_number),
            addresses,
        })
    } else {
        let mut p = c.person(&d.person);
        p.name_at_birth = c.text("/name_at_birth", &d.name_at_birth);
        p.name_in_original_script = c.text("/name_in_original_script", &d.name_in_original_script);
        for (i, a) in d.aliases.iter().flatten().enumerate() {
            let base = format!("/aliases/{i}");
            let alias = Alias {
                extra: Default::default(),
                family_name: c.text(&format!("{base}/name"), &a.name),
                forenames: c.forename(&format!("{base}/forename"), &a.forename),
                date_of_birth: c.date(
                    &format!("{base}/date_of_birth"),
                    &a.date_of_birth,
                    "alias date of birth",
                ),
            };
            if alias != Alias::default() {
                p.aliases.push(alias);
            }
        }
        for (i, doc) in d.identity_documents.iter().flatten().enumerate() {
            let base = format!("/identity_documents/{i}");
            let number = doc.nr.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let state = doc
                .issuing_country_id
                .as_deref()
                .and_then(|raw| quirks::read_country(raw).value())
                .and_then(|cc| cc.to_icao());
            let (Some(number), Some(state)) = (number, state) else {
                c.note(
                    NoteCode::Unreadable,
                    &base,
                    "an identity document without a number or a known issuing country; kept".into(),
                );
                continue;
            };
            c.used(format!("{base}/nr"));
            let country = c.country(
                &format!("{base}/issuing_country_id"),
                &doc.issuing_country_id,
                "issuing country",
            );
            debug_assert!(country.is_some());
            let document_type = match doc.document_type.as_deref().and_then(document_type) {
                Some(t) => {
                    c.used(format!("{base}/type"));
                    t
                }
                None => DocumentType::Other,
            };
            p.identity_documents.push(IdentityDocument {
                extra: Default::default(),
                document_type,
                number: number.to_string(),
                issuing_state: state,
                issued_on: c.date(&format!("{base}/issued_on"), &doc.issued_on, "date of issue"),
                expires_on: c.date(&format!("{base}/expiry_date"), &doc.expiry_date, "date of expiry"),
            });
        }
        UnSubject::Person(p)
    };
    let main_activity = c.localized("/main_activity", &d.main_activity);
    // The UN Security Council is not an NCB: the importer is the source.
    let source = match options.importer {
        Some(importer) => {
            c.note(
                NoteCode::Assumed,
                "",
                format!(
                    "the source NCB is the importer, {importer}: the Special Notice's requester, the UN Security \
                     Council, is not an NCB"
                ),
            );
            importer
        }
        None => return Err(ImportError::NoSource(kind)),
    };
    let notice = Notice::UnSpecial(UnSpecialNotice {
        extra: Default::default(),
        un_reference,
        un_resolution,
        un_reference_date,
        subject,
        main_activity,
        committee: None,
        measures: Vec::new(),
    });
    Ok((notice, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_types_by_code_or_label() {
        assert_eq!(document_type("Passport"), Some(DocumentType::Passport));
        assert_eq!(document_type("identity card"), Some(DocumentType::IdentityCard));
        assert_eq!(document_type("Laissez-passer"), None);
    }
}
