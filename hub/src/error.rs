//! The hub's one error type, for everything that is not an answer to a
//! client (those are [`crate::problem::ApiError`]s): storage, files, TLS,
//! configuration.

/// What can go wrong inside the hub.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// SQLite failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A file or socket failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// Certificates or keys could not be loaded, or TLS failed.
    #[error("TLS: {0}")]
    Tls(String),
    /// The configuration is unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// Something stored cannot be read back (a bug or a damaged file).
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    /// A value could not be serialised.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A blocking task panicked or was cancelled.
    #[error("background task failed: {0}")]
    Task(String),
    /// Key generation or signing failed.
    #[error("signing: {0}")]
    Sign(#[from] ncblink::sign::SignatureError),
}
