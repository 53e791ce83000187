//! What a diagnosis cannot cost less than, on this machine: the unit costs
//! of the socket work the relay must do, each measured as the CPU time of
//! the one thread doing it (`/proc/thread-self/schedstat`, nanoseconds on
//! a CPU), the other end on a thread of its own and not counted. On
//! loopback the kernel's receive path of a packet mostly runs in the
//! sender's system call, as it does for the relay talking to loopback
//! servers.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use rustls::pki_types::ServerName;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::Message;

/// Where the connect loop connects from and to: loopback addresses of their
/// own, so its connections' TIME_WAIT ports are not ones anything else needs.
const FROM: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 1, 250));
const TO: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 1, 251));

/// The unit costs, in microseconds of CPU.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Units {
    pub(crate) tls_client: f64,
    pub(crate) connect_close: f64,
    pub(crate) dns_question: f64,
    pub(crate) frame: f64,
}

/// The calling thread's CPU time so far.
fn thread_cpu() -> Duration {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns: u64 = schedstat.split_whitespace().next().and_then(|v| v.parse().ok()).unwrap_or(0);
    if ns > 0 {
        return Duration::from_nanos(ns);
    }
    // Without schedstat: utime and stime, in 10 ms ticks.
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10)
}

/// Runs `once` for about `length` (at most `most` times) on this thread;
/// its CPU a run, in µs.
fn per_run(length: Duration, most: u64, mut once: impl FnMut()) -> f64 {
    let (started, cpu) = (Instant::now(), thread_cpu());
    let mut runs = 0u64;
    while started.elapsed() < length && runs < most {
        once();
        runs += 1;
    }
    (thread_cpu() - cpu).as_secs_f64() * 1e6 / runs.max(1) as f64
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

/// A client handshake as the relay's probe does it: a client configuration
/// built for the connection (the probe builds one a connection, to record
/// the verdict), the public roots and the test CA, no resumption; the
/// server, in memory on another thread, uncounted.
fn tls_client(length: Duration) -> f64 {
    let server = maildoctor_tests::tls_server_config("good");
    let trust = maildoctor_probe::Trust::new(Some(&maildoctor_tests::ca_file())).expect("the trust");
    let (to_server, from_client) = std::sync::mpsc::channel::<Vec<u8>>();
    let (to_client, from_server) = std::sync::mpsc::channel::<Vec<u8>>();
    // The server answers each flight; an empty flight starts a new connection.
    std::thread::spawn(move || {
        let mut s = rustls::ServerConnection::new(server.clone()).expect("server");
        while let Ok(flight) = from_client.recv() {
            if flight.is_empty() {
                s = rustls::ServerConnection::new(server.clone()).expect("server");
                continue;
            }
            s.read_tls(&mut &flight[..]).expect("server reads");
            s.process_new_packets().expect("server processes");
            let mut out = Vec::new();
            while s.wants_write() {
                s.write_tls(&mut out).expect("server writes");
            }
            let _ = to_client.send(out);
        }
    });
    let name = ServerName::try_from("mail.example.test").expect("a name");
    per_run(length, u64::MAX, || {
        let config = Arc::new(trust.verified_client_config());
        let mut c = rustls::ClientConnection::new(config, name.clone()).expect("client");
        to_server.send(Vec::new()).expect("the server thread");
        while c.is_handshaking() {
            let mut out = Vec::new();
            while c.wants_write() {
                c.write_tls(&mut out).expect("client writes");
            }
            to_server.send(out).expect("the server thread");
            let flight = from_server.recv().expect("the server answers");
            c.read_tls(&mut &flight[..]).expect("client reads");
            c.process_new_packets().expect("client processes");
        }
    })
}

/// A non-blocking connect on tokio, as the probe's, and its close.
fn connect_close(length: Duration) -> f64 {
    let listener = std::net::TcpListener::bind((TO, 0)).expect("a listener");
    let to = listener.local_addr().expect("an address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });
    let runtime = current_thread();
    // Each close leaves a port of FROM in TIME_WAIT for a minute: stay well
    // inside its ~28,000.
    per_run(length, 10_000, || {
        runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
            socket.bind(SocketAddr::new(FROM, 0)).expect("bind");
            drop(socket.connect(to).await.expect("connects"));
        })
    })
}

/// A UDP question the way a resolver asks one: a fresh socket on a random
/// port, the question, the answer, the socket closed. The socket work only,
/// not the resolver library's.
fn dns_question(length: Duration) -> f64 {
    let server = std::net::UdpSocket::bind((TO, 0)).expect("a DNS stand-in");
    let to = server.local_addr().expect("an address");
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        while let Ok((n, from)) = server.recv_from(&mut buf) {
            buf[2] |= 0x80;
            let _ = server.send_to(&buf[..n], from);
        }
    });
    // A question for mail.example.test's A record, with EDNS.
    let mut question = vec![0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    for label in ["mail", "example", "test"] {
        question.push(label.len() as u8);
        question.extend_from_slice(label.as_bytes());
    }
    question.extend_from_slice(&[0, 0, 1, 0, 1, 0, 0, 41, 4, 208, 0, 0, 0, 0, 0, 0]);
    let runtime = current_thread();
    per_run(length, u64::MAX, || {
        runtime.block_on(async {
            let socket = tokio::net::UdpSocket::bind((FROM, 0)).await.expect("a socket");
            socket.send_to(&question, to).await.expect("sent");
            let mut buf = [0u8; 512];
            socket.recv_from(&mut buf).await.expect("answered");
        })
    })
}

/// One text frame the size of a typical event, sent on its own (one write
/// a frame, as the relay's WebSocket does), `TCP_NODELAY` on.
fn frame(length: Duration) -> f64 {
    let listener = std::net::TcpListener::bind((TO, 0)).expect("a listener");
    let to = listener.local_addr().expect("an address");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let _ = std::io::copy(&mut stream, &mut std::io::sink());
        }
    });
    let event = r#"{"type":"event","id":3,"t_ms":12,"kind":"line","dir":"received","text":"* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN"}"#;
    let runtime = current_thread();
    let mut socket = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket.bind(SocketAddr::new(FROM, 0)).expect("bind");
        let stream = socket.connect(to).await.expect("connects");
        stream.set_nodelay(true).expect("nodelay");
        tokio_tungstenite::WebSocketStream::from_raw_socket(stream, Role::Server, None).await
    });
    per_run(length, u64::MAX, || runtime.block_on(async { socket.send(Message::text(event)).await.expect("sent") }))
}

/// Each unit for `length`, one after the other on one thread.
pub(crate) fn units(length: Duration) -> Units {
    Units {
        tls_client: tls_client(length),
        connect_close: connect_close(length),
        dns_question: dns_question(length),
        frame: frame(length),
    }
}
