//! Records in bulk: batch writes answered item by item and in order,
//! idempotent as a whole and by natural key, the SLTD index kept in step,
//! and the caller's own records listed by change sequence.

mod common;

use common::start;
use serde_json::{Value, json};

fn passport(number: &str, state: &str, loss: &str) -> Value {
    json!({"travel_document": {
        "number": number, "issuing_state": state, "document_type": "passport", "loss_type": loss
    }})
}

fn outcomes(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_batch_answers_each_item_in_order_and_refuses_items_alone() {
    let api = start().await;
    let batch = json!({"items": [
        {"action": "register", "record": passport("AA1", "FRA", "lost")},
        {"action": "register", "record": passport("AA2", "D", "lost")},
        {"action": "register", "record": {"vehicle": {"vin": "WVWZZZ1JZXW000001", "make": "VW"}}},
        {"action": "register", "record": passport("AA1", "FRA", "lost")},
        {"action": "register", "record": passport("", "FRA", "lost")},
        {"action": "update"},
    ]});
    let r = api.post("FR", "/v1/records/batch", &batch).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        outcomes(&r.body),
        ["created", "refused", "created", "exists", "refused", "refused"]
    );
    let res = &r.body["results"];
    assert_eq!(res[1]["problem"]["code"], "NOT_ISSUING_STATE");
    assert_eq!(res[3]["id"], res[0]["id"], "the same record, once");
    assert_eq!(res[4]["problem"]["code"], "VALIDATION_FAILED");
    assert!(
        res[4]["problem"]["report"]["violations"]
            .as_array()
            .is_some_and(|v| !v.is_empty())
    );
    assert_eq!(res[5]["problem"]["code"], "INVALID_PARAMETER");
    // The index follows: the new document is a hit at once.
    let hit = api
        .post(
            "IT",
            "/v1/checks/documents",
            &json!({"number": "AA1", "issuing_state": "FRA"}),
        )
        .await;
    assert_eq!(hit.body["outcome"], "hit");

    // Another NCB registering the same vehicle is refused for that item.
    let r = api
        .post(
            "DE",
            "/v1/records/batch",
            &json!({"items": [{"action": "register", "record": {"vehicle": {"vin": "WVWZZZ1JZXW000001"}}}]}),
        )
        .await;
    assert_eq!(r.body["results"][0]["problem"]["code"], "RECORD_EXISTS", "{}", r.body);
}

#[tokio::test]
async fn updates_and_removals_apply_once_and_the_index_follows() {
    let api = start().await;
    let first = json!({"items": [
        {"action": "register", "record": passport("BB1", "FRA", "lost")},
        {"action": "register", "record": passport("BB2", "FRA", "lost")},
    ]});
    let r = api.post("FR", "/v1/records/batch", &first).await;
    let seq1 = r.body["results"][0]["seq"].as_u64().unwrap();
    let id2 = r.body["results"][1]["id"].as_str().unwrap().to_string();
    let second = json!({"items": [
        {"action": "update", "record": passport("bb-1", "FRA", "stolen_from_bearer")},
        {"action": "update", "record": passport("BB2", "FRA", "lost")},
        {"action": "remove", "id": id2},
        {"action": "remove", "record": passport("BB3", "FRA", "lost")},
        {"action": "update", "record": passport("BB4", "FRA", "lost")},
    ]});
    let r = api.post_with_key("FR", "/v1/records/batch", &second, "k-2").await;
    assert_eq!(
        outcomes(&r.body),
        ["updated", "unchanged", "removed", "absent", "refused"]
    );
    assert!(
        r.body["results"][0]["seq"].as_u64().unwrap() > seq1,
        "an update moves the record on"
    );
    // The same request again: the first answer, nothing applied twice.
    let again = api.post_with_key("FR", "/v1/records/batch", &second, "k-2").await;
    assert_eq!(again.body, r.body);
    // The same items under a new key: idempotent item by item.
    let r = api.post_with_key("FR", "/v1/records/batch", &second, "k-3").await;
    assert_eq!(
        outcomes(&r.body),
        ["unchanged", "refused", "absent", "absent", "refused"]
    );
    assert_eq!(
        r.body["results"][1]["problem"]["code"], "NOT_FOUND",
        "a removed record is not updated"
    );
    let check = api
        .post(
            "IT",
            "/v1/checks/documents",
            &json!({"number": "BB2", "issuing_state": "FRA"}),
        )
        .await;
    assert_eq!(check.body["outcome"], "no_hit", "a removed record is no longer a hit");

    // Another NCB cannot remove France's record.
    let r = api
        .post(
            "DE",
            "/v1/records/batch",
            &json!({"items": [{"action": "remove", "record": passport("BB1", "FRA", "lost")}]}),
        )
        .await;
    assert_eq!(r.body["results"][0]["problem"]["code"], "FORBIDDEN", "{}", r.body);
}

#[tokio::test]
async fn a_batch_over_the_limit_is_refused_whole() {
    let api = start().await;
    let items: Vec<Value> = (0..1001)
        .map(|i| json!({"action": "register", "record": passport(&format!("C{i}"), "FRA", "lost")}))
        .collect();
    let r = api.post("FR", "/v1/records/batch", &json!({ "items": items })).await;
    assert_eq!((r.status, r.code()), (413, "BATCH_TOO_LARGE"), "{}", r.body);
}

#[tokio::test]
async fn the_callers_records_are_listed_by_cursor_and_change_sequence() {
    let api = start().await;
    let items: Vec<Value> = (0..25)
        .map(|i| json!({"action": "register", "record": passport(&format!("L{i:03}"), "FRA", "lost")}))
        .collect();
    assert_eq!(
        api.post("FR", "/v1/records/batch", &json!({ "items": items }))
            .await
            .status,
        200
    );
    let de = json!({"items": [{"action": "register", "record": passport("L999", "D", "lost")}]});
    api.post("DE", "/v1/records/batch", &de).await;
    // L005 changes: it comes last.
    let upd = json!({"items": [{"action": "update", "record": passport("L005", "FRA", "stolen_from_bearer")}]});
    assert_eq!(
        outcomes(&api.post("FR", "/v1/records/batch", &upd).await.body),
        ["updated"]
    );

    let mut seen = Vec::new();
    let mut seqs = Vec::new();
    let mut path = "/v1/records?mine=true&kind=travel_document&limit=10".to_string();
    loop {
        let r = api.get("FR", &path).await;
        assert_eq!(r.status, 200, "{}", r.body);
        for item in r.body["items"].as_array().unwrap() {
            seen.push(
                item["record"]["travel_document"]["number"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
            seqs.push(item["seq"].as_u64().unwrap());
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/records?mine=true&kind=travel_document&limit=10&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 25, "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("L005"));
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    assert!(!seen.contains(&"L999".to_string()), "only the caller's records");

    let r = api.get("FR", "/v1/records?kind=travel_document").await;
    assert_eq!((r.status, r.code()), (400, "INVALID_PARAMETER"));
    // An unknown parameter is refused, naming it, not ignored.
    let r = api.get("FR", "/v1/records?mine=true&kind=vehicle&owner=DE").await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("`owner`"), "{}", r.body);
    let r = api.get("FR", "/v1/records?mine=true&kind=vehicle").await;
    assert_eq!(r.body["items"], json!([]));
    // A cursor of another NCB's list is refused.
    let c = api
        .get("FR", "/v1/records?mine=true&kind=travel_document&limit=1")
        .await;
    let c = c.body["next_cursor"].as_str().unwrap().to_string();
    let r = api
        .get("DE", &format!("/v1/records?mine=true&kind=travel_document&cursor={c}"))
        .await;
    assert_eq!((r.status, r.code()), (400, "INVALID_CURSOR"));
}
