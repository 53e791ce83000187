//! Slow servers against mail apps' waits (issue 22, item 5): each shape
//! timed as the relay times it (`t_ms` since the operation started), and
//! a slow path told from a slow server.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertVerdict, ClientMessage, Direction, Event, MailProtocol, Operation, Security, ServerMessage,
    TcpOutcome,
};

use super::support::*;
use crate::{Code, Lang, Report, Request, Session, Settings};

const SLOW: [Code; 2] = [Code::ServerSlowerThanApps, Code::ServerSlowReply];

fn sent(text: &str) -> Event {
    Event::Line { dir: Direction::Sent, text: text.into() }
}

fn accepted() -> Event {
    let (method, username) = ("PLAIN".into(), "alice@example.test".into());
    Event::Auth { method, username, outcome: AuthOutcome::Accepted, code: None, text: "a2 OK Logged in".into() }
}

fn connected(elapsed_ms: u64) -> Event {
    Event::Tcp { address: at("127.0.0.10:993"), outcome: TcpOutcome::Connected, elapsed_ms }
}

/// An IMAP login over SSL/TLS, each step `after` ms after the one before
/// it: connect, handshake, greeting, capabilities, login.
fn imaps(connect: u64, greeting: u64, capabilities: u64, login: u64) -> Vec<(u64, Event)> {
    let mut t = 5;
    let mut at_t = |after: u64, event: Event| {
        t += after;
        (t, event)
    };
    vec![
        at_t(0, dns_ok()),
        at_t(connect, connected(connect)),
        at_t(connect + 10, tls(CertVerdict::Valid)),
        at_t(greeting, super::support::greeting("* OK ready")),
        at_t(1, sent("a1 CAPABILITY")),
        at_t(capabilities, super::support::capabilities(MailProtocol::Imap, true, &["IMAP4rev1", "AUTH=PLAIN"])),
        at_t(1, sent("a2 AUTHENTICATE PLAIN [redacted]")),
        at_t(login, accepted()),
        at_t(1, sent("a3 LOGOUT")),
        at_t(2, Event::Completed { protocol: MailProtocol::Imap }),
    ]
}

/// The session for `settings` alone, with or without the latency sample,
/// played with `events` for the probe and `sample` for the sample.
fn played(settings: Settings, events: Vec<(u64, Event)>, sample: Vec<(u64, Event)>, lang: Lang) -> Report {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(settings);
    request.discovery = crate::Discovery::Off;
    request.sample_latency = !sample.is_empty();
    let session = Session::plan(request).expect("valid input");
    run(
        session,
        |op| match op {
            Operation::Probe(_) => events.clone(),
            Operation::SampleLatency { .. } => sample.clone(),
            _ => Vec::new(),
        },
        lang,
    )
}

/// Plays the relay for `session`, `answer` giving each operation's timed events.
fn run(mut session: Session, answer: impl Fn(&Operation) -> Vec<(u64, Event)>, lang: Lang) -> Report {
    let mut pending = session.start();
    while let Some(message) = pending.pop() {
        let ClientMessage::Run { id, op } = message else { continue };
        for (t_ms, event) in answer(&op) {
            session.handle(&ServerMessage::Event { id, t_ms, event });
        }
        pending.extend(session.handle(&ServerMessage::Done { id }));
    }
    let report = session.report(&crate::Catalog::new(lang));
    assert!(report.complete);
    report
}

fn report(events: Vec<(u64, Event)>, lang: Lang) -> Report {
    played(imap_tls(), events, Vec::new(), lang)
}

fn slow_codes(report: &Report) -> Vec<Code> {
    codes(report).into_iter().filter(|c| SLOW.contains(c)).collect()
}

fn finding(report: &Report, code: Code) -> &crate::Finding {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code} in {:?}", codes(report)))
}

/// An SMTP login over SSL/TLS whose AUTH is answered after `login` ms.
fn smtps(login: u64) -> Vec<(u64, Event)> {
    let auth = Event::Auth {
        method: "PLAIN".into(),
        username: "alice@example.test".into(),
        outcome: AuthOutcome::Accepted,
        code: None,
        text: "235 2.7.0 Authentication successful".into(),
    };
    let greeting = Event::Greeting {
        spoken: Some(MailProtocol::Smtp),
        status: maildoctor_wire::GreetingStatus::Ready,
        text: "220 mail.example.test ESMTP".into(),
    };
    vec![
        (5, dns_ok()),
        (25, connected(20)),
        (60, tls(CertVerdict::Valid)),
        (70, greeting),
        (71, sent("EHLO maildoctor")),
        (80, capabilities(MailProtocol::Smtp, true, &["AUTH PLAIN LOGIN"])),
        (81, sent("AUTH PLAIN [redacted]")),
        (81 + login, auth),
        (82 + login, sent("QUIT")),
        (90 + login, Event::Completed { protocol: MailProtocol::Smtp }),
    ]
}

/// The staged transcript for each of this module's codes: for the apps
/// that give up, a greeting only Thunderbird's setup gives up on, and a
/// submission server's login every app that publishes its wait gives up on.
pub(super) fn staged(code: Code) -> Report {
    let lang = catalog().lang();
    match code {
        Code::ServerSlowerThanApps => {
            let mut request = Request::new("alice@example.test");
            request.incoming = Some(imap_tls());
            request.outgoing = Some(Settings { port: 465, protocol: MailProtocol::Smtp, ..imap_tls() });
            request.discovery = crate::Discovery::Off;
            request.sample_latency = false;
            let session = Session::plan(request).expect("valid input");
            run(
                session,
                |op| match op {
                    Operation::Probe(spec) if spec.protocol == MailProtocol::Smtp => smtps(101_000),
                    Operation::Probe(_) => imaps(20, 11_000, 40, 60),
                    _ => Vec::new(),
                },
                lang,
            )
        }
        _ => report(imaps(20, 40, 40, 15_000), lang),
    }
}

#[test]
fn a_greeting_after_eleven_seconds_is_too_slow_for_thunderbirds_account_setup() {
    let en = report(imaps(20, 11_000, 40, 60), Lang::En);
    assert_eq!(slow_codes(&en), [Code::ServerSlowerThanApps], "{:?}", codes(&en));
    let f = finding(&en, Code::ServerSlowerThanApps);
    assert_eq!(f.severity, crate::Severity::Warning);
    assert!(f.explanation.contains("greeting came after 11.0 s"), "{}", f.explanation);
    assert!(f.explanation.contains("Thunderbird's account setup (10 s) gives up sooner"), "{}", f.explanation);
    // Only the setup gives up: every app that reads on waits 60 s or more.
    assert!(!f.explanation.contains("Outlook"), "{}", f.explanation);
    assert!(f.explanation.contains("Connecting took 20 ms"), "{}", f.explanation);
    assert_eq!(en.verdict, crate::Verdict::Warnings);
    let de = report(imaps(20, 11_000, 40, 60), Lang::De);
    let f = finding(&de, Code::ServerSlowerThanApps);
    assert!(f.explanation.contains("Begrüßung kam nach 11,0 s"), "{}", f.explanation);
    assert!(f.explanation.contains("die Kontoeinrichtung von Thunderbird (10 s) gibt früher auf"), "{}", f.explanation);
}

#[test]
fn a_login_answered_after_fifteen_seconds_is_slow_but_no_documented_app_gives_up() {
    let en = report(imaps(20, 40, 40, 15_000), Lang::En);
    assert_eq!(slow_codes(&en), [Code::ServerSlowReply], "{:?}", codes(&en));
    let f = finding(&en, Code::ServerSlowReply);
    assert!(f.explanation.contains("answer to the login came after 15.0 s"), "{}", f.explanation);
    // The apps that publish their wait, and those that do not, by name.
    assert!(f.explanation.contains("Outlook and Thunderbird for Android wait 60 s"), "{}", f.explanation);
    assert!(f.explanation.contains("Apple Mail, Gmail and Samsung Email"), "{}", f.explanation);
    let de = report(imaps(20, 40, 40, 15_000), Lang::De);
    let f = finding(&de, Code::ServerSlowReply);
    assert!(f.explanation.contains("Antwort auf die Anmeldung kam nach 15,0 s"), "{}", f.explanation);
}

#[test]
fn slow_capabilities_after_starttls_are_timed_from_the_command() {
    let settings = Settings { port: 143, security: Security::Starttls, ..imap_tls() };
    let events = vec![
        (5, dns_ok()),
        (25, Event::Tcp { address: at("127.0.0.10:143"), outcome: TcpOutcome::Connected, elapsed_ms: 20 }),
        (60, greeting("* OK ready")),
        (61, sent("a1 CAPABILITY")),
        (70, capabilities(MailProtocol::Imap, false, &["IMAP4rev1", "STARTTLS", "LOGINDISABLED"])),
        (71, sent("a2 STARTTLS")),
        (80, Event::Starttls { accepted: true, text: "a2 OK Begin TLS".into() }),
        (120, tls(CertVerdict::Valid)),
        (121, sent("a3 CAPABILITY")),
        (12_621, capabilities(MailProtocol::Imap, true, &["IMAP4rev1", "AUTH=PLAIN"])),
        (12_622, sent("a4 AUTHENTICATE PLAIN [redacted]")),
        (12_700, accepted()),
        (12_710, Event::Completed { protocol: MailProtocol::Imap }),
    ];
    let report = played(settings, events, Vec::new(), Lang::En);
    assert_eq!(slow_codes(&report), [Code::ServerSlowerThanApps], "{:?}", codes(&report));
    let f = finding(&report, Code::ServerSlowerThanApps);
    assert!(f.explanation.contains("list of capabilities came after 12.5 s"), "{}", f.explanation);
}

#[test]
fn a_pop3_password_answered_late_is_timed_from_pass_not_from_user() {
    let settings = Settings { port: 995, protocol: MailProtocol::Pop3, ..imap_tls() };
    let events = vec![
        (5, dns_ok()),
        (25, connected(20)),
        (60, tls(CertVerdict::Valid)),
        (70, greeting("+OK Dovecot ready.")),
        (71, sent("CAPA")),
        (80, capabilities(MailProtocol::Pop3, true, &["USER", "SASL PLAIN"])),
        (81, sent("USER alice@example.test")),
        (4_000, Event::Line { dir: Direction::Received, text: "+OK".into() }),
        (4_001, sent("PASS [redacted]")),
        // Dovecot holds a POP3 login for a mailbox another session has locked.
        (14_501, accepted()),
        (14_510, Event::Completed { protocol: MailProtocol::Pop3 }),
    ];
    let report = played(settings, events, Vec::new(), Lang::En);
    let f = finding(&report, Code::ServerSlowReply);
    assert!(f.explanation.contains("after 10.5 s"), "{}", f.explanation);
}

#[test]
fn a_slow_path_with_quick_replies_is_the_networks_not_the_servers() {
    // 450 ms every round trip, the connect's and each reply's: every reply
    // takes a round trip, none is the server's own wait.
    let report = played(imap_tls(), super::path::imaps(450, 450), Vec::new(), Lang::En);
    assert!(codes(&report).contains(&Code::NetworkHighLatency), "{:?}", codes(&report));
    assert!(slow_codes(&report).is_empty(), "{:?}", codes(&report));
}

#[test]
fn quick_replies_and_a_greeting_just_under_ten_seconds_warn_of_nothing() {
    for events in [imaps(15, 30, 20, 80), imaps(15, 9_900, 20, 9_900)] {
        let report = report(events, Lang::En);
        assert!(slow_codes(&report).is_empty(), "{:?}", codes(&report));
        assert!(codes(&report).contains(&Code::OkIncoming), "{:?}", codes(&report));
        assert!(report.findings.iter().all(|f| f.severity > crate::Severity::Warning), "{:?}", codes(&report));
    }
}

#[test]
fn a_login_past_a_minute_names_the_apps_that_give_up_shortest_wait_first() {
    // Beyond the relay's own 20 s login limit, so only the rule sees it:
    // the apps' order and waits as the words will list them.
    let report = report(imaps(20, 40, 40, 61_000), Lang::En);
    let f = finding(&report, Code::ServerSlowerThanApps);
    assert!(f.explanation.contains("Thunderbird for Android (60 s), Outlook (60 s) give up"), "{}", f.explanation);
    assert!(!f.explanation.contains("Thunderbird (100 s)"), "{}", f.explanation);
}

#[test]
fn the_staged_report_names_every_app_with_its_wait_in_both_languages() {
    for (lang, setup, all) in [
        (
            Lang::En,
            "Thunderbird's account setup (10 s) gives up",
            "Thunderbird for Android (60 s), Outlook (60 s), Thunderbird (100 s) give up",
        ),
        (
            Lang::De,
            "die Kontoeinrichtung von Thunderbird (10 s) gibt",
            "Thunderbird für Android (60 s), Outlook (60 s), Thunderbird (100 s) geben",
        ),
    ] {
        let report = in_lang(lang, || staged(Code::ServerSlowerThanApps));
        let why: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.code == Code::ServerSlowerThanApps)
            .map(|f| f.explanation.as_str())
            .collect();
        assert_eq!(why.len(), 2, "{:?}", codes(&report));
        assert!(why.iter().any(|w| w.contains(setup)), "{why:?}");
        assert!(why.iter().any(|w| w.contains(all)), "{why:?}");
    }
}
