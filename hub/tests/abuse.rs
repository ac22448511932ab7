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
