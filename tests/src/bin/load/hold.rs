//! Idle sessions by the hundred thousand. A session here is a bare tokio
//! `TcpStream` that did the WebSocket handshake and the hello by hand, and
//! a small task that answers the relay's pings: no tungstenite stream with
//! its read and write buffers per session (a harness that spends more than
//! the relay it measures would be the limit). The relay
//! sees exactly what a page's first moment sends: the upgrade, one masked
//! text frame with the hello, its own hello back.
//!
//! A process may hold only as many sockets as its open-files limit; where
//! that is below the sessions asked for (this machine's hard limit cannot
//! be raised without CAP_SYS_RESOURCE), the sessions are spread over
//! several relays and as many `load hold` processes, each from its own
//! loopback source address (one source address has ~28,000 ephemeral ports
//! towards one destination).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use maildoctor_wire::{client_json, ClientMessage, PROTOCOL_VERSION};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};

/// Handshakes in flight at once per holder: enough to open thousands a
/// second, few enough for the relay's accept queue (`net.core.somaxconn`).
const IN_FLIGHT: usize = 64;

/// One idle session, from `source` if given, as the `n`-th client behind
/// the proxy. Without a source the kernel picks the port at connect time,
/// unique per destination (a port bound first is unique per source address,
/// and finding a free one gets slow as they fill up).
async fn open(relay: SocketAddr, source: Option<IpAddr>, n: u64) -> std::io::Result<TcpStream> {
    let mut stream = match source {
        Some(source) => {
            let socket = TcpSocket::new_v4()?;
            socket.bind(SocketAddr::new(source, 0))?;
            socket.connect(relay).await?
        }
        None => TcpStream::connect(relay).await?,
    };
    stream.set_nodelay(true)?;
    let request = format!(
        "GET /v1/ws HTTP/1.1\r\nHost: {relay}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         X-Forwarded-For: {}\r\nX-Forwarded-Proto: https\r\n\r\n",
        crate::client_address(n)
    );
    stream.write_all(request.as_bytes()).await?;
    // The 101's head; the relay sends nothing more before the client's hello.
    let mut head = Vec::with_capacity(512);
    let mut chunk = [0u8; 512];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 || head.len() > 4096 {
            return Err(std::io::Error::other("no HTTP head"));
        }
        head.extend_from_slice(&chunk[..n]);
    }
    if !head.starts_with(b"HTTP/1.1 101") {
        return Err(std::io::Error::other(String::from_utf8_lossy(&head).lines().next().unwrap_or("").to_owned()));
    }
    stream
        .write_all(&masked(0x81, client_json(&ClientMessage::Hello { version: PROTOCOL_VERSION }).as_bytes()))
        .await?;
    // The relay's hello: one unmasked text frame.
    let first = stream.read_u8().await?;
    let len = match stream.read_u8().await? & 0x7f {
        126 => u64::from(stream.read_u16().await?),
        127 => stream.read_u64().await?,
        len => u64::from(len),
    };
    let mut payload = vec![0u8; len.min(65536) as usize];
    stream.read_exact(&mut payload).await?;
    if first != 0x81 || !payload.windows(7).any(|w| w == b"\"hello\"") {
        return Err(std::io::Error::other("no hello"));
    }
    Ok(stream)
}

/// A client's frame (RFC 6455 §5.2) of one fragment, `first` its first
/// byte, masked as clients must; the mask need not be unpredictable here.
fn masked(first: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x5a, 0x17, 0xc3, 0x08];
    let mut frame = vec![first];
    match payload.len() {
        len @ 0..=125 => frame.push(0x80 | len as u8),
        len => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(len as u16).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    frame
}

/// Holds an open session: answers the relay's pings (every 20 s; a session
/// that answers none for two is ended as gone, as a closed tab's is) and
/// reads past anything else, until the relay closes. A small buffer, the
/// only memory a held session costs here besides its task.
async fn keep(mut stream: TcpStream) {
    let mut buf = [0u8; 125];
    loop {
        let Ok([first, second]) = stream.read_u16().await.map(u16::to_be_bytes) else { return };
        let len = match second & 0x7f {
            126 => stream.read_u16().await.map(u64::from),
            127 => stream.read_u64().await,
            len => Ok(u64::from(len)),
        };
        let Ok(mut left) = len else { return };
        let mut payload = Vec::new();
        while left > 0 {
            let take = left.min(buf.len() as u64) as usize;
            if stream.read_exact(&mut buf[..take]).await.is_err() {
                return;
            }
            if first & 0x0f == 0x9 {
                payload.extend_from_slice(&buf[..take]);
            }
            left -= take as u64;
        }
        match first & 0x0f {
            0x9 if stream.write_all(&masked(0x8a, &payload)).await.is_ok() => {}
            0x8 | 0x9 => return,
            _ => {}
        }
    }
}

/// `load hold RELAY SOURCE|any COUNT FIRST`: opens COUNT sessions, says
/// `held N failed M`, and holds them until its standard input closes.
pub(crate) async fn run(args: &[String]) {
    let relay: SocketAddr = args[0].parse().expect("RELAY ip:port");
    let source: Option<IpAddr> = (args[1] != "any").then(|| args[1].parse().expect("SOURCE ip"));
    let count: u64 = args[2].parse().expect("COUNT");
    let first: u64 = args[3].parse().expect("FIRST");
    let next = Arc::new(std::sync::atomic::AtomicU64::new(first));
    let mut openers = Vec::new();
    for _ in 0..IN_FLIGHT {
        let next = next.clone();
        openers.push(tokio::spawn(async move {
            let (mut held, mut failed) = (Vec::new(), 0u64);
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= first + count {
                    return (held, failed);
                }
                match open(relay, source, n).await {
                    Ok(stream) => held.push(tokio::spawn(keep(stream))),
                    Err(err) => {
                        if failed == 0 {
                            eprintln!("load hold: session {n}: {err}");
                        }
                        failed += 1;
                    }
                }
            }
        }));
    }
    let (mut held, mut failed): (Vec<tokio::task::JoinHandle<()>>, u64) = (Vec::new(), 0);
    for opener in openers {
        let (mine, mine_failed) = opener.await.expect("an opener");
        held.extend(mine);
        failed += mine_failed;
    }
    println!("held {} failed {failed}", held.len());
    crate::until_stdin_closes().await;
    held.iter().for_each(tokio::task::JoinHandle::abort);
}

/// Ephemeral ports one source address has towards one destination, with
/// room to spare (`net.ipv4.ip_local_port_range` is 32768–60999 by default).
const PORTS_PER_SOURCE: u64 = 25_000;

/// What holding the idle sessions cost.
pub(crate) struct Held {
    pub(crate) asked: u64,
    pub(crate) held: u64,
    pub(crate) failed: u64,
    pub(crate) relays: usize,
    pub(crate) seconds: f64,
    /// The relays' resident memory, all of them, before and with the sessions.
    pub(crate) rss_before_kib: u64,
    pub(crate) rss_after_kib: u64,
    /// The relays' open descriptors, all of them, with the sessions.
    pub(crate) relay_fds: u64,
    /// The holders' resident memory with the sessions, all of them.
    pub(crate) holders_rss_kib: u64,
    /// The kernel's TCP buffers (/proc/net/sockstat `mem`, pages), before and with.
    pub(crate) tcp_pages_before: u64,
    pub(crate) tcp_pages_after: u64,
    pub(crate) open_files_limit: u64,
}

fn sockstat_tcp_pages() -> u64 {
    let text = std::fs::read_to_string("/proc/net/sockstat").unwrap_or_default();
    let tcp = text.lines().find(|l| l.starts_with("TCP:")).unwrap_or("");
    let words: Vec<&str> = tcp.split_whitespace().collect();
    words.windows(2).find(|w| w[0] == "mem").and_then(|w| w[1].parse().ok()).unwrap_or(0)
}

fn fds(pid: u32) -> u64 {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count() as u64).unwrap_or(0)
}

/// This process's soft limit on open files (what its children inherit).
pub(crate) fn open_files_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or("");
    line.split_whitespace().nth(3).and_then(|v| v.parse().ok()).unwrap_or(1024)
}

/// `total` idle sessions, held by as few relays as the open-files limit
/// allows (a relay needs a descriptor a session, and a few of its own).
pub(crate) async fn measure(total: u64) -> Held {
    let limit = open_files_limit();
    let per_process = limit.saturating_sub(200).max(100);
    let relays = total.div_ceil(per_process).max(1) as usize;
    let share = total.div_ceil(relays as u64);
    let mut started = Vec::new();
    for _ in 0..relays {
        started.push(crate::start_relay(share as usize + 200, maildoctor_tests::resolver()).await);
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let rss_before_kib = started.iter().map(|(child, _)| crate::rss_kib(child)).sum();
    let tcp_pages_before = sockstat_tcp_pages();
    let me = std::env::current_exe().expect("the harness");
    let opened = std::time::Instant::now();
    let mut holders = Vec::new();
    for (k, (_, url)) in started.iter().enumerate() {
        // Ports are unique per source and destination: below that, each
        // relay (its own port) is its own destination; above, 127.0.1.k
        // (loopback addresses no fixture listens on or dials from).
        let source = if share < PORTS_PER_SOURCE { "any".to_owned() } else { format!("127.0.1.{}", k + 1) };
        let mut holder = tokio::process::Command::new(&me)
            .args(["hold", url, &source, &share.to_string()])
            .arg((1_000_000 + k as u64 * share).to_string())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("a holder starts");
        let stdout = holder.stdout.take().expect("stdout");
        holders.push((holder, BufReader::new(stdout).lines()));
    }
    let (mut held, mut failed) = (0, 0);
    for (_, lines) in &mut holders {
        let line = lines.next_line().await.ok().flatten().unwrap_or_default();
        let words: Vec<&str> = line.split_whitespace().collect();
        held += words.get(1).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        failed += words.get(3).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    }
    let seconds = opened.elapsed().as_secs_f64();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let result = Held {
        asked: share * relays as u64,
        held,
        failed,
        relays,
        seconds,
        rss_before_kib,
        rss_after_kib: started.iter().map(|(child, _)| crate::rss_kib(child)).sum(),
        relay_fds: started.iter().map(|(child, _)| fds(child.id().unwrap_or(0))).sum(),
        holders_rss_kib: holders.iter().map(|(child, _)| crate::rss_kib(child)).sum(),
        tcp_pages_before,
        tcp_pages_after: sockstat_tcp_pages(),
        open_files_limit: limit,
    };
    // Their standard input closes: the holders let go, then the relays stop.
    for (mut holder, _) in holders {
        drop(holder.stdin.take());
        let _ = holder.wait().await;
    }
    drop(started);
    result
}
