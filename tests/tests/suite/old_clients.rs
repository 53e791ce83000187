//! Issue 22, "the old client", through `maildoctor check`: the oldest TLS
//! version a working server accepts, asked after its handshake with hellos
//! that offer nothing newer, and who cannot connect to it. Three real
//! Dovecots: one that still takes TLS 1.0 and one of TLS 1.3 alone
//! (tests/fixtures/old_tls.sh), and the usual one of TLS 1.2 and 1.3
//! (mail.example.test).

use maildoctor_tests::check_with_password;

/// The finding about the TLS floor in a `--json` report, and its explanation.
fn floor(report: &serde_json::Value) -> Option<(String, String, String)> {
    report["findings"].as_array()?.iter().find_map(|f| {
        let code = f["code"].as_str()?;
        if !["tls.old_versions_accepted", "tls.needs_tls12", "tls.needs_tls13"].contains(&code) {
            return None;
        }
        let said = |key: &str| f[key].as_str().unwrap_or_default().to_owned();
        Some((code.to_owned(), said("severity"), said("explanation")))
    })
}

/// With the password of the old_tls.sh Dovecots; mail.example.test's
/// accounts are others, so it is checked without one (the note needs none).
fn check(host: &str, port: u16, security: &str, protocol: &str) -> (i32, serde_json::Value) {
    let port = port.to_string();
    let args = [
        "alice@guess.example.test",
        "--incoming",
        protocol,
        "--incoming-host",
        host,
        "--incoming-port",
        &port,
        "--incoming-security",
        security,
    ];
    let password = host.starts_with("127.0.0.5").then_some("correct-horse");
    check_with_password(&args, password)
}

#[test]
fn check_states_the_oldest_tls_version_and_who_cannot_connect() {
    let cases = [
        // Implicit TLS, and after STARTTLS (the dialog replayed before each hello).
        ("127.0.0.51", 993, "tls", "imap", "tls.old_versions_accepted", "info", "Oldest: TLS 1.0 (ECDHE + AES-CBC)"),
        ("127.0.0.51", 110, "starttls", "pop3", "tls.old_versions_accepted", "info", "newest: TLS 1.3 (AES-GCM)"),
        ("mail.example.test", 993, "tls", "imap", "tls.needs_tls12", "info", "KB3140245"),
        ("127.0.0.53", 993, "tls", "imap", "tls.needs_tls13", "warning", "Outlook classic"),
        ("127.0.0.53", 143, "starttls", "imap", "tls.needs_tls13", "warning", "iOS before 12.2"),
    ];
    for (host, port, security, protocol, code, severity, said) in cases {
        let (status, report) = check(host, port, security, protocol);
        let context = format!("{protocol} {host}:{port} {security}: {report:#}");
        let (found, level, explanation) = floor(&report).unwrap_or_else(|| panic!("no TLS floor note: {context}"));
        assert_eq!((found.as_str(), level.as_str()), (code, severity), "{context}");
        assert!(explanation.contains(said), "{context}");
        // The settings work all the same: the note never turns them into an error.
        assert_eq!(maildoctor_tests::first_error(&report), None, "{context}");
        assert_ne!(status, 1, "{context}");
    }
}

#[test]
fn a_server_that_fails_tls_is_asked_nothing_more() {
    // The legacy server (TLS 1.0 and 1.1 only) fails the handshake: its own
    // finding, and no floor note, since no handshake worked.
    let (_, report) = check("legacy.example.test", 993, "tls", "imap");
    assert_eq!(maildoctor_tests::first_error(&report), Some("tls.protocol_too_old"), "{report:#}");
    assert_eq!(floor(&report), None, "{report:#}");
}
