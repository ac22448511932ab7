//! Database checks, the hot path: travel documents and vehicles as C
//! structs, persons and firearms as JSON, one at a time or in batches (the
//! core splits a batch into requests of at most 1,000, a few in flight at
//! once, results in input order); the answers as `ncb_check_result`
//! handles read through accessors.

use std::ffi::{CStr, CString, c_char};

use ncblink::model::query::{CheckOutcome, CheckResult, DocumentCheck, FirearmCheck, PersonCheck, Plate, VehicleCheck};
use ncblink::model::{CountryCode, DocumentType, IcaoCode};

use crate::client::{ncb_client, shared};
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi::{self, cstring};
use crate::panic::{boundary, boundary_or, status_boundary};
use crate::status::ncb_status;

/// A travel document to check against SLTD. Every string is UTF-8 and
/// NUL-terminated, borrowed for the duration of the call.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ncb_document_check {
    /// The document number as printed (required).
    pub number: *const c_char,
    /// The issuing state's ICAO 9303 code, `"FRA"`, `"D"` (required).
    pub issuing_state: *const c_char,
    /// The document type's code (`"passport"`, `"identity_card"`…), or NULL
    /// when unknown.
    pub document_type: *const c_char,
}

/// A vehicle to check against SMV, by any of VIN, engine number and plate
/// (NULL for what is unknown; a plate needs both its country and number).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ncb_vehicle_check {
    /// Vehicle identification number (ISO 3779), or NULL.
    pub vin: *const c_char,
    /// Engine number, or NULL.
    pub engine_number: *const c_char,
    /// The plate's country (ISO 3166-1 alpha-2, `"FR"`), or NULL.
    pub plate_country: *const c_char,
    /// The plate's number, or NULL.
    pub plate_number: *const c_char,
}

/// Hit or no hit.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ncb_check_outcome {
    /// No result (a NULL result).
    None = 0,
    /// Nothing matches.
    NoHit = 1,
    /// At least one record matches: a possible match, to confirm with the
    /// owning NCB (`ncb_client_get_record`).
    Hit = 2,
    /// An outcome of a later contract version, which this library does not
    /// know; the hits, if any, read as usual (docs/compatibility.md).
    Unrecognised = 3,
}

/// The strings of one hit, made once so that accessors hand out pointers.
struct HitText {
    record_id: CString,
    owner: CString,
    summary: CString,
    database: CString,
}

/// The answer to one check: the outcome and the candidate records, best
/// first. Opaque; freed with `ncb_check_result_free` (except those borrowed
/// from an `ncb_check_results` or a callback).
///
/// Thread safety: immutable; accessors may be called from several threads
/// at once.
pub struct ncb_check_result {
    result: CheckResult,
    hits: Vec<HitText>,
}

impl ncb_check_result {
    /// Wraps a core result.
    pub fn new(result: CheckResult) -> Self {
        let hits = result
            .hits
            .iter()
            .map(|h| HitText {
                record_id: cstring(h.record_id.as_str()),
                owner: cstring(h.owner.to_string()),
                summary: cstring(h.summary.as_str()),
                database: cstring(h.database.as_str()),
            })
            .collect();
        ncb_check_result { result, hits }
    }
}

/// The answers to a batch, in the order of its checks. Opaque; freed with
/// `ncb_check_results_free`. Thread safety: immutable, as
/// `ncb_check_result`.
pub struct ncb_check_results {
    results: Vec<ncb_check_result>,
}

/// Names the item an argument error is about (`items[3].issuing_state`),
/// built only when there is an error: a batch converts thousands of items.
fn at_item(e: ncb_error, at: &dyn Fn() -> String) -> ncb_error {
    let mut out = ncb_error::new(e.status(), format!("{}.{}", at(), e.message()));
    if let Some(code) = e.code() {
        out = out.with_code(code);
    }
    out
}

/// A string field of a check; the error names the field alone (`at_item`
/// adds the item).
///
/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn field<'a>(p: *const c_char, name: &'static str, required: bool) -> Result<Option<&'a str>, ncb_error> {
    // SAFETY: forwarded contract.
    let s =
        unsafe { ffi::opt_str(p, name) }.map_err(|e| ncb_error::new(e.status(), format!("{name}: {}", e.message())))?;
    if required && s.is_none() {
        return Err(ncb_error::new(ncb_status::NullParameter, format!("{name}: is NULL")));
    }
    Ok(s)
}

/// Converts a C document check.
///
/// # Safety
/// The strings are NULL or NUL-terminated.
unsafe fn document_check(c: &ncb_document_check, at: &dyn Fn() -> String) -> Result<DocumentCheck, ncb_error> {
    let convert = || {
        // SAFETY: forwarded contract.
        let (number, state, doc_type) = unsafe {
            (
                field(c.number, "number", true)?.unwrap_or_default(),
                field(c.issuing_state, "issuing_state", true)?.unwrap_or_default(),
                field(c.document_type, "document_type", false)?,
            )
        };
        let issuing_state: IcaoCode = state.parse().map_err(|e| {
            ncb_error::new(
                ncb_status::InvalidArgument,
                format!("issuing_state: `{state}` is not an ICAO code: {e}"),
            )
        })?;
        let document_type = doc_type
            .map(|t| {
                DocumentType::from_code(t).ok_or_else(|| {
                    ncb_error::new(
                        ncb_status::InvalidArgument,
                        format!("document_type: `{t}` is not a document type"),
                    )
                })
            })
            .transpose()?;
        Ok(DocumentCheck {
            extra: Default::default(),
            number: number.to_string(),
            issuing_state,
            document_type,
        })
    };
    convert().map_err(|e| at_item(e, at))
}

/// Converts a C vehicle check.
///
/// # Safety
/// The strings are NULL or NUL-terminated.
unsafe fn vehicle_check(c: &ncb_vehicle_check, at: &dyn Fn() -> String) -> Result<VehicleCheck, ncb_error> {
    let convert = || {
        let owned = |s: Option<&str>| s.map(str::to_string);
        // SAFETY: forwarded contract.
        let (vin, engine, country, number) = unsafe {
            (
                field(c.vin, "vin", false)?,
                field(c.engine_number, "engine_number", false)?,
                field(c.plate_country, "plate_country", false)?,
                field(c.plate_number, "plate_number", false)?,
            )
        };
        let plate = match (country, number) {
            (None, None) => None,
            (Some(country), Some(number)) => Some(Plate {
                extra: Default::default(),
                country: country.parse::<CountryCode>().map_err(|e| {
                    ncb_error::new(
                        ncb_status::InvalidArgument,
                        format!("plate_country: `{country}` is not a country code: {e}"),
                    )
                })?,
                number: number.to_string(),
            }),
            _ => {
                return Err(ncb_error::new(
                    ncb_status::InvalidArgument,
                    "plate: needs both plate_country and plate_number",
                ));
            }
        };
        Ok(VehicleCheck {
            extra: Default::default(),
            vin: owned(vin),
            engine_number: owned(engine),
            plate,
        })
    };
    convert().map_err(|e| at_item(e, at))
}

/// Converts a C array of checks.
///
/// # Safety
/// `items` is NULL or points to `n` readable elements.
unsafe fn array<'a, C>(items: *const C, n: usize) -> Result<&'a [C], ncb_error> {
    ffi::non_null(items, "items")?;
    if n > isize::MAX as usize / std::mem::size_of::<C>().max(1) {
        return Err(ncb_error::new(
            ncb_status::InvalidArgument,
            format!("{n} items are more than any array can hold"),
        ));
    }
    // SAFETY: non-NULL, `n` readable elements (contract), size checked.
    Ok(unsafe { std::slice::from_raw_parts(items, n) })
}

/// Converts a C document check for an asynchronous call.
///
/// # Safety
/// `check` is NULL or a readable check whose strings are NULL or
/// NUL-terminated.
pub unsafe fn document_check_arg(check: *const ncb_document_check) -> Result<DocumentCheck, ncb_error> {
    // SAFETY: forwarded contract.
    unsafe { document_check(ffi::try_ref(check, "check")?, &|| "check".to_string()) }
}

/// Converts a C vehicle check for an asynchronous call.
///
/// # Safety
/// As [`document_check_arg`].
pub unsafe fn vehicle_check_arg(check: *const ncb_vehicle_check) -> Result<VehicleCheck, ncb_error> {
    // SAFETY: forwarded contract.
    unsafe { vehicle_check(ffi::try_ref(check, "check")?, &|| "check".to_string()) }
}

/// The body of the single-check functions.
///
/// # Safety
/// `client` is NULL or live; `out` and `err` NULL or writable.
unsafe fn single<C, F>(
    client: *const ncb_client,
    convert: impl FnOnce() -> Result<C, ncb_error>,
    call: impl FnOnce(ncblink::Client, C) -> F,
    out: *mut *mut ncb_check_result,
    err: *mut *mut ncb_error,
) -> ncb_status
where
    F: std::future::Future<Output = Result<CheckResult, ncblink::Error>>,
{
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        let check = convert()?;
        ffi::non_null(out, "out")?;
        let result = s.block_on(call(s.client.clone(), check))?;
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(ncb_check_result::new(result))) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// The body of the batch functions.
///
/// # Safety
/// As [`single`].
unsafe fn batch<C, F>(
    client: *const ncb_client,
    convert: impl FnOnce() -> Result<Vec<C>, ncb_error>,
    call: impl FnOnce(ncblink::Client, Vec<C>) -> F,
    out: *mut *mut ncb_check_results,
    err: *mut *mut ncb_error,
) -> ncb_status
where
    F: std::future::Future<Output = Result<Vec<CheckResult>, ncblink::Error>>,
{
    let run = || {
        // SAFETY: forwarded contract.
        let s = unsafe { shared(client) }?;
        let checks = convert()?;
        ffi::non_null(out, "out")?;
        let results = s.block_on(call(s.client.clone(), checks))?;
        let results = ncb_check_results {
            results: results.into_iter().map(ncb_check_result::new).collect(),
        };
        // SAFETY: checked non-NULL, writable (contract).
        unsafe { ffi::write_out(out, ffi::into_raw(results)) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Checks one travel document against SLTD (`POST /v1/checks/documents`)
/// and waits for the answer (at most the config's request timeout per
/// attempt, retries included).
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_UTF8`,
/// `NCB_STATUS_INVALID_ARGUMENT` (an issuing state or document type that is
/// not a code), the transport's 2xx, the hub's 3xx,
/// `NCB_STATUS_INVALID_DOCUMENT` (the hub refused the check, with its
/// report), `NCB_STATUS_FORKED`. Nothing is written on failure.
///
/// Ownership: `check` is read during the call only; free `*out` with
/// `ncb_check_result_free`. Thread safety: any thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `check` NULL or readable, its strings NULL or
/// NUL-terminated; `out` and `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_document(
    client: *const ncb_client,
    check: *const ncb_document_check,
    out: *mut *mut ncb_check_result,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        single(
            client,
            || document_check_arg(check),
            |c, check| async move { c.check_document(&check).await },
            out,
            err,
        )
    }
}

/// Checks one vehicle against SMV (`POST /v1/checks/vehicles`). As
/// `ncb_client_check_document`; a check with no criterion is refused by the
/// hub (`NCB_STATUS_INVALID_DOCUMENT`, `CHECK.NO_CRITERIA`).
///
/// # Safety
/// As `ncb_client_check_document`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_vehicle(
    client: *const ncb_client,
    check: *const ncb_vehicle_check,
    out: *mut *mut ncb_check_result,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        single(
            client,
            || vehicle_check_arg(check),
            |c, check| async move { c.check_vehicle(&check).await },
            out,
            err,
        )
    }
}

/// Checks one person against notices and nominal data; `json`/`len` is the
/// check as the hub's API takes it:
/// `{"family_name":"Durand","forenames":"Jean","date_of_birth":"1978"}` or
/// `{"interpol_id":"2026/123"}`.
///
/// Errors: as `ncb_client_check_document`, plus `NCB_STATUS_INVALID_JSON`
/// (not JSON, over 16 MiB) and `NCB_STATUS_INVALID_DOCUMENT` (not a person
/// check), both with a report (`ncb_error_report`).
///
/// # Safety
/// As `ncb_client_check_document`; `json` NULL or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_person(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut ncb_check_result,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        single(
            client,
            || errmap::parse::<PersonCheck>(ffi::bytes(json, len, "json")?, "person check"),
            |c, check| async move { c.check_person(&check).await },
            out,
            err,
        )
    }
}

/// Checks one firearm against iARMS; `json`/`len` is the check:
/// `{"serial_number":"ABC123456","make":"Glock"}`. As
/// `ncb_client_check_person`.
///
/// # Safety
/// As `ncb_client_check_person`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_firearm(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut ncb_check_result,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        single(
            client,
            || errmap::parse::<FirearmCheck>(ffi::bytes(json, len, "json")?, "firearm check"),
            |c, check| async move { c.check_firearm(&check).await },
            out,
            err,
        )
    }
}

/// Checks `n` travel documents: split into requests of at most 1,000
/// checks, a few in flight at once (`ncb_config_set_batch_concurrency`);
/// `*out` holds one result per check, in input order. `n` may be 0 (no
/// request is sent).
///
/// Errors: as `ncb_client_check_document`, the argument errors naming the
/// item (`items[3].issuing_state`); one failed request fails the whole
/// batch (nothing is written).
///
/// Ownership: `items` is read during the call only; free `*out` with
/// `ncb_check_results_free`. Thread safety: any thread, concurrently.
///
/// # Safety
/// `client` is NULL or live; `items` NULL or readable for `n` elements
/// whose strings are NULL or NUL-terminated; `out` and `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_documents(
    client: *const ncb_client,
    items: *const ncb_document_check,
    n: usize,
    out: *mut *mut ncb_check_results,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let convert = || {
        // SAFETY: forwarded contract.
        let items = unsafe { array(items, n) }?;
        items
            .iter()
            .enumerate()
            // SAFETY: each element's strings are NULL or NUL-terminated.
            .map(|(i, c)| unsafe { document_check(c, &|| format!("items[{i}]")) })
            .collect()
    };
    // SAFETY: forwarded contract.
    unsafe {
        batch(
            client,
            convert,
            |c, checks| async move { c.check_documents(&checks).await },
            out,
            err,
        )
    }
}

/// Checks `n` vehicles, as `ncb_client_check_documents`.
///
/// # Safety
/// As `ncb_client_check_documents`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_vehicles(
    client: *const ncb_client,
    items: *const ncb_vehicle_check,
    n: usize,
    out: *mut *mut ncb_check_results,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let convert = || {
        // SAFETY: forwarded contract.
        let items = unsafe { array(items, n) }?;
        items
            .iter()
            .enumerate()
            // SAFETY: each element's strings are NULL or NUL-terminated.
            .map(|(i, c)| unsafe { vehicle_check(c, &|| format!("items[{i}]")) })
            .collect()
    };
    // SAFETY: forwarded contract.
    unsafe {
        batch(
            client,
            convert,
            |c, checks| async move { c.check_vehicles(&checks).await },
            out,
            err,
        )
    }
}

/// Checks many persons: `json`/`len` is a JSON array of person checks
/// (`[{"family_name":…},…]`). As `ncb_client_check_documents` and
/// `ncb_client_check_person`.
///
/// # Safety
/// As `ncb_client_check_person`, with `ncb_check_results **out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_persons(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut ncb_check_results,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        batch(
            client,
            || errmap::parse::<Vec<PersonCheck>>(ffi::bytes(json, len, "json")?, "person checks"),
            |c, checks| async move { c.check_persons(&checks).await },
            out,
            err,
        )
    }
}

/// Checks many firearms: `json`/`len` is a JSON array of firearm checks.
/// As `ncb_client_check_persons`.
///
/// # Safety
/// As `ncb_client_check_persons`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_check_firearms(
    client: *const ncb_client,
    json: *const c_char,
    len: usize,
    out: *mut *mut ncb_check_results,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        batch(
            client,
            || errmap::parse::<Vec<FirearmCheck>>(ffi::bytes(json, len, "json")?, "firearm checks"),
            |c, checks| async move { c.check_firearms(&checks).await },
            out,
            err,
        )
    }
}

/// Borrows a result for an accessor.
///
/// # Safety
/// `r` is NULL or a live result.
unsafe fn get<'a>(r: *const ncb_check_result) -> Option<&'a ncb_check_result> {
    // SAFETY: forwarded contract.
    unsafe { ffi::opt_ref(r) }
}

/// Hit or no hit; `NCB_CHECK_OUTCOME_NONE` if `result` is NULL.
///
/// Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_outcome(result: *const ncb_check_result) -> ncb_check_outcome {
    boundary_or(ncb_check_outcome::None, || {
        // SAFETY: forwarded contract.
        match unsafe { get(result) }.map(|r| r.result.outcome) {
            Some(CheckOutcome::Hit) => ncb_check_outcome::Hit,
            Some(CheckOutcome::NoHit) => ncb_check_outcome::NoHit,
            Some(CheckOutcome::Unrecognised(_)) => ncb_check_outcome::Unrecognised,
            None => ncb_check_outcome::None,
        }
    })
}

/// The number of candidate records (0 for no hit, or if `result` is NULL).
///
/// Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_hit_count(result: *const ncb_check_result) -> usize {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { get(result) }.map_or(0, |r| r.hits.len()))
}

/// A string field of hit `index`.
///
/// # Safety
/// `result` is NULL or a live result.
unsafe fn hit_text(result: *const ncb_check_result, index: usize, f: fn(&HitText) -> &CStr) -> *const c_char {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { get(result) }
            .and_then(|r| r.hits.get(index))
            .map_or(std::ptr::null(), |h| f(h).as_ptr())
    })
}

/// The id of hit `index`'s record, to fetch it with
/// `ncb_client_get_record`. NULL if `result` is NULL or `index` is out of
/// range.
///
/// Ownership: owned by the result. Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_record_id(result: *const ncb_check_result, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { hit_text(result, index, |h| &h.record_id) }
}

/// The NCB that owns hit `index`'s record (`"FR"`), whom to ask for
/// confirmation. NULL if `result` is NULL or `index` is out of range.
///
/// Ownership: owned by the result. Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_owner(result: *const ncb_check_result, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { hit_text(result, index, |h| &h.owner) }
}

/// The one-line summary of hit `index`. NULL if `result` is NULL or `index`
/// is out of range.
///
/// Ownership: owned by the result. Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_summary(result: *const ncb_check_result, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { hit_text(result, index, |h| &h.summary) }
}

/// The database of hit `index`: `"sltd"`, `"smv"`, `"nominal"`,
/// `"iarms"`, or the name of a database of a later contract version, as
/// received. NULL if `result` is NULL or `index` is out of range.
///
/// Ownership: owned by the result. Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_database(result: *const ncb_check_result, index: usize) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { hit_text(result, index, |h| &h.database) }
}

/// The match score of hit `index`, from 0 to 1 (1 for an exact match,
/// less for tolerant name matching); -1 if `result` is NULL or `index` is
/// out of range.
///
/// Thread safety: any thread.
///
/// # Safety
/// `result` is NULL or a live result.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_score(result: *const ncb_check_result, index: usize) -> f64 {
    boundary_or(-1.0, || {
        // SAFETY: forwarded contract.
        unsafe { get(result) }
            .and_then(|r| r.result.hits.get(index))
            .map_or(-1.0, |h| h.score)
    })
}

/// Writes a JSON text to `out`/`out_len` (the latter optional).
///
/// # Safety
/// `out` is non-NULL and writable; `out_len` NULL or writable.
pub unsafe fn write_json(out: *mut *mut c_char, out_len: *mut usize, json: String) {
    let len = json.len();
    // SAFETY: by the caller's contract.
    unsafe {
        ffi::write_out(out, cstring(json).into_raw());
        if !out_len.is_null() {
            ffi::write_out(out_len, len);
        }
    }
}

/// The result as JSON, as the hub answered it:
/// `{"outcome":"hit","hits":[{"record_id":…,"database":"sltd","owner":"FR","summary":…,"score":1.0}]}`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER` (`result` or `out`). `out_len` is
/// optional. Ownership: free `*out` with `ncb_string_free`. Thread safety:
/// any thread.
///
/// # Safety
/// `result` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_to_json(
    result: *const ncb_check_result,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let r = unsafe { ffi::try_ref(result, "result") }?;
        ffi::non_null(out, "out")?;
        let json = errmap::to_json(&r.result)?;
        // SAFETY: `out` checked; both writable (contract).
        unsafe { write_json(out, out_len, json) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a result from `ncb_client_check_*`. NULL is a no-op. Never pass a
/// result borrowed from `ncb_check_results_get` or a callback.
///
/// Thread safety: no other thread may be using `result`.
///
/// # Safety
/// `result` is NULL or an owned result not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_result_free(result: *mut ncb_check_result) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(result) })
}

/// The number of results in a batch (its number of checks); 0 if
/// `results` is NULL.
///
/// Thread safety: any thread.
///
/// # Safety
/// `results` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_results_count(results: *const ncb_check_results) -> usize {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::opt_ref(results) }.map_or(0, |r| r.results.len()))
}

/// The result of check `index` (input order). NULL if `results` is NULL or
/// `index` is out of range.
///
/// Ownership: borrowed from `results`, valid until
/// `ncb_check_results_free`; never free it. Thread safety: any thread.
///
/// # Safety
/// `results` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_results_get(
    results: *const ncb_check_results,
    index: usize,
) -> *const ncb_check_result {
    boundary(|| {
        // SAFETY: forwarded contract.
        unsafe { ffi::opt_ref(results) }
            .and_then(|r| r.results.get(index))
            .map_or(std::ptr::null(), |r| r as *const ncb_check_result)
    })
}

/// The results as a JSON array of `ncb_check_result_to_json` objects, in
/// input order. As `ncb_check_result_to_json`.
///
/// # Safety
/// `results` is NULL or live; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_results_to_json(
    results: *const ncb_check_results,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        // SAFETY: forwarded contract.
        let r = unsafe { ffi::try_ref(results, "results") }?;
        ffi::non_null(out, "out")?;
        let all: Vec<&CheckResult> = r.results.iter().map(|r| &r.result).collect();
        let json = errmap::to_json(&all)?;
        // SAFETY: `out` checked; both writable (contract).
        unsafe { write_json(out, out_len, json) };
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Frees a batch's results and every result borrowed from it. NULL is a
/// no-op.
///
/// Thread safety: no other thread may be using `results`.
///
/// # Safety
/// `results` is NULL or results not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_check_results_free(results: *mut ncb_check_results) {
    // SAFETY: forwarded contract.
    boundary(|| unsafe { ffi::free_box(results) })
}
