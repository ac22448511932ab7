//! The OpenAPI 3.1 document of `/v1`, generated from the route table
//! ([`crate::routes::table`]) with the JSON Schemas of the model and wire
//! types (schemars, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
//! It is committed as `schemas/openapi.json`; a test fails when the two
//! drift, and so does `cargo xtask openapi --check` (`cargo xtask openapi`
//! or `UPDATE_OPENAPI=1 cargo test -p ncblink-hub --test openapi` rewrites
//! it).

use std::collections::BTreeSet;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::routes::{RouteSpec, table};

/// The path of the committed document, from the workspace root.
pub const COMMITTED_PATH: &str = "schemas/openapi.json";

fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

fn path_param_doc(name: &str) -> &'static str {
    match name {
        "id" => {
            "The resource's id (an envelope id; for notices also the notice id in URL form, 2026-123; for records sltd-1, smv-1, iarms-1)"
        }
        "ncb" => "The NCB's code (ISO 3166-1 alpha-2)",
        _ => "",
    }
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// A problem answer that says when to retry (`Retry-After`, in seconds).
fn retry_response(description: &str) -> Value {
    let mut r = problem_response(description);
    r["headers"] = json!({ "Retry-After": { "$ref": "#/components/headers/Retry-After" } });
    r
}

/// The limits the hub enforces on a query parameter, merged into its
/// schema so that the document states them.
fn query_limits(name: &str) -> Value {
    use ncblink::wire::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MAX_WAIT_SECONDS};
    match name {
        "limit" => json!({ "minimum": 1, "maximum": MAX_PAGE_LIMIT, "default": DEFAULT_PAGE_LIMIT }),
        "wait" => json!({ "minimum": 0, "maximum": MAX_WAIT_SECONDS, "default": 0 }),
        _ => json!({}),
    }
}

/// The answers every route may give, shared in `components.responses`.
fn shared_responses() -> Value {
    use ncblink::wire::{MAX_HEADER_BYTES, MAX_URI_BYTES};
    json!({
        "QuotaExceeded": retry_response("QUOTA_EXCEEDED: this NCB is over its quota for this class of requests (writes, checks, searches, long polls); retry after Retry-After seconds"),
        "DeadlineExceeded": retry_response("DEADLINE_EXCEEDED: the request did not finish within the hub's deadline (INTERNAL and UNAVAILABLE also come as 5xx with Retry-After)"),
        "RequestTimeout": problem_response("REQUEST_TIMEOUT: the request body did not arrive in time; the connection is closed"),
        "PayloadTooLarge": problem_response("PAYLOAD_TOO_LARGE: the body is over the hub's limit (2 MiB by default); BATCH_TOO_LARGE: a batch of more than 1,000 items"),
        "UriTooLong": problem_response(&format!("URI_TOO_LONG: the path and query are over {MAX_URI_BYTES} bytes")),
        "HeadersTooLarge": problem_response(&format!("HEADERS_TOO_LARGE: the headers are over {MAX_HEADER_BYTES} bytes")),
    })
}

fn operation(spec: &RouteSpec, g: &mut schemars::SchemaGenerator) -> Value {
    let mut params: Vec<Value> = path_params(spec.path)
        .into_iter()
        .map(|p| {
            json!({
                "name": p, "in": "path", "required": true,
                "description": path_param_doc(p), "schema": { "type": "string" }
            })
        })
        .collect();
    if let Some(q) = spec.query {
        let reference = q(g).to_value();
        // The query type's schema sits in the components: its properties
        // are the parameters.
        let name = reference
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next())
            .unwrap_or("")
            .to_string();
        let def = g.definitions().get(&name).cloned().unwrap_or(reference);
        let required: BTreeSet<String> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if let Some(props) = def.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                let mut schema = v.clone();
                let description = schema
                    .as_object_mut()
                    .and_then(|o| o.remove("description"))
                    .unwrap_or(Value::String(String::new()));
                if let (Some(s), Value::Object(limits)) = (schema.as_object_mut(), query_limits(k)) {
                    s.extend(limits);
                }
                params.push(json!({
                    "name": k, "in": "query", "required": required.contains(k),
                    "description": description, "schema": schema
                }));
            }
        }
    }
    if spec.idempotent {
        params.push(json!({
            "name": ncblink::wire::IDEMPOTENCY_KEY_HEADER, "in": "header", "required": true,
            "description": "Makes the write idempotent: the same key and request replay the first answer; the same key with another request is a 422; while the first is in progress, a 409. 1 to 255 visible ASCII characters, per NCB.",
            "schema": { "type": "string", "minLength": 1, "maxLength": ncblink::wire::MAX_IDEMPOTENCY_KEY_LEN }
        }));
    }
    let mut op = Map::new();
    op.insert("operationId".into(), json!(spec.operation_id));
    op.insert("summary".into(), json!(spec.summary));
    op.insert("tags".into(), json!([spec.tag]));
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    if let Some(body) = spec.request {
        op.insert(
            "requestBody".into(),
            json!({ "required": true, "content": { "application/json": { "schema": body(g).to_value() } } }),
        );
    }
    let mut responses = Map::new();
    for a in &spec.answers {
        let mut r = Map::new();
        r.insert("description".into(), json!(a.description));
        if let Some(body) = a.body {
            r.insert(
                "content".into(),
                json!({ "application/json": { "schema": body(g).to_value() } }),
            );
        } else if a.status != 204 {
            r.insert("content".into(), json!({ "application/json": {} }));
        }
        let mut headers = Map::new();
        if spec.idempotent {
            headers.insert(
                crate::idempotency::REPLAYED_HEADER.into(),
                json!({
                    "description": "`true` when this is the stored answer of an earlier request with the same Idempotency-Key, replayed",
                    "schema": { "type": "string", "enum": ["true"] }
                }),
            );
        }
        if spec.path == "/v1/notices" && spec.method == axum::http::Method::GET {
            headers.insert(
                "Link".into(),
                json!({
                    "description": "RFC 8288: the next page, `</v1/notices?…&cursor=…>; rel=\"next\"`, when there is one",
                    "schema": { "type": "string" }
                }),
            );
        }
        if !headers.is_empty() {
            r.insert("headers".into(), Value::Object(headers));
        }
        responses.insert(a.status.to_string(), Value::Object(r));
    }
    if spec.auth {
        responses.insert("401".into(), problem_response("No credentials, or unknown ones"));
    }
    if spec.idempotent {
        responses.insert(
            "409".into(),
            retry_response("IDEMPOTENCY_KEY_IN_FLIGHT (retry after Retry-After), DUPLICATE_ID, RECORD_EXISTS or ILLEGAL_TRANSITION"),
        );
    }
    if spec.request.is_some() {
        responses.insert("408".into(), json!({ "$ref": "#/components/responses/RequestTimeout" }));
        responses.insert(
            "413".into(),
            json!({ "$ref": "#/components/responses/PayloadTooLarge" }),
        );
    }
    if spec.class.is_some() {
        responses.insert("429".into(), json!({ "$ref": "#/components/responses/QuotaExceeded" }));
    }
    responses.insert("414".into(), json!({ "$ref": "#/components/responses/UriTooLong" }));
    responses.insert(
        "431".into(),
        json!({ "$ref": "#/components/responses/HeadersTooLarge" }),
    );
    responses.insert(
        "503".into(),
        json!({ "$ref": "#/components/responses/DeadlineExceeded" }),
    );
    responses.insert(
        "default".into(),
        problem_response("An error: RFC 9457 problem details with a stable `code`"),
    );
    op.insert("responses".into(), Value::Object(responses));
    if spec.auth {
        op.insert("security".into(), json!([{ "bearerAuth": [] }, { "mutualTLS": [] }]));
    } else {
        op.insert("security".into(), json!([]));
    }
    Value::Object(op)
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut g = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "#/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    // The problem document is referenced by every error answer.
    let _ = g.subschema_for::<ncblink::wire::Problem>();
    let mut paths = Map::new();
    for spec in table() {
        let op = operation(&spec, &mut g);
        let entry = paths
            .entry(spec.path.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(o) = entry.as_object_mut() {
            o.insert(spec.method.as_str().to_ascii_lowercase(), op);
        }
    }
    let schemas = g.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "ncblink hub API",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "The network API of ncblink: NCB directory, notices, diffusions, direct messages, inboxes and database checks",
            "description": "Every error is application/problem+json (RFC 9457) with a stable `code`. Writes other than database checks carry an Idempotency-Key. Lists are pages with an opaque, tamper-evident `next_cursor`.",
            "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" }
        },
        "servers": [ { "url": "http://127.0.0.1:8480", "description": "A local sandbox hub" } ],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": shared_responses(),
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before retrying (RFC 9110); the SDK's clients honour it",
                    "schema": { "type": "integer", "minimum": 0 }
                }
            },
            "securitySchemes": {
                "bearerAuth": { "type": "http", "scheme": "bearer", "description": "A token that names the NCB (sandbox)" },
                "mutualTLS": { "type": "mutualTLS", "description": "A client certificate naming the NCB by SAN URI ncb:XX or subject CN" }
            }
        }
    })
}

/// The document as committed: pretty JSON ending with a newline.
pub fn document_text() -> String {
    let mut s = serde_json::to_string_pretty(&document()).unwrap_or_default();
    s.push('\n');
    s
}
