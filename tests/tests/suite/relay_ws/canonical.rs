//! Limits keyed on what is dialed: one account on one server has one count
//! of logins and one server one count of connections, however the page
//! spells the server (case, a trailing dot, an alias, the bare address).

use super::*;
use maildoctor::serve::{LoginQuotas, Rate};
use maildoctor_wire::{Login, Secret};

/// One server, four ways: two spellings of its name, a CNAME to it in the
/// test zone, and its address.
pub(super) const SPELLINGS: [&str; 4] = ["MAIL.EXAMPLE.TEST.", "mail.example.test", "imap.example.test", "127.0.0.10"];

pub(super) fn login_probe(id: u32, host: &str, username: &str) -> ClientMessage {
    let login = Login {
        username: username.into(),
        secret: Secret::new("correct-horse"),
        mechanism: None,
        allow_plaintext: false,
    };
    ClientMessage::Run { id, op: Operation::Probe(ProbeSpec { login: Some(login), ..imap_spec(host, 993) }) }
}

/// How operation `id` ended: its events, then `None` (done) or the refusal.
pub(super) async fn outcome(client: &mut Client, id: u32) -> (Vec<Event>, Option<Refusal>) {
    let mut events = Vec::new();
    loop {
        match client.recv().await.expect("socket stays open") {
            ServerMessage::Event { id: got, event, .. } if got == id => events.push(event),
            ServerMessage::Done { id: got } if got == id => return (events, None),
            ServerMessage::Refused { id: got, reason } if got == id => return (events, Some(reason)),
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// Whether a login as `username` on `host` reached the server.
pub(super) async fn tried(client: &mut Client, id: u32, host: &str, username: &str) -> Result<(), Refusal> {
    client.send(&login_probe(id, host, username)).await;
    match outcome(client, id).await {
        (events, None) => {
            assert!(events.iter().any(|e| matches!(e, Event::Auth { .. })), "logged in on {host}: {events:?}");
            Ok(())
        }
        (events, Some(refusal)) => {
            assert!(!events.iter().any(|e| matches!(e, Event::Auth { .. })), "refused after a login: {events:?}");
            Err(refusal)
        }
    }
}

/// Room for every try on the client's side, so that only the account's
/// count is measured.
pub(super) fn account_only() -> LoginQuotas {
    LoginQuotas { per_client: Rate { burst: 1000, every: Duration::from_millis(1) }, ..LoginQuotas::default() }
}

#[tokio::test]
async fn one_account_gets_eight_tries_however_the_server_is_spelled() {
    let relay =
        start_relay(Policy::permissive(), RelayConfig { logins: account_only(), ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let (mut logged_in, mut refused) = (0, 0);
    let mut id = 0;
    // Nine rounds of four spellings: 36 tries asked for, as a script would.
    for _ in 0..9 {
        for host in SPELLINGS {
            id += 1;
            match tried(&mut client, id, host, "alice@example.test").await {
                Ok(()) => logged_in += 1,
                Err(Refusal::LoginLimit { retry_after_s }) => {
                    assert!(retry_after_s >= 1, "{retry_after_s}");
                    refused += 1;
                }
                Err(other) => panic!("refused for {other:?}"),
            }
        }
    }
    // Before: each spelling had its own count of 8 (32 logins).
    assert_eq!((logged_in, refused), (8, 28), "the account's logins on one server, in all");
}

#[tokio::test]
async fn one_server_is_one_count_of_connections_however_it_is_spelled() {
    let per_destination = Rate { burst: 3, every: Duration::from_secs(600) };
    let relay = start_relay(Policy::permissive(), RelayConfig { per_destination, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    // Each opens one connection to 127.0.0.10 (mail's AAAA, ::1, has its own count).
    for (id, host) in (1..).zip(["mail.example.test", "imap.example.test", "127.0.0.10"]) {
        client.send(&one_connection_probe(id, host)).await;
        let (events, refusal) = outcome(&mut client, id).await;
        assert_eq!(refusal, None, "{host}: {events:?}");
    }
    client.send(&one_connection_probe(4, "MAIL.EXAMPLE.TEST.")).await;
    let (events, refusal) = outcome(&mut client, 4).await;
    assert!(matches!(refusal, Some(Refusal::DestinationLimit { .. })), "{refusal:?}");
    assert!(!events
        .iter()
        .any(|e| matches!(e, Event::Tcp { address, .. } if address.ip() == std::net::Ipv4Addr::new(127, 0, 0, 10))));
}
