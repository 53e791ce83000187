//! The text report, pinned for a handful of situations, in English and in
//! German. On a deliberate change, run
//! `MAILDOCTOR_UPDATE_SNAPSHOTS=1 cargo test -p maildoctor-rules` and review
//! the diff of `src/snapshots/`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertVerdict, DnsOutcome, DnsRecord, EnhancedStatus, Event, GreetingStatus, MailProtocol,
    RecordType, ReplyCode, ResolverChoice, Security, ServerMessage, TcpOutcome, TlsResult, TlsVersion,
};

use super::support::{caps, only};
use crate::{Catalog, Lang, Settings};

/// The text report of `events`, in both languages.
fn report_texts(settings: Settings, events: Vec<Event>) -> [(Lang, String); 2] {
    let mut session = only(settings);
    session.start();
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64 * 10, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    Lang::ALL.map(|lang| (lang, session.report(&Catalog::new(lang)).to_text(&Catalog::new(lang))))
}

fn settings(host: &str, port: u16, protocol: MailProtocol, security: Security) -> Settings {
    Settings { host: host.into(), port, protocol, security }
}

fn dns(name: &str, outcome: DnsOutcome, records: Vec<DnsRecord>) -> Event {
    Event::Dns {
        name: name.into(),
        record_type: RecordType::A,
        resolver: ResolverChoice::System,
        outcome,
        records,
        elapsed_ms: 3,
    }
}

fn a(address: &str) -> Vec<DnsRecord> {
    vec![DnsRecord::A { address: address.parse().expect("an IPv4 address") }]
}

fn tcp(address: &str, outcome: TcpOutcome) -> Event {
    Event::Tcp { address: address.parse().expect("an ip:port"), outcome, elapsed_ms: 12 }
}

fn tls(address: &str, verdict: CertVerdict) -> Event {
    Event::Tls {
        address: address.parse().expect("an ip:port"),
        result: TlsResult::Established {
            version: TlsVersion::Tls13,
            cipher: "TLS13_AES_256_GCM_SHA384".into(),
            verdict,
            chain: vec![],
        },
        elapsed_ms: 20,
    }
}

fn greeting(protocol: MailProtocol, text: &str) -> Event {
    Event::Greeting { spoken: Some(protocol), status: GreetingStatus::Ready, text: text.into() }
}

/// Compares each language's text with its snapshot, `expected` in the order of [`Lang::ALL`].
fn check(name: &str, actual: [(Lang, String); 2], expected: [&str; 2]) {
    for ((lang, actual), expected) in actual.iter().zip(expected) {
        #[cfg(not(target_arch = "wasm32"))]
        if std::env::var_os("MAILDOCTOR_UPDATE_SNAPSHOTS").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/snapshots")
                .join(lang.tag())
                .join(format!("{name}.txt"));
            std::fs::write(path, actual).expect("write snapshot");
            continue;
        }
        assert_eq!(actual, expected, "snapshot {lang}/{name} changed; see the module docs to update it");
    }
}

macro_rules! snapshots {
    ($name:literal) => {
        [
            include_str!(concat!("../snapshots/en/", $name, ".txt")),
            include_str!(concat!("../snapshots/de/", $name, ".txt")),
        ]
    };
}

#[test]
fn expired_certificate() {
    let text = report_texts(
        settings("expired.example.test", 993, MailProtocol::Imap, Security::Tls),
        vec![
            dns("expired.example.test", DnsOutcome::Answer, a("203.0.113.11")),
            tcp("203.0.113.11:993", TcpOutcome::Connected),
            tls(
                "203.0.113.11:993",
                CertVerdict::Invalid {
                    problem: CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) },
                },
            ),
            greeting(MailProtocol::Imap, "* OK Dovecot ready."),
            Event::Completed { protocol: MailProtocol::Imap },
        ],
    );
    check("expired_certificate", text, snapshots!("expired_certificate"));
}

#[test]
fn silently_dropped_port() {
    let text = report_texts(
        settings("mail.example.test", 587, MailProtocol::Smtp, Security::Starttls),
        vec![
            dns("mail.example.test", DnsOutcome::Answer, a("203.0.113.10")),
            tcp("203.0.113.10:587", TcpOutcome::TimedOut),
            Event::Control {
                address: "203.0.113.10:443".parse().expect("an ip:port"),
                outcome: TcpOutcome::Connected,
                elapsed_ms: 11,
            },
        ],
    );
    check("silently_dropped_port", text, snapshots!("silently_dropped_port"));
}

#[test]
fn gmail_wants_an_app_password() {
    let text = report_texts(
        settings("smtp.gmail.com", 465, MailProtocol::Smtp, Security::Tls),
        vec![
            dns("smtp.gmail.com", DnsOutcome::Answer, a("203.0.113.20")),
            tcp("203.0.113.20:465", TcpOutcome::Connected),
            tls("203.0.113.20:465", CertVerdict::Valid),
            greeting(MailProtocol::Smtp, "220 smtp.gmail.com ESMTP"),
            Event::Auth {
                method: "PLAIN".into(),
                username: "alice@gmail.com".into(),
                outcome: AuthOutcome::Rejected,
                code: Some(ReplyCode::Smtp { basic: 534, enhanced: Some(EnhancedStatus::new(5, 7, 9)) }),
                text: "534 5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor".into(),
            },
            Event::Completed { protocol: MailProtocol::Smtp },
        ],
    );
    check("gmail_wants_an_app_password", text, snapshots!("gmail_wants_an_app_password"));
}

#[test]
fn plaintext_that_works() {
    let text = report_texts(
        settings("mail.example.test", 110, MailProtocol::Pop3, Security::None),
        vec![
            dns("mail.example.test", DnsOutcome::Answer, a("203.0.113.10")),
            tcp("203.0.113.10:110", TcpOutcome::Connected),
            greeting(MailProtocol::Pop3, "+OK ready"),
            Event::Capabilities { protocol: MailProtocol::Pop3, tls: false, offered: caps(&["USER"]) },
            Event::Completed { protocol: MailProtocol::Pop3 },
        ],
    );
    check("plaintext_that_works", text, snapshots!("plaintext_that_works"));
}
