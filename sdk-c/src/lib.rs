//! libncblink: the C API of ncblink.
//!
//! Thin by design: every exported function converts its C arguments, calls
//! sdk-core (the crate `ncblink`), converts the result back and maps errors
//! to an [`status::ncb_status`]. No rule of the network lives here.
//!
//! The conventions (which the header repeats at its top):
//!
//! - opaque handles created by the library and freed by its `_free`
//!   functions, which accept NULL;
//! - every fallible function returns an `ncb_status` and takes an optional
//!   `ncb_error **err` last; outputs are written only on success;
//! - every pointer is checked for NULL, every string for UTF-8, and a panic
//!   never crosses into C ([`panic`]);
//! - strings handed out are UTF-8 and NUL-terminated.
//!
//! Modules: [`status`] and [`error`] (how failures cross), [`panic`] (the
//! boundary), [`ffi`] (pointer and string helpers), [`validate`] and
//! [`report`] (validation), [`codes`] (code-list look-ups), [`log`] (the log
//! callback), [`version`]. The network client adds `client.rs` on top of
//! these, using the status range 2xx/3xx and the HTTP fields of
//! [`error::ncb_error`] reserved for it.
// C names (`ncb_status`, `ncb_report`) are the API; cbindgen copies them.
#![allow(non_camel_case_types)]
// Every `unsafe` block says why it is sound.
#![deny(clippy::undocumented_unsafe_blocks)]

// In the order the header presents them (cbindgen follows this order).
pub mod version;

pub mod status;

pub mod error;

pub mod validate;

pub mod report;

pub mod codes;

pub mod log;

// Internals: the boundary and the pointer helpers.
pub mod ffi;
pub mod panic;
