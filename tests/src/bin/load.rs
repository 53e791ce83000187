//! The relay's load and soak harness (`tools/load`): a real relay process,
//! real WebSocket clients, the real fixtures behind. It measures how many
//! idle sessions the relay holds and at what memory, full diagnoses per
//! second and their p50/p99 as concurrency grows, and resident memory over
//! a soak, and writes the figures to `docs/load.md`.
//!
//! Each session comes "through" a trusted proxy on loopback with its own
//! X-Forwarded-For address, as many people behind a load balancer would,
//! so the per-network limits apply to each as they would in production.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use maildoctor_rules::{Catalog, Discovery, Lang, Request, Session, Settings};
use maildoctor_wire::{client_json, ClientMessage, MailProtocol, Security, ServerMessage, PROTOCOL_VERSION};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

struct Options {
    held: usize,
    phase: Duration,
    soak: Duration,
    concurrency: Vec<usize>,
    out: PathBuf,
}

fn options() -> Options {
    let mut options = Options {
        held: 1000,
        phase: Duration::from_secs(20),
        soak: Duration::from_secs(600),
        concurrency: vec![1, 10, 100],
        out: PathBuf::from("docs/load.md"),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).map(String::as_str).unwrap_or_default();
        match pair[0].as_str() {
            "--held" => options.held = value.parse().expect("--held N"),
            "--phase-seconds" => options.phase = Duration::from_secs(value.parse().expect("--phase-seconds N")),
            "--soak-minutes" => {
                options.soak = Duration::from_secs(60 * value.parse::<u64>().expect("--soak-minutes N"))
            }
            "--out" => options.out = PathBuf::from(value),
            "--concurrency" => {
                options.concurrency = value.split(',').map(|n| n.parse().expect("--concurrency N,N,...")).collect()
            }
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// The relay under test, started with limits sized for the load.
async fn start_relay(max_sessions: usize) -> (Child, String) {
    let bin = std::env::var("MAILDOCTOR_BIN").expect("MAILDOCTOR_BIN: the release relay (tools/load sets it)");
    let mut child = Command::new(bin)
        .env("MAILDOCTOR_LOG", "warn")
        .args(["serve", "--listen", "127.0.0.1:0", "--allow-private", "--trust-proxy", "127.0.0.0/8"])
        .args(["--max-sessions", &max_sessions.to_string(), "--destination-burst", "1000000"])
        // Every session comes through one trusted proxy from one /48: lift
        // the front door's caps out of the way of the load.
        .args(["--max-connections", &(2 * max_sessions).to_string()])
        .args(["--sessions-per-wide-network", &max_sessions.to_string(), "--metrics-listen", "off"])
        .args(["--ui", "/nonexistent", "--ispdb-url", "off", "--autodiscover-url", "off"])
        .arg("--resolver")
        .arg(maildoctor_tests::resolver().to_string())
        .args(["--reference-resolver", "off"])
        .arg("--ca-file")
        .arg(maildoctor_tests::ca_file())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the relay starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(url) = line.strip_prefix("listening on http://") {
            return (child, url.to_owned());
        }
    }
    panic!("the relay did not start");
}

/// CPU time the process has used, user and system, in milliseconds.
fn cpu_ms(child: &Child) -> u64 {
    let pid = child.id().expect("running");
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    ticks * 10 // USER_HZ is 100 on Linux
}

fn rss_kib(child: &Child) -> u64 {
    let pid = child.id().expect("running");
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

/// A distinct client address for the n-th session (its own /64).
fn client_address(n: u64) -> String {
    format!("2001:db8:{:x}:{:x}::1", (n >> 16) & 0xffff, n & 0xffff)
}

async fn connect(relay: &str, n: u64) -> Socket {
    let mut request = format!("ws://{relay}/v1/ws").into_client_request().expect("request");
    request.headers_mut().insert("x-forwarded-for", client_address(n).parse().expect("header"));
    request.headers_mut().insert("x-forwarded-proto", "https".parse().expect("header"));
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("the relay takes the session");
    socket.send(Message::text(client_json(&ClientMessage::Hello { version: PROTOCOL_VERSION }))).await.expect("hello");
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(text))) => {
                if matches!(ServerMessage::from_json(&text), Ok(ServerMessage::Hello { .. })) {
                    return socket;
                }
            }
            Some(Ok(_)) => continue,
            other => panic!("no hello: {other:?}"),
        }
    }
}

/// One full diagnosis of a healthy account (both directions, every step
/// but the login, a latency sample): its duration, and whether it was clean.
async fn diagnose(relay: &str, n: u64) -> (Duration, bool) {
    let started = Instant::now();
    let mut socket = connect(relay, n).await;
    let mut request = Request::new("alice@example.test");
    let server = |protocol, port, security| Settings { host: "mail.example.test".into(), port, protocol, security };
    request.incoming = Some(server(MailProtocol::Imap, 993, Security::Tls));
    request.outgoing = Some(server(MailProtocol::Smtp, 587, Security::Starttls));
    request.discovery = Discovery::WhenGivenFail;
    let mut session = Session::plan(request).expect("a valid request");
    for message in session.start() {
        socket.send(Message::text(client_json(&message))).await.expect("send");
    }
    while !session.is_finished() {
        let Some(Ok(frame)) = socket.next().await else { break };
        let Message::Text(text) = frame else { continue };
        let Ok(message) = ServerMessage::from_json(&text) else { continue };
        for follow_up in session.handle(&message) {
            socket.send(Message::text(client_json(&follow_up))).await.expect("send");
        }
    }
    let _ = socket.close(None).await;
    let report = session.report(&Catalog::new(Lang::En));
    (started.elapsed(), report.complete && !report.has_errors())
}

struct Phase {
    concurrency: usize,
    done: u64,
    failed: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
}

async fn run_phase(relay: &str, concurrency: usize, length: Duration, next: &Arc<AtomicU64>) -> Phase {
    let until = Instant::now() + length;
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (relay, next) = (relay.to_owned(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut failed = 0;
            while Instant::now() < until {
                let (took, clean) = diagnose(&relay, next.fetch_add(1, Ordering::Relaxed)).await;
                times.push(took);
                failed += u64::from(!clean);
            }
            (times, failed)
        }));
    }
    let mut times = Vec::new();
    let mut failed = 0;
    for worker in workers {
        let (mine, mine_failed) = worker.await.expect("a worker");
        times.extend(mine);
        failed += mine_failed;
    }
    times.sort();
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1))).copied();
    Phase {
        concurrency,
        done: times.len() as u64,
        failed,
        seconds: started.elapsed().as_secs_f64(),
        p50: at(0.50).unwrap_or_default(),
        p99: at(0.99).unwrap_or_default(),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let options = options();
    let (relay_process, relay) = start_relay(options.held + 200).await;
    let next = Arc::new(AtomicU64::new(1));
    let mut report = String::new();
    let commit = std::process::Command::new("git").args(["rev-parse", "--short", "HEAD"]).output();
    let commit = commit.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let date = std::process::Command::new("date").arg("-u").arg("+%Y-%m-%d %H:%M UTC").output();
    let date = date.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    report.push_str(&format!(
        "# Relay load and soak\n\nWritten by `tools/load` on {date}, commit {commit}, {cores} cores. The release \
         relay, real WebSocket clients and the local fixtures (Dovecot, Postfix, NSD) share the machine, so every \
         figure includes the servers' and the clients' own work.\n\n"
    ));

    // Sessions held: idle sessions that said hello, and what they cost.
    let before = rss_kib(&relay_process);
    let mut held = Vec::new();
    let started = Instant::now();
    for n in 0..options.held {
        held.push(connect(&relay, 1_000_000 + n as u64).await);
    }
    let opened = started.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss_kib(&relay_process);
    report.push_str(&format!(
        "## Sessions held\n\n{} idle sessions opened (hello answered) in {:.1} s. Resident memory: {} KiB before, \
         {} KiB with them open: {:.1} KiB a session.\n\n",
        held.len(),
        opened.as_secs_f64(),
        before,
        after,
        (after.saturating_sub(before)) as f64 / held.len().max(1) as f64
    ));
    drop(held);
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Throughput and latency as concurrency grows.
    report.push_str(
        "## Full diagnoses\n\nA healthy account, incoming and outgoing, every step but the login (a password \
         would meet the per-account login limit, as it should), a latency sample included.\n\n\
         | concurrent | diagnoses | failed | per second | p50 ms | p99 ms | relay CPU ms a diagnosis |\n|---|---|---|---|---|---|---|\n",
    );
    for concurrency in options.concurrency.clone() {
        let cpu_before = cpu_ms(&relay_process);
        let phase = run_phase(&relay, concurrency, options.phase, &next).await;
        let cpu = cpu_ms(&relay_process).saturating_sub(cpu_before);
        eprintln!("load: {concurrency} concurrent: {} done, {} failed", phase.done, phase.failed);
        report.push_str(&format!(
            "| {} | {} | {} | {:.1} | {} | {} | {:.1} |\n",
            phase.concurrency,
            phase.done,
            phase.failed,
            phase.done as f64 / phase.seconds,
            ms(phase.p50),
            ms(phase.p99),
            cpu as f64 / phase.done.max(1) as f64
        ));
    }

    if options.soak.is_zero() {
        std::fs::write(&options.out, &report).expect("write the report");
        print!("{report}");
        return;
    }
    // The soak: a steady load, memory sampled as it runs.
    let soak_started = Instant::now();
    let mut samples = vec![(0u64, rss_kib(&relay_process))];
    let soak = {
        let (relay, next) = (relay.clone(), next.clone());
        let length = options.soak;
        tokio::spawn(async move { run_phase(&relay, 10, length, &next).await })
    };
    while !soak.is_finished() {
        tokio::time::sleep(Duration::from_secs(10)).await;
        samples.push((soak_started.elapsed().as_secs(), rss_kib(&relay_process)));
    }
    let phase = soak.await.expect("the soak");
    let peak = samples.iter().map(|(_, kib)| *kib).max().unwrap_or(0);
    report.push_str(&format!(
        "\n## Soak\n\n{:.0} minutes at 10 concurrent: {} diagnoses ({} failed), {:.1} a second, p50 {} ms, p99 {} ms. \
         Resident memory: {} KiB at the start, {} KiB at the end, {} KiB at the highest of {} samples.\n",
        phase.seconds / 60.0,
        phase.done,
        phase.failed,
        phase.done as f64 / phase.seconds,
        ms(phase.p50),
        ms(phase.p99),
        samples.first().map_or(0, |s| s.1),
        samples.last().map_or(0, |s| s.1),
        peak,
        samples.len()
    ));
    std::fs::write(&options.out, &report).expect("write the report");
    eprintln!("load: wrote {}", options.out.display());
    print!("{report}");
}
