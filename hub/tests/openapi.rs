//! The OpenAPI document: generated from the route table, committed in
//! `schemas/openapi.json`, and covering every route the hub serves.

mod common;

use std::path::PathBuf;

use ncblink_hub::openapi::{COMMITTED_PATH, document, document_text};
use ncblink_hub::routes::table;

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(COMMITTED_PATH)
}

#[test]
fn openapi_matches_committed() {
    let path = committed();
    let fresh = document_text();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "{} is not the document the code generates; regenerate it with\n  cargo xtask openapi\n(or UPDATE_OPENAPI=1 cargo test -p ncblink-hub --test openapi) and commit it",
        path.display()
    );
}

#[test]
fn every_route_is_documented_with_its_schemas() {
    let doc = document();
    let mut operations = 0;
    for spec in table() {
        let op = &doc["paths"][spec.path][spec.method.as_str().to_ascii_lowercase()];
        assert!(op.is_object(), "{} {} is not in the document", spec.method, spec.path);
        operations += 1;
        let text = op.to_string();
        for r in text.split("\"$ref\":\"").skip(1) {
            let target = r.split('"').next().unwrap();
            let found = target.strip_prefix('#').and_then(|p| doc.pointer(p));
            assert!(found.is_some_and(|v| v.is_object()), "dangling $ref {target}");
        }
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(documented, operations);
    for schema in [
        "Envelope",
        "Problem",
        "NoticeRecord",
        "CheckResult",
        "InboxPage",
        "Report",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let api = common::start().await;
    for spec in table() {
        let path = spec.path.replace("{id}", "x").replace("{ncb}", "FR");
        let req = api.http.request(spec.method.clone(), api.url(&path));
        let r = api.send(req).await;
        let unrouted = r.status == 405 || (r.status == 404 && r.body["detail"] == "no route has this path");
        assert!(
            !unrouted,
            "{} {} is documented but not served: {}",
            spec.method, spec.path, r.body
        );
        if spec.auth {
            assert_eq!(r.status, 401, "{} {} must need authentication", spec.method, spec.path);
        }
    }
    let r = api.send(api.http.get(api.url("/v1/undocumented"))).await;
    assert_eq!(r.body["detail"], "no route has this path");
}

#[tokio::test]
async fn the_headers_and_limits_the_hub_uses_are_the_documented_ones() {
    let doc = document();
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    let replayed = &op("/v1/notices", "post")["responses"]["201"]["headers"]["idempotent-replayed"];
    assert_eq!(replayed["schema"]["enum"][0], "true");
    assert!(op("/v1/notices", "get")["responses"]["200"]["headers"]["Link"].is_object());
    let quota = &op("/v1/checks/documents", "post")["responses"]["429"]["$ref"];
    assert_eq!(quota, "#/components/responses/QuotaExceeded");
    assert!(doc["components"]["responses"]["QuotaExceeded"]["headers"]["Retry-After"].is_object());
    let params = op("/v1/inbox", "get")["parameters"].clone();
    let param = |name: &str| params.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["schema"].clone();
    assert_eq!(param("limit")["maximum"], ncblink::wire::MAX_PAGE_LIMIT);
    assert_eq!(param("wait")["maximum"], ncblink::wire::MAX_WAIT_SECONDS);
    let batch = &doc["components"]["schemas"]["DocumentCheckBatch"]["properties"]["items"]["maxItems"];
    assert_eq!(batch, ncblink::wire::MAX_BATCH_ITEMS);

    // The live hub answers with those headers and limits.
    let api = common::start().await;
    let e = common::red_notice("FR", common::person("MARTIN", "Paul", "1975-04-02"), 36);
    let key = e.id.to_string();
    assert_eq!(api.post_with_key("FR", "/v1/notices", &e, &key).await.status, 201);
    let again = api.post_with_key("FR", "/v1/notices", &e, &key).await;
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let second = common::red_notice("FR", common::person("MARTIN", "Pierre", "1976-04-02"), 36);
    assert_eq!(api.post("FR", "/v1/notices", &second).await.status, 201);
    let r = api.get("FR", "/v1/notices?limit=1").await;
    assert!(
        r.headers["link"].to_str().unwrap().ends_with("rel=\"next\""),
        "{:?}",
        r.headers
    );
    let over = ncblink::wire::MAX_PAGE_LIMIT + 1;
    assert_eq!(api.get("FR", &format!("/v1/inbox?limit={over}")).await.status, 400);
}
