//! Part B of issue 19: a relay that knows its own way out. A relay in a
//! network namespace whose outbound port 25 is silently dropped (as most
//! clouds do) learns it from its `--egress-canary`, publishes it in its
//! hello and `/v1/status`, and a check through it of an SMTP server on
//! port 25 says the relay cannot tell, never that the person's network
//! blocks port 25. The same relay without a canary gives today's answer.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use maildoctor::remote::drive_remote;
use maildoctor_probe::Trust;
use maildoctor_rules::{Catalog, Lang, Report, Request, Session, Settings};
use maildoctor_tests::stage::Stage;
use maildoctor_tests::{ca_file, http_get, RelayProcess};
use maildoctor_wire::{client_json, ClientMessage, MailProtocol, Security, ServerMessage, Vantage, PROTOCOL_VERSION};
use tokio_tungstenite::tungstenite::Message;

use crate::page::built_ui;

/// The stage: mail.example.test's submission ports forwarded to the
/// fixtures' Postfix, a DNS for the name, and inside the namespace a
/// firewall that drops every answer from port 25: connects to 25 vanish,
/// as behind a cloud's filter.
pub(crate) async fn cloud() -> (Stage, String) {
    let stage = Stage::new();
    for port in [25, 465, 587, 993] {
        stage.forward(port, &format!("127.0.0.10:{port}"), None).await;
    }
    let dns = stage.dns(53, vec![("mail.example.test", stage.servers)]).await;
    stage.firewall(
        "table inet cloud {\n chain input {\n type filter hook input priority filter;\n tcp sport 25 drop\n }\n}\n",
    );
    (stage, dns.to_string())
}

/// A relay inside the stage's namespace, with `extra` flags.
pub(crate) async fn relay_in(stage: &Stage, dns: &str, extra: &[&str]) -> RelayProcess {
    let listen = format!("{}:0", stage.here);
    let mut args = vec!["--listen", listen.as_str(), "--resolver", dns, "--reference-resolver", "off"];
    args.extend(extra);
    RelayProcess::start_in(&stage.namespace, &built_ui(), &args).await
}

/// `/v1/status`'s `blocked_ports`, once it holds `want` (the canary is
/// dialled just after the relay starts listening), or what it held last.
pub(crate) async fn status_blocked(relay: &RelayProcess, want: &[u64]) -> (serde_json::Value, String) {
    let host = relay.url.trim_start_matches("http://").to_owned();
    let mut last = (serde_json::Value::Null, String::new());
    for _ in 0..60 {
        let response = http_get(&host, "/v1/status", &[("Origin", "https://help.example.com")]).await;
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        last = (json["blocked_ports"].clone(), response.clone());
        if json["blocked_ports"] == serde_json::json!(want) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    last
}

/// The relay's hello, as a page reads it.
async fn hello(relay: &RelayProcess) -> Option<Vantage> {
    let url = relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("upgrade");
    let hello = client_json(&ClientMessage::Hello { version: PROTOCOL_VERSION });
    socket.send(Message::text(hello)).await.expect("hello");
    while let Some(Ok(frame)) = socket.next().await {
        if let Message::Text(text) = frame {
            if let Ok(ServerMessage::Hello { vantage, .. }) = ServerMessage::from_json(&text) {
                return vantage;
            }
        }
    }
    panic!("no hello from the relay")
}

/// Outgoing mail on mail.example.test:25 with STARTTLS (incoming on 993,
/// which works, so no search for other servers runs), checked through
/// `relay` as `check --compare-relay` does: the session learns where it
/// runs from the relay's hello.
async fn check_port_25(relay: &RelayProcess) -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(Settings {
        host: "mail.example.test".into(),
        port: 993,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
    });
    request.outgoing = Some(Settings {
        host: "mail.example.test".into(),
        port: 25,
        protocol: MailProtocol::Smtp,
        security: Security::Starttls,
    });
    // `drive_remote` hands the session the relay's hello, as the page does.
    let mut session = Session::plan(request).expect("valid");
    let url = relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
    let trust = Trust::new(Some(&ca_file())).expect("the fixtures' CA");
    drive_remote(&mut session, &url, &trust, false).await.expect("the check runs through the relay");
    session.report(&Catalog::new(Lang::En))
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_whose_port_25_is_dropped_says_so_and_never_blames_the_person() {
    let (stage, dns) = cloud().await;
    let canary = format!("{}:25", stage.servers);
    let relay = relay_in(&stage, &dns, &["--egress-canary", &canary]).await;

    let (blocked, response) = status_blocked(&relay, &[25]).await;
    assert_eq!(blocked, serde_json::json!([25]), "{response}");
    assert!(response.to_ascii_lowercase().contains("access-control-allow-origin: *"), "{response}");
    let vantage = hello(&relay).await.expect("the hello says where the relay checks from");
    assert_eq!(vantage.blocked_ports, [25]);

    let report = check_port_25(&relay).await;
    let found = codes(&report);
    assert_eq!(found.first(), Some(&"vantage.relay_blocked"), "{found:?}\n{}", report.to_json());
    assert!(!found.contains(&"tcp.port25_blocked") && !found.contains(&"firewall.mail_ports_blocked"), "{found:?}");
    let first = &report.findings[0];
    assert!(first.follows.iter().any(|f| f.code.as_str().starts_with("tcp.")), "{first:#?}");
    assert!(first.fix.iter().any(|f| f.contains("maildoctor serve --local")), "{:?}", first.fix);
    assert!(!report.to_text(&Catalog::new(Lang::En)).contains("Your network blocks port 25"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_relay_without_a_canary_gives_todays_answer() {
    let (stage, dns) = cloud().await;
    let relay = relay_in(&stage, &dns, &[]).await;
    let (blocked, response) = status_blocked(&relay, &[]).await;
    assert_eq!(blocked, serde_json::json!([]), "{response}");
    let report = check_port_25(&relay).await;
    let found = codes(&report);
    assert_eq!(found.first(), Some(&"tcp.port25_blocked"), "{found:?}\n{}", report.to_json());
    assert!(!found.contains(&"vantage.relay_blocked"), "{found:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_told_port_25_is_blocked_publishes_it_without_testing() {
    let relay = RelayProcess::start(&built_ui(), &["--egress-blocked", "25"]).await;
    let (blocked, response) = status_blocked(&relay, &[25]).await;
    assert_eq!(blocked, serde_json::json!([25]), "{response}");
    assert_eq!(hello(&relay).await.map(|v| v.blocked_ports), Some(vec![25]));
}

#[test]
fn a_canary_at_a_private_address_is_refused_without_allow_private() {
    let output = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--egress-canary", "127.0.0.1:25"])
        .output()
        .expect("serve runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("--egress-canary 127.0.0.1:25") && said.contains("--allow-private"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn check_compare_relay_hears_what_the_relay_cannot_reach() {
    let (stage, dns) = cloud().await;
    let canary = format!("{}:25", stage.servers);
    let relay = relay_in(&stage, &dns, &["--egress-canary", &canary]).await;
    let (blocked, response) = status_blocked(&relay, &[25]).await;
    assert_eq!(blocked, serde_json::json!([25]), "{response}");
    let url = relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
    let output = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["check", "alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host"])
        .args(["mail.example.test", "--outgoing-port", "25", "--outgoing-security", "starttls", "--resolver", &dns])
        .args(["--reference-resolver", "off", "--ispdb-url", "off", "--autodiscover-url", "off", "--ca-file"])
        .arg(ca_file())
        .args(["--lang", "en", "--json", "--compare-relay", &url])
        .output()
        .expect("check runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("JSON ({err}): {}", String::from_utf8_lossy(&output.stderr)));
    let there = &json["there"]["report"];
    assert_eq!(there["findings"][0]["code"], "vantage.relay_blocked", "{there:#}");
    let codes = |report: &serde_json::Value| report["findings"].to_string();
    assert!(!codes(there).contains("tcp.port25_blocked"), "{there:#}");
    assert!(!codes(&json["here"]).contains("vantage.relay_blocked"), "this computer reaches 25: {json:#}");
}
