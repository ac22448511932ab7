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

/// Stores a record. `None` when the same record is already registered
/// (same travel document number, state and type).
pub fn insert(
    conn: &Connection,
    owner: NcbCode,
    record: &Record,
    now: DateTime<Utc>,
) -> Result<Option<RecordView>, HubError> {
    let json = serde_json::to_string(record)?;
    let (database, changed) = match record {
        Record::TravelDocument(d) => (
            Database::Sltd,
            conn.prepare_cached(
                "INSERT INTO sltd(owner, issuing_state, number_key, document_type, record, registered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                owner.as_str(),
                d.issuing_state.as_str(),
                identifier_key(&d.number),
                d.document_type.code(),
                json,
                ts(now)
            ])?,
        ),
        Record::Vehicle(v) => (
            Database::Smv,
            conn.prepare_cached(
                "INSERT INTO smv(owner, vin_key, engine_key, plate_country, plate_key, record, registered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                owner.as_str(),
                v.vin.as_deref().map(identifier_key),
                v.engine_number.as_deref().map(identifier_key),
                v.plate.as_ref().map(|p| p.country.as_str().to_string()),
                v.plate.as_ref().map(|p| identifier_key(&p.number)),
                json,
                ts(now)
            ])?,
        ),
        Record::Firearm(f) => (
            Database::Iarms,
            conn.prepare_cached(
                "INSERT INTO iarms(owner, serial_key, make_key, record, registered_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                owner.as_str(),
                identifier_key(&f.serial_number),
                identifier_key(&f.make),
                json,
                ts(now)
            ])?,
        ),
    };
    if changed == 0 {
        return Ok(None);
    }
    Ok(Some(RecordView {
        extra: Default::default(),
        id: RecordId {
            database,
            row: conn.last_insert_rowid(),
        }
        .to_string(),
        owner,
        registered_at: now,
        record: record.clone(),
    }))
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
    {
        let mut stmt = tx.prepare(
            "INSERT INTO sltd(owner, issuing_state, number_key, document_type, record, registered_at)
             VALUES (?1, ?2, ?3, 'passport', ?4, ?5) ON CONFLICT DO NOTHING",
        )?;
        for i in 0..n {
            let (owner, icao) = &owners[(i % owners.len() as u64) as usize];
            let number = format!("SEED{i:09}");
            // Built by hand: serde per row would double the load time, and
            // the shape is fixed (a TravelDocumentRecord).
            let record = format!(
                r#"{{"travel_document":{{"number":"{number}","issuing_state":"{icao}","document_type":"passport","loss_type":"lost"}}}}"#
            );
            added += stmt.execute(params![owner.as_str(), icao, number, record, now])? as u64;
        }
    }
    tx.commit()?;
    Ok(added)
}
