//! Storage: SQLite through rusqlite, one file in WAL mode (or in memory for
//! tests), with the schema migrations embedded.
//!
//! SQLite calls block, so they run on tokio's blocking pool, never on the
//! async workers. A file database has one writer connection (SQLite
//! serialises writers anyway; one connection avoids `SQLITE_BUSY`) and a
//! few readers that WAL lets run beside it. An in-memory database is one
//! connection for everything, since each connection to `:memory:` would be
//! a database of its own.
//!
//! The SQL of each area is in its own module, as functions on a
//! `&Connection` that the routes call inside [`Db::read`] or [`Db::write`].

pub mod diffusions;
pub mod directory;
pub mod idempotency;
pub mod inbox;
pub mod messages;
pub mod notices;
pub mod records;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use tokio::sync::Semaphore;

use crate::config::DbLocation;
use crate::error::HubError;

/// A migration step written in Rust.
type MigrationFn = fn(&Connection) -> Result<(), HubError>;

/// One schema version: SQL, then what SQL alone cannot do (keys computed
/// by the hub's own functions).
struct Migration {
    sql: &'static str,
    then: Option<MigrationFn>,
}

/// The migrations, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("migrations/0001_init.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0002_natural_keys.sql"),
        then: Some(records::migrate_natural_keys),
    },
    Migration {
        sql: include_str!("migrations/0003_key_lifecycle.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0006_record_seq.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0004_request_signatures.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("migrations/0005_name_index.sql"),
        then: Some(notices::migrate_name_index),
    },
];

/// The database: one writer, a pool of readers.
#[derive(Clone)]
pub struct Db {
    writer: Arc<Mutex<Connection>>,
    readers: Option<Arc<Readers>>,
}

struct Readers {
    idle: Mutex<Vec<Connection>>,
    // One permit per connection: a permit guarantees an idle connection.
    permits: Semaphore,
}

impl Db {
    /// Opens (creating if needed) and migrates the database.
    pub fn open(location: &DbLocation, readers: usize) -> Result<Db, HubError> {
        match location {
            DbLocation::Memory => {
                let conn = Connection::open_in_memory()?;
                configure(&conn, false)?;
                let mut conn = conn;
                migrate(&mut conn)?;
                Ok(Db {
                    writer: Arc::new(Mutex::new(conn)),
                    readers: None,
                })
            }
            DbLocation::File(path) => {
                let mut conn = Connection::open(path)?;
                configure(&conn, true)?;
                migrate(&mut conn)?;
                let mut idle = Vec::with_capacity(readers);
                for _ in 0..readers.max(1) {
                    let r = Connection::open_with_flags(
                        path,
                        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
                    )?;
                    configure(&r, false)?;
                    idle.push(r);
                }
                let n = idle.len();
                Ok(Db {
                    writer: Arc::new(Mutex::new(conn)),
                    readers: Some(Arc::new(Readers {
                        idle: Mutex::new(idle),
                        permits: Semaphore::new(n),
                    })),
                })
            }
        }
    }

    /// Runs `f` on a read connection, off the async runtime.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<HubError> + Send + 'static,
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
    {
        let Some(readers) = self.readers.clone() else {
            let writer = self.writer.clone();
            return run_blocking(move || {
                let conn = lock(&writer)?;
                f(&conn)
            })
            .await;
        };
        let _permit = readers
            .permits
            .acquire()
            .await
            .map_err(|e| E::from(HubError::Task(e.to_string())))?;
        let pool = readers.clone();
        run_blocking(move || {
            let conn = lock(&pool.idle)?.pop();
            let conn = conn.ok_or_else(|| HubError::Task("no idle reader despite a permit".into()))?;
            let out = f(&conn);
            lock(&pool.idle)?.push(conn);
            out
        })
        .await
    }

    /// Runs `f` in a write transaction, off the async runtime; commits when
    /// it returns `Ok`, rolls back otherwise, so nothing is half-stored.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<HubError> + Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
    {
        let writer = self.writer.clone();
        run_blocking(move || {
            let mut conn = lock(&writer)?;
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(HubError::from)?;
            let out = f(&tx)?;
            tx.commit().map_err(HubError::from)?;
            Ok(out)
        })
        .await
    }

    /// Runs `f` on the writer connection outside the async runtime, at
    /// start-up (migrations, seeding).
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, HubError>) -> Result<T, HubError> {
        let mut conn = lock(&self.writer)?;
        f(&mut conn)
    }
}

fn lock<T>(m: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>, HubError> {
    // A panic while holding a connection leaves it usable: SQLite rolls
    // back an unfinished transaction when the Transaction is dropped.
    Ok(m.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

async fn run_blocking<T, E, F>(f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<HubError> + Send + 'static,
    F: FnOnce() -> Result<T, E> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(out) => out,
        Err(e) => Err(E::from(HubError::Task(e.to_string()))),
    }
}

fn configure(conn: &Connection, writer_of_file: bool) -> Result<(), HubError> {
    if writer_of_file {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL with NORMAL is durable against application crashes; a power
        // loss may drop the last transactions, never corrupt the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<(), HubError> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(HubError::Config(format!(
            "the database has schema version {applied}, newer than this hub ({}); use a newer hub",
            MIGRATIONS.len()
        )));
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        if let Some(then) = m.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database schema migrated");
    }
    Ok(())
}

/// The stored id of an envelope: unique within its source's namespace
/// only, so another NCB's ids neither collide with nor reveal anything
/// about this one's.
pub fn namespaced(source: ncblink::model::NcbCode, id: uuid::Uuid) -> String {
    format!("{source}:{id}")
}

/// How instants are stored: RFC 3339 UTC with microseconds, which sorts
/// as text.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Reads an instant stored by [`ts`].
pub fn parse_ts(s: &str) -> Result<DateTime<Utc>, HubError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| HubError::Corrupt(format!("timestamp `{s}`: {e}")))
}

/// Reads JSON stored by the hub.
pub fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, HubError> {
    serde_json::from_str(s).map_err(|e| HubError::Corrupt(format!("stored JSON: {e}")))
}

/// A value the hub keeps in `meta`, created by `init` the first time.
pub fn meta_or_init(conn: &Connection, key: &str, init: impl FnOnce() -> Vec<u8>) -> Result<Vec<u8>, HubError> {
    use rusqlite::OptionalExtension;
    let found: Option<Vec<u8>> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    if let Some(v) = found {
        return Ok(v);
    }
    let v = init();
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)",
        rusqlite::params![key, v],
    )?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_of_a_newer_hub_is_refused_naming_its_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let newer = MIGRATIONS.len() as i64 + 1;
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", newer)
            .unwrap();
        let Err(HubError::Config(message)) = Db::open(&DbLocation::File(path), 1) else {
            panic!("a newer database must be refused")
        };
        assert!(message.contains(&format!("schema version {newer}")), "{message}");
    }

    #[tokio::test]
    async fn file_database_migrates_once_and_reads_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let loc = DbLocation::File(dir.path().join("hub.sqlite"));
        let db = Db::open(&loc, 2).unwrap();
        db.write(|tx| {
            tx.execute("INSERT INTO ncbs(code, name) VALUES ('FR', 'France')", [])?;
            Ok::<_, HubError>(())
        })
        .await
        .unwrap();
        let failed: Result<(), HubError> = db
            .write(|tx| {
                tx.execute("INSERT INTO ncbs(code, name) VALUES ('DE', 'Germany')", [])?;
                Err(HubError::Config("abort".into()))
            })
            .await;
        assert!(failed.is_err());
        drop(db);
        let db = Db::open(&loc, 2).unwrap();
        let codes: Vec<String> = db
            .read(|c| {
                let mut s = c.prepare("SELECT code FROM ncbs ORDER BY code")?;
                let v = s.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                Ok::<_, HubError>(v)
            })
            .await
            .unwrap();
        assert_eq!(codes, vec!["FR".to_string()], "the aborted transaction left nothing");
    }
}
