//! ncblink: the SDK that a National Central Bureau's software uses to join
//! the INTERPOL cooperation network.
//!
//! - [`model`]: the canonical notices, diffusions, messages, database checks
//!   and records, with serde and JSON Schema;
//! - [`build`]: a notice, diffusion or message from its business fields,
//!   with id, dates, retention and recipients defaulted, validated;
//! - [`validate`]: the rules of the Rules on the Processing of Data (RPD)
//!   and of the code lists, as a [`validate::Report`] in the four working
//!   languages;
//! - [`json`]: parsing untrusted JSON into the model with errors that name
//!   the field;
//! - [`sign`]: Ed25519 signatures over the canonical JSON of an envelope;
//! - [`names`]: search keys and tolerant matching of names and identifiers;
//! - [`wire`]: the bodies of the hub's HTTP API, shared by hub and client;
//! - [`travel`]: ICAO 9303 machine-readable zones and VINs, turned into
//!   database checks;
//! - [`interop`]: INTERPOL's public Notices web service read into
//!   canonical notices, and its client (the client under feature `client`);
//! - [`client`]: the async and blocking clients of the hub, with the durable
//!   outbox and the inbox (feature `client`, on by default).
//!
//! ```
//! use ncblink::validate::{validate_json, DocumentKind};
//! let report = validate_json(DocumentKind::Check, br#"{"document_check": {"number": "X123", "issuing_state": "FRA", "document_type": "passport"}}"#);
//! assert!(report.is_ok(), "{report:?}");
//! ```
#![forbid(unsafe_code)]

pub mod build;
#[cfg(feature = "client")]
pub mod client;
mod error;
pub mod interop;
pub mod json;
pub mod model;
pub mod names;
pub mod schema;
pub mod sign;
pub mod travel;
pub mod validate;
pub mod wire;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorClass, ErrorKind, TransportKind};

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}
