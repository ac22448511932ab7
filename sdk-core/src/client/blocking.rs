//! The blocking client: the async [`Client`](super::Client) behind a tokio
//! runtime that this client owns, for programs without one (and for the C
//! and Python bindings). Do not create or drop it inside an async context.
//!
//! ```no_run
//! let client = ncblink::client::blocking::Client::builder("http://127.0.0.1:8480", "FR".parse().unwrap())
//!     .token("sandbox-token")
//!     .build()
//!     .unwrap();
//! println!("{:?}", client.health().unwrap());
//! ```

use std::sync::Arc;

use crate::Error;
use crate::model::query::{CheckResult, DocumentCheck, FirearmCheck, PersonCheck, Record, RecordView, VehicleCheck};
use crate::model::{Envelope, NcbCode};
use crate::sign::{JwkSet, SignedEnvelope, SigningKey, VerifyingKey};
use crate::wire::{
    AckResponse, DiffusionRecord, Directory, Health, InboxItem, InboxPage, InboxQuery, MessageRecord, NoticePage,
    NoticeQuery, NoticeRecord, NoticeSummary, SuspendRequest,
};

use super::{ClientBuilder, FlushReport, PendingWrite};

/// Builds a blocking [`Client`].
#[derive(Debug)]
pub struct Builder(ClientBuilder);

impl Builder {
    /// Configures the async client underneath.
    pub fn configure(self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Self {
        Builder(f(self.0))
    }
    /// A bearer token.
    pub fn token(self, token: impl Into<String>) -> Self {
        Builder(self.0.token(token))
    }
    /// The outbox file.
    pub fn outbox_path(self, path: impl Into<std::path::PathBuf>) -> Self {
        Builder(self.0.outbox_path(path))
    }
    /// Builds the client and its runtime (two worker threads).
    pub fn build(self) -> Result<Client, Error> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ncblink-client")
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("starting the client's runtime: {e}")))?;
        let inner = {
            let _guard = rt.enter();
            self.0.build()?
        };
        Ok(Client {
            rt: Arc::new(rt),
            inner,
        })
    }
}

/// A client whose calls block the calling thread. Safe to share between
/// threads (calls run concurrently on the client's runtime).
#[derive(Clone, Debug)]
pub struct Client {
    rt: Arc<tokio::runtime::Runtime>,
    inner: super::Client,
}

macro_rules! blocking {
    ($( $(#[$m:meta])* fn $name:ident(&self $(, $arg:ident : $ty:ty)*) -> $ret:ty; )*) => {
        $(
            $(#[$m])*
            pub fn $name(&self $(, $arg: $ty)*) -> Result<$ret, Error> {
                self.rt.block_on(self.inner.$name($($arg),*))
            }
        )*
    };
}

impl Client {
    /// Starts configuring a client.
    pub fn builder(hub_url: impl Into<String>, ncb: NcbCode) -> Builder {
        Builder(super::Client::builder(hub_url, ncb))
    }

    /// The async client underneath, and a handle to run it.
    pub fn async_client(&self) -> (&super::Client, &tokio::runtime::Runtime) {
        (&self.inner, &self.rt)
    }

    blocking! {
        /// See [`super::Client::health`].
        fn health(&self) -> Health;
        /// See [`super::Client::directory`].
        fn directory(&self) -> Directory;
        /// See [`super::Client::verify`].
        fn verify(&self, envelope: &SignedEnvelope) -> ();
        /// See [`super::Client::verify_json`].
        fn verify_json(&self, document: &[u8]) -> ();
        /// See [`super::Client::keys`].
        fn keys(&self, ncb: NcbCode) -> JwkSet;
        /// See [`super::Client::register_key`].
        fn register_key(&self, key: &VerifyingKey, kid: &str) -> JwkSet;
        /// See [`super::Client::rotate_key`].
        fn rotate_key(&self, key: SigningKey, kid: &str) -> JwkSet;
        /// See [`super::Client::retire_key`].
        fn retire_key(&self, kid: &str) -> JwkSet;
        /// See [`super::Client::revoke_key`].
        fn revoke_key(&self, kid: &str) -> JwkSet;
        /// See [`super::Client::submit_notice`].
        fn submit_notice(&self, envelope: Envelope) -> NoticeRecord;
        /// See [`super::Client::get_notice`].
        fn get_notice(&self, id: &str) -> NoticeRecord;
        /// See [`super::Client::update_notice`].
        fn update_notice(&self, id: &str, envelope: Envelope) -> NoticeRecord;
        /// See [`super::Client::withdraw_notice`].
        fn withdraw_notice(&self, id: &str, reason: &str) -> NoticeRecord;
        /// See [`super::Client::suspend_notice`].
        fn suspend_notice(&self, id: &str, request: &SuspendRequest) -> NoticeRecord;
        /// See [`super::Client::resume_notice`].
        fn resume_notice(&self, id: &str) -> NoticeRecord;
        /// See [`super::Client::notices_page`].
        fn notices_page(&self, query: &NoticeQuery) -> NoticePage;
        /// See [`super::Client::send_diffusion`].
        fn send_diffusion(&self, envelope: Envelope) -> DiffusionRecord;
        /// See [`super::Client::get_diffusion`].
        fn get_diffusion(&self, id: &str) -> DiffusionRecord;
        /// See [`super::Client::send_message`].
        fn send_message(&self, envelope: Envelope) -> MessageRecord;
        /// See [`super::Client::get_message`].
        fn get_message(&self, id: &str) -> MessageRecord;
        /// See [`super::Client::inbox_page`].
        fn inbox_page(&self, query: &InboxQuery) -> InboxPage;
        /// See [`super::Client::ack_inbox`].
        fn ack_inbox(&self, seq: u64) -> AckResponse;
        /// See [`super::Client::register_record`].
        fn register_record(&self, record: &Record) -> RecordView;
        /// See [`super::Client::get_record`].
        fn get_record(&self, id: &str) -> RecordView;
        /// See [`super::Client::delete_record`].
        fn delete_record(&self, id: &str) -> ();
        /// See [`super::Client::check_document`].
        fn check_document(&self, check: &DocumentCheck) -> CheckResult;
        /// See [`super::Client::check_vehicle`].
        fn check_vehicle(&self, check: &VehicleCheck) -> CheckResult;
        /// See [`super::Client::check_person`].
        fn check_person(&self, check: &PersonCheck) -> CheckResult;
        /// See [`super::Client::check_firearm`].
        fn check_firearm(&self, check: &FirearmCheck) -> CheckResult;
        /// See [`super::Client::check_documents`].
        fn check_documents(&self, checks: &[DocumentCheck]) -> Vec<CheckResult>;
        /// See [`super::Client::check_vehicles`].
        fn check_vehicles(&self, checks: &[VehicleCheck]) -> Vec<CheckResult>;
        /// See [`super::Client::check_persons`].
        fn check_persons(&self, checks: &[PersonCheck]) -> Vec<CheckResult>;
        /// See [`super::Client::check_firearms`].
        fn check_firearms(&self, checks: &[FirearmCheck]) -> Vec<CheckResult>;
        /// See [`super::Client::flush_outbox`].
        fn flush_outbox(&self) -> FlushReport;
        /// See [`super::Client::pending_writes`].
        fn pending_writes(&self) -> Vec<PendingWrite>;
    }

    /// Every notice matching `query`, page after page.
    pub fn search_notices(&self, query: NoticeQuery) -> SearchIter<'_> {
        SearchIter {
            client: self,
            query: Some(query),
            page: Vec::new().into_iter(),
        }
    }

    /// The inbox as a consumer.
    pub fn inbox(&self) -> Inbox<'_> {
        Inbox {
            rt: &self.rt,
            inner: self.inner.inbox(),
        }
    }
}

/// The notices of a search, fetched a page at a time.
pub struct SearchIter<'c> {
    client: &'c Client,
    query: Option<NoticeQuery>,
    page: std::vec::IntoIter<NoticeSummary>,
}

impl Iterator for SearchIter<'_> {
    type Item = Result<NoticeSummary, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.page.next() {
                return Some(Ok(item));
            }
            let q = self.query.take()?;
            match self.client.notices_page(&q) {
                Ok(page) => {
                    self.query = page.next_cursor.map(|c| NoticeQuery { cursor: Some(c), ..q });
                    self.page = page.items.into_iter();
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The blocking inbox consumer. Each call runs to its end on the client's
/// runtime; the async [`super::Inbox`]'s guarantees hold (an item is taken
/// only when returned, acknowledgements never pass an item not handled).
pub struct Inbox<'c> {
    rt: &'c tokio::runtime::Runtime,
    inner: super::Inbox,
}

impl Inbox<'_> {
    /// See [`super::Inbox::try_next`].
    pub fn try_next(&mut self) -> Result<Option<InboxItem>, Error> {
        self.rt.block_on(self.inner.try_next())
    }
    /// See [`super::Inbox::next`].
    pub fn next_item(&mut self) -> Result<InboxItem, Error> {
        self.rt.block_on(self.inner.next())
    }
    /// See [`super::Inbox::ack`].
    pub fn ack(&mut self, item: &InboxItem) -> Result<(), Error> {
        self.rt.block_on(self.inner.ack(item))
    }
    /// See [`super::Inbox::held`].
    pub fn held(&self) -> Option<(&InboxItem, &str)> {
        self.inner.held()
    }
    /// See [`super::Inbox::skip_held`]: takes the item that failed
    /// verification, to be acknowledged with [`Inbox::ack`].
    pub fn skip_held(&mut self) -> Option<InboxItem> {
        self.inner.skip_held()
    }
    /// See [`super::Inbox::position`].
    pub fn position(&self) -> u64 {
        self.inner.position()
    }
    /// Sets the long-poll wait.
    pub fn with_wait(self, wait: std::time::Duration) -> Self {
        Inbox {
            rt: self.rt,
            inner: self.inner.with_wait(wait),
        }
    }
}
