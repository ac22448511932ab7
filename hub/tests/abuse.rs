//! The hub against a careless or hostile NCB: quotas per NCB and class of
//! requests, and the limits on every input.

mod common;

use common::start_with;
use ncblink_hub::HubConfig;
use ncblink_hub::quota::{Quotas, Rate};
use serde_json::json;

fn tight_checks() -> HubConfig {
    let mut quotas = Quotas::sandbox();
    quotas.checks = Rate {
        per_second: 1.0,
        burst: 2.0,
    };
    HubConfig {
        quotas,
        ..HubConfig::sandbox_in_memory()
    }
}

#[tokio::test]
async fn over_its_quota_an_ncb_gets_429_with_retry_after_and_others_do_not() {
    let api = start_with(tight_checks()).await;
    let check = json!({"number": "X1", "issuing_state": "FRA"});
    for _ in 0..2 {
        assert_eq!(api.post("US", "/v1/checks/documents", &check).await.status, 200);
    }
    let r = api.post("US", "/v1/checks/documents", &check).await;
    assert_eq!((r.status, r.code()), (429, "QUOTA_EXCEEDED"), "{}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "a problem document"
    );
    assert_eq!(r.headers["retry-after"], "1");
    assert_eq!(r.body["retry_after"], 1);
    assert!(r.body["detail"].as_str().unwrap().contains("checks"));
    // Another NCB, and another class of the same NCB, are not held back.
    assert_eq!(api.post("DE", "/v1/checks/documents", &check).await.status, 200);
    assert_eq!(api.get("US", "/v1/notices").await.status, 200);
}

#[tokio::test]
async fn the_sdk_client_waits_out_a_429_and_gets_its_answer() {
    let api = start_with(tight_checks()).await;
    let client = ncblink::client::Client::builder(api.hub.base_url(), common::ncb("US"))
        .token(api.token("US"))
        .build()
        .unwrap();
    let check: ncblink::model::query::DocumentCheck =
        serde_json::from_value(json!({"number": "X1", "issuing_state": "FRA"})).unwrap();
    for _ in 0..4 {
        let r = client.check_document(&check).await.unwrap();
        assert_eq!(r.hits.len(), 0);
    }
}

#[tokio::test]
async fn a_rate_of_zero_means_no_limit() {
    let mut quotas = Quotas::sandbox();
    // Without the special case an empty bucket would refuse the first one.
    quotas.searches = Rate {
        per_second: 0.0,
        burst: 0.0,
    };
    let api = start_with(HubConfig {
        quotas,
        ..HubConfig::sandbox_in_memory()
    })
    .await;
    for _ in 0..50 {
        assert_eq!(api.get("FR", "/v1/notices?limit=1").await.status, 200);
    }
}

#[tokio::test]
async fn a_huge_name_is_refused_at_once_naming_the_field() {
    let api = common::start().await;
    let huge = "A".repeat(60_000);
    let r = api
        .post(
            "US",
            "/v1/checks/persons",
            &json!({"family_name": huge, "forenames": "Jean"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (422, "VALIDATION_FAILED"), "{}", r.body);
    let v = &r.body["report"]["violations"];
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["code"], "FIELD.TOO_LONG");
    assert_eq!(v[0]["pointer"], "/family_name");
    assert_eq!(
        v[0]["args"],
        json!(["60000", ncblink::wire::MAX_NAME_BYTES.to_string()])
    );
    let long = "B".repeat(ncblink::wire::MAX_NAME_BYTES + 1);
    let r = api
        .post(
            "US",
            "/v1/checks/persons/batch",
            &json!({"items": [{"family_name": "Ok"}, {"family_name": long}]}),
        )
        .await;
    assert_eq!(r.body["report"]["violations"][0]["pointer"], "/items/1/family_name");
    // In a search the name is a query parameter.
    let r = api.get("US", &format!("/v1/notices?name={long}")).await;
    assert_eq!((r.status, r.code()), (400, "INVALID_PARAMETER"));
    assert!(r.body["detail"].as_str().unwrap().starts_with("name "), "{}", r.body);
    // 60,000 characters in a URI are over the URI limit.
    let r = api.get("US", &format!("/v1/notices?name={huge}")).await;
    assert_eq!((r.status, r.code()), (414, "URI_TOO_LONG"), "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert_eq!(r.body["instance"], "/v1/notices");
}

#[tokio::test]
async fn oversized_uris_headers_bodies_batches_and_pages_get_problem_documents() {
    let api = common::start().await;
    let r = api.get("FR", &format!("/v1/health?x={}", "x".repeat(9000))).await;
    assert_eq!((r.status, r.code()), (414, "URI_TOO_LONG"));
    let r = api
        .send(
            api.http
                .get(api.url("/v1/health"))
                .header("x-padding", "p".repeat(ncblink::wire::MAX_HEADER_BYTES)),
        )
        .await;
    assert_eq!((r.status, r.code()), (431, "HEADERS_TOO_LARGE"), "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let big = json!({"number": "x".repeat(3 * 1024 * 1024), "issuing_state": "FRA"});
    let r = api.post("FR", "/v1/checks/documents", &big).await;
    assert_eq!((r.status, r.code()), (413, "PAYLOAD_TOO_LARGE"));
    let items = vec![json!({"number": "X1", "issuing_state": "FRA"}); ncblink::wire::MAX_BATCH_ITEMS + 1];
    let r = api
        .post("FR", "/v1/checks/documents/batch", &json!({ "items": items }))
        .await;
    assert_eq!((r.status, r.code()), (413, "BATCH_TOO_LARGE"));
    let r = api
        .get(
            "FR",
            &format!("/v1/notices?limit={}", ncblink::wire::MAX_PAGE_LIMIT + 1),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, "INVALID_PARAMETER"));
}

#[tokio::test]
async fn a_body_that_trickles_is_answered_408_and_its_connection_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let api = start_with(HubConfig {
        body_timeout: std::time::Duration::from_millis(500),
        ..HubConfig::sandbox_in_memory()
    })
    .await;
    let mut s = tokio::net::TcpStream::connect(api.hub.addr).await.unwrap();
    let head = format!(
        "POST /v1/checks/documents HTTP/1.1\r\nhost: hub\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n{{",
        api.token("FR")
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // The rest never comes: the hub answers and closes (read reaches EOF).
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("application/problem+json") && answer.contains("REQUEST_TIMEOUT"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_request_over_its_deadline_is_answered_503_with_retry_after() {
    let api = start_with(HubConfig {
        request_deadline: std::time::Duration::from_millis(300),
        ..HubConfig::sandbox_in_memory()
    })
    .await;
    // A long poll on an empty inbox outlasts the deadline.
    let r = api.get("JP", "/v1/inbox?wait=5").await;
    assert_eq!((r.status, r.code()), (503, "DEADLINE_EXCEEDED"), "{}", r.body);
    assert_eq!(r.headers["retry-after"], "1");
}

#[tokio::test]
async fn a_wait_over_the_documented_30_seconds_is_refused_naming_it() {
    let api = common::start().await;
    let r = api.get("FR", "/v1/inbox?wait=31").await;
    assert_eq!((r.status, r.code()), (400, "INVALID_PARAMETER"), "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().starts_with("wait "), "{}", r.body);
    assert_eq!(api.get("FR", "/v1/inbox?wait=0").await.status, 200);
}
