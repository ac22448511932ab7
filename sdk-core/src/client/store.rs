//! The client's local state in one SQLite file: the durable outbox of
//! writes not yet answered by the hub, and the inbox position and the ids
//! already handled.
//!
//! WAL with `synchronous = NORMAL`: a commit survives the process being
//! killed (it is in the WAL, in the OS cache) and costs no fsync, which is
//! what makes thousands of enqueues a second possible; a power cut may lose
//! the last commits, which the application then sends again with their
//! original keys. `NCBLINK_OUTBOX_SYNC=full` trades speed for that case.
//!
//! The file's format is numbered in `PRAGMA user_version`: a file of an
//! older format is migrated when opened, one of a newer format (written by
//! a newer SDK) is refused with an error naming both numbers.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use crate::Error;

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
    acked_seq INTEGER NOT NULL,
    hub_acked_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS inbox_seen (
    ncb TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (ncb, id)
);
";

/// The format this SDK writes. 1: `inbox_state.acked_seq` is the position
/// below which every item is handled (format 0 stored the highest item
/// acknowledged, gaps included), and `hub_acked_seq` what the hub confirmed.
const FORMAT: i64 = 1;

/// Brings a file of format `from` to [`FORMAT`], in one transaction.
fn migrate(conn: &mut Connection, from: i64) -> Result<(), Error> {
    if from > FORMAT {
        return Err(Error::Storage(format!(
            "the outbox file is of format {from}, newer than this SDK's ({FORMAT}): open it with a newer ncblink"
        )));
    }
    if from == FORMAT {
        return Ok(());
    }
    let tx = conn.transaction().map_err(storage)?;
    let had_tables: bool = tx
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'inbox_state'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(storage)?
        > 0;
    if had_tables {
        // Format 0: the position it kept may have passed items never
        // handled; it is kept as it is (nothing tells which), and the new
        // column starts from it.
        tx.execute_batch(
            "ALTER TABLE inbox_state ADD COLUMN hub_acked_seq INTEGER NOT NULL DEFAULT 0;
             UPDATE inbox_state SET hub_acked_seq = acked_seq;",
        )
        .map_err(storage)?;
    }
    tx.execute_batch(SCHEMA).map_err(storage)?;
    tx.pragma_update(None, "user_version", FORMAT).map_err(storage)?;
    tx.commit().map_err(storage)
}

/// The inbox position kept in the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct InboxPosition {
    /// Every item up to this seq is handled.
    pub handled: u64,
    /// The hub confirmed its acknowledgement up to this seq.
    pub hub: u64,
}

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

fn insert(c: &Connection, key: String, method: &str, path: String, body: Option<Vec<u8>>) -> rusqlite::Result<()> {
    c.execute(
        "INSERT INTO outbox (key, method, path, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(key) DO NOTHING",
        params![key, method, path, body, chrono::Utc::now().to_rfc3339()],
    )
    .map(|_| ())
}

impl Outbox {
    /// Opens (or creates) the file.
    pub fn open(path: &Path) -> Result<Outbox, Error> {
        let mut conn = Connection::open(path).map_err(|e| Error::Storage(format!("{}: {e}", path.display())))?;
        let sync = match std::env::var("NCBLINK_OUTBOX_SYNC").as_deref() {
            Ok("full") => "FULL",
            _ => "NORMAL",
        };
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA busy_timeout = 5000;"
        ))
        .map_err(storage)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(storage)?;
        migrate(&mut conn, version).map_err(|e| Error::Storage(format!("{}: {e}", path.display())))?;
        Ok(Outbox {
            conn: Arc::new(Mutex::new(conn)),
        })
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
        self.with(move |c| insert(c, key, method, path, body)).await
    }

    /// [`Outbox::enqueue`] for a send that may be dropped: if the caller is
    /// gone by the time the row is stored, `abandoned` wakes whoever must
    /// deliver it (the row is stored either way: the insert, once started,
    /// runs to its end).
    pub(crate) async fn enqueue_or_hand_over(
        &self,
        key: String,
        method: &'static str,
        path: String,
        body: Option<Vec<u8>>,
        abandoned: Option<Arc<tokio::sync::Notify>>,
    ) -> Result<(), Error> {
        let conn = self.conn.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::task::spawn_blocking(move || {
            let stored = conn
                .lock()
                .map_err(|_| Error::Storage("the outbox lock is poisoned".into()))
                .and_then(|c| insert(&c, key, method, path, body).map_err(storage));
            if tx.send(stored).is_err()
                && let Some(n) = abandoned
            {
                n.notify_one();
            }
        });
        rx.await.map_err(storage)?
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

    pub(crate) async fn inbox_position(&self, ncb: String) -> Result<InboxPosition, Error> {
        self.with(move |c| {
            c.query_row(
                "SELECT acked_seq, hub_acked_seq FROM inbox_state WHERE ncb = ?1",
                params![ncb],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )
            .optional()
            .map(|v| {
                let (handled, hub) = v.unwrap_or((0, 0));
                InboxPosition {
                    handled: handled.max(0) as u64,
                    hub: hub.max(0) as u64,
                }
            })
        })
        .await
    }

    /// Records that the hub confirmed its acknowledgement up to `seq`.
    pub(crate) async fn note_hub_ack(&self, ncb: String, seq: u64) -> Result<(), Error> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO inbox_state (ncb, acked_seq, hub_acked_seq) VALUES (?1, 0, ?2)
                 ON CONFLICT(ncb) DO UPDATE SET hub_acked_seq = max(hub_acked_seq, excluded.hub_acked_seq)",
                params![ncb, seq as i64],
            )
            .map(|_| ())
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
    /// transaction with `position`, below which every item is handled (it
    /// never moves back). Old ids are pruned: the hub never sends an item
    /// below the acknowledged position again, so only recent ids can come
    /// back.
    pub(crate) async fn mark_handled(&self, ncb: String, id: String, seq: u64, position: u64) -> Result<(), Error> {
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO inbox_seen (ncb, id, seq) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![ncb, id, seq as i64],
            )?;
            tx.execute(
                "INSERT INTO inbox_state (ncb, acked_seq) VALUES (?1, ?2)
                 ON CONFLICT(ncb) DO UPDATE SET acked_seq = max(acked_seq, excluded.acked_seq)",
                params![ncb, position as i64],
            )?;
            tx.execute(
                "DELETE FROM inbox_seen WHERE ncb = ?1 AND seq < ?2 - 10000",
                params![ncb, position as i64],
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
        let path = std::env::temp_dir().join(format!("ncblink-store-{}-{name}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        path
    }

    #[test]
    fn a_format_0_file_is_migrated_and_keeps_its_writes_and_position() {
        let path = temp_file("v0");
        {
            // The tables as format 0 made them, without `user_version`.
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
                    method TEXT NOT NULL, path TEXT NOT NULL, body BLOB, created_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
                 CREATE TABLE inbox_state (ncb TEXT PRIMARY KEY, acked_seq INTEGER NOT NULL);
                 CREATE TABLE inbox_seen (ncb TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY (ncb, id));
                 INSERT INTO outbox (key, method, path, created_at) VALUES ('k1', 'POST', 'messages', 'now');
                 INSERT INTO inbox_state VALUES ('DE', 7);",
            )
            .unwrap();
        }
        let outbox = Outbox::open(&path).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let pending = rt.block_on(outbox.pending()).unwrap();
        assert_eq!(pending.iter().map(|w| w.key.as_str()).collect::<Vec<_>>(), ["k1"]);
        let position = rt.block_on(outbox.inbox_position("DE".into())).unwrap();
        assert_eq!(position, InboxPosition { handled: 7, hub: 7 });
        drop(outbox);
        let c = Connection::open(&path).unwrap();
        let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, FORMAT);
        // Opening it again changes nothing.
        drop(c);
        assert!(Outbox::open(&path).is_ok());
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_file_of_a_newer_format_is_refused_with_both_numbers() {
        let path = temp_file("newer");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", FORMAT + 1)
            .unwrap();
        let Err(e) = Outbox::open(&path) else {
            panic!("a newer format was opened");
        };
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("format {}", FORMAT + 1)) && msg.contains(&format!("({FORMAT})")),
            "{msg}"
        );
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn the_position_never_moves_back() {
        let path = temp_file("position");
        let outbox = Outbox::open(&path).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(outbox.mark_handled("DE".into(), "a".into(), 5, 3)).unwrap();
        rt.block_on(outbox.mark_handled("DE".into(), "b".into(), 2, 2)).unwrap();
        rt.block_on(outbox.note_hub_ack("DE".into(), 3)).unwrap();
        let p = rt.block_on(outbox.inbox_position("DE".into())).unwrap();
        assert_eq!(p, InboxPosition { handled: 3, hub: 3 });
        assert!(rt.block_on(outbox.seen("DE".into(), "a".into())).unwrap());
        let _ = std::fs::remove_file(&path);
    }
}
