//! Real server texts, each cited to the server's source or the provider's
//! documentation (`crates/rules/corpus/`), read to their codes: every text
//! through the reply parser the dialogs use and the rules, as a probe that
//! met it at the greeting or the login would.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_proto::sniff;
use maildoctor_wire::{AuthOutcome, CertVerdict, Event, MailProtocol, Security, TcpOutcome};
use serde::Deserialize;

use super::support::{capabilities, diagnose, dns_ok, tcp, tls};
use crate::{Code, Settings};

const REPLIES: &str = include_str!("../../corpus/replies.json");
const STAGED: &str = include_str!("../../corpus/staged.json");

#[derive(Debug, Deserialize)]
struct Entry {
    software: String,
    protocol: String,
    step: String,
    reply: String,
    code: String,
    source: String,
}

fn entries() -> Vec<Entry> {
    let mut all: Vec<Entry> = serde_json::from_str(REPLIES).expect("replies.json is a JSON array of entries");
    all.extend(serde_json::from_str::<Vec<Entry>>(STAGED).expect("staged.json is a JSON array of entries"));
    all
}

/// The first error code a probe gets that met `entry`'s text where it says.
fn read(entry: &Entry) -> Option<Code> {
    let protocol = match entry.protocol.as_str() {
        "imap" => MailProtocol::Imap,
        "pop3" => MailProtocol::Pop3,
        "smtp" => MailProtocol::Smtp,
        other => panic!("{other}: not a protocol"),
    };
    let settings = Settings {
        host: "mail.example.test".into(),
        port: protocol.usual_port(Security::Tls),
        protocol,
        security: Security::Tls,
    };
    let (ready, caps): (&str, &[&str]) = match protocol {
        MailProtocol::Imap => ("* OK ready", &["IMAP4rev1", "AUTH=PLAIN"]),
        MailProtocol::Pop3 => ("+OK ready", &["USER", "SASL PLAIN"]),
        MailProtocol::Smtp => ("220 mail.example.test ESMTP", &["AUTH PLAIN LOGIN"]),
    };
    let mut events = vec![dns_ok(), tcp(TcpOutcome::Connected), tls(CertVerdict::Valid)];
    let greeting = |text: &str| Event::Greeting {
        spoken: Some(protocol),
        status: sniff::greeting_status(Some(protocol), text.as_bytes()),
        text: text.into(),
    };
    if entry.step == "greeting" {
        events.push(greeting(&entry.reply));
    } else {
        events.push(greeting(ready));
        events.push(capabilities(protocol, true, caps));
        events.push(Event::Auth {
            method: "PLAIN".into(),
            username: "alice@example.test".into(),
            outcome: AuthOutcome::Rejected,
            code: sniff::reply_code(protocol, &entry.reply),
            text: entry.reply.clone(),
        });
    }
    let report = diagnose(settings, events);
    report.findings.iter().find(|f| f.severity == crate::Severity::Error).map(|f| f.code)
}

#[test]
fn every_real_server_text_reads_to_its_code() {
    let all = entries();
    assert!(all.len() >= 60, "the corpus has {} texts", all.len());
    let mut wrong = Vec::new();
    for entry in &all {
        assert!(!entry.source.trim().is_empty(), "{}: no source", entry.reply);
        let want = Code::parse(&entry.code).unwrap_or_else(|| panic!("{}: unknown code {}", entry.reply, entry.code));
        let got = read(entry);
        if got != Some(want) {
            wrong.push(format!("{} ({}): {:?} — want {want}, got {got:?}", entry.software, entry.step, entry.reply));
        }
    }
    assert!(wrong.is_empty(), "{} of {} texts read wrong:\n{}", wrong.len(), all.len(), wrong.join("\n"));
}

#[test]
fn the_corpus_spans_software_and_classes() {
    let all = entries();
    let mut software: Vec<&str> = all.iter().map(|e| e.software.split(' ').next().unwrap_or_default()).collect();
    software.sort_unstable();
    software.dedup();
    assert!(software.len() >= 12, "{software:?}");
    for class in [
        "auth.account_locked",
        "auth.password_expired",
        "auth.protocol_disabled",
        "server.client_blocked",
        "server.over_quota",
        "auth.invalid_credentials",
    ] {
        let count = all.iter().filter(|e| e.code == class).count();
        assert!(count >= 3, "{class}: {count} texts");
    }
}
