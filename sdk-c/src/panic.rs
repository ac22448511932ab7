//! The panic boundary around every exported function: a panic never unwinds
//! into C (that would be undefined behaviour, or an abort since Rust 1.81);
//! it becomes `NCB_STATUS_PANIC` with an `ncb_error`, or the function's
//! documented default (NULL, 0, false).
//!
//! While a call is inside the boundary, the panic message goes to the log
//! callback (target `ncblink_c::panic`) and into the `ncb_error`, not to
//! stderr: a library does not write to its host's terminal. Outside the
//! boundary the previous panic hook runs unchanged.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use crate::error::{self, ncb_error};
use crate::report::ncb_severity;
use crate::status::ncb_status;

thread_local! {
    /// How many boundaries this thread is inside (a callback may re-enter).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                tracing::error!(target: "ncblink_c::panic", "{info}");
            } else {
                previous(info);
            }
        }));
    });
}

/// Leaves the boundary count balanced even when `f` unwinds.
struct Depth;

impl Depth {
    fn enter() -> Depth {
        DEPTH.with(|d| d.set(d.get() + 1));
        Depth
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// The text of a panic payload.
fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "unknown panic payload"
    }
}

/// Runs `f`; a panic returns `on_panic` instead.
pub fn boundary_or<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    install_hook();
    let _depth = Depth::enter();
    // AssertUnwindSafe: after a panic nothing `f` touched is used again; the
    // caller gets the default value and the library's shared state (OnceLock,
    // RwLock) is either untouched or poison-tolerant.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

/// What a function returns when it panicked: its documented default.
pub trait PanicDefault {
    /// The default.
    fn panic_default() -> Self;
}

impl<T> PanicDefault for *const T {
    fn panic_default() -> Self {
        std::ptr::null()
    }
}

impl<T> PanicDefault for *mut T {
    fn panic_default() -> Self {
        std::ptr::null_mut()
    }
}

impl PanicDefault for bool {
    fn panic_default() -> Self {
        false
    }
}

impl PanicDefault for usize {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for u16 {
    fn panic_default() -> Self {
        0
    }
}

impl PanicDefault for () {
    fn panic_default() -> Self {}
}

impl PanicDefault for ncb_status {
    fn panic_default() -> Self {
        ncb_status::Panic
    }
}

impl PanicDefault for ncb_severity {
    fn panic_default() -> Self {
        ncb_severity::None
    }
}

/// Runs `f`; a panic returns the type's [`PanicDefault`].
pub fn boundary<T: PanicDefault>(f: impl FnOnce() -> T) -> T {
    boundary_or(T::panic_default(), f)
}

/// Runs a fallible `f` for a function that returns `ncb_status` and takes an
/// optional `ncb_error **err`: success is `NCB_STATUS_OK` with `*err`
/// untouched; a failure or a panic stores an `ncb_error` in `*err` (when
/// `err` is not NULL) and returns its status.
///
/// # Safety
/// `err` is NULL or points to a writable `ncb_error *`.
pub unsafe fn status_boundary(err: *mut *mut ncb_error, f: impl FnOnce() -> Result<(), ncb_error>) -> ncb_status {
    install_hook();
    let _depth = Depth::enter();
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            error::clear_last();
            ncb_status::Ok
        }
        // SAFETY: forwarded contract.
        Ok(Err(e)) => unsafe { error::store(err, e) },
        Err(payload) => {
            let e = ncb_error::new(
                ncb_status::Panic,
                format!(
                    "internal error in libncblink (panic): {}",
                    payload_text(payload.as_ref())
                ),
            );
            // Storing must not panic again; if it did, the status still says it.
            // SAFETY: forwarded contract.
            catch_unwind(AssertUnwindSafe(|| unsafe { error::store(err, e) })).unwrap_or(ncb_status::Panic)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_default_or_a_status_with_its_message() {
        assert!(boundary::<*const u8>(|| panic!("boom")).is_null());
        assert!(!boundary::<bool>(|| panic!("boom")));
        assert_eq!(boundary_or(-1i64, || panic!("boom")), -1);
        let mut err: *mut ncb_error = std::ptr::null_mut();
        // SAFETY: `err` is a writable local.
        let status = unsafe { status_boundary(&mut err, || panic!("kaboom {}", 42)) };
        assert_eq!(status, ncb_status::Panic);
        assert!(!err.is_null());
        // SAFETY: `err` was just set to a live error by status_boundary.
        let e = unsafe { &*err };
        assert_eq!(e.status(), ncb_status::Panic);
        assert!(e.message().contains("kaboom 42"), "{}", e.message());
        // SAFETY: freed once, by its owner.
        unsafe { crate::error::ncb_error_free(err) };
        // Without `err`, the status alone.
        // SAFETY: NULL is allowed.
        let status = unsafe { status_boundary(std::ptr::null_mut(), || panic!("x")) };
        assert_eq!(status, ncb_status::Panic);
        // The depth is balanced after unwinding.
        assert_eq!(DEPTH.with(Cell::get), 0);
    }

    #[test]
    fn success_leaves_err_untouched() {
        let mut err: *mut ncb_error = std::ptr::null_mut();
        // SAFETY: `err` is a writable local.
        assert_eq!(unsafe { status_boundary(&mut err, || Ok(())) }, ncb_status::Ok);
        assert!(err.is_null());
    }
}
