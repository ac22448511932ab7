//! Opaque, tamper-evident cursors: a position in a list, bound to the list
//! and the NCB it was given to, with an HMAC-SHA256 tag under a key the
//! hub keeps in its database. A cursor that was altered, or is used on
//! another list or by another NCB, is a 400 problem, never a query.

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use ncblink::wire::problem_code;
use sha2::Sha256;

use crate::problem::ApiError;

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the tag kept in a cursor: 128 bits are plenty against forgery
/// and keep cursors short.
const TAG_LEN: usize = 16;

/// The key cursors are signed with.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl CursorKey {
    /// Wraps a key.
    pub fn new(key: [u8; 32]) -> Self {
        CursorKey(key)
    }

    fn tag(&self, scope: &str, position: i64) -> Vec<u8> {
        // A 32-byte key always fits HMAC.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(scope.as_bytes());
        mac.update(&[0]);
        mac.update(&position.to_be_bytes());
        mac.finalize().into_bytes()[..TAG_LEN].to_vec()
    }

    /// A cursor for `position` in the list `scope` (`inbox:FR`).
    pub fn seal(&self, scope: &str, position: i64) -> String {
        let mut bytes = position.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.tag(scope, position));
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position a cursor of `scope` holds, or a 400 problem.
    pub fn open(&self, scope: &str, cursor: &str) -> Result<i64, ApiError> {
        let invalid = || {
            ApiError::new(StatusCode::BAD_REQUEST, problem_code::INVALID_CURSOR, "Invalid cursor")
                .detail("the cursor was altered or belongs to another list; start again without a cursor")
        };
        let bytes = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| invalid())?;
        if bytes.len() != 8 + TAG_LEN {
            return Err(invalid());
        }
        let (pos, tag) = bytes.split_at(8);
        let position = i64::from_be_bytes(pos.try_into().map_err(|_| invalid())?);
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.0).map_err(|_| invalid())?;
        mac.update(scope.as_bytes());
        mac.update(&[0]);
        mac.update(&position.to_be_bytes());
        mac.verify_truncated_left(tag).map_err(|_| invalid())?;
        Ok(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering_and_other_scopes() {
        let k = CursorKey::new([7; 32]);
        let c = k.seal("inbox:FR", 42);
        assert_eq!(k.open("inbox:FR", &c).unwrap(), 42);
        assert!(k.open("inbox:DE", &c).is_err());
        let mut bytes = URL_SAFE_NO_PAD.decode(&c).unwrap();
        bytes[7] ^= 1;
        assert!(k.open("inbox:FR", &URL_SAFE_NO_PAD.encode(bytes)).is_err());
        assert!(k.open("inbox:FR", "'; DROP TABLE inbox;--").is_err());
        assert!(CursorKey::new([8; 32]).open("inbox:FR", &c).is_err());
    }
}
