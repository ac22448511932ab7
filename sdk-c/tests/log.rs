//! The log callback from Rust: nothing is delivered before one is set,
//! events arrive with level, target and message up to the maximum level,
//! and none after removal. One test in its own binary, because the
//! subscriber is process-global.
#![deny(clippy::undocumented_unsafe_blocks)]

use std::ffi::{CStr, c_char, c_void};
use std::ptr::null_mut;
use std::sync::Mutex;

use ncblink_c::log::{ncb_log_level, ncb_set_log_callback};
use ncblink_c::report::ncb_report_free;
use ncblink_c::status::ncb_status;
use ncblink_c::validate::ncb_validate;

static SEEN: Mutex<Vec<(ncb_log_level, String, String)>> = Mutex::new(Vec::new());

unsafe extern "C" fn collect(
    userdata: *mut c_void,
    level: ncb_log_level,
    target: *const c_char,
    message: *const c_char,
) {
    assert_eq!(userdata as usize, 42);
    // SAFETY: the library passes NUL-terminated strings valid for the call.
    let (t, m) = unsafe { (CStr::from_ptr(target), CStr::from_ptr(message)) };
    SEEN.lock()
        .unwrap()
        .push((level, t.to_str().unwrap().into(), m.to_str().unwrap().into()));
}

fn validate() {
    let doc = br#"{"vehicle_check": {}}"#;
    let mut r = null_mut();
    // SAFETY: valid buffer, writable output, report freed.
    unsafe {
        assert_eq!(
            ncb_validate(doc.as_ptr().cast(), doc.len(), c"check".as_ptr(), &mut r, null_mut()),
            ncb_status::Ok
        );
        ncb_report_free(r);
    }
}

#[test]
fn events_reach_the_callback_up_to_the_level_and_stop_on_removal() {
    validate();
    assert!(SEEN.lock().unwrap().is_empty());
    let userdata = 42usize as *mut c_void;
    // SAFETY: `collect` is thread-safe; userdata is never dereferenced.
    unsafe {
        assert_eq!(
            ncb_set_log_callback(Some(collect), userdata, ncb_log_level::Debug as u32, null_mut()),
            ncb_status::Ok
        );
    }
    validate();
    {
        let seen = SEEN.lock().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        let (level, target, message) = &seen[0];
        assert_eq!(*level, ncb_log_level::Debug);
        assert_eq!(target, "ncblink_c::validate");
        assert!(message.starts_with("validated a document"), "{message}");
        assert!(
            message.contains("kind=check") && message.contains("violations=1"),
            "{message}"
        );
    }
    // SAFETY: as above.
    unsafe {
        assert_eq!(
            ncb_set_log_callback(Some(collect), userdata, ncb_log_level::Info as u32, null_mut()),
            ncb_status::Ok
        );
        validate();
        assert_eq!(SEEN.lock().unwrap().len(), 1);
        assert_eq!(ncb_set_log_callback(None, null_mut(), 5, null_mut()), ncb_status::Ok);
        validate();
        assert_eq!(SEEN.lock().unwrap().len(), 1);
        assert_eq!(
            ncb_set_log_callback(Some(collect), userdata, 6, null_mut()),
            ncb_status::InvalidArgument
        );
    }
}
