//! Fake provider servers that answer a login the way Gmail, Microsoft,
//! Yahoo and others do (their messages from the project's reference notes),
//! over TLS with the fixture certificate, so `check` sends the password and
//! must translate the answer: code and text together, unknown text verbatim.

use maildoctor_tests::{tls_acceptor, tls_line_server};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Copy)]
enum Kind {
    Smtp,
    Imap,
    Pop3,
}

/// A TLS server on 127.0.0.10 (mail.example.test) that greets, lists its
/// capabilities and answers the login with `refusal`. Runs for the test.
async fn fake(kind: Kind, refusal: &'static str) -> u16 {
    let greeting: &'static [u8] = match kind {
        Kind::Smtp => b"220 mx.provider.example ESMTP\r\n",
        Kind::Imap => b"* OK provider IMAP ready\r\n",
        Kind::Pop3 => b"+OK provider POP3 ready\r\n",
    };
    tls_line_server("good", greeting, move |line, tag| {
        let upper = line.to_ascii_uppercase();
        match kind {
            Kind::Smtp if upper.starts_with("EHLO") => "250-mx.provider.example\r\n250 AUTH PLAIN LOGIN\r\n".to_owned(),
            Kind::Smtp if upper.starts_with("AUTH") => refusal.to_owned(),
            Kind::Smtp => "221 2.0.0 bye\r\n".to_owned(),
            Kind::Imap if upper.contains("CAPABILITY") => {
                format!("* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\n{tag} OK done\r\n")
            }
            Kind::Imap if upper.contains("AUTHENTICATE") => refusal.replace("{tag}", tag),
            Kind::Imap => format!("* BYE\r\n{tag} OK bye\r\n"),
            Kind::Pop3 if upper.starts_with("CAPA") => "+OK\r\nUSER\r\nSASL PLAIN\r\n.\r\n".to_owned(),
            Kind::Pop3 if upper.starts_with("AUTH") => refusal.to_owned(),
            Kind::Pop3 => "+OK bye\r\n".to_owned(),
        }
    })
    .await
}

fn check_with_password(protocol: &str, port: u16, outgoing: bool) -> serde_json::Value {
    let port = port.to_string();
    // Only the fake gets the password: the other direction is discovered,
    // and discovered servers never receive credentials.
    let mut args = vec!["alice@example.test"];
    if outgoing {
        args.extend(["--outgoing-host", "mail.example.test", "--outgoing-port", &port, "--outgoing-security", "tls"]);
    } else {
        args.extend(["--incoming", protocol, "--incoming-host", "mail.example.test", "--incoming-port", &port]);
        args.extend(["--incoming-security", "tls"]);
    }
    maildoctor_tests::check_with_password(&args, Some("a-password")).1
}

#[tokio::test(flavor = "multi_thread")]
async fn provider_refusals_are_translated() {
    let cases: &[(Kind, &str, &str)] = &[
        (Kind::Smtp, "534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor x-gsmtp\r\n", "auth.app_password_required"),
        (Kind::Smtp, "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.\r\n", "auth.smtp_auth_disabled"),
        (Kind::Smtp, "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.\r\n", "auth.basic_auth_disabled"),
        (Kind::Smtp, "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.\r\n", "auth.basic_auth_disabled"),
        (Kind::Smtp, "535 5.7.0 (#AUTH005) Too many bad auth attempts.\r\n", "auth.account_locked"),
        (Kind::Smtp, "535 5.7.8 Username and Password not accepted.\r\n", "auth.invalid_credentials"),
        (Kind::Imap, "{tag} NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)\r\n", "auth.web_login_required"),
        (Kind::Imap, "{tag} NO [ALERT] Too many simultaneous connections. (Failure)\r\n", "auth.too_many_connections"),
        (Kind::Imap, "{tag} NO Basic authentication is disabled.\r\n", "auth.basic_auth_disabled"),
        (Kind::Imap, "{tag} NO [EXPIRED] Your password has expired.\r\n", "auth.password_expired"),
        (Kind::Imap, "{tag} NO [CONTACTADMIN] Your account is disabled.\r\n", "auth.account_locked"),
        (Kind::Imap, "{tag} NO LOGIN failed.\r\n", "auth.rejected"),
        (Kind::Pop3, "-ERR [IN-USE] Unable to lock maildrop\r\n", "server.in_use"),
        (Kind::Pop3, "-ERR [LOGIN-DELAY] Please wait 15 minutes between logins\r\n", "server.login_delay"),
    ];
    let mut runs = Vec::new();
    for (kind, refusal, code) in cases {
        let port = fake(*kind, refusal).await;
        let (protocol, outgoing) = match kind {
            Kind::Smtp => ("imap", true),
            Kind::Imap => ("imap", false),
            Kind::Pop3 => ("pop3", false),
        };
        runs.push((code, refusal, tokio::task::spawn_blocking(move || check_with_password(protocol, port, outgoing))));
    }
    for (code, refusal, run) in runs {
        let report = run.await.expect("no panic");
        let root = &report["findings"][0];
        assert_eq!(root["code"], *code, "{refusal}: {report:#}");
        if *code == "auth.rejected" {
            assert!(root["explanation"].as_str().unwrap_or_default().contains("LOGIN failed"), "verbatim: {root:#}");
        }
    }
}

/// A plaintext server on 127.0.0.10: `greeting` (or silence), then for each
/// line the first reply whose prefix matches it.
async fn plain_fake(greeting: &'static str, replies: &'static [(&'static str, &'static str)]) -> u16 {
    let listener = TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (reader, mut writer) = socket.into_split();
                if writer.write_all(greeting.as_bytes()).await.is_err() {
                    return;
                }
                let mut lines = BufReader::new(reader).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let tag = line.split(' ').next().unwrap_or_default().to_owned();
                    let upper = line.to_ascii_uppercase();
                    if let Some((_, reply)) =
                        replies.iter().find(|(prefix, _)| upper.contains(&prefix.to_ascii_uppercase()))
                    {
                        let _ = writer.write_all(reply.replace("{tag}", &tag).as_bytes()).await;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn server_side_refusals_and_silence() {
    let unavailable = plain_fake("421 4.7.0 Try again later, closing connection.\r\n", &[]).await;
    let blocked = plain_fake("554 5.7.1 Your address is listed at a blocklist\r\n", &[]).await;
    let silent = plain_fake("", &[]).await;
    let no_starttls = plain_fake(
        "* OK ready\r\n",
        &[
            ("CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS\r\n{tag} OK\r\n"),
            ("STARTTLS", "{tag} NO TLS is broken today\r\n"),
            ("LOGOUT", "{tag} OK\r\n"),
        ],
    )
    .await;
    let cases: Vec<(Vec<String>, &str)> = vec![
        (outgoing_plain(unavailable), "server.unavailable"),
        (outgoing_plain(blocked), "server.client_blocked"),
        (
            vec![
                "--incoming-host".into(),
                "127.0.0.10".into(),
                "--incoming-port".into(),
                silent.to_string(),
                "--incoming-security".into(),
                "none".into(),
                "--timeout".into(),
                "4".into(),
            ],
            "server.no_greeting",
        ),
        (
            vec![
                "--incoming-host".into(),
                "127.0.0.10".into(),
                "--incoming-port".into(),
                no_starttls.to_string(),
                "--incoming-security".into(),
                "starttls".into(),
            ],
            "starttls.failed",
        ),
    ];
    let mut runs = Vec::new();
    for (args, code) in cases {
        runs.push((
            code,
            tokio::task::spawn_blocking(move || {
                let mut all = vec!["alice@example.test".to_owned()];
                all.extend(args);
                let refs: Vec<&str> = all.iter().map(String::as_str).collect();
                maildoctor_tests::check(&refs).1
            }),
        ));
    }
    for (code, run) in runs {
        let report = run.await.expect("no panic");
        assert_eq!(report["findings"][0]["code"], code, "{report:#}");
    }
}

fn outgoing_plain(port: u16) -> Vec<String> {
    vec![
        "--outgoing-host".into(),
        "127.0.0.10".into(),
        "--outgoing-port".into(),
        port.to_string(),
        "--outgoing-security".into(),
        "none".into(),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn logins_the_server_cannot_take() {
    // A mechanism the server does not recognise (504 5.7.4, as Microsoft's inbound MX answers).
    let port = fake(Kind::Smtp, "504 5.7.4 Unrecognized authentication type\r\n").await;
    let report = tokio::task::spawn_blocking(move || check_with_password("imap", port, true)).await.expect("no panic");
    assert_eq!(report["findings"][0]["code"], "auth.mechanism_unsupported", "{report:#}");

    // Real Postfix on port 25: STARTTLS works, but an MX offers no AUTH at all.
    let report = tokio::task::spawn_blocking(|| {
        let args = ["alice@example.test", "--outgoing-host", "mail.example.test", "--outgoing-port", "25"];
        maildoctor_tests::check_with_password(
            &[&args[..], &["--outgoing-security", "starttls"]].concat(),
            Some("correct-horse"),
        )
        .1
    })
    .await
    .expect("no panic");
    assert_eq!(report["findings"][0]["code"], "auth.not_offered", "{report:#}");
}

/// `check` with `args` followed by the fake's `port`, on a blocking thread
/// so that the fake keeps serving on the runtime meanwhile.
async fn check_off_thread(args: &[&str], port: u16) -> serde_json::Value {
    let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    args.push(port.to_string());
    tokio::task::spawn_blocking(move || maildoctor_tests::check(&args.iter().map(String::as_str).collect::<Vec<_>>()).1)
        .await
        .expect("no panic")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_antivirus_in_the_middle_is_named() {
    // The antivirus answers for the real server with its own certificate.
    let listener = TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let acceptor = tls_acceptor("intercepted");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut stream) = acceptor.accept(socket).await {
                    let _ = stream.write_all(b"* OK ready\r\n").await;
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                }
            });
        }
    });
    let report =
        check_off_thread(&["alice@example.test", "--incoming-host", "mail.example.test", "--incoming-port"], port)
            .await;
    let root = &report["findings"][0];
    assert_eq!(root["code"], "tls.intercepted", "{report:#}");
    assert!(root["explanation"].as_str().unwrap_or_default().contains("Kaspersky"), "{root:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn middleboxes_and_broken_handshakes() {
    // A firewall with Cisco-style ESMTP inspection: the banner blanked out and
    // STARTTLS turned into XXXXXXXA.
    let inspected = plain_fake(
        "220 ****************************************\r\n",
        &[
            ("EHLO", "250-mail.example.test\r\n250-PIPELINING\r\n250-XXXXXXXA\r\n250 8BITMIME\r\n"),
            ("QUIT", "221 2.0.0 Bye\r\n"),
        ],
    )
    .await;
    let outgoing = ["alice@example.test", "--outgoing-security", "starttls", "--outgoing-host", "127.0.0.10"];
    let report = check_off_thread(&[&outgoing[..], &["--outgoing-port"]].concat(), inspected).await;
    let root = &report["findings"][0];
    assert_eq!(root["code"], "network.intercepted", "{report:#}");
    assert!(root["explanation"].as_str().unwrap_or_default().contains("XXXXXXXA"), "{root:#}");

    // A server that answers every TLS hello with a handshake_failure alert
    // (no cipher or version in common), whatever the client offers.
    let listener = TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut hello = [0u8; 512];
                if matches!(tokio::io::AsyncReadExt::read(&mut socket, &mut hello).await, Ok(n) if n > 0) {
                    // Alert record: fatal (2), handshake_failure (40).
                    let _ = socket.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]).await;
                }
            });
        }
    });
    let report =
        check_off_thread(&["alice@example.test", "--incoming-host", "127.0.0.10", "--incoming-port"], port).await;
    let root = &report["findings"][0];
    assert_eq!(root["code"], "tls.handshake_failed", "{report:#}");
    assert!(root["explanation"].as_str().unwrap_or_default().contains("HandshakeFailure"), "{root:#}");
}
