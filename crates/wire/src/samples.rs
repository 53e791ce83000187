//! Test material for readers of the wire schema, here and in the rules'
//! tests (feature `samples`): a frame of every variant of every type, and
//! every JSON tree one change away from a given one.

use serde_json::Value;

use crate::*;

fn address(text: &str) -> core::net::SocketAddr {
    text.parse().expect("a socket address")
}

fn cert() -> CertSummary {
    CertSummary {
        subject: "CN=mail.example.test".into(),
        issuer: "CN=Test CA".into(),
        not_before: "2026-01-01T00:00:00Z".into(),
        not_after: "2027-01-01T00:00:00Z".into(),
        dns_names: vec!["mail.example.test".into()],
        sha256: "ab12".into(),
    }
}

/// An event of every kind, every variant of every type in it, and the
/// branches the rules describe differently (an accepted and a refused
/// STARTTLS, a login with and without a method). Never `Event::Unknown`,
/// which is never sent.
pub fn every_event() -> Vec<Event> {
    use core::net::IpAddr;
    let at = address("127.0.0.10:993");
    let mut events = Vec::new();
    let records = vec![
        DnsRecord::A { address: "127.0.0.10".parse().expect("v4") },
        DnsRecord::Aaaa { address: "::1".parse().expect("v6") },
        DnsRecord::Mx { preference: 10, exchange: "mail.example.test.".into() },
        DnsRecord::Srv { priority: 0, weight: 1, port: 993, target: "imap.example.test.".into() },
        DnsRecord::Txt { text: "v=spf1 -all".into() },
        DnsRecord::Cname { target: "other.example.test.".into() },
        DnsRecord::Ns { target: "ns.example.test.".into() },
    ];
    let outcomes = [
        DnsOutcome::Answer,
        DnsOutcome::NoData,
        DnsOutcome::NxDomain,
        DnsOutcome::ServFail,
        DnsOutcome::Refused,
        DnsOutcome::Timeout,
        DnsOutcome::Error { message: "no route".into() },
    ];
    let types = [RecordType::A, RecordType::Aaaa, RecordType::Mx, RecordType::Srv, RecordType::Txt];
    let types = types.into_iter().chain([RecordType::Cname, RecordType::Ns]);
    for ((outcome, record_type), resolver) in outcomes.into_iter().zip(types).zip(
        [ResolverChoice::System, ResolverChoice::Server(address("[::1]:53")), ResolverChoice::Reference]
            .into_iter()
            .cycle(),
    ) {
        let records = if outcome == DnsOutcome::Answer { records.clone() } else { Vec::new() };
        events.push(Event::Dns { name: "example.test".into(), record_type, resolver, outcome, records, elapsed_ms: 3 });
    }
    for denied in ["10.0.0.1", "fe80::1"] {
        events.push(Event::AddressDenied { address: denied.parse::<IpAddr>().expect("ip"), reason: "private".into() });
    }
    use TcpOutcome::*;
    for outcome in [Connected, Refused, TimedOut, Unreachable, Reset, NoRoute] {
        events.push(Event::Tcp { address: at, outcome, elapsed_ms: 1 });
        events.push(Event::Control { address: address("127.0.0.10:443"), outcome, elapsed_ms: 2 });
    }
    events.push(Event::Latency { address: at, attempts: 5, connected: 4, min_ms: 1, median_ms: 2, max_ms: 9 });
    let servers = [(MailProtocol::Imap, Security::Tls), (MailProtocol::Pop3, Security::Starttls)];
    let servers = servers.into_iter().chain([(MailProtocol::Smtp, Security::None)]);
    let servers = servers
        .enumerate()
        .map(|(n, (protocol, security))| DiscoveredServer {
            incoming: protocol != MailProtocol::Smtp,
            protocol,
            host: "mail.example.test".into(),
            port: 993,
            security,
            username: (n == 0).then(|| "%EMAILADDRESS%".into()),
        })
        .collect::<Vec<_>>();
    events.push(Event::Autoconfig {
        url: "https://a/".into(),
        status: Some(200),
        servers: servers.clone(),
        problem: None,
        snapshot: None,
    });
    events.push(Event::Autoconfig {
        url: "https://github.com/thunderbird/autoconfig/blob/c6ad796/ispdb/a.xml".into(),
        status: None,
        servers,
        problem: None,
        snapshot: Some("2026-03-12".into()),
    });
    use AutoconfigProblem as Ap;
    let problems = [Ap::NoAddress, Ap::Unreachable, Ap::Certificate, Ap::Tls, Ap::Status, Ap::Timeout];
    let problems = problems
        .into_iter()
        .chain([Ap::BadResponse { detail: "not XML".into() }, Ap::NotAutoconfig { detail: "html".into() }]);
    for problem in problems {
        events.push(Event::Autoconfig {
            url: "https://a/".into(),
            status: None,
            servers: Vec::new(),
            problem: Some(problem.clone()),
            snapshot: None,
        });
        events.push(Event::Autodiscover {
            url: "https://b/".into(),
            status: Some(404),
            host: None,
            servers: Vec::new(),
            redirect: None,
            problem: Some(problem),
        });
    }
    events.push(Event::Autodiscover {
        url: "https://b/".into(),
        status: None,
        host: Some("x.test".into()),
        servers: Vec::new(),
        redirect: None,
        problem: None,
    });
    // An Autodiscover walk's POX answers: settings, and every refused redirect.
    events.push(Event::Autodiscover {
        url: "https://autodiscover.b/autodiscover/autodiscover.xml".into(),
        status: Some(200),
        host: None,
        servers: vec![DiscoveredServer {
            incoming: true,
            protocol: MailProtocol::Imap,
            host: "imap.b".into(),
            port: 993,
            security: Security::Tls,
            username: Some("a@b".into()),
        }],
        redirect: None,
        problem: None,
    });
    use crate::RedirectRefusal as Rr;
    let refusals = [Rr::NotHttps, Rr::NotAutodiscover, Rr::PublicSuffix, Rr::OtherDomain, Rr::Loop, Rr::TooManyHops];
    for refused in refusals.into_iter().map(Some).chain([None]) {
        events.push(Event::Autodiscover {
            url: "http://autodiscover.b/autodiscover/autodiscover.xml".into(),
            status: Some(302),
            host: None,
            servers: Vec::new(),
            redirect: Some(crate::AutodiscoverRedirect {
                to: "https://c/autodiscover/autodiscover.xml".into(),
                refused,
            }),
            problem: None,
        });
    }
    use CertProblem as Cp;
    let problems = [Cp::SelfSigned, Cp::UnknownIssuer, Cp::ChainIncomplete, Cp::Revoked];
    let problems = problems.into_iter().chain([
        Cp::Expired { not_after: Some("2020-01-01T00:00:00Z".into()) },
        Cp::Expired { not_after: None },
        Cp::NotYetValid { not_before: Some("2030-01-01T00:00:00Z".into()) },
        Cp::NotYetValid { not_before: None },
        Cp::NameMismatch { expected: "mail.example.test".into(), presented: vec!["other.test".into()] },
        Cp::Other { detail: "bad signature".into() },
    ]);
    let verdicts = [CertVerdict::Valid].into_iter().chain(problems.map(|problem| CertVerdict::Invalid { problem }));
    let versions = [TlsVersion::Ssl3, TlsVersion::Tls10, TlsVersion::Tls11, TlsVersion::Tls12, TlsVersion::Tls13];
    for (verdict, version) in verdicts.zip(versions.into_iter().cycle()) {
        let result =
            TlsResult::Established { version, cipher: "TLS13_AES_128_GCM_SHA256".into(), verdict, chain: vec![cert()] };
        events.push(Event::Tls { address: at, result: result.clone(), elapsed_ms: 7 });
        events.push(Event::TlsProbe { address: at, result, elapsed_ms: 8 });
    }
    use TlsFailure as Tf;
    for failure in [
        Tf::ProtocolTooOld { offered: Some(TlsVersion::Tls10) },
        Tf::ProtocolTooOld { offered: None },
        Tf::NotTls { first_bytes: "2a204f4b".into() },
        Tf::Alert { description: "handshake_failure".into() },
        Tf::Timeout,
        Tf::Closed,
        Tf::Other { detail: "eof".into() },
    ] {
        events.push(Event::Tls { address: at, result: TlsResult::Failed { failure }, elapsed_ms: 4 });
    }
    let stalled = TlsResult::Failed { failure: Tf::Timeout };
    events.push(Event::TlsSmallSegments { address: at, mss: 536, result: stalled, elapsed_ms: 3_000 });
    let small = TlsResult::Established {
        version: TlsVersion::Tls13,
        cipher: "x".into(),
        verdict: CertVerdict::Valid,
        chain: vec![],
    };
    events.push(Event::TlsSmallSegments { address: at, mss: 536, result: small, elapsed_ms: 9 });
    let answers = vec![
        VersionAnswer {
            offered: TlsVersion::Tls12,
            chose: Some(TlsVersion::Tls12),
            cipher: Some("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".into()),
            refused: false,
        },
        VersionAnswer { offered: TlsVersion::Tls11, chose: None, cipher: None, refused: true },
        VersionAnswer { offered: TlsVersion::Tls10, chose: None, cipher: None, refused: false },
    ];
    events.push(Event::TlsVersions { address: at, answers });
    events.push(Event::TlsVersions { address: at, answers: vec![] });
    use Step::*;
    for step in [Resolve, Connect, Tls, Greeting, Capabilities, Starttls, Login, Logout] {
        events.push(Event::Waiting { step, waited_ms: 1_000 });
    }
    use GreetingStatus as Gs;
    let spoken =
        [Some(MailProtocol::Imap), None, Some(MailProtocol::Smtp), Some(MailProtocol::Pop3)].into_iter().cycle();
    for (status, spoken) in
        [Gs::Ready, Gs::PreAuthenticated, Gs::Unavailable, Gs::Rejected, Gs::Unrecognized].into_iter().zip(spoken)
    {
        events.push(Event::Greeting { spoken, status, text: "* OK ready".into() });
    }
    let offered = CapabilitySet {
        starttls: true,
        login_disabled: true,
        user: true,
        mechanisms: vec!["PLAIN".into()],
        other: vec!["IDLE".into()],
    };
    events.push(Event::Capabilities { protocol: MailProtocol::Imap, tls: false, offered });
    events.push(Event::Capabilities { protocol: MailProtocol::Smtp, tls: true, offered: CapabilitySet::default() });
    events.push(Event::Line { dir: Direction::Sent, text: "a1 CAPABILITY".into() });
    events.push(Event::Line { dir: Direction::Received, text: "* OK".into() });
    use ProbeFailure as Pf;
    let violations = [
        Violation::NotAReply { line: "HTTP/1.1 400".into() },
        Violation::ReplyCodeChanged { from: 250, to: 220 },
        Violation::EndlessChallenges,
        Violation::DataAfterStarttls { bytes: 12 },
    ];
    let failures = [Pf::Closed, Pf::Reset, Pf::TlsOnPlainPort, Pf::Unreachable, Pf::NoAddress];
    let failures = failures.into_iter().chain([
        Pf::Timeout { waited_ms: 10_000 },
        Pf::Deadline { waited_ms: 2_500 },
        Pf::LineTooLong { limit: 8_192 },
        Pf::ResponseTooLarge { limit: 65_536 },
        Pf::Local { detail: "too many open files".into() },
    ]);
    let failures = failures.chain(violations.map(|violation| Pf::ProtocolError { violation }));
    for (reason, step) in failures.zip([Connect, Greeting, Tls, Login].into_iter().cycle()) {
        events.push(Event::Failed { step, reason });
    }
    events.push(Event::Starttls { accepted: true, text: "220 go ahead".into() });
    events.push(Event::Starttls { accepted: false, text: "454 TLS not available".into() });
    let must = Some(ReplyCode::Smtp { basic: 530, enhanced: Some(EnhancedStatus::new(5, 7, 0)) });
    let text = "530 5.7.0 Must issue a STARTTLS command first".into();
    events.push(Event::PlainCommand { command: "RSET".into(), code: must, text });
    events.push(Event::PlainCommand { command: "RSET".into(), code: None, text: "250 2.0.0 Ok".into() });
    let none_offered = AuthOutcome::NotOffered;
    events.push(Event::Auth {
        method: String::new(),
        username: String::new(),
        outcome: none_offered,
        code: None,
        text: String::new(),
    });
    use WithheldReason as Wr;
    let withheld = [Wr::UnsendableCharacters, Wr::NotEncrypted, Wr::CertificateNotVerified, Wr::NeedsLiteral];
    let withheld = withheld.into_iter().chain([
        Wr::MechanismsUnsupported { offered: vec!["GSSAPI".into()] },
        Wr::MechanismNotOffered { wanted: "XOAUTH2".into(), offered: vec!["PLAIN".into()] },
    ]);
    let outcomes = [AuthOutcome::Accepted, AuthOutcome::Rejected, AuthOutcome::NotOffered];
    let outcomes = outcomes.into_iter().chain(withheld.map(|why| AuthOutcome::Withheld { why }));
    let codes = [
        Some(ReplyCode::Smtp { basic: 535, enhanced: Some(EnhancedStatus::new(5, 7, 8)) }),
        Some(ReplyCode::Smtp { basic: 454, enhanced: None }),
        Some(ReplyCode::Imap { code: "AUTHENTICATIONFAILED".into() }),
        Some(ReplyCode::Pop3 { code: "AUTH".into() }),
        None,
    ];
    for (n, (outcome, code)) in outcomes.zip(codes.into_iter().cycle()).enumerate() {
        let username = if n % 2 == 0 { "alice@example.test".into() } else { String::new() };
        events.push(Event::Auth { method: "PLAIN".into(), username, outcome, code, text: "NO".into() });
    }
    events.push(Event::Completed { protocol: MailProtocol::Pop3 });
    events
}

/// A frame of every type: each of [`every_event`], every refusal and every
/// error code.
pub fn every_message() -> Vec<ServerMessage> {
    let mut messages = vec![
        ServerMessage::Hello {
            version: PROTOCOL_VERSION,
            relay: "maildoctor 0.1.0".into(),
            vantage: None,
            time_ms: None,
        },
        ServerMessage::Hello {
            version: PROTOCOL_VERSION,
            relay: "maildoctor 0.1.0".into(),
            time_ms: Some(1_796_583_600_000),
            vantage: Some(crate::Vantage {
                local: false,
                name: Some("Example Mail".into()),
                region: Some("Frankfurt".into()),
                blocked_ports: vec![25],
            }),
        },
    ];
    messages.extend(every_event().into_iter().enumerate().map(|(n, event)| ServerMessage::Event {
        id: n as OpId,
        t_ms: 5,
        event,
    }));
    messages.push(ServerMessage::Done { id: 4_000_000_000 });
    use Refusal as R;
    for reason in [
        R::InvalidTarget { detail: "not a host name".into() },
        R::PortNotAllowed { port: 25 },
        R::DestinationNotAllowed { address: "10.0.0.1".parse().expect("ip") },
        R::InvalidCredentials,
        R::TooManyOperations,
        R::LoginLimit { retry_after_s: 60 },
        R::ConnectionBudget,
        R::InsecureTransport,
        R::DestinationLimit { retry_after_s: 30 },
        R::Unsupported { op: "teleport".into() },
        R::LimitsUnavailable,
    ] {
        messages.push(ServerMessage::Refused { id: 2, reason });
    }
    use ErrorCode::*;
    for code in [BadMessage, VersionMismatch, HelloFirst, DuplicateId, TooLarge] {
        messages.push(ServerMessage::Error { code, message: "said".into() });
    }
    messages
}

/// Every tree one change away from `whole`: each field taken away, and each
/// value replaced by one of another type or out of range. The readers'
/// tests read each of them by hand and by the derive and compare.
pub fn one_change_away(whole: &Value) -> Vec<Value> {
    fn changed(whole: &Value, path: &[String], change: impl FnOnce(&mut Value)) -> Value {
        let mut copy = whole.clone();
        let mut target = &mut copy;
        for step in path {
            target = match target {
                Value::Object(map) => map.get_mut(step).expect("the path was walked"),
                Value::Array(items) => &mut items[step.parse::<usize>().expect("an index")],
                _ => unreachable!("paths only go through containers"),
            };
        }
        change(target);
        copy
    }
    let pointer = |path: &[String]| -> String {
        path.iter().map(|step| format!("/{}", step.replace('~', "~0").replace('/', "~1"))).collect()
    };
    let replacements: [Value; 7] =
        [Value::Null, Value::Bool(true), 300.into(), (-1).into(), 1.5.into(), "zz".into(), Value::Array(vec![])];
    let mut found = Vec::new();
    let mut pending = vec![Vec::<String>::new()];
    while let Some(path) = pending.pop() {
        for replacement in &replacements {
            found.push(changed(whole, &path, |target| *target = replacement.clone()));
        }
        match whole.pointer(&pointer(&path)).expect("the path was walked") {
            Value::Object(map) => {
                for key in map.keys() {
                    found.push(changed(whole, &path, |target| {
                        target.as_object_mut().expect("an object").remove(key);
                    }));
                    pending.push(path.iter().cloned().chain([key.clone()]).collect());
                }
            }
            Value::Array(items) => {
                pending.extend((0..items.len()).map(|index| path.iter().cloned().chain([index.to_string()]).collect()));
            }
            _ => {}
        }
    }
    found
}
