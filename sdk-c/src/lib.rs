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
//! boundary), [`ffi`] (pointer and string helpers), [`build`] (an envelope
//! from its business fields, ids and times), [`validate`] and
//! [`report`] (validation), [`codes`] (code-list look-ups), [`log`] (the log
//! callback), [`version`]; the network client: [`config`], [`client`] (the
//! handle and its runtime), [`checks`], [`documents`] (the JSON calls),
//! [`search`], [`inbox`], [`asynccalls`] over [`promise`] (callbacks fired
//! exactly once), [`errmap`] (the core's errors as statuses); and the
//! travel helpers [`mrz`] and [`vin`].
// C names (`ncb_status`, `ncb_report`) are the API; cbindgen copies them.
#![allow(non_camel_case_types)]
// Every `unsafe` block says why it is sound.
#![deny(clippy::undocumented_unsafe_blocks)]

// In the order the header presents them (cbindgen follows this order).
pub mod version;

pub mod status;

pub mod error;

pub mod build;

pub mod validate;

pub mod report;

pub mod codes;

pub mod log;

pub mod mrz;

pub mod vin;

pub mod config;

pub mod client;

pub mod checks;

pub mod documents;

pub mod keys;

pub mod search;

pub mod inbox;

pub mod promise;

pub mod asynccalls;

// Internals: the boundary, the pointer helpers, the error mapping.
pub mod errmap;
pub mod ffi;
pub mod panic;
