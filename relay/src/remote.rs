//! `check --compare-relay URL`: the same plan through a relay elsewhere,
//! over its WebSocket, as the page drives it. The session here decides
//! everything; the relay there only runs operations and reports.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use maildoctor_probe::Trust;
use maildoctor_rules::Session;
use maildoctor_wire::{client_json, ClientMessage, ServerMessage, PROTOCOL_VERSION};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_tungstenite::tungstenite::Message;

/// A whole diagnosis through a relay gets this long; each operation on the
/// relay has its own deadline well inside it.
const REMOTE_DEADLINE: Duration = Duration::from_secs(180);

/// `ws://host:port/path` or `wss://…`: where to dial and whether TLS.
fn target(url: &str) -> Result<(bool, String, String), String> {
    let (tls, rest) = match url.split_once("://") {
        Some(("wss", rest)) => (true, rest),
        Some(("ws", rest)) => (false, rest),
        _ => return Err(format!("--compare-relay takes a ws:// or wss:// address, not {url}")),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let parsed: axum::http::uri::Authority =
        authority.parse().map_err(|_| format!("--compare-relay: no host in {url}"))?;
    let port = parsed.port_u16().unwrap_or(if tls { 443 } else { 80 });
    let host = parsed.host().trim_start_matches('[').trim_end_matches(']').to_owned();
    Ok((tls, host.clone(), if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") }))
}

/// Events kept of one operation, and bytes of frames kept of the whole
/// session. A real probe reports about fifty events (a dialog's server text
/// is capped at 64 KiB by the relay's dialogs) and a whole diagnosis under
/// 1 MiB; a relay that sends more is hostile or broken, and what it sends
/// past these is dropped (per operation) or ends the comparison (in all).
const MAX_EVENTS_PER_OPERATION: usize = 2_000;
const MAX_SESSION_BYTES: usize = 32 * 1024 * 1024;
/// One frame: an event carries at most one escaped line (57 KB as JSON).
const MAX_FRAME_BYTES: usize = 1024 * 1024;

/// Refuses, before anything is sent, to carry a password or token over
/// plain `ws://` to another machine, where anyone on the way reads it.
/// Loopback (a relay on this computer) is the one plain exception.
pub fn check_transport(url: &str, with_secret: bool) -> Result<(), String> {
    let (tls, host, _) = target(url)?;
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if with_secret && !tls && !loopback {
        return Err(format!(
            "--compare-relay {url} would carry the password unencrypted to another machine: give a wss:// address, \
             or leave the password out"
        ));
    }
    Ok(())
}

/// Drives `session` to its end through the relay at `url`. The relay's
/// certificate must verify (`trust`: the public roots and any --ca-file).
/// `with_secret`: the plan sends a password or token.
pub async fn drive_remote(session: &mut Session, url: &str, trust: &Trust, with_secret: bool) -> Result<(), String> {
    check_transport(url, with_secret)?;
    let (tls, host, addr) = target(url)?;
    let tcp =
        tokio::net::TcpStream::connect(&addr).await.map_err(|err| format!("cannot reach the relay at {url}: {err}"))?;
    let run = async {
        if tls {
            let name = rustls::pki_types::ServerName::try_from(host).map_err(|err| format!("{url}: {err}"))?;
            let connector = tokio_rustls::TlsConnector::from(Arc::new(trust.verified_client_config()));
            let stream =
                connector.connect(name, tcp).await.map_err(|err| format!("TLS to the relay at {url}: {err}"))?;
            over(stream, session, url).await
        } else {
            over(tcp, session, url).await
        }
    };
    match tokio::time::timeout(REMOTE_DEADLINE, run).await {
        Ok(result) => result,
        Err(_) => Err(format!("the relay at {url} did not finish within {} s", REMOTE_DEADLINE.as_secs())),
    }
}

async fn over<S>(stream: S, session: &mut Session, url: &str) -> Result<(), String>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME_BYTES))
        .max_frame_size(Some(MAX_FRAME_BYTES));
    let (mut socket, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(config))
        .await
        .map_err(|err| format!("the relay at {url} refused the WebSocket: {err}"))?;
    let send = |message: &ClientMessage| Message::text(client_json(message));
    socket.send(send(&ClientMessage::Hello { version: PROTOCOL_VERSION })).await.map_err(|err| err.to_string())?;
    let mut started = false;
    let mut kept: std::collections::HashMap<maildoctor_wire::OpId, usize> = std::collections::HashMap::new();
    let mut bytes = 0usize;
    while !session.is_finished() {
        let frame = match socket.next().await {
            Some(Ok(Message::Text(text))) => text,
            Some(Ok(Message::Close(_))) | None => break,
            Some(Ok(_)) => continue,
            Some(Err(err)) => return Err(format!("the connection to the relay at {url} broke: {err}")),
        };
        bytes += frame.len();
        if bytes > MAX_SESSION_BYTES {
            session.abandon();
            return Err(format!("the relay at {url} sent more than {} MiB", MAX_SESSION_BYTES >> 20));
        }
        let Ok(message) = ServerMessage::from_json(&frame) else { continue };
        if let ServerMessage::Event { id, .. } = &message {
            let count = kept.entry(*id).or_default();
            if *count >= MAX_EVENTS_PER_OPERATION {
                continue;
            }
            *count += 1;
        }
        let follow_ups = match &message {
            ServerMessage::Hello { version, .. } if *version != PROTOCOL_VERSION => {
                return Err(format!("the relay at {url} speaks protocol {version}, this build {PROTOCOL_VERSION}"));
            }
            ServerMessage::Hello { vantage, time_ms, .. } if !started => {
                started = true;
                // Where the relay checks from, and what it cannot reach:
                // a relay that says nothing is still not this computer.
                let elsewhere =
                    || maildoctor_wire::Vantage { local: false, name: None, region: None, blocked_ports: Vec::new() };
                session.checked_from(vantage.clone().unwrap_or_else(elsewhere));
                if let Some(time_ms) = time_ms {
                    session.relay_time(*time_ms);
                }
                session.start()
            }
            ServerMessage::Error { message, .. } => return Err(format!("the relay at {url} said: {message}")),
            _ => session.handle(&message),
        };
        for message in follow_ups {
            socket.send(send(&message)).await.map_err(|err| err.to_string())?;
        }
    }
    let _ = socket.close(None).await;
    if session.is_finished() {
        Ok(())
    } else {
        session.abandon();
        Err(format!("the relay at {url} closed the connection before the checks finished"))
    }
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn a_relay_address_names_its_host_port_and_scheme() {
        assert_eq!(
            target("wss://relay.example.net/v1/ws"),
            Ok((true, "relay.example.net".into(), "relay.example.net:443".into()))
        );
        assert_eq!(target("ws://127.0.0.1:8080/v1/ws"), Ok((false, "127.0.0.1".into(), "127.0.0.1:8080".into())));
        assert_eq!(target("ws://[::1]:8080/v1/ws"), Ok((false, "::1".into(), "[::1]:8080".into())));
        assert!(target("https://relay.example.net/").is_err());
    }
}
