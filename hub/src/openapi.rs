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
        responses.insert(a.status.to_string(), Value::Object(r));
    }
    if spec.auth {
        responses.insert("401".into(), problem_response("No credentials, or unknown ones"));
    }
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
