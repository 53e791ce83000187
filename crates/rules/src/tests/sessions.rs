//! Rules across the probes of a session, pinned to whole simulated sessions.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{DnsOutcome, Event, RecordType, TcpOutcome};

use super::support::*;
use crate::{Code, Settings};

#[test]
fn a_failing_server_the_domain_does_not_publish_is_a_host_mismatch() {
    let given = Settings { host: "oldmail.example.test".into(), ..imap_tls() };
    let session = discovering(given);
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
    let report = simulate(discovering(typo), nxdomain);
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
    let report = simulate(discovering(given), unpublished);
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.first(), Some(&Code::TcpRefused), "{codes:?}");
    assert!(codes.contains(&Code::DiscoveryFound) && !codes.contains(&Code::SettingsHostMismatch), "{codes:?}");
    // The published server's own address, typed instead of its name: the name is not the fault.
    let by_address = Settings { host: "127.0.0.10".into(), ..imap_tls() };
    let report = simulate(discovering(by_address), published_domain);
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.first(), Some(&Code::TcpRefused), "{codes:?}");
    assert!(!codes.contains(&Code::SettingsHostMismatch), "{codes:?}");
}

/// The provider's page says IMAP on 993 with SSL/TLS; the app uses `given`,
/// which fails (refused) unless `given_works`.
pub(super) fn provider_says_993_app_uses(given: Settings, given_works: bool) -> crate::Report {
    let mut request = crate::Request::new("alice@example.test");
    request.incoming = Some(given.clone());
    request.expected.incoming = Some(imap_tls());
    let session = crate::Session::plan(request).expect("valid");
    simulate(session, move |op| match op {
        maildoctor_wire::Operation::Probe(spec) if spec.port == 993 => healthy_imap(),
        maildoctor_wire::Operation::Probe(spec) if spec.port == given.port && given_works => healthy_imap(),
        maildoctor_wire::Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        maildoctor_wire::Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        _ => vec![],
    })
}

#[test]
fn the_providers_settings_are_compared_with_the_apps_in_one_sentence() {
    let plain = Settings { port: 143, security: maildoctor_wire::Security::None, ..imap_tls() };
    let report = provider_says_993_app_uses(plain.clone(), false);
    let root = &report.findings[0];
    assert_eq!(root.code, Code::SettingsNotAsProviderSays, "{report:#?}");
    assert_eq!(root.title, "Your provider says 993 with SSL/TLS; your app uses 143 without encryption");
    assert!(root.follows.iter().any(|f| f.code == Code::TcpRefused), "the app's failure follows from it: {root:#?}");
    assert!(root.fix[0].contains("mail.example.test:993"), "{:?}", root.fix);
    assert!(report.working.iter().any(|e| e.port == 993), "the provider's settings work: {:?}", report.working);

    // The app's settings work all the same: a warning, nothing folded.
    let report = provider_says_993_app_uses(plain, true);
    let said = report.findings.iter().find(|f| f.code == Code::SettingsNotAsProviderSays).expect("compared");
    assert_eq!(said.severity, crate::Severity::Warning, "{said:#?}");
    assert!(said.explanation.contains("work from here all the same"), "{}", said.explanation);

    // Another server name: the whole server is named.
    let other = Settings { host: "imap.other.test".into(), ..imap_tls() };
    let report = provider_says_993_app_uses(Settings { port: 994, ..other }, false);
    let root = &report.findings[0];
    assert_eq!(
        root.title,
        "Your provider says mail.example.test on port 993 with SSL/TLS; your app uses imap.other.test on port 994 with SSL/TLS"
    );
}

#[test]
fn a_dropped_port_is_filtered_while_its_probe_ends_not_a_protocol_error() {
    let mut session = only(imap_tls());
    session.start();
    let failed =
        Event::Failed { step: maildoctor_wire::Step::Connect, reason: maildoctor_wire::ProbeFailure::Unreachable };
    for (n, event) in [dns_ok(), tcp(TcpOutcome::TimedOut), failed].into_iter().enumerate() {
        session.handle(&maildoctor_wire::ServerMessage::Event { id: 1, t_ms: n as u64, event });
        let report = session.report(&catalog());
        assert!(!codes(&report).contains(&Code::ServerProtocolError), "after event {n}: {:?}", codes(&report));
    }
}

#[test]
fn a_check_that_failed_on_its_own_side_is_never_no_problems() {
    // The relay's own socket failed before the greeting: an info finding,
    // no error, and nothing learnt about the server either way.
    let events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Failed {
            step: maildoctor_wire::Step::Greeting,
            reason: maildoctor_wire::ProbeFailure::Local { detail: "No buffer space available".into() },
        },
    ];
    let report = diagnose(imap_tls(), events);
    assert!(!report.has_errors(), "{report:#?}");
    assert_eq!(report.state(), crate::Verdict::NotVerified);
    assert_eq!(report.untested.first().map(|u| u.reason), Some(crate::UntestedReason::NotReached));
}

#[test]
fn a_login_the_relay_held_back_is_why_the_side_is_unproven() {
    // The person's own 993 with a password: the relay's login ration
    // refuses it. Why nothing is proven is the ration, also when some
    // other incoming server answers without a login (the page saw 143).
    let mut request = crate::Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.login = Some(maildoctor_wire::Login {
        username: "alice@example.test".into(),
        secret: maildoctor_wire::Secret::new("pw"),
        mechanism: None,
        allow_plaintext: false,
    });
    request.sample_latency = false;
    let mut session = crate::Session::plan(request).expect("valid");
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let maildoctor_wire::ClientMessage::Run { id, op } = message else { continue };
        let events = match &op {
            maildoctor_wire::Operation::Probe(spec) if spec.port == 993 && spec.login.is_some() => {
                let refusal = maildoctor_wire::Refusal::LoginLimit { retry_after_s: 600 };
                pending.extend(session.handle(&maildoctor_wire::ServerMessage::Refused { id, reason: refusal }));
                continue;
            }
            maildoctor_wire::Operation::Probe(spec) if spec.port == 995 => vec![
                dns_ok(),
                tcp(TcpOutcome::Connected),
                tls(maildoctor_wire::CertVerdict::Valid),
                greeting("+OK Dovecot ready."),
                capabilities(maildoctor_wire::MailProtocol::Pop3, true, &["USER", "SASL PLAIN"]),
                Event::Completed { protocol: maildoctor_wire::MailProtocol::Pop3 },
            ],
            other => published_domain(other),
        };
        pending.extend(super::support::finish(&mut session, id, events));
    }
    let report = session.report(&catalog());
    let incoming = report.untested.iter().find(|u| u.side == crate::Side::Incoming).expect("incoming unproven");
    assert_eq!(incoming.reason, crate::UntestedReason::RelayRefused, "{:#?}", report.untested);
}
