//! The operator's network lists through the real executor, DNS and
//! fixtures: a denied network is never dialed even where private addresses
//! are open, and one allowed network opens only itself.

use maildoctor_probe::Policy;
use maildoctor_tests::{events_of, executor};
use maildoctor_wire::{Event, MailProtocol, Operation, ProbeSpec, Security, TcpOutcome};

fn probe(host: &str) -> Operation {
    Operation::Probe(ProbeSpec {
        host: host.into(),
        port: 993,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
        login: None,
        address: None,
    })
}

fn denied_reasons(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::AddressDenied { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .collect()
}

fn connected(events: &[Event]) -> bool {
    events.iter().any(|e| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, .. }))
}

#[tokio::test]
async fn a_denied_network_is_never_dialed_even_with_private_addresses_open() {
    // mail.example.test has an A (127.0.0.10) and an AAAA (::1) record.
    let deny = vec!["127.0.0.10/32".parse().expect("cidr"), "::1/128".parse().expect("cidr")];
    let own = Policy { allow_private: true, deny, ..Policy::default() };
    let events = events_of(executor(own.clone()), probe("mail.example.test")).await;
    assert!(!connected(&events), "{events:?}");
    let operator = "an address this relay's operator does not allow";
    assert_eq!(denied_reasons(&events), [operator, operator], "{events:?}");
    // Its neighbour is not on the list (and has only an A record).
    let events = events_of(executor(own), probe("expired.example.test")).await;
    assert!(connected(&events), "{events:?}");
}

#[tokio::test]
async fn one_allowed_network_opens_only_itself() {
    let inside = Policy { allow: vec!["127.0.0.10/32".parse().expect("cidr")], any_port: true, ..Policy::default() };
    let events = events_of(executor(inside.clone()), probe("mail.example.test")).await;
    assert!(connected(&events), "{events:?}");
    let events = events_of(executor(inside), probe("expired.example.test")).await;
    assert!(!connected(&events), "{events:?}");
    assert_eq!(denied_reasons(&events), ["a loopback address"], "{events:?}");
}
