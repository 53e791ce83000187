//! Middleboxes named (issue 26). STARTTLS: real Postfix (127.0.0.10:587,
//! TLS enforced) behind middleboxes on loopback that hide or block it, and
//! a server with no STARTTLS at all, which must not be blamed on the
//! network. MTU: Dovecot reached through a namespace whose path drops
//! every packet over 1000 bytes towards the client, with no ICMP
//! "fragmentation needed" (the black hole), beside a clean path and a
//! dead TLS server, which must not be called a black hole.

use std::net::{Ipv4Addr, SocketAddr};

use maildoctor_tests::middlebox::{middlebox, Middlebox, Verb};
use maildoctor_tests::stage::{dns_at, Stage};
use maildoctor_tests::{ca_file, check_using, maildoctor_bin};
use serde_json::Value;
use tokio::net::TcpListener;

/// The first error finding's code, and its explanation.
fn first_error(report: &Value) -> (String, String) {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let error = findings.iter().find(|f| f["severity"] == "error").cloned().unwrap_or_default();
    (error["code"].as_str().unwrap_or("none").to_owned(), error["explanation"].as_str().unwrap_or("").to_owned())
}

fn drop_starttls(text: &str) -> Option<String> {
    (!text.eq_ignore_ascii_case("STARTTLS")).then(|| text.to_owned())
}

fn pass(command: &str) -> Verb {
    Verb::Pass(command.to_owned())
}

/// `check` of submission through `middlebox` on `ip` (IMAP passes as it
/// is): mail.example.test is `ip` to the check's own resolver.
async fn through(ip: Ipv4Addr, middlebox_rules: Middlebox) -> Value {
    middlebox(SocketAddr::from((ip, 587)), "127.0.0.10:587", middlebox_rules).await;
    maildoctor_tests::sites::forward_each(
        TcpListener::bind(SocketAddr::from((ip, 993))).await.expect("bind 993"),
        "127.0.0.10:993".into(),
        maildoctor_tests::sites::Carry::AsIs,
    );
    let dns = dns_at(SocketAddr::from((ip, 53)), vec![("mail.example.test", ip)]).await.to_string();
    let args = ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    let args = [&args[..], &["--outgoing-port", "587", "--outgoing-security", "starttls", "--lang", "en"]].concat();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check_using(&dns, &args).1
    })
    .await
    .expect("no panic")
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_hidden_by_the_path_is_tried_anyway() {
    // (a) The STARTTLS line deleted from EHLO; the command passes.
    let report = through(Ipv4Addr::new(127, 0, 0, 41), Middlebox { reply: drop_starttls, command: pass }).await;
    let (code, why) = first_error(&report);
    assert_eq!(code, "network.intercepted", "{report:#}");
    assert!(why.contains("removes encryption from the server's offer") && why.contains("220 2.0.0"), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_refused_by_the_path_while_the_server_demands_it_is_blocked() {
    // (b) The line deleted, and the command answered by the middlebox itself.
    let refuse = |command: &str| {
        if command.eq_ignore_ascii_case("STARTTLS") {
            Verb::Answer("502 5.5.2 Error: command not recognized".into())
        } else {
            Verb::Pass(command.to_owned())
        }
    };
    let report = through(Ipv4Addr::new(127, 0, 0, 42), Middlebox { reply: drop_starttls, command: refuse }).await;
    let (code, why) = first_error(&report);
    assert_eq!(code, "network.intercepted", "{report:#}");
    assert!(why.contains("502 5.5.2") && why.contains("530 5.7.0 Must issue a STARTTLS command first"), "{why}");
    assert_eq!(report["findings"][0]["title"], "A device on your network strips encryption", "{report:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_blanked_by_esmtp_inspection_is_the_network() {
    // (c) Cisco PIX/ASA "fixup smtp": the EHLO line and the command both
    // become runs of X; the server answers the blanked command itself.
    let blank_line =
        |text: &str| Some(if text.eq_ignore_ascii_case("STARTTLS") { "XXXXXXXA".to_owned() } else { text.to_owned() });
    let blank_command = |command: &str| {
        Verb::Pass(if command.eq_ignore_ascii_case("STARTTLS") { "XXXXXXXX".into() } else { command.to_owned() })
    };
    let report = through(Ipv4Addr::new(127, 0, 0, 43), Middlebox { reply: blank_line, command: blank_command }).await;
    let (code, why) = first_error(&report);
    assert_eq!(code, "network.intercepted", "{report:#}");
    assert!(why.contains("XXXXXXXA"), "{why}");
}

#[test]
fn a_server_without_starttls_is_not_blamed_on_the_network() {
    // Dovecot on 127.0.0.16 has no TLS at all: STARTTLS, tried anyway, is
    // refused by the server itself ("TLS support isn't enabled"). An
    // address of its own domain, which publishes no other servers (at
    // example.test the published one would be named first).
    let args =
        ["alice@nostarttls.example.test", "--incoming-host", "nostarttls.example.test", "--incoming-port", "143"];
    let args = [&args[..], &["--incoming-security", "starttls", "--outgoing-host", "mail.example.test"]].concat();
    let args = [&args[..], &["--outgoing-port", "587", "--outgoing-security", "starttls", "--lang", "en"]].concat();
    let (_, report) = maildoctor_tests::check(&args);
    let (code, _) = first_error(&report);
    assert_eq!(code, "starttls.not_offered", "{report:#}");
    let transcript = report.to_string();
    assert!(transcript.contains("TLS support isn't enabled"), "STARTTLS was tried: {report:#}");
    assert!(!transcript.contains("network.intercepted"), "{report:#}");
}

/// What the path to the servers does in the MTU stages.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Path {
    /// Every packet over 1000 bytes towards the client dropped, silently.
    BlackHole,
    Clean,
    /// A clean path to a TLS port that accepts and never answers.
    DeadTls,
}

/// `check --json` of IMAP (993) from inside a namespace whose path is `path`.
async fn over(path: Path) -> Value {
    let stage = Stage::new();
    if path == Path::DeadTls {
        let listener = TcpListener::bind(SocketAddr::from((stage.servers, 993))).await.expect("bind");
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
    } else {
        stage.forward(993, "127.0.0.10:993", None).await;
    }
    stage.forward(587, "127.0.0.10:587", None).await;
    let dns = stage.dns(53, vec![("mail.example.test", stage.servers)]).await;
    if path == Path::BlackHole {
        // Input in the namespace: large packets die on the way in, and no
        // ICMP "fragmentation needed" goes back (a filtered PMTUD).
        stage.firewall(&format!(
            "table inet mtu {{\n chain input {{\n type filter hook input priority filter; policy accept;\n \
             ip saddr {} ip length > 1000 drop\n }}\n}}\n",
            stage.servers
        ));
    }
    let mut command = stage.command(&maildoctor_bin());
    command
        .args(["check", "alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host"])
        .args(["mail.example.test", "--outgoing-port", "587", "--outgoing-security", "starttls"])
        .args(["--resolver", &dns.to_string(), "--ca-file"])
        .arg(ca_file())
        .args(["--ispdb-url", "off", "--autodiscover-url", "off", "--lang", "en", "--json"]);
    let started = std::time::Instant::now();
    let output = tokio::task::spawn_blocking(move || command.output().expect("check runs")).await.expect("no panic");
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("JSON ({err}): {}", String::from_utf8_lossy(&output.stderr)));
    // A stalled handshake waits 10 s; the retry may add at most ~3 s.
    assert!(started.elapsed().as_secs() < 30, "{path:?} took {:?}", started.elapsed());
    drop(stage);
    report
}

#[tokio::test(flavor = "multi_thread")]
async fn mtu_black_hole_is_told_from_a_dead_tls_server() {
    let (black_hole, clean, dead) = tokio::join!(over(Path::BlackHole), over(Path::Clean), over(Path::DeadTls));
    let (code, why) = first_error(&black_hole);
    assert_eq!(code, "network.mtu_blackhole", "{black_hole:#}");
    assert!(why.contains("536"), "{why}");
    assert_eq!(first_error(&clean).0, "none", "a clean path works: {clean:#}");
    let (code, _) = first_error(&dead);
    assert_eq!(code, "tls.handshake_failed", "{dead:#}");
    assert!(!dead.to_string().contains("network.mtu_blackhole"), "{dead:#}");
}
