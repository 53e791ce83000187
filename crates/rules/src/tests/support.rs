//! Building blocks for transcripts: events as the relay sends them, and a
//! relay played by a closure.

use maildoctor_wire::{
    CapabilitySet, CertVerdict, ClientMessage, DnsOutcome, DnsRecord, Event, GreetingStatus, MailProtocol, Operation,
    RecordType, ResolverChoice, Security, ServerMessage, TcpOutcome, TlsFailure, TlsResult, TlsVersion,
};

use crate::{Catalog, Code, Discovery, Lang, Report, Request, Session, Settings};

std::thread_local! {
    /// The language transcripts are rendered in: English, unless a test
    /// walks them in another ([`in_lang`]).
    static LANG: core::cell::Cell<Lang> = const { core::cell::Cell::new(Lang::En) };
}

pub(super) fn catalog() -> Catalog {
    Catalog::new(LANG.with(|l| l.get()))
}

/// Runs `f` with transcripts rendered in `lang`.
pub(super) fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = LANG.with(|l| l.replace(lang));
    let result = f();
    LANG.with(|l| l.set(before));
    result
}

pub(super) fn imap_tls() -> Settings {
    Settings { host: "mail.example.test".into(), port: 993, protocol: MailProtocol::Imap, security: Security::Tls }
}

/// A session that checks exactly `settings` (incoming, or outgoing for SMTP), nothing else.
pub(super) fn only(settings: Settings) -> Session {
    let mut request = Request::new("alice@example.test");
    if settings.protocol == MailProtocol::Smtp {
        request.outgoing = Some(settings);
    } else {
        request.incoming = Some(settings);
    }
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    Session::plan(request).expect("valid input")
}

/// A session that checks `incoming` and discovers the rest, as `check` does.
pub(super) fn discovering(incoming: Settings) -> Session {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(incoming);
    Session::plan(request).expect("valid input")
}

pub(super) fn diagnose_in(settings: Settings, events: Vec<Event>, catalog: &Catalog) -> Report {
    let mut session = only(settings);
    assert_eq!(session.start().len(), 1);
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    let report = session.report(catalog);
    assert!(report.complete);
    report
}

pub(super) fn diagnose(settings: Settings, events: Vec<Event>) -> Report {
    diagnose_in(settings, events, &catalog())
}

pub(super) fn root(report: &Report) -> Code {
    report.findings.first().expect("at least one finding").code
}

pub(super) fn codes(report: &Report) -> Vec<Code> {
    report.findings.iter().map(|f| f.code).collect()
}

/// What the system resolver said about `name`.
pub(super) fn dns(name: &str, record_type: RecordType, outcome: DnsOutcome, records: Vec<DnsRecord>) -> Event {
    Event::Dns { name: name.into(), record_type, resolver: ResolverChoice::System, outcome, records, elapsed_ms: 1 }
}

pub(super) fn a_record(address: &str) -> DnsRecord {
    DnsRecord::A { address: address.parse().expect("an IPv4 address") }
}

pub(super) fn dns_ok() -> Event {
    dns("mail.example.test", RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.10")])
}

pub(super) fn at(address: &str) -> core::net::SocketAddr {
    address.parse().expect("an ip:port")
}

/// Resolved and connected; then the TLS handshake failed with `failure`.
pub(super) fn tls_failed(failure: TlsFailure) -> Vec<Event> {
    vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Tls { address: at("127.0.0.10:993"), result: TlsResult::Failed { failure }, elapsed_ms: 2 },
    ]
}

pub(super) fn tcp(outcome: TcpOutcome) -> Event {
    Event::Tcp { address: at("127.0.0.10:993"), outcome, elapsed_ms: 0 }
}

pub(super) fn tls(verdict: CertVerdict) -> Event {
    Event::Tls {
        address: at("127.0.0.10:993"),
        result: TlsResult::Established { version: TlsVersion::Tls13, cipher: "x".into(), verdict, chain: vec![] },
        elapsed_ms: 3,
    }
}

pub(super) fn greeting(text: &str) -> Event {
    Event::Greeting { spoken: Some(MailProtocol::Imap), status: GreetingStatus::Ready, text: text.into() }
}

/// A capability announcement as the dialogs parse one.
pub(super) fn caps(words: &[&str]) -> CapabilitySet {
    let mut set = CapabilitySet::default();
    for word in words {
        let upper = word.to_ascii_uppercase();
        if upper == "STARTTLS" || upper == "STLS" {
            set.starttls = true;
        } else if upper == "LOGINDISABLED" {
            set.login_disabled = true;
        } else if upper == "USER" {
            set.user = true;
        } else if let Some(rest) = upper.strip_prefix("AUTH=").or_else(|| upper.strip_prefix("AUTH ")) {
            set.mechanisms.extend(rest.split(' ').map(str::to_owned));
        } else if let Some(rest) = upper.strip_prefix("SASL ") {
            set.mechanisms.extend(rest.split(' ').map(str::to_owned));
        } else {
            set.other.push((*word).to_owned());
        }
    }
    set
}

pub(super) fn capabilities(protocol: MailProtocol, tls: bool, words: &[&str]) -> Event {
    Event::Capabilities { protocol, tls, offered: caps(words) }
}

pub(super) fn healthy_imap() -> Vec<Event> {
    vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        tls(CertVerdict::Valid),
        greeting("* OK Dovecot ready."),
        capabilities(MailProtocol::Imap, true, &["IMAP4rev1"]),
        Event::Completed { protocol: MailProtocol::Imap },
    ]
}

/// [`healthy_imap`] whose certificate was issued by `issuer`, with `verdict`.
pub(super) fn healthy_imap_signed_by(issuer: &str, verdict: CertVerdict) -> Vec<Event> {
    let chain = vec![maildoctor_wire::CertSummary {
        subject: "CN=mail.example.test".into(),
        issuer: issuer.into(),
        not_before: "2026-01-01T00:00:00Z".into(),
        not_after: "2027-01-01T00:00:00Z".into(),
        dns_names: vec!["mail.example.test".into()],
        sha256: "00".into(),
    }];
    let result = TlsResult::Established { version: TlsVersion::Tls13, cipher: "x".into(), verdict, chain };
    let mut events = healthy_imap();
    events[2] = Event::Tls { address: at("127.0.0.10:993"), result, elapsed_ms: 3 };
    events
}

/// Feeds `events` to operation `id` and ends it; returns the follow-ups.
pub(super) fn finish(session: &mut Session, id: u32, events: Vec<Event>) -> Vec<ClientMessage> {
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id })
}

/// Plays the relay for a whole session: `answer` gives each operation's events.
pub(super) fn played(mut session: Session, answer: impl Fn(&Operation) -> Vec<Event>) -> Session {
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        pending.extend(finish(&mut session, id, answer(&op)));
    }
    session
}

/// [`played`], and the report in `catalog`'s words.
pub(super) fn simulate_in(session: Session, answer: impl Fn(&Operation) -> Vec<Event>, catalog: &Catalog) -> Report {
    let report = played(session, answer).report(catalog);
    assert!(report.complete);
    report
}

pub(super) fn simulate(session: Session, answer: impl Fn(&Operation) -> Vec<Event>) -> Report {
    simulate_in(session, answer, &catalog())
}

/// example.test publishes mail.example.test for IMAP over TLS (SRV), and
/// mail.example.test works; every other name refuses connections.
pub(super) fn published_domain(op: &Operation) -> Vec<Event> {
    match op {
        Operation::Resolve(spec) if spec.name == "_imaps._tcp.example.test" => {
            let srv = DnsRecord::Srv { priority: 0, weight: 1, port: 993, target: "mail.example.test.".into() };
            vec![dns(&spec.name, RecordType::Srv, DnsOutcome::Answer, vec![srv])]
        }
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        Operation::Probe(probe) if probe.host == "mail.example.test" && probe.port == 993 => healthy_imap(),
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => vec![],
    }
}
