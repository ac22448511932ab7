//! Tests of `ncblink::interop`: each fixture of
//! `tests/fixtures/interpol-public/` (invented people in the public
//! service's shapes) read and mapped, every quirk checked, nothing lost
//! (every source leaf is mapped or kept); then the client against a local
//! stand-in of the service: the crawl round the 160-result cap, back-off on
//! 403, 502 as not found.

#[path = "support/public_server.rs"]
mod public_server;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use futures_util::StreamExt;
use ncblink::client::RetryPolicy;
use ncblink::interop::fetch::{MAX_RESULTS, PublicNoticesClient, PublicQuery};
use ncblink::interop::public::{ImageCollection, NoticeList, RedDetail, UnDetail};
use ncblink::interop::{
    ImportError, ImportOptions, Imported, NoteCode, PublicKind, convert::is_image_collection, import_detail,
    import_document, import_json,
};
use ncblink::model::judicial::OffenceCategory;
use ncblink::model::notice::{UnSpecialNotice, UnSubject, YellowNotice};
use ncblink::model::person::PersonStatus;
use ncblink::model::{
    Body, CountryCode, DocumentType, Envelope, EyeColour, HairColour, Notice, PartialDate, Purpose, Recipients, Sex,
};
use public_server::{PublicServer, invented_red};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/interpol-public")
}

fn fixture(name: &str) -> Value {
    let bytes = std::fs::read(fixtures().join(name)).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn options(importer: Option<&str>) -> ImportOptions {
    ImportOptions {
        now: Utc.with_ymd_and_hms(2026, 5, 1, 12, 0, 0).unwrap(),
        ..ImportOptions::new(importer.map(|c| c.parse().unwrap()))
    }
}

fn import(name: &str, importer: Option<&str>) -> Imported {
    import_detail(&fixture(name), &options(importer)).unwrap()
}

fn country(c: &str) -> CountryCode {
    c.parse().unwrap()
}

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

fn notes_at(i: &Imported, path: &str) -> Vec<NoteCode> {
    i.report
        .iter()
        .filter(|n| n.source_path == path)
        .map(|n| n.code)
        .collect()
}

fn red_of(e: &Envelope) -> &ncblink::model::notice::RedNotice {
    match &e.body {
        Body::Notice(Notice::Red(r)) => r,
        other => panic!("not a red notice: {other:?}"),
    }
}

fn yellow_of(e: &Envelope) -> &YellowNotice {
    match &e.body {
        Body::Notice(Notice::Yellow(y)) => y,
        other => panic!("not a yellow notice: {other:?}"),
    }
}

fn un_of(e: &Envelope) -> &UnSpecialNotice {
    match &e.body {
        Body::Notice(Notice::UnSpecial(u)) => u,
        other => panic!("not a special notice: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Nothing lost: every leaf of the source is in the canonical JSON or kept.

fn leaves(v: &Value, ptr: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                leaves(c, format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                leaves(c, format!("{ptr}/{i}"), out);
            }
        }
        leaf => out.push((ptr, leaf.clone())),
    }
}

/// The source's notation, read as the canonical one writes it: dates
/// `YYYY/MM/00` as `YYYY-MM`, `\r\n` as `\n`.
fn normalise(s: &str) -> String {
    let t = s.replace("\r\n", "\n").trim().to_string();
    let is_date = t.len() >= 4
        && t.split('/')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if is_date {
        let mut parts: Vec<&str> = t.split('/').collect();
        while parts.len() > 1 && parts.last() == Some(&"00") {
            parts.pop();
        }
        return parts.join("-");
    }
    t
}

fn appears(leaf: &Value, canonical: &[Value]) -> bool {
    canonical.iter().any(|c| match (leaf, c) {
        (Value::String(s), Value::String(c)) => {
            let n = normalise(s);
            *c == n
                || c.eq_ignore_ascii_case(&n.replace(' ', "_"))
                || (n.chars().count() > 12 && c.contains(&n))
                || n.parse::<CountryCode>()
                    .ok()
                    .and_then(|cc| cc.to_icao())
                    .is_some_and(|icao| icao.as_str() == c)
        }
        (Value::Number(n), Value::Number(c)) => (n.as_f64().unwrap() - c.as_f64().unwrap()).abs() < 1e-6,
        (Value::Number(n), Value::String(c)) => n.to_string() == *c,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        _ => false,
    })
}

fn assert_nothing_lost(source: &Value, imported: &Imported) {
    let canonical = serde_json::to_value(&imported.envelope).unwrap();
    let mut canon = Vec::new();
    leaves(&canonical, String::new(), &mut canon);
    let canon: Vec<Value> = canon.into_iter().map(|(_, v)| v).collect();
    let mut src = Vec::new();
    leaves(source, String::new(), &mut src);
    for (ptr, leaf) in src {
        if leaf.is_null() {
            continue;
        }
        let kept = imported
            .extensions
            .keys()
            .any(|k| ptr == *k || ptr.starts_with(&format!("{k}/")));
        assert!(
            kept || appears(&leaf, &canon),
            "{ptr} = {leaf} is neither in the canonical notice nor in the extensions"
        );
    }
}

#[test]
fn nothing_of_any_fixture_is_lost() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if is_image_collection(&doc) {
            continue;
        }
        let batch = import_document(&doc, &options(Some("FR"))).unwrap();
        if let Some(items) = doc.pointer("/_embedded/notices").and_then(Value::as_array) {
            for imported in &batch.notices {
                let id = imported.interpol_id.unwrap().to_string();
                let item = items.iter().find(|i| i["entity_id"] == id.as_str()).unwrap();
                assert_nothing_lost(item, imported);
                checked += 1;
            }
        } else {
            assert_nothing_lost(&doc, &batch.notices[0]);
            checked += 1;
        }
    }
    assert!(checked >= 9, "{checked} records checked");
}

#[test]
fn the_leaf_check_itself_catches_a_lost_member() {
    let doc = fixture("red-2019-48211.json");
    let mut imported = import_detail(&doc, &options(None)).unwrap();
    imported.extensions.remove("/date_of_publication");
    let lost = std::panic::catch_unwind(|| assert_nothing_lost(&doc, &imported));
    assert!(lost.is_err());
}

// ---------------------------------------------------------------------------
// Red.

#[test]
fn red_detail_with_placeholders_imprecise_date_and_an_unknown_eye_code() {
    let i = import("red-2019-48211.json", None);
    assert_eq!(i.kind, PublicKind::Red);
    assert_eq!(i.interpol_id.unwrap().to_string(), "2019/48211");
    let e = &i.envelope;
    assert_eq!(e.source.as_str(), "CO");
    assert_eq!(e.recipients, Recipients::All);
    assert_eq!(e.purpose, Purpose::LocateWantedPerson);
    assert_eq!(e.created, options(None).now);
    assert!(e.expires.unwrap() > e.review_due.unwrap());
    let red = red_of(e);
    let p = &red.subject;
    assert_eq!(p.family_name.as_deref(), Some("QUINTERVAL ARDANZA"));
    assert_eq!(p.forenames, None);
    assert_eq!(notes_at(&i, "/forename"), [NoteCode::Placeholder]);
    assert_eq!(i.extensions["/forename"], "-");
    assert_eq!(p.date_of_birth, Some(PartialDate::Year(1975)));
    assert_eq!(notes_at(&i, "/date_of_birth"), [NoteCode::Converted]);
    assert_eq!(p.height_m, None);
    assert_eq!(i.extensions["/height"], 0);
    assert_eq!(p.weight_kg, Some(82.0));
    assert_eq!(p.eyes, [EyeColour::Brown]);
    assert_eq!(i.extensions["/eyes_colors_id/1"], "XYZ");
    assert_eq!(notes_at(&i, "/eyes_colors_id/1"), [NoteCode::Unreadable]);
    assert!(p.hair.is_empty());
    assert_eq!(
        p.languages_spoken.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        ["SPA", "ENG"]
    );
    assert_eq!(p.nationalities, [country("CO"), country("VE")]);
    assert_eq!(p.sex, Some(Sex::Male));
    assert_eq!(p.country_of_birth, Some(country("CO")));
    assert_eq!(p.place_of_birth.as_deref(), Some("Cali"));
    assert_eq!(p.distinguishing_marks.as_ref().unwrap().text, "Scar on the left cheek");
    assert_eq!(p.distinguishing_marks.as_ref().unwrap().language.as_str(), "UND");
    // The charges: one per warrant, line breaks normalised, an obvious
    // category, no legal provisions or penalty (the extract has none).
    let j = &red.judicial;
    assert_eq!(j.charges.len(), 1);
    assert_eq!(
        j.charges[0].description.text,
        "Homicidio agravado\nConcierto para delinquir agravado\nFabricación, tráfico y porte de armas de fuego"
    );
    assert_eq!(j.charges[0].category, OffenceCategory::Homicide);
    assert!(j.charges[0].legal_provisions.is_empty() && j.charges[0].max_penalty_months.is_none());
    assert!(j.warrants.is_empty());
    assert!(red.public_extract);
    let charge_notes = notes_at(&i, "/arrest_warrants/0/charge");
    assert!(charge_notes.contains(&NoteCode::CategoryGuessed) && charge_notes.contains(&NoteCode::Missing));
    assert_eq!(notes_at(&i, "/arrest_warrants/0"), [NoteCode::Missing]);
    // Unknown members and links are kept; empty `_embedded` carries nothing.
    assert_eq!(i.extensions["/date_of_publication"], "2019/06/14");
    assert!(i.extensions["/_links"]["thumbnail"]["href"].is_string());
    assert_eq!(i.extensions["/entity_id"], "2019/48211");
    assert!(!i.extensions.contains_key("/_embedded"));
    assert!(i.has_note(NoteCode::Kept));
    // The public extract is not a full notice: validation says what is missing.
    let report = ncblink::validate::validate(e);
    for code in [
        "RPD83.WARRANT",
        "RPD83.LEGAL_PROVISIONS",
        "RPD83.MAX_PENALTY",
        "RPD83.FACTS",
    ] {
        assert!(report.has(code), "{code}: {report:?}");
    }
    // The canonical envelope is a valid document of the strict model.
    let json = serde_json::to_vec(e).unwrap();
    let back: Envelope = ncblink::json::parse(&json).unwrap();
    assert_eq!(&back, e);
}

#[test]
fn red_detail_with_two_warrants_a_translation_and_a_single_name() {
    let i = import("red-2024-1187.json", None);
    let red = red_of(&i.envelope);
    let p = &red.subject;
    assert_eq!(p.forenames, None);
    assert!(notes_at(&i, "/forename").is_empty(), "null is no placeholder");
    assert_eq!(p.date_of_birth, Some(PartialDate::YearMonth(1988, 4)));
    assert!(notes_at(&i, "/date_of_birth").is_empty());
    assert_eq!(p.height_m, Some(1.825));
    assert_eq!(p.weight_kg, Some(113.5));
    assert!(p.eyes.is_empty());
    assert_eq!(p.hair, [HairColour::Black, HairColour::Grey]);
    assert_eq!(
        p.languages_spoken.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        ["SPA", "QUE", "FRE"]
    );
    assert_eq!(notes_at(&i, "/languages_spoken_ids/2"), [NoteCode::Converted]);
    assert_eq!(
        i.extensions["/languages_spoken_ids/2"], "FRA",
        "a converted code stays on record"
    );
    let cats: Vec<_> = red.judicial.charges.iter().map(|c| c.category).collect();
    assert_eq!(cats, [OffenceCategory::DrugTrafficking, OffenceCategory::Fraud]);
    // The first warrant's country is the source; the second's is kept.
    assert_eq!(i.envelope.source.as_str(), "PE");
    assert_eq!(i.extensions["/arrest_warrants/1/issuing_country_id"], "BE");
    assert_eq!(i.extensions["/arrest_warrants/1/charge_translation"], "Organised fraud");
    assert!(!i.extensions.contains_key("/arrest_warrants/0/charge_translation"));
    assert!(notes_at(&i, "/arrest_warrants/1/issuing_country_id").contains(&NoteCode::Kept));
}

#[test]
fn red_detail_without_warrants_needs_the_importer_and_keeps_what_it_cannot_read() {
    let doc = fixture("red-2025-6928.json");
    assert_eq!(
        import_detail(&doc, &options(None)).unwrap_err(),
        ImportError::NoSource(PublicKind::Red)
    );
    let i = import_detail(&doc, &options(Some("DE"))).unwrap();
    assert_eq!(i.envelope.source.as_str(), "DE");
    assert!(notes_at(&i, "").contains(&NoteCode::Assumed));
    assert_eq!(notes_at(&i, "/arrest_warrants"), [NoteCode::Missing]);
    let p = &red_of(&i.envelope).subject;
    // 30 February: the month is kept, the source too.
    assert_eq!(p.date_of_birth, Some(PartialDate::YearMonth(1980, 2)));
    assert_eq!(i.extensions["/date_of_birth"], "1980/02/30");
    assert_eq!(notes_at(&i, "/date_of_birth"), [NoteCode::Partial]);
    assert_eq!(p.sex, None);
    assert_eq!(i.extensions["/sex_id"], "x");
    assert_eq!(p.height_m, None);
    assert_eq!(i.extensions["/height"], 7.2);
    assert_eq!(p.weight_kg, None);
    assert_eq!(p.eyes, [EyeColour::Blue]);
    assert_eq!(notes_at(&i, "/eyes_colors_id/0"), [NoteCode::Converted]);
    assert_eq!(
        i.extensions["/eyes_colors_id"],
        json!(["blu"]),
        "a converted code stays on record"
    );
    assert_eq!(p.hair, [HairColour::Brown]);
    assert_eq!(i.extensions["/hairs_id/1"], "PNK");
    assert_eq!(p.forenames.as_deref(), Some("Dariusz Emil"));
    assert!(red_of(&i.envelope).judicial.charges.is_empty());
}

// ---------------------------------------------------------------------------
// Yellow and UN.

#[test]
fn yellow_detail_becomes_a_missing_person_notice_with_its_event() {
    let i = import("yellow-2023-7751.json", None);
    assert_eq!(i.kind, PublicKind::Yellow);
    assert_eq!(i.envelope.source.as_str(), "SE");
    assert_eq!(i.envelope.purpose, Purpose::LocateMissingPerson);
    let y = yellow_of(&i.envelope);
    assert_eq!(y.event.date, PartialDate::YearMonth(2023, 7));
    assert_eq!(y.event.country, country("SE"));
    assert_eq!(y.event.place.as_deref(), Some("Göteborg"));
    assert_eq!(y.countries_likely_to_be_visited, [country("NO"), country("DK")]);
    let p = &y.subject;
    assert_eq!(p.status, Some(PersonStatus::Missing));
    assert_eq!(p.name_at_birth.as_deref(), Some("NORRBYSTAD"));
    assert_eq!(p.father.as_ref().unwrap().forenames.as_deref(), Some("Olof"));
    let mother = p.mother.as_ref().unwrap();
    assert_eq!(
        (mother.family_name.as_deref(), mother.forenames.as_deref()),
        (Some("NORRBYSTAD"), None)
    );
    assert_eq!(i.extensions["/mother_forename"], "-");
    assert_eq!(p.height_m, Some(1.68));
    assert_eq!(p.weight_kg, None);
    assert_eq!(i.extensions["/weight"], 0);
    assert_eq!(p.date_of_birth, Some(date("2006-11-03")));
    assert!(y.public_extract);
    assert!(ncblink::validate::validate(&i.envelope).has("RPD90.POLICE_REPORT"));
}

#[test]
fn un_person_with_aliases_documents_and_original_script() {
    let i = import("un-person-2016-30493.json", Some("FR"));
    assert_eq!(i.kind, PublicKind::UnPerson);
    assert_eq!(i.envelope.source.as_str(), "FR");
    assert_eq!(i.envelope.purpose, Purpose::Alert);
    assert!(notes_at(&i, "").contains(&NoteCode::Assumed));
    let u = un_of(&i.envelope);
    assert_eq!(u.un_reference, "QDi.987");
    assert_eq!(u.un_resolution, "1267"); // a number in the source
    assert_eq!(u.un_reference_date, Some(date("2010-01-25")));
    assert_eq!(
        u.main_activity.as_ref().unwrap().text,
        "Financier and facilitator of a listed group"
    );
    let UnSubject::Person(p) = &u.subject else {
        panic!("a person")
    };
    assert_eq!(p.name_in_original_script.as_deref(), Some("المرزاوي"));
    assert_eq!(i.extensions["/forename_in_original_script"], "فاضل حامد");
    assert_eq!(p.aliases.len(), 2);
    assert_eq!(p.aliases[0].date_of_birth, Some(PartialDate::YearMonth(1971, 5)));
    assert_eq!(p.aliases[1].forenames, None);
    assert_eq!(i.extensions["/aliases/1/forename"], "-");
    assert_eq!(p.identity_documents.len(), 2);
    let passport = &p.identity_documents[0];
    assert_eq!(passport.document_type, DocumentType::Passport);
    assert_eq!(passport.issuing_state.as_str(), "YEM");
    assert_eq!(passport.expires_on, Some(date("2014-03-13")));
    assert_eq!(i.extensions["/identity_documents/0/place_of_issue"], "Sana'a");
    assert_eq!(i.extensions["/identity_documents/0/citizenship_id"], "YE");
    let card = &p.identity_documents[1];
    assert_eq!(card.document_type, DocumentType::Other);
    assert_eq!(
        i.extensions["/identity_documents/1/type"],
        "National identification card"
    );
    assert_eq!(card.issued_on, Some(PartialDate::Year(2004)));
    for kept in ["/adresses", "/associates", "/profession", "/summary", "/purposes"] {
        assert!(i.extensions.contains_key(kept), "{kept}");
    }
    // The UN Security Council is not an NCB: no importer, no source.
    assert_eq!(
        import_detail(&fixture("un-person-2016-30493.json"), &options(None)).unwrap_err(),
        ImportError::NoSource(PublicKind::UnPerson)
    );
}

#[test]
fn un_entity_with_misspelt_addresses_and_a_single_former_name() {
    let i = import("un-entity-2017-199266.json", Some("FR"));
    assert_eq!(i.kind, PublicKind::UnEntity);
    let u = un_of(&i.envelope);
    assert_eq!(u.un_reference_date, Some(PartialDate::Year(2007)));
    let UnSubject::Entity(e) = &u.subject else {
        panic!("an entity")
    };
    assert_eq!(e.name, "AL-NOORAIN RELIEF TRUST");
    assert_eq!(e.formerly_known_as, ["NOORAIN AID FOUNDATION"]);
    assert_eq!(e.legal_form.as_deref(), Some("Charitable trust"));
    assert_eq!(e.registration_number.as_deref(), Some("458812"));
    assert_eq!(e.addresses, ["12 Harbour Road, Karachi, Pakistan"]);
    assert_eq!(i.extensions["/adresses/1"]["city"], "Peshawar");
    for kept in ["/administrators", "/additional_information", "/aliases"] {
        assert!(i.extensions.contains_key(kept), "{kept}");
    }
}

// ---------------------------------------------------------------------------
// Lists, images, detection, tolerance.

#[test]
fn list_pages_give_notices_from_extracts_or_say_why_not() {
    let red = import_document(&fixture("red-list.json"), &options(Some("FR"))).unwrap();
    assert_eq!(red.notices.len(), 3);
    assert!(red.failures.is_empty());
    for n in &red.notices {
        assert_eq!(n.report[0].code, NoteCode::ListExtract);
        assert_eq!(n.kind, PublicKind::Red);
    }
    // Extracts have no warrant: the importer is the source.
    assert_eq!(red.notices[0].envelope.source.as_str(), "FR");
    assert_eq!(red_of(&red.notices[0].envelope).subject.forenames, None);
    // A yellow extract has no event, a UN extract no reference.
    let yellow = import_document(&fixture("yellow-list.json"), &options(Some("FR"))).unwrap();
    assert!(yellow.notices.is_empty());
    assert_eq!(yellow.failures[0].pointer, "/_embedded/notices/0");
    assert_eq!(yellow.failures[0].entity_id.as_deref(), Some("2023/7751"));
    assert!(matches!(
        &yellow.failures[0].error,
        ImportError::Missing { path, .. } if path == "/date_of_event"
    ));
    let un = import_document(&fixture("un-persons-list.json"), &options(Some("FR"))).unwrap();
    assert!(matches!(
        &un.failures[0].error,
        ImportError::Missing { kind: PublicKind::UnPerson, path, .. } if path == "/un_reference"
    ));
    // The typed reader agrees.
    let list: NoticeList = serde_json::from_value(fixture("red-list.json")).unwrap();
    assert_eq!(list.total, Some(3));
    assert_eq!(list.notices()[2].notice_id().unwrap().url_form(), "2025-6928");
}

#[test]
fn image_collections_are_recognised_and_can_be_attached() {
    let images = fixture("red-2019-48211-images.json");
    assert!(is_image_collection(&images));
    assert!(matches!(
        import_document(&images, &options(None)),
        Err(ImportError::NotARecord(_))
    ));
    let typed: ImageCollection = serde_json::from_value(images.clone()).unwrap();
    assert_eq!(typed.images()[0].picture_id.as_deref(), Some("61234567"));
    assert!(typed.images()[0].href().unwrap().ends_with("/images/61234567"));
    let empty: ImageCollection = serde_json::from_value(fixture("red-2024-1187-images.json")).unwrap();
    assert!(empty.images().is_empty());
    let mut i = import("red-2019-48211.json", None);
    i.attach_images(&images);
    assert_eq!(i.extensions["images:/_embedded"]["images"][0]["picture_id"], "61234567");
}

#[test]
fn kinds_are_detected_from_links_or_members_or_given() {
    let opts = options(Some("FR"));
    let red = json!({"entity_id": "2020/1", "name": "X", "arrest_warrants": []});
    assert_eq!(import_detail(&red, &opts).unwrap().kind, PublicKind::Red);
    let yellow = json!({"entity_id": "2020/2", "name": "Y", "date_of_event": "2020", "country": "FR"});
    assert_eq!(import_detail(&yellow, &opts).unwrap().kind, PublicKind::Yellow);
    let entity = json!({"un_reference": "QDe.1", "un_resolution": "1267", "name": "Z", "legal_form": "Trust"});
    assert_eq!(import_detail(&entity, &opts).unwrap().kind, PublicKind::UnEntity);
    let person = json!({"un_reference": "QDi.1", "un_resolution": "1267", "name": "W"});
    assert_eq!(import_detail(&person, &opts).unwrap().kind, PublicKind::UnPerson);
    let bare = json!({"entity_id": "2020/3", "name": "V"});
    assert_eq!(import_detail(&bare, &opts).unwrap_err(), ImportError::UnknownKind);
    let given = ImportOptions {
        kind: Some(PublicKind::Red),
        ..opts.clone()
    };
    assert_eq!(import_detail(&bare, &given).unwrap().kind, PublicKind::Red);
}

#[test]
fn values_of_unexpected_types_are_kept_not_fatal() {
    let doc = json!({
        "entity_id": "2020-77",
        "name": 42,
        "forename": "Ana",
        "height": "1.70",
        "weight": 61,
        "nationalities": "FR",
        "sex_id": "f",
        "eyes_colors_id": [1, "BLU"],
        "languages_spoken_ids": ["fr", "QQQ"],
        "arrest_warrants": [{"charge": "", "issuing_country_id": "fra", "extra": true}],
        "_links": "not links"
    });
    let i = import_detail(&doc, &options(None)).unwrap();
    assert_eq!(i.interpol_id.unwrap().to_string(), "2020/77");
    assert_eq!(i.envelope.source.as_str(), "FR"); // `fra`, read as alpha-3
    let p = &red_of(&i.envelope).subject;
    assert_eq!(p.family_name, None);
    assert_eq!(i.extensions["/name"], 42);
    assert_eq!(p.height_m, None);
    assert_eq!(i.extensions["/height"], "1.70");
    assert_eq!(i.extensions["/nationalities"], "FR");
    assert_eq!(p.sex, Some(Sex::Female));
    assert_eq!(i.extensions["/sex_id"], "f");
    assert!(p.eyes.is_empty());
    assert_eq!(i.extensions["/eyes_colors_id"], json!([1, "BLU"]));
    assert_eq!(
        p.languages_spoken.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        ["FRE"]
    );
    assert_eq!(i.extensions["/languages_spoken_ids"], json!(["fr", "QQQ"]));
    assert_eq!(i.extensions["/arrest_warrants"][0]["extra"], true);
    assert_eq!(i.extensions["/_links"], "not links");
    assert_nothing_lost(&doc, &i);

    assert!(matches!(
        import_json(b"{not json", &options(None)),
        Err(ImportError::NotJson(_))
    ));
    assert!(matches!(
        import_json(b"[1, 2]", &options(None)),
        Err(ImportError::NotARecord(_))
    ));
    let typed: RedDetail = serde_json::from_value(doc).unwrap();
    assert_eq!(typed.person.height, None);
    assert_eq!(typed.arrest_warrants.unwrap()[0].other["extra"], true);
    let un: UnDetail = serde_json::from_value(fixture("un-entity-2017-199266.json")).unwrap();
    assert!(un.is_entity());
    assert!(un.other.contains_key("aliases") || un.aliases.is_some());
    assert!(!un.other.contains_key("name"), "flattened members are not duplicated");
}

#[test]
fn the_json_line_has_envelope_extensions_and_notes() {
    let i = import("red-2019-48211.json", None);
    let line = serde_json::to_value(&i).unwrap();
    for key in ["kind", "interpol_id", "envelope", "extensions", "notes"] {
        assert!(line.get(key).is_some(), "{key}");
    }
    assert_eq!(
        line["notes"][0]["code"].as_str().unwrap().split('.').next(),
        Some("IMPORT")
    );
    let back: Imported = serde_json::from_value(line).unwrap();
    assert_eq!(back, i);
}

// ---------------------------------------------------------------------------
// The client, against the local stand-in.

fn client(server: &PublicServer) -> PublicNoticesClient {
    PublicNoticesClient::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy {
            max_retries: 4,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .unwrap()
}

fn unique_ids(crawl: &ncblink::interop::fetch::Crawl) -> std::collections::HashSet<String> {
    crawl.notices.iter().filter_map(|n| n.entity_id.clone()).collect()
}

#[tokio::test]
async fn the_crawl_gets_all_400_notices_exactly_once_round_the_cap() {
    let server = PublicServer::start().await;
    server.add("red", invented_red(400));
    let c = client(&server);
    let mut pages = 0;
    let crawl = c
        .crawl(PublicKind::Red, &PublicQuery::default(), |_| pages += 1)
        .await
        .unwrap();
    assert_eq!(crawl.notices.len(), 400);
    assert_eq!(unique_ids(&crawl).len(), 400);
    assert_eq!(crawl.report.declared_total, 400);
    assert_eq!(crawl.report.duplicates, 10, "the French-Belgian notices, listed twice");
    assert_eq!(crawl.report.possibly_missed, 0);
    assert!(crawl.report.truncated.is_empty());
    assert_eq!(crawl.report.pages, pages);
    let log = server.log();
    assert!(
        log.iter()
            .any(|l| l.contains("nationality=FR") && l.contains("sexId=M") && l.contains("ageMin"))
    );
    assert!(
        log.iter()
            .all(|l| !l.contains("resultPerPage=") || l.contains("resultPerPage=160"))
    );
}

#[tokio::test]
async fn the_crawl_pages_within_slices_when_pages_are_small() {
    let server = PublicServer::start().await;
    server.add("red", invented_red(400));
    let c = PublicNoticesClient::builder()
        .base_url(server.base_url())
        .page_size(50)
        .build()
        .unwrap();
    let query = PublicQuery {
        nationality: Some(country("FR")),
        ..Default::default()
    };
    let crawl = c.crawl(PublicKind::Red, &query, |_| {}).await.unwrap();
    assert_eq!(crawl.notices.len(), 250);
    assert!(server.log().iter().any(|l| l.contains("page=3")));
}

#[tokio::test]
async fn notices_outside_every_slice_and_unsplittable_slices_are_reported() {
    let server = PublicServer::start().await;
    // 170 French men: the age split is needed; five (none of them also
    // Belgian, which would list them in the Belgian slice) have no date of
    // birth.
    let mut people = invented_red(170);
    for p in people.iter_mut().skip(1).take(5) {
        p["date_of_birth"] = Value::Null;
    }
    server.add("red", people);
    let crawl = client(&server)
        .crawl(PublicKind::Red, &PublicQuery::default(), |_| {})
        .await
        .unwrap();
    assert_eq!(crawl.notices.len(), 165);
    assert_eq!(crawl.report.possibly_missed, 5);

    // 200 people born the same day, same sex and nationality: no split helps.
    let server = PublicServer::start().await;
    let same: Vec<Value> = invented_red(200)
        .into_iter()
        .map(|mut p| {
            p["date_of_birth"] = "1980/01/01".into();
            p["nationalities"] = json!(["FR"]);
            p
        })
        .collect();
    server.add("red", same);
    let crawl = client(&server)
        .crawl(PublicKind::Red, &PublicQuery::default(), |_| {})
        .await
        .unwrap();
    assert_eq!(crawl.notices.len() as u64, MAX_RESULTS);
    assert_eq!(crawl.report.truncated.len(), 1);
    assert_eq!(crawl.report.truncated[0].1, 200);
}

#[tokio::test]
async fn the_client_backs_off_on_403_then_gives_a_clear_error() {
    let server = PublicServer::start().await;
    server.add("red", invented_red(3));
    server.forbid("/notices/v1/red", 3);
    let c = client(&server);
    let page = c.list_page(PublicKind::Red, &PublicQuery::default(), 1).await.unwrap();
    assert_eq!(page.total(), 3);
    assert_eq!(server.log().len(), 4, "three refusals, then the page");

    server.forbid("/notices/v1/red", 100);
    let err = c
        .list_page(PublicKind::Red, &PublicQuery::default(), 1)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ncblink::ErrorKind::Forbidden);
    assert_eq!(err.http_status(), Some(403));
    assert_eq!(err.problem().unwrap().code, "PUBLIC_API_FORBIDDEN");
    assert!(err.to_string().contains("403"), "{err}");
    assert_eq!(server.log().len(), 4 + 5, "the first attempt and four retries");
}

#[tokio::test]
async fn details_unknown_ids_are_not_found_and_known_ones_come_as_sent() {
    let server = PublicServer::start().await;
    server.load_fixtures(&fixtures());
    let c = client(&server);
    let known = "2019/48211".parse().unwrap();
    let detail = c.detail(PublicKind::Red, known).await.unwrap().unwrap();
    assert_eq!(detail, fixture("red-2019-48211.json"));
    let unknown = "2019/1".parse().unwrap();
    assert_eq!(c.detail(PublicKind::Red, unknown).await.unwrap(), None);
    assert_eq!(c.images(PublicKind::Red, unknown).await.unwrap(), None);
    let images = c.images(PublicKind::Red, known).await.unwrap().unwrap();
    assert_eq!(images, fixture("red-2019-48211-images.json"));
    // 502 is not retried for a detail: one request each.
    let log = server.log();
    assert_eq!(log.iter().filter(|l| l.ends_with("/red/2019-1")).count(), 1);

    // Several at once, unknown ones among them.
    let ids = vec![
        known,
        unknown,
        "2024/1187".parse().unwrap(),
        "2025/6928".parse().unwrap(),
    ];
    let results: Vec<_> = c.details(PublicKind::Red, ids).collect().await;
    assert_eq!(results.len(), 4);
    let found = results.iter().filter(|(_, r)| matches!(r, Ok(Some(_)))).count();
    assert_eq!(found, 3);
    let un = c
        .detail(PublicKind::UnEntity, "2017/199266".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let imported = import_detail(&un, &options(Some("FR"))).unwrap();
    assert_eq!(imported.kind, PublicKind::UnEntity);
}

#[tokio::test]
async fn a_list_page_past_the_cap_is_clamped_by_the_service() {
    let server = PublicServer::start().await;
    server.add("red", invented_red(400));
    let c = client(&server);
    let page = c.list_page(PublicKind::Red, &PublicQuery::default(), 9).await.unwrap();
    assert_eq!(page.total(), 400);
    assert_eq!(page.raw["query"]["page"], 1, "160 per page: one page only");
    assert_eq!(page.list.notices().len(), 160);
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    let err = PublicNoticesClient::builder()
        .base_url("ftp://example.invalid")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ncblink::ErrorKind::Config);
    assert_eq!(
        PublicNoticesClient::builder().build().unwrap().base_url(),
        ncblink::interop::fetch::DEFAULT_BASE_URL
    );
}
