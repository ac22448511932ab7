//! The ncblink hub: the reference server of the network. It keeps the NCB
//! directory, authenticates NCBs (bearer tokens in the sandbox, client
//! certificates with mutual TLS), accepts notices, diffusions and direct
//! messages (checked with `ncblink::validate`, signatures with
//! `ncblink::sign`), delivers them to per-NCB inboxes in order, and answers
//! database checks (SLTD, SMV, iARMS, notices) from its own SQLite tables.
//!
//! Start one in-process for tests or demos:
//!
//! ```no_run
//! # async fn demo() -> Result<(), ncblink_hub::HubError> {
//! let hub = ncblink_hub::spawn(ncblink_hub::HubConfig::sandbox_in_memory()).await?;
//! println!("{} FR token {:?}", hub.base_url(), hub.token("FR"));
//! hub.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod auth;
pub mod authorship;
pub mod cli;
pub mod config;
pub mod cursor;
pub mod db;
pub mod error;
pub mod extract;
pub mod housekeeping;
pub mod idempotency;
pub mod index;
pub mod limits;
pub mod notify;
pub mod openapi;
pub mod operator;
pub mod problem;
pub mod quota;
pub mod review;
pub mod routes;
pub mod server;
pub mod state;
pub mod tls;

pub use auth::Token;
pub use config::{DbLocation, HubConfig, TlsFiles};
pub use error::HubError;
pub use routes::router;
pub use server::{DemoKey, Prepared, RunningHub, prepare, spawn};
pub use state::AppState;

/// The hub as a library: [`Hub::spawn`] is [`spawn`].
pub struct Hub;

impl Hub {
    /// Starts a hub in this process; see [`spawn`].
    pub async fn spawn(config: HubConfig) -> Result<RunningHub, HubError> {
        spawn(config).await
    }
}
