use std::io;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use maildoctor_wire::TcpOutcome;
use tokio::net::{TcpSocket, TcpStream};

/// Connects once, telling a refusal (RST) from silence (a firewall that
/// drops) from an ICMP error. `limit` bounds the wait: a silent drop is named
/// when it passes, not after the kernel's two minutes of SYN retries.
pub(crate) async fn connect(address: SocketAddr, limit: Duration) -> (TcpOutcome, Option<TcpStream>, u64) {
    let started = Instant::now();
    let socket = match address {
        SocketAddr::V4(_) => TcpSocket::new_v4(),
        SocketAddr::V6(_) => TcpSocket::new_v6(),
    };
    let result = match socket {
        Ok(socket) => tokio::time::timeout(limit, socket.connect(address)).await,
        Err(err) => Ok(Err(err)),
    };
    let elapsed = started.elapsed().as_millis() as u64;
    match result {
        Ok(Ok(stream)) => {
            // A dialog writes one short line and waits for the answer; with
            // Nagle on, the line after the TLS Finished (EHLO, a tagged
            // command) waits for that record's ACK: one round trip lost on
            // every STARTTLS and TLS probe (measured: tools/bench).
            let _ = stream.set_nodelay(true);
            (TcpOutcome::Connected, Some(stream), elapsed)
        }
        Ok(Err(err)) => (classify(&err), None, elapsed),
        Err(_) => (TcpOutcome::TimedOut, None, elapsed),
    }
}

/// Connects asking the server for segments of at most `mss` bytes: set
/// before connecting, TCP_MAXSEG is the MSS option of the SYN, and the
/// server sends nothing larger, so its packets fit a path whose MTU is
/// smaller than the links at either end. `None` on any failure: the caller
/// only compares this connection's handshake with the first one's.
pub(crate) async fn connect_small_segments(address: SocketAddr, mss: u32, limit: Duration) -> Option<TcpStream> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, Some(Protocol::TCP)).ok()?;
    socket.set_tcp_mss(mss).ok()?;
    socket.set_nonblocking(true).ok()?;
    let socket = TcpSocket::from_std_stream(std::net::TcpStream::from(socket));
    let stream = tokio::time::timeout(limit, socket.connect(address)).await.ok()?.ok()?;
    let _ = stream.set_nodelay(true);
    Some(stream)
}

fn classify(err: &io::Error) -> TcpOutcome {
    const EACCES: i32 = 13;
    const ENETUNREACH: i32 = 101;
    const EHOSTUNREACH: i32 = 113;
    const EADDRNOTAVAIL: i32 = 99;
    match (err.kind(), err.raw_os_error()) {
        (io::ErrorKind::ConnectionRefused, _) => TcpOutcome::Refused,
        (io::ErrorKind::ConnectionReset, _) => TcpOutcome::Reset,
        (io::ErrorKind::TimedOut, _) => TcpOutcome::TimedOut,
        // IPv6 admin-prohibited arrives as EACCES after the kernel's retry.
        (_, Some(EHOSTUNREACH | EACCES)) | (io::ErrorKind::HostUnreachable, _) => TcpOutcome::Unreachable,
        (_, Some(ENETUNREACH | EADDRNOTAVAIL)) | (io::ErrorKind::NetworkUnreachable, _) => TcpOutcome::NoRoute,
        _ => TcpOutcome::Unreachable,
    }
}
