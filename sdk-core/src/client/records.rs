//! Records in bulk through the client: batch writes (`POST
//! /v1/records/batch`) and the NCB's own records by cursor (`GET
//! /v1/records?mine=true`). The national sync ([`super::sync`]) is built
//! on these.

use futures_util::StreamExt;
use reqwest::Method;

use super::Client;
use crate::Error;
use crate::model::query::RecordKind;
use crate::wire::{
    MAX_BATCH_ITEMS, MAX_RECORD_PAGE_LIMIT, Problem, RecordBatchItem, RecordBatchResults, RecordEntry,
    RecordItemResult, RecordPage, RecordQuery,
};

impl Client {
    /// Registers, updates or removes records, in requests of at most 1,000
    /// items sent one after the other; one result per item, in order. An
    /// item the hub refuses is answered `refused` with its problem, and
    /// the others are applied. Items are validated first: an invalid one
    /// stops the call before anything is sent.
    ///
    /// Each request goes through the outbox with a key of its own, like
    /// every write (see [`Client::register_record`]).
    ///
    /// # Cancel safety
    ///
    /// As [`Client::register_record`] for each request; a call dropped
    /// between two requests leaves the later items unsent.
    pub async fn write_records(&self, items: &[RecordBatchItem]) -> Result<Vec<RecordItemResult>, Error> {
        for item in items {
            if let Some(r) = &item.record {
                let report = crate::validate::validate(r);
                if !report.is_ok() {
                    return Err(Error::InvalidInput(Box::new(report)));
                }
            }
        }
        let mut out = Vec::with_capacity(items.len());
        for chunk in items.chunks(MAX_BATCH_ITEMS) {
            let body = self.batch_body(chunk)?;
            let key = crate::model::ids::new_message_id().to_string();
            let page: RecordBatchResults = self.write(Method::POST, &["records", "batch"], Some(body), key).await?;
            out.extend(checked_len(page, chunk.len())?);
        }
        Ok(out)
    }

    /// Sends one batch of at most 1,000 items with the given
    /// `Idempotency-Key`, without the outbox: for a caller that keeps its
    /// own journal and derives its keys (the sync does), so that sending
    /// the same batch again replays the hub's first answer.
    ///
    /// # Cancel safety
    ///
    /// Dropped after the request left, the batch may or may not have been
    /// applied; sending it again with the same key tells which.
    pub async fn write_records_with_key(
        &self,
        items: &[RecordBatchItem],
        key: &str,
    ) -> Result<Vec<RecordItemResult>, Error> {
        if items.len() > MAX_BATCH_ITEMS {
            return Err(Error::Config(format!(
                "a batch holds at most {MAX_BATCH_ITEMS} records; this one has {}",
                items.len()
            )));
        }
        let body = self.batch_body(items)?;
        // Signed items differ at every call (their `created`, their
        // signature), and the hub refuses a key reused for another body:
        // the key then names this body too. A batch sent again after a
        // restart is then applied again, which the natural keys make
        // harmless (`exists`, `absent`).
        let key = if self.signing_kid().is_some() {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(&body);
            let tag: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            format!("{key}-{tag}")
        } else {
            key.to_string()
        };
        let key = key.as_str();
        let url = self.inner.url(&["records", "batch"])?;
        let bytes = self
            .timed(self.inner.call_raw(Method::POST, url, None, Some(&body), Some(key)))
            .await?;
        let page: RecordBatchResults = super::transport::decode(&bytes)?;
        checked_len(page, items.len())
    }

    /// The body of `POST /v1/records/batch`: with a signing key, each item
    /// signed on its own for [`RecordBatchItem::authorship_target`], so
    /// that the hub verifies every item over the bytes it received.
    fn batch_body(&self, items: &[RecordBatchItem]) -> Result<Vec<u8>, Error> {
        if self.signing_kid().is_none() {
            return Self::json(&crate::wire::RecordBatch {
                items: items.to_vec(),
                extra: Default::default(),
            });
        }
        let mut signed = Vec::with_capacity(items.len());
        for item in items {
            let (action, target) = item.authorship_target();
            let bytes = self.authored(Self::json(item)?, action, target)?;
            let text = String::from_utf8(bytes).map_err(|e| Error::Config(format!("signing a batch item: {e}")))?;
            let raw = serde_json::value::RawValue::from_string(text)
                .map_err(|e| Error::Config(format!("signing a batch item: {e}")))?;
            signed.push(raw);
        }
        Self::json(&serde_json::json!({ "items": signed }))
    }

    /// One page of this NCB's records of one kind (`mine` is set for
    /// the caller).
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing.
    pub async fn my_records_page(&self, query: &RecordQuery) -> Result<RecordPage, Error> {
        let mut q = query.clone();
        q.mine = Some(true);
        let url = self.inner.url(&["records"])?;
        self.timed(self.inner.call(Method::GET, url, Some(&q), None, None))
            .await
    }

    /// Every record of this kind that the hub holds for this NCB, each
    /// once (a record updated while the list is read is kept in its latest
    /// state), read by pages of 5,000.
    ///
    /// # Cancel safety
    ///
    /// Cancel-safe: a read that changes nothing.
    pub async fn my_records(&self, kind: RecordKind) -> Result<Vec<RecordEntry>, Error> {
        let mut pages = std::pin::pin!(self.my_records_stream(kind));
        let mut by_id: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut out: Vec<RecordEntry> = Vec::new();
        while let Some(page) = pages.next().await {
            for entry in page? {
                match by_id.get(&entry.id) {
                    Some(&i) => out[i] = entry,
                    None => {
                        by_id.insert(entry.id.clone(), out.len());
                        out.push(entry);
                    }
                }
            }
        }
        Ok(out)
    }

    /// This NCB's records of one kind, page by page.
    pub fn my_records_stream(
        &self,
        kind: RecordKind,
    ) -> impl futures_util::Stream<Item = Result<Vec<RecordEntry>, Error>> + '_ {
        futures_util::stream::try_unfold(Some(None::<String>), move |state| async move {
            let Some(cursor) = state else { return Ok(None) };
            let page = self
                .my_records_page(&RecordQuery {
                    mine: Some(true),
                    kind: Some(kind),
                    cursor,
                    limit: Some(MAX_RECORD_PAGE_LIMIT),
                })
                .await?;
            let next = page.next_cursor.map(Some);
            Ok(Some((page.items, next)))
        })
    }
}

fn checked_len(page: RecordBatchResults, sent: usize) -> Result<Vec<RecordItemResult>, Error> {
    if page.results.len() != sent {
        let mut p = Problem::new("INVALID_RESPONSE", 502, "Batch answer of the wrong length");
        p.detail = Some(format!("{} results for {sent} records", page.results.len()));
        return Err(Error::Hub(Box::new(p)));
    }
    Ok(page.results)
}
