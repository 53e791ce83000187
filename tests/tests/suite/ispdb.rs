//! Thunderbird's ISP database through `maildoctor check`: the copy's
//! settings when the live service is out of reach, and an entry the
//! servers prove out of date (thunderbird/autoconfig#135). The copy is the
//! test's own (tests/fixtures/ispdb-snapshot/): the shipped one lists real
//! providers, which no test may dial.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use maildoctor_tests::{ca_file, maildoctor_bin, resolver};

fn staged_copy() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/ispdb-snapshot/ispdb.json")
}

/// `maildoctor check ADDRESS` with the ISP database at `ispdb_url`, the
/// staged copy and the test zone: the exit code and what it printed.
fn check(address: &str, ispdb_url: &str, extra: &[&str]) -> (i32, String) {
    let zone = resolver().to_string();
    let mut command = Command::new(maildoctor_bin());
    command
        .args(["check", address, "--resolver", &zone, "--reference-resolver", &zone, "--ispdb-url", ispdb_url])
        .args(["--autodiscover-url", "off", "--ispdb-snapshot"])
        .arg(staged_copy())
        .arg("--ca-file")
        .arg(ca_file())
        .args(extra);
    for locale in ["LC_ALL", "LC_MESSAGES", "LANG", "MAILDOCTOR_REFERENCE_RESOLVER"] {
        command.env_remove(locale);
    }
    let output = command.stdin(Stdio::null()).output().expect("maildoctor check runs");
    (output.status.code().expect("exit code"), String::from_utf8_lossy(&output.stdout).into_owned())
}

fn json(address: &str, ispdb_url: &str) -> serde_json::Value {
    let (_, out) = check(address, ispdb_url, &["--json"]);
    serde_json::from_str(&out).unwrap_or_else(|err| panic!("not JSON ({err}): {out}"))
}

fn finding<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    let findings = report["findings"].as_array().expect("findings");
    findings.iter().find(|f| f["code"] == code).unwrap_or_else(|| panic!("no {code}: {report:#}"))
}

/// A stand-in for the live ISP database, on loopback, that knows one
/// domain (`domain`'s entry `xml`) and answers 404 for any other, as
/// autoconfig.thunderbird.net does.
fn live_ispdb(domain: &'static str, xml: &'static str) -> String {
    // closed.example.test: nothing else listens on its address.
    let listener = TcpListener::bind("127.0.0.19:0").expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request).lines().next().unwrap_or_default().to_owned();
            let (status, body) =
                if line.contains(&format!("/v1.1/{domain} ")) { ("200 OK", xml) } else { ("404 Not Found", "") };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
        }
    });
    format!("http://closed.example.test:{port}/v1.1/")
}

#[test]
fn the_copy_gives_the_settings_when_the_live_database_is_out_of_reach() {
    // Nothing listens on closed.example.test: the live service is unreachable.
    let report = json("bob@isp.example.test", "https://closed.example.test/v1.1/");
    let found = finding(&report, "discovery.found");
    let why = found["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("mail.example.test:993"), "the copy's server, tested: {why}");
    let note = finding(&report, "discovery.ispdb_snapshot");
    assert_eq!(note["severity"], "info");
    let title = note["title"].as_str().unwrap_or_default();
    assert!(title.contains("2026-01-23") && title.contains("isp.example.test"), "{note:#}");
    let why = note["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("could not be reached") && why.contains("/ispdb/isp.example.test.xml"), "{why}");
    for (lang, words) in [("en", "maildoctor's copy of Thunderbird's ISP database"), ("de", "Kopie der ISP-Datenbank")]
    {
        let (_, text) = check("bob@isp.example.test", "https://closed.example.test/v1.1/", &["--lang", lang]);
        assert!(text.contains(words) && text.contains("2026-01-23"), "{lang}: {text}");
    }
}

/// The live entry for isp2.example.test, out of date in three ways real
/// entries were: SSL on the STARTTLS port, a host name that is gone, a
/// port the host no longer serves.
const STALE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="isp2.example.test">
    <domain>isp2.example.test</domain>
    <displayName>Example ISP Two</displayName>
    <incomingServer type="imap">
      <hostname>mail.example.test</hostname><port>143</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>mail.example.test</hostname><port>143</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>gone.isp2.example.test</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>mail.example.test</hostname><port>2525</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>mail.example.test</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#;

#[test]
fn servers_that_disagree_with_the_live_entry_make_it_stale() {
    let url = live_ispdb("isp2.example.test", STALE);
    let report = json("carl@isp2.example.test", &url);
    let found = finding(&report, "discovery.found");
    assert!(found["explanation"].as_str().unwrap_or_default().contains("mail.example.test:143"), "{found:#}");
    let stale = finding(&report, "discovery.ispdb_stale");
    assert_eq!(stale["severity"], "warning", "the first IMAP setting, the one Thunderbird takes, is wrong: {stale:#}");
    let why = stale["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("answers without encryption on port 143"), "{why}");
    assert!(why.contains("the name gone.isp2.example.test does not exist"), "{why}");
    assert!(why.contains("port 2525 is closed"), "{why}");
    assert!(why.contains(&format!("{url}isp2.example.test")), "the entry is named: {why}");
    let fix = stale["fix"].to_string();
    assert!(fix.contains("https://github.com/thunderbird/autoconfig/issues"), "{fix}");
    // The copy still has the old POP3 entry: the live one changed since.
    let changed = finding(&report, "discovery.ispdb_changed");
    let why = changed["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("Gone since then: POP3 mail.example.test:995"), "{why}");
}
