//! Each rule pinned to the event transcript that produces it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CertProblem, CertVerdict, DnsOutcome, DnsRecord, Event, GreetingStatus, MailProtocol, ProbeFailure, RecordType,
    Refusal, Security, ServerMessage, Step, TcpOutcome, TlsFailure, TlsResult,
};

use crate::{Code, Report, Session, Settings, Severity};

fn imap_tls() -> Settings {
    Settings { host: "mail.example.test".into(), port: 993, protocol: MailProtocol::Imap, security: Security::Tls }
}

fn diagnose(settings: Settings, events: Vec<Event>) -> Report {
    let mut session = Session::check_server("alice@example.test", settings).expect("valid input");
    assert_eq!(session.start().len(), 1);
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    let report = session.report();
    assert!(report.complete);
    report
}

fn root(report: &Report) -> Code {
    report.findings.first().expect("at least one finding").code
}

/// What the system resolver said about `name`.
fn dns(name: &str, record_type: RecordType, outcome: DnsOutcome, records: Vec<DnsRecord>) -> Event {
    Event::Dns { name: name.into(), record_type, resolver: "system".into(), outcome, records, elapsed_ms: 1 }
}

fn dns_ok() -> Event {
    dns("mail.example.test", RecordType::A, DnsOutcome::Answer, vec![DnsRecord::A { address: "127.0.0.10".into() }])
}

/// Resolved and connected; then the TLS handshake failed with `failure`.
fn tls_failed(failure: TlsFailure) -> Vec<Event> {
    vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Tls { address: "127.0.0.10:993".into(), result: TlsResult::Failed { failure }, elapsed_ms: 2 },
    ]
}

fn tcp(outcome: TcpOutcome) -> Event {
    Event::Tcp { address: "127.0.0.10:993".into(), outcome, elapsed_ms: 0 }
}

fn tls(verdict: CertVerdict) -> Event {
    Event::Tls {
        address: "127.0.0.10:993".into(),
        result: TlsResult::Established { version: "TLSv1.3".into(), cipher: "x".into(), verdict, chain: vec![] },
        elapsed_ms: 3,
    }
}

fn greeting(text: &str) -> Event {
    Event::Greeting { spoken: Some(MailProtocol::Imap), status: GreetingStatus::Ready, text: text.into() }
}

fn healthy_imap() -> Vec<Event> {
    vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        tls(CertVerdict::Valid),
        greeting("* OK Dovecot ready."),
        Event::Capabilities { protocol: MailProtocol::Imap, tls: true, list: vec!["IMAP4rev1".into()] },
        Event::Completed { protocol: MailProtocol::Imap },
    ]
}

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
            Event::Tcp { address: "[::1]:993".into(), outcome: TcpOutcome::Refused, elapsed_ms: 0 },
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
    events.insert(1, Event::Tcp { address: "[::1]:993".into(), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
    let report = diagnose(imap_tls(), events);
    assert!(!report.has_errors());
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![Code::DnsIpv6Broken, Code::OkIncoming]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
}

#[test]
fn an_ipv4_failure_with_working_ipv6_is_not_called_ipv6_broken() {
    let mut events = healthy_imap();
    events[1] = Event::Tcp { address: "[::1]:993".into(), outcome: TcpOutcome::Connected, elapsed_ms: 0 };
    events.insert(1, Event::Tcp { address: "127.0.0.10:993".into(), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
    assert_eq!(root(&diagnose(imap_tls(), events)), Code::OkIncoming);
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
        Event::Capabilities { protocol: MailProtocol::Imap, tls: false, list: vec!["IMAP4rev1".into()] },
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
    let mut session = Session::check_server("a@example.test", imap_tls()).expect("valid");
    session.start();
    session.handle(&ServerMessage::Refused {
        id: 1,
        reason: Refusal::DestinationNotAllowed { address: "10.0.0.1:993".into() },
    });
    let report = session.report();
    assert!(report.complete);
    assert_eq!(root(&report), Code::RelayDestinationNotAllowed);
    assert!(!report.has_errors());
}

#[test]
fn a_report_is_partial_while_events_arrive() {
    let mut session = Session::check_server("a@example.test", imap_tls()).expect("valid");
    session.start();
    session.handle(&ServerMessage::Event { id: 1, t_ms: 0, event: dns_ok() });
    let report = session.report();
    assert!(!report.complete);
    assert!(report.findings.is_empty());
    assert!(report.to_text().contains("still checking"));
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    assert!(Session::check_server("not-an-address", imap_tls()).is_err());
    let err = Session::check_server("a@example.test", Settings { host: "mail example".into(), ..imap_tls() })
        .expect_err("spaces are not allowed");
    assert!(err.to_string().contains("not a server name"));
}

#[test]
fn the_text_report_reads_like_a_diagnosis() {
    let mut events = healthy_imap();
    events[2] = tls(CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01".into()) } });
    let text = diagnose(imap_tls(), events).to_text();
    assert!(text.contains("ERROR [tls.cert_expired] The server's certificate has expired"), "{text}");
    assert!(text.contains("at IMAP mail.example.test:993 (SSL/TLS)"), "{text}");
    assert!(text.contains("1. Tell your mail provider"), "{text}");
    assert!(text.contains("expired on 2020-02-01."), "{text}");
}

/// Feeds `events` to operation `id` and ends it; returns the follow-ups.
fn finish(session: &mut Session, id: u32, events: Vec<Event>) -> Vec<maildoctor_wire::ClientMessage> {
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id })
}

#[test]
fn a_slow_path_is_high_latency_and_a_lost_syn_is_intermittent() {
    let mut session = Session::new("alice@example.test", Some(imap_tls()), None).expect("valid");
    // The incoming probe, then discovery lookups for the outgoing side.
    let first = session.start();
    assert!(first.len() > 1);
    let follow_ups = finish(&mut session, 1, healthy_imap());
    let latency_id = follow_ups
        .iter()
        .find_map(|m| match m {
            maildoctor_wire::ClientMessage::Run { id, op: maildoctor_wire::Operation::SampleLatency { count, .. } } => {
                assert_eq!(*count, 6);
                Some(*id)
            }
            _ => None,
        })
        .expect("the working server is sampled");
    let mut events: Vec<Event> = [420, 1410, 450, 430, 1440, 440]
        .into_iter()
        .map(|ms| Event::Tcp { address: "127.0.0.10:993".into(), outcome: TcpOutcome::Connected, elapsed_ms: ms })
        .collect();
    events.push(Event::Latency {
        address: "127.0.0.10:993".into(),
        attempts: 6,
        connected: 6,
        min_ms: 420,
        median_ms: 440,
        max_ms: 1440,
    });
    finish(&mut session, latency_id, events);
    let codes: Vec<Code> = session.report().findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&Code::NetworkIntermittent), "{codes:?}");
    assert!(codes.contains(&Code::NetworkHighLatency), "{codes:?}");
    assert!(codes.contains(&Code::OkIncoming), "still works: {codes:?}");
}

#[test]
fn a_healthy_sample_says_nothing() {
    let mut session = Session::new("alice@example.test", Some(imap_tls()), None).expect("valid");
    session.start();
    let follow_ups = finish(&mut session, 1, healthy_imap());
    let Some(maildoctor_wire::ClientMessage::Run { id, .. }) = follow_ups.iter().find(|m| {
        matches!(m, maildoctor_wire::ClientMessage::Run { op: maildoctor_wire::Operation::SampleLatency { .. }, .. })
    }) else {
        panic!("no sample");
    };
    let mut events: Vec<Event> = (0..6)
        .map(|_| Event::Tcp { address: "127.0.0.10:993".into(), outcome: TcpOutcome::Connected, elapsed_ms: 1 })
        .collect();
    events.push(Event::Latency { address: "a".into(), attempts: 6, connected: 6, min_ms: 1, median_ms: 1, max_ms: 1 });
    finish(&mut session, *id, events);
    let codes: Vec<Code> = session.report().findings.iter().map(|f| f.code).collect();
    assert!(!codes.iter().any(|c| matches!(c, Code::NetworkIntermittent | Code::NetworkHighLatency)), "{codes:?}");
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
        address: "203.0.113.5:993".into(),
        result: TlsResult::Established {
            version: "TLS 1.3".into(),
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

/// Plays the relay for a whole session: `answer` gives each operation's events.
fn simulate(mut session: Session, answer: impl Fn(&maildoctor_wire::Operation) -> Vec<Event>) -> Report {
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let maildoctor_wire::ClientMessage::Run { id, op } = message else { continue };
        pending.extend(finish(&mut session, id, answer(&op)));
    }
    let report = session.report();
    assert!(report.complete);
    report
}

/// example.test publishes mail.example.test for IMAP over TLS (SRV), and
/// mail.example.test works; every other name refuses connections.
fn published_domain(op: &maildoctor_wire::Operation) -> Vec<Event> {
    use maildoctor_wire::Operation;
    match op {
        Operation::Resolve(spec) if spec.name == "_imaps._tcp.example.test" => {
            let srv = DnsRecord::Srv { priority: 0, weight: 1, port: 993, target: "mail.example.test.".into() };
            vec![dns(&spec.name, RecordType::Srv, DnsOutcome::Answer, vec![srv])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        Operation::Probe(probe) if probe.host == "mail.example.test" && probe.port == 993 => healthy_imap(),
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    }
}

#[test]
fn a_failing_server_the_domain_does_not_publish_is_a_host_mismatch() {
    let given = Settings { host: "oldmail.example.test".into(), ..imap_tls() };
    let session = Session::new("alice@example.test", Some(given), None).expect("valid");
    let report = simulate(session, published_domain);
    let root = report.findings.first().expect("a finding");
    assert_eq!(root.code, Code::SettingsHostMismatch, "{report:#?}");
    assert_eq!(root.endpoint.as_ref().map(|e| e.host.as_str()), Some("oldmail.example.test"));
    assert!(root.fix[0].contains("from oldmail.example.test to mail.example.test, keep port 993"), "{:?}", root.fix);
    assert_eq!(root.follows.iter().map(|f| f.code).collect::<Vec<_>>(), [Code::TcpRefused]);
    assert_eq!(root.clients.len(), 5, "the change, in each app's menus");
    // The failure is not also reported on its own.
    assert!(!report.findings.iter().any(|f| f.code == Code::TcpRefused));
}

#[test]
fn a_typo_or_an_unpublished_guess_is_not_a_host_mismatch() {
    // One keystroke from the published name: a typo, said as such.
    let typo = Settings { host: "mial.example.test".into(), ..imap_tls() };
    let nxdomain = |op: &maildoctor_wire::Operation| match op {
        maildoctor_wire::Operation::Probe(p) if p.host == "mial.example.test" => {
            vec![dns(&p.host, RecordType::A, DnsOutcome::NxDomain, vec![])]
        }
        other => published_domain(other),
    };
    let report = simulate(Session::new("alice@example.test", Some(typo), None).expect("valid"), nxdomain);
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.first(), Some(&Code::SettingsHostTypo), "{codes:?}");
    assert!(!codes.contains(&Code::SettingsHostMismatch), "{codes:?}");
    // Nothing published: a guessed name that works is a discovery, not what the domain names.
    let unpublished = |op: &maildoctor_wire::Operation| match op {
        maildoctor_wire::Operation::Resolve(spec) if spec.name.starts_with('_') => {
            vec![dns(&spec.name, RecordType::Srv, DnsOutcome::NxDomain, vec![])]
        }
        maildoctor_wire::Operation::Probe(p) if p.host == "imap.example.test" && p.port == 993 => healthy_imap(),
        other => published_domain(other),
    };
    let given = Settings { host: "oldmail.example.test".into(), ..imap_tls() };
    let report = simulate(Session::new("alice@example.test", Some(given), None).expect("valid"), unpublished);
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.first(), Some(&Code::TcpRefused), "{codes:?}");
    assert!(codes.contains(&Code::DiscoveryFound) && !codes.contains(&Code::SettingsHostMismatch), "{codes:?}");
    // The published server's own address, typed instead of its name: the name is not the fault.
    let by_address = Settings { host: "127.0.0.10".into(), ..imap_tls() };
    let report = simulate(Session::new("alice@example.test", Some(by_address), None).expect("valid"), published_domain);
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.first(), Some(&Code::TcpRefused), "{codes:?}");
    assert!(!codes.contains(&Code::SettingsHostMismatch), "{codes:?}");
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
            Event::Capabilities {
                protocol: MailProtocol::Smtp,
                tls: false,
                list: extensions.iter().map(|e| e.to_string()).collect(),
            },
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
            Event::Capabilities { protocol: MailProtocol::Smtp, tls: false, list: vec!["STARTTLS".into()] },
            Event::Starttls { accepted: true, text: "220 2.0.0 Ready to start TLS".into() },
            tls(CertVerdict::Valid),
            Event::Capabilities {
                protocol: MailProtocol::Smtp,
                tls: true,
                list: vec!["PIPELINING".into(), "AUTH PLAIN LOGIN".into()],
            },
        ];
        events.extend(login);
        events.push(Event::Completed { protocol: MailProtocol::Smtp });
        events
    };
    let codes = |report: Report| report.findings.iter().map(|f| f.code).collect::<Vec<_>>();
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
        outcome: maildoctor_wire::AuthOutcome::Accepted,
        code: Some("235 2.7.0".into()),
        text: "235 2.7.0 Authentication successful".into(),
    };
    assert!(!codes(diagnose(submission(587), dialog(Some(accepted)))).contains(&Code::AuthRequired));
    // Port 25 takes unauthenticated mail for its own users.
    assert!(!codes(diagnose(submission(25), dialog(None))).contains(&Code::AuthRequired));
}
