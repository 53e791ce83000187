//! Issue 22, item 3: a wrong clock on this computer, through `maildoctor
//! check`. The local clock cannot be moved in a test, so the server's is:
//! a fake SMTP server whose Exim-style greeting is dated hours (or a year)
//! away from this computer, with a certificate whose dates make sense by
//! the server's time. The verifier here uses this computer's clock, as the
//! person's mail app would, and rejects the certificate; the report must
//! name the clock first and fold the certificate's verdict under it.

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use maildoctor_tests::{ca_file, check_trusting, tls_line_server, TempDir};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

fn now_s() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs() as i64
}

/// `date -u` of `seconds` in `format` (C locale: English day and month names).
fn date(seconds: i64, format: &str) -> String {
    let out = Command::new("date")
        .env("LC_ALL", "C")
        .args(["-u", "-d", &format!("@{seconds}"), format])
        .output()
        .expect("date runs");
    String::from_utf8(out.stdout).expect("ascii").trim().to_owned()
}

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl").current_dir(dir).args(args).status().expect("openssl runs");
    assert!(status.success(), "openssl {args:?}");
}

/// A root of its own in `dir` (`root.crt`, added to the fixtures' CA in
/// `trust.crt`) and a leaf for mail.example.test valid from `from` to
/// `until` (`leaf.fullchain.crt`, the leaf alone, as a server sends it,
/// and `leaf.key`).
fn certificate(dir: &Path, from: i64, until: i64) {
    let d = dir.display();
    let config = format!(
        "[ca]\ndefault_ca = c\n[c]\ndatabase = {d}/index.txt\nserial = {d}/serial\nnew_certs_dir = {d}\n\
         certificate = {d}/root.crt\nprivate_key = {d}/root.key\ndefault_md = sha256\npolicy = p\n\
         copy_extensions = copy\nunique_subject = no\n[p]\ncommonName = supplied\n\
         [leaf]\nbasicConstraints = critical, CA:false\nkeyUsage = critical, digitalSignature\n\
         extendedKeyUsage = serverAuth\n"
    );
    std::fs::write(dir.join("ca.cnf"), config).expect("config");
    std::fs::write(dir.join("index.txt"), "").expect("index");
    std::fs::write(dir.join("serial"), "1000\n").expect("serial");
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    let root = [&["req", "-x509"][..], &ec, &["-days", "3650", "-subj", "/CN=Clock Test Root"]].concat();
    let root_ext = ["-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign"];
    openssl(dir, &[&root[..], &root_ext, &["-keyout", "root.key", "-out", "root.crt"]].concat());
    let san = ["-subj", "/CN=mail.example.test", "-addext", "subjectAltName=DNS:mail.example.test"];
    openssl(dir, &[&["req", "-new"][..], &ec, &san, &["-keyout", "leaf.key", "-out", "leaf.csr"]].concat());
    let (start, end) = (date(from, "+%Y%m%d%H%M%SZ"), date(until, "+%Y%m%d%H%M%SZ"));
    openssl(
        dir,
        &[
            "ca",
            "-batch",
            "-notext",
            "-config",
            "ca.cnf",
            "-extensions",
            "leaf",
            "-startdate",
            &start,
            "-enddate",
            &end,
        ]
        .into_iter()
        .chain(["-in", "leaf.csr", "-out", "leaf.fullchain.crt"])
        .collect::<Vec<_>>(),
    );
    let trust = [std::fs::read(ca_file()).expect("test CA"), std::fs::read(dir.join("root.crt")).expect("root")];
    std::fs::write(dir.join("trust.crt"), trust.concat()).expect("trust file");
}

/// An SMTP server on 465 whose clock reads `server_s`: it greets as Exim
/// does by default, with the date, and presents a certificate valid from
/// `from` to `until`. `maildoctor check` on it; the JSON report.
async fn check_against(server_s: i64, from: i64, until: i64) -> serde_json::Value {
    let dir = TempDir::new("clock");
    certificate(&dir.0, from, until);
    // Exim's default banner: "$smtp_active_hostname ESMTP Exim $version_number $tod_full".
    let greeting =
        format!("220 mail.example.test ESMTP Exim 4.96 {}\r\n", date(server_s, "+%a, %d %b %Y %H:%M:%S +0000"));
    let greeting: &'static [u8] = Box::leak(greeting.into_bytes().into_boxed_slice());
    // An absolute name: `Path::join` takes it as it is, outside the fixtures' folder.
    let cert = dir.0.join("leaf").display().to_string();
    let port = tls_line_server(&cert, greeting, |line, _| {
        match line.split(' ').next().unwrap_or_default().to_ascii_uppercase().as_str() {
            "EHLO" => "250-mail.example.test\r\n250 AUTH PLAIN LOGIN\r\n",
            "QUIT" => "221 bye\r\n",
            _ => "502 5.5.2 unknown\r\n",
        }
        .to_owned()
    })
    .await;
    let trust = dir.0.join("trust.crt");
    let (_, report) = tokio::task::spawn_blocking(move || {
        let port = port.to_string();
        let args = [
            "alice@guess.example.test",
            "--outgoing-host",
            "mail.example.test",
            "--outgoing-port",
            &port,
            "--outgoing-security",
            "tls",
        ];
        check_trusting(&trust, &args, None)
    })
    .await
    .expect("no panic");
    drop(dir);
    report
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clock_hours_behind_is_named_before_the_certificate_it_rejects() {
    // The server's clock reads 3 h later; its certificate was issued an
    // hour before that, backdated an hour more (as Let's Encrypt does).
    let (now, server) = (now_s(), now_s() + 3 * HOUR);
    let report = check_against(server, server - 2 * HOUR, server + 90 * DAY).await;
    let first = &report["findings"][0];
    assert_eq!(first["code"], "device.clock_wrong", "{report:#}");
    assert_eq!(first["severity"], "error");
    let title = first["title"].as_str().unwrap_or_default();
    assert_eq!(title, "This device's clock is 3 h behind: mail apps refuse mail.example.test's certificate");
    let why = first["explanation"].as_str().unwrap_or_default();
    let said = date(server, "+%Y-%m-%d %H:%M");
    assert!(why.contains(&format!("mail.example.test says {said} UTC")), "{why}");
    assert!(why.starts_with(&format!("It says {} ", date(now, "+%Y-%m-%d"))), "{why}");
    // The verifier on this computer said "not valid yet": that is folded under the clock.
    let follows: Vec<&str> =
        first["follows"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(follows, ["tls.cert_not_yet_valid"], "{report:#}");
    let codes: Vec<&str> =
        report["findings"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).collect();
    assert!(!codes.contains(&"tls.cert_not_yet_valid"), "said once, under the clock: {codes:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clock_a_year_ahead_is_named_before_the_expired_certificate() {
    // This computer is a year ahead of the server: the certificate, valid
    // by the server's date, ran out months ago by this computer's.
    let server = now_s() - 365 * DAY;
    let report = check_against(server, server - 30 * DAY, server + 60 * DAY).await;
    let first = &report["findings"][0];
    assert_eq!(first["code"], "device.clock_wrong", "{report:#}");
    let title = first["title"].as_str().unwrap_or_default();
    assert!(title.starts_with("This device's clock is 365 days ahead"), "{title}");
    let why = first["explanation"].as_str().unwrap_or_default();
    assert!(why.contains(&format!("expired on {}", date(server + 60 * DAY, "+%Y-%m-%d"))), "{why}");
    assert_eq!(first["follows"][0]["code"], "tls.cert_expired", "{report:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_on_time_leaves_the_clock_out_of_it() {
    // The same server with the right time and a valid certificate: no word about the clock.
    let now = now_s();
    let report = check_against(now, now - 2 * HOUR, now + 90 * DAY).await;
    let text = report.to_string();
    assert!(!text.contains("device.clock_wrong"), "{report:#}");
    assert!(!text.contains("tls.cert_not_yet_valid"), "{report:#}");
}
