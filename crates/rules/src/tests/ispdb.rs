//! Thunderbird's ISP database, live and as maildoctor's copy: the copy's
//! settings when the live service is out of reach (or no longer lists the
//! domain), a live entry that changed since the copy, and an entry the
//! servers prove out of date (thunderbird/autoconfig#135). The relay's side
//! is the suite's (`ispdb_snapshot.rs`); the copy itself is proto's test.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AutoconfigProblem, DiscoveredServer, DnsOutcome, Event, MailProtocol, Operation, ProbeSpec, Security, TcpOutcome,
    TlsFailure,
};

use super::codes::healthy_for;
use super::support::*;
use crate::{Code, Finding, Lang, Report, Request, Session, Severity};

const LIVE: &str = "https://autoconfig.thunderbird.net/v1.1/hoster.example.test";
const FILE: &str = "https://github.com/thunderbird/autoconfig/blob/c6ad796/ispdb/hoster.example.test.xml";

fn server(protocol: MailProtocol, host: &str, port: u16, security: Security) -> DiscoveredServer {
    let incoming = protocol != MailProtocol::Smtp;
    DiscoveredServer { incoming, protocol, host: host.into(), port, security, username: Some("%EMAILADDRESS%".into()) }
}

/// The shape of many real entries (GMX's, web.de's): IMAP over TLS first,
/// IMAP with STARTTLS as the alternative, submission with STARTTLS.
fn usual(host: &str) -> Vec<DiscoveredServer> {
    vec![
        server(MailProtocol::Imap, host, 993, Security::Tls),
        server(MailProtocol::Imap, host, 143, Security::Starttls),
        server(MailProtocol::Smtp, host, 587, Security::Starttls),
    ]
}

fn live(servers: Vec<DiscoveredServer>) -> Event {
    Event::Autoconfig { url: LIVE.into(), status: Some(200), servers, problem: None, snapshot: None }
}

fn live_failed(status: Option<u16>, problem: AutoconfigProblem) -> Event {
    Event::Autoconfig { url: LIVE.into(), status, servers: vec![], problem: Some(problem), snapshot: None }
}

fn copy(servers: Vec<DiscoveredServer>) -> Event {
    Event::Autoconfig { url: FILE.into(), status: None, servers, problem: None, snapshot: Some("2026-03-12".into()) }
}

/// hoster.example.test publishes nothing itself; the ISP database answers
/// `ispdb`, and each server answers as `probe` says.
fn check(ispdb: Vec<Event>, probe: impl Fn(&ProbeSpec) -> Vec<Event>, lang: Lang) -> Report {
    in_lang(lang, || run(ispdb, probe))
}

/// [`check`] in the language already chosen.
fn run(ispdb: Vec<Event>, probe: impl Fn(&ProbeSpec) -> Vec<Event>) -> Report {
    let session = Session::plan(Request::new("erika@hoster.example.test")).expect("valid");
    simulate(session, |op| match op {
        Operation::FetchIspdb { .. } => ispdb.clone(),
        Operation::Resolve(spec) if spec.name == "hoster.example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        Operation::Probe(spec) => probe(spec),
        _ => vec![],
    })
}

fn all_work(spec: &ProbeSpec) -> Vec<Event> {
    healthy_for(spec)
}

/// Port 993 closed while 143 (STARTTLS) and 587 answer: the entry's first
/// IMAP setting is wrong, the one Thunderbird would set up.
fn only_starttls(spec: &ProbeSpec) -> Vec<Event> {
    match spec.port {
        993 => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => healthy_for(spec),
    }
}

fn finding(report: &Report, code: Code) -> &Finding {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code}: {:?}", codes(report)))
}

fn lacks(report: &Report, code: Code) {
    assert!(report.findings.iter().all(|f| f.code != code), "{code}: {:?}", codes(report));
}

/// A report with `code`, for the table of every code.
pub(super) fn staged(code: Code) -> Report {
    match code {
        Code::DiscoveryIspdbSnapshot => {
            run(vec![live_failed(None, AutoconfigProblem::Timeout), copy(usual("mail.hoster.example.test"))], all_work)
        }
        Code::DiscoveryIspdbChanged => {
            run(vec![live(usual("imap.hoster.example.test")), copy(usual("mail.hoster.example.test"))], all_work)
        }
        _ => run(vec![live(usual("mail.hoster.example.test"))], only_starttls),
    }
}

#[test]
fn the_copy_answers_when_the_live_database_is_out_of_reach() {
    for problem in [AutoconfigProblem::Unreachable, AutoconfigProblem::Timeout, AutoconfigProblem::NoAddress] {
        let ispdb = vec![live_failed(None, problem.clone()), copy(usual("mail.hoster.example.test"))];
        let report = check(ispdb, all_work, Lang::En);
        let found = finding(&report, Code::DiscoveryFound);
        assert!(found.explanation.contains("mail.hoster.example.test"), "{found:?}");
        let note = finding(&report, Code::DiscoveryIspdbSnapshot);
        assert_eq!(note.severity, Severity::Info);
        assert!(note.title.contains("2026-03-12") && note.title.contains("copy"), "{note:?}");
        assert!(note.explanation.contains("could not be reached") && note.explanation.contains(FILE), "{note:?}");
        lacks(&report, Code::DiscoveryIspdbStale);
    }
}

#[test]
fn a_domain_the_live_database_dropped_is_said_so() {
    let ispdb = vec![live_failed(Some(404), AutoconfigProblem::Status), copy(usual("mail.hoster.example.test"))];
    let report = check(ispdb, all_work, Lang::En);
    let note = finding(&report, Code::DiscoveryIspdbSnapshot);
    assert!(note.explanation.contains("no longer lists"), "{note:?}");
    // With no live service configured, the copy alone.
    let report = check(vec![copy(usual("mail.hoster.example.test"))], all_work, Lang::En);
    assert!(finding(&report, Code::DiscoveryIspdbSnapshot).explanation.contains("asks no live"));
}

#[test]
fn the_live_entry_wins_and_its_changes_are_listed() {
    let ispdb = vec![live(usual("imap.hoster.example.test")), copy(usual("mail.hoster.example.test"))];
    let report = check(ispdb, all_work, Lang::En);
    let found = finding(&report, Code::DiscoveryFound);
    assert!(found.explanation.contains("imap.hoster.example.test"), "the live servers are tried: {found:?}");
    assert!(!found.explanation.contains("mail.hoster.example.test"), "{found:?}");
    let changed = finding(&report, Code::DiscoveryIspdbChanged);
    assert!(changed.explanation.contains("Added since then: IMAP imap.hoster.example.test:993"), "{changed:?}");
    assert!(changed.explanation.contains("Gone since then: IMAP mail.hoster.example.test:993"), "{changed:?}");
    lacks(&report, Code::DiscoveryIspdbSnapshot);
    // The same entry twice is no change.
    let same = check(
        vec![live(usual("mail.hoster.example.test")), copy(usual("mail.hoster.example.test"))],
        all_work,
        Lang::En,
    );
    lacks(&same, Code::DiscoveryIspdbChanged);
    lacks(&same, Code::DiscoveryIspdbStale);
}

#[test]
fn a_closed_first_port_makes_the_entry_stale_and_misleading() {
    let report = check(vec![live(usual("mail.hoster.example.test"))], only_starttls, Lang::En);
    let stale = finding(&report, Code::DiscoveryIspdbStale);
    assert_eq!(stale.severity, Severity::Warning, "Thunderbird sets up the first server: {stale:?}");
    assert!(stale.explanation.contains("mail.hoster.example.test:993 (SSL/TLS): port 993 is closed"), "{stale:?}");
    assert!(stale.explanation.contains(LIVE), "{stale:?}");
    assert!(stale.fix.iter().any(|f| f.contains("github.com/thunderbird/autoconfig/issues")), "{stale:?}");
}

#[test]
fn a_wrong_tls_mode_or_a_missing_host_is_stale() {
    // The entry says SSL on 143 (a mistake real entries had): the server greets in plain text.
    let entry = vec![
        server(MailProtocol::Imap, "mail.hoster.example.test", 143, Security::Tls),
        server(MailProtocol::Imap, "mail.hoster.example.test", 143, Security::Starttls),
        server(MailProtocol::Smtp, "smtp.gone.hoster.example.test", 465, Security::Tls),
        server(MailProtocol::Smtp, "mail.hoster.example.test", 587, Security::Starttls),
    ];
    let probe = |spec: &ProbeSpec| match (spec.host.as_str(), spec.security) {
        ("smtp.gone.hoster.example.test", _) => {
            vec![dns(&spec.host, maildoctor_wire::RecordType::A, DnsOutcome::NxDomain, vec![])]
        }
        (_, Security::Tls) => tls_failed(TlsFailure::NotTls { first_bytes: "2a 20 4f 4b".into() }),
        _ => healthy_for(spec),
    };
    let report = check(vec![live(entry.clone())], probe, Lang::En);
    let stale = finding(&report, Code::DiscoveryIspdbStale);
    assert!(stale.explanation.contains("answers without encryption on port 143"), "{stale:?}");
    assert!(stale.explanation.contains("the name smtp.gone.hoster.example.test does not exist"), "{stale:?}");
    let german = check(vec![live(entry)], probe, Lang::De);
    let stale = finding(&german, Code::DiscoveryIspdbStale);
    assert!(stale.title.contains("veraltet"), "{stale:?}");
    assert!(stale.explanation.contains("den Namen smtp.gone.hoster.example.test gibt es nicht"), "{stale:?}");
}

#[test]
fn a_stale_entry_of_the_copy_says_the_live_one_may_be_fixed() {
    let ispdb = vec![live_failed(None, AutoconfigProblem::Unreachable), copy(usual("mail.hoster.example.test"))];
    let report = check(ispdb, only_starttls, Lang::En);
    let stale = finding(&report, Code::DiscoveryIspdbStale);
    assert!(stale.explanation.contains(FILE) && stale.explanation.contains("copy of 2026-03-12"), "{stale:?}");
    finding(&report, Code::DiscoveryIspdbSnapshot);
}

#[test]
fn a_wrong_alternative_is_information() {
    // 993 works; the alternative, 143 with STARTTLS, is closed.
    let probe = |spec: &ProbeSpec| match spec.port {
        143 => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        _ => healthy_for(spec),
    };
    let report = check(vec![live(usual("mail.hoster.example.test"))], probe, Lang::En);
    let stale = finding(&report, Code::DiscoveryIspdbStale);
    assert_eq!(stale.severity, Severity::Info, "{stale:?}");
}

#[test]
fn no_proof_no_verdict_on_the_entry() {
    // Silence is a firewall's as much as a server's.
    let filtered = |spec: &ProbeSpec| match spec.port {
        993 => vec![dns_ok(), tcp(TcpOutcome::TimedOut)],
        _ => healthy_for(spec),
    };
    lacks(&check(vec![live(usual("mail.hoster.example.test"))], filtered, Lang::En), Code::DiscoveryIspdbStale);
    // A host that refuses everything is down or blocked, not proven wrong.
    let down = |_: &ProbeSpec| vec![dns_ok(), tcp(TcpOutcome::Refused)];
    lacks(&check(vec![live(usual("mail.hoster.example.test"))], down, Lang::En), Code::DiscoveryIspdbStale);
}

#[test]
fn the_copy_note_reads_in_german() {
    let ispdb = vec![live_failed(None, AutoconfigProblem::Unreachable), copy(usual("mail.hoster.example.test"))];
    let report = check(ispdb, all_work, Lang::De);
    let note = finding(&report, Code::DiscoveryIspdbSnapshot);
    assert!(note.title.contains("Kopie der ISP-Datenbank") && note.title.contains("2026-03-12"), "{note:?}");
    assert!(note.explanation.contains("nicht erreichbar"), "{note:?}");
}
