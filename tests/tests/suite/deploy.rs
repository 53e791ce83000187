//! The deploy files are real: the systemd unit passes `systemd-analyze
//! verify` with the built binary in place of the installed one.

use std::process::Command;

use maildoctor_tests::{maildoctor_bin, TempDir};

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
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let dir = TempDir::new("config");
    let path = dir.0.join("relay.toml");
    std::fs::write(&path, "allow-origin = [\"https://help.example.com\"]\n").expect("write");
    let ui = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let relay = maildoctor_tests::RelayProcess::start(&ui, &["--config", path.to_str().expect("utf-8")]).await;
    let host = relay.url.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.expect("connect");
    let request = format!(
        "GET /v1/status HTTP/1.1\r\nHost: {host}\r\nOrigin: https://help.example.com\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    assert!(response.contains(r#""origin":"allowed""#), "the file's origin counts: {response}");
}
