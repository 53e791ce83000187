//! The one driver for every sans-IO dialog: it turns [`Output`]s into socket
//! reads and writes, performs TLS upgrades, and owns the deadlines.

use std::io;
use std::time::{Duration, Instant};

use maildoctor_proto::{Dialog, Output};
use maildoctor_wire::{CertVerdict, Event, MailProtocol, ProbeFailure, Step, TlsFailure, TlsResult};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use crate::legacy;
use crate::link::{Emitter, Link, OldTls};
use crate::tcp;
use crate::tls::{self, FirstBytes};

const READ_CHUNK: usize = 4096;

pub(crate) enum Conn {
    Plain(FirstBytes<TcpStream>),
    Tls(Box<TlsStream<FirstBytes<TcpStream>>>),
}

impl Conn {
    pub(crate) async fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Plain(stream) => stream.read(buf).await,
            Conn::Tls(stream) => stream.read(buf).await,
        }
    }

    pub(crate) async fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Conn::Plain(stream) => stream.write_all(bytes).await,
            Conn::Tls(stream) => {
                stream.write_all(bytes).await?;
                stream.flush().await
            }
        }
    }

    async fn shutdown(&mut self) {
        let _ = match self {
            Conn::Plain(stream) => stream.shutdown().await,
            Conn::Tls(stream) => stream.shutdown().await,
        };
    }
}

/// A TLS handshake on `stream`, reported as a `tls` event; if it stalled,
/// followed by the small-segment retry's `tls_small_segments` event.
pub(crate) async fn handshake(
    link: &Link<'_>,
    stream: FirstBytes<TcpStream>,
    old_tls: OldTls,
    emit: &Emitter<'_>,
) -> Option<(TlsStream<FirstBytes<TcpStream>>, CertVerdict)> {
    let (result, elapsed_ms, established) = negotiate(link, stream, old_tls, emit).await;
    let stalled = matches!(result, TlsResult::Failed { failure: TlsFailure::Timeout });
    emit.send(Event::Tls { address: link.address, result, elapsed_ms }).await;
    if stalled && old_tls != OldTls::NotAsked {
        if let Some((result, elapsed_ms)) = small_segments(link, old_tls, emit).await {
            emit.send(Event::TlsSmallSegments { address: link.address, mss: SMALL_MSS, result, elapsed_ms }).await;
        }
    }
    established
}

/// RFC 879's default MSS (576-byte datagrams), which every IPv4 path carries.
const SMALL_MSS: u16 = 536;
/// The most the small-segment retry may add to a diagnosis: a server that
/// completes a handshake at all does it in well under a second.
const SMALL_SEGMENTS_LIMIT: Duration = Duration::from_secs(3);

/// After a handshake stalled: the same hello on a fresh connection that
/// asks for small segments (the STARTTLS dialog replayed first). The
/// connection and the short replies passed, and the server's first large
/// packet is its certificate: a path that loses only large packets (a
/// tunnel's smaller MTU, PPPoE's 1492 (RFC 2516 §7) or a VPN's, with the
/// ICMP "fragmentation needed" that would tell the server filtered: the
/// black hole of RFC 2923 §2.1 and RFC 4459 §3) lets this one complete,
/// and a dead TLS server stalls again. `None` if the connection or the
/// replay failed.
async fn small_segments(link: &Link<'_>, old_tls: OldTls, emit: &Emitter<'_>) -> Option<(TlsResult, u64)> {
    let limit = crate::deadline::capped(SMALL_SEGMENTS_LIMIT, link.deadline);
    // A connection of its own: the relay's limits are asked like for any other.
    if limit.is_zero() || emit.gate.connect(link.address.ip()).is_err() {
        return None;
    }
    let started = Instant::now();
    let timeouts = crate::link::Timeouts { tls: limit, ..link.timeouts.clone() };
    let retry = Link {
        address: link.address,
        server_name: link.server_name.clone(),
        trust: link.trust,
        timeouts: &timeouts,
        deadline: link.deadline.min(started + limit),
        tls_hint: false,
    };
    let attempt = async {
        let mut stream = tcp::connect_small_segments(link.address, u32::from(SMALL_MSS), limit).await?;
        if let OldTls::AfterStarttls(protocol) = old_tls {
            legacy::replay(protocol, &mut stream).await?;
        }
        let (result, _, _) = negotiate(&retry, FirstBytes::new(stream), OldTls::NotAsked, emit).await;
        Some(result)
    };
    let result = tokio::time::timeout(limit, attempt)
        .await
        .unwrap_or(Some(TlsResult::Failed { failure: TlsFailure::Timeout }))?;
    Some((result, started.elapsed().as_millis() as u64))
}

/// A TLS handshake on `stream`: what it showed, how long it took, and the
/// connection if it completed.
async fn negotiate(
    link: &Link<'_>,
    mut stream: FirstBytes<TcpStream>,
    old_tls: OldTls,
    emit: &Emitter<'_>,
) -> (TlsResult, u64, Option<(TlsStream<FirstBytes<TcpStream>>, CertVerdict)>) {
    stream.restart();
    let started = Instant::now();
    let (config, recorded) = link.trust.client_config();
    let connect = TlsConnector::from(config).connect(link.server_name.clone(), stream).into_fallible();
    let limit = crate::deadline::capped(link.timeouts.tls, link.deadline);
    let outcome = tokio::time::timeout(limit, connect).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(Ok(stream)) => {
            let (_, session) = stream.get_ref();
            let Some(version) = session.protocol_version().and_then(tls::version) else {
                let failure = TlsFailure::Other { detail: "an unknown protocol version was negotiated".into() };
                return (TlsResult::Failed { failure }, elapsed_ms, None);
            };
            let cipher = session.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default();
            let (verdict, chain) = recorded.verdict(&link.server_name);
            let result = TlsResult::Established { version, cipher, verdict: verdict.clone(), chain };
            (result, elapsed_ms, Some((stream, verdict)))
        }
        Ok(Err((err, io))) => {
            let mut failure = tls::failure(&err, io.seen());
            // Old servers answer a modern hello with an alert or just hang
            // up (Dovecot on OpenSSL 3 does the latter): ask in their dialect.
            // The question takes a connection of its own, which the relay's
            // limits must allow and its budget counts (`connections_opened`).
            if asks_old_tls(&failure) && old_tls != OldTls::NotAsked && emit.gate.connect(link.address.ip()).is_ok() {
                match legacy::version(link, old_tls).await {
                    Some(version) if version.is_obsolete() => {
                        failure = TlsFailure::ProtocolTooOld { offered: Some(version) };
                    }
                    _ => {}
                }
            }
            (TlsResult::Failed { failure }, elapsed_ms, None)
        }
        Err(_) => (TlsResult::Failed { failure: TlsFailure::Timeout }, elapsed_ms, None),
    }
}

/// Whether a refused hello makes the driver ask, on a connection of its
/// own, which old TLS version the server wants: old servers answer a modern
/// hello with an alert or just hang up (Dovecot on OpenSSL 3 does the latter).
fn asks_old_tls(failure: &TlsFailure) -> bool {
    matches!(failure, TlsFailure::ProtocolTooOld { offered: None } | TlsFailure::Closed | TlsFailure::Alert { .. })
}

/// The connections `event` shows were opened, for a budget of connections
/// counted from events: each attempt, control, side hello and retry, and
/// the old-TLS question a failed handshake of a mail server leads to (an
/// HTTPS fetch's failed handshake asks none, and is counted as if it had:
/// a budget may overcount, never undercount).
pub fn connections_opened(event: &Event) -> u32 {
    match event {
        Event::Tcp { .. } | Event::Control { .. } | Event::TlsProbe { .. } | Event::TlsSmallSegments { .. } => 1,
        Event::TlsVersions { answers, .. } => answers.len() as u32,
        Event::Latency { attempts, .. } => u32::from(*attempts),
        // The version the question found is written into the failure.
        Event::Tls { result: TlsResult::Failed { failure: TlsFailure::ProtocolTooOld { .. } }, .. } => 1,
        Event::Tls { result: TlsResult::Failed { failure }, .. } if asks_old_tls(failure) => 1,
        _ => 0,
    }
}

/// How long a port usually used with SSL/TLS may stay silent to a
/// plaintext client before a TLS hello is tried on a second connection.
const TLS_HINT_AFTER: Duration = Duration::from_secs(2);

/// Whether a TLS hello's answer shows a TLS server (a handshake, or an
/// alert in TLS), as opposed to plaintext, silence or a hang-up.
fn speaks_tls(result: &TlsResult) -> bool {
    matches!(
        result,
        TlsResult::Established { .. }
            | TlsResult::Failed { failure: TlsFailure::Alert { .. } | TlsFailure::ProtocolTooOld { .. } }
    )
}

/// Reads the greeting from a port usually used with SSL/TLS by a client
/// that did not start TLS. Such a server waits for a TLS hello and stays
/// silent, so after [`TLS_HINT_AFTER`] a TLS hello goes to a second
/// connection: if TLS answers, waiting longer is pointless and the greeting
/// step ends as silent; if not (a slow plaintext server), the wait goes on
/// to the step's own deadline. `Some(n)` bytes read, or `None` once the
/// outcome has been reported.
async fn greeting_watching_for_tls(
    conn: &mut Conn,
    buf: &mut [u8],
    link: &Link<'_>,
    emit: &Emitter<'_>,
) -> Option<usize> {
    let started = Instant::now();
    let limit = limit_for(link, Step::Greeting);
    let read = read_some(conn, buf);
    tokio::pin!(read);
    if let Ok(result) = tokio::time::timeout(TLS_HINT_AFTER.min(limit), &mut read).await {
        return read_outcome(result, Step::Greeting, emit).await;
    }
    let probe = async {
        emit.gate.connect(link.address.ip()).ok()?;
        let (outcome, stream, _) = tcp::connect(link.address, link.timeouts.connect).await;
        let stream = stream.filter(|_| outcome == maildoctor_wire::TcpOutcome::Connected)?;
        let (result, elapsed_ms, _) = negotiate(link, FirstBytes::new(stream), OldTls::NotAsked, emit).await;
        Some((result, elapsed_ms))
    };
    tokio::pin!(probe);
    let rest = tokio::time::sleep(limit.saturating_sub(started.elapsed()));
    tokio::pin!(rest);
    tokio::select! {
        result = &mut read => return read_outcome(result, Step::Greeting, emit).await,
        probed = &mut probe => {
            if let Some((result, elapsed_ms)) = probed {
                let tls = speaks_tls(&result);
                emit.send(Event::TlsProbe { address: link.address, result, elapsed_ms }).await;
                if tls {
                    let waited_ms = started.elapsed().as_millis() as u64;
                    fail(emit, Step::Greeting, ProbeFailure::Timeout { waited_ms }).await;
                    return None;
                }
            }
        }
        () = &mut rest => {
            fail(emit, Step::Greeting, timeout_failure(link, Step::Greeting)).await;
            return None;
        }
    }
    tokio::select! {
        result = &mut read => read_outcome(result, Step::Greeting, emit).await,
        () = &mut rest => {
            fail(emit, Step::Greeting, timeout_failure(link, Step::Greeting)).await;
            None
        }
    }
}

/// One read; a TLS close without close_notify reads as UnexpectedEof: still an end of input.
async fn read_some(conn: &mut Conn, buf: &mut [u8]) -> io::Result<usize> {
    conn.read(buf).await.or_else(|e| if e.kind() == io::ErrorKind::UnexpectedEof { Ok(0) } else { Err(e) })
}

async fn read_outcome(result: io::Result<usize>, step: Step, emit: &Emitter<'_>) -> Option<usize> {
    match result {
        Ok(n) => Some(n),
        Err(err) => {
            fail(emit, step, io_failure(&err)).await;
            None
        }
    }
}

/// Runs `dialog` (of `protocol`) over `conn` to its end, a failure, or a
/// deadline. A STARTTLS handshake with a valid certificate writes its
/// version to `verified_tls` (the executor then asks which older ones the
/// server accepts).
pub(crate) async fn run(
    dialog: &mut (dyn Dialog + Send),
    protocol: MailProtocol,
    mut conn: Conn,
    link: &Link<'_>,
    emit: &Emitter<'_>,
    verified_tls: &mut Option<maildoctor_wire::TlsVersion>,
) {
    let mut buf = vec![0u8; READ_CHUNK];
    let mut watched = false;
    loop {
        match dialog.poll() {
            Output::Event(event) => emit.send(event).await,
            Output::Write(bytes) => {
                if within(link, dialog.step(), emit, conn.write_all(&bytes)).await.is_none() {
                    return;
                }
            }
            Output::StartTls => {
                let Conn::Plain(plain) = conn else {
                    dialog.tls_failed();
                    let detail = "STARTTLS on a TLS connection".into();
                    fail(emit, Step::Starttls, ProbeFailure::Local { detail }).await;
                    return;
                };
                match handshake(link, plain, OldTls::AfterStarttls(protocol), emit).await {
                    Some((stream, verdict)) => {
                        if verdict == CertVerdict::Valid {
                            *verified_tls = stream.get_ref().1.protocol_version().and_then(tls::version);
                        }
                        conn = Conn::Tls(Box::new(stream));
                        dialog.tls_established(verdict == CertVerdict::Valid);
                    }
                    None => {
                        dialog.tls_failed();
                        return;
                    }
                }
            }
            Output::NeedInput => {
                let step = dialog.step();
                let read = if step == Step::Greeting && link.tls_hint && !watched {
                    watched = true;
                    greeting_watching_for_tls(&mut conn, &mut buf, link, emit).await
                } else {
                    within(link, step, emit, read_some(&mut conn, &mut buf)).await
                };
                match read {
                    Some(0) => dialog.feed_eof(),
                    Some(n) => dialog.feed(&buf[..n]),
                    None => return,
                }
            }
            Output::Done => {
                conn.shutdown().await;
                return;
            }
        }
    }
}

/// One socket operation of `step`, bounded by the step's and the
/// operation's deadlines; `None` once the failure has been reported.
async fn within<T>(
    link: &Link<'_>,
    step: Step,
    emit: &Emitter<'_>,
    operation: impl std::future::Future<Output = io::Result<T>>,
) -> Option<T> {
    match tokio::time::timeout(limit_for(link, step), operation).await {
        Ok(Ok(value)) => Some(value),
        Ok(Err(err)) => {
            fail(emit, step, io_failure(&err)).await;
            None
        }
        Err(_) => {
            fail(emit, step, timeout_failure(link, step)).await;
            None
        }
    }
}

fn limit_for(link: &Link<'_>, step: Step) -> Duration {
    let per_step = link.timeouts.for_step(step);
    crate::deadline::capped(per_step, link.deadline)
}

fn timeout_failure(link: &Link<'_>, step: Step) -> ProbeFailure {
    let per_step = link.timeouts.for_step(step);
    let left = link.deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        ProbeFailure::Deadline { waited_ms: link.timeouts.operation.as_millis() as u64 }
    } else {
        ProbeFailure::Timeout { waited_ms: per_step.as_millis() as u64 }
    }
}

fn io_failure(err: &io::Error) -> ProbeFailure {
    match err.kind() {
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => ProbeFailure::Reset,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => ProbeFailure::Closed,
        // The server did nothing wrong that the protocol could name: the
        // socket failed on this side (no route, buffers, permissions).
        _ => ProbeFailure::Local { detail: err.to_string() },
    }
}

async fn fail(emit: &Emitter<'_>, step: Step, reason: ProbeFailure) {
    emit.send(Event::Failed { step, reason }).await;
}
