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
