//! Secrets held by the client (bearer tokens, private keys, the
//! `user:password@` of a URL): never shown by `Debug`, logs or errors.

use std::borrow::Cow;
use std::fmt;

/// A URL as it may be shown: `user:password@` becomes `***@`. Every face
/// shows the hub's and the proxy's URL through this.
///
/// ```
/// use ncblink::client::redact_url;
/// assert_eq!(redact_url("https://fr:s3cret@hub.example/v1?x=@"), "https://***@hub.example/v1?x=@");
/// assert_eq!(redact_url("https://hub.example"), "https://hub.example");
/// ```
pub fn redact_url(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://") else {
        return Cow::Borrowed(url);
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &url[..scheme_end + 3], &rest[at..])),
        None => Cow::Borrowed(url),
    }
}

/// A bearer token. Its `Debug` prints `Token(***)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token itself, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// PEM bytes of a private key (mTLS). Its `Debug` prints `PrivateKeyPem(***)`.
#[derive(Clone)]
pub struct PrivateKeyPem(pub(crate) Vec<u8>);

impl fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyPem(***)")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_do_not_show_in_debug() {
        let t = super::Token::new("s3cr3t-token");
        assert!(!format!("{t:?}").contains("s3cr3t"));
        let k = super::PrivateKeyPem(b"-----BEGIN PRIVATE KEY-----secret".to_vec());
        assert!(!format!("{k:?}").contains("secret"));
    }

    #[test]
    fn credentials_in_urls_do_not_show_in_debug_or_errors() {
        let builder = crate::Client::builder("https://fr:s3cret@hub.example", "FR".parse().unwrap())
            .proxy("http://me:pr0xy@proxy.example:3128");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("s3cret") && !shown.contains("pr0xy"), "{shown}");
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("s3cret"));
        let bad = crate::Client::builder("ftp://fr:s3cret@hub.example", "FR".parse().unwrap()).build();
        let e = bad.unwrap_err().to_string();
        assert!(e.contains("***@hub.example") && !e.contains("s3cret"), "{e}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_transport_error_hides_the_credentials_of_the_url() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = crate::Client::builder(format!("http://fr:s3cret@127.0.0.1:{port}"), "FR".parse().unwrap())
            .retry_policy(crate::client::RetryPolicy {
                max_retries: 0,
                ..Default::default()
            })
            .build()
            .unwrap();
        let e = client.health().await.unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("s3cret") && shown.contains("127.0.0.1"), "{shown}");
    }
}
