//! The path's round trip and loss, judged from the connects and dialogs
//! the probes make anyway (issue 25), on paths as they behave: each case
//! is a relay's timeline, every reply a round trip after what asked for it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use core::net::SocketAddr;

use maildoctor_wire::{
    ClientMessage, Direction, Event, MailProtocol, Operation, ProbeFailure, Security, ServerMessage, Step, TcpOutcome,
};

use super::support::*;
use crate::{Code, Report, Request, Session, Settings};

/// `events` as a relay on a path of `rtt` ms sees them, at `address`: the
/// connect takes `connect` ms (a round trip, or more after a lost SYN), the
/// TLS handshake a round trip, each reply a round trip after a command
/// (sent 1 ms before it), and the rest 1 ms apart.
pub(super) fn timed(events: Vec<Event>, address: SocketAddr, connect: u64, rtt: u64) -> Vec<(u64, Event)> {
    let mut t = 1;
    let mut out = Vec::new();
    for event in events {
        let event = match event {
            Event::Tcp { outcome, .. } => {
                t += connect;
                Event::Tcp { address, outcome, elapsed_ms: connect }
            }
            Event::Tls { result, .. } => {
                t += rtt + 2;
                Event::Tls { address, result, elapsed_ms: rtt + 2 }
            }
            reply @ (Event::Capabilities { .. } | Event::Auth { .. } | Event::Starttls { .. }) => {
                t += 1;
                out.push((t, Event::Line { dir: Direction::Sent, text: "a1 NEXT".into() }));
                t += rtt;
                reply
            }
            other => {
                t += 1;
                other
            }
        };
        out.push((t, event));
    }
    out
}

/// A healthy IMAP-over-TLS probe on a path of `rtt` ms whose connect took `connect`.
pub(super) fn imaps(connect: u64, rtt: u64) -> Vec<(u64, Event)> {
    timed(healthy_imap(), at("127.0.0.10:993"), connect, rtt)
}

/// Plays the relay for `session` with timed events; returns the report and
/// every operation planned.
pub(super) fn play(mut session: Session, answer: impl Fn(&Operation) -> Vec<(u64, Event)>) -> (Report, Vec<Operation>) {
    let mut planned = Vec::new();
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        for (t_ms, event) in answer(&op) {
            session.handle(&ServerMessage::Event { id, t_ms, event });
        }
        planned.push(op);
        pending.extend(session.handle(&ServerMessage::Done { id }));
    }
    let report = session.report(&catalog());
    assert!(report.complete);
    (report, planned)
}

/// The person's IMAP server alone, as the page checks it.
fn imap_only() -> Session {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = crate::Discovery::Off;
    Session::plan(request).expect("valid")
}

/// The extra connects planned: their counts.
fn extra_connects(planned: &[Operation]) -> Vec<u8> {
    planned
        .iter()
        .filter_map(|op| match op {
            Operation::SampleLatency { count, .. } => Some(*count),
            _ => None,
        })
        .collect()
}

/// A connect answered by the extra connect, `ms` long.
fn connect(ms: u64) -> Vec<(u64, Event)> {
    let address = at("127.0.0.10:993");
    vec![(ms, Event::Tcp { address, outcome: TcpOutcome::Connected, elapsed_ms: ms })]
}

fn network(report: &Report) -> Vec<Code> {
    codes(report).into_iter().filter(|c| matches!(c, Code::NetworkIntermittent | Code::NetworkHighLatency)).collect()
}

#[test]
fn a_fast_healthy_path_says_nothing_and_asks_no_extra_connect() {
    let (report, planned) = play(imap_only(), |op| match op {
        Operation::Probe(_) => imaps(12, 12),
        _ => connect(12),
    });
    assert!(extra_connects(&planned).is_empty(), "{planned:?}");
    assert!(network(&report).is_empty(), "{:?}", codes(&report));
    assert!(codes(&report).contains(&Code::OkIncoming), "{:?}", codes(&report));
}

#[test]
fn a_satellite_path_is_high_latency_from_the_probe_alone() {
    // Geostationary: some 600 ms a round trip, every one of them.
    let (report, planned) = play(imap_only(), |op| match op {
        Operation::Probe(_) => imaps(610, 600),
        _ => connect(600),
    });
    assert!(extra_connects(&planned).is_empty(), "under a second, a connect is the round trip: {planned:?}");
    assert_eq!(network(&report), [Code::NetworkHighLatency], "{:?}", codes(&report));
    let f = report.findings.iter().find(|f| f.code == Code::NetworkHighLatency).expect("the finding");
    assert!(f.explanation.contains("600 ms"), "the dialog's round trip, not more: {}", f.explanation);
    assert!(codes(&report).contains(&Code::OkIncoming), "it works, slowly: {:?}", codes(&report));
}

#[test]
fn a_connect_one_rto_above_the_dialogs_round_trip_is_a_lost_syn() {
    // 20 ms a round trip, and the first SYN lost: the kernel sent it again
    // after its initial second (RFC 6298 §2.1).
    let (report, planned) = play(imap_only(), |op| match op {
        Operation::Probe(_) => imaps(1_020, 20),
        _ => connect(20),
    });
    assert!(extra_connects(&planned).is_empty(), "the dialog's round trip tells: {planned:?}");
    assert_eq!(network(&report), [Code::NetworkIntermittent], "{:?}", codes(&report));
    let f = report.findings.iter().find(|f| f.code == Code::NetworkIntermittent).expect("the finding");
    assert!(
        f.explanation.starts_with("Of the one connection this check opened to it, 0 failed or stalled and 1 waited"),
        "{}",
        f.explanation
    );
    // A server whose accept queue is full drops the SYN just the same: the
    // finding must not blame the path alone.
    assert!(f.explanation.contains("too busy to take another connection"), "{}", f.explanation);
    assert!(f.fix.iter().any(|fix| fix.contains("turns connections away")), "{:?}", f.fix);
    assert!(!f.evidence.is_empty(), "the slow connect itself is the proof");
}

/// A probe that connected in `connect` ms and heard only a farewell: no
/// handshake, no exchange, nothing that bounds the round trip.
fn farewell(connect: u64) -> Vec<(u64, Event)> {
    let bye = Event::Greeting {
        spoken: Some(MailProtocol::Imap),
        status: maildoctor_wire::GreetingStatus::Unavailable,
        text: "* BYE too busy".into(),
    };
    let events = vec![dns_ok(), tcp(TcpOutcome::Connected), bye];
    timed(events, at("127.0.0.10:143"), connect, 0)
}

fn plain_imap_only() -> Session {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(Settings { port: 143, security: Security::None, ..imap_tls() });
    request.discovery = crate::Discovery::Off;
    Session::plan(request).expect("valid")
}

#[test]
fn a_lone_slow_connect_asks_one_more_and_that_one_tells() {
    // One connect of a second and nothing to hold it against: one more
    // connect, to the same address and port. Quick: the first lost a SYN.
    let (report, planned) = play(plain_imap_only(), |op| match op {
        Operation::Probe(_) => farewell(1_030),
        _ => vec![(30, Event::Tcp { address: at("127.0.0.10:143"), outcome: TcpOutcome::Connected, elapsed_ms: 30 })],
    });
    assert_eq!(extra_connects(&planned), [1], "{planned:?}");
    let asked = planned.iter().find_map(|op| match op {
        Operation::SampleLatency { port, address, .. } => Some((*port, *address)),
        _ => None,
    });
    assert_eq!(asked, Some((143, Some("127.0.0.10".parse().expect("an address")))));
    assert_eq!(network(&report), [Code::NetworkIntermittent], "{:?}", codes(&report));
    // As slow again: the path itself takes a second.
    let (report, planned) = play(plain_imap_only(), |op| match op {
        Operation::Probe(_) => farewell(1_030),
        _ => vec![(990, Event::Tcp { address: at("127.0.0.10:143"), outcome: TcpOutcome::Connected, elapsed_ms: 990 })],
    });
    assert_eq!(extra_connects(&planned), [1], "{planned:?}");
    assert_eq!(network(&report), [Code::NetworkHighLatency], "{:?}", codes(&report));
}

#[test]
fn a_dialog_that_stalls_where_another_at_the_same_port_was_answered_is_loss() {
    // Two names of one server, both the person's: incoming and outgoing
    // on the same address and port is unusual, so the second is a login
    // retry's probe of the same server, answered at once.
    let stalled = |connect| {
        let mut events = timed(healthy_imap(), at("127.0.0.10:993"), connect, 20);
        events.truncate(3);
        let failed = Event::Failed { step: Step::Greeting, reason: ProbeFailure::Timeout { waited_ms: 15_000 } };
        events.push((15_050, failed));
        events
    };
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.outgoing = Some(Settings { host: "imap.example.test".into(), ..imap_tls() });
    request.discovery = crate::Discovery::Off;
    let session = || Session::plan(request.clone()).expect("valid");
    let (report, planned) = play(session(), |op| match op {
        Operation::Probe(p) if p.host == "mail.example.test" => stalled(20),
        Operation::Probe(_) => imaps(20, 20),
        _ => connect(20),
    });
    assert!(extra_connects(&planned).is_empty(), "{planned:?}");
    assert_eq!(network(&report), [Code::NetworkIntermittent], "{:?}", codes(&report));
    // Silent on every connection: the server's, not the path's.
    let (report, _) = play(session(), |op| match op {
        Operation::Probe(_) => stalled(20),
        _ => connect(20),
    });
    assert!(network(&report).is_empty(), "{:?}", codes(&report));
}

#[test]
fn a_server_slow_to_greet_on_a_fast_path_is_no_network_finding() {
    // Twelve seconds to greet, every round trip 15 ms: the server's wait.
    let (report, planned) = play(imap_only(), |op| match op {
        Operation::Probe(_) => {
            let mut events = imaps(15, 15);
            for (t, event) in events.iter_mut() {
                if !matches!(event, Event::Dns { .. } | Event::Tcp { .. } | Event::Tls { .. }) {
                    *t += 12_000;
                }
            }
            events
        }
        _ => connect(15),
    });
    assert!(extra_connects(&planned).is_empty(), "{planned:?}");
    assert!(network(&report).is_empty(), "{:?}", codes(&report));
    assert!(codes(&report).contains(&Code::ServerSlowerThanApps), "{:?}", codes(&report));
}

#[test]
fn a_slow_connect_beside_a_quick_one_to_another_port_of_the_address_is_a_lost_syn() {
    // Incoming 993 lost its SYN; outgoing 587 on the same address did not:
    // on a 450 ms path, both findings, from connects the probes made.
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.outgoing =
        Some(Settings { port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() });
    request.discovery = crate::Discovery::Off;
    let (report, planned) = play(Session::plan(request).expect("valid"), |op| match op {
        Operation::Probe(p) if p.port == 993 => imaps(1_450, 450),
        Operation::Probe(p) => timed(super::codes::healthy_for(p), at("127.0.0.10:587"), 450, 450),
        _ => connect(450),
    });
    assert!(extra_connects(&planned).is_empty(), "{planned:?}");
    let mut found = network(&report);
    found.sort();
    assert_eq!(found, [Code::NetworkIntermittent, Code::NetworkHighLatency], "{:?}", codes(&report));
}
