//! Each rule of one probe pinned to the event transcript that produces it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CertProblem, CertVerdict, DnsOutcome, Event, GreetingStatus, MailProtocol, ProbeFailure, RecordType, Refusal,
    Security, ServerMessage, Step, TcpOutcome, TlsFailure, TlsResult, TlsVersion,
};

use super::support::*;
use crate::{Code, Discovery, Report, Request, Session, SessionError, Settings, Severity};

#[test]
fn a_healthy_server_is_ok_incoming_with_its_settings() {
    let report = diagnose(imap_tls(), healthy_imap());
    assert_eq!(root(&report), Code::OkIncoming);
    assert!(!report.has_errors());
    assert_eq!(report.working.len(), 1);
    assert_eq!(report.working[0].port, 993);
}

#[test]
fn nxdomain_is_the_root_cause_and_nothing_else_is_reported() {
    let report = diagnose(imap_tls(), vec![dns("mail.example.test", RecordType::A, DnsOutcome::NxDomain, vec![])]);
    assert_eq!(root(&report), Code::DnsNxdomain);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert!(report.findings[0].title.contains("mail.example.test"));
}

#[test]
fn refused_on_every_address_is_tcp_refused() {
    let report = diagnose(
        imap_tls(),
        vec![
            dns_ok(),
            tcp(TcpOutcome::Refused),
            Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Refused, elapsed_ms: 0 },
            Event::Failed { step: Step::Connect, reason: ProbeFailure::Unreachable },
        ],
    );
    assert_eq!(root(&report), Code::TcpRefused);
    assert_eq!(report.findings[0].evidence.len(), 2, "one proof per address");
}

#[test]
fn silence_is_filtered_not_refused() {
    let report = diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::TimedOut)]);
    assert_eq!(root(&report), Code::TcpFiltered);
}

#[test]
fn one_address_connecting_is_not_a_tcp_failure_but_broken_ipv6_is_said() {
    let mut events = healthy_imap();
    events.insert(1, Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
    let report = diagnose(imap_tls(), events);
    assert!(!report.has_errors());
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![Code::DnsIpv6Broken, Code::OkIncoming]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
}

#[test]
fn an_ipv4_failure_with_working_ipv6_is_ipv4_broken_not_ipv6() {
    let mut events = healthy_imap();
    events[1] = Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Connected, elapsed_ms: 0 };
    events.insert(1, Event::Tcp { address: at("127.0.0.10:993"), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
    let report = diagnose(imap_tls(), events);
    assert_eq!(codes(&report), vec![Code::DnsIpv4Broken, Code::OkIncoming], "a warning, like the reverse case");
    assert!(!report.has_errors());
}

#[test]
fn an_expired_certificate_is_the_root_even_though_the_dialog_went_on() {
    let mut events = healthy_imap();
    events[2] = tls(CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01".into()) } });
    let report = diagnose(imap_tls(), events);
    assert_eq!(root(&report), Code::TlsCertExpired);
    assert!(report.working.is_empty(), "an expired certificate is not a working setting");
    assert!(!report.findings.iter().any(|f| f.code == Code::OkIncoming));
}

#[test]
fn each_certificate_problem_has_its_code() {
    let cases = [
        (CertProblem::NotYetValid { not_before: None }, Code::TlsCertNotYetValid),
        (CertProblem::SelfSigned, Code::TlsCertSelfSigned),
        (CertProblem::UnknownIssuer, Code::TlsCertUntrusted),
        (CertProblem::NameMismatch { expected: "a".into(), presented: vec!["b".into()] }, Code::TlsCertNameMismatch),
        (CertProblem::ChainIncomplete, Code::TlsChainIncomplete),
    ];
    for (problem, code) in cases {
        let mut events = healthy_imap();
        events[2] = tls(CertVerdict::Invalid { problem });
        assert_eq!(root(&diagnose(imap_tls(), events)), code);
    }
}

#[test]
fn plaintext_answer_to_a_tls_hello_means_tls_on_a_plain_port() {
    let events = tls_failed(TlsFailure::NotTls { first_bytes: "2a 20 4f 4b".into() });
    assert_eq!(root(&diagnose(imap_tls(), events)), Code::SettingsTlsOnPlainPort);
}

#[test]
fn an_smtp_banner_for_an_imap_setting_is_a_protocol_mismatch() {
    let settings = Settings { port: 587, security: Security::None, ..imap_tls() };
    let events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Greeting {
            spoken: Some(MailProtocol::Smtp),
            status: GreetingStatus::Ready,
            text: "220 mail ESMTP".into(),
        },
    ];
    let report = diagnose(settings, events);
    assert_eq!(root(&report), Code::SettingsProtocolMismatch);
    assert!(report.findings[0].title.contains("SMTP"));
}

#[test]
fn starttls_missing_from_capabilities() {
    let settings = Settings { port: 143, security: Security::Starttls, ..imap_tls() };
    let events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        greeting("* OK ready"),
        capabilities(MailProtocol::Imap, false, &["IMAP4rev1"]),
        Event::Completed { protocol: MailProtocol::Imap },
    ];
    assert_eq!(root(&diagnose(settings, events)), Code::StarttlsNotOffered);
}

#[test]
fn a_plaintext_setting_that_works_still_warns() {
    let settings = Settings { port: 143, security: Security::None, ..imap_tls() };
    let mut events = healthy_imap();
    events.remove(2);
    let report = diagnose(settings, events);
    assert_eq!(root(&report), Code::SettingsPlaintextInsecure, "the warning sorts before the ok");
    assert!(report.findings.iter().any(|f| f.code == Code::OkIncoming));
}

#[test]
fn a_policy_refusal_is_explained_not_blamed_on_the_server() {
    let mut session = only(imap_tls());
    session.start();
    session.handle(&ServerMessage::Refused {
        id: 1,
        reason: Refusal::DestinationNotAllowed { address: "10.0.0.1".parse().expect("an address") },
    });
    let report = session.report(&catalog());
    assert!(report.complete);
    assert_eq!(root(&report), Code::RelayDestinationNotAllowed);
    assert!(!report.has_errors());
}

#[test]
fn a_report_is_partial_while_events_arrive() {
    let mut session = only(imap_tls());
    session.start();
    session.handle(&ServerMessage::Event { id: 1, t_ms: 0, event: dns_ok() });
    let report = session.report(&catalog());
    assert!(!report.complete);
    assert!(report.findings.is_empty());
    assert!(report.to_text(&catalog()).contains("still checking"));
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let mut request = Request::new("not-an-address");
    request.incoming = Some(imap_tls());
    assert_eq!(Session::plan(request).err(), Some(SessionError::BadAddress("not-an-address".into())));
    let mut request = Request::new("a@example.test");
    request.incoming = Some(Settings { host: "mail example".into(), ..imap_tls() });
    let err = Session::plan(request).expect_err("spaces are not allowed");
    assert!(err.render(&catalog()).contains("not a server name"), "{}", err.render(&catalog()));
    let mut request = Request::new("a@example.test");
    request.discovery = Discovery::Off;
    assert_eq!(Session::plan(request).err(), Some(SessionError::NothingToCheck));
}

#[test]
fn the_text_report_reads_like_a_diagnosis() {
    let mut events = healthy_imap();
    events[2] = tls(CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01".into()) } });
    let text = diagnose(imap_tls(), events).to_text(&catalog());
    assert!(text.contains("ERROR [tls.cert_expired] The server's certificate has expired"), "{text}");
    assert!(text.contains("at IMAP mail.example.test:993 (SSL/TLS)"), "{text}");
    assert!(text.contains("1. Tell your mail provider"), "{text}");
    assert!(text.contains("expired on 2020-02-01."), "{text}");
}

#[test]
fn silence_on_an_implicit_tls_port_means_tls_was_expected() {
    let settings = Settings {
        host: "mail.example.test".into(),
        port: 465,
        protocol: MailProtocol::Smtp,
        security: Security::None,
    };
    let events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Failed { step: Step::Greeting, reason: ProbeFailure::Deadline { waited_ms: 4000 } },
    ];
    assert_eq!(root(&diagnose(settings, events)), Code::SettingsPlainOnTlsPort);
}

fn untrusted_chain(issuer: &str) -> Event {
    Event::Tls {
        address: at("203.0.113.5:993"),
        result: TlsResult::Established {
            version: TlsVersion::Tls13,
            cipher: "x".into(),
            verdict: CertVerdict::Invalid { problem: CertProblem::UnknownIssuer },
            chain: vec![maildoctor_wire::CertSummary {
                subject: "CN=imap.gmail.com".into(),
                issuer: issuer.into(),
                not_before: "2026-01-01T00:00:00Z".into(),
                not_after: "2027-01-01T00:00:00Z".into(),
                dns_names: vec!["imap.gmail.com".into()],
                sha256: "00".into(),
            }],
        },
        elapsed_ms: 5,
    }
}

#[test]
fn an_antivirus_issuer_or_a_providers_host_means_interception() {
    let gmail = Settings { host: "imap.gmail.com".into(), ..imap_tls() };
    for (settings, issuer) in [
        (gmail.clone(), "CN=Some Corporate Root"),
        (imap_tls(), "CN=Kaspersky Anti-Virus Personal Root Certificate, O=AO Kaspersky Lab"),
    ] {
        let mut events = healthy_imap();
        events[2] = untrusted_chain(issuer);
        assert_eq!(root(&diagnose(settings, events)), Code::TlsIntercepted, "{issuer}");
    }
    // An unknown CA on an ordinary server is just untrusted.
    let mut events = healthy_imap();
    events[2] = untrusted_chain("CN=Some Corporate Root");
    assert_eq!(root(&diagnose(imap_tls(), events)), Code::TlsCertUntrusted);
}

#[test]
fn servfail_and_a_failed_handshake_have_their_codes() {
    let servfail = vec![dns("mail.example.test", RecordType::A, DnsOutcome::ServFail, vec![])];
    assert_eq!(root(&diagnose(imap_tls(), servfail)), Code::DnsServfail);
    let alert = tls_failed(TlsFailure::Alert { description: "HandshakeFailure".into() });
    assert_eq!(root(&diagnose(imap_tls(), alert)), Code::TlsHandshakeFailed);
}

#[test]
fn a_web_answer_or_blanked_extensions_mean_the_network_intercepts() {
    let tls_answer = |hex: &str| tls_failed(TlsFailure::NotTls { first_bytes: hex.into() });
    // "HTTP/1.1 302 Fou": a captive portal answering the TLS hello.
    let portal = diagnose(imap_tls(), tls_answer("48 54 54 50 2f 31 2e 31 20 33 30 32 20 46 6f 75"));
    assert_eq!(root(&portal), Code::NetworkIntercepted);
    assert!(portal.findings[0].explanation.contains("HTTP/1.1 302 Fou"), "{:?}", portal.findings[0]);
    // "* OK": a mail server that wanted no TLS here, which is a settings matter.
    assert_eq!(root(&diagnose(imap_tls(), tls_answer("2a 20 4f 4b"))), Code::SettingsTlsOnPlainPort);
    // A proxy that speaks first, on a plaintext port; an SSH banner there is just not mail.
    let plain = Settings { port: 143, security: Security::None, ..imap_tls() };
    let first_line = |text: &str| {
        vec![
            dns_ok(),
            tcp(TcpOutcome::Connected),
            Event::Greeting { spoken: None, status: GreetingStatus::Unrecognized, text: text.into() },
        ]
    };
    assert_eq!(root(&diagnose(plain.clone(), first_line("HTTP/1.0 408 Request Timeout"))), Code::NetworkIntercepted);
    assert_eq!(root(&diagnose(plain, first_line("SSH-2.0-OpenSSH_9.6"))), Code::SettingsProtocolMismatch);

    let submission = Settings { port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() };
    let ehlo = |extensions: &[&str]| {
        vec![
            dns_ok(),
            tcp(TcpOutcome::Connected),
            Event::Greeting {
                spoken: Some(MailProtocol::Smtp),
                status: GreetingStatus::Ready,
                text: "220 ******************************".into(),
            },
            capabilities(MailProtocol::Smtp, false, extensions),
        ]
    };
    let masked = diagnose(submission.clone(), ehlo(&["PIPELINING", "XXXXXXXA", "XXXA PLAIN LOGIN", "8BITMIME"]));
    assert_eq!(root(&masked), Code::NetworkIntercepted, "{masked:#?}");
    assert!(masked.findings[0].explanation.contains("XXXXXXXA"));
    // STARTTLS simply absent, with ordinary X- extensions: the server's choice.
    let absent = diagnose(submission, ehlo(&["PIPELINING", "XCLIENT NAME ADDR", "X-EXPS LOGIN", "8BITMIME"]));
    assert_eq!(root(&absent), Code::StarttlsNotOffered);
}

#[test]
fn a_submission_server_checked_without_a_password_says_to_sign_in() {
    let submission =
        |port: u16| Settings { port, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() };
    let dialog = |login: Option<Event>| {
        let mut events = vec![
            dns_ok(),
            tcp(TcpOutcome::Connected),
            Event::Greeting {
                spoken: Some(MailProtocol::Smtp),
                status: GreetingStatus::Ready,
                text: "220 mail.example.test ESMTP".into(),
            },
            capabilities(MailProtocol::Smtp, false, &["STARTTLS"]),
            Event::Starttls { accepted: true, text: "220 2.0.0 Ready to start TLS".into() },
            tls(CertVerdict::Valid),
            capabilities(MailProtocol::Smtp, true, &["PIPELINING", "AUTH PLAIN LOGIN"]),
        ];
        events.extend(login);
        events.push(Event::Completed { protocol: MailProtocol::Smtp });
        events
    };
    let codes = |report: Report| codes(&report);
    let unchecked = diagnose(submission(587), dialog(None));
    assert!(!unchecked.has_errors());
    let sign_in = unchecked.findings.iter().find(|f| f.code == Code::AuthRequired).expect("auth.required");
    assert_eq!(sign_in.severity, Severity::Info);
    assert!(sign_in.explanation.contains("PLAIN LOGIN"), "{}", sign_in.explanation);
    assert_eq!(sign_in.clients.len(), 5);
    assert!(codes(unchecked).contains(&Code::OkOutgoing));
    // The login itself was tested and worked: nothing to say.
    let accepted = Event::Auth {
        method: "PLAIN".into(),
        username: "alice@example.test".into(),
        outcome: maildoctor_wire::AuthOutcome::Accepted,
        code: Some(maildoctor_wire::ReplyCode::Smtp {
            basic: 235,
            enhanced: maildoctor_wire::EnhancedStatus::parse("2.7.0"),
        }),
        text: "235 2.7.0 Authentication successful".into(),
    };
    assert!(!codes(diagnose(submission(587), dialog(Some(accepted)))).contains(&Code::AuthRequired));
    // Port 25 takes unauthenticated mail for its own users.
    assert!(!codes(diagnose(submission(25), dialog(None))).contains(&Code::AuthRequired));
}
