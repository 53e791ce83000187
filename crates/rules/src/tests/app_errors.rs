//! Issue 23 (APPERR): the app's own message as input. Every text of
//! `corpus/app_errors.json` (the apps' string files, the SDK header of
//! Outlook's codes, support articles, users' quotes) is read to the step
//! and side the table says, as pasted and as retyped; a text none of them
//! is stays unknown; and the finding holds the message against what the
//! check found: the cause by name, another problem, a pass that points at
//! the app, or what was not proven.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertVerdict, Event, GreetingStatus, Login, MailProtocol, Operation, ProbeSpec, ReplyCode, Secret,
    Security, TcpOutcome,
};
use serde::Deserialize;

use super::support::*;
use crate::app_said::{read, ServerSide, Trouble};
use crate::{Catalog, Code, Discovery, Finding, Lang, Report, Request, Session, Settings};

const TABLE: &str = include_str!("../../corpus/app_errors.json");

#[derive(Debug, Deserialize)]
struct Entry {
    app: String,
    lang: String,
    text: String,
    source: String,
    source_kind: String,
    trouble: String,
    side: String,
}

#[derive(Debug, Deserialize)]
struct Table {
    texts: Vec<Entry>,
}

fn entries() -> Vec<Entry> {
    serde_json::from_str::<Table>(TABLE).expect("app_errors.json has a texts array").texts
}

fn trouble(key: &str) -> Trouble {
    match key {
        "connect" => Trouble::Connect,
        "timeout" => Trouble::Timeout,
        "interrupted" => Trouble::Interrupted,
        "login" => Trouble::Login,
        "send" => Trouble::SendRefused,
        "unknown-host" => Trouble::ServerUnknown,
        "certificate" => Trouble::Certificate,
        "security" => Trouble::Security,
        "app-data" => Trouble::AppData,
        other => panic!("unknown trouble {other} in app_errors.json"),
    }
}

fn side(key: &str) -> ServerSide {
    match key {
        "incoming" => ServerSide::Incoming,
        "outgoing" => ServerSide::Outgoing,
        "either" => ServerSide::Either,
        other => panic!("unknown side {other} in app_errors.json"),
    }
}

/// The text as the app fills it in: a neutral server name (neither
/// `imap.` nor `smtp.`, so the side comes from the app's words alone).
fn filled(text: &str) -> String {
    text.replace("{host}", "mail.example.com")
        .replace("{user}", "alice@example.com")
        .replace("{date}", "2026-01-01")
        .replace("{port}", "993")
}

/// How people hand the text over: as pasted; retyped in capitals with
/// straight quotes; wrapped over lines with doubled spaces; quoted whole.
fn retyped(text: &str) -> Vec<String> {
    let straight: String =
        text.chars().map(|c| if matches!(c, '„' | '“' | '”') { '"' } else { c }).collect::<String>().to_uppercase();
    vec![
        text.to_owned(),
        straight,
        text.replace(' ', "  \n "),
        format!("“{text}”"),
        format!("  {}  ", text.replace('\'', "’")),
    ]
}

#[test]
fn every_text_of_the_table_reads_as_the_table_says() {
    let all = entries();
    let mut read_texts = 0;
    for entry in &all {
        assert!(entry.source.starts_with("http"), "{} has no source", entry.text);
        // What the source is: the app's own strings, the open-source app it
        // descends from, the vendor's header or article, or a user's quote.
        let kinds = ["vendor-strings", "upstream-strings", "vendor-header", "vendor-doc", "user-report"];
        assert!(kinds.contains(&entry.source_kind.as_str()), "{}: source_kind {}", entry.text, entry.source_kind);
        let want = (trouble(&entry.trouble), side(&entry.side));
        for text in [entry.text.clone(), filled(&entry.text)] {
            for variant in retyped(&text) {
                let said =
                    read(&variant).unwrap_or_else(|| panic!("{} ({}) not read: {variant:?}", entry.app, entry.lang));
                assert_eq!((said.trouble, said.side), want, "{} ({}): {variant:?}", entry.app, entry.lang);
            }
        }
        read_texts += 1;
    }
    // Said in the report (issue 23's closing note counts them).
    assert_eq!(read_texts, all.len());
    assert!(all.len() >= 60, "the table shrank: {}", all.len());
    let count = |app: &str, lang: &str| all.iter().filter(|e| e.app.starts_with(app) && e.lang == lang).count();
    assert!(count("Thunderbird", "de") >= 10 && count("Apple Mail", "de") >= 3, "German texts are in the table");
    for app in ["Gmail (Android)", "Samsung Email"] {
        assert!(count(app, "en") >= 5 && count(app, "de") >= 5, "{app} is in the table in both languages");
    }
}

#[test]
fn a_bare_outlook_code_is_read_however_it_is_typed() {
    let typed_ways = [
        "0x800CCC0E",
        "800ccc0e",
        "0x 800CCC0E",
        "Fehler 0x800ccc0e",
        "(0X800CCC0E)",
        "error 800CCC0E.",
        // A word ending in a hex letter before the code is not run into it.
        "code 800CCC0E",
        "Fehlercode 800CCC0E",
        "mail.example.de 800ccc0e",
    ];
    for typed in typed_ways {
        let said = read(typed).unwrap_or_else(|| panic!("{typed} not read"));
        assert_eq!((said.trouble, said.code), (Trouble::Connect, Some(0x800C_CC0E)), "{typed}");
    }
    // The task's name says the side where one code serves both.
    let sending = read("Task 'alice - Sending' reported error (0x800CCC0F)").expect("read");
    assert_eq!((sending.trouble, sending.side), (Trouble::Interrupted, ServerSide::Outgoing));
    let receiving = read("Von Task 'alice - Empfangen' wurde Fehler (0x800CCC0F) gemeldet").expect("read");
    assert_eq!(receiving.side, ServerSide::Incoming);
    assert_eq!(read("0x800CCC67").map(|s| (s.trouble, s.side)), Some((Trouble::SendRefused, ServerSide::Outgoing)));
}

#[test]
fn host_names_the_app_filled_in_are_not_read_as_words() {
    // OVH's real host name holds "ssl"; a sending service's holds "send".
    let ovh = read("Failed to connect to server ssl0.ovh.net.").expect("read");
    assert_eq!(ovh.trouble, Trouble::Connect);
    let incoming = read("Login to server imap.sendinblue.example with username a@smtp.example failed.").expect("read");
    assert_eq!((incoming.trouble, incoming.side), (Trouble::Login, ServerSide::Either));
}

#[test]
fn a_text_nothing_names_is_unknown_not_guessed() {
    for text in [
        "Something went wrong.",
        "Error 42",
        // Windows' access denied: an HRESULT, but not the mail transport's.
        "0x80070005",
        // Outlook's transport, but a code the table does not name.
        "0x800CCC99",
        "Ihr Postfach ist voll",
        "",
    ] {
        assert_eq!(read(text), None, "{text:?} should be unknown");
    }
}

// The finding, held against what a check found.

fn imap(port: u16, security: Security) -> Settings {
    Settings { host: "mail.example.test".into(), port, protocol: MailProtocol::Imap, security }
}

fn smtp(port: u16, security: Security) -> Settings {
    Settings { host: "mail.example.test".into(), port, protocol: MailProtocol::Smtp, security }
}

/// A server that answers over TLS, and accepts or refuses the login.
fn server(spec: &ProbeSpec, accept: bool) -> Vec<Event> {
    let protocol = spec.protocol;
    let greeting = Event::Greeting { spoken: Some(protocol), status: GreetingStatus::Ready, text: "ready".into() };
    let mut events = vec![dns_ok(), tcp(TcpOutcome::Connected), tls(CertVerdict::Valid), greeting];
    events.push(capabilities(protocol, true, &["IMAP4rev1", "AUTH=PLAIN", "AUTH PLAIN"]));
    if let Some(login) = &spec.login {
        let username = login.username.clone();
        let (outcome, code, text) = if accept {
            (AuthOutcome::Accepted, None, "a1 OK Logged in".to_owned())
        } else {
            let code = Some(ReplyCode::Imap { code: "AUTHENTICATIONFAILED".into() });
            (AuthOutcome::Rejected, code, "a1 NO [AUTHENTICATIONFAILED] Authentication failed.".to_owned())
        };
        events.push(Event::Auth { method: "PLAIN".into(), username, outcome, code, text });
    }
    events.push(Event::Completed { protocol });
    events
}

fn check(
    app_error: &str,
    settings: Settings,
    password: bool,
    answer: impl Fn(&ProbeSpec) -> Vec<Event>,
    lang: Lang,
) -> Report {
    let mut request = Request::new("alice@example.test");
    if settings.protocol == MailProtocol::Smtp {
        request.outgoing = Some(settings);
    } else {
        request.incoming = Some(settings);
    }
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    request.app_error = Some(app_error.to_owned());
    if password {
        let secret = Secret::new("pw");
        request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    }
    let session = Session::plan(request).expect("valid");
    let answer = move |op: &Operation| match op {
        Operation::Probe(spec) => answer(spec),
        _ => vec![],
    };
    simulate_in(session, answer, &Catalog::new(lang))
}

fn read_finding(report: &Report) -> &Finding {
    let first = report.findings.first().expect("findings");
    assert_eq!(first.code, Code::AppErrorRead, "the app's message comes first: {report:#?}");
    first
}

fn title_of(report: &Report, code: Code) -> String {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code}: {report:#?}")).title.clone()
}

const TB_LOGIN: &str = "Login to server mail.example.test with username alice failed.";

#[test]
fn a_refused_password_is_the_cause_of_thunderbirds_login_failed() {
    for lang in [Lang::En, Lang::De] {
        let text = if lang == Lang::En {
            TB_LOGIN
        } else {
            "Anmeldung auf dem Server mail.example.test mit Benutzernamen \"alice\" fehlgeschlagen"
        };
        let report = check(text, imap(993, Security::Tls), true, |s| server(s, false), lang);
        let found = read_finding(&report);
        let cause = title_of(&report, Code::AuthInvalidCredentials);
        assert!(found.title.ends_with(&cause), "{lang:?}: {}", found.title);
        assert!(found.explanation.contains(&cause), "{lang:?}: {}", found.explanation);
        let names_login = if lang == Lang::En { "login" } else { "Anmeldung" };
        assert!(found.explanation.contains(names_login), "{lang:?}: {}", found.explanation);
    }
    let report = check(TB_LOGIN, imap(993, Security::Tls), true, |s| server(s, false), Lang::En);
    assert_eq!(
        read_finding(&report).title,
        "Your app's message is explained: The server refused your username or password"
            .replace("The server refused your username or password", &title_of(&report, Code::AuthInvalidCredentials))
    );
    assert_eq!(read_finding(&report).severity, crate::Severity::Info, "the cause keeps its own severity");
}

#[test]
fn outlooks_cannot_connect_is_explained_by_a_refused_port() {
    let refused = |_: &ProbeSpec| vec![dns_ok(), tcp(TcpOutcome::Refused)];
    let report = check("0x800CCC0E", imap(995, Security::Tls), true, refused, Lang::En);
    let found = read_finding(&report);
    assert!(
        found.explanation.starts_with("Outlook's code 0x800CCC0E means it could not reach the mail server."),
        "{}",
        found.explanation
    );
    assert!(found.title.contains(&title_of(&report, Code::TcpRefused)), "{}", found.title);
}

#[test]
fn a_failure_of_another_kind_is_named_as_another_problem() {
    // The app says the login failed, the check finds the port closed.
    let refused = |_: &ProbeSpec| vec![dns_ok(), tcp(TcpOutcome::Refused)];
    let report = check(TB_LOGIN, imap(993, Security::Tls), true, refused, Lang::En);
    let found = read_finding(&report);
    assert_eq!(found.title, "The check found another problem than your app's message names");
    assert!(found.explanation.contains(&title_of(&report, Code::TcpRefused)), "{}", found.explanation);
}

#[test]
fn when_everything_passes_the_message_points_at_the_app() {
    for (lang, title) in [
        (Lang::En, "What your app's message is about works from here"),
        (Lang::De, "Worum es in der Meldung Ihres Programms geht, funktioniert von hier"),
    ] {
        let report = check(TB_LOGIN, imap(993, Security::Tls), true, |s| server(s, true), lang);
        let found = read_finding(&report);
        assert_eq!(
            found.title,
            title,
            "{:?}",
            report.findings.iter().map(|f| (f.code, f.title.clone())).collect::<Vec<_>>()
        );
        assert!(!found.fix.is_empty());
    }
}

#[test]
fn without_a_password_a_login_message_is_not_explained_yet() {
    let report = check(TB_LOGIN, imap(993, Security::Tls), false, |s| server(s, true), Lang::En);
    let found = read_finding(&report);
    assert_eq!(found.title, "Your app's message is not explained yet");
    assert_eq!(found.fix, vec!["Check again with your password, so the login is tested too.".to_owned()]);
    // A connection message is answered by the connection alone.
    let report = check(
        "Connection to server mail.example.test timed out.",
        imap(993, Security::Tls),
        false,
        |s| server(s, true),
        Lang::En,
    );
    assert_eq!(read_finding(&report).title, "What your app's message is about works from here");
}

#[test]
fn an_unknown_message_is_said_so_in_both_languages() {
    for (lang, title) in [
        (Lang::En, "maildoctor does not know your app's message"),
        (Lang::De, "maildoctor kennt die Meldung Ihres Programms nicht"),
    ] {
        let report = check("Something went wrong.", imap(993, Security::Tls), true, |s| server(s, true), lang);
        let first = report.findings.first().expect("findings");
        assert_eq!((first.code, first.title.as_str()), (Code::AppErrorUnknown, title));
        assert!(!first.explanation.contains("Something went wrong"), "the text is not echoed");
    }
}

#[test]
fn the_staged_reports_speak_the_walked_language() {
    for code in [Code::AppErrorRead, Code::AppErrorUnknown] {
        assert_eq!(in_lang(Lang::De, || staged(code)).language, "de");
    }
}

#[test]
fn outlooks_data_file_is_no_servers_business() {
    let report = check("0x8004010F", imap(993, Security::Tls), true, |s| server(s, true), Lang::De);
    let found = read_finding(&report);
    assert_eq!(found.title, "Die Meldung Ihres Programms betrifft das Programm selbst");
    assert!(
        found.explanation.starts_with("Outlooks Code 0x8004010F bedeutet: Das Programm hat ein Problem"),
        "{}",
        found.explanation
    );
}

#[test]
fn a_refused_send_searches_the_submission_ports_up_front() {
    // Port 25 answers and signs in here, so without the app's message no
    // other outgoing settings would be tried.
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap(993, Security::Tls));
    request.outgoing = Some(smtp(25, Security::Starttls));
    request.sample_latency = false;
    let secret = Secret::new("pw");
    request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    let other_smtp_probes = |request: Request| {
        let tried = std::cell::RefCell::new(Vec::new());
        played(Session::plan(request).expect("valid"), |op| match op {
            Operation::Probe(spec) => {
                if spec.protocol == MailProtocol::Smtp && spec.port != 25 {
                    tried.borrow_mut().push(spec.port);
                }
                server(spec, true)
            }
            _ => vec![],
        });
        tried.into_inner()
    };
    assert_eq!(other_smtp_probes(request.clone()), Vec::<u16>::new(), "a working port 25 alone is not searched around");
    request.app_error = Some("0x800CCC67".into());
    let tried = other_smtp_probes(request);
    assert!(
        tried.contains(&587) || tried.contains(&465),
        "Outlook's 0x800CCC67 asks for the submission ports: {tried:?}"
    );
}

/// A report in which `code` appears (`tests/codes.rs`).
pub(super) fn staged(code: Code) -> Report {
    let text = if code == Code::AppErrorRead { TB_LOGIN } else { "Something went wrong." };
    check(text, imap(993, Security::Tls), true, |s| server(s, false), catalog().lang())
}

/// Every outcome, step and side, for the catalogs' completeness test.
pub(super) fn rare() -> Vec<crate::cause::Cause> {
    use crate::app_said::AppSaid;
    use crate::cause::app_error::{AppErrorRead, Outcome};
    use crate::cause::Cause;
    let troubles = [
        Trouble::Connect,
        Trouble::Timeout,
        Trouble::Interrupted,
        Trouble::Login,
        Trouble::SendRefused,
        Trouble::ServerUnknown,
        Trouble::Certificate,
        Trouble::Security,
        Trouble::AppData,
    ];
    let outcomes = || {
        [
            Outcome::Found { cause: Box::new(Cause::TcpRefused), at: None },
            Outcome::Other { cause: Box::new(Cause::TcpRefused), at: None },
            Outcome::Passed,
            Outcome::Unproven,
            Outcome::Checking,
            Outcome::AppOnly,
        ]
    };
    let mut all = vec![Cause::AppErrorUnknown];
    for trouble in troubles {
        for (side, code) in
            [(ServerSide::Incoming, None), (ServerSide::Outgoing, Some(0x800C_CC0E)), (ServerSide::Either, None)]
        {
            for outcome in outcomes() {
                let said = AppSaid { trouble, side, code };
                all.push(Cause::AppErrorRead(AppErrorRead { said, outcome }));
            }
        }
    }
    all
}
