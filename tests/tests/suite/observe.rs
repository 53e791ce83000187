//! Each observation the executor makes, pinned against a real server: NSD
//! for DNS, Dovecot and Postfix for TLS and logins, a namespace behind
//! nftables for what firewalls do to TCP.

use std::time::Duration;

use maildoctor_probe::{Policy, Timeouts};
use maildoctor_tests::{events_of, executor, executor_with, resolver};
use maildoctor_wire::{
    AuthMechanism, AuthOutcome, CertVerdict, DnsOutcome, DnsRecord, Event, Login, MailProtocol, Operation, ProbeSpec,
    RecordType, ResolveSpec, ResolverChoice, Secret, Security, TcpOutcome, TlsResult,
};
use tokio::sync::mpsc;

async fn run(op: Operation) -> Vec<Event> {
    run_with(op, Timeouts { operation: Duration::from_secs(20), ..Timeouts::default() }).await
}

async fn run_with(op: Operation, timeouts: Timeouts) -> Vec<Event> {
    events_of(executor_with(Policy::permissive(), timeouts), op).await
}

fn probe(host: &str, port: u16, protocol: MailProtocol, security: Security, login: Option<Login>) -> Operation {
    Operation::Probe(ProbeSpec { host: host.into(), port, protocol, security, login, address: None })
}

fn resolve(name: &str, types: &[RecordType]) -> Operation {
    Operation::Resolve(ResolveSpec {
        name: name.into(),
        types: types.to_vec(),
        resolver: ResolverChoice::Server(resolver()),
    })
}

fn dns_answer(events: &[Event], wanted: RecordType) -> (DnsOutcome, Vec<DnsRecord>) {
    events
        .iter()
        .find_map(|e| match e {
            Event::Dns { record_type, outcome, records, .. } if *record_type == wanted => {
                Some((outcome.clone(), records.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {wanted} answer in {events:?}"))
}

#[tokio::test]
async fn dns_records_of_every_type_from_the_test_zone() {
    let events = run(resolve("example.test", &[RecordType::Mx, RecordType::Txt])).await;
    assert_eq!(
        dns_answer(&events, RecordType::Mx),
        (DnsOutcome::Answer, vec![DnsRecord::Mx { preference: 10, exchange: "mail.example.test.".into() }])
    );
    assert!(
        matches!(&dns_answer(&events, RecordType::Txt).1[..], [DnsRecord::Txt { text }] if text == "v=spf1 mx -all")
    );

    let events = run(resolve("_imaps._tcp.example.test", &[RecordType::Srv])).await;
    assert_eq!(
        dns_answer(&events, RecordType::Srv).1,
        vec![DnsRecord::Srv { priority: 0, weight: 1, port: 993, target: "mail.example.test.".into() }]
    );

    let events = run(resolve("imap.example.test", &[RecordType::Cname])).await;
    assert_eq!(
        dns_answer(&events, RecordType::Cname).1,
        vec![DnsRecord::Cname { target: "mail.example.test.".into() }]
    );

    let events = run(resolve("mail.example.test", &[RecordType::A, RecordType::Aaaa])).await;
    assert_eq!(dns_answer(&events, RecordType::A).1, vec![DnsRecord::A { address: [127, 0, 0, 10].into() }]);
    assert_eq!(
        dns_answer(&events, RecordType::Aaaa).1,
        vec![DnsRecord::Aaaa { address: std::net::Ipv6Addr::LOCALHOST }]
    );

    let events = run(resolve("nosuch.example.test", &[RecordType::A])).await;
    assert_eq!(dns_answer(&events, RecordType::A).0, DnsOutcome::NxDomain);
    let events = run(resolve("legacy.example.test", &[RecordType::Mx])).await;
    assert_eq!(dns_answer(&events, RecordType::Mx).0, DnsOutcome::NoData, "the name exists, without MX");
}

#[tokio::test]
async fn the_certificate_chain_is_summarised() {
    let events = run(probe("mail.example.test", 993, MailProtocol::Imap, Security::Tls, None)).await;
    let chain = events
        .iter()
        .find_map(|e| match e {
            Event::Tls { result: TlsResult::Established { verdict: CertVerdict::Valid, chain, .. }, .. } => {
                Some(chain.clone())
            }
            _ => None,
        })
        .expect("a verified handshake");
    assert_eq!(chain.len(), 2, "leaf and CA, as the fixture sends them");
    assert_eq!(chain[0].subject, "CN=mail.example.test, O=Example Test");
    assert_eq!(chain[0].issuer, "O=Example Test, CN=Example Test Root CA");
    assert!(chain[0].dns_names.contains(&"mail.example.test".to_string()));
    assert_eq!(chain[0].sha256.len(), 64);
    assert!(chain[0].not_after > chain[0].not_before);
}

#[tokio::test]
async fn starttls_on_all_three_protocols() {
    for (port, protocol) in
        [(143, MailProtocol::Imap), (110, MailProtocol::Pop3), (587, MailProtocol::Smtp), (25, MailProtocol::Smtp)]
    {
        let events = run(probe("mail.example.test", port, protocol, Security::Starttls, None)).await;
        assert!(events.iter().any(|e| matches!(e, Event::Starttls { accepted: true, .. })), "{protocol}: {events:?}");
        let caps: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::Capabilities { tls, .. } => Some(*tls),
                _ => None,
            })
            .collect();
        assert_eq!(caps, vec![false, true], "{protocol}: asked again after TLS");
        // The dialog's end; after it, only the TLS versions question.
        let dialog_end = events.iter().rev().find(|e| !matches!(e, Event::TlsVersions { .. }));
        assert!(matches!(dialog_end, Some(Event::Completed { .. })), "{protocol}: {events:?}");
    }
}

fn login(password: &str, mechanism: Option<AuthMechanism>) -> Option<Login> {
    Some(Login {
        username: "alice@example.test".into(),
        secret: Secret::new(password),
        mechanism,
        allow_plaintext: false,
    })
}

fn auth_outcome(events: &[Event]) -> (String, AuthOutcome, Option<String>) {
    events
        .iter()
        .find_map(|e| match e {
            Event::Auth { method, outcome, code, .. } => {
                Some((method.clone(), outcome.clone(), code.as_ref().map(|c| c.to_string())))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no login in {events:?}"))
}

#[tokio::test]
async fn real_logins_good_and_bad() {
    let cases = [
        ("mail.example.test", 993, MailProtocol::Imap, Security::Tls, None, "correct-horse", "PLAIN", true),
        (
            "mail.example.test",
            143,
            MailProtocol::Imap,
            Security::Starttls,
            Some(AuthMechanism::Login),
            "correct-horse",
            "LOGIN",
            true,
        ),
        ("mail.example.test", 995, MailProtocol::Pop3, Security::Tls, None, "correct-horse", "PLAIN", true),
        ("mail.example.test", 587, MailProtocol::Smtp, Security::Starttls, None, "correct-horse", "PLAIN", true),
        (
            "mail.example.test",
            465,
            MailProtocol::Smtp,
            Security::Tls,
            Some(AuthMechanism::Login),
            "correct-horse",
            "LOGIN",
            true,
        ),
        ("mail.example.test", 993, MailProtocol::Imap, Security::Tls, None, "wrong", "PLAIN", false),
        ("mail.example.test", 465, MailProtocol::Smtp, Security::Tls, None, "wrong", "PLAIN", false),
    ];
    for (host, port, protocol, security, mechanism, password, method, accepted) in cases {
        let events = run(probe(host, port, protocol, security, login(password, mechanism))).await;
        let (got_method, outcome, code) = auth_outcome(&events);
        assert_eq!(got_method, method, "{protocol} {port}");
        assert_eq!(outcome == AuthOutcome::Accepted, accepted, "{protocol} {port}: {outcome:?} {code:?}");
        if !accepted {
            assert!(matches!(code.as_deref(), Some("AUTHENTICATIONFAILED" | "535 5.7.8")), "{code:?}");
        }
    }
}

#[tokio::test]
async fn credentials_wait_for_a_verified_certificate() {
    let events =
        run(probe("expired.example.test", 993, MailProtocol::Imap, Security::Tls, login("correct-horse", None))).await;
    assert!(matches!(auth_outcome(&events).1, AuthOutcome::Withheld { .. }));
    assert!(!events.iter().any(|e| matches!(e, Event::Line { text, .. } if text.contains("AUTHENTICATE"))));
}

#[tokio::test]
async fn firewalls_drop_reject_and_prohibit() {
    let quick = Timeouts { connect: Duration::from_secs(3), operation: Duration::from_secs(20), ..Timeouts::default() };
    let tcp = |events: &[Event]| {
        events.iter().find_map(|e| match e {
            Event::Tcp { outcome, elapsed_ms, .. } => Some((*outcome, *elapsed_ms)),
            _ => None,
        })
    };
    let control = |events: &[Event]| {
        events.iter().find_map(|e| match e {
            Event::Control { outcome, .. } => Some(*outcome),
            _ => None,
        })
    };
    let dropped = run_with(probe("fw.example.test", 993, MailProtocol::Imap, Security::Tls, None), quick.clone()).await;
    let (outcome, elapsed) = tcp(&dropped).expect("a connect");
    assert_eq!(outcome, TcpOutcome::TimedOut);
    assert!(elapsed < 3_500, "a silent drop is named within about 3 s, not 2 minutes: {elapsed} ms");
    assert_eq!(control(&dropped), Some(TcpOutcome::Connected), "443 answers: the path to the mail port is blocked");

    let refused = run_with(probe("fw.example.test", 995, MailProtocol::Pop3, Security::Tls, None), quick.clone()).await;
    assert_eq!(tcp(&refused).map(|t| t.0), Some(TcpOutcome::Refused));

    let prohibited =
        run_with(probe("fw.example.test", 143, MailProtocol::Imap, Security::Starttls, None), quick.clone()).await;
    assert_eq!(tcp(&prohibited).map(|t| t.0), Some(TcpOutcome::Unreachable));

    let port25 =
        run_with(probe("fw.example.test", 25, MailProtocol::Smtp, Security::Starttls, None), quick.clone()).await;
    assert_eq!(tcp(&port25).map(|t| t.0), Some(TcpOutcome::TimedOut));
    let port587 = run_with(probe("fw.example.test", 587, MailProtocol::Smtp, Security::None, None), quick).await;
    assert!(matches!(port587.last(), Some(Event::Completed { protocol: MailProtocol::Smtp })), "{port587:?}");
    assert_eq!(control(&port587), None, "no control connection when the mail port works");
}

#[tokio::test]
async fn latency_samples() {
    let events =
        run(Operation::SampleLatency { host: "fw.example.test".into(), port: 587, count: 5, address: None }).await;
    let latency = events.iter().find_map(|e| match e {
        Event::Latency { attempts, connected, min_ms, median_ms, max_ms, .. } => {
            Some((*attempts, *connected, *min_ms, *median_ms, *max_ms))
        }
        _ => None,
    });
    let (attempts, connected, min, median, max) = latency.expect("a latency summary");
    assert_eq!((attempts, connected), (5, 5));
    assert!(min <= median && median <= max);
    assert_eq!(events.iter().filter(|e| matches!(e, Event::Tcp { .. })).count(), 5);

    let quick = Timeouts { connect: Duration::from_millis(500), ..Timeouts::default() };
    let events =
        run_with(Operation::SampleLatency { host: "fw.example.test".into(), port: 25, count: 2, address: None }, quick)
            .await;
    assert!(events.iter().any(|e| matches!(e, Event::Latency { attempts: 2, connected: 0, .. })), "{events:?}");
}

#[tokio::test]
async fn the_relay_policy_refuses_oversized_samples() {
    let executor = executor(Policy::permissive());
    let (tx, _rx) = mpsc::channel(4);
    let refused = executor
        .run(&Operation::SampleLatency { host: "fw.example.test".into(), port: 587, count: 200, address: None }, &tx)
        .await;
    assert!(refused.is_err());
}

fn autoconfig(
    events: &[Event],
) -> (Option<u16>, Vec<maildoctor_wire::DiscoveredServer>, Option<maildoctor_wire::AutoconfigProblem>) {
    events
        .iter()
        .find_map(|e| match e {
            Event::Autoconfig { status, servers, problem, .. } => Some((*status, servers.clone(), problem.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no autoconfig event in {events:?}"))
}

#[tokio::test]
async fn autoconfig_documents_over_https_and_http() {
    let url = "https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=alice%40example.test";
    let events = run(Operation::FetchAutoconfig { url: url.into() }).await;
    let (status, servers, problem) = autoconfig(&events);
    assert_eq!((status, problem), (Some(200), None));
    assert_eq!(servers.len(), 3, "{servers:?}");
    assert_eq!(
        (servers[0].host.as_str(), servers[0].port, servers[0].security, servers[0].protocol),
        ("mail.example.test", 993, Security::Tls, MailProtocol::Imap),
        "%EMAILDOMAIN% filled in from the address"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Tls { result: TlsResult::Established { verdict: CertVerdict::Valid, .. }, .. })));

    let events = run(Operation::FetchAutoconfig {
        url: "http://example.test/.well-known/autoconfig/mail/config-v1.1.xml".into(),
    })
    .await;
    assert_eq!(autoconfig(&events).1.len(), 3);
}

#[tokio::test]
async fn autoconfig_problems_are_named() {
    // Served, but not there.
    let events = run(Operation::FetchAutoconfig {
        url: "http://mail.example.test/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=x".into(),
    })
    .await;
    assert_eq!(autoconfig(&events).0, Some(404), "{events:?}");
    // A host with no web server.
    let events =
        run(Operation::FetchAutoconfig { url: "https://closed.example.test/mail/config-v1.1.xml".into() }).await;
    assert_eq!(autoconfig(&events).2, Some(maildoctor_wire::AutoconfigProblem::Unreachable), "{events:?}");
    // A certificate for another name: the document is not read.
    let events =
        run(Operation::FetchAutoconfig { url: "https://wronghost.example.test/mail/config-v1.1.xml".into() }).await;
    assert!(
        events.iter().all(|e| !matches!(e, Event::Autoconfig { servers, .. } if !servers.is_empty())),
        "{events:?}"
    );
}

/// The executor logs in once, as told, and reports the server's code typed;
/// whether to retry with the full address is the planner's decision
/// (`scenarios::a_username_without_the_domain_is_refused_and_the_full_address_works`).
#[tokio::test]
async fn a_refused_local_part_is_one_attempt_with_its_typed_code() {
    let login = Login {
        username: "alice".into(),
        secret: Secret::new("correct-horse"),
        mechanism: None,
        allow_plaintext: false,
    };
    let events = run(probe("mail.example.test", 993, MailProtocol::Imap, Security::Tls, Some(login))).await;
    let attempts: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Auth { outcome, code, username, .. } => Some((outcome.clone(), code.clone(), username.clone())),
            _ => None,
        })
        .collect();
    let failed = maildoctor_wire::ReplyCode::Imap { code: "AUTHENTICATIONFAILED".into() };
    assert_eq!(attempts, vec![(AuthOutcome::Rejected, Some(failed), "alice".to_owned())]);
}

/// A relay's operator has the last word on cleartext passwords: without
/// `--allow-plaintext-logins` a client's `allow_plaintext` is ignored, and
/// the dialog withholds the password on a connection without TLS.
#[tokio::test]
async fn the_operator_can_forbid_passwords_without_tls() {
    let mut asked = login("correct-horse", None);
    if let Some(login) = asked.as_mut() {
        login.allow_plaintext = true;
    }
    let op = Operation::Probe(ProbeSpec {
        host: "nostarttls.example.test".into(),
        port: 143,
        protocol: MailProtocol::Imap,
        security: Security::None,
        login: asked,
        address: None,
    });
    let timeouts = Timeouts { operation: Duration::from_secs(20), ..Timeouts::default() };
    let allowed = run_with(op.clone(), timeouts.clone()).await;
    assert!(!matches!(auth_outcome(&allowed).1, AuthOutcome::Withheld { .. }), "{allowed:?}");

    let relay_policy = Policy { allow_private: true, ..Policy::default() };
    let forbidden = events_of(executor_with(relay_policy, timeouts), op).await;
    assert_eq!(
        auth_outcome(&forbidden).1,
        AuthOutcome::Withheld { why: maildoctor_wire::WithheldReason::NotEncrypted },
        "{forbidden:?}"
    );
}
