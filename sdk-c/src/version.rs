//! `ncb_version`: the library's version, which is the workspace's single
//! version (the same as the `ncblink` crate, the schemas and the Python
//! package), and matches the header's `NCBLINK_VERSION_*` macros.

use std::ffi::c_char;

use crate::panic::boundary_or;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// The version of the library, "MAJOR.MINOR.PATCH" (for instance "0.1.0").
/// Compare it with `NCBLINK_VERSION_STRING` to detect a header that does
/// not match the library loaded at run time.
///
/// Ownership: static string; do not free it. Thread safety: any thread.
/// Never returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn ncb_version() -> *const c_char {
    boundary_or(VERSION.as_ptr().cast(), || VERSION.as_ptr().cast())
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_the_package_version() {
        // SAFETY: a static NUL-terminated string.
        let v = unsafe { std::ffi::CStr::from_ptr(super::ncb_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
