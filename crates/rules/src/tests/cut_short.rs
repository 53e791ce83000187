//! A check that stops before it ends (the relay restarts or the
//! connection to it breaks, the person cancels): what did not finish
//! proves nothing either way. Each shape of stopping is staged here with a
//! finished twin, where the same servers answer and the verdict is proven.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{ClientMessage, DnsOutcome, DnsRecord, Event, MailProtocol, Operation, RecordType, TcpOutcome};

use super::ban;
use super::support::*;
use crate::{Code, Report, Session, Side, UntestedReason, Verdict};

/// Plays `session` as a relay would, except that every operation `pending`
/// picks gets no answer; then the check stops as the page stops it when
/// its relay goes away.
fn stopped(
    mut session: Session,
    answer: impl Fn(&Operation) -> Vec<Event>,
    pending: impl Fn(&Operation) -> bool,
) -> Report {
    let mut queue = session.start();
    while let Some(message) = queue.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        if !pending(&op) {
            queue.extend(finish(&mut session, id, answer(&op)));
        }
    }
    session.abandon();
    let report = session.report(&catalog());
    assert!(report.complete, "a stopped check has a final report");
    report
}

/// example.test also publishes mail.example.test:587 for submission (SRV),
/// which refuses like every server but the IMAP one.
fn publishes_submission(op: &Operation) -> Vec<Event> {
    match op {
        Operation::Resolve(spec) if spec.name == "_submission._tcp.example.test" => {
            let srv = DnsRecord::Srv { priority: 0, weight: 1, port: 587, target: "mail.example.test.".into() };
            vec![dns(&spec.name, RecordType::Srv, DnsOutcome::Answer, vec![srv])]
        }
        other => published_domain(other),
    }
}

fn smtp_probe(op: &Operation) -> bool {
    matches!(op, Operation::Probe(spec) if spec.protocol == MailProtocol::Smtp)
}

fn interrupted(report: &Report) -> Vec<Side> {
    report.untested.iter().filter(|u| u.reason == UntestedReason::Interrupted).map(|u| u.side).collect()
}

#[test]
fn discovered_servers_the_check_never_finished_are_not_called_broken() {
    // The relay restarted while the outgoing servers it found were probed.
    let report = stopped(discovering(imap_tls()), publishes_submission, smtp_probe);
    assert!(!codes(&report).contains(&Code::DiscoveryNone), "{:?}", codes(&report));
    assert!(!report.has_errors(), "{report:#?}");
    assert_eq!(interrupted(&report), [Side::Outgoing]);
    assert_eq!(report.state(), Verdict::NotVerified);
    let cut: Vec<_> = report.probes.iter().filter(|p| p.endpoint.protocol == MailProtocol::Smtp).collect();
    assert!(!cut.is_empty() && cut.iter().all(|p| !p.done), "the cut probes stay on the timeline, unfinished");
    // Its twin, where the same probes ended (refused): none worked, proven.
    let finished = simulate(discovering(imap_tls()), publishes_submission);
    assert!(codes(&finished).contains(&Code::DiscoveryNone), "{:?}", codes(&finished));
    assert!(interrupted(&finished).is_empty());
}

#[test]
fn a_check_stopped_during_discovery_is_not_verified_for_the_side_it_never_reached() {
    // Every lookup outstanding: no outgoing server was even planned.
    let lookup = |op: &Operation| matches!(op, Operation::Resolve(_));
    let report = stopped(discovering(imap_tls()), publishes_submission, lookup);
    assert!(!report.has_errors(), "a lookup that never answered is no missing domain: {report:#?}");
    assert_eq!(interrupted(&report), [Side::Outgoing]);
    assert_eq!(report.state(), Verdict::NotVerified);
    let said = &report.untested.iter().find(|u| u.side == Side::Outgoing).expect("outgoing").title;
    assert!(said.starts_with("Sending mail was not tested to the end: the check stopped"), "{said}");
}

#[test]
fn a_login_retry_cut_short_leaves_the_refusal_before_it_unjudged() {
    // "alice" refused; maildoctor's retry as alice@example.test never ends.
    // Whether the password is wrong is what that retry would have told.
    let answer = |op: &Operation| match op {
        Operation::Probe(spec) if spec.protocol == MailProtocol::Smtp => ban::works(spec),
        Operation::Probe(spec) => ban::refused(spec),
        _ => vec![],
    };
    let retry = |op: &Operation| matches!(op, Operation::Probe(spec) if spec.protocol == MailProtocol::Imap && ban::retry(spec));
    let report = stopped(ban::session("alice"), answer, retry);
    assert!(!report.has_errors(), "{:?}", codes(&report));
    assert_eq!(interrupted(&report), [Side::Incoming]);
    assert_eq!(report.state(), Verdict::NotVerified);
    // Its twin: the retry refused too, and the password is wrong, proven.
    let finished = simulate(ban::session("alice"), answer);
    assert_eq!(root(&finished), Code::AuthInvalidCredentials, "{:?}", codes(&finished));
}

#[test]
fn what_ended_before_the_stop_keeps_its_proof() {
    // The person's own server refused its connection before the relay
    // went away: that is proven, whatever the cut discovery would have found.
    let refused = |op: &Operation| match op {
        Operation::Probe(spec) if spec.host == "mail.example.test" && spec.port == 993 => {
            vec![dns_ok(), tcp(TcpOutcome::Refused)]
        }
        other => publishes_submission(other),
    };
    let pending =
        |op: &Operation| smtp_probe(op) || matches!(op, Operation::Probe(spec) if spec.host != "mail.example.test");
    let report = stopped(discovering(imap_tls()), refused, pending);
    assert_eq!(report.state(), Verdict::Problems);
    assert_eq!(root(&report), Code::TcpRefused, "{:?}", codes(&report));
    assert!(!codes(&report).contains(&Code::DiscoveryNone), "{:?}", codes(&report));
}

#[test]
fn stopping_a_check_that_had_ended_changes_nothing() {
    // The terminal always stops its session at the end.
    let mut session = played(discovering(imap_tls()), publishes_submission);
    let before = session.report(&catalog());
    session.abandon();
    assert_eq!(session.report(&catalog()), before);
    assert!(interrupted(&before).is_empty());
}

/// Every connection silent, while the host's port 443 answers.
fn silent_mail_ports(op: &Operation) -> Vec<Event> {
    match op {
        Operation::Probe(_) => {
            let control =
                Event::Control { address: at("127.0.0.10:443"), outcome: TcpOutcome::Connected, elapsed_ms: 1 };
            vec![dns_ok(), tcp(TcpOutcome::TimedOut), control]
        }
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        _ => vec![],
    }
}

#[test]
fn every_port_silent_is_not_claimed_while_a_connection_was_cut() {
    // "Every mail port of the host is blocked" speaks for all of them; the
    // sending probes the stop cut might have connected.
    let report = stopped(discovering(imap_tls()), silent_mail_ports, smtp_probe);
    let found = codes(&report);
    assert!(
        !found.contains(&Code::FirewallMailPortsBlocked) && !found.contains(&Code::ServerBanOrFirewall),
        "{found:?}"
    );
    assert!(found.contains(&Code::TcpFiltered), "each silent port stays a proven finding: {found:?}");
    // Its twin: every probe ended, silent; the firewall is proven.
    let finished = simulate(discovering(imap_tls()), silent_mail_ports);
    assert!(codes(&finished).contains(&Code::FirewallMailPortsBlocked), "{:?}", codes(&finished));
}

#[test]
fn a_stopped_check_takes_no_late_message() {
    // The person's 993 refused, and what that plans (the same host's other
    // ports, discovery) is cut by the stop. Late answers must not plan it
    // again: the cut runs are no longer among those the planner looks at.
    let mut session = discovering(imap_tls());
    let mut outstanding = session.start();
    let given = outstanding.iter().find_map(|m| match m {
        ClientMessage::Run { id, op: Operation::Probe(spec) } if spec.port == 993 => Some(*id),
        _ => None,
    });
    let given = given.expect("the person's server is probed");
    outstanding.extend(finish(&mut session, given, vec![dns_ok(), tcp(TcpOutcome::Refused)]));
    session.abandon();
    let before = session.report(&catalog());
    for message in outstanding {
        let ClientMessage::Run { id, op } = message else { continue };
        if id != given {
            let late = finish(&mut session, id, publishes_submission(&op));
            assert!(late.is_empty(), "planned after the stop: {late:?}");
        }
    }
    assert_eq!(session.report(&catalog()), before);
    // The refusal is proven; nothing else was tried to the end.
    assert_eq!(before.state(), Verdict::Problems);
    assert_eq!(root(&before), Code::TcpRefused);
    assert_eq!(interrupted(&before), [Side::Incoming, Side::Outgoing]);
}

#[test]
fn a_lost_lookup_names_only_the_directions_the_check_took_up() {
    // Only receiving is checked, nothing discovered; the stop cuts the
    // resolver comparison's lookups. Sending was never part of the check.
    let mut request = crate::Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = crate::Discovery::Off;
    request.reference_resolver = crate::Reference::Always;
    let lookup = |op: &Operation| matches!(op, Operation::Resolve(_));
    let report = stopped(Session::plan(request).expect("valid"), published_domain, lookup);
    assert_eq!(interrupted(&report), Vec::<Side>::new(), "{:?}", report.untested);
    assert!(report.untested.iter().all(|u| u.side == Side::Incoming), "{:?}", report.untested);
}
