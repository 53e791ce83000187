//! Every finding code, each pinned to a transcript that produces it. The
//! `match` in [`staged`] is exhaustive: a new code does not compile until it
//! has its transcript here.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertSummary, CertVerdict, DnsOutcome, DnsRecord, EnhancedStatus, Event, GreetingStatus,
    Login, MailProtocol, Operation, ProbeFailure, RecordType, Refusal, ReplyCode, ResolverChoice, Secret, Security,
    ServerMessage, Step, TcpOutcome, TlsFailure, TlsResult, TlsVersion, Violation, WithheldReason,
};

use super::support::*;
use crate::{Code, Finding, Report, Request, Session, Settings};

fn pop3() -> Settings {
    Settings { port: 995, protocol: MailProtocol::Pop3, ..imap_tls() }
}

fn submission(security: Security) -> Settings {
    let port = if security == Security::Tls { 465 } else { 587 };
    Settings { port, protocol: MailProtocol::Smtp, security, ..imap_tls() }
}

fn with(mut events: Vec<Event>, index: usize, event: Event) -> Vec<Event> {
    events[index] = event;
    events
}

fn invalid(problem: CertProblem) -> Vec<Event> {
    with(healthy_imap(), 2, tls(CertVerdict::Invalid { problem }))
}

/// A healthy TLS dialog up to the login, then `outcome` with `code` and `text`.
fn login(settings: &Settings, outcome: AuthOutcome, code: Option<ReplyCode>, text: &str) -> Vec<Event> {
    let mut events = healthy_imap();
    events.truncate(3);
    let said = Event::Greeting { spoken: Some(settings.protocol), status: GreetingStatus::Ready, text: "ready".into() };
    events.push(said);
    events.push(capabilities(settings.protocol, true, &["AUTH=PLAIN"]));
    let (method, username) = ("PLAIN".into(), "alice@example.test".into());
    events.push(Event::Auth { method, username, outcome, code, text: text.into() });
    events.push(Event::Completed { protocol: settings.protocol });
    events
}

/// A login `method` accepted after TLS capabilities `offered`.
pub(super) fn accepted_by(settings: Settings, method: &str, offered: &[&str]) -> Report {
    let mut events = login(&settings, AuthOutcome::Accepted, None, "+OK Logged in.");
    events[4] = capabilities(settings.protocol, true, offered);
    if let Event::Auth { method: sent, .. } = &mut events[5] {
        *sent = method.into();
    }
    diagnose(settings, events)
}

fn smtp_code(basic: u16, enhanced: &str) -> Option<ReplyCode> {
    Some(ReplyCode::Smtp { basic, enhanced: EnhancedStatus::parse(enhanced) })
}

fn atom(code: &str) -> Option<ReplyCode> {
    Some(ReplyCode::Imap { code: code.into() })
}

fn rejected(settings: Settings, code: Option<ReplyCode>, text: &str) -> Report {
    let events = login(&settings, AuthOutcome::Rejected, code, text);
    diagnose(settings, events)
}

fn smtp_dialog(plain: &[&str], after_tls: Option<&[&str]>) -> Vec<Event> {
    let mut events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220 ready".into() },
        capabilities(MailProtocol::Smtp, false, plain),
    ];
    if let Some(after) = after_tls {
        events.push(Event::Starttls { accepted: true, text: "220 go ahead".into() });
        events.push(tls(CertVerdict::Valid));
        events.push(capabilities(MailProtocol::Smtp, true, after));
    }
    events.push(Event::Completed { protocol: MailProtocol::Smtp });
    events
}

fn greeting_then(status: GreetingStatus, text: &str) -> Vec<Event> {
    let mut events = healthy_imap();
    events.truncate(3);
    events.push(Event::Greeting { spoken: Some(MailProtocol::Imap), status, text: text.into() });
    events
}

fn failed_at(step: Step, reason: ProbeFailure) -> Vec<Event> {
    let mut events = healthy_imap();
    events.truncate(4);
    events.push(Event::Failed { step, reason });
    events
}

/// The relay refuses the first operation with `reason`.
fn refused(reason: Refusal) -> Report {
    let mut session = only(imap_tls());
    session.start();
    session.handle(&ServerMessage::Refused { id: 1, reason });
    session.report(&catalog())
}

/// The person's resolver said `mine` about the server name, a reference resolver answered.
fn resolvers(mine: DnsOutcome) -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = crate::Discovery::Off;
    request.sample_latency = false;
    request.reference_resolver = crate::Reference::Always;
    let session = Session::plan(request).expect("valid");
    simulate(session, move |op| match op {
        Operation::Resolve(spec) if spec.resolver == ResolverChoice::System => {
            let records = if mine == DnsOutcome::Answer { vec![a_record("127.0.0.99")] } else { vec![] };
            vec![dns(&spec.name, RecordType::A, mine.clone(), records)]
        }
        Operation::Resolve(spec) => {
            vec![dns(&spec.name, RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.10")])]
        }
        _ => vec![dns("mail.example.test", RecordType::A, mine.clone(), vec![])],
    })
}

/// Discovery where `probe` answers every probe and nothing is published.
fn discovered(given: Option<Settings>, probe: impl Fn(&maildoctor_wire::ProbeSpec) -> Vec<Event>) -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = given;
    let session = Session::plan(request).expect("valid");
    simulate(session, |op| match op {
        Operation::Probe(spec) => probe(spec),
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        _ => vec![],
    })
}

pub(super) fn healthy_for(spec: &maildoctor_wire::ProbeSpec) -> Vec<Event> {
    if spec.protocol == MailProtocol::Smtp {
        smtp_dialog(&["STARTTLS"], Some(&["AUTH PLAIN"]))
    } else {
        healthy_imap()
    }
}

/// The person's IMAP server on a path of `rtt` ms, its connect `connect` long.
fn latency(connect: u64, rtt: u64) -> Report {
    let (report, _) = super::path::play(discovering(imap_tls()), |op| match op {
        Operation::Probe(p) if p.host == "mail.example.test" && p.port == 993 => super::path::imaps(connect, rtt),
        _ => Vec::new(),
    });
    report
}

fn username_format() -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = crate::Discovery::Off;
    request.sample_latency = false;
    let secret = Secret::new("pw");
    request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    let session = Session::plan(request).expect("valid");
    simulate(session, |op| {
        let Operation::Probe(spec) = op else { return vec![] };
        let full = spec.login.as_ref().is_some_and(|l| l.username.contains('@'));
        let (outcome, code) =
            if full { (AuthOutcome::Accepted, None) } else { (AuthOutcome::Rejected, atom("AUTHENTICATIONFAILED")) };
        login(&imap_tls(), outcome, code, "a1 NO [AUTHENTICATIONFAILED] Authentication failed.")
    })
}

fn intercepted() -> Vec<Event> {
    let chain = vec![CertSummary {
        subject: "CN=mail.example.test".into(),
        issuer: "CN=Kaspersky Anti-Virus Personal Root Certificate, O=AO Kaspersky Lab".into(),
        not_before: "2026-01-01T00:00:00Z".into(),
        not_after: "2027-01-01T00:00:00Z".into(),
        dns_names: vec!["mail.example.test".into()],
        sha256: "00".into(),
    }];
    let verdict = CertVerdict::Invalid { problem: CertProblem::UnknownIssuer };
    let result = TlsResult::Established { version: TlsVersion::Tls13, cipher: "x".into(), verdict, chain };
    with(healthy_imap(), 2, Event::Tls { address: at("127.0.0.10:993"), result, elapsed_ms: 3 })
}

/// A report in which `code` must appear.
fn staged(code: Code) -> Report {
    let plain = |port| Settings { port, security: Security::None, ..imap_tls() };
    let starttls = Settings { port: 143, security: Security::Starttls, ..imap_tls() };
    let dns_only = |outcome| vec![dns("mail.example.test", RecordType::A, outcome, vec![])];
    match code {
        Code::DnsNxdomain => diagnose(imap_tls(), dns_only(DnsOutcome::NxDomain)),
        Code::DnsNoAddress => diagnose(imap_tls(), dns_only(DnsOutcome::NoData)),
        Code::DnsServfail => diagnose(imap_tls(), dns_only(DnsOutcome::ServFail)),
        Code::DnsTimeout => diagnose(imap_tls(), dns_only(DnsOutcome::Timeout)),
        Code::DnsSystemResolverFailed => resolvers(DnsOutcome::Timeout),
        Code::DnsAnswersDiffer => resolvers(DnsOutcome::Answer),
        Code::DnsSlowResolver => {
            let mut events = healthy_imap();
            if let Event::Dns { elapsed_ms, .. } = &mut events[0] {
                *elapsed_ms = 3000;
            }
            diagnose(imap_tls(), events)
        }
        Code::DnsIpv6Broken => {
            let mut events = healthy_imap();
            events.insert(1, Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
            diagnose(imap_tls(), events)
        }
        Code::DnsIpv4Broken => {
            let mut events = healthy_imap();
            events[1] = Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Connected, elapsed_ms: 0 };
            events.insert(
                1,
                Event::Tcp { address: at("127.0.0.10:993"), outcome: TcpOutcome::TimedOut, elapsed_ms: 3000 },
            );
            diagnose(imap_tls(), events)
        }
        Code::SettingsHostTypo => {
            discovered(Some(Settings { host: "mial.example.test".into(), ..imap_tls() }), |p| match p.host.as_str() {
                "mial.example.test" => dns_only(DnsOutcome::NxDomain),
                "mail.example.test" if p.port == 993 => healthy_imap(),
                _ => vec![dns_ok(), tcp(TcpOutcome::Refused)],
            })
        }
        Code::SettingsHostMismatch => {
            simulate(discovering(Settings { host: "oldmail.example.test".into(), ..imap_tls() }), published_domain)
        }
        Code::SettingsNotAsProviderSays => crate::tests::sessions::provider_says_993_app_uses(plain(143), false),
        Code::VantageBlockedHere
        | Code::VantageInterceptedHere
        | Code::VantageStrippedHere
        | Code::VantageDnsDiffers
        | Code::VantageOnlyHere
        | Code::VantageSameFailure => crate::tests::vantage::staged(code, diagnose(imap_tls(), healthy_imap())),
        Code::VantageRelayBlocked => crate::tests::egress::port_25_through(&[25], TcpOutcome::TimedOut),
        Code::ServerBan | Code::ServerBanOrFirewall => crate::tests::ban::staged(code),
        Code::TcpRefused => diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::Refused)]),
        Code::TcpFiltered => diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::TimedOut)]),
        Code::TcpUnreachable => diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::Unreachable)]),
        Code::TcpPort25Blocked => {
            let mut request = Request::new("alice@example.test");
            request.outgoing = Some(Settings { port: 25, ..submission(Security::Starttls) });
            let session = Session::plan(request).expect("valid");
            simulate(session, |op| match op {
                Operation::Probe(spec) if spec.port == 25 => vec![dns_ok(), tcp(TcpOutcome::TimedOut)],
                Operation::Probe(spec) => healthy_for(spec),
                Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])],
                _ => vec![],
            })
        }
        Code::FirewallMailPortsBlocked => discovered(Some(imap_tls()), |_| {
            let control =
                Event::Control { address: at("127.0.0.10:443"), outcome: TcpOutcome::Connected, elapsed_ms: 1 };
            vec![dns_ok(), tcp(TcpOutcome::TimedOut), control]
        }),
        Code::SettingsProtocolMismatch => {
            let smtp =
                Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220".into() };
            diagnose(Settings { port: 587, ..plain(587) }, vec![dns_ok(), tcp(TcpOutcome::Connected), smtp])
        }
        Code::SettingsTlsOnPlainPort => {
            diagnose(imap_tls(), tls_failed(TlsFailure::NotTls { first_bytes: "2a 20 4f 4b".into() }))
        }
        Code::SettingsPlainOnTlsPort => {
            let failed = Event::Failed { step: Step::Greeting, reason: ProbeFailure::Deadline { waited_ms: 4000 } };
            diagnose(plain(993), vec![dns_ok(), tcp(TcpOutcome::Connected), failed])
        }
        Code::SettingsPlaintextInsecure => {
            let mut events = healthy_imap();
            events.remove(2);
            diagnose(plain(143), events)
        }
        Code::StarttlsNotOffered => {
            let events = vec![
                dns_ok(),
                tcp(TcpOutcome::Connected),
                greeting("* OK"),
                capabilities(MailProtocol::Imap, false, &["IMAP4rev1"]),
            ];
            diagnose(starttls, events)
        }
        Code::StarttlsFailed => {
            let refusal = Event::Starttls { accepted: false, text: "a2 NO not now".into() };
            let caps = capabilities(MailProtocol::Imap, false, &["STARTTLS"]);
            diagnose(starttls, vec![dns_ok(), tcp(TcpOutcome::Connected), greeting("* OK"), caps, refusal])
        }
        Code::StarttlsRequired => diagnose(submission(Security::None), smtp_dialog(&["STARTTLS"], None)),
        Code::TlsProtocolTooOld => {
            diagnose(imap_tls(), tls_failed(TlsFailure::ProtocolTooOld { offered: Some(TlsVersion::Tls11) }))
        }
        Code::TlsCertExpired => {
            diagnose(imap_tls(), invalid(CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) }))
        }
        Code::TlsCertNotYetValid => diagnose(imap_tls(), invalid(CertProblem::NotYetValid { not_before: None })),
        Code::TlsCertSelfSigned => diagnose(imap_tls(), invalid(CertProblem::SelfSigned)),
        Code::TlsCertUntrusted => diagnose(imap_tls(), invalid(CertProblem::UnknownIssuer)),
        Code::TlsCertNameMismatch => {
            let problem = CertProblem::NameMismatch {
                expected: "mail.example.test".into(),
                presented: vec!["other.test".into()],
            };
            diagnose(imap_tls(), invalid(problem))
        }
        Code::TlsChainIncomplete => diagnose(imap_tls(), invalid(CertProblem::ChainIncomplete)),
        Code::TlsIntercepted => diagnose(imap_tls(), intercepted()),
        Code::TlsHandshakeFailed => {
            diagnose(imap_tls(), tls_failed(TlsFailure::Alert { description: "HandshakeFailure".into() }))
        }
        Code::ServerNoGreeting => {
            diagnose(imap_tls(), failed_at(Step::Greeting, ProbeFailure::Timeout { waited_ms: 15000 }))
        }
        Code::ServerUnavailable => diagnose(imap_tls(), greeting_then(GreetingStatus::Unavailable, "* BYE busy")),
        Code::ServerClientBlocked => diagnose(imap_tls(), greeting_then(GreetingStatus::Rejected, "554 go away")),
        Code::ServerInUse => rejected(pop3(), Some(ReplyCode::Pop3 { code: "IN-USE".into() }), "-ERR [IN-USE] locked"),
        Code::ServerLoginDelay => {
            rejected(pop3(), Some(ReplyCode::Pop3 { code: "LOGIN-DELAY".into() }), "-ERR [LOGIN-DELAY] wait")
        }
        Code::ServerProtocolError => {
            let violation = Violation::NotAReply { line: "garbage".into() };
            diagnose(imap_tls(), failed_at(Step::Capabilities, ProbeFailure::ProtocolError { violation }))
        }
        Code::AuthInvalidCredentials => {
            rejected(submission(Security::Tls), smtp_code(535, "5.7.8"), "535 5.7.8 Error: authentication failed")
        }
        Code::AuthAppPasswordRequired => rejected(
            submission(Security::Tls),
            smtp_code(534, "5.7.9"),
            "534-5.7.9 Application-specific password required.",
        ),
        Code::AuthBasicAuthDisabled => rejected(
            submission(Security::Tls),
            smtp_code(535, "5.7.139"),
            "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
        ),
        Code::AuthWebLoginRequired => {
            rejected(imap_tls(), atom("ALERT"), "a1 NO [ALERT] Please log in via your web browser")
        }
        Code::AuthAccountLocked => rejected(imap_tls(), atom("CONTACTADMIN"), "a1 NO [CONTACTADMIN] Account disabled"),
        Code::AuthPasswordExpired => rejected(imap_tls(), atom("EXPIRED"), "a1 NO [EXPIRED] Password expired"),
        Code::AuthPlaintextDisallowed => {
            rejected(imap_tls(), atom("PRIVACYREQUIRED"), "a1 NO [PRIVACYREQUIRED] Use TLS")
        }
        Code::AuthMechanismUnsupported => {
            rejected(submission(Security::Tls), smtp_code(504, "5.7.4"), "504 5.7.4 Unrecognized authentication type")
        }
        Code::AuthChallengeResponseOnly => accepted_by(imap_tls(), "CRAM-MD5", &["LOGINDISABLED", "AUTH=CRAM-MD5"]),
        Code::AuthUserPassOff => accepted_by(pop3(), "PLAIN", &["SASL PLAIN"]),
        Code::AuthNotOffered => {
            let events = login(&imap_tls(), AuthOutcome::NotOffered, None, "");
            diagnose(imap_tls(), events)
        }
        Code::AuthRequired => {
            diagnose(submission(Security::Starttls), smtp_dialog(&["STARTTLS"], Some(&["AUTH PLAIN LOGIN"])))
        }
        Code::AuthTooManyConnections => {
            rejected(imap_tls(), atom("ALERT"), "a1 NO [ALERT] Too many simultaneous connections. (Failure)")
        }
        Code::AuthSmtpAuthDisabled => rejected(
            submission(Security::Starttls),
            smtp_code(535, "5.7.139"),
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
        ),
        Code::AuthUsernameFormat => username_format(),
        Code::AuthProtocolDisabled => rejected(
            pop3(),
            Some(ReplyCode::Pop3 { code: "SYS/PERM".into() }),
            "-ERR [SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.",
        ),
        Code::ServerOverQuota => rejected(imap_tls(), atom("OVERQUOTA"), "a1 NO [OVERQUOTA] Quota exceeded"),
        Code::AuthRejected => rejected(imap_tls(), atom("ALERT"), "a1 NO [ALERT] Something new entirely"),
        Code::AuthWithheld => {
            let why = WithheldReason::CertificateNotVerified;
            let events = login(&imap_tls(), AuthOutcome::Withheld { why }, None, "");
            diagnose(imap_tls(), events)
        }
        Code::NetworkIntermittent => latency(1_020, 20),
        Code::NetworkHighLatency => latency(440, 440),
        Code::NetworkIntercepted => {
            diagnose(imap_tls(), tls_failed(TlsFailure::NotTls { first_bytes: "48 54 54 50 2f 31 2e 31".into() }))
        }
        Code::NetworkMtuBlackhole => {
            let mut events = tls_failed(TlsFailure::Timeout);
            let result = TlsResult::Established {
                version: TlsVersion::Tls13,
                cipher: "x".into(),
                verdict: CertVerdict::Valid,
                chain: vec![],
            };
            events.push(Event::TlsSmallSegments { address: at("127.0.0.10:993"), mss: 536, result, elapsed_ms: 4 });
            diagnose(imap_tls(), events)
        }
        Code::DiscoveryFound => discovered(None, |p| match (p.host.as_str(), p.port) {
            ("imap.example.test", 993) | ("smtp.example.test", 587) => healthy_for(p),
            _ => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        }),
        Code::DiscoveryNone => discovered(None, |_| vec![dns_ok(), tcp(TcpOutcome::Refused)]),
        Code::RelayDestinationNotAllowed => {
            refused(Refusal::DestinationNotAllowed { address: "10.0.0.1".parse().expect("an address") })
        }
        Code::RelayRefused => refused(Refusal::PortNotAllowed { port: 8080 }),
        Code::RelayLocalError => diagnose(
            imap_tls(),
            failed_at(Step::Greeting, ProbeFailure::Local { detail: "No buffer space available".into() }),
        ),
        Code::DeviceClockWrong => crate::tests::clock::staged(),
        Code::DiscoveryAutodiscoverAnswered
        | Code::DiscoveryAutodiscoverNone
        | Code::DiscoveryAutodiscoverRedirectRefused => crate::tests::autodiscover::staged(code),
        Code::TlsCertChanged => crate::tests::cert_changed::staged(),
        Code::DiscoveryIspdbSnapshot | Code::DiscoveryIspdbChanged | Code::DiscoveryIspdbStale => {
            crate::tests::ispdb::staged(code)
        }
        // Issue 22 (app-suspect): a login proved the app's own settings; without one, not yet.
        Code::AppSuspect | Code::UnseenCauses => accepted_by(imap_tls(), "PLAIN", &["IMAP4rev1", "AUTH=PLAIN"]),
        Code::AppUnproven => diagnose(imap_tls(), healthy_imap()),
        Code::AppErrorRead | Code::AppErrorUnknown => crate::tests::app_errors::staged(code),
        Code::ServerSlowerThanApps | Code::ServerSlowReply => crate::tests::slow_server::staged(code),
        Code::TlsOldVersionsAccepted | Code::TlsNeedsTls12 | Code::TlsNeedsTls13 => {
            crate::tests::old_clients::staged(code)
        }
        Code::OkIncoming => diagnose(imap_tls(), healthy_imap()),
        Code::OkOutgoing => diagnose(submission(Security::Starttls), smtp_dialog(&["STARTTLS"], Some(&["AUTH PLAIN"]))),
    }
}

fn all(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().flat_map(|f| std::iter::once(f).chain(all(&f.follows))).collect()
}

/// Every staged report, in `lang`.
pub(super) fn every_report(lang: crate::Lang) -> Vec<Report> {
    in_lang(lang, || Code::ALL.iter().map(|code| staged(*code)).collect())
}

#[test]
fn every_code_has_a_transcript_that_produces_it() {
    for code in Code::ALL {
        let report = staged(*code);
        let found = all(&report.findings);
        assert!(
            found.iter().any(|f| f.code == *code),
            "{code}: {:?}",
            found.iter().map(|f| f.code).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_dns_record_helper_is_typed() {
    assert_eq!(a_record("127.0.0.10"), DnsRecord::A { address: [127, 0, 0, 10].into() });
}
