//! Notices: the request's envelope, its lifecycle, and the columns that
//! lists filter and search on (type, status, source, nationalities, the
//! search keys of the subject's names and the index of their terms, the
//! subject's document numbers).

use ncblink::model::envelope::{AccessRestrictions, Body, Recipients};
use ncblink::model::notice::{Notice, NoticeType, UnSubject};
use ncblink::model::{NcbCode, NoticeId, NoticeStatus, PartialDate};
use ncblink::names::{identifier_key, index_terms, name_keys};
use ncblink::wire::{NoticeRecord, NoticeSummary};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{from_json, parse_ts, ts};
use crate::error::HubError;

/// How a request names a notice: its envelope id or its INTERPOL id.
#[derive(Clone, Copy, Debug)]
pub enum NoticeKey {
    /// The envelope id.
    Envelope(Uuid),
    /// The INTERPOL notice id (URL form `2026-123`).
    Interpol(NoticeId),
}

impl NoticeKey {
    /// Reads a path segment: a UUID or a notice id.
    pub fn parse(s: &str) -> Option<Self> {
        if let Ok(u) = Uuid::parse_str(s) {
            return Some(NoticeKey::Envelope(u));
        }
        s.parse().ok().map(NoticeKey::Interpol)
    }
}

/// The notice inside an envelope, if it carries one.
pub fn notice_of(record: &NoticeRecord) -> Result<&Notice, HubError> {
    match &record.envelope.body {
        Body::Notice(n) => Ok(n),
        _ => Err(HubError::Corrupt(format!("notice {} carries no notice", record.id))),
    }
}

/// The subject's name for display and the search keys of all its names.
fn subject_names(n: &Notice) -> (Option<String>, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let display = if let Notice::UnSpecial(u) = n
        && let UnSubject::Entity(e) = &u.subject
    {
        names.push(e.name.clone());
        names.extend(e.formerly_known_as.iter().cloned());
        Some(e.name.clone())
    } else if let Some(p) = n.subject() {
        let join = |f: Option<&String>, g: Option<&String>| {
            [f, g].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ")
        };
        names.push(join(p.family_name.as_ref(), p.forenames.as_ref()));
        if let Some(o) = &p.name_in_original_script {
            names.push(o.clone());
        }
        if let Some(b) = &p.name_at_birth {
            names.push(join(Some(b), p.forenames.as_ref()));
        }
        for a in &p.aliases {
            names.push(join(a.family_name.as_ref(), a.forenames.as_ref()));
        }
        let d = p.display_name();
        (!d.is_empty()).then_some(d)
    } else {
        None
    };
    let mut keys: Vec<String> = names.iter().flat_map(|n| name_keys(n)).collect();
    keys.sort();
    keys.dedup();
    (display, keys)
}

/// Stores a new notice; returns its row number.
pub fn insert(conn: &Connection, r: &NoticeRecord, now: chrono::DateTime<chrono::Utc>) -> Result<i64, HubError> {
    let n = notice_of(r)?;
    conn.prepare_cached(
        "INSERT INTO notices(id, type, status, source, recipients, access, nationalities, envelope, report, history,
                             created_at, updated_at, envelope_id)
         VALUES (?1, ?2, 'draft', ?3, '', '', '', '', '', '', ?4, ?4, ?5)",
    )?
    .execute(params![
        super::namespaced(r.envelope.source, r.id),
        n.notice_type().as_str(),
        r.envelope.source.as_str(),
        ts(now),
        r.id.to_string()
    ])?;
    let seq = conn.last_insert_rowid();
    update(conn, seq, r, now)?;
    Ok(seq)
}

/// Writes the record over row `seq`, with the derived columns and keys.
pub fn update(
    conn: &Connection,
    seq: i64,
    r: &NoticeRecord,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), HubError> {
    let n = notice_of(r)?;
    let (name, keys) = subject_names(n);
    let subject = n.subject();
    let nationalities = subject
        .map(|p| {
            let mut s = String::from(",");
            for c in &p.nationalities {
                s.push_str(c.as_str());
                s.push(',');
            }
            s
        })
        .unwrap_or_default();
    let dob = subject.and_then(|p| p.date_of_birth).map(|d| d.to_string());
    let documents = subject
        .map(|p| documents_column(&p.identity_documents))
        .unwrap_or_default();
    conn.prepare_cached(
        "UPDATE notices SET notice_year = ?2, notice_serial = ?3, type = ?4, status = ?5, recipients = ?6, access = ?7,
                name = ?8, date_of_birth = ?9, nationalities = ?10, envelope = ?11, report = ?12, history = ?13,
                suspended_until = ?14, updated_at = ?15, documents = ?16
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        r.notice_id.map(|i| i.year),
        r.notice_id.map(|i| i.serial),
        n.notice_type().as_str(),
        r.status.as_str(),
        serde_json::to_string(&r.envelope.recipients)?,
        serde_json::to_string(&r.envelope.access)?,
        name,
        dob,
        nationalities,
        serde_json::to_string(&r.envelope)?,
        serde_json::to_string(&r.report)?,
        serde_json::to_string(&r.status_history)?,
        r.suspended_until.map(ts),
        ts(now),
        documents,
    ])?;
    file_names(conn, seq, &keys)
}

/// `,K1,K2,`: the subject's document numbers as
/// [`identifier_key`] compares them, found with `instr()` like
/// nationalities.
fn documents_column(docs: &[ncblink::model::IdentityDocument]) -> String {
    let mut s = String::from(",");
    for d in docs {
        let k = identifier_key(&d.number);
        if !k.is_empty() {
            s.push_str(&k);
            s.push(',');
        }
    }
    if s.len() == 1 { String::new() } else { s }
}

/// Files the name keys of notice `seq` and their index terms, in place of
/// the ones filed before.
fn file_names(conn: &Connection, seq: i64, keys: &[String]) -> Result<(), HubError> {
    conn.prepare_cached("DELETE FROM notice_names WHERE notice = ?1")?
        .execute([seq])?;
    conn.prepare_cached("DELETE FROM notice_terms WHERE notice = ?1")?
        .execute([seq])?;
    let mut ins = conn.prepare_cached("INSERT INTO notice_names(notice, key) VALUES (?1, ?2)")?;
    let mut term = conn.prepare_cached("INSERT OR IGNORE INTO notice_terms(term, notice) VALUES (?1, ?2)")?;
    for k in keys {
        ins.execute(params![seq, k])?;
        for t in index_terms(k) {
            term.execute(params![t, seq])?;
        }
    }
    Ok(())
}

/// Migration 0005: the keys, index terms and document numbers of the
/// notices stored before it.
pub fn migrate_name_index(conn: &Connection) -> Result<(), HubError> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT seq, envelope FROM notices")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (seq, envelope) in rows {
        let envelope: ncblink::model::Envelope = from_json(&envelope)?;
        let Body::Notice(n) = &envelope.body else {
            return Err(HubError::Corrupt(format!("notice row {seq} carries no notice")));
        };
        let (_, keys) = subject_names(n);
        let documents = n
            .subject()
            .map(|p| documents_column(&p.identity_documents))
            .unwrap_or_default();
        conn.prepare_cached("UPDATE notices SET documents = ?2 WHERE seq = ?1")?
            .execute(params![seq, documents])?;
        file_names(conn, seq, &keys)?;
    }
    Ok(())
}

/// The notices, after row `after`, with a name filed under one of `terms`
/// (the [`index_terms`] of a name's keys), in row order: the only ones
/// whose names can score at or above the match threshold against it.
pub fn name_candidates(conn: &Connection, terms: &[String], after: i64, batch: u32) -> Result<Vec<i64>, HubError> {
    let terms = serde_json::to_string(terms)?;
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT notice FROM notice_terms
         WHERE term IN (SELECT value FROM json_each(?1)) AND notice > ?2
         ORDER BY notice LIMIT ?3",
    )?;
    let seqs = stmt.query_map(params![terms, after, batch], |r| r.get(0))?;
    Ok(seqs.collect::<Result<_, _>>()?)
}

/// The next serial of `year`'s notice ids.
pub fn next_notice_id(conn: &Connection, year: u16) -> Result<NoticeId, HubError> {
    let serial: i64 = conn
        .prepare_cached(
            "INSERT INTO notice_serials(year, last) VALUES (?1, 1)
             ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([year], |r| r.get(0))?;
    Ok(NoticeId {
        year,
        serial: u32::try_from(serial).map_err(|_| HubError::Corrupt("notice serial overflow".into()))?,
    })
}

/// Whether `source` already sent a notice with this envelope id.
pub fn exists(conn: &Connection, source: NcbCode, id: Uuid) -> Result<bool, HubError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM notices WHERE id = ?1")?
        .query_row([super::namespaced(source, id)], |_| Ok(()))
        .optional()?
        .is_some())
}

const COLS: &str = "seq, envelope_id, notice_year, notice_serial, status, envelope, report, history, suspended_until";

/// A notice by envelope or INTERPOL id, with its row number. Envelope ids
/// are per source: of the notices with that id, the caller's own, else the
/// first it may see, else (for a 404) the first.
pub fn get(conn: &Connection, key: NoticeKey, caller: NcbCode) -> Result<Option<(i64, NoticeRecord)>, HubError> {
    match key {
        NoticeKey::Envelope(id) => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLS} FROM notices WHERE envelope_id = ?1 ORDER BY source = ?2 DESC, seq"
            ))?;
            let rows = stmt.query_map(params![id.to_string(), caller.as_str()], raw_record)?;
            let mut first = None;
            for raw in rows {
                let (seq, rec) = raw?.into_record()?;
                let e = &rec.envelope;
                if crate::access::notice_visible(caller, e.source, rec.status, &e.recipients, &e.access) {
                    return Ok(Some((seq, rec)));
                }
                first.get_or_insert((seq, rec));
            }
            Ok(first)
        }
        NoticeKey::Interpol(n) => conn
            .prepare_cached(&format!(
                "SELECT {COLS} FROM notices WHERE notice_year = ?1 AND notice_serial = ?2"
            ))?
            .query_row(params![n.year, n.serial], raw_record)
            .optional()?
            .map(|raw| raw.into_record())
            .transpose(),
    }
}

/// A notice by row number.
pub fn get_row(conn: &Connection, seq: i64) -> Result<Option<(i64, NoticeRecord)>, HubError> {
    conn.prepare_cached(&format!("SELECT {COLS} FROM notices WHERE seq = ?1"))?
        .query_row([seq], raw_record)
        .optional()?
        .map(|raw| raw.into_record())
        .transpose()
}

struct RawRecord {
    seq: i64,
    id: String,
    year: Option<u16>,
    serial: Option<u32>,
    status: String,
    envelope: String,
    report: String,
    history: String,
    suspended_until: Option<String>,
}

fn raw_record(r: &Row<'_>) -> rusqlite::Result<RawRecord> {
    Ok(RawRecord {
        seq: r.get(0)?,
        id: r.get(1)?,
        year: r.get(2)?,
        serial: r.get(3)?,
        status: r.get(4)?,
        envelope: r.get(5)?,
        report: r.get(6)?,
        history: r.get(7)?,
        suspended_until: r.get(8)?,
    })
}

fn status_of(s: &str) -> Result<NoticeStatus, HubError> {
    from_json(&format!("\"{s}\""))
}

impl RawRecord {
    fn into_record(self) -> Result<(i64, NoticeRecord), HubError> {
        Ok((
            self.seq,
            NoticeRecord {
                id: Uuid::parse_str(&self.id).map_err(|e| HubError::Corrupt(format!("notice id: {e}")))?,
                notice_id: match (self.year, self.serial) {
                    (Some(year), Some(serial)) => Some(NoticeId { year, serial }),
                    _ => None,
                },
                status: status_of(&self.status)?,
                status_history: from_json(&self.history)?,
                report: from_json(&self.report)?,
                suspended_until: self.suspended_until.as_deref().map(parse_ts).transpose()?,
                envelope: from_json(&self.envelope)?,
            },
        ))
    }
}

/// What list filters SQL can apply.
#[derive(Clone, Default)]
pub struct Filter {
    /// Type.
    pub notice_type: Option<NoticeType>,
    /// Status.
    pub status: Option<NoticeStatus>,
    /// Source.
    pub source: Option<NcbCode>,
    /// One of the nationalities.
    pub nationality: Option<String>,
    /// Only these rows (the [`name_candidates`] of a name).
    pub rows: Option<Vec<i64>>,
}

/// One notice as a list sees it, with what visibility and matching need.
pub struct ListRow {
    /// Row number (list order, cursor position).
    pub seq: i64,
    /// The summary, without score.
    pub summary: NoticeSummary,
    /// Its recipients.
    pub recipients: Recipients,
    /// Its access restrictions.
    pub access: AccessRestrictions,
    /// The search keys of its subject's names.
    pub name_keys: Vec<String>,
    /// Its subject's document numbers, as `identifier_key` gives them.
    pub documents: Vec<String>,
}

/// Up to `batch` notices after row `after` that pass `f`, in row order.
pub fn scan(conn: &Connection, after: i64, f: &Filter, batch: u32) -> Result<Vec<ListRow>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, envelope_id, notice_year, notice_serial, type, status, source, name, date_of_birth, nationalities,
                recipients, access, (SELECT group_concat(key, '|') FROM notice_names WHERE notice = notices.seq),
                documents
         FROM notices
         WHERE seq > ?1 AND (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR source = ?4)
               AND (?5 IS NULL OR instr(nationalities, ',' || ?5 || ',') > 0)
               AND (?7 IS NULL OR seq IN (SELECT value FROM json_each(?7)))
         ORDER BY seq LIMIT ?6",
    )?;
    let rows = f.rows.as_ref().map(serde_json::to_string).transpose()?;
    let mut rows = stmt.query(params![
        after,
        f.notice_type.map(|t| t.as_str()),
        f.status.as_ref().map(|s| s.as_str()),
        f.source.as_ref().map(|s| s.as_str().to_string()),
        f.nationality,
        batch,
        rows
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(1)?;
        let year: Option<u16> = r.get(2)?;
        let serial: Option<u32> = r.get(3)?;
        let notice_type: String = r.get(4)?;
        let status: String = r.get(5)?;
        let source: String = r.get(6)?;
        let dob: Option<String> = r.get(8)?;
        let nationalities: String = r.get(9)?;
        let recipients: String = r.get(10)?;
        let access: String = r.get(11)?;
        let keys: Option<String> = r.get(12)?;
        let documents: String = r.get(13)?;
        out.push(ListRow {
            seq: r.get(0)?,
            summary: NoticeSummary {
                id: Uuid::parse_str(&id).map_err(|e| HubError::Corrupt(format!("notice id: {e}")))?,
                notice_id: year.zip(serial).map(|(year, serial)| NoticeId { year, serial }),
                notice_type: NoticeType::from_name(&notice_type)
                    .ok_or_else(|| HubError::Corrupt(format!("notice type `{notice_type}`")))?,
                status: status_of(&status)?,
                source: source
                    .parse()
                    .map_err(|_| HubError::Corrupt(format!("notice source `{source}`")))?,
                name: r.get(7)?,
                date_of_birth: dob
                    .map(|d| d.parse::<PartialDate>())
                    .transpose()
                    .map_err(|e| HubError::Corrupt(e.to_string()))?,
                nationalities: nationalities
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .filter_map(|c| c.parse().ok())
                    .collect(),
                score: None,
            },
            recipients: from_json(&recipients)?,
            access: from_json(&access)?,
            name_keys: keys
                .map(|k| k.split('|').map(str::to_string).collect())
                .unwrap_or_default(),
            documents: documents
                .split(',')
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(out)
}

/// The next rows after `after` that pass `f`, and the row to go on after:
/// with `terms`, only the notices with a name filed under one of them
/// ([`name_candidates`]), so a name search reads its candidates and not
/// every notice. `None` when there is nothing left.
pub fn scan_named(
    conn: &Connection,
    after: i64,
    f: &Filter,
    terms: Option<&[String]>,
    batch: u32,
) -> Result<Option<(i64, Vec<ListRow>)>, HubError> {
    let Some(terms) = terms else {
        let rows = scan(conn, after, f, batch)?;
        return Ok(rows.last().map(|l| l.seq).map(|last| (last, rows)));
    };
    let seqs = name_candidates(conn, terms, after, batch)?;
    let Some(&last) = seqs.last() else {
        return Ok(None);
    };
    let only = Filter {
        rows: Some(seqs),
        ..f.clone()
    };
    Ok(Some((last, scan(conn, after, &only, batch)?)))
}

/// The index terms of a name's keys, for [`scan_named`].
pub fn terms_of(keys: &[String]) -> Vec<String> {
    let mut terms: Vec<String> = keys.iter().flat_map(|k| index_terms(k)).collect();
    terms.sort();
    terms.dedup();
    terms
}

/// The rows of the notices whose suspension ended at `now` or before.
pub fn suspensions_ended(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> Result<Vec<i64>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq FROM notices WHERE status = 'suspended' AND suspended_until IS NOT NULL AND suspended_until <= ?1",
    )?;
    let rows = stmt.query_map([ts(now)], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
