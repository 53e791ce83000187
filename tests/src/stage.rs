//! Two vantage points on one machine. "Here" is a network namespace the
//! test creates, joined to the root namespace by a veth pair, with its own
//! nftables rules (a firewall that drops a port, a DNAT to an intercepting
//! proxy); "there" is the root namespace. The mail servers are the real
//! fixtures (Dovecot, Postfix) behind forwarders on the root side of the
//! veth, so both places reach the same servers at the same address, and a
//! small DNS server there answers both.
//!
//! Addresses come from 198.18.0.0/15 (benchmarking), one /24 per stage;
//! the fixtures' guard route keeps any of it from leaving the machine.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;
use std::sync::atomic::{AtomicU8, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

use crate::sites::{forward_each, Carry};

static NEXT: AtomicU8 = AtomicU8::new(0);

/// A namespace ("here") and the root-side address its servers answer on.
#[derive(Debug)]
pub struct Stage {
    pub namespace: String,
    /// The root side of the veth: the servers, the DNS and the remote relay.
    pub servers: Ipv4Addr,
    /// The namespace's side.
    pub here: Ipv4Addr,
    /// In the stage's /24, answered by nobody.
    pub nowhere: Ipv4Addr,
    /// The user-space slow link, for a stage behind one.
    link: Option<std::process::Child>,
}

fn ip(args: &[&str]) {
    let output = std::process::Command::new("ip").args(args).output().expect("ip runs");
    assert!(output.status.success(), "ip {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
}

/// `ip ARGS` inside `namespace`.
fn ip_in(namespace: &str, args: &[&str]) {
    let mut all = vec!["netns", "exec", namespace, "ip"];
    all.extend_from_slice(args);
    ip(&all);
}

/// A new namespace `{prefix}-{tag}` (any stale one of that name removed
/// first), the names of the two link ends, and the stage's /24: the
/// `offset`-th of `span` in 198.18.0.0/15.
fn fresh_namespace(prefix: &str, offset: u8, span: u8) -> (String, String, String, u8) {
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tag = format!("{}{n}", std::process::id() % 10_000);
    let (namespace, outside, inside) =
        (format!("{prefix}-{tag}"), format!("{prefix}{tag}a"), format!("{prefix}{tag}b"));
    let _ = std::process::Command::new("ip").args(["netns", "del", &namespace]).output();
    ip(&["netns", "add", &namespace]);
    (namespace, outside, inside, offset + n % span)
}

impl Stage {
    /// A fresh namespace, with no firewall rules yet.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (namespace, outside, inside, net) = fresh_namespace("mdv", 100, 100);
        let (servers, here) = (Ipv4Addr::new(198, 18, net, 1), Ipv4Addr::new(198, 18, net, 2));
        let stage = Stage { namespace, servers, here, nowhere: Ipv4Addr::new(198, 18, net, 9), link: None };
        ip(&["link", "add", &outside, "type", "veth", "peer", "name", &inside]);
        ip(&["link", "set", &inside, "netns", &stage.namespace]);
        ip(&["addr", "add", &format!("{servers}/24"), "dev", &outside]);
        ip(&["link", "set", &outside, "up"]);
        ip_in(&stage.namespace, &["addr", "add", &format!("{here}/24"), "dev", &inside]);
        ip_in(&stage.namespace, &["link", "set", &inside, "up"]);
        ip_in(&stage.namespace, &["link", "set", "lo", "up"]);
        stage
    }

    /// A namespace joined to the root one by the fixtures' user-space slow
    /// link (`slowlink.py`: two TUN devices, every packet held `delay_ms`
    /// each way), for a round trip of twice that: this kernel has no netem.
    pub fn behind_delay(delay_ms: u64) -> Self {
        let (namespace, outside, inside, net) = fresh_namespace("mds", 200, 50);
        let (servers, here) = (Ipv4Addr::new(198, 18, net, 1), Ipv4Addr::new(198, 18, net, 2));
        let ready = std::env::temp_dir().join(format!("{namespace}.ready"));
        let _ = std::fs::remove_file(&ready);
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/slowlink.py");
        let link = std::process::Command::new("python3")
            .arg(script)
            .args([&outside, &inside, &delay_ms.to_string()])
            .arg(&ready)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("slowlink.py starts");
        let stage = Stage { namespace, servers, here, nowhere: Ipv4Addr::new(198, 18, net, 9), link: Some(link) };
        for _ in 0..100 {
            if std::fs::metadata(&ready).is_ok_and(|m| m.len() > 0) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        ip(&["link", "set", &inside, "netns", &stage.namespace]);
        ip(&["addr", "add", &servers.to_string(), "peer", &format!("{here}/32"), "dev", &outside]);
        ip(&["link", "set", &outside, "up"]);
        ip_in(&stage.namespace, &["addr", "add", &here.to_string(), "peer", &format!("{servers}/32"), "dev", &inside]);
        ip_in(&stage.namespace, &["link", "set", &inside, "up"]);
        ip_in(&stage.namespace, &["link", "set", "lo", "up"]);
        stage
    }

    /// Loads `nft` (an nftables ruleset) into the namespace.
    pub fn firewall(&self, nft: &str) {
        let mut child = std::process::Command::new("ip")
            .args(["netns", "exec", &self.namespace, "nft", "-f", "-"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nft runs");
        use std::io::Write as _;
        child.stdin.take().expect("stdin").write_all(nft.as_bytes()).expect("rules");
        let output = child.wait_with_output().expect("nft ends");
        assert!(output.status.success(), "nft: {}", String::from_utf8_lossy(&output.stderr));
    }

    /// `program` as a command inside the namespace.
    pub fn command(&self, program: &std::path::Path) -> std::process::Command {
        let mut command = std::process::Command::new("ip");
        command.args(["netns", "exec", &self.namespace]).arg(program);
        command
    }

    /// Forwards `servers:port` to `target` (a fixture on loopback); with
    /// `rewrite`, each line the server sends passes through it first.
    pub async fn forward(&self, port: u16, target: &str, rewrite: Option<fn(String) -> String>) -> u16 {
        let listener = TcpListener::bind(SocketAddr::from((self.servers, port))).await.expect("bind on the stage");
        let port = listener.local_addr().expect("addr").port();
        let carry = match rewrite {
            Some(rewrite) => Carry::RewriteReplies(rewrite),
            None => Carry::AsIs,
        };
        forward_each(listener, target.to_owned(), carry);
        port
    }

    /// A DNS server on `servers:port` that answers A questions for the
    /// names in `answers` and NODATA for every other name.
    pub async fn dns(&self, port: u16, answers: Vec<(&'static str, Ipv4Addr)>) -> SocketAddr {
        dns_at(SocketAddr::from((self.servers, port)), answers).await
    }
}

/// The same DNS server on `bind` (loopback, say): a test's own view of names.
pub async fn dns_at(bind: SocketAddr, answers: Vec<(&'static str, Ipv4Addr)>) -> SocketAddr {
    let socket = UdpSocket::bind(bind).await.expect("bind DNS");
    let addr = socket.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while let Ok((n, from)) = socket.recv_from(&mut buf).await {
            if let Some(reply) = dns_reply(&buf[..n], &answers) {
                let _ = socket.send_to(&reply, from).await;
            }
        }
    });
    addr
}

impl Drop for Stage {
    fn drop(&mut self) {
        // The veth pair goes with the namespace.
        let _ = std::process::Command::new("ip").args(["netns", "del", &self.namespace]).output();
        if let Some(mut link) = self.link.take() {
            let _ = link.kill();
            let _ = link.wait();
        }
    }
}

/// The answer to one DNS question (RFC 1035 §4.1), written by hand: the
/// tests need one A record or none, nothing a DNS library would add.
fn dns_reply(query: &[u8], answers: &[(&str, Ipv4Addr)]) -> Option<Vec<u8>> {
    if query.len() < 12 || query[4..6] != [0, 1] {
        return None;
    }
    let mut at = 12;
    let mut labels = Vec::new();
    while let Some(&len) = query.get(at) {
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len as usize)?).to_ascii_lowercase());
        at += len as usize;
    }
    let question_end = at + 4;
    let question = query.get(12..question_end)?;
    let qtype = u16::from_be_bytes([query[at], query[at + 1]]);
    let name = labels.join(".");
    let found = answers.iter().find(|(known, _)| *known == name).map(|(_, address)| *address);
    let mut reply = Vec::with_capacity(64);
    reply.extend_from_slice(&query[0..2]);
    // QR, AA, RD copied; RA; NOERROR.
    reply.extend_from_slice(&[0x84 | (query[2] & 0x01), 0x80]);
    let answer = found.filter(|_| qtype == 1);
    reply.extend_from_slice(&[0, 1, 0, u8::from(answer.is_some()), 0, 0, 0, 0]);
    reply.extend_from_slice(question);
    if let Some(address) = answer {
        reply.extend_from_slice(&[0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4]);
        reply.extend_from_slice(&address.octets());
    }
    Some(reply)
}

/// Accepts TLS on `servers:0` with `cert` (a fixture certificate name) and
/// greets as IMAP: an antivirus or proxy that re-signs the connection.
pub async fn interceptor(stage: &Stage, cert: &str) -> u16 {
    let listener = TcpListener::bind(SocketAddr::from((stage.servers, 0))).await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let acceptor = crate::tls_acceptor(cert);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(socket).await else { return };
                let _ = stream.write_all(b"* OK [CAPABILITY IMAP4rev1] ready\r\n").await;
                let mut sink = [0u8; 512];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
            });
        }
    });
    port
}
