//! Round two's smaller leaks and the memory a stranger can make the relay
//! (and `check --compare-relay`) hold, each test named after its bug.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use maildoctor::serve::{RelayConfig, SessionLimits};
use maildoctor_probe::{Executor, ExecutorConfig, Policy, ResolverSetting, Timeouts, Trust};
use maildoctor_tests::{maildoctor_bin, RelayProcess};
use maildoctor_wire::{
    ClientMessage, Event, MailProtocol, Operation, ProbeSpec, RecordType, Refusal, ResolveSpec, ResolverChoice,
    Security, ServerMessage, PROTOCOL_VERSION,
};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, UdpSocket};
use tokio_tungstenite::tungstenite::Message;

use super::{start_relay, Client};

/// A kernel memory figure of `pid` (`VmRSS`, `VmHWM`) in KiB.
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process is alive");
    let line = status.lines().find(|line| line.starts_with(field)).expect("the field");
    line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()).expect("a number")
}

/// An IMAP server at `bind` that answers every command with 250 untagged
/// lines of 8,000 control bytes (each escapes to five times its size)
/// before the tagged answer: the flood round two's review sent.
async fn flooding_imap(bind: &str) {
    let listener = TcpListener::bind(bind).await.expect("bind the flooding server");
    let flood: Vec<u8> = (0..250).flat_map(|_| [b"* ".as_slice(), &[1u8; 8000], b"\r\n"].concat()).collect();
    let flood = std::sync::Arc::new(flood);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let flood = flood.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"* OK ready\r\n").await.ok()?;
                while let Ok(Some(line)) = lines.next_line().await {
                    let tag = line.split(' ').next().unwrap_or("*").to_owned();
                    write.write_all(&flood).await.ok()?;
                    write.write_all(format!("{tag} OK done\r\n").as_bytes()).await.ok()?;
                }
                Some(())
            });
        }
    });
}

#[tokio::test]
async fn a_hostile_imap_server_flooding_untagged_lines_costs_the_relay_little_memory() {
    // The relay allows private addresses, so only this loopback fake (on a
    // mail port of its own address) is ever dialed.
    flooding_imap("127.0.0.79:143").await;
    let ui = maildoctor_tests::TempDir::new("leaks-ui");
    let relay = RelayProcess::start(&ui.0, &[]).await;
    let pid = relay.pid();
    let url = format!("{}/v1/ws", relay.url.replacen("http://", "ws://", 1));
    let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.expect("upgrade");
    ws.send(Message::text(serde_json::to_string(&ClientMessage::Hello { version: PROTOCOL_VERSION }).expect("json")))
        .await
        .expect("hello");
    let _ = ws.next().await;
    let before = memory_kib(pid, "VmRSS");
    // A whole session's worth of operations at once, all at the flood.
    let spec = ProbeSpec {
        host: "127.0.0.79".into(),
        port: 143,
        protocol: MailProtocol::Imap,
        security: Security::None,
        login: None,
        address: None,
    };
    let count = 24;
    for id in 1..=count {
        let run = ClientMessage::Run { id, op: Operation::Probe(spec.clone()) };
        ws.send(Message::text(serde_json::to_string(&run).expect("json"))).await.expect("run");
    }
    let mut done = 0;
    let deadline = Instant::now() + Duration::from_secs(120);
    while done < count && Instant::now() < deadline {
        let Ok(Some(Ok(frame))) = tokio::time::timeout(Duration::from_secs(60), ws.next()).await else { break };
        if let Message::Text(text) = frame {
            if matches!(ServerMessage::from_json(&text), Ok(ServerMessage::Done { .. } | ServerMessage::Refused { .. }))
            {
                done += 1;
            }
        }
    }
    assert_eq!(done, count, "every operation ends");
    let peak = memory_kib(pid, "VmHWM");
    let grew_mib = peak.saturating_sub(before) / 1024;
    eprintln!(
        "relay memory: {} MiB before, peak {} MiB: {grew_mib} MiB for one hostile session",
        before / 1024,
        peak / 1024
    );
    // 24 dialogs keep at most 64 KiB of text each (and a few answer lines);
    // the margin is for the allocator and the frames in flight.
    assert!(grew_mib < 64, "one hostile session grew the relay by {grew_mib} MiB");
}

#[tokio::test]
async fn the_connection_budget_counts_the_old_tls_retry() {
    // A "TLS server" that hangs up on every hello: each probe's handshake
    // fails as closed, and the driver asks for an old TLS version on a
    // connection of its own.
    let listener = TcpListener::bind("127.0.0.80:993").await.expect("bind");
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(socket);
        }
    });
    let budget = 20;
    let limits = SessionLimits { connections: budget, ..SessionLimits::default() };
    let policy = Policy { allow_private: true, ..Policy::default() };
    let relay = start_relay(policy, RelayConfig { limits, ..RelayConfig::default() }).await;
    let mut client = Client::connect(&relay).await;
    client.hello().await;
    let spec = ProbeSpec {
        host: "127.0.0.80".into(),
        port: 993,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
        login: None,
        address: None,
    };
    for id in 1..=40 {
        client.send(&ClientMessage::Run { id, op: Operation::Probe(spec.clone()) }).await;
        let refused = loop {
            match client.recv().await.expect("socket stays open") {
                ServerMessage::Done { .. } => break false,
                ServerMessage::Refused { reason, .. } => {
                    assert_eq!(reason, Refusal::ConnectionBudget);
                    break true;
                }
                _ => {}
            }
        };
        if refused {
            break;
        }
    }
    let opened = accepted.load(std::sync::atomic::Ordering::SeqCst);
    assert!(opened >= 2, "the server saw the probes: {opened}");
    assert!(opened <= budget, "{opened} connections opened on a budget of {budget}");
}

/// A DNS server that hears every question, over UDP and TCP, and answers none.
async fn silent_dns() -> SocketAddr {
    // A free UDP port's TCP twin may be taken by another test's socket:
    // draw another pair then.
    let mut attempts = 0;
    let (udp, addr, tcp) = loop {
        let udp = UdpSocket::bind("127.0.0.1:0").await.expect("bind udp");
        let addr = udp.local_addr().expect("addr");
        match TcpListener::bind(addr).await {
            Ok(tcp) => break (udp, addr, tcp),
            Err(_) if attempts < 20 => attempts += 1,
            Err(err) => panic!("bind tcp on the same port as udp, 20 times: {err}"),
        }
    };
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while udp.recv_from(&mut buf).await.is_ok() {}
    });
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = tcp.accept().await {
            held.push(socket);
        }
    });
    addr
}

#[tokio::test]
async fn a_lookup_naming_its_own_dns_server_ends_by_the_operation_deadline() {
    let timeouts = Timeouts { dns: Duration::from_secs(1), operation: Duration::from_secs(4), ..Timeouts::default() };
    let policy = Policy { allow_private: true, authoritative_resolvers_only: true, ..Policy::default() };
    let config = ExecutorConfig {
        resolver: ResolverSetting::Server(silent_dns().await),
        trust: Trust::new(None).expect("roots"),
        policy,
        timeouts: timeouts.clone(),
        ispdb: None,
        autodiscover: None,
        reference: Vec::new(),
    };
    let executor = Executor::new(config).expect("executor");
    // Each of the 30 enclosing zones' NS question goes unanswered: a second each.
    let name = format!("{}example.test", "a.".repeat(30));
    let op = Operation::Resolve(ResolveSpec {
        name,
        types: vec![RecordType::A, RecordType::Mx],
        resolver: ResolverChoice::Server("127.0.0.81:53".parse().expect("addr")),
    });
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(90), executor.run(&op, &tx)).await.expect("it ends");
    let took = started.elapsed();
    drop(tx);
    drain.await.expect("drained");
    eprintln!("the lookup ended after {:.1} s", took.as_secs_f64());
    assert!(matches!(result, Err(Refusal::DestinationNotAllowed { .. })), "{result:?}");
    assert!(took < timeouts.operation + Duration::from_secs(3), "took {took:?}");
}

/// A network namespace with nothing but its own loopback, removed on drop.
struct LoopbackOnly(String);

impl LoopbackOnly {
    fn new(tag: &str) -> Self {
        let name = format!("md-leaks-{tag}-{}", std::process::id());
        let ip = |args: &[&str]| {
            let status = std::process::Command::new("ip").args(args).status().expect("ip runs");
            assert!(status.success(), "ip {args:?}");
        };
        ip(&["netns", "add", &name]);
        ip(&["-n", &name, "link", "set", "lo", "up"]);
        Self(name)
    }
}

impl Drop for LoopbackOnly {
    fn drop(&mut self) {
        let _ = std::process::Command::new("ip").args(["netns", "delete", &self.0]).status();
    }
}

#[test]
fn compare_relay_refuses_plain_ws_to_another_host_with_a_password() {
    // Run where nothing but loopback exists, so even a build that tried
    // could reach no other host.
    let namespace = LoopbackOnly::new("ws");
    let started = Instant::now();
    let mut child = std::process::Command::new("ip")
        .args(["netns", "exec", &namespace.0])
        .arg(maildoctor_bin())
        .args(["check", "alice@example.test", "--password-stdin", "--json"])
        .args(["--compare-relay", "ws://relay.example.net/v1/ws", "--resolver", "127.0.0.1:9"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("check starts");
    use std::io::Write as _;
    child.stdin.take().expect("stdin").write_all(b"canary-password\n").expect("password");
    let output = child.wait_with_output().expect("check ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("wss://"), "the person hears why: {stderr}");
    assert!(!stderr.contains("canary-password"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10), "refused before anything runs");
}

/// A relay at `listener` that answers the hello, then floods `events`
/// events of 40 KB for the first operation it is sent.
async fn flooding_relay(listener: TcpListener, events: usize) {
    while let Ok((socket, _)) = listener.accept().await {
        tokio::spawn(async move {
            let Ok(mut ws) = tokio_tungstenite::accept_async(socket).await else { return };
            let line = "x".repeat(40_000);
            while let Some(Ok(Message::Text(text))) = ws.next().await {
                let Ok(message) = serde_json::from_str::<ClientMessage>(&text) else { continue };
                let reply = match message {
                    ClientMessage::Hello { .. } => {
                        vec![ServerMessage::Hello {
                            version: PROTOCOL_VERSION,
                            relay: Default::default(),
                            vantage: None,
                            time_ms: None,
                        }]
                    }
                    ClientMessage::Run { id, .. } => (0..events)
                        .map(|_| ServerMessage::Event {
                            id,
                            t_ms: 1,
                            event: Event::Line { dir: maildoctor_wire::Direction::Received, text: line.clone() },
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                for message in reply {
                    let json = serde_json::to_string(&message).expect("json");
                    if ws.send(Message::text(json)).await.is_err() {
                        return;
                    }
                }
            }
        });
    }
}

#[tokio::test]
async fn compare_relay_keeps_a_bounded_share_of_a_hostile_relays_events() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("ws://{}/v1/ws", listener.local_addr().expect("addr"));
    tokio::spawn(flooding_relay(listener, 5_000));
    let mut command = tokio::process::Command::new(maildoctor_bin());
    command
        .args(["check", "alice@example.test", "--json", "--compare-relay", &url])
        .args(["--resolver", &maildoctor_tests::resolver().to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true);
    let mut child = command.spawn().expect("check starts");
    let pid = child.id().expect("pid");
    let mut peak = 0;
    let status = tokio::time::timeout(Duration::from_secs(120), async {
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return status;
            }
            if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
                if let Some(kib) = status
                    .lines()
                    .find(|l| l.starts_with("VmHWM"))
                    .and_then(|l| l.split_whitespace().nth(1).and_then(|kib| kib.parse::<u64>().ok()))
                {
                    peak = peak.max(kib);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("check ends by itself");
    eprintln!("check --compare-relay against a flood: peak {} MiB, exit {status}", peak / 1024);
    // 5,000 events of 40 KB are 200 MB; the comparison keeps at most 32 MiB of frames.
    assert!(peak / 1024 < 150, "check held {} MiB", peak / 1024);
}
