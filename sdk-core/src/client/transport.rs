//! One request to the hub: URL, authentication, the `Idempotency-Key`,
//! retries with backoff, and the answer turned into a value or a typed
//! [`Error`].

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::ClientInner;
use super::retry::{parse_retry_after, retryable_status};
use crate::wire::{IDEMPOTENCY_KEY_HEADER, Problem};
use crate::{Error, TransportKind};

/// The longest answer body quoted in an error.
const QUOTE: usize = 200;

impl ClientInner {
    /// `base` + `/v1/` + segments, each percent-encoded.
    pub(crate) fn url(&self, segments: &[&str]) -> Result<reqwest::Url, Error> {
        let mut url = self.base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|_| Error::Config("the hub URL cannot be a base".into()))?;
            path.pop_if_empty().push("v1");
            for s in segments {
                path.push(s);
            }
        }
        Ok(url)
    }

    /// Sends a request, retrying what is safe to retry, and returns the
    /// answer's body as `T`.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        url: reqwest::Url,
        query: Option<&(dyn erased::Query + Sync)>,
        body: Option<&[u8]>,
        idempotency_key: Option<&str>,
    ) -> Result<T, Error> {
        let bytes = self.call_raw(method, url, query, body, idempotency_key).await?;
        decode(&bytes)
    }

    /// Sends a read that travels as a POST (database checks): safe to
    /// retry as it is, and sent without an idempotency key.
    pub(crate) async fn call_read_post<T: DeserializeOwned>(&self, url: reqwest::Url, body: &[u8]) -> Result<T, Error> {
        let bytes = self
            .send_with_retries(Method::POST, url, None, Some(body), None, true)
            .await?;
        decode(&bytes)
    }

    pub(crate) async fn call_raw(
        &self,
        method: Method,
        url: reqwest::Url,
        query: Option<&(dyn erased::Query + Sync)>,
        body: Option<&[u8]>,
        idempotency_key: Option<&str>,
    ) -> Result<Vec<u8>, Error> {
        let safe_to_retry = method == Method::GET || idempotency_key.is_some();
        self.send_with_retries(method, url, query, body, idempotency_key, safe_to_retry)
            .await
    }

    async fn send_with_retries(
        &self,
        method: Method,
        url: reqwest::Url,
        query: Option<&(dyn erased::Query + Sync)>,
        body: Option<&[u8]>,
        idempotency_key: Option<&str>,
        safe_to_retry: bool,
    ) -> Result<Vec<u8>, Error> {
        let started = std::time::Instant::now();
        let mut attempt = 0u32;
        loop {
            let mut req = self.http.request(method.clone(), url.clone());
            if let Some(q) = query {
                req = q.apply(req);
            }
            if let Some(token) = &self.token {
                let mut v = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| Error::Config("the token is not a valid header value".into()))?;
                v.set_sensitive(true);
                req = req.header(AUTHORIZATION, v);
            }
            if let Some(key) = idempotency_key {
                req = req.header(IDEMPOTENCY_KEY_HEADER, key);
            }
            if let Some(b) = body {
                req = req.header(CONTENT_TYPE, "application/json").body(b.to_vec());
            }
            let mut status = None;
            let exchange = async {
                match req.send().await {
                    Ok(resp) => {
                        status = Some(resp.status().as_u16());
                        answer(resp).await
                    }
                    Err(e) => Err(transport_error(&e)),
                }
            };
            let outcome = match self.deadline {
                Some(total) => {
                    let left = total.saturating_sub(started.elapsed());
                    tokio::time::timeout(left, exchange)
                        .await
                        .unwrap_or_else(|_| Err(past_deadline(total, attempt, None)))
                }
                None => exchange.await,
            };
            match outcome {
                Err(e) if safe_to_retry && attempt < self.retry.max_retries && retry_worthy(&e) => {
                    let wait = self.retry.backoff(attempt, e.retry_after());
                    if let Some(total) = self.deadline
                        && started.elapsed() + wait >= total
                    {
                        // No attempt could finish in time.
                        let out = Err(past_deadline(total, attempt, Some(&e)));
                        log_request(&method, &url, status, &out, started.elapsed(), attempt);
                        return out;
                    }
                    tracing::debug!(path = url.path(), attempt, ?wait, error = %e, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                outcome => {
                    log_request(&method, &url, status, &outcome, started.elapsed(), attempt);
                    return outcome;
                }
            }
        }
    }
}

/// The timeout of a call that reached its deadline after `retries`
/// retries, naming the last failure.
fn past_deadline(total: Duration, retries: u32, last: Option<&Error>) -> Error {
    let attempts = retries + 1;
    Error::Timeout(match last {
        Some(e) => format!("deadline of {total:?} reached after {attempts} attempt(s); the last: {e}"),
        None => format!("deadline of {total:?} reached during attempt {attempts}"),
    })
}

/// The one event of a request, retries included, under the target
/// `ncblink::http` (the Python package hands it to the `logging` logger
/// `ncblink`, the C library to its log callback): method, path (never the
/// host's credentials or the query), status, duration, retries; never a
/// token or a body.
fn log_request(
    method: &Method,
    url: &reqwest::Url,
    status: Option<u16>,
    outcome: &Result<Vec<u8>, Error>,
    elapsed: Duration,
    retries: u32,
) {
    let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(_) => tracing::info!(
            target: "ncblink::http",
            method = method.as_str(),
            path = url.path(),
            status,
            duration_ms,
            retries,
            "request"
        ),
        Err(e) => tracing::warn!(
            target: "ncblink::http",
            method = method.as_str(),
            path = url.path(),
            status,
            duration_ms,
            retries,
            error = e.class().as_str(),
            "request failed"
        ),
    }
}

/// Reads an answer's body as `T`; an answer that is not the expected JSON
/// is a hub problem that quotes its beginning.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    // An empty answer (204 No Content) reads as `null`: `()` and `Option`s.
    let bytes = if bytes.is_empty() { b"null".as_slice() } else { bytes };
    serde_json::from_slice(bytes).map_err(|e| {
        let mut p = Problem::new("INVALID_RESPONSE", 502, "The hub's answer is not the expected JSON");
        p.detail = Some(format!("{e}; the answer begins: {}", quote(bytes)));
        Error::Hub(Box::new(p))
    })
}

fn retry_worthy(e: &Error) -> bool {
    match e {
        Error::Transport { .. } | Error::Timeout(_) | Error::RateLimited { .. } => true,
        Error::Hub(p) => retryable_status(p.status),
        // The hub is still applying an earlier send of this write.
        Error::Conflict(p) => p.code == crate::wire::problem_code::IDEMPOTENCY_KEY_IN_FLIGHT,
        _ => false,
    }
}

/// The error of a failed exchange with a server: a timeout, or a transport
/// error whose step (DNS, connect, TLS, I/O) is read from the error's
/// chain here, once, and kept as data. The message walks the chain: the
/// root cause ("connection refused") is what an operator needs to read.
pub(crate) fn transport_error(e: &reqwest::Error) -> Error {
    let mut message = match e.url() {
        Some(url) if !url.username().is_empty() || url.password().is_some() => {
            let mut shown = e.to_string();
            shown = shown.replace(url.as_str(), &super::redact_url(url.as_str()));
            shown
        }
        _ => e.to_string(),
    };
    let mut src = std::error::Error::source(e);
    let mut kind = if e.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Io
    };
    while let Some(s) = src {
        message.push_str(": ");
        message.push_str(&s.to_string());
        if is_tls(s) {
            kind = TransportKind::Tls;
        } else if kind == TransportKind::Connect && s.to_string().starts_with("dns error") {
            // hyper-util's connector error type is private; its message
            // names the step that failed.
            kind = TransportKind::Dns;
        }
        src = s.source();
    }
    if e.is_timeout() {
        Error::Timeout(message)
    } else {
        Error::Transport { kind, message }
    }
}

/// Whether an error of the chain is rustls's, possibly wrapped in the
/// `io::Error`s of the TLS stream and the connector (whose `source` skips
/// the error they wrap).
fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut e = e;
    loop {
        if e.is::<rustls::Error>() {
            return true;
        }
        match e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => e = inner,
            None => return false,
        }
    }
}

fn quote(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(QUOTE)]);
    text.chars().filter(|c| !c.is_control()).collect()
}

async fn answer(resp: reqwest::Response) -> Result<Vec<u8>, Error> {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let bytes = resp.bytes().await.map_err(|e| transport_error(&e))?.to_vec();
    if status.is_success() {
        return Ok(bytes);
    }
    let mut problem = serde_json::from_slice::<Problem>(&bytes).unwrap_or_else(|_| {
        let mut p = Problem::new(
            "HTTP_ERROR",
            status.as_u16(),
            status.canonical_reason().unwrap_or("error"),
        );
        p.detail = Some(format!("the answer is not a problem document: {}", quote(&bytes)));
        p
    });
    problem.status = status.as_u16();
    if problem.retry_after.is_none() {
        problem.retry_after = retry_after.map(|d| d.as_secs());
    }
    Err(error_of(status, problem, retry_after))
}

/// Maps an answer's status and problem document to the error kinds.
pub(crate) fn error_of(status: StatusCode, problem: Problem, retry_after: Option<Duration>) -> Error {
    let problem = Box::new(problem);
    match status.as_u16() {
        401 => Error::Unauthorized(problem),
        403 => Error::Forbidden(problem),
        404 => Error::NotFound(problem),
        409 => Error::Conflict(problem),
        422 if problem.report.as_ref().is_some_and(|r| !r.violations.is_empty()) => {
            let report = problem.report.clone().unwrap_or_default();
            Error::InvalidInput(Box::new(report))
        }
        429 => Error::RateLimited {
            retry_after: retry_after.or(problem.retry_after.map(Duration::from_secs)),
            problem: Some(problem),
        },
        _ => Error::Hub(problem),
    }
}

/// Query strings of any serialisable type, behind a trait object so that
/// `call` is not generic over them.
pub(crate) mod erased {
    /// Something that adds itself to a request as a query string.
    pub trait Query {
        /// Adds the query.
        fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder;
    }
    impl<T: serde::Serialize> Query for T {
        fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
            req.query(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use crate::client::{Client, RetryPolicy};
    use crate::{ErrorClass, TransportKind};

    fn client(url: String) -> Client {
        Client::builder(url, "FR".parse().unwrap())
            .token("x")
            .retry_policy(RetryPolicy {
                max_retries: 0,
                ..RetryPolicy::default()
            })
            .build()
            .unwrap()
    }

    async fn failure(url: String) -> crate::Error {
        client(url).health().await.unwrap_err()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_transport_failure_keeps_its_step_as_data() {
        // A port nothing listens on: bind, learn it, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let refused = failure(format!("http://127.0.0.1:{port}")).await;
        assert_eq!(refused.transport_kind(), Some(TransportKind::Connect), "{refused:?}");
        assert_eq!(refused.class(), ErrorClass::Connect);

        // `.invalid` never resolves (RFC 6761).
        let dns = failure("http://hub.ncblink.invalid".into()).await;
        assert_eq!(dns.class(), ErrorClass::Dns, "{dns:?}");

        // A server that answers TLS with plain HTTP: the handshake fails.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            }
        });
        let tls = failure(format!("https://127.0.0.1:{port}")).await;
        assert_eq!(tls.class(), ErrorClass::Tls, "{tls:?}");
        server.join().unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_deadline_bounds_the_call_across_its_retries() {
        // A server that accepts and never answers (a saturated hub).
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let client = Client::builder(format!("http://127.0.0.1:{port}"), "FR".parse().unwrap())
            .request_timeout(std::time::Duration::from_millis(200))
            .deadline(std::time::Duration::from_millis(300))
            .retry_policy(RetryPolicy {
                max_retries: 50,
                initial_backoff: std::time::Duration::from_millis(1),
                max_backoff: std::time::Duration::from_millis(1),
            })
            .build()
            .unwrap();
        let e = client.health().await.unwrap_err();
        assert_eq!(e.class(), ErrorClass::Timeout, "{e:?}");
        assert!(e.to_string().contains("deadline of 300ms"), "{e}");
        drop(listener);
    }
}
