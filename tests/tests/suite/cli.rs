//! `maildoctor check` and `probe` as a person runs them.

use std::process::Command;

use maildoctor_tests::{ca_file, maildoctor_bin, resolver};

fn check(host: &str, port: u16) -> (i32, serde_json::Value) {
    let output = Command::new(maildoctor_bin())
        .args([
            "check",
            "alice@example.test",
            "--incoming-host",
            host,
            "--incoming-port",
            &port.to_string(),
        ])
        .args([
            "--incoming-security",
            "tls",
            "--json",
            "--resolver",
            &resolver().to_string(),
        ])
        .arg("--ca-file")
        .arg(ca_file())
        .output()
        .expect("maildoctor check runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().expect("exit code"), report)
}

fn root_code(report: &serde_json::Value) -> &str {
    report["findings"][0]["code"]
        .as_str()
        .expect("a finding with a code")
}

#[test]
fn check_reports_the_root_cause_and_exits_by_severity() {
    let cases = [
        ("mail.example.test", 993, "ok.incoming", 0),
        ("expired.example.test", 993, "tls.cert_expired", 1),
        ("wronghost.example.test", 993, "tls.cert_name_mismatch", 1),
        ("selfsigned.example.test", 993, "tls.cert_self_signed", 1),
        ("notyet.example.test", 993, "tls.cert_not_yet_valid", 1),
        ("closed.example.test", 993, "tcp.refused", 1),
        ("nosuch.example.test", 993, "dns.nxdomain", 1),
        // An IMAP client set to SSL/TLS on the plaintext port.
        ("mail.example.test", 143, "settings.tls_on_plain_port", 1),
        // An IMAP client pointed at the SMTP submission port (implicit TLS).
        ("mail.example.test", 465, "settings.protocol_mismatch", 1),
    ];
    for (host, port, code, exit) in cases {
        let (status, report) = check(host, port);
        assert_eq!(root_code(&report), code, "{host}:{port}: {report:#}");
        assert_eq!(status, exit, "{host}:{port}");
        assert_eq!(report["complete"], true);
    }
}

#[test]
fn check_without_settings_says_what_is_missing() {
    let output = Command::new(maildoctor_bin())
        .args(["check", "alice@example.test"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--incoming-host"));
}

#[test]
fn probe_prints_the_transcript() {
    let output = Command::new(maildoctor_bin())
        .args([
            "probe",
            "mail.example.test",
            "993",
            "--protocol",
            "imap",
            "--security",
            "tls",
        ])
        .args(["--resolver", &resolver().to_string()])
        .arg("--ca-file")
        .arg(ca_file())
        .output()
        .expect("maildoctor probe runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("S: * OK"), "{text}");
    assert!(text.contains("C: a1 CAPABILITY"), "{text}");
    assert!(text.trim_end().ends_with("done"), "{text}");
}
