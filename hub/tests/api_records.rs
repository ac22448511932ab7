//! Records and checks: SLTD ownership rules, hits and their notifications,
//! batches, vehicles, firearms and persons.

mod common;

use common::{person, red_notice, start};
use serde_json::{Value, json};

fn passport(number: &str, state: &str) -> Value {
    json!({"travel_document": {
        "number": number, "issuing_state": state, "document_type": "passport", "loss_type": "stolen_from_bearer"
    }})
}

#[tokio::test]
async fn only_the_issuing_state_registers_and_only_the_owner_deletes() {
    let api = start().await;
    let r = api.post("DE", "/v1/records", &passport("12AB34567", "FRA")).await;
    assert_eq!((r.status, r.code()), (403, "NOT_ISSUING_STATE"), "{}", r.body);
    let r = api.post("FR", "/v1/records", &passport("12AB34567", "FRA")).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["owner"], "FR");
    let id = r.body["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("sltd-"));
    // Germany's ICAO code is D.
    let r = api.post("DE", "/v1/records", &passport("C01X00T47", "D")).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Registered again (another key, the number written otherwise): the
    // stored record.
    let r = api.post("FR", "/v1/records", &passport("12ab 34567", "FRA")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], id.as_str());

    let path = format!("/v1/records/{id}");
    assert_eq!(
        api.get("JP", &path).await.body["record"]["travel_document"]["number"],
        "12AB34567"
    );
    let r = api.delete("DE", &path).await;
    assert_eq!((r.status, r.code()), (403, "FORBIDDEN"));
    assert_eq!(api.delete("FR", &path).await.status, 204);
    assert_eq!(api.get("FR", &path).await.status, 404);
    assert_eq!(api.delete("FR", &path).await.status, 404);
    assert_eq!(api.get("FR", "/v1/records/sltd-x").await.status, 404);
    // Deleted: no longer a hit.
    let r = api
        .post(
            "IT",
            "/v1/checks/documents",
            &json!({"number": "12AB34567", "issuing_state": "FRA"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit");
}

#[tokio::test]
async fn a_document_hit_notifies_the_owner_and_matches_normalised_numbers() {
    let api = start().await;
    let r = api.post("FR", "/v1/records", &passport("12AB34567", "FRA")).await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let r = api
        .post(
            "US",
            "/v1/checks/documents",
            &json!({"number": "12ab-345 67<<", "issuing_state": "FRA", "document_type": "passport"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "hit");
    assert_eq!(r.body["hits"][0]["record_id"], id.as_str());
    assert_eq!(r.body["hits"][0]["owner"], "FR");
    assert_eq!(r.body["hits"][0]["database"], "sltd");
    // Same number, other state or other type: no hit.
    let r = api
        .post(
            "US",
            "/v1/checks/documents",
            &json!({"number": "12AB34567", "issuing_state": "D"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit");
    let r = api
        .post(
            "US",
            "/v1/checks/documents",
            &json!({"number": "12AB34567", "issuing_state": "FRA", "document_type": "identity_card"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit");

    let fr = api.inbox("FR").await;
    let hits: Vec<&Value> = fr.iter().filter(|i| i["kind"] == "hit_notification").collect();
    assert_eq!(hits.len(), 1, "{fr:?}");
    let n = &hits[0]["notification"]["hit"];
    assert_eq!(n["checked_by"], "US");
    assert_eq!(n["record_id"], id.as_str());
    assert_eq!(n["count"], 1);
    assert!(n["checked_at"].is_string());
    assert!(api.inbox("US").await.is_empty());
}

#[tokio::test]
async fn batches_answer_in_order_and_are_limited_to_1000() {
    let api = start().await;
    api.post("FR", "/v1/records", &passport("HIT0001", "FRA")).await;
    api.post("IT", "/v1/records", &passport("HIT0002", "ITA")).await;
    let items: Vec<Value> = (0..100)
        .map(|i| match i {
            17 => json!({"number": "HIT0001", "issuing_state": "FRA"}),
            83 => json!({"number": "HIT0002", "issuing_state": "ITA"}),
            _ => json!({"number": format!("MISS{i:04}"), "issuing_state": "FRA"}),
        })
        .collect();
    let r = api
        .post("ES", "/v1/checks/documents/batch", &json!({"items": items}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 100);
    for (i, res) in results.iter().enumerate() {
        let expected = if i == 17 || i == 83 { "hit" } else { "no_hit" };
        assert_eq!(res["outcome"], expected, "item {i}");
    }
    assert_eq!(results[83]["hits"][0]["owner"], "IT");

    let too_many: Vec<Value> = (0..1001)
        .map(|i| json!({"number": format!("N{i}"), "issuing_state": "FRA"}))
        .collect();
    let r = api
        .post("ES", "/v1/checks/documents/batch", &json!({"items": too_many}))
        .await;
    assert_eq!((r.status, r.code()), (413, "BATCH_TOO_LARGE"), "{}", r.body);

    // An issuer no list knows is a warning at check time (issue 16): the
    // officer still learns there is no hit.
    let odd = json!({"items": [{"number": "A1", "issuing_state": "FRA"}, {"number": "A2", "issuing_state": "ZZZ"}]});
    let r = api.post("ES", "/v1/checks/documents/batch", &odd).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["results"][1]["outcome"], "no_hit");
    let bad = json!({"items": [{"number": "A1", "issuing_state": "FRA"}, {"number": "A2", "issuing_state": "fr"}]});
    let r = api.post("ES", "/v1/checks/documents/batch", &bad).await;
    assert_eq!((r.status, r.code()), (422, "INVALID_DOCUMENT"), "{}", r.body);
    assert_eq!(r.body["report"]["violations"][0]["pointer"], "/items/1/issuing_state");

    let r = api
        .post("ES", "/v1/checks/documents/batch", &json!({"items": []}))
        .await;
    assert_eq!(r.body["results"], json!([]));
}

#[tokio::test]
async fn vehicles_and_firearms_are_found_by_their_identifiers() {
    let api = start().await;
    let car = json!({"vehicle": {"vin": "WVWZZZ1JZXW000001", "plate": {"country": "DE", "number": "B-AB 1234"}, "make": "Volkswagen", "model": "Golf"}});
    let r = api.post("DE", "/v1/records", &car).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let gun = json!({"firearm": {"serial_number": "SN-123456", "make": "Glock", "model": "17", "status": "stolen"}});
    let r = api.post("IT", "/v1/records", &gun).await;
    assert_eq!(r.status, 201, "{}", r.body);

    let r = api
        .post("FR", "/v1/checks/vehicles", &json!({"vin": "wvwzzz1jzxw000001"}))
        .await;
    assert_eq!(r.body["outcome"], "hit", "{}", r.body);
    assert!(r.body["hits"][0]["summary"].as_str().unwrap().contains("Volkswagen"));
    let r = api
        .post(
            "FR",
            "/v1/checks/vehicles",
            &json!({"plate": {"country": "DE", "number": "BAB1234"}}),
        )
        .await;
    assert_eq!(r.body["outcome"], "hit");
    let r = api
        .post(
            "FR",
            "/v1/checks/vehicles",
            &json!({"plate": {"country": "FR", "number": "BAB1234"}}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit");
    let r = api.post("FR", "/v1/checks/vehicles", &json!({})).await;
    assert_eq!((r.status, r.code()), (422, "VALIDATION_FAILED"));
    assert_eq!(r.body["report"]["violations"][0]["code"], "CHECK.NO_CRITERIA");

    let r = api
        .post("FR", "/v1/checks/firearms", &json!({"serial_number": "sn123456"}))
        .await;
    assert_eq!(r.body["outcome"], "hit");
    let r = api
        .post(
            "FR",
            "/v1/checks/firearms",
            &json!({"serial_number": "SN123456", "make": "GLOCK"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "hit");
    let r = api
        .post(
            "FR",
            "/v1/checks/firearms",
            &json!({"serial_number": "SN123456", "make": "Beretta"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit");
    let r = api
        .post(
            "FR",
            "/v1/checks/firearms/batch",
            &json!({"items": [{"serial_number": "X"}, {"serial_number": "SN-123456"}]}),
        )
        .await;
    assert_eq!(r.body["results"][1]["outcome"], "hit");
    // The owners were told once per record and checker, with the count of
    // hits.
    let counts = |inbox: Vec<Value>| -> Vec<u64> {
        inbox
            .iter()
            .filter(|i| i["kind"] == "hit_notification")
            .map(|i| i["notification"]["hit"]["count"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(counts(api.inbox("DE").await), vec![2]);
    assert_eq!(counts(api.inbox("IT").await), vec![3]);
}

#[tokio::test]
async fn persons_are_matched_by_tolerant_name_and_date_of_birth_or_interpol_id() {
    let api = start().await;
    let env = red_notice("FR", person("IVANOV", "Sergei", "1970-05-17"), 60);
    let r = api.post("FR", "/v1/notices", &env).await;
    let notice_id = r.body["notice_id"].as_str().unwrap().to_string();
    let refused = red_notice("FR", person("IVANOV", "Sergei", "1970-05-17"), 6);
    api.post("FR", "/v1/notices", &refused).await;

    let r = api
        .post(
            "DE",
            "/v1/checks/persons",
            &json!({"family_name": "Иванов", "forenames": "Сергей", "date_of_birth": "1970"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "hit", "{}", r.body);
    assert_eq!(
        r.body["hits"].as_array().unwrap().len(),
        1,
        "the refused request is not in force"
    );
    assert_eq!(r.body["hits"][0]["database"], "nominal");
    assert_eq!(r.body["hits"][0]["record_id"], notice_id.replace('/', "-"));
    assert_eq!(r.body["hits"][0]["matched_on"], json!(["name", "date_of_birth"]));
    // One letter off: the name alone is not enough, a corroborating identifier is.
    let r = api
        .post(
            "DE",
            "/v1/checks/persons",
            &json!({"family_name": "Ivanof", "forenames": "Sergei"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit", "one letter off, nothing else: {}", r.body);
    let r = api
        .post(
            "DE",
            "/v1/checks/persons",
            &json!({"family_name": "Ivanof", "forenames": "Sergei", "nationalities": ["FR"]}),
        )
        .await;
    assert_eq!(r.body["outcome"], "hit", "one letter off, same nationality: {}", r.body);
    assert_eq!(r.body["hits"][0]["matched_on"], json!(["name", "nationality"]));
    assert!(r.body["hits"][0]["score"].as_f64().unwrap() < 1.0);
    // The same words need nothing else.
    let r = api
        .post(
            "DE",
            "/v1/checks/persons",
            &json!({"family_name": "IVANOV", "forenames": "Sergei"}),
        )
        .await;
    assert_eq!(r.body["hits"][0]["matched_on"], json!(["name"]), "{}", r.body);
    let r = api
        .post(
            "DE",
            "/v1/checks/persons",
            &json!({"family_name": "Ivanov", "forenames": "Sergei", "date_of_birth": "1985-01-01"}),
        )
        .await;
    assert_eq!(r.body["outcome"], "no_hit", "another date of birth: {}", r.body);
    let r = api
        .post("DE", "/v1/checks/persons", &json!({"interpol_id": notice_id}))
        .await;
    assert_eq!(r.body["outcome"], "hit");
    assert_eq!(r.body["hits"][0]["score"], 1.0);
    assert_eq!(r.body["hits"][0]["matched_on"], json!(["interpol_id"]));
    let r = api
        .post("DE", "/v1/checks/persons", &json!({"forenames": "Sergei"}))
        .await;
    assert_eq!(r.status, 422, "a person check names a family name or an INTERPOL id");
    let r = api
        .post(
            "DE",
            "/v1/checks/persons/batch",
            &json!({"items": [{"family_name": "Nobody"}, {"family_name": "Ivanov", "date_of_birth": "1970-05"}]}),
        )
        .await;
    assert_eq!(r.body["results"][0]["outcome"], "no_hit");
    assert_eq!(r.body["results"][1]["outcome"], "hit");
    let fr = api.inbox("FR").await;
    let hits: Vec<&Value> = fr.iter().filter(|i| i["kind"] == "hit_notification").collect();
    assert_eq!(hits.len(), 1, "one notice, one checker: {hits:?}");
    assert!(hits[0]["notification"]["hit"]["count"].as_u64().unwrap() >= 4);
}

#[tokio::test]
async fn a_shared_forename_or_a_close_name_alone_hits_no_one() {
    let api = start().await;
    let mut kowalski = person("KOWALSKI", "Zbigniew Adam", "1970-03-01");
    kowalski.nationalities = vec!["PL".parse().unwrap()];
    let mut doc_holder = person("MÜLLER", "Hans", "1966-02-03");
    doc_holder.identity_documents = vec![ncblink::model::IdentityDocument {
        extra: Default::default(),
        document_type: ncblink::model::DocumentType::Passport,
        number: "C01X00T47".into(),
        issuing_state: "D".parse().unwrap(),
        issued_on: None,
        expires_on: None,
    }];
    for subject in [kowalski, person("SCALEN", "Jean Pierre", "1980-04-02"), doc_holder] {
        let r = api.post("FR", "/v1/notices", &red_notice("FR", subject, 60)).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let check = |body: Value| {
        let api = &api;
        async move { api.post("DE", "/v1/checks/persons", &body).await.body }
    };
    let r = check(json!({"family_name": "Nowak", "forenames": "Zbigniew", "date_of_birth": "1970"})).await;
    assert_eq!(r["outcome"], "no_hit", "{r}");
    let r = check(json!({"family_name": "Dupont", "forenames": "Jean", "date_of_birth": "1980-04-02"})).await;
    assert_eq!(r["outcome"], "no_hit", "{r}");
    // The ICAO spelling of a passport matches exactly; its number corroborates a misspelling.
    let r = check(json!({"family_name": "MUELLER", "forenames": "HANS"})).await;
    assert_eq!(
        (r["hits"][0]["score"].as_f64(), &r["hits"][0]["matched_on"]),
        (Some(1.0), &json!(["name"])),
        "{r}"
    );
    let r = check(json!({"family_name": "Muelner", "forenames": "Hans", "document_number": "c01x00t47"})).await;
    assert_eq!(r["hits"][0]["matched_on"], json!(["name", "document"]), "{r}");
    let r = check(json!({"family_name": "Muelner", "forenames": "Hans", "document_number": "X1"})).await;
    assert_eq!(r["outcome"], "no_hit", "{r}");
}

#[tokio::test]
async fn vehicles_and_firearms_are_stored_once_by_their_natural_keys() {
    let api = start().await;
    let gun = |serial: &str, model: &str| json!({"firearm": {"serial_number": serial, "make": "Glock", "model": model, "status": "stolen"}});
    let first = api.post("FR", "/v1/records", &gun("AB-123", "17")).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = api.post("FR", "/v1/records", &gun("ab123", "17")).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.body["id"], first.body["id"]);
    let other = api.post("DE", "/v1/records", &gun("AB123", "17")).await;
    assert_eq!((other.status, other.code()), (409, "RECORD_EXISTS"), "{}", other.body);
    let detail = other.body["detail"].as_str().unwrap();
    assert!(detail.contains("firearm") && detail.contains("FR"), "{detail}");
    // Another model with the same serial number is another firearm.
    assert_eq!(api.post("DE", "/v1/records", &gun("AB123", "19")).await.status, 201);

    let car = |vin: Option<&str>, plate: &str| {
        let mut v = json!({"plate": {"country": "FR", "number": plate}, "make": "Renault"});
        if let Some(vin) = vin {
            v["vin"] = json!(vin);
        }
        json!({ "vehicle": v })
    };
    let by_vin = api
        .post("FR", "/v1/records", &car(Some("VF1AB000123456789"), "AA-123-AA"))
        .await;
    assert_eq!(by_vin.status, 201, "{}", by_vin.body);
    // The same VIN with new plates is the same vehicle.
    let r = api
        .post("FR", "/v1/records", &car(Some("vf1ab000123456789"), "BB-456-BB"))
        .await;
    assert_eq!((r.status, &r.body["id"]), (200, &by_vin.body["id"]), "{}", r.body);
    let by_plate = api.post("IT", "/v1/records", &car(None, "CC-789-CC")).await;
    assert_eq!(by_plate.status, 201, "{}", by_plate.body);
    let r = api.post("IT", "/v1/records", &car(None, "cc 789 cc")).await;
    assert_eq!((r.status, &r.body["id"]), (200, &by_plate.body["id"]));
    assert_eq!(api.post("ES", "/v1/records", &car(None, "CC789CC")).await.status, 409);
}

#[tokio::test]
async fn a_flood_of_hitting_checks_leaves_one_notification_per_record_and_checker() {
    let api = start().await;
    api.post("FR", "/v1/records", &passport("12AB34567", "FRA")).await;
    let batch = json!({"items": vec![json!({"number": "12AB34567", "issuing_state": "FRA"}); 1000]});
    for _ in 0..2 {
        let r = api.post("US", "/v1/checks/documents/batch", &batch).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body["results"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["outcome"] == "hit")
        );
    }
    api.post(
        "DE",
        "/v1/checks/documents",
        &json!({"number": "12AB34567", "issuing_state": "FRA"}),
    )
    .await;
    let fr = api.inbox("FR").await;
    let hits: Vec<(String, u64)> = fr
        .iter()
        .filter(|i| i["kind"] == "hit_notification")
        .map(|i| {
            let n = &i["notification"]["hit"];
            (
                n["checked_by"].as_str().unwrap().to_string(),
                n["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(hits, vec![("US".to_string(), 2000), ("DE".to_string(), 1)]);
}

#[tokio::test]
async fn a_new_window_opens_a_new_notification() {
    let config = ncblink_hub::HubConfig {
        hit_window: std::time::Duration::ZERO,
        ..ncblink_hub::HubConfig::sandbox_in_memory()
    };
    let api = common::start_with(config).await;
    api.post("FR", "/v1/records", &passport("12AB34567", "FRA")).await;
    for _ in 0..3 {
        api.post(
            "US",
            "/v1/checks/documents",
            &json!({"number": "12AB34567", "issuing_state": "FRA"}),
        )
        .await;
    }
    let fr = api.inbox("FR").await;
    assert_eq!(fr.iter().filter(|i| i["kind"] == "hit_notification").count(), 3);
}
