//! The router driven directly as a tower service (no socket): what a test
//! of one handler or middleware can use.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ncblink_hub::{HubConfig, prepare, router};
use tower::ServiceExt;

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, serde_json::Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn the_router_answers_without_a_listener() {
    let hub = prepare(HubConfig::sandbox_in_memory()).await.unwrap();
    let token = hub.tokens[&"FR".parse().unwrap()].expose().to_string();
    let app = router(hub.state.clone());

    let (status, body) = call(&app, Request::get("/v1/health").body(Body::empty()).unwrap()).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("ok")));

    let check = || {
        Request::post("/v1/checks/documents")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"number": "X1", "issuing_state": "FRA"}"#))
            .unwrap()
    };
    let (status, body) = call(&app, check()).await;
    assert_eq!(
        (status, body["instance"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("/v1/checks/documents"))
    );

    let mut req = check();
    req.headers_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let (status, body) = call(&app, req).await;
    assert_eq!((status, body["outcome"].as_str()), (StatusCode::OK, Some("no_hit")));
}
