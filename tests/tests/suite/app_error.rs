//! Issue 23 (APPERR), through `maildoctor check --app-error` against the
//! real Dovecot: the app's own message is read (Thunderbird's "Login to
//! server … failed." in English and German, Outlook's bare 0x800CCC0E),
//! listed first, and held against what the check found: the refused
//! password or the closed port by name; when the step the message is about
//! passes, it points at the app; a text maildoctor does not know is said
//! so, not guessed at.

use maildoctor_tests::{check_text, check_with_password};

const RIGHT: &str = "correct-horse";

const IMAPS: [&str; 7] = [
    "alice@example.test",
    "--incoming-host",
    "mail.example.test",
    "--incoming-port",
    "993",
    "--incoming-security",
    "tls",
];

fn with(args: &[&str], app_error: &str) -> Vec<String> {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    all.extend(["--app-error".to_owned(), app_error.to_owned()]);
    all
}

fn run(args: &[String], password: Option<&str>) -> (i32, serde_json::Value) {
    check_with_password(&args.iter().map(String::as_str).collect::<Vec<_>>(), password)
}

fn title<'a>(report: &'a serde_json::Value, code: &str) -> &'a str {
    let findings = report["findings"].as_array().expect("findings");
    let found = findings.iter().find(|f| f["code"] == code).unwrap_or_else(|| panic!("no {code}: {report:#}"));
    found["title"].as_str().unwrap_or_default()
}

fn first(report: &serde_json::Value) -> &serde_json::Value {
    &report["findings"][0]
}

#[test]
fn thunderbirds_login_failed_is_explained_by_the_refused_password() {
    let text = "Login to server mail.example.test with username alice@example.test failed.";
    let (status, report) = run(&with(&IMAPS, text), Some("wrong-password"));
    assert_eq!(status, 1, "{report:#}");
    let read = first(&report);
    assert_eq!(read["code"], "app.error_read", "{report:#}");
    assert_eq!(read["severity"], "info");
    let cause = title(&report, "auth.invalid_credentials");
    assert_eq!(read["title"], format!("Your app's message is explained: {cause}"));
    let why = read["explanation"].as_str().unwrap_or_default();
    assert!(
        why.starts_with("Your app's message means the user name or password was refused by the mail server."),
        "{why}"
    );
    assert!(why.contains("looked first at the login"), "{why}");
}

#[test]
fn outlooks_0x800ccc0e_is_explained_by_a_closed_port() {
    // A port nothing listens on: the connection is refused.
    let args = [
        "alice@guess.example.test",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        "9993",
        "--incoming-security",
        "tls",
    ];
    let (status, report) = run(&with(&args, "0x800CCC0E"), Some(RIGHT));
    assert_eq!(status, 1, "{report:#}");
    let read = first(&report);
    assert_eq!(read["code"], "app.error_read", "{report:#}");
    let cause = title(&report, "tcp.refused");
    assert_eq!(read["title"], format!("Your app's message is explained: {cause}"));
    let why = read["explanation"].as_str().unwrap_or_default();
    assert!(why.starts_with("Outlook's code 0x800CCC0E means it could not reach the mail server."), "{why}");
}

#[test]
fn when_the_login_works_here_the_message_points_at_the_app_in_both_languages() {
    let text = "Login to server mail.example.test with username alice@example.test failed.";
    let args = with(&IMAPS, text);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, out) = check_text(&args, Some(RIGHT), "en");
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("[app.error_read] What your app's message is about works from here"), "{out}");
    assert!(out.contains("the message points at the app"), "{out}");
    println!("{out}");
    let german = "Anmeldung auf dem Server mail.example.test mit Benutzernamen \"alice@example.test\" fehlgeschlagen";
    let args = with(&IMAPS, german);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, out) = check_text(&args, Some(RIGHT), "de");
    assert_eq!(status, 0, "{out}");
    assert!(
        out.contains("[app.error_read] Worum es in der Meldung Ihres Programms geht, funktioniert von hier"),
        "{out}"
    );
}

#[test]
fn a_message_maildoctor_does_not_know_is_said_so_and_not_echoed() {
    let (status, report) = run(&with(&IMAPS, "Something went wrong (code 7)"), Some(RIGHT));
    assert_eq!(status, 0, "{report:#}");
    let read = first(&report);
    assert_eq!(read["code"], "app.error_unknown", "{report:#}");
    assert_eq!(read["title"], "maildoctor does not know your app's message");
    assert!(!report.to_string().contains("Something went wrong"), "the pasted text is not echoed");
}
