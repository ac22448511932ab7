#!/usr/bin/env python3
"""Writes the shared test vectors (tests/vectors/{valid,invalid}/*.json and
manifest.json). The vectors are run by the Rust, C and Python tests alike.

Each invalid vector is a valid one with one thing broken, named after the
rule it breaks; the manifest lists the codes its report must hold, exactly.
`cargo xtask test` checks that the committed files match this script.

    python3 tests/vectors/build.py          # rewrite the files
    python3 tests/vectors/build.py --check  # exit 1 if they differ
"""
import copy
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
NOW = "2026-06-01T00:00:00Z"
CREATED = "2026-05-20T09:30:12Z"
EXPIRES = "2031-05-20T09:30:12Z"
REVIEW = "2030-11-20T09:30:12Z"


def text(lang, t, **tr):
    d = {"language": lang, "text": t}
    if tr:
        d["translations"] = {k: {"text": v, "provenance": "human"} for k, v in tr.items()}
    return d


def envelope(uid, body, source="FR", recipients="all", **extra):
    env = {
        "id": f"0196f0a2-7c4a-7d11-9a3e-{uid:012x}",
        "source": source,
        "recipients": recipients,
        "created": CREATED,
        "purpose": "locate_wanted_person",
        "classification": {"level": "restricted"},
        "language": "fr",
        "body": body,
    }
    # Notices and diffusions are kept five years and reviewed (RPD Arts
    # 49-50); a UN Special Notice lives as long as the UN listing.
    if ("notice" in body and "un_special" not in body["notice"]) or "diffusion" in body:
        env["expires"] = EXPIRES
        env["review_due"] = REVIEW
    env.update(extra)
    return env


PHOTO = {"digest": "sha-256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "media_type": "image/jpeg"}
FINGERPRINTS = {"standard": "ANSI/NIST-ITL 1-2011 Upd 2015", "tcn": "FR-2026-000123", "digest": "sha-256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}

RED_SUBJECT = {
    "family_name": "DURAND",
    "forenames": "Jean Pierre",
    "aliases": [{"family_name": "DURANT", "forenames": "Jean"}],
    "sex": "M",
    "date_of_birth": "1978-03-14",
    "place_of_birth": "Lyon",
    "country_of_birth": "FR",
    "nationalities": ["FR", "BE"],
    "languages_spoken": ["FRE", "ENG"],
    "height_m": 1.82,
    "weight_kg": 80.5,
    "eyes": ["BRO"],
    "hair": ["BLA"],
    "distinguishing_marks": text("FRE", "Cicatrice de 5 cm sur l'avant-bras gauche", en="5 cm scar on the left forearm"),
    "identity_documents": [{"document_type": "passport", "number": "19FR12345", "issuing_state": "FRA", "expires_on": "2029-06-30"}],
    "photos": [PHOTO],
    "fingerprints": [FINGERPRINTS],
    "sensitive_data_justification": "Fingerprints taken on arrest in 2019 confirm the identity behind the aliases",
    "status": "charged",
}

RED = {
    "red": {
        "subject": RED_SUBJECT,
        "judicial": {
            "purpose": "prosecution",
            "summary_of_facts": text(
                "FRE",
                "Entre janvier 2023 et mars 2024 à Lyon, l'intéressé a dirigé un réseau d'escroquerie en bande organisée "
                "ayant causé un préjudice de 4,2 millions d'euros à plus de 300 victimes, et a blanchi le produit.",
                en="Between January 2023 and March 2024 in Lyon, the person ran an organised fraud ring that caused a loss "
                "of EUR 4.2 million to over 300 victims, and laundered the proceeds.",
            ),
            "offence_date": "2023-01",
            "offence_place": "Lyon",
            "offence_country": "FR",
            "charges": [
                {"description": text("FRE", "Escroquerie en bande organisée"), "category": "fraud", "legal_provisions": "Code pénal, art. 313-1 et 313-2", "max_penalty_months": 120},
                {"description": text("FRE", "Blanchiment aggravé"), "category": "money_laundering", "legal_provisions": "Code pénal, art. 324-2", "max_penalty_months": 120},
            ],
            "warrants": [
                {"kind": "arrest_warrant", "reference": "MA-2024-LY-0815", "issuing_authority": "Juge d'instruction, Tribunal judiciaire de Lyon", "issued_on": "2024-04-02", "issuing_country": "FR"},
                {"kind": "judicial_decision", "reference": "CA-LY-2024-1142", "issuing_authority": "Cour d'appel de Lyon", "issued_on": "2024-06-18", "issuing_country": "FR"},
            ],
            "extradition_will_be_sought": True,
        },
        "gs_exception_requested": False,
        "public_extract": False,
        "cautions": ["may be armed"],
    }
}

YELLOW_MISSING = {
    "yellow": {
        "category": "missing_person",
        "subject": {"family_name": "GARCIA LOPEZ", "forenames": "Lucia", "sex": "F", "date_of_birth": "2009-07", "nationalities": ["ES"], "height_m": 1.6, "hair": ["BRO"], "photos": [PHOTO], "mother": {"family_name": "LOPEZ", "forenames": "Ana"}, "status": "missing"},
        "event": {"date": "2026-04-11", "place": "Valencia", "country": "ES", "circumstances": text("SPA", "Desaparecida a la salida del colegio", en="Disappeared after leaving school"), "police_report_reference": "VLC-2026-04-3311"},
        "countries_likely_to_be_visited": ["FR", "PT"],
        "public_extract": True,
    }
}
YELLOW_UNIDENTIFIED = {
    "yellow": {
        "category": "unable_to_identify",
        "subject": {"sex": "M", "height_m": 1.75, "eyes": ["BLU"], "distinguishing_marks": text("ENG", "Tattoo of an anchor on the right hand"), "photos": [PHOTO], "status": "unable_to_identify"},
        "event": {"date": "2026-03-02", "place": "Hamburg", "country": "DE", "police_report_reference": "HH-2026-77812"},
    }
}
BLUE = {"blue": {"subject": {"family_name": "ROSSI", "forenames": "Marco", "sex": "M", "date_of_birth": "1990", "photos": [PHOTO], "status": "suspect"}, "information_sought": text("ITA", "Localizzazione e attività", en="Location and activities"), "facts": text("ENG", "Suspected courier for a cocaine trafficking network")}}
BLACK = {"black": {"subject": {"sex": "F", "height_m": 1.65, "hair": ["BLN"], "dental_records": True, "status": "deceased"}, "discovery": {"date": "2026-02-14", "place": "Lake Constance", "country": "DE", "police_report_reference": "KN-2026-1021"}, "estimated_age": [30, 45]}}
GREEN = {"green": {"subject": {"family_name": "SMITH", "forenames": "John", "sex": "M", "date_of_birth": "1965-11-02", "nationalities": ["GB"], "fingerprints": [FINGERPRINTS], "sensitive_data_justification": "Identifies the person at border checks", "status": "convicted"}, "facts": text("ENG", "Convicted three times of child sexual abuse; travels frequently to south-east Asia"), "assessing_authority": "Metropolitan Police Service, Public Protection", "grounds": "conviction"}}
ORANGE = {"orange": {"threat": "object", "description": text("ENG", "Parcel bombs concealed in printer cartridges sent by air freight")}}
PURPLE = {"purple": {"modus_operandi": text("FRE", "Dissimulation de cocaïne dans des bananes évidées", en="Cocaine concealed in hollowed-out bananas"), "objects": [text("ENG", "Banana boxes with false bottoms")]}}
SILVER = {"silver": {"subject": {"family_name": "BIANCHI", "forenames": "Paolo", "sex": "M", "date_of_birth": "1971-09-09", "status": "charged"}, "offences": [{"description": text("ITA", "Associazione di tipo mafioso", en="Mafia-type association"), "category": "organised_crime", "legal_provisions": "Codice penale, art. 416-bis", "max_penalty_months": 180}], "assets": [{"kind": "real_estate", "description": text("ENG", "Villa in Marbella registered to a shell company"), "jurisdiction": "ES"}]}}
UN_PERSON = {"un_special": {"un_reference": "QDi.432", "un_resolution": "1267", "un_reference_date": "2019-03-05", "subject": {"person": {"family_name": "EXAMPLE", "forenames": "Abu", "name_in_original_script": "أبو مثال", "nationalities": ["SY"]}}, "main_activity": text("ENG", "Financier of a listed group")}}
UN_ENTITY = {"un_special": {"un_reference": "QDe.999", "un_resolution": "1267", "subject": {"entity": {"name": "Example Relief Foundation", "formerly_known_as": ["ERF"], "addresses": ["Street 1, City"]}}}}

DIFFUSION = {"diffusion": {"purpose": "wanted_person", "dispatch": "direct", "text": text("FRE", "Individu recherché pour escroquerie en bande organisée", en="Wanted for organised fraud"), "subject": RED_SUBJECT, "judicial": RED["red"]["judicial"]}}
DIFFUSION_REVIEW = {"diffusion": {"purpose": "information", "dispatch": "via_gs_review", "text": text("ENG", "Request for information on a vehicle theft network")}}
MESSAGE = {"message": {"title": "Demande d'information / Request for information", "text": text("FRE", "Merci de nous indiquer si M. DURAND est connu de vos services.", en="Please tell us whether Mr DURAND is known to you."), "case_reference": "FR-OCLDI-2026-0042"}}

HANDLING = [{"scheme": "tlp-2.0", "code": "AMBER+STRICT"}, {"scheme": "europol-hc", "code": "H3", "text": "No use in court without written consent"}]

vectors = []  # (path, kind, document, expected codes, valid, schema_valid)


def add(name, kind, doc, codes=(), valid=None, schema_valid=True, raw=None):
    if valid is None:
        valid = not codes
    folder = "valid" if valid else "invalid"
    # A copy: the scripts below go on mutating their documents.
    vectors.append((f"{folder}/{name}.json", kind, copy.deepcopy(doc), list(codes), valid, schema_valid, raw))


def notice(uid, body, **kw):
    return envelope(uid, {"notice": body}, **kw)


# ---- valid documents of every kind
red_env = notice(1, RED, handling=HANDLING, access={"deny": ["RU"]}, legal_basis="Mandat d'arrêt du 2 avril 2024")
add("red-notice", "envelope", red_env)
add("yellow-missing-person", "envelope", notice(2, YELLOW_MISSING, source="ES", language="es", purpose="locate_missing_person"))
add("yellow-unable-to-identify", "envelope", notice(3, YELLOW_UNIDENTIFIED, source="DE", language="en", purpose="identification"))
add("blue-notice", "envelope", notice(4, BLUE, source="IT", language="en", purpose="investigation"))
add("black-notice", "envelope", notice(5, BLACK, source="DE", language="en", purpose="identify_deceased"))
add("green-notice", "envelope", notice(6, GREEN, source="GB", language="en", purpose="alert"))
add("orange-notice", "envelope", notice(7, ORANGE, source="US", language="en", purpose="alert"))
add("purple-notice", "envelope", notice(8, PURPLE, source="FR", purpose="analysis"))
add("silver-notice", "envelope", notice(9, SILVER, source="IT", language="en", purpose="asset_tracing"))
add("un-special-person", "envelope", notice(10, UN_PERSON, source="US", language="en", purpose="alert"))
add("un-special-entity", "envelope", notice(11, UN_ENTITY, source="US", language="en", purpose="alert"))
add("diffusion-wanted-person", "envelope", envelope(12, DIFFUSION, recipients={"ncbs": ["DE", "IT", "ES"]}))
add("diffusion-via-review", "envelope", envelope(13, DIFFUSION_REVIEW, source="DE", language="en", purpose="investigation"))
add("message", "envelope", envelope(14, MESSAGE, recipients={"ncbs": ["DE"]}, purpose="investigation", correlation_id="0196f0a2-7c4a-7d11-9a3e-000000000001"))
add("message-reply", "envelope", envelope(15, {"message": {"title": "Antwort", "text": text("GER", "Herr DURAND ist uns nicht bekannt.", fr="M. DURAND ne nous est pas connu.")}}, source="DE", recipients={"ncbs": ["FR"]}, purpose="investigation", in_reply_to="0196f0a2-7c4a-7d11-9a3e-00000000000e"))
add("check-document", "check", {"document_check": {"number": "X1234567", "issuing_state": "D", "document_type": "passport"}})
add("check-vehicle", "check", {"vehicle_check": {"vin": "1M8GDM9AXKP042788"}})
add("check-vehicle-plate", "check", {"vehicle_check": {"plate": {"country": "IT", "number": "AB123CD"}}})
add("check-person", "check", {"person_check": {"family_name": "Durand", "forenames": "Jean", "date_of_birth": "1978"}})
add("check-person-by-id", "check", {"person_check": {"interpol_id": "2026/41872"}})
add("check-firearm", "check", {"firearm_check": {"serial_number": "ABC123456", "make": "Glock", "model": "17", "calibre": "9x19mm"}})
add("record-travel-document", "record", {"travel_document": {"number": "19FR99881", "issuing_state": "FRA", "document_type": "passport", "loss_type": "stolen_from_bearer", "lost_on": "2026-05-01", "national_reference": "FR-SLTD-1"}})
# A stateless person's travel document is issued by a State (here
# Germany, `D`); XXA is the holder's nationality, never an issuer.
add("record-stateless-document", "record", {"travel_document": {"number": "XA000123", "issuing_state": "D", "document_type": "refugee_travel_document", "loss_type": "lost"}})
add("record-vehicle", "record", {"vehicle": {"vin": "WVWZZZ1JZXW000001", "make": "Volkswagen", "model": "Golf", "stolen_on": "2026-05-03"}})
add("record-firearm", "record", {"firearm": {"serial_number": "XYZ987", "make": "Beretta", "model": "92FS", "calibre": "9x19mm", "status": "stolen"}})

# Valid with warnings: a reviewer will ask, the request may still be sent.
w = copy.deepcopy(RED)
w["red"]["subject"].pop("forenames")
add("red-single-name", "envelope", notice(16, w), codes=["IDENT.FORENAME"], valid=True)
w = copy.deepcopy(RED)
w["red"]["judicial"]["charges"][0]["max_penalty_months"] = 12
w["red"]["judicial"]["charges"][1]["max_penalty_months"] = 18
w["red"]["gs_exception_requested"] = True
add("red-below-threshold-gs-exception", "envelope", notice(17, w), codes=["RPD83.PENALTY_THRESHOLD"], valid=True)
w = copy.deepcopy(BLUE)
w["blue"]["information_sought"] = text("ITA", "Localizzazione e attività")
add("blue-text-not-in-working-language", "envelope", notice(18, w, source="IT", language="en", purpose="investigation"), codes=["TEXT.NO_WORKING_LANGUAGE"], valid=True)


# ---- invalid documents, each named after the rule it breaks
def red_with(uid, mutate, **kw):
    body = copy.deepcopy(RED)
    mutate(body["red"])
    return notice(uid, body, **kw)


add("IDENT.FAMILY_NAME", "envelope", red_with(100, lambda r: r["subject"].pop("family_name")), ["IDENT.FAMILY_NAME"])
add("IDENT.SEX", "envelope", red_with(101, lambda r: r["subject"].pop("sex")), ["IDENT.SEX"])
add("IDENT.DATE_OF_BIRTH", "envelope", red_with(102, lambda r: r["subject"].pop("date_of_birth")), ["IDENT.DATE_OF_BIRTH"])


def strip_description(r):
    for k in ["height_m", "weight_kg", "eyes", "hair", "distinguishing_marks", "photos", "fingerprints", "identity_documents"]:
        r["subject"].pop(k, None)


add("IDENT.DESCRIPTION_OR_BIOMETRICS", "envelope", red_with(103, strip_description), ["IDENT.DESCRIPTION_OR_BIOMETRICS"])
y = copy.deepcopy(YELLOW_UNIDENTIFIED)
y["yellow"]["subject"].pop("photos")
add("IDENT.PHOTO_OR_BIOMETRICS", "envelope", notice(104, y, source="DE", language="en", purpose="identification"), ["IDENT.PHOTO_OR_BIOMETRICS"])
y = copy.deepcopy(YELLOW_UNIDENTIFIED)
for k in ["height_m", "eyes", "distinguishing_marks"]:
    y["yellow"]["subject"].pop(k)
add("IDENT.PHYSICAL_DESCRIPTION", "envelope", notice(105, y, source="DE", language="en", purpose="identification"), ["IDENT.PHYSICAL_DESCRIPTION"])
y = copy.deepcopy(YELLOW_MISSING)
y["yellow"]["subject"].pop("family_name")
y["yellow"]["subject"].pop("sex")
add("yellow-missing-IDENT.FAMILY_NAME+IDENT.SEX", "envelope", notice(106, y, source="ES", language="es", purpose="locate_missing_person"), ["IDENT.FAMILY_NAME", "IDENT.SEX"])
g = copy.deepcopy(GREEN)
g["green"]["subject"].pop("date_of_birth")
add("green-IDENT.DATE_OF_BIRTH", "envelope", notice(107, g, source="GB", language="en", purpose="alert"), ["IDENT.DATE_OF_BIRTH"])
b = copy.deepcopy(BLACK)
b["black"]["subject"]["dental_records"] = False
add("black-IDENT.PHOTO_OR_BIOMETRICS", "envelope", notice(108, b, source="DE", language="en", purpose="identify_deceased"), ["IDENT.PHOTO_OR_BIOMETRICS"])
add("RPD83.FACTS", "envelope", red_with(110, lambda r: r["judicial"]["summary_of_facts"].update(text=" ")), ["RPD83.FACTS", "FIELD.EMPTY"])
add("RPD83.CHARGES", "envelope", red_with(111, lambda r: r["judicial"].update(charges=[])), ["RPD83.CHARGES"])
add("RPD83.MAX_PENALTY", "envelope", red_with(112, lambda r: r["judicial"]["charges"][1].pop("max_penalty_months")), ["RPD83.MAX_PENALTY"])
add("RPD83.WARRANT", "envelope", red_with(113, lambda r: r["judicial"].update(warrants=[])), ["RPD83.WARRANT"])
def to_serve(r):
    r["judicial"]["purpose"] = "serve_sentence"
    r["subject"]["status"] = "convicted"


add("RPD83.SENTENCE", "envelope", red_with(114, to_serve), ["RPD83.SENTENCE"])


def below_threshold(r):
    r["judicial"]["charges"][0]["max_penalty_months"] = 12
    r["judicial"]["charges"][1]["max_penalty_months"] = 18


add("RPD83.PENALTY_THRESHOLD", "envelope", red_with(115, below_threshold), ["RPD83.PENALTY_THRESHOLD"])


def short_sentence(r):
    to_serve(r)
    r["judicial"]["sentence"] = {"imposed_months": 4, "remaining_months": 3}


add("RPD83.PENALTY_THRESHOLD-sentence", "envelope", red_with(116, short_sentence), ["RPD83.PENALTY_THRESHOLD"])
def categories(*cats, linked=False):
    def mutate(r):
        for c, cat in zip(r["judicial"]["charges"], cats):
            c["category"] = cat
            if linked:
                c["linked_to_serious_crime"] = True
    return mutate


# Every charge excluded: refused. One excluded beside an admissible one:
# the General Secretariat drops it (a warning).
add("RPD83.EXCLUDED_OFFENCE", "envelope", red_with(117, categories("defamation", "adultery")), ["RPD83.EXCLUDED_OFFENCE"])
add("RPD83.EXCLUDED_OFFENCE-private-dispute", "envelope", red_with(118, categories("private_dispute", "unfunded_cheque")), ["RPD83.EXCLUDED_OFFENCE"])
add("RPD83.EXCLUDED_OFFENCE-family", "envelope", red_with(147, categories("bigamy", "family_maintenance")), ["RPD83.EXCLUDED_OFFENCE"])
y = copy.deepcopy(YELLOW_MISSING)
y["yellow"]["event"].pop("police_report_reference")
y["yellow"]["subject"].pop("photos")
y["yellow"]["subject"].pop("height_m")
y["yellow"]["subject"].pop("hair")
add("RPD90.POLICE_REPORT+IDENT.DESCRIPTION_OR_BIOMETRICS", "envelope", notice(119, y, source="ES", language="es", purpose="locate_missing_person"), ["IDENT.DESCRIPTION_OR_BIOMETRICS", "RPD90.POLICE_REPORT"])
add("DATE.IN_FUTURE", "envelope", red_with(120, lambda r: r["subject"].update(date_of_birth="2027-01-01")), ["DATE.IN_FUTURE", "DATA.BIRTH_AFTER_EVENT"])
add("FIELD.COUNTRY_UNKNOWN", "envelope", red_with(121, lambda r: r["subject"].update(nationalities=["FR", "ZZ"])), ["FIELD.COUNTRY_UNKNOWN"])
add("FIELD.LANGUAGE_UNKNOWN", "envelope", red_with(122, lambda r: r["judicial"]["summary_of_facts"].update(language="XQQ")), ["FIELD.LANGUAGE_UNKNOWN"])
add("FIELD.ICAO_UNKNOWN", "record", {"travel_document": {"number": "X1234567", "issuing_state": "QQQ", "document_type": "passport", "loss_type": "lost"}}, ["FIELD.ICAO_UNKNOWN"])
add("ICAO.NOT_ISSUER-identity-document", "envelope", red_with(148, lambda r: r["subject"]["identity_documents"][0].update(issuing_state="XXA")), ["ICAO.NOT_ISSUER"])
add("FIELD.TOO_LONG", "envelope", red_with(123, lambda r: r["subject"].update(place_of_birth="L" * 5000)), ["FIELD.TOO_LONG"])
add("RETENTION.EXPIRY_TOO_LATE", "envelope", notice(124, RED, expires="2032-05-20T09:30:12Z", review_due="2031-11-20T09:30:12Z"), ["RETENTION.EXPIRY_TOO_LATE"])
add("RETENTION.REVIEW_DUE", "envelope", notice(125, RED, review_due="2031-04-20T09:30:12Z"), ["RETENTION.REVIEW_DUE"])
e = notice(126, RED)
e.pop("expires")
e.pop("review_due")
add("RETENTION.EXPIRY_MISSING", "envelope", e, ["RETENTION.EXPIRY_MISSING"])
add("RETENTION.EXPIRED", "envelope", envelope(127, MESSAGE, recipients={"ncbs": ["DE"]}, purpose="investigation", expires="2026-05-21T00:00:00Z"), ["RETENTION.EXPIRED"])
add("ENVELOPE.NO_RECIPIENT", "envelope", envelope(128, MESSAGE, recipients={"ncbs": []}, purpose="investigation"), ["ENVELOPE.NO_RECIPIENT"])
add("ENVELOPE.MESSAGE_TO_ALL", "envelope", envelope(129, MESSAGE, purpose="investigation"), ["ENVELOPE.MESSAGE_TO_ALL"])
add("ACCESS.DENY_SENDER", "envelope", notice(130, RED, access={"deny": ["FR"]}), ["ACCESS.DENY_SENDER"])
add("ACCESS.ALLOW_AND_DENY", "envelope", notice(131, RED, access={"allow": ["DE", "IT"], "deny": ["IT"]}), ["ACCESS.ALLOW_AND_DENY"])
add("MARKING.TEXT_REQUIRED", "envelope", notice(132, RED, handling=[{"scheme": "europol-hc", "code": "H3"}]), ["MARKING.TEXT_REQUIRED"])
add("MARKING.CODE_UNKNOWN", "envelope", notice(133, RED, handling=[{"scheme": "tlp-2.0", "code": "WHITE"}]), ["MARKING.CODE_UNKNOWN"])
add("CHECK.NO_CRITERIA", "check", {"vehicle_check": {}}, ["CHECK.NO_CRITERIA"])
add("CHECK.NO_CRITERIA-person", "check", {"person_check": {"forenames": "Jean"}}, ["CHECK.NO_CRITERIA"])
add("RECORD.NO_IDENTIFIER", "record", {"vehicle": {"make": "Fiat"}}, ["RECORD.NO_IDENTIFIER"])
add("NOTICE.SUBJECT_REQUIRED", "envelope", notice(134, {"orange": {"threat": "person", "description": text("ENG", "Escaped prisoner, extremely violent")}}, source="US", language="en", purpose="alert"), ["NOTICE.SUBJECT_REQUIRED"])
s = copy.deepcopy(SILVER)
s["silver"]["assets"] = []
add("NOTICE.ASSETS_REQUIRED", "envelope", notice(135, s, source="IT", language="en", purpose="asset_tracing"), ["NOTICE.ASSETS_REQUIRED"])
add("PERSON.HEIGHT_RANGE", "envelope", red_with(136, lambda r: r["subject"].update(height_m=182)), ["PERSON.HEIGHT_RANGE"])
add("DIFFUSION.JUDICIAL_REQUIRED", "envelope", envelope(137, {"diffusion": {"purpose": "wanted_person", "dispatch": "direct", "text": text("ENG", "Wanted")}}, recipients={"ncbs": ["DE"]}), ["DIFFUSION.JUDICIAL_REQUIRED"])

bl = copy.deepcopy(BLUE)
bl["blue"]["subject"].pop("sex")
add("blue-IDENT.SEX", "envelope", notice(138, bl, source="IT", language="en", purpose="investigation"), ["IDENT.SEX"])
pu = copy.deepcopy(PURPLE)
pu["purple"]["modus_operandi"]["text"] = ""
add("purple-FIELD.EMPTY", "envelope", notice(139, pu, purpose="analysis"), ["FIELD.EMPTY"])
un = copy.deepcopy(UN_PERSON)
un["un_special"]["subject"]["person"].pop("family_name")
un["un_special"]["subject"]["person"].pop("name_in_original_script")
add("NOTICE.NAME_REQUIRED", "envelope", notice(146, un, source="US", language="en", purpose="alert"), ["NOTICE.NAME_REQUIRED"])

# ---- issue 16: the RPD as the General Secretariat applies it, ICAO codes.
# Issuers (ICAO Doc 9303 Part 3, section 5): a nationality-only code is no
# issuer; at check time an odd issuer is a warning, in a record an error.
add("check-document-organisation-issuer", "check", {"document_check": {"number": "CE0012345", "issuing_state": "XCE", "document_type": "other"}})
add("check-document-unknown-issuer", "check", {"document_check": {"number": "X1234567", "issuing_state": "QQQ"}}, ["FIELD.ICAO_UNKNOWN"], valid=True)
add("check-document-specimen", "check", {"document_check": {"number": "L898902C3", "issuing_state": "UTO", "document_type": "passport"}}, ["ICAO.SPECIMEN"], valid=True)
add("check-document-nationality-code", "check", {"document_check": {"number": "GB1234567", "issuing_state": "GBD"}}, ["ICAO.NOT_ISSUER"], valid=True)
add("ICAO.NOT_ISSUER", "record", {"travel_document": {"number": "XA000123", "issuing_state": "XXA", "document_type": "refugee_travel_document", "loss_type": "lost"}}, ["ICAO.NOT_ISSUER"])
add("ICAO.SPECIMEN", "record", {"travel_document": {"number": "L898902C3", "issuing_state": "UTO", "document_type": "passport", "loss_type": "stolen_blank"}}, ["ICAO.SPECIMEN"])

# Red exclusions (Art 83(1)(a)): linked to serious crime, defamation and
# unfunded cheques are admissible; one excluded charge is dropped.
add("red-excluded-but-linked", "envelope", notice(300, {"red": {**copy.deepcopy(RED["red"]), "judicial": {**copy.deepcopy(RED["red"]["judicial"]), "charges": [
    {"description": text("FRE", "Diffamation en bande organisée"), "category": "defamation", "legal_provisions": "Loi du 29 juillet 1881, art. 32", "max_penalty_months": 36, "linked_to_serious_crime": True},
    {"description": text("FRE", "Chèques sans provision"), "category": "unfunded_cheque", "legal_provisions": "Code monétaire et financier, art. L163-2", "max_penalty_months": 60, "linked_to_serious_crime": True},
]}}}))
add("red-one-excluded-charge", "envelope", red_with(301, categories("fraud", "immigration_offence")), ["RPD83.EXCLUDED_CHARGE"], valid=True)


def threshold_on_the_dropped_charge(r):
    categories("immigration_offence", "fraud")(r)
    r["judicial"]["charges"][0]["max_penalty_months"] = 60
    r["judicial"]["charges"][1]["max_penalty_months"] = 12


# The threshold is met only by the charge that will be dropped: refused.
add("RPD83.PENALTY_THRESHOLD-dropped-charge", "envelope", red_with(344, threshold_on_the_dropped_charge), ["RPD83.EXCLUDED_CHARGE", "RPD83.PENALTY_THRESHOLD"])

# Art 84: the extradition assurance, on Red Notices and wanted-person diffusions.
add("RPD84.EXTRADITION_ASSURANCE", "envelope", red_with(302, lambda r: r["judicial"].update(extradition_will_be_sought=False)), ["RPD84.EXTRADITION_ASSURANCE"])
dif = copy.deepcopy(DIFFUSION)
dif["diffusion"]["judicial"]["extradition_will_be_sought"] = False
add("RPD84.EXTRADITION_ASSURANCE-diffusion", "envelope", envelope(303, dif, recipients={"ncbs": ["DE"]}), ["RPD84.EXTRADITION_ASSURANCE"])
add("red-extradition-countries", "envelope", red_with(304, lambda r: r.update(extradition_countries=["DE", "ES"], caution_codes=["armed", "escape_risk"])))

# Retention (Arts 49-50): renewal after review; UN Special Notices while
# listed; diffusions reviewed like notices.
# Created in 2024 (first expiry 2029), renewed after review in 2026: the
# five years run from the renewal.
renewed = notice(305, RED, created="2024-07-01T00:00:00Z", expires="2031-05-25T00:00:00Z", review_due="2030-11-25T00:00:00Z",
                 retention_renewal={"renewed": "2026-05-25T00:00:00Z", "justification": "Still wanted: extradition proceedings pending"})
add("red-retention-renewed", "envelope", renewed)
bad = copy.deepcopy(renewed)
bad["retention_renewal"]["renewed"] = "2027-01-01T00:00:00Z"
add("RETENTION.RENEWAL_DATE", "envelope", bad, ["RETENTION.RENEWAL_DATE"])
add("RETENTION.EXPIRY_TOO_LATE-renewed", "envelope", {**renewed, "expires": "2031-06-25T00:00:00Z", "review_due": "2030-12-25T00:00:00Z"}, ["RETENTION.EXPIRY_TOO_LATE"])
d = envelope(306, DIFFUSION_REVIEW, source="DE", language="en", purpose="investigation")
d.pop("expires")
d.pop("review_due")
add("diffusion-without-expiry", "envelope", d, ["RETENTION.EXPIRY_MISSING"], valid=True)
d = envelope(307, DIFFUSION_REVIEW, source="DE", language="en", purpose="investigation")
d.pop("review_due")
add("RETENTION.REVIEW_DUE-diffusion", "envelope", d, ["RETENTION.REVIEW_DUE"])

# Blue Notices seeking an identity: no date of birth needed with a photo.
bl = copy.deepcopy(BLUE)
bl["blue"]["subject"].pop("date_of_birth")
add("blue-identity-sought", "envelope", notice(308, bl, source="IT", language="en", purpose="identification"))
bl["blue"]["subject"].pop("photos")
bl["blue"]["subject"]["height_m"] = 1.8
add("blue-IDENT.DATE_OF_BIRTH", "envelope", notice(309, bl, source="IT", language="en", purpose="identification"), ["IDENT.DATE_OF_BIRTH"])

# Constitution Art 3: neutrality.
add("ART3.NEUTRALITY", "envelope", red_with(310, categories("political_offence", "military_offence")), ["ART3.NEUTRALITY"])
add("ART3.PREDOMINANCE", "envelope", red_with(311, categories("fraud", "religious_offence")), ["ART3.PREDOMINANCE"], valid=True)
add("ART3.KEYWORD", "envelope", red_with(312, lambda r: r["judicial"]["charges"][0]["description"].update(text="Escroquerie au préjudice d'un parti politique")), ["ART3.KEYWORD"], valid=True)
dk = copy.deepcopy(DIFFUSION_REVIEW)
dk["diffusion"]["text"] = text("ENG", "Information on the organisers of an opposition protest")
add("ART3.KEYWORD-diffusion", "envelope", envelope(313, dk, source="DE", language="en", purpose="investigation"), ["ART3.KEYWORD"], valid=True)

# Art 44: the status of the person, consistent with the type.
add("RPD44.STATUS_MISSING", "envelope", red_with(314, lambda r: r["subject"].pop("status")), ["RPD44.STATUS_MISSING"], valid=True)
add("RPD44.STATUS_INCONSISTENT", "envelope", red_with(315, lambda r: r["subject"].update(status="witness")), ["RPD44.STATUS_INCONSISTENT"])
y = copy.deepcopy(YELLOW_MISSING)
y["yellow"]["subject"]["status"] = "suspect"
add("RPD44.STATUS_INCONSISTENT-yellow", "envelope", notice(316, y, source="ES", language="es", purpose="locate_missing_person"), ["RPD44.STATUS_INCONSISTENT"])

# Art 12: data quality.
add("DATA.BIRTH_AFTER_EVENT", "envelope", red_with(317, lambda r: r["judicial"].update(offence_date="1975")), ["DATA.BIRTH_AFTER_EVENT"])
add("red-offence-same-year-as-birth", "envelope", red_with(318, lambda r: r["judicial"].update(offence_date="1978")))
add("PERSON.AGE_IMPLAUSIBLE", "envelope", red_with(319, lambda r: r["subject"].update(date_of_birth="1890-01-01")), ["PERSON.AGE_IMPLAUSIBLE"])
add("DATA.DUPLICATE_NATIONALITY", "envelope", red_with(320, lambda r: r["subject"].update(nationalities=["FR", "BE", "FR"])), ["DATA.DUPLICATE_NATIONALITY"])
add("DATA.EXPIRY_BEFORE_ISSUE", "envelope", red_with(321, lambda r: r["subject"]["identity_documents"][0].update(issued_on="2020-01-01", expires_on="2019-06-30")), ["DATA.EXPIRY_BEFORE_ISSUE"])


def remaining_too_long(r):
    to_serve(r)
    r["judicial"]["sentence"] = {"imposed_months": 24, "remaining_months": 30}


add("DATA.SENTENCE_REMAINING", "envelope", red_with(322, remaining_too_long), ["DATA.SENTENCE_REMAINING"])
add("DATA.WARRANT_AFTER_REQUEST", "envelope", red_with(323, lambda r: r["judicial"]["warrants"][1].update(issued_on="2026-05-25")), ["DATA.WARRANT_AFTER_REQUEST"])
un = copy.deepcopy(UN_PERSON)
un["un_special"]["un_reference"] = "QDe.432"
add("UN.REFERENCE_FORMAT", "envelope", notice(324, un, source="US", language="en", purpose="alert"), ["UN.REFERENCE_FORMAT"])
un["un_special"]["un_reference"] = "432"
add("UN.REFERENCE_FORMAT-shape", "envelope", notice(325, un, source="US", language="en", purpose="alert"), ["UN.REFERENCE_FORMAT"])
add("RPD10.PURPOSE", "envelope", notice(326, RED, purpose="analysis"), ["RPD10.PURPOSE"], valid=True)
un = copy.deepcopy(UN_PERSON)
un["un_special"].update(committee="1267 Committee", measures=["asset_freeze", "travel_ban", "arms_embargo"])
add("un-special-measures", "envelope", notice(327, un, source="US", language="en", purpose="alert"))

# Privacy: Art 42, Art 90(2)(c), minors, markings.
add("RPD42.SENSITIVE_JUSTIFICATION", "envelope", red_with(328, lambda r: r["subject"].pop("sensitive_data_justification")), ["RPD42.SENSITIVE_JUSTIFICATION"], valid=True)


def public_without_reason(r):
    r["subject"].pop("sensitive_data_justification")
    r["public_extract"] = True


add("RPD42.SENSITIVE_PUBLIC", "envelope", red_with(329, public_without_reason), ["RPD42.SENSITIVE_PUBLIC"])
y = copy.deepcopy(YELLOW_MISSING)
y["yellow"]["subject"]["date_of_birth"] = "1990-02-03"
add("RPD90.ADULT_PRIVACY", "envelope", notice(330, y, source="ES", language="es", purpose="locate_missing_person"), ["RPD90.ADULT_PRIVACY"])
y["yellow"]["adult_privacy_attested"] = True
add("yellow-adult-attested", "envelope", notice(331, y, source="ES", language="es", purpose="locate_missing_person"))
add("PERSON.MINOR", "envelope", red_with(332, lambda r: r["subject"].update(date_of_birth="2007-06-01")), ["PERSON.MINOR"], valid=True)
add("MARKING.TLP_RED_TO_ALL", "envelope", notice(333, RED, handling=[{"scheme": "tlp-2.0", "code": "RED"}]), ["MARKING.TLP_RED_TO_ALL"])
add("red-tlp-red-named", "envelope", envelope(334, DIFFUSION, recipients={"ncbs": ["DE"]}, handling=[{"scheme": "tlp-2.0", "code": "RED"}]))
y = copy.deepcopy(YELLOW_MISSING)
add("MARKING.PUBLIC_NOT_CLEAR", "envelope", notice(335, y, source="ES", language="es", purpose="locate_missing_person", handling=[{"scheme": "tlp-2.0", "code": "AMBER"}]), ["MARKING.PUBLIC_NOT_CLEAR"])
add("yellow-public-clear", "envelope", notice(336, y, source="ES", language="es", purpose="locate_missing_person", handling=[{"scheme": "tlp-2.0", "code": "CLEAR"}]))

# Green (Art 89): the assessing authority and its grounds.
g = copy.deepcopy(GREEN)
g["green"].pop("assessing_authority")
add("RPD89.ASSESSMENT", "envelope", notice(337, g, source="GB", language="en", purpose="alert"), ["RPD89.ASSESSMENT"], valid=True)

# VIN (ISO 3779; 49 CFR 565 and GB 16735): the check digit is mandatory
# for North American and Chinese WMIs, and position 10 is the model year.
add("check-vehicle-european-check-digit", "check", {"vehicle_check": {"vin": "WVWZZZ1JZXW000009"}})
add("check-vehicle-mandatory-check-digit", "check", {"vehicle_check": {"vin": "1M8GDM9A1KP042788"}}, ["VIN.CHECK_DIGIT_MANDATORY"], valid=True)
add("VIN.CHECK_DIGIT_MANDATORY", "record", {"vehicle": {"vin": "LVSHCAMB5CE054249", "make": "Ford"}}, ["VIN.CHECK_DIGIT_MANDATORY"])
add("record-vehicle-china", "record", {"vehicle": {"vin": "LVSHCAMB1CE054249", "make": "Ford"}})
add("VIN.MODEL_YEAR", "record", {"vehicle": {"vin": "1M8GDM9A6UP042788", "make": "Motor Coach"}}, ["VIN.MODEL_YEAR"], valid=True)

# The originator: an NCB, an authorised international entity, the GS.
add("red-originator-icc", "envelope", notice(341, RED, originator={"kind": "international_entity", "code": "ICC"}))
add("ORIGINATOR.NOT_SOURCE", "envelope", notice(342, RED, originator={"kind": "ncb", "code": "DE"}), ["ORIGINATOR.NOT_SOURCE"])
add("ORIGINATOR.ENTITY_UNKNOWN", "envelope", notice(343, RED, originator={"kind": "international_entity", "code": "XYZ"}), ["ORIGINATOR.ENTITY_UNKNOWN"], valid=True)

# The model an operator expects: persons, assets.
rich = copy.deepcopy(RED)
rich["red"]["subject"].update(
    occupation="Accountant",
    addresses=[{"text": "12 rue de la République, 69002 Lyon", "country": "FR", "last_known_on": "2024-03"}],
    associates=[{"relation": "relative", "family_name": "DURAND", "forenames": "Marie", "description": "sister"}],
    contacts=[{"kind": "phone", "value": "+33612345678"}, {"kind": "online_account", "value": "@jpd78", "service": "telegram"}],
)
add("red-person-details", "envelope", notice(338, rich))
stateless = copy.deepcopy(BLUE)
stateless["blue"]["subject"].update(nationality_status="stateless")
add("blue-stateless", "envelope", notice(339, stateless, source="IT", language="en", purpose="investigation"))
sv = copy.deepcopy(SILVER)
sv["silver"]["assets"].append({"kind": "financial_account", "description": text("ENG", "Account at a Maltese bank"), "identifiers": [{"kind": "iban", "value": "MT84MALT011000012345MTLCAST001S"}]})
add("silver-asset-identifiers", "envelope", notice(340, sv, source="IT", language="en", purpose="asset_tracing"))
sv["silver"]["assets"][1]["identifiers"][0]["value"] = "MT84MALT011000012345MTLCAST001T"
add("ASSET.IDENTIFIER_INVALID", "envelope", notice(345, sv, source="IT", language="en", purpose="asset_tracing"), ["ASSET.IDENTIFIER_INVALID"])

# ---- structural errors: the JSON Schemas reject these too
# A member or a value of a later minor version: read (the schemas allow it,
# for receivers), reported to a sender (docs/compatibility.md).
add("FIELD.UNKNOWN_MEMBER", "envelope", red_with(140, lambda r: r["subject"].update(nickname="JP")), ["FIELD.UNKNOWN_MEMBER"], schema_valid=True)
add("FIELD.MISSING", "envelope", red_with(141, lambda r: r.pop("judicial")), ["FIELD.MISSING"], schema_valid=False)
add("FIELD.TYPE", "envelope", red_with(142, lambda r: r["subject"].update(height_m="tall")), ["FIELD.TYPE"], schema_valid=False)
add("FIELD.INVALID-date", "envelope", red_with(143, lambda r: r["subject"].update(date_of_birth="1978-13-01")), ["FIELD.INVALID"], schema_valid=False)
add("FIELD.INVALID-country-format", "envelope", red_with(144, lambda r: r["subject"].update(nationalities=["fr"])), ["FIELD.INVALID"], schema_valid=False)
add("FIELD.UNKNOWN_VALUE-sex", "envelope", red_with(145, lambda r: r["subject"].update(sex="X")), ["FIELD.UNKNOWN_VALUE"], schema_valid=True)
# A major version this SDK does not read: refused, naming the version.
add("DOCUMENT.VERSION_UNSUPPORTED", "envelope", red_with(146, lambda r: None, schema_version="2.0"), ["DOCUMENT.VERSION_UNSUPPORTED"], schema_valid=False)
add("JSON.SYNTAX", "envelope", None, ["JSON.SYNTAX"], schema_valid=False, raw=b'{"id": "0196f0a2-7c4a-7d11-9a3e-000000000001", "source": "FR",')
add("JSON.INVALID_UTF8", "check", None, ["JSON.INVALID_UTF8"], schema_valid=False, raw=b'{"document_check": {"number": "X\xff\xfe1", "issuing_state": "FRA"}}')
# Nesting 100,000 deep where a string belongs: the typed parser stops at the
# first bracket, so no recursion happens at all, and the error names the field.
add("FIELD.TYPE-nested-100000-deep", "check", None, ["FIELD.TYPE"], schema_valid=False, raw=b'{"document_check": {"issuing_state": "FRA", "number": ' + b"[" * 100000 + b"]" * 100000 + b"}}")


# ---- documents of an invented contract version 1.1 (docs/compatibility.md):
# new optional members at several depths, a new value in a code list
# (eyes) and in a status (the person's), a new body kind. A 1.0 receiver
# reads each, keeps every unknown part and writes it back unchanged.
future = []  # (name, document, {JSON Pointer: unknown part}, {JSON Pointer: unknown value})


def add_future(name, doc, members, values):
    future.append((name, doc, members, values))


FUTURE_MESSAGE = copy.deepcopy(MESSAGE)
FUTURE_MESSAGE["message"]["priority"] = "urgent"
FUTURE_MESSAGE["message"]["text"]["script"] = {"name": "Latn", "iso15924": 215}
add_future(
    "message-new-members",
    envelope(200, FUTURE_MESSAGE, recipients={"ncbs": ["DE"]}, purpose="investigation", schema_version="1.1",
             classification={"level": "restricted", "caveats": ["EU-ONLY"]}, channel={"kind": "secure", "hops": [1, 2]}),
    {
        "/channel": {"kind": "secure", "hops": [1, 2]},
        "/classification/caveats": ["EU-ONLY"],
        "/body/message/priority": "urgent",
        "/body/message/text/script": {"name": "Latn", "iso15924": 215},
    },
    {},
)
FUTURE_DIFFUSION = copy.deepcopy(DIFFUSION)
FUTURE_DIFFUSION["diffusion"]["subject"]["eyes"] = ["AMB"]
FUTURE_DIFFUSION["diffusion"]["subject"]["status"] = "person_of_interest"
FUTURE_DIFFUSION["diffusion"]["subject"]["identity_documents"][0]["chip"] = {"verified": True}
add_future(
    "diffusion-new-values",
    envelope(201, FUTURE_DIFFUSION, recipients={"ncbs": ["DE"]}, schema_version="1.1"),
    {"/body/diffusion/subject/identity_documents/0/chip": {"verified": True}},
    {"/body/diffusion/subject/eyes/0": "AMB", "/body/diffusion/subject/status": "person_of_interest"},
)
add_future(
    "new-body-kind",
    envelope(202, {"case_file": {"title": "Joint investigation FR-DE", "members": ["FR", "DE"], "opened": "2026-03-01"}},
             recipients={"ncbs": ["DE"]}, purpose="investigation", schema_version="1.1"),
    {"/body/case_file": {"title": "Joint investigation FR-DE", "members": ["FR", "DE"], "opened": "2026-03-01"}},
    {},
)


def render():
    files = {}
    manifest = {"now": NOW, "vectors": []}
    for path, kind, doc, codes, valid, schema_valid, raw in vectors:
        data = raw if raw is not None else (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
        files[path] = data
        manifest["vectors"].append({"file": path, "kind": kind, "valid": valid, "codes": sorted(set(codes)), "schema_valid": schema_valid})
    files["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    # The same manifest as tab-separated lines, for the C tests:
    # file, kind, valid (1/0), codes (comma-separated, may be empty), schema_valid.
    lines = [f"# now\t{NOW}"]
    for v in manifest["vectors"]:
        lines.append("\t".join([v["file"], v["kind"], "1" if v["valid"] else "0", ",".join(v["codes"]), "1" if v["schema_valid"] else "0"]))
    files["manifest.tsv"] = ("\n".join(lines) + "\n").encode()
    fmanifest = []
    for name, doc, members, values in future:
        path = f"future/{name}.json"
        files[path] = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
        fmanifest.append({"file": path, "unknown_members": members, "unknown_values": values})
    files["future/manifest.json"] = (json.dumps({"schema_version": "1.1", "documents": fmanifest}, ensure_ascii=False, indent=2) + "\n").encode()
    return files


def main():
    check = "--check" in sys.argv
    files = render()
    stale = []
    for rel, data in files.items():
        p = HERE / rel
        if check:
            if not p.exists() or p.read_bytes() != data:
                stale.append(rel)
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
    on_disk = {str(p.relative_to(HERE)) for p in HERE.glob("*/*.json")}
    extra = on_disk - set(files)
    if check and (stale or extra):
        print("tests/vectors drift from build.py: " + ", ".join(sorted(stale + list(extra))), file=sys.stderr)
        print("run: python3 tests/vectors/build.py", file=sys.stderr)
        return 1
    if not check:
        for rel in extra:
            (HERE / rel).unlink()
        print(f"{len(files) - 3 - len(future)} vectors and {len(future)} future documents written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
