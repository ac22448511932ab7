//! `GET /v1/health` and `GET /v1/openapi.json`: no authentication.

use std::sync::OnceLock;

use axum::Json;
use ncblink::wire::Health;

/// Whether the hub is up.
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// The OpenAPI document, generated once.
pub async fn openapi() -> Json<serde_json::Value> {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    Json(DOC.get_or_init(crate::openapi::document).clone())
}
