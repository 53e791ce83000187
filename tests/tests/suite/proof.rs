//! A verdict needs proof (issue 26's classes 1, 6 and 7), through
//! `maildoctor check`: a login that did not happen is "not verified" (exit
//! 3), never "no problems"; what a domain publishes in its own zone or over
//! verified HTTPS gets the password as a mail app would send it; the host
//! given for one direction is tried first for the other; and a fruitless
//! search reads as one line, not as the person's errors.

use maildoctor_tests::{check, check_text, check_with_password, first_error};

const RIGHT: &str = "correct-horse";
const WRONG: &str = "wrong-horse";

fn reasons(report: &serde_json::Value) -> Vec<(&str, &str)> {
    report["untested"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| (u["side"].as_str().unwrap_or_default(), u["reason"].as_str().unwrap_or_default()))
        .collect()
}

// Class 1: no verdict without proof.

#[test]
fn a_check_without_a_password_is_not_verified_and_says_how_to_verify_it() {
    let settings =
        ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    let (status, report) = check(&settings);
    assert_eq!(status, 3, "{report:#}");
    assert_eq!(report["verdict"], "not_verified");
    assert_eq!(first_error(&report), None);
    assert_eq!(reasons(&report), [("incoming", "no_password"), ("outgoing", "no_password")], "{report:#}");
    let (status, text) = check_text(&settings, None, "en");
    assert_eq!(status, 3);
    let heading = text.lines().next().unwrap_or_default();
    assert!(heading.contains("not verified") && heading.contains("no password was given"), "{heading}");
    assert!(!text.contains("no problems found"), "{text}");
    assert!(
        text.contains("To test it: maildoctor check alice@example.test --incoming-host mail.example.test --incoming-port 993 --incoming-security tls --password-stdin"),
        "{text}"
    );
    let (_, german) = check_text(&settings, None, "de");
    assert!(german.lines().next().unwrap_or_default().contains("nicht bestätigt"), "{german}");
}

#[test]
fn a_domains_own_srv_records_get_the_password_so_a_wrong_one_is_named() {
    // srvout.example.test's SRV records name mail.example.test, outside the
    // domain: its own zone says so, as a mail app would take it.
    let (status, report) = check_with_password(&["alice@srvout.example.test"], Some(WRONG));
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(report["verdict"], "problems");
    assert_eq!(first_error(&report), Some("auth.invalid_credentials"), "{report:#}");
    let (status, report) =
        check_with_password(&["alice@srvout.example.test", "--username", "alice@example.test"], Some(RIGHT));
    assert_eq!((status, report["verdict"].as_str()), (0, Some("fine")), "{report:#}");
}

#[test]
fn an_autoconfig_document_over_verified_https_is_the_domains_own() {
    let (status, report) = check_with_password(&["alice@httpsac.example.test"], Some(WRONG));
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(first_error(&report), Some("auth.invalid_credentials"), "{report:#}");
}

#[test]
fn settings_over_plain_http_or_guessed_need_a_yes_and_are_not_verified_without_one() {
    // plainac's document arrives only over plain HTTP (its name is not on the
    // certificate), which anyone on the path could have rewritten.
    for address in ["alice@plainac.example.test", "alice@guess.example.test"] {
        let (status, report) = check_with_password(&[address], Some(WRONG));
        assert_eq!(status, 3, "{address}: {report:#}");
        assert_eq!(report["verdict"], "not_verified");
        assert!(reasons(&report).contains(&("incoming", "needs_consent")), "{address}: {report:#}");
        let (_, text) = check_text(&[address], Some(WRONG), "en");
        assert!(text.contains("--login-discovered"), "{address}: the command that tests it: {text}");
        let (status, report) = check_with_password(&[address, "--login-discovered"], Some(WRONG));
        assert_eq!(status, 1, "{address}: with a yes the password is tried: {report:#}");
        assert_eq!(first_error(&report), Some("auth.invalid_credentials"), "{address}: {report:#}");
    }
}

#[test]
fn port_25_without_a_login_is_not_proof_that_sending_works() {
    let relay = [
        "alice@example.test",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "25",
        "--outgoing-security",
        "starttls",
    ];
    let (status, report) = check(&relay);
    assert_eq!(status, 3, "{report:#}");
    assert!(reasons(&report).contains(&("outgoing", "no_password")), "{report:#}");
    // With a password the login is tried, and the port offers none.
    let (status, report) = check_with_password(&relay, Some(RIGHT));
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(first_error(&report), Some("auth.not_offered"), "{report:#}");
}

// Class 6: discovery as a mail app does it.

#[test]
fn the_host_given_for_one_direction_is_tried_first_for_the_other() {
    // own.example.test publishes nothing, and none of the usual names exist:
    // only the host the person gave serves both directions.
    let login = ["--username", "alice@example.test"];
    for given in [
        ["--incoming-host", "mx1.example.test"],
        ["--outgoing-host", "mx1.example.test"],
        ["--incoming-host", "127.0.0.10"],
    ] {
        let mut args = vec!["alice@own.example.test"];
        args.extend(given);
        args.extend(login);
        let (status, report) = check_with_password(&args, Some(RIGHT));
        assert_eq!(status, 0, "{given:?}: {report:#}");
        assert_eq!(report["verdict"], "fine", "{given:?}");
        let host = given[1];
        let working: Vec<&str> =
            report["working"].as_array().into_iter().flatten().filter_map(|e| e["host"].as_str()).collect();
        assert!(working.len() >= 2 && working.iter().all(|h| *h == host), "{given:?}: {working:?}");
    }
}

// Class 7: the terminal is as readable as the page.

#[test]
fn guessed_names_that_do_not_exist_are_one_line_and_never_a_spelling_mistake() {
    let (status, report) = check(&["alice@own.example.test", "--incoming-host", "closed.example.test"]);
    assert_eq!(status, 1, "the person's own server fails: {report:#}");
    let search = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["code"] == "discovery.none")
        .unwrap_or_else(|| panic!("{report:#}"));
    let tried = search["follows"].as_array().expect("what was tried");
    assert!(!tried.is_empty(), "{search:#}");
    assert!(tried.iter().all(|f| f["severity"] == "info"), "a failed guess is not an error of the setup: {tried:#?}");
    let (_, text) = check_text(&["alice@own.example.test", "--incoming-host", "closed.example.test"], None, "en");
    assert!(text.contains("usual names") && text.contains("none exist"), "{text}");
    let cards = text.matches("[dns.nxdomain]").count();
    assert_eq!(cards, 0, "no card per guessed name: {text}");
    assert!(!text.to_lowercase().contains("spelling"), "{text}");
}

#[test]
fn security_reads_as_mail_apps_say_it() {
    let (_, text) = check_text(
        &[
            "alice@example.test",
            "--incoming-host",
            "nostarttls.example.test",
            "--incoming-port",
            "143",
            "--incoming-security",
            "none",
        ],
        None,
        "en",
    );
    assert!(text.contains("no encryption"), "{text}");
    assert!(!text.contains("(None)"), "{text}");
}

#[test]
fn submission_without_encryption_is_seen_to_demand_starttls_not_assumed() {
    // Postfix on 587 enforces TLS: EHLO offers STARTTLS and no AUTH, and a
    // harmless RSET is answered "530 5.7.0 Must issue a STARTTLS command first".
    let args = [
        "alice@example.test",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "587",
        "--outgoing-security",
        "none",
    ];
    for password in [None, Some(RIGHT)] {
        let (status, report) = check_with_password(&args, password);
        assert_eq!(status, 1, "{report:#}");
        let root = &report["findings"][0];
        assert_eq!(root["code"], "starttls.required", "{report:#}");
        let seen = root["evidence"].to_string();
        assert!(seen.contains("530 5.7.0 Must issue a STARTTLS command first"), "the server said it: {seen}");
    }
}
