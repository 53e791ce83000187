//! A relay behind a load balancer: clients are told apart by the trusted
//! proxy's X-Forwarded-For, and a password is taken only when that proxy
//! says the page came over TLS.

use maildoctor_wire::{Login, Secret};

use super::*;

async fn connect_via_proxy(relay: &str, forwarded_for: &str, proto: Option<&str>) -> Result<Client, String> {
    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("x-forwarded-for", forwarded_for.parse().expect("header"));
    if let Some(proto) = proto {
        request.headers_mut().insert("x-forwarded-proto", proto.parse().expect("header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((ws, _)) => Ok(Client { ws }),
        Err(err) => Err(err.to_string()),
    }
}

fn with_password(id: u32) -> ClientMessage {
    let login = Login {
        username: "alice@example.test".into(),
        secret: Secret::new("correct-horse"),
        mechanism: None,
        allow_plaintext: false,
    };
    ClientMessage::Run {
        id,
        op: Operation::Probe(ProbeSpec { login: Some(login), ..imap_spec("mail.example.test", 993) }),
    }
}

fn behind_loopback_proxy() -> RelayConfig {
    RelayConfig {
        trusted_proxies: vec!["127.0.0.0/8".parse().expect("cidr")],
        max_sessions_per_client: 1,
        ..RelayConfig::default()
    }
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_told_apart_by_its_header() {
    let relay = start_relay(Policy::permissive(), behind_loopback_proxy()).await;
    let mut first = connect_via_proxy(&relay, "198.51.100.1, 203.0.113.5", None).await.expect("one client");
    first.hello().await;
    // Another client through the same proxy has its own share.
    let mut second = connect_via_proxy(&relay, "203.0.113.6", None).await.expect("another client");
    second.hello().await;
    // The first client again, whatever it prepends: its share is taken.
    let err = connect_via_proxy(&relay, "192.0.2.99, 203.0.113.5", None).await.err().expect("refused");
    assert!(err.contains("429"), "{err}");
}

#[tokio::test]
async fn a_password_needs_tls_up_to_the_relay() {
    let relay = start_relay(Policy::permissive(), behind_loopback_proxy()).await;
    let mut plain = connect_via_proxy(&relay, "203.0.113.5", None).await.expect("connects");
    plain.hello().await;
    plain.send(&with_password(1)).await;
    assert_eq!(plain.recv().await, Some(ServerMessage::Refused { id: 1, reason: Refusal::InsecureTransport }));
    // Without a password the same page is served.
    plain.send(&probe(2, "mail.example.test", 993)).await;
    plain.events_until_done(2).await;

    let mut tls = connect_via_proxy(&relay, "203.0.113.6", Some("https")).await.expect("connects");
    tls.hello().await;
    tls.send(&with_password(1)).await;
    let events = tls.events_until_done(1).await;
    assert!(events.iter().any(|(_, e)| matches!(e, Event::Auth { .. })), "the login ran: {events:?}");

    // A page on this machine needs no proxy's word.
    let mut local = Client::connect(&start_relay(Policy::permissive(), RelayConfig::default()).await).await;
    local.hello().await;
    local.send(&with_password(1)).await;
    let events = local.events_until_done(1).await;
    assert!(events.iter().any(|(_, e)| matches!(e, Event::Auth { .. })), "{events:?}");
}
