//! A canary password must never appear in a log line, a metric, an event,
//! an error or a transcript, on any path: accepted, rejected, withheld,
//! timed out, reset, cancelled, malformed. Checked raw, in base64 (alone and
//! inside SASL PLAIN and XOAUTH2), and IMAP-quoted.

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use maildoctor_tests::{fixture_flags, maildoctor_bin, silent_server, RelayProcess, Services, TempDir};
use maildoctor_wire::{
    AuthMechanism, ClientMessage, Login, MailProtocol, Operation, ProbeSpec, Secret, Security, ServerMessage,
    PROTOCOL_VERSION,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;

const CANARY: &str = "Canary-7f3a\"q\\uote";
const USER: &str = "alice@example.test";

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() { ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn canary_forms() -> Vec<String> {
    vec![
        CANARY.to_owned(),
        // A fragment, in case something truncates or splits the value.
        CANARY[..10].to_owned(),
        base64(CANARY.as_bytes()),
        base64(format!("\0{USER}\0{CANARY}").as_bytes()),
        base64(format!("user={USER}\x01auth=Bearer {CANARY}\x01\x01").as_bytes()),
        CANARY.replace('\\', "\\\\").replace('"', "\\\""),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for form in canary_forms() {
        assert!(!text.contains(&form), "the canary ({form}) leaked into {what}:\n{text}");
    }
}

fn login(mechanism: Option<AuthMechanism>, allow_plaintext: bool) -> Login {
    Login { username: USER.into(), secret: Secret::new(CANARY), mechanism, allow_plaintext }
}

fn probe(id: u32, host: &str, port: u16, protocol: MailProtocol, security: Security, login: Login) -> ClientMessage {
    ClientMessage::Run {
        id,
        op: Operation::Probe(ProbeSpec {
            host: host.into(),
            port,
            protocol,
            security,
            login: Some(login),
            address: None,
        }),
    }
}

/// A server that greets, then resets the connection on the first command
/// that carries a login.
async fn resetting_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket.write_all(b"* OK ready\r\n").await;
            let mut buf = [0u8; 1024];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR\r\na1 OK\r\n").await;
            let _ = socket.read(&mut buf).await;
            let _ = socket.set_zero_linger();
        }
    });
    port
}

#[tokio::test]
async fn the_canary_never_leaves_through_the_relay() {
    let dir = TempDir::new("canary");
    let log = dir.0.join("relay.log");
    // Plaintext logins allowed, so that the cleartext path is covered too;
    // JSON logs, as a log collector gets them.
    let flags = ["--timeout", "5", "--allow-plaintext-logins", "--log-format", "json"];
    let relay = RelayProcess::start_with_log(&dir.0, &flags, Some(&log)).await;
    let ws_url = relay.url.replace("http://", "ws://") + "/v1/ws";
    let (mut ws, _) = tokio_tungstenite::connect_async(&ws_url).await.expect("upgrade");
    let reset_port = resetting_server().await;
    let silent_port = silent_server().await;

    let mut runs = vec![
        ClientMessage::Hello { version: PROTOCOL_VERSION },
        // Rejected by Dovecot (IMAP, implicit TLS), by Postfix via Dovecot SASL (STARTTLS), by POP3.
        probe(1, "mail.example.test", 993, MailProtocol::Imap, Security::Tls, login(None, false)),
        probe(2, "mail.example.test", 587, MailProtocol::Smtp, Security::Starttls, login(None, false)),
        probe(3, "mail.example.test", 995, MailProtocol::Pop3, Security::Tls, login(None, false)),
        probe(4, "mail.example.test", 465, MailProtocol::Smtp, Security::Tls, login(Some(AuthMechanism::Login), false)),
        probe(
            5,
            "mail.example.test",
            993,
            MailProtocol::Imap,
            Security::Tls,
            login(Some(AuthMechanism::Xoauth2), false),
        ),
        // Withheld: an expired certificate, and plaintext without permission.
        probe(6, "expired.example.test", 993, MailProtocol::Imap, Security::Tls, login(None, false)),
        probe(7, "nostarttls.example.test", 143, MailProtocol::Imap, Security::None, login(None, false)),
        // Sent in plaintext because the person allowed it; the server's answer still must not echo it.
        probe(8, "nostarttls.example.test", 143, MailProtocol::Imap, Security::None, login(None, true)),
        // Reset right after the login command, and a server that times out.
        probe(9, "127.0.0.1", reset_port, MailProtocol::Imap, Security::None, login(None, true)),
        probe(10, "127.0.0.1", silent_port, MailProtocol::Imap, Security::None, login(None, true)),
        probe(11, "127.0.0.1", silent_port, MailProtocol::Imap, Security::None, login(None, true)),
        ClientMessage::Cancel { id: 11 },
    ];
    // A credential with a line break is refused before anything is sent.
    runs.push(probe(
        12,
        "mail.example.test",
        993,
        MailProtocol::Imap,
        Security::Tls,
        Login {
            username: USER.into(),
            secret: Secret::new(format!("{CANARY}\r\nA LOGOUT")),
            mechanism: None,
            allow_plaintext: false,
        },
    ));
    // The account's ninth login on one server in a few seconds waits: the
    // login-limit refusal must not carry it either. (12, refused before
    // anything was sent, spends no try.)
    for id in 13..=16 {
        runs.push(probe(id, "mail.example.test", 993, MailProtocol::Imap, Security::Tls, login(None, false)));
    }
    for message in &runs {
        ws.send(Message::text(serde_json::to_string(message).expect("json"))).await.expect("send");
    }
    // A malformed frame that carries the canary.
    ws.send(Message::text(format!(r#"{{"type":"run","id":99,"op":{{"op":"probe","secret":"{CANARY}"}}}}"#)))
        .await
        .expect("send");

    let mut received = String::new();
    let mut done = std::collections::BTreeSet::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while done.len() < 16 {
        let frame = tokio::time::timeout_at(deadline, ws.next()).await.expect("all operations end in time");
        let Some(Ok(Message::Text(text))) = frame else { panic!("socket closed early: {frame:?}") };
        received.push_str(&text);
        received.push('\n');
        match ServerMessage::from_json(&text).expect("valid") {
            ServerMessage::Done { id } | ServerMessage::Refused { id, .. } => {
                done.insert(id);
            }
            _ => {}
        }
    }
    assert!(received.contains(r#""outcome":"rejected""#), "the real servers said no: {received}");
    assert!(received.contains(r#""outcome":"withheld""#), "{received}");
    assert!(received.contains("invalid_credentials"), "the CR/LF credential was refused: {received}");
    assert!(received.contains("login_limit"), "the ninth login waits: {received}");
    assert_clean("the relay's frames", &received);

    let scraped = relay.metrics.as_deref().expect("a metrics listener").trim_start_matches("http://");
    let metrics = maildoctor_tests::http_get(scraped, "/metrics", &[]).await;
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert_clean("/metrics", &metrics);
    drop(ws);
    drop(relay);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log_text = std::fs::read_to_string(&log).expect("relay log");
    assert!(!log_text.is_empty(), "the relay logged at debug level");
    for line in log_text.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(entry["level"].is_string() && entry["fields"].is_object(), "{line}");
    }
    assert!(log_text.contains(r#""op":"probe""#), "operations are logged by kind: {log_text}");
    assert_clean("the relay's log", &log_text);
}

#[test]
fn the_canary_never_leaves_through_the_terminal() {
    for (args, what) in [
        (
            vec![
                "check",
                USER,
                "--password-stdin",
                "--incoming-host",
                "mail.example.test",
                "--incoming-port",
                "993",
                "--incoming-security",
                "tls",
                "--json",
            ],
            "check --json (rejected)",
        ),
        (
            vec![
                "check",
                USER,
                "--password-stdin",
                "--incoming-host",
                "expired.example.test",
                "--incoming-port",
                "993",
                "--incoming-security",
                "tls",
            ],
            "check (withheld)",
        ),
        (
            vec![
                "probe",
                "mail.example.test",
                "587",
                "--protocol",
                "smtp",
                "--security",
                "starttls",
                "--username",
                USER,
                "--password-stdin",
                "--json",
            ],
            "probe --json (SMTP rejected)",
        ),
        (
            vec![
                "probe",
                "mail.example.test",
                "110",
                "--protocol",
                "pop3",
                "--security",
                "starttls",
                "--username",
                USER,
                "--password-stdin",
            ],
            "probe (POP3 transcript)",
        ),
    ] {
        let mut child = Command::new(maildoctor_bin())
            .env("MAILDOCTOR_LOG", "debug")
            .args(&args)
            .args(fixture_flags(Services::Fixtures))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        child.stdin.take().expect("stdin").write_all(format!("{CANARY}\n").as_bytes()).expect("password");
        let output = child.wait_with_output().expect("finishes");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.trim().is_empty(), "{what} printed something");
        assert_clean(&format!("{what} stdout"), &stdout);
        assert_clean(&format!("{what} stderr"), &String::from_utf8_lossy(&output.stderr));
    }
}
