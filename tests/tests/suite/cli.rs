//! `maildoctor check` and `probe` as a person runs them.

use std::process::Command;

use maildoctor_tests::{ca_file, fixture_flags, maildoctor_bin, resolver, Services};

/// guess.example.test publishes no mail settings, so each server below is
/// judged on its own (against example.test, which publishes
/// mail.example.test, any other failing name would be a host mismatch).
fn check(protocol: &str, host: &str, port: u16, security: &str) -> (i32, serde_json::Value) {
    let port = port.to_string();
    maildoctor_tests::check(&[
        "alice@guess.example.test",
        "--incoming",
        protocol,
        "--incoming-host",
        host,
        "--incoming-port",
        &port,
        "--incoming-security",
        security,
    ])
}

/// The first finding about the endpoint the person gave (discovery may add
/// findings about other servers), or the first finding of all.
fn root_code<'a>(report: &'a serde_json::Value, host: &str, port: u16) -> &'a str {
    let findings = report["findings"].as_array().expect("findings");
    let about = |f: &&serde_json::Value| f["endpoint"]["host"] == host && f["endpoint"]["port"] == port;
    let finding = findings.iter().find(about).or(findings.first()).expect("at least one finding");
    finding["code"].as_str().expect("a code")
}

#[test]
fn check_reports_the_root_cause_and_exits_by_severity() {
    let cases = [
        ("imap", "mail.example.test", 993, "tls", "ok.incoming", 3),
        ("imap", "mail.example.test", 143, "starttls", "ok.incoming", 3),
        ("pop3", "mail.example.test", 995, "tls", "ok.incoming", 3),
        ("pop3", "mail.example.test", 110, "starttls", "ok.incoming", 3),
        ("imap", "expired.example.test", 993, "tls", "tls.cert_expired", 1),
        ("imap", "wronghost.example.test", 993, "tls", "tls.cert_name_mismatch", 1),
        ("imap", "selfsigned.example.test", 993, "tls", "tls.cert_self_signed", 1),
        ("imap", "notyet.example.test", 993, "tls", "tls.cert_not_yet_valid", 1),
        ("imap", "untrusted.example.test", 993, "tls", "tls.cert_untrusted", 1),
        ("imap", "legacy.example.test", 993, "tls", "tls.protocol_too_old", 1),
        ("pop3", "legacy.example.test", 995, "tls", "tls.protocol_too_old", 1),
        // The same server after STARTTLS: the dialog is replayed to ask with a legacy hello.
        ("imap", "legacy.example.test", 143, "starttls", "tls.protocol_too_old", 1),
        ("pop3", "legacy.example.test", 110, "starttls", "tls.protocol_too_old", 1),
        ("imap", "nostarttls.example.test", 143, "starttls", "starttls.not_offered", 1),
        // ssl = required: no login before TLS, so "None" cannot work.
        ("imap", "sslrequired.example.test", 143, "none", "auth.plaintext_disallowed", 1),
        ("pop3", "sslrequired.example.test", 110, "none", "auth.plaintext_disallowed", 1),
        ("imap", "sslrequired.example.test", 143, "starttls", "ok.incoming", 3),
        // Works without any encryption: a warning, not an error.
        ("imap", "nostarttls.example.test", 143, "none", "settings.plaintext_insecure", 3),
        ("imap", "closed.example.test", 993, "tls", "tcp.refused", 1),
        ("imap", "incomplete.example.test", 993, "tls", "tls.chain_incomplete", 1),
        // Behind the namespace firewall: DROP, REJECT with RST, REJECT with ICMP.
        ("imap", "fw.example.test", 993, "tls", "tcp.filtered", 1),
        ("pop3", "fw.example.test", 995, "tls", "tcp.refused", 1),
        ("imap", "fw.example.test", 143, "starttls", "tcp.unreachable", 1),
        ("imap", "nosuch.example.test", 993, "tls", "dns.nxdomain", 1),
        // SSL/TLS chosen on the plaintext port.
        ("imap", "mail.example.test", 143, "tls", "settings.tls_on_plain_port", 1),
        // An IMAP client pointed at the SMTP submission port (implicit TLS).
        ("imap", "mail.example.test", 465, "tls", "settings.protocol_mismatch", 1),
        // A POP3 client at the IMAP port.
        ("pop3", "mail.example.test", 143, "none", "settings.protocol_mismatch", 1),
    ];
    for (protocol, host, port, security, code, exit) in cases {
        let (status, report) = check(protocol, host, port, security);
        assert_eq!(root_code(&report, host, port), code, "{protocol} {host}:{port} {security}: {report:#}");
        assert_eq!(status, exit, "{protocol} {host}:{port} {security}");
        assert_eq!(report["complete"], true);
    }
}

#[test]
fn check_with_an_address_alone_discovers_working_settings() {
    let (status, report) = maildoctor_tests::check(&["alice@example.test"]);
    // Found and reached, but without a password the login is not proven.
    assert_eq!(status, 3, "{report:#}");
    assert_eq!(report["verdict"], "not_verified");
    let codes: Vec<&str> =
        report["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(codes, vec!["discovery.found", "discovery.found"], "incoming and outgoing: {report:#}");
    let working: Vec<String> = report["working"]
        .as_array()
        .expect("working")
        .iter()
        .map(|e| format!("{}:{}", e["host"].as_str().unwrap_or_default(), e["port"]))
        .collect();
    assert!(working.contains(&"mail.example.test:993".to_string()), "{working:?}");
    assert!(working.contains(&"mail.example.test:587".to_string()), "{working:?}");
}

/// `check` as text, in the language `--lang` or `LANG` picks.
fn check_text(lang: Option<&str>, locale: Option<&str>) -> String {
    let mut command = Command::new(maildoctor_bin());
    command
        .args(["check", "alice@example.test", "--incoming-host", "closed.example.test"])
        .args(fixture_flags(Services::Fixtures));
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    if let Some(lang) = lang {
        command.args(["--lang", lang]);
    }
    if let Some(locale) = locale {
        command.env("LANG", locale);
    }
    let output = command.output().expect("maildoctor check runs");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn check_speaks_german_from_the_flag_or_the_locale_and_keeps_the_codes() {
    // A failing server the domain does not publish: the root cause, its
    // folded failure, each app's menus, discovery and the working settings.
    let english = check_text(None, None);
    let german = check_text(Some("de"), None);
    let without_times = |text: &str| text.replace(|c: char| c.is_ascii_digit(), "");
    assert_eq!(without_times(&check_text(None, Some("de_DE.UTF-8"))), without_times(&german), "LANG picks it too");
    assert!(german.contains("FEHLER  [settings.host_mismatch]"), "{german}");
    // No password was given, so no login proves the settings: they answer.
    assert!(german.contains("Einstellungen, die antworten (nicht alles wurde bis zum Ende geprüft):"), "{german}");
    // No line a person reads is left in English; codes, server names and
    // what the server said are the same in both.
    let english_lines: std::collections::BTreeSet<&str> = english.lines().map(str::trim).collect();
    let is_endpoint = |line: &str| ["IMAP ", "POP3 ", "SMTP "].iter().any(|p| line.starts_with(p));
    for line in german.lines().map(str::trim).filter(|l| l.contains(' ') && !is_endpoint(l)) {
        assert!(!english_lines.contains(line), "left in English: {line}\n\n{german}");
    }
    let code_tags = |text: &str| text.matches("] ").count();
    assert_eq!(code_tags(&english), code_tags(&german));
    let (_, json) =
        maildoctor_tests::check(&["alice@example.test", "--incoming-host", "closed.example.test", "--lang", "de"]);
    let (_, json_en) = maildoctor_tests::check(&["alice@example.test", "--incoming-host", "closed.example.test"]);
    assert_eq!(json["language"], "de");
    assert_eq!(json_en["language"], "en");
    let codes = |r: &serde_json::Value| {
        r["findings"].as_array().expect("findings").iter().map(|f| f["code"].clone()).collect::<Vec<_>>()
    };
    assert_eq!(codes(&json), codes(&json_en));
}

#[test]
fn check_refuses_half_settings() {
    let output = Command::new(maildoctor_bin())
        .args(["check", "alice@example.test", "--incoming-port", "993"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--incoming-host"));
}

#[test]
fn probe_prints_the_transcript() {
    let output = Command::new(maildoctor_bin())
        .args(["probe", "mail.example.test", "993", "--protocol", "imap", "--security", "tls"])
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

#[test]
fn check_says_it_checked_from_this_computer_in_json_and_text() {
    let (_, json) = maildoctor_tests::check(&["alice@example.test", "--incoming-host", "closed.example.test"]);
    assert_eq!(json["checked_from"]["local"], true, "{:#}", json["checked_from"]);
    assert_eq!(json["checked_from"]["text"], "this computer");
    let english = check_text(None, None);
    assert_eq!(english.lines().nth(1), Some("Checked from: this computer"), "{english}");
    let german = check_text(Some("de"), None);
    assert_eq!(german.lines().nth(1), Some("Geprüft von: dieser Computer"), "{german}");
}
