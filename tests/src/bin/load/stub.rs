//! `load stub ADDRESS`: a mail server that costs next to nothing, so that
//! the relay, not Dovecot or Postfix, is what runs out of CPU. It speaks
//! just enough for the relay's probes to judge it healthy: IMAP on 993
//! (implicit TLS: greeting with capabilities, CAPABILITY, NOOP, LOGOUT),
//! submission on 587 (220, EHLO, STARTTLS, EHLO again with AUTH, RSET,
//! QUIT), with the fixtures' certificate for mail.example.test; and a DNS
//! server that gives mail.example.test this address (and no AAAA, since
//! ::1 is the real Dovecot's), so the relay's request is the same as
//! against the real servers and only the resolver it is started with
//! differs. A process of its own: its CPU is read apart from the relay's
//! and the clients'.

use std::net::{IpAddr, SocketAddr};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio_rustls::TlsAcceptor;

/// The name the stub's DNS answers for: the one the fixtures' certificate
/// and the harness's request name.
const NAME: &str = "mail.example.test";

const IMAP_CAPABILITIES: &str = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN";

fn acceptor() -> TlsAcceptor {
    maildoctor_tests::tls_acceptor("good")
}

pub(crate) async fn run(address: IpAddr) {
    let tls = acceptor();
    let imap = TcpListener::bind((address, 993)).await.expect("the stub's port 993 (root, or a free address)");
    let smtp = TcpListener::bind((address, 587)).await.expect("the stub's port 587");
    let dns = UdpSocket::bind((address, 0)).await.expect("the stub's DNS");
    let resolver = dns.local_addr().expect("an address");
    tokio::spawn(serve_dns(dns, address));
    let imap_tls = tls.clone();
    tokio::spawn(accept(imap, move |stream| {
        let tls = imap_tls.clone();
        async move {
            if let Ok(stream) = tls.accept(stream).await {
                let _ = imap_dialog(stream).await;
            }
        }
    }));
    tokio::spawn(accept(smtp, move |stream| {
        let tls = tls.clone();
        async move {
            let _ = smtp_dialog(stream, tls).await;
        }
    }));
    println!("stub ready {resolver}");
    // Ends with its parent: the harness closes the stub's standard input.
    crate::until_stdin_closes().await;
}

async fn accept<F, Fut>(listener: TcpListener, serve: F)
where
    F: Fn(TcpStream) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve(stream));
    }
}

async fn imap_dialog<S: AsyncRead + AsyncWrite + Unpin>(stream: S) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    let greeting = format!("* OK [CAPABILITY {IMAP_CAPABILITIES}] maildoctor bench stub ready.\r\n");
    stream.write_all(greeting.as_bytes()).await?;
    stream.flush().await?;
    let mut line = String::new();
    while {
        line.clear();
        stream.read_line(&mut line).await?
    } > 0
    {
        let mut words = line.split_ascii_whitespace();
        let (tag, verb) = (words.next().unwrap_or("*"), words.next().unwrap_or("").to_ascii_uppercase());
        let reply = match verb.as_str() {
            "CAPABILITY" => format!("* CAPABILITY {IMAP_CAPABILITIES}\r\n{tag} OK Pre-login capabilities listed.\r\n"),
            "NOOP" => format!("{tag} OK NOOP completed.\r\n"),
            "LOGOUT" => format!("* BYE Logging out\r\n{tag} OK Logout completed.\r\n"),
            _ => format!("{tag} BAD Error in IMAP command received by server.\r\n"),
        };
        stream.write_all(reply.as_bytes()).await?;
        stream.flush().await?;
        if verb == "LOGOUT" {
            return stream.shutdown().await;
        }
    }
    Ok(())
}

/// Submission: the plaintext part up to STARTTLS, then the same dialog over
/// TLS, where EHLO offers AUTH instead of STARTTLS (as Postfix does with
/// `smtpd_tls_auth_only`).
async fn smtp_dialog(stream: TcpStream, tls: TlsAcceptor) -> std::io::Result<()> {
    let mut plain = BufReader::new(stream);
    plain.write_all(format!("220 {NAME} ESMTP maildoctor bench stub\r\n").as_bytes()).await?;
    if !smtp_commands(&mut plain, false).await? {
        return Ok(());
    }
    // Nothing may follow STARTTLS before the hello: the buffer is empty.
    let stream = tls.accept(plain.into_inner()).await?;
    smtp_commands(&mut BufReader::new(stream), true).await.map(|_| ())
}

/// Answers commands until QUIT (false) or, before TLS, STARTTLS (true).
async fn smtp_commands<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    tls: bool,
) -> std::io::Result<bool> {
    let mut line = String::new();
    while {
        line.clear();
        stream.read_line(&mut line).await?
    } > 0
    {
        let verb = line.split_ascii_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let offer = if tls { "AUTH PLAIN LOGIN" } else { "STARTTLS" };
        let reply = match verb.as_str() {
            "EHLO" => format!(
                "250-{NAME}\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-{offer}\r\n250-ENHANCEDSTATUSCODES\r\n\
                 250-8BITMIME\r\n250 CHUNKING\r\n"
            ),
            "STARTTLS" if !tls => "220 2.0.0 Ready to start TLS\r\n".to_owned(),
            "RSET" => "250 2.0.0 Ok\r\n".to_owned(),
            "QUIT" => "221 2.0.0 Bye\r\n".to_owned(),
            _ => "502 5.5.2 Error: command not recognized\r\n".to_owned(),
        };
        stream.write_all(reply.as_bytes()).await?;
        stream.flush().await?;
        match verb.as_str() {
            "STARTTLS" if !tls => return Ok(true),
            "QUIT" => {
                stream.shutdown().await?;
                return Ok(false);
            }
            _ => {}
        }
    }
    Ok(false)
}

/// One UDP question at a time: A of [`NAME`] is `address`, its other types
/// have no records, every other name does not exist.
async fn serve_dns(socket: UdpSocket, address: IpAddr) {
    let mut buf = [0u8; 1500];
    loop {
        let Ok((n, from)) = socket.recv_from(&mut buf).await else { continue };
        if let Some(answer) = dns_answer(&buf[..n], address) {
            let _ = socket.send_to(&answer, from).await;
        }
    }
}

fn dns_answer(query: &[u8], address: IpAddr) -> Option<Vec<u8>> {
    if query.len() < 12 || query[4..6] != [0, 1] {
        return None;
    }
    // The question: labels, then type and class.
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*query.get(at)?);
        at += 1;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + len)?).to_ascii_lowercase());
        at += len;
    }
    let question = query.get(12..at + 4)?;
    let qtype = u16::from_be_bytes([query[at], query[at + 1]]);
    let ours = labels.join(".") == NAME;
    let record: Option<Vec<u8>> = match (ours, qtype, address) {
        (true, 1, IpAddr::V4(v4)) => Some(v4.octets().to_vec()),
        (true, 28, IpAddr::V6(v6)) => Some(v6.octets().to_vec()),
        _ => None,
    };
    // QR, AA, RD as asked, RA; NXDOMAIN for a name that is not ours.
    let flags: u16 = 0x8480 | (u16::from(query[2] & 1) << 8) | if ours { 0 } else { 3 };
    let mut answer = Vec::with_capacity(64);
    answer.extend_from_slice(&query[..2]);
    answer.extend_from_slice(&flags.to_be_bytes());
    answer.extend_from_slice(&[0, 1, 0, u8::from(record.is_some()), 0, 0, 0, 0]);
    answer.extend_from_slice(question);
    if let Some(rdata) = record {
        answer.extend_from_slice(&[0xc0, 12]);
        answer.extend_from_slice(&qtype.to_be_bytes());
        answer.extend_from_slice(&[0, 1, 0, 0, 1, 44]);
        answer.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
        answer.extend_from_slice(&rdata);
    }
    Some(answer)
}

/// Where the stub's DNS listens, read from its first line.
pub(crate) fn parse_ready(line: &str) -> Option<SocketAddr> {
    line.strip_prefix("stub ready ")?.trim().parse().ok()
}
