//! The deploy files are real: the systemd unit passes `systemd-analyze
//! verify` with the built binary in place of the installed one.

use std::process::Command;

use maildoctor_tests::{maildoctor_bin, TempDir};

use crate::page::built_ui;

#[test]
fn the_systemd_unit_verifies() {
    let unit = include_str!("../../../deploy/maildoctor-relay.service");
    let bin = maildoctor_bin();
    let unit = unit.replace("/usr/local/bin/maildoctor", &bin.display().to_string());
    let dir = TempDir::new("unit");
    let path = dir.0.join("maildoctor-relay.service");
    std::fs::write(&path, unit).expect("write the unit");
    let output = Command::new("systemd-analyze").arg("verify").arg(&path).output().expect("systemd-analyze runs");
    let said = String::from_utf8_lossy(&output.stderr);
    // Complaints about other units on this machine are not this unit's.
    let ours: Vec<&str> = said.lines().filter(|line| line.contains("maildoctor-relay")).collect();
    assert!(output.status.success() && ours.is_empty(), "{said}");
}

#[test]
fn the_example_settings_file_is_valid() {
    let text = include_str!("../../../deploy/relay.toml");
    let flags = maildoctor::config::flags_from_toml("deploy/relay.toml", text, |_| false).expect("valid settings");
    assert!(flags.iter().any(|f| f == "--trust-proxy=10.0.0.0/24"), "{flags:?}");
}

#[test]
fn a_settings_file_with_a_typo_stops_the_relay_with_the_name_of_it() {
    let dir = TempDir::new("config");
    let path = dir.0.join("relay.toml");
    std::fs::write(&path, "listen = \"127.0.0.1:0\"\nallow-orign = [\"https://x.example\"]\n").expect("write");
    let output = Command::new(maildoctor_bin()).args(["serve", "--config"]).arg(&path).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("unknown setting `allow-orign`"), "{said}");
}

#[tokio::test]
async fn a_relay_takes_its_settings_from_the_file() {
    let dir = TempDir::new("config");
    let path = dir.0.join("relay.toml");
    std::fs::write(&path, "allow-origin = [\"https://help.example.com\"]\n").expect("write");
    let relay = maildoctor_tests::RelayProcess::start(&built_ui(), &["--config", path.to_str().expect("utf-8")]).await;
    let host = relay.url.trim_start_matches("http://");
    let response = maildoctor_tests::http_get(host, "/v1/status", &[("Origin", "https://help.example.com")]).await;
    assert!(response.contains(r#""origin":"allowed""#), "the file's origin counts: {response}");
}

/// A TLS client that trusts the fixtures' CA, connected to `addr`.
async fn tls_to(addr: &str) -> Result<tokio_rustls::client::TlsStream<tokio::net::TcpStream>, std::io::Error> {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_file_iter(maildoctor_tests::ca_file()).expect("the CA") {
        roots.add(cert.expect("a certificate")).expect("a root");
    }
    let config =
        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let name = rustls::pki_types::ServerName::try_from("127.0.0.10").expect("a name").to_owned();
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config)).connect(name, tcp).await
}

#[tokio::test]
async fn the_relay_serves_wss_itself_and_picks_up_a_renewed_certificate() {
    use futures_util::{SinkExt, StreamExt};
    use maildoctor_wire::{ClientMessage, ServerMessage, PROTOCOL_VERSION};

    let certs = maildoctor_tests::ca_file().parent().expect("certs").to_path_buf();
    let dir = TempDir::new("tls");
    let (cert, key) = (dir.0.join("cert.pem"), dir.0.join("key.pem"));
    std::fs::copy(certs.join("good.fullchain.crt"), &cert).expect("copy");
    std::fs::copy(certs.join("good.key"), &key).expect("copy");
    let ui = built_ui();
    let args = [
        "--listen",
        "127.0.0.10:0",
        "--tls-cert",
        cert.to_str().expect("path"),
        "--tls-key",
        key.to_str().expect("path"),
    ];
    let relay = maildoctor_tests::RelayProcess::start(&ui, &args).await;
    let addr = relay.url.strip_prefix("https://").expect("the relay says https").to_owned();

    let tls = tls_to(&addr).await.expect("a verified handshake");
    let (mut ws, _) =
        tokio_tungstenite::client_async(format!("wss://{addr}/v1/ws"), tls).await.expect("a WebSocket over TLS");
    let hello = serde_json::to_string(&ClientMessage::Hello { version: PROTOCOL_VERSION }).expect("json");
    ws.send(tokio_tungstenite::tungstenite::Message::text(hello)).await.expect("send");
    let answer = ws.next().await.expect("an answer").expect("a frame");
    let answer = ServerMessage::from_json(answer.to_text().expect("text")).expect("a message");
    assert!(matches!(answer, ServerMessage::Hello { .. }), "{answer:?}");

    // The certificate is renewed in place (here: replaced by one for
    // another name): new handshakes get it within a few seconds.
    std::fs::copy(certs.join("wronghost.fullchain.crt"), &cert).expect("copy");
    std::fs::copy(certs.join("wronghost.key"), &key).expect("copy");
    let started = std::time::Instant::now();
    loop {
        match tls_to(&addr).await {
            Err(err) if format!("{err:?}").contains("NotValidForName") => break,
            other if started.elapsed() > std::time::Duration::from_secs(15) => {
                panic!("the new certificate was not served: {:?}", other.err())
            }
            _ => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
}
