//! A mail-inspecting middlebox between a client and a real SMTP server,
//! on loopback: it reads the conversation reply by reply and command by
//! command, rewrites or deletes reply lines, passes, rewrites or answers
//! commands itself, and once STARTTLS is let through and accepted it only
//! carries bytes (it cannot read TLS). This is what STARTTLS-stripping
//! firewalls do: Cisco PIX/ASA "fixup smtp" (Mailguard) and ESMTP
//! inspection pass only the commands they know, and rewrite in place
//! rather than change a packet's length, so a keyword they hide becomes a
//! run of X (STARTTLS in EHLO: `XXXXXXXA`; the command: `XXXXXXXX`, which
//! the server then answers `500 5.5.2 Error: command not recognized`):
//! community.cisco.com/t5/security-knowledge-base/
//! mail-traffic-does-not-pass-through-a-pix-firewall-with-esmtp/ta-p/3129202,
//! and puck.nether.net/pipermail/cisco-nsp/2004-November/014446.html.
//! Other proxies delete the line, and answer the command themselves.

use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the middlebox does with a client's command.
#[derive(Debug, Clone)]
pub enum Verb {
    /// Sent on to the server as this line.
    Pass(String),
    /// Not sent on; the middlebox answers the client with this line.
    Answer(String),
}

/// A middlebox: `reply` rewrites one reply line's text after the code
/// (`None` deletes the line), `command` decides about each command line.
#[derive(Debug, Clone, Copy)]
pub struct Middlebox {
    pub reply: fn(&str) -> Option<String>,
    pub command: fn(&str) -> Verb,
}

/// Listens on `bind` (an address with port) and carries every connection
/// to `target` through `middlebox`.
pub async fn middlebox(bind: SocketAddr, target: &'static str, middlebox: Middlebox) -> SocketAddr {
    let listener = TcpListener::bind(bind).await.expect("bind the middlebox");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(target).await else { return };
                let _ = carry(client, server, middlebox).await;
            });
        }
    });
    addr
}

/// One whole SMTP reply (continuation lines and the last), rewritten.
async fn reply(server: &mut BufReader<TcpStream>, middlebox: Middlebox) -> std::io::Result<(u16, String)> {
    let mut kept: Vec<(String, String)> = Vec::new();
    let mut code = 0;
    loop {
        let mut line = String::new();
        if server.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end();
        code = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(code);
        let last = line.as_bytes().get(3) != Some(&b'-');
        if let Some(text) = (middlebox.reply)(line.get(4..).unwrap_or_default()) {
            kept.push((line[..3].to_owned(), text));
        }
        if last {
            break;
        }
    }
    // A deleted last line makes the one before it the last.
    let count = kept.len();
    let text = kept
        .iter()
        .enumerate()
        .map(|(n, (code, text))| format!("{code}{}{text}\r\n", if n + 1 == count { ' ' } else { '-' }))
        .collect();
    Ok((code, text))
}

async fn carry(client: TcpStream, server: TcpStream, middlebox: Middlebox) -> std::io::Result<()> {
    let (mut client, mut server) = (BufReader::new(client), BufReader::new(server));
    let (_, greeting) = reply(&mut server, middlebox).await?;
    client.get_mut().write_all(greeting.as_bytes()).await?;
    loop {
        let mut line = String::new();
        if client.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end();
        let starttls = command.eq_ignore_ascii_case("STARTTLS");
        match (middlebox.command)(command) {
            Verb::Answer(answer) => client.get_mut().write_all(format!("{answer}\r\n").as_bytes()).await?,
            Verb::Pass(sent) => {
                server.get_mut().write_all(format!("{sent}\r\n").as_bytes()).await?;
                let (code, answer) = reply(&mut server, middlebox).await?;
                client.get_mut().write_all(answer.as_bytes()).await?;
                if starttls && sent.eq_ignore_ascii_case("STARTTLS") && code == 220 {
                    // TLS from here on: bytes only.
                    let (mut client, mut server) = (client.into_inner(), server.into_inner());
                    tokio::io::copy_bidirectional(&mut client, &mut server).await?;
                    return Ok(());
                }
            }
        }
    }
}
