//! HTTPS with rustls (ring provider; no OpenSSL), and mutual TLS: each NCB
//! presents a certificate signed by the network's CA that names it, by a
//! SAN URI `ncb:FR` or else by its subject common name `FR`.

use std::sync::Arc;

use ncblink::model::NcbCode;
use rustls::RootCertStore;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ServerConfig, WebPkiClientVerifier};
use x509_parser::extensions::GeneralName;

use crate::config::TlsFiles;
use crate::error::HubError;

fn tls_err(what: &str, e: impl std::fmt::Display) -> HubError {
    HubError::Tls(format!("{what}: {e}"))
}

/// The rustls configuration of the hub: its certificate, and a client
/// certificate verifier when a client CA is given (every client must then
/// present a certificate).
pub fn server_config(files: &TlsFiles) -> Result<Arc<ServerConfig>, HubError> {
    // Named explicitly so that another crate enabling a second provider
    // cannot make the process-wide default ambiguous.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| tls_err("hub certificate", e))?
        .collect::<Result<_, _>>()
        .map_err(|e| tls_err("hub certificate", e))?;
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| tls_err("hub key", e))?;
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err("protocol versions", e))?;
    let builder = match &files.client_ca {
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(ca).map_err(|e| tls_err("client CA", e))? {
                roots
                    .add(cert.map_err(|e| tls_err("client CA", e))?)
                    .map_err(|e| tls_err("client CA", e))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| tls_err("client verifier", e))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| tls_err("hub certificate and key", e))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The NCB a client certificate names: a SAN URI `ncb:XX` first, else the
/// subject's common name; `None` if it names none.
pub fn ncb_of_certificate(der: &[u8]) -> Option<NcbCode> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            if let GeneralName::URI(uri) = name
                && let Some(code) = uri.strip_prefix("ncb:")
                && let Ok(ncb) = code.parse()
            {
                return Some(ncb);
            }
        }
    }
    cert.subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .and_then(|cn| cn.parse().ok())
}
