//! Issue 23 item 5 through `maildoctor check --handoff DIR` against the
//! real Dovecot and Postfix: the proven settings saved as an Apple profile
//! and a Thunderbird autoconfig, each read back by its format's validator,
//! never holding the password; nothing saved for settings that failed.

use std::io::Write as _;
use std::path::Path;
use std::process::Stdio;

use maildoctor_tests::handoff::check_profile;
use maildoctor_tests::{fixture_flags, maildoctor_bin, Services, TempDir};
use maildoctor_wire::{MailProtocol, Security};

const PASSWORD: &str = "correct-horse";

/// `check ARGS --handoff DIR --lang en`, the password on standard input if
/// any: the exit code and what it said on standard error.
fn check_handoff(args: &[&str], dir: &Path, password: Option<&str>) -> (i32, String) {
    let mut command = std::process::Command::new(maildoctor_bin());
    command.arg("check").args(args).args(fixture_flags(Services::Fixtures)).args(["--lang", "en", "--json"]);
    command.arg("--handoff").arg(dir);
    if password.is_some() {
        command.arg("--password-stdin");
    }
    let mut child =
        command.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("check runs");
    let mut stdin = child.stdin.take().expect("stdin");
    if let Some(password) = password {
        stdin.write_all(format!("{password}\n").as_bytes()).expect("password");
    }
    drop(stdin);
    let output = child.wait_with_output().expect("check finishes");
    (output.status.code().expect("an exit code"), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|err| panic!("{name} saved ({err})"))
}

#[test]
fn check_saves_the_proven_settings_for_the_app_and_never_the_password() {
    let dir = TempDir::new("handoff");
    let args = [
        "alice@example.test",
        "--incoming-host",
        "mail.example.test",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "587",
        "--outgoing-security",
        "starttls",
    ];
    let (status, said) = check_handoff(&args, &dir.0, Some(PASSWORD));
    assert_eq!(status, 0, "{said}");
    assert!(said.contains("Profile for iPhone, iPad and Mac saved"), "{said}");
    assert!(said.contains("https://autoconfig.example.test/mail/config-v1.1.xml"), "{said}");
    assert!(!said.contains("not tested"), "the login was tested: {said}");

    let profile = read(&dir.0, "example.test.mobileconfig");
    let mail = check_profile(&profile);
    assert_eq!(mail["EmailAccountType"].as_string(), Some("EmailTypeIMAP"));
    assert_eq!(mail["IncomingMailServerHostName"].as_string(), Some("mail.example.test"));
    assert_eq!(mail["IncomingMailServerPortNumber"].as_unsigned_integer(), Some(993));
    assert_eq!(mail["OutgoingMailServerPortNumber"].as_unsigned_integer(), Some(587));
    assert_eq!(mail["OutgoingMailServerUseSSL"].as_boolean(), Some(true), "STARTTLS is SSL to Apple");
    assert_eq!(mail["IncomingMailServerUsername"].as_string(), Some("alice@example.test"));

    let autoconfig = read(&dir.0, "config-v1.1.xml");
    let servers = maildoctor_proto::autoconfig::parse(&autoconfig, "alice@example.test").expect("it parses");
    let read_back: Vec<_> = servers.iter().map(|s| (s.protocol, s.host.as_str(), s.port, s.security)).collect();
    assert_eq!(
        read_back,
        [
            (MailProtocol::Imap, "mail.example.test", 993, Security::Tls),
            (MailProtocol::Smtp, "mail.example.test", 587, Security::Starttls)
        ]
    );
    for text in [&profile, &autoconfig, &said] {
        assert!(!text.contains(PASSWORD), "never the password: {text}");
    }
}

#[test]
fn pop3_and_smtps_are_handed_on_as_a_pop_account() {
    let dir = TempDir::new("handoff-pop");
    let args = [
        "alice@example.test",
        "--incoming",
        "pop3",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        "995",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "465",
    ];
    let (status, said) = check_handoff(&args, &dir.0, Some(PASSWORD));
    assert_eq!(status, 0, "{said}");
    let mail = check_profile(&read(&dir.0, "example.test.mobileconfig"));
    assert_eq!(mail["EmailAccountType"].as_string(), Some("EmailTypePOP"));
    assert_eq!(mail["IncomingMailServerPortNumber"].as_unsigned_integer(), Some(995));
    assert_eq!(mail["OutgoingMailServerPortNumber"].as_unsigned_integer(), Some(465));
    let autoconfig = read(&dir.0, "config-v1.1.xml");
    assert!(autoconfig.contains("<incomingServer type=\"pop3\">"), "{autoconfig}");
    assert!(!autoconfig.contains(PASSWORD));
}

#[test]
fn without_a_password_the_files_say_the_login_was_not_tested() {
    let dir = TempDir::new("handoff-nopass");
    let args = ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    let (status, said) = check_handoff(&args, &dir.0, None);
    assert_eq!(status, 3, "not verified: {said}");
    assert!(said.contains("The login was not tested"), "{said}");
    let profile = read(&dir.0, "example.test.mobileconfig");
    check_profile(&profile);
    assert!(profile.contains("The login was not tested"), "the profile's description says it too");
}

#[test]
fn settings_that_failed_are_never_handed_on() {
    let dir = TempDir::new("handoff-wrong");
    let args = ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    let (status, said) = check_handoff(&args, &dir.0, Some("wrong-horse"));
    assert_eq!(status, 1, "{said}");
    assert!(said.contains("No file is made"), "{said}");
    assert!(!dir.0.join("example.test.mobileconfig").exists() && !dir.0.join("config-v1.1.xml").exists());
}
