//! Notices: sandbox review, lifecycle, access restrictions, list and
//! tolerant name search, cursors.

mod common;

use common::{Api, ncb, person, red_notice, start};
use ncblink::model::notice::Notice;
use ncblink::model::{Body, Envelope};
use serde_json::{Value, json};

async fn publish(api: &Api, env: &Envelope) -> Value {
    let r = api.post(env.source.as_str(), "/v1/notices", env).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "published", "{}", r.body);
    r.body
}

#[tokio::test]
async fn a_valid_red_notice_is_published_with_a_notice_id_and_delivered() {
    let api = start().await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    let rec = publish(&api, &env).await;
    let notice_id = rec["notice_id"].as_str().expect("notice id").to_string();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(notice_id.starts_with(&format!("{year}/")), "{notice_id}");
    let history: Vec<&str> = rec["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["submitted", "published"]);

    // By envelope id and by notice id in URL form, from another NCB.
    let by_id = api.get("DE", &format!("/v1/notices/{}", env.id)).await;
    assert_eq!(by_id.status, 200);
    let by_notice = api
        .get("DE", &format!("/v1/notices/{}", notice_id.replace('/', "-")))
        .await;
    assert_eq!(by_notice.status, 200);
    assert_eq!(by_notice.body["id"], env.id.to_string());

    // Delivered to the other NCBs, and the source told of the outcome.
    let de = api.inbox("DE").await;
    assert!(
        de.iter()
            .any(|i| i["kind"] == "envelope" && i["id"] == env.id.to_string())
    );
    let fr = api.inbox("FR").await;
    assert!(
        fr.iter()
            .any(|i| i["kind"] == "notice_status" && i["notification"]["notice_status"]["status"] == "published")
    );
}

#[tokio::test]
async fn a_red_notice_below_the_penalty_threshold_is_refused_with_the_report() {
    let api = start().await;
    let env = red_notice("FR", person("MARTIN", "Paul", "1975-01-01"), 12);
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "refused");
    assert!(r.body.get("notice_id").is_none());
    let codes: Vec<&str> = r.body["report"]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"RPD83.PENALTY_THRESHOLD"), "{codes:?}");
    // A refused request is its source's alone.
    assert_eq!(api.get("DE", &format!("/v1/notices/{}", env.id)).await.status, 404);
    assert_eq!(api.get("FR", &format!("/v1/notices/{}", env.id)).await.status, 200);
}

#[tokio::test]
async fn envelope_errors_block_submission_with_422_and_store_nothing() {
    let api = start().await;
    let mut env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    env.expires = None;
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.code(), "VALIDATION_FAILED");
    assert!(
        r.body["report"]["violations"][0]["code"]
            .as_str()
            .unwrap()
            .starts_with("RETENTION.")
    );
    assert_eq!(api.get("FR", &format!("/v1/notices/{}", env.id)).await.status, 404);
}

#[tokio::test]
async fn the_source_must_be_the_caller_and_the_body_a_notice() {
    let api = start().await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    let r = api.post("DE", "/v1/notices", &env).await;
    assert_eq!((r.status, r.code()), (403, "SOURCE_MISMATCH"));
    let msg = common::message("FR", &["DE"], "hello");
    let r = api.post("FR", "/v1/notices", &msg).await;
    assert_eq!((r.status, r.code()), (422, "WRONG_DOCUMENT"));
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!(r.status, 201);
    let r = api.post("FR", "/v1/notices", &env).await;
    assert_eq!((r.status, r.code()), (409, "DUPLICATE_ID"));
}

#[tokio::test]
async fn access_restrictions_hide_a_notice_from_a_denied_ncb() {
    let api = start().await;
    let mut env = red_notice("FR", person("PETROV", "Ivan", "1970-05-17"), 60);
    env.access.deny = vec![ncb("RU")];
    publish(&api, &env).await;
    let path = format!("/v1/notices/{}", env.id);
    assert_eq!(api.get("RU", &path).await.status, 404);
    assert_eq!(api.get("DE", &path).await.status, 200);
    let ru = api.get("RU", "/v1/notices").await;
    assert_eq!(ru.body["items"].as_array().unwrap().len(), 0, "{}", ru.body);
    let ru = api.get("RU", "/v1/notices?name=Petrov").await;
    assert_eq!(ru.body["items"].as_array().unwrap().len(), 0);
    let de = api.get("DE", "/v1/notices?name=Petrov").await;
    assert_eq!(de.body["items"].as_array().unwrap().len(), 1);
    // Nor is it delivered to, or found by a check from, the denied NCB.
    assert!(api.inbox("RU").await.is_empty());
    let check = api
        .post(
            "RU",
            "/v1/checks/persons",
            &json!({"family_name": "Petrov", "forenames": "Ivan"}),
        )
        .await;
    assert_eq!(check.body["outcome"], "no_hit", "{}", check.body);
    // A change by a denied NCB is a 404 too (not 403: existence does not leak).
    let r = api
        .post("RU", &format!("{path}/withdraw"), &json!({"reason": "x"}))
        .await;
    assert_eq!(r.status, 404);
    // A visible NCB that is not the source gets 403.
    let r = api
        .post("DE", &format!("{path}/withdraw"), &json!({"reason": "x"}))
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn suspension_withdrawal_resumption_and_illegal_transitions() {
    let api = start().await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    publish(&api, &env).await;
    let path = format!("/v1/notices/{}", env.id);

    let far = chrono::Utc::now() + chrono::Duration::days(200);
    let r = api.post("FR", &format!("{path}/suspend"), &json!({"until": far})).await;
    assert_eq!((r.status, r.code()), (422, "SUSPENSION_TOO_LONG"), "{}", r.body);

    let r = api.post("FR", &format!("{path}/resume"), &json!({})).await;
    assert_eq!((r.status, r.code()), (409, "ILLEGAL_TRANSITION"), "{}", r.body);

    let soon = chrono::Utc::now() + chrono::Duration::days(30);
    let r = api
        .post(
            "FR",
            &format!("{path}/suspend"),
            &json!({"until": soon, "reason": "extradition pending"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "suspended");
    assert!(r.body["suspended_until"].is_string());

    let r = api.post("FR", &format!("{path}/resume"), &json!({})).await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("published")));

    let r = api
        .post(
            "FR",
            &format!("{path}/withdraw"),
            &json!({"reason": "purpose achieved"}),
        )
        .await;
    assert_eq!((r.status, r.body["status"].as_str()), (200, Some("withdrawn")));
    assert_eq!(
        r.body["status_history"].as_array().unwrap().last().unwrap()["note"],
        "purpose achieved"
    );

    let r = api
        .post("FR", &format!("{path}/withdraw"), &json!({"reason": "again"}))
        .await;
    assert_eq!((r.status, r.code()), (409, "ILLEGAL_TRANSITION"));
    let r = api
        .post("FR", &format!("{path}/suspend"), &json!({"until": soon}))
        .await;
    assert_eq!(r.status, 409);
    // Others still see it, withdrawn.
    assert_eq!(api.get("DE", &path).await.body["status"], "withdrawn");
}

#[tokio::test]
async fn put_replaces_and_reviews_again() {
    let api = start().await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    let rec = publish(&api, &env).await;
    let path = format!("/v1/notices/{}", env.id);

    let mut updated = env.clone();
    updated.version = Some(2);
    if let Body::Notice(Notice::Red(r)) = &mut updated.body {
        r.subject.forenames = Some("Jean-Pierre".into());
    }
    let r = api.put("FR", &path, &updated).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "published");
    assert_eq!(r.body["notice_id"], rec["notice_id"]);
    assert_eq!(
        r.body["envelope"]["body"]["notice"]["red"]["subject"]["forenames"],
        "Jean-Pierre"
    );

    // A version that would be refused does not replace a published notice.
    // An older version cannot be put back, nor the same one again.
    for version in [None, Some(1), Some(2)] {
        let old = Envelope { version, ..env.clone() };
        let r = api.put("FR", &path, &old).await;
        assert_eq!((r.status, r.code()), (409, "VERSION_NOT_NEWER"), "{}", r.body);
        assert!(
            r.body["detail"].as_str().unwrap().contains("holds version 2"),
            "{}",
            r.body
        );
    }

    let mut bad = env.clone();
    bad.version = Some(3);
    if let Body::Notice(Notice::Red(r)) = &mut bad.body {
        r.judicial.charges[0].max_penalty_months = Some(3);
    }
    let r = api.put("FR", &path, &bad).await;
    assert_eq!((r.status, r.code()), (422, "VALIDATION_FAILED"));

    // Another id is another document.
    let other = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    let r = api.put("FR", &path, &other).await;
    assert_eq!((r.status, r.code()), (422, "WRONG_DOCUMENT"));

    // A refused request cannot be resubmitted: it is final.
    let refused = red_notice("FR", person("MARTIN", "Paul", "1975-01-01"), 12);
    api.post("FR", "/v1/notices", &refused).await;
    let again = Envelope {
        version: Some(2),
        ..refused.clone()
    };
    let r = api.put("FR", &format!("/v1/notices/{}", refused.id), &again).await;
    assert_eq!((r.status, r.code()), (409, "ILLEGAL_TRANSITION"));
}

#[tokio::test]
async fn name_search_ignores_case_accents_and_script_and_tolerates_a_typo() {
    let api = start().await;
    let mut muller = red_notice("DE", person("MULLER", "Hans", "1966-02-03"), 60);
    if let Body::Notice(Notice::Red(r)) = &mut muller.body {
        r.subject.nationalities = vec!["DE".parse().unwrap()];
    }
    publish(&api, &muller).await;
    let mut ivanov = red_notice("FR", person("IVANOV", "Sergei", "1970-05-17"), 60);
    if let Body::Notice(Notice::Red(r)) = &mut ivanov.body {
        r.subject.name_in_original_script = Some("Иванов Сергей".into());
    }
    publish(&api, &ivanov).await;
    publish(&api, &red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60)).await;

    let found = |r: &common::Reply| -> Vec<String> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let q = |name: &str| format!("/v1/notices?name={}", urlencode(name));
    assert_eq!(found(&api.get("IT", &q("Müller")).await), ["MULLER, Hans"]);
    assert_eq!(found(&api.get("IT", &q("muller")).await), ["MULLER, Hans"]);
    // One inserted letter (the name was stored without its umlaut): found by the tolerance.
    assert_eq!(found(&api.get("IT", &q("Mueller Hans")).await), ["MULLER, Hans"]);
    // One word, one letter off, is too little to go on.
    assert!(found(&api.get("IT", &q("Mueller")).await).is_empty());
    // Cyrillic finds the romanised name, and the romanised name the Cyrillic one.
    assert_eq!(found(&api.get("IT", &q("Иванов")).await), ["IVANOV, Sergei"]);
    assert_eq!(found(&api.get("IT", &q("Sergei Ivanov")).await), ["IVANOV, Sergei"]);
    // A one-letter typo.
    assert_eq!(found(&api.get("IT", &q("Dupond Jean")).await), ["DUPONT, Jean"]);
    assert!(found(&api.get("IT", &q("Garcia")).await).is_empty());
    // Scores come with name searches.
    let r = api.get("IT", &q("Dupond Jean")).await;
    let score = r.body["items"][0]["score"].as_f64().unwrap();
    assert!(score > 0.88 && score < 1.0, "{score}");
    // Filters combine.
    assert_eq!(
        found(&api.get("IT", "/v1/notices?nationality=DE").await),
        ["MULLER, Hans"]
    );
    assert_eq!(
        found(&api.get("IT", "/v1/notices?date_of_birth=1970").await),
        ["IVANOV, Sergei"]
    );
    assert_eq!(
        found(&api.get("IT", "/v1/notices?source=DE&type=red&status=published").await),
        ["MULLER, Hans"]
    );
    assert!(found(&api.get("IT", "/v1/notices?type=yellow").await).is_empty());
    let bad = api.get("IT", "/v1/notices?colour=red").await;
    assert_eq!((bad.status, bad.code()), (400, "INVALID_PARAMETER"));
}

#[tokio::test]
async fn sql_in_names_is_stored_and_found_verbatim() {
    let api = start().await;
    let name = "Robert'); DROP TABLE notices;--";
    let env = red_notice("FR", person(name, "O'Brien \"Bobby\"", "1990-01-01"), 60);
    publish(&api, &env).await;
    let r = api.get("DE", &format!("/v1/notices?name={}", urlencode(name))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["items"][0]["name"], format!("{name}, O'Brien \"Bobby\""));
    let full = api.get("DE", &format!("/v1/notices/{}", env.id)).await;
    assert_eq!(
        full.body["envelope"]["body"]["notice"]["red"]["subject"]["family_name"],
        name
    );
    // The table is still there.
    assert_eq!(
        api.get("DE", "/v1/notices").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn pages_follow_cursors_and_a_tampered_cursor_is_a_400() {
    let api = start().await;
    for i in 0..5 {
        publish(
            &api,
            &red_notice("FR", person(&format!("NAME{i}"), "Test", "1980-01-01"), 60),
        )
        .await;
    }
    let mut seen = Vec::new();
    let mut path = "/v1/notices?limit=2".to_string();
    loop {
        let r = api.get("DE", &path).await;
        assert_eq!(r.status, 200, "{}", r.body);
        for i in r.body["items"].as_array().unwrap() {
            seen.push(i["name"].as_str().unwrap().to_string());
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/notices?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "NAME0, Test",
            "NAME1, Test",
            "NAME2, Test",
            "NAME3, Test",
            "NAME4, Test"
        ]
    );

    let first = api.get("DE", "/v1/notices?limit=2").await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(
        first.headers["link"].to_str().unwrap(),
        format!("</v1/notices?limit=2&cursor={cursor}>; rel=\"next\"")
    );
    let mut tampered = cursor.clone().into_bytes();
    tampered[3] = if tampered[3] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let r = api.get("DE", &format!("/v1/notices?cursor={tampered}")).await;
    assert_eq!((r.status, r.code()), (400, "INVALID_CURSOR"));
    let r = api
        .get("DE", "/v1/notices?cursor=%27%3B%20DROP%20TABLE%20notices%3B--")
        .await;
    assert_eq!((r.status, r.code()), (400, "INVALID_CURSOR"));
    // A cursor given to DE is not FR's.
    let r = api.get("FR", &format!("/v1/notices?cursor={cursor}")).await;
    assert_eq!(r.status, 400);
    let r = api.get("DE", "/v1/notices?limit=0").await;
    assert_eq!(r.status, 400);
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[tokio::test]
async fn a_suspension_ends_by_itself_at_its_date() {
    let mut config = ncblink_hub::HubConfig::sandbox_in_memory();
    config.housekeeping_every = std::time::Duration::from_millis(100);
    let api = common::start_with(config).await;
    let env = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    publish(&api, &env).await;
    let path = format!("/v1/notices/{}", env.id);
    let until = chrono::Utc::now() + chrono::Duration::milliseconds(600);
    let r = api
        .post("FR", &format!("{path}/suspend"), &json!({"until": until}))
        .await;
    assert_eq!(r.body["status"], "suspended");
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let r = api.get("FR", &path).await;
    assert_eq!(r.body["status"], "published", "{}", r.body);
    assert_eq!(
        r.body["status_history"].as_array().unwrap().last().unwrap()["note"],
        "suspension ended"
    );
    assert!(r.body.get("suspended_until").is_none());
    let told = api.inbox("FR").await;
    assert!(
        told.iter()
            .any(|i| i["notification"]["notice_status"]["note"] == "suspension ended")
    );
}

#[tokio::test]
async fn ids_are_per_source_and_another_ncbs_id_answers_like_an_unknown_one() {
    let api = start().await;
    let fr = red_notice("FR", person("DUPONT", "Jean", "1980-04-02"), 60);
    publish(&api, &fr).await;
    // DE takes FR's id: the same answer as for an id nobody used.
    let mut de = red_notice("DE", person("MULLER", "Hans", "1966-02-03"), 60);
    de.id = fr.id;
    let r = api.post("DE", "/v1/notices", &de).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Its own id again is a duplicate, in its own namespace only.
    let r = api.post("DE", "/v1/notices", &de).await;
    assert_eq!((r.status, r.code()), (409, "DUPLICATE_ID"));
    // Each source reads its own; a third NCB reads one it may see.
    let path = format!("/v1/notices/{}", fr.id);
    assert_eq!(api.get("FR", &path).await.body["envelope"]["source"], "FR");
    assert_eq!(api.get("DE", &path).await.body["envelope"]["source"], "DE");
    assert_eq!(api.get("IT", &path).await.status, 200);
    // Taking FR's future id does not make FR's write fail.
    let mut early = common::message("IT", &["DE"], "first");
    let later = common::message("FR", &["DE"], "second");
    early.id = later.id;
    assert_eq!(api.post("IT", "/v1/messages", &early).await.status, 201);
    let r = api.post("FR", "/v1/messages", &later).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let got = api.get("FR", &format!("/v1/messages/{}", later.id)).await;
    assert_eq!(got.body["envelope"]["source"], "FR", "{}", got.body);
    // Both reach DE's inbox, each once.
    let inbox = api.inbox("DE").await;
    let same: Vec<&Value> = inbox
        .iter()
        .filter(|i| i["id"] == json!(later.id.to_string()))
        .collect();
    assert_eq!(same.len(), 2, "{inbox:?}");
}
