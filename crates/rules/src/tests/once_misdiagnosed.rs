//! The cases the first rules got wrong, each pinned to a transcript.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertVerdict, ClientMessage, DnsOutcome, DnsRecord, Event, GreetingStatus, Login, MailProtocol,
    Operation, RecordType, Secret, Security, TcpOutcome, WithheldReason,
};

use super::support::*;
use crate::{Code, Discovery, Report, Request, Session, Settings, Severity};

fn smtp(port: u16, security: Security) -> Settings {
    Settings { host: "mail.example.test".into(), port, protocol: MailProtocol::Smtp, security }
}

fn smtp_dialog(login: Option<Event>) -> Vec<Event> {
    let mut events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        tls(CertVerdict::Valid),
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220 ready".into() },
        capabilities(MailProtocol::Smtp, true, &["AUTH GSSAPI NTLM"]),
    ];
    events.extend(login);
    events.push(Event::Completed { protocol: MailProtocol::Smtp });
    events
}

fn password() -> Login {
    Login { username: "alice@example.test".into(), secret: Secret::new("pw"), mechanism: None, allow_plaintext: false }
}

#[test]
fn only_mechanisms_without_a_password_is_mechanism_unsupported_never_ok() {
    let offered = vec!["GSSAPI".to_owned(), "NTLM".to_owned()];
    let withheld = Event::Auth {
        method: String::new(),
        username: "alice@example.test".into(),
        outcome: AuthOutcome::Withheld { why: WithheldReason::MechanismsUnsupported { offered } },
        code: None,
        text: String::new(),
    };
    let report = diagnose(smtp(465, Security::Tls), smtp_dialog(Some(withheld)));
    assert_eq!(root(&report), Code::AuthMechanismUnsupported);
    assert!(report.findings[0].explanation.contains("GSSAPI, NTLM"), "{:?}", report.findings[0]);
    assert!(report.findings[0].fix[0].contains("Kerberos"), "the app setting that matches");
    assert!(!codes(&report).contains(&Code::OkOutgoing), "no ok for a login that did not happen: {report:#?}");
    assert!(report.working.is_empty());
}

#[test]
fn a_failed_search_after_given_settings_is_information() {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(Settings { host: "closed.example.test".into(), ..imap_tls() });
    request.outgoing = Some(Settings { host: "closed.example.test".into(), ..smtp(587, Security::Starttls) });
    let report = simulate(Session::plan(request).expect("valid"), |op| match op {
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    });
    let errors: Vec<Code> = report.findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.code).collect();
    assert_eq!(errors, vec![Code::TcpRefused, Code::TcpRefused], "each direction's root cause: {report:#?}");
    let none = report.findings.iter().find(|f| f.code == Code::DiscoveryNone).expect("discovery.none");
    assert_eq!(none.severity, Severity::Info);
}

#[test]
fn a_domain_that_does_not_exist_gets_no_guesses() {
    let mut session = Session::plan(Request::new("bob@nosuch.test")).expect("valid");
    let mut probed = Vec::new();
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        let events = match &op {
            Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
            Operation::Probe(spec) => {
                probed.push(spec.host.clone());
                vec![]
            }
            _ => vec![],
        };
        pending.extend(finish(&mut session, id, events));
    }
    assert!(probed.is_empty(), "guessed under a missing domain: {probed:?}");
    let report = session.report(&catalog());
    assert_eq!(codes(&report), vec![Code::DnsNxdomain]);
}

/// Answers the system resolver's CNAME question for `alias` with `target`.
fn broken_alias(alias: &'static str, target: &'static str) -> impl Fn(&Operation) -> Vec<Event> {
    move |op| match op {
        Operation::Resolve(spec) if spec.name == alias && spec.types[0] == RecordType::Cname => {
            let record = DnsRecord::Cname { target: format!("{target}.") };
            vec![dns(alias, RecordType::Cname, DnsOutcome::Answer, vec![record])]
        }
        Operation::Probe(spec) if spec.host == alias => vec![dns(alias, RecordType::A, DnsOutcome::NxDomain, vec![])],
        Operation::Probe(spec) if spec.host == "mail.example.test" => healthy_imap(),
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        Operation::Resolve(spec) if spec.name == "guess.example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        _ => vec![],
    }
}

#[test]
fn a_broken_alias_is_nxdomain_with_its_chain_not_a_typo() {
    // guess.example.test publishes nothing, so the alias is the root cause.
    // "mial" is one keystroke from "mail", which works: still not a typo, it exists.
    for (alias, target) in
        [("imap.guess.example.test", "oldimap.example.test"), ("mial.example.test", "gone.example.test")]
    {
        let given = Settings { host: alias.into(), ..imap_tls() };
        let mut request = Request::new("alice@guess.example.test");
        request.incoming = Some(given);
        request.outgoing = Some(smtp(587, Security::Starttls));
        request.sample_latency = false;
        let report = simulate(Session::plan(request).expect("valid"), broken_alias(alias, target));
        let finding = &report.findings[0];
        assert_eq!(finding.code, Code::DnsNxdomain, "{report:#?}");
        assert!(finding.explanation.contains(&format!("{alias} → {target}")), "{}", finding.explanation);
        assert!(!codes(&report).contains(&Code::SettingsHostTypo), "{report:#?}");
    }
}

#[test]
fn a_silent_port_25_is_followed_up_on_the_same_host_first() {
    let mut request = Request::new("alice@example.test");
    request.outgoing = Some(smtp(25, Security::Starttls));
    request.sample_latency = false;
    let session = Session::plan(request).expect("valid");
    let report = simulate(session, |op| match op {
        Operation::Probe(spec) if spec.port == 25 => vec![dns_ok(), tcp(TcpOutcome::TimedOut)],
        Operation::Probe(spec) if spec.host == "mail.example.test" && spec.port == 587 => {
            smtp_dialog(None).into_iter().filter(|e| !matches!(e, Event::Capabilities { .. })).collect()
        }
        Operation::Probe(spec) if spec.host == "mail.example.test" => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        Operation::Probe(spec) if spec.protocol == MailProtocol::Smtp => {
            panic!("another name was tried before the same host's ports: {}", spec.host)
        }
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    });
    assert_eq!(root(&report), Code::TcpPort25Blocked, "{report:#?}");
    let found = report.findings.iter().find(|f| f.code == Code::DiscoveryFound).expect("the working port is named");
    assert!(found.explanation.contains("mail.example.test:587") && found.explanation.contains("other usual ports"));
    assert_eq!(report.findings[0].clients.len(), 5, "each app's menus for the change");
}

#[test]
fn tls_on_the_starttls_port_names_both_working_settings_of_the_same_host() {
    let given = Settings { port: 143, ..imap_tls() };
    let report = simulate(discovering(given), |op| match op {
        Operation::Probe(spec) if spec.port == 143 && spec.security == Security::Tls => {
            tls_failed(maildoctor_wire::TlsFailure::NotTls { first_bytes: "2a 20 4f 4b".into() })
        }
        Operation::Probe(spec) if spec.host == "mail.example.test" => healthy_imap(),
        Operation::Probe(spec) if spec.protocol != MailProtocol::Smtp => {
            panic!("tried {} before the same host", spec.host)
        }
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    });
    assert_eq!(root(&report), Code::SettingsTlsOnPlainPort);
    let hosts: Vec<String> = report.working.iter().map(|e| format!("{}:{}", e.port, e.security)).collect();
    assert!(hosts.contains(&"993:SSL/TLS".into()) && hosts.contains(&"143:STARTTLS".into()), "{hosts:?}");
}

/// Plans `request` and answers every operation with `answer`, recording
/// which probes carried the password.
fn logins_sent(request: Request, answer: impl Fn(&Operation) -> Vec<Event>) -> (Report, Vec<(String, u16)>) {
    let mut session = Session::plan(request).expect("valid");
    let mut with_password = Vec::new();
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        if let Operation::Probe(spec) = &op {
            if spec.login.is_some() {
                with_password.push((spec.host.clone(), spec.port));
            }
        }
        pending.extend(finish(&mut session, id, answer(&op)));
    }
    (session.report(&catalog()), with_password)
}

fn accepted_login(op: &Operation) -> Vec<Event> {
    let Operation::Probe(spec) = op else { return published_domain(op) };
    if spec.login.is_none() || spec.host != "mail.example.test" {
        return published_domain(op);
    }
    let mut events = healthy_imap();
    let done = events.pop().expect("completed");
    events.push(Event::Auth {
        method: "PLAIN".into(),
        username: "alice@example.test".into(),
        outcome: AuthOutcome::Accepted,
        code: None,
        text: "ok".into(),
    });
    events.push(if spec.protocol == MailProtocol::Smtp {
        Event::Completed { protocol: MailProtocol::Smtp }
    } else {
        done
    });
    events
}

#[test]
fn the_domains_published_servers_get_the_password_twice_at_most_and_say_ok() {
    let mut request = Request::new("alice@example.test");
    request.login = Some(password());
    request.sample_latency = false;
    let (report, sent) = logins_sent(request, accepted_login);
    assert!(!sent.is_empty(), "the published servers are logged in to");
    assert!(sent.iter().all(|(host, _)| host == "mail.example.test"), "only the domain's own: {sent:?}");
    assert!(sent.len() <= 2, "at most two logins per server: {sent:?}");
    assert!(codes(&report).contains(&Code::OkIncoming), "{:?}", codes(&report));
}

#[test]
fn guessed_servers_get_the_password_only_with_consent() {
    let guessing = |op: &Operation| match op {
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        Operation::Probe(spec) if spec.host == "imap.example.test" && spec.port == 993 => healthy_imap(),
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    };
    let mut request = Request::new("alice@example.test");
    request.login = Some(password());
    request.sample_latency = false;
    let (report, sent) = logins_sent(request.clone(), guessing);
    assert!(sent.is_empty(), "no consent, no password to a guess: {sent:?}");
    assert!(report.ask_consent, "the report offers to ask");
    request.login_discovered = true;
    let (report, sent) = logins_sent(request, guessing);
    assert!(sent.contains(&("imap.example.test".into(), 993)), "{sent:?}");
    assert!(!report.ask_consent);
    let mut request = Request::new("alice@example.test");
    request.discovery = Discovery::WhenGivenFail;
    assert!(!request.login_discovered, "consent is off by default");
}

#[test]
fn a_scanner_whose_root_is_trusted_is_still_named_with_its_own_setting() {
    for (issuer, product) in [
        ("CN=avast! Web/Mail Shield Root, OU=generated by avast! antivirus for SSL/TLS scanning, O=avast! Web/Mail Shield", "Avast"),
        ("CN=ESET SSL Filter CA, O=ESET spol. s r. o., C=SK", "ESET"),
    ] {
        let events = healthy_imap_signed_by(issuer, CertVerdict::Valid);
        let report = diagnose(imap_tls(), events);
        let warning = &report.findings[0];
        assert_eq!((warning.code, warning.severity), (Code::TlsIntercepted, Severity::Warning), "{report:#?}");
        assert!(warning.title.contains(product) && warning.fix[0].contains(product), "{warning:?}");
        assert!(codes(&report).contains(&Code::OkIncoming), "the mail still works");
    }
}

#[test]
fn a_failed_connect_asks_the_zones_name_server_and_tries_its_address() {
    let mut request = Request::new("alice@guess.example.test");
    request.incoming = Some(Settings {
        host: "pop.example.test".into(),
        port: 995,
        protocol: MailProtocol::Pop3,
        security: Security::Tls,
    });
    request.discovery = Discovery::WhenGivenFail;
    request.sample_latency = false;
    let mut session = Session::plan(request).expect("valid");
    let mut pinned = Vec::new();
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        let events = match &op {
            Operation::Resolve(spec) if spec.name == "example.test" && spec.types[0] == RecordType::Ns => {
                vec![dns(
                    &spec.name,
                    RecordType::Ns,
                    DnsOutcome::Answer,
                    vec![DnsRecord::Ns { target: "ns1.example.test.".into() }],
                )]
            }
            Operation::Resolve(spec) if spec.name == "ns1.example.test" => {
                vec![dns(&spec.name, RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.30")])]
            }
            Operation::Resolve(spec)
                if spec.name == "pop.example.test" && spec.resolver != maildoctor_wire::ResolverChoice::System =>
            {
                vec![dns(&spec.name, RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.10")])]
            }
            Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
            Operation::Probe(spec) if spec.address.is_some() => {
                pinned.push(spec.address);
                let mut events = healthy_imap();
                events[0] = dns("pop.example.test", RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.10")]);
                events.retain(|e| !matches!(e, Event::Greeting { .. } | Event::Capabilities { .. }));
                events.insert(
                    3,
                    Event::Greeting {
                        spoken: Some(MailProtocol::Pop3),
                        status: GreetingStatus::Ready,
                        text: "+OK".into(),
                    },
                );
                events.pop();
                events.push(Event::Completed { protocol: MailProtocol::Pop3 });
                events
            }
            Operation::Probe(spec) if spec.host == "pop.example.test" => {
                vec![
                    dns("pop.example.test", RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.99")]),
                    tcp(TcpOutcome::Refused),
                ]
            }
            Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
            _ => vec![],
        };
        pending.extend(finish(&mut session, id, events));
    }
    assert_eq!(pinned, vec![Some("127.0.0.10".parse().expect("an address"))], "the zone's address, once");
    let report = session.report(&catalog());
    assert_eq!(root(&report), Code::DnsAnswersDiffer, "{report:#?}");
    assert_eq!(report.findings[0].follows.iter().map(|f| f.code).collect::<Vec<_>>(), vec![Code::TcpRefused]);
}
