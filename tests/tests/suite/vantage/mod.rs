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
pub(crate) struct Places {
    pub(crate) stage: Stage,
    pub(crate) relay: RelayProcess,
    pub(crate) dns: SocketAddr,
}

/// `origin`: a page's origin the relay there serves.
async fn places(imap: &str, origin: &str) -> Places {
    let stage = Stage::new();
    stage.forward(993, imap, None).await;
    stage.forward(587, "127.0.0.10:587", None).await;
    let answers = vec![("mail.example.test", stage.servers), ("expired.example.test", stage.servers)];
    let dns = stage.dns(53, answers).await;
    let listen = format!("{}:0", stage.servers);
    let mut args = vec!["--listen", listen.as_str(), "--resolver"];
    let dns_text = dns.to_string();
    args.push(&dns_text);
    if !origin.is_empty() {
        args.extend(["--allow-origin", origin]);
    }
    let relay = RelayProcess::start(&built_ui(), &args).await;
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
            // No second opinion here: the namespace reaches no other resolver.
            .args(["--resolver", &resolver.to_string(), "--reference-resolver", "off", "--ca-file"])
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

/// The cases the issue stages, each from its own namespace.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Case {
    Drop587,
    Interceptor,
    StripStarttls,
    StaleResolver,
    ExpiredCertificate,
}

/// A case set up: the places, what "here" asks for names, the server to
/// check, and what the comparison must say.
pub(crate) struct Staged {
    pub(crate) places: Places,
    pub(crate) resolver: SocketAddr,
    pub(crate) incoming: &'static str,
    pub(crate) code: &'static str,
    pub(crate) folds: &'static str,
    pub(crate) fault: &'static str,
}

const NAT: &str = "table ip here {\n chain output {\n type nat hook output priority -100;\n";

impl Case {
    pub(crate) const ALL: [Case; 5] =
        [Case::Drop587, Case::Interceptor, Case::StripStarttls, Case::StaleResolver, Case::ExpiredCertificate];

    pub(crate) async fn stage(self, origin: &str) -> Staged {
        let imap = if matches!(self, Case::ExpiredCertificate) { "127.0.0.11:993" } else { "127.0.0.10:993" };
        let places = places(imap, origin).await;
        let servers = places.stage.servers;
        let mut resolver = places.dns;
        let (incoming, code, folds, fault) = match self {
            Case::Drop587 => {
                places.stage.firewall(
                    "table inet here {\n chain output {\n type filter hook output priority filter;\n tcp dport 587 drop\n }\n}\n",
                );
                ("mail.example.test", "vantage.blocked_here", "tcp.filtered", "your_network")
            }
            Case::Interceptor => {
                let port = interceptor(&places.stage, "intercepted").await;
                places
                    .stage
                    .firewall(&format!("{NAT} ip daddr {servers} tcp dport 993 dnat to {servers}:{port}\n }}\n}}\n"));
                ("mail.example.test", "vantage.intercepted_here", "tls.intercepted", "your_device")
            }
            Case::StripStarttls => {
                let strip = |line: String| {
                    if line.to_ascii_uppercase().contains("STARTTLS") {
                        "250-XXXXXXXA".into()
                    } else {
                        line
                    }
                };
                let port = places.stage.forward(0, "127.0.0.10:587", Some(strip)).await;
                places
                    .stage
                    .firewall(&format!("{NAT} ip daddr {servers} tcp dport 587 dnat to {servers}:{port}\n }}\n}}\n"));
                ("mail.example.test", "vantage.stripped_here", "network.intercepted", "your_network")
            }
            Case::StaleResolver => {
                resolver = places.stage.dns(5353, vec![("mail.example.test", places.stage.nowhere)]).await;
                ("mail.example.test", "vantage.dns_differs", "tcp.filtered", "your_network")
            }
            Case::ExpiredCertificate => {
                ("expired.example.test", "vantage.same_failure", "tls.cert_expired", "server_or_settings")
            }
        };
        Staged { places, resolver, incoming, code, folds, fault }
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

pub(crate) fn assert_compared(json: &Value, code: &str, folds: &str, fault: &str) -> Value {
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

async fn from_the_terminal(case: Case) -> Value {
    let staged = case.stage("").await;
    let (status, json) = staged.places.compare(staged.incoming, staged.resolver).await;
    assert_eq!(status, 1, "{json:#}");
    assert_eq!(compared(&json).len(), 1, "one difference; the rest is the same from both: {:?}", compared(&json));
    assert_compared(&json, staged.code, staged.folds, staged.fault)
}

#[tokio::test(flavor = "multi_thread")]
async fn port_587_dropped_only_here_is_your_network() {
    let finding = from_the_terminal(Case::Drop587).await;
    assert!(finding["title"].as_str().unwrap_or_default().contains("blocks port 587"), "{finding:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interceptor_only_here_is_your_device() {
    let finding = from_the_terminal(Case::Interceptor).await;
    let why = finding["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("Kaspersky") && why.contains("Example Test Root CA"), "both issuers are named: {why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_stripped_only_here_is_your_network() {
    let finding = from_the_terminal(Case::StripStarttls).await;
    assert!(finding["title"].as_str().unwrap_or_default().contains("removes STARTTLS"), "{finding:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_resolver_here_is_your_network() {
    let finding = from_the_terminal(Case::StaleResolver).await;
    let why = finding["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("198.18.") && why.contains(".9;"), "both answers are named: {why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_certificate_seen_from_both_is_the_server() {
    let finding = from_the_terminal(Case::ExpiredCertificate).await;
    assert!(finding["title"].as_str().unwrap_or_default().contains("fails the same way"), "{finding:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relay_that_cannot_be_reached_loses_nothing_from_here() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("ws://{}/v1/ws", closed.local_addr().expect("addr"));
    drop(closed);
    let output = std::process::Command::new(maildoctor_bin())
        .args([
            "check",
            "alice@example.test",
            "--incoming-host",
            "mail.example.test",
            "--json",
            "--compare-relay",
            &url,
        ])
        .args(maildoctor_tests::fixture_flags(maildoctor_tests::Services::Off))
        .output()
        .expect("check runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("cannot reach the relay at ws://127.0.0.1:"), "{said}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the report from here, all the same");
    assert!(report["findings"].as_array().is_some_and(|f| !f.is_empty()), "{report:#}");
}
