//! Part B: a relay that cannot reach a port at all (its hello's
//! `blocked_ports`). A failed connect to that port, from there, is neither
//! the person's network nor the server: it folds under
//! `vantage.relay_blocked`, which says the relay cannot tell.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{DnsOutcome, MailProtocol, Operation, Security, TcpOutcome, Vantage};

use super::codes::healthy_for;
use super::support::*;
use crate::{Code, Report, Request, Session, Settings};

fn cloud(blocked: &[u16]) -> Vantage {
    Vantage { local: false, name: Some("Example Mail".into()), region: None, blocked_ports: blocked.to_vec() }
}

/// Outgoing on port 25 only, through a relay whose `blocked` ports are
/// published; port 25 ends `how`, 465 and 587 work.
pub(super) fn port_25_through(blocked: &[u16], how: TcpOutcome) -> Report {
    let mut request = Request::new("alice@example.test");
    let smtp = Settings { port: 465, protocol: MailProtocol::Smtp, security: Security::Tls, ..imap_tls() };
    request.outgoing = Some(Settings { port: 25, security: Security::Starttls, ..smtp });
    let mut session = Session::plan(request).expect("valid");
    session.checked_from(cloud(blocked));
    simulate(session, |op| match op {
        Operation::Probe(spec) if spec.port == 25 => vec![dns_ok(), tcp(how)],
        Operation::Probe(spec) => healthy_for(spec),
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])],
        _ => vec![],
    })
}

#[test]
fn port_25_dropped_at_a_relay_that_cannot_reach_25_never_blames_the_person() {
    for how in [TcpOutcome::TimedOut, TcpOutcome::Unreachable, TcpOutcome::Refused] {
        let report = port_25_through(&[25], how);
        let all = codes(&report);
        assert_eq!(root(&report), Code::VantageRelayBlocked, "{how:?}: {all:?}");
        assert!(!all.contains(&Code::TcpPort25Blocked) && !all.contains(&Code::FirewallMailPortsBlocked), "{all:?}");
        let first = &report.findings[0];
        assert!(!first.follows.is_empty(), "the per-probe finding folds under it: {first:#?}");
        assert!(first.title.contains("cannot test port 25"), "{}", first.title);
        assert!(first.fix.iter().any(|f| f.contains("maildoctor serve --local")), "{:?}", first.fix);
        assert!(!first.explanation.to_lowercase().contains("your network blocks"), "{}", first.explanation);
    }
}

#[test]
fn the_same_drop_at_a_relay_that_reaches_25_is_todays_answer() {
    let report = port_25_through(&[], TcpOutcome::TimedOut);
    assert_eq!(root(&report), Code::TcpPort25Blocked, "{:?}", codes(&report));
    let other = port_25_through(&[2525], TcpOutcome::TimedOut);
    assert_eq!(root(&other), Code::TcpPort25Blocked, "another blocked port changes nothing");
    assert!(!codes(&other).contains(&Code::VantageRelayBlocked));
}

#[test]
fn the_relay_blocked_finding_reads_in_german_too() {
    let report = in_lang(crate::Lang::De, || port_25_through(&[25], TcpOutcome::TimedOut));
    let first = &report.findings[0];
    assert!(first.title.contains("Port 25 nicht prüfen"), "{}", first.title);
    assert!(first.fix.iter().any(|f| f.contains("587")), "{:?}", first.fix);
}
