//! Servers that answer, only late (issue 22, item 5): an IMAP server over
//! TLS on mail.example.test that greets after 11 s, and one that answers
//! the login after 12 s, through `maildoctor check`. Thunderbird's account
//! setup gives up on a greeting after 10 s; every app that publishes its
//! wait gives a login 60 s or more.

use std::time::Duration;

use maildoctor_tests::{check_text, check_with_password, tls_acceptor};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// An IMAP server over TLS on 127.0.0.10 (mail.example.test, the fixture
/// certificate `good`) that waits `greeting` before it greets and `login`
/// before it answers AUTHENTICATE or LOGIN. Runs for the test.
pub(crate) async fn slow_imap(greeting: Duration, login: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // mail.example.test has ::1 too: the same server there, so IPv6 is not
    // what the report is about.
    if let Ok(v6) = TcpListener::bind(("::1", port)).await {
        serve(v6, greeting, login);
    }
    serve(listener, greeting, login);
    port
}

fn serve(listener: TcpListener, greeting: Duration, login: Duration) {
    let acceptor = tls_acceptor("good");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // Latency samples connect and close without TLS.
                let Ok(stream) = acceptor.accept(socket).await else { return };
                let (reader, mut writer) = tokio::io::split(stream);
                tokio::time::sleep(greeting).await;
                if writer
                    .write_all(b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] slow IMAP ready\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
                let mut lines = BufReader::new(reader).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let tag = line.split(' ').next().unwrap_or_default().to_owned();
                    let upper = line.to_ascii_uppercase();
                    let reply = if upper.contains(" CAPABILITY") {
                        format!("* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\n{tag} OK done\r\n")
                    } else if upper.contains(" AUTHENTICATE") || upper.contains(" LOGIN") {
                        tokio::time::sleep(login).await;
                        format!("{tag} OK Logged in\r\n")
                    } else {
                        format!("* BYE\r\n{tag} OK bye\r\n")
                    };
                    if writer.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
}

fn args(port: &str) -> Vec<&str> {
    vec![
        "alice@example.test",
        "--incoming",
        "imap",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        port,
        "--incoming-security",
        "tls",
    ]
}

fn finding<'a>(report: &'a serde_json::Value, code: &str) -> Option<&'a serde_json::Value> {
    report["findings"].as_array().expect("findings").iter().find(|f| f["code"] == code)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_late_greeting_and_a_late_login_are_warned_of_with_the_apps_that_give_up() {
    let late_greeting = slow_imap(Duration::from_secs(11), Duration::ZERO).await.to_string();
    let late_login = slow_imap(Duration::ZERO, Duration::from_secs(12)).await.to_string();
    // The three checks wait on the servers side by side.
    let (greeting_json, greeting_text, login_json) = {
        let (g, t, l) = (late_greeting.clone(), late_greeting.clone(), late_login.clone());
        let json = std::thread::spawn(move || check_with_password(&args(&g), Some("correct-horse")));
        let text = std::thread::spawn(move || check_text(&args(&t), Some("correct-horse"), "en"));
        let login = std::thread::spawn(move || check_with_password(&args(&l), Some("correct-horse")));
        (json.join().expect("check"), text.join().expect("check"), login.join().expect("check"))
    };

    // The greeting: the server works, slowly, and Thunderbird's setup gives up.
    let (_, report) = greeting_json;
    let slow = finding(&report, "server.slower_than_apps").unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(slow["severity"], "warning");
    assert_eq!(slow["endpoint"]["port"].as_u64(), late_greeting.parse().ok());
    let why = slow["explanation"].as_str().expect("words");
    assert!(why.contains("Its greeting came after 11."), "{why}");
    assert!(why.contains("Thunderbird's account setup (10 s)"), "{why}");
    assert!(why.contains("the wait is the server's, not the network's"), "{why}");
    assert!(finding(&report, "ok.incoming").is_some(), "the login still worked: {report:#}");
    assert!(finding(&report, "server.no_greeting").is_none(), "11 s is inside the relay's wait: {report:#}");

    // The same, as a person reads it in the terminal.
    let (_, text) = greeting_text;
    eprintln!("{text}");
    assert!(text.contains("The server answers too slowly for some mail apps"), "{text}");

    // The login: slow, but every app that says how long it waits waits longer.
    let (_, report) = login_json;
    let slow = finding(&report, "server.slow_reply").unwrap_or_else(|| panic!("{report:#}"));
    let why = slow["explanation"].as_str().expect("words");
    assert!(why.contains("answer to the login came after 12."), "{why}");
    assert!(why.contains("Apple Mail, Gmail and Samsung Email do not say"), "{why}");
    assert!(finding(&report, "server.slower_than_apps").is_none(), "{report:#}");
}
