//! The API `/v1` as one table: each route's method, path, handler, whether
//! it needs authentication and an idempotency key, and the types of its
//! body, query and answers. The router is built from the table and so is
//! the OpenAPI document ([`crate::openapi`]), so the two cannot diverge.

pub mod checks;
pub mod diffusions;
pub mod directory;
pub mod inbox;
pub mod messages;
pub mod meta;
pub mod notices;
pub mod record_batch;
pub mod records;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodFilter, MethodRouter, on};
use ncblink::model::Envelope;
use ncblink::model::query::{CheckResult, DocumentCheck, FirearmCheck, PersonCheck, Record, RecordView, VehicleCheck};
use ncblink::sign::JwkSet;
use ncblink::wire::{
    AckRequest, AckResponse, BatchResults, DiffusionRecord, Directory, DirectoryEntry, DocumentCheckBatch,
    FirearmCheckBatch, Health, InboxPage, InboxQuery, KeyChange, MessageRecord, NoticePage, NoticeQuery, NoticeRecord,
    PersonCheckBatch, RecordBatch, RecordBatchResults, RecordPage, RecordQuery, SuspendRequest, VehicleCheckBatch,
    WithdrawRequest,
};
use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::quota::Class;
use crate::state::AppState;

/// Makes the JSON Schema of a type (a `$ref` into the components).
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// One answer of a route.
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// What it means.
    pub description: &'static str,
    /// The body's schema; `None` for no body.
    pub body: Option<SchemaFn>,
}

/// One route of the API.
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path, with `{param}` segments (the same syntax in axum and OpenAPI).
    pub path: &'static str,
    /// OpenAPI `operationId`.
    pub operation_id: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Group (OpenAPI tag).
    pub tag: &'static str,
    /// Needs an authenticated NCB.
    pub auth: bool,
    /// Needs an `Idempotency-Key`.
    pub idempotent: bool,
    /// The quota it counts against (writes are always [`Class::Writes`]).
    pub class: Option<Class>,
    /// The JSON body's schema.
    pub request: Option<SchemaFn>,
    /// The query's schema (an object whose properties are the parameters).
    pub query: Option<SchemaFn>,
    /// The success answers.
    pub answers: Vec<Answer>,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

fn route<H, T>(method: Method, path: &'static str, handler: H) -> RouteSpec
where
    H: Handler<T, AppState>,
    T: 'static,
{
    // Every method used below is one of the standard ones MethodFilter has.
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    RouteSpec {
        method,
        path,
        operation_id: "",
        summary: "",
        tag: "",
        auth: true,
        idempotent: false,
        class: None,
        request: None,
        query: None,
        answers: Vec::new(),
        handler: on(filter, handler),
    }
}

impl RouteSpec {
    fn doc(mut self, operation_id: &'static str, tag: &'static str, summary: &'static str) -> Self {
        self.operation_id = operation_id;
        self.tag = tag;
        self.summary = summary;
        self
    }
    fn public(mut self) -> Self {
        self.auth = false;
        self
    }
    fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self.class = Some(Class::Writes);
        self
    }
    fn quota(mut self, class: Class) -> Self {
        self.class = Some(class);
        self
    }
    fn body<T: JsonSchema>(mut self) -> Self {
        self.request = Some(schema::<T>);
        self
    }
    fn query<T: JsonSchema>(mut self) -> Self {
        self.query = Some(schema::<T>);
        self
    }
    fn answer<T: JsonSchema>(mut self, status: u16, description: &'static str) -> Self {
        self.answers.push(Answer {
            status,
            description,
            body: Some(schema::<T>),
        });
        self
    }
    fn empty(mut self, status: u16, description: &'static str) -> Self {
        self.answers.push(Answer {
            status,
            description,
            body: None,
        });
        self
    }
}

/// Every route of the API.
pub fn table() -> Vec<RouteSpec> {
    use Method as M;
    vec![
        route(M::GET, "/v1/health", meta::health)
            .public()
            .doc("health", "meta", "Whether the hub is up, and its version")
            .answer::<Health>(200, "The hub is up"),
        route(M::GET, "/v1/openapi.json", meta::openapi)
            .public()
            .doc("openapi", "meta", "This API's OpenAPI 3.1 document")
            .empty(200, "The OpenAPI document (JSON)"),
        route(M::GET, "/v1/directory", directory::list)
            .doc("listDirectory", "directory", "Every NCB with its signing keys")
            .answer::<Directory>(200, "The directory"),
        route(M::GET, "/v1/directory/{ncb}", directory::get)
            .doc("getDirectoryEntry", "directory", "One NCB with its signing keys")
            .answer::<DirectoryEntry>(200, "The NCB"),
        route(M::GET, "/v1/directory/{ncb}/keys", directory::keys)
            .doc("listKeys", "directory", "One NCB's signing keys as a JWK Set (RFC 7517, RFC 8037)")
            .answer::<JwkSet>(200, "The keys, with their status and validity"),
        route(M::POST, "/v1/directory/{ncb}/keys", directory::change)
            .idempotent()
            .doc(
                "changeKey",
                "directory",
                "Register, retire or revoke one of the caller's keys; signed by an active key of the NCB (a sandbox also takes a registration with the token alone)",
            )
            .body::<KeyChange>()
            .answer::<JwkSet>(200, "The NCB's keys after the change"),
        route(M::POST, "/v1/notices", notices::create)
            .idempotent()
            .doc(
                "createNotice",
                "notices",
                "Request a notice; the sandbox reviews it at once (published with an id, or refused with the report)",
            )
            .body::<Envelope>()
            .answer::<NoticeRecord>(201, "The notice request as stored"),
        route(M::GET, "/v1/notices", notices::list)
            .quota(Class::Searches)
            .doc(
                "listNotices",
                "notices",
                "Notices this NCB may see; the name search ignores case, accents and script and tolerates typos",
            )
            .query::<NoticeQuery>()
            .answer::<NoticePage>(200, "A page of notices"),
        route(M::GET, "/v1/notices/{id}", notices::get)
            .doc(
                "getNotice",
                "notices",
                "A notice by envelope id or notice id (URL form 2026-123)",
            )
            .answer::<NoticeRecord>(200, "The notice"),
        route(M::PUT, "/v1/notices/{id}", notices::replace)
            .idempotent()
            .doc(
                "replaceNotice",
                "notices",
                "Replace a notice's envelope (source only) with a greater version (409 VERSION_NOT_NEWER otherwise); it is reviewed again",
            )
            .body::<Envelope>()
            .answer::<NoticeRecord>(200, "The notice after review"),
        route(M::POST, "/v1/notices/{id}/withdraw", notices::withdraw)
            .idempotent()
            .doc(
                "withdrawNotice",
                "notices",
                "Withdraw a notice (source only, RPD Art 81); a signed request (authorship + signature) where the hub requires signatures",
            )
            .body::<WithdrawRequest>()
            .answer::<NoticeRecord>(200, "The withdrawn notice"),
        route(M::POST, "/v1/notices/{id}/suspend", notices::suspend)
            .idempotent()
            .doc(
                "suspendNotice",
                "notices",
                "Suspend a notice for at most six months (source only, RPD Art 81); a signed request where the hub requires signatures",
            )
            .body::<SuspendRequest>()
            .answer::<NoticeRecord>(200, "The suspended notice"),
        route(M::POST, "/v1/notices/{id}/resume", notices::resume)
            .idempotent()
            .doc(
                "resumeNotice",
                "notices",
                "End a suspension (source only); a signed request where the hub requires signatures",
            )
            .answer::<NoticeRecord>(200, "The published notice"),
        route(M::POST, "/v1/diffusions", diffusions::create)
            .idempotent()
            .doc(
                "createDiffusion",
                "diffusions",
                "Send a diffusion: delivered at once (direct) or held for review (via_gs_review)",
            )
            .body::<Envelope>()
            .answer::<DiffusionRecord>(201, "The diffusion as stored"),
        route(M::GET, "/v1/diffusions/{id}", diffusions::get)
            .doc("getDiffusion", "diffusions", "A diffusion (source and recipients)")
            .answer::<DiffusionRecord>(200, "The diffusion"),
        route(M::POST, "/v1/messages", messages::create)
            .idempotent()
            .doc("sendMessage", "messages", "Send a direct message to named NCBs")
            .body::<Envelope>()
            .answer::<MessageRecord>(201, "The message as delivered"),
        route(M::GET, "/v1/messages/{id}", messages::get)
            .doc("getMessage", "messages", "A message (sender and recipients only)")
            .answer::<MessageRecord>(200, "The message"),
        route(M::GET, "/v1/inbox", inbox::list)
            .quota(Class::LongPolls)
            .doc(
                "readInbox",
                "inbox",
                "This NCB's inbox from a cursor, or from the first unacknowledged item; waits up to 30 s",
            )
            .query::<InboxQuery>()
            .answer::<InboxPage>(200, "A page of the inbox"),
        route(M::POST, "/v1/inbox/ack", inbox::ack)
            .idempotent()
            .doc(
                "ackInbox",
                "inbox",
                "Acknowledge every item up to a seq; a signed request where the hub requires signatures",
            )
            .body::<AckRequest>()
            .answer::<AckResponse>(200, "The acknowledged position"),
        route(M::POST, "/v1/records", records::create)
            .idempotent()
            .doc(
                "createRecord",
                "records",
                "Register a travel document (issuing state's NCB only), vehicle or firearm; a signed request where the hub requires signatures",
            )
            .body::<Record>()
            .answer::<RecordView>(201, "The record as stored")
            .answer::<RecordView>(
                200,
                "This NCB registered the same record before (same natural key): the stored one",
            ),
        route(M::POST, "/v1/records/batch", record_batch::batch)
            .idempotent()
            .doc(
                "writeRecords",
                "records",
                "Register, update or remove up to 1,000 of the caller's records; each item applied on its own, answered in order",
            )
            .body::<RecordBatch>()
            .answer::<RecordBatchResults>(200, "One result per item, in order"),
        route(M::GET, "/v1/records", record_batch::list_mine)
            .doc(
                "listMyRecords",
                "records",
                "The caller's records of one kind (mine=true), by change sequence number",
            )
            .query::<RecordQuery>()
            .answer::<RecordPage>(200, "A page of the caller's records"),
        route(M::GET, "/v1/records/{id}", records::get)
            .doc("getRecord", "records", "A full record: the second step of a check")
            .answer::<RecordView>(200, "The record"),
        route(M::DELETE, "/v1/records/{id}", records::delete)
            .idempotent()
            .doc(
                "deleteRecord",
                "records",
                "Delete a record (the registering NCB only); a signed request (a body of authorship + signature) where the hub requires signatures",
            )
            .empty(204, "Deleted"),
        route(M::POST, "/v1/checks/documents", checks::document)
            .quota(Class::Checks)
            .doc("checkDocument", "checks", "Check a travel document against SLTD")
            .body::<DocumentCheck>()
            .answer::<CheckResult>(200, "Hit or no hit"),
        route(M::POST, "/v1/checks/documents/batch", checks::document_batch)
            .quota(Class::Checks)
            .doc("checkDocuments", "checks", "Check up to 1,000 travel documents")
            .body::<DocumentCheckBatch>()
            .answer::<BatchResults>(200, "One result per item, in order"),
        route(M::POST, "/v1/checks/vehicles", checks::vehicle)
            .quota(Class::Checks)
            .doc(
                "checkVehicle",
                "checks",
                "Check a vehicle against SMV (VIN, engine number or plate)",
            )
            .body::<VehicleCheck>()
            .answer::<CheckResult>(200, "Hit or no hit"),
        route(M::POST, "/v1/checks/vehicles/batch", checks::vehicle_batch)
            .quota(Class::Checks)
            .doc("checkVehicles", "checks", "Check up to 1,000 vehicles")
            .body::<VehicleCheckBatch>()
            .answer::<BatchResults>(200, "One result per item, in order"),
        route(M::POST, "/v1/checks/persons", checks::person)
            .quota(Class::Checks)
            .doc(
                "checkPerson",
                "checks",
                "Check a person against published notices (tolerant name and date of birth, or INTERPOL id)",
            )
            .body::<PersonCheck>()
            .answer::<CheckResult>(200, "Hit or no hit, candidates best first"),
        route(M::POST, "/v1/checks/persons/batch", checks::person_batch)
            .quota(Class::Checks)
            .doc("checkPersons", "checks", "Check up to 1,000 persons")
            .body::<PersonCheckBatch>()
            .answer::<BatchResults>(200, "One result per item, in order"),
        route(M::POST, "/v1/checks/firearms", checks::firearm)
            .quota(Class::Checks)
            .doc(
                "checkFirearm",
                "checks",
                "Check a firearm against iARMS (serial number, and make if given)",
            )
            .body::<FirearmCheck>()
            .answer::<CheckResult>(200, "Hit or no hit"),
        route(M::POST, "/v1/checks/firearms/batch", checks::firearm_batch)
            .quota(Class::Checks)
            .doc("checkFirearms", "checks", "Check up to 1,000 firearms")
            .body::<FirearmCheckBatch>()
            .answer::<BatchResults>(200, "One result per item, in order"),
    ]
}

/// The router of the API, with its middleware: authentication, quota and
/// idempotency per route as the table says, problem documents for unknown
/// paths and methods, and the `instance` of every problem.
pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for spec in table() {
        let mut handler = spec.handler;
        if spec.idempotent {
            handler = handler.route_layer(from_fn_with_state(state.clone(), crate::idempotency::idempotent));
        }
        // Outside the idempotency layer: a refusal is not a key's answer.
        if let Some(class) = spec.class {
            handler = handler.route_layer(from_fn_with_state((state.clone(), class), crate::quota::limit));
        }
        if spec.auth {
            handler = handler.route_layer(from_fn_with_state(state.clone(), crate::auth::authenticate));
        }
        router = router.route(spec.path, handler);
    }
    router
        .fallback(crate::problem::route_not_found)
        .method_not_allowed_fallback(crate::problem::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), crate::limits::guard))
        .layer(from_fn(crate::problem::fill_instance))
        .with_state(state)
}
