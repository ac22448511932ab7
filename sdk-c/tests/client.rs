//! The client's C API from Rust, without a hub: MRZ and VIN through the FFI
//! equal the core's answers; configs refuse what they should; and the
//! asynchronous calls fire their callback exactly once — with a connect
//! failure, after a cancel, after a timeout, and for every request still
//! outstanding when the client is freed — against a loopback listener that
//! never answers. (tests/c/client.c does the rest against the real hub.)
#![deny(clippy::undocumented_unsafe_blocks)]

use std::ffi::{CStr, CString, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use ncblink::travel::{ParseOptions, check_vin, parse_mrz};
use ncblink_c::asynccalls::*;
use ncblink_c::client::*;
use ncblink_c::config::*;
use ncblink_c::documents::ncb_client_health;
use ncblink_c::error::*;
use ncblink_c::mrz::*;
use ncblink_c::status::ncb_status;
use ncblink_c::vin::*;

/// # Safety
/// `p` is NULL or a live NUL-terminated string.
unsafe fn text<'a>(p: *const c_char) -> Option<&'a str> {
    // SAFETY: by the caller's contract.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().expect("UTF-8"))
}

const ZONES: [&str; 3] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    "  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  \nL898902C36UTO74O8122F1204159ZE184226B<<<<<10",
];

#[test]
fn zones_through_the_ffi_equal_the_core() {
    let today = Utc::now().date_naive();
    for (zone, lenient) in ZONES.iter().flat_map(|z| [(z, false), (z, true)]) {
        let options = if lenient {
            ParseOptions::lenient(today)
        } else {
            ParseOptions::strict(today)
        };
        let want = parse_mrz(zone, &options);
        let mut m = null_mut();
        let mut err = null_mut();
        // SAFETY: a valid buffer, writable outputs; everything freed below.
        unsafe {
            let s = ncb_mrz_parse(zone.as_ptr().cast(), zone.len(), lenient, &mut m, &mut err);
            match want {
                Ok(want) => {
                    assert_eq!(s, ncb_status::Ok, "{zone}");
                    assert_eq!(text(ncb_mrz_format(m)), Some(want.format.name()));
                    assert_eq!(text(ncb_mrz_document_number(m)), Some(want.document_number.as_str()));
                    assert_eq!(
                        text(ncb_mrz_primary_identifier(m)),
                        Some(want.primary_identifier.as_str())
                    );
                    assert_eq!(ncb_mrz_check_digits_valid(m), want.check_digits_valid());
                    assert_eq!(ncb_mrz_warning_count(m), want.warnings.len());
                    for (i, w) in want.warnings.iter().enumerate() {
                        assert_eq!(text(ncb_mrz_warning_code(m, i)), Some(w.code.as_str()));
                        assert_eq!(text(ncb_mrz_warning_message(m, i)), Some(w.message.as_str()));
                    }
                    let mut check = std::mem::MaybeUninit::uninit();
                    assert_eq!(
                        ncb_mrz_to_document_check(m, check.as_mut_ptr(), null_mut()),
                        ncb_status::Ok
                    );
                    let check = check.assume_init();
                    assert_eq!(text(check.number), Some(want.to_document_check().number.as_str()));
                    ncb_mrz_free(m);
                }
                Err(e) => {
                    assert_eq!(s, ncb_status::InvalidDocument, "{zone}");
                    assert_eq!(text(ncb_error_code(err)), Some(e.code.as_str()));
                    ncb_error_free(err);
                }
            }
        }
    }
}

#[test]
fn vins_through_the_ffi_equal_the_core() {
    for vin in [
        "1M8GDM9AXKP042788",
        "1M8GDM9A1KP042788",
        "wvwzzz1jzxw000001",
        "1M8GDM9AXKP04278O",
        "SHORT",
    ] {
        let want = check_vin(vin);
        let mut r = null_mut();
        let mut err = null_mut();
        // SAFETY: a valid buffer, writable outputs; everything freed below.
        unsafe {
            let s = ncb_vin_check(vin.as_ptr().cast(), vin.len(), &mut r, &mut err);
            match want {
                Ok(want) => {
                    assert_eq!(s, ncb_status::Ok);
                    assert_eq!(text(ncb_vin_report_vin(r)), Some(want.vin.as_str()));
                    assert_eq!(ncb_vin_report_check_digit_valid(r), want.check_digit_valid);
                    assert_eq!(ncb_vin_report_warning_count(r), want.warnings.len());
                    ncb_vin_report_free(r);
                }
                Err(e) => {
                    assert_eq!(s, ncb_status::InvalidDocument);
                    assert_eq!(text(ncb_error_code(err)), Some(e.code.as_str()));
                    ncb_error_free(err);
                }
            }
        }
    }
}

/// A client of `url` with no retries and `timeout_ms` per request.
fn client(url: &str, timeout_ms: u64) -> *mut ncb_client {
    let url = CString::new(url).unwrap();
    let mut config = null_mut();
    let mut client = null_mut();
    // SAFETY: valid strings, writable outputs; the config is freed.
    unsafe {
        assert_eq!(
            ncb_config_new(url.as_ptr(), c"FR".as_ptr(), &mut config, null_mut()),
            ncb_status::Ok
        );
        assert_eq!(ncb_config_set_max_retries(config, 0, null_mut()), ncb_status::Ok);
        assert_eq!(
            ncb_config_set_request_timeout_ms(config, timeout_ms, null_mut()),
            ncb_status::Ok
        );
        assert_eq!(ncb_client_new(config, &mut client, null_mut()), ncb_status::Ok);
        ncb_config_free(config);
    }
    client
}

/// Counts each request's callbacks and remembers the last status.
struct Slot {
    calls: AtomicU32,
    status: Mutex<Option<ncb_status>>,
    thread: Mutex<Option<std::thread::ThreadId>>,
}

impl Slot {
    fn new() -> Self {
        Slot {
            calls: AtomicU32::new(0),
            status: Mutex::new(None),
            thread: Mutex::new(None),
        }
    }
}

unsafe extern "C" fn on_json(
    userdata: *mut c_void,
    status: ncb_status,
    _: *const c_char,
    _: usize,
    err: *const ncb_error,
) {
    // SAFETY: the tests pass a live `Slot` as userdata.
    let slot = unsafe { &*(userdata as *const Slot) };
    // SAFETY: the library passes a live error with every failure.
    assert_eq!(unsafe { ncb_error_status(err) }, status);
    *slot.status.lock().unwrap() = Some(status);
    *slot.thread.lock().unwrap() = Some(std::thread::current().id());
    slot.calls.fetch_add(1, Ordering::SeqCst);
}

fn wait_for(slots: &[Slot]) {
    let started = Instant::now();
    while slots.iter().any(|s| s.calls.load(Ordering::SeqCst) == 0) && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(20));
}

fn get_notice_async(c: *mut ncb_client, slot: &Slot) -> u64 {
    let mut id = 0;
    // SAFETY: a live client, a NUL-terminated id, a `Slot` that outlives the
    // callback (the tests wait for it), writable outputs.
    unsafe {
        assert_eq!(
            ncb_client_get_notice_async(
                c,
                c"x".as_ptr(),
                Some(on_json),
                slot as *const Slot as *mut c_void,
                &mut id,
                null_mut()
            ),
            ncb_status::Ok
        );
    }
    id
}

#[test]
fn callbacks_fire_once_on_failure_cancel_timeout_and_free() {
    // Nobody listens on port 1: a connect failure.
    let c = client("http://127.0.0.1:1", 5_000);
    let refused = [Slot::new()];
    get_notice_async(c, &refused[0]);
    wait_for(&refused);
    assert_eq!(refused[0].calls.load(Ordering::SeqCst), 1);
    assert_eq!(*refused[0].status.lock().unwrap(), Some(ncb_status::Connect));
    assert_ne!(*refused[0].thread.lock().unwrap(), Some(std::thread::current().id()));
    // SAFETY: the client is live and no call on it is running.
    unsafe { ncb_client_free(c) };

    // A listener that never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let c = client(&url, 60_000);
    let slots: Vec<Slot> = (0..6).map(|_| Slot::new()).collect();
    let ids: Vec<u64> = slots.iter().map(|s| get_notice_async(c, s)).collect();
    // SAFETY: a live client.
    unsafe {
        assert_eq!(ncb_client_cancel(c, ids[0], null_mut()), ncb_status::Ok);
        assert_eq!(ncb_client_cancel(c, ids[0], null_mut()), ncb_status::Ok);
        assert_eq!(ncb_client_cancel(c, 999_999, null_mut()), ncb_status::Ok);
    }
    wait_for(&slots[..1]);
    assert_eq!(*slots[0].status.lock().unwrap(), Some(ncb_status::Cancelled));
    assert!(slots[1..].iter().all(|s| s.calls.load(Ordering::SeqCst) == 0));
    // Freeing fires the others before it returns.
    // SAFETY: the client is live and no blocking call on it is running.
    unsafe { ncb_client_free(c) };
    for s in &slots {
        assert_eq!(s.calls.load(Ordering::SeqCst), 1);
        assert_eq!(*s.status.lock().unwrap(), Some(ncb_status::Cancelled));
    }

    // A timeout.
    let c = client(&url, 200);
    let timed = [Slot::new()];
    get_notice_async(c, &timed[0]);
    wait_for(&timed);
    assert_eq!(*timed[0].status.lock().unwrap(), Some(ncb_status::Timeout));
    let mut out: *mut c_char = null_mut();
    // SAFETY: a live client, writable output; freed below.
    unsafe {
        assert_eq!(
            ncb_client_health(c, &mut out, null_mut(), null_mut()),
            ncb_status::Timeout
        );
        assert!(out.is_null());
        ncb_client_free(c);
    }
    drop(silent);
}

#[test]
fn configs_refuse_what_they_should() {
    let mut config = null_mut();
    let mut err = null_mut();
    // SAFETY: valid or NULL pointers as each case says; everything freed.
    unsafe {
        assert_eq!(
            ncb_config_new(c"http://127.0.0.1:1".as_ptr(), c"XYZ1".as_ptr(), &mut config, &mut err),
            ncb_status::InvalidArgument
        );
        assert!(config.is_null());
        ncb_error_free(err);
        assert_eq!(
            ncb_config_new(c"gopher://hub".as_ptr(), c"FR".as_ptr(), &mut config, null_mut()),
            ncb_status::Ok
        );
        let mut c = null_mut();
        err = null_mut();
        assert_eq!(ncb_client_new(config, &mut c, &mut err), ncb_status::InvalidArgument);
        assert!(c.is_null() && text(ncb_error_message(err)).unwrap().contains("http"));
        ncb_error_free(err);
        assert_eq!(
            ncb_config_set_signing_key(config, [7u8; 32].as_ptr(), 32, c"FR#1".as_ptr(), null_mut()),
            ncb_status::Ok
        );
        assert_eq!(
            ncb_config_set_signing_key(config, [7u8; 31].as_ptr(), 31, c"FR#1".as_ptr(), null_mut()),
            ncb_status::InvalidArgument
        );
        assert_eq!(
            ncb_config_set_worker_threads(config, 0, null_mut()),
            ncb_status::InvalidArgument
        );
        assert_eq!(
            ncb_config_set_batch_concurrency(config, 0, null_mut()),
            ncb_status::InvalidArgument
        );
        assert_eq!(
            ncb_config_set_token(null_mut(), c"t".as_ptr(), null_mut()),
            ncb_status::NullParameter
        );
        ncb_config_free(config);
        assert!(text(ncb_client_ncb(null())).is_none());
    }
}
