//! The client of INTERPOL's public Notices web service (domain.md 1):
//! list pages, the crawl that gets round the 160-result cap, details and
//! image collections.
//!
//! What the service does, and what the client does about it:
//!
//! - **At most 160 results per query** (`page` is clamped past them): a
//!   query whose `total` is over 160 is split by nationality (every ISO
//!   3166-1 code), then by sex (`F`, `M`, `U`), then into halves of its
//!   age range (0–120), until each slice holds at most 160; the slices'
//!   notices are de-duplicated on `entity_id`. A notice with no
//!   nationality, or no date of birth once ages are used, falls outside
//!   every slice: [`CrawlReport::possibly_missed`] counts how many the
//!   totals show to be missing, and [`CrawlReport::truncated`] lists the
//!   slices that could not be split below the cap.
//! - **403 from the edge** to clients that look like bots or go too fast:
//!   a browser-like `User-Agent` (configurable), and exponential back-off
//!   with full jitter up to a number of attempts, then
//!   [`Error::Forbidden`] saying so. 429, 5xx on lists and connection
//!   errors are retried the same way.
//! - **502 for an unknown id**: a detail or image collection that answers
//!   502 (or 404) is `Ok(None)`, not an error.
//! - Details are fetched a few at a time ([`details`](PublicNoticesClient::details)).
//!
//! ```no_run
//! # async fn run() -> Result<(), ncblink::Error> {
//! use ncblink::interop::PublicKind;
//! use ncblink::interop::fetch::{PublicNoticesClient, PublicQuery};
//! let client = PublicNoticesClient::builder().build()?;
//! let query = PublicQuery { nationality: Some("FR".parse().unwrap()), ..PublicQuery::default() };
//! let crawl = client.crawl(PublicKind::Red, &query, |_page| {}).await?;
//! for extract in &crawl.notices {
//!     if let Some(id) = extract.notice_id() {
//!         let detail = client.detail(PublicKind::Red, id).await?; // None: gone since listed
//!         println!("{id}: {}", detail.is_some());
//!     }
//! }
//! # Ok(()) }
//! ```

use std::collections::HashSet;
use std::time::Duration;

use futures_util::{Stream, StreamExt, stream};
use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, RETRY_AFTER};
use serde::Serialize;
use serde_json::Value;

use super::PublicKind;
use super::public::{NoticeExtract, NoticeList};
use crate::Error;
use crate::client::retry::parse_retry_after;
use crate::client::{RetryPolicy, transport_error};
use crate::model::codes::tables::COUNTRIES;
use crate::model::{CountryCode, NoticeId, Sex};
use crate::wire::Problem;

/// The service's address.
pub const DEFAULT_BASE_URL: &str = "https://ws-public.interpol.int";

/// The most results the service returns for one query, whatever the page.
pub const MAX_RESULTS: u64 = 160;

/// The oldest age the crawl's age brackets cover.
pub const MAX_AGE: u8 = 120;

/// A desktop browser's `User-Agent`: the service's edge refuses clients
/// that announce themselves as scripts.
pub const DEFAULT_USER_AGENT: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// The filters of a list query (domain.md 1.2); all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct PublicQuery {
    /// Forename, partial match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    /// Family name, partial match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Nationality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<CountryCode>,
    /// Youngest age, in years.
    #[serde(rename = "ageMin", skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u8>,
    /// Oldest age, in years.
    #[serde(rename = "ageMax", skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u8>,
    /// Sex.
    #[serde(rename = "sexId", skip_serializing_if = "Option::is_none")]
    pub sex_id: Option<Sex>,
    /// The country that issued the warrant (red only).
    #[serde(rename = "arrestWarrantCountryId", skip_serializing_if = "Option::is_none")]
    pub arrest_warrant_country_id: Option<CountryCode>,
    /// Free text (the service answered 502 to it in 2026).
    #[serde(rename = "freeText", skip_serializing_if = "Option::is_none")]
    pub free_text: Option<String>,
}

impl PublicQuery {
    /// The filters as a query string (`nationality=FR&sexId=M`), empty for
    /// none: a name for the slice in logs and file names.
    ///
    /// ```
    /// use ncblink::interop::fetch::PublicQuery;
    /// let q = PublicQuery { nationality: Some("FR".parse().unwrap()), age_min: Some(20), ..Default::default() };
    /// assert_eq!(q.describe(), "nationality=FR&ageMin=20");
    /// ```
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        };
        push("forename", self.forename.clone());
        push("name", self.name.clone());
        push("nationality", self.nationality.map(|c| c.to_string()));
        push("ageMin", self.age_min.map(|a| a.to_string()));
        push("ageMax", self.age_max.map(|a| a.to_string()));
        push("sexId", self.sex_id.map(|s| s.code().to_string()));
        push(
            "arrestWarrantCountryId",
            self.arrest_warrant_country_id.map(|c| c.to_string()),
        );
        push("freeText", self.free_text.clone());
        parts.join("&")
    }

    /// The slices this query splits into when it matches more than the cap:
    /// by nationality, then sex, then halves of the age range; `None` when
    /// it cannot be split further.
    pub fn split(&self) -> Option<Vec<PublicQuery>> {
        if self.nationality.is_none() {
            return Some(
                COUNTRIES
                    .iter()
                    .filter_map(|e| e.alpha2.parse().ok())
                    .map(|c| PublicQuery {
                        nationality: Some(c),
                        ..self.clone()
                    })
                    .collect(),
            );
        }
        if self.sex_id.is_none() {
            return Some(
                [Sex::Female, Sex::Male, Sex::Unknown]
                    .into_iter()
                    .map(|s| PublicQuery {
                        sex_id: Some(s),
                        ..self.clone()
                    })
                    .collect(),
            );
        }
        let lo = self.age_min.unwrap_or(0);
        let hi = self.age_max.unwrap_or(MAX_AGE);
        if lo >= hi {
            return None;
        }
        let mid = lo + (hi - lo) / 2;
        Some(vec![
            PublicQuery {
                age_min: Some(lo),
                age_max: Some(mid),
                ..self.clone()
            },
            PublicQuery {
                age_min: Some(mid + 1),
                age_max: Some(hi),
                ..self.clone()
            },
        ])
    }
}

/// One list page as fetched: the document as the service sent it, and
/// read.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    /// The kind listed.
    pub kind: PublicKind,
    /// The query.
    pub query: PublicQuery,
    /// The page number (1-based).
    pub page: u32,
    /// The document, as sent.
    pub raw: Value,
    /// The document, read.
    pub list: NoticeList,
}

impl ListPage {
    /// The matches the service counts for the query (0 when it does not
    /// say).
    pub fn total(&self) -> u64 {
        self.list.total.unwrap_or(0)
    }
}

/// What a crawl found out about its own completeness.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CrawlReport {
    /// The `total` of the query crawled, as the service counted it.
    pub declared_total: u64,
    /// List pages fetched.
    pub pages: u32,
    /// Slices retrieved whole (at most the cap each).
    pub slices: u32,
    /// Extracts seen more than once (in several slices) and kept once.
    pub duplicates: u64,
    /// Notices that slices did not reach, as the totals show: those with
    /// no nationality, or no date of birth once ages are used (a lower
    /// bound: a notice with two nationalities counts twice in the slices).
    pub possibly_missed: u64,
    /// Slices over the cap that could not be split (with their total):
    /// only their first 160 were retrieved.
    pub truncated: Vec<(PublicQuery, u64)>,
}

/// The notices a crawl listed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Crawl {
    /// Every extract once, in the order first seen.
    pub notices: Vec<NoticeExtract>,
    /// How complete it is.
    pub report: CrawlReport,
}

/// Configures a [`PublicNoticesClient`].
#[derive(Clone, Debug)]
pub struct PublicNoticesClientBuilder {
    base_url: String,
    user_agent: String,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Duration,
    concurrency: usize,
    page_size: u32,
    proxy: Option<String>,
}

impl PublicNoticesClientBuilder {
    /// The service's base URL (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    /// The `User-Agent` (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }
    /// How to back off on 403, 429, 5xx and connection errors (default:
    /// 6 retries, from 2 s up to 60 s, full jitter).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }
    /// The longest a connection may take to open (default 10 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// The longest one request may take (default 30 s).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = t;
        self
    }
    /// Detail requests in flight at once (default 4; at least 1).
    pub fn detail_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
    /// Results per list page (default and most 160; at least 1).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, MAX_RESULTS as u32);
        self
    }
    /// An HTTP(S) proxy for every request.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a base URL that is not http(s), a proxy or a
    /// User-Agent that is not valid.
    pub fn build(self) -> Result<PublicNoticesClient, Error> {
        let base = reqwest::Url::parse(&self.base_url)
            .map_err(|e| Error::Config(format!("base URL `{}`: {e}", self.base_url)))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::Config(format!(
                "base URL `{}`: only http and https",
                self.base_url
            )));
        }
        let tls = crate::client::tls::client_config(&[], false, false, None)?;
        let mut http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(self.user_agent.as_str());
        http = match &self.proxy {
            Some(p) => http.proxy(reqwest::Proxy::all(p).map_err(|e| Error::Config(format!("proxy `{p}`: {e}")))?),
            None => http.no_proxy(),
        };
        let http = http.build().map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(PublicNoticesClient {
            base: self.base_url.trim_end_matches('/').to_string(),
            http,
            retry: self.retry,
            concurrency: self.concurrency,
            page_size: self.page_size,
        })
    }
}

/// The client of the public Notices web service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct PublicNoticesClient {
    base: String,
    http: reqwest::Client,
    retry: RetryPolicy,
    concurrency: usize,
    page_size: u32,
}

/// What a request's answer means to the caller.
enum Answer {
    Body(Vec<u8>),
    NotFound,
}

impl PublicNoticesClient {
    /// Starts configuring a client of [`DEFAULT_BASE_URL`].
    pub fn builder() -> PublicNoticesClientBuilder {
        PublicNoticesClientBuilder {
            base_url: DEFAULT_BASE_URL.into(),
            user_agent: DEFAULT_USER_AGENT.into(),
            retry: RetryPolicy {
                max_retries: 6,
                initial_backoff: Duration::from_secs(2),
                max_backoff: Duration::from_secs(60),
            },
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            concurrency: 4,
            page_size: MAX_RESULTS as u32,
            proxy: None,
        }
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> Result<reqwest::Url, Error> {
        reqwest::Url::parse(&format!("{}{path}", self.base)).map_err(|e| Error::Config(format!("URL {path}: {e}")))
    }

    /// GETs `url`, backing off on 403, 429, 5xx and connection errors;
    /// with `missing_ok`, 404 and 502 mean "no such notice".
    async fn get(
        &self,
        url: reqwest::Url,
        query: Option<&[(String, String)]>,
        missing_ok: bool,
    ) -> Result<Answer, Error> {
        let mut attempt = 0u32;
        loop {
            let mut req = self
                .http
                .get(url.clone())
                .header(ACCEPT, "application/json")
                .header(ACCEPT_LANGUAGE, "en");
            if let Some(q) = query {
                req = req.query(q);
            }
            let failure = match req.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retry_after = resp
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(parse_retry_after);
                    match status {
                        200..=299 => {
                            let body = resp.bytes().await.map_err(transport)?;
                            return Ok(Answer::Body(body.to_vec()));
                        }
                        404 | 502 if missing_ok => return Ok(Answer::NotFound),
                        403 | 429 | 500..=504 => (Some(status), retry_after, problem(status, &url, attempt + 1), None),
                        _ => return Err(Error::Hub(Box::new(problem(status, &url, attempt + 1)))),
                    }
                }
                Err(e) => {
                    let error = transport_error(&e);
                    let p = Problem::new("PUBLIC_API_TRANSPORT", 0, error.to_string());
                    (None, None, p, Some(error))
                }
            };
            let (status, retry_after, p, transport) = failure;
            if attempt >= self.retry.max_retries {
                return Err(match status {
                    Some(403) => Error::Forbidden(Box::new(p)),
                    Some(429) => Error::RateLimited {
                        retry_after,
                        problem: Some(Box::new(p)),
                    },
                    Some(_) => Error::Hub(Box::new(p)),
                    None => transport.unwrap_or_else(|| Error::Hub(Box::new(p))),
                });
            }
            let wait = self.retry.backoff(attempt, retry_after);
            tracing::debug!(%url, ?status, attempt, ?wait, "public notices service: backing off");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn get_json(
        &self,
        path: &str,
        query: Option<&[(String, String)]>,
        missing_ok: bool,
    ) -> Result<Option<Value>, Error> {
        let url = self.url(path)?;
        match self.get(url, query, missing_ok).await? {
            Answer::NotFound => Ok(None),
            Answer::Body(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                let mut p = Problem::new(
                    "PUBLIC_API_INVALID_RESPONSE",
                    502,
                    "INTERPOL's public service answered something that is not JSON",
                );
                p.detail = Some(format!("{path}: {e}"));
                Error::Hub(Box::new(p))
            }),
        }
    }

    /// One list page (1-based) of the notices matching `query`.
    ///
    /// # Errors
    ///
    /// [`Error::Forbidden`] when the service still refuses after the
    /// back-off; [`Error::Hub`] for another status or an answer that is not
    /// JSON; [`Error::Transport`] or [`Error::Timeout`].
    pub async fn list_page(&self, kind: PublicKind, query: &PublicQuery, page: u32) -> Result<ListPage, Error> {
        let mut params = query_pairs(query);
        params.push(("page".into(), page.to_string()));
        params.push(("resultPerPage".into(), self.page_size.to_string()));
        let raw = self
            .get_json(kind.list_path(), Some(&params), false)
            .await?
            .unwrap_or(Value::Null);
        let list = serde_json::from_value(raw.clone()).unwrap_or_default();
        Ok(ListPage {
            kind,
            query: query.clone(),
            page,
            raw,
            list,
        })
    }

    /// Every retrievable page of one query (at most the cap's worth),
    /// starting from its first page.
    async fn rest_of_slice(&self, first: ListPage, pages: &mut Vec<ListPage>) -> Result<(), Error> {
        let wanted = first.total().min(MAX_RESULTS);
        let mut got = first.list.notices().len() as u64;
        let (kind, query) = (first.kind, first.query.clone());
        let last_page = wanted.div_ceil(u64::from(self.page_size)).max(1) as u32;
        pages.push(first);
        let mut page = 1;
        while got < wanted && page < last_page {
            page += 1;
            let next = self.list_page(kind, &query, page).await?;
            let n = next.list.notices().len() as u64;
            pages.push(next);
            if n == 0 {
                break;
            }
            got += n;
        }
        Ok(())
    }

    /// Lists every notice matching `query`, splitting it into slices of at
    /// most 160 (see the [module](self) documentation), and calls
    /// `on_page` with each page fetched (to save it, or show progress).
    ///
    /// # Errors
    ///
    /// As [`list_page`](Self::list_page): the first page that cannot be
    /// fetched ends the crawl.
    pub async fn crawl(
        &self,
        kind: PublicKind,
        query: &PublicQuery,
        mut on_page: impl FnMut(&ListPage),
    ) -> Result<Crawl, Error> {
        let mut crawl = Crawl::default();
        let mut seen = HashSet::new();
        let first = self.list_page(kind, query, 1).await?;
        crawl.report.declared_total = first.total();
        let mut todo = vec![first];
        while let Some(first) = todo.pop() {
            crawl.report.pages += 1;
            on_page(&first);
            let total = first.total();
            let children = if total > MAX_RESULTS { first.query.split() } else { None };
            let mut slice_pages = Vec::new();
            match children {
                Some(children) => {
                    let mut child_pages = Vec::with_capacity(children.len());
                    for child in &children {
                        child_pages.push(self.list_page(kind, child, 1).await?);
                    }
                    let sum: u64 = child_pages.iter().map(ListPage::total).sum();
                    if child_pages.iter().all(|c| c.total() == total) {
                        // The service ignores this filter (the UN list is
                        // said to): splitting on it gets nowhere.
                        crawl.report.pages += child_pages.len() as u32;
                        child_pages.iter().for_each(&mut on_page);
                        crawl.report.truncated.push((first.query.clone(), total));
                        self.rest_of_slice(first, &mut slice_pages).await?;
                    } else {
                        crawl.report.possibly_missed += total.saturating_sub(sum);
                        // Reversed: the stack pops them in order.
                        todo.extend(child_pages.into_iter().rev());
                        continue;
                    }
                }
                None => {
                    if total > MAX_RESULTS {
                        crawl.report.truncated.push((first.query.clone(), total));
                    }
                    self.rest_of_slice(first, &mut slice_pages).await?;
                }
            }
            crawl.report.slices += 1;
            for (i, page) in slice_pages.iter().enumerate() {
                if i > 0 {
                    crawl.report.pages += 1;
                    on_page(page);
                }
                for extract in page.list.notices() {
                    match extract.entity_id.as_deref().map(str::trim) {
                        Some(id) if !seen.insert(id.to_string()) => crawl.report.duplicates += 1,
                        _ => crawl.notices.push(extract.clone()),
                    }
                }
            }
        }
        Ok(crawl)
    }

    /// A notice's detail record, as sent; `None` when the service does
    /// not know the id (it answers 502).
    ///
    /// # Errors
    ///
    /// As [`list_page`](Self::list_page).
    pub async fn detail(&self, kind: PublicKind, id: NoticeId) -> Result<Option<Value>, Error> {
        let path = format!("{}/{}", kind.list_path(), id.url_form());
        self.get_json(&path, None, true).await
    }

    /// A notice's image collection, as sent; `None` when the service does
    /// not know the id.
    ///
    /// # Errors
    ///
    /// As [`list_page`](Self::list_page).
    pub async fn images(&self, kind: PublicKind, id: NoticeId) -> Result<Option<Value>, Error> {
        let path = format!("{}/{}/images", kind.list_path(), id.url_form());
        self.get_json(&path, None, true).await
    }

    /// The detail records of `ids`, a few at a time (see
    /// [`detail_concurrency`](PublicNoticesClientBuilder::detail_concurrency)),
    /// in the order they arrive.
    pub fn details(
        &self,
        kind: PublicKind,
        ids: Vec<NoticeId>,
    ) -> impl Stream<Item = (NoticeId, Result<Option<Value>, Error>)> + Send + '_ {
        stream::iter(ids)
            .map(move |id| async move { (id, self.detail(kind, id).await) })
            .buffer_unordered(self.concurrency)
    }
}

fn query_pairs(q: &PublicQuery) -> Vec<(String, String)> {
    // Through JSON: the field names and code forms are the serde ones.
    match serde_json::to_value(q) {
        Ok(Value::Object(m)) => m
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn problem(status: u16, url: &reqwest::Url, attempts: u32) -> Problem {
    let (code, title) = match status {
        403 => (
            "PUBLIC_API_FORBIDDEN",
            "INTERPOL's public service refused the request (403): its edge takes the client for a bot or finds it \
             too fast",
        ),
        429 => (
            "PUBLIC_API_RATE_LIMITED",
            "INTERPOL's public service asks to slow down (429)",
        ),
        _ => ("PUBLIC_API_STATUS", "INTERPOL's public service answered with an error"),
    };
    let mut p = Problem::new(code, status, title);
    p.instance = Some(url.path().to_string());
    p.detail = Some(match status {
        403 => format!(
            "refused {attempts} time(s) in a row, with back-off; wait, lower the pace or the concurrency, or set \
             another User-Agent"
        ),
        _ => format!("HTTP {status} after {attempts} attempt(s)"),
    });
    p
}

fn transport(e: reqwest::Error) -> Error {
    transport_error(&e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_by_nationality_then_sex_then_age() {
        let q = PublicQuery::default();
        let by_nat = q.split().unwrap();
        assert_eq!(by_nat.len(), COUNTRIES.len());
        let by_sex = by_nat[0].split().unwrap();
        assert_eq!(by_sex.len(), 3);
        let by_age = by_sex[0].split().unwrap();
        assert_eq!(
            by_age.iter().map(|q| (q.age_min, q.age_max)).collect::<Vec<_>>(),
            [(Some(0), Some(60)), (Some(61), Some(120))]
        );
        let one_year = PublicQuery {
            age_min: Some(30),
            age_max: Some(30),
            ..by_sex[0].clone()
        };
        assert_eq!(one_year.split(), None);
    }

    #[test]
    fn query_pairs_use_the_service_names() {
        let q = PublicQuery {
            nationality: Some("FR".parse().unwrap()),
            sex_id: Some(Sex::Female),
            age_max: Some(40),
            ..Default::default()
        };
        let pairs = query_pairs(&q);
        assert!(pairs.contains(&("nationality".into(), "FR".into())));
        assert!(pairs.contains(&("sexId".into(), "F".into())));
        assert!(pairs.contains(&("ageMax".into(), "40".into())));
    }
}
