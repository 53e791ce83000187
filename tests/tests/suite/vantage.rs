//! `maildoctor check --compare-relay`: the same check from two places
//! whose networks differ. "Here" runs in a network namespace behind
//! nftables rules (a dropped port, a DNAT to an interceptor or to a proxy
//! that strips STARTTLS) or behind a stale resolver; "there" is a relay in
//! the root namespace. Both reach the real fixtures through the stage.

use std::net::SocketAddr;

use maildoctor_tests::stage::{interceptor, Stage};
use maildoctor_tests::{ca_file, maildoctor_bin, RelayProcess};
use serde_json::Value;

use crate::page::built_ui;

/// The stage's servers: IMAP and submission forwarded to `imap` and the
/// fixtures' Postfix, a DNS answering for both names, and the relay there.
struct Places {
    stage: Stage,
    relay: RelayProcess,
    dns: SocketAddr,
}

async fn places(imap: &str) -> Places {
    let stage = Stage::new();
    stage.forward(993, imap, None).await;
    stage.forward(587, "127.0.0.10:587", None).await;
    let answers = vec![("mail.example.test", stage.servers), ("expired.example.test", stage.servers)];
    let dns = stage.dns(53, answers).await;
    let listen = format!("{}:0", stage.servers);
    let relay = RelayProcess::start(&built_ui(), &["--listen", &listen, "--resolver", &dns.to_string()]).await;
    Places { stage, relay, dns }
}

impl Places {
    /// `check --compare-relay --json` from inside the namespace, asking
    /// `resolver` there; the exit code and the JSON.
    async fn compare(&self, incoming_host: &str, resolver: SocketAddr) -> (i32, Value) {
        let url = self.relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
        let mut command = self.stage.command(&maildoctor_bin());
        command
            .args(["check", "alice@example.test", "--incoming-host", incoming_host, "--outgoing-host"])
            .args(["mail.example.test", "--outgoing-port", "587", "--outgoing-security", "starttls"])
            .args(["--resolver", &resolver.to_string(), "--ca-file"])
            .arg(ca_file())
            .args(["--ispdb-url", "off", "--autodiscover-url", "off", "--lang", "en", "--json"])
            .args(["--compare-relay", &url]);
        let output =
            tokio::task::spawn_blocking(move || command.output().expect("check runs")).await.expect("no panic");
        let said = String::from_utf8_lossy(&output.stderr);
        let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("JSON ({err}); stderr: {said}"));
        (output.status.code().unwrap_or(-1), json)
    }
}

/// The comparison's codes, each with the codes of the findings it folds.
fn compared(json: &Value) -> Vec<(String, Vec<String>)> {
    let codes = |list: &Value| -> Vec<String> {
        list.as_array().into_iter().flatten().filter_map(|f| f["code"].as_str().map(str::to_owned)).collect()
    };
    json["comparison"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (f["code"].as_str().unwrap_or_default().to_owned(), codes(&f["follows"])))
        .collect()
}

fn assert_compared(json: &Value, code: &str, folds: &str, fault: &str) -> Value {
    let found = compared(json);
    assert!(
        found.iter().any(|(c, under)| c == code && under.iter().any(|u| u == folds)),
        "{code} over {folds}: {found:?}\n{json:#}"
    );
    assert_eq!(json["comparison"]["fault"], fault, "{json:#}");
    assert!(json["comparison"]["verdict"].as_str().is_some_and(|v| v.starts_with("Whose fault:")), "{json:#}");
    json["comparison"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["code"] == code)
        .cloned()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn port_587_dropped_only_here_is_your_network() {
    let places = places("127.0.0.10:993").await;
    places.stage.firewall(
        "table inet here {\n chain output {\n type filter hook output priority filter;\n tcp dport 587 drop\n }\n}\n",
    );
    let (status, json) = places.compare("mail.example.test", places.dns).await;
    assert_eq!(status, 1);
    let finding = assert_compared(&json, "vantage.blocked_here", "tcp.filtered", "your_network");
    assert!(finding["title"].as_str().unwrap_or_default().contains("blocks port 587"), "{finding:#}");
    assert_eq!(compared(&json).len(), 1, "IMAP is the same from both places: {:?}", compared(&json));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interceptor_only_here_is_your_device() {
    let places = places("127.0.0.10:993").await;
    let port = interceptor(&places.stage, "intercepted").await;
    let servers = places.stage.servers;
    places.stage.firewall(&format!(
        "table ip here {{\n chain output {{\n type nat hook output priority -100;\n ip daddr {servers} tcp dport 993 dnat to {servers}:{port}\n }}\n}}\n"
    ));
    let (_, json) = places.compare("mail.example.test", places.dns).await;
    let finding = assert_compared(&json, "vantage.intercepted_here", "tls.intercepted", "your_device");
    let why = finding["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("Kaspersky") && why.contains("Example Test Root CA"), "both issuers are named: {why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_stripped_only_here_is_your_network() {
    let places = places("127.0.0.10:993").await;
    let strip =
        |line: String| if line.to_ascii_uppercase().contains("STARTTLS") { "250-XXXXXXXA".into() } else { line };
    let port = places.stage.forward(0, "127.0.0.10:587", Some(strip)).await;
    let servers = places.stage.servers;
    places.stage.firewall(&format!(
        "table ip here {{\n chain output {{\n type nat hook output priority -100;\n ip daddr {servers} tcp dport 587 dnat to {servers}:{port}\n }}\n}}\n"
    ));
    let (_, json) = places.compare("mail.example.test", places.dns).await;
    let finding = assert_compared(&json, "vantage.stripped_here", "network.intercepted", "your_network");
    assert!(finding["title"].as_str().unwrap_or_default().contains("removes STARTTLS"), "{finding:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_resolver_here_is_your_network() {
    let places = places("127.0.0.10:993").await;
    let stale = places.stage.dns(5353, vec![("mail.example.test", places.stage.nowhere)]).await;
    let (_, json) = places.compare("mail.example.test", stale).await;
    let finding = assert_compared(&json, "vantage.dns_differs", "tcp.filtered", "your_network");
    let why = finding["explanation"].as_str().unwrap_or_default();
    assert!(
        why.contains(&places.stage.nowhere.to_string()) && why.contains(&places.stage.servers.to_string()),
        "{why}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_certificate_seen_from_both_is_the_server() {
    let places = places("127.0.0.11:993").await;
    let (status, json) = places.compare("expired.example.test", places.dns).await;
    assert_eq!(status, 1);
    assert_compared(&json, "vantage.same_failure", "tls.cert_expired", "server_or_settings");
    assert_eq!(json["there"]["report"]["findings"][0]["code"], "tls.cert_expired", "{json:#}");
}
