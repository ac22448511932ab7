//! Secrets held by the client (bearer tokens, private keys): never shown
//! by `Debug`, logs or errors.

use std::fmt;

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
}
