//! After a handshake with a valid certificate: the oldest TLS version the
//! server still accepts, so the report can name the mail apps that cannot
//! connect to it. Each question is a hello that offers nothing newer than
//! one version, on a connection of its own; the first refusal ends them.
//! A server that negotiated TLS 1.3 is asked about 1.2 and 1.1 at once,
//! then 1.0 where 1.1 was taken: two extra connections for the usual server
//! (1.2 and 1.3), and for a server of TLS 1.3 alone, three at most.

use std::time::{Duration, Instant};

use maildoctor_proto::tls_versions::{client_hello, server_answer, suite_name, HelloAnswer};
use maildoctor_wire::{Event, TlsVersion, VersionAnswer};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::legacy;
use crate::link::{Emitter, Link, OldTls};

/// How long one hello may wait for its answer. The server has just
/// completed a full handshake, so it answers a hello within a round trip or
/// two; a server that stays silent to an old hello instead of refusing it
/// must not hold the check for the handshake's whole 10 s.
const HELLO_LIMIT: Duration = Duration::from_secs(3);

/// How long an answer is remembered. A server's TLS settings change with
/// its configuration, rarely; the question's connections, repeated for
/// every check of a popular server, would cost it and the relay's limit on
/// connections to one destination far more.
const REMEMBERED: Duration = Duration::from_secs(600);

/// The answers each server gave lately, shared by every session of this
/// relay (or `check` run): a server is asked again only after
/// [`REMEMBERED`].
#[derive(Debug, Default)]
pub(crate) struct Answers {
    by_server: std::sync::Mutex<Vec<(Key, Instant, Vec<VersionAnswer>)>>,
}

/// The server's address and port, how TLS starts there, and the version
/// its handshake chose (the questions start below it).
type Key = (std::net::SocketAddr, bool, TlsVersion);

/// Servers remembered at most: a relay checking many servers forgets the
/// oldest first, so this memory stays a few hundred kilobytes.
const MAX_REMEMBERED: usize = 4096;

impl Answers {
    /// The versions below `negotiated` the server accepts, as one event:
    /// remembered, or asked now and remembered.
    pub(crate) async fn ask(
        &self,
        link: &Link<'_>,
        old_tls: OldTls,
        negotiated: TlsVersion,
        emit: &Emitter<'_>,
    ) -> Option<Event> {
        let key = (link.address, matches!(old_tls, OldTls::Implicit), negotiated);
        let now = Instant::now();
        let remembered = {
            let mut by_server = self.by_server.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            by_server.retain(|(_, at, _)| now.duration_since(*at) < REMEMBERED);
            by_server.iter().find(|(k, _, _)| *k == key).map(|(_, _, answers)| answers.clone())
        };
        if let Some(answers) = remembered {
            return Some(Event::TlsVersions { address: link.address, answers });
        }
        let event = ask(link, old_tls, negotiated, emit).await?;
        if let Event::TlsVersions { answers, .. } = &event {
            // Only a settled answer (a refusal, or the oldest asked taken) is
            // worth keeping; a timeout may pass.
            let settled = answers.last().is_some_and(|a| a.refused || a.offered == TlsVersion::Tls10);
            if settled {
                let mut by_server = self.by_server.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if by_server.len() >= MAX_REMEMBERED {
                    by_server.remove(0);
                }
                by_server.push((key, now, answers.clone()));
            }
        }
        Some(event)
    }
}

/// The versions below `negotiated` the server accepts, as one event; `None`
/// when nothing was asked (the relay's limits, no time left).
///
/// The answers are the chain asked one after the other would give (each
/// question below the version the last one chose; the first refusal ends
/// it), but each question is asked together with the one after it: the
/// usual server (TLS 1.3 and 1.2) answers both at once, where asked in
/// turn they cost the check a second set of round trips (connect, the
/// STARTTLS replay, the hello: five at the slowest). A server whose chain
/// ends at the first question has been asked one question too many, once
/// per [`REMEMBERED`].
async fn ask(link: &Link<'_>, old_tls: OldTls, negotiated: TlsVersion, emit: &Emitter<'_>) -> Option<Event> {
    let mut answers = Vec::new();
    let mut next = older(negotiated);
    let mut ahead: Option<VersionAnswer> = None;
    while let Some(offered) = next {
        let answer = match ahead.take() {
            Some(answer) if answer.offered == offered => answer,
            _ => {
                // A connection of its own: the relay's limits are asked like for any other.
                if emit.gate.connect(link.address.ip()).is_err() {
                    break;
                }
                let after = older(offered).filter(|_| emit.gate.connect(link.address.ip()).is_ok());
                match after {
                    Some(after) => {
                        let (answer, following) =
                            tokio::join!(hello(link, old_tls, offered), hello(link, old_tls, after));
                        ahead = Some(following);
                        answer
                    }
                    None => hello(link, old_tls, offered).await,
                }
            }
        };
        next = match answer.chose {
            Some(chose) if chose <= offered => older(chose),
            _ => None,
        };
        answers.push(answer);
    }
    (!answers.is_empty()).then_some(Event::TlsVersions { address: link.address, answers })
}

/// The version below `version` worth asking about (SSL 3.0 is not: no
/// mail app in use needs it, RFC 7568 forbids it).
fn older(version: TlsVersion) -> Option<TlsVersion> {
    match version {
        TlsVersion::Tls13 => Some(TlsVersion::Tls12),
        TlsVersion::Tls12 => Some(TlsVersion::Tls11),
        TlsVersion::Tls11 => Some(TlsVersion::Tls10),
        TlsVersion::Tls10 | TlsVersion::Ssl3 => None,
    }
}

/// One hello offering at most `offered`, on a fresh connection.
async fn hello(link: &Link<'_>, old_tls: OldTls, offered: TlsVersion) -> VersionAnswer {
    let limit = crate::deadline::capped(HELLO_LIMIT, link.deadline);
    let server_name = match &link.server_name {
        ServerName::DnsName(name) => Some(name.as_ref().to_owned()),
        _ => None,
    };
    let unanswered = VersionAnswer { offered, chose: None, cipher: None, refused: false };
    let attempt = async {
        let mut stream = TcpStream::connect(link.address).await.ok()?;
        if let OldTls::AfterStarttls(protocol) = old_tls {
            legacy::replay(protocol, &mut stream).await?;
        }
        stream.write_all(&client_hello(offered, server_name.as_deref())).await.ok()?;
        let mut answer = Vec::new();
        let mut buf = [0u8; 512];
        // A ServerHello's first 80 bytes decide; never read more than a few KiB.
        while answer.len() < 4096 {
            let n = match stream.read(&mut buf).await {
                // A server that hangs up on a hello has refused it.
                Ok(0) | Err(_) => return Some(VersionAnswer { refused: true, ..unanswered.clone() }),
                Ok(n) => n,
            };
            answer.extend_from_slice(&buf[..n]);
            match server_answer(&answer) {
                HelloAnswer::Incomplete => continue,
                HelloAnswer::Chose(version, suite) => {
                    let cipher = Some(suite_name(suite));
                    return Some(VersionAnswer { offered, chose: Some(version), cipher, refused: false });
                }
                HelloAnswer::Refused => return Some(VersionAnswer { refused: true, ..unanswered.clone() }),
            }
        }
        None
    };
    tokio::time::timeout(limit, attempt).await.ok().flatten().unwrap_or(unanswered)
}
