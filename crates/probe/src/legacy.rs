//! Asking a server that refused rustls which pre-1.2 version it wants.

use maildoctor_proto::legacy_tls::{client_hello, server_answer, LegacyAnswer};
use maildoctor_proto::{Dialog, Output};
use maildoctor_wire::{MailProtocol, Security, TlsVersion};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::link::{Link, OldTls};

/// Which pre-1.2 version a server that refused rustls would choose, asked on
/// a fresh connection to the same (already checked) address. After
/// STARTTLS, the dialog of that protocol is replayed up to STARTTLS first
/// (greeting, capabilities, STARTTLS: no credentials, nothing else).
pub(crate) async fn version(link: &Link<'_>, old_tls: OldTls) -> Option<TlsVersion> {
    // The replay and the hello share the handshake's timeout, within the operation's deadline.
    let limit = crate::deadline::capped(link.timeouts.tls, link.deadline);
    let server_name = match &link.server_name {
        ServerName::DnsName(name) => Some(name.as_ref().to_owned()),
        _ => None,
    };
    let attempt = async {
        let mut stream = TcpStream::connect(link.address).await.ok()?;
        if let OldTls::AfterStarttls(protocol) = old_tls {
            replay(protocol, &mut stream).await?;
        }
        stream.write_all(&client_hello(server_name.as_deref())).await.ok()?;
        let mut answer = Vec::new();
        let mut buf = [0u8; 512];
        // A ServerHello's first 11 bytes decide; never read more than a few KiB.
        while answer.len() < 4096 {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            answer.extend_from_slice(&buf[..n]);
            match server_answer(&answer) {
                LegacyAnswer::Incomplete => continue,
                LegacyAnswer::Chose(version) => return Some(version),
                LegacyAnswer::Alert(_) | LegacyAnswer::NotTls => return None,
            }
        }
        None
    };
    tokio::time::timeout(limit, attempt).await.ok().flatten()
}

/// Plays the dialog of `protocol` on `stream` up to STARTTLS (see below).
pub(crate) async fn replay(protocol: MailProtocol, stream: &mut TcpStream) -> Option<()> {
    let mut dialog = maildoctor_proto::dialog_for(protocol, Security::Starttls, false, None);
    replay_to_starttls(dialog.as_mut(), stream).await
}

/// Plays `dialog` on `stream` until it asks for TLS, ignoring its events:
/// the way back to the point where a STARTTLS server's TLS can be asked
/// about again. `None` if the server ends or breaks the dialog before that;
/// the caller bounds the time.
async fn replay_to_starttls(dialog: &mut (dyn Dialog + Send), stream: &mut TcpStream) -> Option<()> {
    // The replay reads only short lines up to STARTTLS.
    let mut buf = vec![0u8; 4096];
    loop {
        match dialog.poll() {
            Output::Event(_) => {}
            Output::Write(bytes) => stream.write_all(&bytes).await.ok()?,
            Output::NeedInput => match stream.read(&mut buf).await.ok()? {
                0 => dialog.feed_eof(),
                n => dialog.feed(&buf[..n]),
            },
            Output::StartTls => return Some(()),
            Output::Done => return None,
        }
    }
}
