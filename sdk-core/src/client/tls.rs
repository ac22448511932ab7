//! TLS for the client: rustls with the ring provider (no OpenSSL, no C
//! crypto build), the Mozilla roots plus any extra CA the network uses, and
//! a client certificate for mutual TLS.

use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::Error;

/// Builds the rustls configuration. With `trust_os`, certificates are
/// checked by the operating system's verifier and trust store
/// (rustls-platform-verifier: the CAs a police network installs to re-sign
/// TLS), plus the extra roots; otherwise against the Mozilla roots (unless
/// `only_extra_roots`) and the extra roots.
pub(crate) fn client_config(
    extra_roots_pem: &[Vec<u8>],
    only_extra_roots: bool,
    trust_os: bool,
    identity: Option<(&[u8], &[u8])>,
) -> Result<rustls::ClientConfig, Error> {
    let mut extra = Vec::new();
    for pem in extra_roots_pem {
        let before = extra.len();
        for cert in CertificateDer::pem_slice_iter(pem) {
            extra.push(cert.map_err(|e| Error::Config(format!("CA certificate PEM: {e}")))?);
        }
        if extra.len() == before {
            return Err(Error::Config("a CA PEM holds no certificate".into()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("TLS: {e}")))?;
    let builder = if trust_os {
        let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
            .map_err(|e| Error::Config(format!("the operating system's trust store: {e}")))?;
        builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier))
    } else {
        let mut roots = rustls::RootCertStore::empty();
        if !only_extra_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for cert in extra {
            roots
                .add(cert)
                .map_err(|e| Error::Config(format!("CA certificate: {e}")))?;
        }
        builder.with_root_certificates(roots)
    };
    let mut config = match identity {
        Some((cert_pem, key_pem)) => {
            let certs = CertificateDer::pem_slice_iter(cert_pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| Error::Config(format!("client certificate PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::Config("the client certificate PEM holds no certificate".into()));
            }
            // The key's parse error is not shown: it could quote key material.
            let key = PrivateKeyDer::from_pem_slice(key_pem)
                .map_err(|_| Error::Config("the client key is not a PEM private key".into()))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| Error::Config(format!("client certificate and key: {e}")))?
        }
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
