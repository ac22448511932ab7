//! Database records: SLTD (travel documents), SMV (vehicles) and iARMS
//! (firearms), each with the keys checks compare (ncblink::names).

use std::fmt;

use chrono::{DateTime, Utc};
use ncblink::model::NcbCode;
use ncblink::model::query::{Database, Record, RecordView};
use ncblink::names::identifier_key;
use rusqlite::{Connection, OptionalExtension, params};

use super::{from_json, parse_ts, ts};
use crate::error::HubError;

/// A record's id: its database and row, written `sltd-42`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordId {
    /// Which database.
    pub database: Database,
    /// The row.
    pub row: i64,
}

impl RecordId {
    /// Reads `sltd-42`, `smv-7`, `iarms-3`.
    pub fn parse(s: &str) -> Option<Self> {
        let (prefix, n) = s.split_once('-')?;
        let database = match prefix {
            "sltd" => Database::Sltd,
            "smv" => Database::Smv,
            "iarms" => Database::Iarms,
            _ => return None,
        };
        if n.is_empty() || n.len() > 18 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(RecordId {
            database,
            row: n.parse().ok()?,
        })
    }

    fn table(&self) -> &'static str {
        match self.database {
            Database::Sltd => "sltd",
            Database::Smv => "smv",
            Database::Iarms => "iarms",
            // Persons are notices, never records; this hub keeps no
            // database of a later version.
            Database::Nominal | Database::Unrecognised(_) => "sltd",
        }
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.table(), self.row)
    }
}

/// A stored record, as found by a check.
pub struct Found {
    /// Its id.
    pub id: RecordId,
    /// The registering NCB.
    pub owner: NcbCode,
    /// The record.
    pub record: Record,
}

/// The key a vehicle or firearm is stored once by
/// ([`Record::natural_key`]); travel documents have their own unique
/// columns (number key, issuing state, type): `None`.
pub fn natural_key(record: &Record) -> Option<String> {
    match record {
        Record::TravelDocument(_) => None,
        other => Some(other.natural_key()),
    }
}

/// Schema version 2: fills the natural key of the vehicles and firearms
/// already stored, drops the later duplicates, adds the unique indexes.
pub fn migrate_natural_keys(conn: &Connection) -> Result<(), HubError> {
    for table in ["smv", "iarms"] {
        let rows: Vec<(i64, String)> = conn
            .prepare(&format!("SELECT id, record FROM {table}"))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut update = conn.prepare(&format!("UPDATE {table} SET natural_key = ?2 WHERE id = ?1"))?;
        for (id, json) in rows {
            let record: Record = from_json(&json)?;
            update.execute(params![id, natural_key(&record)])?;
        }
    }
    conn.execute_batch(include_str!("migrations/0002_natural_keys_index.sql"))?;
    Ok(())
}

/// What storing a record did.
pub enum Stored {
    /// Stored now.
    Created(RecordView),
    /// The same record was already registered (by the NCB that owns it,
    /// the caller or another).
    Exists(RecordView),
}

/// Stores a record once: when its natural key (travel document number,
/// issuing state and type; [`natural_key`] for the others) is already
/// registered, the stored record is returned instead.
pub fn insert(conn: &Connection, owner: NcbCode, record: &Record, now: DateTime<Utc>) -> Result<Stored, HubError> {
    let database = record.database();
    if let Some(held) = find(conn, record)? {
        let id = RecordId {
            database,
            row: held.row,
        };
        return get(conn, id)?
            .map(Stored::Exists)
            .ok_or_else(|| HubError::Corrupt(format!("record {id} vanished")));
    }
    let mut seqs = Seqs::default();
    let seq = seqs.next(conn, database)?;
    let row = insert_row(conn, owner, record, &serde_json::to_string(record)?, now, seq)?;
    seqs.save(conn)?;
    Ok(Stored::Created(RecordView {
        extra: Default::default(),
        id: RecordId { database, row }.to_string(),
        owner,
        registered_at: now,
        record: record.clone(),
    }))
}

/// A stored record found by its natural key.
pub struct Held {
    /// Its row.
    pub row: i64,
    /// The registering NCB, as stored.
    pub owner: String,
    /// Its change sequence number.
    pub seq: i64,
    /// Its JSON.
    pub json: String,
}

/// The record stored under the natural key of `record`, if any.
pub fn find(conn: &Connection, record: &Record) -> Result<Option<Held>, HubError> {
    let map = |r: &rusqlite::Row<'_>| {
        Ok(Held {
            row: r.get(0)?,
            owner: r.get(1)?,
            seq: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
            json: r.get(3)?,
        })
    };
    Ok(match record {
        Record::TravelDocument(d) => conn
            .prepare_cached(
                "SELECT id, owner, seq, record FROM sltd WHERE number_key = ?1 AND issuing_state = ?2 AND document_type = ?3",
            )?
            .query_row(
                params![
                    identifier_key(&d.number),
                    d.issuing_state.as_str(),
                    d.document_type.code()
                ],
                map,
            )
            .optional()?,
        Record::Vehicle(_) => conn
            .prepare_cached("SELECT id, owner, seq, record FROM smv WHERE natural_key = ?1")?
            .query_row([record.natural_key()], map)
            .optional()?,
        Record::Firearm(_) => conn
            .prepare_cached("SELECT id, owner, seq, record FROM iarms WHERE natural_key = ?1")?
            .query_row([record.natural_key()], map)
            .optional()?,
    })
}

/// The change sequence numbers given out in one transaction: read once
/// per table, written back once ([`Seqs::save`]), so that a batch of a
/// thousand writes costs two statements rather than a thousand.
#[derive(Default)]
pub struct Seqs {
    // The last number given, per table (sltd, smv, iarms), once read.
    last: [Option<i64>; 3],
    dirty: [bool; 3],
}

const SEQ_TABLES: [&str; 3] = ["sltd", "smv", "iarms"];

fn seq_slot(database: Database) -> usize {
    match database {
        Database::Smv => 1,
        Database::Iarms => 2,
        _ => 0,
    }
}

impl Seqs {
    /// The next number of the table of `database`.
    pub fn next(&mut self, conn: &Connection, database: Database) -> Result<i64, HubError> {
        let i = seq_slot(database);
        let last = match self.last[i] {
            Some(n) => n,
            None => conn
                .prepare_cached("SELECT last FROM record_seqs WHERE tbl = ?1")?
                .query_row([SEQ_TABLES[i]], |r| r.get(0))
                .optional()?
                .unwrap_or(0),
        };
        self.last[i] = Some(last + 1);
        self.dirty[i] = true;
        Ok(last + 1)
    }

    /// Writes the counters back; call before the transaction commits.
    pub fn save(&self, conn: &Connection) -> Result<(), HubError> {
        for ((table, dirty), last) in SEQ_TABLES.iter().zip(self.dirty).zip(self.last) {
            if let (true, Some(last)) = (dirty, last) {
                conn.prepare_cached("UPDATE record_seqs SET last = ?2 WHERE tbl = ?1")?
                    .execute(params![table, last])?;
            }
        }
        Ok(())
    }
}

/// Inserts a record known not to be stored yet; returns its row.
pub fn insert_row(
    conn: &Connection,
    owner: NcbCode,
    record: &Record,
    json: &str,
    now: DateTime<Utc>,
    seq: i64,
) -> Result<i64, HubError> {
    match record {
        Record::TravelDocument(d) => conn
            .prepare_cached(
                "INSERT INTO sltd(owner, issuing_state, number_key, document_type, record, registered_at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                owner.as_str(),
                d.issuing_state.as_str(),
                identifier_key(&d.number),
                d.document_type.code(),
                json,
                ts(now),
                seq
            ])?,
        Record::Vehicle(v) => conn
            .prepare_cached(
                "INSERT INTO smv(owner, vin_key, engine_key, plate_country, plate_key, record, registered_at, natural_key, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                owner.as_str(),
                v.vin.as_deref().map(identifier_key),
                v.engine_number.as_deref().map(identifier_key),
                v.plate.as_ref().map(|p| p.country.as_str().to_string()),
                v.plate.as_ref().map(|p| identifier_key(&p.number)),
                json,
                ts(now),
                natural_key(record),
                seq
            ])?,
        Record::Firearm(f) => conn
            .prepare_cached(
                "INSERT INTO iarms(owner, serial_key, make_key, record, registered_at, natural_key, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                owner.as_str(),
                identifier_key(&f.serial_number),
                identifier_key(&f.make),
                json,
                ts(now),
                natural_key(record),
                seq
            ])?,
    };
    Ok(conn.last_insert_rowid())
}

/// Replaces the content of a stored record whose natural key is that of
/// `record` (so its unique columns stay), with a new change number. The
/// columns checks match on follow the new content.
pub fn update_row(conn: &Connection, row: i64, record: &Record, json: &str, seq: i64) -> Result<(), HubError> {
    match record {
        Record::TravelDocument(_) => conn
            .prepare_cached("UPDATE sltd SET record = ?2, seq = ?3 WHERE id = ?1")?
            .execute(params![row, json, seq])?,
        Record::Vehicle(v) => conn
            .prepare_cached(
                "UPDATE smv SET record = ?2, seq = ?3, vin_key = ?4, engine_key = ?5, plate_country = ?6, plate_key = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                row,
                json,
                seq,
                v.vin.as_deref().map(identifier_key),
                v.engine_number.as_deref().map(identifier_key),
                v.plate.as_ref().map(|p| p.country.as_str().to_string()),
                v.plate.as_ref().map(|p| identifier_key(&p.number)),
            ])?,
        Record::Firearm(f) => conn
            .prepare_cached("UPDATE iarms SET record = ?2, seq = ?3, serial_key = ?4, make_key = ?5 WHERE id = ?1")?
            .execute(params![
                row,
                json,
                seq,
                identifier_key(&f.serial_number),
                identifier_key(&f.make)
            ])?,
    };
    Ok(())
}

/// One of an NCB's records, as listed.
pub struct Listed {
    /// Its id.
    pub id: RecordId,
    /// Its change sequence number.
    pub seq: i64,
    /// When it was registered.
    pub registered_at: DateTime<Utc>,
    /// The record's JSON as stored (sent as it is: parsing and writing a
    /// million records again would be most of a sync's time).
    pub json: String,
}

/// `owner`'s records of one database with a change number above `after`,
/// by change number, at most `limit`.
pub fn list_mine(
    conn: &Connection,
    owner: NcbCode,
    database: Database,
    after: i64,
    limit: u32,
) -> Result<Vec<Listed>, HubError> {
    let table = RecordId { database, row: 0 }.table();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, seq, registered_at, record FROM {table} WHERE owner = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
    ))?;
    let mut rows = stmt.query(params![owner.as_str(), after, limit])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let at: String = r.get(2)?;
        let json: String = r.get(3)?;
        out.push(Listed {
            id: RecordId {
                database,
                row: r.get(0)?,
            },
            seq: r.get(1)?,
            registered_at: parse_ts(&at)?,
            json,
        });
    }
    Ok(out)
}

/// A record by id.
pub fn get(conn: &Connection, id: RecordId) -> Result<Option<RecordView>, HubError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT owner, record, registered_at FROM {} WHERE id = ?1",
            id.table()
        ))?
        .query_row([id.row], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    row.map(|(owner, record, at)| {
        Ok(RecordView {
            extra: Default::default(),
            id: id.to_string(),
            owner: owner
                .parse()
                .map_err(|_| HubError::Corrupt(format!("owner `{owner}`")))?,
            registered_at: parse_ts(&at)?,
            record: from_json(&record)?,
        })
    })
    .transpose()
}

/// Deletes a record.
pub fn delete(conn: &Connection, id: RecordId) -> Result<(), HubError> {
    conn.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", id.table()))?
        .execute([id.row])?;
    Ok(())
}

fn collect(
    database: Database,
    stmt: &mut rusqlite::CachedStatement<'_>,
    params: impl rusqlite::Params,
) -> Result<Vec<Found>, HubError> {
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let owner: String = r.get(1)?;
        let record: String = r.get(2)?;
        out.push(Found {
            id: RecordId {
                database,
                row: r.get(0)?,
            },
            owner: owner
                .parse()
                .map_err(|_| HubError::Corrupt(format!("owner `{owner}`")))?,
            record: from_json(&record)?,
        });
    }
    Ok(out)
}

/// Travel documents with this number key and issuing state (and type,
/// when given).
pub fn find_documents(
    conn: &Connection,
    number_key: &str,
    issuing_state: &str,
    document_type: Option<&str>,
) -> Result<Vec<Found>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, record FROM sltd
         WHERE number_key = ?1 AND issuing_state = ?2 AND (?3 IS NULL OR document_type = ?3) ORDER BY id",
    )?;
    collect(
        Database::Sltd,
        &mut stmt,
        params![number_key, issuing_state, document_type],
    )
}

/// Vehicles matching any of the keys given.
pub fn find_vehicles(
    conn: &Connection,
    vin_key: Option<&str>,
    engine_key: Option<&str>,
    plate: Option<(&str, &str)>,
) -> Result<Vec<Found>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, record FROM smv
         WHERE (?1 IS NOT NULL AND vin_key = ?1) OR (?2 IS NOT NULL AND engine_key = ?2)
            OR (?3 IS NOT NULL AND plate_key = ?3 AND plate_country = ?4)
         ORDER BY id",
    )?;
    collect(
        Database::Smv,
        &mut stmt,
        params![vin_key, engine_key, plate.map(|p| p.1), plate.map(|p| p.0)],
    )
}

/// Firearms with this serial key (and make, when given).
pub fn find_firearms(conn: &Connection, serial_key: &str, make_key: Option<&str>) -> Result<Vec<Found>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, record FROM iarms WHERE serial_key = ?1 AND (?2 IS NULL OR make_key = ?2) ORDER BY id",
    )?;
    collect(Database::Iarms, &mut stmt, params![serial_key, make_key])
}

/// Calls `f` with the number key and issuing state of every travel
/// document (to build the in-memory index at start-up).
pub fn each_document_key(conn: &Connection, mut f: impl FnMut(&str, &str)) -> Result<(), HubError> {
    let mut stmt = conn.prepare("SELECT number_key, issuing_state FROM sltd")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let k = r.get_ref(0)?.as_str().map_err(|e| HubError::Corrupt(e.to_string()))?;
        let s = r.get_ref(1)?.as_str().map_err(|e| HubError::Corrupt(e.to_string()))?;
        f(k, s);
    }
    Ok(())
}

/// The number key and issuing state of a travel document record, to keep
/// the in-memory index in step with a delete.
pub fn document_key(conn: &Connection, row: i64) -> Result<Option<(String, String)>, HubError> {
    Ok(conn
        .prepare_cached("SELECT number_key, issuing_state FROM sltd WHERE id = ?1")?
        .query_row([row], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Loads `n` synthetic lost passports, spread over `owners` (each NCB with
/// its ICAO code), numbered `SEED000000001`…, in one transaction with one
/// prepared statement. Loading again skips the numbers already there.
/// Returns the rows added.
pub fn seed_documents(conn: &mut Connection, n: u64, owners: &[(NcbCode, String)]) -> Result<u64, HubError> {
    if owners.is_empty() || n == 0 {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    let now = ts(Utc::now());
    let mut added = 0u64;
    let mut seqs = Seqs::default();
    {
        let mut stmt = tx.prepare(
            "INSERT INTO sltd(owner, issuing_state, number_key, document_type, record, registered_at, seq)
             VALUES (?1, ?2, ?3, 'passport', ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        )?;
        for i in 0..n {
            let (owner, icao) = &owners[(i % owners.len() as u64) as usize];
            let number = format!("SEED{i:09}");
            // Built by hand: serde per row would double the load time, and
            // the shape is fixed (a TravelDocumentRecord).
            let record = format!(
                r#"{{"travel_document":{{"number":"{number}","issuing_state":"{icao}","document_type":"passport","loss_type":"lost"}}}}"#
            );
            let seq = seqs.next(&tx, Database::Sltd)?;
            added += stmt.execute(params![owner.as_str(), icao, number, record, now, seq])? as u64;
        }
    }
    seqs.save(&tx)?;
    tx.commit()?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DbLocation;
    use crate::db::Db;

    #[test]
    fn version_2_keys_existing_rows_and_drops_later_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("migrations/0001_init.sql")).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let gun = |serial: &str, model: &str| {
            format!(
                r#"{{"firearm":{{"serial_number":"{serial}","make":"Glock","model":"{model}","status":"stolen"}}}}"#
            )
        };
        // What a crash between a write and its answer left behind in version 1.
        for (serial, model) in [("AB123", "17"), ("ab-123", "17"), ("AB123", "19")] {
            conn.execute(
                "INSERT INTO iarms(owner, serial_key, make_key, record, registered_at) VALUES ('FR', ?1, 'GLOCK', ?2, '2026-01-01T00:00:00.000000Z')",
                params![identifier_key(serial), gun(serial, model)],
            )
            .unwrap();
        }
        drop(conn);
        let db = Db::open(&DbLocation::File(path), 1).unwrap();
        let ids: Vec<i64> = db
            .with_writer(|c| {
                let mut s = c.prepare("SELECT id FROM iarms ORDER BY id")?;
                let v = s.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
                Ok(v)
            })
            .unwrap();
        assert_eq!(ids, vec![1, 3], "the first of the two identical firearms is kept");
        let again: Record = serde_json::from_str(&gun("AB 123", "17")).unwrap();
        let stored = db
            .with_writer(|c| insert(c, "FR".parse().unwrap(), &again, Utc::now()))
            .unwrap();
        assert!(matches!(stored, Stored::Exists(v) if v.id == "iarms-1"));

        // Version 6: the rows kept take their id as change number, and the
        // next record continues after them.
        let seqs: Vec<i64> = db
            .with_writer(|c| {
                let mut s = c.prepare("SELECT seq FROM iarms ORDER BY id")?;
                let v = s.query_map([], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
                Ok(v)
            })
            .unwrap();
        assert_eq!(seqs, vec![1, 3]);
        let other: Record = serde_json::from_str(&gun("ZZ9", "17")).unwrap();
        db.with_writer(|c| insert(c, "FR".parse().unwrap(), &other, Utc::now()))
            .unwrap();
        let listed = db
            .with_writer(|c| list_mine(c, "FR".parse().unwrap(), Database::Iarms, 1, 10))
            .unwrap();
        assert_eq!(listed.iter().map(|l| l.seq).collect::<Vec<_>>(), [3, 4]);
    }
}
