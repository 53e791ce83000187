//! Middleboxes named (issue 26): STARTTLS hidden or blocked by the path,
//! told from a server without STARTTLS; an MTU black hole told from a
//! dead TLS server.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CertVerdict, EnhancedStatus, Event, GreetingStatus, MailProtocol, ReplyCode, Security, TcpOutcome, TlsFailure,
    TlsResult, TlsVersion,
};

use super::support::*;
use crate::{Code, Settings, Severity};

fn submission() -> Settings {
    Settings { port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() }
}

/// EHLO without STARTTLS, then what the path did to STARTTLS tried anyway.
fn stripped(after: Vec<Event>) -> Vec<Event> {
    let mut events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220 mx".into() },
        capabilities(MailProtocol::Smtp, false, &["PIPELINING", "8BITMIME"]),
    ];
    events.extend(after);
    events.push(Event::Completed { protocol: MailProtocol::Smtp });
    events
}

fn refused(text: &str) -> Event {
    Event::Starttls { accepted: false, text: text.into() }
}

fn rset(basic: u16, enhanced: &str, text: &str) -> Event {
    let code = Some(ReplyCode::Smtp { basic, enhanced: EnhancedStatus::parse(enhanced) });
    Event::PlainCommand { command: "RSET".into(), code, text: text.into() }
}

#[test]
fn starttls_hidden_by_the_path_and_accepted_is_intercepted() {
    let report = diagnose(
        submission(),
        stripped(vec![
            Event::Starttls { accepted: true, text: "220 2.0.0 Ready to start TLS".into() },
            tls(CertVerdict::Valid),
            capabilities(MailProtocol::Smtp, true, &["STARTTLS", "AUTH PLAIN"]),
        ]),
    );
    assert_eq!(root(&report), Code::NetworkIntercepted, "{report:#?}");
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert!(report.findings[0].explanation.contains("Ready to start TLS"), "{report:#?}");
}

#[test]
fn starttls_refused_while_the_server_wants_tls_first_is_blocked_by_the_path() {
    let events = stripped(vec![
        refused("502 5.5.2 Error: command not recognized"),
        rset(530, "5.7.0", "530 5.7.0 Must issue a STARTTLS command first"),
    ]);
    let report = diagnose(submission(), events);
    assert_eq!(root(&report), Code::NetworkIntercepted, "{report:#?}");
    assert!(report.findings[0].explanation.contains("Must issue a STARTTLS command first"), "{report:#?}");
}

#[test]
fn a_server_without_starttls_is_not_blamed_on_the_network() {
    let events =
        stripped(vec![refused("502 5.5.1 Error: command not implemented"), rset(250, "2.0.0", "250 2.0.0 Ok")]);
    assert_eq!(root(&diagnose(submission(), events)), Code::StarttlsNotOffered);
    // IMAP without LOGINDISABLED: plaintext logins are the server's choice.
    let starttls = Settings { port: 143, security: Security::Starttls, ..imap_tls() };
    let imap = |caps: &[&str]| {
        vec![
            dns_ok(),
            tcp(TcpOutcome::Connected),
            greeting("* OK"),
            capabilities(MailProtocol::Imap, false, caps),
            refused("a2 BAD TLS support isn't enabled."),
            Event::Completed { protocol: MailProtocol::Imap },
        ]
    };
    assert_eq!(root(&diagnose(starttls.clone(), imap(&["IMAP4rev1", "AUTH=PLAIN"]))), Code::StarttlsNotOffered);
    // With LOGINDISABLED the server wants TLS first: the refusal is the path's.
    assert_eq!(root(&diagnose(starttls, imap(&["IMAP4rev1", "LOGINDISABLED"]))), Code::NetworkIntercepted);
}

fn stalled_then(small: Option<TlsResult>) -> Vec<Event> {
    let mut events = tls_failed(TlsFailure::Timeout);
    if let Some(result) = small {
        events.push(Event::TlsSmallSegments { address: at("127.0.0.10:993"), mss: 536, result, elapsed_ms: 40 });
    }
    events
}

#[test]
fn mtu_black_hole_is_told_from_a_dead_tls_server() {
    let works = TlsResult::Established {
        version: TlsVersion::Tls13,
        cipher: "x".into(),
        verdict: CertVerdict::Valid,
        chain: vec![],
    };
    let black_hole = diagnose(imap_tls(), stalled_then(Some(works)));
    assert_eq!(root(&black_hole), Code::NetworkMtuBlackhole, "{black_hole:#?}");
    assert!(black_hole.findings[0].explanation.contains("536"), "{black_hole:#?}");
    let dead = diagnose(imap_tls(), stalled_then(Some(TlsResult::Failed { failure: TlsFailure::Timeout })));
    assert_eq!(root(&dead), Code::TlsHandshakeFailed);
    assert_eq!(root(&diagnose(imap_tls(), stalled_then(None))), Code::TlsHandshakeFailed);
}
