//! Helpers for the C boundary: NULL checks, C strings and byte buffers in,
//! NUL-terminated strings out, and boxed handles. Each turns a bad pointer
//! or string into the `ncb_error` the caller gets, so the exported functions
//! read as "convert, call, convert back".

use std::collections::BTreeMap;
use std::ffi::{CStr, CString, c_char};
use std::sync::{Mutex, OnceLock};

use crate::error::ncb_error;
use crate::status::ncb_status;

/// A NULL required argument.
pub fn null(name: &str) -> ncb_error {
    ncb_error::new(ncb_status::NullParameter, format!("`{name}` is NULL"))
}

/// Fails with `NCB_STATUS_NULL_PARAMETER` when `p` is NULL.
pub fn non_null<T>(p: *const T, name: &str) -> Result<(), ncb_error> {
    if p.is_null() { Err(null(name)) } else { Ok(()) }
}

/// Borrows a required object.
///
/// # Safety
/// `p` is NULL or points to a live `T` that outlives `'a` and is not
/// mutated meanwhile (the header's ownership rules).
pub unsafe fn try_ref<'a, T>(p: *const T, name: &str) -> Result<&'a T, ncb_error> {
    // SAFETY: non-NULL, and valid for 'a by the caller's contract.
    unsafe { p.as_ref() }.ok_or_else(|| null(name))
}

/// Borrows an optional object: NULL is `None`.
///
/// # Safety
/// As [`try_ref`].
pub unsafe fn opt_ref<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: as try_ref.
    unsafe { p.as_ref() }
}

/// Borrows a byte buffer given as pointer and length (not NUL-terminated).
/// NULL is refused even with `len == 0`, so that a forgotten buffer is
/// caught rather than taken for an empty document.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that outlive `'a`.
pub unsafe fn bytes<'a>(p: *const c_char, len: usize, name: &str) -> Result<&'a [u8], ncb_error> {
    non_null(p, name)?;
    if len > isize::MAX as usize {
        return Err(ncb_error::new(
            ncb_status::InvalidArgument,
            format!("`{name}` length {len} is larger than any buffer can be"),
        ));
    }
    // SAFETY: non-NULL, `len` readable bytes by the caller's contract, and
    // len <= isize::MAX as from_raw_parts requires.
    Ok(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len) })
}

/// Reads an optional NUL-terminated UTF-8 string: NULL is `None`.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub unsafe fn opt_str<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>, ncb_error> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated by the caller's contract.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str()
        .map(Some)
        .map_err(|e| ncb_error::new(ncb_status::InvalidUtf8, format!("`{name}` is not valid UTF-8: {e}")))
}

/// Reads a required NUL-terminated UTF-8 string.
///
/// # Safety
/// As [`opt_str`].
pub unsafe fn try_str<'a>(p: *const c_char, name: &str) -> Result<&'a str, ncb_error> {
    // SAFETY: forwarded contract.
    unsafe { opt_str(p, name) }?.ok_or_else(|| null(name))
}

/// Writes an output parameter (already checked for NULL).
///
/// # Safety
/// `out` is non-NULL, aligned and writable.
pub unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: by the caller's contract. `write`, not assignment: the target
    // may be uninitialised memory, which must not be dropped.
    unsafe { out.write(value) }
}

/// A C string from Rust text, which may contain NUL (a JSON string value
/// can): each NUL becomes U+FFFD so the string is not cut short silently.
pub fn cstring(s: impl Into<String>) -> CString {
    let s = s.into();
    let s = if s.contains('\0') {
        s.replace('\0', "\u{FFFD}")
    } else {
        s
    };
    CString::new(s).unwrap_or_default()
}

/// A NUL-terminated copy of a static string (a code-list label), made once
/// and kept for the life of the process, so C gets a `const char *` that it
/// never frees. The set of static strings is fixed, so the memory is
/// bounded (a few hundred kilobytes with every label in four languages).
pub fn static_cstr(s: &'static str) -> &'static CStr {
    // A BTreeMap rather than a HashMap: hashbrown keeps only a pointer into
    // the middle of its table, which valgrind reports as "possibly lost".
    static TABLE: OnceLock<Mutex<BTreeMap<&'static str, &'static CStr>>> = OnceLock::new();
    let table = TABLE.get_or_init(Default::default);
    // A poisoned lock only means another thread panicked while inserting;
    // the map itself is still consistent (insert is the only mutation).
    let mut map = table.lock().unwrap_or_else(|p| p.into_inner());
    map.entry(s).or_insert_with(|| Box::leak(cstring(s).into_boxed_c_str()))
}

/// Moves a value to the heap and hands C the pointer; the matching `_free`
/// takes it back with [`free_box`].
pub fn into_raw<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Drops a handle made by [`into_raw`]; NULL is a no-op.
///
/// # Safety
/// `p` is NULL or came from [`into_raw`] with the same `T` and was not freed.
pub unsafe fn free_box<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: by the caller's contract the box is live and owned here.
        drop(unsafe { Box::from_raw(p) });
    }
}

/// Frees a string the library allocated for the caller (`ncb_report_to_json`
/// and later the client's JSON outputs). NULL is a no-op.
///
/// Ownership: only strings the documentation says to free with this
/// function; never a string an accessor returned (those belong to their
/// object) nor a static one. Thread safety: any thread, once per string.
///
/// # Safety
/// `s` is NULL or a string from this library, handed to the caller as
/// owned, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_string_free(s: *mut c_char) {
    crate::panic::boundary(|| {
        if !s.is_null() {
            // SAFETY: by the caller's contract `s` came from CString::into_raw
            // in this library; from_raw takes it back exactly once.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_inside_text_does_not_truncate() {
        assert_eq!(cstring("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }

    #[test]
    fn static_strings_are_made_once() {
        let a = static_cstr("Allemagne");
        let b = static_cstr("Allemagne");
        assert_eq!(a.as_ptr(), b.as_ptr());
        assert_eq!(a.to_str().unwrap(), "Allemagne");
    }

    #[test]
    fn strings_and_buffers_are_checked() {
        // SAFETY: NULL and a static NUL-terminated literal.
        unsafe {
            assert_eq!(opt_str(std::ptr::null(), "x").unwrap(), None);
            assert_eq!(
                try_str(std::ptr::null(), "x").unwrap_err().status(),
                ncb_status::NullParameter
            );
            assert_eq!(
                try_str(c"\xff\xfe".as_ptr(), "x").unwrap_err().status(),
                ncb_status::InvalidUtf8
            );
            assert_eq!(try_str(c"ok".as_ptr(), "x").unwrap(), "ok");
            assert_eq!(
                bytes(std::ptr::null(), 0, "x").unwrap_err().status(),
                ncb_status::NullParameter
            );
            assert_eq!(
                bytes(c"x".as_ptr(), usize::MAX, "x").unwrap_err().status(),
                ncb_status::InvalidArgument
            );
        }
    }
}
