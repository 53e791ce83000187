//! Each of the relay's limits, through a real WebSocket: sessions per
//! network and in bursts, idle and lifetime, logins per account and
//! network, connections per server, and a full relay. Another client is
//! served throughout.

use super::*;

#[tokio::test]
async fn one_network_holds_a_few_sessions_not_every_place() {
    let config = RelayConfig { max_sessions_per_client: 2, ..RelayConfig::default() };
    let relay = start_relay(Policy::permissive(), config).await;
    let first = Client::connect(&relay).await;
    let _second = Client::connect(&relay).await;
    let err = tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws")).await.expect_err("a third waits");
    assert!(err.to_string().contains("429"), "{err}");
    drop(first);
    // The place comes back when the relay has seen the socket close.
    let started = Instant::now();
    loop {
        match tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws")).await {
            Ok(_) => break,
            Err(err) if started.elapsed() < WAIT => {
                assert!(err.to_string().contains("429"), "{err}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(err) => panic!("the closed session's place never came back: {err}"),
        }
    }
}

#[tokio::test]
async fn an_idle_session_is_closed_and_a_busy_one_only_when_too_old() {
    let limits = SessionLimits {
        idle: Duration::from_millis(300),
        lifetime: Duration::from_secs(2),
        ..SessionLimits::default()
    };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    let mut idle = Client::connect(&relay).await;
    idle.hello().await;
    let mut busy = Client::connect(&relay).await;
    busy.hello().await;
    let port = silent_server().await;
    let spec = ProbeSpec { security: Security::None, ..imap_spec("127.0.0.1", port) };
    let opened = Instant::now();
    busy.send(&ClientMessage::Run { id: 1, op: Operation::Probe(spec) }).await;

    assert_eq!(close_code(&mut idle.ws).await, Some(1000), "idle: closed normally");
    assert!(opened.elapsed() < Duration::from_secs(2), "closed for idleness, not age");
    // Waiting for a greeting is not idleness; the lifetime still ends it.
    assert_eq!(close_code(&mut busy.ws).await, Some(1008));
    assert!(opened.elapsed() >= Duration::from_millis(1900), "{:?}", opened.elapsed());
}

#[tokio::test]
async fn an_account_is_tried_a_few_times_then_the_relay_waits_before_the_server_locks_it() {
    use maildoctor::serve::{LoginQuotas, Rate};
    use maildoctor_wire::{Login, Secret};

    let per_account = Rate { burst: 2, every: Duration::from_secs(600) };
    let logins = LoginQuotas { per_account, per_client: Rate { burst: 50, ..per_account } };
    let relay = start_relay(Policy::permissive(), RelayConfig { logins, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let login_as = |id: u32, username: &str| {
        let login = Login {
            username: username.into(),
            secret: Secret::new("correct-horse"),
            mechanism: None,
            allow_plaintext: false,
        };
        let spec = ProbeSpec { login: Some(login), ..imap_spec("mail.example.test", 993) };
        ClientMessage::Run { id, op: Operation::Probe(spec) }
    };
    for id in 1..=2 {
        client.send(&login_as(id, "alice@example.test")).await;
        let events = client.events_until_done(id).await;
        assert!(events.iter().any(|(_, e)| matches!(e, Event::Auth { .. })), "logged in: {events:?}");
    }
    client.send(&login_as(3, "Alice@Example.test")).await;
    // Refused where the address is known, after the lookup and before the login.
    match super::canonical::outcome(&mut client, 3).await.1 {
        Some(Refusal::LoginLimit { retry_after_s }) => {
            assert!((250..=600).contains(&retry_after_s), "{retry_after_s}");
        }
        other => panic!("expected a login limit, got {other:?}"),
    }
    client.send(&login_as(4, "bob@example.test")).await;
    client.events_until_done(4).await;
    client.send(&probe(5, "mail.example.test", 993)).await;
    client.events_until_done(5).await;
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_refusals_total{reason=\"login_limit\"} 1"), "{metrics}");
}

#[tokio::test]
async fn a_full_relay_is_not_ready_until_a_place_frees() {
    let relay = start_relay(Policy::permissive(), RelayConfig { max_sessions: 1, ..RelayConfig::default() }).await;
    assert!(http_get(&relay, "/readyz", &[]).await.ends_with("ready\n"));
    let only = Client::connect(&relay).await;
    let full = http_get(&relay, "/readyz", &[]).await;
    assert!(full.starts_with("HTTP/1.1 503") && full.ends_with("full\n"), "{full}");
    drop(only);
    let started = Instant::now();
    while !http_get(&relay, "/readyz", &[]).await.ends_with("ready\n") {
        assert!(started.elapsed() < WAIT, "the place never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn one_network_opening_sessions_in_a_loop_is_told_when_to_come_back() {
    let new_sessions_per_client = maildoctor::serve::Rate { burst: 3, every: Duration::from_secs(600) };
    let relay =
        start_relay(Policy::permissive(), RelayConfig { new_sessions_per_client, ..RelayConfig::default() }).await;
    for _ in 0..3 {
        let mut client = Client::connect(&relay).await;
        client.hello().await;
    }
    let err = tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws")).await.expect_err("the fourth waits");
    match err {
        tokio_tungstenite::tungstenite::Error::Http(response) => {
            assert_eq!(response.status(), 429);
            let retry: u64 = response.headers()["retry-after"].to_str().expect("text").parse().expect("seconds");
            assert!((500..=600).contains(&retry), "{retry}");
        }
        other => panic!("expected 429, got {other}"),
    }
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_ws_sessions_rejected_total{why=\"client_rate\"} 1"), "{metrics}");
}

#[tokio::test]
async fn one_server_is_dialed_a_bounded_number_of_times_then_the_relay_waits() {
    let per_destination = maildoctor::serve::Rate { burst: 3, every: Duration::from_secs(600) };
    let relay = start_relay(Policy::permissive(), RelayConfig { per_destination, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    for id in 1..=3 {
        client.send(&one_connection_probe(id, "mail.example.test")).await;
        client.events_until_done(id).await;
    }
    // The same server, however it is spelled.
    client.send(&one_connection_probe(4, "MAIL.example.test.")).await;
    match super::canonical::outcome(&mut client, 4).await.1 {
        Some(Refusal::DestinationLimit { retry_after_s }) => {
            assert!((100..=600).contains(&retry_after_s), "{retry_after_s}");
        }
        other => panic!("expected a destination limit, got {other:?}"),
    }
    // Another server, from another page, is served as before.
    let mut other = Client::connect(&relay).await;
    other.hello().await;
    other.send(&probe(1, "expired.example.test", 993)).await;
    other.events_until_done(1).await;
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_refusals_total{reason=\"destination_limit\"} 1"), "{metrics}");
}

#[tokio::test]
async fn a_page_that_answers_no_ping_is_let_go_and_one_that_reads_stays() {
    let limits = SessionLimits { heartbeat: Duration::from_millis(200), ..SessionLimits::default() };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    let silent = silent_server().await;
    let mut deaf = Client::connect(&relay).await;
    deaf.hello().await;
    // A check keeps running (a server that never answers), so only the
    // heartbeat can tell that this page has gone.
    deaf.send(&probe(1, "127.0.0.1", silent)).await;
    let mut live = Client::connect(&relay).await;
    live.hello().await;
    live.send(&probe(1, "127.0.0.1", silent)).await;
    let started = Instant::now();
    // The live page reads (and so answers pings) for a while; the deaf one does not.
    while started.elapsed() < Duration::from_millis(1500) {
        let _ = tokio::time::timeout(Duration::from_millis(100), live.ws.next()).await;
    }
    let mut closed = false;
    while let Ok(frame) = tokio::time::timeout(Duration::from_secs(2), deaf.ws.next()).await {
        match frame {
            Some(Ok(Message::Text(_) | Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
            Some(Ok(Message::Binary(_))) => continue,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                closed = true;
                break;
            }
        }
    }
    assert!(closed, "the relay let the deaf page go");
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_ws_sessions_active 1"), "the live page stays: {metrics}");
    assert!(metrics.contains("maildoctor_ws_sessions_ended_total{why=\"unresponsive\"} 1"), "{metrics}");
}

#[tokio::test]
async fn a_session_opens_a_bounded_number_of_connections_counting_fan_out() {
    let limits = SessionLimits { connections: 15, ..SessionLimits::default() };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    // One operation that is ten connections.
    let sample = Operation::SampleLatency { host: "mail.example.test".into(), port: 993, count: 10, address: None };
    client.send(&ClientMessage::Run { id: 1, op: sample }).await;
    client.events_until_done(1).await;
    // A probe may dial up to eleven more: past the session's 15.
    client.send(&probe(2, "mail.example.test", 993)).await;
    assert_eq!(client.recv().await, Some(ServerMessage::Refused { id: 2, reason: Refusal::ConnectionBudget }));
    // A new check is a new session, with its own budget.
    let mut next = Client::connect(&relay).await;
    next.hello().await;
    next.send(&probe(1, "mail.example.test", 993)).await;
    next.events_until_done(1).await;
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_refusals_total{reason=\"connection_budget\"} 1"), "{metrics}");
}

#[tokio::test]
async fn a_flooding_client_and_a_slow_reader_do_not_stop_the_relay_serving_others() {
    let limits = SessionLimits { heartbeat: Duration::from_millis(300), ..SessionLimits::default() };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    // A flood: thousands of frames as fast as the socket takes them, none valid.
    let mut flood = Client::connect(&relay).await;
    let flooding = tokio::spawn(async move {
        for n in 0..5_000 {
            if flood.ws.send(Message::text(format!("{{\"type\":\"nonsense\",\"n\":{n}}}"))).await.is_err() {
                break;
            }
        }
        flood
    });
    // A slow reader: asks for many events, then never reads them.
    let mut slow = Client::connect(&relay).await;
    slow.hello().await;
    for id in 1..=20 {
        slow.send(&probe(id, "mail.example.test", 993)).await;
    }
    // Meanwhile another page is served as usual.
    let mut other = Client::connect(&relay).await;
    other.hello().await;
    let started = Instant::now();
    other.send(&probe(1, "mail.example.test", 993)).await;
    let events = other.events_until_done(1).await;
    assert!(events.iter().any(|(_, e)| matches!(e, Event::Greeting { .. })), "{events:?}");
    assert!(started.elapsed() < WAIT, "served in time");
    // The slow reader answers no ping and is let go; the one that reads
    // (and so answers pings) stays.
    let waiting = Instant::now();
    while waiting.elapsed() < Duration::from_millis(1500) {
        let _ = tokio::time::timeout(Duration::from_millis(100), other.ws.next()).await;
    }
    let _flood = flooding.await.expect("the flood ends");
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_bad_messages_total"), "{metrics}");
    assert!(metrics.contains("maildoctor_ws_sessions_ended_total{why=\"unresponsive\"}"), "{metrics}");
    other.send(&probe(2, "mail.example.test", 993)).await;
    other.events_until_done(2).await;
}

#[tokio::test]
async fn a_session_starts_a_bounded_number_of_operations_in_all() {
    let limits = SessionLimits { operations: 3, ..SessionLimits::default() };
    let relay = start_relay(Policy::permissive(), RelayConfig { limits, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    // One at a time, each finished before the next: the running cap is never met.
    for id in 1..=3 {
        client.send(&probe(id, "mail.example.test", 993)).await;
        client.events_until_done(id).await;
    }
    client.send(&probe(4, "mail.example.test", 993)).await;
    assert_eq!(client.recv().await, Some(ServerMessage::Refused { id: 4, reason: Refusal::TooManyOperations }));
}

/// The TLS versions question costs a server its connections once: a second
/// check of the same server within ten minutes gets the remembered answer,
/// so the relay's limit on connections to one destination is spent on the
/// checks themselves.
#[tokio::test]
async fn the_tls_versions_a_server_took_are_remembered_not_asked_again() {
    // Room for one probe with its two version hellos, and one more connection.
    let per_destination = maildoctor::serve::Rate { burst: 4, every: Duration::from_secs(600) };
    let relay = start_relay(Policy::permissive(), RelayConfig { per_destination, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let versions = |events: &[Event]| {
        events.iter().find_map(|e| match e {
            Event::TlsVersions { answers, .. } => Some(answers.clone()),
            _ => None,
        })
    };
    client.send(&probe(1, "127.0.0.10", 993)).await;
    let (first, refusal) = super::canonical::outcome(&mut client, 1).await;
    assert_eq!(refusal, None, "{first:?}");
    let asked = versions(&first).unwrap_or_else(|| panic!("the versions were asked: {first:?}"));
    assert!(asked.len() >= 2, "TLS 1.2 taken, TLS 1.1 refused: {asked:?}");
    client.send(&probe(2, "127.0.0.10", 993)).await;
    let (second, refusal) = super::canonical::outcome(&mut client, 2).await;
    assert_eq!(refusal, None, "one connection was left for the probe itself: {second:?}");
    assert_eq!(versions(&second), Some(asked), "the same answer, without asking: {second:?}");
    // Every connection the limit allowed is spent: the next probe waits.
    client.send(&probe(3, "127.0.0.10", 993)).await;
    let (_, refusal) = super::canonical::outcome(&mut client, 3).await;
    assert!(matches!(refusal, Some(Refusal::DestinationLimit { .. })), "{refusal:?}");
}
