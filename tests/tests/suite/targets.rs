//! The operator's network lists through the real executor, DNS and
//! fixtures: a denied network is never dialed even where private addresses
//! are open, and one allowed network opens only itself.

use maildoctor_probe::Policy;
use maildoctor_tests::{events_of, executor};
use maildoctor_wire::{
    Event, MailProtocol, Operation, ProbeSpec, RecordType, Refusal, ResolveSpec, ResolverChoice, Security, TcpOutcome,
};

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

/// Runs a lookup of `name` at `resolver` under `policy`: its DNS events, or the refusal.
async fn lookup_at(policy: Policy, name: &str, resolver: std::net::SocketAddr) -> Result<Vec<Event>, Refusal> {
    let op = Operation::Resolve(ResolveSpec {
        name: name.into(),
        types: vec![RecordType::A],
        resolver: ResolverChoice::Server(resolver),
    });
    let executor = executor(policy);
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let result = executor.run(&op, &tx).await;
    drop(tx);
    let mut events = Vec::new();
    while let Some(timed) = rx.recv().await {
        events.push(timed.event);
    }
    result.map(|()| events)
}

#[tokio::test]
async fn a_page_may_name_only_the_configured_resolver_or_the_names_own_servers() {
    // Any port: the fixtures' resolvers listen on 10053 and 10054, where a
    // relay's would be on 53; the port rule is not what is tested here.
    let relay = Policy { allow_private: true, any_port: true, authoritative_resolvers_only: true, ..Policy::default() };
    // ns1.example.test (127.0.0.30) serves example.test: it may be asked about its names.
    let own = lookup_at(relay.clone(), "mail.example.test", "127.0.0.30:53".parse().expect("addr")).await;
    assert!(own.as_ref().is_ok_and(|events| events.iter().any(|e| matches!(e, Event::Dns { .. }))), "{own:?}");
    // The relay's own resolver may always be named.
    assert!(lookup_at(relay.clone(), "mail.example.test", maildoctor_tests::resolver()).await.is_ok());
    // Any other server on port 53 is not the relay's to query for a page.
    let stray: std::net::SocketAddr =
        std::env::var("MAILDOCTOR_STALE_RESOLVER").expect("the fixtures' second resolver").parse().expect("addr");
    let refused = lookup_at(relay.clone(), "mail.example.test", stray).await;
    assert_eq!(refused.err(), Some(Refusal::DestinationNotAllowed { address: stray.ip() }));
    // Nor is a server for a name no zone it serves holds.
    let elsewhere = lookup_at(relay, "mail.nowhere.invalid", "127.0.0.30:53".parse().expect("addr")).await;
    assert!(elsewhere.is_err(), "{elsewhere:?}");
    // `check` on a person's own machine asks what they ask.
    assert!(lookup_at(Policy::permissive(), "mail.example.test", stray).await.is_ok());
}

#[tokio::test]
async fn a_remote_page_learns_that_a_name_points_inside_never_where() {
    let relay = Policy { redact_refused_addresses: true, ..Policy::default() };
    let events = events_of(executor(relay.clone()), probe("mail.example.test")).await;
    let text = format!("{events:?}");
    assert!(
        !text.contains("127.0.0.10") && !text.contains("::1 ") && !text.contains("Aaaa { address: ::1 }"),
        "{text}"
    );
    // Nor which special range each address is in.
    assert_eq!(denied_reasons(&events), ["not allowed", "not allowed"]);
    assert!(text.contains("A { address: 0.0.0.0 }"), "the record is there, its address is not: {text}");
    // imap.example.test is a CNAME to mail.example.test: the chain into the
    // private answer is hidden with it.
    let events = events_of(executor(relay.clone()), probe("imap.example.test")).await;
    let text = format!("{events:?}");
    assert!(text.contains("Cname { target: \"redacted.invalid.\" }"), "{text}");
    assert!(!text.contains("mail.example.test"), "{text}");
    // What the relay may dial is reported as it is.
    let inside = Policy { allow: vec!["127.0.0.10/32".parse().expect("cidr")], any_port: true, ..relay };
    let events = events_of(executor(inside), probe("mail.example.test")).await;
    let text = format!("{events:?}");
    assert!(text.contains("A { address: 127.0.0.10 }") && text.contains("Aaaa { address: :: }"), "{text}");
}

#[tokio::test]
async fn no_loopback_listener_hears_from_the_relay_however_its_address_is_written() {
    // Listeners on loopback addresses, on one port the policy allows.
    let first = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = first.local_addr().expect("addr").port();
    let mut listeners = vec![first];
    for address in ["127.0.0.2", "127.1.2.3", "[::1]"] {
        if let Ok(listener) = tokio::net::TcpListener::bind(format!("{address}:{port}")).await {
            listeners.push(listener);
        }
    }
    let policy = Policy { extra_ports: vec![port], redact_refused_addresses: true, ..Policy::default() };
    let forms = [
        "127.0.0.1",
        "127.0.0.2",
        "127.1.2.3",
        "[::1]",
        "::1",
        "[::ffff:127.0.0.1]",
        "::ffff:7f00:1",
        "127.1",
        "0x7f.1",
        "0x7f000001",
        "2130706433",
        "0177.0.0.1",
        "localhost",
        "localhost.",
        "foo.localhost",
        // Names whose records point at loopback (the fixtures' zone).
        "mail.example.test",
        "expired.example.test",
        "v4broken.example.test",
    ];
    let executor = executor(policy);
    for form in forms {
        let op = Operation::Probe(ProbeSpec {
            port,
            ..match probe(form) {
                Operation::Probe(spec) => spec,
                _ => unreachable!(),
            }
        });
        let (tx, mut rx) = tokio::sync::mpsc::channel(64);
        let result = executor.run(&op, &tx).await;
        drop(tx);
        let mut connected = false;
        while let Some(timed) = rx.recv().await {
            connected |= matches!(timed.event, Event::Tcp { outcome: TcpOutcome::Connected, .. });
        }
        assert!(!connected, "{form}: the relay connected ({result:?})");
    }
    for listener in &listeners {
        let heard = tokio::time::timeout(std::time::Duration::from_millis(50), listener.accept()).await;
        assert!(heard.is_err(), "{:?} was dialed", listener.local_addr());
    }
    assert!(listeners.len() >= 3, "at least the IPv4 listeners are up");
}
