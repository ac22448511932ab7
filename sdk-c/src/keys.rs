//! Signing keys from C: generate one, and publish, retire or revoke the
//! NCB's keys in the hub's directory through the client (a rotation is a
//! registration signed by the client's current key, then the retirement
//! of that key). Loading a key to sign with is `ncb_config_set_signing_key`
//! (32 raw bytes) or `ncb_config_set_signing_key_file` (the file of
//! `ncblink keys generate`, or PEM PKCS#8).

use std::ffi::c_char;

use ncblink::sign::VerifyingKey;

use crate::client::ncb_client;
use crate::documents::json_call;
use crate::errmap;
use crate::error::ncb_error;
use crate::ffi;
use crate::panic::status_boundary;
use crate::status::ncb_status;

/// Generates an Ed25519 signing key: writes its 32-byte secret to `secret`
/// and its 32-byte public key to `public_key` (both written only on
/// success). Keep the secret secret; register the public key with
/// `ncb_client_register_key`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INTERNAL` (no
/// randomness). Thread safety: any thread.
///
/// # Safety
/// `secret` and `public_key` NULL or writable for 32 bytes; `err` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_key_generate(
    secret: *mut u8,
    public_key: *mut u8,
    err: *mut *mut ncb_error,
) -> ncb_status {
    let run = || {
        ffi::non_null(secret, "secret")?;
        ffi::non_null(public_key, "public_key")?;
        let key =
            ncblink::sign::generate_signing_key().map_err(|e| ncb_error::new(ncb_status::Internal, e.to_string()))?;
        // SAFETY: both checked non-NULL and writable for 32 bytes (contract).
        unsafe {
            std::ptr::copy_nonoverlapping(key.to_bytes().as_ptr(), secret, 32);
            std::ptr::copy_nonoverlapping(key.verifying_key().to_bytes().as_ptr(), public_key, 32);
        }
        Ok(())
    };
    // SAFETY: forwarded contract.
    unsafe { status_boundary(err, run) }
}

/// Publishes `public_key` (32 bytes) as a key of the client's NCB named
/// `kid`. The request is signed by the client's signing key when it has
/// one (a rotation: that key must be active); a sandbox hub also takes it
/// with the token alone. `*out` is the NCB's keys afterwards, a JWK Set:
/// `{"keys":[{"kty":"OKP","crv":"Ed25519","x":…,"kid":…,"status":"active"}]}`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT` (not
/// 32 bytes, not a valid point), `NCB_STATUS_SIGNATURE` (the signing key
/// is not active), `NCB_STATUS_SIGNATURE_KEY_UNKNOWN` (it is not the
/// NCB's), `NCB_STATUS_CONFLICT` (the kid is taken) and those of any call.
/// Ownership: free `*out` with `ncb_string_free`. Thread safety: any
/// thread, concurrently.
///
/// # Safety
/// `client` NULL or live; `public_key` NULL or readable for `len` bytes;
/// `kid` NULL or NUL-terminated; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_register_key(
    client: *const ncb_client,
    public_key: *const u8,
    len: usize,
    kid: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let bytes = ffi::bytes(public_key.cast(), len, "public_key")?;
            let kid = ffi::try_str(kid, "kid")?;
            let key = <[u8; 32]>::try_from(bytes)
                .ok()
                .and_then(|b| VerifyingKey::from_bytes(&b).ok())
                .ok_or_else(|| {
                    ncb_error::new(
                        ncb_status::InvalidArgument,
                        format!("`public_key` is not a 32-byte Ed25519 public key ({len} bytes)"),
                    )
                })?;
            errmap::to_json(&s.block_on(s.client.register_key(&key, kid))?)
        })
    }
}

/// Rotates the client's signing key: publishes the key whose 32-byte
/// secret is `secret` as `kid` (signed by the current key), signs with it
/// from then on, and retires the previous key (signed by the new one; what
/// it signed still verifies). `*out` as `ncb_client_register_key`. A
/// failure of the retirement leaves the new key in use and the old one
/// active: retire it with `ncb_client_retire_key`.
///
/// Errors: `NCB_STATUS_NULL_PARAMETER`, `NCB_STATUS_INVALID_ARGUMENT`
/// (`len` is not 32) and those of `ncb_client_register_key`. Ownership:
/// free `*out` with `ncb_string_free`; the secret is copied. Thread safety:
/// any thread; calls that sign while the key changes use the old or the
/// new key.
///
/// # Safety
/// `client` NULL or live; `secret` NULL or readable for `len` bytes; `kid`
/// NULL or NUL-terminated; `out`, `out_len`, `err` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_rotate_key(
    client: *const ncb_client,
    secret: *const u8,
    len: usize,
    kid: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let bytes = ffi::bytes(secret.cast(), len, "secret")?;
            let kid = ffi::try_str(kid, "kid")?;
            let key = ncblink::sign::signing_key_from_raw(bytes).map_err(|_| {
                ncb_error::new(
                    ncb_status::InvalidArgument,
                    format!("an Ed25519 signing key is 32 bytes, not {len}"),
                )
            })?;
            errmap::to_json(&s.block_on(s.client.rotate_key(key, kid))?)
        })
    }
}

/// Retires key `kid` of the client's NCB (it signs nothing new; what it
/// signed still verifies); signed by the client's signing key. `*out` as
/// `ncb_client_register_key`.
///
/// # Safety
/// As `ncb_client_register_key`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_retire_key(
    client: *const ncb_client,
    kid: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let kid = ffi::try_str(kid, "kid")?;
            errmap::to_json(&s.block_on(s.client.retire_key(kid))?)
        })
    }
}

/// Revokes key `kid` of the client's NCB (nothing created from now on
/// verifies with it); signed by the client's signing key. `*out` as
/// `ncb_client_register_key`.
///
/// # Safety
/// As `ncb_client_register_key`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ncb_client_revoke_key(
    client: *const ncb_client,
    kid: *const c_char,
    out: *mut *mut c_char,
    out_len: *mut usize,
    err: *mut *mut ncb_error,
) -> ncb_status {
    // SAFETY: forwarded contract.
    unsafe {
        json_call(client, out, out_len, err, |s| {
            let kid = ffi::try_str(kid, "kid")?;
            errmap::to_json(&s.block_on(s.client.revoke_key(kid))?)
        })
    }
}
