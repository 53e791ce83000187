//! The relay's WebSocket exchange, without a browser: a real TCP listener, a
//! real WebSocket client, the real fixtures behind.

use std::path::Path;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use maildoctor::serve::{relay_counted, RelayConfig, SessionLimits};
use maildoctor_probe::Policy;
use maildoctor_tests::{executor, http_get, silent_server};
use maildoctor_wire::{
    CertProblem, CertVerdict, ClientMessage, DnsOutcome, ErrorCode, Event, GreetingStatus, MailProtocol, Operation,
    ProbeSpec, Refusal, Security, ServerMessage, TcpOutcome, TlsResult, PROTOCOL_VERSION,
};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

mod canonical;
mod fleet;
mod front_door;
mod leaks;
mod limits;
mod proxies;
mod session_release;
mod static_files;

const WAIT: Duration = Duration::from_secs(30);

async fn start_relay(policy: Policy, config: RelayConfig) -> String {
    let metrics = std::sync::Arc::new(maildoctor::metrics::Metrics::default());
    let (app, _drain) = relay_counted(executor(policy), config, Path::new("/nonexistent-ui"), metrics.clone());
    // `serve` puts /metrics on a listener of its own; here it sits beside
    // the routes, for the tests to read.
    let app = app.merge(maildoctor::metrics::router(metrics));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = app.into_make_service_with_connect_info::<maildoctor::tls::PeerAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("127.0.0.1:{}", addr.port())
}

struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    async fn connect(relay: &str) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{relay}/v1/ws")).await.expect("upgrade");
        Self { ws }
    }

    async fn send(&mut self, message: &ClientMessage) {
        self.send_text(&serde_json::to_string(message).expect("json")).await;
    }

    async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.expect("send");
    }

    /// The next message, or `None` once the relay closed the socket.
    async fn recv(&mut self) -> Option<ServerMessage> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next()).await.expect("the relay answers in time");
            match frame {
                Some(Ok(Message::Text(text))) => {
                    return Some(ServerMessage::from_json(&text).expect("a valid message"))
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
                Some(Ok(_)) => continue,
            }
        }
    }

    async fn hello(&mut self) {
        self.send(&ClientMessage::Hello { version: PROTOCOL_VERSION }).await;
        assert!(matches!(self.recv().await, Some(ServerMessage::Hello { version: PROTOCOL_VERSION, .. })));
    }

    /// Events of operation `id` until its `done`; panics on a refusal.
    async fn events_until_done(&mut self, id: u32) -> Vec<(u64, Event)> {
        let mut events = Vec::new();
        loop {
            match self.recv().await.expect("socket stays open") {
                ServerMessage::Event { id: got, t_ms, event } if got == id => events.push((t_ms, event)),
                ServerMessage::Done { id: got } if got == id => return events,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

/// IMAP over implicit TLS, without a login.
fn imap_spec(host: &str, port: u16) -> ProbeSpec {
    ProbeSpec {
        host: host.into(),
        port,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
        login: None,
        address: None,
    }
}

fn probe(id: u32, host: &str, port: u16) -> ClientMessage {
    ClientMessage::Run { id, op: Operation::Probe(imap_spec(host, port)) }
}

/// A probe of IMAP on 143 without encryption: exactly one connection (a
/// verified TLS handshake adds the TLS versions question's own), for the
/// tests that count connections to a server.
fn one_connection_probe(id: u32, host: &str) -> ClientMessage {
    let spec = ProbeSpec { port: 143, security: Security::None, ..imap_spec(host, 143) };
    ClientMessage::Run { id, op: Operation::Probe(spec) }
}

/// The dialog ran to its end; after it may come only the TLS versions
/// question, asked on fresh connections once the dialog is over.
fn ends_with_the_dialog(events: &[&Event]) -> bool {
    let dialog_end = match events.last() {
        Some(Event::TlsVersions { .. }) => events.len().checked_sub(2).map(|i| events[i]),
        last => last.copied(),
    };
    matches!(dialog_end, Some(Event::Completed { .. }))
}

#[tokio::test]
async fn a_probe_streams_typed_events_in_order_then_done() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    client.send(&probe(1, "mail.example.test", 993)).await;
    let events = client.events_until_done(1).await;

    assert!(events.windows(2).all(|w| w[0].0 <= w[1].0), "t_ms never goes back: {events:?}");
    let kinds: Vec<_> = events.iter().map(|(_, e)| e).collect();
    assert!(kinds.iter().any(|e| matches!(e, Event::Dns { outcome: DnsOutcome::Answer, .. })), "{kinds:?}");
    assert!(kinds.iter().any(|e| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, .. })));
    assert!(kinds
        .iter()
        .any(|e| matches!(e, Event::Tls { result: TlsResult::Established { verdict: CertVerdict::Valid, .. }, .. })));
    assert!(kinds
        .iter()
        .any(|e| matches!(e, Event::Greeting { spoken: Some(MailProtocol::Imap), status: GreetingStatus::Ready, .. })));
    assert!(ends_with_the_dialog(&kinds), "{kinds:?}");
    assert!(kinds.iter().any(|e| matches!(e, Event::Completed { protocol: MailProtocol::Imap })));
}

#[tokio::test]
async fn an_expired_certificate_is_reported_with_its_date() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    client.send(&probe(7, "expired.example.test", 993)).await;
    let events = client.events_until_done(7).await;
    let verdict = events.iter().find_map(|(_, e)| match e {
        Event::Tls { result: TlsResult::Established { verdict, .. }, .. } => Some(verdict.clone()),
        _ => None,
    });
    assert_eq!(
        verdict,
        Some(CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) } })
    );
}

#[tokio::test]
async fn the_default_policy_never_dials_loopback() {
    let relay = start_relay(Policy::default(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;

    client.send(&probe(1, "127.0.0.10", 993)).await;
    assert_eq!(
        client.recv().await,
        Some(ServerMessage::Refused {
            id: 1,
            reason: Refusal::DestinationNotAllowed { address: [127, 0, 0, 10].into() }
        })
    );

    // A public-looking name that resolves to loopback is resolved once, then denied per address.
    client.send(&probe(2, "mail.example.test", 993)).await;
    let events = client.events_until_done(2).await;
    let denied: Vec<_> = events.iter().filter(|(_, e)| matches!(e, Event::AddressDenied { .. })).collect();
    assert_eq!(denied.len(), 2, "both 127.0.0.10 and ::1 are denied: {events:?}");
    assert!(!events.iter().any(|(_, e)| matches!(e, Event::Tcp { .. })), "nothing was dialed: {events:?}");
}

#[tokio::test]
async fn only_mail_ports_and_sane_names_are_accepted() {
    let relay = start_relay(Policy::default(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    client.send(&probe(1, "mail.example.com", 22)).await;
    assert_eq!(
        client.recv().await,
        Some(ServerMessage::Refused { id: 1, reason: Refusal::PortNotAllowed { port: 22 } })
    );
    client.send(&probe(2, "localhost", 993)).await;
    assert!(matches!(
        client.recv().await,
        Some(ServerMessage::Refused { id: 2, reason: Refusal::InvalidTarget { .. } })
    ));
}

#[tokio::test]
async fn hello_comes_first_and_versions_must_match() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.send(&probe(1, "mail.example.test", 993)).await;
    assert!(matches!(client.recv().await, Some(ServerMessage::Error { code: ErrorCode::HelloFirst, .. })));

    client.send(&ClientMessage::Hello { version: PROTOCOL_VERSION + 1 }).await;
    assert!(matches!(client.recv().await, Some(ServerMessage::Error { code: ErrorCode::VersionMismatch, .. })));
    assert_eq!(client.recv().await, None, "the relay closes after a version mismatch");
}

#[tokio::test]
async fn malformed_frames_get_a_specific_error_that_never_echoes_a_secret() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.send_text("{not json").await;
    assert!(matches!(client.recv().await, Some(ServerMessage::Error { code: ErrorCode::BadMessage, .. })));

    let canary = "canary-S3cret-Pa55";
    client
        .send_text(&format!(
            r#"{{"type":"run","id":1,"op":{{"op":"probe","host":"h.example","port":993,"protocol":"imap","security":"tls","login":{{"username":"a","secret":"{canary}","evil":1}}}}}}"#
        ))
        .await;
    match client.recv().await {
        Some(ServerMessage::Error { code: ErrorCode::BadMessage, message }) => {
            assert!(!message.contains(canary), "{message}");
        }
        other => panic!("expected bad_message, got {other:?}"),
    }
    client.ws.send(Message::binary(vec![1, 2, 3])).await.expect("send");
    assert!(matches!(client.recv().await, Some(ServerMessage::Error { code: ErrorCode::BadMessage, .. })));
    // The session is still usable.
    client.hello().await;
}

#[tokio::test]
async fn an_oversized_frame_closes_that_socket_and_the_relay_serves_others() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut big = Client::connect(&relay).await;
    let _ = big.ws.send(Message::text("x".repeat(200 * 1024))).await;
    assert_eq!(big.recv().await, None, "a 200 KiB frame ends the session");

    let mut other = Client::connect(&relay).await;
    other.hello().await;
}

#[tokio::test]
async fn duplicate_ids_and_cancel() {
    // A server that accepts and never speaks: the probe waits for a greeting.
    let port = silent_server().await;
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let run = ClientMessage::Run {
        id: 5,
        op: Operation::Probe(ProbeSpec { security: Security::None, ..imap_spec("127.0.0.1", port) }),
    };
    client.send(&run).await;
    loop {
        if let Some(ServerMessage::Event { event: Event::Tcp { outcome: TcpOutcome::Connected, .. }, .. }) =
            client.recv().await
        {
            break;
        }
    }
    client.send(&run).await;
    assert!(matches!(client.recv().await, Some(ServerMessage::Error { code: ErrorCode::DuplicateId, .. })));
    let cancelled = Instant::now();
    client.send(&ClientMessage::Cancel { id: 5 }).await;
    assert_eq!(client.recv().await, Some(ServerMessage::Done { id: 5 }));
    assert!(cancelled.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn pages_from_other_origins_are_turned_away() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("origin", "http://evil.example".parse().expect("header"));
    let err = tokio_tungstenite::connect_async(request).await.expect_err("refused");
    assert!(err.to_string().contains("403"), "{err}");

    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("origin", format!("http://{relay}").parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.expect("the relay's own origin is welcome");

    // DNS rebinding: evil.example now resolves to this relay, so its page's
    // Host and Origin agree. A name is never taken as the relay's own.
    let port = relay.rsplit(':').next().expect("port");
    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("host", format!("evil.example:{port}").parse().expect("header"));
    request.headers_mut().insert("origin", format!("http://evil.example:{port}").parse().expect("header"));
    let err = tokio_tungstenite::connect_async(request).await.expect_err("a rebound name is refused");
    assert!(err.to_string().contains("403"), "{err}");
    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("host", format!("localhost:{port}").parse().expect("header"));
    request.headers_mut().insert("origin", format!("http://localhost:{port}").parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.expect("localhost never goes through DNS");

    let allowed = start_relay(
        Policy::permissive(),
        RelayConfig { allow_origins: vec!["https://help.provider.example".into()], ..RelayConfig::default() },
    )
    .await;
    let mut request = format!("ws://{allowed}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("origin", "https://help.provider.example".parse().expect("header"));
    tokio_tungstenite::connect_async(request).await.expect("an allowed embedding origin is welcome");
}

#[tokio::test]
async fn health_and_metrics() {
    let relay = start_relay(Policy::permissive(), RelayConfig::default()).await;
    assert!(http_get(&relay, "/healthz", &[]).await.ends_with("ok\n"));
    assert!(http_get(&relay, "/readyz", &[]).await.ends_with("ready\n"));
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    client.send(&probe(1, "mail.example.test", 993)).await;
    client.events_until_done(1).await;
    let metrics = http_get(&relay, "/metrics", &[]).await;
    assert!(metrics.contains("maildoctor_operations_total{kind=\"probe\"} 1"), "{metrics}");
    assert!(metrics.contains("maildoctor_operations_ended_total{kind=\"probe\",outcome=\"done\"} 1"), "{metrics}");
    // Its duration landed in one of the histogram's buckets.
    assert!(metrics.contains("maildoctor_operation_seconds_count{kind=\"probe\"} 1"), "{metrics}");
    assert!(metrics.contains("maildoctor_ws_sessions_active 1"), "{metrics}");
    assert!(metrics.ends_with("# EOF\n"), "OpenMetrics text: {metrics}");
    assert!(!metrics.contains("example.test"), "metrics never name a target");
}

/// The close frame a session ends with, skipping everything before it.
async fn close_code(ws: &mut WebSocketStream<MaybeTlsStream<TcpStream>>) -> Option<u16> {
    loop {
        match tokio::time::timeout(WAIT, ws.next()).await.expect("the relay closes in time") {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code.into()),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return None,
        }
    }
}

/// SIGTERM (systemd, containers) drains: no new connections, running probes
/// finish and are reported, then each page gets 1001 (going away) and the
/// process exits cleanly. It used to die at once, mid-dialog.
#[tokio::test]
async fn sigterm_lets_running_probes_finish_then_closes_with_going_away() {
    let mut relay = maildoctor_tests::RelayProcess::start(Path::new("/nonexistent-ui"), &[]).await;
    let address = relay.url.trim_start_matches("http://").to_owned();
    let mut busy = Client::connect(&address).await;
    busy.hello().await;
    let mut idle = Client::connect(&address).await;
    idle.hello().await;
    busy.send(&probe(1, "mail.example.test", 993)).await;
    // The signal comes once the probe runs. Sent together, the relay may see
    // the signal before it has read the request, and a request not yet read
    // is not a running probe: that session closes at once, like the idle one.
    let first = match busy.recv().await.expect("socket stays open") {
        ServerMessage::Event { id: 1, t_ms, event } => (t_ms, event),
        other => panic!("unexpected {other:?}"),
    };
    let signalled = Instant::now();
    relay.terminate();

    let mut events = vec![first];
    events.extend(busy.events_until_done(1).await);
    assert!(
        events.iter().any(|(_, e)| matches!(e, Event::Greeting { status: GreetingStatus::Ready, .. })),
        "the probe ran to its end: {events:?}"
    );
    assert_eq!(close_code(&mut busy.ws).await, Some(1001));
    assert_eq!(close_code(&mut idle.ws).await, Some(1001));
    assert!(signalled.elapsed() < maildoctor::serve::DRAIN, "sessions with nothing running close at once");
    assert!(TcpStream::connect(&address).await.is_err(), "no new connections while draining");
    assert!(relay.exit_status(Duration::from_secs(10)).await.success());
}

#[tokio::test]
async fn a_draining_relay_is_not_ready_and_the_drain_ends_when_sessions_have_closed() {
    let (app, drain) =
        maildoctor::serve::relay(executor(Policy::permissive()), RelayConfig::default(), Path::new("/nonexistent-ui"));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let relay = format!("127.0.0.1:{}", listener.local_addr().expect("addr").port());
    tokio::spawn(async move { axum::serve(listener, app).await });
    assert!(http_get(&relay, "/readyz", &[]).await.ends_with("ready\n"));
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let drained = tokio::spawn(drain.run());
    assert_eq!(close_code(&mut client.ws).await, Some(1001));
    let ready = http_get(&relay, "/readyz", &[]).await;
    assert!(ready.starts_with("HTTP/1.1 503") && ready.ends_with("draining\n"), "{ready}");
    drained.await.expect("no panic").expect("every session closed within the drain");
}
