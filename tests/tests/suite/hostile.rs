//! Servers that misbehave on purpose, where no real server misbehaves enough.
//! Each must end its probe with a specific event, within its deadline, with
//! memory bounded by the caps, and the fake records what the probe sent.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use maildoctor_probe::{Policy, Timeouts};
use maildoctor_tests::{events_of, executor_with};
use maildoctor_wire::{
    AutoconfigProblem, Event, GreetingStatus, MailProtocol, Operation, ProbeFailure, ProbeSpec, Security, Step,
    Violation,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Short limits so a test about a deadline takes seconds, not minutes.
fn timeouts() -> Timeouts {
    Timeouts {
        dns: Duration::from_secs(2),
        connect: Duration::from_secs(1),
        tls: Duration::from_secs(2),
        greeting: Duration::from_secs(2),
        login: Duration::from_secs(2),
        step: Duration::from_secs(2),
        operation: Duration::from_secs(4),
    }
}

/// Everything the probe sent to the fake, for "nothing was sent" checks.
type Received = Arc<Mutex<Vec<u8>>>;

/// A one-connection fake server running `behave`; returns its port.
async fn fake<F, Fut>(behave: F) -> (u16, Received)
where
    F: FnOnce(TcpStream, Received) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let received = Received::default();
    let log = received.clone();
    tokio::spawn(async move {
        if let Ok((socket, _)) = listener.accept().await {
            behave(socket, log).await;
        }
    });
    (port, received)
}

/// Reads what the client sends into `log` until it closes.
async fn record(mut socket: TcpStream, log: Received) {
    let mut buf = [0u8; 1024];
    while let Ok(n) = socket.read(&mut buf).await {
        if n == 0 {
            break;
        }
        log.lock().expect("log").extend_from_slice(&buf[..n]);
    }
}

async fn probe(port: u16, protocol: MailProtocol, security: Security) -> (Vec<Event>, Duration) {
    let executor = executor_with(Policy::permissive(), timeouts());
    let op =
        Operation::Probe(ProbeSpec { host: "127.0.0.1".into(), port, protocol, security, login: None, address: None });
    let started = Instant::now();
    let events = events_of(executor, op).await;
    let elapsed = started.elapsed();
    eprintln!("hostile: {protocol:?}/{security:?} ended after {} ms with {:?}", elapsed.as_millis(), events.last());
    (events, elapsed)
}

fn last_failure(events: &[Event]) -> Option<(Step, ProbeFailure)> {
    events.iter().rev().find_map(|e| match e {
        Event::Failed { step, reason } => Some((*step, reason.clone())),
        _ => None,
    })
}

#[tokio::test]
async fn silent_after_connect_is_a_greeting_timeout() {
    let (port, received) = fake(record).await;
    let (events, elapsed) = probe(port, MailProtocol::Imap, Security::None).await;
    assert_eq!(last_failure(&events), Some((Step::Greeting, ProbeFailure::Timeout { waited_ms: 2000 })));
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert!(received.lock().expect("log").is_empty(), "nothing is sent before a greeting");
}

#[tokio::test]
async fn one_byte_at_a_time_is_stopped_by_the_operation_deadline() {
    let (port, _) = fake(|mut socket, _| async move {
        for byte in b"* OK this greeting never ends ".iter().cycle() {
            if socket.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    })
    .await;
    let (events, elapsed) = probe(port, MailProtocol::Imap, Security::None).await;
    assert!(matches!(last_failure(&events), Some((Step::Greeting, ProbeFailure::Deadline { .. }))), "{events:?}");
    assert!(elapsed < Duration::from_secs(7), "a per-read timeout alone would wait forever: {elapsed:?}");
}

#[tokio::test]
async fn endless_continuation_lines_are_cut_at_the_reply_cap() {
    let (port, _) = fake(|mut socket, _| async move {
        let chunk = b"220-still greeting\r\n".repeat(64);
        while socket.write_all(&chunk).await.is_ok() {}
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Smtp, Security::None).await;
    assert_eq!(last_failure(&events), Some((Step::Greeting, ProbeFailure::ResponseTooLarge { limit: 100 })));
}

#[tokio::test]
async fn ten_megabytes_without_a_line_end_are_cut_at_the_line_cap() {
    let (port, _) = fake(|mut socket, _| async move {
        let chunk = vec![b'A'; 64 * 1024];
        for _ in 0..160 {
            if socket.write_all(&chunk).await.is_err() {
                break;
            }
        }
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Smtp, Security::None).await;
    assert_eq!(last_failure(&events), Some((Step::Greeting, ProbeFailure::LineTooLong { limit: 2048 })));
}

#[tokio::test]
async fn a_huge_imap_literal_is_never_allocated() {
    let (port, _) = fake(|mut socket, _| async move {
        let _ = socket.write_all(b"* OK [ALERT] {4294967295}\r\n").await;
        let chunk = vec![b'x'; 64 * 1024];
        while socket.write_all(&chunk).await.is_ok() {}
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Imap, Security::None).await;
    assert!(matches!(last_failure(&events), Some((_, ProbeFailure::LineTooLong { limit: 8192 }))), "{events:?}");
}

#[tokio::test]
async fn garbage_is_not_a_mail_server() {
    let (port, received) = fake(|mut socket, log| async move {
        let _ = socket.write_all(b"\x00\xffSSH-2.0-OpenSSH_9.2\r\n").await;
        record(socket, log).await;
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Imap, Security::None).await;
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Greeting { spoken: None, status: GreetingStatus::Unrecognized, .. })));
    assert!(received.lock().expect("log").is_empty());
}

#[tokio::test]
async fn tls_bytes_on_a_plaintext_connection() {
    let (port, _) = fake(|mut socket, _| async move {
        // A TLS alert record (protocol_version), as an implicit-TLS server sends to a plaintext client.
        let _ = socket.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    let (events, elapsed) = probe(port, MailProtocol::Imap, Security::Starttls).await;
    assert_eq!(last_failure(&events), Some((Step::Greeting, ProbeFailure::TlsOnPlainPort)));
    assert!(elapsed < Duration::from_secs(2), "recognised at once: {elapsed:?}");
}

#[tokio::test]
async fn a_plaintext_answer_to_a_tls_hello() {
    let (port, _) = fake(|mut socket, _| async move {
        let _ = socket.write_all(b"* OK plain IMAP here\r\n").await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Imap, Security::Tls).await;
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Tls {
                result: maildoctor_wire::TlsResult::Failed { failure: maildoctor_wire::TlsFailure::NotTls { .. } },
                ..
            }
        )),
        "{events:?}"
    );
}

#[tokio::test]
async fn an_early_talker_does_not_confuse_the_dialog() {
    let (port, _) = fake(|mut socket, _| async move {
        let _ = socket.write_all(b"* OK hi\r\n* CAPABILITY IMAP4rev1 UNSOLICITED\r\n").await;
        let mut buf = [0u8; 256];
        for reply in [&b"* CAPABILITY IMAP4rev1\r\na1 OK\r\n"[..], b"* BYE\r\na2 OK\r\n"] {
            if socket.read(&mut buf).await.unwrap_or(0) == 0 {
                return;
            }
            let _ = socket.write_all(reply).await;
        }
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Imap, Security::None).await;
    assert!(matches!(events.last(), Some(Event::Completed { protocol: MailProtocol::Imap })), "{events:?}");
}

#[tokio::test]
async fn a_reset_in_the_middle_of_a_reply() {
    let (port, _) = fake(|mut socket, _| async move {
        let _ = socket.write_all(b"220-first line of a greeting\r\n").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        // Zero linger: closing sends RST instead of FIN.
        let _ = socket.set_zero_linger();
        drop(socket);
    })
    .await;
    let (events, elapsed) = probe(port, MailProtocol::Smtp, Security::None).await;
    assert!(
        matches!(last_failure(&events), Some((Step::Greeting, ProbeFailure::Reset | ProbeFailure::Closed))),
        "{events:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn starttls_answered_with_extra_data_sends_nothing_more() {
    let (port, received) = fake(|mut socket, log| async move {
        let _ = socket.write_all(b"* OK ready\r\n").await;
        let mut buf = [0u8; 256];
        for reply in
            [&b"* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n"[..], b"a2 OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n"]
        {
            let n = socket.read(&mut buf).await.unwrap_or(0);
            log.lock().expect("log").extend_from_slice(&buf[..n]);
            let _ = socket.write_all(reply).await;
        }
        record(socket, log).await;
    })
    .await;
    let (events, _) = probe(port, MailProtocol::Imap, Security::Starttls).await;
    assert!(matches!(
        last_failure(&events),
        Some((Step::Starttls, ProbeFailure::ProtocolError { violation: Violation::DataAfterStarttls { .. } }))
    ));
    let sent = String::from_utf8_lossy(&received.lock().expect("log")).into_owned();
    assert_eq!(sent, "a1 CAPABILITY\r\na2 STARTTLS\r\n", "no TLS hello and no further command");
}

#[tokio::test]
async fn smtp_421_and_554_greetings_get_nothing_back() {
    for (banner, status) in [
        (&b"421 4.7.0 Try again later, closing connection.\r\n"[..], GreetingStatus::Unavailable),
        (b"554 5.7.1 Your address is on our blocklist\r\n", GreetingStatus::Rejected),
    ] {
        let (port, received) = fake(move |mut socket, log| async move {
            let _ = socket.write_all(banner).await;
            record(socket, log).await;
        })
        .await;
        let (events, _) = probe(port, MailProtocol::Smtp, Security::Starttls).await;
        assert!(
            events.iter().any(|e| matches!(e, Event::Greeting { status: got, .. } if *got == status)),
            "{events:?}"
        );
        assert!(received.lock().expect("log").is_empty(), "not even QUIT after a refusal");
    }
}

/// Issue 11: a chunk size of 2^64-1 used to overflow in the chunked decoder,
/// and the operation's task died without `done`. Now it is a named problem.
#[tokio::test]
async fn an_autoconfig_server_naming_an_endless_chunk_is_a_bad_response() {
    // An autoconfig URL names a host: closed.example.test is 127.0.0.19,
    // where no fixture listens on this free port.
    let listener = TcpListener::bind("127.0.0.19:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = [0u8; 1024];
        let _ = socket.read(&mut request).await;
        let answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n<clientConfig";
        let _ = socket.write_all(answer.as_bytes()).await;
        let _ = socket.shutdown().await;
    });
    let op = Operation::FetchAutoconfig { url: format!("http://closed.example.test:{port}/mail/config-v1.1.xml") };
    let events = events_of(executor_with(Policy::permissive(), timeouts()), op).await;
    let problem = events.iter().find_map(|e| match e {
        Event::Autoconfig { problem, .. } => Some(problem.clone()),
        _ => None,
    });
    assert!(
        matches!(&problem, Some(Some(AutoconfigProblem::BadResponse { detail })) if detail.contains("TooLarge")),
        "{events:?}"
    );
}
