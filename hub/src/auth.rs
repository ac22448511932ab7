//! Who is calling: a bearer token (sandbox) or the NCB named by the client
//! certificate (mutual TLS). The middleware puts a [`Caller`] in the
//! request; handlers take it as an extractor.

use std::fmt;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ncblink::model::NcbCode;
use sha2::{Digest, Sha256};

use crate::error::HubError;
use crate::problem::ApiError;
use crate::state::AppState;

/// A bearer token. Its `Debug` prints `***`: tokens never reach logs,
/// errors or debug output. Only its SHA-256 is stored for authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token chosen by the operator.
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// A new random token: `ncb_` and 32 random bytes in base64url.
    pub fn generate() -> Result<Self, HubError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| HubError::Config(format!("no randomness: {e}")))?;
        Ok(Token(format!("ncb_{}", URL_SAFE_NO_PAD.encode(bytes))))
    }

    /// The token itself, to send or print once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the hub stores and compares: the token's SHA-256.
    pub fn digest(&self) -> [u8; 32] {
        digest(self.0.as_bytes())
    }
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// The authenticated NCB of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller(pub NcbCode);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .copied()
            .ok_or_else(|| ApiError::unauthenticated("this route needs an authenticated NCB"))
    }
}

/// What the TLS handshake established about the client: the NCB its
/// certificate names, if it names one. Set per connection by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerNcb(pub Option<NcbCode>);

/// Middleware: authenticates the request or answers 401.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, ApiError> {
    let ncb = if state.mtls {
        match req.extensions().get::<PeerNcb>() {
            Some(PeerNcb(Some(ncb))) => *ncb,
            _ => {
                return Err(ApiError::unauthenticated(
                    "the client certificate names no NCB (subject CN or SAN URI ncb:XX)",
                ));
            }
        }
    } else {
        let Some(value) = req.headers().get(AUTHORIZATION) else {
            return Err(ApiError::unauthenticated("send Authorization: Bearer <token>"));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim())
            .ok_or_else(|| ApiError::unauthenticated("send Authorization: Bearer <token>"))?;
        // A lookup by digest: the token itself is never compared, so its
        // bytes leak nothing through timing.
        let found = state
            .tokens
            .read()
            .map_err(|_| ApiError::from(HubError::Task("token table poisoned".into())))?
            .get(&digest(token.as_bytes()))
            .copied();
        match found {
            Some((ncb, None)) => ncb,
            Some((ncb, Some(exp))) if chrono::Utc::now().timestamp() < exp => ncb,
            Some(_) => return Err(ApiError::unauthenticated("expired token")),
            None => return Err(ApiError::unauthenticated("unknown token")),
        }
    };
    if !state.known_ncbs.contains(&ncb) {
        return Err(ApiError::unauthenticated("this NCB is not in the directory"));
    }
    req.extensions_mut().insert(Caller(ncb));
    Ok(next.run(req).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_show_in_debug() {
        let t = Token::generate().unwrap();
        assert_eq!(format!("{t:?}"), "Token(***)");
        assert!(t.expose().starts_with("ncb_") && t.expose().len() > 40);
        assert_ne!(t.digest(), Token::new("other").digest());
    }
}
