//! Mechanisms a mail app can actually choose (issue 26, class 5), through
//! `maildoctor check` against the real Dovecot and Postfix of
//! `tests/fixtures/mechanisms.sh`: a server that takes passwords only by
//! CRAM-MD5 (127.0.0.27: IMAP, POP3 and Postfix submission) or only by
//! APOP (127.0.0.28) has the password tested with that mechanism, and the
//! warning names each app's setting in the words of its protocol; IMAP's
//! LOGINDISABLED before STARTTLS is `auth.plaintext_disallowed` in IMAP's
//! words, and STARTTLS logs in.

use maildoctor_tests::{check_with_password, first_error};

const RIGHT: &str = "correct-horse";
const WRONG: &str = "wrong-horse";
const CRAM: &str = "127.0.0.27";
const APOP: &str = "127.0.0.28";
/// A domain that publishes no settings: each server is judged as given.
const USER: &str = "alice@guess.example.test";

/// `maildoctor check` with both directions given: incoming `protocol` at
/// `host:port` with `security`, outgoing at the CRAM-MD5 Postfix on 465.
fn check(protocol: &str, host: &str, port: u16, security: &str, password: &str) -> (i32, serde_json::Value) {
    let port = port.to_string();
    let args = [
        USER,
        "--incoming",
        protocol,
        "--incoming-host",
        host,
        "--incoming-port",
        &port,
        "--incoming-security",
        security,
        "--outgoing-host",
        CRAM,
        "--outgoing-port",
        "465",
        "--outgoing-security",
        "tls",
    ];
    check_with_password(&args, Some(password))
}

/// The finding with `code` about `port`, as one text (title, why, fixes).
fn words(report: &serde_json::Value, code: &str, port: u16) -> String {
    let findings = report["findings"].as_array().expect("findings");
    let finding = findings
        .iter()
        .find(|f| f["code"] == code && f["endpoint"]["port"] == port)
        .unwrap_or_else(|| panic!("no {code} about port {port}: {report:#}"));
    assert_eq!(finding["severity"], if code.starts_with("auth.challenge") { "warning" } else { "error" });
    let fixes = finding["fix"].as_array().into_iter().flatten().filter_map(|f| f.as_str()).collect::<Vec<_>>();
    format!("{} {} {}", finding["title"], finding["explanation"], fixes.join(" "))
}

fn assert_mentions(text: &str, wanted: &[&str], never: &[&str]) {
    for word in wanted {
        assert!(text.contains(word), "{word:?} missing from {text}");
    }
    for word in never {
        assert!(!text.contains(word), "{word:?} in {text}");
    }
}

// CRAM-MD5 only.

#[test]
fn imap_with_only_cram_md5_tests_the_password_and_warns_with_each_apps_setting() {
    let (status, report) = check("imap", CRAM, 993, "tls", RIGHT);
    assert_eq!((status, report["verdict"].as_str(), first_error(&report)), (0, Some("warnings"), None), "{report:#}");
    let text = words(&report, "auth.challenge_response_only", 993);
    assert_mentions(
        &text,
        &["CRAM-MD5", "IMAP LOGIN", "Encrypted password", "MD5 Challenge-Response", "Outlook cannot"],
        &["SMTP", "USER and PASS", "Kerberos"],
    );
}

#[test]
fn a_wrong_password_over_cram_md5_is_invalid_credentials() {
    let (status, report) = check("imap", CRAM, 993, "tls", WRONG);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(report["verdict"], "problems");
    assert_eq!(first_error(&report), Some("auth.invalid_credentials"), "{report:#}");
    assert!(!report.to_string().contains("auth.challenge_response_only"), "no note for a login that failed");
}

#[test]
fn smtp_submission_with_only_cram_md5_speaks_of_the_outgoing_server() {
    let (status, report) = check("imap", CRAM, 993, "tls", RIGHT);
    assert_eq!((status, report["verdict"].as_str()), (0, Some("warnings")), "{report:#}");
    let text = words(&report, "auth.challenge_response_only", 465);
    assert_mentions(
        &text,
        &["SMTP", "Outgoing Server (SMTP)", "Encrypted password", "MD5 Challenge-Response", "Outlook cannot"],
        &["USER and PASS", "IMAP LOGIN"],
    );
    // STARTTLS on 587: the same Postfix, the same words.
    let args = [USER, "--outgoing-host", CRAM, "--outgoing-port", "587", "--outgoing-security", "starttls"];
    let (_, report) = check_with_password(&args, Some(RIGHT));
    assert!(words(&report, "auth.challenge_response_only", 587).contains("Outgoing Server (SMTP)"), "{report:#}");
}

// POP3: APOP only, and USER/PASS that the server refuses.

#[test]
fn pop3_with_only_apop_tests_the_password_and_speaks_pop3_not_smtp() {
    let (status, report) = check("pop3", APOP, 995, "tls", RIGHT);
    assert_eq!((status, report["verdict"].as_str(), first_error(&report)), (0, Some("warnings"), None), "{report:#}");
    let text = words(&report, "auth.challenge_response_only", 995);
    assert_mentions(&text, &["APOP", "USER and PASS", "Encrypted password", "Outlook cannot"], &["SMTP", "CRAM-MD5"]);
}

#[test]
fn a_wrong_password_over_apop_is_invalid_credentials() {
    let (status, report) = check("pop3", APOP, 995, "tls", WRONG);
    assert_eq!((status, report["verdict"].as_str()), (1, Some("problems")), "{report:#}");
    assert_eq!(first_error(&report), Some("auth.invalid_credentials"), "{report:#}");
}

#[test]
fn pop3_that_lists_user_but_takes_no_clear_password_logs_in_by_cram_md5() {
    // Dovecot lists USER on every TLS connection and refuses PASS without
    // PLAIN: maildoctor must not call that a wrong password.
    let (status, report) = check("pop3", CRAM, 995, "tls", RIGHT);
    assert_eq!((status, report["verdict"].as_str(), first_error(&report)), (0, Some("warnings"), None), "{report:#}");
    let text = words(&report, "auth.challenge_response_only", 995);
    assert_mentions(&text, &["POP3", "USER and PASS", "Encrypted password"], &["SMTP", "IMAP LOGIN"]);
}

// IMAP's LOGINDISABLED before STARTTLS.

#[test]
fn imap_logindisabled_without_tls_is_plaintext_disallowed_in_imaps_words() {
    for host in [CRAM, "mail.example.test"] {
        let (status, report) = check("imap", host, 143, "none", RIGHT);
        assert_eq!((status, report["verdict"].as_str()), (1, Some("problems")), "{host}: {report:#}");
        assert_eq!(first_error(&report), Some("auth.plaintext_disallowed"), "{host}: {report:#}");
        let text = words(&report, "auth.plaintext_disallowed", 143);
        assert_mentions(&text, &["IMAP", "LOGINDISABLED", "STARTTLS on port 143"], &["STLS", "AUTH only"]);
    }
}

#[test]
fn imap_logindisabled_with_starttls_logs_in() {
    let (status, report) = check("imap", CRAM, 143, "starttls", RIGHT);
    assert_eq!((status, report["verdict"].as_str(), first_error(&report)), (0, Some("warnings"), None), "{report:#}");
    assert!(words(&report, "auth.challenge_response_only", 143).contains("IMAP"), "{report:#}");
    // A server with PLAIN after STARTTLS: nothing to warn about.
    let args = [
        "alice@example.test",
        "--incoming",
        "imap",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        "143",
        "--incoming-security",
        "starttls",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "587",
        "--outgoing-security",
        "starttls",
    ];
    let (status, report) = check_with_password(&args, Some(RIGHT));
    assert_eq!((status, report["verdict"].as_str(), first_error(&report)), (0, Some("fine"), None), "{report:#}");
}
