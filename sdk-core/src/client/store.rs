//! The client's local state in one SQLite file: the durable outbox of
//! writes not yet answered by the hub, and the inbox position and the ids
//! already handled.
//!
//! WAL with `synchronous = NORMAL`: a commit survives the process being
//! killed (it is in the WAL, in the OS cache) and costs no fsync, which is
//! what makes thousands of enqueues a second possible; a power cut may lose
//! the last commits, which the application then sends again with their
//! original keys. `NCBLINK_OUTBOX_SYNC=full` trades speed for that case.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use crate::Error;

/// The file format this client writes, in `PRAGMA user_version`. A file
/// of a newer format is refused, never misread; an older one is migrated.
pub const FORMAT_VERSION: i64 = 1;

/// Format 1. Files made before the format was numbered (`user_version` 0)
/// hold exactly these tables, so it applies to them as it is.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body BLOB,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS inbox_state (
    ncb TEXT PRIMARY KEY,
    acked_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS inbox_seen (
    ncb TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (ncb, id)
);
";

/// One write waiting for the hub's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingWrite {
    /// Order of enqueueing.
    pub seq: i64,
    /// The `Idempotency-Key` it is sent with, every time.
    pub key: String,
    /// HTTP method.
    pub method: String,
    /// Path under `/v1/`.
    pub path: String,
    /// The JSON body.
    pub body: Option<Vec<u8>>,
    /// How many times it was sent without an answer.
    pub attempts: i64,
}

/// The SQLite file, shared by clones of a client. Public so that an
/// application can inspect or drain its outbox; the client is its usual
/// user.
#[derive(Clone)]
pub struct Outbox {
    conn: Arc<Mutex<Connection>>,
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage(e.to_string())
}

/// Brings the file to [`FORMAT_VERSION`], or refuses a newer one.
fn migrate(conn: &Connection) -> Result<(), Error> {
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(storage)?;
    if found > FORMAT_VERSION {
        return Err(Error::Storage(format!(
            "the outbox file has format version {found}, newer than this client's ({FORMAT_VERSION}); open it with a newer ncblink"
        )));
    }
    if found < FORMAT_VERSION {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {FORMAT_VERSION}; COMMIT;"
        ))
        .map_err(storage)?;
    }
    Ok(())
}

impl Outbox {
    /// Opens (or creates) the file.
    pub fn open(path: &Path) -> Result<Outbox, Error> {
        let conn = Connection::open(path).map_err(|e| Error::Storage(format!("{}: {e}", path.display())))?;
        let sync = match std::env::var("NCBLINK_OUTBOX_SYNC").as_deref() {
            Ok("full") => "FULL",
            _ => "NORMAL",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA busy_timeout = 5000;"
        ))
        .map_err(storage)?;
        migrate(&conn).map_err(|e| match e {
            Error::Storage(m) => Error::Storage(format!("{}: {m}", path.display())),
            other => other,
        })?;
        Ok(Outbox {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// The file's format version (`PRAGMA user_version`).
    pub fn format_version(&self) -> Result<i64, Error> {
        let c = self
            .conn
            .lock()
            .map_err(|_| Error::Storage("the outbox lock is poisoned".into()))?;
        c.pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(storage)
    }

    /// Runs `f` on the connection off the async runtime's threads.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, Error> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut c = conn
                .lock()
                .map_err(|_| Error::Storage("the outbox lock is poisoned".into()))?;
            f(&mut c).map_err(storage)
        })
        .await
        .map_err(storage)?
    }

    /// Stores a write before it is sent; a key already there is kept as it is.
    pub async fn enqueue(
        &self,
        key: String,
        method: &'static str,
        path: String,
        body: Option<Vec<u8>>,
    ) -> Result<(), Error> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO outbox (key, method, path, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO NOTHING",
                params![key, method, path, body, chrono::Utc::now().to_rfc3339()],
            )
            .map(|_| ())
        })
        .await
    }

    /// Removes a write the hub has answered.
    pub async fn remove(&self, key: String) -> Result<(), Error> {
        self.with(move |c| c.execute("DELETE FROM outbox WHERE key = ?1", params![key]).map(|_| ()))
            .await
    }

    pub(crate) async fn note_failure(&self, key: String, error: String) -> Result<(), Error> {
        self.with(move |c| {
            c.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE key = ?1",
                params![key, error],
            )
            .map(|_| ())
        })
        .await
    }

    /// The writes waiting, oldest first.
    pub async fn pending(&self) -> Result<Vec<PendingWrite>, Error> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT seq, key, method, path, body, attempts FROM outbox ORDER BY seq")?;
            let rows = stmt.query_map([], |r| {
                Ok(PendingWrite {
                    seq: r.get(0)?,
                    key: r.get(1)?,
                    method: r.get(2)?,
                    path: r.get(3)?,
                    body: r.get(4)?,
                    attempts: r.get(5)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    pub(crate) async fn acked_seq(&self, ncb: String) -> Result<u64, Error> {
        self.with(move |c| {
            c.query_row("SELECT acked_seq FROM inbox_state WHERE ncb = ?1", params![ncb], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .map(|v| v.unwrap_or(0).max(0) as u64)
        })
        .await
    }

    pub(crate) async fn seen(&self, ncb: String, id: String) -> Result<bool, Error> {
        self.with(move |c| {
            c.query_row(
                "SELECT 1 FROM inbox_seen WHERE ncb = ?1 AND id = ?2",
                params![ncb, id],
                |_| Ok(()),
            )
            .optional()
            .map(|v| v.is_some())
        })
        .await
    }

    /// Records that the application handled `id` at `seq`, in one
    /// transaction with the new position. Old ids are pruned: the hub never
    /// sends an item below the acknowledged position again, so only recent
    /// ids can come back.
    pub(crate) async fn mark_handled(&self, ncb: String, id: String, seq: u64) -> Result<(), Error> {
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO inbox_seen (ncb, id, seq) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![ncb, id, seq as i64],
            )?;
            tx.execute(
                "INSERT INTO inbox_state (ncb, acked_seq) VALUES (?1, ?2)
                 ON CONFLICT(ncb) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq)",
                params![ncb, seq as i64],
            )?;
            tx.execute(
                "DELETE FROM inbox_seen WHERE ncb = ?1 AND seq < ?2 - 10000",
                params![ncb, seq as i64],
            )?;
            tx.commit()
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("ncblink-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("outbox.sqlite")
    }

    #[test]
    fn a_new_file_and_an_unnumbered_one_get_the_current_format() {
        let path = temp_file("old");
        // A file of before the format was numbered: the tables, version 0.
        Connection::open(&path).unwrap().execute_batch(SCHEMA).unwrap();
        assert_eq!(Outbox::open(&path).unwrap().format_version().unwrap(), FORMAT_VERSION);
        let fresh = temp_file("new");
        assert_eq!(Outbox::open(&fresh).unwrap().format_version().unwrap(), FORMAT_VERSION);
    }

    #[test]
    fn a_file_of_a_newer_format_is_refused_naming_both_versions() {
        let path = temp_file("newer");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", FORMAT_VERSION + 1)
            .unwrap();
        let Err(Error::Storage(message)) = Outbox::open(&path) else {
            panic!("a newer file must be refused")
        };
        assert!(
            message.contains(&format!("format version {}", FORMAT_VERSION + 1))
                && message.contains(&format!("({FORMAT_VERSION})")),
            "{message}"
        );
    }
}
