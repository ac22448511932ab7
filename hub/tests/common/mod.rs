//! What the integration tests share: a sandbox hub on 127.0.0.1:0, an HTTP
//! client (reqwest on rustls with the ring provider), and builders of
//! valid documents from the ncblink model.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::Utc;
use ncblink::model::envelope::{Diffusion, DiffusionPurpose, Dispatch};
use ncblink::model::judicial::{Charge, JudicialData, OffenceCategory, ProsecutionOrSentence, Warrant, WarrantKind};
use ncblink::model::notice::{Notice, RedNotice};
use ncblink::model::{
    Body, Envelope, LocalizedText, Message, NcbCode, Person, Purpose, Recipients, Sex, WorkingLanguage,
};
use ncblink_hub::{HubConfig, RunningHub};
use serde_json::Value;

/// A reqwest client whose TLS (when used) is rustls with ring and the
/// given roots and identity.
pub fn client_with(tls: rustls::ClientConfig) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .expect("client")
}

/// A TLS client configuration trusting no root: plain HTTP tests never use it.
pub fn plain_tls() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// A running sandbox and a client for it.
pub struct Api {
    pub hub: RunningHub,
    pub http: reqwest::Client,
}

/// A sandbox hub in memory.
pub async fn start() -> Api {
    start_with(HubConfig::sandbox_in_memory()).await
}

/// A hub with this configuration.
pub async fn start_with(config: HubConfig) -> Api {
    let hub = ncblink_hub::spawn(config).await.expect("hub starts");
    Api {
        hub,
        http: client_with(plain_tls()),
    }
}

/// A status and a JSON body (`Null` when there is none).
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The problem's `code`, for error answers.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.hub.base_url(), path)
    }

    pub fn token(&self, ncb: &str) -> String {
        self.hub.token(ncb).expect("demo NCB").expose().to_string()
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply { status, body, headers }
    }

    pub async fn get(&self, ncb: &str, path: &str) -> Reply {
        self.send(self.http.get(self.url(path)).bearer_auth(self.token(ncb)))
            .await
    }

    /// A POST with a fresh idempotency key.
    pub async fn post(&self, ncb: &str, path: &str, body: &impl serde::Serialize) -> Reply {
        self.post_with_key(ncb, path, body, &uuid::Uuid::now_v7().to_string())
            .await
    }

    pub async fn post_with_key(&self, ncb: &str, path: &str, body: &impl serde::Serialize, key: &str) -> Reply {
        self.send(
            self.http
                .post(self.url(path))
                .bearer_auth(self.token(ncb))
                .header("Idempotency-Key", key)
                .json(body),
        )
        .await
    }

    /// A POST of these exact bytes (a signed document), fresh idempotency key.
    #[allow(dead_code)]
    pub async fn post_raw(&self, ncb: &str, path: &str, body: Vec<u8>) -> Reply {
        self.send(
            self.http
                .post(self.url(path))
                .bearer_auth(self.token(ncb))
                .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
                .header("Content-Type", "application/json")
                .body(body),
        )
        .await
    }

    /// A request of these exact bytes (a signed body), fresh idempotency key.
    #[allow(dead_code)]
    pub async fn send_raw(&self, method: reqwest::Method, ncb: &str, path: &str, body: Vec<u8>) -> Reply {
        self.send(
            self.http
                .request(method, self.url(path))
                .bearer_auth(self.token(ncb))
                .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
                .header("Content-Type", "application/json")
                .body(body),
        )
        .await
    }

    /// A GET's body as text, unparsed.
    #[allow(dead_code)]
    pub async fn get_text(&self, ncb: &str, path: &str) -> String {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(self.token(ncb))
            .send()
            .await
            .expect("request sent");
        res.text().await.expect("body")
    }

    pub async fn put(&self, ncb: &str, path: &str, body: &impl serde::Serialize) -> Reply {
        self.send(
            self.http
                .put(self.url(path))
                .bearer_auth(self.token(ncb))
                .header("Idempotency-Key", uuid::Uuid::now_v7().to_string())
                .json(body),
        )
        .await
    }

    pub async fn delete(&self, ncb: &str, path: &str) -> Reply {
        self.send(
            self.http
                .delete(self.url(path))
                .bearer_auth(self.token(ncb))
                .header("Idempotency-Key", uuid::Uuid::now_v7().to_string()),
        )
        .await
    }

    /// Every item of an NCB's inbox from the start, without waiting.
    pub async fn inbox(&self, ncb: &str) -> Vec<Value> {
        let r = self.get(ncb, "/v1/inbox?limit=500").await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["items"].as_array().cloned().unwrap_or_default()
    }
}

pub fn ncb(code: &str) -> NcbCode {
    code.parse().expect("NCB code")
}

/// A person a Red Notice may name.
pub fn person(family: &str, forenames: &str, dob: &str) -> Person {
    Person {
        family_name: Some(family.into()),
        forenames: Some(forenames.into()),
        sex: Some(Sex::Male),
        date_of_birth: Some(dob.parse().expect("date")),
        nationalities: vec!["FR".parse().expect("code")],
        height_m: Some(1.80),
        ..Person::default()
    }
}

/// A valid Red Notice request from `source` about `subject`, for an
/// offence punishable by `max_penalty_months`.
pub fn red_notice(source: &str, subject: Person, max_penalty_months: u32) -> Envelope {
    let judicial = JudicialData {
        extra: Default::default(),
        purpose: ProsecutionOrSentence::Prosecution,
        summary_of_facts: LocalizedText::new("FRE", "Escroquerie en bande organisée à Lyon en 2025."),
        offence_date: None,
        offence_place: None,
        offence_country: None,
        charges: vec![Charge {
            extra: Default::default(),
            description: LocalizedText::new("FRE", "Escroquerie en bande organisée"),
            category: OffenceCategory::Fraud,
            legal_provisions: "Code pénal, art. 313-1 et 313-2".into(),
            max_penalty_months: Some(max_penalty_months),
            linked_to_serious_crime: false,
        }],
        sentence: None,
        warrants: vec![Warrant {
            extra: Default::default(),
            kind: WarrantKind::ArrestWarrant,
            reference: "MA-2025-0042".into(),
            issuing_authority: "Juge d'instruction, TJ Lyon".into(),
            issued_on: "2025-03-01".parse().expect("date"),
            issuing_country: "FR".parse().expect("code"),
        }],
        extradition_will_be_sought: true,
    };
    Envelope::new(
        ncb(source),
        Purpose::LocateWantedPerson,
        WorkingLanguage::Fr,
        Body::Notice(Notice::Red(RedNotice {
            extra: Default::default(),
            subject,
            judicial,
            gs_exception_requested: false,
            public_extract: false,
            cautions: vec![],
            caution_codes: vec![],
            extradition_countries: vec![],
        })),
    )
}

/// A direct message.
pub fn message(from: &str, to: &[&str], text: &str) -> Envelope {
    let mut e = Envelope::new(
        ncb(from),
        Purpose::Investigation,
        WorkingLanguage::En,
        Body::Message(Message {
            extra: Default::default(),
            title: "Request".into(),
            text: LocalizedText::new("ENG", text),
            case_reference: None,
            attachments: vec![],
        }),
    );
    e.recipients = Recipients::Ncbs(to.iter().map(|c| ncb(c)).collect());
    e
}

/// An information diffusion.
pub fn diffusion(from: &str, to: &[&str], dispatch: Dispatch) -> Envelope {
    let mut e = Envelope::new(
        ncb(from),
        Purpose::Investigation,
        WorkingLanguage::En,
        Body::Diffusion(Diffusion {
            extra: Default::default(),
            purpose: DiffusionPurpose::Information,
            dispatch,
            text: LocalizedText::new("ENG", "Information on a fraud network"),
            subject: None,
            judicial: None,
        }),
    );
    e.recipients = Recipients::Ncbs(to.iter().map(|c| ncb(c)).collect());
    e
}

/// A wanted-person diffusion without its judicial data: the review refuses it.
pub fn incomplete_wanted_diffusion(from: &str, to: &[&str]) -> Envelope {
    let mut e = diffusion(from, to, Dispatch::ViaGsReview);
    if let Body::Diffusion(d) = &mut e.body {
        d.purpose = DiffusionPurpose::WantedPerson;
    }
    e
}

/// Now, for tests that need instants.
pub fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}
