//! Issue 23, "OAuth sign-in for a token": `maildoctor check --oauth` runs
//! the device authorization grant (RFC 8628) against a stand-in provider
//! (tests/fixtures/oauth_idp.sh, HTTPS under the test CA), the test approves
//! the printed code at the stand-in's verification page as a person would,
//! and the check signs in to the fixtures' OAuth Dovecot (127.0.0.24, which
//! asks the token introspection stand-in) with the token it got.

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Command, Stdio};

use maildoctor_tests::{ca_file, fixture_flags, maildoctor_bin, Services};

/// The token the stand-in issues (token_introspection.py knows it).
const TOKEN: &str = "token-for-alice";
const IDP: &str = "127.0.0.62";

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oauth_idp.sh")
}

/// The stand-in on its own port, for one test; stopped when dropped.
pub(crate) struct Idp(u16);

impl Idp {
    pub(crate) fn up(port: u16) -> Self {
        Self::start(port, &[])
    }

    /// Over plain HTTP on loopback, for a browser that does not trust the test CA.
    pub(crate) fn up_plain(port: u16) -> Self {
        Self::start(port, &["http"])
    }

    fn start(port: u16, mode: &[&str]) -> Self {
        let status =
            Command::new(script()).args(["up", &port.to_string()]).args(mode).status().expect("oauth_idp.sh runs");
        assert!(status.success(), "the stand-in provider starts");
        Self(port)
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://{IDP}:{}{path}", self.0)
    }

    pub(crate) fn plain_url(&self, path: &str) -> String {
        format!("http://{IDP}:{}{path}", self.0)
    }

    /// Approves (or denies) `user_code` at the verification page, as the
    /// person does in a browser.
    fn decide(&self, user_code: &str, decision: &str) {
        let output = Command::new("curl")
            .args(["-sS", "--fail", "--cacert"])
            .arg(ca_file())
            .args(["-d", &format!("user_code={user_code}"), "-d", &format!("decision={decision}")])
            .arg(self.url("/device"))
            .output()
            .expect("curl runs");
        assert!(output.status.success(), "the stand-in took the decision: {output:?}");
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = Command::new(script()).args(["down", &self.0.to_string()]).status();
    }
}

struct Outcome {
    status: i32,
    stdout: String,
    stderr: String,
}

/// `check alice@example.test --incoming-host oauth.example.test --oauth`
/// with the stand-in's `client` (its behaviour); when `decision` is given,
/// the code printed on standard error is approved or denied at the page.
fn check_oauth(idp: &Idp, client: &str, decision: Option<&str>, extra: &[&str]) -> Outcome {
    check_oauth_as(idp, client, decision, &[&["--json"], extra].concat())
}

/// As [`check_oauth`], with `extra` alone (the text report, unless it asks
/// for JSON) and every log line maildoctor writes.
fn check_oauth_as(idp: &Idp, client: &str, decision: Option<&str>, extra: &[&str]) -> Outcome {
    let mut child = Command::new(maildoctor_bin())
        .args(["check", "alice@example.test", "--incoming-host", "oauth.example.test", "--oauth"])
        .env("MAILDOCTOR_LOG", "trace")
        .args(["--oauth-client-id", client, "--oauth-device-url", &idp.url("/devicecode")])
        .args(["--oauth-token-url", &idp.url("/token")])
        .args(extra)
        .args(fixture_flags(Services::Fixtures))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("maildoctor check runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let reading = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).expect("stdout is text");
        text
    });
    let mut stderr = String::new();
    for line in BufReader::new(child.stderr.take().expect("stderr")).lines() {
        let line = line.expect("stderr is text");
        // The direct address carries the code: the person's browser opens it.
        if let (Some(decision), Some((_, code))) = (decision, line.split_once("/device?user_code=")) {
            idp.decide(code.trim(), decision);
        }
        stderr.push_str(&line);
        stderr.push('\n');
    }
    let status = child.wait().expect("finishes").code().expect("exit code");
    Outcome { status, stdout: reading.join().expect("reader"), stderr }
}

fn assert_no_token(outcome: &Outcome) {
    for (what, text) in [("the report", &outcome.stdout), ("standard error", &outcome.stderr)] {
        assert!(!text.contains(TOKEN), "the token leaked into {what}:\n{text}");
    }
}

#[test]
fn check_oauth_gets_a_token_by_the_device_grant_and_signs_in_with_it() {
    let idp = Idp::up(18441);
    // "slow" answers slow_down once first: the check waits longer and goes on.
    for client in ["approve", "slow"] {
        let outcome = check_oauth(&idp, client, Some("approve"), &[]);
        let said = &outcome.stderr;
        assert!(said.contains("enter the code") && said.contains(&idp.url("/device")), "{said}");
        assert!(said.contains("Signed in at"), "{said}");
        let report: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("a JSON report");
        let findings = report["findings"].as_array().expect("findings");
        let signed_in = findings.iter().find(|f| f["code"] == "ok.incoming").unwrap_or_else(|| panic!("{report:#}"));
        assert_eq!(signed_in["endpoint"]["host"], "oauth.example.test", "{report:#}");
        let proven = signed_in["explanation"].as_str().unwrap_or_default();
        assert!(proven.contains("signed in"), "{report:#}");
        // The outgoing server (SRV: mail.example.test) takes passwords only,
        // and says so; nothing about the token's server is an error.
        let about_it =
            |f: &serde_json::Value| f["endpoint"]["host"] == "oauth.example.test" && f["severity"] == "error";
        assert!(!findings.iter().any(about_it), "{report:#}");
        assert_ne!(outcome.status, 2, "{said}");
        assert_no_token(&outcome);
    }
}

#[test]
fn a_refused_or_expired_sign_in_is_said_in_plain_words() {
    let idp = Idp::up(18442);
    let cases = [
        ("deny", None, "en", "was refused"),
        ("approve", Some("deny"), "en", "was refused"),
        ("expire", None, "en", "The code expired before the sign-in"),
        ("expire", None, "de", "Der Code ist abgelaufen"),
        ("deny", None, "de", "wurde abgelehnt"),
        ("unknown-client", None, "en", "The sign-in at 127.0.0.62:18442 did not work: the device authorization endpoint answered HTTP 400 (invalid_client)"),
    ];
    for (client, decision, lang, said) in cases {
        let outcome = check_oauth(&idp, client, decision, &["--lang", lang]);
        assert_eq!(outcome.status, 2, "{client}: {}", outcome.stderr);
        assert!(outcome.stderr.contains(said), "{client} ({lang}): {}", outcome.stderr);
        // Nothing was checked with a login, so no report claims anything.
        assert!(outcome.stdout.is_empty(), "{}", outcome.stdout);
        assert_no_token(&outcome);
    }
}

#[test]
fn providers_without_the_device_grant_are_named_plainly() {
    for (address, extra) in [("bob@gmail.com", vec![]), ("bob@example.com", vec!["--oauth-provider", "yahoo"])] {
        let output = Command::new(maildoctor_bin())
            .args(["check", address, "--oauth", "--oauth-client-id", "someone", "--lang", "en"])
            .args(&extra)
            .args(fixture_flags(Services::Off))
            .output()
            .expect("runs");
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{said}");
        assert!(
            said.contains("does not allow sign-in on a device without a browser; use --oauth-token-stdin"),
            "{said}"
        );
    }
    // Microsoft allows it, but only with the operator's client.
    let output = Command::new(maildoctor_bin())
        .args(["check", "bob@outlook.com", "--oauth", "--lang", "de"])
        .env_remove("MAILDOCTOR_OAUTH_CLIENT_ID")
        .args(fixture_flags(Services::Off))
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("Für Microsoft ist kein OAuth-Client eingerichtet"), "{said}");
}

#[test]
fn the_token_and_the_device_code_stay_out_of_every_output() {
    let idp = Idp::up(18443);
    let outcome = check_oauth_as(&idp, "auto", None, &["--lang", "en"]);
    assert!(outcome.stdout.contains("[ok.incoming]"), "{}", outcome.stdout);
    assert_no_token(&outcome);
    let issued = std::fs::read_to_string(
        std::path::Path::new(&std::env::var("MAILDOCTOR_FIXTURES").unwrap_or("/tmp/maildoctor-fixtures".into()))
            .join("oauth-idp/18443.log"),
    )
    .expect("the stand-in's log");
    let codes: Vec<&str> = issued.lines().filter_map(|l| l.strip_prefix("device_code ")).collect();
    assert!(!codes.is_empty(), "the stand-in issued a device code");
    for code in codes {
        for (what, text) in [("the report", &outcome.stdout), ("standard error and the logs", &outcome.stderr)] {
            assert!(!text.contains(code), "the device code leaked into {what}:\n{text}");
        }
    }
    // The token endpoint's answer, as it came, is nowhere either.
    assert!(!outcome.stderr.contains("access_token") && !outcome.stdout.contains("access_token"));
}
