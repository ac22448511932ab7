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
            let name = r.split('"').next().unwrap().trim_start_matches("#/components/schemas/");
            assert!(doc["components"]["schemas"][name].is_object(), "dangling $ref {name}");
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
