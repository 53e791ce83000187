//! A server's ban of this address told from a firewall (`crate::ban`), in
//! the shapes the real bans take: fail2ban's `drop` after a refused login,
//! its default `reject` (the ports refuse), CSF's DROP of every port (443
//! too) while the provider's other host answers; and the shapes it must
//! leave alone: silence everywhere (cannot tell), a silent port 25 beside
//! a working 587, mail ports silent while 443 answers.

use maildoctor_wire::{
    AuthOutcome, CertVerdict, Event, GreetingStatus, Login, MailProtocol, Operation, ProbeSpec, RecordType, ReplyCode,
    Secret, Security, TcpOutcome, TlsResult, TlsVersion,
};

use super::support::*;
use crate::{Catalog, Code, Discovery, Lang, Report, Request, Session, Settings};

const IMAP_AT: &str = "127.0.0.20";
const SMTP_AT: &str = "127.0.0.21";

fn settings(host: &str, port: u16, protocol: MailProtocol) -> Settings {
    let security = if port == 587 { Security::Starttls } else { Security::Tls };
    Settings { host: host.into(), port, protocol, security }
}

/// imap.example.test:993 and smtp.example.test:587, on two addresses,
/// with a password typed as `username`.
pub(super) fn session(username: &str) -> Session {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(settings("imap.example.test", 993, MailProtocol::Imap));
    request.outgoing = Some(settings("smtp.example.test", 587, MailProtocol::Smtp));
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    let secret = Secret::new("old-password");
    request.login = Some(Login { username: username.into(), secret, mechanism: None, allow_plaintext: false });
    Session::plan(request).expect("valid")
}

fn address_of(spec: &ProbeSpec) -> String {
    let ip = if spec.protocol == MailProtocol::Smtp { SMTP_AT } else { IMAP_AT };
    format!("{ip}:{}", spec.port)
}

fn resolved(spec: &ProbeSpec) -> Event {
    let ip = address_of(spec).split(':').next().unwrap_or_default().to_owned();
    dns(&spec.host, RecordType::A, maildoctor_wire::DnsOutcome::Answer, vec![a_record(&ip)])
}

/// Connected, TLS, greeted; then the login's `outcome`.
fn dialog(spec: &ProbeSpec, outcome: AuthOutcome, code: Option<ReplyCode>, text: &str) -> Vec<Event> {
    let address = at(&address_of(spec));
    let established = TlsResult::Established {
        version: TlsVersion::Tls13,
        cipher: "x".into(),
        verdict: CertVerdict::Valid,
        chain: vec![],
    };
    vec![
        resolved(spec),
        Event::Tcp { address, outcome: TcpOutcome::Connected, elapsed_ms: 1 },
        Event::Tls { address, result: established, elapsed_ms: 2 },
        Event::Greeting { spoken: Some(spec.protocol), status: GreetingStatus::Ready, text: "ready".into() },
        capabilities(spec.protocol, true, &["AUTH=PLAIN", "AUTH PLAIN"]),
        Event::Auth {
            method: "PLAIN".into(),
            username: spec.login.as_ref().map(|l| l.username.clone()).unwrap_or_default(),
            outcome,
            code,
            text: text.into(),
        },
        Event::Completed { protocol: spec.protocol },
    ]
}

pub(super) fn works(spec: &ProbeSpec) -> Vec<Event> {
    dialog(spec, AuthOutcome::Accepted, None, "OK")
}

/// Dovecot's refusal of a wrong password (RFC 5530).
pub(super) fn refused(spec: &ProbeSpec) -> Vec<Event> {
    let code = Some(ReplyCode::Imap { code: "AUTHENTICATIONFAILED".into() });
    dialog(spec, AuthOutcome::Rejected, code, "a1 NO [AUTHENTICATIONFAILED] Authentication failed.")
}

/// The connection ends `how`; the control connection to 443 ends `web`.
fn unanswered(spec: &ProbeSpec, how: TcpOutcome, web: TcpOutcome) -> Vec<Event> {
    let address = at(&address_of(spec));
    let control = at(&format!("{}:443", address.ip()));
    vec![
        resolved(spec),
        Event::Tcp { address, outcome: how, elapsed_ms: 10_000 },
        Event::Control { address: control, outcome: web, elapsed_ms: 10_000 },
        Event::Failed { step: maildoctor_wire::Step::Connect, reason: maildoctor_wire::ProbeFailure::Unreachable },
    ]
}

fn run(session: Session, answer: impl Fn(&ProbeSpec) -> Vec<Event>, lang: Lang) -> Report {
    simulate_in(
        session,
        |op| match op {
            Operation::Probe(spec) => answer(spec),
            _ => vec![],
        },
        &Catalog::new(lang),
    )
}

pub(super) fn retry(spec: &ProbeSpec) -> bool {
    spec.login.as_ref().is_some_and(|l| l.username.contains('@'))
}

/// The phone's old password refused, and the server's fail2ban (`drop`)
/// bans the address before maildoctor's retry with the full address.
pub(super) fn banned_after_login(lang: Lang, then: TcpOutcome) -> Report {
    run(
        session("alice"),
        |spec| match spec.protocol {
            MailProtocol::Smtp => works(spec),
            _ if retry(spec) => unanswered(spec, then, then),
            _ => refused(spec),
        },
        lang,
    )
}

/// CSF's DROP: every port of the incoming host silent, 443 too, while the
/// outgoing host, on another address, answers and takes the password.
pub(super) fn banned_whole_host(lang: Lang) -> Report {
    run(
        session("alice@example.test"),
        |spec| match spec.protocol {
            MailProtocol::Smtp => works(spec),
            _ => unanswered(spec, TcpOutcome::TimedOut, TcpOutcome::TimedOut),
        },
        lang,
    )
}

#[test]
fn a_refused_login_then_silence_is_the_servers_ban_in_both_languages() {
    let report = banned_after_login(Lang::En, TcpOutcome::TimedOut);
    let ban = &report.findings[0];
    assert_eq!(ban.code, Code::ServerBan, "{report:#?}");
    assert_eq!(ban.title, "imap.example.test has stopped answering your address");
    assert!(ban.explanation.contains("[AUTHENTICATIONFAILED]") && ban.explanation.contains("port 993"), "{ban:#?}");
    assert!(ban.fix.iter().any(|f| f.contains("old password")), "{:?}", ban.fix);
    assert!(ban.fix.iter().any(|f| f.contains("10 minutes")), "{:?}", ban.fix);
    let german = banned_after_login(Lang::De, TcpOutcome::TimedOut);
    assert_eq!(german.findings[0].title, "imap.example.test antwortet Ihrer Adresse nicht mehr");
    assert!(german.findings[0].fix.iter().any(|f| f.contains("altes Passwort")), "{:?}", german.findings[0].fix);
}

#[test]
fn fail2bans_default_reject_after_a_refused_login_is_a_ban_not_a_wrong_port() {
    // action.d/nftables.conf: `blocktype = reject`; the port that answered refuses.
    let report = banned_after_login(Lang::En, TcpOutcome::Refused);
    assert_eq!(root(&report), Code::ServerBan, "{report:#?}");
    assert!(!codes(&report).contains(&Code::TcpRefused), "folded under the ban: {report:#?}");
}

#[test]
fn one_host_silent_on_every_port_while_the_other_answers_is_a_ban() {
    let report = banned_whole_host(Lang::En);
    let ban = &report.findings[0];
    assert_eq!(ban.code, Code::ServerBan, "{report:#?}");
    assert!(ban.explanation.contains("443") && ban.explanation.contains("smtp.example.test:587"), "{ban:#?}");
    assert!(ban.follows.iter().any(|f| f.code == Code::TcpFiltered), "the silence folds under it: {ban:#?}");
    assert!(ban.fix.iter().any(|f| f.contains("mobile data")), "{:?}", ban.fix);
    assert!(!codes(&report).contains(&Code::ServerBanOrFirewall), "{report:#?}");
    let german = banned_whole_host(Lang::De);
    assert!(german.findings[0].explanation.contains("Webport 443"), "{:#?}", german.findings[0]);
}

#[test]
fn silence_everywhere_cannot_tell_a_ban_from_the_network() {
    let report = run(
        session("alice@example.test"),
        |spec| unanswered(spec, TcpOutcome::TimedOut, TcpOutcome::TimedOut),
        Lang::En,
    );
    assert_eq!(root(&report), Code::TcpFiltered, "the network stays the likely cause: {report:#?}");
    assert!(!codes(&report).contains(&Code::ServerBan), "{report:#?}");
    let note = report.findings.iter().find(|f| f.code == Code::ServerBanOrFirewall).expect("cannot tell, said");
    assert!(note.fix.iter().any(|f| f.contains("mobile data")), "{note:#?}");
}

#[test]
fn mail_ports_silent_while_443_answers_and_another_host_answers_stays_todays_verdict() {
    // fail2ban's multiport ban and a firewall here blocking IMAP look alike.
    let report = run(
        session("alice@example.test"),
        |spec| match spec.protocol {
            MailProtocol::Smtp => works(spec),
            _ => unanswered(spec, TcpOutcome::TimedOut, TcpOutcome::Connected),
        },
        Lang::En,
    );
    assert_eq!(root(&report), Code::TcpFiltered, "{report:#?}");
    assert!(!codes(&report).iter().any(|c| matches!(c, Code::ServerBan | Code::ServerBanOrFirewall)));
}

#[test]
fn a_silent_port_25_beside_a_working_587_stays_the_providers_block() {
    let mut request = Request::new("alice@example.test");
    request.outgoing = Some(Settings { port: 25, ..settings("smtp.example.test", 587, MailProtocol::Smtp) });
    request.incoming = Some(settings("imap.example.test", 993, MailProtocol::Imap));
    request.sample_latency = false;
    let report = run(
        Session::plan(request).expect("valid"),
        |spec| match spec.port {
            25 => unanswered(spec, TcpOutcome::TimedOut, TcpOutcome::TimedOut),
            _ if spec.host.ends_with("example.test") && matches!(spec.port, 587 | 993) => works(spec),
            _ => unanswered(spec, TcpOutcome::Refused, TcpOutcome::Connected),
        },
        Lang::En,
    );
    assert_eq!(root(&report), Code::TcpPort25Blocked, "{report:#?}");
    assert!(!codes(&report).iter().any(|c| matches!(c, Code::ServerBan | Code::ServerBanOrFirewall)));
}

/// For the catalog of every code (tests/codes.rs), in the language the
/// catalogs' tests walk.
pub(super) fn staged(code: Code) -> Report {
    let lang = catalog().lang();
    match code {
        Code::ServerBan => banned_whole_host(lang),
        _ => run(
            session("alice@example.test"),
            |spec| unanswered(spec, TcpOutcome::TimedOut, TcpOutcome::TimedOut),
            lang,
        ),
    }
}
