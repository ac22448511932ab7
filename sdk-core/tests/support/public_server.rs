//! A local stand-in for INTERPOL's public Notices web service, on
//! 127.0.0.1, for the client and CLI tests (the real one is never
//! contacted). It behaves as domain.md 1.4 says the real one does:
//!
//! - lists filtered by `nationality`, `sexId`, `ageMin`/`ageMax` (a notice
//!   without a date of birth drops out of any age filter), `name` and
//!   `forename` (partial, case-insensitive);
//! - at most 160 results per query: `resultPerPage` is clamped to 160 and
//!   `page` to the last page within the first 160 results;
//! - 502 for an unknown id (details and images);
//! - 403 for the first N requests whose path starts with a prefix the test
//!   chooses ([`PublicServer::forbid`]).
//!
//! Shared by `sdk-core/tests/interop.rs` and `cli/tests/travel.rs`.
#![allow(dead_code)] // each test crate uses part of it

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

/// The year ages are computed against (the server's "today").
pub const THIS_YEAR: i64 = 2026;

/// The collections, as path segments under `/notices/v1/`.
pub const COLLECTIONS: [&str; 4] = ["red", "yellow", "un/persons", "un/entities"];

#[derive(Default)]
struct Data {
    /// Detail records by collection, in insertion order.
    details: HashMap<String, Vec<Value>>,
    /// Image collections by `collection/YYYY-serial`.
    images: HashMap<String, Value>,
    /// (path prefix, requests still to refuse).
    forbidden: Vec<(String, usize)>,
    /// Every request's path and query, in order.
    log: Vec<String>,
}

/// The running server.
pub struct PublicServer {
    addr: SocketAddr,
    data: Arc<Mutex<Data>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for PublicServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl PublicServer {
    /// Starts an empty server on a free loopback port.
    pub async fn start() -> PublicServer {
        let data = Arc::new(Mutex::new(Data::default()));
        let app = axum::Router::new().fallback(handle).with_state(data.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        PublicServer { addr, data, task }
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Adds detail records to a collection (`red`, `un/persons`…).
    pub fn add(&self, collection: &str, details: impl IntoIterator<Item = Value>) {
        let mut d = self.data.lock().unwrap();
        d.details.entry(collection.to_string()).or_default().extend(details);
    }

    /// Sets the image collection of a notice (`url_id` is `YYYY-serial`).
    pub fn add_images(&self, collection: &str, url_id: &str, images: Value) {
        self.data
            .lock()
            .unwrap()
            .images
            .insert(format!("{collection}/{url_id}"), images);
    }

    /// Refuses the next `n` requests whose path starts with `prefix`
    /// with 403.
    pub fn forbid(&self, prefix: &str, n: usize) {
        self.data.lock().unwrap().forbidden.push((prefix.to_string(), n));
    }

    /// Every request so far (path and query).
    pub fn log(&self) -> Vec<String> {
        self.data.lock().unwrap().log.clone()
    }

    /// Loads every detail and image fixture of `dir` (named
    /// `red-YYYY-serial.json`, `un-person-…`, `…-images.json`).
    pub fn load_fixtures(&self, dir: &std::path::Path) {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("fixtures")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.ends_with(".json") && !n.contains("list"))
            .collect();
        names.sort();
        for name in names {
            let value: Value = serde_json::from_slice(&std::fs::read(dir.join(&name)).expect("read")).expect("JSON");
            let stem = name.trim_end_matches(".json");
            let (collection, rest) = if let Some(r) = stem.strip_prefix("red-") {
                ("red", r)
            } else if let Some(r) = stem.strip_prefix("yellow-") {
                ("yellow", r)
            } else if let Some(r) = stem.strip_prefix("un-person-") {
                ("un/persons", r)
            } else if let Some(r) = stem.strip_prefix("un-entity-") {
                ("un/entities", r)
            } else {
                continue;
            };
            match rest.strip_suffix("-images") {
                Some(id) => self.add_images(collection, id, value),
                None => self.add(collection, [value]),
            }
        }
    }
}

fn entity_id(v: &Value) -> &str {
    v.get("entity_id").and_then(Value::as_str).unwrap_or_default()
}

fn birth_year(v: &Value) -> Option<i64> {
    v.get("date_of_birth")?.as_str()?.get(0..4)?.parse().ok()
}

fn matches(v: &Value, q: &HashMap<String, String>) -> bool {
    let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_lowercase();
    if let Some(n) = q.get("nationality").filter(|s| !s.is_empty()) {
        let has = v
            .get("nationalities")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|c| c.as_str() == Some(n.as_str())));
        if !has {
            return false;
        }
    }
    if let Some(s) = q.get("sexId").filter(|s| !s.is_empty())
        && v.get("sex_id").and_then(Value::as_str) != Some(s.as_str())
    {
        return false;
    }
    for (key, field) in [("name", "name"), ("forename", "forename")] {
        if let Some(s) = q.get(key).filter(|s| !s.is_empty())
            && !text(field).contains(&s.to_lowercase())
        {
            return false;
        }
    }
    let age_min = q.get("ageMin").and_then(|s| s.parse::<i64>().ok());
    let age_max = q.get("ageMax").and_then(|s| s.parse::<i64>().ok());
    if age_min.is_some() || age_max.is_some() {
        let Some(age) = birth_year(v).map(|y| THIS_YEAR - y) else {
            return false;
        };
        if age_min.is_some_and(|m| age < m) || age_max.is_some_and(|m| age > m) {
            return false;
        }
    }
    true
}

fn extract(v: &Value, base: &str, collection: &str) -> Value {
    let url_id = entity_id(v).replace('/', "-");
    let href = format!("{base}/notices/v1/{collection}/{url_id}");
    let mut links = json!({"self": {"href": href}, "images": {"href": format!("{href}/images")}});
    if let Some(t) = v.pointer("/_links/thumbnail") {
        links["thumbnail"] = t.clone();
    }
    json!({
        "date_of_birth": v.get("date_of_birth").cloned().unwrap_or(Value::Null),
        "nationalities": v.get("nationalities").cloned().unwrap_or(Value::Null),
        "entity_id": entity_id(v),
        "forename": v.get("forename").cloned().unwrap_or(Value::Null),
        "name": v.get("name").cloned().unwrap_or(Value::Null),
        "_links": links,
    })
}

fn respond(status: StatusCode, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

fn bad_gateway() -> Response {
    Response::builder()
        .status(StatusCode::BAD_GATEWAY)
        .header(header::CONTENT_TYPE, "text/html")
        .body(Body::from("<html><body>502 Bad Gateway</body></html>"))
        .unwrap_or_default()
}

async fn handle(State(data): State<Arc<Mutex<Data>>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let query: HashMap<String, String> = req
        .uri()
        .query()
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.replace("%20", " ").replace('+', " ")))
                .collect()
        })
        .unwrap_or_default();
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let base = format!("http://{host}");
    let mut d = data.lock().unwrap();
    d.log.push(match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path.clone(),
    });
    if let Some(slot) = d
        .forbidden
        .iter_mut()
        .find(|(p, n)| *n > 0 && path.starts_with(p.as_str()))
    {
        slot.1 -= 1;
        return respond(StatusCode::FORBIDDEN, json!({"error": "Access Denied"}));
    }
    let Some(rest) = path.strip_prefix("/notices/v1/") else {
        return respond(StatusCode::NOT_FOUND, json!({"error": "not found"}));
    };
    let rest = rest.trim_end_matches('/');
    // A list: the path is a collection.
    if let Some(collection) = COLLECTIONS.iter().find(|c| **c == rest) {
        let all = d.details.get(*collection).cloned().unwrap_or_default();
        let hits: Vec<&Value> = all.iter().filter(|v| matches(v, &query)).collect();
        let total = hits.len();
        let per = query
            .get("resultPerPage")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(20)
            .clamp(1, 160);
        let reachable = total.min(160);
        let last = reachable.div_ceil(per).max(1);
        let page = query
            .get("page")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, last);
        let from = ((page - 1) * per).min(reachable);
        let to = (page * per).min(reachable);
        let notices: Vec<Value> = hits[from..to].iter().map(|v| extract(v, &base, collection)).collect();
        let mut echo = json!({"page": page, "resultPerPage": per});
        for (k, v) in &query {
            if k != "page" && k != "resultPerPage" {
                echo[k] = Value::String(v.clone());
            }
        }
        let link = |p: usize| json!({"href": format!("{base}/notices/v1/{collection}?page={p}&resultPerPage={per}")});
        let mut links = json!({"self": link(page), "first": link(1), "last": link(last)});
        if page < last {
            links["next"] = link(page + 1);
        }
        return respond(
            StatusCode::OK,
            json!({"total": total, "query": echo, "_embedded": {"notices": notices}, "_links": links}),
        );
    }
    // A detail or its images.
    let (rest, images) = match rest.strip_suffix("/images") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let Some((collection, url_id)) = rest.rsplit_once('/') else {
        return bad_gateway();
    };
    let id = url_id.replacen('-', "/", 1);
    let Some(detail) = d
        .details
        .get(collection)
        .and_then(|all| all.iter().find(|v| entity_id(v) == id))
        .cloned()
    else {
        return bad_gateway();
    };
    if images {
        let body = d
            .images
            .get(&format!("{collection}/{url_id}"))
            .cloned()
            .unwrap_or_else(|| json!({"_embedded": {"images": []}}));
        return respond(StatusCode::OK, body);
    }
    respond(StatusCode::OK, detail)
}

/// Invented family names and forenames, combined into distinct people.
const FAMILY: [&str; 20] = [
    "ARVELLO", "BRASKET", "CORVANE", "DUMELIN", "ESTRAVO", "FARNIQUE", "GOLVERA", "HALMBRE", "ISTRANE", "JORVALD",
    "KELMANTE", "LORVISTE", "MARDELLO", "NESTRAVI", "ORVANTIS", "PELGRANE", "QUARNETT", "RIVELSKA", "SORDANE",
    "TREMVOLD",
];
const GIVEN: [&str; 10] = [
    "Alvaro", "Brina", "Corentin", "Dalia", "Emeric", "Fenna", "Gaspard", "Hedda", "Ilias", "Jolan",
];

/// `n` invented Red Notice details for crawl tests, numbered from
/// `2020/10000`. With n = 400: 250 French (200 of them men, which needs
/// the age split), 100 German, 50 Brazilian; every 25th French notice has
/// a Belgian nationality too, so it is listed in two slices; every person
/// has a date of birth between 1946 and 2005.
pub fn invented_red(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let (nat, sex) = match i {
                0..200 => ("FR", "M"),
                200..240 => ("FR", "F"),
                240..250 => ("FR", "U"),
                250..350 => ("DE", if i % 2 == 0 { "M" } else { "F" }),
                _ => ("BR", "M"),
            };
            let mut nationalities = vec![nat];
            if nat == "FR" && i % 25 == 0 {
                nationalities.push("BE");
            }
            let year = 1946 + (i * 7) % 60;
            json!({
                "entity_id": format!("2020/{}", 10_000 + i),
                "name": format!("{}-{}", FAMILY[i % 20], FAMILY[(i / 20) % 20]),
                "forename": GIVEN[i % 10],
                "date_of_birth": format!("{year}/{:02}/{:02}", 1 + i % 12, 1 + i % 28),
                "nationalities": nationalities,
                "sex_id": sex,
                "height": 0,
                "weight": 0,
                "eyes_colors_id": null,
                "hairs_id": null,
                "languages_spoken_ids": null,
                "arrest_warrants": [{"charge": "Fraud", "issuing_country_id": nat, "charge_translation": null}],
            })
        })
        .collect()
}
