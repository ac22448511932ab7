//! Mutual TLS: the client certificate names the NCB (subject CN or SAN URI
//! `ncb:XX`); without a certificate signed by the network's CA there is no
//! connection. Certificates are made here with rcgen.

mod common;

use std::path::Path;

use common::message;
use ncblink_hub::{HubConfig, RunningHub, TlsFiles};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;

struct Pki {
    ca_der: CertificateDer<'static>,
    ca_params: CertificateParams,
    ca_key: KeyPair,
}

impl Pki {
    fn new(name: &str) -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, name);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
        let ca = ca_params.self_signed(&ca_key).unwrap();
        Pki {
            ca_der: ca.der().clone(),
            ca_params,
            ca_key,
        }
    }

    fn issue(
        &self,
        mut params: CertificateParams,
        usage: ExtendedKeyUsagePurpose,
    ) -> (CertificateDer<'static>, KeyPair) {
        let key = KeyPair::generate().unwrap();
        params.extended_key_usages = vec![usage];
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        let cert = params.signed_by(&key, &issuer).unwrap();
        (cert.der().clone(), key)
    }

    fn client(&self, cn: &str, san_uri: Option<&str>) -> (CertificateDer<'static>, KeyPair) {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        if let Some(uri) = san_uri {
            p.subject_alt_names = vec![SanType::URI(uri.try_into().unwrap())];
        }
        self.issue(p, ExtendedKeyUsagePurpose::ClientAuth)
    }
}

fn pem(tag: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!("-----BEGIN {tag}-----\n{}\n-----END {tag}-----\n", lines.join("\n"))
}

async fn hub(pki: &Pki, dir: &Path) -> RunningHub {
    let (cert, key) = pki.issue(
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap(),
        ExtendedKeyUsagePurpose::ServerAuth,
    );
    std::fs::write(dir.join("hub.pem"), pem("CERTIFICATE", &cert)).unwrap();
    std::fs::write(dir.join("hub.key"), key.serialize_pem()).unwrap();
    std::fs::write(dir.join("ca.pem"), pem("CERTIFICATE", &pki.ca_der)).unwrap();
    let mut config = HubConfig::sandbox_in_memory();
    config.tls = Some(TlsFiles {
        cert: dir.join("hub.pem"),
        key: dir.join("hub.key"),
        client_ca: Some(dir.join("ca.pem")),
    });
    ncblink_hub::spawn(config).await.unwrap()
}

fn client(
    hub: &RunningHub,
    trust: &CertificateDer<'static>,
    identity: Option<(CertificateDer<'static>, &KeyPair)>,
) -> reqwest::Client {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trust.clone()).unwrap();
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let tls = match identity {
        Some((cert, key)) => builder
            .with_client_auth_cert(
                vec![cert],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .resolve("localhost", hub.addr)
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_client_certificate_names_the_ncb() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new("ncblink test CA");
    let hub = hub(&pki, dir.path()).await;
    let url = |p: &str| format!("{}{p}", hub.base_url());

    let (cert, key) = pki.client("FR", None);
    let fr = client(&hub, &pki.ca_der, Some((cert, &key)));
    let r = fr.get(url("/v1/inbox")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let sent = fr
        .post(url("/v1/messages"))
        .header("Idempotency-Key", "m1")
        .json(&message("FR", &["DE"], "over mTLS"))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201, "FR is FR");
    let spoof = fr
        .post(url("/v1/messages"))
        .header("Idempotency-Key", "m2")
        .json(&message("DE", &["IT"], "pretending"))
        .send()
        .await
        .unwrap();
    assert_eq!(spoof.status(), 403, "FR cannot send as DE");

    // A SAN URI names the NCB whatever the common name says.
    let (cert, key) = pki.client("Operator 17, NCB Wiesbaden", Some("ncb:DE"));
    let de = client(&hub, &pki.ca_der, Some((cert, &key)));
    let page: serde_json::Value = de.get(url("/v1/inbox")).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        page["items"][0]["envelope"]["body"]["message"]["text"]["text"],
        "over mTLS"
    );

    // A certificate of the CA that names no NCB of the directory: 401.
    let (cert, key) = pki.client("Somebody", None);
    let nobody = client(&hub, &pki.ca_der, Some((cert, &key)));
    assert_eq!(nobody.get(url("/v1/inbox")).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn without_a_certificate_of_the_network_there_is_no_connection() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new("ncblink test CA");
    let hub = hub(&pki, dir.path()).await;
    let url = format!("{}/v1/health", hub.base_url());

    let anonymous = client(&hub, &pki.ca_der, None);
    assert!(anonymous.get(&url).send().await.is_err(), "no client certificate");

    let rogue = Pki::new("rogue CA");
    let (cert, key) = rogue.client("FR", None);
    let forged = client(&hub, &pki.ca_der, Some((cert, &key)));
    assert!(forged.get(&url).send().await.is_err(), "a certificate from another CA");

    // The hub still serves its NCBs.
    let (cert, key) = pki.client("IT", None);
    let it = client(&hub, &pki.ca_der, Some((cert, &key)));
    assert_eq!(it.get(&url).send().await.unwrap().status(), 200);
}

/// The core client with the operating system's verifier: the network's CA
/// added to it is trusted (the hub answers); without it, the handshake
/// fails and the error says TLS (`ErrorClass::Tls`), not a connect error.
#[tokio::test]
async fn the_os_trust_store_option_verifies_with_the_added_ca() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new("ncblink test CA");
    let hub = hub(&pki, dir.path()).await;
    let (cert, key) = pki.client("FR", None);
    let url = format!("https://localhost:{}", hub.addr.port());
    let builder = || {
        ncblink::Client::builder(url.clone(), "FR".parse().unwrap())
            .client_certificate(pem("CERTIFICATE", &cert), key.serialize_pem())
            .trust_os_store(true)
            .retry_policy(ncblink::client::RetryPolicy {
                max_retries: 0,
                ..Default::default()
            })
    };
    let trusted = builder()
        .add_root_certificate(pem("CERTIFICATE", &pki.ca_der))
        .build()
        .unwrap();
    assert_eq!(trusted.health().await.unwrap().status, "ok");
    let untrusted = builder().build().unwrap();
    let e = untrusted.health().await.unwrap_err();
    assert_eq!(e.class(), ncblink::ErrorClass::Tls, "{e:?}");
}
