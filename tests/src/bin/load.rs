//! The relay's load and soak harness (`tools/load`): a real relay process,
//! real WebSocket clients, and behind them either the bench's stub mail
//! server (`load/stub.rs`: the relay is then the bottleneck) or the
//! fixtures' Dovecot and Postfix. It measures idle sessions held and their
//! memory (`load/hold.rs`), full diagnoses per second, their p50/p99 and
//! where the slowest waited (`load/timeline.rs`), the CPU each process
//! spent a diagnosis and what the diagnosis made the relay do, and
//! resident memory over a soak; it writes `docs/load.md`, and with
//! `--json` the figures `bench relay` writes its prose from.
//!
//! Each session comes "through" a trusted proxy on loopback with its own
//! X-Forwarded-For address, as many people behind a load balancer would,
//! so the per-network limits apply to each as they would in production.
//!
//! `load [--held N] [--phase-seconds N] [--soak-minutes N] [--concurrency N,N]
//! [--targets stub,real|none] [--latency-sample on|off] [--out FILE] [--json FILE]`;
//! `load stub ADDRESS` and `load hold ...` are its own children.

use std::net::SocketAddr;
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

#[path = "load/hold.rs"]
mod hold;
#[path = "load/stub.rs"]
mod stub;
#[path = "load/timeline.rs"]
mod timeline;

use timeline::{Counts, Recorder, Tail, Timeline};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Where the stub listens: a loopback address no fixture uses.
const STUB_ADDRESS: &str = "127.0.2.10";

/// The servers the diagnoses check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The bench's stub (`load/stub.rs`): the relay is the bottleneck.
    Stub,
    /// The fixtures' Dovecot and Postfix.
    Real,
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::Stub => "stub",
            Target::Real => "real",
        }
    }
}

struct Options {
    held: usize,
    phase: Duration,
    soak: Duration,
    concurrency: Vec<usize>,
    targets: Vec<Target>,
    /// Whether the request asks for the latency sample (`Request::sample_latency`):
    /// whatever the sample is in this tree's rules, the harness only says yes or no.
    sample: bool,
    out: PathBuf,
    json: Option<PathBuf>,
}

fn options() -> Options {
    let mut options = Options {
        held: 1000,
        phase: Duration::from_secs(20),
        soak: Duration::from_secs(600),
        concurrency: vec![1, 10, 50, 200],
        targets: vec![Target::Stub, Target::Real],
        sample: true,
        out: PathBuf::from("docs/load.md"),
        json: None,
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
            "--json" => options.json = Some(PathBuf::from(value)),
            "--concurrency" => {
                options.concurrency = value.split(',').map(|n| n.parse().expect("--concurrency N,N,...")).collect()
            }
            "--targets" => {
                options.targets = value
                    .split(',')
                    .filter(|t| *t != "none")
                    .map(|t| match t {
                        "stub" => Target::Stub,
                        "real" => Target::Real,
                        other => panic!("--targets stub,real: not {other}"),
                    })
                    .collect()
            }
            "--latency-sample" => options.sample = value == "on",
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// The relay under test, started with limits sized for the load, asking
/// `resolver` for names.
async fn start_relay(max_sessions: usize, resolver: SocketAddr) -> (Child, String) {
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
        .arg(resolver.to_string())
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
            return (child, url.trim_end_matches('/').to_owned());
        }
    }
    panic!("the relay did not start");
}

/// The stub, a process of its own, and the resolver that names it.
async fn start_stub() -> (Child, SocketAddr) {
    let mut child = Command::new(std::env::current_exe().expect("the harness"))
        .args(["stub", STUB_ADDRESS])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the stub starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let line = lines.next_line().await.ok().flatten().unwrap_or_default();
    let resolver = stub::parse_ready(&line).expect("the stub says where its DNS listens");
    (child, resolver)
}

/// CPU time a process has used, user and system, in milliseconds.
fn cpu_ms_of(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    ticks * 10 // USER_HZ is 100 on Linux
}

fn cpu_ms(child: &Child) -> u64 {
    cpu_ms_of(&child.id().expect("running").to_string())
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
/// but the login, the latency sample if asked), recorded as it ran.
async fn diagnose(relay: &str, n: u64, sample: bool) -> Timeline {
    let mut recorder = Recorder::new();
    let mut socket = connect(relay, n).await;
    recorder.opened();
    let mut request = Request::new("alice@example.test");
    let server = |protocol, port, security| Settings { host: "mail.example.test".into(), port, protocol, security };
    request.incoming = Some(server(MailProtocol::Imap, 993, Security::Tls));
    request.outgoing = Some(server(MailProtocol::Smtp, 587, Security::Starttls));
    request.discovery = Discovery::WhenGivenFail;
    request.sample_latency = sample;
    let mut session = Session::plan(request).expect("a valid request");
    for message in session.start() {
        recorder.sent(&message);
        socket.send(Message::text(client_json(&message))).await.expect("send");
    }
    while !session.is_finished() {
        let Some(Ok(frame)) = socket.next().await else { break };
        let Message::Text(text) = frame else { continue };
        let Ok(message) = ServerMessage::from_json(&text) else { continue };
        recorder.received(&message);
        for follow_up in session.handle(&message) {
            recorder.sent(&follow_up);
            socket.send(Message::text(client_json(&follow_up))).await.expect("send");
        }
    }
    let _ = socket.close(None).await;
    let report = session.report(&Catalog::new(Lang::En));
    recorder.finish(report.complete && !report.has_errors())
}

struct Phase {
    concurrency: usize,
    done: u64,
    failed: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    /// Per diagnosis, summed over the phase.
    counts: Counts,
    tail: Tail,
    /// CPU ms a diagnosis: the relay, the stub (if any), the harness.
    relay_cpu: f64,
    stub_cpu: Option<f64>,
    harness_cpu: f64,
    /// The kernel's count, machine-wide, over the phase: connections a
    /// full listen queue dropped (TcpExt ListenDrops), segments sent again
    /// (Tcp RetransSegs).
    listen_drops: u64,
    retransmitted: u64,
}

/// A counter of /proc/net/snmp or /proc/net/netstat: `group` (Tcp, TcpExt), `name`.
fn kernel_counter(group: &str, name: &str) -> u64 {
    let mut value = 0;
    for file in ["/proc/net/snmp", "/proc/net/netstat"] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with(&format!("{group}:"))).collect();
        for pair in lines.chunks(2) {
            let [names, values] = pair else { continue };
            if let Some(at) = names.split_whitespace().position(|n| n == name) {
                value = values.split_whitespace().nth(at).and_then(|v| v.parse().ok()).unwrap_or(0);
            }
        }
    }
    value
}

async fn run_phase(relay: &str, concurrency: usize, length: Duration, next: &Arc<AtomicU64>, sample: bool) -> Phase {
    let until = Instant::now() + length;
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (relay, next) = (relay.to_owned(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut timelines = Vec::new();
            while Instant::now() < until {
                timelines.push(diagnose(&relay, next.fetch_add(1, Ordering::Relaxed), sample).await);
            }
            timelines
        }));
    }
    let mut timelines = Vec::new();
    for worker in workers {
        timelines.extend(worker.await.expect("a worker"));
    }
    let mut times: Vec<Duration> = timelines.iter().map(|t| t.took).collect();
    times.sort();
    let at = |q: f64| times.get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1))).copied();
    let p99 = at(0.99).unwrap_or_default();
    let mut counts = Counts::default();
    timelines.iter().for_each(|t| counts.add(&t.counts));
    Phase {
        concurrency,
        done: timelines.len() as u64,
        failed: timelines.iter().filter(|t| !t.clean).count() as u64,
        seconds: started.elapsed().as_secs_f64(),
        p50: at(0.50).unwrap_or_default(),
        p99,
        counts,
        tail: timeline::tail(&timelines, p99),
        relay_cpu: 0.0,
        stub_cpu: None,
        harness_cpu: 0.0,
        listen_drops: 0,
        retransmitted: 0,
    }
}

/// A child of the harness (the stub, a holder) lives until its parent
/// closes its standard input, or dies.
async fn until_stdin_closes() {
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await;
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

#[path = "load/report.rs"]
mod report;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("stub") => return stub::run(args[1].parse().expect("stub ADDRESS")).await,
        Some("hold") => return hold::run(&args[1..]).await,
        _ => {}
    }
    let options = options();
    let next = Arc::new(AtomicU64::new(1));
    let mut report = report::header();
    let mut json = serde_json::Map::new();
    json.insert("latency_sample".into(), options.sample.into());

    if options.held > 0 {
        let held = hold::measure(options.held as u64).await;
        report.push_str(&report::held(&held));
        json.insert("held".into(), report::held_json(&held));
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let most = options.concurrency.iter().copied().max().unwrap_or(1);
    let mut targets = serde_json::Map::new();
    let mut real_relay = None;
    for target in options.targets.clone() {
        let (stub, resolver) = match target {
            Target::Stub => {
                let (child, resolver) = start_stub().await;
                (Some(child), resolver)
            }
            Target::Real => (None, maildoctor_tests::resolver()),
        };
        let (relay_process, relay) = start_relay(most + 200, resolver).await;
        // The first diagnosis also asks each server which old TLS versions
        // it takes, an answer the relay then keeps for ten minutes: not a
        // diagnosis's steady cost.
        let warm = diagnose(&relay, next.fetch_add(1, Ordering::Relaxed), options.sample).await;
        if !warm.clean {
            eprintln!("load: the first diagnosis against the {} servers was not clean", target.name());
        }
        let mut phases = Vec::new();
        for &concurrency in &options.concurrency {
            let before = (cpu_ms(&relay_process), stub.as_ref().map(cpu_ms), cpu_ms_of("self"));
            let kernel = (kernel_counter("TcpExt", "ListenDrops"), kernel_counter("Tcp", "RetransSegs"));
            let mut phase = run_phase(&relay, concurrency, options.phase, &next, options.sample).await;
            let per = |ms: u64| ms as f64 / phase.done.max(1) as f64;
            phase.relay_cpu = per(cpu_ms(&relay_process).saturating_sub(before.0));
            phase.stub_cpu = stub.as_ref().zip(before.1).map(|(stub, was)| per(cpu_ms(stub).saturating_sub(was)));
            phase.harness_cpu = per(cpu_ms_of("self").saturating_sub(before.2));
            phase.listen_drops = kernel_counter("TcpExt", "ListenDrops").saturating_sub(kernel.0);
            phase.retransmitted = kernel_counter("Tcp", "RetransSegs").saturating_sub(kernel.1);
            eprintln!("load: {} {concurrency} concurrent: {} done, {} failed", target.name(), phase.done, phase.failed);
            phases.push(phase);
        }
        report.push_str(&report::diagnoses(target, options.sample, &phases));
        targets.insert(target.name().into(), report::phases_json(&phases));
        if target == Target::Real {
            real_relay = Some((relay_process, relay));
        }
    }
    json.insert("targets".into(), targets.into());

    if let (false, Some((relay_process, relay))) = (options.soak.is_zero(), real_relay) {
        report.push_str(&soak(&relay_process, &relay, options.soak, &next, options.sample).await);
    }
    std::fs::write(&options.out, &report).expect("write the report");
    if let Some(path) = &options.json {
        std::fs::write(path, serde_json::Value::Object(json).to_string()).expect("write the figures");
    }
    eprintln!("load: wrote {}", options.out.display());
    print!("{report}");
}

/// A steady load on the real servers, memory sampled as it runs.
async fn soak(relay_process: &Child, relay: &str, length: Duration, next: &Arc<AtomicU64>, sample: bool) -> String {
    let soak_started = Instant::now();
    let mut samples = vec![(0u64, rss_kib(relay_process))];
    let soak = {
        let (relay, next) = (relay.to_owned(), next.clone());
        tokio::spawn(async move { run_phase(&relay, 10, length, &next, sample).await })
    };
    while !soak.is_finished() {
        tokio::time::sleep(Duration::from_secs(10)).await;
        samples.push((soak_started.elapsed().as_secs(), rss_kib(relay_process)));
    }
    let phase = soak.await.expect("the soak");
    let peak = samples.iter().map(|(_, kib)| *kib).max().unwrap_or(0);
    format!(
        "\n## Soak\n\n{:.0} minutes at 10 concurrent against Dovecot and Postfix: {} diagnoses ({} failed), {:.1} a \
         second, p50 {} ms, p99 {} ms. Resident memory: {} KiB at the start, {} KiB at the end, {} KiB at the \
         highest of {} samples.\n",
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
    )
}
