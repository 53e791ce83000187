//! Issue 22 (app-suspect): when the person's own settings pass every step,
//! the app is named as the suspect (only when a login proved the account,
//! and only for the directions proven), with the fields where other
//! working settings differ and each app's steps to clear its saved state;
//! beside it, what no check can see, with the sending server's `SIZE`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertVerdict, Event, GreetingStatus, Login, MailProtocol, Operation, ProbeSpec, Secret, Security,
    TcpOutcome,
};

use super::support::*;
use crate::{Catalog, Code, Discovery, Finding, Lang, Report, Request, Session, Settings, Verdict};

fn smtp(host: &str, port: u16, security: Security) -> Settings {
    Settings { host: host.into(), port, protocol: MailProtocol::Smtp, security }
}

fn imap(host: &str, port: u16, security: Security) -> Settings {
    Settings { host: host.into(), port, protocol: MailProtocol::Imap, security }
}

/// A server that answers every probe well, signs in whoever brings a
/// password, and whose SMTP EHLO lists `smtp_caps` (where `SIZE` goes).
fn healthy(spec: &ProbeSpec, smtp_caps: &[&str]) -> Vec<Event> {
    let protocol = spec.protocol;
    let mut events = vec![dns_ok(), tcp(TcpOutcome::Connected)];
    let greeting = Event::Greeting { spoken: Some(protocol), status: GreetingStatus::Ready, text: "ready".into() };
    let offered: Vec<&str> = match protocol {
        MailProtocol::Smtp => [&["AUTH PLAIN"], smtp_caps].concat(),
        _ => vec!["IMAP4rev1", "AUTH=PLAIN"],
    };
    match spec.security {
        Security::Tls => events.extend([tls(CertVerdict::Valid), greeting, capabilities(protocol, true, &offered)]),
        _ => {
            events.push(greeting);
            events.push(capabilities(protocol, false, &["STARTTLS"]));
            events.push(Event::Starttls { accepted: true, text: "go ahead".into() });
            events.push(tls(CertVerdict::Valid));
            events.push(capabilities(protocol, true, &offered));
        }
    }
    if let Some(login) = &spec.login {
        let username = login.username.clone();
        let text = "235 2.7.0 Authentication successful".into();
        events.push(Event::Auth { method: "PLAIN".into(), username, outcome: AuthOutcome::Accepted, code: None, text });
    }
    events.push(Event::Completed { protocol });
    events
}

/// A check of `incoming` and `outgoing` (with the provider's page saying
/// `expected`), with a password when `password`, against [`healthy`]
/// servers, in `lang`.
fn check(
    incoming: Option<Settings>,
    outgoing: Option<Settings>,
    expected: (Option<Settings>, Option<Settings>),
    password: bool,
    smtp_caps: &[&str],
    lang: Lang,
) -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = incoming;
    request.outgoing = outgoing;
    request.expected.incoming = expected.0;
    request.expected.outgoing = expected.1;
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    if password {
        let secret = Secret::new("pw");
        request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    }
    let session = Session::plan(request).expect("valid");
    let caps: Vec<String> = smtp_caps.iter().map(|c| (*c).to_owned()).collect();
    simulate_in(
        session,
        move |op| match op {
            Operation::Probe(spec) => healthy(spec, &caps.iter().map(String::as_str).collect::<Vec<_>>()),
            _ => vec![],
        },
        &Catalog::new(lang),
    )
}

fn both(password: bool, smtp_caps: &[&str], lang: Lang) -> Report {
    let incoming = Some(imap("mail.example.test", 993, Security::Tls));
    let outgoing = Some(smtp("mail.example.test", 587, Security::Starttls));
    check(incoming, outgoing, (None, None), password, smtp_caps, lang)
}

fn find(report: &Report, code: Code) -> Option<&Finding> {
    report.findings.iter().find(|f| f.code == code)
}

fn suspect(report: &Report) -> &Finding {
    find(report, Code::AppSuspect).unwrap_or_else(|| panic!("no app.suspect: {report:#?}"))
}

fn unseen(report: &Report) -> &Finding {
    find(report, Code::UnseenCauses).unwrap_or_else(|| panic!("no unseen.causes: {report:#?}"))
}

#[test]
fn both_directions_proven_name_the_app_with_each_apps_steps() {
    let report = both(true, &["PIPELINING", "SIZE 35882577"], Lang::En);
    assert_eq!(report.state(), Verdict::Fine, "{report:#?}");
    let found = suspect(&report);
    assert_eq!(found.title, "Receiving and sending work with your settings: look at the app");
    assert!(
        found.explanation.starts_with("maildoctor signed in with the settings you typed. "),
        "{}",
        found.explanation
    );
    assert_eq!(found.severity, crate::Severity::Info);
    assert_eq!(found.fix.len(), 2, "{:?}", found.fix);
    let apps: Vec<&str> = found.clients.iter().map(|c| c.app.as_str()).collect();
    assert_eq!(
        apps,
        ["outlook", "outlook-new", "thunderbird", "apple-mail", "ios-mail", "gmail-app", "samsung-email"],
        "Outlook classic and new, and Android's Gmail and Samsung Email, each with their own menus"
    );
    let steps = |app: &str| found.clients.iter().find(|c| c.app == app).expect("app").steps.join(" ");
    assert!(steps("outlook").contains("outlook.exe /safe"), "{}", steps("outlook"));
    assert!(steps("outlook").contains("Show Profiles"), "{}", steps("outlook"));
    assert!(steps("thunderbird").contains("Troubleshoot Mode"), "{}", steps("thunderbird"));
    assert!(steps("thunderbird").contains("thunderbird -P"), "{}", steps("thunderbird"));
    assert!(steps("samsung-email").contains("Accounts and backup"), "{}", steps("samsung-email"));
    assert!(found.clients.iter().all(|c| !c.steps.is_empty() && !c.client.is_empty()));

    // Gmail's SIZE: 35 MB messages, attachments of about 26 MB after base64.
    let said = unseen(&report);
    assert_eq!(said.title, "What maildoctor cannot see");
    assert!(
        said.explanation.ends_with("The sending server takes messages up to 35 MB: attachments up to about 26 MB."),
        "{}",
        said.explanation
    );
    assert!(said.explanation.contains("content filters, rules against certain apps, or size limits"));
    assert!(said.evidence.iter().any(|e| e.observed.contains("SIZE 35882577")), "{:?}", said.evidence);
    assert_eq!(said.endpoint.as_ref().map(|e| e.port), Some(587), "said of the sending server");
}

#[test]
fn both_directions_in_german() {
    let report = both(true, &["SIZE 37748736"], Lang::De);
    let found = suspect(&report);
    assert_eq!(found.title, "Empfangen und Senden funktionieren mit Ihren Einstellungen: prüfen Sie die App");
    assert!(found.fix[0].contains("Passwort"), "{:?}", found.fix);
    let outlook = found.clients.iter().find(|c| c.app == "outlook").expect("Outlook");
    assert!(outlook.steps.join(" ").contains("Profile anzeigen"), "{:?}", outlook.steps);
    assert_eq!(
        found.clients.iter().find(|c| c.app == "outlook-new").map(|c| c.client.as_str()),
        Some("neues Outlook (Windows)")
    );
    let said = unseen(&report);
    assert_eq!(said.title, "Was maildoctor nicht sehen kann");
    // Outlook.com's 36 MiB: 37 MB, attachments of about 28 MB.
    assert!(said.explanation.ends_with("bis 37 MB an: Anhänge bis etwa 28 MB."), "{}", said.explanation);
}

#[test]
fn only_the_direction_proven_is_named() {
    // Only incoming given: the words say receiving, and nothing about size.
    let report = check(Some(imap("mail.example.test", 993, Security::Tls)), None, (None, None), true, &[], Lang::En);
    assert_eq!(suspect(&report).title, "Receiving works with your settings: look at the app");
    assert!(unseen(&report).explanation.ends_with("No sending server was checked."), "{}", unseen(&report).explanation);
    assert!(unseen(&report).endpoint.is_none());

    // Only outgoing given.
    let report = check(
        None,
        Some(smtp("mail.example.test", 465, Security::Tls)),
        (None, None),
        true,
        &["SIZE 10240000"],
        Lang::En,
    );
    assert_eq!(suspect(&report).title, "Sending works with your settings: look at the app");
    assert!(unseen(&report).explanation.ends_with("up to 10 MB: attachments up to about 7 MB."));
}

#[test]
fn without_a_password_the_app_cannot_be_blamed_yet() {
    let report = both(false, &["SIZE 35882577"], Lang::En);
    assert_eq!(report.state(), Verdict::NotVerified, "a verdict needs proof");
    assert!(find(&report, Code::AppSuspect).is_none(), "{report:#?}");
    assert!(find(&report, Code::UnseenCauses).is_none(), "no suspects to weigh before the account is proven");
    let unproven = find(&report, Code::AppUnproven).expect("app.unproven");
    assert_eq!(unproven.title, "Your app cannot be blamed yet");
    assert_eq!(unproven.explanation, "The servers answer with your settings, but no login proved your account.");
    assert!(unproven.clients.is_empty(), "no steps to clear state before the account is proven");

    let report = check(Some(imap("mail.example.test", 993, Security::Tls)), None, (None, None), false, &[], Lang::De);
    let unproven = find(&report, Code::AppUnproven).expect("app.unproven");
    assert_eq!(unproven.title, "Ihre App ist noch nicht als Ursache belegt");
    assert!(unproven.explanation.starts_with("Der Server für eingehende Mail antwortet"), "{}", unproven.explanation);
}

#[test]
fn settings_that_differ_from_the_providers_in_port_only() {
    // The provider's page says 587; the app sends on 25, which works too.
    let given = smtp("mail.example.test", 25, Security::Starttls);
    let expected = smtp("mail.example.test", 587, Security::Starttls);
    let report = check(None, Some(given), (None, Some(expected)), true, &[], Lang::En);
    let found = suspect(&report);
    assert!(
        found.explanation.starts_with(
            "maildoctor signed in with the settings you typed, which differ from your provider's help page: \
             sending port 25 instead of 587. "
        ),
        "{}",
        found.explanation
    );
    assert!(find(&report, Code::SettingsNotAsProviderSays).is_some(), "the provider's comparison stays");
    assert!(unseen(&report).explanation.ends_with("The sending server does not say how large a message may be."));
}

#[test]
fn settings_that_differ_in_host_and_security() {
    let given = imap("mail.example.test", 993, Security::Tls);
    let expected = imap("imap.example.test", 993, Security::Starttls);
    let report = check(Some(given.clone()), None, (Some(expected.clone()), None), true, &[], Lang::En);
    assert!(
        suspect(&report).explanation.contains(
            "which differ from your provider's help page: receiving server mail.example.test instead of \
             imap.example.test, receiving encryption SSL/TLS instead of STARTTLS. "
        ),
        "{}",
        suspect(&report).explanation
    );
    let report = check(Some(given), None, (Some(expected), None), true, &[], Lang::De);
    assert!(
        suspect(&report).explanation.contains(
            "; sie weichen von der Hilfeseite Ihres Anbieters ab: Empfangen: Server mail.example.test statt \
             imap.example.test, Empfangen: Verschlüsselung SSL/TLS statt STARTTLS. "
        ),
        "{}",
        suspect(&report).explanation
    );
}

#[test]
fn what_the_server_says_about_size() {
    let said = |caps: &[&str]| unseen(&both(true, caps, Lang::En)).explanation.clone();
    assert!(said(&[]).ends_with("The sending server does not say how large a message may be."));
    assert!(said(&["SIZE"]).ends_with("does not say how large a message may be."), "SIZE alone names no number");
    assert!(said(&["SIZE 0"]).ends_with("The sending server states no fixed size limit."));
    assert!(said(&["SIZE 512000"]).ends_with("The sending server takes messages up to 512000 bytes."));
    assert!(said(&["SIZE 36700160"]).ends_with("up to 36 MB: attachments up to about 27 MB."));
    let de = |caps: &[&str]| unseen(&both(true, caps, Lang::De)).explanation.clone();
    assert!(de(&["SIZE 0"]).ends_with("Der Postausgangsserver nennt keine feste Größengrenze."));
    assert!(de(&[]).ends_with("Der Postausgangsserver sagt nicht, wie groß eine Nachricht sein darf."));
}

#[test]
fn a_likelier_cause_keeps_the_app_from_being_the_suspect() {
    // The login refused: the password, not the app, is the cause.
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap("mail.example.test", 993, Security::Tls));
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    let secret = Secret::new("pw");
    request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    let report = simulate(Session::plan(request).expect("valid"), |op| match op {
        Operation::Probe(spec) => {
            let mut events = healthy(spec, &[]);
            if let Some(Event::Auth { outcome, .. }) = events.iter_mut().find(|e| matches!(e, Event::Auth { .. })) {
                *outcome = AuthOutcome::Rejected;
            }
            events
        }
        _ => vec![],
    });
    assert!(report.has_errors());
    assert!(find(&report, Code::AppSuspect).is_none() && find(&report, Code::AppUnproven).is_none(), "{report:#?}");

    // A warning about the path (IPv6 broken) is likelier than the app.
    let mut events = healthy_imap();
    events.insert(1, Event::Tcp { address: at("[::1]:993"), outcome: TcpOutcome::Refused, elapsed_ms: 0 });
    let report = diagnose(imap_tls(), events);
    assert!(report.findings.iter().any(|f| f.code == Code::DnsIpv6Broken), "{report:#?}");
    assert!(find(&report, Code::AppUnproven).is_none(), "{report:#?}");
}

#[test]
fn nothing_is_said_before_the_check_is_complete() {
    let mut session = only(imap_tls());
    session.start();
    let mut events = healthy_imap();
    events.pop();
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&maildoctor_wire::ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    let report = session.report(&catalog());
    assert!(!report.complete);
    assert!(find(&report, Code::AppUnproven).is_none() && find(&report, Code::AppSuspect).is_none());
}
