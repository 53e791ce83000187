//! Issue 22 (app-suspect), through `maildoctor check` against the real
//! Dovecot and Postfix: when every step passes with the person's own
//! settings and a login proves the account, the report names the app as
//! the suspect, with each app's steps to clear what it has saved, and says
//! what no check can see, with Postfix's `SIZE` (its default
//! `message_size_limit`, 10240000). Without a password the app is not
//! blamed: a verdict needs proof.

use maildoctor_tests::{check, check_text, check_with_password};

const RIGHT: &str = "correct-horse";

const BOTH: [&str; 13] = [
    "alice@example.test",
    "--incoming-host",
    "mail.example.test",
    "--incoming-port",
    "993",
    "--incoming-security",
    "tls",
    "--outgoing-host",
    "mail.example.test",
    "--outgoing-port",
    "587",
    "--outgoing-security",
    "starttls",
];

fn finding<'a>(report: &'a serde_json::Value, code: &str) -> Option<&'a serde_json::Value> {
    report["findings"].as_array()?.iter().find(|f| f["code"] == code)
}

#[test]
fn a_passing_check_with_a_login_names_the_app_and_the_servers_size_limit() {
    let (status, report) = check_with_password(&BOTH, Some(RIGHT));
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["verdict"], "fine", "{report:#}");
    let suspect = finding(&report, "app.suspect").unwrap_or_else(|| panic!("no app.suspect: {report:#}"));
    assert_eq!(suspect["severity"], "info");
    assert_eq!(suspect["title"], "Receiving and sending work with your settings: look at the app");
    let apps: Vec<&str> =
        suspect["clients"].as_array().expect("clients").iter().filter_map(|c| c["app"].as_str()).collect();
    assert_eq!(apps, ["outlook", "outlook-new", "thunderbird", "apple-mail", "ios-mail", "gmail-app", "samsung-email"]);

    let unseen = finding(&report, "unseen.causes").unwrap_or_else(|| panic!("no unseen.causes: {report:#}"));
    let why = unseen["explanation"].as_str().unwrap_or_default();
    assert!(why.ends_with("The sending server takes messages up to 10 MB: attachments up to about 7 MB."), "{why}");
    let seen: Vec<&str> =
        unseen["evidence"].as_array().into_iter().flatten().filter_map(|e| e["observed"].as_str()).collect();
    assert!(seen.iter().any(|line| line.contains("SIZE 10240000")), "Postfix's own EHLO is the proof: {seen:?}");
    assert_eq!(unseen["endpoint"]["port"], 587);
}

#[test]
fn the_terminal_says_it_in_english_and_german() {
    let (status, text) = check_text(&BOTH, Some(RIGHT), "en");
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("[app.suspect] Receiving and sending work with your settings: look at the app"), "{text}");
    assert!(text.contains("outlook.exe /safe") && text.contains("thunderbird -P"), "{text}");
    assert!(text.contains("[unseen.causes] What maildoctor cannot see"), "{text}");
    let (status, text) = check_text(&BOTH, Some(RIGHT), "de");
    assert_eq!(status, 0, "{text}");
    assert!(text.contains("[app.suspect] Empfangen und Senden funktionieren mit Ihren Einstellungen"), "{text}");
    assert!(text.contains("Der Postausgangsserver nimmt Nachrichten bis 10 MB an"), "{text}");
}

#[test]
fn only_the_direction_given_is_named() {
    let (status, report) = check_with_password(&BOTH[..7], Some(RIGHT));
    assert_eq!(status, 0, "{report:#}");
    let suspect = finding(&report, "app.suspect").unwrap_or_else(|| panic!("no app.suspect: {report:#}"));
    assert_eq!(suspect["title"], "Receiving works with your settings: look at the app");
    let unseen = finding(&report, "unseen.causes").expect("unseen.causes");
    assert!(unseen["explanation"].as_str().unwrap_or_default().ends_with("No sending server was checked."));
}

#[test]
fn without_a_password_the_app_cannot_be_blamed_yet() {
    let (status, report) = check(&BOTH);
    assert_eq!(status, 3, "not verified: {report:#}");
    assert!(finding(&report, "app.suspect").is_none(), "{report:#}");
    assert!(finding(&report, "unseen.causes").is_none(), "{report:#}");
    let unproven = finding(&report, "app.unproven").unwrap_or_else(|| panic!("no app.unproven: {report:#}"));
    assert_eq!(unproven["title"], "Your app cannot be blamed yet");
}
