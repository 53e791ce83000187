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

/// A TLS handshake on `stream`, reported as a `tls` event.
pub(crate) async fn handshake(
    link: &Link<'_>,
    mut stream: FirstBytes<TcpStream>,
    old_tls: OldTls,
    emit: &Emitter<'_>,
) -> Option<(TlsStream<FirstBytes<TcpStream>>, CertVerdict)> {
    stream.restart();
    let started = Instant::now();
    let (config, recorded) = link.trust.client_config();
    let connect = TlsConnector::from(config).connect(link.server_name.clone(), stream).into_fallible();
    let limit = link.timeouts.tls.min(link.deadline.saturating_duration_since(Instant::now()));
    let outcome = tokio::time::timeout(limit, connect).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    let address = link.address;
    match outcome {
        Ok(Ok(stream)) => {
            let (_, session) = stream.get_ref();
            let Some(version) = session.protocol_version().and_then(tls::version) else {
                let failure = TlsFailure::Other { detail: "an unknown protocol version was negotiated".into() };
                emit.send(Event::Tls { address: link.address, result: TlsResult::Failed { failure }, elapsed_ms })
                    .await;
                return None;
            };
            let cipher = session.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())).unwrap_or_default();
            let (verdict, chain) = recorded.verdict(&link.server_name);
            let result = TlsResult::Established { version, cipher, verdict: verdict.clone(), chain };
            emit.send(Event::Tls { address, result, elapsed_ms }).await;
            Some((stream, verdict))
        }
        Ok(Err((err, io))) => {
            let mut failure = tls::failure(&err, io.seen());
            // Old servers answer a modern hello with an alert or just hang
            // up (Dovecot on OpenSSL 3 does the latter): ask in their dialect.
            let maybe_old = matches!(
                failure,
                TlsFailure::ProtocolTooOld { offered: None } | TlsFailure::Closed | TlsFailure::Alert { .. }
            );
            if maybe_old && old_tls != OldTls::NotAsked {
                match legacy::version(link, old_tls).await {
                    Some(version) if version.is_obsolete() => {
                        failure = TlsFailure::ProtocolTooOld { offered: Some(version) };
                    }
                    _ => {}
                }
            }
            emit.send(Event::Tls { address, result: TlsResult::Failed { failure }, elapsed_ms }).await;
            None
        }
        Err(_) => {
            let failure = TlsFailure::Timeout;
            emit.send(Event::Tls { address, result: TlsResult::Failed { failure }, elapsed_ms }).await;
            None
        }
    }
}

/// Runs `dialog` (of `protocol`) over `conn` to its end, a failure, or a deadline.
pub(crate) async fn run(
    dialog: &mut (dyn Dialog + Send),
    protocol: MailProtocol,
    mut conn: Conn,
    link: &Link<'_>,
    emit: &Emitter<'_>,
) {
    let mut buf = vec![0u8; READ_CHUNK];
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
                // A TLS close without close_notify reads as UnexpectedEof: still an end of input.
                let read = conn.read(&mut buf);
                let read = async {
                    read.await.or_else(|e| if e.kind() == io::ErrorKind::UnexpectedEof { Ok(0) } else { Err(e) })
                };
                match within(link, dialog.step(), emit, read).await {
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
    let per_step = if step == Step::Greeting { link.timeouts.greeting } else { link.timeouts.step };
    per_step.min(link.deadline.saturating_duration_since(Instant::now()))
}

fn timeout_failure(link: &Link<'_>, step: Step) -> ProbeFailure {
    let per_step = if step == Step::Greeting { link.timeouts.greeting } else { link.timeouts.step };
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
